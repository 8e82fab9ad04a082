//! Buckets themselves: creating (in the region asked), finding, listing and deleting
//! them, their location and their versioning.

use s3s::dto::{
    Bucket, BucketLocationConstraint, BucketVersioningStatus, CreateBucketInput,
    CreateBucketOutput, DeleteBucketInput, DeleteBucketOutput, GetBucketLocationInput,
    GetBucketLocationOutput, GetBucketVersioningInput, GetBucketVersioningOutput, HeadBucketInput,
    HeadBucketOutput, ListBucketsInput, ListBucketsOutput, PutBucketVersioningInput,
    PutBucketVersioningOutput, Timestamp,
};
use s3s::{S3Result, s3_error};

use super::EmulatedS3;
use super::access::requested_acl;
use super::common::owner;
use crate::services::s3::error;
use crate::services::s3::model::{Bucket as StoredBucket, Versioning};

/// The region S3 calls its default, where no location constraint is named.
const DEFAULT_REGION: &str = "us-east-1";

/// The region a new bucket goes to. The us-east-1 endpoint creates buckets in the
/// region the constraint names (never `us-east-1` itself, which is the absence of one);
/// every other regional endpoint only in its own region, which must be named.
fn bucket_region(endpoint_region: &str, constraint: Option<&str>) -> S3Result<String> {
    if endpoint_region == DEFAULT_REGION {
        return match constraint {
            None => Ok(DEFAULT_REGION.to_owned()),
            Some(DEFAULT_REGION) => Err(error::invalid_location_constraint()),
            Some(region) => Ok(region.to_owned()),
        };
    }
    match constraint {
        Some(region) if region == endpoint_region => Ok(region.to_owned()),
        other => Err(error::illegal_location_constraint(other)),
    }
}

pub(super) fn create_bucket(
    s3: &EmulatedS3,
    input: CreateBucketInput,
) -> S3Result<CreateBucketOutput> {
    let constraint = input
        .create_bucket_configuration
        .as_ref()
        .and_then(|configuration| configuration.location_constraint.as_ref())
        .map(|constraint| constraint.as_str().to_owned());
    let region = bucket_region(&s3.region, constraint.as_deref())?;
    let acl = requested_acl(
        input.acl.as_ref().map(|acl| acl.as_str()),
        [
            input.grant_full_control.as_deref(),
            input.grant_read.as_deref(),
            input.grant_read_acp.as_deref(),
            input.grant_write.as_deref(),
            input.grant_write_acp.as_deref(),
        ],
    )?;
    let location = Some(format!("/{}", input.bucket));
    let mut buckets = s3.store.lock();
    if let Some(existing) = buckets.get(&input.bucket) {
        // Creating your own bucket again is accepted in us-east-1, refused elsewhere.
        if existing.region == DEFAULT_REGION && s3.region == DEFAULT_REGION {
            return Ok(CreateBucketOutput { location });
        }
        return Err(error::bucket_already_owned_by_you());
    }
    let mut bucket = StoredBucket::new(region, s3.now());
    if let Some(acl) = acl {
        bucket.acl = acl;
    }
    buckets.insert(input.bucket, bucket);
    Ok(CreateBucketOutput { location })
}

pub(super) fn head_bucket(s3: &EmulatedS3, input: HeadBucketInput) -> S3Result<HeadBucketOutput> {
    let region = s3.with_bucket(&input.bucket, |bucket| Ok(bucket.region.clone()))?;
    Ok(HeadBucketOutput {
        bucket_region: Some(region),
        ..HeadBucketOutput::default()
    })
}

pub(super) fn list_buckets(
    s3: &EmulatedS3,
    _input: ListBucketsInput,
) -> S3Result<ListBucketsOutput> {
    let buckets = s3.store.lock();
    let listed = buckets
        .iter()
        .map(|(name, bucket)| Bucket {
            name: Some(name.clone()),
            creation_date: Some(Timestamp::from(bucket.created)),
            bucket_region: Some(bucket.region.clone()),
        })
        .collect();
    Ok(ListBucketsOutput {
        buckets: Some(listed),
        owner: Some(owner()),
        ..ListBucketsOutput::default()
    })
}

pub(super) fn delete_bucket(
    s3: &EmulatedS3,
    input: DeleteBucketInput,
) -> S3Result<DeleteBucketOutput> {
    let mut buckets = s3.store.lock();
    let bucket = buckets
        .get(&input.bucket)
        .ok_or_else(error::no_such_bucket)?;
    // Old versions and delete markers keep a bucket from being deleted too.
    if !bucket.is_empty() {
        return Err(error::bucket_not_empty());
    }
    buckets.remove(&input.bucket);
    Ok(DeleteBucketOutput::default())
}

pub(super) fn get_bucket_location(
    s3: &EmulatedS3,
    input: GetBucketLocationInput,
) -> S3Result<GetBucketLocationOutput> {
    let region = s3.with_bucket(&input.bucket, |bucket| Ok(bucket.region.clone()))?;
    // us-east-1 is reported as no constraint at all.
    let location_constraint =
        (region != DEFAULT_REGION).then(|| BucketLocationConstraint::from(region));
    Ok(GetBucketLocationOutput {
        location_constraint,
    })
}

pub(super) fn put_bucket_versioning(
    s3: &EmulatedS3,
    input: PutBucketVersioningInput,
) -> S3Result<PutBucketVersioningOutput> {
    let status = input
        .versioning_configuration
        .status
        .ok_or_else(|| s3_error!(MalformedXML, "VersioningConfiguration needs a Status"))?;
    let versioning = match status.as_str() {
        "Enabled" => Versioning::Enabled,
        "Suspended" => Versioning::Suspended,
        other => {
            return Err(s3_error!(
                MalformedXML,
                "Status must be Enabled or Suspended, not {other}"
            ));
        }
    };
    s3.with_bucket_mut(&input.bucket, |bucket| {
        bucket.versioning = versioning;
        Ok(())
    })?;
    Ok(PutBucketVersioningOutput::default())
}

pub(super) fn get_bucket_versioning(
    s3: &EmulatedS3,
    input: GetBucketVersioningInput,
) -> S3Result<GetBucketVersioningOutput> {
    let status = s3.with_bucket(&input.bucket, |bucket| Ok(bucket.versioning.status()))?;
    Ok(GetBucketVersioningOutput {
        status: status.map(BucketVersioningStatus::from_static),
        ..GetBucketVersioningOutput::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_go_to_the_region_named_from_us_east_1_and_only_their_own_elsewhere() {
        assert_eq!(bucket_region("us-east-1", None).unwrap(), "us-east-1");
        assert_eq!(
            bucket_region("us-east-1", Some("eu-west-1")).unwrap(),
            "eu-west-1"
        );
        let code = |result: S3Result<String>| result.unwrap_err().code().as_str().to_owned();
        assert_eq!(
            code(bucket_region("us-east-1", Some("us-east-1"))),
            "InvalidLocationConstraint"
        );
        assert_eq!(
            bucket_region("eu-west-1", Some("eu-west-1")).unwrap(),
            "eu-west-1"
        );
        assert_eq!(
            code(bucket_region("eu-west-1", None)),
            "IllegalLocationConstraintException"
        );
        assert_eq!(
            code(bucket_region("eu-west-1", Some("us-west-2"))),
            "IllegalLocationConstraintException"
        );
    }
}
