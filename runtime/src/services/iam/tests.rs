//! IAM over its wire protocol, one backend per test.

use bytes::Bytes;
use http::Request;

use super::*;
use crate::clock::Clock;
use crate::protocol::error::Protocol;
use crate::protocol::query::{QueryParams, percent_encode};
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Route};

struct Call {
    status: u16,
    body: String,
}

impl Call {
    fn element(&self, name: &str) -> &str {
        let open = format!("<{name}>");
        let start = self.body.find(&open).unwrap() + open.len();
        let end = self.body[start..].find(&format!("</{name}>")).unwrap() + start;
        &self.body[start..end]
    }

    fn error_code(&self) -> &str {
        self.element("Code")
    }

    fn count(&self, name: &str) -> usize {
        self.body.matches(&format!("<{name}>")).count()
    }
}

struct Backend {
    state: IamState,
    random: MockRandom,
}

impl Backend {
    fn seeded(seed: u64) -> Backend {
        Backend {
            state: IamState::default(),
            random: MockRandom::seeded(seed),
        }
    }

    fn call_as(&self, access_key: &str, region: &str, params: &[(&str, &str)]) -> Call {
        let form: String = params
            .iter()
            .map(|(name, value)| format!("{name}={}", percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let form = format!("{form}&Version=2010-05-08");
        let action = QueryParams::parse("", &form)
            .get("Action")
            .map(str::to_owned);
        let route = Route {
            service: "iam".into(),
            region: region.into(),
            protocol: Protocol::Query,
            operation: action,
        };
        let clock = Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap();
        let context = Context {
            random: &self.random,
            clock: &clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://localhost:5000".into(),
            services: &crate::services::ServiceStates::default(),
        };
        let request = Request::builder()
            .method("POST")
            .uri("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .header(
                "authorization",
                format!("AWS4-HMAC-SHA256 Credential={access_key}/20240101/{region}/iam/aws4_request, SignedHeaders=host, Signature=0"),
            )
            .body(Bytes::from(form))
            .unwrap();
        let response = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(handle(&self.state, &context, request));
        Call {
            status: response.status().as_u16(),
            body: String::from_utf8(response.body().to_vec()).unwrap(),
        }
    }

    fn call(&self, params: &[(&str, &str)]) -> Call {
        self.call_as("testing", "us-east-1", params)
    }

    fn ok(&self, params: &[(&str, &str)]) -> Call {
        let reply = self.call(params);
        assert_eq!(reply.status, 200, "{params:?}: {}", reply.body);
        reply
    }

    fn refused(&self, params: &[(&str, &str)], status: u16, code: &str, message: &str) {
        let reply = self.call(params);
        assert_eq!(reply.status, status, "{params:?}: {}", reply.body);
        assert_eq!(reply.error_code(), code, "{}", reply.body);
        assert_eq!(reply.element("Message"), message, "{}", reply.body);
    }
}

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}"#;
const LAMBDA_BASIC: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/// The ids a backend seeded with 42 hands out first, one of each kind in this order.
const GOLDEN_USER_ID: &str = "AIDA5B64UFAT362KV4AOZ";
const GOLDEN_ROLE_ID: &str = "AROAULY6M6BKMW4GQGZH4";
const GOLDEN_ACCESS_KEY_ID: &str = "AKIA7DZAK7DZP46GRUF4";
const GOLDEN_SECRET: &str = "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";

#[test]
fn ids_and_arns_are_deterministic_under_a_seed() {
    let iam = Backend::seeded(42);
    let user = iam.ok(&[
        ("Action", "CreateUser"),
        ("UserName", "alice"),
        ("Path", "/staff/"),
    ]);
    assert_eq!(user.element("UserId"), GOLDEN_USER_ID);
    assert_eq!(
        user.element("Arn"),
        "arn:aws:iam::123456789012:user/staff/alice"
    );
    assert_eq!(user.element("CreateDate"), "2024-01-01T00:00:00.000Z");
    let role = iam.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "worker"),
        ("AssumeRolePolicyDocument", TRUST),
    ]);
    assert_eq!(role.element("RoleId"), GOLDEN_ROLE_ID);
    let key = iam.ok(&[("Action", "CreateAccessKey"), ("UserName", "alice")]);
    assert_eq!(key.element("AccessKeyId"), GOLDEN_ACCESS_KEY_ID);
    assert_eq!(key.element("SecretAccessKey"), GOLDEN_SECRET);
    for (action, name, member, prefix) in [
        ("CreateGroup", "GroupName", "GroupId", "AGPA"),
        (
            "CreateInstanceProfile",
            "InstanceProfileName",
            "InstanceProfileId",
            "AIPA",
        ),
    ] {
        let reply = iam.ok(&[("Action", action), (name, "x")]);
        let id = reply.element(member);
        assert!(id.starts_with(prefix) && id.len() == 21, "{id}");
    }
    let policy = iam.ok(&[
        ("Action", "CreatePolicy"),
        ("PolicyName", "read"),
        ("PolicyDocument", POLICY),
    ]);
    assert!(policy.element("PolicyId").starts_with("ANPA"));
    assert_eq!(
        policy.element("Arn"),
        "arn:aws:iam::123456789012:policy/read"
    );
}

#[test]
fn reads_do_not_shift_the_ids_that_follow() {
    let quiet = Backend::seeded(7);
    let first = quiet.ok(&[("Action", "CreateUser"), ("UserName", "a")]);
    let busy = Backend::seeded(7);
    busy.ok(&[("Action", "GetUser")]);
    busy.ok(&[("Action", "ListPolicies"), ("Scope", "AWS")]);
    busy.call(&[("Action", "GetRole"), ("RoleName", "missing")]);
    let again = busy.ok(&[("Action", "CreateUser"), ("UserName", "a")]);
    assert_eq!(first.element("UserId"), again.element("UserId"));
}

#[test]
fn iam_is_global() {
    let iam = Backend::seeded(1);
    iam.call_as(
        "testing",
        "eu-west-1",
        &[("Action", "CreateUser"), ("UserName", "bob")],
    );
    let seen = iam.call_as(
        "testing",
        "ap-south-1",
        &[("Action", "GetUser"), ("UserName", "bob")],
    );
    assert_eq!(seen.status, 200);
    assert_eq!(seen.element("Arn"), "arn:aws:iam::123456789012:user/bob");
}

#[test]
fn users_are_created_found_renamed_and_listed_by_path() {
    let iam = Backend::seeded(1);
    iam.ok(&[
        ("Action", "CreateUser"),
        ("UserName", "bob"),
        ("Tags.member.1.Key", "team"),
        ("Tags.member.1.Value", "data"),
    ]);
    iam.ok(&[
        ("Action", "CreateUser"),
        ("UserName", "carol"),
        ("Path", "/ops/"),
    ]);
    iam.refused(
        &[("Action", "CreateUser"), ("UserName", "bob")],
        409,
        "EntityAlreadyExists",
        "User with name bob already exists.",
    );
    iam.refused(
        &[("Action", "CreateUser"), ("UserName", "BOB")],
        409,
        "EntityAlreadyExists",
        "User with name BOB already exists.",
    );
    iam.refused(
        &[("Action", "GetUser"), ("UserName", "dave")],
        404,
        "NoSuchEntity",
        "The user with name dave cannot be found.",
    );
    iam.refused(
        &[("Action", "CreateUser"), ("UserName", "eve"), ("Path", "ops")],
        400,
        "ValidationError",
        "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.",
    );
    let bob = iam.ok(&[("Action", "GetUser"), ("UserName", "bob")]);
    assert_eq!(bob.element("Value"), "data");
    let under_ops = iam.ok(&[("Action", "ListUsers"), ("PathPrefix", "/ops/")]);
    assert_eq!(under_ops.count("UserName"), 1);
    assert_eq!(under_ops.element("UserName"), "carol");
    iam.ok(&[
        ("Action", "UpdateUser"),
        ("UserName", "carol"),
        ("NewUserName", "caroline"),
        ("NewPath", "/"),
    ]);
    let renamed = iam.ok(&[("Action", "GetUser"), ("UserName", "caroline")]);
    assert_eq!(
        renamed.element("Arn"),
        "arn:aws:iam::123456789012:user/caroline"
    );
}

#[test]
fn get_user_without_a_name_answers_for_the_caller() {
    let iam = Backend::seeded(1);
    iam.ok(&[("Action", "CreateUser"), ("UserName", "ci")]);
    let key = iam.ok(&[("Action", "CreateAccessKey"), ("UserName", "ci")]);
    let me = iam.call_as(
        key.element("AccessKeyId"),
        "us-east-1",
        &[("Action", "GetUser")],
    );
    assert_eq!(me.element("UserName"), "ci");
    let default = iam.ok(&[("Action", "GetUser")]);
    assert_eq!(default.element("UserName"), "default_user");
}

#[test]
fn deleting_a_user_in_use_is_a_conflict_in_aws_order() {
    let iam = Backend::seeded(1);
    iam.ok(&[("Action", "CreateUser"), ("UserName", "bob")]);
    iam.ok(&[("Action", "CreateGroup"), ("GroupName", "devs")]);
    iam.ok(&[
        ("Action", "AddUserToGroup"),
        ("GroupName", "devs"),
        ("UserName", "bob"),
    ]);
    iam.ok(&[
        ("Action", "AttachUserPolicy"),
        ("UserName", "bob"),
        ("PolicyArn", LAMBDA_BASIC),
    ]);
    iam.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "bob"),
        ("PolicyName", "inline"),
        ("PolicyDocument", POLICY),
    ]);
    let key = iam.ok(&[("Action", "CreateAccessKey"), ("UserName", "bob")]);
    let delete = [("Action", "DeleteUser"), ("UserName", "bob")];
    for (message, cleanup) in [
        (
            "Cannot delete entity, must delete access keys first.",
            vec![
                ("Action", "DeleteAccessKey"),
                ("UserName", "bob"),
                ("AccessKeyId", key.element("AccessKeyId")),
            ],
        ),
        (
            "Cannot delete entity, must delete policies first.",
            vec![
                ("Action", "DeleteUserPolicy"),
                ("UserName", "bob"),
                ("PolicyName", "inline"),
            ],
        ),
        (
            "Cannot delete entity, must detach all policies first.",
            vec![
                ("Action", "DetachUserPolicy"),
                ("UserName", "bob"),
                ("PolicyArn", LAMBDA_BASIC),
            ],
        ),
        (
            "Cannot delete entity, must remove users from group first.",
            vec![
                ("Action", "RemoveUserFromGroup"),
                ("UserName", "bob"),
                ("GroupName", "devs"),
            ],
        ),
    ] {
        iam.refused(&delete, 409, "DeleteConflict", message);
        iam.ok(&cleanup);
    }
    iam.ok(&delete);
    iam.ok(&[("Action", "DeleteGroup"), ("GroupName", "devs")]);
}

#[test]
fn roles_keep_their_trust_policy_url_encoded_and_refuse_deletion_while_in_use() {
    let iam = Backend::seeded(1);
    iam.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "fn"),
        ("AssumeRolePolicyDocument", TRUST),
        ("Description", "runs the function"),
        ("MaxSessionDuration", "7200"),
    ]);
    let role = iam.ok(&[("Action", "GetRole"), ("RoleName", "fn")]);
    assert!(
        role.element("AssumeRolePolicyDocument")
            .starts_with("%7B%22Version%22%3A%222012-10-17%22")
    );
    assert_eq!(role.element("MaxSessionDuration"), "7200");
    iam.refused(
        &[
            ("Action", "CreateRole"),
            ("RoleName", "bad"),
            ("AssumeRolePolicyDocument", "{not json"),
        ],
        400,
        "MalformedPolicyDocument",
        "Syntax errors in policy.",
    );
    iam.ok(&[
        ("Action", "UpdateRole"),
        ("RoleName", "fn"),
        ("Description", "new"),
    ]);
    iam.ok(&[
        ("Action", "UpdateAssumeRolePolicy"),
        ("RoleName", "fn"),
        ("PolicyDocument", TRUST),
    ]);
    iam.ok(&[
        ("Action", "CreateInstanceProfile"),
        ("InstanceProfileName", "web"),
    ]);
    iam.ok(&[
        ("Action", "AddRoleToInstanceProfile"),
        ("InstanceProfileName", "web"),
        ("RoleName", "fn"),
    ]);
    iam.refused(
        &[
            ("Action", "AddRoleToInstanceProfile"),
            ("InstanceProfileName", "web"),
            ("RoleName", "fn"),
        ],
        409,
        "LimitExceeded",
        "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
    );
    let profiles = iam.ok(&[
        ("Action", "ListInstanceProfilesForRole"),
        ("RoleName", "fn"),
    ]);
    assert_eq!(profiles.element("InstanceProfileName"), "web");
    iam.refused(
        &[
            ("Action", "DeleteInstanceProfile"),
            ("InstanceProfileName", "web"),
        ],
        409,
        "DeleteConflict",
        "Cannot delete entity, must remove roles from instance profile first.",
    );
    iam.ok(&[
        ("Action", "AttachRolePolicy"),
        ("RoleName", "fn"),
        ("PolicyArn", LAMBDA_BASIC),
    ]);
    iam.ok(&[
        ("Action", "PutRolePolicy"),
        ("RoleName", "fn"),
        ("PolicyName", "extra"),
        ("PolicyDocument", POLICY),
    ]);
    let delete = [("Action", "DeleteRole"), ("RoleName", "fn")];
    for (message, cleanup) in [
        (
            "Cannot delete entity, must remove roles from instance profile first.",
            vec![
                ("Action", "RemoveRoleFromInstanceProfile"),
                ("InstanceProfileName", "web"),
                ("RoleName", "fn"),
            ],
        ),
        (
            "Cannot delete entity, must detach all policies first.",
            vec![
                ("Action", "DetachRolePolicy"),
                ("RoleName", "fn"),
                ("PolicyArn", LAMBDA_BASIC),
            ],
        ),
        (
            "Cannot delete entity, must delete policies first.",
            vec![
                ("Action", "DeleteRolePolicy"),
                ("RoleName", "fn"),
                ("PolicyName", "extra"),
            ],
        ),
    ] {
        iam.refused(&delete, 409, "DeleteConflict", message);
        iam.ok(&cleanup);
    }
    iam.ok(&delete);
}

#[test]
fn managed_policies_version_attach_and_count_their_attachments() {
    let iam = Backend::seeded(1);
    let arn = "arn:aws:iam::123456789012:policy/app/read";
    iam.ok(&[
        ("Action", "CreatePolicy"),
        ("PolicyName", "read"),
        ("Path", "/app/"),
        ("PolicyDocument", POLICY),
    ]);
    iam.refused(
        &[
            ("Action", "CreatePolicy"),
            ("PolicyName", "read"),
            ("Path", "/app/"),
            ("PolicyDocument", POLICY),
        ],
        409,
        "EntityAlreadyExists",
        "A policy called read already exists. Duplicate names are not allowed.",
    );
    for _ in 0..4 {
        iam.ok(&[
            ("Action", "CreatePolicyVersion"),
            ("PolicyArn", arn),
            ("PolicyDocument", POLICY),
        ]);
    }
    iam.refused(
        &[("Action", "CreatePolicyVersion"), ("PolicyArn", arn), ("PolicyDocument", POLICY)],
        409,
        "LimitExceeded",
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
    );
    iam.refused(
        &[
            ("Action", "DeletePolicyVersion"),
            ("PolicyArn", arn),
            ("VersionId", "v1"),
        ],
        409,
        "DeleteConflict",
        "Cannot delete the default version of a policy.",
    );
    iam.ok(&[
        ("Action", "SetDefaultPolicyVersion"),
        ("PolicyArn", arn),
        ("VersionId", "v5"),
    ]);
    let versions = iam.ok(&[("Action", "ListPolicyVersions"), ("PolicyArn", arn)]);
    assert_eq!(versions.element("VersionId"), "v5", "newest first");
    for version in ["v1", "v2", "v3", "v4"] {
        iam.ok(&[
            ("Action", "DeletePolicyVersion"),
            ("PolicyArn", arn),
            ("VersionId", version),
        ]);
    }
    let version = iam.ok(&[
        ("Action", "GetPolicyVersion"),
        ("PolicyArn", arn),
        ("VersionId", "v5"),
    ]);
    assert_eq!(version.element("IsDefaultVersion"), "true");
    assert!(version.element("Document").contains("bucket/%2A"));

    iam.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "fn"),
        ("AssumeRolePolicyDocument", TRUST),
    ]);
    iam.ok(&[("Action", "CreateGroup"), ("GroupName", "devs")]);
    iam.ok(&[
        ("Action", "AttachRolePolicy"),
        ("RoleName", "fn"),
        ("PolicyArn", arn),
    ]);
    iam.ok(&[
        ("Action", "AttachGroupPolicy"),
        ("GroupName", "devs"),
        ("PolicyArn", arn),
    ]);
    let policy = iam.ok(&[("Action", "GetPolicy"), ("PolicyArn", arn)]);
    assert_eq!(policy.element("AttachmentCount"), "2");
    assert_eq!(policy.element("DefaultVersionId"), "v5");
    let entities = iam.ok(&[
        ("Action", "ListEntitiesForPolicy"),
        ("PolicyArn", arn),
        ("EntityFilter", "Role"),
    ]);
    assert_eq!(entities.element("RoleName"), "fn");
    assert_eq!(entities.count("GroupName"), 0);
    let attached = iam.ok(&[
        ("Action", "ListPolicies"),
        ("Scope", "Local"),
        ("OnlyAttached", "true"),
    ]);
    assert_eq!(attached.element("PolicyName"), "read");
    iam.refused(
        &[("Action", "DeletePolicy"), ("PolicyArn", arn)],
        409,
        "DeleteConflict",
        "Cannot delete a policy attached to entities.",
    );
    iam.ok(&[
        ("Action", "DetachRolePolicy"),
        ("RoleName", "fn"),
        ("PolicyArn", arn),
    ]);
    iam.ok(&[
        ("Action", "DetachGroupPolicy"),
        ("GroupName", "devs"),
        ("PolicyArn", arn),
    ]);
    iam.ok(&[("Action", "DeletePolicy"), ("PolicyArn", arn)]);
    iam.refused(
        &[("Action", "GetPolicy"), ("PolicyArn", arn)],
        404,
        "NoSuchEntity",
        &format!("Policy {arn} was not found."),
    );
}

#[test]
fn aws_managed_policies_attach_and_list_under_scope_aws() {
    let iam = Backend::seeded(1);
    iam.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "fn"),
        ("AssumeRolePolicyDocument", TRUST),
    ]);
    iam.ok(&[
        ("Action", "AttachRolePolicy"),
        ("RoleName", "fn"),
        ("PolicyArn", LAMBDA_BASIC),
    ]);
    let attached = iam.ok(&[("Action", "ListAttachedRolePolicies"), ("RoleName", "fn")]);
    assert_eq!(
        attached.element("PolicyName"),
        "AWSLambdaBasicExecutionRole"
    );
    iam.refused(
        &[
            ("Action", "AttachRolePolicy"),
            ("RoleName", "fn"),
            ("PolicyArn", "arn:aws:iam::aws:policy/NoSuchPolicy"),
        ],
        404,
        "NoSuchEntity",
        "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
    );
    let aws = iam.ok(&[
        ("Action", "ListPolicies"),
        ("Scope", "AWS"),
        ("MaxItems", "1000"),
    ]);
    assert_eq!(aws.count("PolicyName"), 20);
    assert!(
        aws.body
            .contains("<PolicyName>AdministratorAccess</PolicyName>")
    );
    let basic = iam.ok(&[("Action", "GetPolicy"), ("PolicyArn", LAMBDA_BASIC)]);
    assert_eq!(basic.element("AttachmentCount"), "1");
    assert_eq!(basic.element("Path"), "/service-role/");
    let local = iam.ok(&[("Action", "ListPolicies"), ("Scope", "Local")]);
    assert_eq!(local.count("PolicyName"), 0);
}

#[test]
fn access_keys_are_limited_to_two_and_never_used() {
    let iam = Backend::seeded(1);
    iam.ok(&[("Action", "CreateUser"), ("UserName", "ci")]);
    let first = iam.ok(&[("Action", "CreateAccessKey"), ("UserName", "ci")]);
    iam.ok(&[("Action", "CreateAccessKey"), ("UserName", "ci")]);
    iam.refused(
        &[("Action", "CreateAccessKey"), ("UserName", "ci")],
        409,
        "LimitExceeded",
        "Cannot exceed quota for AccessKeysPerUser: 2",
    );
    let id = first.element("AccessKeyId");
    assert!(id.starts_with("AKIA") && id.len() == 20, "{id}");
    iam.ok(&[
        ("Action", "UpdateAccessKey"),
        ("UserName", "ci"),
        ("AccessKeyId", id),
        ("Status", "Inactive"),
    ]);
    let keys = iam.ok(&[("Action", "ListAccessKeys"), ("UserName", "ci")]);
    assert_eq!(keys.count("AccessKeyId"), 2);
    assert_eq!(keys.element("Status"), "Inactive");
    assert!(!keys.body.contains("SecretAccessKey"));
    let used = iam.ok(&[("Action", "GetAccessKeyLastUsed"), ("AccessKeyId", id)]);
    assert_eq!(used.element("UserName"), "ci");
    assert_eq!(used.element("ServiceName"), "N/A");
    iam.ok(&[
        ("Action", "DeleteAccessKey"),
        ("UserName", "ci"),
        ("AccessKeyId", id),
    ]);
    iam.refused(
        &[
            ("Action", "DeleteAccessKey"),
            ("UserName", "ci"),
            ("AccessKeyId", id),
        ],
        404,
        "NoSuchEntity",
        &format!("The Access Key with id {id} cannot be found."),
    );
}

#[test]
fn lists_page_with_markers() {
    let iam = Backend::seeded(1);
    for name in ["a", "b", "c"] {
        iam.ok(&[("Action", "CreateUser"), ("UserName", name)]);
    }
    let first = iam.ok(&[("Action", "ListUsers"), ("MaxItems", "2")]);
    assert_eq!(first.element("IsTruncated"), "true");
    assert_eq!(first.count("UserName"), 2);
    let second = iam.ok(&[("Action", "ListUsers"), ("Marker", first.element("Marker"))]);
    assert_eq!(second.element("IsTruncated"), "false");
    assert_eq!(second.element("UserName"), "c");
    let bad = iam.call(&[("Action", "ListUsers"), ("MaxItems", "0")]);
    assert_eq!(bad.error_code(), "ValidationError");
}

#[test]
fn tags_are_added_replaced_removed_and_listed() {
    let iam = Backend::seeded(1);
    iam.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "fn"),
        ("AssumeRolePolicyDocument", TRUST),
    ]);
    iam.ok(&[
        ("Action", "TagRole"),
        ("RoleName", "fn"),
        ("Tags.member.1.Key", "env"),
        ("Tags.member.1.Value", "dev"),
        ("Tags.member.2.Key", "team"),
        ("Tags.member.2.Value", "a"),
    ]);
    iam.ok(&[
        ("Action", "TagRole"),
        ("RoleName", "fn"),
        ("Tags.member.1.Key", "env"),
        ("Tags.member.1.Value", "prod"),
    ]);
    iam.ok(&[
        ("Action", "UntagRole"),
        ("RoleName", "fn"),
        ("TagKeys.member.1", "team"),
    ]);
    let tags = iam.ok(&[("Action", "ListRoleTags"), ("RoleName", "fn")]);
    assert_eq!(tags.count("Key"), 1);
    assert_eq!(tags.element("Value"), "prod");
    iam.refused(
        &[
            ("Action", "TagRole"),
            ("RoleName", "fn"),
            ("Tags.member.1.Key", "a"),
            ("Tags.member.1.Value", "1"),
            ("Tags.member.2.Key", "A"),
            ("Tags.member.2.Value", "2"),
        ],
        400,
        "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    );
    iam.refused(
        &[("Action", "ListUserTags"), ("UserName", "nobody")],
        404,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );
}

#[test]
fn authorization_details_show_every_entity_with_its_policies() {
    let iam = Backend::seeded(1);
    iam.ok(&[("Action", "CreateUser"), ("UserName", "bob")]);
    iam.ok(&[("Action", "CreateGroup"), ("GroupName", "devs")]);
    iam.ok(&[
        ("Action", "AddUserToGroup"),
        ("GroupName", "devs"),
        ("UserName", "bob"),
    ]);
    iam.ok(&[
        ("Action", "CreateRole"),
        ("RoleName", "fn"),
        ("AssumeRolePolicyDocument", TRUST),
    ]);
    iam.ok(&[
        ("Action", "AttachRolePolicy"),
        ("RoleName", "fn"),
        ("PolicyArn", LAMBDA_BASIC),
    ]);
    iam.ok(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "bob"),
        ("PolicyName", "inline"),
        ("PolicyDocument", POLICY),
    ]);
    iam.ok(&[
        ("Action", "CreatePolicy"),
        ("PolicyName", "read"),
        ("PolicyDocument", POLICY),
        ("Description", "reads the bucket"),
    ]);
    let all = iam.ok(&[("Action", "GetAccountAuthorizationDetails")]);
    assert!(
        all.body
            .contains("<Description>reads the bucket</Description>")
    );
    assert_eq!(all.count("UserName"), 1);
    assert!(
        all.body
            .contains("<GroupList><member>devs</member></GroupList>"),
        "{}",
        all.body
    );
    assert!(
        all.body
            .contains("<PolicyName>AWSLambdaBasicExecutionRole</PolicyName>")
    );
    let roles = iam.ok(&[
        ("Action", "GetAccountAuthorizationDetails"),
        ("Filter.member.1", "Role"),
    ]);
    assert_eq!(roles.count("UserName"), 0);
    assert_eq!(roles.count("RoleName"), 1);
    let first = iam.ok(&[
        ("Action", "GetAccountAuthorizationDetails"),
        ("MaxItems", "2"),
    ]);
    assert_eq!(first.element("IsTruncated"), "true");
    let rest = iam.ok(&[
        ("Action", "GetAccountAuthorizationDetails"),
        ("Marker", first.element("Marker")),
    ]);
    assert_eq!(rest.element("IsTruncated"), "false");
    assert_eq!(rest.count("RoleName"), 1);
}

#[test]
fn reset_forgets_everything() {
    let iam = Backend::seeded(1);
    iam.ok(&[("Action", "CreateUser"), ("UserName", "bob")]);
    iam.state.reset();
    assert_eq!(
        iam.call(&[("Action", "GetUser"), ("UserName", "bob")])
            .status,
        404
    );
}
