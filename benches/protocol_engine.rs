//! What one request costs on the services the protocol engine serves, in process.
//!
//! ```text
//! cargo bench --bench protocol_engine
//! ```
//!
//! Each workload sends the same request again and again to one backend through
//! `Backend::handle` (routing, recording off, decoding, the handler, encoding), after its
//! setup, and prints the median and p99 time of one request and the rate. Nothing here
//! asserts a time: compare runs of two builds on one machine.
//!
//! `MOTO_RECORDED_BENCH_REQUESTS=N` sends N requests per workload instead of 20,000, and
//! `MOTO_RECORDED_BENCH_ONLY=<text>` runs the workloads whose name contains it: with
//! `valgrind --tool=callgrind`, two runs that differ only in N give the instructions of
//! one request, whatever else the machine is doing.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Request;
use moto_recorded::backend::{Backend, BackendOptions};

const REQUESTS: usize = 20_000;
const WARM_UP: usize = 1_000;

/// A count from the environment, or `default`.
fn setting(name: &str, default: usize) -> Result<usize, Failure> {
    match std::env::var(name) {
        Ok(text) => Ok(text
            .parse()
            .map_err(|_| format!("{name}={text} is not a count"))?),
        Err(_) => Ok(default),
    }
}

type Failure = Box<dyn std::error::Error>;

struct Workload {
    name: &'static str,
    setup: Vec<Request<Bytes>>,
    request: fn(usize) -> Request<Bytes>,
}

fn main() {
    if let Err(error) = run() {
        eprintln!("protocol_engine: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let requests = setting("MOTO_RECORDED_BENCH_REQUESTS", REQUESTS)?.max(1);
    let warm_up = WARM_UP.min(requests);
    let only = std::env::var("MOTO_RECORDED_BENCH_ONLY").unwrap_or_default();
    println!("### One request in process, {requests} requests per workload\n");
    println!("| workload | median | p99 | requests/s |");
    println!("|---|---|---|---|");
    for workload in workloads()
        .into_iter()
        .filter(|workload| workload.name.contains(only.as_str()))
    {
        let backend = Backend::new(BackendOptions {
            seed: Some(42),
            ..BackendOptions::default()
        });
        for request in workload.setup {
            let response = runtime.block_on(backend.handle(request));
            check(workload.name, response.status().as_u16(), response.body())?;
        }
        for index in 0..warm_up {
            runtime.block_on(backend.handle((workload.request)(index)));
        }
        let mut times = Vec::with_capacity(requests);
        let started = Instant::now();
        for index in 0..requests {
            let request = (workload.request)(warm_up + index);
            let sent = Instant::now();
            let response = runtime.block_on(backend.handle(request));
            times.push(sent.elapsed());
            if index == 0 {
                check(workload.name, response.status().as_u16(), response.body())?;
            }
        }
        let total = started.elapsed();
        times.sort();
        println!(
            "| {} | {} | {} | {:.0} |",
            workload.name,
            micros(times[times.len() / 2]),
            micros(times[times.len() * 99 / 100]),
            requests as f64 / total.as_secs_f64()
        );
    }
    println!(
        "\nMedian and p99 of one `Backend::handle` (request built outside the timing), and \
         all requests over the whole time."
    );
    Ok(())
}

fn check(name: &str, status: u16, body: &[u8]) -> Result<(), Failure> {
    if status == 200 {
        return Ok(());
    }
    Err(format!("{name}: {status} {}", String::from_utf8_lossy(body)).into())
}

fn micros(duration: Duration) -> String {
    format!("{:.1} us", duration.as_secs_f64() * 1e6)
}

const AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=testing/20000101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000";

fn signed(service: &str) -> String {
    AUTHORIZATION.replace("{service}", service)
}

/// A signed awsJson 1.0 request for `target` (`AmazonSQS.SendMessage`), without its body.
fn json_1_0(service: &str, target: String) -> http::request::Builder {
    Request::builder()
        .method("POST")
        .uri("/")
        .header("host", "localhost:5000")
        .header("authorization", signed(service))
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", target)
}

fn sqs_json(operation: &str, body: String) -> Request<Bytes> {
    json_1_0("sqs", format!("AmazonSQS.{operation}"))
        .header("x-amzn-query-mode", "true")
        .body(Bytes::from(body))
        .unwrap_or_default()
}

fn form(service: &str, body: String) -> Request<Bytes> {
    Request::builder()
        .method("POST")
        .uri("/")
        .header("host", "localhost:5000")
        .header("authorization", signed(service))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(Bytes::from(body))
        .unwrap_or_default()
}

const QUEUE_URL: &str = "http://localhost:5000/123456789012/bench";

fn s3(method: &str, path: &str, body: &'static [u8]) -> Request<Bytes> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost:5000")
        .header("authorization", signed("s3"))
        .body(Bytes::from_static(body))
        .unwrap_or_default()
}

fn dynamodb(operation: &str, body: &'static str) -> Request<Bytes> {
    json_1_0("dynamodb", format!("DynamoDB_20120810.{operation}"))
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap_or_default()
}

/// A 1 KiB object body, as the load benchmark reads.
static KIB: [u8; 1024] = [b'x'; 1024];

fn workloads() -> Vec<Workload> {
    vec![
        Workload {
            name: "S3 GetObject (1 KiB)",
            setup: vec![
                s3("PUT", "/bench", b""),
                s3("PUT", "/bench/object", &KIB),
            ],
            request: |_| s3("GET", "/bench/object", b""),
        },
        Workload {
            name: "DynamoDB GetItem",
            setup: vec![
                dynamodb(
                    "CreateTable",
                    r#"{"TableName":"bench","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}"#,
                ),
                dynamodb(
                    "PutItem",
                    r#"{"TableName":"bench","Item":{"pk":{"S":"item"},"payload":{"S":"hello"}}}"#,
                ),
            ],
            request: |_| {
                dynamodb(
                    "GetItem",
                    r#"{"TableName":"bench","Key":{"pk":{"S":"item"}}}"#,
                )
            },
        },
        Workload {
            name: "SQS SendMessage (JSON 1.0)",
            setup: vec![sqs_json("CreateQueue", r#"{"QueueName":"bench"}"#.to_owned())],
            request: |index| {
                sqs_json(
                    "SendMessage",
                    format!(r#"{{"QueueUrl":"{QUEUE_URL}","MessageBody":"message {index}"}}"#),
                )
            },
        },
        Workload {
            name: "SQS SendMessage (query)",
            setup: vec![sqs_json("CreateQueue", r#"{"QueueName":"bench"}"#.to_owned())],
            request: |index| {
                form(
                    "sqs",
                    format!(
                        "Action=SendMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2Flocalhost%3A5000%2F123456789012%2Fbench&MessageBody=message+{index}"
                    ),
                )
            },
        },
        Workload {
            name: "STS GetCallerIdentity",
            setup: Vec::new(),
            request: |_| {
                form(
                    "sts",
                    "Action=GetCallerIdentity&Version=2011-06-15".to_owned(),
                )
            },
        },
        Workload {
            name: "EC2 RunInstances (one instance)",
            setup: Vec::new(),
            request: |_| {
                form(
                    "ec2",
                    "Action=RunInstances&Version=2016-11-15&ImageId=ami-12c6146b&MinCount=1&MaxCount=1&InstanceType=t3.micro".to_owned(),
                )
            },
        },
        Workload {
            name: "EC2 DescribeInstances (20 instances)",
            setup: vec![form(
                "ec2",
                "Action=RunInstances&Version=2016-11-15&ImageId=ami-12c6146b&MinCount=20&MaxCount=20"
                    .to_owned(),
            )],
            request: |_| {
                form(
                    "ec2",
                    "Action=DescribeInstances&Version=2016-11-15".to_owned(),
                )
            },
        },
    ]
}
