//! Lambda's errors, with the codes, statuses and messages Lambda answers.

use http::StatusCode;

use crate::protocol::error::ServiceError;

/// No function (or version) with that ARN.
pub(super) fn function_not_found(arn: &str) -> ServiceError {
    ServiceError::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        format!("Function not found: {arn}"),
    )
}

/// No alias with that ARN.
pub(super) fn alias_not_found(arn: &str) -> ServiceError {
    ServiceError::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        format!("Cannot find alias arn: {arn}"),
    )
}

/// A resource that is not a function: an event source mapping, a policy.
pub(super) fn resource_not_found() -> ServiceError {
    ServiceError::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        "The resource you requested does not exist.",
    )
}

/// A policy without the statement asked for.
pub(super) fn statement_not_found(sid: &str) -> ServiceError {
    ServiceError::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        format!("Statement {sid} is not found in resource policy."),
    )
}

/// The request conflicts with what exists.
pub(super) fn conflict(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::CONFLICT, "ResourceConflictException", message)
}

/// A function of that name exists (Lambda's own wording).
pub(super) fn function_exists(name: &str) -> ServiceError {
    conflict(format!("Function already exist: {name}"))
}

/// A parameter's value is not allowed.
pub(super) fn invalid_parameter(message: impl Into<String>) -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "InvalidParameterValueException",
        message,
    )
}

/// A value that breaks a constraint of the model the engine does not check (patterns).
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "ValidationException", message)
}

/// A `RevisionId` that is not the resource's current one.
pub(super) fn revision_mismatch() -> ServiceError {
    ServiceError::new(
        StatusCode::PRECONDITION_FAILED,
        "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    )
}

/// An Invoke payload that is not JSON.
pub(super) fn invalid_request_content(message: impl Into<String>) -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "InvalidRequestContentException",
        message,
    )
}

/// An Invoke payload over the limit of its invocation type.
pub(super) fn request_too_large(limit: usize) -> ServiceError {
    ServiceError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestTooLargeException",
        format!("Request must be smaller than {limit} bytes for the InvokeFunction operation"),
    )
}
