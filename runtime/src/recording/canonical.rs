//! The canonical form of a recorded request, so that re-recording an unchanged setup
//! gives a byte-identical fixture and no secret is ever committed.
//!
//! - `url`: `http://localhost:5000` + path-style path + raw query (no ephemeral port,
//!   S3 virtual-hosted buckets moved into the path);
//! - headers: Title-Case, sorted, per-attempt and transport headers dropped,
//!   `Authorization` reduced to its credential scope with a placeholder signature;
//! - aws-chunked bodies decoded, their trailing checksum kept as a header;
//! - JSON bodies with sorted keys; the server's own address in bodies written as
//!   `http://localhost:5000`; SDK-generated idempotency tokens numbered in order.
//!
//! Canonicalising a canonical entry changes nothing.

use std::collections::HashMap;

use serde_json::Value;

use super::entry::{CANONICAL_ORIGIN, Entry, split_url};
use crate::protocol::{aws_chunked, host, sigv4};

/// Headers that differ per attempt, per connection or per clock tick, or carry secrets.
const DROPPED_HEADERS: [&str; 13] = [
    "host",
    "content-length",
    "user-agent",
    "x-amz-user-agent",
    "x-amz-date",
    "date",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "x-amz-security-token",
    "expect",
    "accept-encoding",
    "connection",
    "transfer-encoding",
];

/// Stands in for every signature in a fixture.
pub const PLACEHOLDER_SIGNATURE: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";
/// Stands in for the date of every SigV4 credential scope in a fixture.
pub const PLACEHOLDER_SCOPE_DATE: &str = "20000101";
/// Idempotency tokens the SDKs fill in by themselves, made deterministic.
const IDEMPOTENCY_TOKEN_FIELDS: [&str; 2] = ["ClientToken", "ClientRequestToken"];
/// Deterministic idempotency tokens are this prefix and a 12-digit hex counter.
const TOKEN_PREFIX: &str = "00000000-0000-4000-8000-";

/// A request as it reached a server, before canonicalisation.
#[derive(Debug, Clone, Copy)]
pub struct CapturedRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The request target: origin-form (`/path?query`) or an absolute url.
    pub uri: &'a str,
    /// Header names and raw values, as received.
    pub headers: &'a [(&'a str, &'a [u8])],
    /// The body bytes, as received.
    pub body: &'a [u8],
}

/// Turns requests into canonical entries. One per recording: it numbers the
/// idempotency tokens it replaces, in order of first appearance.
#[derive(Debug, Default, Clone)]
pub struct Canonicalizer {
    tokens: HashMap<String, String>,
    last_token: u64,
}

impl Canonicalizer {
    /// A canonicalizer for a new recording.
    pub fn new() -> Canonicalizer {
        Canonicalizer::default()
    }

    /// The canonical entry for a captured request and the status it was answered with.
    pub fn captured(&mut self, request: &CapturedRequest<'_>, status: Option<u16>) -> Entry {
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    (*name).to_owned(),
                    String::from_utf8_lossy(value).into_owned(),
                )
            })
            .collect();
        self.canonicalize(
            request.method,
            request.uri,
            headers,
            Some(request.body),
            status,
        )
    }

    /// The canonical form of an entry read from a recording.
    pub fn entry(&mut self, entry: &Entry) -> Entry {
        self.canonicalize(
            &entry.method,
            &entry.url,
            entry.headers.clone(),
            entry.body.as_deref(),
            entry.status,
        )
    }

    fn canonicalize(
        &mut self,
        method: &str,
        target: &str,
        headers: Vec<(String, String)>,
        body: Option<&[u8]>,
        status: Option<u16>,
    ) -> Entry {
        let mut headers = merge_duplicate_headers(headers);
        let location = Location::of(target, &headers);
        let own_origin = location.own_origin();
        let path = location.path_style_path();
        let query = location
            .query
            .map(|query| self.canonical_query(query, own_origin.as_deref()));

        let mut body = body.map(<[u8]>::to_vec);
        if let Some(raw) = &body
            && aws_chunked::is_aws_chunked(
                header(&headers, "content-encoding"),
                header(&headers, "x-amz-content-sha256"),
            )
            && let Ok(decoded) = aws_chunked::decode(raw)
        {
            // An undecodable body is kept as sent, so replay meets the same failure.
            unchunk_headers(&mut headers, decoded.trailers);
            body = Some(decoded.payload);
        }
        if let Some(bytes) = &mut body
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            let content_type = header(&headers, "content-type").unwrap_or_default();
            let text = self.canonical_text_body(text, content_type, own_origin.as_deref());
            *bytes = text.into_bytes();
        }

        let mut url = format!("{CANONICAL_ORIGIN}{path}");
        if let Some(query) = query {
            url.push('?');
            url.push_str(&query);
        }
        Entry {
            headers: canonical_headers(headers),
            method: method.to_ascii_uppercase(),
            url,
            body,
            status,
        }
    }

    fn canonical_query(&mut self, query: &str, own_origin: Option<&str>) -> String {
        let is_sigv2_presigned = query
            .split('&')
            .any(|pair| pair.starts_with("AWSAccessKeyId="));
        let pairs: Vec<String> = query
            .split('&')
            .filter(|pair| !pair.starts_with("X-Amz-Security-Token="))
            .map(|pair| match pair.split_once('=') {
                Some(("X-Amz-Signature", _)) => format!("X-Amz-Signature={PLACEHOLDER_SIGNATURE}"),
                Some(("Signature", _)) if is_sigv2_presigned => {
                    format!("Signature={PLACEHOLDER_SIGNATURE}")
                }
                Some((name, value)) => format!("{name}={}", self.maybe_token(name, value)),
                None => pair.to_owned(),
            })
            .collect();
        replace_origin(&pairs.join("&"), own_origin)
    }

    fn canonical_text_body(
        &mut self,
        text: &str,
        content_type: &str,
        own_origin: Option<&str>,
    ) -> String {
        let content_type = content_type.to_ascii_lowercase();
        let rewritten = if content_type.contains("json") {
            self.canonical_json(text)
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            Some(self.canonical_form(text))
        } else {
            None
        };
        replace_origin(rewritten.as_deref().unwrap_or(text), own_origin)
    }

    /// Sorted keys (serde_json's map is ordered) and deterministic top-level tokens.
    fn canonical_json(&mut self, text: &str) -> Option<String> {
        let mut value: Value = serde_json::from_str(text).ok()?;
        if let Value::Object(object) = &mut value {
            for field in IDEMPOTENCY_TOKEN_FIELDS {
                if let Some(Value::String(token)) = object.get_mut(field) {
                    *token = self.maybe_token(field, token);
                }
            }
        }
        serde_json::to_string(&value).ok()
    }

    fn canonical_form(&mut self, text: &str) -> String {
        let pairs: Vec<String> = text
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) => format!("{name}={}", self.maybe_token(name, value)),
                None => pair.to_owned(),
            })
            .collect();
        pairs.join("&")
    }

    /// The deterministic stand-in for an SDK-generated idempotency token; other values
    /// are returned unchanged. Equal tokens get equal stand-ins, so a deliberate retry
    /// with the same token stays a retry.
    fn maybe_token(&mut self, field: &str, value: &str) -> String {
        if !IDEMPOTENCY_TOKEN_FIELDS.contains(&field) || !is_uuid(value) {
            return value.to_owned();
        }
        if let Some(number) = value
            .strip_prefix(TOKEN_PREFIX)
            .and_then(|counter| u64::from_str_radix(counter, 16).ok())
        {
            self.last_token = self.last_token.max(number);
            return value.to_owned();
        }
        if let Some(known) = self.tokens.get(value) {
            return known.clone();
        }
        self.last_token += 1;
        let token = format!("{TOKEN_PREFIX}{:012x}", self.last_token);
        self.tokens.insert(value.to_owned(), token.clone());
        token
    }
}

/// Where a request went: scheme, host and the path and query it asked for.
struct Location<'a> {
    scheme: &'a str,
    host: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> Location<'a> {
    fn of(target: &'a str, headers: &'a [(String, String)]) -> Location<'a> {
        if let Some(parts) = split_url(target) {
            return Location {
                scheme: parts.scheme,
                host: parts.authority,
                path: parts.path,
                query: parts.query,
            };
        }
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };
        Location {
            scheme: "http",
            host: header(headers, "host").unwrap_or("localhost:5000"),
            path,
            query,
        }
    }

    /// The path with an S3 virtual-hosted bucket moved into it.
    fn path_style_path(&self) -> String {
        let path = if self.path.is_empty() { "/" } else { self.path };
        match host::virtual_host_bucket(self.host) {
            Some(bucket) if path == "/" => format!("/{bucket}"),
            Some(bucket) => format!("/{bucket}{path}"),
            None => path.to_owned(),
        }
    }

    /// The server's own address (not an AWS endpoint), which bodies may mention (SQS
    /// queue urls) and which canonical fixtures spell `http://localhost:5000`.
    fn own_origin(&self) -> Option<String> {
        let name = host::strip_port(self.host).to_ascii_lowercase();
        let is_aws = name.ends_with(".amazonaws.com") || name.ends_with(".amazonaws.com.cn");
        let is_virtual_host = host::virtual_host_bucket(self.host).is_some();
        (!is_aws && !is_virtual_host)
            .then(|| format!("{}://{}", self.scheme.to_ascii_lowercase(), self.host))
    }
}

fn replace_origin(text: &str, own_origin: Option<&str>) -> String {
    let Some(origin) = own_origin.filter(|origin| *origin != CANONICAL_ORIGIN) else {
        return text.to_owned();
    };
    let encoded = |origin: &str| origin.replace(':', "%3A").replace('/', "%2F");
    text.replace(origin, CANONICAL_ORIGIN)
        .replace(&encoded(origin), &encoded(CANONICAL_ORIGIN))
        .replace(
            &encoded(origin).to_ascii_lowercase(),
            &encoded(CANONICAL_ORIGIN).to_ascii_lowercase(),
        )
}

/// Lowercased names, repeated headers joined with `,` (as HTTP and Moto's Werkzeug do).
fn merge_duplicate_headers(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut merged: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        match merged.iter_mut().find(|(known, _)| *known == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            None => merged.push((name, value)),
        }
    }
    merged
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(candidate, _)| candidate == name)
        .map(|(_, value)| value.as_str())
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(candidate, _)| candidate != name);
    headers.push((name.to_owned(), value));
}

/// The headers of a decoded aws-chunked request: a plain payload with its checksum.
fn unchunk_headers(headers: &mut Vec<(String, String)>, trailers: Vec<(String, String)>) {
    let plain = aws_chunked::plain_headers(header(headers, "content-encoding"), trailers);
    headers.retain(|(name, _)| !plain.remove.contains(&name.as_str()));
    for (name, value) in plain.set {
        set_header(headers, &name, value);
    }
}

/// Drops what must not be kept, reduces `Authorization`, Title-Cases and sorts.
fn canonical_headers(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut kept: Vec<(String, String)> = headers
        .into_iter()
        .filter(|(name, _)| !DROPPED_HEADERS.contains(&name.as_str()))
        .filter_map(|(name, value)| {
            if name == "authorization" {
                canonical_authorization(&value).map(|value| (title_case(&name), value))
            } else {
                Some((title_case(&name), value))
            }
        })
        .collect();
    kept.sort();
    kept
}

/// SigV4: the credential scope (access key, region, service: what Moto reads) with a
/// fixed date and a placeholder signature. SigV2: the access key with a placeholder.
/// Anything else is dropped, since it cannot be told apart from a secret.
fn canonical_authorization(value: &str) -> Option<String> {
    if let Some(auth) = sigv4::parse_authorization(value) {
        let scope = auth.scope;
        return Some(format!(
            "{} Credential={}/{PLACEHOLDER_SCOPE_DATE}/{}/{}/aws4_request, SignedHeaders=host, Signature={PLACEHOLDER_SIGNATURE}",
            sigv4::ALGORITHM,
            scope.access_key,
            scope.region,
            scope.service
        ));
    }
    let (access_key, _) = value.strip_prefix("AWS ")?.split_once(':')?;
    Some(format!("AWS {access_key}:{PLACEHOLDER_SIGNATURE}"))
}

/// `x-amz-content-sha256` -> `X-Amz-Content-Sha256`, as Moto's Werkzeug spells headers.
pub fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start_of_word = true;
    for c in name.chars() {
        if start_of_word {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
        start_of_word = c == '-';
    }
    out
}

fn is_uuid(value: &str) -> bool {
    value.len() == 36
        && value.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDK_AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20241124/eu-west-1/s3/aws4_request, \
        SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date, \
        Signature=8d0a7a5ff2ac1e4fd8a1c1f6e6fbd2a8a0d2b3d7c1e8f9a0b1c2d3e4f5a6b7c8";
    const CANONICAL_AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20000101/eu-west-1/s3/aws4_request, \
        SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000";

    fn capture(
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        canonicalizer: &mut Canonicalizer,
    ) -> Entry {
        let headers: Vec<(&str, &[u8])> = headers
            .iter()
            .map(|(name, value)| (*name, value.as_bytes()))
            .collect();
        let request = CapturedRequest {
            method,
            uri,
            headers: &headers,
            body,
        };
        canonicalizer.captured(&request, Some(200))
    }

    /// Everything aws-sdk-s3 puts on an in-memory PutObject, as the server receives it.
    fn sdk_put_object(canonicalizer: &mut Canonicalizer) -> Entry {
        capture(
            "PUT",
            "/orders/2024/a.json?x-id=PutObject",
            &[
                ("host", "127.0.0.1:41234"),
                ("content-type", "application/json"),
                ("content-length", "14"),
                ("x-amz-checksum-crc32", "i9aeUg=="),
                ("x-amz-sdk-checksum-algorithm", "CRC32"),
                ("user-agent", "aws-sdk-rust/1.3.9 os/linux lang/rust/1.95.0"),
                ("x-amz-user-agent", "aws-sdk-rust/1.3.9 api/s3/1.157.0"),
                ("x-amz-date", "20241124T101112Z"),
                ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
                ("x-amz-security-token", "FwoGZXIvYXdzEJr//////////secret"),
                ("authorization", SDK_AUTH),
                (
                    "amz-sdk-invocation-id",
                    "a4a2d2f1-2f44-4c3c-9f0a-0d6b1f7d2c11",
                ),
                ("amz-sdk-request", "attempt=1; max=3"),
            ],
            br#"{"id":1,"b":2}"#,
            canonicalizer,
        )
    }

    #[test]
    fn sdk_requests_lose_everything_that_varies_between_runs() {
        let entry = sdk_put_object(&mut Canonicalizer::new());
        assert_eq!(
            entry.url,
            "http://localhost:5000/orders/2024/a.json?x-id=PutObject"
        );
        assert_eq!(
            entry.headers,
            vec![
                ("Authorization".to_owned(), CANONICAL_AUTH.to_owned()),
                ("Content-Type".to_owned(), "application/json".to_owned()),
                ("X-Amz-Checksum-Crc32".to_owned(), "i9aeUg==".to_owned()),
                (
                    "X-Amz-Content-Sha256".to_owned(),
                    "UNSIGNED-PAYLOAD".to_owned()
                ),
                (
                    "X-Amz-Sdk-Checksum-Algorithm".to_owned(),
                    "CRC32".to_owned()
                ),
            ]
        );
        assert_eq!(entry.body.as_deref(), Some(&br#"{"b":2,"id":1}"#[..]));
        assert_eq!(entry.status, Some(200));
    }

    #[test]
    fn recording_twice_gives_the_same_entry() {
        let first = sdk_put_object(&mut Canonicalizer::new());
        let again = sdk_put_object(&mut Canonicalizer::new());
        assert_eq!(first, again);
        assert_eq!(Canonicalizer::new().entry(&first), first, "idempotent");
    }

    #[test]
    fn virtual_hosted_and_decorator_urls_become_path_style() {
        let mut canonicalizer = Canonicalizer::new();
        let hosted = capture(
            "GET",
            "/key.txt?x-id=GetObject",
            &[("host", "photos.localhost:41234")],
            b"",
            &mut canonicalizer,
        );
        assert_eq!(
            hosted.url,
            "http://localhost:5000/photos/key.txt?x-id=GetObject"
        );
        let bucket = capture(
            "PUT",
            "https://photos.s3.amazonaws.com/",
            &[],
            b"",
            &mut canonicalizer,
        );
        assert_eq!(bucket.url, "http://localhost:5000/photos");
        let dynamo = capture(
            "POST",
            "https://dynamodb.us-east-1.amazonaws.com/",
            &[],
            b"{}",
            &mut canonicalizer,
        );
        assert_eq!(dynamo.url, "http://localhost:5000/");
    }

    #[test]
    fn aws_chunked_uploads_are_stored_decoded_with_their_checksum() {
        let body = b"b;chunk-signature=1111\r\nhello world\r\n0;chunk-signature=2222\r\n\
x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:3333\r\n\r\n";
        let entry = capture(
            "PUT",
            "/bucket/big.bin?x-id=PutObject",
            &[
                ("host", "127.0.0.1:1"),
                ("content-encoding", "aws-chunked"),
                ("content-length", "140"),
                ("x-amz-decoded-content-length", "11"),
                ("x-amz-trailer", "x-amz-checksum-crc32"),
                (
                    "x-amz-content-sha256",
                    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                ),
                ("x-amz-sdk-checksum-algorithm", "CRC32"),
            ],
            body,
            &mut Canonicalizer::new(),
        );
        assert_eq!(entry.body.as_deref(), Some(&b"hello world"[..]));
        assert_eq!(
            entry.headers,
            vec![
                ("X-Amz-Checksum-Crc32".to_owned(), "DUoRhQ==".to_owned()),
                (
                    "X-Amz-Content-Sha256".to_owned(),
                    "UNSIGNED-PAYLOAD".to_owned()
                ),
                (
                    "X-Amz-Sdk-Checksum-Algorithm".to_owned(),
                    "CRC32".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn broken_aws_chunked_bodies_are_kept_as_sent() {
        let entry = capture(
            "PUT",
            "/b/k",
            &[("content-encoding", "aws-chunked")],
            b"zz\r\nnot chunked",
            &mut Canonicalizer::new(),
        );
        assert_eq!(entry.body.as_deref(), Some(&b"zz\r\nnot chunked"[..]));
        assert_eq!(entry.header("content-encoding"), Some("aws-chunked"));
    }

    #[test]
    fn the_servers_own_address_in_bodies_becomes_localhost_5000() {
        let mut canonicalizer = Canonicalizer::new();
        let json = capture(
            "POST",
            "/",
            &[
                ("host", "127.0.0.1:41234"),
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "AmazonSQS.SendMessage"),
            ],
            br#"{"QueueUrl":"http://127.0.0.1:41234/123456789012/jobs","MessageBody":"m"}"#,
            &mut canonicalizer,
        );
        assert_eq!(
            json.body.as_deref(),
            Some(
                &br#"{"MessageBody":"m","QueueUrl":"http://localhost:5000/123456789012/jobs"}"#[..]
            )
        );
        let form = capture(
            "POST",
            "/",
            &[
                ("host", "127.0.0.1:41234"),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            b"Action=SendMessage&QueueUrl=http%3A%2F%2F127.0.0.1%3A41234%2F123456789012%2Fjobs",
            &mut canonicalizer,
        );
        assert_eq!(
            form.body.as_deref(),
            Some(
                &b"Action=SendMessage&QueueUrl=http%3A%2F%2Flocalhost%3A5000%2F123456789012%2Fjobs"
                    [..]
            )
        );
    }

    #[test]
    fn sdk_idempotency_tokens_are_numbered_in_order_of_first_use() {
        let mut canonicalizer = Canonicalizer::new();
        let form = |token: &str| {
            format!("Action=RunInstances&ClientToken={token}&ImageId=ami-12c6146b&MaxCount=1")
        };
        let headers = [(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )];
        let mut run = |token: &str| {
            let entry = capture(
                "POST",
                "/",
                &headers,
                form(token).as_bytes(),
                &mut canonicalizer,
            );
            String::from_utf8(entry.body.unwrap()).unwrap()
        };
        let first = run("9b2f6a9e-3c1d-4b7a-8e5f-0a1b2c3d4e5f");
        let second = run("1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6");
        let retry = run("9b2f6a9e-3c1d-4b7a-8e5f-0a1b2c3d4e5f");
        let chosen = run("my-own-token");
        assert_eq!(first, form("00000000-0000-4000-8000-000000000001"));
        assert_eq!(second, form("00000000-0000-4000-8000-000000000002"));
        assert_eq!(retry, first, "a deliberate retry keeps its token");
        assert_eq!(
            chosen,
            form("my-own-token"),
            "tokens the caller chose are kept"
        );

        let json = capture(
            "POST",
            "/",
            &[("content-type", "application/x-amz-json-1.0")],
            br#"{"TransactItems":[],"ClientRequestToken":"5f0e4d3c-2b1a-4987-8654-3210fedcba98"}"#,
            &mut canonicalizer,
        );
        assert_eq!(
            json.body.as_deref(),
            Some(&br#"{"ClientRequestToken":"00000000-0000-4000-8000-000000000003","TransactItems":[]}"#[..])
        );
    }

    #[test]
    fn presigned_urls_keep_their_window_but_not_their_signature() {
        let entry = capture(
            "GET",
            "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20241124%2Fus-east-1%2Fs3%2Faws4_request\
&X-Amz-Date=20241124T101112Z&X-Amz-Expires=900&X-Amz-Security-Token=secret-token\
&X-Amz-SignedHeaders=host&X-Amz-Signature=abcdef0123&x-id=GetObject",
            &[("host", "127.0.0.1:1")],
            b"",
            &mut Canonicalizer::new(),
        );
        assert_eq!(
            entry.url,
            format!(
                "http://localhost:5000/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential=AKID%2F20241124%2Fus-east-1%2Fs3%2Faws4_request\
&X-Amz-Date=20241124T101112Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host\
&X-Amz-Signature={PLACEHOLDER_SIGNATURE}&x-id=GetObject"
            )
        );
    }

    #[test]
    fn other_authorization_schemes() {
        assert_eq!(
            canonical_authorization("AWS AKID:c2lnbmF0dXJl").as_deref(),
            Some("AWS AKID:0000000000000000000000000000000000000000000000000000000000000000")
        );
        assert_eq!(canonical_authorization("Bearer secret"), None);
        assert_eq!(
            canonical_authorization(CANONICAL_AUTH).as_deref(),
            Some(CANONICAL_AUTH)
        );
    }

    #[test]
    fn repeated_headers_are_joined_and_names_title_cased() {
        let entry = capture(
            "GET",
            "/",
            &[
                ("x-amz-meta-tag", "a"),
                ("X-AMZ-META-TAG", "b"),
                ("accept", "*/*"),
            ],
            b"",
            &mut Canonicalizer::new(),
        );
        assert_eq!(
            entry.headers,
            vec![
                ("Accept".to_owned(), "*/*".to_owned()),
                ("X-Amz-Meta-Tag".to_owned(), "a,b".to_owned())
            ]
        );
        assert_eq!(title_case("content-md5"), "Content-Md5");
        assert_eq!(title_case("X-AMZ-TARGET"), "X-Amz-Target");
    }
}
