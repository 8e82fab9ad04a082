//! The key-management operations: creating, describing and listing keys, their state
//! (enabled, disabled, scheduled for deletion), description, policy, tags and rotation.

use std::time::{Duration, SystemTime};

use serde_json::{Map, Value, json};

use super::error;
use super::material::Material;
use super::model::{
    Key, KeyState, KmsState, Naming, Rotation, arn_prefix, default_policy, tags_json,
};
use super::spec::{KeySpec, KeyUsage};
use super::wire::{listing, page, required, text, time};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

const DAY: Duration = Duration::from_secs(86_400);
/// ScheduleKeyDeletion's waiting period when none is given, and its bounds.
const DEFAULT_PENDING_DAYS: u64 = 30;
const PENDING_DAYS: std::ops::RangeInclusive<u64> = 7..=30;
/// The rotation period when EnableKeyRotation gives none.
const DEFAULT_ROTATION_DAYS: u64 = 365;

/// The KeyMetadata of DescribeKey and CreateKey.
pub(super) fn metadata(key: &Key, region: &str) -> Value {
    let mut out = Map::new();
    out.insert("AWSAccountId".into(), json!(key.account_id));
    out.insert("KeyId".into(), json!(key.id));
    out.insert("Arn".into(), json!(key.arn));
    out.insert("CreationDate".into(), time(key.created));
    out.insert("Enabled".into(), json!(key.state == KeyState::Enabled));
    out.insert("Description".into(), json!(key.description));
    out.insert("KeyUsage".into(), json!(key.usage.name()));
    out.insert("KeyState".into(), json!(key.state.name()));
    if let Some(date) = key.deletion_date {
        out.insert("DeletionDate".into(), time(date));
    }
    out.insert("Origin".into(), json!(key.origin));
    out.insert("KeyManager".into(), json!("CUSTOMER"));
    out.insert("CustomerMasterKeySpec".into(), json!(key.spec.name()));
    out.insert("KeySpec".into(), json!(key.spec.name()));
    let encryption = key.spec.encryption_algorithms(key.usage);
    if !encryption.is_empty() {
        out.insert("EncryptionAlgorithms".into(), json!(encryption));
    }
    let signing: Vec<&str> = key
        .spec
        .signing_algorithms(key.usage)
        .into_iter()
        .map(|algorithm| algorithm.name())
        .collect();
    if !signing.is_empty() {
        out.insert("SigningAlgorithms".into(), json!(signing));
    }
    if let Some(mac) = key.spec.mac_algorithm() {
        out.insert("MacAlgorithms".into(), json!([mac]));
    }
    out.insert("MultiRegion".into(), json!(key.multi_region));
    if key.multi_region {
        out.insert(
            "MultiRegionConfiguration".into(),
            json!({
                "MultiRegionKeyType": "PRIMARY",
                "PrimaryKey": {"Arn": key.arn, "Region": region},
                "ReplicaKeys": [],
            }),
        );
    }
    Value::Object(out)
}

fn tag_pairs(input: &Value) -> Vec<(String, String)> {
    input
        .get("Tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .map(|tag| {
                    (
                        required(tag, "TagKey").to_owned(),
                        required(tag, "TagValue").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn add_tags(tags: &mut Vec<(String, String)>, added: Vec<(String, String)>) {
    for (key, value) in added {
        match tags.iter_mut().find(|(existing, _)| *existing == key) {
            Some(tag) => tag.1 = value,
            None => tags.push((key, value)),
        }
    }
}

/// A key policy as given, checked to be a JSON document.
fn checked_policy(policy: &str) -> Result<String, ServiceError> {
    match serde_json::from_str::<Value>(policy) {
        Ok(Value::Object(_)) => Ok(policy.to_owned()),
        _ => Err(error::malformed_policy()),
    }
}

/// CreateKey. Draws the key id, then the key material.
pub(super) fn create_key(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let spec_name = text(input, "KeySpec")
        .or_else(|| text(input, "CustomerMasterKeySpec"))
        .unwrap_or("SYMMETRIC_DEFAULT");
    let spec = KeySpec::parse(spec_name).ok_or_else(|| {
        error::unsupported(format!(
            "KeySpec {spec_name} is not supported by this emulator."
        ))
    })?;
    let usage_name = text(input, "KeyUsage").unwrap_or("ENCRYPT_DECRYPT");
    let usage = KeyUsage::parse(usage_name)
        .filter(|usage| spec.allows(*usage))
        .ok_or_else(|| {
            error::validation(format!(
                "KeyUsage {usage_name} is not compatible with KeySpec {spec_name}"
            ))
        })?;
    let origin = text(input, "Origin").unwrap_or("AWS_KMS");
    if origin != "AWS_KMS" {
        return Err(error::unsupported(format!(
            "Origin {origin} is not supported by this emulator: keys are made with AWS_KMS key material."
        )));
    }
    let policy = text(input, "Policy").map(checked_policy).transpose()?;
    let multi_region = input
        .get("MultiRegion")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let region = &context.route.region;
    let id = if multi_region {
        format!("mrk-{}", context.random.get_random_hex(32))
    } else {
        context.random.uuid4()
    };
    let material = Material::generate(spec, context.random)
        .map_err(|_| error::unsupported(format!("KeySpec {spec_name} could not be generated.")))?;
    let now = context.clock.now();
    let key = Key {
        arn: format!("{}key/{id}", arn_prefix(region, context.account_id)),
        id,
        account_id: context.account_id.to_owned(),
        created: now,
        description: text(input, "Description").unwrap_or_default().to_owned(),
        spec,
        usage,
        state: KeyState::Enabled,
        deletion_date: None,
        policy: policy.unwrap_or_else(|| default_policy(context.account_id)),
        tags: tag_pairs(input),
        rotation: None,
        origin: origin.to_owned(),
        multi_region,
        material,
    };
    let output = json!({"KeyMetadata": metadata(&key, region)});
    state.with_region(region, now, |keys| keys.keys.push(key));
    Ok(output)
}

/// Runs `work` on the key the request's `KeyId` names.
fn with_key<R>(
    state: &KmsState,
    context: &Context<'_>,
    input: &Value,
    naming: Naming,
    work: impl FnOnce(&mut Key) -> Result<R, ServiceError>,
) -> Result<R, ServiceError> {
    let region = &context.route.region;
    state.with_region(region, context.clock.now(), |keys| {
        let key = keys.get_mut(required(input, "KeyId"), naming, region, context.account_id)?;
        work(key)
    })
}

/// Applies `change` to the key the request's `KeyId` names (key id or key ARN), which
/// must not be scheduled for deletion; answers the empty output.
fn update_key(
    state: &KmsState,
    context: &Context<'_>,
    input: &Value,
    change: impl FnOnce(&mut Key),
) -> Answer {
    with_key(state, context, input, Naming::KeyOnly, |key| {
        change(key.not_pending_deletion()?);
        Ok(json!({}))
    })
}

/// DescribeKey: by key id, key ARN, alias name or alias ARN.
pub(super) fn describe_key(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let region = &context.route.region;
    with_key(state, context, &input.value, Naming::KeyOrAlias, |key| {
        Ok(json!({"KeyMetadata": metadata(key, region)}))
    })
}

/// ListKeys: every key of the region, scheduled for deletion or not, in creation order.
pub(super) fn list_keys(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let (shown, next) = page(&keys.keys, &input.value, |key| key.id.as_str())?;
        let items = shown
            .iter()
            .map(|key| json!({"KeyId": key.id, "KeyArn": key.arn}))
            .collect();
        Ok(listing("Keys", items, next))
    })
}

/// UpdateKeyDescription.
pub(super) fn update_key_description(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    update_key(state, context, input, |key| {
        key.description = required(input, "Description").to_owned();
    })
}

/// EnableKey.
pub(super) fn enable_key(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    update_key(state, context, &input.value, |key| {
        key.state = KeyState::Enabled
    })
}

/// DisableKey.
pub(super) fn disable_key(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    update_key(state, context, &input.value, |key| {
        key.state = KeyState::Disabled
    })
}

/// ScheduleKeyDeletion: the key is deleted for good once the waiting period (7 to 30
/// days, 30 by default) has passed on the backend's clock.
pub(super) fn schedule_key_deletion(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let days = input
        .get("PendingWindowInDays")
        .and_then(Value::as_u64)
        .unwrap_or(DEFAULT_PENDING_DAYS);
    if !PENDING_DAYS.contains(&days) {
        return Err(error::validation(format!(
            "1 validation error detected: Value '{days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value {} {}",
            if days < *PENDING_DAYS.start() {
                "greater than or equal to"
            } else {
                "less than or equal to"
            },
            if days < *PENDING_DAYS.start() {
                PENDING_DAYS.start()
            } else {
                PENDING_DAYS.end()
            }
        )));
    }
    let now = context.clock.now();
    with_key(state, context, input, Naming::KeyOnly, |key| {
        let key = key.not_pending_deletion()?;
        let date = now + DAY * u32::try_from(days).unwrap_or(30);
        key.state = KeyState::PendingDeletion;
        key.deletion_date = Some(date);
        Ok(json!({
            "KeyId": key.arn,
            "DeletionDate": time(date),
            "KeyState": key.state.name(),
            "PendingWindowInDays": days,
        }))
    })
}

/// CancelKeyDeletion: the key comes back disabled, as in AWS.
pub(super) fn cancel_key_deletion(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_key(state, context, &input.value, Naming::KeyOnly, |key| {
        if key.state != KeyState::PendingDeletion {
            return Err(error::invalid_state(format!(
                "{} is not pending deletion.",
                key.arn
            )));
        }
        key.state = KeyState::Disabled;
        key.deletion_date = None;
        Ok(json!({"KeyId": key.arn}))
    })
}

/// The only key policy name KMS has.
const POLICY_NAME: &str = "default";

fn policy_name(input: &Value) -> Result<(), ServiceError> {
    match text(input, "PolicyName") {
        None | Some(POLICY_NAME) => Ok(()),
        Some(_) => Err(error::policy_not_found()),
    }
}

/// GetKeyPolicy.
pub(super) fn get_key_policy(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    policy_name(input)?;
    with_key(state, context, input, Naming::KeyOnly, |key| {
        Ok(json!({"Policy": key.policy, "PolicyName": POLICY_NAME}))
    })
}

/// PutKeyPolicy.
pub(super) fn put_key_policy(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    policy_name(input)?;
    let policy = checked_policy(required(input, "Policy"))?;
    update_key(state, context, input, |key| key.policy = policy)
}

/// ListKeyPolicies: every key has the one policy, `default`.
pub(super) fn list_key_policies(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_key(state, context, &input.value, Naming::KeyOnly, |_| {
        Ok(json!({"PolicyNames": [POLICY_NAME], "Truncated": false}))
    })
}

/// TagResource: adds tags, replacing the value of a key already there.
pub(super) fn tag_resource(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    update_key(state, context, input, |key| {
        add_tags(&mut key.tags, tag_pairs(input))
    })
}

/// UntagResource.
pub(super) fn untag_resource(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let removed: Vec<&str> = input
        .get("TagKeys")
        .and_then(Value::as_array)
        .map(|keys| keys.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    update_key(state, context, input, |key| {
        key.tags.retain(|(tag, _)| !removed.contains(&tag.as_str()));
    })
}

/// ListResourceTags.
pub(super) fn list_resource_tags(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_key(state, context, input, Naming::KeyOnly, |key| {
        let (shown, next) = page(&key.tags, input, |(tag, _)| tag.as_str())?;
        let Value::Array(items) = tags_json(shown) else {
            return Ok(listing("Tags", Vec::new(), next));
        };
        Ok(listing("Tags", items, next))
    })
}

/// Rotation is for symmetric encryption keys only.
fn rotatable(key: &mut Key) -> Result<&mut Key, ServiceError> {
    let key = key.not_pending_deletion()?;
    if key.spec != KeySpec::SymmetricDefault {
        return Err(error::unsupported(format!(
            "{} key spec is not supported for this operation.",
            key.spec.name()
        )));
    }
    if key.state == KeyState::Disabled {
        return Err(error::disabled(&key.arn));
    }
    Ok(key)
}

/// EnableKeyRotation: every RotationPeriodInDays days (365 by default).
pub(super) fn enable_key_rotation(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let period_days = input
        .get("RotationPeriodInDays")
        .and_then(Value::as_u64)
        .unwrap_or(DEFAULT_ROTATION_DAYS);
    let now = context.clock.now();
    with_key(state, context, input, Naming::KeyOnly, |key| {
        let key = rotatable(key)?;
        key.rotation = Some(Rotation {
            period_days,
            since: now,
        });
        Ok(json!({}))
    })
}

/// DisableKeyRotation.
pub(super) fn disable_key_rotation(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_key(state, context, &input.value, Naming::KeyOnly, |key| {
        rotatable(key)?.rotation = None;
        Ok(json!({}))
    })
}

/// GetKeyRotationStatus.
pub(super) fn get_key_rotation_status(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_key(state, context, &input.value, Naming::KeyOnly, |key| {
        let mut output = json!({"KeyId": key.arn, "KeyRotationEnabled": key.rotation.is_some()});
        if let Some(rotation) = key.rotation {
            output["RotationPeriodInDays"] = json!(rotation.period_days);
            output["NextRotationDate"] = time(next_rotation(rotation));
        }
        Ok(output)
    })
}

fn next_rotation(rotation: Rotation) -> SystemTime {
    rotation.since + DAY * u32::try_from(rotation.period_days).unwrap_or(u32::MAX)
}
