//! Listings of a bucket: its current objects (ListObjects, ListObjectsV2) and every
//! version and delete marker (ListObjectVersions).

use s3s::S3Result;
use s3s::dto::{
    ChecksumAlgorithm, CommonPrefix, DeleteMarkerEntry, ListObjectVersionsInput,
    ListObjectVersionsOutput, ListObjectsInput, ListObjectsOutput, ListObjectsV2Input,
    ListObjectsV2Output, Object, ObjectStorageClass, ObjectVersion, ObjectVersionStorageClass,
};

use super::EmulatedS3;
use super::common::{encode_key, etag, max_keys, owner, timestamp, wants_url_encoding};
use crate::services::s3::error;
use crate::services::s3::listing::{Listing, list, list_versions};
use crate::services::s3::model::{StoredObject, Version};

/// What an object entry of a listing carries besides its key, size, ETag and date.
#[derive(Clone, Copy)]
struct EntryFields {
    owner: bool,
    checksum_algorithm: bool,
}

fn object_entry(key: &str, object: &StoredObject, encode: bool, fields: EntryFields) -> Object {
    let algorithms: Vec<ChecksumAlgorithm> = object
        .checksums
        .keys()
        .map(|algorithm| ChecksumAlgorithm::from(algorithm.clone()))
        .collect();
    Object {
        key: Some(encode_key(key, encode)),
        e_tag: Some(etag(object)),
        last_modified: timestamp(object.last_modified),
        size: Some(object.body.len() as i64),
        storage_class: Some(ObjectStorageClass::from_static(
            ObjectStorageClass::STANDARD,
        )),
        owner: fields.owner.then(owner),
        checksum_algorithm: (fields.checksum_algorithm && !algorithms.is_empty())
            .then_some(algorithms),
        ..Object::default()
    }
}

fn common_prefixes(prefixes: &[String], encode: bool) -> Option<Vec<CommonPrefix>> {
    (!prefixes.is_empty()).then(|| {
        prefixes
            .iter()
            .map(|prefix| CommonPrefix {
                prefix: Some(encode_key(prefix, encode)),
            })
            .collect()
    })
}

/// The current objects of a bucket, one page of them, with the entries to answer.
fn list_current(
    s3: &EmulatedS3,
    bucket: &str,
    prefix: &str,
    delimiter: Option<&str>,
    after: Option<&str>,
    limit: usize,
    entry: impl Fn(&str, &StoredObject) -> Object,
) -> S3Result<(Listing, Vec<Object>)> {
    s3.with_bucket(bucket, |bucket| {
        let listing = list(
            bucket.current_objects().map(|(key, _)| key),
            prefix,
            delimiter,
            after,
            limit,
        );
        let contents = listing
            .keys
            .iter()
            .filter_map(|key| bucket.current(key).map(|object| entry(key, object)))
            .collect();
        Ok((listing, contents))
    })
}

pub(super) fn list_objects(
    s3: &EmulatedS3,
    input: ListObjectsInput,
) -> S3Result<ListObjectsOutput> {
    let limit = max_keys(input.max_keys)?;
    let encode = wants_url_encoding(input.encoding_type.as_ref());
    let prefix = input.prefix.clone().unwrap_or_default();
    let has_delimiter = input
        .delimiter
        .as_deref()
        .is_some_and(|delimiter| !delimiter.is_empty());
    let fields = EntryFields {
        owner: true,
        checksum_algorithm: false,
    };
    let (listing, contents) = list_current(
        s3,
        &input.bucket,
        &prefix,
        input.delimiter.as_deref(),
        input.marker.as_deref(),
        limit,
        |key, object| object_entry(key, object, encode, fields),
    )?;
    let encoded = |text: Option<String>| text.map(|text| encode_key(&text, encode));
    Ok(ListObjectsOutput {
        name: Some(input.bucket),
        prefix: encoded(input.prefix),
        marker: encoded(input.marker),
        max_keys: Some(limit as i32),
        is_truncated: Some(listing.next_marker.is_some()),
        common_prefixes: common_prefixes(&listing.common_prefixes, encode),
        contents: (!contents.is_empty()).then_some(contents),
        delimiter: encoded(input.delimiter),
        // NextMarker is only returned with a delimiter, as in S3.
        next_marker: encoded(listing.next_marker.filter(|_| has_delimiter)),
        encoding_type: input.encoding_type,
        ..ListObjectsOutput::default()
    })
}

pub(super) fn list_objects_v2(
    s3: &EmulatedS3,
    input: ListObjectsV2Input,
) -> S3Result<ListObjectsV2Output> {
    let limit = max_keys(input.max_keys)?;
    let encode = wants_url_encoding(input.encoding_type.as_ref());
    let prefix = input.prefix.clone().unwrap_or_default();
    // The continuation token is the last key or prefix of the previous page, opaque
    // to clients.
    let resume_after = match &input.continuation_token {
        Some(token) => Some(decode_token(token)?),
        None => input.start_after.clone(),
    };
    let fields = EntryFields {
        owner: input.fetch_owner.unwrap_or(false),
        checksum_algorithm: true,
    };
    let (listing, contents) = list_current(
        s3,
        &input.bucket,
        &prefix,
        input.delimiter.as_deref(),
        resume_after.as_deref(),
        limit,
        |key, object| object_entry(key, object, encode, fields),
    )?;
    let key_count = (listing.keys.len() + listing.common_prefixes.len()) as i32;
    let encoded = |text: Option<String>| text.map(|text| encode_key(&text, encode));
    Ok(ListObjectsV2Output {
        name: Some(input.bucket),
        prefix: Some(encode_key(&prefix, encode)),
        max_keys: Some(limit as i32),
        key_count: Some(key_count),
        is_truncated: Some(listing.next_marker.is_some()),
        next_continuation_token: listing.next_marker.as_deref().map(encode_token),
        continuation_token: input.continuation_token,
        common_prefixes: common_prefixes(&listing.common_prefixes, encode),
        contents: (!contents.is_empty()).then_some(contents),
        delimiter: encoded(input.delimiter),
        encoding_type: input.encoding_type,
        start_after: encoded(input.start_after),
        ..ListObjectsV2Output::default()
    })
}

pub(super) fn list_object_versions(
    s3: &EmulatedS3,
    input: ListObjectVersionsInput,
) -> S3Result<ListObjectVersionsOutput> {
    let limit = max_keys(input.max_keys)?;
    let encode = wants_url_encoding(input.encoding_type.as_ref());
    let prefix = input.prefix.clone().unwrap_or_default();
    if input.version_id_marker.is_some() && input.key_marker.is_none() {
        return Err(error::invalid_argument(
            "A version-id marker cannot be specified without a key marker.",
        ));
    }
    let (versions, delete_markers, common, next) = s3.with_bucket(&input.bucket, |bucket| {
        let listing = list_versions(
            bucket
                .keys
                .iter()
                .map(|(key, versions)| (key, versions.as_slice())),
            &prefix,
            input.delimiter.as_deref(),
            input.key_marker.as_deref(),
            input.version_id_marker.as_deref(),
            limit,
        );
        let mut versions = Vec::new();
        let mut delete_markers = Vec::new();
        for listed in &listing.versions {
            let key = Some(encode_key(listed.key, encode));
            let version_id = Some(listed.version.id().to_owned());
            let last_modified = timestamp(listed.version.last_modified());
            match listed.version {
                Version::Object(object) => versions.push(ObjectVersion {
                    key,
                    version_id,
                    is_latest: Some(listed.is_latest),
                    last_modified,
                    e_tag: Some(etag(object)),
                    size: Some(object.body.len() as i64),
                    storage_class: Some(ObjectVersionStorageClass::from_static(
                        ObjectVersionStorageClass::STANDARD,
                    )),
                    owner: Some(owner()),
                    ..ObjectVersion::default()
                }),
                Version::DeleteMarker(_) => delete_markers.push(DeleteMarkerEntry {
                    key,
                    version_id,
                    is_latest: Some(listed.is_latest),
                    last_modified,
                    owner: Some(owner()),
                }),
            }
        }
        Ok((
            versions,
            delete_markers,
            listing.common_prefixes,
            listing.next,
        ))
    })?;
    let encoded = |text: Option<String>| text.map(|text| encode_key(&text, encode));
    let (next_key_marker, next_version_id_marker) = match next.clone() {
        Some((key, version_id)) => (Some(encode_key(&key, encode)), version_id),
        None => (None, None),
    };
    Ok(ListObjectVersionsOutput {
        name: Some(input.bucket),
        prefix: Some(encode_key(&prefix, encode)),
        delimiter: encoded(input.delimiter),
        key_marker: Some(encode_key(&input.key_marker.unwrap_or_default(), encode)),
        version_id_marker: Some(input.version_id_marker.unwrap_or_default()),
        max_keys: Some(limit as i32),
        is_truncated: Some(next.is_some()),
        next_key_marker,
        next_version_id_marker,
        versions: (!versions.is_empty()).then_some(versions),
        delete_markers: (!delete_markers.is_empty()).then_some(delete_markers),
        common_prefixes: common_prefixes(&common, encode),
        encoding_type: input.encoding_type,
        ..ListObjectVersionsOutput::default()
    })
}

fn encode_token(marker: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(marker)
}

fn decode_token(token: &str) -> S3Result<String> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| error::invalid_argument("The continuation token provided is incorrect"))
}
