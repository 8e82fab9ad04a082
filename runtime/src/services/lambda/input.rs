//! Reading the neutral JSON input the engine decoded, and the `RevisionId` precondition
//! Lambda's writes share.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error;
use crate::protocol::error::ServiceError;

/// The text member `name`.
pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// The integer member `name`.
pub(super) fn integer(input: &Value, name: &str) -> Option<i64> {
    input.get(name).and_then(Value::as_i64)
}

/// The boolean member `name`.
pub(super) fn flag(input: &Value, name: &str) -> Option<bool> {
    input.get(name).and_then(Value::as_bool)
}

/// A map of strings (tags, environment variables); anything else is empty.
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

/// A list of strings; anything else is empty.
pub(super) fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A write that names a `RevisionId` goes ahead only if it is the current one.
pub(super) fn expect_revision(input: &Value, current: &str) -> Result<(), ServiceError> {
    match text(input, "RevisionId") {
        Some(given) if given != current => Err(error::revision_mismatch()),
        _ => Ok(()),
    }
}
