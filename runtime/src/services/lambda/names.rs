//! Function identifiers and ARNs: what a `FunctionName` may be (a name, a name with a
//! qualifier, a partial ARN or a full ARN) and the ARNs Lambda writes.

use crate::protocol::error::ServiceError;

use super::error;

/// The longest function name (the ARN forms may be longer).
const NAME_MAX: usize = 64;

/// The pattern AWS quotes when a function identifier does not fit it.
const IDENTIFIER_PATTERN: &str = "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

/// A function as a request names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FunctionRef {
    /// The function's name.
    pub(super) name: String,
    /// The version or alias the identifier ends with (`my-function:live`), if any.
    pub(super) qualifier: Option<String>,
}

impl FunctionRef {
    /// Its ARN in `region`, qualified when it has a qualifier.
    pub(super) fn arn(&self, region: &str, account_id: &str) -> String {
        qualified_arn(region, account_id, &self.name, self.qualifier.as_deref())
    }
}

/// Reads a function identifier: `my-function`, `my-function:v1`,
/// `123456789012:function:my-function`, or
/// `arn:aws:lambda:us-west-2:123456789012:function:my-function[:v1]`.
pub(super) fn parse(identifier: &str, account_id: &str) -> Result<FunctionRef, ServiceError> {
    let parts: Vec<&str> = identifier.split(':').collect();
    let (account, rest) = match parts.as_slice() {
        [
            "arn",
            partition,
            "lambda",
            region,
            account,
            "function",
            rest @ ..,
        ] if partition.starts_with("aws") && !region.is_empty() => (Some(*account), rest),
        [account, "function", rest @ ..] if is_account(account) => (Some(*account), rest),
        rest => (None, rest),
    };
    let (name, qualifier) = match rest {
        [name] => (*name, None),
        [name, qualifier] => (*name, Some(*qualifier)),
        _ => return Err(invalid_identifier(identifier)),
    };
    if !is_name(name) || qualifier.is_some_and(|qualifier| !is_qualifier(qualifier)) {
        return Err(invalid_identifier(identifier));
    }
    if account.is_some_and(|account| account != account_id) {
        // Functions of other accounts are not there.
        return Err(error::function_not_found(identifier));
    }
    Ok(FunctionRef {
        name: name.to_owned(),
        qualifier: qualifier.map(str::to_owned),
    })
}

/// Reads a function identifier and the `Qualifier` parameter, which must agree with a
/// qualifier the identifier carries.
pub(super) fn parse_with_qualifier(
    identifier: &str,
    qualifier: Option<&str>,
    account_id: &str,
) -> Result<FunctionRef, ServiceError> {
    let mut function = parse(identifier, account_id)?;
    match (&function.qualifier, qualifier) {
        (Some(derived), Some(given)) if derived != given => Err(error::invalid_parameter(
            "The derived qualifier from the function name does not match the specified qualifier.",
        )),
        (None, Some(given)) => {
            function.qualifier = Some(given.to_owned());
            Ok(function)
        }
        _ => Ok(function),
    }
}

/// Whether `name` is a function name Lambda accepts.
pub(super) fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= NAME_MAX
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

fn is_qualifier(qualifier: &str) -> bool {
    qualifier == LATEST
        || (!qualifier.is_empty()
            && qualifier
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'))
}

fn is_account(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit())
}

fn invalid_identifier(identifier: &str) -> ServiceError {
    error::validation(format!(
        "1 validation error detected: Value '{identifier}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: {IDENTIFIER_PATTERN}"
    ))
}

/// The unpublished version every function has.
pub(super) const LATEST: &str = "$LATEST";

/// The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`.
pub(super) fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// `arn:aws:lambda:<region>:<account>:function:<name>`.
pub(super) fn function_arn(region: &str, account_id: &str, name: &str) -> String {
    format!(
        "arn:{}:lambda:{region}:{account_id}:function:{name}",
        partition(region)
    )
}

/// The function's ARN with `qualifier` (a version or an alias) appended, when there is
/// one.
pub(super) fn qualified_arn(
    region: &str,
    account_id: &str,
    name: &str,
    qualifier: Option<&str>,
) -> String {
    let arn = function_arn(region, account_id, name);
    match qualifier {
        Some(qualifier) => format!("{arn}:{qualifier}"),
        None => arn,
    }
}

/// `arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>`.
pub(super) fn event_source_mapping_arn(region: &str, account_id: &str, uuid: &str) -> String {
    format!(
        "arn:{}:lambda:{region}:{account_id}:event-source-mapping:{uuid}",
        partition(region)
    )
}

/// `arn:aws:iam::<account>:role/<name>` in its general form, as `CreateFunction` checks
/// a role: the partition, twelve digits, `role`, and a path and name.
pub(super) fn is_role_arn(role: &str) -> bool {
    let Some(rest) = role.strip_prefix("arn:") else {
        return false;
    };
    let Some((partition, rest)) = rest.split_once(":iam::") else {
        return false;
    };
    let Some((account, name)) = rest.split_once(":role") else {
        return false;
    };
    let name = name.strip_prefix('/').unwrap_or(name);
    (partition.is_empty() || partition.starts_with("aws"))
        && is_account(account)
        && !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+=,.@-_/".contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "123456789012";

    fn parsed(identifier: &str) -> (String, Option<String>) {
        let function = parse(identifier, ACCOUNT).unwrap();
        (function.name, function.qualifier)
    }

    #[test]
    fn reads_every_identifier_form() {
        assert_eq!(parsed("resize"), ("resize".into(), None));
        assert_eq!(
            parsed("resize:live"),
            ("resize".into(), Some("live".into()))
        );
        assert_eq!(
            parsed("123456789012:function:resize:$LATEST"),
            ("resize".into(), Some(LATEST.into()))
        );
        assert_eq!(
            parsed("arn:aws:lambda:eu-west-1:123456789012:function:resize:3"),
            ("resize".into(), Some("3".into()))
        );
        assert_eq!(
            parse(
                "arn:aws:lambda:eu-west-1:210987654321:function:resize",
                ACCOUNT
            )
            .unwrap_err()
            .code,
            "ResourceNotFoundException"
        );
        for bad in ["", "a:b:c", "resize:", "has space", "arn:aws:s3:::bucket"] {
            assert_eq!(
                parse(bad, ACCOUNT).unwrap_err().code,
                "ValidationException",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_qualifier_parameter_must_agree_with_the_identifier() {
        let function = parse_with_qualifier("resize", Some("2"), ACCOUNT).unwrap();
        assert_eq!(function.qualifier.as_deref(), Some("2"));
        assert!(parse_with_qualifier("resize:2", Some("2"), ACCOUNT).is_ok());
        assert_eq!(
            parse_with_qualifier("resize:2", Some("3"), ACCOUNT)
                .unwrap_err()
                .code,
            "InvalidParameterValueException"
        );
    }

    #[test]
    fn writes_arns_in_the_region_partition() {
        assert_eq!(
            qualified_arn("us-east-1", ACCOUNT, "resize", Some("live")),
            "arn:aws:lambda:us-east-1:123456789012:function:resize:live"
        );
        assert_eq!(
            function_arn("cn-north-1", ACCOUNT, "resize"),
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:resize"
        );
    }

    #[test]
    fn checks_role_arns() {
        assert!(is_role_arn(
            "arn:aws:iam::123456789012:role/service-role/resize"
        ));
        assert!(is_role_arn("arn:aws:iam::123456789012:role/lambda"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/lambda"));
        assert!(!is_role_arn("lambda-role"));
        assert!(!is_role_arn("arn:aws:iam::1234:role/lambda"));
    }
}
