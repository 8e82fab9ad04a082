//! Per-test overhead of an embedded backend, and the memory of idle ones.
//!
//! ```text
//! cargo bench --bench overhead
//! ```
//!
//! Prints a Markdown table: the median and p99 of creating an isolated backend with its
//! server, seeding it, replaying a 10-entry fixture (checked) and dropping it; and the
//! resident memory of 100 idle backends. Nothing here asserts a time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use moto_recorded::backend::{Backend, BackendOptions};
use moto_recorded::recording::{Entry, Recording};
use moto_recorded::server::{Server, ServerOptions};

const ITERATIONS: usize = 1000;
const IDLE_BACKENDS: usize = 100;

fn main() {
    let fixture = ten_entry_fixture();
    // Warm up allocators, the thread pool of the OS and the page cache.
    for _ in 0..50 {
        per_test(&fixture);
    }
    let mut samples: Vec<Duration> = (0..ITERATIONS).map(|_| per_test(&fixture)).collect();
    samples.sort();
    let median = samples[samples.len() / 2];
    let p99 = samples[samples.len() * 99 / 100];

    let before = resident_bytes();
    let idle: Vec<Server> = (0..IDLE_BACKENDS).map(|_| start()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let after = resident_bytes();
    drop(idle);

    println!("| measurement | median | p99 | target |");
    println!("|---|---|---|---|");
    println!(
        "| per-test overhead: new backend + server, seed, checked replay of {} entries (S3, DynamoDB, SQS), drop ({ITERATIONS} runs) | {} | {} | median <= 1 ms |",
        fixture.len(),
        millis(median),
        millis(p99),
    );
    match (before, after) {
        (Some(before), Some(after)) => println!(
            "| resident memory per idle backend ({IDLE_BACKENDS} backends) | {:.3} MiB | | <= 2 MiB |",
            after.saturating_sub(before) as f64 / IDLE_BACKENDS as f64 / (1024.0 * 1024.0)
        ),
        _ => println!(
            "| resident memory per idle backend | n/a (no /proc/self/statm) | | <= 2 MiB |"
        ),
    }
}

fn start() -> Server {
    match Server::start(
        Arc::new(Backend::new(BackendOptions::default())),
        ServerOptions::default(),
    ) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("cannot start a backend: {error}");
            std::process::exit(1);
        }
    }
}

fn per_test(fixture: &Recording) -> Duration {
    let started = Instant::now();
    let server = start();
    server.backend().seed(42);
    if let Err(error) = server.replay(fixture.clone()) {
        eprintln!("replay failed: {error}");
        std::process::exit(1);
    }
    drop(server);
    started.elapsed()
}

/// A fixture of ten checked entries as the SDKs record them: the seed line, then S3
/// (bucket, objects), DynamoDB (table, items) and SQS (queue, messages).
fn ten_entry_fixture() -> Recording {
    let entry = |method: &str, path: &str, headers: &[(&str, &str)], body: &str| Entry {
        headers: headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
        method: method.to_owned(),
        url: format!("http://localhost:5000{path}"),
        body: Some(body.as_bytes().to_vec()),
        status: Some(200),
    };
    let queue = r#""QueueUrl":"http://localhost:5000/123456789012/bench""#;
    Recording::with_seed(
        42,
        [
            entry("PUT", "/bench", &[], ""),
            entry(
                "PUT",
                "/bench/a.txt?x-id=PutObject",
                &[("Content-Type", "text/plain")],
                "hello",
            ),
            entry(
                "POST",
                "/",
                &dynamodb("DynamoDB_20120810.CreateTable"),
                r#"{"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"TableName":"bench"}"#,
            ),
            entry(
                "POST",
                "/",
                &dynamodb("DynamoDB_20120810.PutItem"),
                r#"{"Item":{"id":{"S":"1"}},"TableName":"bench"}"#,
            ),
            entry(
                "POST",
                "/",
                &dynamodb("DynamoDB_20120810.PutItem"),
                r#"{"Item":{"id":{"S":"2"}},"TableName":"bench"}"#,
            ),
            entry(
                "POST",
                "/",
                &sqs("AmazonSQS.CreateQueue"),
                r#"{"QueueName":"bench"}"#,
            ),
            entry(
                "POST",
                "/",
                &sqs("AmazonSQS.SendMessage"),
                &format!(r#"{{"MessageBody":"m1",{queue}}}"#),
            ),
            entry(
                "POST",
                "/",
                &sqs("AmazonSQS.SendMessage"),
                &format!(r#"{{"MessageBody":"m2",{queue}}}"#),
            ),
            entry(
                "PUT",
                "/bench/b.txt?x-id=PutObject",
                &[("Content-Type", "text/plain")],
                "world",
            ),
        ],
    )
}

/// The headers of a DynamoDB request for `target`.
fn dynamodb(target: &str) -> [(&str, &str); 2] {
    [
        ("Content-Type", "application/x-amz-json-1.0"),
        ("X-Amz-Target", target),
    ]
}

/// The headers of an SQS JSON request for `target`.
fn sqs(target: &str) -> [(&str, &str); 3] {
    [
        ("Content-Type", "application/x-amz-json-1.0"),
        ("X-Amz-Target", target),
        ("X-Amzn-Query-Mode", "true"),
    ]
}

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn millis(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}
