//! What DynamoDB says about the account and the endpoint rather than a table: the
//! provisioned-capacity quotas (DescribeLimits) and the regional endpoint to cache
//! (DescribeEndpoints).

use serde::Deserialize;
use serde_json::{Value, json};

use super::error::Failure;
use super::handlers::Call;

/// DynamoDB's default provisioned-capacity quotas per account and Region (80,000 read and
/// 80,000 write capacity units) and per table (40,000 each), which an account has until
/// it asks AWS for more.
const ACCOUNT_MAX_CAPACITY_UNITS: u64 = 80_000;
const TABLE_MAX_CAPACITY_UNITS: u64 = 40_000;

/// How long a client may cache the endpoint DescribeEndpoints gives: a day.
const ENDPOINT_CACHE_MINUTES: u64 = 1_440;

#[derive(Deserialize)]
struct NoInput {}

/// DescribeLimits: the account's provisioned-capacity quotas in the Region.
pub(super) fn describe_limits(call: &Call<'_>) -> Result<Value, Failure> {
    call.input::<NoInput>()?;
    Ok(json!({
        "AccountMaxReadCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
        "AccountMaxWriteCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
        "TableMaxReadCapacityUnits": TABLE_MAX_CAPACITY_UNITS,
        "TableMaxWriteCapacityUnits": TABLE_MAX_CAPACITY_UNITS,
    }))
}

/// DescribeEndpoints: the Region's DynamoDB endpoint.
pub(super) fn describe_endpoints(call: &Call<'_>) -> Result<Value, Failure> {
    call.input::<NoInput>()?;
    Ok(json!({
        "Endpoints": [{
            "Address": endpoint_address(&call.context.route.region),
            "CachePeriodInMinutes": ENDPOINT_CACHE_MINUTES,
        }],
    }))
}

/// `dynamodb.<region>.amazonaws.com`, under `amazonaws.com.cn` in the China Regions.
fn endpoint_address(region: &str) -> String {
    let domain = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("dynamodb.{region}.{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_regional() {
        assert_eq!(
            endpoint_address("eu-west-1"),
            "dynamodb.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            endpoint_address("cn-north-1"),
            "dynamodb.cn-north-1.amazonaws.com.cn"
        );
    }
}
