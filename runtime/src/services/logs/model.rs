//! CloudWatch Logs' state: each region's log groups with their streams, events,
//! subscription filters and tags, and the region's metric filters.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// Milliseconds since the epoch, the unit every Logs timestamp is in.
pub(super) fn millis(instant: SystemTime) -> i64 {
    instant.duration_since(UNIX_EPOCH).map_or(0, |since| {
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    })
}

/// One stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Event {
    /// When it happened (the caller's timestamp, ms).
    pub(super) timestamp: i64,
    /// The message as given.
    pub(super) message: String,
    /// When PutLogEvents took it (ms).
    pub(super) ingestion: i64,
    /// Its id, unique in the region (FilterLogEvents answers it).
    pub(super) id: String,
}

/// A log stream: its events in timestamp order (ties in arrival order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stream {
    pub(super) name: String,
    pub(super) created: i64,
    pub(super) events: Vec<Event>,
    /// When PutLogEvents last took events.
    pub(super) last_ingestion: Option<i64>,
    /// How many PutLogEvents calls the stream has taken (its sequence token's number).
    pub(super) uploads: u64,
}

impl Stream {
    pub(super) fn new(name: &str, created: i64) -> Stream {
        Stream {
            name: name.to_owned(),
            created,
            events: Vec::new(),
            last_ingestion: None,
            uploads: 0,
        }
    }

    /// Adds events, keeping timestamp order.
    pub(super) fn append(&mut self, events: Vec<Event>) {
        for event in events {
            let at = self
                .events
                .partition_point(|stored| stored.timestamp <= event.timestamp);
            self.events.insert(at, event);
        }
    }

    /// The bytes its messages hold.
    pub(super) fn bytes(&self) -> usize {
        self.events.iter().map(|event| event.message.len()).sum()
    }
}

/// A subscription filter of a log group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SubscriptionFilter {
    pub(super) name: String,
    pub(super) pattern: String,
    pub(super) destination: String,
    pub(super) role: Option<String>,
    pub(super) distribution: String,
    pub(super) created: i64,
}

/// A log group.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LogGroup {
    pub(super) name: String,
    pub(super) created: i64,
    /// Days events are kept; `None` keeps them forever.
    pub(super) retention: Option<i64>,
    pub(super) kms_key: Option<String>,
    /// `STANDARD`, `INFREQUENT_ACCESS` or `DELIVERY`.
    pub(super) class: String,
    pub(super) tags: BTreeMap<String, String>,
    pub(super) streams: BTreeMap<String, Stream>,
    /// In the order they were first put.
    pub(super) subscriptions: Vec<SubscriptionFilter>,
}

/// A metric filter (the region keeps them, each naming its log group).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MetricFilter {
    pub(super) name: String,
    pub(super) group: String,
    pub(super) pattern: String,
    /// The `metricTransformations` as given.
    pub(super) transformations: Value,
    pub(super) created: i64,
}

/// One region's resources.
#[derive(Debug, Default)]
pub(super) struct Region {
    /// By name: AWS lists groups in name order.
    pub(super) groups: BTreeMap<String, LogGroup>,
    /// By log group name, then filter name.
    pub(super) metric_filters: BTreeMap<(String, String), MetricFilter>,
    /// Events stored so far, for event ids.
    pub(super) events_stored: u64,
}

/// CloudWatch Logs's resources in one backend, per region.
#[derive(Debug, Default)]
pub struct LogsState {
    regions: Mutex<BTreeMap<String, Region>>,
}

impl LogsState {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Region>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The regions requests have reached, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Runs `change` on `region`'s resources.
    pub(super) fn with_region<R>(&self, region: &str, change: impl FnOnce(&mut Region) -> R) -> R {
        let mut regions = self.lock();
        change(regions.entry(region.to_owned()).or_default())
    }

    /// Forgets every resource.
    pub fn reset(&self) {
        self.lock().clear();
    }
}
