//! Instance profiles: CreateInstanceProfile, GetInstanceProfile, DeleteInstanceProfile,
//! ListInstanceProfiles, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile and
//! ListInstanceProfilesForRole.

use serde_json::{Value, json};

use super::error;
use super::fields::{path, required, under_prefix};
use super::ids::{self, Kind};
use super::model::{Account, IamState, InstanceProfile, name_taken};
use super::paging::Page;
use super::render::{self, View};
use super::tags;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

fn rendered(
    account: &Account,
    context: &Context<'_>,
    profile: &InstanceProfile,
    view: View,
) -> Value {
    let role = profile
        .role
        .as_ref()
        .and_then(|role| account.roles.get(role));
    render::instance_profile(context.account_id, profile, role, view)
}

/// The instance profile `name`, for a change to its role `role` (which must exist).
fn profile_for_role<'a>(
    account: &'a mut Account,
    name: &str,
    role: &str,
) -> Result<&'a mut InstanceProfile, ServiceError> {
    if !account.roles.contains_key(role) {
        return Err(error::not_found("role", role));
    }
    account
        .instance_profiles
        .get_mut(name)
        .ok_or_else(|| error::instance_profile_not_found(name))
}

/// CreateInstanceProfile (without a role).
pub(super) fn create_instance_profile(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = required(&input.value, "InstanceProfileName");
    let path = path(&input.value)?;
    let tags = tags::given(&input.value)?;
    let mut account = state.lock();
    if name_taken(&account.instance_profiles, name) {
        return Err(error::entity_already_exists(format!(
            "Instance Profile {name} already exists."
        )));
    }
    let profile = InstanceProfile {
        id: ids::unique_id(context.random, Kind::InstanceProfile),
        name: name.to_owned(),
        path,
        created: context.clock.now(),
        role: None,
        tags,
    };
    let answer = rendered(&account, context, &profile, View::Full);
    account.instance_profiles.insert(name.to_owned(), profile);
    Ok(json!({ "InstanceProfile": answer }))
}

/// GetInstanceProfile.
pub(super) fn get_instance_profile(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = required(&input.value, "InstanceProfileName");
    let account = state.lock();
    let profile = account
        .instance_profiles
        .get(name)
        .ok_or_else(|| error::instance_profile_not_found(name))?;
    Ok(json!({ "InstanceProfile": rendered(&account, context, profile, View::Full) }))
}

/// DeleteInstanceProfile, refused while it holds a role.
pub(super) fn delete_instance_profile(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = required(&input.value, "InstanceProfileName");
    let mut account = state.lock();
    let profile = account
        .instance_profiles
        .get(name)
        .ok_or_else(|| error::instance_profile_not_found(name))?;
    if profile.role.is_some() {
        return Err(error::delete_conflict(
            "Cannot delete entity, must remove roles from instance profile first.",
        ));
    }
    account.instance_profiles.remove(name);
    Ok(json!({}))
}

/// ListInstanceProfiles, by name, filtered by `PathPrefix`, paged.
pub(super) fn list_instance_profiles(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let account = state.lock();
    let items: Vec<(String, Value)> = account
        .instance_profiles
        .values()
        .filter(|profile| under_prefix(&input.value, &profile.path))
        .map(|profile| {
            (
                profile.name.clone(),
                rendered(&account, context, profile, View::Listed),
            )
        })
        .collect();
    Ok(Page::of(&input.value, items)?.answer("InstanceProfiles"))
}

/// AddRoleToInstanceProfile: an instance profile holds one role.
pub(super) fn add_role_to_instance_profile(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let (name, role) = (
        required(&input.value, "InstanceProfileName"),
        required(&input.value, "RoleName"),
    );
    let mut account = state.lock();
    let profile = profile_for_role(&mut account, name, role)?;
    if profile.role.is_some() {
        return Err(error::limit_exceeded(
            "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
        ));
    }
    profile.role = Some(role.to_owned());
    Ok(json!({}))
}

/// RemoveRoleFromInstanceProfile.
pub(super) fn remove_role_from_instance_profile(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let (name, role) = (
        required(&input.value, "InstanceProfileName"),
        required(&input.value, "RoleName"),
    );
    let mut account = state.lock();
    let profile = profile_for_role(&mut account, name, role)?;
    if profile.role.as_deref() != Some(role) {
        return Err(error::no_such_entity(format!(
            "The role with name {role} cannot be found in instance profile {name}."
        )));
    }
    profile.role = None;
    Ok(json!({}))
}

/// ListInstanceProfilesForRole, by name, paged.
pub(super) fn list_instance_profiles_for_role(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let role = required(&input.value, "RoleName");
    let account = state.lock();
    if !account.roles.contains_key(role) {
        return Err(error::not_found("role", role));
    }
    let items = account
        .profiles_of(role)
        .into_iter()
        .map(|profile| {
            (
                profile.name.clone(),
                rendered(&account, context, profile, View::Listed),
            )
        })
        .collect();
    Ok(Page::of(&input.value, items)?.answer("InstanceProfiles"))
}
