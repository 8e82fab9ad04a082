//! Reading members of a decoded input (neutral JSON keyed by the model's member names).

use serde_json::Value;

/// A string member.
pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// An integer member.
pub(super) fn number(input: &Value, name: &str) -> Option<i64> {
    input.get(name).and_then(Value::as_i64)
}

/// A boolean member, false when absent.
pub(super) fn flag(input: &Value, name: &str) -> bool {
    input.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// A list of strings (an absent member is an empty list).
pub(super) fn strings(input: &Value, name: &str) -> Vec<String> {
    input
        .get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A map of strings (tags), absent as empty.
pub(super) fn string_map(input: &Value, name: &str) -> Vec<(String, String)> {
    input
        .get(name)
        .and_then(Value::as_object)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|(key, value)| Some((key.clone(), value.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn absent_members_read_as_empty() {
        let input = json!({"names": ["a"], "tags": {"k": "v"}, "limit": 5, "descending": true});
        assert_eq!(strings(&input, "names"), ["a"]);
        assert!(strings(&input, "other").is_empty());
        assert_eq!(
            string_map(&input, "tags"),
            [("k".to_owned(), "v".to_owned())]
        );
        assert!(string_map(&input, "other").is_empty());
        assert_eq!(number(&input, "limit"), Some(5));
        assert!(flag(&input, "descending"));
        assert!(!flag(&input, "startFromHead"));
        assert_eq!(text(&input, "limit"), None);
    }
}
