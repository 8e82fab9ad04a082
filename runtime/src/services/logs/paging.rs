//! Pages of listed items, with the opaque `nextToken`s that continue them: the offset
//! of the next item, base64-encoded.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use serde_json::{Value, json};

use super::error;
use super::input::text;
use crate::protocol::error::ServiceError;

/// The token that continues a listing at `offset`.
pub(super) fn token(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

/// The offset a token continues at.
pub(super) fn offset(token: Option<&str>) -> Result<usize, ServiceError> {
    let Some(token) = token else {
        return Ok(0);
    };
    URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("offset:")?.parse().ok())
        .ok_or_else(error::invalid_token)
}

/// The page of `items` from the token's offset, at most `limit` long, and the token of
/// the next page when there is one.
pub(super) fn page<T>(
    items: Vec<T>,
    limit: usize,
    next: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ServiceError> {
    let start = offset(next)?;
    let total = items.len();
    let end = start.saturating_add(limit).min(total);
    let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
    let token = (end < total).then(|| token(end));
    Ok((page, token))
}

/// A describe operation's answer: the page of `items` the input's `nextToken` asks for
/// under `member`, and the `nextToken` of the page after it, if any.
pub(super) fn listing(
    member: &str,
    items: Vec<Value>,
    limit: usize,
    input: &Value,
) -> Result<Value, ServiceError> {
    let (page, next) = page(items, limit, text(input, "nextToken"))?;
    let mut out = json!({ member: page });
    if let Some(next) = next {
        out["nextToken"] = json!(next);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_continue_where_the_token_says() {
        let (first, next) = page(vec![1, 2, 3], 2, None).unwrap();
        assert_eq!(first, [1, 2]);
        assert_eq!(next.as_deref(), Some("b2Zmc2V0OjI"));
        let (second, last) = page(vec![1, 2, 3], 2, next.as_deref()).unwrap();
        assert_eq!(second, [3]);
        assert_eq!(last, None);
        assert!(page(vec![1], 1, Some("nonsense")).is_err());
    }
}
