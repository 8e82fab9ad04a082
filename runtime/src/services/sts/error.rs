//! STS error codes.

use http::StatusCode;

use crate::protocol::error::ServiceError;

/// `ValidationError`: a parameter is missing or malformed.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "ValidationError", message)
}

/// `AccessDenied`: the caller may not do this (GetSessionToken with temporary
/// credentials, a role the SAML assertion does not offer).
pub(super) fn access_denied(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::FORBIDDEN, "AccessDenied", message)
}

/// `InvalidIdentityToken`: a SAML assertion that cannot be read.
pub(super) fn invalid_identity_token(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "InvalidIdentityToken", message)
}

/// `InvalidAuthorizationMessageException`: DecodeAuthorizationMessage with a message
/// that was not issued here.
pub(super) fn invalid_authorization_message() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "InvalidAuthorizationMessageException",
        "The message passed to DecodeAuthorizationMessage is invalid.",
    )
}
