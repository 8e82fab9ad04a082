//! Timestamps as the AWS protocols write them.

use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::macros::format_description;

/// ISO 8601 with milliseconds in UTC, `2024-01-01T00:00:00.000Z` (XML protocols).
pub fn iso8601_millis(instant: SystemTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from(instant)
        .format(&format)
        .unwrap_or_default()
}

/// Seconds since the epoch with milliseconds, `1704067200.123` (JSON protocols).
pub fn epoch_seconds(instant: SystemTime) -> f64 {
    epoch_millis(instant) as f64 / 1000.0
}

/// Milliseconds since the epoch (SQS attributes).
pub fn epoch_millis(instant: SystemTime) -> u128 {
    instant
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis())
        .unwrap_or_default()
}

/// An HTTP date, `Mon, 01 Jan 2024 00:00:00 GMT` (S3 `Last-Modified`).
pub fn http_date(instant: SystemTime) -> String {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    OffsetDateTime::from(instant)
        .format(&format)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_each_shape() {
        let instant = UNIX_EPOCH + Duration::from_millis(1_704_067_200_123);
        assert_eq!(iso8601_millis(instant), "2024-01-01T00:00:00.123Z");
        assert_eq!(epoch_seconds(instant), 1_704_067_200.123);
        assert_eq!(epoch_millis(instant), 1_704_067_200_123);
        assert_eq!(http_date(instant), "Mon, 01 Jan 2024 00:00:00 GMT");
    }
}
