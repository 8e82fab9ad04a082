//! An `HttpClient` for the AWS SDK for Rust that hands each request to a backend in this
//! process: no socket, no name resolution, no hand-over to another thread.
//!
//! Each request goes through [`Backend::handle`], the function the HTTP server calls per
//! request, after being put in the shape the server would have received it in: the
//! request target in origin form, `Host` from the endpoint the SDK resolved (so S3
//! virtual-hosted buckets, `orders.localhost:5000`, route without DNS), the framing
//! header a hyper client adds (`Content-Length`, or `Transfer-Encoding: chunked` for a
//! body of unknown length) and the whole body read, aws-chunked framing included. The
//! recorder therefore sees the same request either way, and a fixture recorded through
//! this client is byte-identical to one recorded over loopback. Answers get the
//! `Content-Length` hyper's server would add.

use std::sync::{Arc, Weak};

use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use http::header::{CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
use http::uri::{PathAndQuery, Uri};
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Limited};
use hyper::body::Body;

use crate::backend::Backend;
use crate::server::{DEFAULT_MAX_BODY_BYTES, payload_too_large};

/// The endpoint in-process clients are configured with. Nothing listens there: requests
/// never leave the process, and the name only shapes them (`Host`, S3 virtual-hosted
/// buckets as `<bucket>.localhost:5000`, SQS queue urls). It is the origin canonical
/// fixtures use, so urls a test sees are the ones its fixture holds.
pub const IN_PROCESS_ENDPOINT: &str = crate::recording::CANONICAL_ORIGIN;

/// The AWS SDK's HTTP client for a backend in this process (see the module docs).
///
/// It holds the backend weakly, so a client kept in a Lambda handler registered on that
/// backend does not keep it alive; once the backend is dropped, requests fail with a
/// connector error saying so.
#[derive(Debug, Clone)]
pub struct InProcessClient {
    connector: SharedHttpConnector,
}

impl InProcessClient {
    /// A client for `backend`.
    pub fn new(backend: &Arc<Backend>) -> InProcessClient {
        InProcessClient {
            connector: SharedHttpConnector::new(InProcessConnector {
                backend: Arc::downgrade(backend),
            }),
        }
    }
}

impl HttpClient for InProcessClient {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        // Connect and read timeouts have nothing to time here: no socket.
        self.connector.clone()
    }

    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        Some(ConnectorMetadata::new("moto-recorded-in-process", None))
    }
}

#[derive(Debug)]
struct InProcessConnector {
    backend: Weak<Backend>,
}

impl HttpConnector for InProcessConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let backend = self.backend.upgrade();
        HttpConnectorFuture::new(async move {
            let backend = backend.ok_or_else(|| {
                ConnectorError::other(
                    "the backend this AWS client was configured for has been dropped (its \
                     test has ended): build clients from the running test's Moto"
                        .into(),
                    None,
                )
            })?;
            let response = match server_request(request, DEFAULT_MAX_BODY_BYTES).await? {
                Ok(request) => backend.handle(request).await,
                Err(TooLarge) => payload_too_large(DEFAULT_MAX_BODY_BYTES),
            };
            sdk_response(response)
        })
    }
}

/// A request body larger than the server accepts.
struct TooLarge;

/// The SDK's request as the HTTP server would receive it from a hyper client.
async fn server_request(
    request: HttpRequest,
    max_body: usize,
) -> Result<Result<Request<Bytes>, TooLarge>, ConnectorError> {
    let request = request
        .try_into_http1x()
        .map_err(|error| ConnectorError::user(error.into()))?;
    let (mut parts, body) = request.into_parts();
    if !parts.headers.contains_key(HOST)
        && let Some(host) = host_header(&parts.uri)
    {
        parts.headers.insert(HOST, host);
    }
    if !parts.headers.contains_key(CONTENT_LENGTH)
        && !parts.headers.contains_key(TRANSFER_ENCODING)
        && !body.is_end_stream()
    {
        match body.size_hint().exact() {
            Some(length) => {
                parts
                    .headers
                    .insert(CONTENT_LENGTH, HeaderValue::from(length));
            }
            None => {
                parts
                    .headers
                    .insert(TRANSFER_ENCODING, HeaderValue::from_static("chunked"));
            }
        }
    }
    parts.uri = origin_form(&parts.uri);
    let body = match Limited::new(body, max_body).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            return Ok(Err(TooLarge));
        }
        Err(error) => return Err(ConnectorError::other(error, None)),
    };
    Ok(Ok(Request::from_parts(parts, body)))
}

/// `Host` as a client sends it: the authority, without the scheme's default port.
fn host_header(uri: &Uri) -> Option<HeaderValue> {
    let authority = uri.authority()?;
    let default_port = match uri.scheme_str() {
        Some("https") => 443,
        _ => 80,
    };
    let host = match authority.port_u16() {
        Some(port) if port != default_port => authority.as_str(),
        _ => authority.host(),
    };
    HeaderValue::from_str(host).ok()
}

/// The request target as it arrives at a server: path and query only.
fn origin_form(uri: &Uri) -> Uri {
    let path_and_query = uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    Uri::from(path_and_query)
}

/// The backend's answer as the SDK would read it from the server.
fn sdk_response(response: Response<Bytes>) -> Result<HttpResponse, ConnectorError> {
    let (mut parts, body) = response.into_parts();
    let bodiless = parts.status.is_informational()
        || parts.status == StatusCode::NO_CONTENT
        || parts.status == StatusCode::NOT_MODIFIED;
    if !bodiless
        && !parts.headers.contains_key(CONTENT_LENGTH)
        && !parts.headers.contains_key(TRANSFER_ENCODING)
    {
        parts
            .headers
            .insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    HttpResponse::try_from(Response::from_parts(parts, SdkBody::from(body)))
        .map_err(|error| ConnectorError::other(error.into(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sdk_request(uri: &str, body: SdkBody) -> HttpRequest {
        let mut request = HttpRequest::new(body);
        request.set_uri(uri).unwrap();
        request.set_method("PUT").unwrap();
        request
    }

    async fn received(request: HttpRequest, max_body: usize) -> Request<Bytes> {
        match server_request(request, max_body).await.unwrap() {
            Ok(request) => request,
            Err(TooLarge) => panic!("refused as too large"),
        }
    }

    #[tokio::test]
    async fn requests_arrive_in_origin_form_with_the_endpoints_host() {
        let request = received(
            sdk_request(
                "http://photos.localhost:5000/a%20b.jpg?x-id=PutObject",
                SdkBody::from("12345"),
            ),
            100,
        )
        .await;
        assert_eq!(request.uri().to_string(), "/a%20b.jpg?x-id=PutObject");
        assert_eq!(request.headers()[HOST], "photos.localhost:5000");
        assert_eq!(request.headers()[CONTENT_LENGTH], "5");
        assert_eq!(request.body().as_ref(), b"12345");
    }

    #[tokio::test]
    async fn default_ports_are_left_out_of_host_and_a_set_host_is_kept() {
        let plain = received(sdk_request("http://localhost:80/", SdkBody::empty()), 1).await;
        assert_eq!(plain.headers()[HOST], "localhost");
        assert!(!plain.headers().contains_key(CONTENT_LENGTH));
        let mut request = sdk_request("https://example.com:443/q", SdkBody::empty());
        request.headers_mut().insert("host", "given.example");
        let given = received(request, 1).await;
        assert_eq!(given.headers()[HOST], "given.example");
    }

    /// A body in two parts whose length is not known in advance.
    struct TwoParts(Vec<Bytes>);

    impl Body for TwoParts {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, std::io::Error>>> {
            let next = (!self.0.is_empty()).then(|| self.0.remove(0));
            std::task::Poll::Ready(next.map(|data| Ok(hyper::body::Frame::data(data))))
        }
    }

    #[tokio::test]
    async fn bodies_of_unknown_length_are_chunked_and_too_large_ones_refused() {
        let stream = SdkBody::from_body_1_x(TwoParts(vec![
            Bytes::from_static(b"ab"),
            Bytes::from_static(b"cd"),
        ]));
        let request = received(sdk_request("http://localhost:5000/k", stream), 10).await;
        assert_eq!(request.headers()[TRANSFER_ENCODING], "chunked");
        assert_eq!(request.body().as_ref(), b"abcd");
        let refused = server_request(
            sdk_request("http://localhost:5000/k", SdkBody::from("too long")),
            3,
        )
        .await
        .unwrap();
        assert!(matches!(refused, Err(TooLarge)));
    }

    #[test]
    fn answers_get_a_content_length_unless_they_have_no_body() {
        let ok = sdk_response(Response::new(Bytes::from_static(b"hello"))).unwrap();
        assert_eq!(ok.headers().get("content-length"), Some("5"));
        let mut none = Response::new(Bytes::new());
        *none.status_mut() = StatusCode::NO_CONTENT;
        let none = sdk_response(none).unwrap();
        assert_eq!(none.headers().get("content-length"), None);
    }
}
