//! Metric filters and subscription filters: stored with their patterns checked.
//! Matching events are not delivered to subscription destinations (no gzip encoder is
//! in the dependency tree for the `awslogs` payload).

use serde_json::{Map, Value, json};

use super::error;
use super::groups::group_mut;
use super::input::{number, text};
use super::model::{LogsState, MetricFilter, SubscriptionFilter, millis};
use super::paging;
use super::pattern;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The subscription filters one log group can have.
const MAX_SUBSCRIPTIONS: usize = 2;
/// The describe operations' page when no limit is given.
const FILTER_PAGE: usize = 50;

fn checked_pattern(input: &Value, kind: &str) -> Result<String, ServiceError> {
    let text = text(input, "filterPattern").unwrap_or_default();
    pattern::parse(text).map_err(|_| error::invalid_pattern(kind))?;
    Ok(text.to_owned())
}

fn limit(input: &Value) -> usize {
    number(input, "limit").map_or(FILTER_PAGE, |limit| limit.max(1) as usize)
}

pub(super) fn put_metric_filter(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group = text(&input, "logGroupName").unwrap_or_default().to_owned();
    let name = text(&input, "filterName").unwrap_or_default().to_owned();
    let pattern = checked_pattern(&input, "metric filter")?;
    let transformations = input
        .get("metricTransformations")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    let created = millis(context.clock.now());
    state.with_region(&context.route.region, |region| {
        group_mut(region, &group)?;
        let key = (group.clone(), name.clone());
        let created = region
            .metric_filters
            .get(&key)
            .map_or(created, |existing| existing.created);
        region.metric_filters.insert(
            key,
            MetricFilter {
                name,
                group,
                pattern,
                transformations,
                created,
            },
        );
        Ok(json!({}))
    })
}

/// Whether one of the filter's transformations has `member` equal to `wanted`.
fn transforms_into(filter: &MetricFilter, member: &str, wanted: &str) -> bool {
    filter
        .transformations
        .as_array()
        .is_some_and(|list| list.iter().any(|item| text(item, member) == Some(wanted)))
}

pub(super) fn describe_metric_filters(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group = text(&input, "logGroupName");
    // AWS reads the prefix only together with a log group.
    let prefix = group.and(text(&input, "filterNamePrefix"));
    let metric_name = text(&input, "metricName");
    let namespace = text(&input, "metricNamespace");
    if metric_name.is_some() && namespace.is_none() {
        return Err(error::invalid(
            "If you include the metricName parameter in your request, you must also include the metricNamespace parameter.",
        ));
    }
    state.with_region(&context.route.region, |region| {
        if let Some(group) = group {
            group_mut(region, group)?;
        }
        let filters: Vec<Value> = region
            .metric_filters
            .values()
            .filter(|filter| group.is_none_or(|group| filter.group == group))
            .filter(|filter| prefix.is_none_or(|prefix| filter.name.starts_with(prefix)))
            .filter(|filter| {
                metric_name.is_none_or(|name| transforms_into(filter, "metricName", name))
            })
            .filter(|filter| {
                namespace
                    .is_none_or(|namespace| transforms_into(filter, "metricNamespace", namespace))
            })
            .map(|filter| {
                json!({
                    "filterName": filter.name,
                    "filterPattern": filter.pattern,
                    "metricTransformations": filter.transformations,
                    "creationTime": filter.created,
                    "logGroupName": filter.group,
                })
            })
            .collect();
        paging::listing("metricFilters", filters, limit(&input), &input)
    })
}

pub(super) fn delete_metric_filter(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group = text(&input, "logGroupName").unwrap_or_default().to_owned();
    let name = text(&input, "filterName").unwrap_or_default().to_owned();
    state.with_region(&context.route.region, |region| {
        group_mut(region, &group)?;
        region
            .metric_filters
            .remove(&(group, name))
            .ok_or_else(error::metric_filter_not_found)?;
        Ok(json!({}))
    })
}

/// Checks what AWS checks of a destination this backend holds: a Lambda function must
/// exist. Other destinations (Kinesis, Firehose, Logs destinations) are taken as given.
fn check_destination(context: &Context<'_>, arn: &str) -> Result<(), ServiceError> {
    let service = arn.split(':').nth(2).unwrap_or_default();
    if service == "lambda"
        && !context
            .services
            .lambda()
            .has_function(&context.route.region, context.account_id, arn)
    {
        return Err(error::invalid(
            "Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function.",
        ));
    }
    Ok(())
}

pub(super) fn put_subscription_filter(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group = text(&input, "logGroupName").unwrap_or_default();
    let name = text(&input, "filterName").unwrap_or_default();
    let pattern = checked_pattern(&input, "subscription filter")?;
    let destination = text(&input, "destinationArn")
        .unwrap_or_default()
        .to_owned();
    let filter = SubscriptionFilter {
        name: name.to_owned(),
        pattern,
        destination,
        role: text(&input, "roleArn").map(str::to_owned),
        distribution: text(&input, "distribution")
            .unwrap_or("ByLogStream")
            .to_owned(),
        created: millis(context.clock.now()),
    };
    state.with_region(&context.route.region, |region| {
        let group = group_mut(region, group)?;
        if let Some(existing) = group.subscriptions.iter_mut().find(|own| own.name == name) {
            check_destination(context, &filter.destination)?;
            *existing = SubscriptionFilter {
                created: existing.created,
                ..filter
            };
            return Ok(json!({}));
        }
        if group.subscriptions.len() >= MAX_SUBSCRIPTIONS {
            return Err(error::limit_exceeded());
        }
        check_destination(context, &filter.destination)?;
        group.subscriptions.push(filter);
        Ok(json!({}))
    })
}

pub(super) fn describe_subscription_filters(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group_name = text(&input, "logGroupName").unwrap_or_default();
    let prefix = text(&input, "filterNamePrefix");
    state.with_region(&context.route.region, |region| {
        let group = group_mut(region, group_name)?;
        let filters: Vec<Value> = group
            .subscriptions
            .iter()
            .filter(|filter| prefix.is_none_or(|prefix| filter.name.starts_with(prefix)))
            .map(|filter| {
                let mut out = Map::new();
                out.insert("filterName".into(), json!(filter.name));
                out.insert("logGroupName".into(), json!(group.name));
                out.insert("filterPattern".into(), json!(filter.pattern));
                out.insert("destinationArn".into(), json!(filter.destination));
                if let Some(role) = &filter.role {
                    out.insert("roleArn".into(), json!(role));
                }
                out.insert("distribution".into(), json!(filter.distribution));
                out.insert("creationTime".into(), json!(filter.created));
                Value::Object(out)
            })
            .collect();
        paging::listing("subscriptionFilters", filters, limit(&input), &input)
    })
}

pub(super) fn delete_subscription_filter(
    state: &LogsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = input.value;
    let group = text(&input, "logGroupName").unwrap_or_default();
    let name = text(&input, "filterName").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        let group = group_mut(region, group)?;
        let before = group.subscriptions.len();
        group.subscriptions.retain(|filter| filter.name != name);
        if group.subscriptions.len() == before {
            return Err(error::subscription_filter_not_found());
        }
        Ok(json!({}))
    })
}
