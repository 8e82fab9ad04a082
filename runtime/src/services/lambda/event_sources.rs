//! Event source mappings: the queues, streams and topics a function reads from. They are
//! stored and answered as Lambda does; mappings from SQS queues of this backend run
//! their functions (`queue_polling`), other sources are never read.

use serde_json::{Map, Value, json};

use super::error;
use super::functions::{arn_of, find};
use super::input::{flag, string_map, text};
use super::model::{EventSourceMapping, LambdaState};
use super::names::{self, FunctionRef};
use super::paging::page;
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// ListEventSourceMappings' default page.
const LIST_PAGE: usize = 100;

/// Members of a request that are not settings of the mapping itself.
const NOT_SETTINGS: [&str; 4] = ["FunctionName", "Enabled", "Tags", "UUID"];

/// The service of an event source's ARN (`sqs`, `kinesis`, `dynamodb`, `kafka`, ...).
fn source_service(arn: &str) -> &str {
    arn.split(':').nth(2).unwrap_or_default()
}

/// Streams, read from a position.
fn is_stream(service: &str) -> bool {
    matches!(service, "kinesis" | "dynamodb")
}

/// Lambda's defaults for a mapping of `service`.
fn defaults(service: &str) -> Map<String, Value> {
    let mut settings = Map::new();
    let batch_size = if service == "sqs" { 10 } else { 100 };
    settings.insert("BatchSize".into(), json!(batch_size));
    settings.insert("MaximumBatchingWindowInSeconds".into(), json!(0));
    settings.insert("FunctionResponseTypes".into(), json!([]));
    if is_stream(service) {
        settings.insert("ParallelizationFactor".into(), json!(1));
        settings.insert("MaximumRecordAgeInSeconds".into(), json!(-1));
        settings.insert("BisectBatchOnFunctionError".into(), json!(false));
        settings.insert("MaximumRetryAttempts".into(), json!(-1));
        settings.insert("TumblingWindowInSeconds".into(), json!(0));
        settings.insert("DestinationConfig".into(), json!({"OnFailure": {}}));
    }
    settings
}

/// The request's members that configure the mapping.
fn settings_of(input: &Value) -> Map<String, Value> {
    input
        .as_object()
        .map(|members| {
            members
                .iter()
                .filter(|(name, _)| !NOT_SETTINGS.contains(&name.as_str()))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Every filter of the request's `FilterCriteria` must be an event pattern.
fn check_filters(input: &Value) -> Result<(), ServiceError> {
    let filters = input
        .get("FilterCriteria")
        .and_then(|criteria| criteria.get("Filters"))
        .and_then(Value::as_array);
    for filter in filters.into_iter().flatten() {
        let pattern = filter
            .get("Pattern")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if crate::services::sns::pattern_matches(pattern, &json!({})).is_none() {
            return Err(error::invalid_parameter(
                "Invalid filter pattern definition.",
            ));
        }
    }
    Ok(())
}

/// The function a mapping request names; a qualifier it carries must exist.
fn mapped_function(
    region: &super::model::Region,
    requested: &FunctionRef,
    context: &Context<'_>,
) -> Result<String, ServiceError> {
    let function = find(region, requested, context)?;
    if let Some(qualifier) = requested.qualifier.as_deref()
        && !function.has_qualifier(qualifier)
    {
        return Err(error::function_not_found(&arn_of(requested, context)));
    }
    Ok(arn_of(requested, context))
}

/// What every mapping operation answers, in the state `state` (the state the mapping is
/// moving to, for the writes: `Creating`, `Updating`, `Deleting`).
fn mapping_json(context: &Context<'_>, mapping: &EventSourceMapping, state: &str) -> Value {
    let mut out = mapping.settings.clone();
    out.insert("UUID".into(), json!(mapping.uuid));
    out.insert(
        "EventSourceMappingArn".into(),
        json!(names::event_source_mapping_arn(
            &context.route.region,
            context.account_id,
            &mapping.uuid
        )),
    );
    out.insert("FunctionArn".into(), json!(mapping.function_arn));
    out.insert(
        "LastModified".into(),
        seconds_value(epoch_seconds(mapping.last_modified)),
    );
    out.insert(
        "LastProcessingResult".into(),
        json!(
            mapping
                .last_processing_result
                .as_deref()
                .unwrap_or("No records processed")
        ),
    );
    out.insert("State".into(), json!(state));
    out.insert("StateTransitionReason".into(), json!("USER_INITIATED"));
    Value::Object(out)
}

/// The state a stored mapping is in.
fn settled(mapping: &EventSourceMapping) -> &'static str {
    if mapping.enabled {
        "Enabled"
    } else {
        "Disabled"
    }
}

/// CreateEventSourceMapping. Draws the UUID.
pub(super) fn create_event_source_mapping(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let requested = names::parse(
        text(input, "FunctionName").unwrap_or_default(),
        context.account_id,
    )?;
    let source = text(input, "EventSourceArn");
    if source.is_none() && input.get("SelfManagedEventSource").is_none() {
        return Err(error::invalid_parameter(
            "Unrecognized event source: give EventSourceArn, or SelfManagedEventSource for a self-managed Apache Kafka cluster.",
        ));
    }
    check_filters(input)?;
    let service = source.map_or("kafka", source_service);
    if is_stream(service) && text(input, "StartingPosition").is_none() {
        return Err(error::invalid_parameter(
            "StartingPosition is required for Kinesis and DynamoDB Streams event sources.",
        ));
    }
    let now = context.clock.now();
    state.with_region(&context.route.region, |region| {
        let function_arn = mapped_function(region, &requested, context)?;
        if let Some(source) = source
            && let Some(existing) = region.event_source_mappings.values().find(|mapping| {
                mapping.function_arn == function_arn
                    && mapping.settings.get("EventSourceArn") == Some(&json!(source))
            })
        {
            return Err(error::conflict(format!(
                "An event source mapping with {} arn (\" {source} \") and function (\" {} \") already exists. Please update or delete the existing mapping with UUID {}",
                service.to_ascii_uppercase(),
                requested.name,
                existing.uuid
            )));
        }
        let mut settings = defaults(service);
        settings.extend(settings_of(input));
        region.mappings_created += 1;
        let mapping = EventSourceMapping {
            uuid: context.random.uuid4(),
            sequence: region.mappings_created,
            function_arn,
            enabled: flag(input, "Enabled").unwrap_or(true),
            settings,
            last_modified: now,
            last_processing_result: None,
            tags: string_map(input.get("Tags")),
        };
        let output = mapping_json(context, &mapping, "Creating");
        region
            .event_source_mappings
            .insert(mapping.uuid.clone(), mapping);
        Ok(output)
    })
}

/// GetEventSourceMapping.
pub(super) fn get_event_source_mapping(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let uuid = text(&input.value, "UUID").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        let mapping = region
            .event_source_mappings
            .get(uuid)
            .ok_or_else(error::resource_not_found)?;
        Ok(mapping_json(context, mapping, settled(mapping)))
    })
}

/// UpdateEventSourceMapping: its function, whether it is enabled, and its settings.
pub(super) fn update_event_source_mapping(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let uuid = text(input, "UUID").unwrap_or_default();
    let requested = text(input, "FunctionName")
        .map(|name| names::parse(name, context.account_id))
        .transpose()?;
    check_filters(input)?;
    let now = context.clock.now();
    state.with_region(&context.route.region, |region| {
        let function_arn = requested
            .as_ref()
            .map(|requested| mapped_function(region, requested, context))
            .transpose()?;
        let mapping = region
            .event_source_mappings
            .get_mut(uuid)
            .ok_or_else(error::resource_not_found)?;
        if let Some(function_arn) = function_arn {
            mapping.function_arn = function_arn;
        }
        if let Some(enabled) = flag(input, "Enabled") {
            mapping.enabled = enabled;
        }
        mapping.settings.extend(settings_of(input));
        mapping.last_modified = now;
        Ok(mapping_json(context, mapping, "Updating"))
    })
}

/// DeleteEventSourceMapping.
pub(super) fn delete_event_source_mapping(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let uuid = text(&input.value, "UUID").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        let mapping = region
            .event_source_mappings
            .remove(uuid)
            .ok_or_else(error::resource_not_found)?;
        Ok(mapping_json(context, &mapping, "Deleting"))
    })
}

/// ListEventSourceMappings: in creation order, only those of `EventSourceArn` and
/// `FunctionName` when given, paged.
pub(super) fn list_event_source_mappings(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let source = text(input, "EventSourceArn");
    let function = text(input, "FunctionName")
        .map(|name| names::parse(name, context.account_id))
        .transpose()?;
    let mut items = state.with_region(&context.route.region, |region| {
        region
            .event_source_mappings
            .values()
            .filter(|mapping| {
                source.is_none_or(|source| {
                    mapping.settings.get("EventSourceArn") == Some(&json!(source))
                })
            })
            .filter(|mapping| {
                function.as_ref().is_none_or(|function| {
                    let arn = arn_of(function, context);
                    mapping.function_arn == arn
                        || (function.qualifier.is_none()
                            && mapping.function_arn.starts_with(&format!("{arn}:")))
                })
            })
            .map(|mapping| {
                (
                    format!("{:020}", mapping.sequence),
                    mapping_json(context, mapping, settled(mapping)),
                )
            })
            .collect::<Vec<_>>()
    });
    // Keys are creation order.
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let max_items = input.get("MaxItems").and_then(Value::as_u64);
    let (mappings, next) = page(items, text(input, "Marker"), max_items, LIST_PAGE)?;
    let mut output = json!({"EventSourceMappings": mappings});
    if let Some(next) = next {
        output["NextMarker"] = json!(next);
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_depend_on_the_source() {
        assert_eq!(
            source_service("arn:aws:sqs:us-east-1:123456789012:jobs"),
            "sqs"
        );
        assert_eq!(defaults("sqs")["BatchSize"], 10);
        assert!(defaults("sqs").get("ParallelizationFactor").is_none());
        let stream = defaults("kinesis");
        assert_eq!(stream["BatchSize"], 100);
        assert_eq!(stream["MaximumRetryAttempts"], -1);
    }
}
