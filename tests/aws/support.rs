//! An embedded backend and hermetic SDK clients pointed at it.

use std::sync::Arc;

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_s3::config::BehaviorVersion;
use aws_sdk_s3::config::retry::RetryConfig;
use aws_types::SdkConfig;
use aws_types::region::Region;
use moto_recorded::backend::{Backend, BackendOptions};
use moto_recorded::clock::Clock;
use moto_recorded::recording::Recording;
use moto_recorded::server::{Server, ServerOptions};

/// A backend seeded with 42 on a virtual clock at 2024-01-01T00:00:00Z, served on loopback.
pub(crate) fn server() -> Server {
    Server::start(
        Arc::new(Backend::new(BackendOptions {
            seed: Some(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
            ..BackendOptions::default()
        })),
        ServerOptions::default(),
    )
    .unwrap()
}

/// SDK configuration that reads nothing from the environment, ~/.aws or IMDS: test
/// credentials, `region`, the server's endpoint, no retries (a missing server fails fast),
/// a plain-HTTP client.
pub(crate) fn sdk_config(server: &Server, region: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing",
            "testing",
            None,
            None,
            "moto-recorded-tests",
        )))
        .endpoint_url(server.endpoint_url())
        .retry_config(RetryConfig::disabled())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build()
}

/// An S3 client (path-style, as `localhost` endpoints need).
pub(crate) fn s3(server: &Server) -> aws_sdk_s3::Client {
    s3_in(server, "us-east-1")
}

/// An S3 client for `region`.
pub(crate) fn s3_in(server: &Server, region: &str) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::config::Builder::from(&sdk_config(server, region))
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// An STS client.
pub(crate) fn sts(server: &Server) -> aws_sdk_sts::Client {
    aws_sdk_sts::Client::new(&sdk_config(server, "us-east-1"))
}

/// A DynamoDB client for `region`.
pub(crate) fn dynamodb_in(server: &Server, region: &str) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&sdk_config(server, region))
}

/// An SQS client.
pub(crate) fn sqs(server: &Server) -> aws_sdk_sqs::Client {
    aws_sdk_sqs::Client::new(&sdk_config(server, "us-east-1"))
}

/// An EC2 client for `region`.
pub(crate) fn ec2_in(server: &Server, region: &str) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&sdk_config(server, region))
}

/// Stops recording on `server` and returns what it recorded, as a fixture seeded with 42.
pub(crate) fn recorded(server: &Server) -> Recording {
    server.backend().recorder().stop();
    let entries = server
        .backend()
        .recorder()
        .recording()
        .unwrap()
        .entries()
        .to_vec();
    Recording::with_seed(42, entries)
}

/// Stops recording on `server` and returns what it recorded as a fixture seeded with 42,
/// checking that nothing run-specific was kept.
pub(crate) fn fixture(server: &Server) -> String {
    let fixture = recorded(server).to_jsonl();
    assert!(
        !fixture.contains("X-Amz-Date") && !fixture.contains("127.0.0.1"),
        "{fixture}"
    );
    fixture
}

/// A fresh server with `fixture` replayed into it (checked).
pub(crate) fn replayed(fixture: &str) -> Server {
    let fresh = server();
    // The server runs on its own thread, so a blocking replay is fine inside a test runtime.
    fresh
        .replay(&Recording::parse("fixture", fixture.as_bytes()).unwrap())
        .unwrap();
    fresh
}

/// A Secrets Manager client.
pub(crate) fn secretsmanager(server: &Server) -> aws_sdk_secretsmanager::Client {
    aws_sdk_secretsmanager::Client::new(&sdk_config(server, "us-east-1"))
}

/// An IAM client.
pub(crate) fn iam(server: &Server) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&sdk_config(server, "us-east-1"))
}

/// A KMS client.
pub(crate) fn kms(server: &Server) -> aws_sdk_kms::Client {
    aws_sdk_kms::Client::new(&sdk_config(server, "us-east-1"))
}

/// An SNS client.
pub(crate) fn sns(server: &Server) -> aws_sdk_sns::Client {
    aws_sdk_sns::Client::new(&sdk_config(server, "us-east-1"))
}

/// An EventBridge client.
pub(crate) fn events(server: &Server) -> aws_sdk_eventbridge::Client {
    aws_sdk_eventbridge::Client::new(&sdk_config(server, "us-east-1"))
}

/// An SSM client.
pub(crate) fn ssm(server: &Server) -> aws_sdk_ssm::Client {
    aws_sdk_ssm::Client::new(&sdk_config(server, "us-east-1"))
}

/// A CloudWatch Logs client.
pub(crate) fn logs(server: &Server) -> aws_sdk_cloudwatchlogs::Client {
    aws_sdk_cloudwatchlogs::Client::new(&sdk_config(server, "us-east-1"))
}

/// An API Gateway client.
pub(crate) fn apigateway(server: &Server) -> aws_sdk_apigateway::Client {
    aws_sdk_apigateway::Client::new(&sdk_config(server, "us-east-1"))
}

/// A Lambda client.
pub(crate) fn lambda(server: &Server) -> aws_sdk_lambda::Client {
    aws_sdk_lambda::Client::new(&sdk_config(server, "us-east-1"))
}

/// Creates the IAM role `name` that Lambda may assume (Lambda refuses a function whose
/// role IAM does not hold) and answers its ARN.
pub(crate) async fn lambda_role(iam: &aws_sdk_iam::Client, name: &str) -> String {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role()
        .role_name(name)
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn
}

/// A Timestream Write client that sends every request to the server (no endpoint
/// discovery).
pub(crate) fn timestreamwrite(server: &Server) -> aws_sdk_timestreamwrite::Client {
    aws_sdk_timestreamwrite::Client::new(&sdk_config(server, "us-east-1"))
}
