//! Timestream Write (awsJson 1.0): databases with their default KMS key and tags, tables
//! with retention, magnetic store writes and composite partition keys, and the records
//! WriteRecords keeps (common attributes merged, values and times checked, upserts by
//! version). DescribeEndpoints answers this server's own address, so clients with
//! endpoint discovery come back here. Timestream Query shares the target prefix and is not
//! emulated: its operations answer the engine's error naming them.

mod error;
mod handlers;
mod model;
mod records;
#[cfg(test)]
mod tests;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response, StatusCode};

pub use model::TimestreamWriteState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// Timestream Write on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<TimestreamWriteState> = Service {
    model: &models::timestreamwrite::MODEL,
    title: "Timestream Write",
    handlers: &[
        ("CreateDatabase", Handler::Sync(handlers::create_database)),
        ("CreateTable", Handler::Sync(handlers::create_table)),
        ("DeleteDatabase", Handler::Sync(handlers::delete_database)),
        ("DeleteTable", Handler::Sync(handlers::delete_table)),
        (
            "DescribeDatabase",
            Handler::Sync(handlers::describe_database),
        ),
        (
            "DescribeEndpoints",
            Handler::Sync(handlers::describe_endpoints),
        ),
        ("DescribeTable", Handler::Sync(handlers::describe_table)),
        ("ListDatabases", Handler::Sync(handlers::list_databases)),
        ("ListTables", Handler::Sync(handlers::list_tables)),
        (
            "ListTagsForResource",
            Handler::Sync(handlers::list_tags_for_resource),
        ),
        ("TagResource", Handler::Sync(handlers::tag_resource)),
        ("UntagResource", Handler::Sync(handlers::untag_resource)),
        ("UpdateDatabase", Handler::Sync(handlers::update_database)),
        ("UpdateTable", Handler::Sync(handlers::update_table)),
        ("WriteRecords", Handler::Sync(handlers::write_records)),
    ],
    // Timestream checks its model's constraints and reports them together.
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// The operations of Timestream Query that Timestream Write does not share (botocore's
/// timestream-query 2018-11-01 model): its clients send them with the same target prefix.
const QUERY_OPERATIONS: &[&str] = &[
    "CancelQuery",
    "CreateScheduledQuery",
    "DeleteScheduledQuery",
    "DescribeAccountSettings",
    "DescribeScheduledQuery",
    "ExecuteScheduledQuery",
    "ListScheduledQueries",
    "PrepareQuery",
    "Query",
    "UpdateAccountSettings",
    "UpdateScheduledQuery",
];

/// The not-emulated error for a Timestream Query operation, naming it, with the code the
/// engine gives every operation it does not emulate.
fn query_not_emulated(operation: &str) -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "UnknownOperationException",
        format!(
            "moto-recorded does not emulate the Timestream Query operation {operation} \
             (Timestream Query shares Timestream Write's target prefix; only Timestream \
             Write is emulated: see COVERAGE.md)"
        ),
    )
}

/// Answers a Timestream Write request, and Timestream Query's with the error that names
/// the operation.
pub async fn handle(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    if let Some(operation) = context.route.operation.as_deref()
        && QUERY_OPERATIONS.contains(&operation)
    {
        return query_not_emulated(operation)
            .to_response(context.route.protocol, context.request_id);
    }
    SERVICE.serve(state, context, &request).await
}
