//! One function per Secrets Manager operation, on the protocol engine's neutral JSON.
//! The engine has checked the model's constraints (required members, lengths, the
//! password length's range) before any of these runs.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::error;
use super::model::{CURRENT, PENDING, Secret, SecretsManagerState, Version, day_of};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// AWS's default and greatest page of ListSecrets and ListSecretVersionIds.
const PAGE: usize = 100;
/// BatchGetSecretValue's default and greatest page.
const BATCH_PAGE: usize = 20;
/// The punctuation GetRandomPassword draws from, as AWS documents it.
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

fn flag(input: &Value, name: &str) -> Option<bool> {
    input.get(name).and_then(Value::as_bool)
}

fn time(instant: SystemTime) -> Value {
    seconds_value(epoch_seconds(instant))
}

/// The secret `id` names: its name, its ARN, or its ARN without the random suffix.
fn find<'s>(secrets: &'s mut BTreeMap<String, Secret>, id: &str) -> Option<&'s mut Secret> {
    if secrets.contains_key(id) {
        return secrets.get_mut(id);
    }
    secrets.values_mut().find(|secret| {
        secret.arn == id
            || (id.starts_with("arn:")
                && secret.arn.len() == id.len() + 7
                && secret.arn.starts_with(id)
                && secret.arn.as_bytes()[id.len()] == b'-')
    })
}

fn secret_id(input: &Value) -> &str {
    text(input, "SecretId").unwrap_or_default()
}

/// The version id a request creates: its ClientRequestToken (SDKs fill one in), else
/// one from the seeded source.
fn new_version_id(context: &Context<'_>, input: &Value) -> String {
    text(input, "ClientRequestToken").map_or_else(|| context.random.uuid4(), str::to_owned)
}

/// The value a request gives, checked: text or binary, not both.
fn value_of(input: &Value) -> Result<(Option<String>, Option<String>), ServiceError> {
    let string = text(input, "SecretString").map(str::to_owned);
    let binary = text(input, "SecretBinary").map(str::to_owned);
    if string.is_some() && binary.is_some() {
        return Err(error::invalid_parameter(
            "You can't specify both a binary secret value and a string secret value in the same secret.",
        ));
    }
    Ok((string, binary))
}

/// Adds a version holding the value to `secret`, labelled `stages`; a request token that
/// already names a version is idempotent when the value is the same.
fn add_version(
    secret: &mut Secret,
    id: String,
    value: (Option<String>, Option<String>),
    stages: &[String],
    now: SystemTime,
) -> Result<(), ServiceError> {
    if let Some(existing) = secret.version(&id) {
        return if existing.same_value(value.0.as_deref(), value.1.as_deref()) {
            Ok(())
        } else {
            Err(error::version_exists())
        };
    }
    secret.versions.push(Version {
        id: id.clone(),
        string: value.0,
        binary: value.1,
        stages: Vec::new(),
        created: now,
        last_accessed: None,
    });
    for stage in stages {
        secret.attach(stage, &id);
    }
    secret.last_changed = now;
    Ok(())
}

fn tags_json(tags: &[(String, String)]) -> Value {
    Value::Array(
        tags.iter()
            .map(|(key, value)| json!({"Key": key, "Value": value}))
            .collect(),
    )
}

fn versions_to_stages(secret: &Secret) -> Value {
    Value::Object(
        secret
            .versions
            .iter()
            .filter(|version| !version.stages.is_empty())
            .map(|version| (version.id.clone(), json!(version.stages)))
            .collect(),
    )
}

/// What DescribeSecret and ListSecrets say of a secret.
fn describe(secret: &Secret, versions_key: &str) -> Value {
    let mut out = Map::new();
    out.insert("ARN".into(), json!(secret.arn));
    out.insert("Name".into(), json!(secret.name));
    if let Some(description) = &secret.description {
        out.insert("Description".into(), json!(description));
    }
    if let Some(key) = &secret.kms_key_id {
        out.insert("KmsKeyId".into(), json!(key));
    }
    if secret.rotation_enabled {
        out.insert("RotationEnabled".into(), json!(true));
    }
    if let Some(arn) = &secret.rotation_lambda_arn {
        out.insert("RotationLambdaARN".into(), json!(arn));
    }
    if let Some(rules) = &secret.rotation_rules {
        out.insert("RotationRules".into(), rules.clone());
    }
    if let Some(rotated) = secret.last_rotated {
        out.insert("LastRotatedDate".into(), time(rotated));
        if let Some(days) = secret
            .rotation_rules
            .as_ref()
            .and_then(|rules| rules.get("AutomaticallyAfterDays"))
            .and_then(Value::as_u64)
        {
            let next = rotated + Duration::from_secs(days * 86_400);
            out.insert("NextRotationDate".into(), time(next));
        }
    }
    out.insert("LastChangedDate".into(), time(secret.last_changed));
    if let Some(accessed) = secret
        .versions
        .iter()
        .filter_map(|version| version.last_accessed)
        .max()
    {
        out.insert("LastAccessedDate".into(), time(accessed));
    }
    if let Some(deleted) = secret.deleted_date {
        out.insert("DeletedDate".into(), time(deleted));
    }
    if !secret.tags.is_empty() {
        out.insert("Tags".into(), tags_json(&secret.tags));
    }
    out.insert(versions_key.into(), versions_to_stages(secret));
    out.insert("CreatedDate".into(), time(secret.created));
    Value::Object(out)
}

/// The value of a version as GetSecretValue and BatchGetSecretValue give it.
fn value_entry(secret: &Secret, version: &Version) -> Value {
    let mut out = Map::new();
    out.insert("ARN".into(), json!(secret.arn));
    out.insert("Name".into(), json!(secret.name));
    out.insert("VersionId".into(), json!(version.id));
    if let Some(binary) = &version.binary {
        out.insert("SecretBinary".into(), json!(binary));
    }
    if let Some(string) = &version.string {
        out.insert("SecretString".into(), json!(string));
    }
    out.insert("VersionStages".into(), json!(version.stages));
    out.insert("CreatedDate".into(), time(version.created));
    Value::Object(out)
}

/// The version of `secret` a read asks for (AWSCURRENT by default), marked as read today.
fn read_version(
    secret: &mut Secret,
    version_id: Option<&str>,
    stage: Option<&str>,
    now: SystemTime,
) -> Result<Value, ServiceError> {
    if secret.is_deleted() {
        return Err(error::marked_for_deletion());
    }
    let found = match (version_id, stage) {
        (Some(id), stage) => secret
            .versions
            .iter()
            .position(|version| {
                version.id == id
                    && stage.is_none_or(|stage| version.stages.iter().any(|s| s == stage))
            })
            .ok_or_else(|| error::value_not_found("VersionId", id))?,
        (None, stage) => {
            let stage = stage.unwrap_or(CURRENT);
            secret
                .versions
                .iter()
                .position(|version| version.stages.iter().any(|s| s == stage))
                .ok_or_else(|| error::value_not_found("staging label", stage))?
        }
    };
    secret.versions[found].last_accessed = Some(day_of(now));
    Ok(value_entry(secret, &secret.versions[found]))
}

/// A page of `items` after `token` (an offset this backend handed out).
fn page<T: Clone>(
    items: &[T],
    token: Option<&str>,
    size: usize,
) -> Result<(Vec<T>, Option<String>), ServiceError> {
    let start = match token {
        None => 0,
        Some(token) => URL_SAFE_NO_PAD
            .decode(token)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| text.strip_prefix("offset:")?.parse::<usize>().ok())
            .filter(|start| *start <= items.len())
            .ok_or_else(error::invalid_next_token)?,
    };
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| URL_SAFE_NO_PAD.encode(format!("offset:{end}")));
    Ok((items[start..end].to_vec(), next))
}

/// `output` with the next page's token, when there is one.
fn with_next_token(mut output: Value, next: Option<String>) -> Value {
    if let Some(next) = next {
        output["NextToken"] = json!(next);
    }
    output
}

fn page_size(input: &Value, greatest: usize) -> usize {
    input
        .get("MaxResults")
        .and_then(Value::as_u64)
        .map_or(greatest, |size| usize::try_from(size).unwrap_or(greatest))
        .clamp(1, greatest)
}

/// Whether `secret` passes every filter of ListSecrets and BatchGetSecretValue: a value
/// matches the start of the field, case-sensitively; a value starting with `!` negates.
fn passes(secret: &Secret, region: &str, filters: &[Value]) -> bool {
    filters.iter().all(|filter| {
        let key = text(filter, "Key").unwrap_or_default();
        let values: Vec<&str> = filter
            .get("Values")
            .and_then(Value::as_array)
            .map(|values| values.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let fields: Vec<&str> = match key {
            "name" => vec![secret.name.as_str()],
            "description" => secret.description.as_deref().into_iter().collect(),
            "tag-key" => secret.tags.iter().map(|(key, _)| key.as_str()).collect(),
            "tag-value" => secret
                .tags
                .iter()
                .map(|(_, value)| value.as_str())
                .collect(),
            "primary-region" => vec![region],
            "owning-service" => Vec::new(),
            _ => {
                let mut all = vec![secret.name.as_str()];
                all.extend(secret.description.as_deref());
                all.extend(
                    secret
                        .tags
                        .iter()
                        .flat_map(|(key, value)| [key.as_str(), value.as_str()]),
                );
                all
            }
        };
        values.iter().any(|value| match value.strip_prefix('!') {
            Some(negated) => !fields.iter().any(|field| field.starts_with(negated)),
            None => fields.iter().any(|field| field.starts_with(value)),
        })
    })
}

// ---------------------------------------------------------------------------
// Secrets.

/// CreateSecret. Draws the ARN's six-character suffix, then (without a request token)
/// the version id.
pub(super) fn create_secret(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let name = text(input, "Name").unwrap_or_default().to_owned();
    let value = value_of(input)?;
    let now = context.clock.now();
    let region = &context.route.region;
    state.with_region(region, now, |secrets| {
        if let Some(existing) = secrets.get(&name) {
            return Err(if existing.is_deleted() {
                error::invalid_request(
                    "You can't create this secret because a secret with this name is already scheduled for deletion.",
                )
            } else {
                error::secret_exists(&name)
            });
        }
        let suffix = context.random.get_random_string(6, true, false);
        let mut secret = Secret {
            arn: format!(
                "arn:aws:secretsmanager:{region}:{}:secret:{name}-{suffix}",
                context.account_id
            ),
            name: name.clone(),
            description: text(input, "Description").map(str::to_owned),
            kms_key_id: text(input, "KmsKeyId").map(str::to_owned),
            tags: tag_list(input),
            versions: Vec::new(),
            created: now,
            last_changed: now,
            deletion_date: None,
            deleted_date: None,
            rotation_enabled: false,
            rotation_lambda_arn: None,
            rotation_rules: None,
            last_rotated: None,
        };
        let mut output = json!({"ARN": secret.arn, "Name": name});
        if value.0.is_some() || value.1.is_some() {
            let id = new_version_id(context, input);
            add_version(&mut secret, id.clone(), value, &[CURRENT.to_owned()], now)?;
            output["VersionId"] = json!(id);
        }
        secrets.insert(name, secret);
        Ok(output)
    })
}

fn tag_list(input: &Value) -> Vec<(String, String)> {
    input
        .get("Tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|tag| {
                    Some((
                        text(tag, "Key")?.to_owned(),
                        text(tag, "Value").unwrap_or_default().to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// DescribeSecret.
pub(super) fn describe_secret(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let region = &context.route.region;
    state.with_region(region, context.clock.now(), |secrets| {
        let secret = find(secrets, secret_id(&input.value)).ok_or_else(error::secret_not_found)?;
        Ok(describe(secret, "VersionIdsToStages"))
    })
}

/// GetSecretValue: by version id, staging label, or AWSCURRENT.
pub(super) fn get_secret_value(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let now = context.clock.now();
    state.with_region(&context.route.region, now, |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        read_version(
            secret,
            text(input, "VersionId"),
            text(input, "VersionStage"),
            now,
        )
    })
}

/// PutSecretValue: a new version, labelled AWSCURRENT unless other labels are given.
pub(super) fn put_secret_value(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let value = value_of(input)?;
    if value.0.is_none() && value.1.is_none() {
        return Err(error::invalid_request(
            "You must provide either SecretString or SecretBinary.",
        ));
    }
    let stages: Vec<String> = match input.get("VersionStages").and_then(Value::as_array) {
        Some(stages) => stages
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        None => vec![CURRENT.to_owned()],
    };
    let now = context.clock.now();
    state.with_region(&context.route.region, now, |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        if secret.is_deleted() {
            return Err(error::marked_for_deletion());
        }
        let id = new_version_id(context, input);
        add_version(secret, id.clone(), value, &stages, now)?;
        let stages = secret.version(&id).map(|version| version.stages.clone()).unwrap_or_default();
        Ok(json!({"ARN": secret.arn, "Name": secret.name, "VersionId": id, "VersionStages": stages}))
    })
}

/// UpdateSecret: settings, and a new AWSCURRENT version when a value is given.
pub(super) fn update_secret(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let value = value_of(input)?;
    let now = context.clock.now();
    state.with_region(&context.route.region, now, |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        if secret.is_deleted() {
            return Err(error::marked_for_deletion());
        }
        if let Some(description) = text(input, "Description") {
            secret.description = Some(description.to_owned());
        }
        if let Some(key) = text(input, "KmsKeyId") {
            secret.kms_key_id = Some(key.to_owned());
        }
        secret.last_changed = now;
        let mut output = json!({"ARN": secret.arn, "Name": secret.name});
        if value.0.is_some() || value.1.is_some() {
            let id = new_version_id(context, input);
            add_version(secret, id.clone(), value, &[CURRENT.to_owned()], now)?;
            output["VersionId"] = json!(id);
        }
        Ok(output)
    })
}

/// UpdateSecretVersionStage: moves a staging label between versions.
pub(super) fn update_secret_version_stage(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let stage = text(input, "VersionStage").unwrap_or_default().to_owned();
    let remove_from = text(input, "RemoveFromVersionId");
    let move_to = text(input, "MoveToVersionId");
    state.with_region(&context.route.region, context.clock.now(), |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        if secret.is_deleted() {
            return Err(error::marked_for_deletion());
        }
        for id in [remove_from, move_to].into_iter().flatten() {
            if secret.version(id).is_none() {
                return Err(error::invalid_parameter(format!(
                    "The version {id} doesn't exist for the secret {}.",
                    secret.name
                )));
            }
        }
        let holder = secret.version_with_stage(&stage).map(|version| version.id.clone());
        if let Some(holder) = &holder
            && move_to.is_some()
            && remove_from != Some(holder.as_str())
            && move_to != Some(holder.as_str())
        {
            return Err(error::invalid_parameter(format!(
                "The staging label {stage} is currently attached to version {holder}, so you must explicitly reference that version in RemoveFromVersionId."
            )));
        }
        if let Some(from) = remove_from
            && holder.as_deref() != Some(from)
        {
            return Err(error::invalid_parameter(format!(
                "The staging label {stage} is not attached to version {from}."
            )));
        }
        match move_to {
            Some(to) => secret.attach(&stage, to),
            None => secret.detach(&stage),
        }
        Ok(json!({"ARN": secret.arn, "Name": secret.name}))
    })
}

/// ListSecrets: by creation, oldest first (`SortOrder` `desc` for newest first), filtered,
/// paged; secrets scheduled for deletion only with `IncludePlannedDeletion`.
pub(super) fn list_secrets(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let region = &context.route.region;
    let include_deleted = flag(input, "IncludePlannedDeletion").unwrap_or(false);
    let filters = input
        .get("Filters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut listed: Vec<Value> = state.with_region(region, context.clock.now(), |secrets| {
        let mut chosen: Vec<&Secret> = secrets
            .values()
            .filter(|secret| include_deleted || !secret.is_deleted())
            .filter(|secret| passes(secret, region, &filters))
            .collect();
        chosen.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.name.cmp(&b.name)));
        chosen
            .into_iter()
            .map(|secret| describe(secret, "SecretVersionsToStages"))
            .collect()
    });
    if text(input, "SortOrder") == Some("desc") {
        listed.reverse();
    }
    let (items, next) = page(&listed, text(input, "NextToken"), page_size(input, PAGE))?;
    Ok(with_next_token(json!({"SecretList": items}), next))
}

/// ListSecretVersionIds: versions with a label (all of them with `IncludeDeprecated`).
pub(super) fn list_secret_version_ids(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let include_deprecated = flag(input, "IncludeDeprecated").unwrap_or(false);
    let (arn, name, versions) =
        state.with_region(&context.route.region, context.clock.now(), |secrets| {
            let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
            let versions: Vec<Value> = secret
                .versions
                .iter()
                .filter(|version| include_deprecated || !version.stages.is_empty())
                .map(|version| {
                    let mut entry = json!({
                        "VersionId": version.id,
                        "VersionStages": version.stages,
                        "CreatedDate": time(version.created),
                    });
                    if let Some(accessed) = version.last_accessed {
                        entry["LastAccessedDate"] = time(accessed);
                    }
                    entry
                })
                .collect();
            Ok::<_, ServiceError>((secret.arn.clone(), secret.name.clone(), versions))
        })?;
    let (items, next) = page(&versions, text(input, "NextToken"), page_size(input, PAGE))?;
    Ok(with_next_token(
        json!({"Versions": items, "ARN": arn, "Name": name}),
        next,
    ))
}

/// DeleteSecret: scheduled after a recovery window of 7 to 30 days (30 by default), or
/// at once with ForceDeleteWithoutRecovery.
pub(super) fn delete_secret(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let force = flag(input, "ForceDeleteWithoutRecovery").unwrap_or(false);
    let window = input.get("RecoveryWindowInDays").and_then(Value::as_i64);
    if force && window.is_some() {
        return Err(error::invalid_parameter(
            "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        ));
    }
    let days = window.unwrap_or(30);
    if !force && !(7..=30).contains(&days) {
        return Err(error::invalid_parameter(
            "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
        ));
    }
    let now = context.clock.now();
    state.with_region(&context.route.region, now, |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        if secret.is_deleted() && !force {
            return Err(error::marked_for_deletion());
        }
        let deletion = if force {
            now
        } else {
            now + Duration::from_secs(u64::try_from(days).unwrap_or(30) * 86_400)
        };
        let output =
            json!({"ARN": secret.arn, "Name": secret.name, "DeletionDate": time(deletion)});
        if force {
            let name = secret.name.clone();
            secrets.remove(&name);
        } else {
            secret.deletion_date = Some(deletion);
            secret.deleted_date = Some(now);
        }
        Ok(output)
    })
}

/// RestoreSecret: cancels a scheduled deletion.
pub(super) fn restore_secret(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    state.with_region(&context.route.region, context.clock.now(), |secrets| {
        let secret = find(secrets, secret_id(&input.value)).ok_or_else(error::secret_not_found)?;
        secret.deletion_date = None;
        secret.deleted_date = None;
        Ok(json!({"ARN": secret.arn, "Name": secret.name}))
    })
}

/// RotateSecret, without running the rotation function: the rotation settings are kept
/// and, unless RotateImmediately is false, a new version with the current value becomes
/// AWSCURRENT (what a rotation function that keeps the value would leave).
pub(super) fn rotate_secret(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let now = context.clock.now();
    state.with_region(&context.route.region, now, |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        if secret.is_deleted() {
            return Err(error::marked_for_deletion());
        }
        let function = text(input, "RotationLambdaARN")
            .or(secret.rotation_lambda_arn.as_deref())
            .ok_or_else(|| {
                error::invalid_request(
                    "No Lambda rotation function ARN is associated with this secret.",
                )
            })?
            .to_owned();
        // Secrets Manager invokes the function, so it must exist; nothing changes otherwise.
        let lambda = context.services.lambda();
        if !lambda.has_function(&context.route.region, context.account_id, &function) {
            return Err(error::resource_not_found(format!(
                "Resource not found for ARN '{function}'."
            )));
        }
        secret.rotation_lambda_arn = Some(function);
        if let Some(rules) = input.get("RotationRules") {
            secret.rotation_rules = Some(rules.clone());
        }
        secret.rotation_enabled = true;
        let mut output = json!({"ARN": secret.arn, "Name": secret.name});
        if flag(input, "RotateImmediately").unwrap_or(true) {
            let current = secret
                .version_with_stage(CURRENT)
                .map(|version| (version.string.clone(), version.binary.clone()))
                .ok_or_else(|| error::value_not_found("staging label", CURRENT))?;
            let id = new_version_id(context, input);
            add_version(secret, id.clone(), current, &[PENDING.to_owned()], now)?;
            secret.attach(CURRENT, &id);
            secret.detach(PENDING);
            secret.last_rotated = Some(now);
            output["VersionId"] = json!(id);
        }
        Ok(output)
    })
}

/// BatchGetSecretValue: by a list of ids (errors per id) or by filters, paged.
pub(super) fn batch_get_secret_value(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let ids = input.get("SecretIdList").and_then(Value::as_array);
    let filters = input.get("Filters").and_then(Value::as_array);
    if ids.is_some() == filters.is_some() {
        return Err(error::invalid_parameter(
            "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
        ));
    }
    let now = context.clock.now();
    let region = context.route.region.clone();
    state.with_region(&region, now, |secrets| {
        let mut values = Vec::new();
        let mut errors = Vec::new();
        let mut next = None;
        if let Some(ids) = ids {
            for id in ids.iter().filter_map(Value::as_str) {
                let answer = find(secrets, id)
                    .ok_or_else(error::secret_not_found)
                    .and_then(|secret| read_version(secret, None, None, now));
                match answer {
                    Ok(value) => values.push(value),
                    Err(failure) => errors.push(json!({
                        "SecretId": id,
                        "ErrorCode": failure.code,
                        "Message": failure.message,
                    })),
                }
            }
        } else {
            let filters = filters.cloned().unwrap_or_default();
            let mut names: Vec<(SystemTime, String)> = secrets
                .values()
                .filter(|secret| !secret.is_deleted() && passes(secret, &region, &filters))
                .map(|secret| (secret.created, secret.name.clone()))
                .collect();
            names.sort();
            let names: Vec<String> = names.into_iter().map(|(_, name)| name).collect();
            let (chosen, token) = page(
                &names,
                text(input, "NextToken"),
                page_size(input, BATCH_PAGE),
            )?;
            next = token;
            for name in chosen {
                if let Some(secret) = secrets.get_mut(&name)
                    && let Ok(value) = read_version(secret, None, None, now)
                {
                    values.push(value);
                }
            }
        }
        Ok(with_next_token(
            json!({"SecretValues": values, "Errors": errors}),
            next,
        ))
    })
}

// ---------------------------------------------------------------------------
// Tags.

/// TagResource: adds tags, replacing the values of keys already there.
pub(super) fn tag_resource(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    state.with_region(&context.route.region, context.clock.now(), |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        for (key, value) in tag_list(input) {
            match secret
                .tags
                .iter_mut()
                .find(|(existing, _)| *existing == key)
            {
                Some(tag) => tag.1 = value,
                None => secret.tags.push((key, value)),
            }
        }
        Ok(json!({}))
    })
}

/// UntagResource.
pub(super) fn untag_resource(
    state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let keys: Vec<&str> = input
        .get("TagKeys")
        .and_then(Value::as_array)
        .map(|keys| keys.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    state.with_region(&context.route.region, context.clock.now(), |secrets| {
        let secret = find(secrets, secret_id(input)).ok_or_else(error::secret_not_found)?;
        secret.tags.retain(|(key, _)| !keys.contains(&key.as_str()));
        Ok(json!({}))
    })
}

// ---------------------------------------------------------------------------
// Passwords.

/// GetRandomPassword: from the seeded source, 32 characters by default, with at least
/// one of each included kind unless `RequireEachIncludedType` is false.
pub(super) fn get_random_password(
    _state: &SecretsManagerState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let length = input
        .get("PasswordLength")
        .and_then(Value::as_u64)
        .map_or(32, |length| usize::try_from(length).unwrap_or(32));
    let excluded: Vec<char> = text(input, "ExcludeCharacters")
        .unwrap_or_default()
        .chars()
        .collect();
    let exclude = |name: &str| flag(input, name).unwrap_or(false);
    let mut kinds: Vec<Vec<char>> = Vec::new();
    let mut add = |skip: bool, characters: &str| {
        if !skip {
            let kept: Vec<char> = characters
                .chars()
                .filter(|c| !excluded.contains(c))
                .collect();
            if !kept.is_empty() {
                kinds.push(kept);
            }
        }
    };
    add(exclude("ExcludeLowercase"), "abcdefghijklmnopqrstuvwxyz");
    add(exclude("ExcludeUppercase"), "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    add(exclude("ExcludeNumbers"), "0123456789");
    add(exclude("ExcludePunctuation"), PUNCTUATION);
    add(!flag(input, "IncludeSpace").unwrap_or(false), " ");
    let pool: Vec<char> = kinds.iter().flatten().copied().collect();
    if pool.is_empty() {
        return Err(error::invalid_parameter(
            "The password can't be empty: every kind of character is excluded.",
        ));
    }
    let each = flag(input, "RequireEachIncludedType").unwrap_or(true);
    if each && length < kinds.len() {
        return Err(error::invalid_parameter(format!(
            "The password length {length} is too short to include each of the {} kinds of character.",
            kinds.len()
        )));
    }
    let draw = |set: &[char]| -> char {
        let index = context
            .random
            .below(u32::try_from(set.len()).unwrap_or(u32::MAX));
        set[index as usize]
    };
    let mut password: Vec<char> = (0..length).map(|_| draw(&pool)).collect();
    if each {
        // One character of each kind at distinct places, chosen by the seeded source.
        let mut places: Vec<usize> = (0..length).collect();
        for kind in &kinds {
            let at = context
                .random
                .below(u32::try_from(places.len()).unwrap_or(u32::MAX))
                as usize;
            let place = places.swap_remove(at);
            password[place] = draw(kind);
        }
    }
    Ok(json!({"RandomPassword": password.into_iter().collect::<String>()}))
}
