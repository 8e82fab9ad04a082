//! Reading KMS's inputs and writing its pages: what every family of handlers shares.

use std::collections::BTreeMap;
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::error;
use crate::protocol::decode::seconds_value;
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;

/// ListKeys's, ListAliases's and ListResourceTags's default page.
const DEFAULT_LIMIT: usize = 100;

pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// The member the model requires (the engine has checked it is there).
pub(super) fn required<'a>(input: &'a Value, name: &str) -> &'a str {
    text(input, name).unwrap_or_default()
}

/// A blob member, decoded (the engine has checked the base64).
pub(super) fn blob(input: &Value, name: &str) -> Vec<u8> {
    text(input, name)
        .and_then(|encoded| STANDARD.decode(encoded).ok())
        .unwrap_or_default()
}

/// Bytes as the wire carries a blob.
pub(super) fn blob_value(bytes: &[u8]) -> Value {
    Value::String(STANDARD.encode(bytes))
}

pub(super) fn time(instant: SystemTime) -> Value {
    seconds_value(epoch_seconds(instant))
}

/// An encryption context member, sorted by key.
pub(super) fn encryption_context(input: &Value, name: &str) -> BTreeMap<String, String> {
    input
        .get(name)
        .and_then(Value::as_object)
        .map(|pairs| {
            pairs
                .iter()
                .map(|(key, value)| (key.clone(), value.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The page of `items` a request's Limit and Marker ask for, and the marker of the next
/// one: the name (`name_of`) of the first item it holds.
pub(super) fn page<'i, T>(
    items: &'i [T],
    input: &Value,
    name_of: impl Fn(&T) -> &str,
) -> Result<(&'i [T], Option<String>), ServiceError> {
    let limit = input
        .get("Limit")
        .and_then(Value::as_u64)
        .and_then(|limit| usize::try_from(limit).ok())
        .unwrap_or(DEFAULT_LIMIT);
    let start = match text(input, "Marker") {
        None => 0,
        Some(marker) => items
            .iter()
            .position(|item| name_of(item) == marker)
            .ok_or_else(error::invalid_marker)?,
    };
    let rest = items.get(start..).unwrap_or_default();
    let (shown, after) = rest.split_at(limit.min(rest.len()));
    Ok((shown, after.first().map(|next| name_of(next).to_owned())))
}

/// A list answer: the items under `member`, `Truncated`, and `NextMarker` when truncated.
pub(super) fn listing(member: &str, items: Vec<Value>, next: Option<String>) -> Value {
    let mut output = serde_json::Map::new();
    output.insert(member.to_owned(), Value::Array(items));
    output.insert("Truncated".to_owned(), Value::Bool(next.is_some()));
    if let Some(next) = next {
        output.insert("NextMarker".to_owned(), Value::String(next));
    }
    Value::Object(output)
}
