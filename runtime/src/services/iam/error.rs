//! IAM's errors, with AWS's codes, statuses and messages.

use http::StatusCode;

use crate::protocol::error::ServiceError;

/// `NoSuchEntity` (404): the request names something that does not exist.
pub(super) fn no_such_entity(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::NOT_FOUND, "NoSuchEntity", message)
}

/// `EntityAlreadyExists` (409): the name is taken.
pub(super) fn entity_already_exists(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::CONFLICT, "EntityAlreadyExists", message)
}

/// `DeleteConflict` (409): the entity is still in use.
pub(super) fn delete_conflict(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::CONFLICT, "DeleteConflict", message)
}

/// `LimitExceeded` (409): one more would pass a quota.
pub(super) fn limit_exceeded(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::CONFLICT, "LimitExceeded", message)
}

/// `MalformedPolicyDocument` (400): a policy that is not a policy.
pub(super) fn malformed_policy_document(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "MalformedPolicyDocument", message)
}

/// `InvalidInput` (400): a parameter that breaks a rule the model does not carry.
pub(super) fn invalid_input(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "InvalidInput", message)
}

/// `ValidationError` (400): what the engine reports for the model's constraints.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "ValidationError", message)
}

/// The usual NoSuchEntity of a user, group or role: `The user with name bob cannot be
/// found.`
pub(super) fn not_found(kind: &str, name: &str) -> ServiceError {
    no_such_entity(format!("The {kind} with name {name} cannot be found."))
}

/// A managed policy ARN that names no policy.
pub(super) fn policy_not_found(arn: &str) -> ServiceError {
    no_such_entity(format!("Policy {arn} was not found."))
}

/// An instance profile name that names none.
pub(super) fn instance_profile_not_found(name: &str) -> ServiceError {
    no_such_entity(format!("Instance Profile {name} cannot be found."))
}
