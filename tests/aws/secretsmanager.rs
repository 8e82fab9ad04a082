//! Secrets Manager through aws-sdk-secretsmanager: the awsJson 1.1 protocol end to end.

use aws_sdk_secretsmanager::error::ProvideErrorMetadata as _;
use aws_sdk_secretsmanager::primitives::Blob;
use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType, Tag};

use moto_recorded::recording::Recording;
use moto_recorded::{Moto, moto_recorded};

use crate::interop::{config, moto_server, replay_in_moto};
use crate::support::{lambda, secretsmanager, server};

/// The smallest .zip archive (an empty one), the code of a rotation function.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

/// Version ids are the request tokens: fixed here so the answers are too.
const TOKEN_1: &str = "00000000-0000-4000-8000-000000000001";
const TOKEN_2: &str = "00000000-0000-4000-8000-000000000002";

#[tokio::test]
async fn secrets_keep_their_versions_and_labels() {
    let server = server();
    let client = secretsmanager(&server);
    let created = client
        .create_secret()
        .name("db/password")
        .secret_string("hunter2")
        .description("the database")
        .client_request_token(TOKEN_1)
        .tags(Tag::builder().key("team").value("data").build())
        .send()
        .await
        .unwrap();
    let arn = created.arn().unwrap().to_owned();
    let suffix = arn
        .strip_prefix("arn:aws:secretsmanager:us-east-1:123456789012:secret:db/password-")
        .unwrap();
    assert_eq!(suffix.len(), 6, "{arn}");
    assert_eq!(created.version_id(), Some(TOKEN_1));

    let put = client
        .put_secret_value()
        .secret_id("db/password")
        .secret_string("correct horse")
        .client_request_token(TOKEN_2)
        .send()
        .await
        .unwrap();
    assert_eq!(put.version_stages(), ["AWSCURRENT"]);

    let current = client
        .get_secret_value()
        .secret_id(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(current.secret_string(), Some("correct horse"));
    assert_eq!(current.version_id(), Some(TOKEN_2));
    assert_eq!(current.created_date().unwrap().secs(), 1_704_067_200);
    let previous = client
        .get_secret_value()
        .secret_id("db/password")
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .unwrap();
    assert_eq!(previous.secret_string(), Some("hunter2"));

    let described = client
        .describe_secret()
        .secret_id("db/password")
        .send()
        .await
        .unwrap();
    assert_eq!(described.description(), Some("the database"));
    assert_eq!(described.tags()[0].key(), Some("team"));
    let stages = described.version_ids_to_stages().unwrap();
    assert_eq!(stages[TOKEN_1], ["AWSPREVIOUS"]);
    assert_eq!(stages[TOKEN_2], ["AWSCURRENT"]);

    client
        .update_secret_version_stage()
        .secret_id("db/password")
        .version_stage("AWSCURRENT")
        .remove_from_version_id(TOKEN_2)
        .move_to_version_id(TOKEN_1)
        .send()
        .await
        .unwrap();
    let rolled_back = client
        .get_secret_value()
        .secret_id("db/password")
        .send()
        .await
        .unwrap();
    assert_eq!(rolled_back.secret_string(), Some("hunter2"));
}

#[tokio::test]
async fn binary_secrets_round_trip() {
    let server = server();
    let client = secretsmanager(&server);
    client
        .create_secret()
        .name("key")
        .secret_binary(Blob::new(vec![0u8, 159, 146, 150]))
        .send()
        .await
        .unwrap();
    let value = client
        .get_secret_value()
        .secret_id("key")
        .send()
        .await
        .unwrap();
    assert_eq!(
        value.secret_binary().map(Blob::as_ref),
        Some(&[0u8, 159, 146, 150][..])
    );
    assert!(value.secret_string().is_none());
}

#[tokio::test]
async fn deleted_secrets_can_be_restored_until_their_window_ends() {
    let server = server();
    let client = secretsmanager(&server);
    client
        .create_secret()
        .name("old")
        .secret_string("x")
        .send()
        .await
        .unwrap();
    let deleted = client
        .delete_secret()
        .secret_id("old")
        .recovery_window_in_days(7)
        .send()
        .await
        .unwrap();
    assert_eq!(
        deleted.deletion_date().unwrap().secs(),
        1_704_067_200 + 7 * 86_400
    );
    let error = client
        .get_secret_value()
        .secret_id("old")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidRequestException"));
    let listed = client.list_secrets().send().await.unwrap();
    assert!(listed.secret_list().is_empty());
    client
        .restore_secret()
        .secret_id("old")
        .send()
        .await
        .unwrap();
    assert_eq!(
        client
            .get_secret_value()
            .secret_id("old")
            .send()
            .await
            .unwrap()
            .secret_string(),
        Some("x")
    );
    let error = client
        .delete_secret()
        .secret_id("old")
        .recovery_window_in_days(3)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameterException"));
    client
        .delete_secret()
        .secret_id("old")
        .force_delete_without_recovery(true)
        .send()
        .await
        .unwrap();
    let error = client
        .describe_secret()
        .secret_id("old")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
}

#[tokio::test]
async fn lists_filter_and_page() {
    let server = server();
    let client = secretsmanager(&server);
    for name in ["app/a", "app/b", "app/c", "other"] {
        client
            .create_secret()
            .name(name)
            .secret_string(name)
            .send()
            .await
            .unwrap();
    }
    let first = client
        .list_secrets()
        .filters(
            Filter::builder()
                .key(FilterNameStringType::Name)
                .values("app/")
                .build(),
        )
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = first
        .secret_list()
        .iter()
        .filter_map(|s| s.name())
        .collect();
    assert_eq!(names, ["app/a", "app/b"]);
    let rest = client
        .list_secrets()
        .filters(
            Filter::builder()
                .key(FilterNameStringType::Name)
                .values("app/")
                .build(),
        )
        .max_results(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = rest.secret_list().iter().filter_map(|s| s.name()).collect();
    assert_eq!(names, ["app/c"]);
    assert!(rest.next_token().is_none());

    let batch = client
        .batch_get_secret_value()
        .secret_id_list("app/a")
        .secret_id_list("missing")
        .send()
        .await
        .unwrap();
    assert_eq!(batch.secret_values()[0].secret_string(), Some("app/a"));
    assert_eq!(
        batch.errors()[0].error_code(),
        Some("ResourceNotFoundException")
    );
}

#[tokio::test]
async fn errors_and_validation_speak_json_1_1() {
    let server = server();
    let client = secretsmanager(&server);
    let error = client
        .get_secret_value()
        .secret_id("nothing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(
        error.message(),
        Some("Secrets Manager can't find the specified secret.")
    );
    client.create_secret().name("dup").send().await.unwrap();
    let error = client.create_secret().name("dup").send().await.unwrap_err();
    assert_eq!(error.code(), Some("ResourceExistsException"));
    let error = client
        .get_random_password()
        .password_length(5000)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"));
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096"),
        "{error:?}"
    );
    let error = client
        .list_secret_version_ids()
        .secret_id("dup")
        .next_token("not-a-token")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidNextTokenException"));
}

#[tokio::test]
async fn random_passwords_follow_the_seed_and_the_rules() {
    let password = |server| async move {
        secretsmanager(&server)
            .get_random_password()
            .password_length(20)
            .exclude_punctuation(true)
            .send()
            .await
            .unwrap()
            .random_password()
            .unwrap()
            .to_owned()
    };
    let first = password(server()).await;
    assert_eq!(
        first,
        password(server()).await,
        "seeded: the same every run"
    );
    assert_eq!(first.len(), 20);
    assert!(first.chars().all(|c| c.is_ascii_alphanumeric()), "{first}");
    assert!(first.chars().any(|c| c.is_ascii_digit()), "{first}");
    assert!(first.chars().any(|c| c.is_ascii_uppercase()), "{first}");
    assert!(first.chars().any(|c| c.is_ascii_lowercase()), "{first}");
}

#[tokio::test]
async fn rotation_makes_a_new_current_version_without_running_a_function() {
    let server = server();
    let client = secretsmanager(&server);
    let rotation_function = "arn:aws:lambda:us-east-1:123456789012:function:rotate";
    client
        .create_secret()
        .name("rotated")
        .secret_string("v1")
        .client_request_token(TOKEN_1)
        .send()
        .await
        .unwrap();
    let error = client
        .rotate_secret()
        .secret_id("rotated")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidRequestException"));

    // The rotation function must exist in Lambda; a failed request configures nothing.
    let missing = client
        .rotate_secret()
        .secret_id("rotated")
        .rotation_lambda_arn(rotation_function)
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("ResourceNotFoundException"));
    assert_eq!(
        missing.message(),
        Some("Resource not found for ARN 'arn:aws:lambda:us-east-1:123456789012:function:rotate'.")
    );
    let unchanged = client
        .describe_secret()
        .secret_id("rotated")
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.rotation_enabled(), None);
    assert_eq!(unchanged.rotation_lambda_arn(), None);
    assert_eq!(unchanged.version_ids_to_stages().unwrap().len(), 1);

    let role = crate::support::lambda_role(&crate::support::iam(&server), "rotation").await;
    lambda(&server)
        .create_function()
        .function_name("rotate")
        .runtime(aws_sdk_lambda::types::Runtime::Providedal2023)
        .role(role)
        .handler("bootstrap")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(EMPTY_ZIP))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let rotated = client
        .rotate_secret()
        .secret_id("rotated")
        .rotation_lambda_arn(rotation_function)
        .rotation_rules(
            aws_sdk_secretsmanager::types::RotationRulesType::builder()
                .automatically_after_days(30)
                .build(),
        )
        .client_request_token(TOKEN_2)
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.version_id(), Some(TOKEN_2));
    let described = client
        .describe_secret()
        .secret_id("rotated")
        .send()
        .await
        .unwrap();
    assert_eq!(described.rotation_enabled(), Some(true));
    assert_eq!(
        described.next_rotation_date().unwrap().secs(),
        1_704_067_200 + 30 * 86_400
    );
    let stages = described.version_ids_to_stages().unwrap();
    assert_eq!(stages[TOKEN_2], ["AWSCURRENT"]);
    assert_eq!(stages[TOKEN_1], ["AWSPREVIOUS"]);
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_secrets() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/secretsmanager_secrets.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = secretsmanager(&server);
    let password = client
        .get_secret_value()
        .secret_id("db/password")
        .send()
        .await
        .unwrap();
    assert_eq!(password.secret_string(), Some("correct horse"));
    let described = client
        .describe_secret()
        .secret_id("db/password")
        .send()
        .await
        .unwrap();
    assert_eq!(described.description(), Some("the database"));
    assert_eq!(described.tags()[0].value(), Some("data"));
    let stages = described.version_ids_to_stages().unwrap();
    assert_eq!(stages.len(), 2);
    let mut labels: Vec<_> = stages.values().flatten().map(String::as_str).collect();
    labels.sort_unstable();
    assert_eq!(labels, ["AWSCURRENT", "AWSPREVIOUS"]);
    let key = client
        .get_secret_value()
        .secret_id("signing-key")
        .send()
        .await
        .unwrap();
    assert_eq!(
        key.secret_binary().unwrap().as_ref(),
        (0..16).collect::<Vec<u8>>()
    );
}

async fn store_the_database_password(moto: &Moto) {
    let client = aws_sdk_secretsmanager::Client::new(&moto.sdk_config());
    client
        .create_secret()
        .name("db/password")
        .secret_string(r#"{"username":"app","password":"hunter2"}"#)
        .client_request_token(TOKEN_1)
        .send()
        .await
        .unwrap();
    client
        .put_secret_value()
        .secret_id("db/password")
        .secret_string(r#"{"username":"app","password":"correct horse"}"#)
        .client_request_token(TOKEN_2)
        .send()
        .await
        .unwrap();
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/secretsmanager_password.jsonl",
    setup = store_the_database_password
)]
#[tokio::test]
async fn reads_the_current_password(moto: &Moto) {
    let client = aws_sdk_secretsmanager::Client::new(&moto.sdk_config());
    let current = client
        .get_secret_value()
        .secret_id("db/password")
        .send()
        .await
        .unwrap();
    assert_eq!(current.version_id(), Some(TOKEN_2));
    assert_eq!(
        current.secret_string(),
        Some(r#"{"username":"app","password":"correct horse"}"#)
    );
    let previous = client
        .get_secret_value()
        .secret_id("db/password")
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .unwrap();
    assert_eq!(previous.version_id(), Some(TOKEN_1));
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };
    replay_in_moto(&url, "secretsmanager_password.jsonl");
    let client = aws_sdk_secretsmanager::Client::new(&config(&url));
    let current = client
        .get_secret_value()
        .secret_id("db/password")
        .send()
        .await
        .unwrap();
    assert_eq!(current.version_id(), Some(TOKEN_2));
    assert_eq!(
        current.secret_string(),
        Some(r#"{"username":"app","password":"correct horse"}"#)
    );
}
