//! KMS's errors, with AWS's codes and messages.

use http::StatusCode;

use crate::protocol::error::ServiceError;

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

/// A key id that is neither a key id, a key ARN, an alias name nor an alias ARN.
pub(super) fn invalid_key_id(id: &str) -> ServiceError {
    bad_request("NotFoundException", format!("Invalid keyId {id}"))
}

/// No key with that id or ARN.
pub(super) fn key_not_found(arn: &str) -> ServiceError {
    bad_request("NotFoundException", format!("Key '{arn}' does not exist"))
}

/// No alias with that name or ARN.
pub(super) fn alias_not_found(arn: &str) -> ServiceError {
    bad_request("NotFoundException", format!("Alias {arn} is not found."))
}

/// A key policy other than `default`.
pub(super) fn policy_not_found() -> ServiceError {
    bad_request("NotFoundException", "No such policy exists")
}

/// An alias of that name exists.
pub(super) fn alias_exists(arn: &str) -> ServiceError {
    bad_request(
        "AlreadyExistsException",
        format!("An alias with the name {arn} already exists"),
    )
}

/// The key is disabled.
pub(super) fn disabled(arn: &str) -> ServiceError {
    bad_request("DisabledException", format!("{arn} is disabled."))
}

/// The key's state does not allow the operation.
pub(super) fn invalid_state(message: impl Into<String>) -> ServiceError {
    bad_request("KMSInvalidStateException", message)
}

/// The key's usage or spec does not allow the operation or algorithm.
pub(super) fn invalid_key_usage(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidKeyUsageException", message)
}

/// A ciphertext that is not one the key made under that encryption context.
pub(super) fn invalid_ciphertext() -> ServiceError {
    bad_request("InvalidCiphertextException", "")
}

/// Decrypt was given a key other than the one that made the ciphertext.
pub(super) fn incorrect_key() -> ServiceError {
    bad_request(
        "IncorrectKeyException",
        "The key ID in the request does not identify a CMK that can perform this operation.",
    )
}

/// A parameter breaks a rule of the operation.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    bad_request("ValidationException", message)
}

/// Verify was given a signature the key did not make.
pub(super) fn invalid_signature() -> ServiceError {
    bad_request("KMSInvalidSignatureException", "")
}

/// VerifyMac was given a MAC the key did not make.
pub(super) fn invalid_mac() -> ServiceError {
    bad_request("KMSInvalidMacException", "")
}

/// The key cannot do this at all (rotation of an asymmetric key, the public key of a
/// symmetric one).
pub(super) fn unsupported(message: impl Into<String>) -> ServiceError {
    bad_request("UnsupportedOperationException", message)
}

/// A key policy that is not a JSON policy document.
pub(super) fn malformed_policy() -> ServiceError {
    bad_request(
        "MalformedPolicyDocumentException",
        "The policy is not a valid JSON document.",
    )
}

/// An alias name in the `alias/aws/` namespace AWS keeps for its own keys.
pub(super) fn reserved_alias() -> ServiceError {
    bad_request("NotAuthorizedException", "")
}

/// A Marker this backend did not hand out.
pub(super) fn invalid_marker() -> ServiceError {
    bad_request("InvalidMarkerException", "The marker is not valid.")
}
