//! The credential scan run before a fixture is written: a recording that still holds
//! credential material is refused, naming the line and the field, so that no secret
//! reaches a file (and from there a repository).
//!
//! What is refused:
//! - access key ids shaped like real ones (`AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 characters) in
//!   a header or a query parameter (`Authorization`, `X-Amz-Credential`,
//!   `AWSAccessKeyId`); canonical fixtures carry a placeholder there;
//! - secret access keys: 40 base64 characters right after a name such as
//!   `SecretAccessKey`, `aws_secret_access_key` or `secretKey`, anywhere;
//! - session tokens: an `X-Amz-Security-Token` header or query parameter (any case), or a
//!   value starting like an STS token (`FwoGZXIvYXdz`, `IQoJb3JpZ2lu`...), anywhere;
//! - private keys: a PEM `-----BEGIN ... PRIVATE KEY-----` block, anywhere;
//! - SSE-C customer keys other than the canonical placeholders;
//! - aws-chunked `chunk-signature=` / `x-amz-trailer-signature:` values not zeroed;
//! - cookies (`Cookie`, `Set-Cookie`).
//!
//! Kept low on false positives: an access key id in a body is allowed (an id alone is no
//! credential, and APIs such as IAM's `DeleteAccessKey` take one), and so are AWS's
//! documentation examples (values containing `EXAMPLE`). Form and query values are also
//! looked at percent-decoded.

use std::fmt;

use super::canonical::{SSE_CUSTOMER_KEY_HEADERS, is_access_key_id, placeholder_sse_key_number};
use super::entry::Entry;
use crate::protocol::aws_chunked;
use crate::protocol::query::percent_decode;

/// How STS session tokens begin (base64 of their binary framing).
const SESSION_TOKEN_PREFIXES: [&str; 7] = [
    "AQoDYXdz",
    "AQoEXAMPLE",
    "FQoDYXdz",
    "FQoGZXIvYXdz",
    "FwoGZXIvYXdz",
    "IQoJb3JpZ2lu",
    "IgoJb3JpZ2lu",
];
/// A value this long after a session token prefix is a token, not a mention of one.
const MIN_SESSION_TOKEN_LEN: usize = 32;
/// The length of an AWS secret access key.
const SECRET_ACCESS_KEY_LEN: usize = 40;

/// A kind of credential material.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// An access key id shaped like a real one (`AKIA...`, `ASIA...`).
    AccessKeyId,
    /// A secret access key.
    SecretAccessKey,
    /// An STS session token.
    SessionToken,
    /// A PEM private key.
    PrivateKey,
    /// An SSE-C customer-provided encryption key.
    SseCustomerKey,
    /// aws-chunked chunk or trailer signatures.
    ChunkSignature,
    /// A cookie.
    Cookie,
}

impl SecretKind {
    /// What to do about it.
    pub fn advice(self) -> &'static str {
        match self {
            SecretKind::AccessKeyId
            | SecretKind::SessionToken
            | SecretKind::SseCustomerKey
            | SecretKind::ChunkSignature
            | SecretKind::Cookie => {
                "Write canonical entries (`Recording::canonical()`, which every recorder \
                 gives already, replaces or drops it) and record with the test credentials \
                 (`testing`), never real ones; if the value is in a request body, use a \
                 placeholder in the recorded setup."
            }
            SecretKind::SecretAccessKey | SecretKind::PrivateKey => {
                "A request of the recorded setup sends it: use a throwaway placeholder value \
                 in the setup, or make that request in the test body, which is not recorded."
            }
        }
    }
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SecretKind::AccessKeyId => "an AWS access key id",
            SecretKind::SecretAccessKey => "what looks like an AWS secret access key",
            SecretKind::SessionToken => "an AWS session token",
            SecretKind::PrivateKey => "a private key",
            SecretKind::SseCustomerKey => "an SSE-C customer key",
            SecretKind::ChunkSignature => "aws-chunked signatures",
            SecretKind::Cookie => "a cookie",
        })
    }
}

/// Where in an entry credential material was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretField {
    /// A header, by its name in the entry.
    Header(String),
    /// A query parameter of the url, by its name.
    QueryParameter(String),
    /// The path of the url.
    Path,
    /// The body.
    Body,
}

impl fmt::Display for SecretField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretField::Header(name) => write!(f, "header `{name}`"),
            SecretField::QueryParameter(name) => write!(f, "query parameter `{name}`"),
            SecretField::Path => f.write_str("url path"),
            SecretField::Body => f.write_str("body"),
        }
    }
}

/// Credential material found in a recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialFinding {
    /// The 1-based line of the fixture (one entry per line).
    pub line: usize,
    /// Where in the entry.
    pub field: SecretField,
    /// What was found.
    pub kind: SecretKind,
}

impl fmt::Display for CredentialFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, {} holds {}; nothing was written. {}",
            self.line,
            self.field,
            self.kind,
            self.kind.advice()
        )
    }
}

/// The first credential material in `entry`, if any: where and what.
pub fn scan_entry(entry: &Entry) -> Option<(SecretField, SecretKind)> {
    scan_headers(entry)
        .or_else(|| scan_url(&entry.url))
        .or_else(|| scan_body(entry.body.as_deref()?).map(|kind| (SecretField::Body, kind)))
}

/// The first credential material in `entries`, numbered as lines from 1.
pub(crate) fn scan_entries<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
) -> Option<CredentialFinding> {
    entries.into_iter().enumerate().find_map(|(index, entry)| {
        scan_entry(entry).map(|(field, kind)| CredentialFinding {
            line: index + 1,
            field,
            kind,
        })
    })
}

fn scan_headers(entry: &Entry) -> Option<(SecretField, SecretKind)> {
    entry.headers.iter().find_map(|(name, value)| {
        let lower = name.to_ascii_lowercase();
        let kind = match lower.as_str() {
            "cookie" | "set-cookie" => Some(SecretKind::Cookie),
            "x-amz-security-token" => Some(SecretKind::SessionToken),
            key if SSE_CUSTOMER_KEY_HEADERS
                .iter()
                .any(|(key_header, _)| *key_header == key)
                && placeholder_sse_key_number(value).is_none() =>
            {
                Some(SecretKind::SseCustomerKey)
            }
            _ => scan_text(value, true),
        };
        kind.map(|kind| (SecretField::Header(name.clone()), kind))
    })
}

fn scan_url(url: &str) -> Option<(SecretField, SecretKind)> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if let Some(kind) = scan_text(&percent_decode(path), false) {
        return Some((SecretField::Path, kind));
    }
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let kind = if name.eq_ignore_ascii_case("x-amz-security-token") {
            Some(SecretKind::SessionToken)
        } else {
            scan_text(value, true).or_else(|| scan_text(&percent_decode(value), true))
        };
        kind.map(|kind| (SecretField::QueryParameter(name.to_owned()), kind))
    })
}

fn scan_body(body: &[u8]) -> Option<SecretKind> {
    if has_chunk_signature(body) {
        return Some(SecretKind::ChunkSignature);
    }
    let text = String::from_utf8_lossy(body);
    // Form bodies escape with `%XX` and write spaces as `+`.
    scan_text(&text, false).or_else(|| {
        text.contains(['%', '+'])
            .then(|| scan_text(&percent_decode(&text), false))
            .flatten()
    })
}

/// Credential material in a value; access key ids only when `access_keys` (headers and
/// query parameters, where they name the signer).
fn scan_text(text: &str, access_keys: bool) -> Option<SecretKind> {
    if has_private_key(text) {
        return Some(SecretKind::PrivateKey);
    }
    for (start, word) in runs(text, is_base64_char) {
        let is_example = word.contains("EXAMPLE");
        if !is_example
            && word.len() >= MIN_SESSION_TOKEN_LEN
            && SESSION_TOKEN_PREFIXES
                .iter()
                .any(|prefix| word.starts_with(prefix))
        {
            return Some(SecretKind::SessionToken);
        }
        if !is_example
            && word.len() == SECRET_ACCESS_KEY_LEN
            && looks_random(word)
            && follows_secret_key_name(&text[..start])
        {
            return Some(SecretKind::SecretAccessKey);
        }
    }
    let has_access_key = access_keys
        && runs(text, |c| c.is_ascii_alphanumeric())
            .any(|(_, word)| is_access_key_id(word) && !word.contains("EXAMPLE"));
    has_access_key.then_some(SecretKind::AccessKeyId)
}

/// The maximal runs of characters in a class, with their byte offsets.
fn runs(text: &str, class: fn(char) -> bool) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices(move |c: char| !class(c))
        .map(|(index, separator)| (index, index + separator.len()))
        .chain(std::iter::once((text.len(), text.len())))
        .scan(0, move |start, (end, next)| {
            let run = (*start, &text[*start..end]);
            *start = next;
            Some(run)
        })
        .filter(|(_, run)| !run.is_empty())
}

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// Upper and lower case and a digit or symbol, as a random base64 key has.
fn looks_random(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_uppercase())
        && word.bytes().any(|b| b.is_ascii_lowercase())
        && word
            .bytes()
            .any(|b| b.is_ascii_digit() || b == b'+' || b == b'/')
}

/// Whether `before` ends with a name like `SecretAccessKey` or `aws_secret_access_key`,
/// then at most a few separators (`"`, `:`, `=`, `>`, spaces...).
fn follows_secret_key_name(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| " \t\"'\\:=<>".contains(c));
    if before.len() - trimmed.len() > 8 {
        return false;
    }
    let name_start = trimmed
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)))
        .map_or(0, |index| index + 1);
    let name = trimmed[name_start..].to_ascii_lowercase();
    name.contains("secret") && name.ends_with("key")
}

/// A PEM `-----BEGIN <label>-----` whose label names a private key.
fn has_private_key(text: &str) -> bool {
    const BEGIN: &str = "-----BEGIN ";
    text.match_indices(BEGIN).any(|(index, _)| {
        let rest = &text[index + BEGIN.len()..];
        rest.find("-----")
            .filter(|&end| end <= 64)
            .is_some_and(|end| rest[..end].contains("PRIVATE KEY"))
    })
}

/// A chunk or trailer signature whose hex digits are not all `0`.
fn has_chunk_signature(body: &[u8]) -> bool {
    aws_chunked::signature_ranges(body)
        .into_iter()
        .any(|range| body[range].iter().any(|&digit| digit != b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(headers: &[(&str, &str)], url: &str, body: &[u8]) -> Entry {
        Entry {
            headers: headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            method: "POST".to_owned(),
            url: format!("http://localhost:5000{url}"),
            body: Some(body.to_vec()),
            status: Some(200),
        }
    }

    fn header(name: &str, value: &str) -> Option<(SecretField, SecretKind)> {
        scan_entry(&entry(&[(name, value)], "/", b""))
    }

    fn body(body: &str) -> Option<SecretKind> {
        scan_entry(&entry(&[], "/", body.as_bytes())).map(|(field, kind)| {
            assert_eq!(field, SecretField::Body);
            kind
        })
    }

    fn query(query: &str) -> Option<(SecretField, SecretKind)> {
        scan_entry(&entry(&[], &format!("/b/k?{query}"), b""))
    }

    const CANONICAL_AUTH: &str = "AWS4-HMAC-SHA256 Credential=testing/20000101/us-east-1/s3/aws4_request, \
        SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000";
    const SECRET: &str = "kx8S2v/0Wq3JdLr9bXnTz+F1mPyC7aGhUeR4iNoB";

    #[test]
    fn access_key_ids_in_headers_and_query_parameters() {
        let auth = CANONICAL_AUTH.replace("testing", "AKIAY34FZKBOKMUTVV7A");
        assert_eq!(
            header("Authorization", &auth),
            Some((
                SecretField::Header("Authorization".into()),
                SecretKind::AccessKeyId
            ))
        );
        assert_eq!(
            query(
                "X-Amz-Credential=ASIAQNVKZ7XJ2PLH4RTE%2F20000101%2Fus-east-1%2Fs3%2Faws4_request"
            ),
            Some((
                SecretField::QueryParameter("X-Amz-Credential".into()),
                SecretKind::AccessKeyId
            ))
        );
        assert_eq!(
            query("AWSAccessKeyId=AKIAY34FZKBOKMUTVV7A&Expires=1"),
            Some((
                SecretField::QueryParameter("AWSAccessKeyId".into()),
                SecretKind::AccessKeyId
            ))
        );
        // The placeholder, the test credentials, ids of other shapes, and ids in bodies.
        assert_eq!(header("Authorization", CANONICAL_AUTH), None);
        assert_eq!(
            header(
                "Authorization",
                &CANONICAL_AUTH.replace("testing", "AKIAIOSFODNN7EXAMPLE")
            ),
            None
        );
        assert_eq!(header("X-Amz-Meta-Id", "AKIAY34FZKBOKMUTVV7AB"), None);
        assert_eq!(
            body("Action=DeleteAccessKey&AccessKeyId=AKIAY34FZKBOKMUTVV7A"),
            None
        );
    }

    #[test]
    fn secret_access_keys_next_to_their_name() {
        for text in [
            format!(r#"{{"SecretAccessKey": "{SECRET}"}}"#),
            format!("aws_secret_access_key = {SECRET}\n"),
            format!("<SecretAccessKey>{SECRET}</SecretAccessKey>"),
            format!(
                "Action=X&Credentials.SecretAccessKey={}",
                SECRET.replace('/', "%2F").replace('+', "%2B")
            ),
            format!(r#"{{"config":"{{\"secretKey\":\"{SECRET}\"}}"}}"#),
        ] {
            assert_eq!(body(&text), Some(SecretKind::SecretAccessKey), "{text}");
        }
        for text in [
            // Not next to a key name.
            format!(r#"{{"SecretString": "{SECRET}"}}"#),
            format!(r#"{{"Digest": "{SECRET}"}}"#),
            // AWS's documentation example.
            r#"{"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}"#.to_owned(),
            // Not random-looking, or not 40 characters.
            format!(r#"{{"secret_key": "{}"}}"#, "a".repeat(40)),
            format!(r#"{{"secret_key": "{}x"}}"#, SECRET),
        ] {
            assert_eq!(body(&text), None, "{text}");
        }
    }

    #[test]
    fn session_tokens_anywhere_and_token_fields_in_any_case() {
        let token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD";
        assert_eq!(
            header("X-Amz-Security-Token", "anything"),
            Some((
                SecretField::Header("X-Amz-Security-Token".into()),
                SecretKind::SessionToken
            ))
        );
        assert_eq!(
            query("x-amz-security-token=t&Expires=1"),
            Some((
                SecretField::QueryParameter("x-amz-security-token".into()),
                SecretKind::SessionToken
            ))
        );
        assert_eq!(
            body(&format!(r#"{{"Token": "{token}"}}"#)),
            Some(SecretKind::SessionToken)
        );
        assert_eq!(
            body(
                "Action=X&SessionToken=FwoGZXIvYXdzEJr%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaDGhpZGRlbg"
            ),
            Some(SecretKind::SessionToken)
        );
        assert_eq!(body("a mention of FwoGZXIvYXdz is no token"), None);
    }

    #[test]
    fn private_keys() {
        for text in [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
            r#"{"PrivateKey":"-----BEGIN PRIVATE KEY-----\nMIIE..."}"#,
            "Action=ImportKeyPair&Key=-----BEGIN+OPENSSH+PRIVATE+KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----",
        ] {
            assert_eq!(body(text), Some(SecretKind::PrivateKey), "{text}");
        }
        assert_eq!(
            body("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
            None
        );
        assert_eq!(body("-----BEGIN PUBLIC KEY-----"), None);
    }

    #[test]
    fn sse_c_keys_other_than_placeholders() {
        let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        assert_eq!(
            header("X-Amz-Server-Side-Encryption-Customer-Key", key),
            Some((
                SecretField::Header("X-Amz-Server-Side-Encryption-Customer-Key".into()),
                SecretKind::SseCustomerKey
            ))
        );
        assert_eq!(
            header(
                "X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key",
                "not even base64"
            )
            .map(|(_, kind)| kind),
            Some(SecretKind::SseCustomerKey)
        );
        let placeholder = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=";
        assert_eq!(
            header("X-Amz-Server-Side-Encryption-Customer-Key", placeholder),
            None
        );
        // The MD5 of a key is no key.
        assert_eq!(
            header(
                "X-Amz-Server-Side-Encryption-Customer-Key-Md5",
                "7zsKkTP7kUabJ2Bsi9QZhA=="
            ),
            None
        );
    }

    #[test]
    fn chunk_signatures_unless_zeroed() {
        let signed = "5;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\nhello";
        assert_eq!(body(signed), Some(SecretKind::ChunkSignature));
        assert_eq!(
            body("0;chunk-signature=0000\r\nx-amz-trailer-signature:9f\r\n"),
            Some(SecretKind::ChunkSignature)
        );
        assert_eq!(
            body(&format!(
                "5;chunk-signature={}\r\nhello\r\n0;chunk-signature=\r\n",
                "0".repeat(64)
            )),
            None
        );
    }

    #[test]
    fn cookies() {
        for name in ["Cookie", "set-cookie"] {
            assert_eq!(
                header(name, "session=1").map(|(_, kind)| kind),
                Some(SecretKind::Cookie)
            );
        }
    }

    #[test]
    fn findings_name_line_field_and_what_to_do() {
        let entries = [
            entry(&[("Authorization", CANONICAL_AUTH)], "/", b"{}"),
            entry(&[("Content-Type", "text/plain")], "/b/k", b"plain"),
            entry(&[("x-amz-security-token", "t")], "/", b""),
        ];
        let finding = scan_entries(&entries).unwrap();
        assert_eq!(finding.line, 3);
        assert_eq!(
            finding.to_string(),
            format!(
                "line 3, header `x-amz-security-token` holds an AWS session token; nothing was \
                 written. {}",
                SecretKind::SessionToken.advice()
            )
        );
        assert_eq!(scan_entries(&entries[..2]), None);
    }

    #[test]
    fn runs_split_text_by_character_class() {
        let found: Vec<(usize, &str)> = runs("ab=c/d++e", |c| c.is_ascii_alphabetic()).collect();
        assert_eq!(found, [(0, "ab"), (3, "c"), (5, "d"), (8, "e")]);
        assert_eq!(runs("", is_base64_char).count(), 0);
    }
}
