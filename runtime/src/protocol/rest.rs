//! REST routing: which operation a method and path are, by the models' URI templates
//! (`/{Bucket}/{Key+}?uploads`), with their labels.

use std::sync::OnceLock;

use http::HeaderMap;

use super::model::{Location, Operation, ServiceModel, WireProtocol};
use super::query::{decoded_pairs, percent_decode};
use crate::models;

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
    let parsed;
    let templates = match cached_templates(model) {
        Some(templates) => templates,
        None => {
            parsed = parse_templates(model);
            &parsed
        }
    };
    // Scored without allocating (many templates fit a path and then fail on the query);
    // only the winner's labels are decoded.
    let mut best: Option<(Score, &'static Operation, &Template)> = None;
    for (operation, template) in model.operations.iter().zip(templates) {
        if !operation.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let Some(query_literals) = template.query_literals(&query_keys) else {
            continue;
        };
        let Some(literals) = template.walk_path(&segments, None) else {
            continue;
        };
        let Some(found) = required_members_present(model, operation, &query_keys, headers) else {
            continue;
        };
        let score = (query_literals, found, literals, !operation.deprecated);
        if best.as_ref().is_none_or(|(top, ..)| score > *top) {
            best = Some((score, operation, template));
        }
    }
    let (_, operation, template) = best?;
    let mut labels = Vec::new();
    template.walk_path(&segments, Some(&mut labels))?;
    Some(Matched { operation, labels })
}

/// The templates of the REST models in [`models::ALL`], parsed once, in the order of
/// their operations: every REST request is tried against each operation of its model,
/// and splitting the template strings anew each time was about a third of an S3
/// GetObject's instructions. `None` for a model from elsewhere, parsed per call.
fn cached_templates(model: &ServiceModel) -> Option<&'static [Template]> {
    static PARSED: OnceLock<Vec<(&'static str, Vec<Template>)>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        models::ALL
            .iter()
            .filter(|model| {
                matches!(
                    model.protocol,
                    WireProtocol::RestJson1 | WireProtocol::RestXml
                )
            })
            .map(|model| (model.name, parse_templates(model)))
            .collect()
    });
    parsed
        .iter()
        .find(|(name, _)| *name == model.name)
        .map(|(_, templates)| templates.as_slice())
}

fn parse_templates(model: &ServiceModel) -> Vec<Template> {
    model
        .operations
        .iter()
        .map(|operation| Template::parse(operation.uri))
        .collect()
}

/// A URI template (`/{Bucket}/{Key+}?uploads`), split into its parts.
#[derive(Debug)]
struct Template {
    /// The path's segments, in order.
    path: Vec<Segment>,
    /// The literal query keys, with the value one requires (`x-id=PutObject`).
    query: Vec<(&'static str, Option<&'static str>)>,
}

#[derive(Debug)]
enum Segment {
    Literal(&'static str),
    Label(&'static str),
    /// A label that takes the rest of the path (`{Key+}`).
    Greedy(&'static str),
}

impl Template {
    fn parse(uri: &'static str) -> Template {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let path = path
            .trim_start_matches('/')
            .split('/')
            .map(|part| {
                match part
                    .strip_prefix('{')
                    .and_then(|rest| rest.strip_suffix('}'))
                {
                    Some(label) => match label.strip_suffix('+') {
                        Some(greedy) => Segment::Greedy(greedy),
                        None => Segment::Label(label),
                    },
                    None => Segment::Literal(part),
                }
            })
            .collect();
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                pair.split_once('=')
                    .map_or((pair, None), |(key, value)| (key, Some(value)))
            })
            .collect();
        Template { path, query }
    }

    /// The number of literal query keys, when every one is present.
    fn query_literals(&self, query: &[(String, String)]) -> Option<usize> {
        let all_present = self.query.iter().all(|(key, value)| {
            query
                .iter()
                .any(|(name, found)| name == key && value.is_none_or(|value| value == found))
        });
        all_present.then_some(self.query.len())
    }

    /// The number of literal segments when the path fits `segments`, collecting the
    /// labels' percent-decoded values into `labels` when asked.
    fn walk_path(
        &self,
        segments: &[&str],
        mut labels: Option<&mut Vec<(&'static str, String)>>,
    ) -> Option<usize> {
        let mut literals = 0;
        for (index, part) in self.path.iter().enumerate() {
            match part {
                Segment::Greedy(greedy) => {
                    // The rest of the path, at least one character; only as the last part.
                    if index != self.path.len() - 1 {
                        return None;
                    }
                    let rest = segments.get(index..)?;
                    if rest.is_empty() || rest == [""] {
                        return None;
                    }
                    if let Some(labels) = labels.as_deref_mut() {
                        labels.push((greedy, percent_decode(&rest.join("/"))));
                    }
                    return Some(literals);
                }
                Segment::Label(label) => {
                    let segment = segments.get(index)?;
                    if segment.is_empty() {
                        return None;
                    }
                    if let Some(labels) = labels.as_deref_mut() {
                        labels.push((label, percent_decode(segment)));
                    }
                }
                Segment::Literal(literal) => {
                    if segments.get(index).copied().unwrap_or_default() != *literal {
                        return None;
                    }
                    if !literal.is_empty() {
                        literals += 1;
                    }
                }
            }
        }
        // Every segment must be used, save one empty one from a trailing slash.
        let rest = segments.get(self.path.len()..).unwrap_or_default();
        (rest.is_empty() || rest == [""]).then_some(literals)
    }
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
