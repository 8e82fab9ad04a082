//! Fixtures between this project and a real Moto server, both ways. These tests need a
//! Moto server (`MOTO_RECORDED_SERVER`, which `.ci/run` starts from PyPI) and are run on
//! their own: `cargo test --test aws -- --ignored --test-threads=1 interop::`.

use aws_sdk_dynamodb::types::AttributeValue;
use moto_recorded::config::Config;
// The harness the attribute calls, run 20 times in a loop.
use moto_recorded::__private::{Options, run};
use moto_recorded::{BackendKind, Mode, Moto, moto_recorded};

/// The Moto server to use: on CI its absence is a failure; elsewhere the test says how to
/// get one and passes.
pub(crate) fn moto_server() -> Option<String> {
    let config = Config::global().unwrap();
    if let Some(url) = &config.moto_server {
        return Some(url.clone());
    }
    let how = "the interop tests need a Moto server: python3 -m venv .venv-interop && \
               .venv-interop/bin/pip install -r interop/requirements.txt && \
               .venv-interop/bin/moto_server -p 5000, then run them with \
               MOTO_RECORDED_SERVER=http://localhost:5000";
    assert!(!config.ci, "{how}");
    eprintln!("skipped: {how}");
    None
}

fn post(url: &str, body: &[u8]) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.post(url).send(body).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

pub(crate) fn config(url: &str) -> aws_types::SdkConfig {
    moto_recorded::aws::sdk_config(url, "us-east-1")
}

fn s3(url: &str) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config(url))
            .force_path_style(true)
            .build(),
    )
}

async fn object(s3: &aws_sdk_s3::Client, key: &str) -> Vec<u8> {
    let object = s3
        .get_object()
        .bucket("orders")
        .key(key)
        .send()
        .await
        .unwrap();
    object.body.collect().await.unwrap().into_bytes().to_vec()
}

/// Uploads a fixture to Moto and has Moto replay it with its own `replay-recording`.
pub(crate) fn replay_in_moto(url: &str, fixture: &str) {
    let text = std::fs::read(format!(
        "{}/tests/fixtures/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert_eq!(post(&format!("{url}/moto-api/reset"), b"").0, 200);
    let (status, body) = post(&format!("{url}/moto-api/recorder/upload-recording"), &text);
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(&format!("{url}/moto-api/recorder/replay-recording"), b"");
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };

    replay_in_moto(&url, "s3_orders.jsonl");
    let s3 = s3(&url);
    assert_eq!(object(&s3, "o-1.json").await, br#"{"total":42}"#);
    assert_eq!(object(&s3, "o-2.json").await, br#"{"total":7}"#);

    replay_in_moto(&url, "dynamodb_orders.jsonl");
    let dynamodb = aws_sdk_dynamodb::Client::new(&config(&url));
    let item = dynamodb
        .get_item()
        .table_name("orders")
        .key("id", AttributeValue::S("o-1".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        item.item().and_then(|item| item.get("total")),
        Some(&AttributeValue::N("42".into()))
    );

    replay_in_moto(&url, "sqs_jobs.jsonl");
    let sqs = aws_sdk_sqs::Client::new(&config(&url));
    let queue = sqs.get_queue_url().queue_name("jobs").send().await.unwrap();
    let received = sqs
        .receive_message()
        .queue_url(queue.queue_url().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(received.messages()[0].body(), Some("build o-1"));

    replay_in_moto(&url, "ec2_instance.jsonl");
    let ec2 = aws_sdk_ec2::Client::new(&config(&url));
    let described = ec2.describe_instances().send().await.unwrap();
    let instances: Vec<_> = described
        .reservations()
        .iter()
        .flat_map(|reservation| reservation.instances())
        .collect();
    assert_eq!(instances.len(), 1);
    assert_eq!(instances[0].image_id(), Some("ami-12c6146b"));
}

/// `interop/record_boto3_fixture.py` writes this file with boto3 against Moto; here it is
/// replayed through the attribute into the embedded backend.
#[moto_recorded(seed = 42, fixture = "target/interop/boto3_orders.jsonl")]
#[tokio::test]
#[ignore = "needs the recording interop/record_boto3_fixture.py makes: run by .ci/run"]
async fn a_boto3_recording_replays_through_the_attribute(moto: &Moto) {
    assert_eq!(
        moto.mode(),
        Mode::Replayed,
        "run interop/record_boto3_fixture.py against a Moto server first"
    );
    assert_eq!(moto.backend_kind(), BackendKind::Embedded);
    let url = moto.endpoint_url().unwrap();
    let s3 = s3(&url);
    assert_eq!(object(&s3, "o-1.json").await, br#"{"total":42}"#);
    assert_eq!(
        object(&s3, "receipt.bin").await,
        (0..=255).collect::<Vec<u8>>()
    );

    let dynamodb = aws_sdk_dynamodb::Client::new(&moto.sdk_config());
    let item = dynamodb
        .get_item()
        .table_name("orders")
        .key("id", AttributeValue::S("o-1".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        item.item().and_then(|item| item.get("note")),
        Some(&AttributeValue::S("café ☕".into()))
    );

    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let queue = sqs.get_queue_url().queue_name("jobs").send().await.unwrap();
    let received = sqs
        .receive_message()
        .queue_url(queue.queue_url().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(received.messages()[0].body(), Some("ship o-1"));

    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
    let described = ec2.describe_instances().send().await.unwrap();
    let instance = &described.reservations()[0].instances()[0];
    assert_eq!(instance.image_id(), Some("ami-12c6146b"));
}

/// The ids one harness replay of `fixture` into the Moto server gives.
fn replayed_ids(fixture: &'static str) -> (String, String) {
    let options = Options {
        test: "aws::interop::determinism",
        package: env!("CARGO_PKG_NAME"),
        manifest_dir: env!("CARGO_MANIFEST_DIR"),
        seed: Some(42),
        fixture: Some(fixture),
        clock: None,
        setup: None,
        setup_name: None,
        record_reads: false,
    };
    let mut ids = (String::new(), String::new());
    run(options, |moto| {
        assert_eq!(moto.backend_kind(), BackendKind::MotoServer);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        ids = runtime.block_on(async {
            let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
            let instances = ec2.describe_instances().send().await.unwrap();
            let instance = instances.reservations()[0].instances()[0]
                .instance_id()
                .unwrap()
                .to_owned();
            let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
            let queue = sqs.get_queue_url().queue_name("jobs").send().await.unwrap();
            let received = sqs
                .receive_message()
                .queue_url(queue.queue_url().unwrap())
                .send()
                .await
                .unwrap();
            let message = received.messages()[0].message_id().unwrap().to_owned();
            (instance, message)
        });
    });
    ids
}

#[test]
#[ignore = "needs a Moto server: run by .ci/run"]
fn moto_gives_the_same_ids_on_every_replay() {
    if moto_server().is_none() {
        return;
    }
    let first = replayed_ids("target/interop/ec2_and_sqs.jsonl");
    for _ in 1..20 {
        assert_eq!(replayed_ids("target/interop/ec2_and_sqs.jsonl"), first);
    }
    assert!(
        first.0.starts_with("i-") && first.0.len() == 19,
        "{first:?}"
    );
}

/// The fixture of the determinism test, recorded on the Moto server (.ci/run runs this
/// with recording on): an instance launched and tagged by its id, a message sent.
#[moto_recorded(seed = 42, fixture = "target/interop/ec2_and_sqs.jsonl", setup = launch_and_send)]
#[tokio::test]
#[ignore = "run by .ci/run before the determinism test"]
async fn records_the_determinism_fixture(moto: &Moto) {
    assert_eq!(moto.mode(), Mode::Recorded);
    assert_eq!(moto.backend_kind(), BackendKind::MotoServer);
}

async fn launch_and_send(moto: &Moto) {
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
    let ran = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
    let instance = ran.instances()[0].instance_id().unwrap().to_owned();
    // A request that carries the seeded id: it only replays if ids are the same.
    ec2.create_tags()
        .resources(instance)
        .tags(
            aws_sdk_ec2::types::Tag::builder()
                .key("team")
                .value("orders")
                .build(),
        )
        .send()
        .await
        .unwrap();
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
        .message_body("ship o-1")
        .send()
        .await
        .unwrap();
}
