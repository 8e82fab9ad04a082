//! DescribeContinuousBackups and UpdateContinuousBackups: a table's point-in-time
//! recovery, turned on and off, with the window a restore may target.

use serde::Deserialize;
use serde_json::{Value, json};

use super::error::Failure;
use super::handlers::{Call, required};
use super::point_in_time::{self, DEFAULT_RECOVERY_PERIOD_DAYS, PointInTimeRecovery};
use super::source_table;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeInput {
    table_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateInput {
    table_name: Option<String>,
    point_in_time_recovery_specification: Option<Specification>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Specification {
    point_in_time_recovery_enabled: Option<bool>,
    recovery_period_in_days: Option<u32>,
}

/// DescribeContinuousBackups.
pub(super) fn describe_continuous_backups(call: &Call<'_>) -> Result<Value, Failure> {
    let input: DescribeInput = call.input()?;
    let table = required(input.table_name, "tableName")?;
    let name = source_table::name_of(&table);
    // Answers TableNotFoundException for a table that does not exist.
    source_table::describe(call, name)?;
    let setting = call
        .tables
        .identities()
        .get(name)
        .and_then(|identity| identity.point_in_time_recovery);
    Ok(answer(setting.as_ref(), call.now()))
}

/// UpdateContinuousBackups: turns point-in-time recovery on (keeping when it was first
/// turned on, taking a new recovery period) or off.
pub(super) fn update_continuous_backups(call: &Call<'_>) -> Result<Value, Failure> {
    let input: UpdateInput = call.input()?;
    let table = required(input.table_name, "tableName")?;
    let specification = required(
        input.point_in_time_recovery_specification,
        "pointInTimeRecoverySpecification",
    )?;
    let enabled = required(
        specification.point_in_time_recovery_enabled,
        "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled",
    )?;
    let name = source_table::name_of(&table);
    source_table::describe(call, name)?;
    let now = call.now();
    let mut identities = call.tables.identities();
    let identity = identities.entry(name.to_owned()).or_default();
    identity.point_in_time_recovery = enabled.then(|| PointInTimeRecovery {
        enabled_at: identity
            .point_in_time_recovery
            .map_or(now, |setting| setting.enabled_at),
        recovery_period_days: specification
            .recovery_period_in_days
            .unwrap_or(DEFAULT_RECOVERY_PERIOD_DAYS),
    });
    Ok(answer(identity.point_in_time_recovery.as_ref(), now))
}

fn answer(setting: Option<&PointInTimeRecovery>, now: f64) -> Value {
    json!({ "ContinuousBackupsDescription": point_in_time::describe(setting, now) })
}
