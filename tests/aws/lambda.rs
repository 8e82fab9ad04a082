//! Lambda through aws-sdk-lambda: the restJson1 protocol end to end (URI labels,
//! querystring and header members, status codes, blob payloads, errors), and Rust
//! handlers invoked in process.

use aws_sdk_lambda::error::ProvideErrorMetadata as _;
use aws_sdk_lambda::operation::RequestId as _;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, InvocationType, LogType, Runtime};
use moto_recorded::{BackendKind, LambdaError, LambdaHandler, Moto, moto_recorded};
use serde_json::{Value, json};

use crate::support::{lambda, s3, server};

/// The smallest .zip archive: an empty one.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
const ROLE: &str = "arn:aws:iam::123456789012:role/lambda";
const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:resize";

/// A function `name` with an empty zip (its code is a registered handler).
pub(crate) async fn create(client: &aws_sdk_lambda::Client, name: &str) {
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
        Some("0c800dab-5989-42e3-a46c-1904857f6073")
    );
}
