//! Quickstart: moto-recorded's recording loop, end to end.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! 1. A seeded `MockRandom` gives the same AWS ids on every machine and every run.
//! 2. The same setup (requests as aws-sdk-rust sends them) is recorded twice, on different
//!    ports, dates, signatures and invocation ids: both fixtures are byte-identical and
//!    hold no signature or session token.
//! 3. The fixture is written atomically, read back, and replayed with every entry checked
//!    against the status it was recorded with.

use std::error::Error;

use moto_recorded::random::MockRandom;
use moto_recorded::recorder::{Recorder, ReplayResponse, Storage, TransportError};
use moto_recorded::recording::{CapturedRequest, Entry, Recording};

const SEED: u64 = 42;

fn main() -> Result<(), Box<dyn Error>> {
    println!("1. Seeded ids (seed {SEED})");
    let random = MockRandom::seeded(SEED);
    println!("   instance id   {}", random.instance_id());
    println!("   vpc id        {}", random.vpc_id());
    println!("   message id    {}", random.sqs_message_id());
    random.seed(SEED);
    println!("   reseeded:     {} (the same again)", random.instance_id());

    println!("\n2. Recording the same setup twice");
    let first = record_setup(41_231, "20240101T090000Z")?;
    let second = record_setup(52_877, "20241124T174512Z")?;
    let identical = first.to_jsonl() == second.to_jsonl();
    println!("   byte-identical fixtures: {identical}");
    if !identical {
        return Err("re-recording an unchanged setup changed the fixture".into());
    }

    println!("\n3. The fixture");
    let path = std::env::temp_dir()
        .join(format!("moto-recorded-quickstart-{}", std::process::id()))
        .join("orders.jsonl");
    first.write_atomic(&path)?;
    let fixture = Recording::read(&path)?;
    print!("{}", indent(&fixture.to_jsonl()));
    println!(
        "   {} entries, seed {:?}, written to {}",
        fixture.len(),
        fixture.seed(),
        path.display()
    );

    println!("\n4. Checked replay");
    let mut target = |entry: &Entry| -> Result<ReplayResponse, TransportError> {
        let operation = entry.operation().map(|name| format!(" ({name})"));
        println!(
            "   -> {} {}{}",
            entry.method,
            entry.path_and_query(),
            operation.unwrap_or_default()
        );
        Ok(ReplayResponse {
            status: entry.status.unwrap_or(200),
            body: Vec::new(),
        })
    };
    let report = moto_recorded::recorder::replay(&fixture, &mut target)?;
    println!("   replayed {} entries, all as recorded", report.replayed);
    if let Some(directory) = path.parent() {
        std::fs::remove_dir_all(directory)?;
    }
    Ok(())
}

/// A request as aws-sdk-rust sends it, before the per-run headers are added.
struct SdkRequest {
    method: &'static str,
    uri: &'static str,
    service: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
}

const SETUP: [SdkRequest; 3] = [
    SdkRequest {
        method: "PUT",
        uri: "/orders",
        service: "s3",
        headers: &[("content-length", "0")],
        body: b"",
    },
    SdkRequest {
        method: "PUT",
        uri: "/orders/o-1.json?x-id=PutObject",
        service: "s3",
        headers: &[
            ("content-type", "application/json"),
            ("x-amz-checksum-crc32", "pGdKhw=="),
        ],
        body: br#"{"id":"o-1","total":42}"#,
    },
    SdkRequest {
        method: "POST",
        uri: "/",
        service: "dynamodb",
        headers: &[
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", "DynamoDB_20120810.PutItem"),
        ],
        body: br#"{"TableName":"orders","Item":{"order_id":{"S":"o-1"},"total":{"N":"42"}}}"#,
    },
];

/// Records the setup as a server on `port` would receive it at `date`; signatures,
/// invocation ids and session tokens are random, as in real life.
fn record_setup(port: u16, date: &str) -> Result<Recording, Box<dyn Error>> {
    let noise = MockRandom::from_os();
    let recorder = Recorder::new(Storage::Memory, true);
    for request in &SETUP {
        let per_run = [
            ("host", format!("127.0.0.1:{port}")),
            ("x-amz-date", date.to_owned()),
            (
                "authorization",
                format!(
                    "AWS4-HMAC-SHA256 Credential=testing/{}/us-east-1/{}/aws4_request, \
                     SignedHeaders=host;x-amz-date, Signature={}",
                    &date[..8],
                    request.service,
                    noise.get_random_hex(64)
                ),
            ),
            ("amz-sdk-invocation-id", noise.uuid4()),
            ("amz-sdk-request", "attempt=1; max=3".to_owned()),
            (
                "user-agent",
                "aws-sdk-rust/1.3.9 os/linux lang/rust/1.95.0".to_owned(),
            ),
            ("x-amz-security-token", noise.token_urlsafe(48)),
        ];
        let headers: Vec<(&str, &[u8])> = per_run
            .iter()
            .map(|(name, value)| (*name, value.as_bytes()))
            .chain(
                request
                    .headers
                    .iter()
                    .map(|(name, value)| (*name, value.as_bytes())),
            )
            .collect();
        let captured = CapturedRequest {
            method: request.method,
            uri: request.uri,
            headers: &headers,
            body: request.body,
        };
        if let Some(pending) = recorder.capture(&captured) {
            pending.complete(200);
        }
    }
    let recording = recorder.recording()?;
    Ok(Recording::with_seed(SEED, recording.entries().to_vec()))
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("   {line}\n")).collect()
}
