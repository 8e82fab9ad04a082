//! Targets: PutTargets, RemoveTargets, ListTargetsByRule. Targets are kept as the
//! model's `Target` shape, as given; see `delivery` for the ones reached.

use serde_json::{Map, Value, json};

use super::error;
use super::input::{page, strings, text};
use super::model::{EventsState, MAX_TARGETS, Rule};
use super::names::bus_name;
use super::transform::is_path;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The answer of PutTargets and RemoveTargets: every entry applied.
fn applied() -> Value {
    json!({"FailedEntryCount": 0, "FailedEntries": []})
}

/// Checks one target as AWS does before storing any.
fn check(target: &Value) -> Result<(), ServiceError> {
    let id = text(target, "Id").unwrap_or_default();
    let arn = text(target, "Arn").unwrap_or_default();
    if !arn.starts_with("arn:") || arn.split(':').count() < 6 {
        return Err(error::validation(format!(
            "Parameter {arn} is not valid. Reason: Provided Arn is not in correct format."
        )));
    }
    let inputs = ["Input", "InputPath", "InputTransformer"]
        .iter()
        .filter(|member| target.get(**member).is_some())
        .count();
    if inputs > 1 {
        return Err(error::validation(
            "Only one of Input, InputPath, or InputTransformer must be provided.",
        ));
    }
    if let Some(input) = text(target, "Input")
        && serde_json::from_str::<Value>(input).is_err()
    {
        return Err(error::validation(format!(
            "Target {id} Input is not valid JSON text."
        )));
    }
    if let Some(path) = text(target, "InputPath")
        && !is_path(path)
    {
        return Err(error::validation(format!(
            "Target {id} InputPath is not a valid JSON path."
        )));
    }
    let paths = target
        .pointer("/InputTransformer/InputPathsMap")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_else(Map::new);
    for (name, path) in &paths {
        if !path.as_str().is_some_and(is_path) {
            return Err(error::validation(format!(
                "Target {id} InputPathsMap {name} is not a valid JSON path."
            )));
        }
    }
    if arn.contains(":sqs:") && arn.ends_with(".fifo") && target.get("SqsParameters").is_none() {
        return Err(error::validation(format!(
            "Parameter(s) SqsParameters must be specified for target: {id}."
        )));
    }
    Ok(())
}

/// Runs `change` on the rule a request names (`Rule`, `EventBusName`).
fn with_rule<R>(
    state: &EventsState,
    context: &Context<'_>,
    input: &Value,
    change: impl FnOnce(&mut Rule) -> Result<R, ServiceError>,
) -> Result<R, ServiceError> {
    let name = text(input, "Rule").unwrap_or_default();
    let bus = bus_name(text(input, "EventBusName"));
    state.with_region(&context.route.region, context.clock.now(), |region| {
        let bus = region
            .bus_mut(bus)
            .ok_or_else(|| error::bus_not_found(bus))?;
        let bus_name = bus.name.clone();
        let rule = bus
            .rule_mut(name)
            .ok_or_else(|| error::rule_not_found(name, &bus_name))?;
        change(rule)
    })
}

/// Adds `targets` to `rule`, replacing those with the same ids.
pub(super) fn put(rule: &mut Rule, targets: Vec<Value>) -> Result<(), ServiceError> {
    let added = targets
        .iter()
        .filter(|target| {
            !rule
                .targets
                .iter()
                .any(|own| own.get("Id") == target.get("Id"))
        })
        .count();
    if rule.targets.len() + added > MAX_TARGETS {
        return Err(error::too_many_targets());
    }
    for target in targets {
        match rule
            .targets
            .iter_mut()
            .find(|own| own.get("Id") == target.get("Id"))
        {
            Some(own) => *own = target,
            None => rule.targets.push(target),
        }
    }
    Ok(())
}

pub(super) fn put_targets(state: &EventsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let targets: Vec<Value> = input
        .get("Targets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    targets.iter().try_for_each(check)?;
    let force = input.get("Force") == Some(&Value::Bool(true));
    with_rule(state, context, input, |rule| {
        if rule.managed_by.is_some() && !force {
            return Err(error::managed_rule(&rule.name));
        }
        put(rule, targets)?;
        Ok(applied())
    })
}

/// Ids the rule does not have are ignored, as AWS ignores them.
pub(super) fn remove_targets(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let ids = strings(input, "Ids");
    let force = input.get("Force") == Some(&Value::Bool(true));
    with_rule(state, context, input, |rule| {
        if rule.managed_by.is_some() && !force {
            return Err(error::managed_rule(&rule.name));
        }
        rule.targets.retain(|target| {
            !target
                .get("Id")
                .and_then(Value::as_str)
                .is_some_and(|id| ids.contains(&id))
        });
        Ok(applied())
    })
}

pub(super) fn list_targets_by_rule(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let targets = with_rule(state, context, input, |rule| Ok(rule.targets.clone()))?;
    let (targets, next) = page(input, targets)?;
    let mut out = json!({"Targets": targets});
    if let Some(next) = next {
        out["NextToken"] = json!(next);
    }
    Ok(out)
}
