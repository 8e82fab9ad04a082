//! What several operations read from requests and write into answers: bodies, digests,
//! checksums, tags, conditions, encryption, owners and listing parameters.

use std::collections::BTreeMap;
use std::time::SystemTime;

use bytes::Bytes;
use http_body_util::BodyExt as _;
use s3s::dto::{
    ETag, ETagCondition, EncodingType, Owner, ServerSideEncryption, StreamingBlob, Timestamp,
};
use s3s::{S3Result, s3_error};

use crate::protocol::query::{QueryParams, percent_encode};
use crate::services::s3::checksum::{
    CHECKSUM_ALGORITHMS, checksums_of, md5_base64, mismatched_checksums,
};
use crate::services::s3::error;
use crate::services::s3::model::{Encryption, OWNER_DISPLAY_NAME, OWNER_ID, StoredObject};
use crate::services::s3::settings::{BucketSettings, SSE_ALGORITHMS};

/// The default and largest page of a listing.
pub(super) const MAX_KEYS: usize = 1000;
/// An object has at most 10 tags.
const MAX_OBJECT_TAGS: usize = 10;

/// The account that owns every bucket and object.
pub(super) fn owner() -> Owner {
    Owner {
        display_name: Some(OWNER_DISPLAY_NAME.to_owned()),
        id: Some(OWNER_ID.to_owned()),
    }
}

pub(super) fn etag(object: &StoredObject) -> ETag {
    ETag::Strong(object.etag.clone())
}

pub(super) fn timestamp(instant: Option<SystemTime>) -> Option<Timestamp> {
    instant.map(Timestamp::from)
}

pub(super) fn system_time(timestamp: Timestamp) -> SystemTime {
    time::OffsetDateTime::from(timestamp).into()
}

/// The whole body of a request.
pub(super) async fn read_body(body: Option<StreamingBlob>) -> S3Result<Bytes> {
    match body {
        None => Ok(Bytes::new()),
        Some(blob) => {
            let body = s3s::Body::from(blob);
            body.collect()
                .await
                .map(|collected| collected.to_bytes())
                .map_err(|source| {
                    s3_error!(
                        IncompleteBody,
                        "the request body could not be read: {source}"
                    )
                })
        }
    }
}

/// `InvalidDigest` for a `Content-MD5` that is not 16 bytes of base64, `BadDigest` for
/// one that does not match the body.
pub(super) fn check_content_md5(body: &[u8], content_md5: Option<&str>) -> S3Result<()> {
    let Some(expected) = content_md5 else {
        return Ok(());
    };
    use base64::Engine as _;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(expected)
        .map_err(|_| error::invalid_digest())?;
    if decoded.len() != 16 {
        return Err(error::invalid_digest());
    }
    if expected != md5_base64(body) {
        return Err(error::bad_digest());
    }
    Ok(())
}

/// The `x-amz-checksum-*` values of a request, in [`CHECKSUM_ALGORITHMS`] order.
pub(super) fn given_checksums(values: [Option<String>; 5]) -> BTreeMap<String, String> {
    CHECKSUM_ALGORITHMS
        .iter()
        .zip(values)
        .filter_map(|(algorithm, value)| Some(((*algorithm).to_owned(), value?)))
        .collect()
}

/// The checksums an upload keeps: those it came with, checked against the body, and the
/// one its `x-amz-sdk-checksum-algorithm` names when its value was not sent.
pub(super) fn upload_checksums(
    body: &[u8],
    given: BTreeMap<String, String>,
    algorithm: Option<&str>,
) -> S3Result<BTreeMap<String, String>> {
    if let Some(algorithm) = mismatched_checksums(body, &given).first() {
        return Err(s3_error!(
            BadDigest,
            "The {algorithm} you specified did not match the calculated checksum."
        ));
    }
    let mut checksums = given;
    if let Some(algorithm) = algorithm
        && !checksums.contains_key(algorithm)
    {
        checksums.extend(checksums_of(body, [algorithm]));
    }
    Ok(checksums)
}

/// The five `x-amz-checksum-*` answers of an object, in [`CHECKSUM_ALGORITHMS`] order.
pub(super) struct ChecksumFields {
    pub(super) crc32: Option<String>,
    pub(super) crc32c: Option<String>,
    pub(super) crc64nvme: Option<String>,
    pub(super) sha1: Option<String>,
    pub(super) sha256: Option<String>,
}

impl ChecksumFields {
    /// The checksums of `checksums` (by algorithm name), or none at all.
    pub(super) fn of(checksums: Option<&BTreeMap<String, String>>) -> ChecksumFields {
        let get = |name: &str| checksums.and_then(|checksums| checksums.get(name).cloned());
        ChecksumFields {
            crc32: get("CRC32"),
            crc32c: get("CRC32C"),
            crc64nvme: get("CRC64NVME"),
            sha1: get("SHA1"),
            sha256: get("SHA256"),
        }
    }
}

/// Object tags from the `x-amz-tagging` header, `k1=v1&k2=v2` url-encoded.
pub(super) fn parse_tagging_header(header: &str) -> S3Result<Vec<(String, String)>> {
    let params = QueryParams::parse(header, "");
    checked_tags(params.pairs().to_vec())
}

/// S3's rules for object tags: at most 10, keys 1-128 characters, values up to 256,
/// keys unique.
pub(super) fn checked_tags(tags: Vec<(String, String)>) -> S3Result<Vec<(String, String)>> {
    if tags.len() > MAX_OBJECT_TAGS {
        return Err(error::invalid_tag("Object tags cannot be greater than 10"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (key, value) in &tags {
        if key.is_empty() || key.chars().count() > 128 {
            return Err(error::invalid_tag(
                "The TagKey you have provided is invalid",
            ));
        }
        if value.chars().count() > 256 {
            return Err(error::invalid_tag(
                "The TagValue you have provided is invalid",
            ));
        }
        if !seen.insert(key.as_str()) {
            return Err(error::invalid_tag(
                "Cannot provide multiple Tags with the same key",
            ));
        }
    }
    Ok(tags)
}

/// The conditions of a read (`If-Match`, `If-None-Match`, `If-Modified-Since`,
/// `If-Unmodified-Since`), checked in the order RFC 9110 gives them precedence.
pub(super) struct ReadConditions<'a> {
    pub(super) if_match: Option<&'a ETagCondition>,
    pub(super) if_none_match: Option<&'a ETagCondition>,
    pub(super) if_modified_since: Option<&'a Timestamp>,
    pub(super) if_unmodified_since: Option<&'a Timestamp>,
}

fn matches(condition: &ETagCondition, object: &StoredObject) -> bool {
    match condition {
        ETagCondition::Any => true,
        ETagCondition::ETag(tag) => tag.value() == object.etag,
    }
}

fn whole_seconds(instant: Option<SystemTime>) -> Option<i64> {
    instant.map(|instant| time::OffsetDateTime::from(instant).unix_timestamp())
}

fn seconds(since: &Timestamp) -> i64 {
    time::OffsetDateTime::from(since.clone()).unix_timestamp()
}

impl ReadConditions<'_> {
    /// `PreconditionFailed` or `NotModified` when a condition does not hold.
    pub(super) fn check(&self, object: &StoredObject) -> S3Result<()> {
        let modified = whole_seconds(object.last_modified);
        if let Some(condition) = self.if_match
            && !matches(condition, object)
        {
            return Err(error::precondition_failed());
        }
        if self.if_match.is_none()
            && let (Some(since), Some(modified)) = (self.if_unmodified_since, modified)
            && modified > seconds(since)
        {
            return Err(error::precondition_failed());
        }
        if let Some(condition) = self.if_none_match {
            if matches(condition, object) {
                return Err(error::not_modified());
            }
        } else if let (Some(since), Some(modified)) = (self.if_modified_since, modified)
            && modified <= seconds(since)
        {
            return Err(error::not_modified());
        }
        Ok(())
    }

    /// For the source of a copy every failed condition is `PreconditionFailed`.
    pub(super) fn check_copy_source(&self, object: &StoredObject) -> S3Result<()> {
        self.check(object).map_err(|failed| {
            if failed.code() == &s3s::S3ErrorCode::NotModified {
                error::precondition_failed()
            } else {
                failed
            }
        })
    }
}

/// The conditions of a write: `If-None-Match: *` refuses to replace an object, `If-Match`
/// replaces only the object with that ETag.
pub(super) fn check_write_conditions(
    current: Option<&StoredObject>,
    if_match: Option<&ETagCondition>,
    if_none_match: Option<&ETagCondition>,
) -> S3Result<()> {
    if let Some(condition) = if_none_match {
        if !matches!(condition, ETagCondition::Any) {
            return Err(s3_error!(
                NotImplemented,
                "A header you provided implies functionality that is not implemented"
            ));
        }
        if current.is_some() {
            return Err(error::precondition_failed());
        }
    }
    if let Some(condition) = if_match {
        let current = current.ok_or_else(error::no_such_key)?;
        if !matches(condition, current) {
            return Err(error::precondition_failed());
        }
    }
    Ok(())
}

/// How a new object is encrypted: as the request asks, or by the bucket's default.
pub(super) fn requested_encryption(
    algorithm: Option<&ServerSideEncryption>,
    kms_key_id: Option<String>,
    bucket_key_enabled: Option<bool>,
    settings: &BucketSettings,
) -> S3Result<Encryption> {
    let Some(algorithm) = algorithm else {
        if kms_key_id.is_some() {
            return Err(error::invalid_argument(
                "Server Side Encryption with AWS KMS managed key requires HTTP header \
                 x-amz-server-side-encryption : aws:kms",
            ));
        }
        let mut default = settings.default_object_encryption();
        if let Some(enabled) = bucket_key_enabled {
            default.bucket_key_enabled = enabled;
        }
        return Ok(default);
    };
    let algorithm = algorithm.as_str();
    if !SSE_ALGORITHMS.contains(&algorithm) {
        return Err(error::invalid_argument(
            "The encryption method specified is not supported",
        ));
    }
    if kms_key_id.is_some() && algorithm == ServerSideEncryption::AES256 {
        return Err(error::invalid_argument(
            "Server Side Encryption with AWS KMS managed key requires HTTP header \
             x-amz-server-side-encryption : aws:kms",
        ));
    }
    Ok(Encryption {
        algorithm: algorithm.to_owned(),
        kms_key_id,
        bucket_key_enabled: bucket_key_enabled.unwrap_or(false),
    })
}

/// The encryption headers S3 answers about an object: the algorithm, the KMS key, and
/// whether an S3 Bucket Key is used (only when it is).
pub(super) struct EncryptionFields {
    pub(super) server_side_encryption: Option<ServerSideEncryption>,
    pub(super) ssekms_key_id: Option<String>,
    pub(super) bucket_key_enabled: Option<bool>,
}

impl EncryptionFields {
    pub(super) fn of(encryption: Option<&Encryption>) -> EncryptionFields {
        EncryptionFields {
            server_side_encryption: encryption
                .map(|encryption| ServerSideEncryption::from(encryption.algorithm.clone())),
            ssekms_key_id: encryption.and_then(|encryption| encryption.kms_key_id.clone()),
            bucket_key_enabled: encryption
                .filter(|encryption| encryption.bucket_key_enabled)
                .map(|_| true),
        }
    }
}

/// Keys in listings, url-encoded when `encoding-type=url` was asked (slashes kept).
pub(super) fn encode_key(key: &str, encode: bool) -> String {
    if encode {
        key.split('/')
            .map(percent_encode)
            .collect::<Vec<_>>()
            .join("/")
    } else {
        key.to_owned()
    }
}

/// A page size: at most [`MAX_KEYS`], never negative.
pub(super) fn max_keys(requested: Option<i32>) -> S3Result<usize> {
    match requested {
        None => Ok(MAX_KEYS),
        Some(keys) => usize::try_from(keys)
            .map(|keys| keys.min(MAX_KEYS))
            .map_err(|_| error::invalid_argument("max-keys must be a non-negative integer")),
    }
}

pub(super) fn wants_url_encoding(encoding: Option<&EncodingType>) -> bool {
    encoding.is_some_and(|kind| kind.as_str() == EncodingType::URL)
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn object(body: &'static [u8]) -> StoredObject {
        StoredObject::new(Bytes::from_static(body), SystemTime::UNIX_EPOCH)
    }

    fn code(error: s3s::S3Error) -> String {
        error.code().as_str().to_owned()
    }

    #[test]
    fn if_none_match_star_refuses_to_replace_an_object() {
        let current = object(b"node-1");
        assert!(check_write_conditions(None, None, Some(&ETagCondition::Any)).is_ok());
        let refused = check_write_conditions(Some(&current), None, Some(&ETagCondition::Any));
        assert_eq!(code(refused.unwrap_err()), "PreconditionFailed");
        let etag = ETagCondition::ETag(ETag::Strong(current.etag.clone()));
        assert_eq!(
            code(check_write_conditions(Some(&current), None, Some(&etag)).unwrap_err()),
            "NotImplemented",
            "If-None-Match only takes *"
        );
    }

    #[test]
    fn if_match_replaces_only_the_object_with_that_etag() {
        let current = object(b"v1");
        let same = ETagCondition::ETag(ETag::Strong(current.etag.clone()));
        let other = ETagCondition::ETag(ETag::Strong("0".repeat(32)));
        assert!(check_write_conditions(Some(&current), Some(&same), None).is_ok());
        assert_eq!(
            code(check_write_conditions(Some(&current), Some(&other), None).unwrap_err()),
            "PreconditionFailed"
        );
        assert_eq!(
            code(check_write_conditions(None, Some(&same), None).unwrap_err()),
            "NoSuchKey"
        );
    }

    #[test]
    fn copy_sources_fail_every_condition_with_precondition_failed() {
        let source = object(b"x");
        let same = ETagCondition::ETag(ETag::Strong(source.etag.clone()));
        let conditions = ReadConditions {
            if_match: None,
            if_none_match: Some(&same),
            if_modified_since: None,
            if_unmodified_since: None,
        };
        assert_eq!(code(conditions.check(&source).unwrap_err()), "NotModified");
        assert_eq!(
            code(conditions.check_copy_source(&source).unwrap_err()),
            "PreconditionFailed"
        );
    }

    #[test]
    fn new_objects_take_the_requested_or_the_bucket_encryption() {
        let settings = BucketSettings::default();
        let default = requested_encryption(None, None, None, &settings).unwrap();
        assert_eq!(default.algorithm, "AES256");
        let kms = ServerSideEncryption::from_static(ServerSideEncryption::AWS_KMS);
        let asked =
            requested_encryption(Some(&kms), Some("key".into()), Some(true), &settings).unwrap();
        assert_eq!(asked.kms_key_id.as_deref(), Some("key"));
        assert!(asked.bucket_key_enabled);
        let fields = EncryptionFields::of(Some(&asked));
        assert_eq!(fields.bucket_key_enabled, Some(true));
        assert!(requested_encryption(None, Some("key".into()), None, &settings).is_err());
        let unknown = ServerSideEncryption::from("rot13".to_owned());
        assert!(requested_encryption(Some(&unknown), None, None, &settings).is_err());
    }

    #[test]
    fn uploads_keep_given_checksums_and_compute_the_one_named() {
        let computed = upload_checksums(b"hello world", BTreeMap::new(), Some("CRC32")).unwrap();
        assert_eq!(computed["CRC32"], "DUoRhQ==");
        let wrong = BTreeMap::from([("CRC32".to_owned(), "AAAAAA==".to_owned())]);
        assert_eq!(
            code(upload_checksums(b"hello world", wrong, None).unwrap_err()),
            "BadDigest"
        );
    }

    #[test]
    fn page_sizes_are_capped_and_never_negative() {
        assert_eq!(max_keys(None).unwrap(), MAX_KEYS);
        assert_eq!(max_keys(Some(5000)).unwrap(), MAX_KEYS);
        assert_eq!(max_keys(Some(2)).unwrap(), 2);
        assert!(max_keys(Some(-1)).is_err());
    }
}
