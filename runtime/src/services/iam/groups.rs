//! Groups and their members: CreateGroup, GetGroup, DeleteGroup, ListGroups,
//! AddUserToGroup, RemoveUserFromGroup and ListGroupsForUser.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::error;
use super::fields::{path, required, under_prefix};
use super::ids::{self, Kind};
use super::model::{Account, Group, IamState, name_taken};
use super::paging::Page;
use super::render::{self, View};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// CreateGroup.
pub(super) fn create_group(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "GroupName");
    let path = path(&input.value)?;
    let mut account = state.lock();
    if name_taken(&account.groups, name) {
        return Err(error::entity_already_exists(format!(
            "Group with name {name} already exists."
        )));
    }
    let group = Group {
        id: ids::unique_id(context.random, Kind::Group),
        name: name.to_owned(),
        path,
        created: context.clock.now(),
        members: Vec::new(),
        inline: BTreeMap::new(),
        attached: BTreeSet::new(),
    };
    let answer = render::group(context.account_id, &group);
    account.groups.insert(name.to_owned(), group);
    Ok(json!({ "Group": answer }))
}

/// GetGroup: the group and its members (by name, paged).
pub(super) fn get_group(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "GroupName");
    let account = state.lock();
    let group = account
        .groups
        .get(name)
        .ok_or_else(|| error::not_found("group", name))?;
    let mut members: Vec<(String, Value)> = group
        .members
        .iter()
        .filter_map(|member| account.users.get(member))
        .map(|user| {
            (
                user.name.clone(),
                render::user(context.account_id, user, View::Listed),
            )
        })
        .collect();
    members.sort_by(|a, b| a.0.cmp(&b.0));
    let mut answer = Page::of(&input.value, members)?.answer("Users");
    if let Some(object) = answer.as_object_mut() {
        object.insert("Group".to_owned(), render::group(context.account_id, group));
    }
    Ok(answer)
}

/// DeleteGroup, refused while it has members or policies.
pub(super) fn delete_group(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "GroupName");
    let mut account = state.lock();
    let group = account
        .groups
        .get(name)
        .ok_or_else(|| error::not_found("group", name))?;
    let conflict = if !group.members.is_empty() {
        Some("Cannot delete entity, must remove users from group first.")
    } else if !group.inline.is_empty() {
        Some("Cannot delete entity, must delete policies first.")
    } else if !group.attached.is_empty() {
        Some("Cannot delete entity, must detach all policies first.")
    } else {
        None
    };
    if let Some(message) = conflict {
        return Err(error::delete_conflict(message));
    }
    account.groups.remove(name);
    Ok(json!({}))
}

/// ListGroups, by name, filtered by `PathPrefix`, paged.
pub(super) fn list_groups(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let account = state.lock();
    let items: Vec<(String, Value)> = account
        .groups
        .values()
        .filter(|group| under_prefix(&input.value, &group.path))
        .map(|group| (group.name.clone(), render::group(context.account_id, group)))
        .collect();
    Ok(Page::of(&input.value, items)?.answer("Groups"))
}

/// The group `group`, for a change to its member `user` (who must exist).
fn group_for_member<'a>(
    account: &'a mut Account,
    group: &str,
    user: &str,
) -> Result<&'a mut Group, ServiceError> {
    if !account.users.contains_key(user) {
        return Err(error::not_found("user", user));
    }
    account
        .groups
        .get_mut(group)
        .ok_or_else(|| error::not_found("group", group))
}

/// AddUserToGroup (a member already there stays once).
pub(super) fn add_user_to_group(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let (group_name, user_name) = (
        required(&input.value, "GroupName"),
        required(&input.value, "UserName"),
    );
    let mut account = state.lock();
    let group = group_for_member(&mut account, group_name, user_name)?;
    if !group.members.iter().any(|member| member == user_name) {
        group.members.push(user_name.to_owned());
    }
    Ok(json!({}))
}

/// RemoveUserFromGroup.
pub(super) fn remove_user_from_group(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let (group_name, user_name) = (
        required(&input.value, "GroupName"),
        required(&input.value, "UserName"),
    );
    let mut account = state.lock();
    let group = group_for_member(&mut account, group_name, user_name)?;
    let before = group.members.len();
    group.members.retain(|member| member != user_name);
    if group.members.len() == before {
        return Err(error::no_such_entity(format!(
            "User {user_name} not in group {group_name}"
        )));
    }
    Ok(json!({}))
}

/// ListGroupsForUser, by group name, paged.
pub(super) fn list_groups_for_user(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let user_name = required(&input.value, "UserName");
    let account = state.lock();
    if !account.users.contains_key(user_name) {
        return Err(error::not_found("user", user_name));
    }
    let items = account
        .groups_of(user_name)
        .into_iter()
        .map(|group| (group.name.clone(), render::group(context.account_id, group)))
        .collect();
    Ok(Page::of(&input.value, items)?.answer("Groups"))
}
