//! One function per Timestream Write operation, on the protocol engine's neutral JSON.
//! The engine has checked the model's constraints (required members, name lengths,
//! retention ranges, page sizes, at most 100 records) before any of these runs.

use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::error;
use super::model::{
    DEFAULT_MAGNETIC_DAYS, DEFAULT_MEMORY_HOURS, Database, Region, Table, TimestreamWriteState,
};
use super::records::{self, Store};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// The page ListDatabases and ListTables answer when the request names none (the model's
/// greatest).
const PAGE: usize = 20;
/// How long clients may keep the endpoint DescribeEndpoints answers, in minutes (AWS's).
const ENDPOINT_CACHE_MINUTES: i64 = 1_440;

fn text<'a>(input: &'a Value, name: &str) -> &'a str {
    input.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn time(instant: SystemTime) -> Value {
    seconds_value(epoch_seconds(instant))
}

fn database_arn(context: &Context<'_>, name: &str) -> String {
    format!(
        "arn:aws:timestream:{}:{}:database/{name}",
        context.route.region, context.account_id
    )
}

fn tags_of(input: &Value) -> Vec<(String, String)> {
    input
        .get("Tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|tag| (text(tag, "Key").to_owned(), text(tag, "Value").to_owned()))
        .collect()
}

fn database_json(database: &Database) -> Value {
    json!({
        "Arn": database.arn,
        "DatabaseName": database.name,
        "TableCount": database.tables.len(),
        "KmsKeyId": database.kms_key_id,
        "CreationTime": time(database.created),
        "LastUpdatedTime": time(database.updated),
    })
}

fn table_json(database: &str, table: &Table) -> Value {
    json!({
        "Arn": table.arn,
        "TableName": table.name,
        "DatabaseName": database,
        "TableStatus": "ACTIVE",
        "RetentionProperties": table.retention(),
        "CreationTime": time(table.created),
        "LastUpdatedTime": time(table.updated),
        "MagneticStoreWriteProperties": table.magnetic_writes,
        "Schema": table.schema,
    })
}

fn database<'r>(region: &'r mut Region, name: &str) -> Result<&'r mut Database, ServiceError> {
    region
        .databases
        .get_mut(name)
        .ok_or_else(|| error::database_not_found(name))
}

fn table<'r>(
    region: &'r mut Region,
    database_name: &str,
    table_name: &str,
) -> Result<&'r mut Table, ServiceError> {
    database(region, database_name)?
        .tables
        .get_mut(table_name)
        .ok_or_else(|| error::table_not_found(database_name, table_name))
}

/// One page of `items` (sorted by key) from the key `token` names, and the token of the
/// next page when there is one. Tokens are opaque to clients: the next key, encoded.
fn page(
    items: Vec<(String, Value)>,
    input: &Value,
) -> Result<(Vec<Value>, Option<String>), ServiceError> {
    let size = input
        .get("MaxResults")
        .and_then(Value::as_u64)
        .and_then(|size| usize::try_from(size).ok())
        .unwrap_or(PAGE);
    let start = match input.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => {
            let key = URL_SAFE_NO_PAD
                .decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| error::validation("The pagination token is not valid."))?;
            items.partition_point(|(item, _)| *item < key)
        }
    };
    let mut rest = items.into_iter().skip(start);
    let page: Vec<Value> = rest.by_ref().take(size).map(|(_, item)| item).collect();
    let next = rest.next().map(|(key, _)| URL_SAFE_NO_PAD.encode(key));
    Ok((page, next))
}

fn paged(member: &str, (items, next): (Vec<Value>, Option<String>)) -> Value {
    let mut out = Map::new();
    out.insert(member.into(), Value::Array(items));
    if let Some(next) = next {
        out.insert("NextToken".into(), Value::String(next));
    }
    Value::Object(out)
}

/// The schema a table is given: the request's, checked, or AWS's default (records are
/// partitioned by measure name).
fn schema_of(input: &Value) -> Result<Value, ServiceError> {
    let Some(schema) = input.get("Schema") else {
        return Ok(json!({"CompositePartitionKey": [{"Type": "MEASURE"}]}));
    };
    let keys = schema
        .get("CompositePartitionKey")
        .and_then(Value::as_array)
        .filter(|keys| !keys.is_empty())
        .ok_or_else(|| {
            error::validation("The schema needs a CompositePartitionKey with one partition key.")
        })?;
    for key in keys {
        let named = key
            .get("Name")
            .and_then(Value::as_str)
            .is_some_and(|name| !name.is_empty());
        match key.get("Type").and_then(Value::as_str) {
            Some("DIMENSION") if !named => {
                return Err(error::validation(
                    "A partition key of type DIMENSION needs the name of the dimension.",
                ));
            }
            Some("MEASURE") if named => {
                return Err(error::validation(
                    "A partition key of type MEASURE cannot have a name.",
                ));
            }
            _ => {}
        }
    }
    Ok(schema.clone())
}

/// The partition keys of a schema without their enforcement, which is all UpdateTable may
/// change.
fn partition_keys(schema: &Value) -> Vec<(Option<&str>, Option<&str>)> {
    schema
        .get("CompositePartitionKey")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|key| {
            (
                key.get("Type").and_then(Value::as_str),
                key.get("Name").and_then(Value::as_str),
            )
        })
        .collect()
}

pub(super) fn create_database(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let name = text(&input, "DatabaseName");
    let now = context.clock.now();
    state.with_region(&context.route.region, |region| {
        if region.databases.contains_key(name) {
            return Err(error::database_exists(name));
        }
        let kms_key_id = match input.get("KmsKeyId").and_then(Value::as_str) {
            Some(key) => key.to_owned(),
            None => region
                .managed_key
                .get_or_insert_with(|| {
                    format!(
                        "arn:aws:kms:{}:{}:key/{}",
                        context.route.region,
                        context.account_id,
                        context.random.uuid4()
                    )
                })
                .clone(),
        };
        let database = Database {
            arn: database_arn(context, name),
            name: name.to_owned(),
            kms_key_id,
            created: now,
            updated: now,
            tables: Default::default(),
        };
        let out = database_json(&database);
        region.tag(&database.arn, tags_of(&input));
        region.databases.insert(name.to_owned(), database);
        Ok(json!({"Database": out}))
    })
}

pub(super) fn describe_database(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = text(&input.value, "DatabaseName");
    state.with_region(&context.route.region, |region| {
        Ok(json!({"Database": database_json(database(region, name)?)}))
    })
}

pub(super) fn list_databases(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        let items = region
            .databases
            .values()
            .map(|database| (database.name.clone(), database_json(database)))
            .collect();
        Ok(paged("Databases", page(items, &input.value)?))
    })
}

pub(super) fn update_database(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = text(&input.value, "DatabaseName");
    let key = text(&input.value, "KmsKeyId");
    let now = context.clock.now();
    state.with_region(&context.route.region, |region| {
        let database = database(region, name)?;
        database.kms_key_id = key.to_owned();
        database.updated = now;
        Ok(json!({"Database": database_json(database)}))
    })
}

pub(super) fn delete_database(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = text(&input.value, "DatabaseName");
    state.with_region(&context.route.region, |region| {
        let database = database(region, name)?;
        if !database.tables.is_empty() {
            return Err(error::validation(format!(
                "The database {name} still has tables: delete them before deleting the database."
            )));
        }
        let arn = database.arn.clone();
        region.databases.remove(name);
        region.tags.remove(&arn);
        Ok(json!({}))
    })
}

pub(super) fn create_table(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let database_name = text(&input, "DatabaseName");
    let name = text(&input, "TableName");
    let now = context.clock.now();
    let schema = schema_of(&input)?;
    let retention = input.get("RetentionProperties");
    let retention_of = |member: &str, default: i64| {
        retention
            .and_then(|retention| retention.get(member))
            .and_then(Value::as_i64)
            .unwrap_or(default)
    };
    state.with_region(&context.route.region, |region| {
        let database = database(region, database_name)?;
        if database.tables.contains_key(name) {
            return Err(error::table_exists(database_name, name));
        }
        let table = Table {
            arn: format!("{}/table/{name}", database.arn),
            name: name.to_owned(),
            memory_hours: retention_of("MemoryStoreRetentionPeriodInHours", DEFAULT_MEMORY_HOURS),
            magnetic_days: retention_of(
                "MagneticStoreRetentionPeriodInDays",
                DEFAULT_MAGNETIC_DAYS,
            ),
            magnetic_writes: input
                .get("MagneticStoreWriteProperties")
                .cloned()
                .unwrap_or_else(|| json!({"EnableMagneticStoreWrites": false})),
            schema,
            created: now,
            updated: now,
            records: Vec::new(),
        };
        let out = table_json(database_name, &table);
        let arn = table.arn.clone();
        database.tables.insert(name.to_owned(), table);
        region.tag(&arn, tags_of(&input));
        Ok(json!({"Table": out}))
    })
}

pub(super) fn describe_table(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let database_name = text(&input.value, "DatabaseName");
    let name = text(&input.value, "TableName");
    state.with_region(&context.route.region, |region| {
        let table = table(region, database_name, name)?;
        Ok(json!({"Table": table_json(database_name, table)}))
    })
}

pub(super) fn list_tables(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let only = input.get("DatabaseName").and_then(Value::as_str);
    state.with_region(&context.route.region, |region| {
        if let Some(name) = only {
            database(region, name)?;
        }
        let items = region
            .databases
            .values()
            .filter(|database| only.is_none_or(|name| name == database.name))
            .flat_map(|database| {
                database.tables.values().map(|table| {
                    (
                        format!("{}/{}", database.name, table.name),
                        table_json(&database.name, table),
                    )
                })
            })
            .collect();
        Ok(paged("Tables", page(items, &input)?))
    })
}

pub(super) fn update_table(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let database_name = text(&input, "DatabaseName");
    let name = text(&input, "TableName");
    let now = context.clock.now();
    let schema = input.get("Schema").map(|_| schema_of(&input)).transpose()?;
    state.with_region(&context.route.region, |region| {
        let table = table(region, database_name, name)?;
        if let Some(schema) = &schema
            && partition_keys(schema) != partition_keys(&table.schema)
        {
            return Err(error::validation(
                "The name, type and order of a table's partition keys cannot change once it is created.",
            ));
        }
        if let Some(retention) = input.get("RetentionProperties") {
            if let Some(hours) = retention
                .get("MemoryStoreRetentionPeriodInHours")
                .and_then(Value::as_i64)
            {
                table.memory_hours = hours;
            }
            if let Some(days) = retention
                .get("MagneticStoreRetentionPeriodInDays")
                .and_then(Value::as_i64)
            {
                table.magnetic_days = days;
            }
        }
        if let Some(properties) = input.get("MagneticStoreWriteProperties") {
            table.magnetic_writes = properties.clone();
        }
        if let Some(schema) = schema {
            table.schema = schema;
        }
        table.updated = now;
        Ok(json!({"Table": table_json(database_name, table)}))
    })
}

pub(super) fn delete_table(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let database_name = text(&input.value, "DatabaseName");
    let name = text(&input.value, "TableName");
    state.with_region(&context.route.region, |region| {
        let database = database(region, database_name)?;
        let table = database
            .tables
            .remove(name)
            .ok_or_else(|| error::table_not_found(database_name, name))?;
        region.tags.remove(&table.arn);
        Ok(json!({}))
    })
}

pub(super) fn write_records(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let database_name = text(&input, "DatabaseName");
    let name = text(&input, "TableName");
    let common = input.get("CommonAttributes");
    let now = context.clock.now();
    state.with_region(&context.route.region, |region| {
        let table = table(region, database_name, name)?;
        let (mut memory, mut magnetic) = (0_u64, 0_u64);
        let mut rejected = Vec::new();
        for (index, record) in input
            .get("Records")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let written =
                records::checked(table, records::merged(common, record), now).and_then(|record| {
                    let store = record.store;
                    records::upsert(table, record).map(|()| store)
                });
            match written {
                Ok(Store::Memory) => memory += 1,
                Ok(Store::Magnetic) => magnetic += 1,
                Err(rejection) => {
                    let mut entry = json!({"RecordIndex": index, "Reason": rejection.reason});
                    if let Some(version) = rejection.existing_version {
                        entry["ExistingVersion"] = json!(version);
                    }
                    rejected.push(entry);
                }
            }
        }
        if !rejected.is_empty() {
            return Err(error::rejected_records(Value::Array(rejected)));
        }
        Ok(json!({"RecordsIngested": {
            "Total": memory + magnetic,
            "MemoryStore": memory,
            "MagneticStore": magnetic,
        }}))
    })
}

/// The endpoint clients with endpoint discovery send their requests to: this server's own
/// address (as AWS answers the address of the cell that serves the account), so that
/// discovery leads back here; AWS's regional ingest endpoint when the request came from
/// no server.
pub(super) fn describe_endpoints(
    _state: &TimestreamWriteState,
    context: &Context<'_>,
    _input: Input<'_>,
) -> Answer {
    let own = context
        .origin
        .split_once("://")
        .map_or(context.origin.as_str(), |(_, address)| address);
    let address = if own.is_empty() {
        format!("ingest.timestream.{}.amazonaws.com", context.route.region)
    } else {
        own.to_owned()
    };
    Ok(json!({"Endpoints": [{
        "Address": address,
        "CachePeriodInMinutes": ENDPOINT_CACHE_MINUTES,
    }]}))
}

/// Runs `work` on the region of the database or table `arn` names, which must exist.
fn with_resource(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    arn: &str,
    work: impl FnOnce(&mut Region) -> Answer,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        if region.has_resource(arn) {
            work(region)
        } else {
            Err(error::resource_not_found(arn))
        }
    })
}

pub(super) fn tag_resource(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = text(&input.value, "ResourceARN");
    with_resource(state, context, arn, |region| {
        region.tag(arn, tags_of(&input.value));
        Ok(json!({}))
    })
}

pub(super) fn untag_resource(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = text(&input.value, "ResourceARN");
    let keys: Vec<&str> = input
        .value
        .get("TagKeys")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    with_resource(state, context, arn, |region| {
        if let Some(tags) = region.tags.get_mut(arn) {
            tags.retain(|(key, _)| !keys.contains(&key.as_str()));
        }
        Ok(json!({}))
    })
}

pub(super) fn list_tags_for_resource(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = text(&input.value, "ResourceARN");
    with_resource(state, context, arn, |region| {
        let tags: Vec<Value> = region
            .tags
            .get(arn)
            .into_iter()
            .flatten()
            .map(|(key, value)| json!({"Key": key, "Value": value}))
            .collect();
        Ok(json!({"Tags": tags}))
    })
}
