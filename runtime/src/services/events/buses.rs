//! Event buses: CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses.

use serde_json::{Value, json};

use super::error;
use super::input::{page, tags, text};
use super::model::{Bus, DEFAULT_BUS, EventsState};
use super::names::{Place, bus_name, time};
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;

/// A bus as DescribeEventBus and ListEventBuses answer it.
fn describe(bus: &Bus, place: &Place<'_>) -> Value {
    let mut out = json!({
        "Name": bus.name,
        "Arn": place.bus_arn(&bus.name),
        "CreationTime": time(bus.created),
        "LastModifiedTime": time(bus.created),
    });
    if let Some(description) = &bus.description {
        out["Description"] = json!(description);
    }
    out
}

pub(super) fn create_event_bus(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let name = text(input, "Name").unwrap_or_default();
    let place = Place::of(context);
    if text(input, "EventSourceName").is_none() && name.contains('/') {
        return Err(error::validation("Event bus name must not contain '/'."));
    }
    if let Some(source) = text(input, "EventSourceName") {
        // Partner event sources are not emulated, so none exists to attach.
        return Err(error::event_source_not_found(source));
    }
    let now = context.clock.now();
    state.with_region(place.region, now, |region| {
        if region.bus(name).is_some() {
            return Err(error::already_exists("Event bus", name));
        }
        let mut bus = Bus::new(name, now);
        bus.description = text(input, "Description").map(str::to_owned);
        bus.kms_key = text(input, "KmsKeyIdentifier").map(str::to_owned);
        bus.dead_letter = input.get("DeadLetterConfig").cloned();
        bus.tags = tags(input);
        let mut out = json!({"EventBusArn": place.bus_arn(name)});
        if let Some(description) = &bus.description {
            out["Description"] = json!(description);
        }
        if let Some(key) = &bus.kms_key {
            out["KmsKeyIdentifier"] = json!(key);
        }
        if let Some(dead_letter) = &bus.dead_letter {
            out["DeadLetterConfig"] = dead_letter.clone();
        }
        region.buses.push(bus);
        Ok(out)
    })
}

/// Deleting a bus that does not exist succeeds, as in AWS; its rules go with it.
pub(super) fn delete_event_bus(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = text(&input.value, "Name").unwrap_or_default();
    if name == DEFAULT_BUS {
        return Err(error::validation("Cannot delete event bus default."));
    }
    state.with_region(&context.route.region, context.clock.now(), |region| {
        region.buses.retain(|bus| bus.name != name);
    });
    Ok(json!({}))
}

pub(super) fn describe_event_bus(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = bus_name(text(&input.value, "Name"));
    let place = Place::of(context);
    state.with_region(place.region, context.clock.now(), |region| {
        let bus = region.bus(name).ok_or_else(|| error::bus_not_found(name))?;
        let mut out = describe(bus, &place);
        if let Some(key) = &bus.kms_key {
            out["KmsKeyIdentifier"] = json!(key);
        }
        if let Some(dead_letter) = &bus.dead_letter {
            out["DeadLetterConfig"] = dead_letter.clone();
        }
        Ok(out)
    })
}

pub(super) fn list_event_buses(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let prefix = text(input, "NamePrefix").unwrap_or_default();
    let place = Place::of(context);
    let buses: Vec<Value> = state.with_region(place.region, context.clock.now(), |region| {
        region
            .buses
            .iter()
            .filter(|bus| bus.name.starts_with(prefix))
            .map(|bus| describe(bus, &place))
            .collect()
    });
    let (buses, next) = page(input, buses)?;
    let mut out = json!({"EventBuses": buses});
    if let Some(next) = next {
        out["NextToken"] = json!(next);
    }
    Ok(out)
}
