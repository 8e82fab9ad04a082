//! The S3 operations, as s3s's `S3` trait: one method per operation. Operations not
//! written here answer s3s's `NotImplemented`, an AWS-shaped error.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http_body_util::BodyExt as _;
use s3s::dto::{
    Bucket, BucketLocationConstraint, CommonPrefix, CopyObjectInput, CopyObjectOutput,
    CopyObjectResult, CopySource, CreateBucketInput, CreateBucketOutput, DeleteBucketInput,
    DeleteBucketOutput, DeleteObjectInput, DeleteObjectOutput, DeleteObjectsInput,
    DeleteObjectsOutput, DeletedObject, ETag, ETagCondition, GetBucketLocationInput,
    GetBucketLocationOutput, GetObjectInput, GetObjectOutput, HeadBucketInput, HeadBucketOutput,
    HeadObjectInput, HeadObjectOutput, ListBucketsInput, ListBucketsOutput, ListObjectsInput,
    ListObjectsOutput, ListObjectsV2Input, ListObjectsV2Output, Object, PutObjectInput,
    PutObjectOutput, StreamingBlob, Timestamp,
};
use s3s::{S3, S3Request, S3Response, S3Result, s3_error};

use super::error;
use super::model::{Bucket as StoredBucket, Listing, Store, StoredObject, list, md5_base64};
use crate::clock::Clock;
use crate::protocol::query::percent_encode;

/// The default and largest page of a listing.
const MAX_KEYS: usize = 1000;

/// S3 for one request: the store, and the region and time the request is served in.
#[derive(Debug, Clone)]
pub(super) struct EmulatedS3 {
    pub(super) store: Arc<Store>,
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
            StoredBucket {
                region: self.region.clone(),
                created: self.now(),
                objects: BTreeMap::new(),
            },
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
        for (algorithm, value) in [
            ("CRC32", input.checksum_crc32),
            ("CRC32C", input.checksum_crc32c),
            ("SHA1", input.checksum_sha1),
            ("SHA256", input.checksum_sha256),
            ("CRC64NVME", input.checksum_crc64nvme),
        ] {
            if let Some(value) = value {
                object.checksums.insert(algorithm.to_owned(), value);
            }
        }
        let output = PutObjectOutput {
            e_tag: Some(etag(&object)),
            checksum_crc32: object.checksums.get("CRC32").cloned(),
            checksum_crc32c: object.checksums.get("CRC32C").cloned(),
            checksum_sha1: object.checksums.get("SHA1").cloned(),
            checksum_sha256: object.checksums.get("SHA256").cloned(),
            ..PutObjectOutput::default()
        };
        let key = input.key;
        self.with_bucket_mut(&input.bucket, |bucket| {
            bucket.objects.insert(key, object);
            Ok(())
        })?;
        Ok(S3Response::new(output))
    }

    async fn get_object(
        &self,
        req: S3Request<GetObjectInput>,
    ) -> S3Result<S3Response<GetObjectOutput>> {
        let input = req.input;
        let object = self.with_bucket(&input.bucket, |bucket| {
            bucket
                .objects
                .get(&input.key)
                .cloned()
                .ok_or_else(|| error::no_such_key(&input.key))
        })?;
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
            ..GetObjectOutput::default()
        };
        Ok(S3Response::new(output))
    }

    async fn head_object(
        &self,
        req: S3Request<HeadObjectInput>,
    ) -> S3Result<S3Response<HeadObjectOutput>> {
        let input = req.input;
        let object = self.with_bucket(&input.bucket, |bucket| {
            bucket
                .objects
                .get(&input.key)
                .cloned()
                .ok_or_else(|| error::no_such_key(&input.key))
        })?;
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
            ..HeadObjectOutput::default()
        }))
    }

    async fn delete_object(
        &self,
        req: S3Request<DeleteObjectInput>,
    ) -> S3Result<S3Response<DeleteObjectOutput>> {
        let input = req.input;
        // Deleting a key that does not exist succeeds, as in S3.
        self.with_bucket_mut(&input.bucket, |bucket| {
            bucket.objects.remove(&input.key);
            Ok(())
        })?;
        Ok(S3Response::new(DeleteObjectOutput::default()))
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
        let key = input.key;
        self.with_bucket_mut(&input.bucket, |bucket| {
            bucket.objects.insert(key, copy);
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
