//! WriteRecords' rules: a request's common attributes merged into each record, each record
//! checked (measure values against their types, the time against the table's retention
//! windows, the schema's required dimensions), and upserts by version.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::model::Table;
use crate::protocol::time::iso8601_millis;

/// How far ahead of the clock a record's time may be (AWS's limit for the memory store).
const FUTURE_LIMIT: Duration = Duration::from_secs(15 * 60);
/// The version of a record that names none (AWS's default).
const DEFAULT_VERSION: i64 = 1;

/// The store a record was written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Store {
    /// Recent records.
    Memory,
    /// Records older than the memory store's window, when the table takes them.
    Magnetic,
}

/// A record as the table keeps it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct StoredRecord {
    /// The record after merging the request's common attributes, as written.
    pub(super) record: Value,
    /// Its dimensions, sorted by name: with the measure name and the time, what makes
    /// two records the same one.
    pub(super) dimensions: Vec<(String, String)>,
    /// The measure's name.
    pub(super) measure_name: String,
    /// The time in nanoseconds since the epoch.
    pub(super) time_nanos: i128,
    /// The measure value type and value(s), compared on upserts.
    pub(super) value: Value,
    /// The version.
    pub(super) version: i64,
    /// Where it was written.
    pub(super) store: Store,
}

impl StoredRecord {
    fn same_record(&self, other: &StoredRecord) -> bool {
        self.dimensions == other.dimensions
            && self.measure_name == other.measure_name
            && self.time_nanos == other.time_nanos
    }
}

/// Why a record was not written, as RejectedRecords reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rejection {
    /// The reason, in words.
    pub(super) reason: String,
    /// The version a conflicting record already has.
    pub(super) existing_version: Option<i64>,
}

fn reject(reason: impl Into<String>) -> Rejection {
    Rejection {
        reason: reason.into(),
        existing_version: None,
    }
}

/// `record` with `common` filled in: the record's own members win, and its dimensions are
/// added to the common ones (replacing a common dimension of the same name).
pub(super) fn merged(common: Option<&Value>, record: &Value) -> Value {
    let mut out: Map<String, Value> = common
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut dimensions: Vec<Value> = out
        .remove("Dimensions")
        .and_then(|value| value.as_array().cloned())
        .unwrap_or_default();
    if let Some(fields) = record.as_object() {
        for (name, value) in fields {
            if name == "Dimensions" {
                for dimension in value.as_array().into_iter().flatten() {
                    let name = dimension.get("Name");
                    dimensions.retain(|existing| existing.get("Name") != name);
                    dimensions.push(dimension.clone());
                }
            } else {
                out.insert(name.clone(), value.clone());
            }
        }
    }
    if !dimensions.is_empty() {
        out.insert("Dimensions".into(), Value::Array(dimensions));
    }
    Value::Object(out)
}

fn text<'a>(record: &'a Value, name: &str) -> Option<&'a str> {
    record.get(name).and_then(Value::as_str)
}

/// Whether `value` is a valid measure value of `value_type`.
fn valid_value(value_type: &str, value: &str) -> bool {
    match value_type {
        "DOUBLE" => value.parse::<f64>().is_ok_and(f64::is_finite),
        "BIGINT" | "TIMESTAMP" => value.parse::<i64>().is_ok(),
        "BOOLEAN" => value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"),
        "VARCHAR" => !value.is_empty(),
        _ => false,
    }
}

/// The measure of `record`, checked: its type and its value (MULTI: its named values).
fn measure(record: &Value) -> Result<Value, Rejection> {
    let value_type = text(record, "MeasureValueType").unwrap_or("DOUBLE");
    let single = text(record, "MeasureValue");
    let multi = record.get("MeasureValues").and_then(Value::as_array);
    if value_type == "MULTI" {
        if single.is_some() {
            return Err(reject(
                "A MULTI record carries its values in MeasureValues, not MeasureValue.",
            ));
        }
        let values = multi
            .filter(|values| !values.is_empty())
            .ok_or_else(|| reject("A MULTI record needs at least one entry in MeasureValues."))?;
        let mut names = Vec::new();
        for value in values {
            let name = text(value, "Name").unwrap_or_default();
            let kind = text(value, "Type").unwrap_or_default();
            let data = text(value, "Value").unwrap_or_default();
            if names.contains(&name) {
                return Err(reject(format!(
                    "The measure {name} appears more than once in MeasureValues."
                )));
            }
            names.push(name);
            if !valid_value(kind, data) {
                return Err(reject(format!(
                    "The value {data} of measure {name} is not a valid {kind}."
                )));
            }
        }
        return Ok(serde_json::json!({"MeasureValueType": "MULTI", "MeasureValues": values}));
    }
    if multi.is_some() {
        return Err(reject(format!(
            "MeasureValues can only be used with the MULTI measure value type, not {value_type}."
        )));
    }
    let value = single.ok_or_else(|| reject("The record has no MeasureValue."))?;
    if !valid_value(value_type, value) {
        return Err(reject(format!(
            "The measure value {value} is not a valid {value_type}."
        )));
    }
    Ok(serde_json::json!({"MeasureValueType": value_type, "MeasureValue": value}))
}

/// The record's time in nanoseconds since the epoch, from its Time and TimeUnit.
fn time_nanos(record: &Value) -> Result<i128, Rejection> {
    let time = text(record, "Time").ok_or_else(|| reject("The record has no Time."))?;
    let unit: i128 = match text(record, "TimeUnit").unwrap_or("MILLISECONDS") {
        "SECONDS" => 1_000_000_000,
        "MICROSECONDS" => 1_000,
        "NANOSECONDS" => 1,
        _ => 1_000_000,
    };
    time.parse::<i128>()
        .ok()
        .and_then(|value| value.checked_mul(unit))
        .ok_or_else(|| reject(format!("The record time {time} is not a whole number.")))
}

fn nanos_of(instant: SystemTime) -> i128 {
    match instant.duration_since(UNIX_EPOCH) {
        Ok(elapsed) => i128::try_from(elapsed.as_nanos()).unwrap_or(i128::MAX),
        Err(before) => -i128::try_from(before.duration().as_nanos()).unwrap_or(i128::MAX),
    }
}

/// The store a record of that time goes to at `now`, or why it goes to none.
fn store_for(table: &Table, time: i128, now: SystemTime) -> Result<Store, Rejection> {
    let hours = u64::try_from(table.memory_hours).unwrap_or(0);
    let days = u64::try_from(table.magnetic_days).unwrap_or(0);
    let memory_start = now
        .checked_sub(Duration::from_secs(hours * 3_600))
        .unwrap_or(UNIX_EPOCH);
    let magnetic_start = now
        .checked_sub(Duration::from_secs(days * 86_400))
        .unwrap_or(UNIX_EPOCH);
    let end = now + FUTURE_LIMIT;
    let window = |start: SystemTime, store: &str| {
        reject(format!(
            "The record timestamp is outside the time range [{}, {}) of the {store}.",
            iso8601_millis(start),
            iso8601_millis(end)
        ))
    };
    if time >= nanos_of(end) {
        return Err(window(memory_start, "memory store"));
    }
    if time >= nanos_of(memory_start) {
        return Ok(Store::Memory);
    }
    if !table.magnetic_writes_enabled() {
        return Err(window(memory_start, "memory store"));
    }
    if time >= nanos_of(magnetic_start) {
        Ok(Store::Magnetic)
    } else {
        Err(window(magnetic_start, "magnetic store"))
    }
}

/// `record` (already merged) checked against `table` at `now`, as the table would keep it.
pub(super) fn checked(
    table: &Table,
    record: Value,
    now: SystemTime,
) -> Result<StoredRecord, Rejection> {
    let measure_name = text(&record, "MeasureName")
        .ok_or_else(|| reject("The record has no MeasureName."))?
        .to_owned();
    let value = measure(&record)?;
    let time_nanos = time_nanos(&record)?;
    let mut dimensions: Vec<(String, String)> = record
        .get("Dimensions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|dimension| {
            (
                text(dimension, "Name").unwrap_or_default().to_owned(),
                text(dimension, "Value").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    dimensions.sort();
    if let Some((name, _)) = dimensions.iter().find(|(name, _)| *name == measure_name) {
        return Err(reject(format!(
            "The dimension {name} has the same name as the record's measure."
        )));
    }
    for required in table.required_dimensions() {
        if !dimensions.iter().any(|(name, _)| name == required) {
            return Err(reject(format!(
                "The record has no dimension {required}, which the table's composite partition key requires."
            )));
        }
    }
    let store = store_for(table, time_nanos, now)?;
    let version = record
        .get("Version")
        .and_then(Value::as_i64)
        .unwrap_or(DEFAULT_VERSION);
    Ok(StoredRecord {
        record,
        dimensions,
        measure_name,
        time_nanos,
        value,
        version,
        store,
    })
}

/// Writes `record` to `table`: a new record is added; a higher version replaces the one
/// written before; the same value again is accepted and changes nothing; a different value
/// without a higher version is rejected with the existing version.
pub(super) fn upsert(table: &mut Table, record: StoredRecord) -> Result<(), Rejection> {
    let Some(existing) = table
        .records
        .iter_mut()
        .find(|existing| existing.same_record(&record))
    else {
        table.records.push(record);
        return Ok(());
    };
    if record.version > existing.version {
        *existing = record;
        Ok(())
    } else if record.value == existing.value {
        Ok(())
    } else {
        Err(Rejection {
            reason: "A record with the same dimensions, time and measure name already exists with a different measure value; a higher version is needed to replace it.".into(),
            existing_version: Some(existing.version),
        })
    }
}
