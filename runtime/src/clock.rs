//! The backend clock: every timestamp a service returns comes from here.
//!
//! The wall clock by default. A virtual clock starts at a given instant and moves only
//! when the test moves it, so visibility timeouts, delays and creation dates are
//! reproducible without sleeping.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A shared handle on a clock; clones see the same time.
#[derive(Clone)]
pub struct Clock {
    source: Arc<Source>,
}

enum Source {
    Wall,
    Virtual(Mutex<SystemTime>),
}

/// A clock that cannot do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// The start of a virtual clock is not an RFC 3339 instant.
    #[error(
        "clock start {input:?} is not an RFC 3339 instant ({reason}): \
         write it like \"2024-01-01T00:00:00Z\""
    )]
    InvalidInstant {
        /// The text given.
        input: String,
        /// What the parser said.
        reason: String,
    },
    /// The wall clock was asked to move.
    #[error(
        "the wall clock cannot be moved: start the backend with a virtual clock to control time"
    )]
    NotVirtual,
    /// The clock of a Moto server was asked to move.
    #[error(
        "a Moto server keeps the wall clock, which cannot be moved: run the test on the \
         embedded backend (unset MOTO_RECORDED_SERVER) to control time"
    )]
    ServerClock,
    /// A move that would take the clock outside what `SystemTime` can hold.
    #[error("moving the clock by {0:?} leaves the range of time this system can represent")]
    OutOfRange(Duration),
}

impl Clock {
    /// The system's wall clock.
    pub fn wall() -> Clock {
        Clock {
            source: Arc::new(Source::Wall),
        }
    }

    /// A virtual clock standing at `start` until it is advanced.
    pub fn virtual_at(start: SystemTime) -> Clock {
        Clock {
            source: Arc::new(Source::Virtual(Mutex::new(start))),
        }
    }

    /// A virtual clock standing at an RFC 3339 instant such as `2024-01-01T00:00:00Z`.
    pub fn virtual_at_rfc3339(start: &str) -> Result<Clock, ClockError> {
        Ok(Clock::virtual_at(parse_rfc3339(start)?))
    }

    /// Whether this clock only moves when told to.
    pub fn is_virtual(&self) -> bool {
        matches!(*self.source, Source::Virtual(_))
    }

    /// The current instant.
    pub fn now(&self) -> SystemTime {
        match &*self.source {
            Source::Wall => SystemTime::now(),
            Source::Virtual(now) => *now.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// The current instant as a UTC date-time.
    pub fn now_utc(&self) -> OffsetDateTime {
        OffsetDateTime::from(self.now())
    }

    /// Moves a virtual clock forward by `by`.
    pub fn advance(&self, by: Duration) -> Result<SystemTime, ClockError> {
        match &*self.source {
            Source::Wall => Err(ClockError::NotVirtual),
            Source::Virtual(now) => {
                let mut now = now.lock().unwrap_or_else(PoisonError::into_inner);
                *now = now.checked_add(by).ok_or(ClockError::OutOfRange(by))?;
                Ok(*now)
            }
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::wall()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.source {
            Source::Wall => f.write_str("Clock::Wall"),
            Source::Virtual(_) => write!(f, "Clock::Virtual({})", format_rfc3339(self.now())),
        }
    }
}

/// Parses an RFC 3339 instant (`2024-01-01T00:00:00Z`, offsets and fractions allowed).
pub fn parse_rfc3339(input: &str) -> Result<SystemTime, ClockError> {
    OffsetDateTime::parse(input.trim(), &Rfc3339)
        .map(SystemTime::from)
        .map_err(|error| ClockError::InvalidInstant {
            input: input.to_owned(),
            reason: error.to_string(),
        })
}

/// Formats an instant as RFC 3339 in UTC.
pub fn format_rfc3339(instant: SystemTime) -> String {
    OffsetDateTime::from(instant)
        .format(&Rfc3339)
        .unwrap_or_else(|_| format!("{instant:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_clock_stands_still_until_advanced() {
        let clock = Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap();
        let start = clock.now();
        assert_eq!(clock.now(), start);
        assert_eq!(format_rfc3339(start), "2024-01-01T00:00:00Z");
        let later = clock.advance(Duration::from_secs(90)).unwrap();
        assert_eq!(format_rfc3339(later), "2024-01-01T00:01:30Z");
        assert_eq!(clock.now(), later);
        assert!(clock.is_virtual());
    }

    #[test]
    fn clones_share_the_time() {
        let clock = Clock::virtual_at(SystemTime::UNIX_EPOCH);
        let other = clock.clone();
        clock.advance(Duration::from_millis(1500)).unwrap();
        assert_eq!(
            other.now(),
            SystemTime::UNIX_EPOCH + Duration::from_millis(1500)
        );
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        let clock = Clock::virtual_at_rfc3339("2024-06-30T23:30:00+02:00").unwrap();
        assert_eq!(format_rfc3339(clock.now()), "2024-06-30T21:30:00Z");
        assert_eq!(clock.now_utc().hour(), 21);
    }

    #[test]
    fn wall_clock_moves_and_cannot_be_advanced() {
        let clock = Clock::default();
        assert!(!clock.is_virtual());
        let before = SystemTime::now();
        assert!(clock.now() >= before);
        assert_eq!(
            clock.advance(Duration::from_secs(1)),
            Err(ClockError::NotVirtual)
        );
    }

    #[test]
    fn bad_instants_say_what_to_write() {
        let error = Clock::virtual_at_rfc3339("2024-01-01").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("\"2024-01-01\""), "{message}");
        assert!(message.contains("2024-01-01T00:00:00Z"), "{message}");
    }

    #[test]
    fn advancing_past_the_end_of_time_is_an_error() {
        let clock = Clock::virtual_at(SystemTime::UNIX_EPOCH);
        assert!(matches!(
            clock.advance(Duration::MAX),
            Err(ClockError::OutOfRange(_))
        ));
    }
}
