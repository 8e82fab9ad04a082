//! The model's constraints on a decoded input: required members, lengths, ranges and
//! enum values, every violation collected (AWS reports them all in one error).

use serde_json::Value;

use super::model::{Kind, ServiceModel, Shape};

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, as AWS writes it: member names in lower camel case, joined with dots
    /// (`tags.1.member.key`).
    pub path: String,
    /// The member's name as the model spells it (`RoleSessionName`), for services whose
    /// errors name the parameter.
    pub member: String,
    /// The value, as AWS quotes it (`'a b'`, or `null` for a missing member).
    pub value: String,
    /// The constraint (`Member must not be null`).
    pub constraint: String,
}

impl Violation {
    /// The missing required member this is, if it is one.
    pub fn is_missing(&self) -> bool {
        self.value == "null"
    }
}

/// The message AWS writes for `violations`:
/// `1 validation error detected: Value null at 'roleArn' failed to satisfy constraint:
/// Member must not be null`.
pub fn message(violations: &[Violation]) -> String {
    let count = violations.len();
    let noun = if count == 1 { "error" } else { "errors" };
    let details: Vec<String> = violations
        .iter()
        .map(|violation| {
            format!(
                "Value {} at '{}' failed to satisfy constraint: {}",
                violation.value, violation.path, violation.constraint
            )
        })
        .collect();
    format!("{count} validation {noun} detected: {}", details.join("; "))
}

/// Every constraint `input` breaks, in member order.
pub fn check(model: &ServiceModel, shape: &Shape, input: &Value) -> Vec<Violation> {
    let mut violations = Vec::new();
    structure(model, shape, input, "", &mut violations);
    violations
}

/// `RoleSessionName` -> `roleSessionName`, as AWS's messages write member names.
fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn quoted(value: &Value) -> String {
    match value {
        Value::String(text) => format!("'{text}'"),
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .collect();
            format!("'[{}]'", inner.join(", "))
        }
        other => format!("'{other}'"),
    }
}

fn structure(
    model: &ServiceModel,
    shape: &Shape,
    value: &Value,
    path: &str,
    violations: &mut Vec<Violation>,
) {
    let Value::Object(object) = value else { return };
    for member in shape.members {
        let member_path = join(path, &lower_camel(member.name));
        match object.get(member.name).filter(|item| !item.is_null()) {
            None if member.required && !member.idempotency_token => violations.push(Violation {
                path: member_path,
                member: member.name.to_owned(),
                value: "null".to_owned(),
                constraint: "Member must not be null".to_owned(),
            }),
            None => {}
            Some(item) => node(
                model,
                model.shape(member.shape),
                item,
                &member_path,
                member.name,
                violations,
            ),
        }
    }
}

fn node(
    model: &ServiceModel,
    shape: &Shape,
    value: &Value,
    path: &str,
    member: &str,
    violations: &mut Vec<Violation>,
) {
    let mut broken = |constraint: String| {
        violations.push(Violation {
            path: path.to_owned(),
            member: member.to_owned(),
            // AWS never quotes a secret back, even in an error.
            value: if shape.sensitive {
                "'***'".to_owned()
            } else {
                quoted(value)
            },
            constraint,
        });
    };
    let size = match (shape.kind, value) {
        (Kind::String, Value::String(text)) => Some(text.chars().count()),
        (Kind::Blob, Value::String(text)) => Some(text.len() / 4 * 3),
        (Kind::List, Value::Array(items)) => Some(items.len()),
        (Kind::Map, Value::Object(entries)) => Some(entries.len()),
        _ => None,
    };
    if let Some(size) = size {
        let size = size as f64;
        if let Some(min) = shape.min.filter(|min| size < *min) {
            broken(format!(
                "Member must have length greater than or equal to {min}"
            ));
        }
        if let Some(max) = shape.max.filter(|max| size > *max) {
            broken(format!(
                "Member must have length less than or equal to {max}"
            ));
        }
    }
    if let Some(number) = value.as_f64().filter(|_| {
        matches!(
            shape.kind,
            Kind::Integer | Kind::Long | Kind::Float | Kind::Double
        )
    }) {
        if let Some(min) = shape.min.filter(|min| number < *min) {
            broken(format!(
                "Member must have value greater than or equal to {min}"
            ));
        }
        if let Some(max) = shape.max.filter(|max| number > *max) {
            broken(format!(
                "Member must have value less than or equal to {max}"
            ));
        }
    }
    if let (false, Value::String(text)) = (shape.values.is_empty(), value)
        && !shape.values.contains(&text.as_str())
    {
        broken(format!(
            "Member must satisfy enum value set: [{}]",
            shape.values.join(", ")
        ));
    }
    match (shape.kind, value) {
        (Kind::Structure | Kind::Union, _) => structure(model, shape, value, path, violations),
        (Kind::List, Value::Array(items)) => {
            if let Some(element) = shape.members.first() {
                for (index, item) in items.iter().enumerate() {
                    let item_path = format!("{path}.{}.member", index + 1);
                    node(
                        model,
                        model.shape(element.shape),
                        item,
                        &item_path,
                        member,
                        violations,
                    );
                }
            }
        }
        (Kind::Map, Value::Object(entries)) => {
            if let [key, item] = shape.members {
                for (entry_key, entry_value) in entries {
                    let key_value = Value::String(entry_key.clone());
                    node(
                        model,
                        model.shape(key.shape),
                        &key_value,
                        &format!("{path}.key"),
                        member,
                        violations,
                    );
                    node(
                        model,
                        model.shape(item.shape),
                        entry_value,
                        &format!("{path}.{entry_key}.member"),
                        member,
                        violations,
                    );
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models;
    use serde_json::json;

    #[test]
    fn collects_every_violation_in_aws_words() {
        let model = &models::sts::MODEL;
        let input = model.shape_named("AssumeRoleRequest").unwrap();
        let violations = check(
            model,
            input,
            &json!({"RoleSessionName": "a", "DurationSeconds": 60}),
        );
        assert_eq!(
            message(&violations),
            "3 validation errors detected: \
             Value null at 'roleArn' failed to satisfy constraint: Member must not be null; \
             Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; \
             Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
        );
        assert!(violations[0].is_missing());
        assert_eq!(violations[1].member, "RoleSessionName");
    }

    #[test]
    fn checks_enums_lists_and_nested_members() {
        let model = &models::dynamodb::MODEL;
        let input = model.shape_named("GetItemInput").unwrap();
        let violations = check(
            model,
            input,
            &json!({"TableName": "t", "Key": {}, "ReturnConsumedCapacity": "SOME"}),
        );
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].path, "returnConsumedCapacity");
        assert!(
            violations[0]
                .constraint
                .starts_with("Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
            "{:?}",
            violations[0]
        );
        assert!(check(model, input, &json!({"TableName": "t", "Key": {}})).is_empty());
    }
}
