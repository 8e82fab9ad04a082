//! Multipart uploads: starting one, uploading or copying parts, completing (parts checked
//! in order and in size) or aborting it, and listing uploads and their parts.

use std::collections::BTreeMap;

use s3s::dto::{
    AbortMultipartUploadInput, AbortMultipartUploadOutput, CommonPrefix,
    CompleteMultipartUploadInput, CompleteMultipartUploadOutput, CopyPartResult,
    CreateMultipartUploadInput, CreateMultipartUploadOutput, ETag, Initiator,
    ListMultipartUploadsInput, ListMultipartUploadsOutput, ListPartsInput, ListPartsOutput,
    MultipartUpload, Part, StorageClass, Timestamp, UploadPartCopyInput, UploadPartCopyOutput,
    UploadPartInput, UploadPartOutput,
};
use s3s::{S3Result, s3_error};

use super::EmulatedS3;
use super::access::requested_acl;
use super::common::{
    EncryptionFields, ReadConditions, check_content_md5, check_write_conditions, given_checksums,
    owner, parse_tagging_header, read_body, requested_encryption, system_time, upload_checksums,
};
use super::objects::copy_source;
use crate::services::s3::checksum::multipart_etag;
use crate::services::s3::error;
use crate::services::s3::listing::common_prefix;
use crate::services::s3::model::{
    Bucket as StoredBucket, OWNER_DISPLAY_NAME, OWNER_ID, StoredObject, Upload, UploadedPart,
};

/// Parts other than the last must be at least 5 MiB, as in S3 and Moto.
const MIN_PART_SIZE: usize = 5 * 1024 * 1024;
/// The default and largest page of uploads or parts.
const MAX_PAGE: usize = 1000;

/// Who started every upload: the account itself.
fn initiator() -> Initiator {
    Initiator {
        display_name: Some(OWNER_DISPLAY_NAME.to_owned()),
        id: Some(OWNER_ID.to_owned()),
    }
}

fn standard() -> StorageClass {
    StorageClass::from_static(StorageClass::STANDARD)
}

/// The upload `upload_id` of `key`, or `NoSuchUpload`.
fn upload_in<'b>(bucket: &'b StoredBucket, upload_id: &str, key: &str) -> S3Result<&'b Upload> {
    bucket
        .uploads
        .get(upload_id)
        .filter(|upload| upload.key == key)
        .ok_or_else(error::no_such_upload)
}

fn check_part_number(part_number: i32) -> S3Result<()> {
    if (1..=10_000).contains(&part_number) {
        Ok(())
    } else {
        Err(error::invalid_argument(
            "Part number must be an integer between 1 and 10000, inclusive",
        ))
    }
}

fn page_size(requested: Option<i32>, name: &str) -> S3Result<usize> {
    match requested {
        None => Ok(MAX_PAGE),
        Some(size) => usize::try_from(size)
            .map(|size| size.min(MAX_PAGE))
            .map_err(|_| {
                error::invalid_argument(&format!(
                    "Argument {name} must be an integer between 0 and 2147483647"
                ))
            }),
    }
}

pub(super) fn create_multipart_upload(
    s3: &EmulatedS3,
    input: CreateMultipartUploadInput,
) -> S3Result<CreateMultipartUploadOutput> {
    let mut template = StoredObject {
        content_type: input.content_type,
        content_encoding: input.content_encoding,
        content_disposition: input.content_disposition,
        content_language: input.content_language,
        cache_control: input.cache_control,
        expires: input.expires.map(system_time),
        metadata: input.metadata.unwrap_or_default().into_iter().collect(),
        ..StoredObject::default()
    };
    if let Some(tagging) = &input.tagging {
        template.tags = parse_tagging_header(tagging)?;
    }
    template.acl = requested_acl(
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
    let now = s3.now();
    let key = input.key.clone();
    let (upload_id, encryption) = s3.with_bucket_mut(&input.bucket, |bucket| {
        template.encryption = Some(requested_encryption(
            input.server_side_encryption.as_ref(),
            input.ssekms_key_id,
            input.bucket_key_enabled,
            &bucket.settings,
        )?);
        let encryption = EncryptionFields::of(template.encryption.as_ref());
        let upload_id = s3.random.s3_upload_id();
        bucket.uploads.insert(
            upload_id.clone(),
            Upload {
                key,
                initiated: now,
                template,
                parts: BTreeMap::new(),
            },
        );
        Ok((upload_id, encryption))
    })?;
    Ok(CreateMultipartUploadOutput {
        bucket: Some(input.bucket),
        key: Some(input.key),
        upload_id: Some(upload_id),
        server_side_encryption: encryption.server_side_encryption,
        ssekms_key_id: encryption.ssekms_key_id,
        bucket_key_enabled: encryption.bucket_key_enabled,
        ..CreateMultipartUploadOutput::default()
    })
}

/// Stores a part of an upload; answers the upload's encryption.
fn store_part(
    s3: &EmulatedS3,
    bucket: &str,
    key: &str,
    upload_id: &str,
    part_number: i32,
    part: UploadedPart,
) -> S3Result<EncryptionFields> {
    s3.with_bucket_mut(bucket, |bucket| {
        upload_in(bucket, upload_id, key)?;
        let upload = bucket
            .uploads
            .get_mut(upload_id)
            .ok_or_else(error::no_such_upload)?;
        upload.parts.insert(part_number, part);
        Ok(EncryptionFields::of(upload.template.encryption.as_ref()))
    })
}

pub(super) async fn upload_part(
    s3: &EmulatedS3,
    input: UploadPartInput,
) -> S3Result<UploadPartOutput> {
    check_part_number(input.part_number)?;
    let body = read_body(input.body).await?;
    check_content_md5(&body, input.content_md5.as_deref())?;
    let checksums = upload_checksums(
        &body,
        given_checksums([
            input.checksum_crc32.clone(),
            input.checksum_crc32c.clone(),
            input.checksum_crc64nvme.clone(),
            input.checksum_sha1.clone(),
            input.checksum_sha256.clone(),
        ]),
        input
            .checksum_algorithm
            .as_ref()
            .map(|algorithm| algorithm.as_str()),
    )?;
    let part = UploadedPart::new(body, s3.now());
    let etag = ETag::Strong(part.etag.clone());
    let encryption = store_part(
        s3,
        &input.bucket,
        &input.key,
        &input.upload_id,
        input.part_number,
        part,
    )?;
    Ok(UploadPartOutput {
        e_tag: Some(etag),
        checksum_crc32: checksums.get("CRC32").cloned(),
        checksum_crc32c: checksums.get("CRC32C").cloned(),
        checksum_crc64nvme: checksums.get("CRC64NVME").cloned(),
        checksum_sha1: checksums.get("SHA1").cloned(),
        checksum_sha256: checksums.get("SHA256").cloned(),
        server_side_encryption: encryption.server_side_encryption,
        ssekms_key_id: encryption.ssekms_key_id,
        bucket_key_enabled: encryption.bucket_key_enabled,
        ..UploadPartOutput::default()
    })
}

/// The bytes `bytes=first-last` names of an object of `size` bytes (end exclusive).
fn copy_source_range(range: &str, size: u64) -> S3Result<(u64, u64)> {
    let malformed = || {
        error::invalid_argument(
            "The x-amz-copy-source-range value must be of the form bytes=first-last where \
             first and last are the zero-based offsets of the first and last bytes to copy",
        )
    };
    let (first, last) = range
        .strip_prefix("bytes=")
        .and_then(|span| span.split_once('-'))
        .ok_or_else(malformed)?;
    let first: u64 = first.parse().map_err(|_| malformed())?;
    let last: u64 = last.parse().map_err(|_| malformed())?;
    if first > last {
        return Err(malformed());
    }
    if last >= size {
        return Err(error::invalid_argument(&format!(
            "Range specified is not valid for source object of size: {size}"
        )));
    }
    Ok((first, last + 1))
}

pub(super) fn upload_part_copy(
    s3: &EmulatedS3,
    input: UploadPartCopyInput,
) -> S3Result<UploadPartCopyOutput> {
    check_part_number(input.part_number)?;
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
    let body = match &input.copy_source_range {
        None => source.body.clone(),
        Some(range) => {
            let (start, end) = copy_source_range(range, source.body.len() as u64)?;
            source.body.slice(start as usize..end as usize)
        }
    };
    let part = UploadedPart::new(body, s3.now());
    let result = CopyPartResult {
        e_tag: Some(ETag::Strong(part.etag.clone())),
        last_modified: Some(Timestamp::from(part.last_modified)),
        ..CopyPartResult::default()
    };
    let encryption = store_part(
        s3,
        &input.bucket,
        &input.key,
        &input.upload_id,
        input.part_number,
        part,
    )?;
    Ok(UploadPartCopyOutput {
        copy_part_result: Some(result),
        copy_source_version_id: source.version_id,
        server_side_encryption: encryption.server_side_encryption,
        ssekms_key_id: encryption.ssekms_key_id,
        bucket_key_enabled: encryption.bucket_key_enabled,
        ..UploadPartCopyOutput::default()
    })
}

pub(super) fn complete_multipart_upload(
    s3: &EmulatedS3,
    input: CompleteMultipartUploadInput,
) -> S3Result<CompleteMultipartUploadOutput> {
    let listed: Vec<(i32, Option<String>)> = input
        .multipart_upload
        .and_then(|upload| upload.parts)
        .unwrap_or_default()
        .into_iter()
        .map(|part| {
            (
                part.part_number.unwrap_or_default(),
                part.e_tag.map(|tag| tag.value().to_owned()),
            )
        })
        .collect();
    if listed.is_empty() {
        return Err(s3_error!(
            MalformedXML,
            "You must specify at least one part"
        ));
    }
    if listed.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
        return Err(error::invalid_part_order());
    }
    let now = s3.now();
    let (object, encryption) = s3.with_bucket_mut(&input.bucket, |bucket| {
        let upload = upload_in(bucket, &input.upload_id, &input.key)?;
        let mut body = Vec::new();
        let mut etags = Vec::with_capacity(listed.len());
        let mut part_sizes = Vec::with_capacity(listed.len());
        for (index, (number, etag)) in listed.iter().enumerate() {
            let part = upload
                .parts
                .get(number)
                .filter(|part| etag.as_deref().is_none_or(|etag| etag == part.etag))
                .ok_or_else(error::invalid_part)?;
            if index + 1 < listed.len() && part.body.len() < MIN_PART_SIZE {
                return Err(error::entity_too_small());
            }
            body.extend_from_slice(&part.body);
            etags.push(part.etag.as_str());
            part_sizes.push(part.body.len() as u64);
        }
        let mut object = upload.template.clone();
        object.etag = multipart_etag(&etags);
        object.body = body.into();
        object.part_sizes = part_sizes;
        object.last_modified = Some(now);
        check_write_conditions(
            bucket.current(&input.key),
            input.if_match.as_ref(),
            input.if_none_match.as_ref(),
        )?;
        object.version_id = bucket.is_versioned().then(|| s3.random.s3_version_id());
        let encryption = EncryptionFields::of(object.encryption.as_ref());
        bucket.uploads.remove(&input.upload_id);
        bucket.put(input.key.clone(), object.clone());
        Ok((object, encryption))
    })?;
    Ok(CompleteMultipartUploadOutput {
        location: Some(s3.object_url(&input.bucket, &input.key)),
        bucket: Some(input.bucket),
        key: Some(input.key),
        e_tag: Some(ETag::Strong(object.etag)),
        version_id: object.version_id,
        server_side_encryption: encryption.server_side_encryption,
        ssekms_key_id: encryption.ssekms_key_id,
        bucket_key_enabled: encryption.bucket_key_enabled,
        ..CompleteMultipartUploadOutput::default()
    })
}

pub(super) fn abort_multipart_upload(
    s3: &EmulatedS3,
    input: AbortMultipartUploadInput,
) -> S3Result<AbortMultipartUploadOutput> {
    s3.with_bucket_mut(&input.bucket, |bucket| {
        upload_in(bucket, &input.upload_id, &input.key)?;
        bucket.uploads.remove(&input.upload_id);
        Ok(())
    })?;
    Ok(AbortMultipartUploadOutput::default())
}

pub(super) fn list_parts(s3: &EmulatedS3, input: ListPartsInput) -> S3Result<ListPartsOutput> {
    let limit = page_size(input.max_parts, "max-parts")?;
    let after = input.part_number_marker.unwrap_or(0);
    let (parts, more) = s3.with_bucket(&input.bucket, |bucket| {
        let upload = upload_in(bucket, &input.upload_id, &input.key)?;
        let remaining: Vec<Part> = upload
            .parts
            .range(after.saturating_add(1)..)
            .map(|(number, part)| Part {
                part_number: Some(*number),
                e_tag: Some(ETag::Strong(part.etag.clone())),
                size: Some(part.body.len() as i64),
                last_modified: Some(Timestamp::from(part.last_modified)),
                ..Part::default()
            })
            .collect();
        let more = remaining.len() > limit;
        Ok((remaining.into_iter().take(limit).collect::<Vec<_>>(), more))
    })?;
    // The marker to resume after: the last part of this page (0 when it is empty).
    let next = parts.last().and_then(|part| part.part_number).unwrap_or(0);
    Ok(ListPartsOutput {
        bucket: Some(input.bucket),
        key: Some(input.key),
        upload_id: Some(input.upload_id),
        max_parts: Some(limit as i32),
        is_truncated: Some(more),
        next_part_number_marker: Some(next),
        part_number_marker: Some(after),
        parts: Some(parts),
        initiator: Some(initiator()),
        owner: Some(owner()),
        storage_class: Some(standard()),
        ..ListPartsOutput::default()
    })
}

/// Where an upload sorts: by key, then by when it was started.
fn after_markers(
    key: &str,
    upload_id: &str,
    key_marker: Option<&str>,
    upload_id_marker: Option<&str>,
) -> bool {
    match key_marker {
        None => true,
        Some(marker) if key == marker => upload_id_marker.is_some_and(|after| upload_id > after),
        Some(marker) => key > marker,
    }
}

pub(super) fn list_multipart_uploads(
    s3: &EmulatedS3,
    input: ListMultipartUploadsInput,
) -> S3Result<ListMultipartUploadsOutput> {
    let limit = page_size(input.max_uploads, "max-uploads")?;
    let prefix = input.prefix.clone().unwrap_or_default();
    let key_marker = input.key_marker.as_deref();
    let upload_id_marker = input.upload_id_marker.as_deref();
    let (uploads, prefixes, next, is_truncated) = s3.with_bucket(&input.bucket, |bucket| {
        let mut candidates: Vec<(&String, &Upload)> = bucket
            .uploads
            .iter()
            .filter(|(id, upload)| {
                upload.key.starts_with(&prefix)
                    && after_markers(&upload.key, id, key_marker, upload_id_marker)
            })
            .collect();
        candidates.sort_by(|a, b| (&a.1.key, a.1.initiated).cmp(&(&b.1.key, b.1.initiated)));
        let mut uploads = Vec::new();
        let mut prefixes: Vec<String> = Vec::new();
        // The last upload or common prefix listed, and where the next page starts.
        let mut last: Option<(String, Option<String>)> = None;
        let mut truncated = false;
        for (id, upload) in candidates {
            let rolled = common_prefix(&upload.key, &prefix, input.delimiter.as_deref());
            if let Some(common) = rolled
                && prefixes.last().is_some_and(|listed| listed == common)
            {
                continue;
            }
            if uploads.len() + prefixes.len() == limit {
                truncated = true;
                break;
            }
            match rolled {
                Some(common) => {
                    last = Some((common.to_owned(), None));
                    prefixes.push(common.to_owned());
                }
                None => {
                    last = Some((upload.key.clone(), Some(id.clone())));
                    uploads.push(MultipartUpload {
                        key: Some(upload.key.clone()),
                        upload_id: Some(id.clone()),
                        initiated: Some(Timestamp::from(upload.initiated)),
                        initiator: Some(initiator()),
                        owner: Some(owner()),
                        storage_class: Some(standard()),
                        ..MultipartUpload::default()
                    });
                }
            }
        }
        Ok((uploads, prefixes, last.filter(|_| truncated), truncated))
    })?;
    let (next_key_marker, next_upload_id_marker) = match next {
        Some((key, upload_id)) => (Some(key), upload_id),
        None => (None, None),
    };
    Ok(ListMultipartUploadsOutput {
        bucket: Some(input.bucket),
        prefix: input.prefix,
        delimiter: input.delimiter,
        key_marker: Some(input.key_marker.unwrap_or_default()),
        upload_id_marker: Some(input.upload_id_marker.unwrap_or_default()),
        max_uploads: Some(limit as i32),
        is_truncated: Some(is_truncated),
        next_key_marker,
        next_upload_id_marker,
        uploads: Some(uploads),
        common_prefixes: (!prefixes.is_empty()).then(|| {
            prefixes
                .into_iter()
                .map(|prefix| CommonPrefix {
                    prefix: Some(prefix),
                })
                .collect()
        }),
        encoding_type: input.encoding_type,
        ..ListMultipartUploadsOutput::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_ranges_are_inclusive_and_inside_the_source() {
        assert_eq!(copy_source_range("bytes=0-9", 10).unwrap(), (0, 10));
        assert_eq!(copy_source_range("bytes=3-3", 10).unwrap(), (3, 4));
        assert!(copy_source_range("bytes=0-10", 10).is_err());
        assert!(copy_source_range("bytes=5-1", 10).is_err());
        assert!(copy_source_range("0-1", 10).is_err());
    }

    #[test]
    fn uploads_resume_after_the_key_and_upload_markers() {
        assert!(after_markers("b", "1", None, None));
        assert!(after_markers("b", "1", Some("a"), None));
        assert!(!after_markers("a", "1", Some("a"), None));
        assert!(after_markers("a", "2", Some("a"), Some("1")));
        assert!(!after_markers("a", "1", Some("a"), Some("1")));
    }
}
