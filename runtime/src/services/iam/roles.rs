//! Roles: CreateRole, GetRole, UpdateRole, UpdateAssumeRolePolicy, DeleteRole and
//! ListRoles.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::documents;
use super::error;
use super::fields::{path, required, text, under_prefix};
use super::ids::{self, Kind};
use super::model::{IamState, Role, name_taken};
use super::paging::Page;
use super::render::{self, View};
use super::tags;
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;

/// A role's session length unless asked otherwise: one hour.
const DEFAULT_MAX_SESSION: u64 = 3600;

/// CreateRole.
pub(super) fn create_role(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "RoleName");
    let path = path(&input.value)?;
    let trust_policy = required(&input.value, "AssumeRolePolicyDocument");
    documents::check(trust_policy)?;
    let tags = tags::given(&input.value)?;
    let mut account = state.lock();
    if name_taken(&account.roles, name) {
        return Err(error::entity_already_exists(format!(
            "Role with name {name} already exists."
        )));
    }
    let role = Role {
        id: ids::unique_id(context.random, Kind::Role),
        name: name.to_owned(),
        path,
        created: context.clock.now(),
        trust_policy: trust_policy.to_owned(),
        description: text(&input.value, "Description").map(str::to_owned),
        max_session_duration: input
            .value
            .get("MaxSessionDuration")
            .and_then(Value::as_u64)
            .unwrap_or(DEFAULT_MAX_SESSION),
        tags,
        inline: BTreeMap::new(),
        attached: BTreeSet::new(),
        permissions_boundary: text(&input.value, "PermissionsBoundary").map(str::to_owned),
    };
    let answer = render::role(context.account_id, &role, View::Full);
    account.roles.insert(name.to_owned(), role);
    Ok(json!({ "Role": answer }))
}

/// GetRole.
pub(super) fn get_role(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "RoleName");
    let account = state.lock();
    let role = account
        .roles
        .get(name)
        .ok_or_else(|| error::not_found("role", name))?;
    Ok(json!({ "Role": render::role(context.account_id, role, View::Full) }))
}

/// UpdateRole: the description and the longest session.
pub(super) fn update_role(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "RoleName");
    let mut account = state.lock();
    let role = account
        .roles
        .get_mut(name)
        .ok_or_else(|| error::not_found("role", name))?;
    if let Some(description) = text(&input.value, "Description") {
        role.description = Some(description.to_owned());
    }
    if let Some(seconds) = input
        .value
        .get("MaxSessionDuration")
        .and_then(Value::as_u64)
    {
        role.max_session_duration = seconds;
    }
    Ok(json!({}))
}

/// UpdateAssumeRolePolicy: a new trust policy.
pub(super) fn update_assume_role_policy(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = required(&input.value, "RoleName");
    let document = required(&input.value, "PolicyDocument");
    let mut account = state.lock();
    let role = account
        .roles
        .get_mut(name)
        .ok_or_else(|| error::not_found("role", name))?;
    documents::check(document)?;
    document.clone_into(&mut role.trust_policy);
    Ok(json!({}))
}

/// DeleteRole, refused while the role is in an instance profile or has policies.
pub(super) fn delete_role(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "RoleName");
    let mut account = state.lock();
    let role = account
        .roles
        .get(name)
        .ok_or_else(|| error::not_found("role", name))?;
    let conflict = if !account.profiles_of(name).is_empty() {
        Some("Cannot delete entity, must remove roles from instance profile first.")
    } else if !role.attached.is_empty() {
        Some("Cannot delete entity, must detach all policies first.")
    } else if !role.inline.is_empty() {
        Some("Cannot delete entity, must delete policies first.")
    } else {
        None
    };
    if let Some(message) = conflict {
        return Err(error::delete_conflict(message));
    }
    account.roles.remove(name);
    Ok(json!({}))
}

/// ListRoles, by name, filtered by `PathPrefix`, paged.
pub(super) fn list_roles(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let account = state.lock();
    let items: Vec<(String, Value)> = account
        .roles
        .values()
        .filter(|role| under_prefix(&input.value, &role.path))
        .map(|role| {
            (
                role.name.clone(),
                render::role(context.account_id, role, View::Listed),
            )
        })
        .collect();
    Ok(Page::of(&input.value, items)?.answer("Roles"))
}
