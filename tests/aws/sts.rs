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

#[tokio::test]
async fn session_and_federation_tokens_identify_their_holders() {
    let server = server();
    let session = sts(&server).get_session_token().send().await.unwrap();
    let credentials = session.credentials().unwrap();
    assert!(credentials.access_key_id().starts_with("ASIA"));
    assert_eq!(credentials.expiration().secs(), 1_704_067_200 + 43_200);
    let identity = caller_identity(&server, credentials.access_key_id()).await;
    assert_eq!(identity.arn(), Some("arn:aws:sts::123456789012:user/moto"));

    let federated = sts(&server)
        .get_federation_token()
        .name("alice")
        .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .unwrap();
    let user = federated.federated_user().unwrap();
    assert_eq!(user.federated_user_id(), "123456789012:alice");
    assert_eq!(user.arn(), "arn:aws:sts::123456789012:federated-user/alice");
    let identity = caller_identity(&server, federated.credentials().unwrap().access_key_id()).await;
    assert_eq!(identity.user_id(), Some("123456789012:alice"));
    assert_eq!(
        identity.arn(),
        Some("arn:aws:sts::123456789012:federated-user/alice")
    );
}

#[tokio::test]
async fn web_identities_assume_roles() {
    let server = server();
    let assumed = sts(&server)
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::111122223333:role/deployer")
        .role_session_name("github-actions")
        .web_identity_token("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9hcHAifQ.c2ln")
        .send()
        .await
        .unwrap();
    assert_eq!(
        assumed.subject_from_web_identity_token(),
        Some("repo:org/app")
    );
    let identity = caller_identity(&server, assumed.credentials().unwrap().access_key_id()).await;
    assert_eq!(
        identity.arn(),
        Some("arn:aws:sts::111122223333:assumed-role/deployer/github-actions")
    );
    assert_eq!(
        identity.user_id(),
        assumed
            .assumed_role_user()
            .map(|user| user.assumed_role_id())
    );
}

#[tokio::test]
async fn access_keys_and_authorization_messages() {
    use aws_sdk_sts::error::ProvideErrorMetadata as _;
    let server = server();
    let assumed = sts(&server)
        .assume_role()
        .role_arn("arn:aws:iam::111122223333:role/deployer")
        .role_session_name("ci")
        .send()
        .await
        .unwrap();
    let account_of = |key: String| {
        let client = sts(&server);
        async move {
            client
                .get_access_key_info()
                .access_key_id(key)
                .send()
                .await
                .unwrap()
                .account()
                .map(str::to_owned)
        }
    };
    let issued = assumed.credentials().unwrap().access_key_id().to_owned();
    assert_eq!(account_of(issued).await.as_deref(), Some("111122223333"));
    assert_eq!(
        account_of("ASIAQNZGKIQY56JQ7WML".into()).await.as_deref(),
        Some("029608264753")
    );
    let error = sts(&server)
        .decode_authorization_message()
        .encoded_message("not-a-real-encoded-message")
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_invalid_authorization_message_exception()),
        "{error:?}"
    );
    assert!(error.message().is_some());
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
