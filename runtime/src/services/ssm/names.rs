//! Parameter names, selectors, labels and ARNs, by AWS's rules for Parameter Store.

use super::error;
use crate::protocol::error::ServiceError;

/// The deepest hierarchy AWS allows: fifteen levels, the name included.
pub(super) const MAX_LEVELS: usize = 15;

/// AWS's message for a name with characters it does not allow or a malformed hierarchy.
const INVALID_NAME: &str = "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_";

/// AWS's message for a top-level name starting with `aws` or `ssm`.
const RESERVED_PREFIX: &str =
    "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).";

/// AWS's message for a path that is not a hierarchy (GetParametersByPath, Path filters).
pub(super) const INVALID_PATH: &str = "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.";

fn allowed(character: char) -> bool {
    character.is_ascii_alphanumeric() || matches!(character, '_' | '.' | '-' | '/')
}

/// The key a parameter is stored under: a one-level name is the same parameter with or
/// without its leading slash (`/db` and `db` share an ARN), a path is kept as it is.
pub(super) fn key_of(name: &str) -> &str {
    match name.strip_prefix('/') {
        Some(rest) if !rest.contains('/') => rest,
        _ => name,
    }
}

/// `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`.
pub(super) fn arn(region: &str, account: &str, name: &str) -> String {
    format!(
        "arn:aws:ssm:{region}:{account}:parameter/{}",
        name.strip_prefix('/').unwrap_or(name)
    )
}

/// The name a read names: reads take the parameter's ARN as well as its name.
pub(super) fn strip_arn<'n>(name: &'n str, region: &str, account: &str) -> &'n str {
    let prefix = format!("arn:aws:ssm:{region}:{account}:parameter");
    let Some(rest) = name.strip_prefix(&prefix) else {
        return name;
    };
    match rest.strip_prefix('/') {
        // A path's ARN keeps its slashes: `parameter/a/b` names `/a/b`.
        Some(inner) if inner.contains('/') => rest,
        Some(inner) => inner,
        None => name,
    }
}

/// Checks the characters and the hierarchy of a name.
pub(super) fn check_shape(name: &str) -> Result<(), ServiceError> {
    let well_formed = name.chars().all(allowed)
        && (!name.contains('/') || name.starts_with('/'))
        && !name.contains("//")
        && !name.ends_with('/');
    if !well_formed {
        return Err(error::validation(INVALID_NAME));
    }
    if levels(name) > MAX_LEVELS {
        return Err(error::hierarchy_too_deep());
    }
    Ok(())
}

/// Checks a name PutParameter is to create: its shape, and the prefixes AWS keeps for
/// itself (`/aws/...` is AWS's public parameters, `aws...` and `ssm...` are refused).
pub(super) fn check_new(name: &str) -> Result<(), ServiceError> {
    let lower = name.to_ascii_lowercase();
    let unrooted = lower.trim_start_matches('/');
    if unrooted.starts_with("aws") || unrooted.starts_with("ssm") {
        let is_path = name.matches('/').count() > 1;
        return Err(if is_path && lower.starts_with("/aws") {
            error::reserved_name(name)
        } else if is_path {
            error::validation(INVALID_NAME)
        } else {
            error::validation(RESERVED_PREFIX)
        });
    }
    check_shape(name)
}

/// The levels of a name: `/a/b/c` has three, `db` one.
pub(super) fn levels(name: &str) -> usize {
    name.split('/').filter(|part| !part.is_empty()).count()
}

/// What a read asks for after the name's `:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Selector {
    /// The latest version.
    Latest,
    /// `name:3`.
    Version(u64),
    /// `name:prod`.
    Label(String),
}

/// Splits `name:version` or `name:label` into the name and what it selects; `None` when
/// there is more than one selector.
pub(super) fn split_selector(name: &str) -> Option<(&str, Selector)> {
    let mut parts = name.split(':');
    let base = parts.next().unwrap_or_default();
    let selector = match parts.next() {
        None => Selector::Latest,
        Some(text) if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) => {
            Selector::Version(text.parse().ok()?)
        }
        Some(text) => Selector::Label(text.to_owned()),
    };
    match parts.next() {
        Some(_) => None,
        None => Some((base, selector)),
    }
}

/// Whether AWS accepts `label`: at most 100 letters, digits, periods, hyphens and
/// underscores, not starting with a digit, `aws` or `ssm` (case-insensitive).
pub(super) fn valid_label(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    !label.is_empty()
        && label.len() <= 100
        && label.chars().all(|character| {
            character.is_ascii_alphanumeric() || matches!(character, '_' | '.' | '-')
        })
        && !label.starts_with(|character: char| character.is_ascii_digit())
        && !lower.starts_with("aws")
        && !lower.starts_with("ssm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_level_name_is_the_same_with_or_without_its_slash() {
        assert_eq!(key_of("/db"), "db");
        assert_eq!(key_of("db"), "db");
        assert_eq!(key_of("/app/db"), "/app/db");
    }

    #[test]
    fn arns_drop_the_leading_slash_and_reads_take_them_back() {
        let arn_of_path = arn("us-east-1", "123456789012", "/app/db/password");
        assert_eq!(
            arn_of_path,
            "arn:aws:ssm:us-east-1:123456789012:parameter/app/db/password"
        );
        assert_eq!(
            strip_arn(&arn_of_path, "us-east-1", "123456789012"),
            "/app/db/password"
        );
        let arn_of_name = arn("eu-west-1", "123456789012", "db");
        assert_eq!(
            arn_of_name,
            "arn:aws:ssm:eu-west-1:123456789012:parameter/db"
        );
        assert_eq!(strip_arn(&arn_of_name, "eu-west-1", "123456789012"), "db");
    }

    #[test]
    fn names_follow_awss_rules() {
        assert!(check_new("/app/db/password").is_ok());
        assert!(check_new("plain_name-1.0").is_ok());
        for bad in ["has space", "app/db", "/app//db", "/app/db/", "a@b"] {
            assert_eq!(
                check_new(bad).map_err(|e| e.code),
                Err("ValidationException".into()),
                "{bad}"
            );
        }
        assert_eq!(
            check_new("/aws/x/y").map_err(|e| e.code),
            Err("AccessDeniedException".into())
        );
        let top = check_new("SSM-thing").map_err(|e| e.message);
        assert_eq!(top, Err(RESERVED_PREFIX.to_owned()));
        let deep = format!("/{}", vec!["l"; 16].join("/"));
        assert_eq!(
            check_new(&deep).map_err(|e| e.code),
            Err("HierarchyLevelLimitExceededException".into())
        );
        let fifteen = format!("/{}", vec!["l"; 15].join("/"));
        assert!(check_new(&fifteen).is_ok());
    }

    #[test]
    fn selectors_are_versions_or_labels() {
        assert_eq!(split_selector("/a"), Some(("/a", Selector::Latest)));
        assert_eq!(split_selector("/a:3"), Some(("/a", Selector::Version(3))));
        assert_eq!(
            split_selector("/a:prod"),
            Some(("/a", Selector::Label("prod".into())))
        );
        assert_eq!(split_selector("/a:1:2"), None);
    }

    #[test]
    fn labels_follow_awss_rules() {
        assert!(valid_label("prod"));
        assert!(valid_label("release_1.2-b"));
        for bad in ["1st", "aws-x", "SSMx", "has space", "a/b", ""] {
            assert!(!valid_label(bad), "{bad}");
        }
        assert!(!valid_label(&"l".repeat(101)));
    }
}
