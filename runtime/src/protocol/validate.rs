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
    structure(model, shape, input, None, &mut violations);
    violations
}

/// One step from a structure to a value below it.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    /// A member of a structure.
    Member(&'a str),
    /// The item at this index (0-based) of a list.
    Item(usize),
    /// The key of a map entry.
    Key,
    /// The value of the map entry with this key.
    Value(&'a str),
}

/// Where a value is, kept as links to its parents so that the text AWS writes is only
/// built for a violation (most inputs have none).
#[derive(Debug, Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

impl Path<'_> {
    /// `roleSessionName`, `tags.1.member.key`.
    fn render(&self) -> String {
        let own = match self.step {
            Step::Member(name) => lower_camel(name),
            Step::Item(index) => format!("{}.member", index + 1),
            Step::Key => "key".to_owned(),
            Step::Value(key) => format!("{key}.member"),
        };
        match self.parent {
            Some(parent) => format!("{}.{own}", parent.render()),
            None => own,
        }
    }

    /// The model's name of the nearest member.
    fn member(&self) -> &str {
        match (self.step, self.parent) {
            (Step::Member(name), _) => name,
            (_, Some(parent)) => parent.member(),
            (_, None) => "",
        }
    }
}

/// `RoleSessionName` -> `roleSessionName`, as AWS's messages write member names.
fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
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
    path: Option<&Path<'_>>,
    violations: &mut Vec<Violation>,
) {
    let Value::Object(object) = value else { return };
    for member in shape.members {
        let member_path = Path {
            parent: path,
            step: Step::Member(member.name),
        };
        match object.get(member.name).filter(|item| !item.is_null()) {
            None if member.required && !member.idempotency_token => violations.push(Violation {
                path: member_path.render(),
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
                violations,
            ),
        }
    }
}

fn node(
    model: &ServiceModel,
    shape: &Shape,
    value: &Value,
    path: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    let mut broken = |constraint: String| {
        violations.push(Violation {
            path: path.render(),
            member: path.member().to_owned(),
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
    if let Some(size) = size.filter(|_| shape.min.is_some() || shape.max.is_some()) {
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
        (Kind::Structure | Kind::Union, _) => {
            structure(model, shape, value, Some(path), violations);
        }
        (Kind::List, Value::Array(items)) => {
            if let Some(element) = shape.members.first() {
                let element_shape = model.shape(element.shape);
                for (index, item) in items.iter().enumerate() {
                    let item_path = Path {
                        parent: Some(path),
                        step: Step::Item(index),
                    };
                    node(model, element_shape, item, &item_path, violations);
                }
            }
        }
        (Kind::Map, Value::Object(entries)) => {
            if let [key, item] = shape.members {
                for (entry_key, entry_value) in entries {
                    let key_value = Value::String(entry_key.clone());
                    let key_path = Path {
                        parent: Some(path),
                        step: Step::Key,
                    };
                    node(
                        model,
                        model.shape(key.shape),
                        &key_value,
                        &key_path,
                        violations,
                    );
                    let value_path = Path {
                        parent: Some(path),
                        step: Step::Value(entry_key),
                    };
                    node(
                        model,
                        model.shape(item.shape),
                        entry_value,
                        &value_path,
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
