//! SQS error codes. Where the JSON and query protocols name an error differently, both
//! names are given (the query one also goes in `x-amzn-query-error`).

use http::StatusCode;

use crate::protocol::error::ServiceError;

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

pub(super) fn queue_does_not_exist() -> ServiceError {
    bad_request("QueueDoesNotExist", "The specified queue does not exist.")
        .with_query_code("AWS.SimpleQueueService.NonExistentQueue")
}

pub(super) fn queue_name_exists(name: &str) -> ServiceError {
    bad_request(
        "QueueNameExists",
        format!("A queue already exists with the same name and a different value for attribute(s): {name}"),
    )
    .with_query_code("QueueAlreadyExists")
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

pub(super) fn message_not_inflight() -> ServiceError {
    bad_request(
        "MessageNotInflight",
        "The message referred to isn't in flight.",
    )
    .with_query_code("AWS.SimpleQueueService.MessageNotInflight")
}

pub(super) fn empty_batch_request() -> ServiceError {
    bad_request(
        "EmptyBatchRequest",
        "There should be at least one entry in the request.",
    )
    .with_query_code("AWS.SimpleQueueService.EmptyBatchRequest")
}

pub(super) fn too_many_entries_in_batch_request(count: usize) -> ServiceError {
    bad_request(
        "TooManyEntriesInBatchRequest",
        format!("Maximum number of entries per request are 10. You have sent {count}."),
    )
    .with_query_code("AWS.SimpleQueueService.TooManyEntriesInBatchRequest")
}

pub(super) fn batch_entry_ids_not_distinct(id: &str) -> ServiceError {
    bad_request("BatchEntryIdsNotDistinct", format!("Id {id} repeated."))
        .with_query_code("AWS.SimpleQueueService.BatchEntryIdsNotDistinct")
}

pub(super) fn unsupported_operation(operation: &str) -> ServiceError {
    bad_request(
        "UnsupportedOperation",
        format!(
            "moto-recorded does not emulate the SQS operation {operation}; it emulates {}",
            super::OPERATIONS.join(", ")
        ),
    )
    .with_query_code("InvalidAction")
}
