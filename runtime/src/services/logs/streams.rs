//! Log streams: creation, deletion and DescribeLogStreams.

use serde_json::{Map, Value, json};

use super::error;
use super::groups::group_mut;
use super::input::{flag, number, text};
use super::model::{LogsState, Stream, millis};
use super::names::{check_stream, requested_group, stream_arn};
use super::paging;
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;

/// DescribeLogStreams' page when no limit is given (also its greatest).
const STREAM_PAGE: usize = 50;

/// A stream's upload sequence token: the number of uploads it has taken, in the
/// 56-digit form AWS's tokens have.
pub(super) fn sequence_token(uploads: u64) -> String {
    format!("{uploads:056}")
}

pub(super) fn create_log_stream(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group = text(&input, "logGroupName").unwrap_or_default();
    let name = text(&input, "logStreamName").unwrap_or_default();
    check_stream(name)?;
    let created = millis(context.clock.now());
    state.with_region(&context.route.region, |region| {
        let group = group_mut(region, group)?;
        if group.streams.contains_key(name) {
            return Err(error::stream_exists());
        }
        group
            .streams
            .insert(name.to_owned(), Stream::new(name, created));
        Ok(json!({}))
    })
}

pub(super) fn delete_log_stream(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group = text(&input, "logGroupName").unwrap_or_default();
    let name = text(&input, "logStreamName").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        group_mut(region, group)?
            .streams
            .remove(name)
            .ok_or_else(error::stream_not_found)?;
        Ok(json!({}))
    })
}

/// A stream as DescribeLogStreams answers it. `storedBytes` is always 0: AWS deprecated
/// it for streams in 2019 and reports zero.
fn stream_json(context: &Context<'_>, group: &str, stream: &Stream) -> Value {
    let mut out = Map::new();
    out.insert("logStreamName".into(), json!(stream.name));
    out.insert("creationTime".into(), json!(stream.created));
    if let (Some(first), Some(last)) = (stream.events.first(), stream.events.last()) {
        out.insert("firstEventTimestamp".into(), json!(first.timestamp));
        out.insert("lastEventTimestamp".into(), json!(last.timestamp));
    }
    if let Some(ingested) = stream.last_ingestion {
        out.insert("lastIngestionTime".into(), json!(ingested));
    }
    if stream.uploads > 0 {
        out.insert(
            "uploadSequenceToken".into(),
            json!(sequence_token(stream.uploads)),
        );
    }
    out.insert(
        "arn".into(),
        json!(stream_arn(
            &context.route.region,
            context.account_id,
            group,
            &stream.name
        )),
    );
    out.insert("storedBytes".into(), json!(0));
    Value::Object(out)
}

pub(super) fn describe_log_streams(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group_name = requested_group(&input)?;
    let prefix = text(&input, "logStreamNamePrefix");
    let by_event_time = text(&input, "orderBy") == Some("LastEventTime");
    if by_event_time && prefix.is_some() {
        return Err(error::invalid(
            "Cannot order by LastEventTime with a logStreamNamePrefix.",
        ));
    }
    let limit = number(&input, "limit").map_or(STREAM_PAGE, |limit| limit.max(1) as usize);
    state.with_region(&context.route.region, |region| {
        let group = group_mut(region, &group_name)?;
        let mut streams: Vec<&Stream> = group
            .streams
            .values()
            .filter(|stream| prefix.is_none_or(|prefix| stream.name.starts_with(prefix)))
            .collect();
        if by_event_time {
            streams.sort_by_key(|stream| stream.events.last().map(|event| event.timestamp));
        }
        if flag(&input, "descending") {
            streams.reverse();
        }
        let listed: Vec<Value> = streams
            .into_iter()
            .map(|stream| stream_json(context, &group_name, stream))
            .collect();
        paging::listing("logStreams", listed, limit, &input)
    })
}
