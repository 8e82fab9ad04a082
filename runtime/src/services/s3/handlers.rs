//! The S3 operations, as s3s's `S3` trait: one method per operation. Operations not
//! written here answer s3s's `NotImplemented`, an AWS-shaped error.

use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http_body_util::BodyExt as _;
use s3s::dto::{
    AbortMultipartUploadInput, AbortMultipartUploadOutput, Bucket, BucketLocationConstraint,
    BucketVersioningStatus, CommonPrefix, CompleteMultipartUploadInput,
    CompleteMultipartUploadOutput, CopyObjectInput, CopyObjectOutput, CopyObjectResult, CopySource,
    CreateBucketInput, CreateBucketOutput, CreateMultipartUploadInput, CreateMultipartUploadOutput,
    DeleteBucketInput, DeleteBucketOutput, DeleteObjectInput, DeleteObjectOutput,
    DeleteObjectTaggingInput, DeleteObjectTaggingOutput, DeleteObjectsInput, DeleteObjectsOutput,
    DeletedObject, ETag, ETagCondition, GetBucketLocationInput, GetBucketLocationOutput,
    GetBucketVersioningInput, GetBucketVersioningOutput, GetObjectInput, GetObjectOutput,
    GetObjectTaggingInput, GetObjectTaggingOutput, HeadBucketInput, HeadBucketOutput,
    HeadObjectInput, HeadObjectOutput, ListBucketsInput, ListBucketsOutput,
    ListMultipartUploadsInput, ListMultipartUploadsOutput, ListObjectsInput, ListObjectsOutput,
    ListObjectsV2Input, ListObjectsV2Output, ListPartsInput, ListPartsOutput, MultipartUpload,
    Object, Part, PutBucketVersioningInput, PutBucketVersioningOutput, PutObjectInput,
    PutObjectOutput, PutObjectTaggingInput, PutObjectTaggingOutput, StreamingBlob, Tag, Timestamp,
    UploadPartInput, UploadPartOutput,
};
use s3s::{S3, S3Request, S3Response, S3Result, s3_error};

use super::error;
use super::model::{
    Bucket as StoredBucket, CHECKSUM_ALGORITHMS, Listing, Store, StoredObject, Upload,
    UploadedPart, list, md5_base64, mismatched_checksums, multipart_etag,
};
use crate::clock::Clock;
use crate::protocol::query::percent_encode;
use crate::random::MockRandom;

/// The default and largest page of a listing.
const MAX_KEYS: usize = 1000;

/// S3 for one request: the store, and the region and time the request is served in.
#[derive(Debug, Clone)]
pub(super) struct EmulatedS3 {
    pub(super) store: Arc<Store>,
    pub(super) random: MockRandom,
    pub(super) clock: Clock,
    pub(super) region: String,
}

impl EmulatedS3 {
    fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// Runs `read` on a bucket, or answers `NoSuchBucket`.
    fn with_bucket<T>(
        &self,
        name: &str,
        read: impl FnOnce(&StoredBucket) -> S3Result<T>,
    ) -> S3Result<T> {
        let buckets = self.store.lock();
        let bucket = buckets
            .get(name)
            .ok_or_else(|| error::no_such_bucket(name))?;
        read(bucket)
    }

    /// A copy of a stored object (a given version, or the current one).
    fn object(&self, bucket: &str, key: &str, version_id: Option<&str>) -> S3Result<StoredObject> {
        self.with_bucket(bucket, |bucket| match bucket.version(key, version_id) {
            Some(object) => Ok(object.clone()),
            None if version_id.is_some() => {
                Err(error::no_such_version(version_id.unwrap_or_default()))
            }
            None => Err(error::no_such_key(key)),
        })
    }

    /// Runs `write` on a bucket, or answers `NoSuchBucket`.
    fn with_bucket_mut<T>(
        &self,
        name: &str,
        write: impl FnOnce(&mut StoredBucket) -> S3Result<T>,
    ) -> S3Result<T> {
        let mut buckets = self.store.lock();
        let bucket = buckets
            .get_mut(name)
            .ok_or_else(|| error::no_such_bucket(name))?;
        write(bucket)
    }
}

fn etag(object: &StoredObject) -> ETag {
    ETag::Strong(object.etag.clone())
}

fn timestamp(instant: Option<SystemTime>) -> Option<Timestamp> {
    instant.map(Timestamp::from)
}

async fn read_body(body: Option<StreamingBlob>) -> S3Result<Bytes> {
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

/// Checks `If-Match`, `If-None-Match`, `If-Modified-Since` and `If-Unmodified-Since`, in
/// the order RFC 9110 gives them precedence.
fn check_conditions(
    object: &StoredObject,
    if_match: Option<&ETagCondition>,
    if_none_match: Option<&ETagCondition>,
    if_modified_since: Option<&Timestamp>,
    if_unmodified_since: Option<&Timestamp>,
) -> S3Result<()> {
    let matches = |condition: &ETagCondition| match condition {
        ETagCondition::Any => true,
        ETagCondition::ETag(tag) => tag.value() == object.etag,
    };
    let modified = object
        .last_modified
        .map(|instant| time::OffsetDateTime::from(instant).unix_timestamp());
    let seconds = |since: &Timestamp| time::OffsetDateTime::from(since.clone()).unix_timestamp();
    if let Some(condition) = if_match
        && !matches(condition)
    {
        return Err(error::precondition_failed("If-Match"));
    }
    if if_match.is_none()
        && let (Some(since), Some(modified)) = (if_unmodified_since, modified)
        && modified > seconds(since)
    {
        return Err(error::precondition_failed("If-Unmodified-Since"));
    }
    if let Some(condition) = if_none_match {
        if matches(condition) {
            return Err(error::not_modified());
        }
    } else if let (Some(since), Some(modified)) = (if_modified_since, modified)
        && modified <= seconds(since)
    {
        return Err(error::not_modified());
    }
    Ok(())
}

fn metadata(object: &StoredObject) -> Option<s3s::dto::Metadata> {
    (!object.metadata.is_empty()).then(|| object.metadata.clone().into_iter().collect())
}

fn object_entry(key: &str, object: &StoredObject, encode: bool) -> Object {
    Object {
        key: Some(encode_key(key, encode)),
        e_tag: Some(etag(object)),
        last_modified: timestamp(object.last_modified),
        size: Some(object.body.len() as i64),
        storage_class: Some(s3s::dto::ObjectStorageClass::from_static(
            s3s::dto::ObjectStorageClass::STANDARD,
        )),
        ..Object::default()
    }
}

/// Keys in listings, url-encoded when `encoding-type=url` was asked (slashes kept).
fn encode_key(key: &str, encode: bool) -> String {
    if encode {
        key.split('/')
            .map(percent_encode)
            .collect::<Vec<_>>()
            .join("/")
    } else {
        key.to_owned()
    }
}

fn max_keys(requested: Option<i32>) -> S3Result<usize> {
    match requested {
        None => Ok(MAX_KEYS),
        Some(keys) if keys < 0 => Err(error::invalid_argument(
            "max-keys must be a non-negative integer",
        )),
        Some(keys) => Ok((keys as usize).min(MAX_KEYS)),
    }
}

fn wants_url_encoding(encoding: Option<&s3s::dto::EncodingType>) -> bool {
    encoding.is_some_and(|kind| kind.as_str() == s3s::dto::EncodingType::URL)
}

fn common_prefixes(listing: &Listing, encode: bool) -> Option<Vec<CommonPrefix>> {
    (!listing.common_prefixes.is_empty()).then(|| {
        listing
            .common_prefixes
            .iter()
            .map(|prefix| CommonPrefix {
                prefix: Some(encode_key(prefix, encode)),
            })
            .collect()
    })
}

#[async_trait::async_trait]
impl S3 for EmulatedS3 {
    async fn create_bucket(
        &self,
        req: S3Request<CreateBucketInput>,
    ) -> S3Result<S3Response<CreateBucketOutput>> {
        let input = req.input;
        let constraint = input
            .create_bucket_configuration
            .as_ref()
            .and_then(|configuration| configuration.location_constraint.as_ref())
            .map(|constraint| constraint.as_str().to_owned());
        // us-east-1 takes no constraint; elsewhere it must name the endpoint's region.
        let expected = (self.region != "us-east-1").then(|| self.region.clone());
        if constraint != expected {
            return Err(error::illegal_location_constraint(
                constraint.as_deref(),
                &self.region,
            ));
        }
        let mut buckets = self.store.lock();
        if let Some(existing) = buckets.get(&input.bucket) {
            // us-east-1 answers 200 to re-creating your own bucket there; other regions 409.
            if existing.region == "us-east-1" && self.region == "us-east-1" {
                return Ok(S3Response::new(CreateBucketOutput {
                    location: Some(format!("/{}", input.bucket)),
                }));
            }
            return Err(error::bucket_already_owned_by_you(&input.bucket));
        }
        buckets.insert(
            input.bucket.clone(),
            StoredBucket::new(self.region.clone(), self.now()),
        );
        Ok(S3Response::new(CreateBucketOutput {
            location: Some(format!("/{}", input.bucket)),
        }))
    }

    async fn head_bucket(
        &self,
        req: S3Request<HeadBucketInput>,
    ) -> S3Result<S3Response<HeadBucketOutput>> {
        let region = self.with_bucket(&req.input.bucket, |bucket| Ok(bucket.region.clone()))?;
        Ok(S3Response::new(HeadBucketOutput {
            bucket_region: Some(region),
            ..HeadBucketOutput::default()
        }))
    }

    async fn list_buckets(
        &self,
        _req: S3Request<ListBucketsInput>,
    ) -> S3Result<S3Response<ListBucketsOutput>> {
        let buckets = self.store.lock();
        let listed = buckets
            .iter()
            .map(|(name, bucket)| Bucket {
                name: Some(name.clone()),
                creation_date: Some(Timestamp::from(bucket.created)),
                bucket_region: Some(bucket.region.clone()),
            })
            .collect();
        Ok(S3Response::new(ListBucketsOutput {
            buckets: Some(listed),
            owner: Some(s3s::dto::Owner {
                display_name: Some("webfile".to_owned()),
                id: Some(
                    "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a".to_owned(),
                ),
            }),
            ..ListBucketsOutput::default()
        }))
    }

    async fn delete_bucket(
        &self,
        req: S3Request<DeleteBucketInput>,
    ) -> S3Result<S3Response<DeleteBucketOutput>> {
        let name = req.input.bucket;
        let mut buckets = self.store.lock();
        let bucket = buckets
            .get(&name)
            .ok_or_else(|| error::no_such_bucket(&name))?;
        if !bucket.objects.is_empty() {
            return Err(error::bucket_not_empty(&name));
        }
        buckets.remove(&name);
        Ok(S3Response::new(DeleteBucketOutput::default()))
    }

    async fn get_bucket_location(
        &self,
        req: S3Request<GetBucketLocationInput>,
    ) -> S3Result<S3Response<GetBucketLocationOutput>> {
        let region = self.with_bucket(&req.input.bucket, |bucket| Ok(bucket.region.clone()))?;
        // us-east-1 is reported as no constraint at all.
        let location_constraint =
            (region != "us-east-1").then(|| BucketLocationConstraint::from(region));
        Ok(S3Response::new(GetBucketLocationOutput {
            location_constraint,
        }))
    }

    async fn put_object(
        &self,
        req: S3Request<PutObjectInput>,
    ) -> S3Result<S3Response<PutObjectOutput>> {
        let input = req.input;
        let body = read_body(input.body).await?;
        if let Some(expected) = &input.content_md5 {
            use base64::Engine as _;
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(expected)
                .map_err(|_| error::invalid_digest())?;
            if decoded.len() != 16 {
                return Err(error::invalid_digest());
            }
            if *expected != md5_base64(&body) {
                return Err(error::bad_digest());
            }
        }
        let mut object = StoredObject::new(body, self.now());
        object.content_type = input.content_type;
        object.content_encoding = input.content_encoding;
        object.content_disposition = input.content_disposition;
        object.content_language = input.content_language;
        object.cache_control = input.cache_control;
        object.metadata = input.metadata.unwrap_or_default().into_iter().collect();
        object.checksums = given_checksums([
            input.checksum_crc32,
            input.checksum_crc32c,
            input.checksum_crc64nvme,
            input.checksum_sha1,
            input.checksum_sha256,
        ]);
        verify_checksums(&object.body, &object.checksums)?;
        if let Some(tagging) = &input.tagging {
            object.tags = parse_tagging_header(tagging)?;
        }
        let versioned = self.with_bucket(&input.bucket, |bucket| Ok(bucket.is_versioned()))?;
        if versioned {
            object.version_id = Some(self.random.s3_version_id());
        }
        let output = PutObjectOutput {
            e_tag: Some(etag(&object)),
            version_id: object.version_id.clone(),
            checksum_crc32: object.checksums.get("CRC32").cloned(),
            checksum_crc32c: object.checksums.get("CRC32C").cloned(),
            checksum_sha1: object.checksums.get("SHA1").cloned(),
            checksum_sha256: object.checksums.get("SHA256").cloned(),
            ..PutObjectOutput::default()
        };
        let key = input.key;
        self.with_bucket_mut(&input.bucket, |bucket| {
            bucket.put(key, object);
            Ok(())
        })?;
        Ok(S3Response::new(output))
    }

    async fn get_object(
        &self,
        req: S3Request<GetObjectInput>,
    ) -> S3Result<S3Response<GetObjectOutput>> {
        let input = req.input;
        let object = self.object(&input.bucket, &input.key, input.version_id.as_deref())?;
        check_conditions(
            &object,
            input.if_match.as_ref(),
            input.if_none_match.as_ref(),
            input.if_modified_since.as_ref(),
            input.if_unmodified_since.as_ref(),
        )?;
        let total = object.body.len() as u64;
        let (body, content_range) = match &input.range {
            None => (object.body.clone(), None),
            Some(range) => {
                let span = range.check(total)?;
                let body = object.body.slice(span.start as usize..span.end as usize);
                let content_range = format!(
                    "bytes {}-{}/{total}",
                    span.start,
                    span.end.saturating_sub(1)
                );
                (body, Some(content_range))
            }
        };
        let output = GetObjectOutput {
            content_length: Some(body.len() as i64),
            body: Some(StreamingBlob::from(s3s::Body::from(body))),
            content_range,
            accept_ranges: Some("bytes".to_owned()),
            e_tag: Some(etag(&object)),
            last_modified: timestamp(object.last_modified),
            content_type: object
                .content_type
                .clone()
                .or_else(|| Some("binary/octet-stream".to_owned())),
            content_encoding: object.content_encoding.clone(),
            content_disposition: object.content_disposition.clone(),
            content_language: object.content_language.clone(),
            cache_control: object.cache_control.clone(),
            metadata: metadata(&object),
            version_id: object.version_id.clone(),
            tag_count: (!object.tags.is_empty()).then_some(object.tags.len() as i32),
            ..GetObjectOutput::default()
        };
        Ok(S3Response::new(output))
    }

    async fn head_object(
        &self,
        req: S3Request<HeadObjectInput>,
    ) -> S3Result<S3Response<HeadObjectOutput>> {
        let input = req.input;
        let object = self.object(&input.bucket, &input.key, input.version_id.as_deref())?;
        check_conditions(
            &object,
            input.if_match.as_ref(),
            input.if_none_match.as_ref(),
            input.if_modified_since.as_ref(),
            input.if_unmodified_since.as_ref(),
        )?;
        Ok(S3Response::new(HeadObjectOutput {
            content_length: Some(object.body.len() as i64),
            accept_ranges: Some("bytes".to_owned()),
            e_tag: Some(etag(&object)),
            last_modified: timestamp(object.last_modified),
            content_type: object
                .content_type
                .clone()
                .or_else(|| Some("binary/octet-stream".to_owned())),
            content_encoding: object.content_encoding.clone(),
            content_disposition: object.content_disposition.clone(),
            content_language: object.content_language.clone(),
            cache_control: object.cache_control.clone(),
            metadata: metadata(&object),
            version_id: object.version_id.clone(),
            ..HeadObjectOutput::default()
        }))
    }

    async fn delete_object(
        &self,
        req: S3Request<DeleteObjectInput>,
    ) -> S3Result<S3Response<DeleteObjectOutput>> {
        let input = req.input;
        // Deleting a key that does not exist succeeds, as in S3.
        let output = self.with_bucket_mut(&input.bucket, |bucket| {
            match input.version_id {
                // A named version goes for good.
                Some(version_id) => {
                    if bucket
                        .objects
                        .get(&input.key)
                        .and_then(|o| o.version_id.as_deref())
                        == Some(&version_id)
                    {
                        bucket.objects.remove(&input.key);
                        if let Some(previous) =
                            bucket.history.get_mut(&input.key).and_then(Vec::pop)
                        {
                            bucket.objects.insert(input.key.clone(), previous);
                        }
                    } else if let Some(history) = bucket.history.get_mut(&input.key) {
                        history.retain(|object| object.version_id.as_deref() != Some(&version_id));
                    }
                    Ok(DeleteObjectOutput {
                        version_id: Some(version_id),
                        ..DeleteObjectOutput::default()
                    })
                }
                // In a versioned bucket the current version moves to the history behind a
                // delete marker.
                None if bucket.is_versioned() => {
                    if let Some(current) = bucket.objects.remove(&input.key) {
                        bucket
                            .history
                            .entry(input.key.clone())
                            .or_default()
                            .push(current);
                    }
                    Ok(DeleteObjectOutput {
                        delete_marker: Some(true),
                        version_id: Some(self.random.s3_version_id()),
                        ..DeleteObjectOutput::default()
                    })
                }
                None => {
                    bucket.objects.remove(&input.key);
                    Ok(DeleteObjectOutput::default())
                }
            }
        })?;
        Ok(S3Response::new(output))
    }

    async fn delete_objects(
        &self,
        req: S3Request<DeleteObjectsInput>,
    ) -> S3Result<S3Response<DeleteObjectsOutput>> {
        let input = req.input;
        let quiet = input.delete.quiet.unwrap_or(false);
        let deleted = self.with_bucket_mut(&input.bucket, |bucket| {
            Ok(input
                .delete
                .objects
                .into_iter()
                .map(|identifier| {
                    bucket.objects.remove(&identifier.key);
                    DeletedObject {
                        key: Some(identifier.key),
                        ..DeletedObject::default()
                    }
                })
                .collect::<Vec<_>>())
        })?;
        Ok(S3Response::new(DeleteObjectsOutput {
            deleted: (!quiet).then_some(deleted),
            ..DeleteObjectsOutput::default()
        }))
    }

    async fn copy_object(
        &self,
        req: S3Request<CopyObjectInput>,
    ) -> S3Result<S3Response<CopyObjectOutput>> {
        let input = req.input;
        let CopySource::Bucket {
            bucket: source_bucket,
            key: source_key,
            ..
        } = &input.copy_source
        else {
            return Err(s3_error!(
                NotImplemented,
                "copying from an access point is not emulated"
            ));
        };
        let source = self.with_bucket(source_bucket, |bucket| {
            bucket
                .objects
                .get(source_key.as_ref())
                .cloned()
                .ok_or_else(|| error::no_such_key(source_key))
        })?;
        let replace = input
            .metadata_directive
            .as_ref()
            .is_some_and(|directive| directive.as_str() == s3s::dto::MetadataDirective::REPLACE);
        let same_place = source_bucket.as_ref() == input.bucket && source_key.as_ref() == input.key;
        if same_place && !replace {
            return Err(s3_error!(
                InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself \
                 without changing the object's metadata, storage class, website redirect \
                 location or encryption attributes."
            ));
        }
        let mut copy = StoredObject::new(source.body.clone(), self.now());
        copy.checksums = source.checksums.clone();
        if replace {
            copy.content_type = input.content_type;
            copy.content_encoding = input.content_encoding;
            copy.content_disposition = input.content_disposition;
            copy.content_language = input.content_language;
            copy.cache_control = input.cache_control;
            copy.metadata = input.metadata.unwrap_or_default().into_iter().collect();
        } else {
            copy.content_type = source.content_type.clone();
            copy.content_encoding = source.content_encoding.clone();
            copy.content_disposition = source.content_disposition.clone();
            copy.content_language = source.content_language.clone();
            copy.cache_control = source.cache_control.clone();
            copy.metadata = source.metadata.clone();
        }
        let result = CopyObjectResult {
            e_tag: Some(etag(&copy)),
            last_modified: timestamp(copy.last_modified),
            ..CopyObjectResult::default()
        };
        copy.tags = source.tags.clone();
        let key = input.key;
        self.with_bucket_mut(&input.bucket, |bucket| {
            if bucket.is_versioned() {
                copy.version_id = Some(self.random.s3_version_id());
            }
            bucket.put(key, copy);
            Ok(())
        })?;
        Ok(S3Response::new(CopyObjectOutput {
            copy_object_result: Some(result),
            ..CopyObjectOutput::default()
        }))
    }

    async fn list_objects(
        &self,
        req: S3Request<ListObjectsInput>,
    ) -> S3Result<S3Response<ListObjectsOutput>> {
        let input = req.input;
        let limit = max_keys(input.max_keys)?;
        let encode = wants_url_encoding(input.encoding_type.as_ref());
        let prefix = input.prefix.clone().unwrap_or_default();
        let has_delimiter = input
            .delimiter
            .as_deref()
            .is_some_and(|delimiter| !delimiter.is_empty());
        let (listing, contents) = self.with_bucket(&input.bucket, |bucket| {
            let listing = list(
                bucket.objects.keys(),
                &prefix,
                input.delimiter.as_deref(),
                input.marker.as_deref(),
                limit,
            );
            let contents: Vec<Object> = listing
                .keys
                .iter()
                .filter_map(|key| {
                    bucket
                        .objects
                        .get(key)
                        .map(|object| object_entry(key, object, encode))
                })
                .collect();
            Ok((listing, contents))
        })?;
        let truncated = listing.next_marker.is_some();
        Ok(S3Response::new(ListObjectsOutput {
            name: Some(input.bucket),
            prefix: Some(prefix),
            marker: Some(input.marker.unwrap_or_default()),
            max_keys: Some(limit as i32),
            is_truncated: Some(truncated),
            common_prefixes: common_prefixes(&listing, encode),
            contents: (!contents.is_empty()).then_some(contents),
            delimiter: input.delimiter,
            // NextMarker is only returned with a delimiter, as in S3.
            next_marker: listing.next_marker.filter(|_| has_delimiter),
            encoding_type: input.encoding_type,
            ..ListObjectsOutput::default()
        }))
    }

    async fn list_objects_v2(
        &self,
        req: S3Request<ListObjectsV2Input>,
    ) -> S3Result<S3Response<ListObjectsV2Output>> {
        let input = req.input;
        let limit = max_keys(input.max_keys)?;
        let encode = wants_url_encoding(input.encoding_type.as_ref());
        let prefix = input.prefix.clone().unwrap_or_default();
        // The continuation token is the last key or prefix of the previous page, opaque
        // to clients.
        let resume_after = match &input.continuation_token {
            Some(token) => Some(decode_token(token)?),
            None => input.start_after.clone(),
        };
        let (listing, contents) = self.with_bucket(&input.bucket, |bucket| {
            let listing = list(
                bucket.objects.keys(),
                &prefix,
                input.delimiter.as_deref(),
                resume_after.as_deref(),
                limit,
            );
            let contents: Vec<Object> = listing
                .keys
                .iter()
                .filter_map(|key| {
                    bucket
                        .objects
                        .get(key)
                        .map(|object| object_entry(key, object, encode))
                })
                .collect();
            Ok((listing, contents))
        })?;
        let key_count = (listing.keys.len() + listing.common_prefixes.len()) as i32;
        Ok(S3Response::new(ListObjectsV2Output {
            name: Some(input.bucket),
            prefix: Some(prefix),
            max_keys: Some(limit as i32),
            key_count: Some(key_count),
            is_truncated: Some(listing.next_marker.is_some()),
            next_continuation_token: listing.next_marker.as_deref().map(encode_token),
            continuation_token: input.continuation_token,
            common_prefixes: common_prefixes(&listing, encode),
            contents: (!contents.is_empty()).then_some(contents),
            delimiter: input.delimiter,
            encoding_type: input.encoding_type,
            start_after: input.start_after,
            ..ListObjectsV2Output::default()
        }))
    }

    async fn put_object_tagging(
        &self,
        req: S3Request<PutObjectTaggingInput>,
    ) -> S3Result<S3Response<PutObjectTaggingOutput>> {
        let input = req.input;
        let tags = checked_tags(
            input
                .tagging
                .tag_set
                .into_iter()
                .map(|tag| (tag.key.unwrap_or_default(), tag.value.unwrap_or_default()))
                .collect(),
        )?;
        let version_id = self.with_bucket_mut(&input.bucket, |bucket| {
            let object = version_mut(bucket, &input.key, input.version_id.as_deref())?;
            object.tags = tags;
            Ok(object.version_id.clone())
        })?;
        Ok(S3Response::new(PutObjectTaggingOutput { version_id }))
    }

    async fn get_object_tagging(
        &self,
        req: S3Request<GetObjectTaggingInput>,
    ) -> S3Result<S3Response<GetObjectTaggingOutput>> {
        let input = req.input;
        let object = self.object(&input.bucket, &input.key, input.version_id.as_deref())?;
        Ok(S3Response::new(GetObjectTaggingOutput {
            tag_set: object
                .tags
                .iter()
                .map(|(key, value)| Tag {
                    key: Some(key.clone()),
                    value: Some(value.clone()),
                })
                .collect(),
            version_id: object.version_id,
        }))
    }

    async fn delete_object_tagging(
        &self,
        req: S3Request<DeleteObjectTaggingInput>,
    ) -> S3Result<S3Response<DeleteObjectTaggingOutput>> {
        let input = req.input;
        let version_id = self.with_bucket_mut(&input.bucket, |bucket| {
            let object = version_mut(bucket, &input.key, input.version_id.as_deref())?;
            object.tags.clear();
            Ok(object.version_id.clone())
        })?;
        Ok(S3Response::new(DeleteObjectTaggingOutput { version_id }))
    }

    async fn put_bucket_versioning(
        &self,
        req: S3Request<PutBucketVersioningInput>,
    ) -> S3Result<S3Response<PutBucketVersioningOutput>> {
        let input = req.input;
        let status = input
            .versioning_configuration
            .status
            .map(|status| status.as_str().to_owned())
            .ok_or_else(|| s3_error!(MalformedXML, "VersioningConfiguration needs a Status"))?;
        if status != "Enabled" && status != "Suspended" {
            return Err(s3_error!(
                MalformedXML,
                "Status must be Enabled or Suspended, not {status}"
            ));
        }
        self.with_bucket_mut(&input.bucket, |bucket| {
            bucket.versioning = Some(status);
            Ok(())
        })?;
        Ok(S3Response::new(PutBucketVersioningOutput::default()))
    }

    async fn get_bucket_versioning(
        &self,
        req: S3Request<GetBucketVersioningInput>,
    ) -> S3Result<S3Response<GetBucketVersioningOutput>> {
        let status = self.with_bucket(&req.input.bucket, |bucket| Ok(bucket.versioning.clone()))?;
        Ok(S3Response::new(GetBucketVersioningOutput {
            status: status.map(BucketVersioningStatus::from),
            ..GetBucketVersioningOutput::default()
        }))
    }

    async fn create_multipart_upload(
        &self,
        req: S3Request<CreateMultipartUploadInput>,
    ) -> S3Result<S3Response<CreateMultipartUploadOutput>> {
        let input = req.input;
        let mut template = StoredObject {
            content_type: input.content_type,
            content_encoding: input.content_encoding,
            content_disposition: input.content_disposition,
            content_language: input.content_language,
            cache_control: input.cache_control,
            metadata: input.metadata.unwrap_or_default().into_iter().collect(),
            ..StoredObject::default()
        };
        if let Some(tagging) = &input.tagging {
            template.tags = parse_tagging_header(tagging)?;
        }
        let now = self.now();
        let key = input.key.clone();
        let upload_id = self.with_bucket_mut(&input.bucket, |bucket| {
            let upload_id = self.random.s3_upload_id();
            bucket.uploads.insert(
                upload_id.clone(),
                Upload {
                    key,
                    initiated: now,
                    template,
                    parts: std::collections::BTreeMap::new(),
                },
            );
            Ok(upload_id)
        })?;
        Ok(S3Response::new(CreateMultipartUploadOutput {
            bucket: Some(input.bucket),
            key: Some(input.key),
            upload_id: Some(upload_id),
            ..CreateMultipartUploadOutput::default()
        }))
    }

    async fn upload_part(
        &self,
        req: S3Request<UploadPartInput>,
    ) -> S3Result<S3Response<UploadPartOutput>> {
        let input = req.input;
        if !(1..=10_000).contains(&input.part_number) {
            return Err(error::invalid_argument(
                "Part number must be an integer between 1 and 10000, inclusive",
            ));
        }
        let body = read_body(input.body).await?;
        if let Some(expected) = &input.content_md5
            && *expected != md5_base64(&body)
        {
            return Err(error::bad_digest());
        }
        verify_checksums(
            &body,
            &given_checksums([
                input.checksum_crc32.clone(),
                input.checksum_crc32c.clone(),
                input.checksum_crc64nvme.clone(),
                input.checksum_sha1.clone(),
                input.checksum_sha256.clone(),
            ]),
        )?;
        let part = UploadedPart {
            etag: super::model::md5_hex(&body),
            body,
            last_modified: self.now(),
        };
        let etag_value = part.etag.clone();
        self.with_bucket_mut(&input.bucket, |bucket| {
            let upload = bucket
                .uploads
                .get_mut(&input.upload_id)
                .filter(|upload| upload.key == input.key)
                .ok_or_else(|| error::no_such_upload(&input.upload_id))?;
            upload.parts.insert(input.part_number, part);
            Ok(())
        })?;
        Ok(S3Response::new(UploadPartOutput {
            e_tag: Some(ETag::Strong(etag_value)),
            checksum_crc32: input.checksum_crc32,
            checksum_crc32c: input.checksum_crc32c,
            checksum_sha1: input.checksum_sha1,
            checksum_sha256: input.checksum_sha256,
            ..UploadPartOutput::default()
        }))
    }

    async fn complete_multipart_upload(
        &self,
        req: S3Request<CompleteMultipartUploadInput>,
    ) -> S3Result<S3Response<CompleteMultipartUploadOutput>> {
        let input = req.input;
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
        let now = self.now();
        let (etag_value, version_id) = self.with_bucket_mut(&input.bucket, |bucket| {
            let upload = bucket
                .uploads
                .get(&input.upload_id)
                .filter(|upload| upload.key == input.key)
                .ok_or_else(|| error::no_such_upload(&input.upload_id))?;
            let mut body = Vec::new();
            let mut etags = Vec::with_capacity(listed.len());
            for (index, (number, etag)) in listed.iter().enumerate() {
                let part = upload
                    .parts
                    .get(number)
                    .filter(|part| etag.as_deref().is_none_or(|etag| etag == part.etag))
                    .ok_or_else(|| error::invalid_part(*number))?;
                if index + 1 < listed.len() && part.body.len() < MIN_PART_SIZE {
                    return Err(error::entity_too_small(*number));
                }
                body.extend_from_slice(&part.body);
                etags.push(part.etag.as_str());
            }
            let mut object = upload.template.clone();
            object.etag = multipart_etag(&etags);
            object.body = Bytes::from(body);
            object.last_modified = Some(now);
            if bucket.is_versioned() {
                object.version_id = Some(self.random.s3_version_id());
            }
            let result = (object.etag.clone(), object.version_id.clone());
            bucket.uploads.remove(&input.upload_id);
            bucket.put(input.key.clone(), object);
            Ok(result)
        })?;
        Ok(S3Response::new(CompleteMultipartUploadOutput {
            location: Some(format!("/{}/{}", input.bucket, input.key)),
            bucket: Some(input.bucket),
            key: Some(input.key),
            e_tag: Some(ETag::Strong(etag_value)),
            version_id,
            ..CompleteMultipartUploadOutput::default()
        }))
    }

    async fn abort_multipart_upload(
        &self,
        req: S3Request<AbortMultipartUploadInput>,
    ) -> S3Result<S3Response<AbortMultipartUploadOutput>> {
        let input = req.input;
        self.with_bucket_mut(&input.bucket, |bucket| {
            bucket
                .uploads
                .remove(&input.upload_id)
                .map(|_| ())
                .ok_or_else(|| error::no_such_upload(&input.upload_id))
        })?;
        Ok(S3Response::new(AbortMultipartUploadOutput::default()))
    }

    async fn list_parts(
        &self,
        req: S3Request<ListPartsInput>,
    ) -> S3Result<S3Response<ListPartsOutput>> {
        let input = req.input;
        let limit = max_keys(input.max_parts)?;
        let after = input.part_number_marker.unwrap_or(0);
        let (parts, more) = self.with_bucket(&input.bucket, |bucket| {
            let upload = bucket
                .uploads
                .get(&input.upload_id)
                .filter(|upload| upload.key == input.key)
                .ok_or_else(|| error::no_such_upload(&input.upload_id))?;
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
        let next = parts.last().and_then(|part| part.part_number);
        Ok(S3Response::new(ListPartsOutput {
            bucket: Some(input.bucket),
            key: Some(input.key),
            upload_id: Some(input.upload_id),
            max_parts: Some(limit as i32),
            is_truncated: Some(more),
            next_part_number_marker: next.filter(|_| more),
            part_number_marker: input.part_number_marker,
            parts: Some(parts),
            ..ListPartsOutput::default()
        }))
    }

    async fn list_multipart_uploads(
        &self,
        req: S3Request<ListMultipartUploadsInput>,
    ) -> S3Result<S3Response<ListMultipartUploadsOutput>> {
        let input = req.input;
        let prefix = input.prefix.clone().unwrap_or_default();
        let uploads = self.with_bucket(&input.bucket, |bucket| {
            let mut uploads: Vec<(&String, &Upload)> = bucket
                .uploads
                .iter()
                .filter(|(_, upload)| upload.key.starts_with(&prefix))
                .collect();
            uploads.sort_by(|a, b| {
                (a.1.key.as_str(), a.1.initiated).cmp(&(b.1.key.as_str(), b.1.initiated))
            });
            Ok(uploads
                .into_iter()
                .map(|(id, upload)| MultipartUpload {
                    key: Some(upload.key.clone()),
                    upload_id: Some(id.clone()),
                    initiated: Some(Timestamp::from(upload.initiated)),
                    ..MultipartUpload::default()
                })
                .collect::<Vec<_>>())
        })?;
        Ok(S3Response::new(ListMultipartUploadsOutput {
            bucket: Some(input.bucket),
            prefix: Some(prefix),
            is_truncated: Some(false),
            max_uploads: Some(1000),
            uploads: Some(uploads),
            ..ListMultipartUploadsOutput::default()
        }))
    }
}

/// The `x-amz-checksum-*` values of a request, in [`CHECKSUM_ALGORITHMS`] order.
fn given_checksums(values: [Option<String>; 5]) -> std::collections::BTreeMap<String, String> {
    CHECKSUM_ALGORITHMS
        .iter()
        .zip(values)
        .filter_map(|(algorithm, value)| Some(((*algorithm).to_owned(), value?)))
        .collect()
}

/// `BadDigest` when a body does not match a checksum it came with.
fn verify_checksums(
    body: &[u8],
    given: &std::collections::BTreeMap<String, String>,
) -> S3Result<()> {
    match mismatched_checksums(body, given).first() {
        None => Ok(()),
        Some(algorithm) => Err(s3_error!(
            BadDigest,
            "The {algorithm} you specified did not match the calculated checksum."
        )),
    }
}

/// Parts other than the last must be at least 5 MiB, as in S3 and Moto.
const MIN_PART_SIZE: usize = 5 * 1024 * 1024;
/// An object has at most 10 tags.
const MAX_TAGS: usize = 10;

/// The object (a given version, or the current one) to change.
fn version_mut<'b>(
    bucket: &'b mut StoredBucket,
    key: &str,
    version_id: Option<&str>,
) -> S3Result<&'b mut StoredObject> {
    let in_current = bucket
        .objects
        .get(key)
        .is_some_and(|object| version_id.is_none() || object.version_id.as_deref() == version_id);
    if in_current {
        return bucket
            .objects
            .get_mut(key)
            .ok_or_else(|| error::no_such_key(key));
    }
    match version_id {
        None => Err(error::no_such_key(key)),
        Some(id) => bucket
            .history
            .get_mut(key)
            .and_then(|history| {
                history
                    .iter_mut()
                    .find(|object| object.version_id.as_deref() == Some(id))
            })
            .ok_or_else(|| error::no_such_version(id)),
    }
}

/// Tags from the `x-amz-tagging` header, `k1=v1&k2=v2` url-encoded.
fn parse_tagging_header(header: &str) -> S3Result<Vec<(String, String)>> {
    let params = crate::protocol::query::QueryParams::parse(header, "");
    checked_tags(params.pairs().to_vec())
}

/// S3's rules for tags: at most 10, keys 1-128 characters, values up to 256, keys unique.
fn checked_tags(tags: Vec<(String, String)>) -> S3Result<Vec<(String, String)>> {
    if tags.len() > MAX_TAGS {
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
