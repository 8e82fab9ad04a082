//! CreateBackup, ListBackups, DescribeBackup and DeleteBackup: on-demand backups of a
//! region's tables, named by ARNs with the backend clock's time and a seeded suffix.

use std::ops::Bound;

use serde::Deserialize;
use serde_json::{Value, json};

use super::backup::{Backup, BackupStatus, SourceTable, backup_arn};
use super::error::{Failure, OwnError};
use super::handlers::{Call, required};
use super::source_table;

/// How many hex digits end a backup's ARN.
const ARN_SUFFIX_DIGITS: usize = 8;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateInput {
    table_name: Option<String>,
    backup_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct BackupInput {
    backup_arn: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListInput {
    table_name: Option<String>,
    limit: Option<usize>,
    time_range_lower_bound: Option<f64>,
    time_range_upper_bound: Option<f64>,
    exclusive_start_backup_arn: Option<String>,
    backup_type: Option<String>,
}

/// CreateBackup: records the table as it is now. The answer says CREATING, as DynamoDB
/// takes backups asynchronously; every later read finds the backup AVAILABLE.
pub(super) fn create_backup(call: &Call<'_>) -> Result<Value, Failure> {
    let input: CreateInput = call.input()?;
    let table = required(input.table_name, "tableName")?;
    let backup_name = required(input.backup_name, "backupName")?;
    let name = source_table::name_of(&table);
    let description = source_table::describe(call, name)?;
    let time_to_live = source_table::time_to_live(call, name)?;
    let table_arn = source_table::arn(call, name);
    let created = call.now();
    let suffix = call.context.random.get_random_hex(ARN_SUFFIX_DIGITS);
    let backup = Backup {
        arn: backup_arn(&table_arn, created, &suffix),
        name: backup_name,
        created,
        table: SourceTable::record(&table_arn, &description, time_to_live.as_ref()),
    };
    let details = backup.details(BackupStatus::Creating);
    call.tables.backups().insert(backup.arn.clone(), backup);
    Ok(json!({ "BackupDetails": details }))
}

/// DescribeBackup.
pub(super) fn describe_backup(call: &Call<'_>) -> Result<Value, Failure> {
    let input: BackupInput = call.input()?;
    let arn = required(input.backup_arn, "backupArn")?;
    let backups = call.tables.backups();
    let backup = backups
        .get(&arn)
        .ok_or_else(|| OwnError::backup_not_found(&arn))?;
    Ok(json!({ "BackupDescription": backup.description(BackupStatus::Available) }))
}

/// DeleteBackup: the answer describes the backup as DELETED; it is gone afterwards.
pub(super) fn delete_backup(call: &Call<'_>) -> Result<Value, Failure> {
    let input: BackupInput = call.input()?;
    let arn = required(input.backup_arn, "backupArn")?;
    let backup = call
        .tables
        .backups()
        .remove(&arn)
        .ok_or_else(|| OwnError::backup_not_found(&arn))?;
    Ok(json!({ "BackupDescription": backup.description(BackupStatus::Deleted) }))
}

/// ListBackups: the backups in ARN order, of one table or all, created in
/// `[TimeRangeLowerBound, TimeRangeUpperBound)`, after `ExclusiveStartBackupArn`, at most
/// `Limit` of them. Every backup here is a USER backup, listed for the types USER (the
/// default) and ALL.
pub(super) fn list_backups(call: &Call<'_>) -> Result<Value, Failure> {
    let input: ListInput = call.input()?;
    let table = input.table_name.as_deref().map(source_table::name_of);
    let user_backups = matches!(input.backup_type.as_deref(), None | Some("USER" | "ALL"));
    let start = match &input.exclusive_start_backup_arn {
        Some(arn) => Bound::Excluded(arn.clone()),
        None => Bound::Unbounded,
    };
    let backups = call.tables.backups();
    let mut listed = backups
        .range((start, Bound::Unbounded))
        .map(|(_, backup)| backup)
        .filter(|_| user_backups)
        .filter(|backup| table.is_none_or(|table| backup.table.name == table))
        .filter(|backup| {
            input
                .time_range_lower_bound
                .is_none_or(|lower| backup.created >= lower)
        })
        .filter(|backup| {
            input
                .time_range_upper_bound
                .is_none_or(|upper| backup.created < upper)
        });
    let limit = input.limit.unwrap_or(usize::MAX);
    let page: Vec<&Backup> = listed.by_ref().take(limit).collect();
    let mut answer = json!({
        "BackupSummaries": page.iter().map(|backup| backup.summary()).collect::<Vec<_>>(),
    });
    if listed.next().is_some()
        && let Some(last) = page.last()
    {
        answer["LastEvaluatedBackupArn"] = json!(last.arn);
    }
    Ok(answer)
}
