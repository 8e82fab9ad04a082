//! Log groups: creation and deletion, listing, retention, KMS keys and tags.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::error;
use super::input::{number, string_map, strings, text};
use super::model::{LogGroup, LogsState, Region, millis};
use super::names::{self, check_group, group_arn};
use super::paging;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The retention periods AWS allows, in days.
pub(super) const RETENTION_DAYS: &[i64] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];
/// DescribeLogGroups' page when no limit is given (also its greatest).
const GROUP_PAGE: usize = 50;

/// The group named `name`, to change.
pub(super) fn group_mut<'r>(
    region: &'r mut Region,
    name: &str,
) -> Result<&'r mut LogGroup, ServiceError> {
    region
        .groups
        .get_mut(name)
        .ok_or_else(error::group_not_found)
}

fn required<'a>(input: &'a Value, name: &str) -> &'a str {
    // The engine has checked required members are present.
    text(input, name).unwrap_or_default()
}

pub(super) fn create_log_group(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let name = required(&input, "logGroupName");
    check_group(name, "logGroupName")?;
    let group = LogGroup {
        name: name.to_owned(),
        created: millis(context.clock.now()),
        retention: None,
        kms_key: text(&input, "kmsKeyId").map(str::to_owned),
        class: text(&input, "logGroupClass")
            .unwrap_or("STANDARD")
            .to_owned(),
        tags: string_map(&input, "tags").into_iter().collect(),
        streams: BTreeMap::new(),
        subscriptions: Vec::new(),
    };
    state.with_region(&context.route.region, |region| {
        if region.groups.contains_key(name) {
            return Err(error::group_exists());
        }
        region.groups.insert(name.to_owned(), group);
        Ok(json!({}))
    })
}

pub(super) fn delete_log_group(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = required(&input.value, "logGroupName");
    state.with_region(&context.route.region, |region| {
        region
            .groups
            .remove(name)
            .ok_or_else(error::group_not_found)?;
        region.metric_filters.retain(|(group, _), _| group != name);
        Ok(json!({}))
    })
}

/// A group as DescribeLogGroups answers it (only the name, ARN and creation time when
/// the request gave a name pattern, as AWS documents).
fn group_json(context: &Context<'_>, region: &Region, group: &LogGroup, brief: bool) -> Value {
    let arn = group_arn(&context.route.region, context.account_id, &group.name);
    let mut out = Map::new();
    out.insert("logGroupName".into(), json!(group.name));
    out.insert("creationTime".into(), json!(group.created));
    if !brief {
        if let Some(days) = group.retention {
            out.insert("retentionInDays".into(), json!(days));
        }
        let filters = region
            .metric_filters
            .keys()
            .filter(|(owner, _)| *owner == group.name)
            .count();
        out.insert("metricFilterCount".into(), json!(filters));
    }
    out.insert("arn".into(), json!(format!("{arn}:*")));
    if !brief {
        let bytes: usize = group.streams.values().map(|stream| stream.bytes()).sum();
        out.insert("storedBytes".into(), json!(bytes));
        if let Some(key) = &group.kms_key {
            out.insert("kmsKeyId".into(), json!(key));
        }
        out.insert("logGroupClass".into(), json!(group.class));
        out.insert("logGroupArn".into(), json!(arn));
    }
    Value::Object(out)
}

pub(super) fn describe_log_groups(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let prefix = text(&input, "logGroupNamePrefix");
    let pattern = text(&input, "logGroupNamePattern");
    if prefix.is_some() && pattern.is_some() {
        return Err(error::invalid(
            "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
        ));
    }
    let class = text(&input, "logGroupClass");
    let limit = number(&input, "limit").map_or(GROUP_PAGE, |limit| limit.max(1) as usize);
    let identifiers = strings(&input, "logGroupIdentifiers");
    state.with_region(&context.route.region, |region| {
        let groups: Vec<Value> = region
            .groups
            .values()
            .filter(|group| prefix.is_none_or(|prefix| group.name.starts_with(prefix)))
            .filter(|group| pattern.is_none_or(|pattern| group.name.contains(pattern)))
            .filter(|group| class.is_none_or(|class| group.class == class))
            .filter(|group| {
                identifiers.is_empty()
                    || identifiers.iter().any(|identifier| {
                        identifier == &group.name
                            || names::group_of_arn(identifier) == Some(group.name.as_str())
                    })
            })
            .map(|group| group_json(context, region, group, pattern.is_some()))
            .collect();
        paging::listing("logGroups", groups, limit, &input)
    })
}

/// Runs `change` on the group the input's `logGroupName` names.
fn on_group(
    state: &LogsState,
    context: &Context<'_>,
    input: &Value,
    change: impl FnOnce(&mut LogGroup) -> Result<Value, ServiceError>,
) -> Answer {
    let name = required(input, "logGroupName");
    state.with_region(&context.route.region, |region| {
        change(group_mut(region, name)?)
    })
}

pub(super) fn put_retention_policy(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let days = number(&input, "retentionInDays").unwrap_or_default();
    if !RETENTION_DAYS.contains(&days) {
        let allowed: Vec<String> = RETENTION_DAYS.iter().map(i64::to_string).collect();
        return Err(error::constraint(
            "retentionInDays",
            &days.to_string(),
            &format!(
                "Member must satisfy enum value set: [{}]",
                allowed.join(", ")
            ),
        ));
    }
    on_group(state, context, &input, |group| {
        group.retention = Some(days);
        Ok(json!({}))
    })
}

pub(super) fn delete_retention_policy(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    on_group(state, context, &input.value, |group| {
        group.retention = None;
        Ok(json!({}))
    })
}

/// AssociateKmsKey and DisassociateKmsKey name a log group here; their other target,
/// the account's query results, is not emulated.
fn check_key_target(input: &Value) -> Result<(), ServiceError> {
    if text(input, "logGroupName").is_none() {
        return Err(error::invalid(
            "Specify either logGroupName or resourceIdentifier, but not both.",
        ));
    }
    Ok(())
}

pub(super) fn associate_kms_key(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    check_key_target(&input)?;
    let key = required(&input, "kmsKeyId").to_owned();
    on_group(state, context, &input, |group| {
        group.kms_key = Some(key);
        Ok(json!({}))
    })
}

pub(super) fn disassociate_kms_key(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    check_key_target(&input)?;
    on_group(state, context, &input, |group| {
        group.kms_key = None;
        Ok(json!({}))
    })
}

pub(super) fn tag_log_group(state: &LogsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = input.value;
    on_group(state, context, &input, |group| {
        group.tags.extend(string_map(&input, "tags"));
        Ok(json!({}))
    })
}

pub(super) fn untag_log_group(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    on_group(state, context, &input, |group| {
        for key in strings(&input, "tags") {
            group.tags.remove(&key);
        }
        Ok(json!({}))
    })
}

pub(super) fn list_tags_log_group(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    on_group(state, context, &input.value, |group| {
        Ok(json!({"tags": group.tags}))
    })
}

/// Runs `change` on the group the input's `resourceArn` names.
fn on_arn(
    state: &LogsState,
    context: &Context<'_>,
    input: &Value,
    change: impl FnOnce(&mut LogGroup) -> Value,
) -> Answer {
    let arn = required(input, "resourceArn");
    let name = names::group_of_arn(arn).ok_or_else(|| {
        error::invalid(format!("Invalid ARN or resource type not supported: {arn}"))
    })?;
    state.with_region(&context.route.region, |region| {
        Ok(change(group_mut(region, name)?))
    })
}

pub(super) fn tag_resource(state: &LogsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = input.value;
    on_arn(state, context, &input, |group| {
        group.tags.extend(string_map(&input, "tags"));
        json!({})
    })
}

pub(super) fn untag_resource(state: &LogsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = input.value;
    on_arn(state, context, &input, |group| {
        for key in strings(&input, "tagKeys") {
            group.tags.remove(&key);
        }
        json!({})
    })
}

pub(super) fn list_tags_for_resource(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    on_arn(
        state,
        context,
        &input.value,
        |group| json!({"tags": group.tags}),
    )
}
