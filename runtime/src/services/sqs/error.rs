//! SQS's error codes. SQS moved from the query protocol to JSON and kept its old codes
//! for query-compatible clients: where the two differ, the JSON code is the error's
//! `code`, and the engine adds the query one (`AWS.SimpleQueueService.NonExistentQueue`,
//! also sent in `x-amzn-query-error`) from the model's error shape.

use http::StatusCode;

use crate::protocol::error::ServiceError;

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

pub(super) fn queue_does_not_exist() -> ServiceError {
    bad_request("QueueDoesNotExist", "The specified queue does not exist.")
}

/// A `RedrivePolicy` naming a dead-letter queue that does not exist.
pub(super) fn dead_letter_queue_does_not_exist(arn: &str) -> ServiceError {
    bad_request("QueueDoesNotExist", format!("Could not find DLQ for {arn}"))
}

/// CreateQueue on an existing name with a different value for `attribute`.
pub(super) fn queue_name_exists(attribute: &str) -> ServiceError {
    bad_request(
        "QueueNameExists",
        format!(
            "A queue already exists with the same name and a different value for attribute {attribute}"
        ),
    )
}

pub(super) fn missing_parameter(name: &str) -> ServiceError {
    bad_request(
        "MissingParameter",
        format!("The request must contain the parameter {name}."),
    )
}

pub(super) fn invalid_parameter_value(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidParameterValue", message)
}

pub(super) fn invalid_attribute_name(name: &str) -> ServiceError {
    bad_request("InvalidAttributeName", format!("Unknown Attribute {name}."))
}

pub(super) fn invalid_attribute_value(name: &str) -> ServiceError {
    bad_request(
        "InvalidAttributeValue",
        format!("Invalid value for the parameter {name}."),
    )
}

pub(super) fn receipt_handle_is_invalid(handle: &str) -> ServiceError {
    bad_request(
        "ReceiptHandleIsInvalid",
        format!("The input receipt handle \"{handle}\" is not a valid receipt handle."),
    )
}

/// A batch without entries; `entry` names the entry shape
/// (`SendMessageBatchRequestEntry`).
pub(super) fn empty_batch_request(entry: &str) -> ServiceError {
    bad_request(
        "EmptyBatchRequest",
        format!("There should be at least one {entry} in the request."),
    )
}

pub(super) fn too_many_entries_in_batch_request(count: usize) -> ServiceError {
    bad_request(
        "TooManyEntriesInBatchRequest",
        format!("Maximum number of entries per request are 10. You have sent {count}."),
    )
}

pub(super) fn batch_entry_ids_not_distinct(id: &str) -> ServiceError {
    bad_request("BatchEntryIdsNotDistinct", format!("Id {id} repeated."))
}

pub(super) fn invalid_batch_entry_id() -> ServiceError {
    bad_request(
        "InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. \
         It can be at most 80 letters long.",
    )
}

pub(super) fn batch_request_too_long(length: usize, limit: usize) -> ServiceError {
    bad_request(
        "BatchRequestTooLong",
        format!(
            "Batch requests cannot be longer than {limit} bytes. You have sent {length} bytes."
        ),
    )
}

/// `ResourceNotFoundException`: a queue a message move task names does not exist, or
/// the task does not.
pub(super) fn resource_not_found(message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::NOT_FOUND, "ResourceNotFoundException", message)
}

/// AddPermission with more actions than a statement may grant.
pub(super) fn over_limit(actions: usize) -> ServiceError {
    ServiceError::new(
        StatusCode::FORBIDDEN,
        "OverLimit",
        format!("{actions} Actions were found, maximum allowed is 7."),
    )
}
