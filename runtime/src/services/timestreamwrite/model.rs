//! Timestream Write's state: each region's databases, their tables and the records written
//! to them, and the tags of every database and table.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use serde_json::{Value, json};

use super::records::StoredRecord;

/// How long a table keeps records in its memory store, in hours, when CreateTable names
/// no retention (AWS's default).
pub(super) const DEFAULT_MEMORY_HOURS: i64 = 6;
/// How long a table keeps records in its magnetic store, in days, by default (AWS's).
pub(super) const DEFAULT_MAGNETIC_DAYS: i64 = 73_000;

/// A table.
#[derive(Debug, Clone)]
pub(super) struct Table {
    /// `arn:aws:timestream:<region>:<account>:database/<database>/table/<table>`.
    pub(super) arn: String,
    /// The table's name.
    pub(super) name: String,
    /// Hours records stay in the memory store.
    pub(super) memory_hours: i64,
    /// Days records stay in the magnetic store.
    pub(super) magnetic_days: i64,
    /// MagneticStoreWriteProperties, as last set.
    pub(super) magnetic_writes: Value,
    /// Schema, as last set.
    pub(super) schema: Value,
    /// When it was created.
    pub(super) created: SystemTime,
    /// When its settings last changed.
    pub(super) updated: SystemTime,
    /// The records written to it, in the order first written.
    pub(super) records: Vec<StoredRecord>,
}

impl Table {
    /// Whether records older than the memory store's window go to the magnetic store.
    pub(super) fn magnetic_writes_enabled(&self) -> bool {
        self.magnetic_writes
            .get("EnableMagneticStoreWrites")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The dimensions the schema requires in every record.
    pub(super) fn required_dimensions(&self) -> Vec<&str> {
        self.schema
            .get("CompositePartitionKey")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|key| key.get("Type").and_then(Value::as_str) == Some("DIMENSION"))
            .filter(|key| {
                key.get("EnforcementInRecord").and_then(Value::as_str) != Some("OPTIONAL")
            })
            .filter_map(|key| key.get("Name").and_then(Value::as_str))
            .collect()
    }

    /// The retention, as AWS describes it.
    pub(super) fn retention(&self) -> Value {
        json!({
            "MemoryStoreRetentionPeriodInHours": self.memory_hours,
            "MagneticStoreRetentionPeriodInDays": self.magnetic_days,
        })
    }
}

/// A database.
#[derive(Debug, Clone)]
pub(super) struct Database {
    /// `arn:aws:timestream:<region>:<account>:database/<name>`.
    pub(super) arn: String,
    /// The database's name.
    pub(super) name: String,
    /// The KMS key that encrypts it.
    pub(super) kms_key_id: String,
    /// When it was created.
    pub(super) created: SystemTime,
    /// When its settings last changed.
    pub(super) updated: SystemTime,
    /// Its tables, by name.
    pub(super) tables: BTreeMap<String, Table>,
}

/// One region's Timestream resources.
#[derive(Debug, Default)]
pub(super) struct Region {
    /// Databases, by name.
    pub(super) databases: BTreeMap<String, Database>,
    /// Tags of databases and tables, by ARN, in the order they were added.
    pub(super) tags: BTreeMap<String, Vec<(String, String)>>,
    /// The ARN of the key Timestream manages in this region, once a database needed it:
    /// every database created without a key of its own shares it, as in AWS.
    pub(super) managed_key: Option<String>,
}

impl Region {
    /// Whether a database or a table has `arn`.
    pub(super) fn has_resource(&self, arn: &str) -> bool {
        self.databases.values().any(|database| {
            database.arn == arn || database.tables.values().any(|table| table.arn == arn)
        })
    }

    /// Sets `tags` on `arn`, replacing the values of keys it has.
    pub(super) fn tag(&mut self, arn: &str, tags: Vec<(String, String)>) {
        let current = self.tags.entry(arn.to_owned()).or_default();
        for (key, value) in tags {
            match current.iter_mut().find(|(existing, _)| *existing == key) {
                Some(entry) => entry.1 = value,
                None => current.push((key, value)),
            }
        }
    }
}

/// Each region's Timestream resources.
#[derive(Debug, Default)]
pub struct TimestreamWriteState {
    regions: Mutex<BTreeMap<String, Region>>,
}

impl TimestreamWriteState {
    /// Forgets every database, table and record.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// The regions that have, or had, databases, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Runs `work` on the resources of `region`.
    pub(super) fn with_region<R>(&self, region: &str, work: impl FnOnce(&mut Region) -> R) -> R {
        work(self.lock().entry(region.to_owned()).or_default())
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Region>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
