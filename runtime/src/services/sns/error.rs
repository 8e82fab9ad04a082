//! SNS's errors, with AWS's codes, statuses and messages.

use http::StatusCode;

use crate::protocol::error::ServiceError;

/// `InvalidParameter`: SNS's answer to most bad input, its message starting
/// `Invalid parameter: `.
pub(super) fn invalid_parameter(reason: impl std::fmt::Display) -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "InvalidParameter",
        format!("Invalid parameter: {reason}"),
    )
}

/// `InvalidParameter` whose message is not prefixed (topic names, SMS endpoints).
pub(super) fn invalid_parameter_message(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "InvalidParameter", message)
}

/// `ParameterValueInvalid`: a message attribute whose value does not fit its type.
pub(super) fn parameter_value_invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, "ParameterValueInvalid", message)
}

/// `NotFound`: no topic, subscription or endpoint by that ARN.
pub(super) fn not_found(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::NOT_FOUND, "NotFound", message)
}

/// The topic an operation names does not exist.
pub(super) fn topic_not_found() -> ServiceError {
    not_found("Topic does not exist")
}

/// The subscription an operation names does not exist.
pub(super) fn subscription_not_found() -> ServiceError {
    not_found("Subscription does not exist")
}

/// `ResourceNotFound`: the tagging operations' answer for an unknown ARN.
pub(super) fn resource_not_found() -> ServiceError {
    ServiceError::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFound",
        "Resource does not exist",
    )
}

/// `TagLimitExceeded`: more than 50 tags on a topic.
pub(super) fn tag_limit_exceeded() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "TagLimitExceeded",
        "Could not complete request: tag quota of per resource exceeded",
    )
}

/// `EmptyBatchRequest`: PublishBatch without entries.
pub(super) fn empty_batch_request() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "EmptyBatchRequest",
        "The batch request doesn't contain any entries.",
    )
}

/// `TooManyEntriesInBatchRequest`: more than ten entries.
pub(super) fn too_many_entries_in_batch_request() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "TooManyEntriesInBatchRequest",
        "The batch request contains more entries than permissible.",
    )
}

/// `BatchEntryIdsNotDistinct`: two entries with one id.
pub(super) fn batch_entry_ids_not_distinct() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "BatchEntryIdsNotDistinct",
        "Two or more batch entries in the request have the same Id.",
    )
}

/// `InvalidBatchEntryId`: an id that is not 1 to 80 letters, digits, `-` and `_`.
pub(super) fn invalid_batch_entry_id() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "InvalidBatchEntryId",
        "The Id of a batch entry in a batch request doesn't abide by the specification.",
    )
}

/// `BatchRequestTooLong`: the entries together are over the message size limit.
pub(super) fn batch_request_too_long() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "BatchRequestTooLong",
        "The length of all the messages put together is more than the limit.",
    )
}
