//! Schedule expressions: `rate(5 minutes)` and `cron(0 12 * * ? *)`, checked as PutRule
//! checks them.
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html>
//!
//! Schedules fire when a test moves the virtual clock past their occurrences: a rate
//! every period from when the rule was put, a cron expression at each minute it names
//! (see [`Cron`]).

use std::time::{Duration, SystemTime};

use super::cron::Cron;

/// A checked schedule expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Schedule {
    /// `rate(n unit)`: fires every period.
    Rate(Duration),
    /// `cron(...)`: fires at each minute it names, in UTC.
    Cron(Cron),
}

impl Schedule {
    /// Reads `expression`, `None` when AWS would refuse it.
    pub(super) fn parse(expression: &str) -> Option<Schedule> {
        if let Some(body) = expression
            .strip_prefix("rate(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            return rate(body).map(Schedule::Rate);
        }
        let fields = expression
            .strip_prefix("cron(")
            .and_then(|rest| rest.strip_suffix(')'))?;
        Cron::parse(fields).map(Schedule::Cron)
    }

    /// The first occurrence after `after`; `None` when there is none (a cron expression
    /// whose days or years have all passed).
    pub(super) fn next_after(&self, after: SystemTime) -> Option<SystemTime> {
        match self {
            Schedule::Rate(period) => after.checked_add(*period),
            Schedule::Cron(cron) => cron.next_after(after),
        }
    }
}

/// `5 minutes`: a positive whole number and a unit, singular for one, plural otherwise.
fn rate(body: &str) -> Option<Duration> {
    let (value, unit) = body.split_once(' ')?;
    if value.starts_with('0') || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let value: u64 = value.parse().ok()?;
    let seconds = match (unit, value == 1) {
        ("minute", true) | ("minutes", false) => 60,
        ("hour", true) | ("hours", false) => 3_600,
        ("day", true) | ("days", false) => 86_400,
        _ => return None,
    };
    value.checked_mul(seconds).map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_take_a_positive_number_and_a_matching_unit() {
        assert_eq!(
            Schedule::parse("rate(1 minute)"),
            Some(Schedule::Rate(Duration::from_secs(60)))
        );
        assert_eq!(
            Schedule::parse("rate(5 minutes)"),
            Some(Schedule::Rate(Duration::from_secs(300)))
        );
        assert_eq!(
            Schedule::parse("rate(2 days)"),
            Some(Schedule::Rate(Duration::from_secs(172_800)))
        );
        for refused in [
            "rate(1 minutes)",
            "rate(5 minute)",
            "rate(0 minutes)",
            "rate(-1 hours)",
            "rate(5 weeks)",
            "rate(5minutes)",
            "every 5 minutes",
        ] {
            assert_eq!(Schedule::parse(refused), None, "{refused}");
        }
    }

    #[test]
    fn cron_needs_six_fields_and_one_question_mark() {
        assert!(matches!(
            Schedule::parse("cron(0 12 * * ? *)"),
            Some(Schedule::Cron(_))
        ));
        assert!(matches!(
            Schedule::parse("cron(15 10 ? * MON-FRI *)"),
            Some(Schedule::Cron(_))
        ));
        assert_eq!(Schedule::parse("cron(0 12 * * * *)"), None);
        assert_eq!(Schedule::parse("cron(0 12 * * ?)"), None);
    }
}
