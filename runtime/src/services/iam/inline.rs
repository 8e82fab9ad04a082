//! Inline policies of users, groups and roles: Put*Policy, Get*Policy, Delete*Policy and
//! List*Policies, on one implementation per kind of entity.

use serde_json::{Map, Value, json};

use super::documents;
use super::error;
use super::fields::required;
use super::model::{Account, IamState, InlinePolicies};
use super::paging;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The kind of entity an inline policy is embedded in.
#[derive(Debug, Clone, Copy)]
enum Holder {
    User,
    Group,
    Role,
}

impl Holder {
    /// The member naming the entity, and the word errors use.
    fn member_and_word(self) -> (&'static str, &'static str) {
        match self {
            Holder::User => ("UserName", "user"),
            Holder::Group => ("GroupName", "group"),
            Holder::Role => ("RoleName", "role"),
        }
    }
}

/// The inline policies of the entity the request names.
fn policies_of<'a>(
    account: &'a mut Account,
    holder: Holder,
    input: &Value,
) -> Result<&'a mut InlinePolicies, ServiceError> {
    let (member, word) = holder.member_and_word();
    let name = required(input, member);
    let policies = match holder {
        Holder::User => account.users.get_mut(name).map(|user| &mut user.inline),
        Holder::Group => account.groups.get_mut(name).map(|group| &mut group.inline),
        Holder::Role => account.roles.get_mut(name).map(|role| &mut role.inline),
    };
    policies.ok_or_else(|| error::not_found(word, name))
}

fn policy_not_found(holder: Holder, name: &str) -> ServiceError {
    let (_, word) = holder.member_and_word();
    error::no_such_entity(format!(
        "The {word} policy with name {name} cannot be found."
    ))
}

fn put(state: &IamState, input: &Input<'_>, holder: Holder) -> Answer {
    let policy_name = required(&input.value, "PolicyName");
    let document = required(&input.value, "PolicyDocument");
    let mut account = state.lock();
    let policies = policies_of(&mut account, holder, &input.value)?;
    documents::check(document)?;
    policies.insert(policy_name.to_owned(), document.to_owned());
    Ok(json!({}))
}

fn get(state: &IamState, input: &Input<'_>, holder: Holder) -> Answer {
    let policy_name = required(&input.value, "PolicyName");
    let (member, _) = holder.member_and_word();
    let mut account = state.lock();
    let document = policies_of(&mut account, holder, &input.value)?
        .get(policy_name)
        .ok_or_else(|| policy_not_found(holder, policy_name))?;
    let mut answer = Map::new();
    answer.insert(member.to_owned(), json!(required(&input.value, member)));
    answer.insert("PolicyName".to_owned(), json!(policy_name));
    answer.insert(
        "PolicyDocument".to_owned(),
        json!(documents::encoded(document)),
    );
    Ok(Value::Object(answer))
}

fn delete(state: &IamState, input: &Input<'_>, holder: Holder) -> Answer {
    let policy_name = required(&input.value, "PolicyName");
    let mut account = state.lock();
    policies_of(&mut account, holder, &input.value)?
        .remove(policy_name)
        .ok_or_else(|| policy_not_found(holder, policy_name))?;
    Ok(json!({}))
}

fn list(state: &IamState, input: &Input<'_>, holder: Holder) -> Answer {
    let mut account = state.lock();
    let names = policies_of(&mut account, holder, &input.value)?
        .keys()
        .cloned()
        .collect();
    paging::names(&input.value, names, "PolicyNames")
}

/// PutUserPolicy.
pub(super) fn put_user_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    put(state, &input, Holder::User)
}

/// GetUserPolicy.
pub(super) fn get_user_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    get(state, &input, Holder::User)
}

/// DeleteUserPolicy.
pub(super) fn delete_user_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    delete(state, &input, Holder::User)
}

/// ListUserPolicies.
pub(super) fn list_user_policies(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    list(state, &input, Holder::User)
}

/// PutGroupPolicy.
pub(super) fn put_group_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    put(state, &input, Holder::Group)
}

/// GetGroupPolicy.
pub(super) fn get_group_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    get(state, &input, Holder::Group)
}

/// DeleteGroupPolicy.
pub(super) fn delete_group_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    delete(state, &input, Holder::Group)
}

/// ListGroupPolicies.
pub(super) fn list_group_policies(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    list(state, &input, Holder::Group)
}

/// PutRolePolicy.
pub(super) fn put_role_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    put(state, &input, Holder::Role)
}

/// GetRolePolicy.
pub(super) fn get_role_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    get(state, &input, Holder::Role)
}

/// DeleteRolePolicy.
pub(super) fn delete_role_policy(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    delete(state, &input, Holder::Role)
}

/// ListRolePolicies.
pub(super) fn list_role_policies(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    list(state, &input, Holder::Role)
}
