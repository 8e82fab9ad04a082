//! Timestream Write through the engine: awsJson 1.0 requests in, wire answers out, on one
//! region seeded with 42 and a virtual clock at 2024-01-01T00:00:00Z.

use std::time::Duration;

use bytes::Bytes;
use http::Request;
use serde_json::{Value, json};

use super::{SERVICE, TimestreamWriteState};
use crate::clock::Clock;
use crate::protocol::error::Protocol;
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, Route, ServiceStates};

/// The virtual clock's start, in milliseconds since the epoch.
const NOW_MS: i64 = 1_704_067_200_000;

struct Backend {
    state: TimestreamWriteState,
    random: MockRandom,
    clock: Clock,
}

impl Backend {
    fn new() -> Backend {
        Backend {
            state: TimestreamWriteState::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        }
    }

    /// The status and JSON body of `operation` with `input`.
    fn call(&self, operation: &str, input: Value) -> (u16, Value) {
        let route = Route {
            service: "timestream".into(),
            region: "us-east-1".into(),
            protocol: Protocol::AwsJson1_0 {
                query_compatible: false,
            },
            operation: Some(operation.to_owned()),
        };
        let services = ServiceStates::default();
        let context = Context {
            random: &self.random,
            clock: &self.clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://127.0.0.1:41234".into(),
            services: &services,
        };
        let request = Request::post("/")
            .header("x-amz-target", format!("Timestream_20181101.{operation}"))
            .header("content-type", "application/x-amz-json-1.0")
            .body(Bytes::from(input.to_string()))
            .unwrap();
        let response = pollster::block_on(SERVICE.serve(&self.state, &context, &request));
        let status = response.status().as_u16();
        let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
        (status, body)
    }

    fn ok(&self, operation: &str, input: Value) -> Value {
        let (status, body) = self.call(operation, input);
        assert_eq!(status, 200, "{operation}: {body}");
        body
    }

    fn error(&self, operation: &str, input: Value) -> Value {
        let (status, body) = self.call(operation, input);
        assert_eq!(status, 400, "{operation}: {body}");
        body
    }

    fn code(&self, operation: &str, input: Value) -> String {
        self.error(operation, input)["__type"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Database `db` with table `metrics` (defaults, unless `table` adds settings).
    fn with_table(table: Value) -> Backend {
        let backend = Backend::new();
        backend.ok("CreateDatabase", json!({"DatabaseName": "db"}));
        let mut input = json!({"DatabaseName": "db", "TableName": "metrics"});
        if let (Value::Object(input), Value::Object(extra)) = (&mut input, table) {
            input.extend(extra);
        }
        backend.ok("CreateTable", input);
        backend
    }

    fn write(&self, records: Value) -> (u16, Value) {
        self.call(
            "WriteRecords",
            json!({"DatabaseName": "db", "TableName": "metrics", "Records": records}),
        )
    }
}

fn cpu(time_ms: i64, value: &str, version: Option<i64>) -> Value {
    let mut record = json!({
        "Dimensions": [{"Name": "host", "Value": "web-1"}],
        "MeasureName": "cpu",
        "MeasureValue": value,
        "MeasureValueType": "DOUBLE",
        "Time": time_ms.to_string(),
    });
    if let Some(version) = version {
        record["Version"] = json!(version);
    }
    record
}

#[test]
fn a_database_gets_the_regions_managed_key_and_counts_its_tables() {
    let backend = Backend::new();
    let created = backend.ok(
        "CreateDatabase",
        json!({"DatabaseName": "telemetry", "Tags": [{"Key": "team", "Value": "ops"}]}),
    );
    // Seed 42's first uuid4, pinned: every database without a key shares it.
    let key = "arn:aws:kms:us-east-1:123456789012:key/54902dec-d766-4f09-9d2d-08f0f01c1be4";
    assert_eq!(
        created,
        json!({"Database": {
            "Arn": "arn:aws:timestream:us-east-1:123456789012:database/telemetry",
            "DatabaseName": "telemetry",
            "TableCount": 0,
            "KmsKeyId": key,
            "CreationTime": 1_704_067_200,
            "LastUpdatedTime": 1_704_067_200,
        }})
    );
    let other = backend.ok("CreateDatabase", json!({"DatabaseName": "other"}));
    assert_eq!(other["Database"]["KmsKeyId"], key);
    let own = backend.ok(
        "CreateDatabase",
        json!({"DatabaseName": "own", "KmsKeyId": "alias/mine"}),
    );
    assert_eq!(own["Database"]["KmsKeyId"], "alias/mine");
    assert_eq!(
        backend.code("CreateDatabase", json!({"DatabaseName": "telemetry"})),
        "ConflictException"
    );
    backend.ok(
        "CreateTable",
        json!({"DatabaseName": "telemetry", "TableName": "cpu"}),
    );
    let described = backend.ok("DescribeDatabase", json!({"DatabaseName": "telemetry"}));
    assert_eq!(described["Database"]["TableCount"], 1);
    backend.clock.advance(Duration::from_secs(60)).unwrap();
    let updated = backend.ok(
        "UpdateDatabase",
        json!({"DatabaseName": "telemetry", "KmsKeyId": "alias/new"}),
    );
    assert_eq!(updated["Database"]["KmsKeyId"], "alias/new");
    assert_eq!(updated["Database"]["LastUpdatedTime"], 1_704_067_260);
    assert_eq!(updated["Database"]["CreationTime"], 1_704_067_200);
    let missing = backend.error("DescribeDatabase", json!({"DatabaseName": "nope"}));
    assert_eq!(
        missing,
        json!({"__type": "ResourceNotFoundException", "message": "The database nope does not exist."})
    );
}

#[test]
fn a_database_with_tables_cannot_be_deleted() {
    let backend = Backend::with_table(json!({}));
    assert_eq!(
        backend.code("DeleteDatabase", json!({"DatabaseName": "db"})),
        "ValidationException"
    );
    backend.ok(
        "DeleteTable",
        json!({"DatabaseName": "db", "TableName": "metrics"}),
    );
    assert_eq!(
        backend.code(
            "DeleteTable",
            json!({"DatabaseName": "db", "TableName": "metrics"})
        ),
        "ResourceNotFoundException"
    );
    backend.ok("DeleteDatabase", json!({"DatabaseName": "db"}));
    assert_eq!(
        backend.code("DeleteDatabase", json!({"DatabaseName": "db"})),
        "ResourceNotFoundException"
    );
}

#[test]
fn databases_and_tables_come_in_pages() {
    let backend = Backend::new();
    for name in ["aaa", "bbb", "ccc"] {
        backend.ok("CreateDatabase", json!({"DatabaseName": name}));
        for table in ["t1", "t2"] {
            backend.ok(
                "CreateTable",
                json!({"DatabaseName": name, "TableName": table}),
            );
        }
    }
    let first = backend.ok("ListDatabases", json!({"MaxResults": 2}));
    let names = |page: &Value, member: &str, key: &str| -> Vec<String> {
        page[member]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item[key].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&first, "Databases", "DatabaseName"), ["aaa", "bbb"]);
    let token = first["NextToken"].as_str().unwrap();
    let second = backend.ok(
        "ListDatabases",
        json!({"MaxResults": 2, "NextToken": token}),
    );
    assert_eq!(names(&second, "Databases", "DatabaseName"), ["ccc"]);
    assert!(second.get("NextToken").is_none());
    let all = backend.ok("ListTables", json!({"MaxResults": 5}));
    assert_eq!(all["Tables"].as_array().unwrap().len(), 5);
    let rest = backend.ok(
        "ListTables",
        json!({"NextToken": all["NextToken"].as_str().unwrap()}),
    );
    assert_eq!(names(&rest, "Tables", "DatabaseName"), ["ccc"]);
    let one = backend.ok("ListTables", json!({"DatabaseName": "bbb"}));
    assert_eq!(names(&one, "Tables", "TableName"), ["t1", "t2"]);
    assert_eq!(
        backend.code("ListTables", json!({"DatabaseName": "zzz"})),
        "ResourceNotFoundException"
    );
    assert_eq!(
        backend.code("ListDatabases", json!({"MaxResults": 21})),
        "ValidationException"
    );
    assert_eq!(
        backend.code("ListDatabases", json!({"NextToken": "!!"})),
        "ValidationException"
    );
}

#[test]
fn tables_have_aws_defaults_and_update_only_what_is_given() {
    let backend = Backend::with_table(json!({}));
    let described = backend.ok(
        "DescribeTable",
        json!({"DatabaseName": "db", "TableName": "metrics"}),
    );
    assert_eq!(
        described,
        json!({"Table": {
            "Arn": "arn:aws:timestream:us-east-1:123456789012:database/db/table/metrics",
            "TableName": "metrics",
            "DatabaseName": "db",
            "TableStatus": "ACTIVE",
            "RetentionProperties": {
                "MemoryStoreRetentionPeriodInHours": 6,
                "MagneticStoreRetentionPeriodInDays": 73000,
            },
            "CreationTime": 1_704_067_200,
            "LastUpdatedTime": 1_704_067_200,
            "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": false},
            "Schema": {"CompositePartitionKey": [{"Type": "MEASURE"}]},
        }})
    );
    let updated = backend.ok(
        "UpdateTable",
        json!({"DatabaseName": "db", "TableName": "metrics",
               "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}}),
    );
    assert_eq!(
        updated["Table"]["RetentionProperties"]["MemoryStoreRetentionPeriodInHours"],
        6
    );
    assert_eq!(
        updated["Table"]["MagneticStoreWriteProperties"]["EnableMagneticStoreWrites"],
        true
    );
    assert_eq!(
        backend.code(
            "UpdateTable",
            json!({"DatabaseName": "db", "TableName": "metrics",
                   "RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 9000,
                                           "MagneticStoreRetentionPeriodInDays": 1}})
        ),
        "ValidationException"
    );
    assert_eq!(
        backend.code(
            "UpdateTable",
            json!({"DatabaseName": "db", "TableName": "metrics",
                   "Schema": {"CompositePartitionKey": [{"Type": "DIMENSION", "Name": "host"}]}})
        ),
        "ValidationException"
    );
    assert_eq!(
        backend.code(
            "CreateTable",
            json!({"DatabaseName": "db", "TableName": "metrics"})
        ),
        "ConflictException"
    );
    assert_eq!(
        backend.code(
            "CreateTable",
            json!({"DatabaseName": "db", "TableName": "keyed",
                   "Schema": {"CompositePartitionKey": [{"Type": "DIMENSION"}]}})
        ),
        "ValidationException"
    );
    assert_eq!(
        backend.code(
            "CreateTable",
            json!({"DatabaseName": "none", "TableName": "metrics"})
        ),
        "ResourceNotFoundException"
    );
}

#[test]
fn records_merge_common_attributes_and_count_by_store() {
    let backend = Backend::with_table(json!({}));
    let written = backend.ok(
        "WriteRecords",
        json!({
            "DatabaseName": "db", "TableName": "metrics",
            "CommonAttributes": {
                "Dimensions": [{"Name": "region", "Value": "eu"}, {"Name": "host", "Value": "any"}],
                "MeasureValueType": "BIGINT", "TimeUnit": "SECONDS",
                "Time": (NOW_MS / 1000).to_string(),
            },
            "Records": [
                {"Dimensions": [{"Name": "host", "Value": "web-1"}], "MeasureName": "requests", "MeasureValue": "12"},
                {"MeasureName": "up", "MeasureValue": "true", "MeasureValueType": "BOOLEAN"},
                {"MeasureName": "load", "MeasureValueType": "MULTI", "MeasureValues": [
                    {"Name": "avg", "Value": "0.5", "Type": "DOUBLE"},
                    {"Name": "peak", "Value": "3", "Type": "BIGINT"},
                ]},
            ],
        }),
    );
    assert_eq!(
        written,
        json!({"RecordsIngested": {"Total": 3, "MemoryStore": 3, "MagneticStore": 0}})
    );
    let records = backend.state.with_region("us-east-1", |region| {
        region.databases["db"].tables["metrics"].records.clone()
    });
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[0].dimensions,
        vec![
            ("host".to_owned(), "web-1".to_owned()),
            ("region".to_owned(), "eu".to_owned())
        ]
    );
    assert_eq!(records[0].time_nanos, i128::from(NOW_MS) * 1_000_000);
    assert_eq!(records[0].record["MeasureValueType"], "BIGINT");
    assert_eq!(records[1].record["MeasureValueType"], "BOOLEAN");
}

#[test]
fn a_higher_version_replaces_a_record_and_a_conflict_is_rejected() {
    let backend = Backend::with_table(json!({}));
    backend.ok(
        "WriteRecords",
        json!({"DatabaseName": "db", "TableName": "metrics",
        "Records": [cpu(NOW_MS, "1.5", None)]}),
    );
    // The same value again is accepted and changes nothing.
    let (status, _) = backend.write(json!([cpu(NOW_MS, "1.5", None)]));
    assert_eq!(status, 200);
    let (status, body) = backend.write(json!([
        cpu(NOW_MS - 1, "9", None),
        cpu(NOW_MS, "2.5", None)
    ]));
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "RejectedRecordsException");
    assert_eq!(
        body["message"],
        "One or more records have been rejected. See RejectedRecords for details."
    );
    let rejected = body["RejectedRecords"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["RecordIndex"], 1);
    assert_eq!(rejected[0]["ExistingVersion"], 1);
    // The valid record of the rejected request was written.
    let (status, body) = backend.write(json!([cpu(NOW_MS, "2.5", Some(2))]));
    assert_eq!(status, 200, "{body}");
    let (_, body) = backend.write(json!([cpu(NOW_MS, "3.5", Some(2))]));
    assert_eq!(body["RejectedRecords"][0]["ExistingVersion"], 2);
    let values: Vec<(i128, Value, i64)> = backend.state.with_region("us-east-1", |region| {
        region.databases["db"].tables["metrics"]
            .records
            .iter()
            .map(|record| {
                (
                    record.time_nanos,
                    record.record["MeasureValue"].clone(),
                    record.version,
                )
            })
            .collect()
    });
    assert_eq!(
        values,
        vec![
            (i128::from(NOW_MS) * 1_000_000, json!("2.5"), 2),
            (i128::from(NOW_MS - 1) * 1_000_000, json!("9"), 1)
        ]
    );
}

#[test]
fn records_outside_the_retention_windows_or_with_bad_values_are_rejected() {
    let backend = Backend::with_table(json!({
        "RetentionProperties": {"MemoryStoreRetentionPeriodInHours": 1, "MagneticStoreRetentionPeriodInDays": 2},
    }));
    let two_hours_ago = NOW_MS - 2 * 3_600_000;
    let (_, body) = backend.write(json!([
        cpu(two_hours_ago, "1", None),
        cpu(NOW_MS + 16 * 60_000, "1", None),
        cpu(NOW_MS, "abc", None),
        {"MeasureName": "m", "MeasureValue": "1", "Time": "soon"},
        {"MeasureName": "m", "MeasureValueType": "MULTI", "MeasureValue": "1", "Time": NOW_MS.to_string()},
    ]));
    let reasons: Vec<&str> = body["RejectedRecords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rejected| rejected["Reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons[0],
        "The record timestamp is outside the time range [2023-12-31T23:00:00.000Z, 2024-01-01T00:15:00.000Z) of the memory store."
    );
    assert_eq!(reasons[1], reasons[0]);
    assert_eq!(reasons[2], "The measure value abc is not a valid DOUBLE.");
    assert_eq!(reasons[3], "The record time soon is not a whole number.");
    assert!(reasons[4].contains("MeasureValues"), "{}", reasons[4]);

    backend.ok(
        "UpdateTable",
        json!({"DatabaseName": "db", "TableName": "metrics",
               "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": true}}),
    );
    let (status, body) = backend.write(json!([
        cpu(two_hours_ago, "1", None),
        cpu(NOW_MS, "1", None)
    ]));
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"RecordsIngested": {"Total": 2, "MemoryStore": 1, "MagneticStore": 1}})
    );
    let (_, body) = backend.write(json!([cpu(NOW_MS - 3 * 86_400_000, "1", None)]));
    assert!(
        body["RejectedRecords"][0]["Reason"]
            .as_str()
            .unwrap()
            .ends_with("of the magnetic store."),
        "{body}"
    );
}

#[test]
fn the_schemas_required_dimensions_are_enforced() {
    let backend = Backend::with_table(json!({
        "Schema": {"CompositePartitionKey": [{"Type": "DIMENSION", "Name": "tenant", "EnforcementInRecord": "REQUIRED"}]},
    }));
    let (_, body) = backend.write(json!([cpu(NOW_MS, "1", None)]));
    assert_eq!(body["RejectedRecords"][0]["RecordIndex"], 0);
    let mut record = cpu(NOW_MS, "1", None);
    record["Dimensions"] = json!([{"Name": "tenant", "Value": "a"}]);
    let (status, _) = backend.write(json!([record]));
    assert_eq!(status, 200);
    assert_eq!(
        backend.code(
            "WriteRecords",
            json!({"DatabaseName": "db", "TableName": "none", "Records": [cpu(NOW_MS, "1", None)]})
        ),
        "ResourceNotFoundException"
    );
}

#[test]
fn tags_belong_to_existing_databases_and_tables() {
    let backend = Backend::new();
    backend.ok(
        "CreateDatabase",
        json!({"DatabaseName": "db", "Tags": [{"Key": "a", "Value": "1"}]}),
    );
    let arn = "arn:aws:timestream:us-east-1:123456789012:database/db";
    backend.ok(
        "TagResource",
        json!({"ResourceARN": arn, "Tags": [{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}]}),
    );
    backend.ok(
        "UntagResource",
        json!({"ResourceARN": arn, "TagKeys": ["b"]}),
    );
    assert_eq!(
        backend.ok("ListTagsForResource", json!({"ResourceARN": arn})),
        json!({"Tags": [{"Key": "a", "Value": "2"}]})
    );
    let missing = format!("{arn}/table/none");
    assert_eq!(
        backend.code("ListTagsForResource", json!({"ResourceARN": missing})),
        "ResourceNotFoundException"
    );
    assert_eq!(
        backend.code(
            "TagResource",
            json!({"ResourceARN": missing, "Tags": [{"Key": "a", "Value": "1"}]})
        ),
        "ResourceNotFoundException"
    );
}

#[test]
fn endpoint_discovery_leads_back_to_this_server() {
    let backend = Backend::new();
    assert_eq!(
        backend.ok("DescribeEndpoints", json!({})),
        json!({"Endpoints": [{"Address": "127.0.0.1:41234", "CachePeriodInMinutes": 1440}]})
    );
}

#[test]
fn timestream_query_operations_are_named_as_not_emulated() {
    let backend = Backend::new();
    let route = Route {
        service: "timestream".into(),
        region: "us-east-1".into(),
        protocol: Protocol::AwsJson1_0 {
            query_compatible: false,
        },
        operation: Some("Query".into()),
    };
    let services = ServiceStates::default();
    let context = Context {
        random: &backend.random,
        clock: &backend.clock,
        route: &route,
        request_id: "req-1",
        account_id: ACCOUNT_ID,
        origin: String::new(),
        services: &services,
    };
    let request = Request::post("/")
        .header("x-amz-target", "Timestream_20181101.Query")
        .body(Bytes::from_static(b"{\"QueryString\": \"SELECT 1\"}"))
        .unwrap();
    let response = pollster::block_on(super::handle(&backend.state, &context, request));
    assert_eq!(response.status(), 400);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body["__type"], "UnknownOperationException");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("does not emulate the Timestream Query operation Query"),
        "{body}"
    );
}
