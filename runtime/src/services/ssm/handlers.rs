//! One function per Parameter Store operation, on the protocol engine's neutral JSON.
//! The engine has checked the model's constraints (required members, lengths, enum
//! values, page sizes) before any of these runs.
//!
//! SecureString values are kept as given: no KMS key encrypts them here. With
//! WithDecryption they are answered as given; without it, as Moto answers them
//! (`kms:<key id>:<value>`), where AWS answers the ciphertext.

use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::error;
use super::filters::{self, Operation};
use super::input::{flag, strings, tag_pairs, text};
use super::model::{
    DEFAULT_KEY, MAX_LABELS, MAX_TAGS, MAX_VERSIONS, Parameter, Region, SsmState, Version,
};
use super::names::{self, Selector};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// The greatest value a Standard parameter holds (4 KB).
const STANDARD_LIMIT: usize = 4096;
/// The greatest value an Advanced parameter holds (8 KB).
const ADVANCED_LIMIT: usize = 8192;
/// The data types PutParameter takes. Values are not checked against them (AWS checks
/// an `aws:ec2:image` value against the account's AMIs after answering).
const DATA_TYPES: &[&str] = &[
    "text",
    "aws:ec2:image",
    "aws:ssm:integration",
    "aws:region",
    "aws:account:id",
    "boolean",
    "integer",
    "float",
    "binary",
    "hostname",
    "email",
    "ipv4-address",
    "ipv6-address",
    "url",
    "json",
    "jsonc",
];
/// The data types only Advanced parameters have (Intelligent-Tiering picks Advanced).
const ADVANCED_DATA_TYPES: &[&str] = &["url", "json", "jsonc"];
/// The policies one parameter can have.
const MAX_POLICIES: usize = 10;
/// The policy types a parameter's Policies can hold.
const POLICY_TYPES: &[&str] = &[
    "Expiration",
    "ExpirationNotification",
    "NoChangeNotification",
];
/// AWS answers the IAM user that last changed a parameter; requests here are not tied
/// to one, so this is what Moto answers.
const LAST_MODIFIED_USER: &str = "N/A";
/// DescribeParameters' and GetParametersByPath's page when MaxResults is not given.
const DEFAULT_PAGE: usize = 10;
/// GetParameterHistory's page when MaxResults is not given.
const HISTORY_PAGE: usize = 50;

fn time(instant: SystemTime) -> Value {
    seconds_value(epoch_seconds(instant))
}

/// The value a read answers: SecureStrings only decrypted when asked.
fn value_of(version: &Version, decrypt: bool) -> String {
    if version.kind == "SecureString" && !decrypt {
        let key = version.key_id.as_deref().unwrap_or(DEFAULT_KEY);
        format!("kms:{key}:{}", version.value)
    } else {
        version.value.clone()
    }
}

/// The policies as DescribeParameters and GetParameterHistory list them.
fn policies_json(policies: &str) -> Value {
    let list: Vec<Value> = serde_json::from_str(policies).unwrap_or_default();
    Value::Array(
        list.iter()
            .map(|policy| {
                json!({
                    "PolicyText": policy.to_string(),
                    "PolicyType": policy.get("Type").and_then(Value::as_str).unwrap_or_default(),
                    "PolicyStatus": "Pending",
                })
            })
            .collect(),
    )
}

/// Where answers are: region and account, for ARNs.
struct Place<'c> {
    region: &'c str,
    account: &'c str,
}

impl<'c> Place<'c> {
    fn of(context: &'c Context<'_>) -> Self {
        Place {
            region: &context.route.region,
            account: context.account_id,
        }
    }

    fn arn(&self, name: &str) -> String {
        names::arn(self.region, self.account, name)
    }

    /// The name a read gives, its ARN turned back into the name.
    fn name<'n>(&self, given: &'n str) -> &'n str {
        names::strip_arn(given, self.region, self.account)
    }

    /// The key of the parameter a request names by name or ARN.
    fn key<'n>(&self, given: &'n str) -> &'n str {
        names::key_of(self.name(given))
    }

    /// The parameter a request names by name or ARN, to change.
    fn find<'r>(
        &self,
        region: &'r mut Region,
        given: &str,
    ) -> Result<&'r mut Parameter, ServiceError> {
        region
            .get_mut(self.key(given))
            .ok_or_else(|| error::parameter_not_found(given))
    }
}

/// A parameter as GetParameter, GetParameters and GetParametersByPath answer it.
fn parameter_json(
    place: &Place<'_>,
    parameter: &Parameter,
    version: &Version,
    decrypt: bool,
    selector: Option<&str>,
) -> Value {
    let mut out = Map::new();
    out.insert("Name".into(), json!(parameter.name));
    out.insert("Type".into(), json!(version.kind));
    out.insert("Value".into(), json!(value_of(version, decrypt)));
    out.insert("Version".into(), json!(version.number));
    if let Some(selector) = selector {
        out.insert("Selector".into(), json!(selector));
    }
    out.insert("LastModifiedDate".into(), time(version.modified));
    out.insert("ARN".into(), json!(place.arn(&parameter.name)));
    out.insert("DataType".into(), json!(version.data_type));
    Value::Object(out)
}

/// What DescribeParameters and GetParameterHistory both say of a version.
fn metadata(out: &mut Map<String, Value>, parameter: &Parameter, version: &Version) {
    out.insert("Name".into(), json!(parameter.name));
    out.insert("Type".into(), json!(version.kind));
    if let Some(key) = &version.key_id {
        out.insert("KeyId".into(), json!(key));
    }
    out.insert("LastModifiedDate".into(), time(version.modified));
    out.insert("LastModifiedUser".into(), json!(LAST_MODIFIED_USER));
    if let Some(description) = &version.description {
        out.insert("Description".into(), json!(description));
    }
    if let Some(pattern) = &version.allowed_pattern {
        out.insert("AllowedPattern".into(), json!(pattern));
    }
    out.insert("Version".into(), json!(version.number));
    out.insert("Tier".into(), json!(version.tier));
    if let Some(policies) = &version.policies {
        out.insert("Policies".into(), policies_json(policies));
    }
    out.insert("DataType".into(), json!(version.data_type));
}

fn describe_json(place: &Place<'_>, parameter: &Parameter, version: &Version) -> Value {
    let mut out = Map::new();
    metadata(&mut out, parameter, version);
    out.insert("ARN".into(), json!(place.arn(&parameter.name)));
    Value::Object(out)
}

fn history_json(parameter: &Parameter, version: &Version, decrypt: bool) -> Value {
    let mut out = Map::new();
    metadata(&mut out, parameter, version);
    out.insert("Value".into(), json!(value_of(version, decrypt)));
    out.insert("Labels".into(), json!(version.labels));
    Value::Object(out)
}

/// The page of `items` (each with the key that names it: a parameter's name, a version's
/// number) that starts at the item `token` names, and the token of the next page: the
/// key of its first item, so a page does not shift when items before it go away.
fn page(
    items: Vec<(String, Value)>,
    token: Option<&str>,
    size: usize,
) -> Result<(Vec<Value>, Option<String>), ServiceError> {
    let start = match token {
        None => 0,
        Some(token) => {
            let key = URL_SAFE_NO_PAD
                .decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            items
                .iter()
                .position(|(own, _)| Some(own) == key.as_ref())
                .ok_or_else(error::invalid_next_token)?
        }
    };
    let next = items
        .get(start.saturating_add(size))
        .map(|(key, _)| URL_SAFE_NO_PAD.encode(key));
    let page = items
        .into_iter()
        .skip(start)
        .take(size)
        .map(|(_, item)| item)
        .collect();
    Ok((page, next))
}

/// MaxResults, or the operation's default page (the engine has checked the range).
fn page_size(input: &Value, default: usize) -> usize {
    input
        .get("MaxResults")
        .and_then(Value::as_u64)
        .and_then(|size| usize::try_from(size).ok())
        .unwrap_or(default)
        .max(1)
}

/// `{"Parameters": [...], "NextToken": ...}`: the page of `items` the request asks for.
fn listing(items: Vec<(String, Value)>, input: &Value, default_page: usize) -> Answer {
    let (parameters, next) = page(
        items,
        text(input, "NextToken"),
        page_size(input, default_page),
    )?;
    let mut output = json!({"Parameters": parameters});
    if let Some(next) = next {
        output["NextToken"] = json!(next);
    }
    Ok(output)
}

// ---------------------------------------------------------------------------
// Writing.

/// The tier a version gets: the one asked for (else the previous version's, else
/// Standard), Intelligent-Tiering choosing the smallest that holds the value; an Advanced
/// parameter never goes back to Standard.
fn resolve_tier(
    asked: Option<&str>,
    previous: Option<&Version>,
    value: &str,
    needs_advanced: bool,
) -> Result<String, ServiceError> {
    let was_advanced = previous.is_some_and(|version| version.tier == "Advanced");
    let tier = match asked {
        Some("Intelligent-Tiering") => {
            if was_advanced || value.len() > STANDARD_LIMIT || needs_advanced {
                "Advanced"
            } else {
                "Standard"
            }
        }
        Some(tier) => tier,
        None => previous.map_or("Standard", |version| version.tier.as_str()),
    };
    if tier == "Standard" && was_advanced {
        return Err(error::validation(
            "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
        ));
    }
    if tier == "Standard" && value.len() > STANDARD_LIMIT {
        return Err(error::validation(
            "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html",
        ));
    }
    if value.len() > ADVANCED_LIMIT {
        return Err(error::constraint(
            "value",
            "'***'",
            "Member must have length less than or equal to 8192",
        ));
    }
    Ok(tier.to_owned())
}

/// Checks `value` against the parameter's AllowedPattern, when it has one.
fn check_pattern(pattern: Option<&str>, value: &str) -> Result<(), ServiceError> {
    let Some(pattern) = pattern else {
        return Ok(());
    };
    let regex = regex_lite::Regex::new(pattern)
        .map_err(|problem| error::invalid_pattern(&problem.to_string()))?;
    if regex.is_match(value) {
        Ok(())
    } else {
        Err(error::pattern_mismatch(pattern))
    }
}

/// Checks Policies: a JSON list of AWS's policy objects.
fn check_policies(policies: Option<&str>) -> Result<(), ServiceError> {
    let Some(policies) = policies else {
        return Ok(());
    };
    let list: Vec<Value> = serde_json::from_str(policies).map_err(|_| {
        error::invalid_policy_type(
            "The policy is not valid JSON: Policies must be a JSON list of policy objects.",
        )
    })?;
    if list.len() > MAX_POLICIES {
        return Err(error::too_many_policies());
    }
    let mut seen: Vec<&str> = Vec::new();
    for policy in &list {
        let kind = policy
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !POLICY_TYPES.contains(&kind) {
            return Err(error::invalid_policy_type(format!(
                "The policy type isn't supported: {kind}. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification."
            )));
        }
        if seen.contains(&kind) {
            return Err(error::incompatible_policies());
        }
        seen.push(kind);
    }
    Ok(())
}

/// PutParameter: a new parameter, or (with Overwrite) a new version of one; what the
/// request leaves out is kept from the previous version.
pub(super) fn put_parameter(state: &SsmState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    // AWS drops spaces around a new name (spaces inside it are refused).
    let name = text(input, "Name").unwrap_or_default().trim();
    names::check_new(name)?;
    let value = text(input, "Value").unwrap_or_default();
    if value.is_empty() {
        return Err(error::constraint(
            "value",
            "''",
            "Member must have length greater than or equal to 1",
        ));
    }
    let overwrite = flag(input, "Overwrite");
    let tags = tag_pairs(input);
    if overwrite && !tags.is_empty() {
        return Err(error::validation(
            "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
        ));
    }
    if tags.len() > MAX_TAGS {
        return Err(error::too_many_tags());
    }
    if let Some(data_type) = text(input, "DataType")
        && !DATA_TYPES.contains(&data_type)
    {
        return Err(error::validation(format!(
            "The following data type is not supported: {data_type} (Data type names are all lowercase.)"
        )));
    }
    let policies = text(input, "Policies");
    check_policies(policies)?;
    let now = context.clock.now();
    let key = names::key_of(name);
    state.with_region(&context.route.region, |region| {
        let existing = region.get(key);
        let previous = existing.and_then(Parameter::latest);
        if existing.is_some() && !overwrite {
            return Err(error::already_exists());
        }
        let Some(kind) = text(input, "Type").or(previous.map(|version| version.kind.as_str()))
        else {
            return Err(error::validation(
                "A parameter type is required when you create a parameter.",
            ));
        };
        let kind = kind.to_owned();
        let kept = |field: &str, of: fn(&Version) -> Option<&String>| {
            text(input, field)
                .map(str::to_owned)
                .or_else(|| previous.and_then(of).cloned())
        };
        let allowed_pattern = kept("AllowedPattern", |version| version.allowed_pattern.as_ref());
        check_pattern(allowed_pattern.as_deref(), value)?;
        let policies = kept("Policies", |version| version.policies.as_ref());
        let data_type = text(input, "DataType")
            .map(str::to_owned)
            .or_else(|| previous.map(|version| version.data_type.clone()))
            .unwrap_or_else(|| "text".to_owned());
        let needs_advanced =
            policies.is_some() || ADVANCED_DATA_TYPES.contains(&data_type.as_str());
        let tier = resolve_tier(text(input, "Tier"), previous, value, needs_advanced)?;
        let key_id = (kind == "SecureString").then(|| {
            kept("KeyId", |version| version.key_id.as_ref())
                .unwrap_or_else(|| DEFAULT_KEY.to_owned())
        });
        let version = Version {
            number: previous.map_or(1, |version| version.number + 1),
            kind,
            value: value.to_owned(),
            description: kept("Description", |version| version.description.as_ref()),
            allowed_pattern,
            key_id,
            data_type,
            tier,
            policies,
            labels: Vec::new(),
            modified: now,
        };
        let output = json!({"Version": version.number, "Tier": version.tier});
        match region.get_mut(key) {
            Some(parameter) => {
                if parameter.versions.len() >= MAX_VERSIONS {
                    if let Some(oldest) = parameter.versions.first()
                        && !oldest.labels.is_empty()
                    {
                        return Err(error::max_versions(name, oldest.number));
                    }
                    parameter.versions.remove(0);
                }
                parameter.versions.push(version);
            }
            None => region.insert(
                key,
                Parameter {
                    name: name.to_owned(),
                    versions: vec![version],
                    tags,
                },
            ),
        }
        Ok(output)
    })
}

/// DeleteParameter.
pub(super) fn delete_parameter(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = text(&input.value, "Name").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        if region.remove(names::key_of(name)) {
            Ok(json!({}))
        } else {
            Err(error::parameter_not_found(name))
        }
    })
}

/// DeleteParameters: each name deleted or listed as invalid.
pub(super) fn delete_parameters(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let requested = strings(&input.value, "Names");
    state.with_region(&context.route.region, |region| {
        let (deleted, invalid): (Vec<String>, Vec<String>) = requested
            .into_iter()
            .partition(|name| region.remove(names::key_of(name)));
        Ok(json!({"DeletedParameters": deleted, "InvalidParameters": invalid}))
    })
}

// ---------------------------------------------------------------------------
// Reading.

/// The parameter and version `given` selects (`name`, `name:3`, `name:label`, or an ARN).
fn select<'r>(
    region: &'r Region,
    place: &Place<'_>,
    given: &str,
) -> Result<(&'r Parameter, &'r Version, Option<String>), ServiceError> {
    let name = place.name(given);
    let (base, selector) =
        names::split_selector(name).ok_or_else(|| error::parameter_not_found(given))?;
    names::check_shape(base)?;
    let parameter = region
        .get(names::key_of(base))
        .ok_or_else(|| error::parameter_not_found(given))?;
    match selector {
        Selector::Latest => parameter
            .latest()
            .map(|version| (parameter, version, None))
            .ok_or_else(|| error::parameter_not_found(given)),
        Selector::Version(number) => parameter
            .version(number)
            .map(|version| (parameter, version, Some(format!(":{number}"))))
            .ok_or_else(|| error::version_not_found(base, &number.to_string())),
        Selector::Label(label) => parameter
            .labelled(&label)
            .map(|version| (parameter, version, Some(format!(":{label}"))))
            .ok_or_else(|| error::parameter_not_found(given)),
    }
}

/// GetParameter.
pub(super) fn get_parameter(state: &SsmState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let given = text(input, "Name").unwrap_or_default();
    let decrypt = flag(input, "WithDecryption");
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let (parameter, version, selector) = select(region, &place, given)?;
        Ok(json!({
            "Parameter": parameter_json(&place, parameter, version, decrypt, selector.as_deref())
        }))
    })
}

/// GetParameters: the names found, in the order asked, and those not found.
pub(super) fn get_parameters(state: &SsmState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let decrypt = flag(input, "WithDecryption");
    let mut requested = strings(input, "Names");
    let mut seen = std::collections::BTreeSet::new();
    requested.retain(|name| seen.insert(name.clone()));
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let mut found = Vec::new();
        let mut invalid = Vec::new();
        for given in requested {
            match select(region, &place, &given) {
                Ok((parameter, version, selector)) => found.push(parameter_json(
                    &place,
                    parameter,
                    version,
                    decrypt,
                    selector.as_deref(),
                )),
                Err(_) => invalid.push(given),
            }
        }
        Ok(json!({"Parameters": found, "InvalidParameters": invalid}))
    })
}

/// GetParametersByPath: the parameters right under `Path`, or every one below it with
/// Recursive, filtered, a page at a time.
pub(super) fn get_parameters_by_path(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let path = text(input, "Path").unwrap_or_default();
    if !filters::valid_path(path) {
        return Err(error::validation(names::INVALID_PATH));
    }
    if names::levels(path) > names::MAX_LEVELS {
        return Err(error::hierarchy_too_deep());
    }
    let checked = filters::parameter_filters(input.get("ParameterFilters"), Operation::ByPath)?;
    let recursive = flag(input, "Recursive");
    let decrypt = flag(input, "WithDecryption");
    let prefix = format!("{}/", path.trim_end_matches('/'));
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let matching: Vec<(String, Value)> = region
            .all()
            .filter_map(|parameter| {
                let key = names::key_of(&parameter.name);
                let below = if prefix == "/" {
                    Some(key.trim_start_matches('/'))
                } else {
                    key.strip_prefix(prefix.as_str())
                };
                let below = below.filter(|rest| recursive || !rest.contains('/'))?;
                let latest = parameter.latest()?;
                (!below.is_empty() && filters::passes_all(&checked, parameter, latest)).then(|| {
                    (
                        parameter.name.clone(),
                        parameter_json(&place, parameter, latest, decrypt, None),
                    )
                })
            })
            .collect();
        listing(matching, input, DEFAULT_PAGE)
    })
}

/// DescribeParameters: every parameter's latest version without its value, filtered by
/// ParameterFilters or the older Filters (not both), a page at a time.
pub(super) fn describe_parameters(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let legacy = input
        .get("Filters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let has_filters = input
        .get("ParameterFilters")
        .and_then(Value::as_array)
        .is_some_and(|filters| !filters.is_empty());
    if !legacy.is_empty() && has_filters {
        return Err(error::validation(
            "You can use either Filters or ParameterFilters in a single request.",
        ));
    }
    let checked = filters::parameter_filters(input.get("ParameterFilters"), Operation::Describe)?;
    // Shared asks for the parameters other accounts share with this one: a backend holds
    // one account, so there are none.
    let shared = flag(input, "Shared");
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let matching: Vec<(String, Value)> = region
            .all()
            .filter(|_| !shared)
            .filter_map(|parameter| {
                let latest = parameter.latest()?;
                (filters::passes_all(&checked, parameter, latest)
                    && filters::passes_legacy(&legacy, parameter, latest))
                .then(|| {
                    (
                        parameter.name.clone(),
                        describe_json(&place, parameter, latest),
                    )
                })
            })
            .collect();
        listing(matching, input, DEFAULT_PAGE)
    })
}

/// GetParameterHistory: every version kept, oldest first, with its labels.
pub(super) fn get_parameter_history(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let given = text(input, "Name").unwrap_or_default();
    let decrypt = flag(input, "WithDecryption");
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let parameter = place.find(region, given)?;
        let versions: Vec<(String, Value)> = parameter
            .versions
            .iter()
            .map(|version| {
                (
                    version.number.to_string(),
                    history_json(parameter, version, decrypt),
                )
            })
            .collect();
        listing(versions, input, HISTORY_PAGE)
    })
}

// ---------------------------------------------------------------------------
// Labels.

/// LabelParameterVersion: puts the valid labels on the version (the latest when none
/// is named), moving each from whichever version had it; invalid labels are answered,
/// not applied.
pub(super) fn label_parameter_version(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let given = text(input, "Name").unwrap_or_default();
    let labels = strings(input, "Labels");
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let parameter = place.find(region, given)?;
        let number = match input.get("ParameterVersion").and_then(Value::as_u64) {
            Some(number) => number,
            None => parameter.latest().map_or(1, |version| version.number),
        };
        let target = parameter
            .version(number)
            .ok_or_else(|| error::version_not_found(given, &number.to_string()))?;
        let (valid, invalid): (Vec<String>, Vec<String>) = labels
            .into_iter()
            .partition(|label| names::valid_label(label));
        let mut adding: Vec<String> = Vec::new();
        for label in valid {
            if !target.labels.contains(&label) && !adding.contains(&label) {
                adding.push(label);
            }
        }
        if target.labels.len() + adding.len() > MAX_LABELS {
            return Err(error::too_many_labels());
        }
        for version in &mut parameter.versions {
            if version.number == number {
                version.labels.extend(adding.iter().cloned());
            } else {
                version.labels.retain(|label| !adding.contains(label));
            }
        }
        Ok(json!({"InvalidLabels": invalid, "ParameterVersion": number}))
    })
}

/// UnlabelParameterVersion: takes the labels off the version; labels it does not carry
/// are answered as invalid.
pub(super) fn unlabel_parameter_version(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let given = text(input, "Name").unwrap_or_default();
    let labels = strings(input, "Labels");
    let number = input
        .get("ParameterVersion")
        .and_then(Value::as_u64)
        .unwrap_or_default();
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let parameter = place.find(region, given)?;
        let version = parameter
            .versions
            .iter_mut()
            .find(|version| version.number == number)
            .ok_or_else(|| error::version_not_found(given, &number.to_string()))?;
        let (removed, invalid): (Vec<String>, Vec<String>) = labels
            .into_iter()
            .partition(|label| version.labels.contains(label));
        version.labels.retain(|label| !removed.contains(label));
        Ok(json!({"RemovedLabels": removed, "InvalidLabels": invalid}))
    })
}

// ---------------------------------------------------------------------------
// Tags.

/// The parameter a tagging request names; a backend holds no other taggable SSM
/// resources, so any other type names nothing.
fn tagged<'r>(
    region: &'r mut Region,
    place: &Place<'_>,
    input: &Value,
) -> Result<&'r mut Parameter, ServiceError> {
    if text(input, "ResourceType") != Some("Parameter") {
        return Err(error::invalid_resource_id());
    }
    let id = text(input, "ResourceId").unwrap_or_default();
    region
        .get_mut(place.key(id))
        .ok_or_else(error::invalid_resource_id)
}

/// AddTagsToResource: adds the tags, replacing the values of keys already there.
pub(super) fn add_tags_to_resource(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let parameter = tagged(region, &place, input)?;
        let tags = tag_pairs(input);
        let added = tags
            .iter()
            .filter(|(key, _)| !parameter.tags.iter().any(|(own, _)| own == key))
            .count();
        if parameter.tags.len() + added > MAX_TAGS {
            return Err(error::too_many_tags());
        }
        for (key, value) in &tags {
            parameter.tag(key, value);
        }
        Ok(json!({}))
    })
}

/// RemoveTagsFromResource: removes the keys (keys not there are ignored).
pub(super) fn remove_tags_from_resource(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let keys = strings(input, "TagKeys");
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let parameter = tagged(region, &place, input)?;
        parameter.tags.retain(|(key, _)| !keys.contains(key));
        Ok(json!({}))
    })
}

/// ListTagsForResource.
pub(super) fn list_tags_for_resource(
    state: &SsmState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let place = Place::of(context);
    state.with_region(place.region, |region| {
        let parameter = tagged(region, &place, input)?;
        let tags: Vec<Value> = parameter
            .tags
            .iter()
            .map(|(key, value)| json!({"Key": key, "Value": value}))
            .collect();
        Ok(json!({"TagList": tags}))
    })
}
