//! Aliases: names for versions, with optional weighted routing to a second version.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::error;
use super::functions::{find, find_mut};
use super::input::{expect_revision, text};
use super::model::{Alias, Function, LambdaState};
use super::names::{self, FunctionRef, LATEST};
use super::paging::page;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// ListAliases' default page.
const LIST_PAGE: usize = 50;

/// The function an alias request names (its `FunctionName` carries no qualifier).
fn function_of(input: &Value, context: &Context<'_>) -> Result<FunctionRef, ServiceError> {
    let function = names::parse(
        text(input, "FunctionName").unwrap_or_default(),
        context.account_id,
    )?;
    if function.qualifier.is_some() {
        return Err(error::invalid_parameter(
            "An alias belongs to a function: name the function without a qualifier.",
        ));
    }
    Ok(function)
}

/// The alias's ARN.
fn alias_arn(context: &Context<'_>, function: &str, alias: &str) -> String {
    names::qualified_arn(
        &context.route.region,
        context.account_id,
        function,
        Some(alias),
    )
}

/// What every alias operation answers.
fn alias_json(context: &Context<'_>, function: &str, alias: &Alias) -> Value {
    let mut out = json!({
        "AliasArn": alias_arn(context, function, &alias.name),
        "Name": alias.name,
        "FunctionVersion": alias.function_version,
        "Description": alias.description,
        "RevisionId": alias.revision_id,
    });
    if !alias.routing.is_empty() {
        out["RoutingConfig"] = json!({"AdditionalVersionWeights": alias.routing});
    }
    out
}

/// The version an alias names must exist.
fn check_version(
    function: &Function,
    version: &str,
    context: &Context<'_>,
) -> Result<(), ServiceError> {
    if function.version(version).is_none() {
        return Err(error::function_not_found(&alias_arn(
            context,
            &function.name,
            version,
        )));
    }
    Ok(())
}

/// `RoutingConfig`'s weights: one other published version, with a weight from 0 to 1.
fn routing(
    input: &Value,
    function: &Function,
    primary: &str,
    context: &Context<'_>,
) -> Result<Option<BTreeMap<String, f64>>, ServiceError> {
    let Some(config) = input.get("RoutingConfig") else {
        return Ok(None);
    };
    let weights: BTreeMap<String, f64> = config
        .get("AdditionalVersionWeights")
        .and_then(Value::as_object)
        .map(|weights| {
            weights
                .iter()
                .filter_map(|(version, weight)| Some((version.clone(), weight.as_f64()?)))
                .collect()
        })
        .unwrap_or_default();
    if weights.len() > 1 {
        return Err(error::invalid_parameter(
            "Alias routing supports only one additional version.",
        ));
    }
    for (version, weight) in &weights {
        if version == primary || version == LATEST || primary == LATEST {
            return Err(error::invalid_parameter(
                "Alias routing is between two different published versions.",
            ));
        }
        check_version(function, version, context)?;
        if !(0.0..=1.0).contains(weight) {
            return Err(error::invalid_parameter(
                "A routing weight is between 0.0 and 1.0.",
            ));
        }
    }
    Ok(Some(weights))
}

/// The version an invocation through `alias` runs: its version, or the additional
/// version for the share of invocations its weight gives (drawn from `draw`, in [0, 1)).
pub(super) fn routed_version(alias: &Alias, draw: impl FnOnce() -> f64) -> String {
    match alias.routing.iter().next() {
        Some((version, weight)) if draw() < *weight => version.clone(),
        _ => alias.function_version.clone(),
    }
}

/// CreateAlias.
pub(super) fn create_alias(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let requested = function_of(input, context)?;
    let name = text(input, "Name").unwrap_or_default().to_owned();
    if name == LATEST || name.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(error::validation(format!(
            "1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)"
        )));
    }
    let version = text(input, "FunctionVersion")
        .unwrap_or_default()
        .to_owned();
    state.with_region(&context.route.region, |region| {
        let function = find_mut(region, &requested, context)?;
        if function.aliases.contains_key(&name) {
            return Err(error::conflict(format!(
                "Alias already exists: {}",
                alias_arn(context, &function.name, &name)
            )));
        }
        check_version(function, &version, context)?;
        let routing = routing(input, function, &version, context)?.unwrap_or_default();
        let alias = Alias {
            name: name.clone(),
            function_version: version,
            description: text(input, "Description").unwrap_or_default().to_owned(),
            routing,
            revision_id: context.random.uuid4(),
            policy: Vec::new(),
        };
        let output = alias_json(context, &function.name, &alias);
        function.aliases.insert(name, alias);
        Ok(output)
    })
}

/// GetAlias.
pub(super) fn get_alias(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let requested = function_of(input, context)?;
    let name = text(input, "Name").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        let function = find(region, &requested, context)?;
        let alias = function
            .aliases
            .get(name)
            .ok_or_else(|| error::alias_not_found(&alias_arn(context, &function.name, name)))?;
        Ok(alias_json(context, &function.name, alias))
    })
}

/// UpdateAlias: its version, description or routing.
pub(super) fn update_alias(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let requested = function_of(input, context)?;
    let name = text(input, "Name").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        let function = find_mut(region, &requested, context)?;
        let current = function
            .aliases
            .get(name)
            .ok_or_else(|| error::alias_not_found(&alias_arn(context, &function.name, name)))?;
        expect_revision(input, &current.revision_id)?;
        let version = text(input, "FunctionVersion")
            .map_or_else(|| current.function_version.clone(), str::to_owned);
        check_version(function, &version, context)?;
        let routing = routing(input, function, &version, context)?;
        let function_name = function.name.clone();
        let Some(alias) = function.aliases.get_mut(name) else {
            return Err(error::alias_not_found(&alias_arn(
                context,
                &function_name,
                name,
            )));
        };
        alias.function_version = version;
        if let Some(description) = text(input, "Description") {
            alias.description = description.to_owned();
        }
        if let Some(routing) = routing {
            alias.routing = routing;
        }
        alias.revision_id = context.random.uuid4();
        Ok(alias_json(context, &function_name, alias))
    })
}

/// DeleteAlias.
pub(super) fn delete_alias(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let requested = function_of(input, context)?;
    let name = text(input, "Name").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        let function = find_mut(region, &requested, context)?;
        if function.aliases.remove(name).is_none() {
            return Err(error::alias_not_found(&alias_arn(
                context,
                &function.name,
                name,
            )));
        }
        Ok(Value::Object(Map::new()))
    })
}

/// ListAliases: by name, only those for `FunctionVersion` when given, paged.
pub(super) fn list_aliases(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let requested = function_of(input, context)?;
    let version = text(input, "FunctionVersion");
    let items = state.with_region(&context.route.region, |region| {
        let function = find(region, &requested, context)?;
        Ok::<_, ServiceError>(
            function
                .aliases
                .values()
                .filter(|alias| version.is_none_or(|version| alias.function_version == version))
                .map(|alias| {
                    (
                        alias.name.clone(),
                        alias_json(context, &function.name, alias),
                    )
                })
                .collect::<Vec<_>>(),
        )
    })?;
    let max_items = input.get("MaxItems").and_then(Value::as_u64);
    let (aliases, next) = page(items, text(input, "Marker"), max_items, LIST_PAGE)?;
    let mut output = json!({"Aliases": aliases});
    if let Some(next) = next {
        output["NextMarker"] = json!(next);
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_routing_sends_the_drawn_share_to_the_additional_version() {
        let alias = Alias {
            name: "live".into(),
            function_version: "1".into(),
            description: String::new(),
            routing: BTreeMap::from([("2".to_owned(), 0.25)]),
            revision_id: String::new(),
            policy: Vec::new(),
        };
        assert_eq!(routed_version(&alias, || 0.1), "2");
        assert_eq!(routed_version(&alias, || 0.25), "1");
        assert_eq!(routed_version(&alias, || 0.9), "1");
    }
}
