//! `Marker` and `MaxItems` paging of Lambda's lists. A marker is the sort key of the next
//! page's first item, base64-encoded (opaque to clients, as Lambda's are), so a page
//! stays right when items before it are deleted in between.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::error;
use crate::protocol::error::ServiceError;

/// A page of `items` (sorted by their keys) starting at `marker`, at most `max_items`
/// long (`default` when not given), and the marker of the next page, if there is one.
pub(super) fn page(
    items: Vec<(String, Value)>,
    marker: Option<&str>,
    max_items: Option<u64>,
    default: usize,
) -> Result<(Vec<Value>, Option<String>), ServiceError> {
    let start = match marker {
        None => String::new(),
        Some(marker) => URL_SAFE_NO_PAD
            .decode(marker)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| error::invalid_parameter(format!("Invalid Marker: {marker}")))?,
    };
    let size = max_items.map_or(default, |max| usize::try_from(max).unwrap_or(usize::MAX));
    let mut rest = items.into_iter().filter(|(key, _)| *key >= start);
    let page: Vec<Value> = rest.by_ref().take(size).map(|(_, item)| item).collect();
    let next = rest.next().map(|(key, _)| URL_SAFE_NO_PAD.encode(key));
    Ok((page, next))
}

/// A version's sort key: `$LATEST` first, then published versions by number.
pub(super) fn version_key(version: &str) -> String {
    version
        .parse::<u64>()
        .map_or_else(|_| String::new(), |number| format!("{number:020}"))
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
    fn pages_follow_their_markers() {
        let (first, marker) = page(items(&["a", "b", "c"]), None, Some(2), 50).unwrap();
        assert_eq!(first, [json!("a"), json!("b")]);
        let marker = marker.unwrap();
        // "b" is deleted in between: the next page still starts at "c".
        let (second, end) = page(items(&["a", "c"]), Some(&marker), Some(2), 50).unwrap();
        assert_eq!(second, [json!("c")]);
        assert_eq!(end, None);
        assert_eq!(
            page(items(&["a"]), Some("!!"), None, 50).unwrap_err().code,
            "InvalidParameterValueException"
        );
    }

    #[test]
    fn latest_sorts_before_published_versions() {
        let mut keys = vec![version_key("10"), version_key("$LATEST"), version_key("9")];
        keys.sort();
        assert_eq!(
            keys,
            [version_key("$LATEST"), version_key("9"), version_key("10")]
        );
    }
}
