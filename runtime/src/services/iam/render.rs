//! Entities in neutral form, as the answers that carry them write them.

use serde_json::{Map, Value, json};

use super::documents;
use super::fields::time;
use super::ids;
use super::model::{Group, InstanceProfile, ManagedPolicy, PolicyVersion, Role, Tags, User};
use super::tags;

/// How much of an entity an answer carries: all of it (Get and Create), or what AWS's
/// lists carry (no tags, no RoleLastUsed, no policy description).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum View {
    Full,
    Listed,
}

fn boundary(object: &mut Map<String, Value>, boundary: Option<&String>) {
    if let Some(arn) = boundary {
        object.insert(
            "PermissionsBoundary".to_owned(),
            json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}),
        );
    }
}

fn tagged(object: &mut Map<String, Value>, view: View, entity_tags: &Tags) {
    if view == View::Full && !entity_tags.is_empty() {
        object.insert("Tags".to_owned(), tags::json(entity_tags));
    }
}

/// A `User`.
pub(super) fn user(account: &str, user: &User, view: View) -> Value {
    let mut object = Map::new();
    object.insert("Path".to_owned(), json!(user.path));
    object.insert("UserName".to_owned(), json!(user.name));
    object.insert("UserId".to_owned(), json!(user.id));
    object.insert(
        "Arn".to_owned(),
        json!(ids::arn(account, "user", &user.path, &user.name)),
    );
    object.insert("CreateDate".to_owned(), time(user.created));
    boundary(&mut object, user.permissions_boundary.as_ref());
    tagged(&mut object, view, &user.tags);
    Value::Object(object)
}

/// A `Group`.
pub(super) fn group(account: &str, group: &Group) -> Value {
    json!({
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.id,
        "Arn": ids::arn(account, "group", &group.path, &group.name),
        "CreateDate": time(group.created),
    })
}

/// A `Role`.
pub(super) fn role(account: &str, role: &Role, view: View) -> Value {
    let mut object = Map::new();
    object.insert("Path".to_owned(), json!(role.path));
    object.insert("RoleName".to_owned(), json!(role.name));
    object.insert("RoleId".to_owned(), json!(role.id));
    object.insert(
        "Arn".to_owned(),
        json!(ids::arn(account, "role", &role.path, &role.name)),
    );
    object.insert("CreateDate".to_owned(), time(role.created));
    object.insert(
        "AssumeRolePolicyDocument".to_owned(),
        json!(documents::encoded(&role.trust_policy)),
    );
    if let Some(description) = &role.description {
        object.insert("Description".to_owned(), json!(description));
    }
    object.insert(
        "MaxSessionDuration".to_owned(),
        json!(role.max_session_duration),
    );
    boundary(&mut object, role.permissions_boundary.as_ref());
    tagged(&mut object, view, &role.tags);
    if view == View::Full {
        // Roles are never seen in use here: AWS answers an empty RoleLastUsed for those.
        object.insert("RoleLastUsed".to_owned(), json!({}));
    }
    Value::Object(object)
}

/// A `Policy`; `attachments` and `boundary_uses` count where it is used.
pub(super) fn policy(
    policy: &ManagedPolicy,
    attachments: usize,
    boundary_uses: usize,
    view: View,
) -> Value {
    let mut object = Map::new();
    object.insert("PolicyName".to_owned(), json!(policy.name));
    object.insert("PolicyId".to_owned(), json!(policy.id));
    object.insert("Arn".to_owned(), json!(policy.arn));
    object.insert("Path".to_owned(), json!(policy.path));
    object.insert("DefaultVersionId".to_owned(), json!(policy.default_version));
    object.insert("AttachmentCount".to_owned(), json!(attachments));
    object.insert(
        "PermissionsBoundaryUsageCount".to_owned(),
        json!(boundary_uses),
    );
    object.insert("IsAttachable".to_owned(), json!(true));
    if let (View::Full, Some(description)) = (view, &policy.description) {
        object.insert("Description".to_owned(), json!(description));
    }
    object.insert("CreateDate".to_owned(), time(policy.created));
    object.insert("UpdateDate".to_owned(), time(policy.updated));
    if view == View::Full {
        object.insert("Tags".to_owned(), tags::json(&policy.tags));
    }
    Value::Object(object)
}

/// A `PolicyVersion`; `with_document` for the answers that carry it.
pub(super) fn version(
    policy: &ManagedPolicy,
    version: &PolicyVersion,
    with_document: bool,
) -> Value {
    let mut object = Map::new();
    if with_document {
        object.insert(
            "Document".to_owned(),
            json!(documents::encoded(&version.document)),
        );
    }
    object.insert("VersionId".to_owned(), json!(version.id));
    object.insert(
        "IsDefaultVersion".to_owned(),
        json!(version.id == policy.default_version),
    );
    object.insert("CreateDate".to_owned(), time(version.created));
    Value::Object(object)
}

/// An `InstanceProfile` with its role (when it has one, and that role still exists).
pub(super) fn instance_profile(
    account: &str,
    profile: &InstanceProfile,
    role: Option<&Role>,
    view: View,
) -> Value {
    let mut object = Map::new();
    object.insert("Path".to_owned(), json!(profile.path));
    object.insert("InstanceProfileName".to_owned(), json!(profile.name));
    object.insert("InstanceProfileId".to_owned(), json!(profile.id));
    object.insert(
        "Arn".to_owned(),
        json!(ids::arn(
            account,
            "instance-profile",
            &profile.path,
            &profile.name
        )),
    );
    object.insert("CreateDate".to_owned(), time(profile.created));
    let roles: Vec<Value> = role
        .map(|role| self::role(account, role, View::Listed))
        .into_iter()
        .collect();
    object.insert("Roles".to_owned(), Value::Array(roles));
    if view == View::Full {
        object.insert("Tags".to_owned(), tags::json(&profile.tags));
    }
    Value::Object(object)
}
