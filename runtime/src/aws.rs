//! AWS SDK for Rust configuration pointed at a backend (the `aws` feature).

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_types::retry::RetryConfig;
use aws_types::SdkConfig;
use aws_types::region::Region;

/// The access key and secret of test clients, as in Moto's docs.
pub const TEST_CREDENTIALS: &str = "testing";

/// An `SdkConfig` for `endpoint_url` in `region` that reads nothing from the environment,
/// `~/.aws` or IMDS: test credentials, no retries (each request is sent, and recorded,
/// once), a plain-HTTP client (backends listen on loopback without TLS).
pub fn sdk_config(endpoint_url: &str, region: &str) -> SdkConfig {
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
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build()
}
