//! PutEvents: each entry checked on its own, given an id from the seeded source, put in
//! AWS's envelope and matched against every enabled rule of its bus; what matches is
//! delivered to the rules' targets, and counted in the bus's archives.

use std::time::SystemTime;

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::delivery::{self, Delivery};
use super::error;
use super::input::{strings, text};
use super::model::{EventsState, Region};
use super::names::{Place, bus_name};
use super::pattern::EventPattern;
use crate::protocol::decode::instant_of;
use crate::protocol::engine::{Answer, AnswerFuture, Input};
use crate::services::Context;

/// A time as events carry it: `2024-01-01T00:00:00Z`, whole seconds.
pub(super) fn event_time(instant: SystemTime) -> String {
    let seconds = instant
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    i64::try_from(seconds)
        .ok()
        .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Why an entry is refused, as its result entry says.
fn entry_error(code: &str, message: &str) -> Value {
    json!({"ErrorCode": code, "ErrorMessage": message})
}

fn invalid_argument(member: &str) -> Value {
    entry_error(
        "InvalidArgument",
        &format!("Parameter {member} is not valid. Reason: {member} is a required argument."),
    )
}

/// The entry's detail, or its result entry's error.
fn detail_of(entry: &Value) -> Result<Value, Value> {
    for member in ["Source", "DetailType", "Detail"] {
        if text(entry, member).is_none_or(str::is_empty) {
            return Err(invalid_argument(member));
        }
    }
    serde_json::from_str::<Value>(text(entry, "Detail").unwrap_or_default())
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| entry_error("MalformedDetail", "Detail is malformed."))
}

/// The targets `event` reaches on `bus`, and the archives that keep it.
pub(super) fn route(
    region: &mut Region,
    place: &Place<'_>,
    bus: &str,
    event: &Value,
    ingestion_time: &str,
) -> Vec<Delivery> {
    let mut deliveries = Vec::new();
    let Some(bus) = region.bus(bus) else {
        return deliveries;
    };
    for rule in bus.rules.iter().filter(|rule| rule.enabled()) {
        let Some(pattern) = rule
            .pattern
            .as_deref()
            .and_then(|pattern| EventPattern::parse(pattern).ok())
        else {
            continue;
        };
        if !pattern.matches(event) {
            continue;
        }
        let rule_arn = place.rule_arn(&bus.name, &rule.name);
        deliveries.extend(rule.targets.iter().map(|target| Delivery {
            target: target.clone(),
            rule_name: rule.name.clone(),
            rule_arn: rule_arn.clone(),
            event: event.clone(),
            ingestion_time: ingestion_time.to_owned(),
        }));
    }
    let bus_arn = place.bus_arn(&bus.name);
    let size = u64::try_from(event.to_string().len()).unwrap_or(u64::MAX);
    for archive in region
        .archives
        .iter_mut()
        .filter(|archive| archive.source_arn == bus_arn)
    {
        let kept = archive.pattern.as_deref().is_none_or(|pattern| {
            EventPattern::parse(pattern).is_ok_and(|pattern| pattern.matches(event))
        });
        if kept {
            archive.event_count += 1;
            archive.size_bytes = archive.size_bytes.saturating_add(size);
        }
    }
    deliveries
}

/// PutEvents (an asynchronous handler: delivery may invoke Lambda functions).
pub(super) fn put_events<'a>(
    state: &'a EventsState,
    context: &'a Context<'a>,
    input: Input<'a>,
) -> AnswerFuture<'a> {
    Box::pin(async move { put(state, context, &input.value).await })
}

async fn put(state: &EventsState, context: &Context<'_>, input: &Value) -> Answer {
    let entries = input
        .get("Entries")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let place = Place::of(context);
    let now = context.clock.now();
    let ingestion_time = event_time(now);
    let mut results = Vec::with_capacity(entries.len());
    let mut deliveries = Vec::new();
    let mut failed = 0;
    for entry in &entries {
        let detail = match detail_of(entry) {
            Ok(detail) => detail,
            Err(refused) => {
                failed += 1;
                results.push(refused);
                continue;
            }
        };
        let bus = bus_name(text(entry, "EventBusName"));
        let known = state.with_region(place.region, now, |region| region.bus(bus).is_some());
        if !known {
            return Err(error::bus_not_found(bus));
        }
        let id = context.random.uuid4();
        let time = entry
            .get("Time")
            .and_then(instant_of)
            .map_or_else(|| ingestion_time.clone(), event_time);
        let event = json!({
            "version": "0",
            "id": id,
            "detail-type": text(entry, "DetailType"),
            "source": text(entry, "Source"),
            "account": place.account,
            "time": time,
            "region": place.region,
            "resources": strings(entry, "Resources"),
            "detail": detail,
        });
        deliveries.extend(state.with_region(place.region, now, |region| {
            route(region, &place, bus, &event, &ingestion_time)
        }));
        results.push(json!({"EventId": id}));
    }
    delivery::deliver(context, &deliveries).await;
    Ok(json!({"FailedEntryCount": failed, "Entries": results}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_need_source_type_and_an_object_detail() {
        let ok = json!({"Source": "s", "DetailType": "t", "Detail": "{\"a\": 1}"});
        assert_eq!(detail_of(&ok), Ok(json!({"a": 1})));
        let no_source = json!({"DetailType": "t", "Detail": "{}"});
        assert_eq!(
            detail_of(&no_source).unwrap_err()["ErrorMessage"],
            "Parameter Source is not valid. Reason: Source is a required argument."
        );
        let malformed = json!({"Source": "s", "DetailType": "t", "Detail": "{nope"});
        assert_eq!(
            detail_of(&malformed).unwrap_err()["ErrorCode"],
            "MalformedDetail"
        );
    }

    #[test]
    fn event_times_are_whole_seconds() {
        let instant = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(1_704_067_200_999);
        assert_eq!(event_time(instant), "2024-01-01T00:00:00Z");
    }
}
