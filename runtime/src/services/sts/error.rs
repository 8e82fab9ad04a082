//! STS error codes.

use http::StatusCode;

use crate::protocol::error::ServiceError;

/// `ValidationError`: a parameter is missing or malformed.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "ValidationError", message)
}
