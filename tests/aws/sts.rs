//! STS through aws-sdk-sts.

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

use crate::support::{fixture, replayed, sdk_config, server, sts};

#[tokio::test]
async fn caller_identity_is_the_account() {
    let server = server();
    let identity = sts(&server).get_caller_identity().send().await.unwrap();
    assert_eq!(identity.account(), Some("123456789012"));
    assert_eq!(identity.arn(), Some("arn:aws:sts::123456789012:user/moto"));
}

#[tokio::test]
async fn assumed_role_credentials_identify_as_the_role() {
    let server = server();
    let assumed = sts(&server)
        .assume_role()
        .role_arn("arn:aws:iam::111122223333:role/deployer")
        .role_session_name("ci")
        .send()
        .await
        .unwrap();
    let credentials = assumed.credentials().unwrap();
    assert!(credentials.access_key_id().starts_with("ASIA"));
    assert_eq!(credentials.expiration().secs(), 1_704_067_200 + 3600);
    let identity = caller_identity(&server, credentials.access_key_id()).await;
    assert_eq!(
        identity.arn(),
        Some("arn:aws:sts::111122223333:assumed-role/deployer/ci")
    );
    assert_eq!(identity.account(), Some("111122223333"));
}

#[tokio::test]
async fn a_recorded_assume_role_replays_to_the_same_credentials() {
    let recorded = server();
    recorded.backend().recorder().start();
    let assumed = sts(&recorded)
        .assume_role()
        .role_arn("arn:aws:iam::111122223333:role/deployer")
        .role_session_name("ci")
        .send()
        .await
        .unwrap();
    let access_key = assumed.credentials().unwrap().access_key_id().to_owned();
    let fresh = replayed(&fixture(&recorded));
    // The replayed session is known to the fresh backend under the same access key.
    let identity = caller_identity(&fresh, &access_key).await;
    assert_eq!(
        identity.arn(),
        Some("arn:aws:sts::111122223333:assumed-role/deployer/ci")
    );
}

/// GetCallerIdentity signed with `access_key` (the secret does not matter: signatures are
/// not checked).
async fn caller_identity(
    server: &moto_recorded::server::Server,
    access_key: &str,
) -> aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput {
    let config = sdk_config(server, "us-east-1")
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            access_key, "secret", None, None, "test",
        )))
        .build();
    aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
        .unwrap()
}
