//! Aliases: friendly names that point at a key and can be moved to another.

use serde_json::{Map, Value, json};

use super::error;
use super::model::{
    ALIAS_PREFIX, Alias, Keys, KmsState, Naming, RESERVED_ALIAS_PREFIX, arn_prefix,
};
use super::wire::{listing, page, required, text, time};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// Checks a name CreateAlias or UpdateAlias is given: `alias/...`, outside AWS's own
/// `alias/aws/` namespace.
fn checked_name(name: &str) -> Result<&str, ServiceError> {
    if !name.starts_with(ALIAS_PREFIX) {
        return Err(error::validation("Invalid identifier"));
    }
    if name.starts_with(RESERVED_ALIAS_PREFIX) {
        return Err(error::reserved_alias());
    }
    Ok(name)
}

/// The id of the key an alias is to point at, which must be named by key id or key ARN
/// and not be scheduled for deletion.
fn target(keys: &Keys, context: &Context<'_>, input: &Value) -> Result<String, ServiceError> {
    let id = required(input, "TargetKeyId");
    if id.starts_with(ALIAS_PREFIX) || id.contains(":alias/") {
        return Err(error::validation("Aliases must refer to keys. Not aliases"));
    }
    let key = keys.get(
        id,
        Naming::KeyOnly,
        &context.route.region,
        context.account_id,
    )?;
    if key.deletion_date.is_some() {
        return Err(error::invalid_state(format!(
            "{} is pending deletion.",
            key.arn
        )));
    }
    Ok(key.id.clone())
}

fn alias_arn(context: &Context<'_>, name: &str) -> String {
    format!(
        "{}{name}",
        arn_prefix(&context.route.region, context.account_id)
    )
}

/// CreateAlias.
pub(super) fn create_alias(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let name = checked_name(required(input, "AliasName"))?;
    let now = context.clock.now();
    state.with_region(&context.route.region, now, |keys| {
        let target = target(keys, context, input)?;
        if keys.alias(name).is_some() {
            return Err(error::alias_exists(&alias_arn(context, name)));
        }
        keys.aliases.push(Alias {
            name: name.to_owned(),
            target,
            created: now,
            updated: now,
        });
        Ok(json!({}))
    })
}

/// UpdateAlias: points an existing alias at another key.
pub(super) fn update_alias(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let name = checked_name(required(input, "AliasName"))?;
    let now = context.clock.now();
    state.with_region(&context.route.region, now, |keys| {
        let target = target(keys, context, input)?;
        let alias = keys
            .aliases
            .iter_mut()
            .find(|alias| alias.name == name)
            .ok_or_else(|| error::alias_not_found(&alias_arn(context, name)))?;
        alias.target = target;
        alias.updated = now;
        Ok(json!({}))
    })
}

/// DeleteAlias.
pub(super) fn delete_alias(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let name = required(&input.value, "AliasName");
    if !name.starts_with(ALIAS_PREFIX) {
        return Err(error::validation("Invalid identifier"));
    }
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let before = keys.aliases.len();
        keys.aliases.retain(|alias| alias.name != name);
        if keys.aliases.len() == before {
            return Err(error::alias_not_found(&alias_arn(context, name)));
        }
        Ok(json!({}))
    })
}

/// ListAliases: every alias of the region, or those of the key `KeyId` names.
pub(super) fn list_aliases(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let region = &context.route.region;
    state.with_region(region, context.clock.now(), |keys| {
        let key_id = text(input, "KeyId")
            .map(|id| {
                keys.get(id, Naming::KeyOnly, region, context.account_id)
                    .map(|key| key.id.clone())
            })
            .transpose()?;
        let chosen: Vec<&Alias> = keys
            .aliases
            .iter()
            .filter(|alias| key_id.as_deref().is_none_or(|id| alias.target == id))
            .collect();
        let (shown, next) = page(&chosen, input, |alias| alias.name.as_str())?;
        let items = shown
            .iter()
            .map(|alias| {
                let mut entry = Map::new();
                entry.insert("AliasName".into(), json!(alias.name));
                entry.insert("AliasArn".into(), json!(alias_arn(context, &alias.name)));
                entry.insert("TargetKeyId".into(), json!(alias.target));
                entry.insert("CreationDate".into(), time(alias.created));
                entry.insert("LastUpdatedDate".into(), time(alias.updated));
                Value::Object(entry)
            })
            .collect();
        Ok(listing("Aliases", items, next))
    })
}
