//! IAM through aws-sdk-iam: the query protocol end to end, the Moto recordings that
//! rebuild IAM state, and the fixture written here.

use aws_sdk_iam::error::ProvideErrorMetadata as _;
use aws_sdk_iam::types::{EntityType, PolicyScopeType, StatusType, Tag};
use moto_recorded::recording::Recording;
use moto_recorded::{Moto, moto_recorded};

use crate::support::{fixture, iam, replayed, server};

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const READ_ORDERS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::orders/*"}]}"#;
const READ_ORDERS_ARN: &str = "arn:aws:iam::123456789012:policy/read-orders";
const LAMBDA_BASIC: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

#[tokio::test]
async fn users_join_groups_and_are_listed_by_path() {
    let server = server();
    let client = iam(&server);
    let created = client
        .create_user()
        .user_name("alice")
        .path("/staff/")
        .tags(Tag::builder().key("team").value("data").build().unwrap())
        .send()
        .await
        .unwrap();
    let user = created.user().unwrap();
    assert_eq!(user.arn(), "arn:aws:iam::123456789012:user/staff/alice");
    assert!(user.user_id().starts_with("AIDA"));
    client.create_user().user_name("bob").send().await.unwrap();
    client
        .create_group()
        .group_name("devs")
        .send()
        .await
        .unwrap();
    for name in ["alice", "bob"] {
        client
            .add_user_to_group()
            .group_name("devs")
            .user_name(name)
            .send()
            .await
            .unwrap();
    }
    let group = client.get_group().group_name("devs").send().await.unwrap();
    let members: Vec<&str> = group.users().iter().map(|user| user.user_name()).collect();
    assert_eq!(members, ["alice", "bob"]);
    let staff = client
        .list_users()
        .path_prefix("/staff/")
        .send()
        .await
        .unwrap();
    assert_eq!(staff.users().len(), 1);
    let groups = client
        .list_groups_for_user()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    assert_eq!(groups.groups()[0].group_name(), "devs");
    let tags = client
        .list_user_tags()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags()[0].value(), "data");

    let refused = client
        .delete_group()
        .group_name("devs")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("DeleteConflict"));
    let missing = client
        .get_user()
        .user_name("carol")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchEntity"));
    assert_eq!(
        missing.message(),
        Some("The user with name carol cannot be found.")
    );
}

#[tokio::test]
async fn roles_take_aws_and_customer_managed_policies() {
    let server = server();
    let client = iam(&server);
    let role = client
        .create_role()
        .role_name("resize")
        .assume_role_policy_document(TRUST)
        .description("runs the resize function")
        .max_session_duration(7200)
        .send()
        .await
        .unwrap();
    let role = role.role().unwrap();
    assert_eq!(role.arn(), "arn:aws:iam::123456789012:role/resize");
    // AWS answers policy documents URL-encoded.
    assert!(
        role.assume_role_policy_document()
            .unwrap()
            .starts_with("%7B%22Version%22")
    );
    let policy = client
        .create_policy()
        .policy_name("read-orders")
        .policy_document(READ_ORDERS)
        .send()
        .await
        .unwrap();
    let policy_arn = policy.policy().unwrap().arn().unwrap().to_owned();
    for arn in [LAMBDA_BASIC, policy_arn.as_str()] {
        client
            .attach_role_policy()
            .role_name("resize")
            .policy_arn(arn)
            .send()
            .await
            .unwrap();
    }
    let attached = client
        .list_attached_role_policies()
        .role_name("resize")
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = attached
        .attached_policies()
        .iter()
        .filter_map(|policy| policy.policy_name())
        .collect();
    assert_eq!(names, ["AWSLambdaBasicExecutionRole", "read-orders"]);
    let unknown = client
        .attach_role_policy()
        .role_name("resize")
        .policy_arn("arn:aws:iam::aws:policy/NotAPolicy")
        .send()
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Some("NoSuchEntity"));

    let aws = client
        .list_policies()
        .scope(PolicyScopeType::Aws)
        .send()
        .await
        .unwrap();
    assert!(
        aws.policies()
            .iter()
            .any(|policy| policy.arn() == Some(LAMBDA_BASIC))
    );
    let entities = client
        .list_entities_for_policy()
        .policy_arn(&policy_arn)
        .entity_filter(EntityType::Role)
        .send()
        .await
        .unwrap();
    assert_eq!(entities.policy_roles()[0].role_name(), Some("resize"));

    let refused = client
        .delete_policy()
        .policy_arn(&policy_arn)
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("DeleteConflict"));
    let refused = client
        .delete_role()
        .role_name("resize")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused.message(),
        Some("Cannot delete entity, must detach all policies first.")
    );
}

#[tokio::test]
async fn policy_versions_rotate_the_default() {
    let server = server();
    let client = iam(&server);
    let arn = client
        .create_policy()
        .policy_name("read-orders")
        .path("/app/")
        .policy_document(READ_ORDERS)
        .send()
        .await
        .unwrap()
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_owned();
    let v2 = client
        .create_policy_version()
        .policy_arn(&arn)
        .policy_document(READ_ORDERS)
        .set_as_default(true)
        .send()
        .await
        .unwrap();
    assert_eq!(v2.policy_version().unwrap().version_id(), Some("v2"));
    let policy = client.get_policy().policy_arn(&arn).send().await.unwrap();
    assert_eq!(policy.policy().unwrap().default_version_id(), Some("v2"));
    client
        .delete_policy_version()
        .policy_arn(&arn)
        .version_id("v1")
        .send()
        .await
        .unwrap();
    let versions = client
        .list_policy_versions()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(versions.versions().len(), 1);
    let refused = client
        .delete_policy_version()
        .policy_arn(&arn)
        .version_id("v2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused.message(),
        Some("Cannot delete the default version of a policy.")
    );
    client
        .delete_policy()
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn access_keys_are_limited_and_paged_lists_reach_every_user() {
    let server = server();
    let client = iam(&server);
    for index in 0..5 {
        client
            .create_user()
            .user_name(format!("user-{index}"))
            .send()
            .await
            .unwrap();
    }
    let names: Vec<String> = client
        .list_users()
        .max_items(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap()
        .into_iter()
        .map(|user| user.user_name().to_owned())
        .collect();
    assert_eq!(names.len(), 5);

    let key = client
        .create_access_key()
        .user_name("user-0")
        .send()
        .await
        .unwrap();
    let key = key.access_key().unwrap();
    assert!(key.access_key_id().starts_with("AKIA") && key.access_key_id().len() == 20);
    assert_eq!(key.secret_access_key().len(), 40);
    client
        .create_access_key()
        .user_name("user-0")
        .send()
        .await
        .unwrap();
    let third = client
        .create_access_key()
        .user_name("user-0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(third.code(), Some("LimitExceeded"));
    client
        .update_access_key()
        .user_name("user-0")
        .access_key_id(key.access_key_id())
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap();
    let last_used = client
        .get_access_key_last_used()
        .access_key_id(key.access_key_id())
        .send()
        .await
        .unwrap();
    assert_eq!(last_used.user_name(), Some("user-0"));
    let refused = client
        .delete_user()
        .user_name("user-0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused.message(),
        Some("Cannot delete entity, must delete access keys first.")
    );
}

#[tokio::test]
async fn instance_profiles_hold_one_role() {
    let server = server();
    let client = iam(&server);
    client
        .create_role()
        .role_name("web")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap();
    client
        .create_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap();
    client
        .add_role_to_instance_profile()
        .instance_profile_name("web")
        .role_name("web")
        .send()
        .await
        .unwrap();
    let profile = client
        .get_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap();
    let profile = profile.instance_profile().unwrap();
    assert_eq!(profile.roles()[0].role_name(), "web");
    assert!(profile.instance_profile_id().starts_with("AIPA"));
    let details = client
        .get_account_authorization_details()
        .send()
        .await
        .unwrap();
    let role = &details.role_detail_list()[0];
    assert_eq!(role.instance_profile_list().len(), 1);
}

/// The state the annotated test starts from: a deployment user with an access key in a
/// group, and the role its function runs as with the policy it needs. (A stock Moto server
/// knows AWS managed policies only with `MOTO_IAM_LOAD_MANAGED_POLICIES=true`, so the
/// fixture attaches a customer managed one, to replay in Moto as it is.)
async fn create_deploy_identities(moto: &Moto) {
    let client = aws_sdk_iam::Client::new(&moto.sdk_config());
    client
        .create_user()
        .user_name("deployer")
        .send()
        .await
        .unwrap();
    client
        .create_group()
        .group_name("deployers")
        .send()
        .await
        .unwrap();
    client
        .add_user_to_group()
        .group_name("deployers")
        .user_name("deployer")
        .send()
        .await
        .unwrap();
    client
        .create_access_key()
        .user_name("deployer")
        .send()
        .await
        .unwrap();
    client
        .create_role()
        .role_name("resize")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap();
    client
        .create_policy()
        .policy_name("read-orders")
        .policy_document(READ_ORDERS)
        .send()
        .await
        .unwrap();
    client
        .attach_role_policy()
        .role_name("resize")
        .policy_arn(READ_ORDERS_ARN)
        .send()
        .await
        .unwrap();
}

/// What `create_deploy_identities` made, wherever the fixture was replayed.
async fn holds_the_deploy_identities(client: &aws_sdk_iam::Client) {
    let keys = client
        .list_access_keys()
        .user_name("deployer")
        .send()
        .await
        .unwrap();
    assert_eq!(keys.access_key_metadata().len(), 1);
    let attached = client
        .list_attached_role_policies()
        .role_name("resize")
        .send()
        .await
        .unwrap();
    assert_eq!(
        attached.attached_policies()[0].policy_arn(),
        Some(READ_ORDERS_ARN)
    );
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/iam_deploy.jsonl", setup = create_deploy_identities)]
#[tokio::test]
async fn a_recorded_deployment_identity_keeps_its_ids(moto: &Moto) {
    let client = aws_sdk_iam::Client::new(&moto.sdk_config());
    let user = client
        .get_user()
        .user_name("deployer")
        .send()
        .await
        .unwrap();
    // Seeded: the same on every run and every machine.
    assert_eq!(user.user().unwrap().user_id(), "AIDA5B64UFAT362KV4AOZ");
    holds_the_deploy_identities(&client).await;
}

#[tokio::test]
async fn a_recorded_access_key_leaves_its_secret_out_of_the_fixture() {
    let recorded = server();
    let client = iam(&recorded);
    recorded.backend().recorder().start();
    client.create_user().user_name("ci").send().await.unwrap();
    let key = client
        .create_access_key()
        .user_name("ci")
        .send()
        .await
        .unwrap();
    let key = key.access_key().unwrap();
    let fixture = fixture(&recorded);
    assert!(fixture.contains("Action=CreateAccessKey"), "{fixture}");
    assert!(!fixture.contains(key.secret_access_key()), "{fixture}");
    // The replay draws the same key id, and a secret that again only the answer holds.
    let fresh = replayed(&fixture);
    let keys = iam(&fresh)
        .list_access_keys()
        .user_name("ci")
        .send()
        .await
        .unwrap();
    assert_eq!(
        keys.access_key_metadata()[0].access_key_id(),
        Some(key.access_key_id())
    );
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_identities() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/iam_identities.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = iam(&server);
    let group = client
        .get_group()
        .group_name("developers")
        .send()
        .await
        .unwrap();
    assert_eq!(group.users()[0].user_name(), "alice");
    let attached = client
        .list_attached_role_policies()
        .role_name("app")
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = attached
        .attached_policies()
        .iter()
        .filter_map(|policy| policy.policy_name())
        .collect();
    assert_eq!(names, ["app-policy"]);
    let profile = client
        .get_instance_profile()
        .instance_profile_name("app")
        .send()
        .await
        .unwrap();
    assert_eq!(
        profile.instance_profile().unwrap().roles()[0].role_name(),
        "app"
    );
    let inline = client
        .get_user_policy()
        .user_name("alice")
        .policy_name("inline")
        .send()
        .await
        .unwrap();
    assert!(inline.policy_document().starts_with("%7B"));
    let keys = client
        .list_access_keys()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(keys.access_key_metadata().len(), 1);
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = crate::interop::moto_server() else {
        return;
    };
    crate::interop::replay_in_moto(&url, "iam_deploy.jsonl");
    let client = aws_sdk_iam::Client::new(&moto_recorded::aws::sdk_config(&url, "us-east-1"));
    let group = client
        .get_group()
        .group_name("deployers")
        .send()
        .await
        .unwrap();
    assert_eq!(group.users()[0].user_name(), "deployer");
    holds_the_deploy_identities(&client).await;
}
