//! Reading the decoded input and writing the shared parts of answers.

use std::time::SystemTime;

use serde_json::Value;

use super::error;
use crate::protocol::decode::seconds_value;
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;

/// The text member `name`, if given.
pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// The text member `name`, which the model requires (the engine checked it is there).
pub(super) fn required<'a>(input: &'a Value, name: &str) -> &'a str {
    text(input, name).unwrap_or_default()
}

/// The boolean member `name`, if given.
pub(super) fn flag(input: &Value, name: &str) -> Option<bool> {
    input.get(name).and_then(Value::as_bool)
}

/// A timestamp in neutral form.
pub(super) fn time(instant: SystemTime) -> Value {
    seconds_value(epoch_seconds(instant))
}

/// `Path`, `/` unless given, checked as AWS checks it: it begins and ends with `/`.
pub(super) fn path(input: &Value) -> Result<String, ServiceError> {
    let path = text(input, "Path").unwrap_or("/");
    let printable = path.bytes().all(|byte| (0x21..=0x7e).contains(&byte));
    if path.starts_with('/') && path.ends_with('/') && printable {
        Ok(path.to_owned())
    } else {
        Err(error::validation(
            "The specified value for path is invalid. It must begin and end with / and \
             contain only alphanumeric characters and/or / characters.",
        ))
    }
}

/// Whether an entity at `path` passes the `PathPrefix` filter of a list.
pub(super) fn under_prefix(input: &Value, path: &str) -> bool {
    text(input, "PathPrefix").is_none_or(|prefix| path.starts_with(prefix))
}
