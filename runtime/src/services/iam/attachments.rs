//! Managed policies attached to users, groups and roles: Attach*Policy, Detach*Policy,
//! ListAttached*Policies and ListEntitiesForPolicy, on one implementation per kind of
//! entity.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::error;
use super::fields::{required, text, under_prefix};
use super::model::{Account, IamState};
use super::paging::Page;
use super::policies;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The kind of entity a policy is attached to.
#[derive(Debug, Clone, Copy)]
enum Entity {
    User,
    Group,
    Role,
}

impl Entity {
    /// The member naming the entity, and the word errors use.
    fn member_and_word(self) -> (&'static str, &'static str) {
        match self {
            Entity::User => ("UserName", "user"),
            Entity::Group => ("GroupName", "group"),
            Entity::Role => ("RoleName", "role"),
        }
    }
}

/// The managed policies attached to the entity the request names.
fn attached_of<'a>(
    account: &'a mut Account,
    entity: Entity,
    input: &Value,
) -> Result<&'a mut BTreeSet<String>, ServiceError> {
    let (member, word) = entity.member_and_word();
    let name = required(input, member);
    let attached = match entity {
        Entity::User => account.users.get_mut(name).map(|user| &mut user.attached),
        Entity::Group => account
            .groups
            .get_mut(name)
            .map(|group| &mut group.attached),
        Entity::Role => account.roles.get_mut(name).map(|role| &mut role.attached),
    };
    attached.ok_or_else(|| error::not_found(word, name))
}

fn attach(state: &IamState, input: &Input<'_>, entity: Entity) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let mut account = state.lock();
    if policies::find(&account, arn).is_none() {
        return Err(error::no_such_entity(format!(
            "Policy {arn} does not exist or is not attachable."
        )));
    }
    attached_of(&mut account, entity, &input.value)?.insert(arn.to_owned());
    Ok(json!({}))
}

fn detach(state: &IamState, input: &Input<'_>, entity: Entity) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let mut account = state.lock();
    if attached_of(&mut account, entity, &input.value)?.remove(arn) {
        Ok(json!({}))
    } else {
        Err(error::policy_not_found(arn))
    }
}

/// ListAttached*Policies: name and ARN of each, filtered by the policies' `PathPrefix`,
/// by name, paged.
fn list_attached(state: &IamState, input: &Input<'_>, entity: Entity) -> Answer {
    let mut account = state.lock();
    let arns: Vec<String> = attached_of(&mut account, entity, &input.value)?
        .iter()
        .cloned()
        .collect();
    let mut items: Vec<(String, Value)> = arns
        .iter()
        .filter_map(|arn| policies::find(&account, arn))
        .filter(|policy| under_prefix(&input.value, &policy.path))
        .map(|policy| {
            (
                format!("{}\n{}", policy.name, policy.arn),
                json!({"PolicyName": policy.name, "PolicyArn": policy.arn}),
            )
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Page::of(&input.value, items)?.answer("AttachedPolicies"))
}

/// AttachUserPolicy.
pub(super) fn attach_user_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    attach(state, &input, Entity::User)
}

/// AttachGroupPolicy.
pub(super) fn attach_group_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    attach(state, &input, Entity::Group)
}

/// AttachRolePolicy.
pub(super) fn attach_role_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    attach(state, &input, Entity::Role)
}

/// DetachUserPolicy.
pub(super) fn detach_user_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    detach(state, &input, Entity::User)
}

/// DetachGroupPolicy.
pub(super) fn detach_group_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    detach(state, &input, Entity::Group)
}

/// DetachRolePolicy.
pub(super) fn detach_role_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    detach(state, &input, Entity::Role)
}

/// ListAttachedUserPolicies.
pub(super) fn list_attached_user_policies(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    list_attached(state, &input, Entity::User)
}

/// ListAttachedGroupPolicies.
pub(super) fn list_attached_group_policies(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    list_attached(state, &input, Entity::Group)
}

/// ListAttachedRolePolicies.
pub(super) fn list_attached_role_policies(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    list_attached(state, &input, Entity::Role)
}

/// ListEntitiesForPolicy: the groups, users and roles a policy is attached to,
/// `EntityFilter` and `PathPrefix` (of the entities) applied, paged over all three.
pub(super) fn list_entities_for_policy(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = required(&input.value, "PolicyArn");
    let filter = text(&input.value, "EntityFilter");
    let account = state.lock();
    policies::find(&account, arn).ok_or_else(|| error::policy_not_found(arn))?;
    let wanted = |kind: &str| match filter {
        None | Some("LocalManagedPolicy" | "AWSManagedPolicy") => true,
        Some(filter) => filter == kind,
    };
    let mut items: Vec<(String, Value)> = Vec::new();
    if wanted("Group") {
        items.extend(
            account
                .groups
                .values()
                .filter(|group| group.attached.contains(arn))
                .filter(|group| under_prefix(&input.value, &group.path))
                .map(|group| {
                    (
                        format!("1\n{}", group.name),
                        json!({"GroupName": group.name, "GroupId": group.id}),
                    )
                }),
        );
    }
    if wanted("User") {
        items.extend(
            account
                .users
                .values()
                .filter(|user| user.attached.contains(arn))
                .filter(|user| under_prefix(&input.value, &user.path))
                .map(|user| {
                    (
                        format!("2\n{}", user.name),
                        json!({"UserName": user.name, "UserId": user.id}),
                    )
                }),
        );
    }
    if wanted("Role") {
        items.extend(
            account
                .roles
                .values()
                .filter(|role| role.attached.contains(arn))
                .filter(|role| under_prefix(&input.value, &role.path))
                .map(|role| {
                    (
                        format!("3\n{}", role.name),
                        json!({"RoleName": role.name, "RoleId": role.id}),
                    )
                }),
        );
    }
    let page = Page::of(&input.value, items)?;
    let pick = |member: &str| -> Vec<Value> {
        page.items
            .iter()
            .filter(|item| item.get(member).is_some())
            .cloned()
            .collect()
    };
    let mut answer = json!({
        "PolicyGroups": pick("GroupName"),
        "PolicyUsers": pick("UserName"),
        "PolicyRoles": pick("RoleName"),
        "IsTruncated": page.next.is_some(),
    });
    if let (Some(next), Some(object)) = (page.next.clone(), answer.as_object_mut()) {
        object.insert("Marker".to_owned(), Value::String(next));
    }
    Ok(answer)
}
