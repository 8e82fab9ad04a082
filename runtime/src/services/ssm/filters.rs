//! DescribeParameters' and GetParametersByPath's filters: ParameterFilters (checked by
//! AWS's rules per operation) and DescribeParameters' older Filters.

use serde_json::Value;

use super::error;
use super::input::strings;
use super::model::{Parameter, Version};
use super::names::INVALID_PATH;
use crate::protocol::error::ServiceError;

/// The keys ParameterFilters take, as AWS's pattern for `Key` writes them.
const KEY_PATTERN: &str = "tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType";

/// One checked ParameterStringFilter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Filter {
    key: String,
    option: String,
    values: Vec<String>,
}

/// Which operation the filters are for: their keys and options differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operation {
    /// DescribeParameters: every key but Label.
    Describe,
    /// GetParametersByPath: Type, KeyId and Label.
    ByPath,
}

fn known_key(key: &str) -> bool {
    matches!(
        key,
        "Name" | "Type" | "KeyId" | "Path" | "Label" | "Tier" | "DataType"
    ) || key.strip_prefix("tag:").is_some_and(|tag| !tag.is_empty())
}

/// Checks `input`'s ParameterFilters for `operation`, in AWS's order of checks.
pub(super) fn parameter_filters(
    input: Option<&Value>,
    operation: Operation,
) -> Result<Vec<Filter>, ServiceError> {
    let raw = input.and_then(Value::as_array).cloned().unwrap_or_default();
    for (index, filter) in raw.iter().enumerate() {
        let key = filter
            .get("Key")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !known_key(key) {
            return Err(error::constraint(
                &format!("parameterFilters.{}.member.key", index + 1),
                &format!("'{key}'"),
                &format!("Member must satisfy regular expression pattern: {KEY_PATTERN}"),
            ));
        }
    }
    let mut checked: Vec<Filter> = Vec::new();
    for filter in &raw {
        let key = filter
            .get("Key")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let values = strings(filter, "Values");
        let default_option = if key == "Path" { "OneLevel" } else { "Equals" };
        let option = filter
            .get("Option")
            .and_then(Value::as_str)
            .unwrap_or(default_option)
            .to_owned();
        match operation {
            Operation::Describe if key == "Label" => {
                return Err(error::invalid_filter_key(
                    "The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].",
                ));
            }
            Operation::ByPath if !matches!(key.as_str(), "Type" | "KeyId" | "Label") => {
                return Err(error::invalid_filter_key(format!(
                    "The following filter key is not valid: {key}. Valid filter keys include: [Type, KeyId]."
                )));
            }
            _ => {}
        }
        if matches!(key.as_str(), "Name" | "Type" | "Path" | "Tier" | "KeyId") && values.is_empty()
        {
            return Err(error::invalid_filter_value(format!(
                "The following filter values are missing : null for filter key {key}."
            )));
        }
        if checked.iter().any(|other| other.key == key) {
            return Err(error::invalid_filter_key(format!(
                "The following filter is duplicated in the request: {key}. A request can contain only one occurrence of a specific filter."
            )));
        }
        check_option_and_values(&key, &option, &values)?;
        checked.push(Filter {
            key,
            option,
            values,
        });
    }
    Ok(checked)
}

fn check_option_and_values(key: &str, option: &str, values: &[String]) -> Result<(), ServiceError> {
    let not_valid = |valid: &str| {
        error::invalid_filter_option(format!(
            "The following filter option is not valid: {option}. Valid options include: [{valid}]."
        ))
    };
    let value_not_valid = |value: &str, valid: &str| {
        error::invalid_filter_option(format!(
            "The following filter value is not valid: {value}. Valid values include: [{valid}]."
        ))
    };
    match key {
        "Path" => {
            if !matches!(option, "Recursive" | "OneLevel") {
                return Err(not_valid("Recursive, OneLevel"));
            }
            for value in values {
                let lower = value.to_ascii_lowercase();
                if lower.starts_with("/aws") || lower.starts_with("/ssm") {
                    return Err(error::validation(
                        "Filters for common parameters can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). When using global parameters, please specify within a global namespace.",
                    ));
                }
                if !valid_path(value) {
                    return Err(error::validation(INVALID_PATH));
                }
            }
        }
        "Label" if option != "Equals" => return Err(not_valid("Equals")),
        "Name" if !matches!(option, "Equals" | "BeginsWith" | "Contains") => {
            return Err(not_valid("BeginsWith, Equals"));
        }
        "Name" | "Label" => {}
        _ if !matches!(option, "Equals" | "BeginsWith") => {
            return Err(not_valid("BeginsWith, Equals"));
        }
        "Tier" => {
            if let Some(bad) = values.iter().find(|value| {
                !matches!(
                    value.as_str(),
                    "Standard" | "Advanced" | "Intelligent-Tiering"
                )
            }) {
                return Err(value_not_valid(
                    bad,
                    "Standard, Advanced, Intelligent-Tiering",
                ));
            }
        }
        "Type" => {
            if let Some(bad) = values
                .iter()
                .find(|value| !matches!(value.as_str(), "String" | "StringList" | "SecureString"))
            {
                return Err(value_not_valid(bad, "String, StringList, SecureString"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether `path` is a hierarchy GetParametersByPath and the Path filter take: rooted,
/// of letters, digits and `._-`, without empty levels.
pub(super) fn valid_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && path.chars().all(|character| {
            character.is_ascii_alphanumeric() || matches!(character, '_' | '.' | '-' | '/')
        })
}

/// The name as filters see it: always rooted (`db` is `/db`).
fn rooted(name: &str) -> String {
    format!("/{}", name.trim_start_matches('/'))
}

fn compare(option: &str, field: &str, values: &[String]) -> bool {
    values.iter().any(|value| match option {
        "BeginsWith" => field.starts_with(value.as_str()),
        "Contains" => field.contains(value.as_str()),
        _ => field == value,
    })
}

impl Filter {
    /// Whether `parameter` (at its `latest` version) passes this filter.
    fn passes(&self, parameter: &Parameter, latest: &Version) -> bool {
        let scalar = |field: Option<&str>| {
            field.is_some_and(|field| compare(&self.option, field, &self.values))
        };
        match self.key.as_str() {
            "Name" => {
                let name = rooted(&parameter.name);
                if self.option == "Contains" {
                    compare("Contains", &name, &self.values)
                } else {
                    let values: Vec<String> =
                        self.values.iter().map(|value| rooted(value)).collect();
                    compare(&self.option, &name, &values)
                }
            }
            "Path" => {
                let name = rooted(&parameter.name);
                let depth = name.matches('/').count();
                self.values.iter().any(|value| {
                    let path = rooted(value.trim_end_matches('/'));
                    if path == "/" {
                        return self.option == "Recursive" || depth == 1;
                    }
                    name.starts_with(&format!("{path}/"))
                        && (self.option == "Recursive" || depth == path.matches('/').count() + 1)
                })
            }
            "Type" => scalar(Some(&latest.kind)),
            "KeyId" => scalar(latest.key_id.as_deref()),
            "Tier" => scalar(Some(&latest.tier)),
            "DataType" => scalar(Some(&latest.data_type)),
            "Label" => latest
                .labels
                .iter()
                .any(|label| self.values.contains(label)),
            key => {
                let tag = key.strip_prefix("tag:").unwrap_or_default();
                parameter
                    .tags
                    .iter()
                    .filter(|(own, _)| own == tag)
                    .any(|(_, value)| {
                        self.values.is_empty() || compare(&self.option, value, &self.values)
                    })
            }
        }
    }
}

/// Whether `parameter` passes every filter.
pub(super) fn passes_all(filters: &[Filter], parameter: &Parameter, latest: &Version) -> bool {
    filters
        .iter()
        .all(|filter| filter.passes(parameter, latest))
}

/// DescribeParameters' older Filters (Name begins with, Type and KeyId equal): whether
/// `parameter` passes every one.
pub(super) fn passes_legacy(filters: &[Value], parameter: &Parameter, latest: &Version) -> bool {
    filters.iter().all(|filter| {
        let values = strings(filter, "Values");
        match filter.get("Key").and_then(Value::as_str) {
            Some("Name") => values
                .iter()
                .any(|value| parameter.name.starts_with(value.as_str())),
            Some("Type") => values.contains(&latest.kind),
            Some("KeyId") => latest
                .key_id
                .as_ref()
                .is_some_and(|key| values.contains(key)),
            _ => true,
        }
    })
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use serde_json::json;

    use super::*;

    fn parameter(name: &str) -> (Parameter, Version) {
        let version = Version {
            number: 1,
            kind: "String".into(),
            value: "v".into(),
            description: None,
            allowed_pattern: None,
            key_id: None,
            data_type: "text".into(),
            tier: "Standard".into(),
            policies: None,
            labels: vec!["prod".into()],
            modified: UNIX_EPOCH,
        };
        let parameter = Parameter {
            name: name.into(),
            versions: vec![version.clone()],
            tags: vec![("team".into(), "data".into())],
        };
        (parameter, version)
    }

    fn check(filters: Value, operation: Operation) -> Result<Vec<Filter>, String> {
        parameter_filters(Some(&filters), operation).map_err(|error| error.code)
    }

    #[test]
    fn path_filters_go_one_level_or_all_the_way_down() {
        let one = check(
            json!([{"Key": "Path", "Values": ["/app"]}]),
            Operation::Describe,
        )
        .unwrap_or_default();
        let all = check(
            json!([{"Key": "Path", "Option": "Recursive", "Values": ["/app"]}]),
            Operation::Describe,
        )
        .unwrap_or_default();
        let (shallow, shallow_latest) = parameter("/app/db");
        let (deep, deep_latest) = parameter("/app/db/password");
        assert!(passes_all(&one, &shallow, &shallow_latest));
        assert!(!passes_all(&one, &deep, &deep_latest));
        assert!(passes_all(&all, &deep, &deep_latest));
        let root = check(
            json!([{"Key": "Path", "Values": ["/"]}]),
            Operation::Describe,
        )
        .unwrap_or_default();
        let (top, top_latest) = parameter("db");
        assert!(passes_all(&root, &top, &top_latest));
        assert!(!passes_all(&root, &shallow, &shallow_latest));
    }

    #[test]
    fn keys_and_options_follow_the_operation() {
        assert_eq!(
            check(
                json!([{"Key": "Label", "Values": ["x"]}]),
                Operation::Describe
            ),
            Err("InvalidFilterKey".into())
        );
        assert_eq!(
            check(json!([{"Key": "Name", "Values": ["x"]}]), Operation::ByPath),
            Err("InvalidFilterKey".into())
        );
        assert_eq!(
            check(
                json!([{"Key": "Nope", "Values": ["x"]}]),
                Operation::Describe
            ),
            Err("ValidationException".into())
        );
        assert_eq!(
            check(json!([{"Key": "Type"}]), Operation::Describe),
            Err("InvalidFilterValue".into())
        );
        assert_eq!(
            check(
                json!([{"Key": "Type", "Values": ["Number"]}]),
                Operation::Describe
            ),
            Err("InvalidFilterOption".into())
        );
        assert_eq!(
            check(
                json!([{"Key": "Type", "Option": "Contains", "Values": ["String"]}]),
                Operation::Describe
            ),
            Err("InvalidFilterOption".into())
        );
        assert_eq!(
            check(
                json!([{"Key": "Name", "Values": ["a"]}, {"Key": "Name", "Values": ["b"]}]),
                Operation::Describe
            ),
            Err("InvalidFilterKey".into())
        );
    }

    #[test]
    fn tags_labels_and_names_match() {
        let (parameter, latest) = parameter("/app/db");
        let tagged = check(
            json!([{"Key": "tag:team", "Values": ["data"]}]),
            Operation::Describe,
        )
        .unwrap_or_default();
        let has_tag = check(json!([{"Key": "tag:team"}]), Operation::Describe).unwrap_or_default();
        let other = check(
            json!([{"Key": "tag:team", "Values": ["web"]}]),
            Operation::Describe,
        )
        .unwrap_or_default();
        let label = check(
            json!([{"Key": "Label", "Values": ["prod"]}]),
            Operation::ByPath,
        )
        .unwrap_or_default();
        let contains = check(
            json!([{"Key": "Name", "Option": "Contains", "Values": ["p/d"]}]),
            Operation::Describe,
        )
        .unwrap_or_default();
        assert!(passes_all(&tagged, &parameter, &latest));
        assert!(passes_all(&has_tag, &parameter, &latest));
        assert!(!passes_all(&other, &parameter, &latest));
        assert!(passes_all(&label, &parameter, &latest));
        assert!(passes_all(&contains, &parameter, &latest));
        assert!(passes_legacy(
            &[json!({"Key": "Name", "Values": ["/app"]})],
            &parameter,
            &latest
        ));
        assert!(!passes_legacy(
            &[json!({"Key": "Type", "Values": ["SecureString"]})],
            &parameter,
            &latest
        ));
    }
}
