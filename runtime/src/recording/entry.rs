//! One line of a recording: a request as Moto's recorder logs it.

/// Where canonical fixtures say requests went (Moto's default server address).
pub const CANONICAL_ORIGIN: &str = "http://localhost:5000";
/// The path of Moto's seed endpoint.
pub const SEED_PATH: &str = "/moto-api/seed";
/// Requests under this path control the recorder and are never recorded.
pub const RECORDER_PATH_PREFIX: &str = "/moto-api/recorder/";

/// A recorded request: Moto's `headers`, `method`, `url`, `body` (`body_encoded` says how
/// it is stored in the file) and our extension `status`, the response status seen when
/// it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Header names and values, in file order.
    pub headers: Vec<(String, String)>,
    /// The HTTP method.
    pub method: String,
    /// The absolute url.
    pub url: String,
    /// The body bytes; `None` for Moto's `"body": null` (no body at all).
    pub body: Option<Vec<u8>>,
    /// The response status seen when recording, if known.
    pub status: Option<u16>,
}

/// An absolute url split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http` or `https`.
    pub scheme: &'a str,
    /// `host[:port]`.
    pub authority: &'a str,
    /// The path, `/` when empty.
    pub path: &'a str,
    /// The raw query without `?`, if the url has one.
    pub query: Option<&'a str>,
}

impl Entry {
    /// Moto's own seed request, `POST http://localhost:5000/moto-api/seed?a=<seed>`, the
    /// first line of every fixture, so stock Moto replays with the same seed.
    pub fn seed(seed: u64) -> Entry {
        Entry {
            headers: Vec::new(),
            method: "POST".to_owned(),
            url: format!("{CANONICAL_ORIGIN}{SEED_PATH}?a={seed}"),
            body: Some(Vec::new()),
            status: Some(200),
        }
    }

    /// The seed, if this entry is a request to Moto's seed endpoint with `a=<u64>` in its
    /// query.
    pub fn seed_value(&self) -> Option<u64> {
        let parts = self.url_parts()?;
        if parts.path != SEED_PATH {
            return None;
        }
        query_pairs(parts.query?)
            .find(|(name, _)| *name == "a")
            .and_then(|(_, value)| value.parse().ok())
    }

    /// The value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The url's parts, or `None` if it is not an absolute http(s) url.
    pub fn url_parts(&self) -> Option<UrlParts<'_>> {
        split_url(&self.url)
    }

    /// The path and query of the url, as sent on the wire.
    pub fn path_and_query(&self) -> &str {
        match self.url_parts() {
            Some(parts) => {
                let start = self.url.len()
                    - parts.path.len()
                    - parts.query.map_or(0, |query| query.len() + 1);
                if parts.path.is_empty() {
                    "/"
                } else {
                    &self.url[start..]
                }
            }
            None => &self.url,
        }
    }

    /// Whether the request is for Moto's control plane (`/moto-api/...`).
    pub fn is_control_plane(&self) -> bool {
        self.url_parts()
            .is_some_and(|parts| parts.path.starts_with("/moto-api/"))
    }

    /// The AWS operation, for messages: the `X-Amz-Target` action, the SDK's `x-id`, the
    /// query protocol's `Action`, or, for a REST request without `x-id` (`PUT /orders`,
    /// S3's CreateBucket), the operation its method and path are in the model of the
    /// service its credential scope names.
    pub fn operation(&self) -> Option<&str> {
        self.named_operation().or_else(|| self.rest_operation())
    }

    /// The REST operation of the model of the signing service (see [`Entry::operation`]).
    fn rest_operation(&self) -> Option<&'static str> {
        use crate::protocol::model::WireProtocol;
        let scope =
            crate::protocol::sigv4::parse_authorization(self.header("authorization")?)?.scope;
        let model = crate::models::ALL.iter().find(|model| {
            model.signing_name == scope.service
                && matches!(
                    model.protocol,
                    WireProtocol::RestXml | WireProtocol::RestJson1
                )
        })?;
        let parts = self.url_parts()?;
        let mut headers = http::HeaderMap::new();
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                headers.append(name, value);
            }
        }
        let path = if parts.path.is_empty() {
            "/"
        } else {
            parts.path
        };
        // A virtual-hosted S3 request names its bucket in the host, as canonical fixtures
        // name it in the path.
        let path = match crate::protocol::host::virtual_host_bucket(parts.authority) {
            Some(bucket) if model.name == "s3" => format!("/{bucket}{path}"),
            _ => path.to_owned(),
        };
        crate::protocol::rest::match_operation(
            model,
            &self.method,
            &path,
            parts.query.unwrap_or_default(),
            &headers,
        )
        .map(|matched| matched.operation.name)
    }

    /// The operation the request names itself (see [`Entry::operation`]).
    fn named_operation(&self) -> Option<&str> {
        if let Some(target) = self.header("x-amz-target") {
            return target.rsplit('.').next();
        }
        let query = self.url_parts().and_then(|parts| parts.query);
        let form = self
            .body
            .as_deref()
            .filter(|_| {
                self.header("content-type")
                    .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded"))
            })
            .and_then(|body| std::str::from_utf8(body).ok());
        [query, form]
            .into_iter()
            .flatten()
            .flat_map(query_pairs)
            .find(|(name, _)| *name == "x-id" || *name == "Action")
            .map(|(_, value)| value)
    }
}

/// Splits `scheme://authority/path?query`; `None` if it is not an absolute http(s) url.
pub fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at(authority_end);
    if authority.is_empty() {
        return None;
    }
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    Some(UrlParts {
        scheme,
        authority,
        path,
        query,
    })
}

/// The `name=value` pairs of a query or form body, undecoded.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, url: &str) -> Entry {
        Entry {
            headers: Vec::new(),
            method: method.into(),
            url: url.into(),
            body: None,
            status: None,
        }
    }

    #[test]
    fn seed_entries_round_trip_their_seed() {
        let seed = Entry::seed(42);
        assert_eq!(seed.url, "http://localhost:5000/moto-api/seed?a=42");
        assert_eq!(seed.seed_value(), Some(42));
        assert_eq!(
            entry("POST", "http://h:1/moto-api/seed?x=1&a=7").seed_value(),
            Some(7)
        );
        assert_eq!(
            entry("POST", "http://h:1/moto-api/seed?a=-1").seed_value(),
            None
        );
        assert_eq!(
            entry("POST", "http://h:1/moto-api/reset?a=1").seed_value(),
            None
        );
        assert!(seed.is_control_plane());
    }

    #[test]
    fn splits_urls() {
        let parts = split_url("https://bucket.s3.amazonaws.com/key/a.txt?x-id=GetObject").unwrap();
        assert_eq!(parts.scheme, "https");
        assert_eq!(parts.authority, "bucket.s3.amazonaws.com");
        assert_eq!(parts.path, "/key/a.txt");
        assert_eq!(parts.query, Some("x-id=GetObject"));
        let bare = split_url("http://localhost:5000?list").unwrap();
        assert_eq!((bare.path, bare.query), ("", Some("list")));
        assert_eq!(split_url("/relative"), None);
        assert_eq!(split_url("ftp://host/x"), None);
        assert_eq!(split_url("http:///x"), None);
        assert_eq!(
            entry("GET", "http://h/a/b?c=d").path_and_query(),
            "/a/b?c=d"
        );
        assert_eq!(entry("GET", "http://h").path_and_query(), "/");
    }

    #[test]
    fn guesses_operations() {
        let mut dynamo = entry("POST", "http://h/");
        dynamo
            .headers
            .push(("X-Amz-Target".into(), "DynamoDB_20120810.PutItem".into()));
        assert_eq!(dynamo.operation(), Some("PutItem"));
        assert_eq!(
            entry("PUT", "http://h/b/k?x-id=PutObject").operation(),
            Some("PutObject")
        );
        let mut ec2 = entry("POST", "http://h/");
        ec2.headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".into(),
        ));
        ec2.body = Some(b"Action=RunInstances&Version=2016-11-15".to_vec());
        assert_eq!(ec2.operation(), Some("RunInstances"));
        assert_eq!(entry("GET", "http://h/b").operation(), None);
        let mut create_bucket = entry("PUT", "http://localhost:5000/orders");
        create_bucket.headers.push((
            "Authorization".into(),
            "AWS4-HMAC-SHA256 Credential=testing/20000101/us-east-1/s3/aws4_request, \
             SignedHeaders=host, Signature=0"
                .into(),
        ));
        assert_eq!(create_bucket.operation(), Some("CreateBucket"));
        create_bucket.url = "http://orders.s3.amazonaws.com/".into();
        assert_eq!(create_bucket.operation(), Some("CreateBucket"));
        create_bucket.method = "GET".into();
        assert_eq!(create_bucket.operation(), Some("ListObjects"));
    }
}
