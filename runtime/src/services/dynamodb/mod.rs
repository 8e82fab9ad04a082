//! DynamoDB (JSON 1.0) on dynoxide: `X-Amz-Target: DynamoDB_20120810.<Operation>` goes to
//! dynoxide's typed API; answers are made deterministic and real: our TableIds (from the
//! seeded random source), ARNs with the request's region and our account, timestamps from
//! the backend clock, keys in sorted order.

mod error;
mod handlers;
mod model;
mod pool;
mod sqlite;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use serde_json::Value;

pub use model::DynamoDbState;

use crate::models;
use crate::protocol::engine::not_emulated_message;
use crate::protocol::error::ServiceError;
use crate::services::Context;
use model::{DYNOXIDE_ARN_SCOPE, RegionTables, TableIdentity};

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
        Err(error) => return dynoxide_error(context, &error),
    };
    let Some(answer) = handlers::call(&tables.database, operation, request.body()) else {
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
        return context.error_response(&error);
    };
    match answer {
        Ok(mut value) => {
            assign_table_ids(&tables, context, operation, &mut value);
            // Sorted explicitly: with serde_json's `preserve_order` feature on anywhere in
            // the build, maps keep dynoxide's insertion order.
            value.sort_all_objects();
            let body = real_arns(&value.to_string(), context);
            json_response(StatusCode::OK, body, context, None)
        }
        Err(error) => dynoxide_error(context, &error),
    }
}

/// Puts our TableId and times in every table description. The id is drawn at
/// CreateTable (the only operation that draws a random number), remembered per table and
/// forgotten at DeleteTable.
fn assign_table_ids(
    tables: &RegionTables,
    context: &Context<'_>,
    operation: &str,
    value: &mut Value,
) {
    let now = crate::protocol::time::epoch_seconds(context.clock.now());
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
                    times: Vec::new(),
                })
                .clone(),
            "DeleteTable" => identities.remove(&name).unwrap_or_default(),
            _ => identities.get(&name).cloned().unwrap_or_default(),
        };
        if !identity.id.is_empty() {
            description.insert("TableId".to_owned(), Value::String(identity.id.clone()));
        }
        for_each_date_time(description, &mut |reported| identity.time(reported, now));
        if operation != "DeleteTable" {
            identities.insert(name, identity);
        }
    });
}

/// Rewrites every numeric `...DateTime` member, at any depth, with `rewrite`.
fn for_each_date_time(
    object: &mut serde_json::Map<String, Value>,
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
fn visit_table_descriptions(
    value: &mut Value,
    visit: &mut impl FnMut(&mut serde_json::Map<String, Value>),
) {
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

/// ARNs with the request's region and our account instead of dynoxide's placeholders.
fn real_arns(body: &str, context: &Context<'_>) -> String {
    body.replace(
        DYNOXIDE_ARN_SCOPE,
        &format!(":{}:{}:", context.route.region, context.account_id),
    )
}

fn dynoxide_error(
    context: &Context<'_>,
    error: &dynoxide::errors::DynoxideError,
) -> Response<Bytes> {
    let body = real_arns(&error.to_json(), context);
    // The SDKs take the code from this header: AWS's name, as after `#` in `__type`.
    let error_type = error.error_type();
    let code = error_type.rsplit('#').next().unwrap_or(error_type);
    json_response(error::status(error), body, context, Some(code))
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

    fn call(backend: &Backend, operation: &str, body: &str) -> Value {
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
        assert_eq!(response.status(), 200, "{:?}", response.body());
        serde_json::from_slice(response.body()).unwrap()
    }

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
}
