//! `Marker` and `MaxItems` paging of every IAM list. A marker is the sort key of the next
//! page's first item, base64-encoded (opaque to clients, as AWS's are), so a page stays
//! right when items before it are deleted in between.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::error;
use crate::protocol::error::ServiceError;

/// IAM's default page: 100 items.
const DEFAULT_PAGE: usize = 100;

/// A page of `items` (sorted by their keys) as the request's `Marker` and `MaxItems` ask.
pub(super) struct Page {
    pub(super) items: Vec<Value>,
    /// The marker of the next page, when there is one.
    pub(super) next: Option<String>,
}

/// Items with their sort keys.
pub(super) type Keyed = Vec<(String, Value)>;

/// The page of `items` (sorted by key) the request's `Marker` and `MaxItems` ask for,
/// with their keys, and the marker of the next page, if there is one.
pub(super) fn cut(
    input: &Value,
    items: Vec<(String, Value)>,
) -> Result<(Keyed, Option<String>), ServiceError> {
    let start = match input.get("Marker").and_then(Value::as_str) {
        None => String::new(),
        Some(marker) => URL_SAFE_NO_PAD
            .decode(marker)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| error::validation("Invalid Marker."))?,
    };
    let size = input
        .get("MaxItems")
        .and_then(Value::as_u64)
        .map_or(DEFAULT_PAGE, |max| {
            usize::try_from(max).unwrap_or(usize::MAX)
        });
    let mut rest = items.into_iter().filter(|(key, _)| *key >= start);
    let page: Vec<(String, Value)> = rest.by_ref().take(size).collect();
    let next = rest.next().map(|(key, _)| URL_SAFE_NO_PAD.encode(key));
    Ok((page, next))
}

impl Page {
    /// Cuts the page from `items`, sorted by key.
    pub(super) fn of(input: &Value, items: Vec<(String, Value)>) -> Result<Page, ServiceError> {
        let (page, next) = cut(input, items)?;
        Ok(Page {
            items: page.into_iter().map(|(_, item)| item).collect(),
            next,
        })
    }

    /// The answer: the items under `member`, `IsTruncated` and, when truncated, `Marker`.
    pub(super) fn answer(self, member: &str) -> Value {
        let mut answer = Map::new();
        answer.insert(member.to_owned(), Value::Array(self.items));
        answer.insert("IsTruncated".to_owned(), Value::Bool(self.next.is_some()));
        if let Some(next) = self.next {
            answer.insert("Marker".to_owned(), Value::String(next));
        }
        Value::Object(answer)
    }
}

/// A list's items, keyed by themselves (names), as one page.
pub(super) fn names(
    input: &Value,
    names: Vec<String>,
    member: &str,
) -> Result<Value, ServiceError> {
    let items = names
        .into_iter()
        .map(|name| (name.clone(), Value::String(name)))
        .collect();
    Ok(Page::of(input, items)?.answer(member))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn items(keys: &[&str]) -> Vec<(String, Value)> {
        keys.iter()
            .map(|key| ((*key).to_owned(), json!(key)))
            .collect()
    }

    #[test]
    fn pages_follow_their_markers_even_after_deletions() {
        let first = Page::of(&json!({"MaxItems": 2}), items(&["a", "b", "c"])).unwrap();
        assert_eq!(first.items, [json!("a"), json!("b")]);
        let marker = first.next.unwrap();
        let second = Page::of(&json!({"Marker": marker}), items(&["a", "c"])).unwrap();
        assert_eq!(second.items, [json!("c")]);
        assert!(second.next.is_none());
        assert_eq!(
            Page::of(&json!({"Marker": "!!"}), items(&["a"]))
                .err()
                .unwrap()
                .code,
            "ValidationError"
        );
    }

    #[test]
    fn answers_carry_a_marker_only_when_truncated() {
        let page = Page::of(&json!({"MaxItems": 1}), items(&["a", "b"])).unwrap();
        let answer = page.answer("Users");
        assert_eq!(answer["IsTruncated"], json!(true));
        assert!(answer["Marker"].is_string());
        let whole = Page::of(&json!({}), items(&["a", "b"]))
            .unwrap()
            .answer("Users");
        assert_eq!(whole, json!({"Users": ["a", "b"], "IsTruncated": false}));
    }
}
