//! STS error codes.

use http::StatusCode;

use crate::protocol::error::ServiceError;

/// `ValidationError`: a parameter is missing or malformed.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "ValidationError", message)
}

/// `InvalidAction`: an operation STS does not have, or this backend does not emulate.
pub(super) fn invalid_action(action: &str) -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "InvalidAction",
        format!(
            "moto-recorded does not emulate the STS operation {action}; it emulates {}",
            super::Operation::NAMES.join(", ")
        ),
    )
}
