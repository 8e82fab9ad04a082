//! S3 error codes, with the messages S3 gives them, as s3s renders them.

use http::{HeaderMap, HeaderValue, StatusCode};
use s3s::{S3Error, S3ErrorCode, s3_error};

/// An error whose code s3s does not know, with its status.
fn custom(code: &'static str, status: StatusCode, message: &'static str) -> S3Error {
    let mut error = S3Error::with_message(S3ErrorCode::Custom(code.into()), message);
    error.set_status_code(status);
    error
}

/// `NoSuchBucket` (404).
pub(super) fn no_such_bucket() -> S3Error {
    s3_error!(NoSuchBucket, "The specified bucket does not exist")
}

/// `NoSuchKey` (404).
pub(super) fn no_such_key() -> S3Error {
    s3_error!(NoSuchKey, "The specified key does not exist.")
}

/// `BucketAlreadyOwnedByYou` (409).
pub(super) fn bucket_already_owned_by_you() -> S3Error {
    s3_error!(
        BucketAlreadyOwnedByYou,
        "Your previous request to create the named bucket succeeded and you already own it."
    )
}

/// `BucketNotEmpty` (409).
pub(super) fn bucket_not_empty() -> S3Error {
    s3_error!(
        BucketNotEmpty,
        "The bucket you tried to delete is not empty"
    )
}

/// `IllegalLocationConstraintException` (400): the constraint does not match the
/// region-specific endpoint the request was sent to.
pub(super) fn illegal_location_constraint(constraint: Option<&str>) -> S3Error {
    match constraint {
        None => s3_error!(
            IllegalLocationConstraintException,
            "The unspecified location constraint is incompatible for the region specific \
             endpoint this request was sent to."
        ),
        Some(constraint) => s3_error!(
            IllegalLocationConstraintException,
            "The {constraint} location constraint is incompatible for the region specific \
             endpoint this request was sent to."
        ),
    }
}

/// `InvalidLocationConstraint` (400): `us-east-1` is never named as a constraint.
pub(super) fn invalid_location_constraint() -> S3Error {
    s3_error!(
        InvalidLocationConstraint,
        "The specified location-constraint is not valid"
    )
}

/// `BadDigest` (400): the body does not match its `Content-MD5`.
pub(super) fn bad_digest() -> S3Error {
    s3_error!(
        BadDigest,
        "The Content-MD5 you specified did not match what we received."
    )
}

/// `InvalidDigest` (400): the `Content-MD5` is not the base64 of 16 bytes.
pub(super) fn invalid_digest() -> S3Error {
    s3_error!(InvalidDigest, "The Content-MD5 you specified is not valid.")
}

/// `PreconditionFailed` (412).
pub(super) fn precondition_failed() -> S3Error {
    s3_error!(
        PreconditionFailed,
        "At least one of the pre-conditions you specified did not hold"
    )
}

/// `NotModified` (304).
pub(super) fn not_modified() -> S3Error {
    s3_error!(NotModified)
}

/// `InvalidArgument` (400).
pub(super) fn invalid_argument(message: &str) -> S3Error {
    s3_error!(InvalidArgument, "{message}")
}

/// `InvalidRequest` (400).
pub(super) fn invalid_request(message: &str) -> S3Error {
    s3_error!(InvalidRequest, "{message}")
}

/// `MalformedXML` (400).
pub(super) fn malformed_xml() -> S3Error {
    s3_error!(
        MalformedXML,
        "The XML you provided was not well-formed or did not validate against our published schema"
    )
}

/// `NoSuchVersion` (404).
pub(super) fn no_such_version() -> S3Error {
    s3_error!(NoSuchVersion, "The specified version does not exist.")
}

/// `NoSuchUpload` (404).
pub(super) fn no_such_upload() -> S3Error {
    s3_error!(
        NoSuchUpload,
        "The specified upload does not exist. The upload ID may be invalid, or the upload \
         may have been aborted or completed."
    )
}

/// `InvalidPart` (400): a listed part was not uploaded or its ETag differs.
pub(super) fn invalid_part() -> S3Error {
    s3_error!(
        InvalidPart,
        "One or more of the specified parts could not be found. The part might not have \
         been uploaded, or the specified entity tag might not have matched the part's \
         entity tag."
    )
}

/// `InvalidPartOrder` (400).
pub(super) fn invalid_part_order() -> S3Error {
    s3_error!(
        InvalidPartOrder,
        "The list of parts was not in ascending order. The parts list must be specified in \
         order by part number."
    )
}

/// `EntityTooSmall` (400): a part other than the last is under 5 MiB.
pub(super) fn entity_too_small() -> S3Error {
    s3_error!(
        EntityTooSmall,
        "Your proposed upload is smaller than the minimum allowed object size."
    )
}

/// `InvalidTag` (400).
pub(super) fn invalid_tag(message: &str) -> S3Error {
    s3_error!(InvalidTag, "{message}")
}

/// `InvalidRange` (416).
pub(super) fn invalid_range() -> S3Error {
    s3_error!(InvalidRange, "The requested range is not satisfiable")
}

/// `InvalidPartNumber` (416): the object has fewer parts.
pub(super) fn invalid_part_number() -> S3Error {
    custom(
        "InvalidPartNumber",
        StatusCode::RANGE_NOT_SATISFIABLE,
        "The requested partnumber is not satisfiable",
    )
}

/// The answer to reading a version that is a delete marker: `NoSuchKey` (404) for the
/// latest version, `MethodNotAllowed` (405) for one named by id. Both say, in headers,
/// that a delete marker is there and which.
pub(super) fn delete_marker(version_id: &str, named: bool) -> S3Error {
    let mut error = if named {
        s3_error!(
            MethodNotAllowed,
            "The specified method is not allowed against this resource."
        )
    } else {
        no_such_key()
    };
    let mut headers = HeaderMap::new();
    headers.insert("x-amz-delete-marker", HeaderValue::from_static("true"));
    if let Ok(value) = HeaderValue::from_str(version_id) {
        headers.insert("x-amz-version-id", value);
    }
    if named {
        headers.insert(http::header::ALLOW, HeaderValue::from_static("DELETE"));
    }
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    error.set_headers(headers);
    error
}

/// `NoSuchBucketPolicy` (404).
pub(super) fn no_such_bucket_policy() -> S3Error {
    s3_error!(NoSuchBucketPolicy, "The bucket policy does not exist")
}

/// `MalformedPolicy` (400).
pub(super) fn malformed_policy(message: &str) -> S3Error {
    s3_error!(MalformedPolicy, "{message}")
}

/// `NoSuchCORSConfiguration` (404).
pub(super) fn no_such_cors_configuration() -> S3Error {
    s3_error!(
        NoSuchCORSConfiguration,
        "The CORS configuration does not exist"
    )
}

/// `NoSuchLifecycleConfiguration` (404).
pub(super) fn no_such_lifecycle_configuration() -> S3Error {
    s3_error!(
        NoSuchLifecycleConfiguration,
        "The lifecycle configuration does not exist"
    )
}

/// `NoSuchWebsiteConfiguration` (404).
pub(super) fn no_such_website_configuration() -> S3Error {
    s3_error!(
        NoSuchWebsiteConfiguration,
        "The specified bucket does not have a website configuration"
    )
}

/// `NoSuchPublicAccessBlockConfiguration` (404).
pub(super) fn no_such_public_access_block_configuration() -> S3Error {
    custom(
        "NoSuchPublicAccessBlockConfiguration",
        StatusCode::NOT_FOUND,
        "The public access block configuration was not found",
    )
}

/// `NoSuchTagSet` (404).
pub(super) fn no_such_tag_set() -> S3Error {
    s3_error!(NoSuchTagSet, "The TagSet does not exist")
}

/// `MalformedACLError` (400).
pub(super) fn malformed_acl() -> S3Error {
    s3_error!(
        MalformedACLError,
        "The XML you provided was not well-formed or did not validate against our published schema"
    )
}

/// `UnresolvableGrantByEmailAddress` (400): no account has the address.
pub(super) fn unresolvable_grant_by_email() -> S3Error {
    s3_error!(
        UnresolvableGrantByEmailAddress,
        "The e-mail address you provided does not match any account on record."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_codes_keep_their_status() {
        let error = no_such_public_access_block_configuration();
        assert_eq!(
            error.code().as_str(),
            "NoSuchPublicAccessBlockConfiguration"
        );
        assert_eq!(error.status_code(), Some(StatusCode::NOT_FOUND));
        assert_eq!(
            invalid_part_number().status_code(),
            Some(StatusCode::RANGE_NOT_SATISFIABLE)
        );
    }

    #[test]
    fn delete_markers_answer_with_their_headers() {
        let named = delete_marker("v-1", true);
        assert_eq!(named.code().as_str(), "MethodNotAllowed");
        let headers = named.headers().unwrap();
        assert_eq!(headers["x-amz-delete-marker"], "true");
        assert_eq!(headers["x-amz-version-id"], "v-1");
        assert_eq!(headers["allow"], "DELETE");
        let latest = delete_marker("v-2", false);
        assert_eq!(latest.code().as_str(), "NoSuchKey");
        assert!(latest.headers().unwrap().get("allow").is_none());
    }
}
