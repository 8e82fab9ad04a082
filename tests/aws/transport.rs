//! The in-process transport: `moto.sdk_config()` clients reach the test's backend without
//! a socket, through the same routing, recorder and services as over HTTP. The other
//! files of this binary drive the backend over loopback (`support::server`).

use std::sync::Arc;

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, KeySchemaElement, KeyType, ProvisionedThroughput,
    ScalarAttributeType,
};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{FunctionCode, Runtime};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ChecksumAlgorithm;
use aws_types::SdkConfig;
use moto_recorded::backend::{Backend, BackendOptions};
use moto_recorded::clock::Clock;
use moto_recorded::recording::Recording;
use moto_recorded::server::{Server, ServerOptions};
use moto_recorded::{BackendKind, Moto, moto_recorded};
use serde_json::{Value, json};

fn embedded(moto: &Moto) -> bool {
    moto.backend_kind() == BackendKind::Embedded
}

/// An S3 client as users write it: no `force_path_style` (a Moto server reached by host
/// name would need it; `MOTO_RECORDED_SERVER` runs give `127.0.0.1`).
fn s3(config: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::new(config)
}

async fn create_table(dynamodb: &aws_sdk_dynamodb::Client, name: &str) {
    dynamodb
        .create_table()
        .table_name(name)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .provisioned_throughput(
            ProvisionedThroughput::builder()
                .read_capacity_units(1)
                .write_capacity_units(1)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn an_sdk_only_test_binds_no_port(moto: &Moto) {
    let dynamodb = aws_sdk_dynamodb::Client::new(&moto.sdk_config());
    create_table(&dynamodb, "orders").await;
    dynamodb
        .put_item()
        .table_name("orders")
        .item("id", AttributeValue::S("o-1".into()))
        .item("total", AttributeValue::N("42".into()))
        .send()
        .await
        .unwrap();
    let got = dynamodb
        .get_item()
        .table_name("orders")
        .key("id", AttributeValue::S("o-1".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(got.item().unwrap()["total"], AttributeValue::N("42".into()));
    if embedded(moto) {
        assert!(!moto.server_started(), "an SDK-only test must not listen");
        assert_eq!(
            moto.sdk_config().endpoint_url(),
            Some("http://localhost:5000")
        );
        // The state view reads in process too.
        assert_eq!(
            moto.state().unwrap()["dynamodb"]["Table"][0]["TableName"],
            "orders"
        );
        assert!(!moto.server_started());
    } else {
        // On a Moto server the configuration stays plain HTTP to it.
        assert_eq!(
            moto.sdk_config().endpoint_url(),
            Some(moto.endpoint_url().unwrap().as_str())
        );
    }
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn the_server_starts_when_a_url_is_first_asked_for(moto: &Moto) {
    if !embedded(moto) {
        return;
    }
    assert!(!moto.server_started());
    let url = moto.endpoint_url().unwrap();
    assert!(moto.server_started());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(moto.endpoint_url().unwrap(), url, "started once");
    // Both paths reach the same backend.
    let in_process = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let over_http = aws_sdk_sqs::Client::new(&moto.sdk_config_over_http().unwrap());
    assert_eq!(
        moto.sdk_config_over_http().unwrap().endpoint_url(),
        Some(url.as_str())
    );
    in_process
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap();
    let listed = over_http.list_queues().send().await.unwrap();
    assert_eq!(
        listed.queue_urls(),
        [format!("{url}/123456789012/jobs")],
        "queue urls name the origin the client used"
    );
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn s3_streams_files_chunked_uploads_large_and_ranged_objects(moto: &Moto) {
    let s3 = s3(&moto.sdk_config());
    s3.create_bucket().bucket("files").send().await.unwrap();

    // A file ByteStream: the SDK sends it aws-chunked with a trailing CRC32.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upload.txt");
    let text = "streamed from a file through aws-chunked\n".repeat(2000);
    std::fs::write(&path, &text).unwrap();
    s3.put_object()
        .bucket("files")
        .key("upload.txt")
        .body(ByteStream::from_path(&path).await.unwrap())
        .send()
        .await
        .unwrap();
    let stored = s3
        .get_object()
        .bucket("files")
        .key("upload.txt")
        .checksum_mode(aws_sdk_s3::types::ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    assert!(stored.checksum_crc32().is_some());
    let bytes = stored.body.collect().await.unwrap().into_bytes();
    assert_eq!(bytes.as_ref(), text.as_bytes());

    // An explicit SHA-256 trailer on an in-memory body.
    s3.put_object()
        .bucket("files")
        .key("sha.txt")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .body(ByteStream::from_static(b"payload"))
        .send()
        .await
        .unwrap();

    // 5 MiB, of a pattern that shows any shifted or dropped byte.
    let large: Vec<u8> = (0..5 * 1024 * 1024).map(|i: u32| (i % 251) as u8).collect();
    s3.put_object()
        .bucket("files")
        .key("large.bin")
        .body(ByteStream::from(large.clone()))
        .send()
        .await
        .unwrap();
    let got = s3
        .get_object()
        .bucket("files")
        .key("large.bin")
        .send()
        .await
        .unwrap();
    assert_eq!(got.content_length(), Some(large.len() as i64));
    let whole = got.body.collect().await.unwrap().into_bytes();
    assert!(whole.as_ref() == large.as_slice(), "5 MiB come back whole");

    let ranged = s3
        .get_object()
        .bucket("files")
        .key("large.bin")
        .range("bytes=1000000-1000099")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.content_length(), Some(100));
    assert_eq!(
        ranged.content_range(),
        Some(format!("bytes 1000000-1000099/{}", large.len()).as_str())
    );
    let part = ranged.body.collect().await.unwrap().into_bytes();
    assert_eq!(part.as_ref(), &large[1_000_000..1_000_100]);
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn s3_buckets_are_addressed_virtual_hosted_without_dns(moto: &Moto) {
    if !embedded(moto) {
        return;
    }
    let config = moto.sdk_config();
    let s3 = s3(&config);
    // The SDK resolves `photos.localhost:5000`; the transport never resolves it.
    let presigned = s3
        .get_object()
        .bucket("photos")
        .key("a.jpg")
        .presigned(PresigningConfig::expires_in(std::time::Duration::from_secs(60)).unwrap())
        .await
        .unwrap();
    assert!(
        presigned
            .uri()
            .starts_with("http://photos.localhost:5000/a.jpg?"),
        "{}",
        presigned.uri()
    );
    s3.create_bucket().bucket("photos").send().await.unwrap();
    s3.put_object()
        .bucket("photos")
        .key("a.jpg")
        .body(ByteStream::from_static(b"jpeg"))
        .send()
        .await
        .unwrap();
    let listed = s3.list_objects_v2().bucket("photos").send().await.unwrap();
    assert_eq!(listed.contents()[0].key(), Some("a.jpg"));
    assert_eq!(listed.name(), Some("photos"));
    assert!(!moto.server_started());
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn presigned_urls_are_fetched_over_http(moto: &Moto) {
    let in_process = s3(&moto.sdk_config());
    in_process
        .create_bucket()
        .bucket("shared")
        .send()
        .await
        .unwrap();
    in_process
        .put_object()
        .bucket("shared")
        .key("report.csv")
        .body(ByteStream::from_static(b"a,b\n1,2\n"))
        .send()
        .await
        .unwrap();
    // A url must name a listening server: presign with the loopback configuration.
    let presigned = s3(&moto.sdk_config_over_http().unwrap())
        .get_object()
        .bucket("shared")
        .key("report.csv")
        .presigned(PresigningConfig::expires_in(std::time::Duration::from_secs(60)).unwrap())
        .await
        .unwrap();
    assert!(moto.server_started());
    let url = presigned.uri().to_owned();
    let body = tokio::task::spawn_blocking(move || {
        ureq::get(&url)
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(body, "a,b\n1,2\n");
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn sqs_sends_receives_and_deletes_in_process(moto: &Moto) {
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let url = sqs
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    if embedded(moto) {
        assert_eq!(url, "http://localhost:5000/123456789012/jobs");
    }
    sqs.send_message()
        .queue_url(&url)
        .message_body("resize a.png")
        .send()
        .await
        .unwrap();
    let received = sqs
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .send()
        .await
        .unwrap();
    let [message] = received.messages() else {
        panic!("{received:?}")
    };
    assert_eq!(message.body(), Some("resize a.png"));
    sqs.delete_message()
        .queue_url(&url)
        .receipt_handle(message.receipt_handle().unwrap())
        .send()
        .await
        .unwrap();
    let state = moto.state().unwrap();
    if embedded(moto) {
        assert_eq!(state["sqs"]["Queue"][0]["QueueUrl"], url.as_str());
        assert!(!moto.server_started());
    }
}

/// An empty .zip archive, the code of a function whose handler is a Rust closure.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn a_lambda_handler_is_invoked_and_calls_back_in_process(moto: &Moto) {
    if !embedded(moto) {
        return;
    }
    let config = moto.sdk_config();
    let sqs = aws_sdk_sqs::Client::new(&config);
    let url = sqs
        .create_queue()
        .queue_name("done")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    // An async handler that calls the same backend through the same transport.
    let callback = aws_sdk_sqs::Client::new(&config);
    moto.lambda_async("resize", move |event: Value, _context| {
        let sqs = callback.clone();
        let url = url.clone();
        async move {
            let key = event["key"].as_str().unwrap_or_default().to_owned();
            sqs.send_message()
                .queue_url(&url)
                .message_body(&key)
                .send()
                .await
                .map_err(|error| moto_recorded::LambdaError::new("SqsFailed", error.to_string()))?;
            Ok(json!({"resized": key}))
        }
    })
    .unwrap();
    // Lambda refuses a role IAM does not hold.
    crate::support::lambda_role(&aws_sdk_iam::Client::new(&config), "lambda").await;
    let lambda = aws_sdk_lambda::Client::new(&config);
    lambda
        .create_function()
        .function_name("resize")
        .runtime(Runtime::Providedal2023)
        .role("arn:aws:iam::123456789012:role/lambda")
        .handler("bootstrap")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(EMPTY_ZIP))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let answer = lambda
        .invoke()
        .function_name("resize")
        .payload(Blob::new(br#"{"key":"a.png"}"#.to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status_code(), 200);
    assert_eq!(answer.function_error(), None);
    let payload: Value = serde_json::from_slice(answer.payload().unwrap().as_ref()).unwrap();
    assert_eq!(payload, json!({"resized": "a.png"}));
    let received = sqs
        .receive_message()
        .queue_url("http://localhost:5000/123456789012/done")
        .send()
        .await
        .unwrap();
    assert_eq!(received.messages()[0].body(), Some("a.png"));
    assert!(!moto.server_started());
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn errors_arrive_as_the_sdks_typed_errors(moto: &Moto) {
    let config = moto.sdk_config();
    let missing_table = aws_sdk_dynamodb::Client::new(&config)
        .get_item()
        .table_name("nope")
        .key("id", AttributeValue::S("x".into()))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        missing_table.is_resource_not_found_exception(),
        "{missing_table:?}"
    );

    let s3 = s3(&config);
    s3.create_bucket().bucket("empty").send().await.unwrap();
    let missing_key = s3
        .get_object()
        .bucket("empty")
        .key("nothing")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing_key.is_no_such_key(), "{missing_key:?}");

    let missing_queue = aws_sdk_sqs::Client::new(&config)
        .get_queue_url()
        .queue_name("nope")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(missing_queue.is_queue_does_not_exist(), "{missing_queue:?}");
}

#[tokio::test]
async fn a_client_outliving_its_backend_fails_with_a_connector_error() {
    let backend = Arc::new(Backend::new(BackendOptions::default()));
    let sqs = aws_sdk_sqs::Client::new(&moto_recorded::aws::sdk_config_in_process(
        &backend,
        "us-east-1",
    ));
    sqs.list_queues().send().await.unwrap();
    drop(backend);
    let error = sqs.list_queues().send().await.unwrap_err();
    let text = format!("{:?}", aws_sdk_sqs::error::DisplayErrorContext(&error));
    assert!(text.contains("has been dropped"), "{text}");
}

/// The same setup recorded through the in-process transport and over loopback gives the
/// same fixture, byte for byte: S3 (virtual-hosted in process, path style on
/// `127.0.0.1`; a file streamed aws-chunked), DynamoDB and SQS (whose bodies name the
/// queue url of the origin used).
#[tokio::test]
async fn fixtures_are_byte_identical_whichever_transport_recorded_them() {
    let dir = tempfile::tempdir().unwrap();
    let upload = dir.path().join("upload.txt");
    std::fs::write(&upload, "a file, streamed\n".repeat(500)).unwrap();

    let in_process = recording_backend();
    setup(
        &moto_recorded::aws::sdk_config_in_process(&in_process, "us-east-1"),
        &upload,
    )
    .await;
    let over_http = Server::start(recording_backend(), ServerOptions::default()).unwrap();
    setup(
        &moto_recorded::aws::sdk_config(&over_http.endpoint_url(), "us-east-1"),
        &upload,
    )
    .await;

    let written = |backend: &Backend, name: &str| {
        backend.recorder().stop();
        let entries = backend.recorder().recording().unwrap().entries().to_vec();
        let path = dir.path().join(name);
        Recording::with_seed(42, entries)
            .write_atomic(&path)
            .unwrap();
        std::fs::read(path).unwrap()
    };
    let in_process = written(&in_process, "in_process.jsonl");
    let over_http = written(over_http.backend(), "over_http.jsonl");
    let text = String::from_utf8_lossy(&in_process);
    assert!(text.lines().count() >= 9, "{text}");
    assert!(
        text.contains("http://localhost:5000/files/upload.txt"),
        "{text}"
    );
    assert!(
        in_process == over_http,
        "in process:\n{text}\nover HTTP:\n{}",
        String::from_utf8_lossy(&over_http)
    );
}

fn recording_backend() -> Arc<Backend> {
    Arc::new(Backend::new(BackendOptions {
        seed: Some(42),
        clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        recording: true,
        ..BackendOptions::default()
    }))
}

async fn setup(config: &SdkConfig, upload: &std::path::Path) {
    let s3 = s3(config);
    s3.create_bucket().bucket("files").send().await.unwrap();
    s3.put_object()
        .bucket("files")
        .key("upload.txt")
        .body(ByteStream::from_path(upload).await.unwrap())
        .send()
        .await
        .unwrap();
    s3.put_object()
        .bucket("files")
        .key("note.txt")
        .content_type("text/plain")
        .body(ByteStream::from_static(b"hello"))
        .send()
        .await
        .unwrap();
    let dynamodb = aws_sdk_dynamodb::Client::new(config);
    create_table(&dynamodb, "orders").await;
    dynamodb
        .put_item()
        .table_name("orders")
        .item("id", AttributeValue::S("o-1".into()))
        .send()
        .await
        .unwrap();
    let sqs = aws_sdk_sqs::Client::new(config);
    let url = sqs
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    sqs.send_message()
        .queue_url(&url)
        .message_body("resize")
        .send()
        .await
        .unwrap();
    sqs.get_queue_attributes()
        .queue_url(&url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::All)
        .send()
        .await
        .unwrap();
}
