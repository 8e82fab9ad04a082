//! Point-in-time recovery of one table: when it was turned on and how many days back a
//! restore may reach, and the description DynamoDB gives of it.

use serde_json::{Value, json};

/// How far back a restore reaches when the request does not say (and at most).
pub(super) const DEFAULT_RECOVERY_PERIOD_DAYS: u32 = 35;

/// DynamoDB restores to about five minutes before now at the latest.
const LATEST_RESTORABLE_LAG_SECONDS: f64 = 300.0;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// Point-in-time recovery, turned on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PointInTimeRecovery {
    /// When it was turned on (epoch seconds, backend clock).
    pub(super) enabled_at: f64,
    pub(super) recovery_period_days: u32,
}

impl PointInTimeRecovery {
    /// The earliest and latest instants a restore may target at `now`: not before it was
    /// turned on nor before the recovery period, and about five minutes behind `now`.
    fn restorable(&self, now: f64) -> (f64, f64) {
        let period = f64::from(self.recovery_period_days) * SECONDS_PER_DAY;
        let earliest = self.enabled_at.max(now - period);
        let latest = earliest.max(now - LATEST_RESTORABLE_LAG_SECONDS);
        (millis(earliest), millis(latest))
    }
}

/// Seconds rounded to the millisecond, as DynamoDB's timestamps are.
fn millis(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// `ContinuousBackupsDescription` of a table with recovery `setting` at `now`. Continuous
/// backups are always on for DynamoDB tables.
pub(super) fn describe(setting: Option<&PointInTimeRecovery>, now: f64) -> Value {
    let recovery = match setting {
        None => json!({"PointInTimeRecoveryStatus": "DISABLED"}),
        Some(setting) => {
            let (earliest, latest) = setting.restorable(now);
            json!({
                "PointInTimeRecoveryStatus": "ENABLED",
                "RecoveryPeriodInDays": setting.recovery_period_days,
                "EarliestRestorableDateTime": earliest,
                "LatestRestorableDateTime": latest,
            })
        }
    };
    json!({
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": recovery,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENABLED_AT: f64 = 1_704_067_200.0;

    fn on(days: u32) -> PointInTimeRecovery {
        PointInTimeRecovery {
            enabled_at: ENABLED_AT,
            recovery_period_days: days,
        }
    }

    #[test]
    fn disabled_says_so_without_times() {
        assert_eq!(
            describe(None, ENABLED_AT),
            json!({
                "ContinuousBackupsStatus": "ENABLED",
                "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}
            })
        );
    }

    #[test]
    fn a_restore_reaches_back_to_when_it_was_turned_on() {
        let now = ENABLED_AT + 3_600.0;
        let described = describe(Some(&on(35)), now);
        let recovery = &described["PointInTimeRecoveryDescription"];
        assert_eq!(recovery["PointInTimeRecoveryStatus"], "ENABLED");
        assert_eq!(recovery["RecoveryPeriodInDays"], 35);
        assert_eq!(recovery["EarliestRestorableDateTime"], ENABLED_AT);
        assert_eq!(recovery["LatestRestorableDateTime"], now - 300.0);
    }

    #[test]
    fn the_recovery_period_bounds_the_earliest_instant() {
        let now = ENABLED_AT + 10.0 * SECONDS_PER_DAY;
        let (earliest, latest) = on(7).restorable(now);
        assert_eq!(earliest, now - 7.0 * SECONDS_PER_DAY);
        assert_eq!(latest, now - 300.0);
        let (earliest, latest) = on(35).restorable(ENABLED_AT + 1.0);
        assert_eq!(
            (earliest, latest),
            (ENABLED_AT, ENABLED_AT),
            "just turned on"
        );
    }
}
