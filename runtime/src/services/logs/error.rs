//! CloudWatch Logs' errors, with AWS's codes and messages (all answered with 400).

use http::StatusCode;

use crate::protocol::error::ServiceError;
use crate::protocol::validate::{Violation, message};

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

/// A parameter AWS refuses, in its own words.
pub(super) fn invalid(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidParameterException", message)
}

/// A member that breaks a constraint the model does not carry (name patterns, the
/// retention days AWS allows), in the engine's words.
pub(super) fn constraint(path: &str, value: &str, constraint: &str) -> ServiceError {
    invalid(message(&[Violation {
        path: path.to_owned(),
        member: String::new(),
        value: format!("'{value}'"),
        constraint: constraint.to_owned(),
    }]))
}

/// No log group by that name.
pub(super) fn group_not_found() -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        "The specified log group does not exist.",
    )
}

/// No log stream by that name in the group.
pub(super) fn stream_not_found() -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        "The specified log stream does not exist.",
    )
}

/// No metric filter by that name on the group.
pub(super) fn metric_filter_not_found() -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        "The specified metric filter does not exist.",
    )
}

/// No subscription filter by that name on the group.
pub(super) fn subscription_filter_not_found() -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        "The specified subscription filter does not exist.",
    )
}

/// CreateLogGroup on a taken name.
pub(super) fn group_exists() -> ServiceError {
    bad_request(
        "ResourceAlreadyExistsException",
        "The specified log group already exists",
    )
}

/// CreateLogStream on a taken name.
pub(super) fn stream_exists() -> ServiceError {
    bad_request(
        "ResourceAlreadyExistsException",
        "The specified log stream already exists",
    )
}

/// A third subscription filter on one group.
pub(super) fn limit_exceeded() -> ServiceError {
    bad_request("LimitExceededException", "Resource limit exceeded.")
}

/// A nextToken this backend did not hand out.
pub(super) fn invalid_token() -> ServiceError {
    invalid("The specified nextToken is invalid.")
}

/// A filter pattern that does not parse; `kind` is what the pattern is for
/// (`metric filter`, `subscription filter`) or empty for a search.
pub(super) fn invalid_pattern(kind: &str) -> ServiceError {
    if kind.is_empty() {
        invalid("Invalid filter pattern")
    } else {
        invalid(format!("Invalid {kind} pattern"))
    }
}
