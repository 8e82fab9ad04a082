//! Which recorded requests change nothing, so that a fixture can leave them out: a replay
//! of a fixture without them rebuilds the same state and the same ids.
//!
//! A request is a read when the operation it is (named by the router that dispatches it,
//! [`services::route`]) is marked read-only in AWS's model of
//! its service, or is named like one (`Describe*`, `Get*`, `List*`, `Head*`: the models
//! mark few of them), unless it is one of [`CHANGING_READS`]. Anything else is kept:
//! every write, every operation the router cannot name, every control-plane request
//! (`/moto-api/seed`, `/moto-api/reset`), and reads sent by a REST client with a method
//! other than GET or HEAD. Reads named otherwise (DynamoDB `Query` and `Scan`,
//! `BatchGet*`) are kept too: dropping them would be safe, but the rule stays short.
//!
//! SQS `ReceiveMessage` is not a read: it hides the messages it returns for their
//! visibility timeout and counts their receives, so a replay without it would find them
//! visible. Request ids come from a stream of their own (see
//! [`random`](crate::random)), so dropping a read never shifts a resource's id.

use crate::backend::request_from_entry;
use crate::models;
use crate::protocol::error::Protocol;
use crate::recording::{Entry, Recording};
use crate::services;

/// Operations named like reads that change state or draw from the seeded generator, by
/// service (signing name): kept in every fixture.
pub const CHANGING_READS: &[(&str, &str)] = &[
    // Marks the version accessed (`LastAccessedDate` in DescribeSecret and ListSecrets).
    ("secretsmanager", "GetSecretValue"),
    // Draws its characters from the seeded generator.
    ("secretsmanager", "GetRandomPassword"),
    // Issue credentials drawn from the seeded generator, which GetCallerIdentity knows.
    ("sts", "GetSessionToken"),
    ("sts", "GetFederationToken"),
    // Draws from the seeded generator.
    ("kms", "GenerateRandom"),
];

/// How operations that change nothing are named, where the models do not mark them.
const READ_PREFIXES: [&str; 4] = ["Describe", "Get", "List", "Head"];

/// The service and operation of a recorded request, as the router names them; `None`
/// for control-plane requests and requests whose operation cannot be told.
pub fn operation_of(entry: &Entry) -> Option<(String, String)> {
    if entry.is_control_plane() {
        return None;
    }
    let request = request_from_entry(entry).ok()?;
    let route = services::route(&request);
    let operation = route.operation?;
    Some((route.service, operation))
}

/// Whether `entry` is a request that changes nothing (see the module docs).
pub fn is_read(entry: &Entry) -> bool {
    if entry.is_control_plane() {
        return false;
    }
    let Ok(request) = request_from_entry(entry) else {
        return false;
    };
    let route = services::route(&request);
    let Some(operation) = route.operation.as_deref() else {
        return false;
    };
    let rest = matches!(route.protocol, Protocol::RestJson1 | Protocol::RestXml);
    if rest && !matches!(entry.method.to_ascii_uppercase().as_str(), "GET" | "HEAD") {
        return false;
    }
    if CHANGING_READS.contains(&(route.service.as_str(), operation)) {
        return false;
    }
    let marked = models::ALL
        .iter()
        .find(|model| model.signing_name == route.service)
        .and_then(|model| model.operation(operation))
        .is_some_and(|operation| operation.readonly);
    marked
        || READ_PREFIXES.iter().any(|prefix| {
            operation
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
        })
}

/// `recording` without its reads (see [`is_read`]), each kept entry with its line, and
/// how many were left out.
pub fn without_reads(recording: &Recording) -> (Recording, usize) {
    let kept: Vec<Entry> = recording
        .entries()
        .iter()
        .filter(|entry| !is_read(entry))
        .cloned()
        .collect();
    let dropped = recording.len() - kept.len();
    (Recording::new(kept), dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Entry {
        Entry {
            headers: headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            method: method.to_owned(),
            url: format!("http://localhost:5000{url}"),
            body: Some(body.as_bytes().to_vec()),
            status: Some(200),
        }
    }

    /// A POST signed for `scope`, with `content_type` and the `extra` headers.
    fn signed(scope: &str, content_type: &str, extra: &[(&str, &str)], body: &str) -> Entry {
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential=testing/20000101/us-east-1/{scope}/aws4_request, \
             SignedHeaders=host, Signature=0"
        );
        let mut headers = vec![
            ("Authorization", authorization.as_str()),
            ("Content-Type", content_type),
        ];
        headers.extend_from_slice(extra);
        entry("POST", "/", &headers, body)
    }

    fn json(target: &str, scope: &str) -> Entry {
        signed(
            scope,
            "application/x-amz-json-1.0",
            &[("X-Amz-Target", target)],
            "{}",
        )
    }

    fn form(action: &str, scope: &str) -> Entry {
        signed(
            scope,
            "application/x-www-form-urlencoded",
            &[],
            &format!("Action={action}&Version=2016-11-15"),
        )
    }

    #[test]
    fn reads_by_name_and_by_model_are_reads() {
        assert!(is_read(&entry("GET", "/orders?list-type=2", &[], "")));
        assert!(is_read(&entry("HEAD", "/orders/o-1.json", &[], "")));
        assert!(is_read(&entry(
            "GET",
            "/orders/o-1.json?x-id=GetObject",
            &[],
            ""
        )));
        assert!(is_read(&json(
            "DynamoDB_20120810.DescribeTable",
            "dynamodb"
        )));
        assert!(is_read(&json("AmazonSQS.GetQueueUrl", "sqs")));
        assert!(is_read(&form("DescribeInstances", "ec2")));
        assert!(is_read(&form("GetCallerIdentity", "sts")));
        // Marked read-only in Lambda's model.
        assert!(is_read(&entry(
            "GET",
            "/2015-03-31/functions/resize",
            &[],
            ""
        )));
    }

    #[test]
    fn writes_and_reads_that_change_state_are_kept() {
        assert!(!is_read(&entry("PUT", "/orders", &[], "")));
        assert!(!is_read(&entry(
            "PUT",
            "/orders/o-1.json?x-id=PutObject",
            &[],
            "x"
        )));
        assert!(!is_read(&json("DynamoDB_20120810.PutItem", "dynamodb")));
        assert!(!is_read(&json("DynamoDB_20120810.Query", "dynamodb")));
        assert!(!is_read(&json("AmazonSQS.ReceiveMessage", "sqs")));
        assert!(!is_read(&json(
            "secretsmanager.GetSecretValue",
            "secretsmanager"
        )));
        assert!(!is_read(&json(
            "secretsmanager.GetRandomPassword",
            "secretsmanager"
        )));
        assert!(!is_read(&form("GetSessionToken", "sts")));
        assert!(!is_read(&form("RunInstances", "ec2")));
        // `Getaway` is not a Get operation.
        assert!(!is_read(&form("Getaway", "ec2")));
        assert!(!is_read(&Entry::seed(42)));
        assert!(!is_read(&entry("POST", "/moto-api/reset", &[], "")));
    }

    #[test]
    fn a_recording_without_reads_keeps_the_rest_in_order() {
        let recording = Recording::with_seed(
            42,
            [
                entry("PUT", "/orders", &[], ""),
                entry("GET", "/orders?list-type=2", &[], ""),
                entry("PUT", "/orders/a?x-id=PutObject", &[], "x"),
                entry("HEAD", "/orders/a", &[], ""),
            ],
        );
        let (kept, dropped) = without_reads(&recording);
        assert_eq!(dropped, 2);
        let urls: Vec<&str> = kept.entries().iter().map(|e| e.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "http://localhost:5000/moto-api/seed?a=42",
                "http://localhost:5000/orders",
                "http://localhost:5000/orders/a?x-id=PutObject"
            ]
        );
    }
}
