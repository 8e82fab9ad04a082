//! A Lambda function whose code is a Rust closure: the function is created with the AWS
//! SDK for Rust (its .zip is stored, never run), and Invoke runs the handler registered
//! on the backend for its name, in process.
//!
//! ```text
//! cargo run --example lambda_handler
//! ```

use std::error::Error;
use std::sync::Arc;

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, InvocationType, Runtime};
use moto_recorded::backend::{Backend, BackendOptions};
use moto_recorded::clock::Clock;
use moto_recorded::server::{Server, ServerOptions};
use moto_recorded::{LambdaError, LambdaHandler};
use serde_json::json;

/// A trust policy that lets Lambda assume the role.
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// The smallest .zip archive: an empty one.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let server = Server::start(
        Arc::new(Backend::new(BackendOptions {
            seed: Some(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z")?,
            ..BackendOptions::default()
        })),
        ServerOptions::default(),
    )?;
    let config = moto_recorded::aws::sdk_config(&server.endpoint_url(), "us-east-1");
    let lambda = aws_sdk_lambda::Client::new(&config);

    // Lambda refuses a function whose role IAM does not hold.
    aws_sdk_iam::Client::new(&config)
        .create_role()
        .role_name("lambda")
        .assume_role_policy_document(TRUST)
        .send()
        .await?;

    let created = lambda
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
        .environment(Environment::builder().variables("BUCKET", "photos").build())
        .send()
        .await?;
    println!("created {}", created.function_arn().unwrap_or_default());
    println!(
        "  revision {} (seeded)",
        created.revision_id().unwrap_or_default()
    );

    server.backend().register_lambda_handler(
        "resize",
        LambdaHandler::new(|event, context| {
            let width = event["width"]
                .as_u64()
                .ok_or_else(|| LambdaError::new("InvalidSize", "width is missing"))?;
            Ok(json!({"width": width / 2, "bucket": context.env("BUCKET")}))
        }),
    );

    for payload in [r#"{"width": 640}"#, "{}"] {
        let answer = lambda
            .invoke()
            .function_name("resize")
            .payload(Blob::new(payload.as_bytes().to_vec()))
            .send()
            .await?;
        let result = answer
            .payload()
            .map(|blob| String::from_utf8_lossy(blob.as_ref()).into_owned())
            .unwrap_or_default();
        match answer.function_error() {
            None => println!("invoke {payload} -> {result}"),
            Some(kind) => println!("invoke {payload} -> {kind} error {result}"),
        }
    }

    let accepted = lambda
        .invoke()
        .function_name("resize")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(br#"{"width": 100}"#.to_vec()))
        .send()
        .await?;
    println!(
        "event invocation -> {} (already run)",
        accepted.status_code()
    );
    Ok(())
}
