//! Log events: PutLogEvents' batch rules, GetLogEvents' two-way tokens and
//! FilterLogEvents' searches.

use serde_json::{Map, Value, json};

use super::error;
use super::groups::group_mut;
use super::input::{flag, number, strings, text};
use super::model::{Event, LogsState, millis};
use super::names::requested_group;
use super::paging;
use super::pattern;
use super::streams::sequence_token;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The greatest batch, counting 26 bytes for each event on top of its message.
const MAX_BATCH_BYTES: usize = 1_048_576;
const EVENT_OVERHEAD: usize = 26;
/// How far a batch may span, first event to last.
const MAX_SPAN_MS: i64 = DAY_MS;
/// How old an event may be.
const MAX_AGE_MS: i64 = 14 * DAY_MS;
/// How far in the future an event may be.
const MAX_AHEAD_MS: i64 = 2 * HOUR_MS;
/// The most events GetLogEvents and FilterLogEvents answer when no limit is given.
const EVENT_PAGE: usize = 10_000;

/// An event of PutLogEvents' `logEvents` (both members are required by the model).
struct Incoming {
    timestamp: i64,
    message: String,
}

fn incoming(input: &Value) -> Vec<Incoming> {
    input
        .get("logEvents")
        .and_then(Value::as_array)
        .map(|events| {
            events
                .iter()
                .map(|event| Incoming {
                    timestamp: number(event, "timestamp").unwrap_or_default(),
                    message: text(event, "message").unwrap_or_default().to_owned(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The batch rules that refuse the whole request.
fn check_batch(events: &[Incoming]) -> Result<(), ServiceError> {
    if events
        .windows(2)
        .any(|pair| matches!(pair, [earlier, later] if later.timestamp < earlier.timestamp))
    {
        return Err(error::invalid(
            "Log events in a single PutLogEvents request must be in chronological order.",
        ));
    }
    if let (Some(first), Some(last)) = (events.first(), events.last())
        && last.timestamp - first.timestamp > MAX_SPAN_MS
    {
        return Err(error::invalid(
            "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
        ));
    }
    let bytes: usize = events
        .iter()
        .map(|event| event.message.len() + EVENT_OVERHEAD)
        .sum();
    if bytes > MAX_BATCH_BYTES {
        return Err(error::invalid(format!(
            "Upload too large: {bytes} bytes exceeds limit of {MAX_BATCH_BYTES}"
        )));
    }
    Ok(())
}

pub(super) fn put_log_events(state: &LogsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = input.value;
    let group_name = text(&input, "logGroupName").unwrap_or_default();
    let stream_name = text(&input, "logStreamName").unwrap_or_default();
    let events = incoming(&input);
    check_batch(&events)?;
    let now = millis(context.clock.now());
    state.with_region(&context.route.region, |region| {
        let group = region
            .groups
            .get(group_name)
            .ok_or_else(error::group_not_found)?;
        if !group.streams.contains_key(stream_name) {
            return Err(error::stream_not_found());
        }
        let retention_start = group.retention.map(|days| now - days * DAY_MS);
        // Events are in order, so the rejected ones are a run at each end.
        let mut rejected = Map::new();
        let mut accepted = Vec::new();
        for (index, event) in events.into_iter().enumerate() {
            if event.timestamp > now + MAX_AHEAD_MS {
                rejected
                    .entry("tooNewLogEventStartIndex")
                    .or_insert(json!(index));
                continue;
            }
            let mut refused = false;
            if event.timestamp < now - MAX_AGE_MS {
                rejected.insert("tooOldLogEventEndIndex".into(), json!(index));
                refused = true;
            }
            if retention_start.is_some_and(|start| event.timestamp < start) {
                rejected.insert("expiredLogEventEndIndex".into(), json!(index));
                refused = true;
            }
            if !refused {
                accepted.push(event);
            }
        }
        let first_id = region.events_stored;
        region.events_stored += accepted.len() as u64;
        let stored = accepted
            .into_iter()
            .zip(first_id..)
            .map(|(event, id)| Event {
                timestamp: event.timestamp,
                message: event.message,
                ingestion: now,
                id: format!("{id:056}"),
            })
            .collect();
        let stream = group_mut(region, group_name)?
            .streams
            .get_mut(stream_name)
            .ok_or_else(error::stream_not_found)?;
        stream.append(stored);
        stream.last_ingestion = Some(now);
        stream.uploads += 1;
        let mut out = json!({"nextSequenceToken": sequence_token(stream.uploads)});
        if !rejected.is_empty() {
            out["rejectedLogEventsInfo"] = Value::Object(rejected);
        }
        Ok(out)
    })
}

/// Where a GetLogEvents token points: `f/N` pages forward after event N, `b/N`
/// backward before it.
enum Direction {
    Forward(i64),
    Backward(i64),
}

fn direction(token: &str) -> Result<Direction, ServiceError> {
    let (kind, index) = token.split_once('/').ok_or_else(error::invalid_token)?;
    let index: i64 = index.parse().map_err(|_| error::invalid_token())?;
    match kind {
        "f" => Ok(Direction::Forward(index)),
        "b" => Ok(Direction::Backward(index)),
        _ => Err(error::invalid_token()),
    }
}

fn event_token(kind: char, index: i64) -> String {
    format!("{kind}/{:056}", index.max(0))
}

pub(super) fn get_log_events(state: &LogsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = input.value;
    let group_name = requested_group(&input)?;
    let stream_name = text(&input, "logStreamName").unwrap_or_default();
    let start = number(&input, "startTime");
    // GetLogEvents leaves out events at endTime itself.
    let end = number(&input, "endTime");
    let limit = number(&input, "limit").map_or(EVENT_PAGE as i64, |limit| limit.max(1));
    let token = text(&input, "nextToken").map(direction).transpose()?;
    state.with_region(&context.route.region, |region| {
        let stream = group_mut(region, &group_name)?
            .streams
            .get(stream_name)
            .ok_or_else(error::stream_not_found)?;
        let events: Vec<&Event> = stream
            .events
            .iter()
            .filter(|event| start.is_none_or(|start| event.timestamp >= start))
            .filter(|event| end.is_none_or(|end| event.timestamp < end))
            .collect();
        let last = events.len() as i64 - 1;
        let (first, final_index) = match token {
            None if flag(&input, "startFromHead") => (0, limit - 1),
            None => (last - limit + 1, last),
            Some(Direction::Forward(index)) => (index + 1, index + limit),
            Some(Direction::Backward(index)) => (index - limit, index - 1),
        };
        let first = first.max(0);
        // Past either end, both tokens stay where the events end, so a caller paging on
        // gets the token it sent back.
        if first > last {
            return Ok(page_json(
                &[],
                event_token('b', last),
                event_token('f', last),
            ));
        }
        let final_index = final_index.min(last);
        if final_index < 0 {
            return Ok(page_json(&[], event_token('b', 0), event_token('f', 0)));
        }
        let page: Vec<&Event> = events
            .get(first as usize..=final_index as usize)
            .unwrap_or_default()
            .to_vec();
        Ok(page_json(
            &page,
            event_token('b', first),
            event_token('f', final_index),
        ))
    })
}

fn page_json(events: &[&Event], backward: String, forward: String) -> Value {
    let events: Vec<Value> = events
        .iter()
        .map(|event| {
            json!({
                "timestamp": event.timestamp,
                "message": event.message,
                "ingestionTime": event.ingestion,
            })
        })
        .collect();
    json!({
        "events": events,
        "nextForwardToken": forward,
        "nextBackwardToken": backward,
    })
}

pub(super) fn filter_log_events(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group_name = requested_group(&input)?;
    let names = strings(&input, "logStreamNames");
    let prefix = text(&input, "logStreamNamePrefix");
    if !names.is_empty() && prefix.is_some() {
        return Err(error::invalid(
            "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.",
        ));
    }
    let pattern = pattern::parse(text(&input, "filterPattern").unwrap_or_default())
        .map_err(|_| error::invalid_pattern(""))?;
    let start = number(&input, "startTime");
    // FilterLogEvents keeps events at endTime itself.
    let end = number(&input, "endTime");
    let limit = number(&input, "limit").map_or(EVENT_PAGE, |limit| limit.max(1) as usize);
    state.with_region(&context.route.region, |region| {
        let group = group_mut(region, &group_name)?;
        let mut found: Vec<(&str, &Event)> = group
            .streams
            .values()
            .filter(|stream| names.is_empty() || names.contains(&stream.name))
            .filter(|stream| prefix.is_none_or(|prefix| stream.name.starts_with(prefix)))
            .flat_map(|stream| {
                stream
                    .events
                    .iter()
                    .map(move |event| (stream.name.as_str(), event))
            })
            .filter(|(_, event)| start.is_none_or(|start| event.timestamp >= start))
            .filter(|(_, event)| end.is_none_or(|end| event.timestamp <= end))
            .filter(|(_, event)| pattern.matches(&event.message))
            .collect();
        // Streams are interleaved by timestamp (AWS ignores `interleaved` since 2019).
        found.sort_by_key(|(_, event)| event.timestamp);
        let listed: Vec<Value> = found
            .into_iter()
            .map(|(stream, event)| {
                json!({
                    "logStreamName": stream,
                    "timestamp": event.timestamp,
                    "message": event.message,
                    "ingestionTime": event.ingestion,
                    "eventId": event.id,
                })
            })
            .collect();
        let mut out = paging::listing("events", listed, limit, &input)?;
        // AWS stopped reporting searched streams in 2020: the list is always empty.
        out["searchedLogStreams"] = json!([]);
        Ok(out)
    })
}
