//! Reading members of a decoded input and paging lists.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::error;
use crate::protocol::error::ServiceError;

/// The page a List operation answers when no `Limit` is given.
const DEFAULT_PAGE: usize = 50;

/// A string member.
pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// A list-of-strings member (an absent member is an empty list).
pub(super) fn strings<'a>(input: &'a Value, name: &str) -> Vec<&'a str> {
    input
        .get(name)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The `Tags` member (`[{Key, Value}]`, both required by the model) as pairs.
pub(super) fn tags(input: &Value) -> Vec<(String, String)> {
    input
        .get("Tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|tag| {
                    Some((text(tag, "Key")?.to_owned(), text(tag, "Value")?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Tags as AWS answers them.
pub(super) fn tags_json(tags: &[(String, String)]) -> Value {
    Value::Array(
        tags.iter()
            .map(|(key, value)| json!({"Key": key, "Value": value}))
            .collect(),
    )
}

/// The page of `items` a request's `NextToken` and `Limit` select, and the token of
/// the next page. Tokens carry the offset of the page they start.
pub(super) fn page<T>(
    input: &Value,
    items: Vec<T>,
) -> Result<(Vec<T>, Option<String>), ServiceError> {
    let start = match text(input, "NextToken") {
        None => 0,
        Some(token) => URL_SAFE_NO_PAD
            .decode(token)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|offset| offset.parse::<usize>().ok())
            .filter(|offset| *offset <= items.len())
            .ok_or_else(error::invalid_next_token)?,
    };
    let limit = input
        .get("Limit")
        .and_then(Value::as_u64)
        .and_then(|limit| usize::try_from(limit).ok())
        .unwrap_or(DEFAULT_PAGE);
    let end = start.saturating_add(limit);
    let next = (end < items.len()).then(|| URL_SAFE_NO_PAD.encode(end.to_string()));
    Ok((items.into_iter().skip(start).take(limit).collect(), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_their_tokens() {
        let items: Vec<u32> = (0..5).collect();
        let (first, token) = page(&json!({"Limit": 2}), items.clone()).unwrap();
        assert_eq!(first, [0, 1]);
        let token = token.unwrap();
        let (second, _) = page(&json!({"Limit": 2, "NextToken": token}), items.clone()).unwrap();
        assert_eq!(second, [2, 3]);
        let (all, none) = page(&json!({}), items.clone()).unwrap();
        assert_eq!((all.len(), none), (5, None));
        assert!(page(&json!({"NextToken": "bogus!"}), items).is_err());
    }
}
