//! The S3 operations, as s3s's `S3` trait: this table sends each operation to the
//! submodule of its concern (buckets, objects, listings, multipart uploads, access
//! control, bucket configuration). Operations not written here answer s3s's
//! `NotImplemented`, an AWS-shaped error.

mod access;
mod buckets;
mod common;
mod configuration;
mod listings;
mod multipart;
mod objects;

use std::sync::Arc;
use std::time::SystemTime;

use s3s::dto::{
    AbortMultipartUploadInput, AbortMultipartUploadOutput, CompleteMultipartUploadInput,
    CompleteMultipartUploadOutput, CopyObjectInput, CopyObjectOutput, CreateBucketInput,
    CreateBucketOutput, CreateMultipartUploadInput, CreateMultipartUploadOutput,
    DeleteBucketCorsInput, DeleteBucketCorsOutput, DeleteBucketEncryptionInput,
    DeleteBucketEncryptionOutput, DeleteBucketInput, DeleteBucketLifecycleInput,
    DeleteBucketLifecycleOutput, DeleteBucketOutput, DeleteBucketPolicyInput,
    DeleteBucketPolicyOutput, DeleteBucketTaggingInput, DeleteBucketTaggingOutput,
    DeleteBucketWebsiteInput, DeleteBucketWebsiteOutput, DeleteObjectInput, DeleteObjectOutput,
    DeleteObjectTaggingInput, DeleteObjectTaggingOutput, DeleteObjectsInput, DeleteObjectsOutput,
    DeletePublicAccessBlockInput, DeletePublicAccessBlockOutput, GetBucketAclInput,
    GetBucketAclOutput, GetBucketCorsInput, GetBucketCorsOutput, GetBucketEncryptionInput,
    GetBucketEncryptionOutput, GetBucketLifecycleConfigurationInput,
    GetBucketLifecycleConfigurationOutput, GetBucketLocationInput, GetBucketLocationOutput,
    GetBucketPolicyInput, GetBucketPolicyOutput, GetBucketTaggingInput, GetBucketTaggingOutput,
    GetBucketVersioningInput, GetBucketVersioningOutput, GetBucketWebsiteInput,
    GetBucketWebsiteOutput, GetObjectAclInput, GetObjectAclOutput, GetObjectInput, GetObjectOutput,
    GetObjectTaggingInput, GetObjectTaggingOutput, GetPublicAccessBlockInput,
    GetPublicAccessBlockOutput, HeadBucketInput, HeadBucketOutput, HeadObjectInput,
    HeadObjectOutput, ListBucketsInput, ListBucketsOutput, ListMultipartUploadsInput,
    ListMultipartUploadsOutput, ListObjectVersionsInput, ListObjectVersionsOutput,
    ListObjectsInput, ListObjectsOutput, ListObjectsV2Input, ListObjectsV2Output, ListPartsInput,
    ListPartsOutput, PutBucketAclInput, PutBucketAclOutput, PutBucketCorsInput,
    PutBucketCorsOutput, PutBucketEncryptionInput, PutBucketEncryptionOutput,
    PutBucketLifecycleConfigurationInput, PutBucketLifecycleConfigurationOutput,
    PutBucketPolicyInput, PutBucketPolicyOutput, PutBucketTaggingInput, PutBucketTaggingOutput,
    PutBucketVersioningInput, PutBucketVersioningOutput, PutBucketWebsiteInput,
    PutBucketWebsiteOutput, PutObjectAclInput, PutObjectAclOutput, PutObjectInput, PutObjectOutput,
    PutObjectTaggingInput, PutObjectTaggingOutput, PutPublicAccessBlockInput,
    PutPublicAccessBlockOutput, UploadPartCopyInput, UploadPartCopyOutput, UploadPartInput,
    UploadPartOutput,
};
use s3s::{S3, S3Request, S3Response, S3Result};

use super::error;
use super::model::{Bucket as StoredBucket, Store};
use crate::clock::Clock;
use crate::random::MockRandom;

/// S3 for one request: the store, and the region, time and address the request is
/// served with.
#[derive(Debug, Clone)]
pub(super) struct EmulatedS3 {
    pub(super) store: Arc<Store>,
    pub(super) random: MockRandom,
    pub(super) clock: Clock,
    pub(super) region: String,
    /// The origin the client used (`http://127.0.0.1:41234`), for urls in answers.
    pub(super) origin: String,
    /// Whether the client named the bucket in the host rather than the path.
    pub(super) virtual_hosted: bool,
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
        let bucket = buckets.get(name).ok_or_else(error::no_such_bucket)?;
        read(bucket)
    }

    /// Runs `write` on a bucket, or answers `NoSuchBucket`.
    fn with_bucket_mut<T>(
        &self,
        name: &str,
        write: impl FnOnce(&mut StoredBucket) -> S3Result<T>,
    ) -> S3Result<T> {
        let mut buckets = self.store.lock();
        let bucket = buckets.get_mut(name).ok_or_else(error::no_such_bucket)?;
        write(bucket)
    }

    /// The url of an object, at the address the client used.
    fn object_url(&self, bucket: &str, key: &str) -> String {
        let key = common::encode_key(key, true);
        if self.virtual_hosted {
            format!("{}/{key}", self.origin)
        } else {
            format!("{}/{bucket}/{key}", self.origin)
        }
    }
}

#[async_trait::async_trait]
impl S3 for EmulatedS3 {
    async fn create_bucket(
        &self,
        req: S3Request<CreateBucketInput>,
    ) -> S3Result<S3Response<CreateBucketOutput>> {
        buckets::create_bucket(self, req.input).map(S3Response::new)
    }

    async fn delete_bucket(
        &self,
        req: S3Request<DeleteBucketInput>,
    ) -> S3Result<S3Response<DeleteBucketOutput>> {
        buckets::delete_bucket(self, req.input).map(S3Response::new)
    }

    async fn head_bucket(
        &self,
        req: S3Request<HeadBucketInput>,
    ) -> S3Result<S3Response<HeadBucketOutput>> {
        buckets::head_bucket(self, req.input).map(S3Response::new)
    }

    async fn list_buckets(
        &self,
        req: S3Request<ListBucketsInput>,
    ) -> S3Result<S3Response<ListBucketsOutput>> {
        buckets::list_buckets(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_location(
        &self,
        req: S3Request<GetBucketLocationInput>,
    ) -> S3Result<S3Response<GetBucketLocationOutput>> {
        buckets::get_bucket_location(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_versioning(
        &self,
        req: S3Request<PutBucketVersioningInput>,
    ) -> S3Result<S3Response<PutBucketVersioningOutput>> {
        buckets::put_bucket_versioning(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_versioning(
        &self,
        req: S3Request<GetBucketVersioningInput>,
    ) -> S3Result<S3Response<GetBucketVersioningOutput>> {
        buckets::get_bucket_versioning(self, req.input).map(S3Response::new)
    }

    async fn put_object(
        &self,
        req: S3Request<PutObjectInput>,
    ) -> S3Result<S3Response<PutObjectOutput>> {
        objects::put_object(self, req.input)
            .await
            .map(S3Response::new)
    }

    async fn get_object(
        &self,
        req: S3Request<GetObjectInput>,
    ) -> S3Result<S3Response<GetObjectOutput>> {
        objects::get_object(self, req.input).map(S3Response::new)
    }

    async fn head_object(
        &self,
        req: S3Request<HeadObjectInput>,
    ) -> S3Result<S3Response<HeadObjectOutput>> {
        objects::head_object(self, req.input).map(S3Response::new)
    }

    async fn delete_object(
        &self,
        req: S3Request<DeleteObjectInput>,
    ) -> S3Result<S3Response<DeleteObjectOutput>> {
        objects::delete_object(self, req.input).map(S3Response::new)
    }

    async fn delete_objects(
        &self,
        req: S3Request<DeleteObjectsInput>,
    ) -> S3Result<S3Response<DeleteObjectsOutput>> {
        objects::delete_objects(self, req.input).map(S3Response::new)
    }

    async fn copy_object(
        &self,
        req: S3Request<CopyObjectInput>,
    ) -> S3Result<S3Response<CopyObjectOutput>> {
        objects::copy_object(self, req.input).map(S3Response::new)
    }

    async fn put_object_tagging(
        &self,
        req: S3Request<PutObjectTaggingInput>,
    ) -> S3Result<S3Response<PutObjectTaggingOutput>> {
        objects::put_object_tagging(self, req.input).map(S3Response::new)
    }

    async fn get_object_tagging(
        &self,
        req: S3Request<GetObjectTaggingInput>,
    ) -> S3Result<S3Response<GetObjectTaggingOutput>> {
        objects::get_object_tagging(self, req.input).map(S3Response::new)
    }

    async fn delete_object_tagging(
        &self,
        req: S3Request<DeleteObjectTaggingInput>,
    ) -> S3Result<S3Response<DeleteObjectTaggingOutput>> {
        objects::delete_object_tagging(self, req.input).map(S3Response::new)
    }

    async fn list_objects(
        &self,
        req: S3Request<ListObjectsInput>,
    ) -> S3Result<S3Response<ListObjectsOutput>> {
        listings::list_objects(self, req.input).map(S3Response::new)
    }

    async fn list_objects_v2(
        &self,
        req: S3Request<ListObjectsV2Input>,
    ) -> S3Result<S3Response<ListObjectsV2Output>> {
        listings::list_objects_v2(self, req.input).map(S3Response::new)
    }

    async fn list_object_versions(
        &self,
        req: S3Request<ListObjectVersionsInput>,
    ) -> S3Result<S3Response<ListObjectVersionsOutput>> {
        listings::list_object_versions(self, req.input).map(S3Response::new)
    }

    async fn create_multipart_upload(
        &self,
        req: S3Request<CreateMultipartUploadInput>,
    ) -> S3Result<S3Response<CreateMultipartUploadOutput>> {
        multipart::create_multipart_upload(self, req.input).map(S3Response::new)
    }

    async fn upload_part(
        &self,
        req: S3Request<UploadPartInput>,
    ) -> S3Result<S3Response<UploadPartOutput>> {
        multipart::upload_part(self, req.input)
            .await
            .map(S3Response::new)
    }

    async fn upload_part_copy(
        &self,
        req: S3Request<UploadPartCopyInput>,
    ) -> S3Result<S3Response<UploadPartCopyOutput>> {
        multipart::upload_part_copy(self, req.input).map(S3Response::new)
    }

    async fn complete_multipart_upload(
        &self,
        req: S3Request<CompleteMultipartUploadInput>,
    ) -> S3Result<S3Response<CompleteMultipartUploadOutput>> {
        multipart::complete_multipart_upload(self, req.input).map(S3Response::new)
    }

    async fn abort_multipart_upload(
        &self,
        req: S3Request<AbortMultipartUploadInput>,
    ) -> S3Result<S3Response<AbortMultipartUploadOutput>> {
        multipart::abort_multipart_upload(self, req.input).map(S3Response::new)
    }

    async fn list_parts(
        &self,
        req: S3Request<ListPartsInput>,
    ) -> S3Result<S3Response<ListPartsOutput>> {
        multipart::list_parts(self, req.input).map(S3Response::new)
    }

    async fn list_multipart_uploads(
        &self,
        req: S3Request<ListMultipartUploadsInput>,
    ) -> S3Result<S3Response<ListMultipartUploadsOutput>> {
        multipart::list_multipart_uploads(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_acl(
        &self,
        req: S3Request<GetBucketAclInput>,
    ) -> S3Result<S3Response<GetBucketAclOutput>> {
        access::get_bucket_acl(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_acl(
        &self,
        req: S3Request<PutBucketAclInput>,
    ) -> S3Result<S3Response<PutBucketAclOutput>> {
        access::put_bucket_acl(self, req.input).map(S3Response::new)
    }

    async fn get_object_acl(
        &self,
        req: S3Request<GetObjectAclInput>,
    ) -> S3Result<S3Response<GetObjectAclOutput>> {
        access::get_object_acl(self, req.input).map(S3Response::new)
    }

    async fn put_object_acl(
        &self,
        req: S3Request<PutObjectAclInput>,
    ) -> S3Result<S3Response<PutObjectAclOutput>> {
        access::put_object_acl(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_policy(
        &self,
        req: S3Request<PutBucketPolicyInput>,
    ) -> S3Result<S3Response<PutBucketPolicyOutput>> {
        configuration::put_bucket_policy(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_policy(
        &self,
        req: S3Request<GetBucketPolicyInput>,
    ) -> S3Result<S3Response<GetBucketPolicyOutput>> {
        configuration::get_bucket_policy(self, req.input).map(S3Response::new)
    }

    async fn delete_bucket_policy(
        &self,
        req: S3Request<DeleteBucketPolicyInput>,
    ) -> S3Result<S3Response<DeleteBucketPolicyOutput>> {
        configuration::delete_bucket_policy(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_cors(
        &self,
        req: S3Request<PutBucketCorsInput>,
    ) -> S3Result<S3Response<PutBucketCorsOutput>> {
        configuration::put_bucket_cors(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_cors(
        &self,
        req: S3Request<GetBucketCorsInput>,
    ) -> S3Result<S3Response<GetBucketCorsOutput>> {
        configuration::get_bucket_cors(self, req.input).map(S3Response::new)
    }

    async fn delete_bucket_cors(
        &self,
        req: S3Request<DeleteBucketCorsInput>,
    ) -> S3Result<S3Response<DeleteBucketCorsOutput>> {
        configuration::delete_bucket_cors(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_lifecycle_configuration(
        &self,
        req: S3Request<PutBucketLifecycleConfigurationInput>,
    ) -> S3Result<S3Response<PutBucketLifecycleConfigurationOutput>> {
        configuration::put_bucket_lifecycle_configuration(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_lifecycle_configuration(
        &self,
        req: S3Request<GetBucketLifecycleConfigurationInput>,
    ) -> S3Result<S3Response<GetBucketLifecycleConfigurationOutput>> {
        configuration::get_bucket_lifecycle_configuration(self, req.input).map(S3Response::new)
    }

    async fn delete_bucket_lifecycle(
        &self,
        req: S3Request<DeleteBucketLifecycleInput>,
    ) -> S3Result<S3Response<DeleteBucketLifecycleOutput>> {
        configuration::delete_bucket_lifecycle(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_encryption(
        &self,
        req: S3Request<PutBucketEncryptionInput>,
    ) -> S3Result<S3Response<PutBucketEncryptionOutput>> {
        configuration::put_bucket_encryption(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_encryption(
        &self,
        req: S3Request<GetBucketEncryptionInput>,
    ) -> S3Result<S3Response<GetBucketEncryptionOutput>> {
        configuration::get_bucket_encryption(self, req.input).map(S3Response::new)
    }

    async fn delete_bucket_encryption(
        &self,
        req: S3Request<DeleteBucketEncryptionInput>,
    ) -> S3Result<S3Response<DeleteBucketEncryptionOutput>> {
        configuration::delete_bucket_encryption(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_website(
        &self,
        req: S3Request<PutBucketWebsiteInput>,
    ) -> S3Result<S3Response<PutBucketWebsiteOutput>> {
        configuration::put_bucket_website(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_website(
        &self,
        req: S3Request<GetBucketWebsiteInput>,
    ) -> S3Result<S3Response<GetBucketWebsiteOutput>> {
        configuration::get_bucket_website(self, req.input).map(S3Response::new)
    }

    async fn delete_bucket_website(
        &self,
        req: S3Request<DeleteBucketWebsiteInput>,
    ) -> S3Result<S3Response<DeleteBucketWebsiteOutput>> {
        configuration::delete_bucket_website(self, req.input).map(S3Response::new)
    }

    async fn put_public_access_block(
        &self,
        req: S3Request<PutPublicAccessBlockInput>,
    ) -> S3Result<S3Response<PutPublicAccessBlockOutput>> {
        configuration::put_public_access_block(self, req.input).map(S3Response::new)
    }

    async fn get_public_access_block(
        &self,
        req: S3Request<GetPublicAccessBlockInput>,
    ) -> S3Result<S3Response<GetPublicAccessBlockOutput>> {
        configuration::get_public_access_block(self, req.input).map(S3Response::new)
    }

    async fn delete_public_access_block(
        &self,
        req: S3Request<DeletePublicAccessBlockInput>,
    ) -> S3Result<S3Response<DeletePublicAccessBlockOutput>> {
        configuration::delete_public_access_block(self, req.input).map(S3Response::new)
    }

    async fn put_bucket_tagging(
        &self,
        req: S3Request<PutBucketTaggingInput>,
    ) -> S3Result<S3Response<PutBucketTaggingOutput>> {
        configuration::put_bucket_tagging(self, req.input).map(S3Response::new)
    }

    async fn get_bucket_tagging(
        &self,
        req: S3Request<GetBucketTaggingInput>,
    ) -> S3Result<S3Response<GetBucketTaggingOutput>> {
        configuration::get_bucket_tagging(self, req.input).map(S3Response::new)
    }

    async fn delete_bucket_tagging(
        &self,
        req: S3Request<DeleteBucketTaggingInput>,
    ) -> S3Result<S3Response<DeleteBucketTaggingOutput>> {
        configuration::delete_bucket_tagging(self, req.input).map(S3Response::new)
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn emulated(origin: &str, virtual_hosted: bool) -> EmulatedS3 {
        EmulatedS3 {
            store: Arc::default(),
            random: MockRandom::seeded(1),
            clock: Clock::virtual_at(SystemTime::UNIX_EPOCH),
            region: "us-east-1".to_owned(),
            origin: origin.to_owned(),
            virtual_hosted,
        }
    }

    #[test]
    fn object_urls_are_at_the_address_the_client_used() {
        let path_style = emulated("http://127.0.0.1:5000", false);
        assert_eq!(
            path_style.object_url("photos", "2024/a b.jpg"),
            "http://127.0.0.1:5000/photos/2024/a%20b.jpg"
        );
        let virtual_hosted = emulated("http://photos.localhost:5000", true);
        assert_eq!(
            virtual_hosted.object_url("photos", "a.jpg"),
            "http://photos.localhost:5000/a.jpg"
        );
    }
}
