//! AWS SDK for Rust configuration pointed at a backend (the `aws` feature): over HTTP
//! ([`sdk_config`]) or in process ([`sdk_config_in_process`], through
//! [`transport::InProcessClient`]).

pub mod transport;

use std::sync::Arc;

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_types::retry::RetryConfig;
use aws_types::SdkConfig;
use aws_types::region::Region;
use aws_types::sdk_config::StalledStreamProtectionConfig;

use crate::backend::Backend;
use transport::{IN_PROCESS_ENDPOINT, InProcessClient};

/// The access key and secret of test clients, as in Moto's docs.
pub const TEST_CREDENTIALS: &str = "testing";

/// An `SdkConfig` for `endpoint_url` in `region` that reads nothing from the environment,
/// `~/.aws` or IMDS: test credentials, no retries (each request is sent, and recorded,
/// once), a plain-HTTP client (backends listen on loopback without TLS).
pub fn sdk_config(endpoint_url: &str, region: &str) -> SdkConfig {
    hermetic(
        endpoint_url,
        region,
        aws_smithy_http_client::Builder::new().build_http(),
    )
}

/// An `SdkConfig` whose clients hand their requests to `backend` in this process, through
/// the same routing, recorder and services as its HTTP server, without a socket: as
/// [`sdk_config`] otherwise, with the endpoint [`IN_PROCESS_ENDPOINT`] (a name only:
/// nothing listens there, so S3 buckets are addressed virtual-hosted without DNS, and a
/// presigned url needs [`sdk_config`] and a server to be fetched).
///
/// Stalled-stream protection is off: bodies are whole in memory on both sides, so there is
/// no transfer to stall, and its per-body timers are a measurable part of each call.
pub fn sdk_config_in_process(backend: &Arc<Backend>, region: &str) -> SdkConfig {
    hermetic(
        IN_PROCESS_ENDPOINT,
        region,
        SharedHttpClient::new(InProcessClient::new(backend)),
    )
    .into_builder()
    .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
    .build()
}

fn hermetic(endpoint_url: &str, region: &str, http_client: SharedHttpClient) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            TEST_CREDENTIALS,
            TEST_CREDENTIALS,
            None,
            None,
            "moto-recorded",
        )))
        .endpoint_url(endpoint_url)
        .retry_config(RetryConfig::disabled())
        .http_client(http_client)
        .build()
}
