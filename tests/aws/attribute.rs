//! `#[moto_recorded]` as users write it: committed fixtures (tests/fixtures/) replayed
//! into a fresh backend per test, one recipe per service, in every shape the attribute
//! accepts. On CI the fixtures must exist; re-recording them gives the same bytes.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use moto_recorded::rand_chacha::rand_core::Rng as _;
use moto_recorded::{BackendKind, Mode, Moto, moto_recorded};

/// Golden values hold for the embedded backend; a Moto server has its own RNG and clock.
fn embedded(moto: &Moto) -> bool {
    moto.backend_kind() == BackendKind::Embedded
}

fn s3(moto: &Moto) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::new(&moto.sdk_config())
}

/// Without `force_path_style`, the SDK still uses path style for the embedded backend's
/// `127.0.0.1` over HTTP (virtual-hosted style would send `orders.127.0.0.1`, which
/// resolves to nothing), as the S3 recipe says.
#[moto_recorded(seed = 42)]
#[tokio::test]
async fn s3_needs_no_path_style_setting_for_the_loopback_ip(moto: &Moto) {
    if !moto
        .endpoint_url()
        .unwrap()
        .starts_with("http://127.0.0.1:")
    {
        return;
    }
    let s3 = aws_sdk_s3::Client::new(&moto.sdk_config_over_http().unwrap());
    s3.create_bucket().bucket("receipts").send().await.unwrap();
    let listed = s3
        .list_objects_v2()
        .bucket("receipts")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.key_count(), Some(0));
}

/// S3: a bucket with two order documents.
async fn create_orders_bucket(moto: &Moto) {
    let s3 = s3(moto);
    s3.create_bucket().bucket("orders").send().await.unwrap();
    for (key, body) in [
        ("o-1.json", r#"{"total":42}"#),
        ("o-2.json", r#"{"total":7}"#),
    ] {
        s3.put_object()
            .bucket("orders")
            .key(key)
            .content_type("application/json")
            .body(body.as_bytes().to_vec().into())
            .send()
            .await
            .unwrap();
    }
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/s3_orders.jsonl", setup = create_orders_bucket)]
#[tokio::test]
async fn s3_lists_the_recorded_orders(moto: &Moto) {
    assert_eq!(moto.mode(), Mode::Replayed);
    let listed = s3(moto)
        .list_objects_v2()
        .bucket("orders")
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, ["o-1.json", "o-2.json"]);
    let body = s3(moto)
        .get_object()
        .bucket("orders")
        .key("o-1.json")
        .send()
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap()
        .into_bytes();
    assert_eq!(&body[..], br#"{"total":42}"#);
}

/// The same fixture, shared: the test runs on tokio's multi-thread runtime, with the
/// attribute below the runtime's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[moto_recorded(seed = 42, fixture = "tests/fixtures/s3_orders.jsonl", setup = create_orders_bucket)]
async fn s3_fixture_is_shared_by_tests(moto: &Moto) {
    let head = s3(moto)
        .head_object()
        .bucket("orders")
        .key("o-2.json")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_length(), Some(11));
    assert_eq!(head.content_type(), Some("application/json"));
}

/// DynamoDB: a table with one order; the setup returns a `Result`.
async fn create_orders_table(moto: &Moto) -> Result<(), aws_sdk_dynamodb::Error> {
    let dynamodb = aws_sdk_dynamodb::Client::new(&moto.sdk_config());
    dynamodb
        .create_table()
        .table_name("orders")
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()?,
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()?,
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await?;
    dynamodb
        .put_item()
        .table_name("orders")
        .item("id", AttributeValue::S("o-1".into()))
        .item("total", AttributeValue::N("42".into()))
        .send()
        .await?;
    Ok(())
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/dynamodb_orders.jsonl",
    setup = create_orders_table,
    clock = "2024-01-01T00:00:00Z"
)]
#[tokio::test]
async fn dynamodb_reads_the_recorded_item(moto: &Moto) -> Result<(), aws_sdk_dynamodb::Error> {
    let dynamodb = aws_sdk_dynamodb::Client::new(&moto.sdk_config());
    let item = dynamodb
        .get_item()
        .table_name("orders")
        .key("id", AttributeValue::S("o-1".into()))
        .send()
        .await?;
    assert_eq!(
        item.item().and_then(|item| item.get("total")),
        Some(&AttributeValue::N("42".into()))
    );
    let table = dynamodb
        .describe_table()
        .table_name("orders")
        .send()
        .await?
        .table
        .unwrap();
    // Seeded and on the virtual clock: the same on every machine and every run.
    if embedded(moto) {
        assert_eq!(
            table.table_id(),
            Some("54902dec-d766-4f09-9d2d-08f0f01c1be4")
        );
        assert_eq!(
            table.creation_date_time().map(|time| time.secs()),
            Some(1_704_067_200)
        );
    }
    Ok(())
}

/// SQS: a queue with one message; a sync test runs an async setup.
async fn queue_a_job(moto: &Moto) {
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let url = sqs
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    sqs.send_message()
        .queue_url(url)
        .message_body("build o-1")
        .send()
        .await
        .unwrap();
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/sqs_jobs.jsonl", setup = queue_a_job, clock = "2024-01-01T00:00:00Z")]
fn sqs_receives_the_recorded_message(moto: &Moto) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
        let url = sqs
            .get_queue_url()
            .queue_name("jobs")
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        let received = sqs
            .receive_message()
            .queue_url(&url)
            .visibility_timeout(30)
            .send()
            .await
            .unwrap();
        let message = &received.messages()[0];
        assert_eq!(message.body(), Some("build o-1"));
        let empty = sqs.receive_message().queue_url(&url).send().await.unwrap();
        assert!(empty.messages().is_empty());
        if embedded(moto) {
            assert_eq!(
                message.message_id(),
                Some("54902dec-d766-4f09-9d2d-08f0f01c1be4")
            );
            // The virtual clock: after the visibility timeout the message is back.
            moto.advance_clock(std::time::Duration::from_secs(31))
                .unwrap();
            let again = sqs.receive_message().queue_url(&url).send().await.unwrap();
            assert_eq!(again.messages().len(), 1);
        } else {
            assert!(
                moto.advance_clock(std::time::Duration::from_secs(31))
                    .is_err()
            );
        }
    });
}

/// A sync setup in an async test: plain HTTP, no runtime needed.
fn create_bucket_over_http(moto: &Moto) -> Result<(), ureq::Error> {
    ureq::put(format!("{}/plain", moto.endpoint_url().unwrap()))
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/s3/aws4_request, \
             SignedHeaders=host, Signature=0",
        )
        .send_empty()?;
    Ok(())
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/s3_plain.jsonl", setup = create_bucket_over_http)]
#[tokio::test]
async fn a_sync_setup_serves_an_async_test(moto: &Moto) {
    let buckets = s3(moto).list_buckets().send().await.unwrap();
    let names: Vec<&str> = buckets.buckets().iter().filter_map(|b| b.name()).collect();
    assert_eq!(names, ["plain"]);
}

/// EC2: one instance, with a seeded id.
async fn launch_instance(moto: &Moto) {
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
    ec2.run_instances()
        .image_id("ami-12c6146b")
        .instance_type(aws_sdk_ec2::types::InstanceType::T2Micro)
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/ec2_instance.jsonl", setup = launch_instance)]
#[tokio::test]
async fn ec2_describes_the_recorded_instance(moto: &Moto) {
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
    let described = ec2.describe_instances().send().await.unwrap();
    let instance = &described.reservations()[0].instances()[0];
    if embedded(moto) {
        assert_eq!(instance.instance_id(), Some("i-a5cf6f056be383c3e"));
    }
    assert_eq!(instance.image_id(), Some("ami-12c6146b"));
}

/// Without a fixture: a fresh backend, seeded, for tests that build their own state.
#[moto_recorded(seed = 42)]
#[tokio::test]
async fn without_a_fixture_the_backend_is_fresh_and_seeded(moto: &Moto) {
    assert_eq!(moto.mode(), Mode::Fresh);
    assert_eq!(moto.fixture(), None);
    assert_eq!(moto.seed(), 42);
    assert_eq!(moto.region(), "us-east-1");
    let buckets = s3(moto).list_buckets().send().await.unwrap();
    assert!(buckets.buckets().is_empty());
    // The test's own data: seeded, independent of the backend's ids.
    assert_eq!(moto.rng().next_u64(), 0x0eb8_b421_a987_a395);
    assert_eq!(moto.rng().next_u64(), moto.rng().next_u64());
}

/// No `seed`: derived from the test's name, stable across runs.
#[moto_recorded]
#[test]
fn without_a_seed_it_is_derived_from_the_test_name(moto: &Moto) {
    assert_eq!(moto.seed(), 0x4f5c_6119_4204_db78);
    assert!(
        moto.advance_clock(std::time::Duration::from_secs(1))
            .is_err()
    );
}

/// A sync test taking nothing; the attribute adds `#[test]`.
#[moto_recorded(seed = 1)]
fn a_test_may_take_nothing() {}

/// The recorder of the test's backend, as Moto's: record, download, upload, replay.
#[moto_recorded(seed = 42)]
#[tokio::test]
async fn the_recorder_of_the_test_backend(moto: &Moto) {
    let s3 = s3(moto);
    let recorder = moto.recorder();
    recorder.reset().unwrap();
    recorder.start().unwrap();
    s3.create_bucket().bucket("recorded").send().await.unwrap();
    recorder.stop().unwrap();
    s3.create_bucket()
        .bucket("not-recorded")
        .send()
        .await
        .unwrap();
    let log = recorder.download().unwrap();
    assert!(log.contains("/recorded"), "{log}");
    assert!(!log.contains("not-recorded"), "{log}");

    // Gone, then rebuilt by replaying the uploaded log.
    s3.delete_bucket().bucket("recorded").send().await.unwrap();
    recorder.upload(&log).unwrap();
    let report = recorder.replay().unwrap();
    assert_eq!(report.replayed, 1);
    s3.head_bucket().bucket("recorded").send().await.unwrap();

    // A malformed upload is refused, naming the line, and the log is kept.
    let error = recorder.upload("{not json\n").unwrap_err().to_string();
    assert!(error.starts_with("uploaded recording:1: "), "{error}");
    assert_eq!(recorder.download().unwrap(), log);
    recorder.reset().unwrap();
    assert_eq!(recorder.download().unwrap(), "");
}
