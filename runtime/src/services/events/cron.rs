//! EventBridge's cron expressions: six fields (minutes, hours, day of month, month, day
//! of week, year), read as AWS documents them, and the next minute one fires, in UTC.
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions>
//!
//! Each field takes values, ranges (`MON-FRI`, wrapping past the end as `FRI-MON`),
//! steps (`0/15`, `*/10`, `8-17/2`), lists and `*`. One of the two day fields is `?`.
//! The day of month also takes `L` (the last day), `LW` (the last weekday) and `15W`
//! (the weekday nearest the 15th, within the month); the day of week (1 is Sunday)
//! takes `L` (Saturday), `6L` (the month's last Friday) and `2#3` (its third Monday).

use std::time::SystemTime;

use time::{Date, Month, OffsetDateTime, Time, Weekday};

/// The years a cron expression may name.
const YEARS: (u16, u16) = (1970, 2199);

/// A checked cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cron {
    minutes: Vec<u8>,
    hours: Vec<u8>,
    days: Days,
    months: Vec<u8>,
    years: Vec<u16>,
}

/// Which days of a month fire: one of the two day fields is `?`, the other decides.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Days {
    OfMonth(Vec<DayOfMonth>),
    OfWeek(Vec<DayOfWeek>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfMonth {
    Day(u8),
    Last,
    LastWeekday,
    NearestWeekday(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfWeek {
    /// 1 (Sunday) to 7 (Saturday).
    Day(u8),
    /// The month's last such day (`6L`).
    Last(u8),
    /// The month's `n`th such day (`2#3`).
    Nth(u8, u8),
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Cron {
    /// Reads the fields inside `cron(...)`; `None` when AWS would refuse them.
    pub(super) fn parse(fields: &str) -> Option<Cron> {
        let fields: Vec<&str> = fields.split_whitespace().collect();
        let [minutes, hours, day_of_month, month, day_of_week, year] = fields.as_slice() else {
            return None;
        };
        let days = match (*day_of_month, *day_of_week) {
            ("?", "?") => return None,
            ("?", field) => Days::OfWeek(days_of_week(field)?),
            (field, "?") => Days::OfMonth(days_of_month(field)?),
            _ => return None,
        };
        Some(Cron {
            minutes: values(minutes, (0, 59), &[])?,
            hours: values(hours, (0, 23), &[])?,
            days,
            months: values(month, (1, 12), &MONTHS)?,
            years: values(year, YEARS, &[])?,
        })
    }

    /// The first minute after `after` that the expression names, if any before 2200.
    pub(super) fn next_after(&self, after: SystemTime) -> Option<SystemTime> {
        let after = OffsetDateTime::from(after);
        // The next whole minute: a schedule never fires at the instant it is looked at.
        let start = after
            .replace_second(0)
            .ok()?
            .replace_nanosecond(0)
            .ok()?
            .checked_add(time::Duration::MINUTE)?;
        let mut date = start.date();
        loop {
            let year = u16::try_from(date.year()).ok()?;
            if year > YEARS.1 {
                return None;
            }
            if !self.years.contains(&year) {
                date = Date::from_calendar_date(date.year() + 1, Month::January, 1).ok()?;
                continue;
            }
            if !self.months.contains(&u8::from(date.month())) {
                date = first_of_next_month(date)?;
                continue;
            }
            if self.fires_on(date) {
                let from = (date == start.date()).then(|| start.time());
                if let Some(time) = self.first_time(from) {
                    return Some(date.with_time(time).assume_utc().into());
                }
            }
            date = date.next_day()?;
        }
    }

    /// The first hour and minute of a firing day, at or after `from` on the first day.
    fn first_time(&self, from: Option<Time>) -> Option<Time> {
        let (from_hour, from_minute) = from.map_or((0, 0), |time| (time.hour(), time.minute()));
        self.hours
            .iter()
            .filter(|hour| **hour >= from_hour)
            .find_map(|hour| {
                let minute = self
                    .minutes
                    .iter()
                    .find(|minute| *hour > from_hour || **minute >= from_minute)?;
                Time::from_hms(*hour, *minute, 0).ok()
            })
    }

    fn fires_on(&self, date: Date) -> bool {
        match &self.days {
            Days::OfMonth(days) => days.iter().any(|day| day.matches(date)),
            Days::OfWeek(days) => days.iter().any(|day| day.matches(date)),
        }
    }
}

impl DayOfMonth {
    fn matches(self, date: Date) -> bool {
        let last = date.month().length(date.year());
        match self {
            DayOfMonth::Day(day) => date.day() == day,
            DayOfMonth::Last => date.day() == last,
            DayOfMonth::LastWeekday => {
                // The last three days of a month always hold a weekday.
                let last_weekday = (last.saturating_sub(2)..=last)
                    .rev()
                    .find(|day| is_weekday(date.replace_day(*day).ok()));
                Some(date.day()) == last_weekday
            }
            DayOfMonth::NearestWeekday(day) => {
                // A month without that day has no firing (`31W` in April).
                let Ok(target) = date.replace_day(day) else {
                    return false;
                };
                let nearest = match target.weekday() {
                    // Never into another month: the 1st on a Saturday fires on the 3rd.
                    Weekday::Saturday if target.day() == 1 => target.day() + 2,
                    Weekday::Saturday => target.day() - 1,
                    Weekday::Sunday if target.day() == last => target.day() - 2,
                    Weekday::Sunday => target.day() + 1,
                    _ => target.day(),
                };
                date.day() == nearest
            }
        }
    }
}

impl DayOfWeek {
    fn matches(self, date: Date) -> bool {
        let weekday = date.weekday().number_from_sunday();
        match self {
            DayOfWeek::Day(day) => weekday == day,
            DayOfWeek::Last(day) => {
                weekday == day && date.day() + 7 > date.month().length(date.year())
            }
            DayOfWeek::Nth(day, nth) => weekday == day && (date.day() - 1) / 7 + 1 == nth,
        }
    }
}

fn is_weekday(date: Option<Date>) -> bool {
    date.is_some_and(|date| !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday))
}

fn first_of_next_month(date: Date) -> Option<Date> {
    let (year, month) = match date.month() {
        Month::December => (date.year() + 1, Month::January),
        month => (date.year(), month.next()),
    };
    Date::from_calendar_date(year, month, 1).ok()
}

/// The day-of-month field: `L`, `LW`, `15W`, or values.
fn days_of_month(field: &str) -> Option<Vec<DayOfMonth>> {
    match field {
        "L" => return Some(vec![DayOfMonth::Last]),
        "LW" => return Some(vec![DayOfMonth::LastWeekday]),
        _ => {}
    }
    if let Some(day) = field.strip_suffix('W') {
        let day = number(day, (1, 31), &[])?;
        return Some(vec![DayOfMonth::NearestWeekday(u8::try_from(day).ok()?)]);
    }
    let days = values::<u8>(field, (1, 31), &[])?;
    Some(days.into_iter().map(DayOfMonth::Day).collect())
}

/// The day-of-week field: `L`, `6L`, `2#3`, or values.
fn days_of_week(field: &str) -> Option<Vec<DayOfWeek>> {
    if field == "L" {
        return Some(vec![DayOfWeek::Day(7)]);
    }
    let weekday =
        |text: &str| number(text, (1, 7), &WEEKDAYS).and_then(|day| u8::try_from(day).ok());
    if let Some(day) = field.strip_suffix('L') {
        return Some(vec![DayOfWeek::Last(weekday(day)?)]);
    }
    if let Some((day, nth)) = field.split_once('#') {
        let nth = u8::try_from(number(nth, (1, 5), &[])?).ok()?;
        return Some(vec![DayOfWeek::Nth(weekday(day)?, nth)]);
    }
    let days = values::<u8>(field, (1, 7), &WEEKDAYS)?;
    Some(days.into_iter().map(DayOfWeek::Day).collect())
}

/// A list of `*`, values, ranges and steps, as the sorted values it names within `range`.
fn values<T: TryFrom<u16> + Ord + Copy>(
    field: &str,
    range: (u16, u16),
    names: &[&str],
) -> Option<Vec<T>> {
    let mut values = Vec::new();
    for item in field.split(',') {
        let (span, step) = match item.split_once('/') {
            Some((span, step)) => (span, Some(number(step, (1, range.1.max(1)), &[])?)),
            None => (item, None),
        };
        let (from, to) = match span.split_once('-') {
            _ if span == "*" => range,
            Some((from, to)) => (number(from, range, names)?, number(to, range, names)?),
            // `5/15` runs from 5 to the end; `5` alone is one value.
            None => {
                let from = number(span, range, names)?;
                (from, if step.is_some() { range.1 } else { from })
            }
        };
        let step = usize::from(step.unwrap_or(1));
        // A range that ends before it starts wraps past the field's end (`FRI-MON`).
        let span: Vec<u16> = if from <= to {
            (from..=to).collect()
        } else {
            (from..=range.1).chain(range.0..=to).collect()
        };
        for value in span.into_iter().step_by(step) {
            values.push(T::try_from(value).ok()?);
        }
    }
    values.sort_unstable();
    values.dedup();
    (!values.is_empty()).then_some(values)
}

/// A number within `range`, or a name (`JAN`, `MON`: case-insensitive) counted from the
/// range's start.
fn number(text: &str, range: (u16, u16), names: &[&str]) -> Option<u16> {
    let value = match names
        .iter()
        .position(|name| name.eq_ignore_ascii_case(text))
    {
        Some(index) => range.0 + u16::try_from(index).ok()?,
        None if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) => {
            text.parse().ok()?
        }
        None => return None,
    };
    (range.0..=range.1).contains(&value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{format_rfc3339, parse_rfc3339};

    fn next(expression: &str, after: &str) -> Option<String> {
        let cron = Cron::parse(expression).unwrap();
        cron.next_after(parse_rfc3339(after).unwrap())
            .map(format_rfc3339)
    }

    fn occurrences(expression: &str, after: &str, count: usize) -> Vec<String> {
        let cron = Cron::parse(expression).unwrap();
        let mut at = parse_rfc3339(after).unwrap();
        (0..count)
            .map(|_| {
                at = cron.next_after(at).unwrap();
                format_rfc3339(at)
            })
            .collect()
    }

    #[test]
    fn aws_documented_examples_fire_when_aws_says() {
        // 10:15 UTC every day.
        assert_eq!(
            occurrences("15 10 * * ? *", "2024-01-01T10:15:00Z", 2),
            ["2024-01-02T10:15:00Z", "2024-01-03T10:15:00Z"]
        );
        // 18:00 Monday to Friday.
        assert_eq!(
            occurrences("0 18 ? * MON-FRI *", "2024-01-05T18:00:00Z", 2),
            ["2024-01-08T18:00:00Z", "2024-01-09T18:00:00Z"]
        );
        // 8:00 on the first day of the month.
        assert_eq!(
            occurrences("0 8 1 * ? *", "2024-01-15T00:00:00Z", 2),
            ["2024-02-01T08:00:00Z", "2024-03-01T08:00:00Z"]
        );
        // Every 10 minutes on weekdays.
        assert_eq!(
            occurrences("0/10 * ? * MON-FRI *", "2024-01-05T23:55:00Z", 2),
            ["2024-01-08T00:00:00Z", "2024-01-08T00:10:00Z"]
        );
        // Every 5 minutes between 8:00 and 17:55 on weekdays.
        assert_eq!(
            occurrences("0/5 8-17 ? * MON-FRI *", "2024-01-08T17:55:00Z", 1),
            ["2024-01-09T08:00:00Z"]
        );
        // 9:00 on the first Monday of each month.
        assert_eq!(
            occurrences("0 9 ? * 2#1 *", "2024-01-01T09:00:00Z", 2),
            ["2024-02-05T09:00:00Z", "2024-03-04T09:00:00Z"]
        );
    }

    #[test]
    fn a_schedule_fires_after_the_instant_it_is_asked_about() {
        assert_eq!(
            next("0 12 * * ? *", "2024-03-10T11:59:59.500Z").as_deref(),
            Some("2024-03-10T12:00:00Z")
        );
        assert_eq!(
            next("0 12 * * ? *", "2024-03-10T12:00:00Z").as_deref(),
            Some("2024-03-11T12:00:00Z")
        );
    }

    #[test]
    fn last_days_nearest_weekdays_and_years() {
        // The last day of February in a leap year, then in a common one.
        assert_eq!(
            occurrences("0 0 L * ? *", "2024-02-01T00:00:00Z", 2),
            ["2024-02-29T00:00:00Z", "2024-03-31T00:00:00Z"]
        );
        // The last weekday of June 2024 (the 30th is a Sunday).
        assert_eq!(
            next("0 0 LW 6 ? 2024", "2024-06-01T00:00:00Z").as_deref(),
            Some("2024-06-28T00:00:00Z")
        );
        // The weekday nearest the 1st, which is a Saturday in June 2024: Monday the 3rd.
        assert_eq!(
            next("0 0 1W 6 ? 2024", "2024-05-31T00:00:00Z").as_deref(),
            Some("2024-06-03T00:00:00Z")
        );
        // ... and nearest the 15th, a Saturday: Friday the 14th.
        assert_eq!(
            next("0 0 15W 6 ? 2024", "2024-06-01T00:00:00Z").as_deref(),
            Some("2024-06-14T00:00:00Z")
        );
        // The last Friday of each month.
        assert_eq!(
            occurrences("30 6 ? * 6L *", "2024-01-01T00:00:00Z", 2),
            ["2024-01-26T06:30:00Z", "2024-02-23T06:30:00Z"]
        );
        // Only the years named; none after them.
        assert_eq!(
            next("0 0 1 1 ? 2025-2026", "2024-06-01T00:00:00Z").as_deref(),
            Some("2025-01-01T00:00:00Z")
        );
        assert_eq!(next("0 0 1 1 ? 2025", "2025-01-01T00:00:00Z"), None);
        // A day that never comes.
        assert_eq!(next("0 0 30 FEB ? *", "2024-01-01T00:00:00Z"), None);
    }

    #[test]
    fn lists_wrapping_ranges_steps_and_names() {
        assert_eq!(
            occurrences("0 0 ? * FRI-MON *", "2024-01-03T00:00:00Z", 4),
            [
                "2024-01-05T00:00:00Z",
                "2024-01-06T00:00:00Z",
                "2024-01-07T00:00:00Z",
                "2024-01-08T00:00:00Z"
            ]
        );
        assert_eq!(
            occurrences("5,35 */12 ? * sun *", "2024-01-07T00:05:00Z", 3),
            [
                "2024-01-07T00:35:00Z",
                "2024-01-07T12:05:00Z",
                "2024-01-07T12:35:00Z"
            ]
        );
        assert_eq!(
            occurrences("0 0 1 JAN,JUL ? *", "2024-01-01T00:00:00Z", 2),
            ["2024-07-01T00:00:00Z", "2025-01-01T00:00:00Z"]
        );
    }

    #[test]
    fn aws_refuses_what_is_not_cron() {
        for refused in [
            "0 12 * * *",
            "0 12 * * ? * *",
            "0 12 * * * *",
            "0 12 ? * ? *",
            "60 12 * * ? *",
            "0 24 * * ? *",
            "0 12 0 * ? *",
            "0 12 32 * ? *",
            "0 12 * 13 ? *",
            "0 12 ? * 8 *",
            "0 12 * * ? 1969",
            "0 12 * * ? 2200",
            "0/0 12 * * ? *",
            "a 12 * * ? *",
            "0 12 ? * 2#6 *",
            "0 12 32W * ? *",
            "0 12 * FOO ? *",
            "0 12 1,,2 * ? *",
        ] {
            assert_eq!(Cron::parse(refused), None, "{refused}");
        }
    }
}
