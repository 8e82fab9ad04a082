//! The same work through the embedded backend and a real Moto 5.2 server, side by side.
//!
//! ```text
//! python3 -m venv .venv-interop && .venv-interop/bin/pip install -r interop/requirements.txt
//! cargo bench --bench versus_moto
//! ```
//!
//! Starts `moto_server` from `.venv-interop` (or the venv `MOTO_RECORDED_BENCH_VENV`
//! names) on a free loopback port and prints Markdown tables: single AWS SDK calls (in
//! process, over loopback, against Moto), per-test overhead, replay throughput in process
//! and over HTTP, a suite of 100 annotated tests, memory, and how replay time grows with
//! the fixture. Nothing here asserts a time. `MOTO_RECORDED_BENCH_SECTIONS=sdk,suite`
//! runs only the sections named (`sdk`, `per-test`, `throughput`, `suite`, `memory`,
//! `scale`).
//!
//! `MOTO_RECORDED_BENCH_REPEAT=<work>:<count>` instead repeats one piece of work `count`
//! times without Moto and exits, for an instruction counter: run it under
//! `valgrind --tool=callgrind` with two counts, and the difference over the difference in
//! counts is what one repetition costs. The work is `sdk-alone` (an SDK GetItem answered at
//! once, see [`AnswersAtOnce`]), `in-process` (the same GetItem through the in-process
//! transport), `backend` (that GetItem's request handed to `Backend::handle`) or
//! `per-test` (section 1a's test).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use moto_recorded::backend::{Backend, BackendOptions};
use moto_recorded::recording::{Entry, Recording};
use moto_recorded::server::{Server, ServerOptions};

const PER_TEST_RUNS: usize = 500;
const PER_TEST_RUNS_MOTO: usize = 30;
const THROUGHPUT_REQUESTS: usize = 1000;
const THROUGHPUT_RUNS: usize = 5;
const THROUGHPUT_RUNS_MOTO: usize = 2;
const SUITE_RUNS: usize = 10;
const SUITE_RUNS_MOTO: usize = 3;
const SDK_CALLS: usize = 2000;
const SDK_CALLS_MOTO: usize = 300;

type Failure = Box<dyn std::error::Error>;

fn main() {
    if let Err(error) = run() {
        eprintln!("versus_moto: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Failure> {
    if let Ok(spec) = std::env::var("MOTO_RECORDED_BENCH_REPEAT") {
        return repeat(&spec);
    }
    let venv = venv()?;
    let moto = MotoProcess::start(&venv)?;
    println!(
        "Embedded backend vs Moto {} (moto_server at {}), {}\n",
        moto_version(&venv)?,
        moto.url,
        std::env::consts::ARCH
    );
    let wanted = sections()?;
    let runs = |section: &str| wanted.iter().any(|name| name == section);
    // Memory first, before the heap holds freed memory from the other runs.
    let backends = if runs("memory") {
        backend_memory()?
    } else {
        Vec::new()
    };
    if runs("sdk") {
        sdk_calls(&moto, &venv)?;
        per_test_sdk(&moto)?;
    }
    if runs("per-test") {
        per_test(&moto)?;
    }
    if runs("throughput") {
        throughput(&moto, &venv)?;
    }
    if runs("suite") {
        suite(&moto)?;
    }
    if runs("memory") {
        memory(&moto, &backends)?;
    }
    if runs("scale") {
        scale(&moto)?;
    }
    Ok(())
}

/// The sections to run: `MOTO_RECORDED_BENCH_SECTIONS` (comma-separated), every one by
/// default.
fn sections() -> Result<Vec<String>, Failure> {
    const ALL: [&str; 6] = ["sdk", "per-test", "throughput", "suite", "memory", "scale"];
    let Ok(list) = std::env::var("MOTO_RECORDED_BENCH_SECTIONS") else {
        return Ok(ALL.iter().map(|name| (*name).to_owned()).collect());
    };
    list.split(',')
        .map(|name| {
            let name = name.trim();
            if ALL.contains(&name) {
                Ok(name.to_owned())
            } else {
                Err(format!(
                    "MOTO_RECORDED_BENCH_SECTIONS: no section {name:?} (sections: {})",
                    ALL.join(", ")
                )
                .into())
            }
        })
        .collect()
}

// ---------------------------------------------------------------- repeated work

/// `MOTO_RECORDED_BENCH_REPEAT` (see the module docs): `<work>:<count>`.
fn repeat(spec: &str) -> Result<(), Failure> {
    use aws_sdk_dynamodb::types::AttributeValue;
    let (work, count) = spec
        .split_once(':')
        .and_then(|(work, count)| Some((work, count.parse::<u32>().ok()?)))
        .ok_or_else(|| {
            format!("MOTO_RECORDED_BENCH_REPEAT={spec:?}: expected <work>:<count>, as in in-process:1000")
        })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let fixture = ten_entry_fixture();
    let backend = seeded_backend();
    runtime.block_on(backend.replay(&fixture))?;
    let get_item = |config: &aws_types::SdkConfig| {
        aws_sdk_dynamodb::Client::new(config)
            .get_item()
            .table_name("bench")
            .key("id", AttributeValue::S("1".into()))
    };
    let started = Instant::now();
    match work {
        "sdk-alone" | "in-process" => {
            let mut config = moto_recorded::aws::sdk_config_in_process(&backend, "us-east-1");
            if work == "sdk-alone" {
                config = config
                    .into_builder()
                    .http_client(aws_smithy_runtime_api::client::http::SharedHttpClient::new(
                        AnswersAtOnce,
                    ))
                    .build();
            }
            let request = get_item(&config);
            for _ in 0..count {
                runtime.block_on(request.clone().send())?;
            }
        }
        "backend" => {
            let mut builder = http::Request::post("/").header("host", "localhost:5000");
            for (name, value) in json_headers("dynamodb", "DynamoDB_20120810.GetItem".to_owned()) {
                builder = builder.header(name, value);
            }
            let request = builder.body(bytes::Bytes::from_static(
                br#"{"Key":{"id":{"S":"1"}},"TableName":"bench"}"#,
            ))?;
            for _ in 0..count {
                let response = runtime.block_on(backend.handle(request.clone()));
                if !response.status().is_success() {
                    return Err(format!("GetItem answered {}", response.status()).into());
                }
            }
        }
        "per-test" => {
            for _ in 0..count {
                let backend = seeded_backend();
                runtime.block_on(backend.replay(&fixture))?;
                let config = moto_recorded::aws::sdk_config_in_process(&backend, "us-east-1");
                runtime.block_on(get_item(&config).send())?;
            }
        }
        _ => {
            return Err(format!(
                "MOTO_RECORDED_BENCH_REPEAT: no work {work:?} (sdk-alone, in-process, backend, per-test)"
            )
            .into());
        }
    }
    println!(
        "{work}: {count} times, {:?} each",
        started.elapsed() / count.max(1)
    );
    Ok(())
}

// ---------------------------------------------------------------- 0. AWS SDK calls

/// One AWS SDK call per row, timed alone: the SDK by itself (a client whose connector
/// answers at once, the floor any transport stands on), in process (`moto.sdk_config()`),
/// over loopback (`sdk_config_over_http().unwrap()`), and against Moto (the same Rust SDK
/// calls to `moto_server`, and boto3 under `mock_aws`, Moto's in-process mode).
fn sdk_calls(moto: &MotoProcess, venv: &Path) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let backend = seeded_backend();
    let sdk_alone = runtime.block_on(sdk_latencies(
        &moto_recorded::aws::sdk_config_in_process(&backend, "us-east-1")
            .into_builder()
            .http_client(aws_smithy_runtime_api::client::http::SharedHttpClient::new(
                AnswersAtOnce,
            ))
            .build(),
        SDK_CALLS,
    ))?;
    let in_process = runtime.block_on(sdk_latencies(
        &moto_recorded::aws::sdk_config_in_process(&backend, "us-east-1"),
        SDK_CALLS,
    ))?;
    let server = start_backend()?;
    let loopback = runtime.block_on(sdk_latencies(
        &moto_recorded::aws::sdk_config(&server.endpoint_url(), "us-east-1"),
        SDK_CALLS,
    ))?;
    moto.control("/moto-api/reset", "")?;
    let moto_server = runtime.block_on(sdk_latencies(
        &moto_recorded::aws::sdk_config(&moto.url, "us-east-1"),
        SDK_CALLS_MOTO,
    ))?;
    let boto3 = moto_sdk_calls(venv)?;
    println!("### 0. A single AWS SDK call (per-call latency)\n");
    println!(
        "| call | SDK alone median | in process median | in process p99 | loopback median | loopback p99 | Moto server median | Moto server p99 | boto3 + mock_aws median | boto3 + mock_aws p99 | ratio (Moto server / in process, medians) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for ((((name, ours), (_, http)), (_, theirs)), (_, alone)) in in_process
        .iter()
        .zip(&loopback)
        .zip(&moto_server)
        .zip(&sdk_alone)
    {
        let python = &boto3[*name];
        let seconds = |key: &str| Duration::from_secs_f64(python[key].as_f64().unwrap_or(0.0));
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0}x |",
            micros(median(alone)),
            micros(median(ours)),
            micros(p99(ours)),
            micros(median(http)),
            micros(p99(http)),
            micros(median(theirs)),
            micros(p99(theirs)),
            micros(seconds("median")),
            micros(seconds("p99")),
            median(theirs).as_secs_f64() / median(ours).as_secs_f64(),
        );
    }
    println!(
        "\nSDK alone: the same client with a connector that answers every request at once \
         with a canned 200, so nothing but the SDK's own work (serialising, endpoint \
         rules, SigV4 signing, interceptors, parsing) is timed. In process: aws-sdk-rust \
         with the in-process transport, {SDK_CALLS} calls each (goal <= 20 µs median). Loopback: the same calls over HTTP to the backend's \
         server. Moto server: the same Rust calls to `moto_server` ({SDK_CALLS_MOTO} each). \
         boto3 + mock_aws: Python's SDK against Moto in its own process \
         (interop/bench_moto.py, {SDK_CALLS_MOTO} each).\n"
    );
    Ok(())
}

type Latencies = Vec<(&'static str, Vec<Duration>)>;

/// An SDK HTTP client whose every request is answered at once with a 200 and `{}`, which
/// every call timed here parses: what remains of a call is the SDK's own work.
#[derive(Debug, Clone, Copy)]
struct AnswersAtOnce;

impl aws_smithy_runtime_api::client::http::HttpClient for AnswersAtOnce {
    fn http_connector(
        &self,
        _settings: &aws_smithy_runtime_api::client::http::HttpConnectorSettings,
        _components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
    ) -> aws_smithy_runtime_api::client::http::SharedHttpConnector {
        aws_smithy_runtime_api::client::http::SharedHttpConnector::new(*self)
    }
}

impl aws_smithy_runtime_api::client::http::HttpConnector for AnswersAtOnce {
    fn call(
        &self,
        _request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    ) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
        let mut response = aws_smithy_runtime_api::client::orchestrator::HttpResponse::new(
            http::StatusCode::OK.into(),
            aws_smithy_types::body::SdkBody::from("{}"),
        );
        response.headers_mut().insert("content-length", "2");
        aws_smithy_runtime_api::client::http::HttpConnectorFuture::ready(Ok(response))
    }
}

/// Sets up a table, a bucket and a queue, then times `calls` of each call.
async fn sdk_latencies(config: &aws_types::SdkConfig, calls: usize) -> Result<Latencies, Failure> {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
        ScalarAttributeType,
    };
    let dynamodb = aws_sdk_dynamodb::Client::new(config);
    let s3 = aws_sdk_s3::Client::new(config);
    let sqs = aws_sdk_sqs::Client::new(config);
    dynamodb
        .create_table()
        .table_name("bench")
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
    s3.create_bucket().bucket("bench").send().await?;
    let queue = sqs
        .create_queue()
        .queue_name("bench")
        .send()
        .await?
        .queue_url
        .unwrap_or_default();
    let payload = bytes::Bytes::from(vec![b'x'; 1024]);
    let mut results: Latencies = Vec::new();
    for name in [
        "DynamoDB PutItem",
        "DynamoDB GetItem",
        "S3 PutObject, 1 KiB",
        "S3 GetObject, 1 KiB",
        "SQS SendMessage",
    ] {
        let mut latencies = Vec::with_capacity(calls);
        // The first 100 calls warm up (and give GetItem and GetObject something to read).
        for i in 0..calls + 100 {
            let started = Instant::now();
            match name {
                "DynamoDB PutItem" => {
                    dynamodb
                        .put_item()
                        .table_name("bench")
                        .item("id", AttributeValue::S(i.to_string()))
                        .item("v", AttributeValue::N(i.to_string()))
                        .send()
                        .await?;
                }
                "DynamoDB GetItem" => {
                    dynamodb
                        .get_item()
                        .table_name("bench")
                        .key("id", AttributeValue::S((i % 100).to_string()))
                        .send()
                        .await?;
                }
                "S3 PutObject, 1 KiB" => {
                    s3.put_object()
                        .bucket("bench")
                        .key(format!("object-{}", i % 100))
                        .body(payload.clone().into())
                        .send()
                        .await?;
                }
                "S3 GetObject, 1 KiB" => {
                    s3.get_object()
                        .bucket("bench")
                        .key(format!("object-{}", i % 100))
                        .send()
                        .await?
                        .body
                        .collect()
                        .await?;
                }
                _ => {
                    sqs.send_message()
                        .queue_url(&queue)
                        .message_body(format!("message {i}"))
                        .send()
                        .await?;
                }
            }
            if i >= 100 {
                latencies.push(started.elapsed());
            }
        }
        latencies.sort();
        results.push((name, latencies));
    }
    Ok(results)
}

fn moto_sdk_calls(venv: &Path) -> Result<serde_json::Value, Failure> {
    let output = Command::new(venv.join("bin/python"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("interop/bench_moto.py"))
        .args(["sdk", &SDK_CALLS_MOTO.to_string()])
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "interop/bench_moto.py sdk failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// What a test that makes one SDK call costs: a new backend, its 10-entry fixture
/// replayed, an SDK client, one GetItem, the backend dropped.
fn per_test_sdk(moto: &MotoProcess) -> Result<(), Failure> {
    use aws_sdk_dynamodb::types::AttributeValue;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let fixture = ten_entry_fixture();
    let text = fixture.to_jsonl();
    let get = |config: aws_types::SdkConfig| async move {
        aws_sdk_dynamodb::Client::new(&config)
            .get_item()
            .table_name("bench")
            .key("id", AttributeValue::S("1".into()))
            .send()
            .await
    };
    let in_process_test = || -> Result<Duration, Failure> {
        let started = Instant::now();
        let backend = seeded_backend();
        runtime.block_on(backend.replay(&fixture))?;
        runtime.block_on(get(moto_recorded::aws::sdk_config_in_process(
            &backend,
            "us-east-1",
        )))?;
        drop(backend);
        Ok(started.elapsed())
    };
    let loopback_test = || -> Result<Duration, Failure> {
        let started = Instant::now();
        let server = start_backend()?;
        server.replay(&fixture)?;
        runtime.block_on(get(moto_recorded::aws::sdk_config(
            &server.endpoint_url(),
            "us-east-1",
        )))?;
        drop(server);
        Ok(started.elapsed())
    };
    for _ in 0..50 {
        in_process_test()?;
        loopback_test()?;
    }
    let ours = samples(PER_TEST_RUNS, in_process_test)?;
    let http = samples(PER_TEST_RUNS, loopback_test)?;
    let theirs = samples(PER_TEST_RUNS_MOTO, || {
        let started = Instant::now();
        moto.control("/moto-api/reset", "")?;
        moto.control("/moto-api/seed?a=42", "")?;
        moto.control("/moto-api/recorder/upload-recording", &text)?;
        moto.control("/moto-api/recorder/replay-recording", "")?;
        runtime.block_on(get(moto_recorded::aws::sdk_config(&moto.url, "us-east-1")))?;
        Ok(started.elapsed())
    })?;
    println!("### 1a. Per-test overhead with the SDK (10-entry fixture, then one GetItem)\n");
    println!("| backend | what a test costs | runs | median | p99 |");
    println!("|---|---|---|---|---|");
    cost_row(
        "embedded, in process | new backend, checked replay, SDK client, GetItem, drop",
        PER_TEST_RUNS,
        &ours,
    );
    cost_row(
        "embedded, loopback | new backend + server, checked replay, SDK client over HTTP, GetItem, drop",
        PER_TEST_RUNS,
        &http,
    );
    cost_row(
        "Moto | reset + seed + upload-recording + replay-recording, SDK GetItem over HTTP",
        PER_TEST_RUNS_MOTO,
        &theirs,
    );
    println!(
        "\nRatio (Moto median / in-process median): **{:.0}x** (goal: <= 0.2 ms a test)\n",
        median(&theirs).as_secs_f64() / median(&ours).as_secs_f64()
    );
    Ok(())
}

// ---------------------------------------------------------------- 1. per-test overhead

fn per_test(moto: &MotoProcess) -> Result<(), Failure> {
    let fixture = ten_entry_fixture();
    let text = fixture.to_jsonl();
    for _ in 0..50 {
        embedded_test(&fixture)?;
    }
    let ours = samples(PER_TEST_RUNS, || embedded_test(&fixture))?;
    let theirs = samples(PER_TEST_RUNS_MOTO, || moto_test(moto, &text))?;
    println!("### 1. Per-test overhead (a fresh backend for a test with a 10-entry fixture)\n");
    println!("| backend | what a test costs | runs | median | p99 |");
    println!("|---|---|---|---|---|");
    cost_row(
        "embedded | new backend + server, seed, checked replay (S3, DynamoDB, SQS), drop",
        PER_TEST_RUNS,
        &ours,
    );
    cost_row(
        "Moto | reset + seed + upload-recording + replay-recording over HTTP",
        PER_TEST_RUNS_MOTO,
        &theirs,
    );
    println!(
        "\nRatio (Moto median / embedded median): **{:.0}x** (goal >= 75x)\n",
        median(&theirs).as_secs_f64() / median(&ours).as_secs_f64()
    );
    Ok(())
}

fn embedded_test(fixture: &Recording) -> Result<Duration, Failure> {
    let started = Instant::now();
    let server = start_backend()?;
    server.backend().seed(42);
    server.replay(fixture)?;
    drop(server);
    Ok(started.elapsed())
}

fn moto_test(moto: &MotoProcess, text: &str) -> Result<Duration, Failure> {
    let started = Instant::now();
    moto.control("/moto-api/reset", "")?;
    moto.control("/moto-api/seed?a=42", "")?;
    moto.control("/moto-api/recorder/upload-recording", text)?;
    moto.control("/moto-api/recorder/replay-recording", "")?;
    Ok(started.elapsed())
}

// ---------------------------------------------------------------- 2. replay throughput

struct Workload {
    name: &'static str,
    fixture: Recording,
    /// The host Moto's in-process mock routes this service by.
    moto_host: &'static str,
}

fn workloads() -> Vec<Workload> {
    let n = THROUGHPUT_REQUESTS;
    vec![
        Workload {
            name: "DynamoDB PutItem",
            fixture: Recording::with_seed(
                42,
                std::iter::once(create_table()).chain((0..n).map(|i| {
                    dynamodb_entry(
                        "PutItem",
                        &format!(r#"{{"Item":{{"id":{{"S":"{i}"}},"v":{{"N":"{i}"}}}},"TableName":"bench"}}"#),
                    )
                })),
            ),
            moto_host: "https://dynamodb.us-east-1.amazonaws.com",
        },
        Workload {
            name: "S3 PutObject, 1 KiB",
            fixture: Recording::with_seed(
                42,
                std::iter::once(s3_entry("PUT", "/bench", "")).chain((0..n).map(|i| {
                    s3_entry(
                        "PUT",
                        &format!("/bench/object-{i}.txt?x-id=PutObject"),
                        &"x".repeat(1024),
                    )
                })),
            ),
            moto_host: "https://s3.amazonaws.com",
        },
        Workload {
            name: "SQS SendMessage",
            fixture: Recording::with_seed(
                42,
                std::iter::once(sqs_entry("CreateQueue", r#"{"QueueName":"bench"}"#)).chain(
                    (0..n).map(|i| {
                        sqs_entry(
                            "SendMessage",
                            &format!(
                                r#"{{"MessageBody":"message {i}","QueueUrl":"http://localhost:5000/123456789012/bench"}}"#
                            ),
                        )
                    }),
                ),
            ),
            moto_host: "https://sqs.us-east-1.amazonaws.com",
        },
        Workload {
            name: "EC2 RunInstances",
            fixture: Recording::with_seed(
                42,
                (0..n).map(|_| {
                    ec2_entry(
                        "Action=RunInstances&Version=2016-11-15&ImageId=ami-12c6146b&MinCount=1&MaxCount=1&InstanceType=t3.micro",
                    )
                }),
            ),
            moto_host: "https://ec2.us-east-1.amazonaws.com",
        },
    ]
}

fn throughput(moto: &MotoProcess, venv: &Path) -> Result<(), Failure> {
    println!("### 2. Replay throughput ({THROUGHPUT_REQUESTS} requests, requests per second)\n");
    println!(
        "| workload | embedded, in process | Moto, in process (decorator mode) | ratio | embedded, server replay-recording | Moto, server replay-recording | ratio | embedded, a client request per entry | Moto, a client request per entry | ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let directory = tempfile::tempdir()?;
    let mut latency_rows = Vec::new();
    for workload in workloads() {
        let requests = workload.fixture.len() as f64;
        let text = workload.fixture.to_jsonl();
        let in_process = median(&samples(THROUGHPUT_RUNS, || {
            let server = start_backend()?;
            let started = Instant::now();
            server.replay(&workload.fixture)?;
            Ok(started.elapsed())
        })?);
        let server_mode = median(&samples(THROUGHPUT_RUNS, || {
            let server = start_backend()?;
            let ours = ControlClient::new(&server.endpoint_url());
            ours.post("/moto-api/recorder/upload-recording", &text)?;
            let started = Instant::now();
            ours.post("/moto-api/recorder/replay-recording", "")?;
            Ok(started.elapsed())
        })?);
        let mut our_latencies = Vec::new();
        let per_entry = median(&samples(THROUGHPUT_RUNS, || {
            let server = start_backend()?;
            let target = HttpTarget::new(&server.endpoint_url());
            send_each(&workload.fixture, &target, &mut our_latencies)
        })?);
        let path = directory.path().join("recording.jsonl");
        std::fs::write(&path, &text)?;
        let moto_in_process = moto_in_process(venv, &path, workload.moto_host)?;
        let moto_server = median(&samples(THROUGHPUT_RUNS_MOTO, || {
            moto.control("/moto-api/reset", "")?;
            moto.control("/moto-api/recorder/upload-recording", &text)?;
            let started = Instant::now();
            moto.control("/moto-api/recorder/replay-recording", "")?;
            Ok(started.elapsed())
        })?);
        let mut moto_latencies = Vec::new();
        let moto_per_entry = median(&samples(THROUGHPUT_RUNS_MOTO, || {
            moto.control("/moto-api/reset", "")?;
            send_each(
                &workload.fixture,
                &HttpTarget::new(&moto.url),
                &mut moto_latencies,
            )
        })?);
        let rate = |time: Duration| requests / time.as_secs_f64();
        println!(
            "| {} | {:.0} | {:.0} | {:.0}x | {:.0} | {:.0} | {:.0}x | {:.0} | {:.0} | {:.0}x |",
            workload.name,
            rate(in_process),
            rate(moto_in_process),
            rate(in_process) / rate(moto_in_process),
            rate(server_mode),
            rate(moto_server),
            rate(server_mode) / rate(moto_server),
            rate(per_entry),
            rate(moto_per_entry),
            rate(per_entry) / rate(moto_per_entry),
        );
        our_latencies.sort();
        moto_latencies.sort();
        latency_rows.push(format!(
            "| {} | {} | {} | {} | {} | {:.0}x |",
            workload.name,
            micros(median(&our_latencies)),
            micros(p99(&our_latencies)),
            micros(median(&moto_latencies)),
            micros(p99(&moto_latencies)),
            median(&moto_latencies).as_secs_f64() / median(&our_latencies).as_secs_f64(),
        ));
    }
    println!(
        "\nIn process: `Server::replay`, checked, against Moto's `recorder.replay_recording()` \
         under `mock_aws` (goal >= 50,000 req/s). Server replay-recording: `POST \
         /moto-api/recorder/replay-recording` after an upload, the over-HTTP measure (goal \
         >= 10,000 req/s); the embedded server replays in its process, Moto's sends every \
         entry to itself over HTTP. A client request per entry: every entry sent over \
         loopback by a keep-alive client and checked, the stricter measure. Medians of \
         {THROUGHPUT_RUNS} runs (Moto: {THROUGHPUT_RUNS_MOTO}).\n"
    );
    println!("Latency of one request, a client request per entry (every request of every run):\n");
    println!(
        "| workload | embedded median | embedded p99 | Moto median | Moto p99 | ratio (medians) |"
    );
    println!("|---|---|---|---|---|---|");
    for row in latency_rows {
        println!("{row}");
    }
    println!();
    Ok(())
}

/// Sends every entry of `fixture` to `target`, checked, timing each request into
/// `latencies`; returns the time for them all.
fn send_each(
    fixture: &Recording,
    target: &HttpTarget,
    latencies: &mut Vec<Duration>,
) -> Result<Duration, Failure> {
    let started = Instant::now();
    moto_recorded::recorder::replay(fixture, &mut |entry: &Entry| {
        let sent = Instant::now();
        let response = target.send(entry);
        latencies.push(sent.elapsed());
        response
    })?;
    Ok(started.elapsed())
}

fn moto_in_process(venv: &Path, recording: &Path, host: &str) -> Result<Duration, Failure> {
    let output = Command::new(venv.join("bin/python"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("interop/bench_moto.py"))
        .arg(recording)
        .arg(host)
        .arg(THROUGHPUT_RUNS_MOTO.to_string())
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "interop/bench_moto.py failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let value: serde_json::Value = serde_json::from_str(text.trim())?;
    let seconds = value["median"]
        .as_f64()
        .ok_or("interop/bench_moto.py printed no median")?;
    Ok(Duration::from_secs_f64(seconds))
}

/// Sends entries to a server over HTTP, as any client would.
struct HttpTarget {
    origin: String,
    agent: ureq::Agent,
}

impl HttpTarget {
    fn new(origin: &str) -> HttpTarget {
        HttpTarget {
            origin: origin.to_owned(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
        }
    }

    fn send(
        &self,
        entry: &Entry,
    ) -> Result<moto_recorded::recorder::ReplayResponse, moto_recorded::recorder::TransportError>
    {
        let mut request = http::Request::builder()
            .method(entry.method.as_str())
            .uri(format!("{}{}", self.origin, entry.path_and_query()));
        for (name, value) in &entry.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let response = self
            .agent
            .run(request.body(entry.body.clone().unwrap_or_default())?)?;
        let status = response.status().as_u16();
        let body = response.into_body().read_to_vec()?;
        Ok(moto_recorded::recorder::ReplayResponse { status, body })
    }
}

// ---------------------------------------------------------------- 3. a suite of tests

fn suite(moto: &MotoProcess) -> Result<(), Failure> {
    let binary = suite_binary()?;
    let run = |server: Option<&str>| -> Result<Duration, Failure> {
        let mut command = Command::new(&binary);
        command
            .arg("--quiet")
            .env_remove("MOTO_ENABLE_RECORDING")
            .env("CI", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match server {
            Some(url) => command.env("MOTO_RECORDED_SERVER", url),
            None => command.env_remove("MOTO_RECORDED_SERVER"),
        };
        let started = Instant::now();
        let output = command.output()?;
        let elapsed = started.elapsed();
        if !output.status.success() {
            return Err(format!(
                "the suite failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(elapsed)
    };
    run(None)?;
    let ours = samples(SUITE_RUNS, || run(None))?;
    let theirs = samples(SUITE_RUNS_MOTO, || run(Some(&moto.url)))?;
    println!("### 3. A suite of 100 annotated tests (tests/suite100.rs), `cargo test` harness\n");
    println!("| backend | runs | wall time (median) | slowest run |");
    println!("|---|---|---|---|");
    println!(
        "| embedded (tests in parallel, a backend each) | {SUITE_RUNS} | {} | {} |",
        millis(median(&ours)),
        millis(slowest(&ours))
    );
    println!(
        "| Moto server (`MOTO_RECORDED_SERVER`: one test at a time, reset + touch + seed + replay) | {SUITE_RUNS_MOTO} | {} | {} |",
        millis(median(&theirs)),
        millis(slowest(&theirs))
    );
    let (ours, theirs) = (median(&ours), median(&theirs));
    println!(
        "\nRatio: **{:.0}x** (goal >= 50x)\n",
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    Ok(())
}

/// The suite's test binary, built in this profile (`cargo test --release --no-run`).
fn suite_binary() -> Result<PathBuf, Failure> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "test",
            "--release",
            "--test",
            "suite100",
            "--no-run",
            "--message-format=json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "suite100")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo did not build tests/suite100.rs".into())
}

// ---------------------------------------------------------------- 4. memory

/// Resident growth for 1, 10 and 100 idle embedded backends.
fn backend_memory() -> Result<Vec<(usize, f64)>, Failure> {
    [1, 10, 100]
        .into_iter()
        .map(|count| {
            let before = resident_bytes("/proc/self/status").ok_or("no /proc/self/status")?;
            let idle = (0..count)
                .map(|_| start_backend())
                .collect::<Result<Vec<_>, _>>()?;
            std::thread::sleep(Duration::from_millis(200));
            let after = resident_bytes("/proc/self/status").ok_or("no /proc/self/status")?;
            drop(idle);
            Ok((count, after.saturating_sub(before) as f64))
        })
        .collect()
}

fn memory(moto: &MotoProcess, backends: &[(usize, f64)]) -> Result<(), Failure> {
    println!("### 4. Resident memory\n");
    println!("| what | resident | per backend |");
    println!("|---|---|---|");
    for (count, grown) in backends {
        println!(
            "| {count} idle embedded backend(s), each with its server (measured first) | +{} | {} |",
            mib(*grown),
            mib(grown / *count as f64)
        );
    }
    let moto_rss = resident_bytes(&format!("/proc/{}/status", moto.child.id()))
        .ok_or("cannot read moto_server's memory")?;
    println!(
        "| moto_server after the throughput runs (one shared backend) | {} | |\n",
        mib(moto_rss as f64)
    );
    Ok(())
}

fn resident_bytes(status_file: &str) -> Option<u64> {
    let status = std::fs::read_to_string(status_file).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

// ---------------------------------------------------------------- 5. scale

fn scale(moto: &MotoProcess) -> Result<(), Failure> {
    println!("### 5. Replay time by fixture size (S3, DynamoDB and SQS in turn)\n");
    println!("| entries | embedded, in process | per entry | Moto, replay-recording | per entry |");
    println!("|---|---|---|---|---|");
    for size in [10, 100, 1_000, 10_000] {
        let fixture = mixed_fixture(size);
        let ours = median(&samples(3, || {
            let server = start_backend()?;
            let started = Instant::now();
            server.replay(&fixture)?;
            Ok(started.elapsed())
        })?);
        // Moto at 10,000 entries takes over a minute; the smaller sizes show its slope.
        let theirs = if size <= 1_000 {
            let text = fixture.to_jsonl();
            let time = median(&samples(1, || {
                moto.control("/moto-api/reset", "")?;
                moto.control("/moto-api/recorder/upload-recording", &text)?;
                let started = Instant::now();
                moto.control("/moto-api/recorder/replay-recording", "")?;
                Ok(started.elapsed())
            })?);
            format!(
                "{} | {:.1} µs",
                millis(time),
                micros_per(time, fixture.len())
            )
        } else {
            "not run | ".to_owned()
        };
        println!(
            "| {} | {} | {:.1} µs | {theirs} |",
            fixture.len(),
            millis(ours),
            micros_per(ours, fixture.len())
        );
    }
    println!();
    Ok(())
}

fn mixed_fixture(size: usize) -> Recording {
    let setup = [
        s3_entry("PUT", "/bench", ""),
        create_table(),
        sqs_entry("CreateQueue", r#"{"QueueName":"bench"}"#),
    ];
    let work = (0..).map(|i| match i % 3 {
        0 => s3_entry(
            "PUT",
            &format!("/bench/object-{i}.txt?x-id=PutObject"),
            "hello",
        ),
        1 => dynamodb_entry(
            "PutItem",
            &format!(r#"{{"Item":{{"id":{{"S":"{i}"}}}},"TableName":"bench"}}"#),
        ),
        _ => sqs_entry(
            "SendMessage",
            r#"{"MessageBody":"m","QueueUrl":"http://localhost:5000/123456789012/bench"}"#,
        ),
    });
    // The seed line counts as an entry.
    Recording::with_seed(42, setup.into_iter().chain(work).take(size - 1))
}

// ---------------------------------------------------------------- fixtures

fn authorization(service: &str) -> (String, String) {
    (
        "Authorization".to_owned(),
        format!(
            "AWS4-HMAC-SHA256 Credential=testing/20000101/us-east-1/{service}/aws4_request, \
             SignedHeaders=host, Signature={}",
            "0".repeat(64)
        ),
    )
}

fn entry(method: &str, path: &str, headers: Vec<(String, String)>, body: &str) -> Entry {
    Entry {
        headers,
        method: method.to_owned(),
        url: format!("http://localhost:5000{path}"),
        body: Some(body.as_bytes().to_vec()),
        status: Some(200),
    }
}

fn s3_entry(method: &str, path: &str, body: &str) -> Entry {
    entry(method, path, vec![authorization("s3")], body)
}

fn json_headers(service: &str, target: String) -> Vec<(String, String)> {
    vec![
        authorization(service),
        (
            "Content-Type".to_owned(),
            "application/x-amz-json-1.0".to_owned(),
        ),
        ("X-Amz-Target".to_owned(), target),
    ]
}

fn dynamodb_entry(operation: &str, body: &str) -> Entry {
    let headers = json_headers("dynamodb", format!("DynamoDB_20120810.{operation}"));
    entry("POST", "/", headers, body)
}

fn create_table() -> Entry {
    dynamodb_entry(
        "CreateTable",
        r#"{"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"TableName":"bench"}"#,
    )
}

fn ec2_entry(form: &str) -> Entry {
    let headers = vec![
        authorization("ec2"),
        (
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
        ),
    ];
    entry("POST", "/", headers, form)
}

fn sqs_entry(operation: &str, body: &str) -> Entry {
    let headers = json_headers("sqs", format!("AmazonSQS.{operation}"));
    entry("POST", "/", headers, body)
}

/// Ten checked entries: the seed, then S3, DynamoDB and SQS setup.
fn ten_entry_fixture() -> Recording {
    let queue = r#""QueueUrl":"http://localhost:5000/123456789012/bench""#;
    Recording::with_seed(
        42,
        [
            s3_entry("PUT", "/bench", ""),
            s3_entry("PUT", "/bench/a.txt?x-id=PutObject", "hello"),
            create_table(),
            dynamodb_entry(
                "PutItem",
                r#"{"Item":{"id":{"S":"1"}},"TableName":"bench"}"#,
            ),
            dynamodb_entry(
                "PutItem",
                r#"{"Item":{"id":{"S":"2"}},"TableName":"bench"}"#,
            ),
            sqs_entry("CreateQueue", r#"{"QueueName":"bench"}"#),
            sqs_entry("SendMessage", &format!(r#"{{"MessageBody":"m1",{queue}}}"#)),
            sqs_entry("SendMessage", &format!(r#"{{"MessageBody":"m2",{queue}}}"#)),
            s3_entry("PUT", "/bench/b.txt?x-id=PutObject", "world"),
        ],
    )
}

// ---------------------------------------------------------------- Moto and helpers

/// The venv holding Moto: `MOTO_RECORDED_BENCH_VENV`, or `.venv-interop` in the repository.
fn venv() -> Result<PathBuf, Failure> {
    let venv = std::env::var_os("MOTO_RECORDED_BENCH_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-interop"));
    if venv.join("bin/moto_server").exists() {
        Ok(venv)
    } else {
        Err(format!(
            "no moto_server in {}: python3 -m venv .venv-interop && \
             .venv-interop/bin/pip install -r interop/requirements.txt",
            venv.display()
        )
        .into())
    }
}

fn moto_version(venv: &Path) -> Result<String, Failure> {
    let output = Command::new(venv.join("bin/python"))
        .args(["-c", "import moto; print(moto.__version__)"])
        .output()?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `moto_server` on a free loopback port, in a directory of its own; killed on drop.
struct MotoProcess {
    child: Child,
    url: String,
    agent: ureq::Agent,
    _directory: tempfile::TempDir,
}

impl MotoProcess {
    fn start(venv: &Path) -> Result<MotoProcess, Failure> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let directory = tempfile::tempdir()?;
        let child = Command::new(venv.join("bin/moto_server"))
            .args(["-p", &port.to_string()])
            .current_dir(directory.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("moto_server did not start within 60 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(MotoProcess {
            child,
            url: format!("http://127.0.0.1:{port}"),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
            _directory: directory,
        })
    }

    /// POSTs to the control plane and expects 200.
    fn control(&self, path: &str, body: &str) -> Result<(), Failure> {
        post_expecting_ok(&self.agent, &self.url, path, body)
    }
}

/// Control-plane calls to an embedded server.
struct ControlClient {
    url: String,
    agent: ureq::Agent,
}

impl ControlClient {
    fn new(url: &str) -> ControlClient {
        ControlClient {
            url: url.to_owned(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
        }
    }

    fn post(&self, path: &str, body: &str) -> Result<(), Failure> {
        post_expecting_ok(&self.agent, &self.url, path, body)
    }
}

fn post_expecting_ok(
    agent: &ureq::Agent,
    url: &str,
    path: &str,
    body: &str,
) -> Result<(), Failure> {
    let mut response = agent.post(format!("{url}{path}")).send(body)?;
    if response.status() != 200 {
        return Err(format!(
            "POST {path}: {} {}",
            response.status(),
            response.body_mut().read_to_string()?
        )
        .into());
    }
    Ok(())
}

impl Drop for MotoProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn seeded_backend() -> Arc<Backend> {
    Arc::new(Backend::new(BackendOptions {
        seed: Some(42),
        ..BackendOptions::default()
    }))
}

fn start_backend() -> Result<Server, Failure> {
    Ok(Server::start(seeded_backend(), ServerOptions::default())?)
}

/// A row of a per-test cost table: what was measured, how often, median and p99.
fn cost_row(what: &str, runs: usize, sorted: &[Duration]) {
    println!(
        "| {what} | {runs} | {} | {} |",
        millis(median(sorted)),
        millis(p99(sorted))
    );
}

fn samples(
    runs: usize,
    mut measure: impl FnMut() -> Result<Duration, Failure>,
) -> Result<Vec<Duration>, Failure> {
    let mut samples = (0..runs)
        .map(|_| measure())
        .collect::<Result<Vec<_>, _>>()?;
    samples.sort();
    Ok(samples)
}

fn median(sorted: &[Duration]) -> Duration {
    sorted[sorted.len() / 2]
}

fn p99(sorted: &[Duration]) -> Duration {
    sorted[(sorted.len() * 99 / 100).min(sorted.len() - 1)]
}

fn slowest(sorted: &[Duration]) -> Duration {
    sorted.last().copied().unwrap_or_default()
}

fn millis(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

fn micros(duration: Duration) -> String {
    format!("{:.0} µs", duration.as_secs_f64() * 1e6)
}

fn micros_per(duration: Duration, entries: usize) -> f64 {
    duration.as_secs_f64() * 1e6 / entries as f64
}

fn mib(bytes: f64) -> String {
    format!("{:.2} MiB", bytes / (1024.0 * 1024.0))
}
