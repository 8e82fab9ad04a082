//! Reading members of a decoded input (neutral JSON keyed by the model's member names).

use serde::Deserialize;
use serde_json::Value;

/// A string member.
pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// A boolean member, false when absent.
pub(super) fn flag(input: &Value, name: &str) -> bool {
    input.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// A list of strings (an absent member is an empty list).
pub(super) fn strings(input: &Value, name: &str) -> Vec<String> {
    Vec::<String>::deserialize(input.get(name).unwrap_or(&Value::Null)).unwrap_or_default()
}

/// A `Tag` of the model: both members are required, so the engine has checked them.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Tag {
    key: String,
    value: String,
}

/// The `Tags` member as key and value pairs, in the request's order.
pub(super) fn tag_pairs(input: &Value) -> Vec<(String, String)> {
    Vec::<Tag>::deserialize(input.get("Tags").unwrap_or(&Value::Null))
        .unwrap_or_default()
        .into_iter()
        .map(|tag| (tag.key, tag.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn absent_members_read_as_empty() {
        let input = json!({"Names": ["a", "b"], "Tags": [{"Key": "k", "Value": "v"}]});
        assert_eq!(strings(&input, "Names"), ["a", "b"]);
        assert!(strings(&input, "Labels").is_empty());
        assert_eq!(tag_pairs(&input), [("k".to_owned(), "v".to_owned())]);
        assert!(tag_pairs(&json!({})).is_empty());
        assert!(!flag(&input, "Overwrite"));
    }
}
