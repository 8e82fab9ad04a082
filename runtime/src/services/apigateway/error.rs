//! API Gateway's errors, with the codes, statuses and messages API Gateway answers.

use http::StatusCode;

use crate::protocol::error::ServiceError;

/// Something the request names does not exist (404).
pub(super) fn not_found(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::NOT_FOUND, "NotFoundException", message)
}

/// The request is malformed or breaks a rule of the service (400).
pub(super) fn bad_request(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "BadRequestException", message)
}

/// The request conflicts with what exists (409).
pub(super) fn conflict(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::CONFLICT, "ConflictException", message)
}

/// No REST API with that id (AWS names the account and the id).
pub(super) fn no_rest_api(account_id: &str, id: &str) -> ServiceError {
    not_found(format!(
        "Invalid API identifier specified {account_id}:{id}"
    ))
}

/// No resource with that id, in the API.
pub(super) fn no_resource() -> ServiceError {
    not_found("Invalid Resource identifier specified")
}

/// No method of that HTTP method, on the resource.
pub(super) fn no_method() -> ServiceError {
    not_found("Invalid Method identifier specified")
}

/// No method response or integration response of that status.
pub(super) fn no_response() -> ServiceError {
    not_found("Invalid Response status code specified")
}

/// The method has no integration.
pub(super) fn no_integration() -> ServiceError {
    not_found("Invalid Integration identifier specified")
}

/// No deployment with that id.
pub(super) fn no_deployment() -> ServiceError {
    not_found("Invalid Deployment identifier specified")
}

/// No stage of that name.
pub(super) fn no_stage() -> ServiceError {
    not_found("Invalid Stage identifier specified")
}

/// No authorizer with that id.
pub(super) fn no_authorizer() -> ServiceError {
    not_found("Invalid Authorizer identifier specified")
}

/// No API key with that id.
pub(super) fn no_api_key() -> ServiceError {
    not_found("Invalid API Key identifier specified")
}

/// No usage plan with that id.
pub(super) fn no_usage_plan() -> ServiceError {
    not_found("Invalid Usage Plan ID specified")
}
