//! The table one of our operations names, by name or by ARN, described as DescribeTable
//! describes it (dynoxide's description with our id and times).

use dynoxide::errors::DynoxideError;
use serde_json::{Map, Value, json};

use super::description;
use super::error::{Failure, OwnError};
use super::handlers::{self, Call};

/// The table name in `name_or_arn`: the name itself, or the last part of
/// `arn:aws:dynamodb:<region>:<account>:table/<name>`.
pub(super) fn name_of(name_or_arn: &str) -> &str {
    if !name_or_arn.starts_with("arn:") {
        return name_or_arn;
    }
    name_or_arn
        .split_once(":table/")
        .and_then(|(_, resource)| resource.split('/').next())
        .unwrap_or(name_or_arn)
}

/// The ARN of table `name` in the request's account and region.
pub(super) fn arn(call: &Call<'_>, name: &str) -> String {
    format!(
        "arn:aws:dynamodb:{}:{}:table/{name}",
        call.context.route.region, call.context.account_id
    )
}

/// The `Table` DescribeTable gives for `name`, or TableNotFoundException.
pub(super) fn describe(call: &Call<'_>, name: &str) -> Result<Map<String, Value>, Failure> {
    let request = json!({ "TableName": name }).to_string();
    let mut answer = ask(call, "DescribeTable", &request, name)?;
    description::rewrite(
        call.tables,
        call.context,
        "DescribeTable",
        request.as_bytes(),
        &mut answer,
    );
    match answer {
        Value::Object(mut answer) => match answer.remove("Table") {
            Some(Value::Object(table)) => Ok(table),
            _ => Err(OwnError::table_not_found(name).into()),
        },
        _ => Err(OwnError::table_not_found(name).into()),
    }
}

/// The `TimeToLiveDescription` of table `name`.
pub(super) fn time_to_live(call: &Call<'_>, name: &str) -> Result<Option<Value>, Failure> {
    let request = json!({ "TableName": name }).to_string();
    let answer = ask(call, "DescribeTimeToLive", &request, name)?;
    Ok(answer.get("TimeToLiveDescription").cloned())
}

/// dynoxide's answer to `operation` about table `name`; a missing table is
/// TableNotFoundException, as the operations on backups call it.
fn ask(call: &Call<'_>, operation: &str, request: &str, name: &str) -> Result<Value, Failure> {
    match handlers::call(&call.tables.database, operation, request.as_bytes()) {
        Some(Ok(answer)) => Ok(answer),
        Some(Err(DynoxideError::ResourceNotFoundException(_))) => {
            Err(OwnError::table_not_found(name).into())
        }
        Some(Err(other)) => Err(other.into()),
        None => {
            Err(DynoxideError::InternalServerError(format!("{operation} is not served")).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_names_or_table_arns() {
        assert_eq!(name_of("ledger"), "ledger");
        assert_eq!(
            name_of("arn:aws:dynamodb:us-east-1:123456789012:table/ledger"),
            "ledger"
        );
        assert_eq!(
            name_of("arn:aws:dynamodb:us-east-1:123456789012:table/ledger/stream/x"),
            "ledger"
        );
    }
}
