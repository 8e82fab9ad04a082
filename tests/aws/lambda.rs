//! Lambda through aws-sdk-lambda: the restJson1 protocol end to end (URI labels,
//! querystring and header members, status codes, blob payloads, errors), and Rust
//! handlers invoked in process.

use aws_sdk_lambda::error::ProvideErrorMetadata as _;
use aws_sdk_lambda::operation::RequestId as _;
use aws_sdk_lambda::primitives::Blob;
use std::sync::{Arc, Mutex};

use aws_sdk_lambda::types::{
    Environment, FunctionCode, FunctionResponseType, InvocationType, LogType, Runtime,
};
use aws_sdk_sqs::types::{MessageAttributeValue, QueueAttributeName, SendMessageBatchRequestEntry};
use moto_recorded::recording::Recording;
use moto_recorded::server::Server;
use moto_recorded::{BackendKind, LambdaError, LambdaHandler, Moto, moto_recorded};
use serde_json::{Value, json};

use crate::interop::{moto_server, replay_in_moto};
use crate::support::{iam, lambda, lambda_role, s3, server, sqs};

/// The smallest .zip archive: an empty one.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
const ROLE: &str = "arn:aws:iam::123456789012:role/lambda";
const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:resize";

/// CreateFunction for `name`: an empty .zip run by `provided.al2023` as `ROLE`.
fn create_request(
    client: &aws_sdk_lambda::Client,
    name: &str,
) -> aws_sdk_lambda::operation::create_function::builders::CreateFunctionFluentBuilder {
    client
        .create_function()
        .function_name(name)
        .runtime(Runtime::Providedal2023)
        .role(ROLE)
        .handler("bootstrap")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(EMPTY_ZIP))
                .build(),
        )
}

/// A function `name` whose code is a registered handler, run as `ROLE` (which must exist:
/// see `lambda_role`).
pub(crate) async fn create(client: &aws_sdk_lambda::Client, name: &str) {
    create_request(client, name)
        .environment(Environment::builder().variables("BUCKET", "photos").build())
        .tags("team", "media")
        .send()
        .await
        .unwrap();
}

fn json_of(payload: Option<&Blob>) -> Value {
    serde_json::from_slice(payload.unwrap().as_ref()).unwrap()
}

#[tokio::test]
async fn functions_are_created_listed_updated_and_deleted() {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    let created = client
        .create_function()
        .function_name("resize")
        .runtime(Runtime::Providedal2023)
        .role(ROLE)
        .handler("bootstrap")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(EMPTY_ZIP))
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.function_arn(), Some(ARN));
    assert_eq!(created.version(), Some("$LATEST"));
    assert_eq!(created.code_size(), 22);
    assert_eq!(
        created.code_sha256(),
        Some("hznHbmgfkAkjuQDJ3w73XPQh05yrtUZQxLmtGbanbYU=")
    );
    assert_eq!(
        created.last_modified(),
        Some("2024-01-01T00:00:00.000+0000")
    );
    assert_eq!(created.state().map(|state| state.as_str()), Some("Active"));
    let revision = created.revision_id().unwrap().to_owned();

    let conflict = client
        .create_function()
        .function_name("resize")
        .runtime(Runtime::Providedal2023)
        .role(ROLE)
        .handler("bootstrap")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(EMPTY_ZIP))
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(conflict.is_resource_conflict_exception(), "{conflict:?}");
    assert_eq!(conflict.message(), Some("Function already exist: resize"));

    for name in ["thumbnail", "watermark"] {
        create(&client, name).await;
    }
    let first = client.list_functions().max_items(2).send().await.unwrap();
    let names: Vec<&str> = first
        .functions()
        .iter()
        .filter_map(|function| function.function_name())
        .collect();
    assert_eq!(names, ["resize", "thumbnail"]);
    let rest = client
        .list_functions()
        .max_items(2)
        .marker(first.next_marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.functions()[0].function_name(), Some("watermark"));
    assert_eq!(rest.next_marker(), None);
    let paged: Vec<_> = client
        .list_functions()
        .into_paginator()
        .page_size(1)
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(paged.len(), 3);

    let updated = client
        .update_function_configuration()
        .function_name("resize")
        .memory_size(512)
        .timeout(30)
        .description("halves images")
        .environment(Environment::builder().variables("BUCKET", "photos").build())
        .revision_id(&revision)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.memory_size(), Some(512));
    assert_ne!(updated.revision_id(), Some(revision.as_str()));
    let stale = client
        .update_function_configuration()
        .function_name("resize")
        .timeout(5)
        .revision_id(&revision)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(stale.code(), Some("PreconditionFailedException"));

    let code = client
        .update_function_code()
        .function_name(ARN)
        .zip_file(Blob::new(b"PK\x03\x04 new code".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(code.code_size(), 13);

    let got = client
        .get_function()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    let configuration = got.configuration().unwrap();
    assert_eq!(configuration.timeout(), Some(30));
    assert_eq!(configuration.description(), Some("halves images"));
    assert_eq!(
        configuration.environment().unwrap().variables().unwrap()["BUCKET"],
        "photos"
    );
    assert_eq!(got.code().unwrap().repository_type(), Some("S3"));
    assert_eq!(got.tags(), None);

    client
        .delete_function()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    let missing = client
        .get_function_configuration()
        .function_name("resize")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing.is_resource_not_found_exception(), "{missing:?}");
    assert_eq!(
        missing.message(),
        Some(format!("Function not found: {ARN}").as_str())
    );

    let settings = client.get_account_settings().send().await.unwrap();
    assert_eq!(settings.account_usage().unwrap().function_count(), 2);
}

#[tokio::test]
async fn versions_aliases_permissions_and_tags() {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    create(&client, "resize").await;
    let published = client
        .publish_version()
        .function_name("resize")
        .description("first")
        .send()
        .await
        .unwrap();
    assert_eq!(published.version(), Some("1"));
    assert_eq!(published.function_arn(), Some(format!("{ARN}:1").as_str()));
    let versions = client
        .list_versions_by_function()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    let numbers: Vec<&str> = versions
        .versions()
        .iter()
        .filter_map(|version| version.version())
        .collect();
    assert_eq!(numbers, ["$LATEST", "1"]);

    let alias = client
        .create_alias()
        .function_name("resize")
        .name("live")
        .function_version("1")
        .send()
        .await
        .unwrap();
    assert_eq!(alias.alias_arn(), Some(format!("{ARN}:live").as_str()));
    let got = client
        .get_alias()
        .function_name("resize")
        .name("live")
        .send()
        .await
        .unwrap();
    assert_eq!(got.function_version(), Some("1"));
    client
        .update_alias()
        .function_name("resize")
        .name("live")
        .description("production")
        .revision_id(got.revision_id().unwrap())
        .send()
        .await
        .unwrap();
    let aliases = client
        .list_aliases()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    assert_eq!(aliases.aliases()[0].description(), Some("production"));
    let version_config = client
        .get_function_configuration()
        .function_name("resize")
        .qualifier("live")
        .send()
        .await
        .unwrap();
    assert_eq!(version_config.version(), Some("1"));

    let added = client
        .add_permission()
        .function_name("resize")
        .statement_id("s3-invoke")
        .action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com")
        .source_arn("arn:aws:s3:::photos")
        .source_account("123456789012")
        .send()
        .await
        .unwrap();
    let statement: Value = serde_json::from_str(added.statement().unwrap()).unwrap();
    assert_eq!(
        statement["Principal"],
        json!({"Service": "s3.amazonaws.com"})
    );
    assert_eq!(
        statement["Condition"],
        json!({"StringEquals": {"AWS:SourceAccount": "123456789012"},
               "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::photos"}})
    );
    let policy = client
        .get_policy()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    let document: Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
    assert_eq!(document["Statement"][0]["Sid"], "s3-invoke");
    assert_eq!(document["Statement"][0]["Resource"], ARN);
    client
        .remove_permission()
        .function_name("resize")
        .statement_id("s3-invoke")
        .send()
        .await
        .unwrap();
    let no_policy = client
        .get_policy()
        .function_name("resize")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(no_policy.is_resource_not_found_exception(), "{no_policy:?}");

    client
        .tag_resource()
        .resource(ARN)
        .tags("cost", "low")
        .send()
        .await
        .unwrap();
    client
        .untag_resource()
        .resource(ARN)
        .tag_keys("team")
        .send()
        .await
        .unwrap();
    let tags = client.list_tags().resource(ARN).send().await.unwrap();
    assert_eq!(
        tags.tags().unwrap().iter().collect::<Vec<_>>(),
        [(&"cost".to_owned(), &"low".to_owned())]
    );

    let in_use = client
        .delete_function()
        .function_name("resize")
        .qualifier("1")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(in_use.is_resource_conflict_exception(), "{in_use:?}");
    client
        .delete_alias()
        .function_name("resize")
        .name("live")
        .send()
        .await
        .unwrap();
    client
        .delete_function()
        .function_name("resize")
        .qualifier("1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn event_source_mappings_are_stored() {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    create(&client, "resize").await;
    let created = client
        .create_event_source_mapping()
        .function_name("resize")
        .event_source_arn("arn:aws:sqs:us-east-1:123456789012:photos")
        .batch_size(5)
        .send()
        .await
        .unwrap();
    assert_eq!(created.state(), Some("Creating"));
    assert_eq!(created.batch_size(), Some(5));
    assert_eq!(created.last_modified().unwrap().secs(), 1_704_067_200);
    let uuid = created.uuid().unwrap();
    let got = client
        .get_event_source_mapping()
        .uuid(uuid)
        .send()
        .await
        .unwrap();
    assert_eq!(got.state(), Some("Enabled"));
    assert_eq!(got.function_arn(), Some(ARN));
    let listed = client
        .list_event_source_mappings()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.event_source_mappings().len(), 1);
    client
        .delete_event_source_mapping()
        .uuid(uuid)
        .send()
        .await
        .unwrap();
    let gone = client
        .get_event_source_mapping()
        .uuid(uuid)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
}

#[tokio::test]
async fn invoke_runs_registered_handlers() {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    create(&client, "resize").await;
    server.backend().register_lambda_handler(
        "resize",
        LambdaHandler::new(|event, context| {
            context.log("resizing");
            let width = event["width"]
                .as_u64()
                .ok_or_else(|| LambdaError::new("InvalidSize", "width is missing"))?;
            Ok(json!({"width": width / 2, "bucket": context.env("BUCKET"),
                      "request": context.request_id}))
        }),
    );
    let answer = client
        .invoke()
        .function_name("resize")
        .payload(Blob::new(br#"{"width": 640}"#.to_vec()))
        .log_type(LogType::Tail)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status_code(), 200);
    assert_eq!(answer.executed_version(), Some("$LATEST"));
    assert_eq!(answer.function_error(), None);
    let result = json_of(answer.payload());
    assert_eq!(
        (result["width"].as_u64(), result["bucket"].as_str()),
        (Some(320), Some("photos"))
    );
    assert_eq!(result["request"].as_str(), answer.request_id());
    // The log's tail, base64: START, the handler's line, END and REPORT.
    assert!(
        answer
            .log_result()
            .is_some_and(|log| log.starts_with("U1RBUlQgUmVxdWVzdElkOi"))
    );

    let failed = client
        .invoke()
        .function_name("resize")
        .payload(Blob::new(b"{}".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.function_error(), Some("Unhandled"));
    assert_eq!(
        json_of(failed.payload()),
        json!({"errorMessage": "width is missing", "errorType": "InvalidSize"})
    );

    let dry = client
        .invoke()
        .function_name("resize")
        .invocation_type(InvocationType::DryRun)
        .send()
        .await
        .unwrap();
    assert_eq!(dry.status_code(), 204);

    let unknown = client
        .invoke()
        .function_name("crop")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(unknown.is_resource_not_found_exception(), "{unknown:?}");
}

#[tokio::test]
async fn an_event_invocation_has_run_when_it_is_accepted() {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    let storage = s3(&server);
    storage
        .create_bucket()
        .bucket("photos")
        .send()
        .await
        .unwrap();
    create(&client, "resize").await;
    // An async handler calls S3 on the same backend.
    let handler_s3 = storage.clone();
    server.backend().register_lambda_handler(
        "resize",
        LambdaHandler::new_async(move |event, context| {
            let s3 = handler_s3.clone();
            async move {
                let key = event["key"].as_str().unwrap_or("none").to_owned();
                s3.put_object()
                    .bucket(context.env("BUCKET").unwrap_or_default())
                    .key(format!("small/{key}"))
                    .body(b"resized".to_vec().into())
                    .send()
                    .await
                    .map_err(|error| LambdaError::new("S3", error.to_string()))?;
                Ok(Value::Null)
            }
        }),
    );
    let accepted = client
        .invoke()
        .function_name("resize")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(br#"{"key": "a.png"}"#.to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status_code(), 202);
    let object = storage
        .get_object()
        .bucket("photos")
        .key("small/a.png")
        .send()
        .await
        .unwrap();
    assert_eq!(object.body.collect().await.unwrap().to_vec(), b"resized");
}

#[tokio::test]
async fn a_blocking_handler_may_drive_sdk_calls() {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    let storage = s3(&server);
    storage
        .create_bucket()
        .bucket("photos")
        .send()
        .await
        .unwrap();
    storage
        .put_object()
        .bucket("photos")
        .key("a.png")
        .body(b"12345".to_vec().into())
        .send()
        .await
        .unwrap();
    create(&client, "resize").await;
    let handler_s3 = storage.clone();
    server.backend().register_lambda_handler(
        "resize",
        LambdaHandler::new(move |event, _| {
            let key = event["key"].as_str().unwrap_or_default().to_owned();
            // A blocking handler runs on a thread of its own, inside the backend's runtime.
            let head = tokio::runtime::Handle::current()
                .block_on(handler_s3.head_object().bucket("photos").key(key).send())
                .map_err(|error| LambdaError::new("S3", error.to_string()))?;
            Ok(json!({"size": head.content_length()}))
        }),
    );
    let answer = client
        .invoke()
        .function_name("resize")
        .payload(Blob::new(br#"{"key": "a.png"}"#.to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.function_error(), None);
    assert_eq!(json_of(answer.payload()), json!({"size": 5}));
}

#[tokio::test]
async fn invoking_without_a_handler_names_what_to_register() {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    create(&client, "resize").await;
    let answer = client
        .invoke()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.function_error(), Some("Unhandled"));
    let payload = json_of(answer.payload());
    assert_eq!(payload["errorType"], "Runtime.HandlerNotFound");
    let message = payload["errorMessage"].as_str().unwrap();
    assert!(message.contains(r#"moto.lambda("resize""#), "{message}");
}

/// A function, a published version and an alias: the state the annotated test starts from.
async fn create_resize_function(moto: &Moto) {
    lambda_role(&aws_sdk_iam::Client::new(&moto.sdk_config()), "lambda").await;
    let client = aws_sdk_lambda::Client::new(&moto.sdk_config());
    create(&client, "resize").await;
    client
        .publish_version()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    client
        .create_alias()
        .function_name("resize")
        .name("live")
        .function_version("1")
        .send()
        .await
        .unwrap();
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/lambda_resize.jsonl",
    setup = create_resize_function,
    clock = "2024-01-01T00:00:00Z"
)]
#[tokio::test]
async fn a_recorded_function_runs_the_handler_the_test_registers(moto: &Moto) {
    let handler = |event: Value, context: moto_recorded::LambdaContext| {
        Ok(json!({"version": context.function_version, "echo": event}))
    };
    if moto.backend_kind() == BackendKind::MotoServer {
        // Moto runs functions' code in Docker: a Rust handler cannot run there.
        assert!(moto.lambda("resize", handler).is_err());
        return;
    }
    moto.lambda("resize", handler).unwrap();
    let client = aws_sdk_lambda::Client::new(&moto.sdk_config());
    let answer = client
        .invoke()
        .function_name("resize")
        .qualifier("live")
        .payload(Blob::new(br#"{"key": "a.png"}"#.to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.executed_version(), Some("1"));
    assert_eq!(
        json_of(answer.payload()),
        json!({"version": "1", "echo": {"key": "a.png"}})
    );
    let alias = client
        .get_alias()
        .function_name("resize")
        .name("live")
        .send()
        .await
        .unwrap();
    // Seeded: the same on every run and every machine.
    assert_eq!(
        alias.revision_id(),
        Some("edb5c185-be2d-4f36-87c7-03cbe1c9643a")
    );
}

/// What a queue holds: visible messages, and messages in flight.
async fn held(sqs: &aws_sdk_sqs::Client, url: &str) -> (String, String) {
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .unwrap();
    let attributes = attributes.attributes().unwrap();
    (
        attributes[&QueueAttributeName::ApproximateNumberOfMessages].clone(),
        attributes[&QueueAttributeName::ApproximateNumberOfMessagesNotVisible].clone(),
    )
}

fn bodies(events: &[Value]) -> Vec<Vec<String>> {
    events
        .iter()
        .map(|event| {
            event["Records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|record| record["body"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

/// A backend with the function `resize` (no handler yet) and the queue `jobs`: its
/// server, Lambda and SQS clients, and the queue's url.
async fn function_and_queue() -> (Server, aws_sdk_lambda::Client, aws_sdk_sqs::Client, String) {
    let server = server();
    let client = lambda(&server);
    lambda_role(&iam(&server), "lambda").await;
    create(&client, "resize").await;
    let sqs = sqs(&server);
    let url = sqs
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    (server, client, sqs, url)
}

/// Registers a handler for `function` that keeps every event it gets and succeeds.
fn keep_events(server: &Server, function: &str) -> Arc<Mutex<Vec<Value>>> {
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let events = Arc::clone(&seen);
    server.backend().register_lambda_handler(
        function,
        LambdaHandler::new(move |event, _| {
            events.lock().unwrap().push(event);
            Ok(Value::Null)
        }),
    );
    seen
}

#[tokio::test]
async fn a_queue_mapping_runs_the_handler_when_messages_are_sent() {
    let (server, client, sqs, url) = function_and_queue().await;
    let seen = keep_events(&server, "resize");
    let mapping = client
        .create_event_source_mapping()
        .function_name("resize")
        .event_source_arn("arn:aws:sqs:us-east-1:123456789012:jobs")
        .batch_size(2)
        .send()
        .await
        .unwrap();
    assert_eq!(mapping.state(), Some("Creating"));
    let sent = sqs
        .send_message()
        .queue_url(&url)
        .message_body("a.png")
        .message_attributes(
            "width",
            MessageAttributeValue::builder()
                .data_type("Number")
                .string_value("640")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let mut batch = sqs.send_message_batch().queue_url(&url);
    for (id, body) in [("b", "b.png"), ("c", "c.png"), ("d", "d.png")] {
        batch = batch.entries(
            SendMessageBatchRequestEntry::builder()
                .id(id)
                .message_body(body)
                .build()
                .unwrap(),
        );
    }
    batch.send().await.unwrap();
    // Each send polled the queue before answering: batches of up to BatchSize.
    let events = seen.lock().unwrap().clone();
    assert_eq!(
        bodies(&events),
        [vec!["a.png"], vec!["b.png", "c.png"], vec!["d.png"]]
    );
    let record = &events[0]["Records"][0];
    assert_eq!(record["messageId"].as_str(), sent.message_id());
    assert_eq!(record["md5OfBody"].as_str(), sent.md5_of_message_body());
    assert_eq!(
        record["md5OfMessageAttributes"].as_str(),
        sent.md5_of_message_attributes()
    );
    assert_eq!(record["eventSource"], "aws:sqs");
    assert_eq!(
        record["eventSourceARN"],
        "arn:aws:sqs:us-east-1:123456789012:jobs"
    );
    assert_eq!(record["awsRegion"], "us-east-1");
    assert_eq!(record["attributes"]["ApproximateReceiveCount"], "1");
    assert_eq!(record["attributes"]["SentTimestamp"], "1704067200000");
    assert_eq!(record["messageAttributes"]["width"]["stringValue"], "640");
    assert_eq!(record["messageAttributes"]["width"]["dataType"], "Number");
    assert_eq!(held(&sqs, &url).await, ("0".to_owned(), "0".to_owned()));
    let got = client
        .get_event_source_mapping()
        .uuid(mapping.uuid().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(got.last_processing_result(), Some("OK"));
}

#[tokio::test]
async fn a_failing_handler_leaves_its_batch_and_reported_failures_leave_only_theirs() {
    let (server, client, sqs, url) = function_and_queue().await;
    server.backend().register_lambda_handler(
        "resize",
        LambdaHandler::new(|event, _| {
            let records = event["Records"].as_array().cloned().unwrap_or_default();
            if records.iter().any(|record| record["body"] == "fatal") {
                return Err(LambdaError::new("Fatal", "cannot resize"));
            }
            let failures: Vec<Value> = records
                .iter()
                .filter(|record| record["body"] == "broken.png")
                .map(|record| json!({"itemIdentifier": record["messageId"]}))
                .collect();
            Ok(json!({"batchItemFailures": failures}))
        }),
    );
    let mapping = client
        .create_event_source_mapping()
        .function_name("resize")
        .event_source_arn("arn:aws:sqs:us-east-1:123456789012:jobs")
        .function_response_types(FunctionResponseType::ReportBatchItemFailures)
        .send()
        .await
        .unwrap();
    for body in ["a.png", "broken.png"] {
        sqs.send_message()
            .queue_url(&url)
            .message_body(body)
            .send()
            .await
            .unwrap();
    }
    // broken.png was reported failed: it stays, in flight until its visibility timeout.
    assert_eq!(held(&sqs, &url).await, ("0".to_owned(), "1".to_owned()));
    sqs.send_message()
        .queue_url(&url)
        .message_body("fatal")
        .send()
        .await
        .unwrap();
    assert_eq!(held(&sqs, &url).await, ("0".to_owned(), "2".to_owned()));
    let got = client
        .get_event_source_mapping()
        .uuid(mapping.uuid().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.last_processing_result(),
        Some("PROBLEM: Function call failed")
    );
}

#[tokio::test]
async fn a_mapped_handler_may_call_sqs_and_lambda_on_the_same_backend() {
    let (server, client, sqs, jobs) = function_and_queue().await;
    create(&client, "notify").await;
    let results = sqs
        .create_queue()
        .queue_name("results")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let urls = [jobs, results];
    // jobs -> resize -> results -> notify: resize's own SendMessage polls results while
    // resize is still running.
    let (handler_sqs, handler_lambda, results) = (sqs.clone(), client.clone(), urls[1].clone());
    server.backend().register_lambda_handler(
        "resize",
        LambdaHandler::new_async(move |event, _| {
            let (sqs, lambda, results) =
                (handler_sqs.clone(), handler_lambda.clone(), results.clone());
            async move {
                let mappings = lambda
                    .list_event_source_mappings()
                    .function_name("notify")
                    .send()
                    .await
                    .map_err(|error| LambdaError::new("Lambda", error.to_string()))?;
                for record in event["Records"].as_array().cloned().unwrap_or_default() {
                    sqs.send_message()
                        .queue_url(&results)
                        .message_body(format!(
                            "{} resized ({} listeners)",
                            record["body"].as_str().unwrap_or_default(),
                            mappings.event_source_mappings().len()
                        ))
                        .send()
                        .await
                        .map_err(|error| LambdaError::new("SQS", error.to_string()))?;
                }
                Ok(Value::Null)
            }
        }),
    );
    let notified = keep_events(&server, "notify");
    for (function, queue) in [("resize", "jobs"), ("notify", "results")] {
        client
            .create_event_source_mapping()
            .function_name(function)
            .event_source_arn(format!("arn:aws:sqs:us-east-1:123456789012:{queue}"))
            .send()
            .await
            .unwrap();
    }
    sqs.send_message()
        .queue_url(&urls[0])
        .message_body("a.png")
        .send()
        .await
        .unwrap();
    let events = notified.lock().unwrap().clone();
    assert_eq!(bodies(&events), [vec!["a.png resized (1 listeners)"]]);
    for url in &urls {
        assert_eq!(held(&sqs, url).await, ("0".to_owned(), "0".to_owned()));
    }
}

#[tokio::test]
async fn what_sns_delivers_to_a_mapped_queue_reaches_the_handler() {
    let (server, client, sqs, url) = function_and_queue().await;
    let seen = keep_events(&server, "resize");
    client
        .create_event_source_mapping()
        .function_name("resize")
        .event_source_arn("arn:aws:sqs:us-east-1:123456789012:jobs")
        .send()
        .await
        .unwrap();
    let sns = crate::support::sns(&server);
    let topic = sns
        .create_topic()
        .name("uploads")
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint("arn:aws:sqs:us-east-1:123456789012:jobs")
        .attributes("RawMessageDelivery", "true")
        .send()
        .await
        .unwrap();
    sns.publish()
        .topic_arn(&topic)
        .message("a.png")
        .send()
        .await
        .unwrap();
    let events = seen.lock().unwrap().clone();
    assert_eq!(bodies(&events), [vec!["a.png"]]);
    assert_eq!(held(&sqs, &url).await, ("0".to_owned(), "0".to_owned()));
}

#[tokio::test]
async fn a_function_needs_a_role_iam_holds() {
    let server = server();
    let client = lambda(&server);
    let refused = create_request(&client, "resize")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        refused.is_invalid_parameter_value_exception(),
        "{refused:?}"
    );
    assert_eq!(
        refused.message(),
        Some("The role defined for the function cannot be assumed by Lambda.")
    );
    assert_eq!(lambda_role(&iam(&server), "lambda").await, ROLE);
    create(&client, "resize").await;
}

/// A role, a function and the queue it reads: the state the annotated test starts from.
/// The test maps the queue to the function itself: Moto answers CreateEventSourceMapping
/// 201 where Lambda answers 202, so a fixture holding it would not replay into Moto.
async fn create_resize_pipeline(moto: &Moto) {
    let config = moto.sdk_config();
    let role = lambda_role(&aws_sdk_iam::Client::new(&config), "resize").await;
    let lambda = aws_sdk_lambda::Client::new(&config);
    lambda
        .create_function()
        .function_name("resize")
        .runtime(Runtime::Providedal2023)
        .role(role)
        .handler("bootstrap")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(EMPTY_ZIP))
                .build(),
        )
        .send()
        .await
        .unwrap();
    aws_sdk_sqs::Client::new(&config)
        .create_queue()
        .queue_name("uploads")
        .send()
        .await
        .unwrap();
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/lambda_uploads.jsonl",
    setup = create_resize_pipeline,
    clock = "2024-01-01T00:00:00Z"
)]
#[tokio::test]
async fn the_handler_consumes_the_queue_it_is_mapped_to(moto: &Moto) {
    let mapping = aws_sdk_lambda::Client::new(&moto.sdk_config())
        .create_event_source_mapping()
        .function_name("resize")
        .event_source_arn("arn:aws:sqs:us-east-1:123456789012:uploads")
        .batch_size(10)
        .send()
        .await
        .unwrap();
    assert_eq!(
        mapping.function_arn(),
        Some("arn:aws:lambda:us-east-1:123456789012:function:resize")
    );
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let url = sqs
        .get_queue_url()
        .queue_name("uploads")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let resized: Arc<Mutex<Vec<String>>> = Arc::default();
    let keys = Arc::clone(&resized);
    let registered = moto.lambda("resize", move |event, _| {
        for record in event["Records"].as_array().into_iter().flatten() {
            keys.lock()
                .unwrap()
                .push(record["body"].as_str().unwrap_or_default().to_owned());
        }
        Ok(Value::Null)
    });
    if moto.backend_kind() == BackendKind::MotoServer {
        // Moto runs functions' code in Docker: a Rust handler cannot run there.
        assert!(registered.is_err());
        return;
    }
    registered.unwrap();
    sqs.send_message()
        .queue_url(&url)
        .message_body("a.png")
        .send()
        .await
        .unwrap();
    // The send polled the queue: the handler has run and its message is gone.
    assert_eq!(*resized.lock().unwrap(), ["a.png"]);
    assert_eq!(held(&sqs, &url).await, ("0".to_owned(), "0".to_owned()));
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_mapping() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/lambda_event_source.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = lambda(&server);
    let listed = client
        .list_event_source_mappings()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    let mapping = &listed.event_source_mappings()[0];
    assert_eq!(
        mapping.event_source_arn(),
        Some("arn:aws:sqs:us-east-1:123456789012:uploads")
    );
    assert_eq!(mapping.batch_size(), Some(5));
    assert_eq!(mapping.state(), Some("Enabled"));
    // The queue held a message when the mapping was created, and no handler is
    // registered: it stays, and the mapping says why.
    assert_eq!(
        mapping.last_processing_result(),
        Some("PROBLEM: Function call failed")
    );
    let sqs = sqs(&server);
    let url = sqs
        .get_queue_url()
        .queue_name("uploads")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    assert_eq!(held(&sqs, &url).await, ("1".to_owned(), "0".to_owned()));
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };
    replay_in_moto(&url, "lambda_uploads.jsonl");
    let config = moto_recorded::aws::sdk_config(&url, "us-east-1");
    let function = aws_sdk_lambda::Client::new(&config)
        .get_function_configuration()
        .function_name("resize")
        .send()
        .await
        .unwrap();
    assert_eq!(
        function.role(),
        Some("arn:aws:iam::123456789012:role/resize")
    );
    aws_sdk_sqs::Client::new(&config)
        .get_queue_url()
        .queue_name("uploads")
        .send()
        .await
        .unwrap();
    let role = aws_sdk_iam::Client::new(&config)
        .get_role()
        .role_name("resize")
        .send()
        .await
        .unwrap();
    assert_eq!(
        role.role().map(|role| role.arn()),
        Some("arn:aws:iam::123456789012:role/resize")
    );
}
