//! Tags of users, roles, managed policies and instance profiles: the Tag*, Untag* and
//! List*Tags operations of each, on one implementation.

use serde_json::{Value, json};

use super::error;
use super::fields::required;
use super::model::{Account, IamState, Tags};
use super::paging::Page;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The most tags an entity carries.
const MOST_TAGS: usize = 50;

/// The `Tags` a request gives, checked: no key twice (keys compare case-insensitively).
pub(super) fn given(input: &Value) -> Result<Tags, ServiceError> {
    let mut tags = Tags::new();
    for tag in input
        .get("Tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = required(tag, "Key").to_owned();
        let value = required(tag, "Value").to_owned();
        if tags
            .iter()
            .any(|(known, _)| known.eq_ignore_ascii_case(&key))
        {
            return Err(error::invalid_input(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
        tags.push((key, value));
    }
    Ok(tags)
}

/// Tags in neutral form.
pub(super) fn json(tags: &Tags) -> Value {
    Value::Array(
        tags.iter()
            .map(|(key, value)| json!({"Key": key, "Value": value}))
            .collect(),
    )
}

/// Adds `tags` to `onto`, a key already there taking the new value.
fn merge(onto: &mut Tags, tags: Tags) -> Result<(), ServiceError> {
    let mut merged = onto.clone();
    for (key, value) in tags {
        match merged.iter_mut().find(|(known, _)| *known == key) {
            Some(tag) => tag.1 = value,
            None => merged.push((key, value)),
        }
    }
    if merged.len() > MOST_TAGS {
        return Err(error::limit_exceeded(
            "The number of tags has reached the maximum limit.",
        ));
    }
    *onto = merged;
    Ok(())
}

/// What carries the tags an operation names.
#[derive(Debug, Clone, Copy)]
enum Taggable {
    User,
    Role,
    Policy,
    InstanceProfile,
}

/// The tags of the entity the request names.
fn tags_of<'a>(
    account: &'a mut Account,
    taggable: Taggable,
    input: &Value,
) -> Result<&'a mut Tags, ServiceError> {
    match taggable {
        Taggable::User => {
            let name = required(input, "UserName");
            account
                .users
                .get_mut(name)
                .map(|user| &mut user.tags)
                .ok_or_else(|| error::not_found("user", name))
        }
        Taggable::Role => {
            let name = required(input, "RoleName");
            account
                .roles
                .get_mut(name)
                .map(|role| &mut role.tags)
                .ok_or_else(|| error::not_found("role", name))
        }
        Taggable::Policy => {
            let arn = required(input, "PolicyArn");
            account
                .policies
                .get_mut(arn)
                .map(|policy| &mut policy.tags)
                .ok_or_else(|| error::policy_not_found(arn))
        }
        Taggable::InstanceProfile => {
            let name = required(input, "InstanceProfileName");
            account
                .instance_profiles
                .get_mut(name)
                .map(|profile| &mut profile.tags)
                .ok_or_else(|| error::instance_profile_not_found(name))
        }
    }
}

fn tag(state: &IamState, input: &Input<'_>, taggable: Taggable) -> Answer {
    let tags = given(&input.value)?;
    let mut account = state.lock();
    merge(tags_of(&mut account, taggable, &input.value)?, tags)?;
    Ok(json!({}))
}

fn untag(state: &IamState, input: &Input<'_>, taggable: Taggable) -> Answer {
    let keys: Vec<&str> = input
        .value
        .get("TagKeys")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut account = state.lock();
    tags_of(&mut account, taggable, &input.value)?.retain(|(key, _)| !keys.contains(&key.as_str()));
    Ok(json!({}))
}

/// List*Tags: the entity's tags, in the order they were added, paged.
fn list(state: &IamState, input: &Input<'_>, taggable: Taggable) -> Answer {
    let mut account = state.lock();
    let tags = tags_of(&mut account, taggable, &input.value)?;
    // Keyed by position, so the page keeps the order the tags were added in.
    let items = tags
        .iter()
        .enumerate()
        .map(|(index, (key, value))| (format!("{index:04}"), json!({"Key": key, "Value": value})))
        .collect();
    Ok(Page::of(&input.value, items)?.answer("Tags"))
}

/// TagUser.
pub(super) fn tag_user(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    tag(state, &input, Taggable::User)
}

/// UntagUser.
pub(super) fn untag_user(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    untag(state, &input, Taggable::User)
}

/// ListUserTags.
pub(super) fn list_user_tags(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    list(state, &input, Taggable::User)
}

/// TagRole.
pub(super) fn tag_role(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    tag(state, &input, Taggable::Role)
}

/// UntagRole.
pub(super) fn untag_role(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    untag(state, &input, Taggable::Role)
}

/// ListRoleTags.
pub(super) fn list_role_tags(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    list(state, &input, Taggable::Role)
}

/// TagPolicy.
pub(super) fn tag_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    tag(state, &input, Taggable::Policy)
}

/// UntagPolicy.
pub(super) fn untag_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    untag(state, &input, Taggable::Policy)
}

/// ListPolicyTags.
pub(super) fn list_policy_tags(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    list(state, &input, Taggable::Policy)
}

/// TagInstanceProfile.
pub(super) fn tag_instance_profile(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    tag(state, &input, Taggable::InstanceProfile)
}

/// UntagInstanceProfile.
pub(super) fn untag_instance_profile(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    untag(state, &input, Taggable::InstanceProfile)
}

/// ListInstanceProfileTags.
pub(super) fn list_instance_profile_tags(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    list(state, &input, Taggable::InstanceProfile)
}
