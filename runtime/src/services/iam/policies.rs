//! Managed policies and their versions: CreatePolicy, GetPolicy, DeletePolicy,
//! ListPolicies, CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
//! DeletePolicyVersion and SetDefaultPolicyVersion. Customer managed policies live in the
//! state; AWS managed ones come from `aws_managed` and are read-only.

use serde_json::{Value, json};

use super::aws_managed;
use super::documents;
use super::error;
use super::fields::{flag, path, required, text, under_prefix};
use super::ids::{self, Kind};
use super::model::{Account, IamState, ManagedPolicy, PolicyVersion};
use super::paging::Page;
use super::render::{self, View};
use super::tags;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The most versions a managed policy keeps.
const MOST_VERSIONS: usize = 5;

/// The managed policy `arn` names: a customer managed one, or an AWS managed one of
/// the set.
pub(super) fn find(account: &Account, arn: &str) -> Option<ManagedPolicy> {
    account
        .policies
        .get(arn)
        .cloned()
        .or_else(|| aws_managed::find(arn))
}

fn existing(account: &Account, arn: &str) -> Result<ManagedPolicy, ServiceError> {
    find(account, arn).ok_or_else(|| error::policy_not_found(arn))
}

/// A customer managed policy, to change (AWS managed policies cannot be).
fn customer<'a>(
    account: &'a mut Account,
    arn: &str,
) -> Result<&'a mut ManagedPolicy, ServiceError> {
    account
        .policies
        .get_mut(arn)
        .ok_or_else(|| error::policy_not_found(arn))
}

/// A policy in neutral form, with its attachment counts.
pub(super) fn rendered(account: &Account, policy: &ManagedPolicy, view: View) -> Value {
    render::policy(
        policy,
        account.attachments(&policy.arn).count(),
        account.boundary_uses(&policy.arn),
        view,
    )
}

/// CreatePolicy: the policy and its first version, `v1`, the default.
pub(super) fn create_policy(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "PolicyName");
    let path = path(&input.value)?;
    let document = required(&input.value, "PolicyDocument");
    documents::check(document)?;
    let tags = tags::given(&input.value)?;
    let arn = ids::arn(context.account_id, "policy", &path, name);
    let mut account = state.lock();
    if account.policies.contains_key(&arn) {
        return Err(error::entity_already_exists(format!(
            "A policy called {name} already exists. Duplicate names are not allowed."
        )));
    }
    let now = context.clock.now();
    let policy = ManagedPolicy {
        id: ids::unique_id(context.random, Kind::Policy),
        name: name.to_owned(),
        path,
        arn: arn.clone(),
        description: text(&input.value, "Description").map(str::to_owned),
        created: now,
        updated: now,
        versions: vec![PolicyVersion {
            id: "v1".to_owned(),
            document: document.to_owned(),
            created: now,
        }],
        default_version: "v1".to_owned(),
        next_version: 2,
        tags,
    };
    // CreatePolicy answers without the description, and with tags only when given.
    let mut answer = render::policy(&policy, 0, 0, View::Full);
    if let Some(object) = answer.as_object_mut() {
        object.remove("Description");
        if policy.tags.is_empty() {
            object.remove("Tags");
        }
    }
    account.policies.insert(arn, policy);
    Ok(json!({ "Policy": answer }))
}

/// GetPolicy.
pub(super) fn get_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let account = state.lock();
    let policy = existing(&account, arn)?;
    Ok(json!({ "Policy": rendered(&account, &policy, View::Full) }))
}

/// DeletePolicy, refused while it is attached or has versions besides the default.
pub(super) fn delete_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let mut account = state.lock();
    let attached = account.attachments(arn).count() > 0;
    let policy = customer(&mut account, arn)?;
    if attached {
        return Err(error::delete_conflict(
            "Cannot delete a policy attached to entities.",
        ));
    }
    if policy.versions.len() > 1 {
        return Err(error::delete_conflict(
            "This policy has more than one version. Before you delete a policy, you must \
             delete the policy's versions. The default version is deleted with the policy.",
        ));
    }
    account.policies.remove(arn);
    Ok(json!({}))
}

/// ListPolicies: `Scope` (`All`, `AWS`, `Local`), `OnlyAttached`, `PathPrefix`, by name,
/// paged.
pub(super) fn list_policies(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let scope = text(&input.value, "Scope").unwrap_or("All");
    let only_attached = flag(&input.value, "OnlyAttached").unwrap_or(false);
    let account = state.lock();
    let local = account.policies.values().cloned();
    let policies: Vec<ManagedPolicy> = match scope {
        "AWS" => aws_managed::all().collect(),
        "Local" => local.collect(),
        _ => aws_managed::all().chain(local).collect(),
    };
    let mut items: Vec<(String, Value)> = policies
        .iter()
        .filter(|policy| under_prefix(&input.value, &policy.path))
        .filter(|policy| !only_attached || account.attachments(&policy.arn).count() > 0)
        .map(|policy| {
            (
                format!("{}\n{}", policy.name, policy.arn),
                rendered(&account, policy, View::Listed),
            )
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Page::of(&input.value, items)?.answer("Policies"))
}

/// CreatePolicyVersion: at most five versions; `SetAsDefault` makes it the default.
pub(super) fn create_policy_version(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let document = required(&input.value, "PolicyDocument");
    let set_as_default = flag(&input.value, "SetAsDefault").unwrap_or(false);
    documents::check(document)?;
    let mut account = state.lock();
    let policy = customer(&mut account, arn)?;
    if policy.versions.len() >= MOST_VERSIONS {
        return Err(error::limit_exceeded(
            "A managed policy can have up to 5 versions. Before you create a new version, \
             you must delete an existing version.",
        ));
    }
    let now = context.clock.now();
    let version = PolicyVersion {
        id: format!("v{}", policy.next_version),
        document: document.to_owned(),
        created: now,
    };
    policy.next_version += 1;
    if set_as_default {
        policy.default_version.clone_from(&version.id);
        policy.updated = now;
    }
    let answer = render::version(policy, &version, false);
    policy.versions.push(version);
    Ok(json!({ "PolicyVersion": answer }))
}

fn version_not_found(arn: &str, version: &str) -> ServiceError {
    error::no_such_entity(format!(
        "Policy {arn} version {version} does not exist or is not attachable."
    ))
}

/// GetPolicyVersion: the version with its document.
pub(super) fn get_policy_version(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let version_id = required(&input.value, "VersionId");
    let account = state.lock();
    let policy = existing(&account, arn)?;
    let version = policy
        .versions
        .iter()
        .find(|version| version.id == version_id)
        .ok_or_else(|| version_not_found(arn, version_id))?;
    Ok(json!({ "PolicyVersion": render::version(&policy, version, true) }))
}

/// ListPolicyVersions: newest first, as AWS lists them, paged.
pub(super) fn list_policy_versions(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let account = state.lock();
    let policy = existing(&account, arn)?;
    let items = policy
        .versions
        .iter()
        .rev()
        .enumerate()
        .map(|(index, version)| {
            (
                format!("{index:04}"),
                render::version(&policy, version, false),
            )
        })
        .collect();
    Ok(Page::of(&input.value, items)?.answer("Versions"))
}

/// DeletePolicyVersion: any version but the default.
pub(super) fn delete_policy_version(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let version_id = required(&input.value, "VersionId");
    let mut account = state.lock();
    let policy = customer(&mut account, arn)?;
    if policy.default_version == version_id {
        return Err(error::delete_conflict(
            "Cannot delete the default version of a policy.",
        ));
    }
    let before = policy.versions.len();
    policy.versions.retain(|version| version.id != version_id);
    if policy.versions.len() == before {
        return Err(version_not_found(arn, version_id));
    }
    Ok(json!({}))
}

/// SetDefaultPolicyVersion.
pub(super) fn set_default_policy_version(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let version_id = required(&input.value, "VersionId");
    let mut account = state.lock();
    let policy = customer(&mut account, arn)?;
    if !policy
        .versions
        .iter()
        .any(|version| version.id == version_id)
    {
        return Err(version_not_found(arn, version_id));
    }
    version_id.clone_into(&mut policy.default_version);
    policy.updated = context.clock.now();
    Ok(json!({}))
}
