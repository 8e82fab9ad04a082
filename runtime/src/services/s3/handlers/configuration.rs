//! Bucket configurations: policy, CORS, lifecycle, default encryption, website, public
//! access block and tags. Each is checked, stored whole, answered as stored, and deleted;
//! reading one never set answers S3's own error for it (encryption excepted: every bucket
//! has S3's default).

use s3s::S3Result;
use s3s::dto::{
    DeleteBucketCorsInput, DeleteBucketCorsOutput, DeleteBucketEncryptionInput,
    DeleteBucketEncryptionOutput, DeleteBucketLifecycleInput, DeleteBucketLifecycleOutput,
    DeleteBucketPolicyInput, DeleteBucketPolicyOutput, DeleteBucketTaggingInput,
    DeleteBucketTaggingOutput, DeleteBucketWebsiteInput, DeleteBucketWebsiteOutput,
    DeletePublicAccessBlockInput, DeletePublicAccessBlockOutput, GetBucketCorsInput,
    GetBucketCorsOutput, GetBucketEncryptionInput, GetBucketEncryptionOutput,
    GetBucketLifecycleConfigurationInput, GetBucketLifecycleConfigurationOutput,
    GetBucketPolicyInput, GetBucketPolicyOutput, GetBucketTaggingInput, GetBucketTaggingOutput,
    GetBucketWebsiteInput, GetBucketWebsiteOutput, GetPublicAccessBlockInput,
    GetPublicAccessBlockOutput, PutBucketCorsInput, PutBucketCorsOutput, PutBucketEncryptionInput,
    PutBucketEncryptionOutput, PutBucketLifecycleConfigurationInput,
    PutBucketLifecycleConfigurationOutput, PutBucketPolicyInput, PutBucketPolicyOutput,
    PutBucketTaggingInput, PutBucketTaggingOutput, PutBucketWebsiteInput, PutBucketWebsiteOutput,
    PutPublicAccessBlockInput, PutPublicAccessBlockOutput, Tag, TransitionDefaultMinimumObjectSize,
};

use super::EmulatedS3;
use crate::services::s3::error;
use crate::services::s3::settings::{self, BucketSettings, Lifecycle, TRANSITION_MINIMUM_SIZES};

impl EmulatedS3 {
    /// Reads a bucket's settings.
    fn settings<T>(&self, bucket: &str, read: impl FnOnce(&BucketSettings) -> T) -> S3Result<T> {
        self.with_bucket(bucket, |bucket| Ok(read(&bucket.settings)))
    }

    /// Changes a bucket's settings.
    fn set(&self, bucket: &str, write: impl FnOnce(&mut BucketSettings)) -> S3Result<()> {
        self.with_bucket_mut(bucket, |bucket| {
            write(&mut bucket.settings);
            Ok(())
        })
    }
}

pub(super) fn put_bucket_policy(
    s3: &EmulatedS3,
    input: PutBucketPolicyInput,
) -> S3Result<PutBucketPolicyOutput> {
    s3.with_bucket(&input.bucket, |_| Ok(()))?;
    settings::check_policy(&input.bucket, &input.policy)?;
    s3.set(&input.bucket, |settings| {
        settings.policy = Some(input.policy)
    })?;
    Ok(PutBucketPolicyOutput::default())
}

pub(super) fn get_bucket_policy(
    s3: &EmulatedS3,
    input: GetBucketPolicyInput,
) -> S3Result<GetBucketPolicyOutput> {
    let policy = s3
        .settings(&input.bucket, |settings| settings.policy.clone())?
        .ok_or_else(error::no_such_bucket_policy)?;
    Ok(GetBucketPolicyOutput {
        policy: Some(policy),
    })
}

pub(super) fn delete_bucket_policy(
    s3: &EmulatedS3,
    input: DeleteBucketPolicyInput,
) -> S3Result<DeleteBucketPolicyOutput> {
    s3.set(&input.bucket, |settings| settings.policy = None)?;
    Ok(DeleteBucketPolicyOutput::default())
}

pub(super) fn put_bucket_cors(
    s3: &EmulatedS3,
    input: PutBucketCorsInput,
) -> S3Result<PutBucketCorsOutput> {
    s3.with_bucket(&input.bucket, |_| Ok(()))?;
    let rules = input.cors_configuration.cors_rules;
    settings::check_cors(&rules)?;
    s3.set(&input.bucket, |settings| settings.cors = Some(rules))?;
    Ok(PutBucketCorsOutput::default())
}

pub(super) fn get_bucket_cors(
    s3: &EmulatedS3,
    input: GetBucketCorsInput,
) -> S3Result<GetBucketCorsOutput> {
    let rules = s3
        .settings(&input.bucket, |settings| settings.cors.clone())?
        .ok_or_else(error::no_such_cors_configuration)?;
    Ok(GetBucketCorsOutput {
        cors_rules: Some(rules),
    })
}

pub(super) fn delete_bucket_cors(
    s3: &EmulatedS3,
    input: DeleteBucketCorsInput,
) -> S3Result<DeleteBucketCorsOutput> {
    s3.set(&input.bucket, |settings| settings.cors = None)?;
    Ok(DeleteBucketCorsOutput::default())
}

/// S3 names a lifecycle rule given without an id: the base64 of a fresh UUID.
fn generated_rule_id(s3: &EmulatedS3) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s3.random.uuid4())
}

pub(super) fn put_bucket_lifecycle_configuration(
    s3: &EmulatedS3,
    input: PutBucketLifecycleConfigurationInput,
) -> S3Result<PutBucketLifecycleConfigurationOutput> {
    s3.with_bucket(&input.bucket, |_| Ok(()))?;
    let mut rules = input
        .lifecycle_configuration
        .ok_or_else(error::malformed_xml)?
        .rules;
    settings::check_lifecycle(&rules)?;
    let minimum_size = match &input.transition_default_minimum_object_size {
        None => TRANSITION_MINIMUM_SIZES[0],
        Some(size) if TRANSITION_MINIMUM_SIZES.contains(&size.as_str()) => size.as_str(),
        Some(_) => {
            return Err(error::invalid_argument(
                "Invalid value for x-amz-transition-default-minimum-object-size",
            ));
        }
    }
    .to_owned();
    for rule in &mut rules {
        if rule.id.is_none() {
            rule.id = Some(generated_rule_id(s3));
        }
    }
    s3.set(&input.bucket, |settings| {
        settings.lifecycle = Some(Lifecycle {
            rules,
            transition_default_minimum_object_size: minimum_size.clone(),
        });
    })?;
    Ok(PutBucketLifecycleConfigurationOutput {
        transition_default_minimum_object_size: Some(TransitionDefaultMinimumObjectSize::from(
            minimum_size,
        )),
    })
}

pub(super) fn get_bucket_lifecycle_configuration(
    s3: &EmulatedS3,
    input: GetBucketLifecycleConfigurationInput,
) -> S3Result<GetBucketLifecycleConfigurationOutput> {
    let lifecycle = s3
        .settings(&input.bucket, |settings| settings.lifecycle.clone())?
        .ok_or_else(error::no_such_lifecycle_configuration)?;
    Ok(GetBucketLifecycleConfigurationOutput {
        rules: Some(lifecycle.rules),
        transition_default_minimum_object_size: Some(TransitionDefaultMinimumObjectSize::from(
            lifecycle.transition_default_minimum_object_size,
        )),
    })
}

pub(super) fn delete_bucket_lifecycle(
    s3: &EmulatedS3,
    input: DeleteBucketLifecycleInput,
) -> S3Result<DeleteBucketLifecycleOutput> {
    s3.set(&input.bucket, |settings| settings.lifecycle = None)?;
    Ok(DeleteBucketLifecycleOutput::default())
}

pub(super) fn put_bucket_encryption(
    s3: &EmulatedS3,
    input: PutBucketEncryptionInput,
) -> S3Result<PutBucketEncryptionOutput> {
    s3.with_bucket(&input.bucket, |_| Ok(()))?;
    let mut configuration = input.server_side_encryption_configuration;
    settings::check_encryption(&configuration)?;
    // S3 answers the Bucket Key setting of every rule, off unless turned on.
    for rule in &mut configuration.rules {
        rule.bucket_key_enabled = Some(rule.bucket_key_enabled.unwrap_or(false));
    }
    s3.set(&input.bucket, |settings| {
        settings.encryption = Some(configuration);
    })?;
    Ok(PutBucketEncryptionOutput::default())
}

pub(super) fn get_bucket_encryption(
    s3: &EmulatedS3,
    input: GetBucketEncryptionInput,
) -> S3Result<GetBucketEncryptionOutput> {
    let configuration = s3.settings(&input.bucket, BucketSettings::encryption_configuration)?;
    Ok(GetBucketEncryptionOutput {
        server_side_encryption_configuration: Some(configuration),
    })
}

/// Deleting the default encryption puts S3's own default (SSE-S3) back.
pub(super) fn delete_bucket_encryption(
    s3: &EmulatedS3,
    input: DeleteBucketEncryptionInput,
) -> S3Result<DeleteBucketEncryptionOutput> {
    s3.set(&input.bucket, |settings| settings.encryption = None)?;
    Ok(DeleteBucketEncryptionOutput::default())
}

pub(super) fn put_bucket_website(
    s3: &EmulatedS3,
    input: PutBucketWebsiteInput,
) -> S3Result<PutBucketWebsiteOutput> {
    s3.with_bucket(&input.bucket, |_| Ok(()))?;
    let website = input.website_configuration;
    settings::check_website(&website)?;
    s3.set(&input.bucket, |settings| settings.website = Some(website))?;
    Ok(PutBucketWebsiteOutput::default())
}

pub(super) fn get_bucket_website(
    s3: &EmulatedS3,
    input: GetBucketWebsiteInput,
) -> S3Result<GetBucketWebsiteOutput> {
    let website = s3
        .settings(&input.bucket, |settings| settings.website.clone())?
        .ok_or_else(error::no_such_website_configuration)?;
    Ok(GetBucketWebsiteOutput {
        error_document: website.error_document,
        index_document: website.index_document,
        redirect_all_requests_to: website.redirect_all_requests_to,
        routing_rules: website.routing_rules,
    })
}

pub(super) fn delete_bucket_website(
    s3: &EmulatedS3,
    input: DeleteBucketWebsiteInput,
) -> S3Result<DeleteBucketWebsiteOutput> {
    s3.set(&input.bucket, |settings| settings.website = None)?;
    Ok(DeleteBucketWebsiteOutput::default())
}

pub(super) fn put_public_access_block(
    s3: &EmulatedS3,
    input: PutPublicAccessBlockInput,
) -> S3Result<PutPublicAccessBlockOutput> {
    s3.with_bucket(&input.bucket, |_| Ok(()))?;
    let block = settings::public_access_block(input.public_access_block_configuration)?;
    s3.set(&input.bucket, |settings| {
        settings.public_access_block = Some(block);
    })?;
    Ok(PutPublicAccessBlockOutput::default())
}

pub(super) fn get_public_access_block(
    s3: &EmulatedS3,
    input: GetPublicAccessBlockInput,
) -> S3Result<GetPublicAccessBlockOutput> {
    let block = s3
        .settings(&input.bucket, |settings| {
            settings.public_access_block.clone()
        })?
        .ok_or_else(error::no_such_public_access_block_configuration)?;
    Ok(GetPublicAccessBlockOutput {
        public_access_block_configuration: Some(block),
    })
}

pub(super) fn delete_public_access_block(
    s3: &EmulatedS3,
    input: DeletePublicAccessBlockInput,
) -> S3Result<DeletePublicAccessBlockOutput> {
    s3.set(&input.bucket, |settings| {
        settings.public_access_block = None
    })?;
    Ok(DeletePublicAccessBlockOutput::default())
}

pub(super) fn put_bucket_tagging(
    s3: &EmulatedS3,
    input: PutBucketTaggingInput,
) -> S3Result<PutBucketTaggingOutput> {
    s3.with_bucket(&input.bucket, |_| Ok(()))?;
    let tags = settings::bucket_tags(input.tagging.tag_set)?;
    // An empty tag set leaves the bucket without tags.
    s3.set(&input.bucket, |settings| {
        settings.tags = (!tags.is_empty()).then_some(tags);
    })?;
    Ok(PutBucketTaggingOutput::default())
}

pub(super) fn get_bucket_tagging(
    s3: &EmulatedS3,
    input: GetBucketTaggingInput,
) -> S3Result<GetBucketTaggingOutput> {
    let tags = s3
        .settings(&input.bucket, |settings| settings.tags.clone())?
        .ok_or_else(error::no_such_tag_set)?;
    Ok(GetBucketTaggingOutput {
        tag_set: tags
            .into_iter()
            .map(|(key, value)| Tag {
                key: Some(key),
                value: Some(value),
            })
            .collect(),
    })
}

pub(super) fn delete_bucket_tagging(
    s3: &EmulatedS3,
    input: DeleteBucketTaggingInput,
) -> S3Result<DeleteBucketTaggingOutput> {
    s3.set(&input.bucket, |settings| settings.tags = None)?;
    Ok(DeleteBucketTaggingOutput::default())
}
