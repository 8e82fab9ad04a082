//! Bucket configurations (policy, CORS, lifecycle, default encryption, website, public
//! access block, tags) and the rules S3 checks each against before storing it. The
//! configurations are kept as the documents S3 reads and writes (s3s's types).

use s3s::dto::{
    CORSRule, LifecycleExpiration, LifecycleRule, LifecycleRuleFilter,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tag, WebsiteConfiguration,
};
use s3s::{S3Result, s3_error};
use serde_json::Value;

use super::error;
use super::model::Encryption;

/// A bucket has at most 50 tags.
const MAX_BUCKET_TAGS: usize = 50;
/// A CORS configuration has at most 100 rules.
const MAX_CORS_RULES: usize = 100;
/// A lifecycle configuration has at most 1,000 rules.
const MAX_LIFECYCLE_RULES: usize = 1000;
/// The methods a CORS rule may allow.
const CORS_METHODS: [&str; 5] = ["GET", "PUT", "HEAD", "POST", "DELETE"];
/// The server-side encryption algorithms S3 knows.
pub(super) const SSE_ALGORITHMS: [&str; 3] = ["AES256", "aws:kms", "aws:kms:dsse"];
/// The values of `x-amz-transition-default-minimum-object-size`; the first is the default.
pub(super) const TRANSITION_MINIMUM_SIZES: [&str; 2] =
    ["all_storage_classes_128K", "varies_by_storage_class"];

/// What a bucket has been configured with beyond its objects.
#[derive(Debug, Clone, Default)]
pub(super) struct BucketSettings {
    /// The bucket policy, the JSON document as given.
    pub(super) policy: Option<String>,
    pub(super) cors: Option<Vec<CORSRule>>,
    pub(super) lifecycle: Option<Lifecycle>,
    /// The default encryption configured; none means S3's own default, SSE-S3.
    pub(super) encryption: Option<ServerSideEncryptionConfiguration>,
    pub(super) website: Option<WebsiteConfiguration>,
    pub(super) public_access_block: Option<PublicAccessBlockConfiguration>,
    pub(super) tags: Option<Vec<(String, String)>>,
}

/// A lifecycle configuration.
#[derive(Debug, Clone)]
pub(super) struct Lifecycle {
    pub(super) rules: Vec<LifecycleRule>,
    pub(super) transition_default_minimum_object_size: String,
}

impl BucketSettings {
    /// The default encryption in force: the one configured, or SSE-S3, which S3 applies
    /// to every bucket that has none.
    pub(super) fn encryption_configuration(&self) -> ServerSideEncryptionConfiguration {
        self.encryption.clone().unwrap_or_else(|| {
            let rule = ServerSideEncryptionRule {
                apply_server_side_encryption_by_default: Some(ServerSideEncryptionByDefault {
                    sse_algorithm: ServerSideEncryption::from_static(ServerSideEncryption::AES256),
                    kms_master_key_id: None,
                }),
                bucket_key_enabled: Some(false),
            };
            ServerSideEncryptionConfiguration { rules: vec![rule] }
        })
    }

    /// How an object written without encryption headers is encrypted.
    pub(super) fn default_object_encryption(&self) -> Encryption {
        let configuration = self.encryption_configuration();
        let rule = configuration.rules.first();
        let by_default =
            rule.and_then(|rule| rule.apply_server_side_encryption_by_default.as_ref());
        Encryption {
            algorithm: by_default.map_or_else(
                || ServerSideEncryption::AES256.to_owned(),
                |by_default| by_default.sse_algorithm.as_str().to_owned(),
            ),
            kms_key_id: by_default.and_then(|by_default| by_default.kms_master_key_id.clone()),
            bucket_key_enabled: rule
                .and_then(|rule| rule.bucket_key_enabled)
                .unwrap_or(false),
        }
    }
}

/// Bucket tags: at most 50, keys of 1 to 128 characters and unique, values of at most
/// 256, and no `aws:` keys (those are the system's).
pub(super) fn bucket_tags(tag_set: Vec<Tag>) -> S3Result<Vec<(String, String)>> {
    if tag_set.len() > MAX_BUCKET_TAGS {
        return Err(error::invalid_tag(
            "Bucket tag count cannot be greater than 50",
        ));
    }
    let mut tags: Vec<(String, String)> = Vec::with_capacity(tag_set.len());
    for tag in tag_set {
        let key = tag.key.unwrap_or_default();
        let value = tag.value.unwrap_or_default();
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
        if key.starts_with("aws:") {
            return Err(error::invalid_tag(
                "System tags cannot be added/updated by requester",
            ));
        }
        if tags.iter().any(|(existing, _)| *existing == key) {
            return Err(error::invalid_tag(
                "Cannot provide multiple Tags with the same key",
            ));
        }
        tags.push((key, value));
    }
    Ok(tags)
}

/// A bucket policy: a JSON object with statements, each with an effect, a principal, an
/// action and a resource, resources naming this bucket or its objects.
pub(super) fn check_policy(bucket: &str, policy: &str) -> S3Result<()> {
    let document: Value = serde_json::from_str(policy)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| {
            error::malformed_policy("Policies must be valid JSON and the first byte must be '{'")
        })?;
    if let Some(version) = document.get("Version")
        && !matches!(version.as_str(), Some("2012-10-17" | "2008-10-17"))
    {
        return Err(error::malformed_policy(
            "The policy must contain a valid version string",
        ));
    }
    let statements = match document.get("Statement") {
        Some(Value::Array(statements)) if !statements.is_empty() => statements.iter().collect(),
        Some(statement @ Value::Object(_)) => vec![statement],
        _ => {
            return Err(error::malformed_policy("Missing required field Statement"));
        }
    };
    for statement in statements {
        let either =
            |one: &str, other: &str| statement.get(one).is_some() || statement.get(other).is_some();
        match statement.get("Effect").and_then(Value::as_str) {
            Some("Allow" | "Deny") => {}
            Some(effect) => {
                return Err(error::malformed_policy(&format!(
                    "Invalid effect: {effect}"
                )));
            }
            None => return Err(error::malformed_policy("Missing required field Effect")),
        }
        for (field, negated) in [
            ("Principal", "NotPrincipal"),
            ("Action", "NotAction"),
            ("Resource", "NotResource"),
        ] {
            if !either(field, negated) {
                return Err(error::malformed_policy(&format!(
                    "Missing required field {field}"
                )));
            }
        }
        let resources = statement
            .get("Resource")
            .or_else(|| statement.get("NotResource"));
        let resources: Vec<&Value> = match resources {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(one) => vec![one],
            None => vec![],
        };
        for resource in resources {
            let names_this_bucket = resource
                .as_str()
                .is_some_and(|arn| resource_names_bucket(arn, bucket));
            if !names_this_bucket {
                return Err(error::malformed_policy("Policy has invalid resource"));
            }
        }
    }
    Ok(())
}

/// Whether an S3 resource ARN (`arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`, with
/// `*` and `?` wildcards) can name `bucket` or its objects.
fn resource_names_bucket(arn: &str, bucket: &str) -> bool {
    let Some(resource) = arn
        .strip_prefix("arn:")
        .and_then(|rest| rest.split_once(":s3:::"))
        .map(|(_, resource)| resource)
    else {
        return false;
    };
    let bucket_pattern = resource.split('/').next().unwrap_or_default();
    wildcard_match(bucket_pattern.as_bytes(), bucket.as_bytes())
}

/// `*` (any run) and `?` (any one character) matching, as IAM policies use.
fn wildcard_match(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.split_first(), text.split_first()) {
        (None, _) => text.is_empty(),
        (Some((b'*', rest)), _) => {
            wildcard_match(rest, text)
                || text
                    .split_first()
                    .is_some_and(|(_, tail)| wildcard_match(pattern, tail))
        }
        (Some((expected, rest)), Some((actual, tail))) => {
            (*expected == b'?' || expected == actual) && wildcard_match(rest, tail)
        }
        (Some(_), None) => false,
    }
}

/// CORS rules: one to 100, methods among GET, PUT, HEAD, POST and DELETE, at most one
/// wildcard per origin and per header.
pub(super) fn check_cors(rules: &[CORSRule]) -> S3Result<()> {
    if rules.is_empty() || rules.len() > MAX_CORS_RULES {
        return Err(error::malformed_xml());
    }
    for rule in rules {
        if let Some(method) = rule
            .allowed_methods
            .iter()
            .find(|method| !CORS_METHODS.contains(&method.as_str()))
        {
            return Err(s3_error!(
                InvalidRequest,
                "Found unsupported HTTP method in CORS config. Unsupported method is {method}"
            ));
        }
        if let Some(origin) = rule
            .allowed_origins
            .iter()
            .find(|origin| origin.matches('*').count() > 1)
        {
            return Err(s3_error!(
                InvalidRequest,
                "AllowedOrigin \"{origin}\" can not have more than one wildcard."
            ));
        }
        if let Some(header) = rule
            .allowed_headers
            .iter()
            .flatten()
            .find(|header| header.matches('*').count() > 1)
        {
            return Err(s3_error!(
                InvalidRequest,
                "AllowedHeader \"{header}\" can not have more than one wildcard."
            ));
        }
    }
    Ok(())
}

/// Lifecycle rules: one to 1,000 with unique ids of at most 255 characters, each with a
/// filter or a prefix (not both), a status, and at least one action with positive days.
pub(super) fn check_lifecycle(rules: &[LifecycleRule]) -> S3Result<()> {
    if rules.is_empty() || rules.len() > MAX_LIFECYCLE_RULES {
        return Err(error::malformed_xml());
    }
    let mut ids = std::collections::BTreeSet::new();
    for rule in rules {
        if let Some(id) = &rule.id {
            if id.chars().count() > 255 {
                return Err(error::invalid_argument(
                    "ID length should not exceed allowed limit of 255",
                ));
            }
            if !ids.insert(id.as_str()) {
                return Err(error::invalid_argument(
                    "Rule ID must be unique. Found same ID for more than one rule",
                ));
            }
        }
        if rule.filter.is_some() == rule.prefix.is_some() {
            return Err(error::malformed_xml());
        }
        if let Some(filter) = &rule.filter
            && !is_single_filter(filter)
        {
            return Err(error::malformed_xml());
        }
        if !matches!(rule.status.as_str(), "Enabled" | "Disabled") {
            return Err(error::malformed_xml());
        }
        check_lifecycle_actions(rule)?;
    }
    Ok(())
}

/// A filter names at most one condition (several go inside `And`).
fn is_single_filter(filter: &LifecycleRuleFilter) -> bool {
    let conditions = [
        filter.prefix.is_some(),
        filter.tag.is_some(),
        filter.and.is_some(),
        filter.object_size_greater_than.is_some(),
        filter.object_size_less_than.is_some(),
    ];
    conditions.iter().filter(|given| **given).count() <= 1
}

fn check_lifecycle_actions(rule: &LifecycleRule) -> S3Result<()> {
    let has_action = rule.expiration.is_some()
        || rule
            .transitions
            .as_ref()
            .is_some_and(|list| !list.is_empty())
        || rule.noncurrent_version_expiration.is_some()
        || rule
            .noncurrent_version_transitions
            .as_ref()
            .is_some_and(|list| !list.is_empty())
        || rule.abort_incomplete_multipart_upload.is_some();
    if !has_action {
        return Err(s3_error!(
            InvalidRequest,
            "At least one action needs to be specified in a rule"
        ));
    }
    if let Some(expiration) = &rule.expiration {
        check_expiration(expiration)?;
    }
    for transition in rule.transitions.iter().flatten() {
        if transition.days.is_some() == transition.date.is_some() {
            return Err(error::malformed_xml());
        }
        if transition.days.is_some_and(|days| days < 0) {
            return Err(error::invalid_argument(
                "'Days' in Transition action must be nonnegative",
            ));
        }
    }
    if let Some(expiration) = &rule.noncurrent_version_expiration
        && expiration.noncurrent_days.is_none_or(|days| days <= 0)
    {
        return Err(error::invalid_argument(
            "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
        ));
    }
    if let Some(abort) = &rule.abort_incomplete_multipart_upload
        && abort.days_after_initiation.is_none_or(|days| days <= 0)
    {
        return Err(error::invalid_argument(
            "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
        ));
    }
    Ok(())
}

/// An expiration names exactly one of a date, a number of days, or expired delete
/// markers; days are positive.
fn check_expiration(expiration: &LifecycleExpiration) -> S3Result<()> {
    let given = [
        expiration.date.is_some(),
        expiration.days.is_some(),
        expiration.expired_object_delete_marker.is_some(),
    ];
    if given.iter().filter(|given| **given).count() != 1 {
        return Err(error::malformed_xml());
    }
    if expiration.days.is_some_and(|days| days <= 0) {
        return Err(error::invalid_argument(
            "'Days' for Expiration action must be a positive integer",
        ));
    }
    Ok(())
}

/// A default encryption: at least one rule, each with a known algorithm, and a KMS key
/// only for the KMS algorithms.
pub(super) fn check_encryption(configuration: &ServerSideEncryptionConfiguration) -> S3Result<()> {
    if configuration.rules.is_empty() {
        return Err(error::malformed_xml());
    }
    for rule in &configuration.rules {
        let Some(by_default) = &rule.apply_server_side_encryption_by_default else {
            continue;
        };
        let algorithm = by_default.sse_algorithm.as_str();
        if !SSE_ALGORITHMS.contains(&algorithm) {
            return Err(error::malformed_xml());
        }
        if by_default.kms_master_key_id.is_some() && algorithm == ServerSideEncryption::AES256 {
            return Err(error::invalid_argument(
                "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
            ));
        }
    }
    Ok(())
}

/// A website: an index document (a suffix without slashes) unless every request is
/// redirected, and a redirect of every request only on its own.
pub(super) fn check_website(website: &WebsiteConfiguration) -> S3Result<()> {
    if website.redirect_all_requests_to.is_some() {
        let others = website.index_document.is_some()
            || website.error_document.is_some()
            || website.routing_rules.is_some();
        if others {
            return Err(s3_error!(
                InvalidRequest,
                "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules."
            ));
        }
        return Ok(());
    }
    let Some(index) = &website.index_document else {
        return Err(error::invalid_argument(
            "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
        ));
    };
    if index.suffix.is_empty() || index.suffix.contains('/') {
        return Err(error::invalid_argument(
            "The IndexDocument Suffix is not well formed",
        ));
    }
    Ok(())
}

/// A public access block: at least one setting given; those not given are off.
pub(super) fn public_access_block(
    given: PublicAccessBlockConfiguration,
) -> S3Result<PublicAccessBlockConfiguration> {
    let settings = [
        given.block_public_acls,
        given.ignore_public_acls,
        given.block_public_policy,
        given.restrict_public_buckets,
    ];
    if settings.iter().all(Option::is_none) {
        return Err(s3_error!(
            InvalidRequest,
            "Must specify at least one configuration."
        ));
    }
    Ok(PublicAccessBlockConfiguration {
        block_public_acls: Some(given.block_public_acls.unwrap_or(false)),
        ignore_public_acls: Some(given.ignore_public_acls.unwrap_or(false)),
        block_public_policy: Some(given.block_public_policy.unwrap_or(false)),
        restrict_public_buckets: Some(given.restrict_public_buckets.unwrap_or(false)),
    })
}

#[cfg(test)]
mod tests {
    use s3s::dto::{ExpirationStatus, IndexDocument, RedirectAllRequestsTo};

    use super::*;

    fn code(result: S3Result<()>) -> String {
        result.unwrap_err().code().as_str().to_owned()
    }

    #[test]
    fn buckets_encrypt_with_sse_s3_unless_configured() {
        let mut settings = BucketSettings::default();
        let default = settings.default_object_encryption();
        assert_eq!(default.algorithm, "AES256");
        assert!(!default.bucket_key_enabled);
        let rule = ServerSideEncryptionRule {
            apply_server_side_encryption_by_default: Some(ServerSideEncryptionByDefault {
                sse_algorithm: ServerSideEncryption::from_static(ServerSideEncryption::AWS_KMS),
                kms_master_key_id: Some("key-1".into()),
            }),
            bucket_key_enabled: Some(true),
        };
        settings.encryption = Some(ServerSideEncryptionConfiguration { rules: vec![rule] });
        let configured = settings.default_object_encryption();
        assert_eq!(configured.algorithm, "aws:kms");
        assert_eq!(configured.kms_key_id.as_deref(), Some("key-1"));
        assert!(configured.bucket_key_enabled);
    }

    #[test]
    fn policies_are_json_statements_about_the_bucket() {
        let policy = |resource: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"{resource}"}}]}}"#
            )
        };
        assert!(check_policy("site", &policy("arn:aws:s3:::site/*")).is_ok());
        assert!(check_policy("site", &policy("arn:aws:s3:::si*")).is_ok());
        assert!(check_policy("site", &policy("arn:aws:s3:::*")).is_ok());
        assert_eq!(
            code(check_policy("site", &policy("arn:aws:s3:::other/*"))),
            "MalformedPolicy"
        );
        assert_eq!(code(check_policy("site", "not json")), "MalformedPolicy");
        assert_eq!(
            code(check_policy("site", r#"{"Version":"2012-10-17"}"#)),
            "MalformedPolicy"
        );
        let no_principal =
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::site"}}"#;
        let error = check_policy("site", no_principal).unwrap_err();
        assert_eq!(error.message(), Some("Missing required field Principal"));
    }

    #[test]
    fn wildcards_match_like_iam() {
        assert!(wildcard_match(b"si?e", b"site"));
        assert!(wildcard_match(b"*", b""));
        assert!(wildcard_match(b"a*c", b"abbbc"));
        assert!(!wildcard_match(b"a*c", b"abbb"));
    }

    #[test]
    fn tags_are_unique_and_not_the_systems() {
        let tag = |key: &str| Tag {
            key: Some(key.into()),
            value: Some("v".into()),
        };
        assert_eq!(bucket_tags(vec![tag("a"), tag("b")]).unwrap().len(), 2);
        assert!(bucket_tags(vec![tag("a"), tag("a")]).is_err());
        assert!(bucket_tags(vec![tag("aws:cloudformation")]).is_err());
        assert!(bucket_tags((0..51).map(|n| tag(&n.to_string())).collect()).is_err());
    }

    #[test]
    fn cors_rules_allow_only_known_methods() {
        let rule = |method: &str| CORSRule {
            allowed_methods: vec![method.into()],
            allowed_origins: vec!["*".into()],
            ..CORSRule::default()
        };
        assert!(check_cors(&[rule("GET")]).is_ok());
        assert_eq!(code(check_cors(&[rule("PATCH")])), "InvalidRequest");
        assert_eq!(code(check_cors(&[])), "MalformedXML");
    }

    #[test]
    fn lifecycle_rules_need_a_filter_and_an_action() {
        let rule = |days: Option<i32>| LifecycleRule {
            id: Some("r".into()),
            filter: Some(LifecycleRuleFilter {
                prefix: Some("logs/".into()),
                ..LifecycleRuleFilter::default()
            }),
            status: ExpirationStatus::from_static(ExpirationStatus::ENABLED),
            expiration: days.map(|days| LifecycleExpiration {
                days: Some(days),
                ..LifecycleExpiration::default()
            }),
            abort_incomplete_multipart_upload: None,
            noncurrent_version_expiration: None,
            noncurrent_version_transitions: None,
            prefix: None,
            transitions: None,
        };
        assert!(check_lifecycle(&[rule(Some(30))]).is_ok());
        assert_eq!(code(check_lifecycle(&[rule(None)])), "InvalidRequest");
        assert_eq!(code(check_lifecycle(&[rule(Some(0))])), "InvalidArgument");
        assert_eq!(
            code(check_lifecycle(&[rule(Some(1)), rule(Some(2))])),
            "InvalidArgument",
            "ids are unique"
        );
        let both = LifecycleRule {
            prefix: Some("x".into()),
            ..rule(Some(1))
        };
        assert_eq!(code(check_lifecycle(&[both])), "MalformedXML");
    }

    #[test]
    fn websites_need_an_index_document_or_a_redirect() {
        let index = |suffix: &str| WebsiteConfiguration {
            index_document: Some(IndexDocument {
                suffix: suffix.into(),
            }),
            ..WebsiteConfiguration::default()
        };
        assert!(check_website(&index("index.html")).is_ok());
        assert_eq!(code(check_website(&index("a/b"))), "InvalidArgument");
        assert_eq!(
            code(check_website(&WebsiteConfiguration::default())),
            "InvalidArgument"
        );
        let redirect = WebsiteConfiguration {
            redirect_all_requests_to: Some(RedirectAllRequestsTo {
                host_name: "example.com".into(),
                protocol: None,
            }),
            ..index("index.html")
        };
        assert_eq!(code(check_website(&redirect)), "InvalidRequest");
    }

    #[test]
    fn public_access_blocks_fill_unset_settings_with_false() {
        let filled = public_access_block(PublicAccessBlockConfiguration {
            block_public_acls: Some(true),
            ..PublicAccessBlockConfiguration::default()
        })
        .unwrap();
        assert_eq!(filled.block_public_acls, Some(true));
        assert_eq!(filled.restrict_public_buckets, Some(false));
        assert!(public_access_block(PublicAccessBlockConfiguration::default()).is_err());
    }
}
