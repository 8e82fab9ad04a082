//! What DynamoDB's answers say about a table: dynoxide's description with our TableId
//! and times, completed with the members DynamoDB gives that dynoxide leaves out
//! (`DeletionProtectionEnabled`, `WarmThroughput`, the time a table became on demand) and
//! with the stream label in DynamoDB's ISO-8601 form.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::macros::format_description;

use super::model::{RegionTables, TableIdentity};
use super::warm_throughput::Units;
use crate::services::Context;

/// Puts our TableId, times and the members dynoxide leaves out in every table description
/// of `value`, the answer to `operation` (whose request body is `request`). The id is
/// drawn at CreateTable (the only operation here that draws a random number), remembered
/// per table and forgotten at DeleteTable.
pub(super) fn rewrite(
    tables: &RegionTables,
    context: &Context<'_>,
    operation: &str,
    request: &[u8],
    value: &mut Value,
) {
    let now = crate::protocol::time::epoch_seconds(context.clock.now());
    let asked = WarmthAsked::in_request(operation, request);
    let mut identities = tables.identities();
    visit_table_descriptions(value, &mut |description| {
        let Some(name) = description
            .get("TableName")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return;
        };
        let mut identity = match operation {
            "CreateTable" => identities
                .entry(name.clone())
                .or_insert_with(|| TableIdentity {
                    id: context.random.uuid4(),
                    ..TableIdentity::default()
                })
                .clone(),
            "DeleteTable" => identities.remove(&name).unwrap_or_default(),
            _ => identities.get(&name).cloned().unwrap_or_default(),
        };
        if !identity.id.is_empty() {
            description.insert("TableId".to_owned(), Value::String(identity.id.clone()));
        }
        // dynoxide's times first: what is added below is already on our clock.
        for_each_date_time(description, &mut |reported| identity.time(reported, now));
        complete(description, &mut identity, operation, &asked, now);
        if operation != "DeleteTable" {
            identities.insert(name, identity);
        }
    });
}

/// The members DynamoDB gives that dynoxide leaves out.
fn complete(
    description: &mut Map<String, Value>,
    identity: &mut TableIdentity,
    operation: &str,
    asked: &WarmthAsked,
    now: f64,
) {
    description
        .entry("DeletionProtectionEnabled")
        .or_insert(Value::Bool(false));
    iso_stream_label(description);
    billing_mode_history(description, identity, operation, now);
    warm_throughput(description, identity, operation, asked);
}

/// DynamoDB reports when a table last became on demand, in every description but the
/// answers to CreateTable and DeleteTable; a table switched back to provisioned capacity
/// keeps a `BillingModeSummary` saying so.
fn billing_mode_history(
    description: &mut Map<String, Value>,
    identity: &mut TableIdentity,
    operation: &str,
    now: f64,
) {
    let on_demand = description
        .get("BillingModeSummary")
        .and_then(|summary| summary.get("BillingMode"))
        .and_then(Value::as_str)
        == Some("PAY_PER_REQUEST");
    if on_demand && !identity.on_demand {
        identity.pay_per_request_since = Some(now);
    }
    identity.on_demand = on_demand;
    if matches!(operation, "CreateTable" | "DeleteTable") {
        return;
    }
    let Some(since) = identity.pay_per_request_since else {
        return;
    };
    let summary = description
        .entry("BillingModeSummary")
        .or_insert_with(|| json!({"BillingMode": "PROVISIONED"}));
    if let Value::Object(summary) = summary {
        summary.insert("LastUpdateToPayPerRequestDateTime".to_owned(), json!(since));
    }
}

/// The warm throughput of the table and of each global secondary index, in the answers
/// to DescribeTable and UpdateTable, and in CreateTable's when the request asked for it.
fn warm_throughput(
    description: &mut Map<String, Value>,
    identity: &mut TableIdentity,
    operation: &str,
    asked: &WarmthAsked,
) {
    let shown = |asked: Option<Units>| {
        matches!(operation, "DescribeTable" | "UpdateTable")
            || (operation == "CreateTable" && asked.is_some())
    };
    let on_demand = identity.on_demand;
    identity.warm.raise(Units::base(on_demand, description));
    if let Some(units) = asked.table {
        identity.warm.raise(units);
    }
    if shown(asked.table) {
        description.insert(
            "WarmThroughput".to_owned(),
            identity.warm.describe(asked.table.is_some()),
        );
    }
    let Some(Value::Array(indexes)) = description.get_mut("GlobalSecondaryIndexes") else {
        identity.index_warm.clear();
        return;
    };
    let mut present = BTreeMap::new();
    for index in indexes.iter_mut() {
        let Value::Object(index) = index else {
            continue;
        };
        let Some(name) = index.get("IndexName").and_then(Value::as_str) else {
            continue;
        };
        let name = name.to_owned();
        let mut warm = identity.index_warm.get(&name).copied().unwrap_or_default();
        warm.raise(Units::base(on_demand, index));
        let index_asked = asked.indexes.get(&name).copied();
        if let Some(units) = index_asked {
            warm.raise(units);
        }
        if shown(index_asked) {
            index.insert(
                "WarmThroughput".to_owned(),
                warm.describe(index_asked.is_some()),
            );
        }
        present.insert(name, warm);
    }
    identity.index_warm = present;
}

/// The warm throughput a CreateTable or UpdateTable request asks for.
#[derive(Debug, Default)]
struct WarmthAsked {
    table: Option<Units>,
    indexes: BTreeMap<String, Units>,
}

impl WarmthAsked {
    fn in_request(operation: &str, request: &[u8]) -> WarmthAsked {
        if !matches!(operation, "CreateTable" | "UpdateTable") {
            return WarmthAsked::default();
        }
        let Ok(request) = serde_json::from_slice::<Value>(request) else {
            return WarmthAsked::default();
        };
        let mut indexes = BTreeMap::new();
        let mut index_asks = |index: &Value| {
            let name = index.get("IndexName").and_then(Value::as_str);
            if let (Some(name), Some(units)) = (name, Units::requested(index.get("WarmThroughput")))
            {
                indexes.insert(name.to_owned(), units);
            }
        };
        let listed = |member: &str| {
            request
                .get(member)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        for index in listed("GlobalSecondaryIndexes") {
            index_asks(&index);
        }
        for update in listed("GlobalSecondaryIndexUpdates") {
            for action in ["Create", "Update"] {
                if let Some(index) = update.get(action) {
                    index_asks(index);
                }
            }
        }
        WarmthAsked {
            table: Units::requested(request.get("WarmThroughput")),
            indexes,
        }
    }
}

/// dynoxide labels a stream with the epoch time it was enabled (`1704067200.000000000`);
/// DynamoDB with that time in ISO 8601 to the millisecond (`2024-01-01T00:00:00.000`),
/// which also ends the stream's ARN.
fn iso_stream_label(description: &mut Map<String, Value>) {
    let Some(label) = description
        .get("LatestStreamLabel")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let Some(iso) = label_time(&label) else {
        return;
    };
    if let Some(Value::String(arn)) = description.get_mut("LatestStreamArn")
        && let Some(table_arn) = arn.strip_suffix(&format!("/stream/{label}"))
    {
        *arn = format!("{table_arn}/stream/{iso}");
    }
    description.insert("LatestStreamLabel".to_owned(), Value::String(iso));
}

/// `seconds.fraction` since the epoch as `YYYY-MM-DDTHH:MM:SS.mmm` (UTC).
fn label_time(label: &str) -> Option<String> {
    let (seconds, fraction) = label.split_once('.').unwrap_or((label, ""));
    let seconds: u64 = seconds.parse().ok()?;
    if !fraction.chars().all(|digit| digit.is_ascii_digit()) {
        return None;
    }
    let nanos: u32 = format!("{fraction:0<9}").get(..9)?.parse().ok()?;
    let instant = UNIX_EPOCH.checked_add(Duration::new(seconds, nanos))?;
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]");
    OffsetDateTime::from(instant).format(&format).ok()
}

/// Rewrites every numeric `...DateTime` member, at any depth, with `rewrite`.
pub(super) fn for_each_date_time(
    object: &mut Map<String, Value>,
    rewrite: &mut impl FnMut(f64) -> f64,
) {
    for (key, member) in object.iter_mut() {
        match member {
            Value::Number(number) if key.ends_with("DateTime") => {
                if let Some(ours) = number
                    .as_f64()
                    .map(&mut *rewrite)
                    .and_then(serde_json::Number::from_f64)
                {
                    *member = Value::Number(ours);
                }
            }
            Value::Object(inner) => for_each_date_time(inner, rewrite),
            Value::Array(items) => {
                for item in items.iter_mut() {
                    if let Value::Object(inner) = item {
                        for_each_date_time(inner, rewrite);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Calls `visit` on every object that describes a table (has `TableName` and `TableId`).
fn visit_table_descriptions(value: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            if object.contains_key("TableName") && object.contains_key("TableId") {
                visit(object);
            }
            for child in object.values_mut() {
                visit_table_descriptions(child, visit);
            }
        }
        Value::Array(items) => {
            for item in items {
                visit_table_descriptions(item, visit);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn stream_labels_read_as_iso_times_in_the_label_and_the_arn() {
        let mut description = object(json!({
            "LatestStreamLabel": "1704067200.123456789",
            "LatestStreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/1704067200.123456789",
        }));
        iso_stream_label(&mut description);
        assert_eq!(description["LatestStreamLabel"], "2024-01-01T00:00:00.123");
        assert_eq!(
            description["LatestStreamArn"],
            "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.123"
        );
        assert_eq!(
            label_time("1704067200"),
            Some("2024-01-01T00:00:00.000".to_owned())
        );
        assert_eq!(label_time("2024-01-01T00:00:00.000"), None, "already ISO");
    }

    #[test]
    fn on_demand_tables_say_when_they_became_so_except_when_created_or_deleted() {
        let on_demand = || {
            object(
                json!({"TableName": "t", "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}}),
            )
        };
        let mut identity = TableIdentity::default();
        let mut created = on_demand();
        billing_mode_history(&mut created, &mut identity, "CreateTable", 100.0);
        assert_eq!(
            created["BillingModeSummary"],
            json!({"BillingMode": "PAY_PER_REQUEST"})
        );
        let mut described = on_demand();
        billing_mode_history(&mut described, &mut identity, "DescribeTable", 200.0);
        assert_eq!(
            described["BillingModeSummary"],
            json!({"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": 100.0})
        );
        let mut switched = object(json!({"TableName": "t"}));
        billing_mode_history(&mut switched, &mut identity, "UpdateTable", 300.0);
        assert_eq!(
            switched["BillingModeSummary"],
            json!({"BillingMode": "PROVISIONED", "LastUpdateToPayPerRequestDateTime": 100.0})
        );
        let mut provisioned = object(json!({"TableName": "p"}));
        billing_mode_history(
            &mut provisioned,
            &mut TableIdentity::default(),
            "DescribeTable",
            400.0,
        );
        assert!(!provisioned.contains_key("BillingModeSummary"));
    }

    #[test]
    fn warm_throughput_shows_where_dynamodb_shows_it() {
        let gsi = json!([{"IndexName": "g", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}]);
        let table = || {
            object(json!({
                "TableName": "t",
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                "GlobalSecondaryIndexes": gsi.clone(),
            }))
        };
        let mut identity = TableIdentity::default();
        let mut created = table();
        warm_throughput(
            &mut created,
            &mut identity,
            "CreateTable",
            &WarmthAsked::default(),
        );
        assert!(!created.contains_key("WarmThroughput"));
        assert!(
            created["GlobalSecondaryIndexes"][0]
                .get("WarmThroughput")
                .is_none()
        );
        let mut described = table();
        warm_throughput(
            &mut described,
            &mut identity,
            "DescribeTable",
            &WarmthAsked::default(),
        );
        assert_eq!(
            described["WarmThroughput"],
            json!({"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5, "Status": "ACTIVE"})
        );
        assert_eq!(
            described["GlobalSecondaryIndexes"][0]["WarmThroughput"],
            json!({"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1, "Status": "ACTIVE"})
        );
        let asked = WarmthAsked::in_request(
            "UpdateTable",
            br#"{"TableName":"t","WarmThroughput":{"ReadUnitsPerSecond":20000,"WriteUnitsPerSecond":6000}}"#,
        );
        let mut updated = table();
        warm_throughput(&mut updated, &mut identity, "UpdateTable", &asked);
        assert_eq!(
            updated["WarmThroughput"],
            json!({"ReadUnitsPerSecond": 20000, "WriteUnitsPerSecond": 6000, "Status": "UPDATING"})
        );
        let mut deleted = table();
        warm_throughput(
            &mut deleted,
            &mut identity,
            "DeleteTable",
            &WarmthAsked::default(),
        );
        assert!(!deleted.contains_key("WarmThroughput"));
    }

    #[test]
    fn creation_asks_are_read_per_index() {
        let asked = WarmthAsked::in_request(
            "CreateTable",
            br#"{"GlobalSecondaryIndexes":[{"IndexName":"g","WarmThroughput":{"ReadUnitsPerSecond":13000,"WriteUnitsPerSecond":4000}},{"IndexName":"h"}]}"#,
        );
        assert_eq!(asked.table, None);
        assert_eq!(
            asked.indexes.get("g"),
            Some(&Units {
                read: 13_000,
                write: 4_000
            })
        );
        assert!(!asked.indexes.contains_key("h"));
        assert!(
            WarmthAsked::in_request(
                "DescribeTable",
                br#"{"WarmThroughput":{"ReadUnitsPerSecond":1}}"#
            )
            .table
            .is_none()
        );
    }
}
