//! Access keys of users: CreateAccessKey, ListAccessKeys, UpdateAccessKey,
//! DeleteAccessKey and GetAccessKeyLastUsed. A user holds at most two.

use serde_json::{Value, json};

use super::error;
use super::fields::{required, text, time};
use super::ids;
use super::model::{AccessKey, Account, IamState};
use super::paging::Page;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::sigv4;
use crate::services::Context;

/// The most access keys a user holds.
const MOST_KEYS: usize = 2;

/// The access key id the request is signed with.
pub(super) fn caller_key(input: &Input<'_>) -> Option<String> {
    input
        .request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(sigv4::parse_authorization)
        .map(|auth| auth.scope.access_key.to_owned())
}

/// The user the request names, or without a name the user whose key signed it.
fn user_name(account: &Account, input: &Input<'_>) -> Result<String, ServiceError> {
    if let Some(name) = text(&input.value, "UserName") {
        return if account.users.contains_key(name) {
            Ok(name.to_owned())
        } else {
            Err(error::not_found("user", name))
        };
    }
    caller_key(input)
        .and_then(|key| account.user_with_key(&key).map(|user| user.name.clone()))
        .ok_or_else(|| {
            error::validation("Must specify userName when calling with non-User credentials")
        })
}

fn key_not_found(id: &str) -> ServiceError {
    error::no_such_entity(format!("The Access Key with id {id} cannot be found."))
}

fn metadata(user: &str, key: &AccessKey) -> Value {
    json!({
        "UserName": user,
        "AccessKeyId": key.id,
        "Status": key.status,
        "CreateDate": time(key.created),
    })
}

/// CreateAccessKey: a new active key and its secret, which only this answer carries.
/// Draws the key id, then the secret.
pub(super) fn create_access_key(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let mut account = state.lock();
    let name = user_name(&account, &input)?;
    let Some(user) = account.users.get_mut(&name) else {
        return Err(error::not_found("user", &name));
    };
    if user.access_keys.len() >= MOST_KEYS {
        return Err(error::limit_exceeded(format!(
            "Cannot exceed quota for AccessKeysPerUser: {MOST_KEYS}"
        )));
    }
    let key = AccessKey {
        id: ids::access_key_id(context.random),
        secret: context.random.secret_access_key(),
        status: "Active".to_owned(),
        created: context.clock.now(),
    };
    let mut answer = metadata(&name, &key);
    if let Some(object) = answer.as_object_mut() {
        object.insert("SecretAccessKey".to_owned(), json!(key.secret));
    }
    user.access_keys.push(key);
    Ok(json!({ "AccessKey": answer }))
}

/// ListAccessKeys: the user's keys, oldest first, paged.
pub(super) fn list_access_keys(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let account = state.lock();
    let name = user_name(&account, &input)?;
    let items = account
        .users
        .get(&name)
        .map(|user| {
            user.access_keys
                .iter()
                .enumerate()
                .map(|(index, key)| (format!("{index:04}"), metadata(&name, key)))
                .collect()
        })
        .unwrap_or_default();
    Ok(Page::of(&input.value, items)?.answer("AccessKeyMetadata"))
}

/// UpdateAccessKey: `Active` or `Inactive`.
pub(super) fn update_access_key(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let id = required(&input.value, "AccessKeyId");
    let status = required(&input.value, "Status");
    let mut account = state.lock();
    let name = user_name(&account, &input)?;
    let key = account
        .users
        .get_mut(&name)
        .and_then(|user| user.access_keys.iter_mut().find(|key| key.id == id))
        .ok_or_else(|| key_not_found(id))?;
    status.clone_into(&mut key.status);
    Ok(json!({}))
}

/// DeleteAccessKey.
pub(super) fn delete_access_key(state: &IamState, _: &Context<'_>, input: Input<'_>) -> Answer {
    let id = required(&input.value, "AccessKeyId");
    let mut account = state.lock();
    let name = user_name(&account, &input)?;
    let user = account
        .users
        .get_mut(&name)
        .ok_or_else(|| error::not_found("user", &name))?;
    let before = user.access_keys.len();
    user.access_keys.retain(|key| key.id != id);
    if user.access_keys.len() == before {
        return Err(key_not_found(id));
    }
    Ok(json!({}))
}

/// GetAccessKeyLastUsed: whose key it is. Keys issued here are never seen signing a
/// request to another service, so each reads as AWS reads a key never used.
pub(super) fn get_access_key_last_used(
    state: &IamState,
    _: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let id = required(&input.value, "AccessKeyId");
    let account = state.lock();
    let user = account.user_with_key(id).ok_or_else(|| key_not_found(id))?;
    Ok(json!({
        "UserName": user.name,
        "AccessKeyLastUsed": {"Region": "N/A", "ServiceName": "N/A"},
    }))
}
