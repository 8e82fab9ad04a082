//! SSM Parameter Store through aws-sdk-ssm: the awsJson 1.1 protocol end to end.

use aws_sdk_ssm::error::ProvideErrorMetadata as _;
use aws_sdk_ssm::types::{
    ParameterStringFilter, ParameterTier, ParameterType, ResourceTypeForTagging, Tag,
};
use moto_recorded::recording::Recording;
use moto_recorded::{BackendKind, Moto, moto_recorded};

use crate::interop::{moto_server, replay_in_moto};
use crate::support::{server, ssm};

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

/// The value a read of `name` (a name, `name:version` or `name:label`) answers, decrypted.
async fn decrypted(client: &aws_sdk_ssm::Client, name: &str) -> String {
    let answer = client
        .get_parameter()
        .name(name)
        .with_decryption(true)
        .send()
        .await
        .unwrap();
    answer.parameter().unwrap().value().unwrap().to_owned()
}

/// The tags of the parameter `name`, as key and value pairs.
async fn tags_of(client: &aws_sdk_ssm::Client, name: &str) -> Vec<(String, String)> {
    let answer = client
        .list_tags_for_resource()
        .resource_type(ResourceTypeForTagging::Parameter)
        .resource_id(name)
        .send()
        .await
        .unwrap();
    answer
        .tag_list()
        .iter()
        .map(|tag| (tag.key().to_owned(), tag.value().to_owned()))
        .collect()
}

#[tokio::test]
async fn parameters_keep_every_version_and_decrypt_on_request() {
    let server = server();
    let client = ssm(&server);
    let put = client
        .put_parameter()
        .name("/app/db/password")
        .value("hunter2")
        .r#type(ParameterType::SecureString)
        .description("the database")
        .send()
        .await
        .unwrap();
    assert_eq!(put.version(), 1);
    assert_eq!(put.tier(), Some(&ParameterTier::Standard));

    let again = client
        .put_parameter()
        .name("/app/db/password")
        .value("other")
        .r#type(ParameterType::SecureString)
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("ParameterAlreadyExists"));
    client
        .put_parameter()
        .name("/app/db/password")
        .value("correct horse")
        .overwrite(true)
        .send()
        .await
        .unwrap();

    let plain = client
        .get_parameter()
        .name("/app/db/password")
        .with_decryption(true)
        .send()
        .await
        .unwrap();
    let parameter = plain.parameter().unwrap();
    assert_eq!(parameter.value(), Some("correct horse"));
    assert_eq!(parameter.version(), 2);
    assert_eq!(
        parameter.arn(),
        Some("arn:aws:ssm:us-east-1:123456789012:parameter/app/db/password")
    );
    assert_eq!(decrypted(&client, "/app/db/password:1").await, "hunter2");
    let first = client
        .get_parameter()
        .name("/app/db/password:1")
        .send()
        .await
        .unwrap();
    // Without decryption a SecureString reads as Moto answers it (AWS: the ciphertext).
    assert_eq!(
        first.parameter().unwrap().value(),
        Some("kms:alias/aws/ssm:hunter2")
    );
    assert_eq!(first.parameter().unwrap().selector(), Some(":1"));

    let described = client.describe_parameters().send().await.unwrap();
    let metadata = &described.parameters()[0];
    assert_eq!(metadata.key_id(), Some("alias/aws/ssm"));
    assert_eq!(metadata.description(), Some("the database"));
    assert_eq!(metadata.version(), 2);

    let history = client
        .get_parameter_history()
        .name("/app/db/password")
        .with_decryption(true)
        .send()
        .await
        .unwrap();
    let values: Vec<_> = history
        .parameters()
        .iter()
        .map(|version| version.value().unwrap())
        .collect();
    assert_eq!(values, ["hunter2", "correct horse"]);

    let missing = client
        .get_parameter()
        .name("/app/missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("ParameterNotFound"));
    assert_eq!(missing.message(), Some("Parameter /app/missing not found."));
}

#[tokio::test]
async fn paths_filters_and_pages() {
    let server = server();
    let client = ssm(&server);
    for (name, kind) in [
        ("/app/a", ParameterType::String),
        ("/app/b", ParameterType::StringList),
        ("/app/c", ParameterType::SecureString),
        ("/app/deep/d", ParameterType::String),
        ("/other/e", ParameterType::String),
    ] {
        client
            .put_parameter()
            .name(name)
            .value("v")
            .r#type(kind)
            .send()
            .await
            .unwrap();
    }
    let mut names = Vec::new();
    let mut pages = client
        .get_parameters_by_path()
        .path("/app")
        .recursive(true)
        .max_results(2)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        names.extend(
            page.parameters()
                .iter()
                .map(|p| p.name().unwrap().to_owned()),
        );
    }
    assert_eq!(names, ["/app/a", "/app/b", "/app/c", "/app/deep/d"]);

    let strings = client
        .get_parameters_by_path()
        .path("/app")
        .parameter_filters(
            ParameterStringFilter::builder()
                .key("Type")
                .values("String")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(strings.parameters().len(), 1);

    let one_level = client
        .describe_parameters()
        .parameter_filters(
            ParameterStringFilter::builder()
                .key("Path")
                .option("OneLevel")
                .values("/app")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(one_level.parameters().len(), 3);

    let bad = client
        .describe_parameters()
        .parameter_filters(
            ParameterStringFilter::builder()
                .key("Label")
                .values("x")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Some("InvalidFilterKey"));

    let got = client
        .get_parameters()
        .names("/app/a")
        .names("/app/nope")
        .send()
        .await
        .unwrap();
    assert_eq!(got.parameters().len(), 1);
    assert_eq!(got.invalid_parameters(), ["/app/nope"]);

    let deleted = client
        .delete_parameters()
        .names("/app/a")
        .names("/app/nope")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.deleted_parameters(), ["/app/a"]);
    assert_eq!(deleted.invalid_parameters(), ["/app/nope"]);
    let gone = client
        .delete_parameter()
        .name("/app/a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("ParameterNotFound"));
}

#[tokio::test]
async fn labels_and_tags() {
    let server = server();
    let client = ssm(&server);
    for value in ["off", "on"] {
        client
            .put_parameter()
            .name("/app/flag")
            .value(value)
            .r#type(ParameterType::String)
            .overwrite(true)
            .send()
            .await
            .unwrap();
    }
    let labelled = client
        .label_parameter_version()
        .name("/app/flag")
        .parameter_version(1)
        .labels("stable")
        .labels("9lives")
        .send()
        .await
        .unwrap();
    assert_eq!(labelled.invalid_labels(), ["9lives"]);
    let stable = client
        .get_parameter()
        .name("/app/flag:stable")
        .send()
        .await
        .unwrap();
    assert_eq!(stable.parameter().unwrap().value(), Some("off"));
    let unlabelled = client
        .unlabel_parameter_version()
        .name("/app/flag")
        .parameter_version(1)
        .labels("stable")
        .send()
        .await
        .unwrap();
    assert_eq!(unlabelled.removed_labels(), ["stable"]);

    client
        .add_tags_to_resource()
        .resource_type(ResourceTypeForTagging::Parameter)
        .resource_id("/app/flag")
        .tags(tag("team", "web"))
        .send()
        .await
        .unwrap();
    let tags = tags_of(&client, "/app/flag").await;
    assert_eq!(tags, [("team".to_owned(), "web".to_owned())]);
    client
        .remove_tags_from_resource()
        .resource_type(ResourceTypeForTagging::Parameter)
        .resource_id("/app/flag")
        .tag_keys("team")
        .send()
        .await
        .unwrap();
    let tags = tags_of(&client, "/app/flag").await;
    assert!(tags.is_empty());

    let reserved = client
        .put_parameter()
        .name("/aws/mine/x")
        .value("v")
        .r#type(ParameterType::String)
        .send()
        .await
        .unwrap_err();
    assert_eq!(reserved.code(), Some("AccessDeniedException"));
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_parameters() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/ssm_parameters.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = ssm(&server);
    let url = client
        .get_parameter()
        .name("/app/db/url")
        .send()
        .await
        .unwrap();
    assert_eq!(
        url.parameter().unwrap().value(),
        Some("postgres://db:5432/app")
    );
    assert_eq!(url.parameter().unwrap().version(), 2);
    assert_eq!(decrypted(&client, "/app/db/password:prod").await, "hunter2");
    let tags = tags_of(&client, "/app/db/url").await;
    assert_eq!(tags, [("team".to_owned(), "data".to_owned())]);
}

/// The recipe: a setup that writes the application's configuration.
async fn write_app_config(moto: &Moto) {
    let client = aws_sdk_ssm::Client::new(&moto.sdk_config());
    client
        .put_parameter()
        .name("/app/db/url")
        .value("postgres://db:5432/app")
        .r#type(ParameterType::String)
        .tags(tag("team", "data"))
        .send()
        .await
        .unwrap();
    client
        .put_parameter()
        .name("/app/db/password")
        .value("hunter2")
        .r#type(ParameterType::SecureString)
        .send()
        .await
        .unwrap();
    client
        .label_parameter_version()
        .name("/app/db/password")
        .labels("prod")
        .send()
        .await
        .unwrap();
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/ssm_app_config.jsonl",
    setup = write_app_config,
    clock = "2024-01-01T00:00:00Z"
)]
#[tokio::test]
async fn the_application_reads_its_configuration(moto: &Moto) {
    let client = aws_sdk_ssm::Client::new(&moto.sdk_config());
    let config = client
        .get_parameters_by_path()
        .path("/app/db")
        .with_decryption(true)
        .send()
        .await
        .unwrap();
    let values: Vec<_> = config
        .parameters()
        .iter()
        .map(|parameter| (parameter.name().unwrap(), parameter.value().unwrap()))
        .collect();
    assert_eq!(
        values,
        [
            ("/app/db/url", "postgres://db:5432/app"),
            ("/app/db/password", "hunter2")
        ]
    );
    assert_eq!(decrypted(&client, "/app/db/password:prod").await, "hunter2");
    if moto.backend_kind() == BackendKind::Embedded {
        // The virtual clock stamps every version.
        let modified = config.parameters()[0].last_modified_date().unwrap();
        assert_eq!(modified.secs(), 1_704_067_200);
    }
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };
    replay_in_moto(&url, "ssm_app_config.jsonl");
    let client = aws_sdk_ssm::Client::new(&moto_recorded::aws::sdk_config(&url, "us-east-1"));
    assert_eq!(decrypted(&client, "/app/db/password:prod").await, "hunter2");
    let tags = tags_of(&client, "/app/db/url").await;
    assert_eq!(tags, [("team".to_owned(), "data".to_owned())]);
}
