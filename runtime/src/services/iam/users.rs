//! Users: CreateUser, GetUser, UpdateUser, DeleteUser and ListUsers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::access_keys;
use super::error;
use super::fields::{path, required, text, under_prefix};
use super::ids::{self, Kind};
use super::model::{IamState, User, name_taken};
use super::paging::Page;
use super::render::{self, View};
use super::tags;
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;

/// The user Moto answers GetUser for when the caller's key was not issued here.
const DEFAULT_USER: &str = "default_user";

/// CreateUser.
pub(super) fn create_user(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "UserName");
    let path = path(&input.value)?;
    let tags = tags::given(&input.value)?;
    let mut account = state.lock();
    if name_taken(&account.users, name) {
        return Err(error::entity_already_exists(format!(
            "User with name {name} already exists."
        )));
    }
    let user = User {
        id: ids::unique_id(context.random, Kind::User),
        name: name.to_owned(),
        path,
        created: context.clock.now(),
        tags,
        inline: BTreeMap::new(),
        attached: BTreeSet::new(),
        access_keys: Vec::new(),
        permissions_boundary: text(&input.value, "PermissionsBoundary").map(str::to_owned),
    };
    let answer = render::user(context.account_id, &user, View::Full);
    account.users.insert(name.to_owned(), user);
    Ok(json!({ "User": answer }))
}

/// GetUser: the named user, or without a name the caller: the user whose access key
/// signed the request, else (a key not issued here) Moto's `default_user`.
pub(super) fn get_user(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let account = state.lock();
    let user = match text(&input.value, "UserName") {
        Some(name) => account
            .users
            .get(name)
            .ok_or_else(|| error::not_found("user", name))?
            .clone(),
        None => match access_keys::caller_key(&input)
            .and_then(|key| account.user_with_key(&key).cloned())
        {
            Some(user) => user,
            None => default_user(context),
        },
    };
    Ok(json!({ "User": render::user(context.account_id, &user, View::Full) }))
}

/// The account's default user. Its id is derived from the account, not drawn, so a
/// read never shifts the ids that follow.
fn default_user(context: &Context<'_>) -> User {
    User {
        id: ids::derived_id(Kind::User, context.account_id),
        name: DEFAULT_USER.to_owned(),
        path: "/".to_owned(),
        created: context.clock.now(),
        tags: Vec::new(),
        inline: BTreeMap::new(),
        attached: BTreeSet::new(),
        access_keys: Vec::new(),
        permissions_boundary: None,
    }
}

/// UpdateUser: a new name and/or path; the user's group memberships follow the name.
pub(super) fn update_user(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "UserName");
    let new_path = match text(&input.value, "NewPath") {
        Some(new_path) => Some(path(&json!({ "Path": new_path }))?),
        None => None,
    };
    let new_name = text(&input.value, "NewUserName");
    let mut account = state.lock();
    if !account.users.contains_key(name) {
        return Err(error::not_found("user", name));
    }
    if let Some(new_name) = new_name.filter(|new_name| {
        !new_name.eq_ignore_ascii_case(name) && name_taken(&account.users, new_name)
    }) {
        return Err(error::entity_already_exists(format!(
            "User with name {new_name} already exists."
        )));
    }
    let Some(mut user) = account.users.remove(name) else {
        return Err(error::not_found("user", name));
    };
    if let Some(new_path) = new_path {
        user.path = new_path;
    }
    if let Some(new_name) = new_name {
        for group in account.groups.values_mut() {
            for member in &mut group.members {
                if member == name {
                    new_name.clone_into(member);
                }
            }
        }
        new_name.clone_into(&mut user.name);
    }
    account.users.insert(user.name.clone(), user);
    Ok(json!({}))
}

/// DeleteUser, refused while the user still has what AWS asks to remove first, in the
/// order AWS checks: access keys, inline policies, attached policies, groups.
pub(super) fn delete_user(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "UserName");
    let mut account = state.lock();
    let user = account
        .users
        .get(name)
        .ok_or_else(|| error::not_found("user", name))?;
    let conflict = if !user.access_keys.is_empty() {
        Some("Cannot delete entity, must delete access keys first.")
    } else if !user.inline.is_empty() {
        Some("Cannot delete entity, must delete policies first.")
    } else if !user.attached.is_empty() {
        Some("Cannot delete entity, must detach all policies first.")
    } else if !account.groups_of(name).is_empty() {
        Some("Cannot delete entity, must remove users from group first.")
    } else {
        None
    };
    if let Some(message) = conflict {
        return Err(error::delete_conflict(message));
    }
    account.users.remove(name);
    Ok(json!({}))
}

/// ListUsers, by name, filtered by `PathPrefix`, paged.
pub(super) fn list_users(state: &IamState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let account = state.lock();
    let items: Vec<(String, Value)> = account
        .users
        .values()
        .filter(|user| under_prefix(&input.value, &user.path))
        .map(|user| {
            (
                user.name.clone(),
                render::user(context.account_id, user, View::Listed),
            )
        })
        .collect();
    Ok(Page::of(&input.value, items)?.answer("Users"))
}
