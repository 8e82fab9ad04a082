//! Pages of a Describe operation's results: `MaxResults` and `NextToken`, where the token
//! is the position of the page's first result.

use serde_json::Value;

use super::error;
use crate::protocol::error::ServiceError;

/// The page a request asks for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Request {
    /// The page size, when the request limits it.
    limit: Option<usize>,
    /// Where the page starts.
    start: usize,
}

impl Request {
    /// `MaxResults` and `NextToken` of `input`; `MaxResults` must lie in `min..=max`.
    pub(super) fn of(input: &Value, min: u64, max: u64) -> Result<Request, ServiceError> {
        let limit = match input.get("MaxResults").and_then(Value::as_i64) {
            None => None,
            Some(size) if u64::try_from(size).is_ok_and(|size| (min..=max).contains(&size)) => {
                usize::try_from(size).ok()
            }
            Some(size) => {
                return Err(error::invalid_parameter_value(format!(
                    "Value ( {size} ) for parameter maxResults is invalid. Expecting a value \
                     between {min} and {max}."
                )));
            }
        };
        let start = match input.get("NextToken").and_then(Value::as_str) {
            None => 0,
            Some(token) => token
                .parse()
                .map_err(|_| error::invalid_pagination_token(token))?,
        };
        Ok(Request { limit, start })
    }

    /// The page of `results`, and the token of the next page when there is one.
    pub(super) fn cut<T>(self, results: Vec<T>) -> Result<(Vec<T>, Option<String>), ServiceError> {
        if self.start > results.len() {
            return Err(error::invalid_pagination_token(&self.start.to_string()));
        }
        let end = self.limit.map_or(results.len(), |limit| {
            self.start.saturating_add(limit).min(results.len())
        });
        let next = (end < results.len()).then(|| end.to_string());
        let page = results
            .into_iter()
            .skip(self.start)
            .take(end - self.start)
            .collect();
        Ok((page, next))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn pages_follow_one_another_to_the_end() {
        let results: Vec<u32> = (0..12).collect();
        let first = Request::of(&json!({"MaxResults": 5}), 5, 1000).unwrap();
        let (page, next) = first.cut(results.clone()).unwrap();
        assert_eq!(page, [0, 1, 2, 3, 4]);
        let next = next.unwrap();
        let second = Request::of(&json!({"MaxResults": 5, "NextToken": next}), 5, 1000).unwrap();
        let (page, next) = second.cut(results.clone()).unwrap();
        assert_eq!(page, [5, 6, 7, 8, 9]);
        let third = Request::of(
            &json!({"MaxResults": 5, "NextToken": next.unwrap()}),
            5,
            1000,
        );
        let (page, next) = third.unwrap().cut(results.clone()).unwrap();
        assert_eq!(page, [10, 11]);
        assert_eq!(next, None);
        let (all, none) = Request::of(&json!({}), 5, 1000)
            .unwrap()
            .cut(results)
            .unwrap();
        assert_eq!((all.len(), none), (12, None));
    }

    #[test]
    fn sizes_and_tokens_are_checked() {
        let small = Request::of(&json!({"MaxResults": 4}), 5, 1000).unwrap_err();
        assert_eq!(small.code, "InvalidParameterValue");
        let token = Request::of(&json!({"NextToken": "abc"}), 5, 1000).unwrap_err();
        assert_eq!(token.code, "InvalidPaginationToken");
        let beyond = Request::of(&json!({"NextToken": "99"}), 5, 1000).unwrap();
        assert!(beyond.cut(vec![1, 2]).is_err());
    }
}
