//! Objects: writing (with conditions, checksums and encryption), reading whole, by range
//! or by part, copying, deleting (versions and delete markers) and tagging.

use s3s::dto::{
    CopyObjectInput, CopyObjectOutput, CopyObjectResult, CopySource, DeleteObjectInput,
    DeleteObjectOutput, DeleteObjectTaggingInput, DeleteObjectTaggingOutput, DeleteObjectsInput,
    DeleteObjectsOutput, DeletedObject, GetObjectInput, GetObjectOutput, GetObjectTaggingInput,
    GetObjectTaggingOutput, HeadObjectInput, HeadObjectOutput, MetadataDirective, PutObjectInput,
    PutObjectOutput, PutObjectTaggingInput, PutObjectTaggingOutput, Range, StreamingBlob, Tag,
    TaggingDirective,
};
use s3s::{S3Result, s3_error};

use super::EmulatedS3;
use super::access::requested_acl;
use super::common::{
    ChecksumFields, EncryptionFields, ReadConditions, check_content_md5, check_write_conditions,
    checked_tags, etag, given_checksums, parse_tagging_header, read_body, requested_encryption,
    system_time, timestamp, upload_checksums,
};
use crate::services::s3::checksum::checksums_of;
use crate::services::s3::error;
use crate::services::s3::form_upload;
use crate::services::s3::model::{
    Bucket as StoredBucket, NULL_VERSION, StoredObject, Version, Versioning,
};

/// What S3 says an object is when it was written without a `Content-Type`.
const DEFAULT_CONTENT_TYPE: &str = "binary/octet-stream";

/// A version of `key` to read (the latest when `version_id` is none): `NoSuchKey`,
/// `NoSuchVersion`, or the delete-marker answers when there is no object to read.
pub(super) fn object_in<'b>(
    bucket: &'b StoredBucket,
    key: &str,
    version_id: Option<&str>,
) -> S3Result<&'b StoredObject> {
    let version = match version_id {
        None => bucket.latest(key).ok_or_else(error::no_such_key)?,
        Some(id) => bucket.version(key, id).ok_or_else(error::no_such_version)?,
    };
    match version {
        Version::Object(object) => Ok(object),
        Version::DeleteMarker(_) => Err(error::delete_marker(version.id(), version_id.is_some())),
    }
}

/// As [`object_in`], to change.
pub(super) fn object_mut_in<'b>(
    bucket: &'b mut StoredBucket,
    key: &str,
    version_id: Option<&str>,
) -> S3Result<&'b mut StoredObject> {
    object_in(bucket, key, version_id)?;
    bucket
        .object_mut(key, version_id)
        .ok_or_else(error::no_such_key)
}

/// The version id a new write gets: a fresh one while versioning is enabled.
fn new_version_id(s3: &EmulatedS3, bucket: &StoredBucket) -> Option<String> {
    bucket.is_versioned().then(|| s3.random.s3_version_id())
}

pub(super) async fn put_object(
    s3: &EmulatedS3,
    input: PutObjectInput,
) -> S3Result<PutObjectOutput> {
    let body = read_body(input.body).await?;
    check_content_md5(&body, input.content_md5.as_deref())?;
    // A form upload stores its file, as in Moto (see `form_upload`).
    let body = input
        .content_type
        .as_deref()
        .and_then(|content_type| form_upload::file_part(content_type, &body))
        .unwrap_or(body);
    let mut object = StoredObject::new(body, s3.now());
    object.content_type = input.content_type;
    object.content_encoding = input.content_encoding;
    object.content_disposition = input.content_disposition;
    object.content_language = input.content_language;
    object.cache_control = input.cache_control;
    object.expires = input.expires.map(system_time);
    object.metadata = input.metadata.unwrap_or_default().into_iter().collect();
    object.checksums = upload_checksums(
        &object.body,
        given_checksums([
            input.checksum_crc32,
            input.checksum_crc32c,
            input.checksum_crc64nvme,
            input.checksum_sha1,
            input.checksum_sha256,
        ]),
        input
            .checksum_algorithm
            .as_ref()
            .map(|algorithm| algorithm.as_str()),
    )?;
    if let Some(tagging) = &input.tagging {
        object.tags = parse_tagging_header(tagging)?;
    }
    let acl = requested_acl(
        input.acl.as_ref().map(|acl| acl.as_str()),
        [
            input.grant_full_control.as_deref(),
            input.grant_read.as_deref(),
            input.grant_read_acp.as_deref(),
            None,
            input.grant_write_acp.as_deref(),
        ],
    )?;
    object.acl = acl.unwrap_or_default();
    let key = input.key;
    s3.with_bucket_mut(&input.bucket, |bucket| {
        check_write_conditions(
            bucket.current(&key),
            input.if_match.as_ref(),
            input.if_none_match.as_ref(),
        )?;
        object.encryption = Some(requested_encryption(
            input.server_side_encryption.as_ref(),
            input.ssekms_key_id,
            input.bucket_key_enabled,
            &bucket.settings,
        )?);
        object.version_id = new_version_id(s3, bucket);
        let checksums = ChecksumFields::of(Some(&object.checksums));
        let encryption = EncryptionFields::of(object.encryption.as_ref());
        let output = PutObjectOutput {
            e_tag: Some(etag(&object)),
            version_id: object.version_id.clone(),
            checksum_crc32: checksums.crc32,
            checksum_crc32c: checksums.crc32c,
            checksum_crc64nvme: checksums.crc64nvme,
            checksum_sha1: checksums.sha1,
            checksum_sha256: checksums.sha256,
            server_side_encryption: encryption.server_side_encryption,
            ssekms_key_id: encryption.ssekms_key_id,
            bucket_key_enabled: encryption.bucket_key_enabled,
            ..PutObjectOutput::default()
        };
        bucket.put(key, object);
        Ok(output)
    })
}

/// The bytes of an object a read asks for: all of them, a `Range`, or one part (not
/// both). Answers the span (start, end exclusive), the `Content-Range` of a partial
/// read, and the number of parts of a multipart object read by part.
struct Selection {
    start: u64,
    end: u64,
    content_range: Option<String>,
    parts_count: Option<i32>,
}

fn select(
    object: &StoredObject,
    range: Option<&Range>,
    part_number: Option<i32>,
) -> S3Result<Selection> {
    let total = object.body.len() as u64;
    let (start, end, parts_count) = match (range, part_number) {
        (Some(_), Some(_)) => {
            return Err(error::invalid_request(
                "Cannot specify both Range header and partNumber query parameter",
            ));
        }
        (None, None) => {
            return Ok(Selection {
                start: 0,
                end: total,
                content_range: None,
                parts_count: None,
            });
        }
        (Some(range), None) => {
            let span = range.check(total).map_err(|_| error::invalid_range())?;
            (span.start, span.end, None)
        }
        (None, Some(number)) => {
            let (start, end) = object
                .part_range(number)
                .ok_or_else(error::invalid_part_number)?;
            let parts = (!object.part_sizes.is_empty())
                .then(|| i32::try_from(object.part_sizes.len()).unwrap_or(i32::MAX));
            (start, end, parts)
        }
    };
    Ok(Selection {
        start,
        end,
        content_range: Some(format!("bytes {start}-{}/{total}", end.saturating_sub(1))),
        parts_count,
    })
}

/// Whether a read asks for checksums (`x-amz-checksum-mode: ENABLED`); they are only
/// given for the whole object.
fn checksums_for(
    object: &StoredObject,
    mode: Option<&s3s::dto::ChecksumMode>,
    selection: &Selection,
) -> ChecksumFields {
    let enabled = mode.is_some_and(|mode| mode.as_str() == s3s::dto::ChecksumMode::ENABLED);
    let whole = selection.content_range.is_none();
    ChecksumFields::of((enabled && whole).then_some(&object.checksums))
}

fn metadata(object: &StoredObject) -> Option<s3s::dto::Metadata> {
    (!object.metadata.is_empty()).then(|| object.metadata.clone().into_iter().collect())
}

fn content_type(object: &StoredObject) -> Option<String> {
    object
        .content_type
        .clone()
        .or_else(|| Some(DEFAULT_CONTENT_TYPE.to_owned()))
}

fn readable(
    s3: &EmulatedS3,
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
) -> S3Result<StoredObject> {
    s3.with_bucket(bucket, |bucket| object_in(bucket, key, version_id).cloned())
}

pub(super) fn get_object(s3: &EmulatedS3, input: GetObjectInput) -> S3Result<GetObjectOutput> {
    let object = readable(s3, &input.bucket, &input.key, input.version_id.as_deref())?;
    ReadConditions {
        if_match: input.if_match.as_ref(),
        if_none_match: input.if_none_match.as_ref(),
        if_modified_since: input.if_modified_since.as_ref(),
        if_unmodified_since: input.if_unmodified_since.as_ref(),
    }
    .check(&object)?;
    let selection = select(&object, input.range.as_ref(), input.part_number)?;
    let body = object
        .body
        .slice(selection.start as usize..selection.end as usize);
    let checksums = checksums_for(&object, input.checksum_mode.as_ref(), &selection);
    let encryption = EncryptionFields::of(object.encryption.as_ref());
    Ok(GetObjectOutput {
        content_length: Some(body.len() as i64),
        body: Some(StreamingBlob::from(s3s::Body::from(body))),
        content_range: selection.content_range,
        parts_count: selection.parts_count,
        accept_ranges: Some("bytes".to_owned()),
        e_tag: Some(etag(&object)),
        last_modified: timestamp(object.last_modified),
        content_type: content_type(&object),
        content_encoding: object.content_encoding.clone(),
        content_disposition: object.content_disposition.clone(),
        content_language: object.content_language.clone(),
        cache_control: object.cache_control.clone(),
        expires: timestamp(object.expires),
        metadata: metadata(&object),
        version_id: object.version_id.clone(),
        tag_count: (!object.tags.is_empty()).then_some(object.tags.len() as i32),
        checksum_crc32: checksums.crc32,
        checksum_crc32c: checksums.crc32c,
        checksum_crc64nvme: checksums.crc64nvme,
        checksum_sha1: checksums.sha1,
        checksum_sha256: checksums.sha256,
        server_side_encryption: encryption.server_side_encryption,
        ssekms_key_id: encryption.ssekms_key_id,
        bucket_key_enabled: encryption.bucket_key_enabled,
        ..GetObjectOutput::default()
    })
}

pub(super) fn head_object(s3: &EmulatedS3, input: HeadObjectInput) -> S3Result<HeadObjectOutput> {
    let object = readable(s3, &input.bucket, &input.key, input.version_id.as_deref())?;
    ReadConditions {
        if_match: input.if_match.as_ref(),
        if_none_match: input.if_none_match.as_ref(),
        if_modified_since: input.if_modified_since.as_ref(),
        if_unmodified_since: input.if_unmodified_since.as_ref(),
    }
    .check(&object)?;
    let selection = select(&object, input.range.as_ref(), input.part_number)?;
    let checksums = checksums_for(&object, input.checksum_mode.as_ref(), &selection);
    let encryption = EncryptionFields::of(object.encryption.as_ref());
    Ok(HeadObjectOutput {
        content_length: Some((selection.end - selection.start) as i64),
        content_range: selection.content_range,
        parts_count: selection.parts_count,
        accept_ranges: Some("bytes".to_owned()),
        e_tag: Some(etag(&object)),
        last_modified: timestamp(object.last_modified),
        content_type: content_type(&object),
        content_encoding: object.content_encoding.clone(),
        content_disposition: object.content_disposition.clone(),
        content_language: object.content_language.clone(),
        cache_control: object.cache_control.clone(),
        expires: timestamp(object.expires),
        metadata: metadata(&object),
        version_id: object.version_id.clone(),
        checksum_crc32: checksums.crc32,
        checksum_crc32c: checksums.crc32c,
        checksum_crc64nvme: checksums.crc64nvme,
        checksum_sha1: checksums.sha1,
        checksum_sha256: checksums.sha256,
        server_side_encryption: encryption.server_side_encryption,
        ssekms_key_id: encryption.ssekms_key_id,
        bucket_key_enabled: encryption.bucket_key_enabled,
        ..HeadObjectOutput::default()
    })
}

/// What deleting one key (or one version of it) did.
struct Deletion {
    /// The version removed, or the delete marker added.
    version_id: Option<String>,
    /// Whether a delete marker was added, or the version removed was one.
    delete_marker: bool,
}

/// Deletes a version of `key` for good, or, without a version id, the key itself: a
/// bucket never versioned forgets it, a versioned one hides it behind a delete marker.
/// Deleting what does not exist succeeds, as in S3.
fn delete_in(
    s3: &EmulatedS3,
    bucket: &mut StoredBucket,
    key: &str,
    version_id: Option<String>,
) -> Deletion {
    if let Some(version_id) = version_id {
        let removed = bucket.remove_version(key, &version_id);
        return Deletion {
            delete_marker: matches!(removed, Some(Version::DeleteMarker(_))),
            version_id: Some(version_id),
        };
    }
    let now = s3.now();
    match bucket.versioning {
        Versioning::Off => {
            bucket.delete(key, None, now);
            Deletion {
                version_id: None,
                delete_marker: false,
            }
        }
        Versioning::Enabled => {
            let marker_id = s3.random.s3_version_id();
            bucket.delete(key, Some(marker_id.clone()), now);
            Deletion {
                version_id: Some(marker_id),
                delete_marker: true,
            }
        }
        Versioning::Suspended => {
            bucket.delete(key, None, now);
            Deletion {
                version_id: Some(NULL_VERSION.to_owned()),
                delete_marker: true,
            }
        }
    }
}

pub(super) fn delete_object(
    s3: &EmulatedS3,
    input: DeleteObjectInput,
) -> S3Result<DeleteObjectOutput> {
    let deletion = s3.with_bucket_mut(&input.bucket, |bucket| {
        Ok(delete_in(s3, bucket, &input.key, input.version_id))
    })?;
    Ok(DeleteObjectOutput {
        delete_marker: deletion.delete_marker.then_some(true),
        version_id: deletion.version_id,
        ..DeleteObjectOutput::default()
    })
}

pub(super) fn delete_objects(
    s3: &EmulatedS3,
    input: DeleteObjectsInput,
) -> S3Result<DeleteObjectsOutput> {
    let quiet = input.delete.quiet.unwrap_or(false);
    let deleted = s3.with_bucket_mut(&input.bucket, |bucket| {
        Ok(input
            .delete
            .objects
            .into_iter()
            .map(|identifier| {
                let named_version = identifier.version_id.is_some();
                let deletion = delete_in(s3, bucket, &identifier.key, identifier.version_id);
                let marker_id = deletion
                    .version_id
                    .clone()
                    .filter(|_| deletion.delete_marker);
                DeletedObject {
                    key: Some(identifier.key),
                    version_id: deletion.version_id.filter(|_| named_version),
                    delete_marker: deletion.delete_marker.then_some(true),
                    delete_marker_version_id: marker_id,
                }
            })
            .collect::<Vec<_>>())
    })?;
    Ok(DeleteObjectsOutput {
        // Quiet mode reports only the keys that could not be deleted.
        deleted: (!quiet).then_some(deleted),
        ..DeleteObjectsOutput::default()
    })
}

/// The object a copy reads: its source version, when the copy-source conditions hold.
/// A delete marker cannot be copied.
pub(super) fn copy_source(
    s3: &EmulatedS3,
    source: &CopySource,
    conditions: &ReadConditions<'_>,
) -> S3Result<StoredObject> {
    let CopySource::Bucket {
        bucket,
        key,
        version_id,
    } = source
    else {
        return Err(s3_error!(
            NotImplemented,
            "Copying from an access point is not emulated"
        ));
    };
    let object = s3.with_bucket(bucket, |bucket| {
        object_in(bucket, key, version_id.as_deref())
            .cloned()
            .map_err(|failed| {
                if failed.code() == &s3s::S3ErrorCode::MethodNotAllowed {
                    error::invalid_request(
                        "The source of a copy request may not specifically refer to a delete marker by version id.",
                    )
                } else {
                    failed
                }
            })
    })?;
    conditions.check_copy_source(&object)?;
    Ok(object)
}

pub(super) fn copy_object(s3: &EmulatedS3, input: CopyObjectInput) -> S3Result<CopyObjectOutput> {
    let source = copy_source(
        s3,
        &input.copy_source,
        &ReadConditions {
            if_match: input.copy_source_if_match.as_ref(),
            if_none_match: input.copy_source_if_none_match.as_ref(),
            if_modified_since: input.copy_source_if_modified_since.as_ref(),
            if_unmodified_since: input.copy_source_if_unmodified_since.as_ref(),
        },
    )?;
    let replace = input
        .metadata_directive
        .as_ref()
        .is_some_and(|directive| directive.as_str() == MetadataDirective::REPLACE);
    let replace_tags = input
        .tagging_directive
        .as_ref()
        .is_some_and(|directive| directive.as_str() == TaggingDirective::REPLACE);
    let same_place = matches!(
        &input.copy_source,
        CopySource::Bucket { bucket, key, .. } if **bucket == *input.bucket && **key == *input.key
    );
    let changes_something = replace || input.server_side_encryption.is_some();
    if same_place && !changes_something {
        return Err(error::invalid_request(
            "This copy request is illegal because it is trying to copy an object to itself \
             without changing the object's metadata, storage class, website redirect \
             location or encryption attributes.",
        ));
    }
    let mut copy = StoredObject::new(source.body.clone(), s3.now());
    copy.checksums = match &input.checksum_algorithm {
        Some(algorithm) => checksums_of(&copy.body, [algorithm.as_str()]),
        None => source.checksums.clone(),
    };
    if replace {
        copy.content_type = input.content_type;
        copy.content_encoding = input.content_encoding;
        copy.content_disposition = input.content_disposition;
        copy.content_language = input.content_language;
        copy.cache_control = input.cache_control;
        copy.expires = input.expires.map(system_time);
        copy.metadata = input.metadata.unwrap_or_default().into_iter().collect();
    } else {
        copy.content_type = source.content_type.clone();
        copy.content_encoding = source.content_encoding.clone();
        copy.content_disposition = source.content_disposition.clone();
        copy.content_language = source.content_language.clone();
        copy.cache_control = source.cache_control.clone();
        copy.expires = source.expires;
        copy.metadata = source.metadata.clone();
    }
    copy.tags = match (&input.tagging, replace_tags) {
        (Some(tagging), true) => parse_tagging_header(tagging)?,
        (None, true) => Vec::new(),
        (_, false) => source.tags.clone(),
    };
    copy.acl = requested_acl(
        input.acl.as_ref().map(|acl| acl.as_str()),
        [
            input.grant_full_control.as_deref(),
            input.grant_read.as_deref(),
            input.grant_read_acp.as_deref(),
            None,
            input.grant_write_acp.as_deref(),
        ],
    )?
    .unwrap_or_default();
    let key = input.key;
    s3.with_bucket_mut(&input.bucket, |bucket| {
        copy.encryption = Some(requested_encryption(
            input.server_side_encryption.as_ref(),
            input.ssekms_key_id,
            input.bucket_key_enabled,
            &bucket.settings,
        )?);
        copy.version_id = new_version_id(s3, bucket);
        let checksums = ChecksumFields::of(Some(&copy.checksums));
        let encryption = EncryptionFields::of(copy.encryption.as_ref());
        let output = CopyObjectOutput {
            copy_object_result: Some(CopyObjectResult {
                e_tag: Some(etag(&copy)),
                last_modified: timestamp(copy.last_modified),
                checksum_crc32: checksums.crc32,
                checksum_crc32c: checksums.crc32c,
                checksum_crc64nvme: checksums.crc64nvme,
                checksum_sha1: checksums.sha1,
                checksum_sha256: checksums.sha256,
                ..CopyObjectResult::default()
            }),
            version_id: copy.version_id.clone(),
            copy_source_version_id: source.version_id.clone(),
            server_side_encryption: encryption.server_side_encryption,
            ssekms_key_id: encryption.ssekms_key_id,
            bucket_key_enabled: encryption.bucket_key_enabled,
            ..CopyObjectOutput::default()
        };
        bucket.put(key, copy);
        Ok(output)
    })
}

pub(super) fn put_object_tagging(
    s3: &EmulatedS3,
    input: PutObjectTaggingInput,
) -> S3Result<PutObjectTaggingOutput> {
    let tags = checked_tags(
        input
            .tagging
            .tag_set
            .into_iter()
            .map(|tag| (tag.key.unwrap_or_default(), tag.value.unwrap_or_default()))
            .collect(),
    )?;
    let version_id = s3.with_bucket_mut(&input.bucket, |bucket| {
        let object = object_mut_in(bucket, &input.key, input.version_id.as_deref())?;
        object.tags = tags;
        Ok(object.version_id.clone())
    })?;
    Ok(PutObjectTaggingOutput { version_id })
}

pub(super) fn get_object_tagging(
    s3: &EmulatedS3,
    input: GetObjectTaggingInput,
) -> S3Result<GetObjectTaggingOutput> {
    let object = readable(s3, &input.bucket, &input.key, input.version_id.as_deref())?;
    Ok(GetObjectTaggingOutput {
        tag_set: object
            .tags
            .iter()
            .map(|(key, value)| Tag {
                key: Some(key.clone()),
                value: Some(value.clone()),
            })
            .collect(),
        version_id: object.version_id,
    })
}

pub(super) fn delete_object_tagging(
    s3: &EmulatedS3,
    input: DeleteObjectTaggingInput,
) -> S3Result<DeleteObjectTaggingOutput> {
    let version_id = s3.with_bucket_mut(&input.bucket, |bucket| {
        let object = object_mut_in(bucket, &input.key, input.version_id.as_deref())?;
        object.tags.clear();
        Ok(object.version_id.clone())
    })?;
    Ok(DeleteObjectTaggingOutput { version_id })
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use bytes::Bytes;

    use super::*;

    fn multipart(sizes: &[u64]) -> StoredObject {
        let total: u64 = sizes.iter().sum();
        StoredObject {
            part_sizes: sizes.to_vec(),
            ..StoredObject::new(Bytes::from(vec![0; total as usize]), SystemTime::UNIX_EPOCH)
        }
    }

    #[test]
    fn reads_select_a_range_or_a_part() {
        let object = multipart(&[5, 3]);
        let whole = select(&object, None, None).unwrap();
        assert_eq!((whole.start, whole.end), (0, 8));
        assert_eq!(whole.content_range, None);
        let range = Range::parse("bytes=0-3").unwrap();
        let ranged = select(&object, Some(&range), None).unwrap();
        assert_eq!(ranged.content_range.as_deref(), Some("bytes 0-3/8"));
        assert_eq!(ranged.parts_count, None);
        let part = select(&object, None, Some(2)).unwrap();
        assert_eq!((part.start, part.end), (5, 8));
        assert_eq!(part.content_range.as_deref(), Some("bytes 5-7/8"));
        assert_eq!(part.parts_count, Some(2));
        let code = |result: S3Result<Selection>| result.err().unwrap().code().as_str().to_owned();
        assert_eq!(code(select(&object, None, Some(3))), "InvalidPartNumber");
        assert_eq!(
            code(select(&object, Some(&range), Some(1))),
            "InvalidRequest"
        );
        let past_end = Range::parse("bytes=100-").unwrap();
        assert_eq!(code(select(&object, Some(&past_end), None)), "InvalidRange");
    }

    #[test]
    fn a_single_part_object_is_its_own_first_part() {
        let object = multipart(&[]);
        let object = StoredObject {
            body: Bytes::from_static(b"abc"),
            ..object
        };
        let part = select(&object, None, Some(1)).unwrap();
        assert_eq!(part.content_range.as_deref(), Some("bytes 0-2/3"));
        assert_eq!(part.parts_count, None);
    }

    #[test]
    fn checksums_are_given_only_when_asked_for_the_whole_object() {
        let mut object = multipart(&[]);
        object.checksums.insert("CRC32".into(), "AAAAAA==".into());
        let enabled = s3s::dto::ChecksumMode::from_static(s3s::dto::ChecksumMode::ENABLED);
        let whole = select(&object, None, None).unwrap();
        assert!(
            checksums_for(&object, Some(&enabled), &whole)
                .crc32
                .is_some()
        );
        assert!(checksums_for(&object, None, &whole).crc32.is_none());
        let object = StoredObject {
            body: Bytes::from_static(b"abc"),
            ..object
        };
        let range = Range::parse("bytes=0-0").unwrap();
        let partial = select(&object, Some(&range), None).unwrap();
        assert!(
            checksums_for(&object, Some(&enabled), &partial)
                .crc32
                .is_none()
        );
    }
}
