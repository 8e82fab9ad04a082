//! Quickstart: moto-recorded's whole loop on the embedded backend, with the AWS SDK for
//! Rust. This is what `#[moto_recorded]` does for every test, step by step.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! 1. Record: a fresh backend seeded with 42 records a setup (an EC2 instance, an S3
//!    bucket and object, an SQS queue and message) made with the real SDK clients.
//! 2. Record again, in another fresh backend: the fixture is byte-identical, and holds no
//!    signature, date or port.
//! 3. Replay: the fixture is written atomically, read back and replayed (every entry
//!    checked) into a third fresh backend, which then has the same state and the same
//!    ids, printed below; they are the same on every machine.

use std::error::Error;
use std::path::Path;
use std::sync::Arc;

use moto_recorded::backend::{Backend, BackendOptions};
use moto_recorded::clock::Clock;
use moto_recorded::recording::Recording;
use moto_recorded::server::{Server, ServerOptions};

const SEED: u64 = 42;
const START: &str = "2024-01-01T00:00:00Z";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    println!("1. Recording the setup (seed {SEED})");
    let recorded = fresh_backend(true)?;
    let ids = create_orders(&recorded).await?;
    ids.print();
    let fixture = fixture_of(&recorded)?;

    println!("\n2. Recording it again in a fresh backend");
    let again = fresh_backend(true)?;
    create_orders(&again).await?;
    let identical = fixture_of(&again)?.to_jsonl() == fixture.to_jsonl();
    println!("   byte-identical fixture: {identical}");
    if !identical {
        return Err("re-recording an unchanged setup changed the fixture".into());
    }

    let directory =
        std::env::temp_dir().join(format!("moto-recorded-quickstart-{}", std::process::id()));
    let path = directory.join("orders.jsonl");
    fixture.write_atomic(&path)?;
    println!("\n3. The fixture, {}", path.display());
    for entry in fixture.entries() {
        println!(
            "   {:<4} {:<40} {:<15} {}",
            entry.method,
            entry.path_and_query(),
            operation(entry),
            entry
                .status
                .map_or("-".to_owned(), |status| status.to_string())
        );
    }
    let text = fixture.to_jsonl();
    let clean = !text.contains("127.0.0.1") && !text.contains("X-Amz-Date");
    println!(
        "   {} lines, {} bytes; no port, date or signature in it: {clean}",
        fixture.len(),
        text.len()
    );

    println!("\n4. Replaying it into a fresh backend");
    let replayed = fresh_backend(false)?;
    let report = replayed.replay(&Recording::read(&path)?)?;
    println!(
        "   replayed {} entries, each with its recorded status",
        report.replayed
    );
    let found = read_back(&replayed).await?;
    found.print();
    if found != ids {
        return Err("the replayed state differs from the recorded one".into());
    }
    println!("   the same state and ids as recorded");
    remove(&directory)?;
    Ok(())
}

/// The operation an entry is, for the table: Moto's seed request has none of its own.
fn operation(entry: &moto_recorded::recording::Entry) -> &str {
    match entry.operation() {
        Some(operation) => operation,
        None if entry.is_control_plane() => "(Moto's seed)",
        None => "(unknown)",
    }
}

/// A fresh, isolated backend seeded with 42 on a virtual clock, served on loopback.
fn fresh_backend(recording: bool) -> Result<Server, Box<dyn Error>> {
    let backend = Backend::new(BackendOptions {
        seed: Some(SEED),
        clock: Clock::virtual_at_rfc3339(START)?,
        recording,
        ..BackendOptions::default()
    });
    Ok(Server::start(Arc::new(backend), ServerOptions::default())?)
}

/// What was recorded, as a fixture: Moto's seed request first.
fn fixture_of(server: &Server) -> Result<Recording, Box<dyn Error>> {
    let recorder = server.backend().recorder();
    recorder.stop();
    Ok(Recording::with_seed(
        SEED,
        recorder.recording()?.entries().to_vec(),
    ))
}

fn s3(server: &Server) -> aws_sdk_s3::Client {
    let config = moto_recorded::aws::sdk_config(&server.endpoint_url(), "us-east-1");
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    )
}

fn sqs(server: &Server) -> aws_sdk_sqs::Client {
    aws_sdk_sqs::Client::new(&moto_recorded::aws::sdk_config(
        &server.endpoint_url(),
        "us-east-1",
    ))
}

fn ec2(server: &Server) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&moto_recorded::aws::sdk_config(
        &server.endpoint_url(),
        "us-east-1",
    ))
}

/// The ids a setup produced, or a replayed backend holds.
#[derive(Debug, PartialEq, Eq)]
struct Ids {
    object_etag: String,
    message_id: String,
    instance_id: String,
}

impl Ids {
    fn print(&self) {
        println!("   s3 object etag   {}", self.object_etag);
        println!("   sqs message id   {}", self.message_id);
        println!("   ec2 instance id  {}", self.instance_id);
    }
}

/// The id the first RunInstances after seed 42 gives, on every machine (the README and
/// the crate docs show it).
const FIRST_INSTANCE_ID: &str = "i-a5cf6f056be383c3e";

/// The setup: the SDK calls a test would make to build its state. The instance is
/// launched first, so that it gets the seed's first instance id.
async fn create_orders(server: &Server) -> Result<Ids, Box<dyn Error>> {
    let ran = ec2(server)
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .send()
        .await?;
    let instance_id = ran.instances()[0]
        .instance_id()
        .unwrap_or_default()
        .to_owned();
    if instance_id != FIRST_INSTANCE_ID {
        return Err(format!("seed 42 launched {instance_id}, not {FIRST_INSTANCE_ID}").into());
    }
    let s3 = s3(server);
    s3.create_bucket().bucket("orders").send().await?;
    let put = s3
        .put_object()
        .bucket("orders")
        .key("o-1.json")
        .body(br#"{"total":42}"#.to_vec().into())
        .send()
        .await?;
    let sqs = sqs(server);
    let queue = sqs.create_queue().queue_name("jobs").send().await?;
    let sent = sqs
        .send_message()
        .queue_url(queue.queue_url().unwrap_or_default())
        .message_body("ship o-1")
        .send()
        .await?;
    Ok(Ids {
        object_etag: put.e_tag().unwrap_or_default().to_owned(),
        message_id: sent.message_id().unwrap_or_default().to_owned(),
        instance_id,
    })
}

/// The same ids, read back from a replayed backend.
async fn read_back(server: &Server) -> Result<Ids, Box<dyn Error>> {
    let head = s3(server)
        .head_object()
        .bucket("orders")
        .key("o-1.json")
        .send()
        .await?;
    let sqs = sqs(server);
    let queue = sqs.get_queue_url().queue_name("jobs").send().await?;
    // The message was sent and never received, so it is visible.
    let received = sqs
        .receive_message()
        .queue_url(queue.queue_url().unwrap_or_default())
        .send()
        .await?;
    let described = ec2(server).describe_instances().send().await?;
    let instance = described
        .reservations()
        .iter()
        .flat_map(|reservation| reservation.instances())
        .next();
    Ok(Ids {
        object_etag: head.e_tag().unwrap_or_default().to_owned(),
        message_id: received
            .messages()
            .first()
            .and_then(|message| message.message_id())
            .unwrap_or_default()
            .to_owned(),
        instance_id: instance
            .and_then(|instance| instance.instance_id())
            .unwrap_or_default()
            .to_owned(),
    })
}

fn remove(directory: &Path) -> std::io::Result<()> {
    std::fs::remove_dir_all(directory)
}
