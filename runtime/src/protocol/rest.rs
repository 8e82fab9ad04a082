//! REST routing: which operation a method and path are, by the models' URI templates
//! (`/{Bucket}/{Key+}?uploads`), with their labels.

use http::HeaderMap;

use super::model::{Location, Operation, ServiceModel};
use super::query::{decoded_pairs, percent_decode};

/// A request's operation and the values of its URI labels (percent-decoded).
#[derive(Debug, Clone)]
pub struct Matched {
    /// The operation.
    pub operation: &'static Operation,
    /// `(label, value)` for each `{label}` of its template.
    pub labels: Vec<(&'static str, String)>,
}

/// How well a template fits: more literal query keys, then more required members found,
/// then more literal path segments win (`?uploads` over a bare `/{Bucket}/{Key+}`); on a
/// tie, the current operation wins over the deprecated one with the same template.
type Score = (usize, usize, usize, bool);

/// The operation of `model` that `method` and `path` (with `query`, raw) are.
pub fn match_operation(
    model: &ServiceModel,
    method: &str,
    path: &str,
    query: &str,
    headers: &HeaderMap,
) -> Option<Matched> {
    let query_keys: Vec<(String, String)> = decoded_pairs(query).collect();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut best: Option<(Score, Matched)> = None;
    for operation in model.operations {
        if !operation.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let Some((labels, literals)) = match_path(operation.uri, &segments) else {
            continue;
        };
        let Some(query_literals) = match_query(operation.uri, &query_keys) else {
            continue;
        };
        let Some(found) = required_members_present(model, operation, &query_keys, headers) else {
            continue;
        };
        let score = (query_literals, found, literals, !operation.deprecated);
        if best.as_ref().is_none_or(|(top, _)| score > *top) {
            best = Some((score, Matched { operation, labels }));
        }
    }
    best.map(|(_, matched)| matched)
}

/// The labels and the number of literal segments, when `template`'s path fits.
fn match_path(
    template: &'static str,
    segments: &[&str],
) -> Option<(Vec<(&'static str, String)>, usize)> {
    let template_path = template.split('?').next().unwrap_or_default();
    let parts: Vec<&'static str> = template_path.trim_start_matches('/').split('/').collect();
    let mut labels = Vec::new();
    let mut literals = 0;
    let mut index = 0;
    for (position, part) in parts.iter().enumerate() {
        if let Some(label) = part
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
        {
            if let Some(greedy) = label.strip_suffix('+') {
                // A greedy label takes the rest of the path, at least one character.
                if position != parts.len() - 1 {
                    return None;
                }
                let rest = segments.get(index..)?.join("/");
                if rest.is_empty() {
                    return None;
                }
                labels.push((greedy, percent_decode(&rest)));
                return Some((labels, literals));
            }
            let segment = segments.get(index)?;
            if segment.is_empty() {
                return None;
            }
            labels.push((label, percent_decode(segment)));
        } else if segments.get(index).copied().unwrap_or_default() != *part {
            return None;
        } else if !part.is_empty() {
            literals += 1;
        }
        index += 1;
    }
    // Every segment must be used, save one empty one from a trailing slash.
    let rest = segments.get(index..).unwrap_or_default();
    (rest.is_empty() || rest == [""]).then_some((labels, literals))
}

/// The number of the template's literal query keys, when all are present.
fn match_query(template: &str, query: &[(String, String)]) -> Option<usize> {
    let Some((_, literal)) = template.split_once('?') else {
        return Some(0);
    };
    let mut count = 0;
    for pair in literal.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .map_or((pair, None), |(key, value)| (key, Some(value)));
        let present = query
            .iter()
            .any(|(name, found)| name == key && value.is_none_or(|value| value == found));
        if !present {
            return None;
        }
        count += 1;
    }
    Some(count)
}

/// How many required query and header members of the input are present; `None` when one
/// is missing (that request is some other operation).
fn required_members_present(
    model: &ServiceModel,
    operation: &Operation,
    query: &[(String, String)],
    headers: &HeaderMap,
) -> Option<usize> {
    let Some(input) = operation.input else {
        return Some(0);
    };
    let mut found = 0;
    for member in model
        .shape(input)
        .members
        .iter()
        .filter(|member| member.required)
    {
        let present = match member.location {
            Location::QueryString => query.iter().any(|(name, _)| name == member.wire_name()),
            Location::Header => headers.contains_key(member.wire_name()),
            _ => continue,
        };
        if !present {
            return None;
        }
        found += 1;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models;

    fn name(
        method: &str,
        path: &str,
        query: &str,
        headers: &[(&'static str, &str)],
    ) -> Option<String> {
        let mut map = HeaderMap::new();
        for (key, value) in headers {
            map.insert(*key, value.parse().unwrap());
        }
        match_operation(&models::s3::MODEL, method, path, query, &map)
            .map(|matched| matched.operation.name.to_owned())
    }

    #[test]
    fn picks_the_most_specific_template() {
        assert_eq!(name("GET", "/", "", &[]).as_deref(), Some("ListBuckets"));
        assert_eq!(
            name("PUT", "/bucket", "", &[]).as_deref(),
            Some("CreateBucket")
        );
        assert_eq!(
            name("GET", "/bucket", "", &[]).as_deref(),
            Some("ListObjects")
        );
        assert_eq!(
            name("GET", "/bucket", "list-type=2&prefix=a", &[]).as_deref(),
            Some("ListObjectsV2")
        );
        assert_eq!(
            name("GET", "/bucket", "policy", &[]).as_deref(),
            Some("GetBucketPolicy")
        );
        assert_eq!(
            name("GET", "/bucket/", "", &[]).as_deref(),
            Some("ListObjects")
        );
        assert_eq!(
            name("PUT", "/bucket/a/b.txt", "x-id=PutObject", &[]).as_deref(),
            Some("PutObject")
        );
        assert_eq!(
            name(
                "PUT",
                "/bucket/a/b.txt",
                "",
                &[("x-amz-copy-source", "/src/k")]
            )
            .as_deref(),
            Some("CopyObject")
        );
        assert_eq!(
            name("PUT", "/bucket/k", "partNumber=1&uploadId=u", &[]).as_deref(),
            Some("UploadPart")
        );
        assert_eq!(
            name("POST", "/bucket/k", "uploads", &[]).as_deref(),
            Some("CreateMultipartUpload")
        );
        assert_eq!(name("PATCH", "/bucket", "", &[]), None);
    }

    #[test]
    fn labels_are_decoded_and_greedy_labels_take_the_rest() {
        let matched = match_operation(
            &models::s3::MODEL,
            "GET",
            "/bucket/dir/a%20b.txt",
            "",
            &HeaderMap::new(),
        )
        .unwrap();
        assert_eq!(matched.operation.name, "GetObject");
        assert_eq!(
            matched.labels,
            vec![
                ("Bucket", "bucket".to_owned()),
                ("Key", "dir/a b.txt".to_owned())
            ]
        );
    }
}
