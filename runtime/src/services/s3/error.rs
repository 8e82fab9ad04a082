//! S3 error codes, as s3s renders them.

use s3s::{S3Error, s3_error};

/// `NoSuchBucket` (404).
pub(super) fn no_such_bucket(bucket: &str) -> S3Error {
    s3_error!(
        NoSuchBucket,
        "The specified bucket does not exist: {bucket}"
    )
}

/// `NoSuchKey` (404).
pub(super) fn no_such_key(key: &str) -> S3Error {
    s3_error!(NoSuchKey, "The specified key does not exist: {key}")
}

/// `BucketAlreadyOwnedByYou` (409).
pub(super) fn bucket_already_owned_by_you(bucket: &str) -> S3Error {
    s3_error!(
        BucketAlreadyOwnedByYou,
        "Your previous request to create the named bucket succeeded and you already own it: {bucket}"
    )
}

/// `BucketNotEmpty` (409).
pub(super) fn bucket_not_empty(bucket: &str) -> S3Error {
    s3_error!(
        BucketNotEmpty,
        "The bucket you tried to delete is not empty: {bucket}"
    )
}

/// `IllegalLocationConstraintException` (400): the constraint does not match the
/// region the request was sent to.
pub(super) fn illegal_location_constraint(constraint: Option<&str>, region: &str) -> S3Error {
    match constraint {
        None => s3_error!(
            IllegalLocationConstraintException,
            "The unspecified location constraint is incompatible for the region specific \
             endpoint this request was sent to ({region})."
        ),
        Some(constraint) => s3_error!(
            IllegalLocationConstraintException,
            "The {constraint} location constraint is incompatible for the region specific \
             endpoint this request was sent to ({region})."
        ),
    }
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
pub(super) fn precondition_failed(condition: &str) -> S3Error {
    s3_error!(
        PreconditionFailed,
        "At least one of the pre-conditions you specified did not hold: {condition}"
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

/// `NoSuchVersion` (404).
pub(super) fn no_such_version(version_id: &str) -> S3Error {
    s3_error!(
        NoSuchVersion,
        "The specified version does not exist: {version_id}"
    )
}

/// `NoSuchUpload` (404).
pub(super) fn no_such_upload(upload_id: &str) -> S3Error {
    s3_error!(
        NoSuchUpload,
        "The specified upload does not exist. The upload ID may be invalid, or the upload \
         may have been aborted or completed: {upload_id}"
    )
}

/// `InvalidPart` (400): a listed part was not uploaded or its ETag differs.
pub(super) fn invalid_part(part_number: i32) -> S3Error {
    s3_error!(
        InvalidPart,
        "One or more of the specified parts could not be found or its entity tag did not \
         match (part {part_number})."
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
pub(super) fn entity_too_small(part_number: i32) -> S3Error {
    s3_error!(
        EntityTooSmall,
        "Your proposed upload is smaller than the minimum allowed object size (part {part_number})."
    )
}

/// `InvalidTag` (400).
pub(super) fn invalid_tag(message: &str) -> S3Error {
    s3_error!(InvalidTag, "{message}")
}
