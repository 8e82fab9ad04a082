//! DynamoDB state: one dynoxide database (SQLite in memory) per region, on the backend's
//! clock; what we say about each table instead of or besides dynoxide (its id, times,
//! warm throughput, capacity-mode history, point-in-time recovery); and the backups.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use dynoxide::Database;

use super::backup::Backup;
use super::point_in_time::PointInTimeRecovery;
use super::warm_throughput::WarmThroughput;
use crate::clock::Clock;

/// The region and account dynoxide writes into every ARN; we write the real ones.
pub(super) const DYNOXIDE_ARN_SCOPE: &str = ":dynoxide:000000000000:";

/// One region's tables.
pub(super) struct RegionTables {
    pub(super) database: Database,
    /// What we say about each table instead of what dynoxide says.
    pub(super) identities: Mutex<BTreeMap<String, TableIdentity>>,
    /// The on-demand backups, by ARN. They outlive their tables, as DynamoDB's do.
    pub(super) backups: Mutex<BTreeMap<String, Backup>>,
}

/// A table's id and times as we report them.
#[derive(Debug, Clone, Default)]
pub(super) struct TableIdentity {
    /// Drawn from the backend's random source at CreateTable.
    pub(super) id: String,
    /// dynoxide reads the wall clock for some timestamps (CreationDateTime, throughput
    /// changes): each value it reports is mapped, the first time it appears, to the
    /// backend clock's time of that call.
    pub(super) times: Vec<(f64, f64)>,
    /// The table's warm throughput.
    pub(super) warm: WarmThroughput,
    /// Each global secondary index's warm throughput, by index name.
    pub(super) index_warm: BTreeMap<String, WarmThroughput>,
    /// Whether the table was on demand when last described.
    pub(super) on_demand: bool,
    /// When the table last became on demand (created so, or switched), if ever.
    pub(super) pay_per_request_since: Option<f64>,
    /// Point-in-time recovery, when turned on.
    pub(super) point_in_time_recovery: Option<PointInTimeRecovery>,
}

impl TableIdentity {
    /// Our time for dynoxide's `reported`, mapping it to `now` if it is new.
    pub(super) fn time(&mut self, reported: f64, now: f64) -> f64 {
        if let Some((_, ours)) = self.times.iter().find(|(theirs, _)| *theirs == reported) {
            return *ours;
        }
        self.times.push((reported, now));
        now
    }
}

impl RegionTables {
    pub(super) fn identities(&self) -> MutexGuard<'_, BTreeMap<String, TableIdentity>> {
        self.identities
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn backups(&self) -> MutexGuard<'_, BTreeMap<String, Backup>> {
        self.backups.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every region's tables in one backend, created on first use of a region (which draws
/// no random numbers).
#[derive(Default)]
pub struct DynamoDbState {
    regions: Mutex<BTreeMap<String, Arc<RegionTables>>>,
}

impl std::fmt::Debug for DynamoDbState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let regions: Vec<String> = self.lock().keys().cloned().collect();
        f.debug_struct("DynamoDbState")
            .field("regions", &regions)
            .finish()
    }
}

impl DynamoDbState {
    /// Drops every table of every region.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// The tables of `region`, created on first use.
    pub(super) fn region(
        &self,
        region: &str,
        clock: &Clock,
    ) -> Result<Arc<RegionTables>, dynoxide::errors::DynoxideError> {
        let mut regions = self.lock();
        if let Some(tables) = regions.get(region) {
            return Ok(tables.clone());
        }
        // dynoxide reads the backend clock, so every timestamp it writes (CreationDateTime,
        // TTL, stream records) follows a virtual clock too.
        let database = super::pool::take(clock)?;
        let tables = Arc::new(RegionTables {
            database,
            identities: Mutex::new(BTreeMap::new()),
            backups: Mutex::new(BTreeMap::new()),
        });
        regions.insert(region.to_owned(), tables.clone());
        Ok(tables)
    }

    /// The regions requests have reached and their tables, sorted by region.
    pub(super) fn regions(&self) -> Vec<(String, Arc<RegionTables>)> {
        self.lock()
            .iter()
            .map(|(region, tables)| (region.clone(), tables.clone()))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Arc<RegionTables>>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
