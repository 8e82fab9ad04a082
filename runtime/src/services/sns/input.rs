//! Reading the engine's neutral input, and paging lists as SNS pages them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error;
use crate::protocol::error::ServiceError;

/// How many items a list operation answers at most.
const PAGE_SIZE: usize = 100;

/// A text member.
pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// A member the model requires (the engine has checked it is there).
pub(super) fn required<'a>(input: &'a Value, name: &str) -> Result<&'a str, ServiceError> {
    text(input, name).ok_or_else(|| error::invalid_parameter(name))
}

/// A map of text values (`Attributes`).
pub(super) fn attribute_map(input: &Value, name: &str) -> BTreeMap<String, String> {
    input
        .get(name)
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .map(|(key, value)| (key.clone(), value.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The page of `items` a `NextToken` asks for (the first without one), and the token of
/// the next page when there is one. Tokens are the index the next page starts at.
pub(super) fn page<T: Clone>(
    items: &[T],
    next_token: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ServiceError> {
    let start = match next_token.filter(|token| !token.is_empty()) {
        None => 0,
        Some(token) => token
            .parse::<usize>()
            .ok()
            .filter(|start| *start <= items.len())
            .ok_or_else(|| error::invalid_parameter("NextToken"))?,
    };
    let end = items.len().min(start.saturating_add(PAGE_SIZE));
    let page = items.get(start..end).unwrap_or_default().to_vec();
    let next = (end < items.len()).then(|| end.to_string());
    Ok((page, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_a_hundred_items_and_name_the_next() {
        let items: Vec<u32> = (0..250).collect();
        let (first, token) = page(&items, None).unwrap();
        assert_eq!((first.len(), token.as_deref()), (100, Some("100")));
        let (second, token) = page(&items, Some("100")).unwrap();
        assert_eq!(
            (second.first(), token.as_deref()),
            (Some(&100), Some("200"))
        );
        let (last, token) = page(&items, Some("200")).unwrap();
        assert_eq!((last.len(), token), (50, None));
        let exactly: Vec<u32> = (0..100).collect();
        assert_eq!(page(&exactly, None).unwrap().1, None);
        assert!(page(&items, Some("abc")).is_err());
        assert!(page(&items, Some("900")).is_err());
    }
}
