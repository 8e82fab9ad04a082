//! Log group and stream names: AWS's character rules, ARNs, and the group a request
//! names by `logGroupName` or `logGroupIdentifier`.

use serde_json::Value;

use super::error;
use super::input::text;
use crate::protocol::error::ServiceError;

/// The characters a log group name may hold, as the model's pattern spells them.
const GROUP_PATTERN: &str = r"[\.\-_/#A-Za-z0-9]+";
/// The characters a log stream name may not hold, as the model's pattern spells them.
const STREAM_PATTERN: &str = r"[^:*]*";

/// A log group's ARN (without the `:*` DescribeLogGroups' `arn` adds).
pub(super) fn group_arn(region: &str, account: &str, group: &str) -> String {
    format!("arn:aws:logs:{region}:{account}:log-group:{group}")
}

/// A log stream's ARN.
pub(super) fn stream_arn(region: &str, account: &str, group: &str, stream: &str) -> String {
    format!("{}:log-stream:{stream}", group_arn(region, account, group))
}

/// The group name an ARN names (`...:log-group:NAME` or `...:log-group:NAME:*`).
pub(super) fn group_of_arn(arn: &str) -> Option<&str> {
    let (_, name) = arn.strip_prefix("arn:")?.split_once(":log-group:")?;
    let name = name.strip_suffix(":*").unwrap_or(name);
    (!name.is_empty() && !name.contains(':')).then_some(name)
}

/// Checks a log group name against AWS's pattern.
pub(super) fn check_group(name: &str, member: &str) -> Result<(), ServiceError> {
    let allowed =
        |character: char| character.is_ascii_alphanumeric() || ".-_/#".contains(character);
    if name.chars().all(allowed) {
        Ok(())
    } else {
        Err(error::constraint(
            member,
            name,
            &format!("Member must satisfy regular expression pattern: {GROUP_PATTERN}"),
        ))
    }
}

/// Checks a log stream name against AWS's pattern.
pub(super) fn check_stream(name: &str) -> Result<(), ServiceError> {
    if name.contains([':', '*']) {
        Err(error::constraint(
            "logStreamName",
            name,
            &format!("Member must satisfy regular expression pattern: {STREAM_PATTERN}"),
        ))
    } else {
        Ok(())
    }
}

/// The group a request names: `logGroupName`, or `logGroupIdentifier` (a name or an
/// ARN), never both.
pub(super) fn requested_group(input: &Value) -> Result<String, ServiceError> {
    match (
        text(input, "logGroupName"),
        text(input, "logGroupIdentifier"),
    ) {
        (Some(_), Some(_)) => Err(error::invalid(
            "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
        )),
        (Some(name), None) => Ok(name.to_owned()),
        (None, Some(identifier)) if identifier.starts_with("arn:") => group_of_arn(identifier)
            .map(str::to_owned)
            .ok_or_else(error::group_not_found),
        (None, Some(identifier)) => Ok(identifier.to_owned()),
        (None, None) => Err(error::invalid(
            "Should provide either name or ARN of the log group.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn arns_name_the_group_and_stream() {
        let arn = group_arn("us-east-1", "123456789012", "/app/web");
        assert_eq!(
            arn,
            "arn:aws:logs:us-east-1:123456789012:log-group:/app/web"
        );
        assert_eq!(group_of_arn(&arn), Some("/app/web"));
        assert_eq!(group_of_arn(&format!("{arn}:*")), Some("/app/web"));
        assert_eq!(
            stream_arn("us-east-1", "123456789012", "g", "s"),
            "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s"
        );
        assert_eq!(group_of_arn("arn:aws:logs:us-east-1:1:destination:d"), None);
    }

    #[test]
    fn names_follow_the_model_patterns() {
        assert!(check_group("/aws/lambda/fn-1_x.y#z", "logGroupName").is_ok());
        assert!(check_group("bad name", "logGroupName").is_err());
        assert!(check_stream("2024/01/01/[$LATEST]abc").is_ok());
        assert!(check_stream("a:b").is_err());
    }

    #[test]
    fn the_group_comes_from_its_name_or_identifier() {
        assert_eq!(requested_group(&json!({"logGroupName": "g"})).unwrap(), "g");
        assert_eq!(
            requested_group(&json!({"logGroupIdentifier": "arn:aws:logs:us-east-1:1:log-group:g"}))
                .unwrap(),
            "g"
        );
        assert!(requested_group(&json!({})).is_err());
        assert!(requested_group(&json!({"logGroupName": "g", "logGroupIdentifier": "g"})).is_err());
    }
}
