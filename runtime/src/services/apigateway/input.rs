//! Reading the neutral JSON input the engine decoded: members, patch operations and the
//! `position`/`limit` paging of API Gateway's lists.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::error;
use crate::protocol::error::ServiceError;

/// The text member `name`.
pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// The text member `name`, or empty (for required members the engine checked).
pub(super) fn required<'a>(input: &'a Value, name: &str) -> &'a str {
    text(input, name).unwrap_or_default()
}

/// The boolean member `name`.
pub(super) fn flag(input: &Value, name: &str) -> Option<bool> {
    input.get(name).and_then(Value::as_bool)
}

/// A map of strings (tags, variables); anything else is empty.
pub(super) fn string_map(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|(key, value)| Some((key.clone(), value.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// The object member `name` (parameter and template maps); anything else is empty.
pub(super) fn object(input: &Value, name: &str) -> Map<String, Value> {
    input
        .get(name)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The empty answer of a write that returns nothing (deletes, tags).
pub(super) fn empty() -> Value {
    Value::Object(Map::new())
}

/// The members `names` of `input` that are present, as given.
pub(super) fn members(input: &Value, names: &[&str]) -> Map<String, Value> {
    names
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), input.get(*name)?.clone())))
        .collect()
}

/// One operation of a JSON-Patch-like `patchOperations` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Patch {
    /// `add`, `remove`, `replace`, `move`, `copy` or `test`.
    pub(super) op: String,
    /// The path it changes (`/description`, `/variables/color`).
    pub(super) path: String,
    /// The new value, when the operation has one.
    pub(super) value: Option<String>,
}

/// The `patchOperations` member.
pub(super) fn patches(input: &Value) -> Vec<Patch> {
    input
        .get("patchOperations")
        .and_then(Value::as_array)
        .map(|operations| {
            operations
                .iter()
                .map(|operation| Patch {
                    op: text(operation, "op").unwrap_or_default().to_owned(),
                    path: text(operation, "path").unwrap_or_default().to_owned(),
                    value: text(operation, "value").map(str::to_owned),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The error for a patch path an operation cannot change, in API Gateway's words.
pub(super) fn unsupported_patch(patch: &Patch) -> ServiceError {
    error::bad_request(format!(
        "Invalid patch path '{}' specified for op '{}'. Please choose supported operations",
        patch.path, patch.op
    ))
}

/// The page of `items` (sorted by key) that starts at `position` (the key of its first
/// item), at most `limit` long (25 by default, as API Gateway pages; at most 500), as the
/// `{item, position}` answer of API Gateway's lists.
pub(super) fn page(input: &Value, items: Vec<(String, Value)>) -> Result<Value, ServiceError> {
    let limit = match input.get("limit").and_then(Value::as_i64) {
        None => 25,
        Some(limit @ 1..=500) => usize::try_from(limit).unwrap_or(500),
        Some(_) => {
            return Err(error::bad_request(
                "The value of limit must be between 1 and 500",
            ));
        }
    };
    let start = text(input, "position").unwrap_or_default();
    let mut rest = items.into_iter().filter(|(key, _)| key.as_str() >= start);
    let page: Vec<Value> = rest.by_ref().take(limit).map(|(_, item)| item).collect();
    let mut answer = json!({ "items": page });
    if let Some((key, _)) = rest.next() {
        answer["position"] = Value::String(key);
    }
    Ok(answer)
}
