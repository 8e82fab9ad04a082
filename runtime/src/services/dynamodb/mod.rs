//! DynamoDB (JSON 1.0) on dynoxide: `X-Amz-Target: DynamoDB_20120810.<Operation>` goes to
//! dynoxide's typed API, or to our own code for the operations dynoxide lacks (backups,
//! point-in-time recovery, limits, endpoints); answers are made deterministic and real:
//! our TableIds and backup ids (from the seeded random source), ARNs with the request's
//! region and our account, timestamps from the backend clock, keys in sorted order.

mod account;
mod backup;
mod backups;
mod continuous_backups;
mod description;
mod error;
mod handlers;
mod model;
mod point_in_time;
mod pool;
mod source_table;
mod sqlite;
mod tags;
pub(crate) mod view;
mod warm_throughput;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use serde_json::Value;

pub use model::DynamoDbState;

use crate::models;
use crate::protocol::engine::not_emulated_message;
use crate::protocol::error::ServiceError;
use crate::services::Context;
use error::Failure;
use handlers::Call;
use model::DYNOXIDE_ARN_SCOPE;

/// The content type of every DynamoDB answer.
const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// The operations emulated here.
pub fn operations() -> &'static [&'static str] {
    handlers::OPERATIONS
}

/// Answers a DynamoDB request.
pub async fn handle(
    state: &DynamoDbState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    let operation = context.route.operation.as_deref().unwrap_or_default();
    let tables = match state.region(&context.route.region, context.clock) {
        Ok(tables) => tables,
        Err(error) => return failure_response(context, &error.into()),
    };
    let call = Call {
        operation,
        tables: &tables,
        context,
        body: request.body(),
    };
    let answer = if let Some(own) = handlers::own(operation) {
        own(&call)
    } else {
        match served_by_dynoxide(&call) {
            Some(answer) => answer,
            None => return unknown_operation(context, operation),
        }
    };
    match answer {
        Ok(mut value) => {
            // Sorted explicitly: with serde_json's `preserve_order` feature on anywhere in
            // the build, maps keep dynoxide's insertion order.
            value.sort_all_objects();
            let body = real_arns(&value.to_string(), context);
            json_response(StatusCode::OK, body, context, None)
        }
        Err(failure) => failure_response(context, &failure),
    }
}

/// dynoxide's answer to an operation it serves, its table descriptions completed as
/// DynamoDB gives them; `None` if dynoxide does not serve the operation.
fn served_by_dynoxide(call: &Call<'_>) -> Option<Result<Value, Failure>> {
    if let Err(failure) = tags::check(call) {
        return Some(Err(failure));
    }
    let answer = handlers::call(&call.tables.database, call.operation, call.body)?;
    Some(answer.map_err(Failure::from).map(|mut value| {
        description::rewrite(
            call.tables,
            call.context,
            call.operation,
            call.body,
            &mut value,
        );
        value
    }))
}

/// The answer to an operation not emulated here, naming it.
fn unknown_operation(context: &Context<'_>, operation: &str) -> Response<Bytes> {
    let message = if models::dynamodb::MODEL.operation(operation).is_some() {
        not_emulated_message(
            "DynamoDB",
            operation,
            handlers::OPERATIONS.len(),
            &models::dynamodb::MODEL,
        )
    } else {
        format!("DynamoDB has no operation {operation}")
    };
    let error = ServiceError::new(
        StatusCode::BAD_REQUEST,
        "UnknownOperationException",
        message,
    );
    context.error_response(&error)
}

/// ARNs with the request's region and our account instead of dynoxide's placeholders.
fn real_arns(body: &str, context: &Context<'_>) -> String {
    body.replace(
        DYNOXIDE_ARN_SCOPE,
        &format!(":{}:{}:", context.route.region, context.account_id),
    )
}

fn failure_response(context: &Context<'_>, failure: &Failure) -> Response<Bytes> {
    let body = real_arns(&failure.body(), context);
    // The SDKs take the code from this header: AWS's name, as after `#` in `__type`.
    json_response(failure.status(), body, context, Some(failure.code()))
}

fn json_response(
    status: StatusCode,
    body: String,
    context: &Context<'_>,
    error_code: Option<&str>,
) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    if let Ok(value) = HeaderValue::from_str(context.request_id) {
        headers.insert("x-amzn-requestid", value);
    }
    if let Some(code) = error_code
        && let Ok(value) = HeaderValue::from_str(code)
    {
        headers.insert("x-amzn-errortype", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use bytes::Bytes;
    use http::Request;
    use serde_json::Value;

    use crate::backend::{Backend, BackendOptions};
    use crate::clock::Clock;

    /// The status, error code (from `x-amzn-errortype`) and body of `operation`'s answer.
    fn answer(backend: &Backend, operation: &str, body: &str) -> (u16, Option<String>, Value) {
        let request = Request::post("http://localhost:5000/")
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", format!("DynamoDB_20120810.{operation}"))
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20000101/us-east-1/dynamodb/aws4_request, \
                 SignedHeaders=host, Signature=0",
            )
            .body(Bytes::from(body.to_owned()))
            .unwrap();
        let response = pollster::block_on(backend.handle(request));
        let code = response
            .headers()
            .get("x-amzn-errortype")
            .map(|code| code.to_str().unwrap().to_owned());
        let body = serde_json::from_slice(response.body()).unwrap();
        (response.status().as_u16(), code, body)
    }

    fn call(backend: &Backend, operation: &str, body: &str) -> Value {
        let (status, _, body) = answer(backend, operation, body);
        assert_eq!(status, 200, "{body}");
        body
    }

    /// The error code and message of a failed `operation`.
    fn failure(backend: &Backend, operation: &str, body: &str) -> (String, String) {
        let (status, code, body) = answer(backend, operation, body);
        assert_eq!(status, 400, "{body}");
        let code = code.unwrap();
        assert!(
            body["__type"]
                .as_str()
                .unwrap()
                .ends_with(&format!("#{code}")),
            "{body}"
        );
        (
            code,
            body["message"].as_str().unwrap_or_default().to_owned(),
        )
    }

    /// A backend seeded with 42 on a virtual clock at 2024-01-01T00:00:00Z.
    fn seeded() -> Backend {
        Backend::new(BackendOptions {
            seed: Some(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
            ..BackendOptions::default()
        })
    }

    const LEDGER: &str = r#"{"TableName":"ledger","BillingMode":"PAY_PER_REQUEST",
        "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
        "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}]}"#;

    /// Every object's keys in sorted order, at every level.
    fn assert_sorted(value: &Value) {
        match value {
            Value::Object(object) => {
                let keys: Vec<&String> = object.keys().collect();
                let mut sorted = keys.clone();
                sorted.sort();
                assert_eq!(keys, sorted);
                object.values().for_each(assert_sorted);
            }
            Value::Array(items) => items.iter().for_each(assert_sorted),
            _ => {}
        }
    }

    /// With serde_json's `preserve_order` on (CI runs these tests so too), parsing keeps
    /// the order of the answer's bytes, so this checks what was sent.
    #[test]
    fn answers_list_their_keys_in_sorted_order() {
        let backend = Arc::new(Backend::new(BackendOptions {
            seed: Some(42),
            ..BackendOptions::default()
        }));
        let created = call(
            &backend,
            "CreateTable",
            r#"{"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
                "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
                "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}]}"#,
        );
        assert_sorted(&created);
        call(
            &backend,
            "PutItem",
            r#"{"TableName":"orders","Item":{"id":{"S":"o-1"},"total":{"N":"42"},"a":{"S":"x"}}}"#,
        );
        assert_sorted(&call(
            &backend,
            "DescribeTable",
            r#"{"TableName":"orders"}"#,
        ));
        let item = call(
            &backend,
            "GetItem",
            r#"{"TableName":"orders","Key":{"id":{"S":"o-1"}}}"#,
        );
        assert_sorted(&item);
        assert!(item["Item"]["total"]["N"] == "42", "{item}");
    }

    #[test]
    fn backups_are_created_listed_described_and_deleted() {
        let backend = seeded();
        call(&backend, "CreateTable", LEDGER);
        call(
            &backend,
            "PutItem",
            r#"{"TableName":"ledger","Item":{"id":{"S":"a"}}}"#,
        );
        let created = call(
            &backend,
            "CreateBackup",
            r#"{"TableName":"ledger","BackupName":"nightly"}"#,
        );
        let details = &created["BackupDetails"];
        let arn = details["BackupArn"].as_str().unwrap().to_owned();
        let prefix = "arn:aws:dynamodb:us-east-1:123456789012:table/ledger/backup/01704067200000-";
        let suffix = arn.strip_prefix(prefix).unwrap();
        assert!(
            suffix.len() == 8 && suffix.chars().all(|c| c.is_ascii_hexdigit()),
            "{arn}"
        );
        assert_eq!(details["BackupStatus"], "CREATING");
        assert_eq!(details["BackupType"], "USER");
        assert_eq!(details["BackupCreationDateTime"], 1_704_067_200.0);
        assert!(
            details["BackupSizeBytes"].as_u64().unwrap() > 0,
            "{details}"
        );

        let listed = call(&backend, "ListBackups", r#"{"TableName":"ledger"}"#);
        let summaries = listed["BackupSummaries"].as_array().unwrap();
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0]["BackupArn"], arn.as_str());
        assert_eq!(summaries[0]["BackupStatus"], "AVAILABLE");
        let table_id =
            call(&backend, "DescribeTable", r#"{"TableName":"ledger"}"#)["Table"]["TableId"]
                .clone();
        assert_eq!(summaries[0]["TableId"], table_id);
        let other_table = call(&backend, "ListBackups", r#"{"TableName":"other"}"#);
        assert_eq!(other_table["BackupSummaries"], serde_json::json!([]));
        let system_only = call(&backend, "ListBackups", r#"{"BackupType":"SYSTEM"}"#);
        assert_eq!(system_only["BackupSummaries"], serde_json::json!([]));

        let request = format!(r#"{{"BackupArn":"{arn}"}}"#);
        let described = call(&backend, "DescribeBackup", &request);
        let description = &described["BackupDescription"];
        assert_eq!(description["BackupDetails"]["BackupStatus"], "AVAILABLE");
        assert_eq!(description["SourceTableDetails"]["TableId"], table_id);
        assert_eq!(description["SourceTableDetails"]["ItemCount"], 1);
        assert_eq!(
            description["SourceTableDetails"]["BillingMode"],
            "PAY_PER_REQUEST"
        );
        assert_eq!(
            description["SourceTableFeatureDetails"],
            serde_json::json!({})
        );

        let deleted = call(&backend, "DeleteBackup", &request);
        assert_eq!(
            deleted["BackupDescription"]["BackupDetails"]["BackupStatus"],
            "DELETED"
        );
        let (code, message) = failure(&backend, "DescribeBackup", &request);
        assert_eq!(code, "BackupNotFoundException");
        assert_eq!(message, format!("Backup not found: {arn}"));
        assert_eq!(
            failure(&backend, "DeleteBackup", &request).0,
            "BackupNotFoundException"
        );
    }

    #[test]
    fn backups_page_by_arn_and_outlive_their_table() {
        let backend = seeded();
        call(&backend, "CreateTable", LEDGER);
        let arns: Vec<String> = (0..3)
            .map(|_| {
                let created = call(
                    &backend,
                    "CreateBackup",
                    r#"{"TableName":"arn:aws:dynamodb:us-east-1:123456789012:table/ledger","BackupName":"b-1"}"#,
                );
                created["BackupDetails"]["BackupArn"].as_str().unwrap().to_owned()
            })
            .collect();
        let mut sorted = arns.clone();
        sorted.sort();
        call(&backend, "DeleteTable", r#"{"TableName":"ledger"}"#);
        let first = call(&backend, "ListBackups", r#"{"Limit":2}"#);
        let page: Vec<&str> = first["BackupSummaries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|summary| summary["BackupArn"].as_str().unwrap())
            .collect();
        assert_eq!(page, [sorted[0].as_str(), sorted[1].as_str()]);
        assert_eq!(first["LastEvaluatedBackupArn"], sorted[1].as_str());
        let rest = call(
            &backend,
            "ListBackups",
            &format!(r#"{{"Limit":2,"ExclusiveStartBackupArn":"{}"}}"#, sorted[1]),
        );
        assert_eq!(rest["BackupSummaries"][0]["BackupArn"], sorted[2].as_str());
        assert!(rest.get("LastEvaluatedBackupArn").is_none(), "{rest}");
        let before = call(
            &backend,
            "ListBackups",
            r#"{"TimeRangeUpperBound":1704067200}"#,
        );
        assert_eq!(
            before["BackupSummaries"],
            serde_json::json!([]),
            "upper bound is exclusive"
        );
    }

    #[test]
    fn operations_on_backups_of_a_missing_table_answer_table_not_found() {
        let backend = seeded();
        for (operation, body) in [
            (
                "CreateBackup",
                r#"{"TableName":"missing","BackupName":"nope"}"#,
            ),
            ("DescribeContinuousBackups", r#"{"TableName":"missing"}"#),
            (
                "UpdateContinuousBackups",
                r#"{"TableName":"missing","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}}"#,
            ),
        ] {
            let (code, message) = failure(&backend, operation, body);
            assert_eq!(code, "TableNotFoundException", "{operation}");
            assert_eq!(message, "Table not found: missing", "{operation}");
        }
    }

    #[test]
    fn our_operations_check_the_model_and_read_only_json() {
        let backend = seeded();
        let (code, message) = failure(
            &backend,
            "UpdateContinuousBackups",
            r#"{"TableName":"ledger"}"#,
        );
        assert_eq!(code, "ValidationException");
        assert_eq!(
            message,
            "1 validation error detected: Value null at 'pointInTimeRecoverySpecification' \
             failed to satisfy constraint: Member must not be null"
        );
        let (code, message) = failure(
            &backend,
            "CreateBackup",
            r#"{"TableName":"ledger","BackupName":"x"}"#,
        );
        assert_eq!(code, "ValidationException");
        assert!(message.contains("'backupName'"), "{message}");
        let (code, _) = failure(&backend, "DescribeBackup", r#"{"BackupArn":5}"#);
        assert_eq!(code, "SerializationException");
        let (code, _) = failure(&backend, "DescribeLimits", "not json");
        assert_eq!(code, "SerializationException");
    }

    #[test]
    fn point_in_time_recovery_turns_on_and_off() {
        let backend = seeded();
        call(&backend, "CreateTable", LEDGER);
        let initial = call(
            &backend,
            "DescribeContinuousBackups",
            r#"{"TableName":"ledger"}"#,
        );
        assert_eq!(
            initial["ContinuousBackupsDescription"],
            serde_json::json!({
                "ContinuousBackupsStatus": "ENABLED",
                "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}
            })
        );
        let enabled = call(
            &backend,
            "UpdateContinuousBackups",
            r#"{"TableName":"ledger","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":7}}"#,
        );
        let recovery = &enabled["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"];
        assert_eq!(recovery["PointInTimeRecoveryStatus"], "ENABLED");
        assert_eq!(recovery["RecoveryPeriodInDays"], 7);
        assert_eq!(recovery["EarliestRestorableDateTime"], 1_704_067_200.0);
        assert_eq!(recovery["LatestRestorableDateTime"], 1_704_067_200.0);
        let described = call(
            &backend,
            "DescribeContinuousBackups",
            r#"{"TableName":"ledger"}"#,
        );
        assert_eq!(described, enabled);
        let disabled = call(
            &backend,
            "UpdateContinuousBackups",
            r#"{"TableName":"ledger","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":false}}"#,
        );
        assert_eq!(disabled, initial);
    }

    #[test]
    fn limits_and_endpoints_are_the_accounts_and_regions() {
        let backend = seeded();
        let limits = call(&backend, "DescribeLimits", "{}");
        assert_eq!(limits["AccountMaxReadCapacityUnits"], 80_000);
        assert_eq!(limits["TableMaxWriteCapacityUnits"], 40_000);
        let endpoints = call(&backend, "DescribeEndpoints", "");
        assert_eq!(
            endpoints["Endpoints"],
            serde_json::json!([{"Address": "dynamodb.us-east-1.amazonaws.com", "CachePeriodInMinutes": 1440}])
        );
    }

    #[test]
    fn tagging_looks_in_the_arns_account_and_region() {
        let backend = seeded();
        call(&backend, "CreateTable", LEDGER);
        let ours = "arn:aws:dynamodb:us-east-1:123456789012:table/ledger";
        let tags = call(
            &backend,
            "ListTagsOfResource",
            &format!(r#"{{"ResourceArn":"{ours}"}}"#),
        );
        assert_eq!(tags["Tags"], serde_json::json!([]));
        for arn in [
            "arn:aws:dynamodb:us-east-1:123456789012:table/missing",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/ledger",
        ] {
            for operation in ["ListTagsOfResource", "UntagResource"] {
                let body = format!(r#"{{"ResourceArn":"{arn}","TagKeys":["k"]}}"#);
                let (code, message) = failure(&backend, operation, &body);
                assert_eq!(code, "ResourceNotFoundException", "{operation} {arn}");
                assert_eq!(
                    message,
                    format!("Requested resource not found: ResourcArn: {arn} not found")
                );
            }
        }
        let theirs = "arn:aws:dynamodb:us-east-1:210987654321:table/ledger";
        let (code, message) = failure(
            &backend,
            "TagResource",
            &format!(r#"{{"ResourceArn":"{theirs}","Tags":[{{"Key":"k","Value":"v"}}]}}"#),
        );
        assert_eq!(code, "AccessDeniedException");
        assert!(message.contains("dynamodb:TagResource on resource: arn:aws:dynamodb:us-east-1:210987654321:table/ledger"), "{message}");
        assert!(message.contains("arn:aws:iam::123456789012:"), "{message}");
    }
}
