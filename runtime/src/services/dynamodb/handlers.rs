//! One line per DynamoDB operation. Those dynoxide serves name its typed request and the
//! method that serves it: each decodes the body into the request, calls dynoxide, and
//! returns the response as JSON (a `serde_json::Value`, whose maps are sorted, so
//! responses come out in the same order every time although dynoxide keeps items in hash
//! maps). Those dynoxide lacks name the function of ours that answers them.

use dynoxide::Database;
use dynoxide::errors::DynoxideError;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{self, Failure, OwnError};
use super::model::RegionTables;
use super::{account, backups, continuous_backups};
use crate::models;
use crate::protocol::validate;
use crate::services::Context;

/// What an operation of ours is given.
pub(super) struct Call<'a> {
    pub(super) operation: &'a str,
    pub(super) tables: &'a RegionTables,
    pub(super) context: &'a Context<'a>,
    pub(super) body: &'a [u8],
}

/// An operation of ours.
pub(super) type Own = fn(&Call<'_>) -> Result<Value, Failure>;

impl Call<'_> {
    /// The request as `Input`: JSON DynamoDB can read (else SerializationException),
    /// within the model's constraints (else ValidationException, naming every violation).
    pub(super) fn input<Input: DeserializeOwned>(&self) -> Result<Input, Failure> {
        let body: &[u8] = if self.body.is_empty() {
            b"{}"
        } else {
            self.body
        };
        let value: Value = serde_json::from_slice(body).map_err(|error| error::decoding(&error))?;
        let input = Input::deserialize(&value).map_err(|error| error::decoding(&error))?;
        let shape = models::dynamodb::MODEL
            .operation(self.operation)
            .and_then(|operation| operation.input)
            .map(|id| models::dynamodb::MODEL.shape(id));
        if let Some(shape) = shape {
            let violations = validate::check(&models::dynamodb::MODEL, shape, &value);
            if !violations.is_empty() {
                return Err(OwnError::validation(validate::message(&violations)).into());
            }
        }
        Ok(input)
    }

    /// The request's epoch time on the backend clock, in seconds to the millisecond.
    pub(super) fn now(&self) -> f64 {
        crate::protocol::time::epoch_seconds(self.context.clock.now())
    }
}

/// A member the model requires, which validation has already found present; `path` as
/// DynamoDB's messages write it (`tableName`).
pub(super) fn required<T>(member: Option<T>, path: &str) -> Result<T, Failure> {
    member.ok_or_else(|| {
        OwnError::validation(format!(
            "1 validation error detected: Value null at '{path}' failed to satisfy constraint: \
             Member must not be null"
        ))
        .into()
    })
}

fn run<Request, Response>(
    body: &[u8],
    serve: impl FnOnce(Request) -> dynoxide::Result<Response>,
) -> Result<Value, DynoxideError>
where
    Request: serde::de::DeserializeOwned,
    Response: serde::Serialize,
{
    // The AWS SDKs send `{}` for operations without input; an empty body means the same.
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
    let request = serde_json::from_slice(body).map_err(|error| error::decoding(&error))?;
    let response = serve(request)?;
    serde_json::to_value(response)
        .map_err(|error| DynoxideError::InternalServerError(error.to_string()))
}

macro_rules! operations {
    (
        dynoxide { $($name:literal => $method:ident ($module:ident :: $request:ident),)* }
        ours { $($own:literal => $handler:path,)* }
    ) => {
        /// The DynamoDB operations emulated here.
        pub(super) const OPERATIONS: &[&str] = &[$($name,)* $($own,)*];

        /// Serves `operation` with dynoxide, or `None` if dynoxide does not serve it.
        pub(super) fn call(database: &Database, operation: &str, body: &[u8]) -> Option<Result<Value, DynoxideError>> {
            match operation {
                $($name => Some(run::<dynoxide::actions::$module::$request, _>(body, |request| database.$method(request))),)*
                _ => None,
            }
        }

        /// Our function for `operation`, if we answer it ourselves.
        pub(super) fn own(operation: &str) -> Option<Own> {
            match operation {
                $($own => Some($handler),)*
                _ => None,
            }
        }
    };
}

operations! {
    dynoxide {
        "BatchExecuteStatement" => batch_execute_statement(batch_execute_statement::BatchExecuteStatementRequest),
        "BatchGetItem" => batch_get_item(batch_get_item::BatchGetItemRequest),
        "BatchWriteItem" => batch_write_item(batch_write_item::BatchWriteItemRequest),
        "CreateTable" => create_table(create_table::CreateTableRequest),
        "DeleteItem" => delete_item(delete_item::DeleteItemRequest),
        "DeleteTable" => delete_table(delete_table::DeleteTableRequest),
        "DescribeTable" => describe_table(describe_table::DescribeTableRequest),
        "DescribeTimeToLive" => describe_time_to_live(describe_time_to_live::DescribeTimeToLiveRequest),
        "ExecuteStatement" => execute_statement(execute_statement::ExecuteStatementRequest),
        "ExecuteTransaction" => execute_transaction(execute_transaction::ExecuteTransactionRequest),
        "GetItem" => get_item(get_item::GetItemRequest),
        "ListTables" => list_tables(list_tables::ListTablesRequest),
        "ListTagsOfResource" => list_tags_of_resource(list_tags_of_resource::ListTagsOfResourceRequest),
        "PutItem" => put_item(put_item::PutItemRequest),
        "Query" => query(query::QueryRequest),
        "Scan" => scan(scan::ScanRequest),
        "TagResource" => tag_resource(tag_resource::TagResourceRequest),
        "TransactGetItems" => transact_get_items(transact_get_items::TransactGetItemsRequest),
        "TransactWriteItems" => transact_write_items(transact_write_items::TransactWriteItemsRequest),
        "UntagResource" => untag_resource(untag_resource::UntagResourceRequest),
        "UpdateItem" => update_item(update_item::UpdateItemRequest),
        "UpdateTable" => update_table(update_table::UpdateTableRequest),
        "UpdateTimeToLive" => update_time_to_live(update_time_to_live::UpdateTimeToLiveRequest),
    }
    ours {
        "CreateBackup" => backups::create_backup,
        "DeleteBackup" => backups::delete_backup,
        "DescribeBackup" => backups::describe_backup,
        "DescribeContinuousBackups" => continuous_backups::describe_continuous_backups,
        "DescribeEndpoints" => account::describe_endpoints,
        "DescribeLimits" => account::describe_limits,
        "ListBackups" => backups::list_backups,
        "UpdateContinuousBackups" => continuous_backups::update_continuous_backups,
    }
}
