//! S3 (rest-xml) on s3s: s3s reads and writes the wire, `handlers` keeps the objects.
//!
//! Before s3s sees a request it is made plain, as a recorded fixture is: no signature to
//! check (fixtures carry placeholders, and tests may use any credentials, as with Moto),
//! aws-chunked bodies decoded, virtual-hosted buckets moved into the path.

mod acl;
mod checksum;
mod error;
mod form_upload;
mod handlers;
mod listing;
mod model;
mod settings;
pub(crate) mod view;

use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response, StatusCode, header};
use http_body_util::BodyExt as _;
use s3s::access::{S3Access, S3AccessContext};
use s3s::service::S3ServiceBuilder;

use handlers::EmulatedS3;
pub use model::Store;

use crate::models;
use crate::protocol::engine::not_emulated_message;
use crate::protocol::error::{Protocol, ServiceError};
use crate::protocol::{aws_chunked, host};
use crate::recording::query_pairs;
use crate::services::Context;

/// Query parameters that carry a presigned url's signature.
const PRESIGN_PARAMETERS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// The S3 operations emulated here (each a method of `handlers`'s `S3` impl; s3s
/// answers `NotImplemented` for the rest).
pub const OPERATIONS: [&str; 51] = [
    "AbortMultipartUpload",
    "CompleteMultipartUpload",
    "CopyObject",
    "CreateBucket",
    "CreateMultipartUpload",
    "DeleteBucket",
    "DeleteBucketCors",
    "DeleteBucketEncryption",
    "DeleteBucketLifecycle",
    "DeleteBucketPolicy",
    "DeleteBucketTagging",
    "DeleteBucketWebsite",
    "DeleteObject",
    "DeleteObjectTagging",
    "DeleteObjects",
    "DeletePublicAccessBlock",
    "GetBucketAcl",
    "GetBucketCors",
    "GetBucketEncryption",
    "GetBucketLifecycleConfiguration",
    "GetBucketLocation",
    "GetBucketPolicy",
    "GetBucketTagging",
    "GetBucketVersioning",
    "GetBucketWebsite",
    "GetObject",
    "GetObjectAcl",
    "GetObjectTagging",
    "GetPublicAccessBlock",
    "HeadBucket",
    "HeadObject",
    "ListBuckets",
    "ListMultipartUploads",
    "ListObjectVersions",
    "ListObjects",
    "ListObjectsV2",
    "ListParts",
    "PutBucketAcl",
    "PutBucketCors",
    "PutBucketEncryption",
    "PutBucketLifecycleConfiguration",
    "PutBucketPolicy",
    "PutBucketTagging",
    "PutBucketVersioning",
    "PutBucketWebsite",
    "PutObject",
    "PutObjectAcl",
    "PutObjectTagging",
    "PutPublicAccessBlock",
    "UploadPart",
    "UploadPartCopy",
];

/// Every bucket of one backend.
#[derive(Debug, Default)]
pub struct S3State {
    store: Arc<Store>,
}

impl S3State {
    /// Forgets every bucket.
    pub fn reset(&self) {
        self.store.reset();
    }
}

/// Lets every request through: signatures are not checked (see the module docs).
struct AllowAll;

#[async_trait::async_trait]
impl S3Access for AllowAll {
    async fn check(&self, _cx: &mut S3AccessContext<'_>) -> s3s::S3Result<()> {
        Ok(())
    }
}

/// Answers an S3 request.
pub async fn handle(
    state: &S3State,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    let not_emulated = context
        .route
        .operation
        .as_deref()
        .filter(|operation| !OPERATIONS.contains(operation));
    let mut response = match (not_emulated, plain_request(request)) {
        (Some(operation), _) => ServiceError::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            not_emulated_message("S3", operation, OPERATIONS.len(), &models::s3::MODEL),
        )
        .to_response(Protocol::RestXml, context.request_id),
        (None, Ok(request)) => call_s3s(state, context, request).await,
        (None, Err(error)) => error.to_response(Protocol::RestXml, context.request_id),
    };
    if let Ok(value) = HeaderValue::from_str(context.request_id) {
        response.headers_mut().insert("x-amz-request-id", value);
    }
    response
}

/// The answer of s3s, on the backend's store, to a plain request.
async fn call_s3s(
    state: &S3State,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    let s3 = EmulatedS3 {
        store: state.store.clone(),
        random: context.random.clone(),
        clock: context.clock.clone(),
        region: context.route.region.clone(),
        origin: context.origin.clone(),
        virtual_hosted: request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .and_then(host::virtual_host_bucket)
            .is_some(),
    };
    let is_head = request.method() == http::Method::HEAD;
    let mut builder = S3ServiceBuilder::new(s3);
    builder.set_access(AllowAll);
    let service = builder.build();
    match service.call(request.map(s3s::Body::from)).await {
        Ok(response) => {
            let (mut parts, body) = response.into_parts();
            // s3s answers HEAD with 200 whatever it says; a ranged or part HEAD is 206.
            if is_head
                && parts.status == StatusCode::OK
                && parts.headers.contains_key(header::CONTENT_RANGE)
            {
                parts.status = StatusCode::PARTIAL_CONTENT;
            }
            match body.collect().await {
                Ok(collected) => Response::from_parts(parts, collected.to_bytes()),
                Err(error) => internal_error(&error.to_string()),
            }
        }
        Err(error) => internal_error(&format!("{error:?}")),
    }
}

fn internal_error(message: &str) -> Response<Bytes> {
    let error = ServiceError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalError",
        format!("We encountered an internal error: {message}"),
    );
    error.to_response(Protocol::RestXml, "")
}

/// S3's `IncompleteBody` (400): the body ended before its framing (or its declared
/// decoded length) said it would.
fn incomplete_body() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "IncompleteBody",
        "You did not provide the number of bytes specified by the Content-Length HTTP header.",
    )
}

/// The request as s3s should see it: path-style, unsigned, its body decoded. An
/// aws-chunked body that is cut short or malformed is refused, so that nothing stores
/// it with its framing.
fn plain_request(request: Request<Bytes>) -> Result<Request<Bytes>, ServiceError> {
    let (mut parts, mut body) = request.into_parts();
    let host_name = parts
        .headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut path = parts.uri.path().to_owned();
    if let Some(bucket) = host::virtual_host_bucket(&host_name) {
        path = if path == "/" {
            format!("/{bucket}")
        } else {
            format!("/{bucket}{path}")
        };
    }
    let query: Vec<&str> = parts
        .uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !PRESIGN_PARAMETERS.contains(&name)
        })
        .collect();
    let is_sigv2_presigned = query_pairs(parts.uri.query().unwrap_or_default())
        .any(|(name, _)| name == "AWSAccessKeyId");
    let query: Vec<&str> = query
        .into_iter()
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !(is_sigv2_presigned && matches!(name, "AWSAccessKeyId" | "Signature" | "Expires"))
        })
        .collect();
    let target = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    if let Ok(uri) = target.parse() {
        parts.uri = uri;
    }
    parts.headers.remove(header::AUTHORIZATION);

    let text = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    if aws_chunked::is_aws_chunked(text("content-encoding"), text("x-amz-content-sha256")) {
        let decoded = aws_chunked::decode(&body).map_err(|error| match error {
            aws_chunked::ChunkedError::Truncated { .. } => incomplete_body(),
            malformed => ServiceError::new(
                StatusCode::BAD_REQUEST,
                "InvalidRequest",
                format!("The aws-chunked request body is malformed: {malformed}."),
            ),
        })?;
        let declared =
            text("x-amz-decoded-content-length").map(|length| length.trim().parse::<usize>());
        if let Some(declared) = declared
            && declared != Ok(decoded.payload.len())
        {
            return Err(incomplete_body());
        }
        let plain = aws_chunked::plain_headers(text("content-encoding"), decoded.trailers);
        for name in plain.remove {
            parts.headers.remove(name);
        }
        for (name, value) in plain.set {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::try_from(value))
            {
                parts.headers.insert(name, value);
            }
        }
        body = Bytes::from(decoded.payload);
    }
    if let Ok(length) = HeaderValue::try_from(body.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, length);
    }
    Ok(Request::from_parts(parts, body))
}

#[cfg(test)]
mod tests {

    /// The list of operations is the list of `S3` methods written in `handlers.rs`.
    #[test]
    fn operations_are_the_methods_implemented() {
        let source = include_str!("handlers.rs");
        let mut implemented: Vec<String> = source
            .split("async fn ")
            .skip(1)
            .filter(|rest| rest.contains("S3Request<") && rest.find("S3Request<") < rest.find('{'))
            .map(|rest| {
                let name = rest.split('(').next().unwrap_or_default();
                name.split('_')
                    .map(|word| {
                        let mut chars = word.chars();
                        chars
                            .next()
                            .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                            .unwrap_or_default()
                    })
                    .collect::<String>()
            })
            .collect();
        implemented.sort();
        let mut listed: Vec<String> = super::OPERATIONS
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        listed.sort();
        assert_eq!(implemented, listed);
    }
}
