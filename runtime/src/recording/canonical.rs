//! The canonical form of a recorded request, so that re-recording an unchanged setup
//! gives a byte-identical fixture and no secret is ever committed.
//!
//! - `url`: `http://localhost:5000` + path-style path + raw query (no ephemeral port,
//!   S3 virtual-hosted buckets moved into the path); presigned urls keep their
//!   parameters, with a placeholder signature, access key, date and (SigV2) expiry time,
//!   and lose their security token (query parameter names matched in any case);
//! - headers: kept by an allow-list of what Moto and the services read ([`KEPT_HEADERS`]
//!   and [`KEPT_HEADER_PREFIXES`]), Title-Case, sorted; `Authorization` reduced to its
//!   credential scope with a placeholder date and signature; SSE-C customer keys replaced
//!   by numbered placeholder keys (with their MD5 recomputed);
//! - access key ids shaped like real ones (`AKIA...`, `ASIA...`, 20 characters) become
//!   [`PLACEHOLDER_ACCESS_KEY`]; others (the SDK test credentials `testing`) are kept;
//! - aws-chunked bodies decoded, their trailing checksum kept as a header; a body that
//!   does not decode is kept as sent, with its chunk signatures zeroed;
//! - protocol bodies only (awsJson requests: `X-Amz-Target` and an
//!   `application/x-amz-json-1.x` content type; awsQuery and ec2Query forms: a `POST` of
//!   `application/x-www-form-urlencoded` with an `Action` parameter) are rewritten: JSON
//!   keys sorted, the server's own address written `http://localhost:5000`,
//!   SDK-generated idempotency tokens numbered in order. Every other body (S3 objects,
//!   anything with a `Content-MD5` or `x-amz-checksum-*` header) is a payload and is
//!   never rewritten.
//!
//! Canonicalising a canonical entry changes nothing.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest as _, Md5};
use serde_json::Value;

use super::entry::{CANONICAL_ORIGIN, Entry, query_pairs, split_url};
use crate::protocol::query::percent_decode;
use crate::protocol::{aws_chunked, host, sigv4};

/// Request headers kept in a fixture: what Moto and the services read. Anything else
/// (per-attempt and transport headers, the clock's `X-Amz-Date`, tokens, cookies,
/// headers nothing reads) is dropped, so nothing unknown can carry a secret into a file.
pub const KEPT_HEADERS: [&str; 55] = [
    "accept",
    "authorization",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-md5",
    "content-type",
    "expires",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-unmodified-since",
    "range",
    "smithy-protocol",
    "x-amz-acl",
    "x-amz-bucket-object-lock-enabled",
    "x-amz-bypass-governance-retention",
    "x-amz-client-context",
    "x-amz-confirm-remove-self-bucket-access",
    "x-amz-content-sha256",
    "x-amz-create-session-mode",
    "x-amz-decoded-content-length",
    "x-amz-expected-bucket-owner",
    "x-amz-invocation-type",
    "x-amz-log-type",
    "x-amz-max-parts",
    "x-amz-metadata-directive",
    "x-amz-mp-object-size",
    "x-amz-object-attributes",
    "x-amz-object-ownership",
    "x-amz-optional-object-attributes",
    "x-amz-part-number-marker",
    "x-amz-request-payer",
    "x-amz-restore-output-path",
    "x-amz-sdk-checksum-algorithm",
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-server-side-encryption-bucket-key-enabled",
    "x-amz-server-side-encryption-context",
    "x-amz-server-side-encryption-customer-algorithm",
    // Replaced by a placeholder key, its MD5 recomputed.
    "x-amz-server-side-encryption-customer-key",
    "x-amz-server-side-encryption-customer-key-md5",
    "x-amz-skip-destination-validation",
    "x-amz-source-expected-bucket-owner",
    "x-amz-storage-class",
    "x-amz-tagging",
    "x-amz-tagging-directive",
    "x-amz-target",
    "x-amz-trailer",
    "x-amz-transition-default-minimum-object-size",
    "x-amz-version-id",
    "x-amz-website-redirect-location",
    "x-amz-write-offset-bytes",
    "x-amzn-query-mode",
];

/// Families of request headers kept in a fixture (names start with one of these). The
/// `x-amz-copy-source` family includes the source's SSE-C key, replaced like the other.
pub const KEPT_HEADER_PREFIXES: [&str; 6] = [
    "x-amz-meta-",
    "x-amz-checksum-",
    "x-amz-grant-",
    "x-amz-object-lock-",
    "x-amz-copy-source",
    "x-amz-if-match-",
];

/// SSE-C key headers and the MD5 header that goes with each.
pub(crate) const SSE_CUSTOMER_KEY_HEADERS: [(&str, &str); 2] = [
    (
        "x-amz-server-side-encryption-customer-key",
        "x-amz-server-side-encryption-customer-key-md5",
    ),
    (
        "x-amz-copy-source-server-side-encryption-customer-key",
        "x-amz-copy-source-server-side-encryption-customer-key-md5",
    ),
];

/// Stands in for every signature in a fixture.
pub const PLACEHOLDER_SIGNATURE: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";
/// Stands in for the date of every SigV4 credential scope in a fixture.
pub const PLACEHOLDER_SCOPE_DATE: &str = "20000101";
/// Stands in for the signing time of every presigned url (`X-Amz-Date`) in a fixture.
pub const PLACEHOLDER_DATE_TIME: &str = "20000101T000000Z";
/// Stands in for the absolute expiry time of every SigV2 presigned url (`Expires`, seconds
/// since the epoch: 2000-01-01T00:00:00Z).
pub const PLACEHOLDER_EXPIRES: &str = "946684800";
/// Stands in for every access key id shaped like a real one (`AKIA`/`ASIA`...): AWS's
/// own documentation example, which is no credential.
pub const PLACEHOLDER_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
/// The prefixes of AWS access key ids (long-term, temporary, bearer, context-specific).
const ACCESS_KEY_PREFIXES: [&str; 4] = ["AKIA", "ASIA", "ABIA", "ACCA"];
/// Idempotency tokens the SDKs fill in by themselves, made deterministic.
const IDEMPOTENCY_TOKEN_FIELDS: [&str; 2] = ["ClientToken", "ClientRequestToken"];
/// Deterministic idempotency tokens are this prefix and a 12-digit hex counter.
const TOKEN_PREFIX: &str = "00000000-0000-4000-8000-";
/// Placeholder SSE-C keys are 32 bytes: this many zero bytes, then a big-endian counter.
const SSE_KEY_ZERO_BYTES: usize = 24;
/// awsJson content types.
const AWS_JSON_CONTENT_TYPES: [&str; 2] =
    ["application/x-amz-json-1.0", "application/x-amz-json-1.1"];

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
/// idempotency tokens and SSE-C keys it replaces, in order of first appearance.
#[derive(Debug, Default, Clone)]
pub struct Canonicalizer {
    tokens: HashMap<String, String>,
    last_token: u64,
    sse_keys: HashMap<String, String>,
    last_sse_key: u64,
}

/// The wire protocol of a body that may be rewritten; every other body is a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProtocolBody {
    /// awsJson 1.0/1.1.
    AwsJson,
    /// awsQuery or ec2Query form.
    QueryForm,
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
        if let Some(raw) = &mut body
            && aws_chunked::is_aws_chunked(
                header(&headers, "content-encoding"),
                header(&headers, "x-amz-content-sha256"),
            )
        {
            match aws_chunked::decode(raw) {
                Ok(decoded) => {
                    unchunk_headers(&mut headers, decoded.trailers);
                    *raw = decoded.payload;
                }
                // Kept as sent, so replay meets the same failure, but without signatures.
                Err(_) => zero_chunk_signatures(raw),
            }
        }
        if let Some(bytes) = &mut body
            && let Some(protocol) = protocol_body(method, &headers, bytes)
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            let text = self.canonical_protocol_body(protocol, text, own_origin.as_deref());
            *bytes = text.into_bytes();
        }
        self.replace_sse_customer_keys(&mut headers);

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

    /// The query with presigned-url credentials made placeholders (names in any case, as
    /// boto3's SigV2 presigning writes `x-amz-security-token`) and tokens numbered.
    fn canonical_query(&mut self, query: &str, own_origin: Option<&str>) -> String {
        let is_sigv2_presigned =
            query_pairs(query).any(|(name, _)| name.eq_ignore_ascii_case("AWSAccessKeyId"));
        let pairs: Vec<String> = query
            .split('&')
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let value = match name.to_ascii_lowercase().as_str() {
                    "x-amz-security-token" => return None,
                    _ if !pair.contains('=') => return Some(pair.to_owned()),
                    "x-amz-signature" => PLACEHOLDER_SIGNATURE.to_owned(),
                    "x-amz-date" => PLACEHOLDER_DATE_TIME.to_owned(),
                    "x-amz-credential" => canonical_presigned_credential(value),
                    "awsaccesskeyid" => canonical_access_key(value).to_owned(),
                    "signature" if is_sigv2_presigned => PLACEHOLDER_SIGNATURE.to_owned(),
                    "expires" if is_sigv2_presigned => PLACEHOLDER_EXPIRES.to_owned(),
                    _ => self.maybe_token(name, value),
                };
                Some(format!("{name}={value}"))
            })
            .collect();
        replace_origin(&pairs.join("&"), own_origin)
    }

    fn canonical_protocol_body(
        &mut self,
        protocol: ProtocolBody,
        text: &str,
        own_origin: Option<&str>,
    ) -> String {
        let rewritten = match protocol {
            ProtocolBody::AwsJson => self.canonical_json(text),
            ProtocolBody::QueryForm => Some(self.canonical_form(text)),
        };
        replace_origin(rewritten.as_deref().unwrap_or(text), own_origin)
    }

    /// Keys sorted at every level and deterministic top-level tokens. Sorted explicitly:
    /// with serde_json's `preserve_order` feature on anywhere in the build, its maps keep
    /// insertion order.
    fn canonical_json(&mut self, text: &str) -> Option<String> {
        let mut value: Value = serde_json::from_str(text).ok()?;
        if let Value::Object(object) = &mut value {
            for field in IDEMPOTENCY_TOKEN_FIELDS {
                if let Some(Value::String(token)) = object.get_mut(field) {
                    *token = self.maybe_token(field, token);
                }
            }
        }
        value.sort_all_objects();
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

    /// SSE-C keys become placeholder keys numbered in order of first use (the same key
    /// always gets the same placeholder, so a recorded PUT and GET still agree), with
    /// `...-key-md5` recomputed so that key and MD5 match, as S3 checks.
    fn replace_sse_customer_keys(&mut self, headers: &mut Vec<(String, String)>) {
        for (key_header, md5_header) in SSE_CUSTOMER_KEY_HEADERS {
            let Some(key) = header(headers, key_header) else {
                continue;
            };
            let key = key.trim().to_owned();
            let placeholder = self.sse_customer_key(&key);
            let md5 = sse_customer_key_md5(&placeholder);
            set_header(headers, key_header, placeholder);
            set_header(headers, md5_header, md5);
        }
    }

    fn sse_customer_key(&mut self, key: &str) -> String {
        if let Some(number) = placeholder_sse_key_number(key) {
            self.last_sse_key = self.last_sse_key.max(number);
            return key.to_owned();
        }
        if let Some(known) = self.sse_keys.get(key) {
            return known.clone();
        }
        self.last_sse_key += 1;
        let mut bytes = [0u8; 32];
        bytes[SSE_KEY_ZERO_BYTES..].copy_from_slice(&self.last_sse_key.to_be_bytes());
        let placeholder = STANDARD.encode(bytes);
        self.sse_keys.insert(key.to_owned(), placeholder.clone());
        placeholder
    }
}

/// The protocol of a body that is canonicalised, or `None` for a payload, which is
/// stored byte for byte: anything with a checksum, S3 objects, any other content.
fn protocol_body(method: &str, headers: &[(String, String)], body: &[u8]) -> Option<ProtocolBody> {
    let has_checksum = headers
        .iter()
        .any(|(name, _)| name == "content-md5" || name.starts_with("x-amz-checksum-"));
    if has_checksum {
        return None;
    }
    let media_type = header(headers, "content-type")
        .and_then(|value| value.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if header(headers, "x-amz-target").is_some()
        && AWS_JSON_CONTENT_TYPES.contains(&media_type.as_str())
    {
        return Some(ProtocolBody::AwsJson);
    }
    let is_form = method.eq_ignore_ascii_case("POST")
        && media_type == "application/x-www-form-urlencoded"
        && std::str::from_utf8(body)
            .is_ok_and(|text| query_pairs(text).any(|(name, _)| name == "Action"));
    is_form.then_some(ProtocolBody::QueryForm)
}

/// Whether `key` has the shape of an AWS access key id: `AKIA`, `ASIA`, `ABIA` or `ACCA`
/// and 16 uppercase letters or digits.
pub fn is_access_key_id(key: &str) -> bool {
    key.len() == 20
        && ACCESS_KEY_PREFIXES
            .iter()
            .any(|prefix| key.starts_with(prefix))
        && key
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
}

/// [`PLACEHOLDER_ACCESS_KEY`] for an id shaped like a real access key; any other value
/// (the SDK test credentials `testing`, Moto's examples) as it is.
fn canonical_access_key(key: &str) -> &str {
    if is_access_key_id(key) {
        PLACEHOLDER_ACCESS_KEY
    } else {
        key
    }
}

/// A presigned url's `X-Amz-Credential` with a placeholder access key and date; its
/// region and service (what Moto reads) are kept.
fn canonical_presigned_credential(value: &str) -> String {
    let decoded = percent_decode(value);
    match sigv4::parse_credential(&decoded) {
        Some(scope) => format!(
            "{}%2F{PLACEHOLDER_SCOPE_DATE}%2F{}%2F{}%2Faws4_request",
            canonical_access_key(scope.access_key),
            scope.region,
            scope.service
        ),
        // Not a credential scope: kept, and the credential scan judges it.
        None => value.to_owned(),
    }
}

/// The number of a placeholder SSE-C key (see [`Canonicalizer`]), if `key` is one.
pub(crate) fn placeholder_sse_key_number(key: &str) -> Option<u64> {
    let bytes = STANDARD.decode(key.trim()).ok()?;
    let (zeros, counter) = bytes.split_at_checked(SSE_KEY_ZERO_BYTES)?;
    if !zeros.iter().all(|&byte| byte == 0) {
        return None;
    }
    let counter: [u8; 8] = counter.try_into().ok()?;
    Some(u64::from_be_bytes(counter))
}

/// `Content-MD5`-style MD5 of an SSE-C key: base64 of the digest of the decoded key.
fn sse_customer_key_md5(key: &str) -> String {
    let bytes = STANDARD.decode(key).unwrap_or_default();
    STANDARD.encode(Md5::digest(&bytes))
}

/// Overwrites with `0` the hex digits of every chunk and trailer signature.
fn zero_chunk_signatures(body: &mut [u8]) {
    for range in aws_chunked::signature_ranges(body) {
        body[range].fill(b'0');
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

    /// The path with an S3 virtual-hosted bucket moved into it. A request for the bucket
    /// itself (`/`) becomes `/<bucket>/`, as the AWS SDK for Rust writes it in path style,
    /// so a setup gives the same fixture whichever style its client used.
    fn path_style_path(&self) -> String {
        let path = if self.path.is_empty() { "/" } else { self.path };
        match host::virtual_host_bucket(self.host) {
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

/// Whether a request header (lowercase name) is kept in a fixture.
pub fn is_kept_header(name: &str) -> bool {
    KEPT_HEADERS.contains(&name)
        || KEPT_HEADER_PREFIXES
            .iter()
            .any(|prefix| name.starts_with(prefix))
}

/// Keeps the allow-listed headers, reduces `Authorization`, Title-Cases and sorts.
fn canonical_headers(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut kept: Vec<(String, String)> = headers
        .into_iter()
        .filter(|(name, _)| is_kept_header(name))
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
/// Access keys shaped like real ones become [`PLACEHOLDER_ACCESS_KEY`]. Anything else is
/// dropped, since it cannot be told apart from a secret.
fn canonical_authorization(value: &str) -> Option<String> {
    if let Some(auth) = sigv4::parse_authorization(value) {
        let scope = auth.scope;
        return Some(format!(
            "{} Credential={}/{PLACEHOLDER_SCOPE_DATE}/{}/{}/aws4_request, SignedHeaders=host, Signature={PLACEHOLDER_SIGNATURE}",
            sigv4::ALGORITHM,
            canonical_access_key(scope.access_key),
            scope.region,
            scope.service
        ));
    }
    let (access_key, _) = value.strip_prefix("AWS ")?.split_once(':')?;
    Some(format!(
        "AWS {}:{PLACEHOLDER_SIGNATURE}",
        canonical_access_key(access_key)
    ))
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
        // An S3 object is a payload: byte for byte, as its checksum says.
        assert_eq!(entry.body.as_deref(), Some(&br#"{"id":1,"b":2}"#[..]));
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
        assert_eq!(bucket.url, "http://localhost:5000/photos/");
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
    fn cut_short_aws_chunked_bodies_keep_no_signature() {
        // The second chunk says 0x20 bytes but the body ends first.
        let body = b"5;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n\
hello\r\n20;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\nwor";
        let entry = capture(
            "PUT",
            "/b/k?x-id=PutObject",
            &[
                ("content-encoding", "aws-chunked"),
                ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
                ("x-amz-decoded-content-length", "37"),
            ],
            body,
            &mut Canonicalizer::new(),
        );
        let zeros = "0".repeat(64);
        let expected =
            format!("5;chunk-signature={zeros}\r\nhello\r\n20;chunk-signature={zeros}\r\nwor");
        assert_eq!(entry.body.as_deref(), Some(expected.as_bytes()));
        assert_eq!(entry.header("content-encoding"), Some("aws-chunked"));
        assert_eq!(Canonicalizer::new().entry(&entry), entry, "idempotent");

        let trailer = capture(
            "PUT",
            "/b/k",
            &[("content-encoding", "aws-chunked")],
            b"0;chunk-signature=abc\r\nx-amz-trailer-signature:1f2e\r\nbroken",
            &mut Canonicalizer::new(),
        );
        assert_eq!(
            trailer.body.as_deref(),
            Some(&b"0;chunk-signature=000\r\nx-amz-trailer-signature:0000\r\nbroken"[..])
        );
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
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "DynamoDB_20120810.TransactWriteItems"),
            ],
            br#"{"TransactItems":[],"ClientRequestToken":"5f0e4d3c-2b1a-4987-8654-3210fedcba98"}"#,
            &mut canonicalizer,
        );
        assert_eq!(
            json.body.as_deref(),
            Some(&br#"{"ClientRequestToken":"00000000-0000-4000-8000-000000000003","TransactItems":[]}"#[..])
        );
    }

    #[test]
    fn presigned_urls_are_the_same_whenever_and_by_whomever_they_are_signed() {
        let presigned = |date: &str, key: &str, token: &str| {
            capture(
                "GET",
                &format!(
                    "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential={key}%2F{}%2Fus-east-1%2Fs3%2Faws4_request\
&X-Amz-Date={date}&X-Amz-Expires=900&X-Amz-Security-Token={token}\
&X-Amz-SignedHeaders=host&X-Amz-Signature=abcdef0123&x-id=GetObject",
                    &date[..8]
                ),
                &[("host", "127.0.0.1:1")],
                b"",
                &mut Canonicalizer::new(),
            )
        };
        let today = presigned(
            "20241124T101112Z",
            "ASIAY34FZKBOKMUTVV7A",
            "IQoJb3JpZ2luX2VjEJr",
        );
        let later = presigned(
            "20251231T235959Z",
            "ASIAQNVKZ7XJ2PLH4RTE",
            "FwoGZXIvYXdzEJr",
        );
        assert_eq!(
            today.url,
            format!(
                "http://localhost:5000/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20000101%2Fus-east-1%2Fs3%2Faws4_request\
&X-Amz-Date=20000101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host\
&X-Amz-Signature={PLACEHOLDER_SIGNATURE}&x-id=GetObject"
            )
        );
        assert_eq!(later, today);
        assert_eq!(Canonicalizer::new().entry(&today), today, "idempotent");
        let testing = presigned("20241124T101112Z", "testing", "t");
        assert!(
            testing
                .url
                .contains("X-Amz-Credential=testing%2F20000101%2Fus-east-1%2Fs3%2Faws4_request"),
            "{}",
            testing.url
        );
    }

    #[test]
    fn sigv2_presigned_urls_lose_their_expiry_time_and_tokens_in_any_case() {
        // What boto3's SigV2 presigning writes: an absolute `Expires` and a lower-case token.
        let presigned = |expires: &str| {
            capture(
                "GET",
                &format!(
                    "/b/k?AWSAccessKeyId=AKIAY34FZKBOKMUTVV7A&Signature=o3XGk%2Bqz3bP0%3D\
&x-amz-security-token=FwoGZXIvYXdzEJr%2F%2F%2Fsecret&Expires={expires}"
                ),
                &[("host", "127.0.0.1:1")],
                b"",
                &mut Canonicalizer::new(),
            )
        };
        let entry = presigned("1732444444");
        assert_eq!(
            entry.url,
            format!(
                "http://localhost:5000/b/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE\
&Signature={PLACEHOLDER_SIGNATURE}&Expires=946684800"
            )
        );
        assert_eq!(presigned("1800000000"), entry);
        let upper = capture(
            "GET",
            "/b/k?X-AMZ-SECURITY-TOKEN=abc&x-amz-signature=1&x-amz-date=20241124T101112Z&Expires=5",
            &[],
            b"",
            &mut Canonicalizer::new(),
        );
        assert_eq!(
            upper.url,
            format!(
                "http://localhost:5000/b/k?x-amz-signature={PLACEHOLDER_SIGNATURE}\
&x-amz-date=20000101T000000Z&Expires=5"
            ),
            "a plain `Expires` (not SigV2) is left alone"
        );
    }

    #[test]
    fn other_authorization_schemes() {
        assert_eq!(
            canonical_authorization("AWS AKID:c2lnbmF0dXJl").as_deref(),
            Some("AWS AKID:0000000000000000000000000000000000000000000000000000000000000000")
        );
        assert_eq!(
            canonical_authorization("AWS AKIAY34FZKBOKMUTVV7A:c2lnbmF0dXJl").as_deref(),
            Some(
                "AWS AKIAIOSFODNN7EXAMPLE:0000000000000000000000000000000000000000000000000000000000000000"
            )
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

    const PRETTY_JSON: &[u8] = b"{\n  \"z\": 1,\n  \"a\": {\"y\": [2, 1], \"b\": null}\n}\n";

    #[test]
    fn payloads_are_stored_byte_for_byte() {
        let mut canonicalizer = Canonicalizer::new();
        let mut stored = |method: &str, headers: &[(&str, &str)], body: &[u8]| {
            let mut all = vec![("host", "127.0.0.1:41234")];
            all.extend_from_slice(headers);
            capture(
                method,
                "/b/k?x-id=PutObject",
                &all,
                body,
                &mut canonicalizer,
            )
            .body
        };
        let with_address = b"see http://127.0.0.1:41234/b/k or http%3A%2F%2F127.0.0.1%3A41234";
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a [u8]);
        let cases: [Case<'_>; 8] = [
            // An S3 object with its checksum.
            (
                "PUT",
                vec![
                    ("content-type", "application/json"),
                    ("x-amz-checksum-crc32", "AAAAAA=="),
                ],
                PRETTY_JSON,
            ),
            // Content-MD5.
            (
                "PUT",
                vec![
                    ("content-type", "application/json"),
                    ("content-md5", "AAAAAAAAAAAAAAAAAAAAAA=="),
                ],
                PRETTY_JSON,
            ),
            // No checksum, still an object.
            ("PUT", vec![("content-type", "application/json")], PRETTY_JSON),
            ("PUT", vec![("content-type", "text/plain")], with_address),
            ("PUT", vec![], with_address),
            // A form that is no query-protocol request (an S3 POST upload, a web form).
            (
                "POST",
                vec![("content-type", "application/x-www-form-urlencoded")],
                b"key=a&url=http%3A%2F%2F127.0.0.1%3A41234&ClientToken=9b2f6a9e-3c1d-4b7a-8e5f-0a1b2c3d4e5f",
            ),
            // JSON without X-Amz-Target (restJson payloads).
            ("POST", vec![("content-type", "application/json")], PRETTY_JSON),
            // awsJson with a checksum: its bytes are checked.
            (
                "POST",
                vec![
                    ("content-type", "application/x-amz-json-1.0"),
                    ("x-amz-target", "DynamoDB_20120810.PutItem"),
                    ("x-amz-checksum-crc32", "AAAAAA=="),
                ],
                PRETTY_JSON,
            ),
        ];
        for (method, headers, body) in cases {
            assert_eq!(
                stored(method, &headers, body).as_deref(),
                Some(body),
                "{method} {headers:?}"
            );
        }
    }

    #[test]
    fn protocol_bodies_are_canonical() {
        let mut canonicalizer = Canonicalizer::new();
        let json_1_1 = capture(
            "POST",
            "/",
            &[
                ("content-type", "application/x-amz-json-1.1; charset=utf-8"),
                ("x-amz-target", "Logs_20140328.PutLogEvents"),
            ],
            PRETTY_JSON,
            &mut canonicalizer,
        );
        assert_eq!(
            json_1_1.body.as_deref(),
            Some(&br#"{"a":{"b":null,"y":[2,1]},"z":1}"#[..])
        );
        let query = capture(
            "POST",
            "/",
            &[
                ("host", "127.0.0.1:41234"),
                ("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
            ],
            b"Version=2012-11-05&Action=GetQueueAttributes&QueueUrl=http%3A%2F%2F127.0.0.1%3A41234%2F1%2Fq",
            &mut canonicalizer,
        );
        assert_eq!(
            query.body.as_deref(),
            Some(
                &b"Version=2012-11-05&Action=GetQueueAttributes&QueueUrl=http%3A%2F%2Flocalhost%3A5000%2F1%2Fq"
                    [..]
            )
        );
    }

    #[test]
    fn json_keys_are_sorted_whatever_the_map_order() {
        // Keys out of order at every level; with serde_json's `preserve_order` on, a
        // `Map` keeps them as written, so sorting must not rely on the map type.
        let text = r#"{"Zeta":{"y":1,"x":{"b":2,"a":1}},"Alpha":[{"d":4,"c":3}],"Mid":"m"}"#;
        let json = Canonicalizer::new().canonical_json(text);
        assert_eq!(
            json.as_deref(),
            Some(r#"{"Alpha":[{"c":3,"d":4}],"Mid":"m","Zeta":{"x":{"a":1,"b":2},"y":1}}"#)
        );
        let mut value: Value = serde_json::from_str(text).unwrap();
        if let Value::Object(object) = &mut value {
            // Inserted last, sorted first.
            object.insert("Aardvark".to_owned(), Value::Bool(true));
        }
        let written = Canonicalizer::new()
            .canonical_json(&serde_json::to_string(&value).unwrap())
            .unwrap();
        assert!(
            written.starts_with(r#"{"Aardvark":true,"Alpha":"#),
            "{written}"
        );
    }

    #[test]
    fn only_allow_listed_headers_are_kept() {
        let entry = capture(
            "PUT",
            "/b/k",
            &[
                ("cookie", "session=abc"),
                ("x-amz-mfa", "arn:aws:iam::123456789012:mfa/u 123456"),
                (
                    "x-amzn-trace-id",
                    "Root=1-5759e988-bd862e3fe1be46a994272793",
                ),
                ("x-forwarded-for", "10.0.0.1"),
                ("origin", "http://example.com"),
                ("x-custom", "anything"),
                ("x-amz-bucket-object-lock-token", "token"),
                ("x-amz-security-token", "FwoGZXIvYXdzEJr"),
                ("range", "bytes=0-9"),
                ("if-none-match", "*"),
                ("x-amz-meta-owner", "team-a"),
                ("x-amz-grant-read", "id=1"),
                ("x-amz-object-lock-mode", "GOVERNANCE"),
                ("x-amz-copy-source", "/src/k"),
                ("x-amz-copy-source-if-match", "\"e\""),
                ("x-amz-tagging", "env=ci"),
                ("x-amz-acl", "private"),
            ],
            b"",
            &mut Canonicalizer::new(),
        );
        let names: Vec<&str> = entry
            .headers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "If-None-Match",
                "Range",
                "X-Amz-Acl",
                "X-Amz-Copy-Source",
                "X-Amz-Copy-Source-If-Match",
                "X-Amz-Grant-Read",
                "X-Amz-Meta-Owner",
                "X-Amz-Object-Lock-Mode",
                "X-Amz-Tagging",
            ]
        );
    }

    #[test]
    fn access_keys_shaped_like_real_ones_become_the_placeholder() {
        let signed = |key: &str| {
            let auth = format!(
                "AWS4-HMAC-SHA256 Credential={key}/20241124/eu-west-1/sqs/aws4_request, \
                 SignedHeaders=host, Signature=8d0a"
            );
            capture(
                "POST",
                "/",
                &[("authorization", auth.as_str())],
                b"",
                &mut Canonicalizer::new(),
            )
            .header("authorization")
            .map(str::to_owned)
        };
        let placeholder = format!(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20000101/eu-west-1/sqs/aws4_request, \
             SignedHeaders=host, Signature={PLACEHOLDER_SIGNATURE}"
        );
        assert_eq!(signed("AKIAY34FZKBOKMUTVV7A"), Some(placeholder.clone()));
        assert_eq!(signed("ASIAQNVKZ7XJ2PLH4RTE"), Some(placeholder));
        assert!(signed("testing").unwrap().contains("Credential=testing/"));
        assert!(is_access_key_id(PLACEHOLDER_ACCESS_KEY));
        assert!(!is_access_key_id("AKIAY34FZKBOKMUTVV7"), "19 characters");
        assert!(!is_access_key_id("AKIAy34fzkbokmutvv7a"), "lower case");
    }

    #[test]
    fn sse_c_keys_become_numbered_placeholders_with_matching_md5() {
        let key_a = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        let key_b = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
        let md5 = |key: &str| STANDARD.encode(Md5::digest(STANDARD.decode(key).unwrap()));
        let mut canonicalizer = Canonicalizer::new();
        let mut request = |key: &str, copy_key: Option<&str>| {
            let md5_value = md5(key);
            let mut headers = vec![
                ("x-amz-server-side-encryption-customer-algorithm", "AES256"),
                ("x-amz-server-side-encryption-customer-key", key),
                (
                    "x-amz-server-side-encryption-customer-key-md5",
                    md5_value.as_str(),
                ),
            ];
            if let Some(copy_key) = copy_key {
                headers.push((
                    "x-amz-copy-source-server-side-encryption-customer-key",
                    copy_key,
                ));
            }
            capture("PUT", "/b/k", &headers, b"data", &mut canonicalizer)
        };
        let put = request(key_a, None);
        let get = request(key_a, None);
        let other = request(key_b, Some(key_a));
        let first = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=";
        let second = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAI=";
        assert_eq!(
            put.header("x-amz-server-side-encryption-customer-key"),
            Some(first)
        );
        assert_eq!(
            put.header("x-amz-server-side-encryption-customer-key-md5"),
            Some(md5(first).as_str()),
            "the MD5 matches the key the fixture holds"
        );
        assert_eq!(
            put.header("x-amz-server-side-encryption-customer-algorithm"),
            Some("AES256")
        );
        assert_eq!(get, put, "the same key, the same placeholder");
        assert_eq!(
            other.header("x-amz-server-side-encryption-customer-key"),
            Some(second)
        );
        assert_eq!(
            other.header("x-amz-copy-source-server-side-encryption-customer-key"),
            Some(first)
        );
        assert_eq!(
            other.header("x-amz-copy-source-server-side-encryption-customer-key-md5"),
            Some(md5(first).as_str())
        );
        assert_eq!(Canonicalizer::new().entry(&other), other, "idempotent");
        let text = format!("{put:?}{other:?}");
        assert!(!text.contains(key_a) && !text.contains(key_b), "{text}");
    }
}
