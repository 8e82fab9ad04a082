//! Secrets Manager's errors, with AWS's messages.

use http::StatusCode;

use crate::protocol::error::ServiceError;

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

/// No secret by that name or ARN.
pub(super) fn secret_not_found() -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
    )
}

/// Something the request names besides the secret (a rotation function) does not exist.
pub(super) fn resource_not_found(message: impl Into<String>) -> ServiceError {
    bad_request("ResourceNotFoundException", message)
}

/// The secret has no version with that id or staging label.
pub(super) fn value_not_found(what: &str, value: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("Secrets Manager can't find the specified secret value for {what}: {value}"),
    )
}

/// A secret of that name exists.
pub(super) fn secret_exists(name: &str) -> ServiceError {
    bad_request(
        "ResourceExistsException",
        format!("The operation failed because the secret {name} already exists."),
    )
}

/// A request token that names a version with another value.
pub(super) fn version_exists() -> ServiceError {
    bad_request(
        "ResourceExistsException",
        "You can't modify an existing version, you can only create a new version.",
    )
}

/// The request does not fit the secret's state.
pub(super) fn invalid_request(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidRequestException", message)
}

/// The secret is scheduled for deletion.
pub(super) fn marked_for_deletion() -> ServiceError {
    invalid_request(
        "You can't perform this operation on the secret because it was marked for deletion.",
    )
}

/// A parameter's value is not allowed.
pub(super) fn invalid_parameter(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidParameterException", message)
}

/// A NextToken this backend did not hand out.
pub(super) fn invalid_next_token() -> ServiceError {
    bad_request(
        "InvalidNextTokenException",
        "The NextToken value is not valid.",
    )
}
