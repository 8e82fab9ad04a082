//! Timestream Write's errors, with AWS's codes and statuses.

use http::StatusCode;
use serde_json::Value;

use crate::protocol::error::ServiceError;

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

/// No database by that name.
pub(super) fn database_not_found(name: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("The database {name} does not exist."),
    )
}

/// No table by that name in the database.
pub(super) fn table_not_found(database: &str, table: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("The table {table} does not exist in database {database}."),
    )
}

/// No database or table has that ARN.
pub(super) fn resource_not_found(arn: &str) -> ServiceError {
    bad_request(
        "ResourceNotFoundException",
        format!("The resource {arn} does not exist."),
    )
}

/// A database by that name exists already.
pub(super) fn database_exists(name: &str) -> ServiceError {
    bad_request(
        "ConflictException",
        format!("The database {name} already exists."),
    )
}

/// A table by that name exists already in the database.
pub(super) fn table_exists(database: &str, table: &str) -> ServiceError {
    bad_request(
        "ConflictException",
        format!("The table {table} already exists in database {database}."),
    )
}

/// The request is well formed but breaks one of the service's rules.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    bad_request("ValidationException", message)
}

/// Some records of a WriteRecords request were not written; `rejected` says which and why.
pub(super) fn rejected_records(rejected: Value) -> ServiceError {
    bad_request(
        "RejectedRecordsException",
        "One or more records have been rejected. See RejectedRecords for details.",
    )
    .with_member("RejectedRecords", rejected)
}
