//! Tags on buses and rules: TagResource, UntagResource, ListTagsForResource.

use serde_json::json;

use super::error;
use super::input::{strings, tags, tags_json, text};
use super::model::{DEFAULT_BUS, EventsState, Region, set_tag};
use super::names::{Place, resource_of};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// Runs `change` on the tags of the bus or rule `arn` names.
fn with_tags<R>(
    state: &EventsState,
    context: &Context<'_>,
    arn: &str,
    change: impl FnOnce(&mut Vec<(String, String)>) -> R,
) -> Result<R, ServiceError> {
    let place = Place::of(context);
    let resource = resource_of(arn, place.region, place.account)
        .ok_or_else(|| error::resource_not_found(arn))?;
    state.with_region(place.region, context.clock.now(), |region: &mut Region| {
        if let Some(bus) = resource.strip_prefix("event-bus/") {
            let bus = region
                .bus_mut(bus)
                .ok_or_else(|| error::bus_not_found(bus))?;
            return Ok(change(&mut bus.tags));
        }
        let Some(rule) = resource.strip_prefix("rule/") else {
            return Err(error::resource_not_found(arn));
        };
        let (bus, rule) = rule.split_once('/').unwrap_or((DEFAULT_BUS, rule));
        let bus = region
            .bus_mut(bus)
            .ok_or_else(|| error::bus_not_found(bus))?;
        let bus_name = bus.name.clone();
        let rule = bus
            .rule_mut(rule)
            .ok_or_else(|| error::rule_not_found(rule, &bus_name))?;
        Ok(change(&mut rule.tags))
    })
}

pub(super) fn tag_resource(state: &EventsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let arn = text(input, "ResourceARN").unwrap_or_default();
    let added = tags(input);
    with_tags(state, context, arn, |own| {
        for (key, value) in &added {
            set_tag(own, key, value);
        }
    })?;
    Ok(json!({}))
}

pub(super) fn untag_resource(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let arn = text(input, "ResourceARN").unwrap_or_default();
    let keys = strings(input, "TagKeys");
    with_tags(state, context, arn, |own| {
        own.retain(|(key, _)| !keys.contains(&key.as_str()));
    })?;
    Ok(json!({}))
}

pub(super) fn list_tags_for_resource(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = text(&input.value, "ResourceARN").unwrap_or_default();
    let tags = with_tags(state, context, arn, |own| tags_json(own))?;
    Ok(json!({"Tags": tags}))
}
