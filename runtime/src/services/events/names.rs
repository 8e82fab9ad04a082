//! EventBridge's ARNs, and the names requests give as names or ARNs.

use std::time::SystemTime;

use serde_json::Value;

use crate::protocol::decode::seconds_value;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;
use crate::services::sqs::partition;

/// Where a request's resources are: its region and account.
pub(super) struct Place<'c> {
    pub(super) region: &'c str,
    pub(super) account: &'c str,
}

impl<'c> Place<'c> {
    pub(super) fn of(context: &'c Context<'_>) -> Self {
        Place {
            region: &context.route.region,
            account: context.account_id,
        }
    }

    pub(super) fn bus_arn(&self, name: &str) -> String {
        bus_arn(self.region, self.account, name)
    }

    pub(super) fn rule_arn(&self, bus: &str, name: &str) -> String {
        rule_arn(self.region, self.account, bus, name)
    }

    pub(super) fn archive_arn(&self, name: &str) -> String {
        archive_arn(self.region, self.account, name)
    }
}

/// A timestamp as the JSON protocol answers it (epoch seconds).
pub(super) fn time(instant: SystemTime) -> Value {
    seconds_value(epoch_seconds(instant))
}

/// `arn:aws:events:<region>:<account>:<resource>`.
fn arn(region: &str, account: &str, resource: &str) -> String {
    format!(
        "arn:{}:events:{region}:{account}:{resource}",
        partition(region)
    )
}

/// The ARN of the bus `name`.
pub(super) fn bus_arn(region: &str, account: &str, name: &str) -> String {
    arn(region, account, &format!("event-bus/{name}"))
}

/// The ARN of the rule `name` on `bus`: the default bus's rules leave the bus out.
pub(super) fn rule_arn(region: &str, account: &str, bus: &str, name: &str) -> String {
    if bus == super::model::DEFAULT_BUS {
        arn(region, account, &format!("rule/{name}"))
    } else {
        arn(region, account, &format!("rule/{bus}/{name}"))
    }
}

/// The ARN of the archive `name`.
pub(super) fn archive_arn(region: &str, account: &str, name: &str) -> String {
    arn(region, account, &format!("archive/{name}"))
}

/// The bus a request names (`EventBusName`: a name or an ARN; absent is `default`).
pub(super) fn bus_name(given: Option<&str>) -> &str {
    match given {
        None => super::model::DEFAULT_BUS,
        Some(given) => given
            .rsplit_once(":event-bus/")
            .map_or(given, |(_, name)| name),
    }
}

/// The resource part of an EventBridge ARN of this region and account
/// (`event-bus/orders`, `rule/orders/placed`), `None` for any other ARN.
pub(super) fn resource_of<'a>(arn: &'a str, region: &str, account: &str) -> Option<&'a str> {
    let prefix = format!("arn:{}:events:{region}:{account}:", partition(region));
    arn.strip_prefix(&prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_follow_aws_shapes() {
        assert_eq!(
            bus_arn("eu-west-1", "123456789012", "orders"),
            "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
        );
        assert_eq!(
            rule_arn("us-east-1", "123456789012", "default", "r"),
            "arn:aws:events:us-east-1:123456789012:rule/r"
        );
        assert_eq!(
            rule_arn("us-east-1", "123456789012", "orders", "r"),
            "arn:aws:events:us-east-1:123456789012:rule/orders/r"
        );
        assert_eq!(
            archive_arn("cn-north-1", "123456789012", "a"),
            "arn:aws-cn:events:cn-north-1:123456789012:archive/a"
        );
        assert_eq!(bus_name(None), "default");
        assert_eq!(
            bus_name(Some(
                "arn:aws:events:us-east-1:123456789012:event-bus/orders"
            )),
            "orders"
        );
        assert_eq!(
            resource_of(
                "arn:aws:events:us-east-1:123456789012:rule/r",
                "us-east-1",
                "123456789012"
            ),
            Some("rule/r")
        );
    }
}
