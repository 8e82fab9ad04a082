//! One line per DynamoDB operation: its name, dynoxide's typed request and the method
//! that serves it. Each decodes the body into the request, calls dynoxide, and returns
//! the response as JSON (a `serde_json::Value`, whose maps are sorted, so responses come
//! out in the same order every time although dynoxide keeps items in hash maps).

use dynoxide::Database;
use dynoxide::errors::DynoxideError;
use serde_json::Value;

use super::error;

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
    ($($name:literal => $method:ident ($module:ident :: $request:ident),)*) => {
        /// The DynamoDB operations emulated here.
        pub(super) const OPERATIONS: &[&str] = &[$($name),*];

        /// Serves `operation`, or `None` if it is not emulated.
        pub(super) fn call(database: &Database, operation: &str, body: &[u8]) -> Option<Result<Value, DynoxideError>> {
            match operation {
                $($name => Some(run::<dynoxide::actions::$module::$request, _>(body, |request| database.$method(request))),)*
                _ => None,
            }
        }
    };
}

operations! {
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
