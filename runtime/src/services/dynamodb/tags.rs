//! The table a tagging request's `ResourceArn` names. dynoxide finds the table by name
//! alone; DynamoDB looks in the ARN's account and region: another account's table is not
//! the caller's to tag, and a table this account does not have in this region is not
//! found.

use serde_json::Value;

use super::error::{Failure, OwnError};
use super::handlers::{self, Call};

/// The operations that name a table by `ResourceArn`.
const TAGGING: [&str; 3] = ["ListTagsOfResource", "TagResource", "UntagResource"];

/// A table ARN's parts.
#[derive(Debug, PartialEq, Eq)]
struct TableArn<'a> {
    region: &'a str,
    account: &'a str,
    table: &'a str,
}

/// `arn:<partition>:dynamodb:<region>:<account>:table/<name>[/...]`.
fn parse(arn: &str) -> Option<TableArn<'_>> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("dynamodb"), Some(region), Some(account)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let table = parts.next()?.strip_prefix("table/")?.split('/').next()?;
    Some(TableArn {
        region,
        account,
        table,
    })
}

/// Refuses a tagging request whose ARN names another account's table, or a table this
/// account does not have in the request's region. Other requests, and ARNs that are not
/// table ARNs (dynoxide validates those), pass.
pub(super) fn check(call: &Call<'_>) -> Result<(), Failure> {
    if !TAGGING.contains(&call.operation) {
        return Ok(());
    }
    let Ok(request) = serde_json::from_slice::<Value>(call.body) else {
        return Ok(());
    };
    let Some(arn) = request.get("ResourceArn").and_then(Value::as_str) else {
        return Ok(());
    };
    let Some(parsed) = parse(arn) else {
        return Ok(());
    };
    let context = call.context;
    if parsed.account != context.account_id {
        return Err(OwnError::access_denied(format!(
            "User: arn:aws:iam::{account}:user/moto is not authorized to perform: \
             dynamodb:{operation} on resource: {arn} because no resource-based policy allows \
             the dynamodb:{operation} action",
            account = context.account_id,
            operation = call.operation,
        ))
        .into());
    }
    let exists = || {
        let request = serde_json::json!({ "TableName": parsed.table }).to_string();
        matches!(
            handlers::call(&call.tables.database, "DescribeTable", request.as_bytes()),
            Some(Ok(_))
        )
    };
    if parsed.region != context.route.region || !exists() {
        return Err(OwnError::resource_arn_not_found(arn).into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_arns_name_region_account_and_table() {
        assert_eq!(
            parse("arn:aws:dynamodb:eu-west-1:123456789012:table/orders"),
            Some(TableArn {
                region: "eu-west-1",
                account: "123456789012",
                table: "orders"
            })
        );
        assert_eq!(
            parse("arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by-day")
                .map(|arn| arn.table),
            Some("orders")
        );
        assert_eq!(parse("arn:aws:s3:::bucket"), None);
        assert_eq!(parse("orders"), None);
    }
}
