//! EventBridge's errors, with AWS's codes and messages.

use http::StatusCode;

use crate::protocol::error::ServiceError;

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

/// A request AWS refuses with a plain validation message.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    bad_request("ValidationException", message)
}

/// No bus by that name.
pub(super) fn bus_not_found(name: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("Event bus {name} does not exist."),
    )
}

/// No partner event source by that name.
pub(super) fn event_source_not_found(name: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("Event source {name} does not exist."),
    )
}

/// No rule by that name on the bus.
pub(super) fn rule_not_found(name: &str, bus: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("Rule {name} does not exist on EventBus {bus}."),
    )
}

/// No archive by that name.
pub(super) fn archive_not_found(name: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("Archive {name} does not exist."),
    )
}

/// A tagged resource that does not exist.
pub(super) fn resource_not_found(arn: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("Resource {arn} does not exist."),
    )
}

/// A bus or archive name already taken.
pub(super) fn already_exists(kind: &str, name: &str) -> ServiceError {
    bad_request(
        "ResourceAlreadyExistsException",
        format!("{kind} {name} already exists."),
    )
}

/// A pattern PutRule, TestEventPattern or CreateArchive cannot read.
pub(super) fn invalid_pattern(reason: &str) -> ServiceError {
    bad_request(
        "InvalidEventPatternException",
        format!("Event pattern is not valid. Reason: {reason}"),
    )
}

/// More targets on a rule than AWS allows.
pub(super) fn too_many_targets() -> ServiceError {
    bad_request(
        "LimitExceededException",
        "The requested resource exceeds the maximum number allowed.",
    )
}

/// Changing a rule another service manages, without `Force`.
pub(super) fn managed_rule(name: &str) -> ServiceError {
    bad_request(
        "ManagedRuleException",
        format!("Rule {name} is managed by an AWS service. Use Force to change it."),
    )
}

/// A NextToken this backend did not hand out.
pub(super) fn invalid_next_token() -> ServiceError {
    validation("The nextToken provided is invalid.")
}
