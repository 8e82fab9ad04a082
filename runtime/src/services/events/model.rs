//! EventBridge's state: each region's event buses (the `default` one always there), the
//! rules on them with their targets, and archives.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use serde_json::Value;

/// The bus every region has, which cannot be deleted.
pub(super) const DEFAULT_BUS: &str = "default";
/// The targets one rule can have.
pub(super) const MAX_TARGETS: usize = 5;

/// An event bus.
#[derive(Debug, Clone)]
pub(super) struct Bus {
    pub(super) name: String,
    pub(super) description: Option<String>,
    pub(super) kms_key: Option<String>,
    pub(super) dead_letter: Option<Value>,
    pub(super) created: SystemTime,
    pub(super) tags: Vec<(String, String)>,
    /// In the order they were created (ListRules' order).
    pub(super) rules: Vec<Rule>,
}

impl Bus {
    pub(super) fn new(name: &str, created: SystemTime) -> Bus {
        Bus {
            name: name.to_owned(),
            description: None,
            kms_key: None,
            dead_letter: None,
            created,
            tags: Vec::new(),
            rules: Vec::new(),
        }
    }

    pub(super) fn rule(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.name == name)
    }

    pub(super) fn rule_mut(&mut self, name: &str) -> Option<&mut Rule> {
        self.rules.iter_mut().find(|rule| rule.name == name)
    }
}

/// A rule: an event pattern, a schedule, or both.
#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) name: String,
    pub(super) pattern: Option<String>,
    pub(super) schedule: Option<String>,
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub(super) state: String,
    pub(super) description: Option<String>,
    pub(super) role_arn: Option<String>,
    /// The service that made the rule (archives' rules), which users cannot change.
    pub(super) managed_by: Option<String>,
    pub(super) tags: Vec<(String, String)>,
    /// The targets as PutTargets gave them (the model's `Target` shape), in order.
    pub(super) targets: Vec<Value>,
    /// When a `rate()` schedule next fires.
    pub(super) next_fire: Option<SystemTime>,
}

impl Rule {
    pub(super) fn enabled(&self) -> bool {
        self.state != "DISABLED"
    }
}

/// An archive of a bus's events.
#[derive(Debug, Clone)]
pub(super) struct Archive {
    pub(super) name: String,
    pub(super) source_arn: String,
    pub(super) description: Option<String>,
    pub(super) pattern: Option<String>,
    pub(super) retention_days: i64,
    pub(super) created: SystemTime,
    pub(super) event_count: u64,
    pub(super) size_bytes: u64,
}

/// Sets `key` to `value` in `tags`, keeping the key's place when it is already there.
pub(super) fn set_tag(tags: &mut Vec<(String, String)>, key: &str, value: &str) {
    match tags.iter_mut().find(|(own, _)| own == key) {
        Some(tag) => tag.1 = value.to_owned(),
        None => tags.push((key.to_owned(), value.to_owned())),
    }
}

/// One region's buses and archives, in the order they were created.
#[derive(Debug)]
pub(super) struct Region {
    pub(super) buses: Vec<Bus>,
    pub(super) archives: Vec<Archive>,
}

impl Region {
    /// A region as first reached: its default bus, created now.
    fn new(now: SystemTime) -> Region {
        Region {
            buses: vec![Bus::new(DEFAULT_BUS, now)],
            archives: Vec::new(),
        }
    }

    pub(super) fn bus(&self, name: &str) -> Option<&Bus> {
        self.buses.iter().find(|bus| bus.name == name)
    }

    pub(super) fn bus_mut(&mut self, name: &str) -> Option<&mut Bus> {
        self.buses.iter_mut().find(|bus| bus.name == name)
    }

    pub(super) fn archive(&self, name: &str) -> Option<&Archive> {
        self.archives.iter().find(|archive| archive.name == name)
    }
}

/// EventBridge's resources in one backend, per region.
#[derive(Debug, Default)]
pub struct EventsState {
    regions: Mutex<BTreeMap<String, Region>>,
}

impl EventsState {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Region>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The regions requests have reached, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Runs `change` on `region`'s resources; a region reached for the first time gets
    /// its default bus, created at `now` (no random number is drawn for it).
    pub(super) fn with_region<R>(
        &self,
        region: &str,
        now: SystemTime,
        change: impl FnOnce(&mut Region) -> R,
    ) -> R {
        let mut regions = self.lock();
        change(
            regions
                .entry(region.to_owned())
                .or_insert_with(|| Region::new(now)),
        )
    }

    /// Runs `change` on every region reached so far, in order.
    pub(super) fn with_every_region<R>(
        &self,
        mut change: impl FnMut(&str, &mut Region) -> R,
    ) -> Vec<R> {
        let mut regions = self.lock();
        regions
            .iter_mut()
            .map(|(name, region)| change(name, region))
            .collect()
    }

    /// Forgets every resource.
    pub fn reset(&self) {
        self.lock().clear();
    }
}
