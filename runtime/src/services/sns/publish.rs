//! Publish and PublishBatch: a message checked as SNS checks it (size, subject,
//! `MessageStructure`, message attributes, the FIFO rules), then delivered.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};

use super::delivery::{self, Message, Notification};
use super::error;
use super::filter_policy::Attribute;
use super::input::{required, text};
use super::model::{SnsDelivery, SnsState, Subscription, arn_parts};
use crate::protocol::engine::{Answer, AnswerFuture, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::time::iso8601_millis;
use crate::services::Context;
use crate::services::sqs::{is_batch_entry_id, sha256_hex};

/// The largest message, attributes included (256 KiB); also the largest batch.
const MAXIMUM_MESSAGE_SIZE: usize = 262_144;

/// The most entries a batch may have.
const MAXIMUM_BATCH_ENTRIES: usize = 10;

/// A message as given, checked on its own (before its topic is known).
struct Outgoing {
    subject: Option<String>,
    /// The text published (the JSON text of a structured message).
    text: String,
    message: Message,
    attributes: BTreeMap<String, Attribute>,
    group_id: Option<String>,
    deduplication_id: Option<String>,
}

fn attribute_error(name: &str, rest: &str) -> ServiceError {
    error::parameter_value_invalid(format!("The message attribute '{name}' {rest}"))
}

/// The message attributes, checked by type.
fn attributes(input: &Value) -> Result<BTreeMap<String, Attribute>, ServiceError> {
    let Some(map) = input.get("MessageAttributes").and_then(Value::as_object) else {
        return Ok(BTreeMap::new());
    };
    let mut checked = BTreeMap::new();
    for (name, value) in map {
        let data_type = text(value, "DataType").unwrap_or_default();
        if data_type.is_empty() {
            return Err(attribute_error(
                name,
                "must contain non-empty message attribute type.",
            ));
        }
        let kind = data_type.split('.').next().unwrap_or_default();
        if !["String", "Number", "Binary"].contains(&kind) {
            return Err(attribute_error(
                name,
                "has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
            ));
        }
        let member = if kind == "Binary" {
            "BinaryValue"
        } else {
            "StringValue"
        };
        let value = text(value, member).unwrap_or_default();
        if value.is_empty() {
            return Err(attribute_error(
                name,
                &format!(
                    "must contain non-empty message attribute value for message attribute type '{kind}'."
                ),
            ));
        }
        if kind == "Number" && value.trim().parse::<f64>().is_err() {
            return Err(error::parameter_value_invalid(format!(
                "Could not cast message attribute '{name}' value to number."
            )));
        }
        if data_type == "String.Array" {
            let valid = matches!(
                serde_json::from_str::<Value>(value),
                Ok(Value::Array(items)) if items.iter().all(|item| !item.is_object() && !item.is_array())
            );
            if !valid {
                return Err(attribute_error(
                    name,
                    "of type String.Array must be a JSON array of strings, numbers, true, false or null.",
                ));
            }
        }
        checked.insert(
            name.clone(),
            Attribute {
                data_type: data_type.to_owned(),
                value: value.to_owned(),
            },
        );
    }
    Ok(checked)
}

/// A message's size as SNS counts it: the text and every attribute's name, type and
/// value.
fn size(text: &str, attributes: &BTreeMap<String, Attribute>) -> usize {
    text.len()
        + attributes
            .iter()
            .map(|(name, attribute)| name.len() + attribute.data_type.len() + attribute.value.len())
            .sum::<usize>()
}

fn outgoing(input: &Value) -> Result<Outgoing, ServiceError> {
    let text_value = text(input, "Message").unwrap_or_default();
    if text_value.is_empty() {
        return Err(error::invalid_parameter("Empty message"));
    }
    let subject = text(input, "Subject").map(str::to_owned);
    if let Some(subject) = &subject {
        let valid = !subject.is_empty()
            && subject.chars().count() < 100
            && !subject.chars().any(char::is_control);
        if !valid {
            return Err(error::invalid_parameter("Subject"));
        }
    }
    let message = match text(input, "MessageStructure") {
        None => Message::Text(text_value.to_owned()),
        Some("json") => {
            let parsed: Value = serde_json::from_str(text_value).map_err(|_| {
                error::invalid_parameter("Message Structure - JSON message body failed to parse")
            })?;
            match parsed {
                Value::Object(entries) if entries.get("default").is_some_and(Value::is_string) => {
                    Message::PerProtocol(entries)
                }
                _ => {
                    return Err(error::invalid_parameter(
                        "Message Structure - No default entry in JSON message body",
                    ));
                }
            }
        }
        Some(_) => return Err(error::invalid_parameter("MessageStructure")),
    };
    let attributes = attributes(input)?;
    if size(text_value, &attributes) > MAXIMUM_MESSAGE_SIZE {
        return Err(error::invalid_parameter("Message too long"));
    }
    Ok(Outgoing {
        subject,
        text: text_value.to_owned(),
        message,
        attributes,
        group_id: text(input, "MessageGroupId").map(str::to_owned),
        deduplication_id: text(input, "MessageDeduplicationId").map(str::to_owned),
    })
}

/// Publishes `outgoing` to the topic `topic_arn`: the FIFO rules checked, a message id
/// (and FIFO sequence number) drawn. Answers the notification and the subscriptions to
/// deliver it to.
fn accept(
    state: &SnsState,
    context: &Context<'_>,
    topic_arn: &str,
    outgoing: Outgoing,
) -> Result<(Notification, Vec<Subscription>), ServiceError> {
    let mut resources = state.lock();
    let topic = resources
        .topic_in_mut(topic_arn, &context.route.region)
        .ok_or_else(error::topic_not_found)?;
    let mut deduplication_id = outgoing.deduplication_id;
    let sequence_number = if topic.is_fifo() {
        if outgoing.group_id.is_none() {
            return Err(error::invalid_parameter(
                "The MessageGroupId parameter is required for FIFO topics",
            ));
        }
        if deduplication_id.is_none() {
            if !topic.flag("ContentBasedDeduplication") {
                return Err(error::invalid_parameter(
                    "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
                ));
            }
            deduplication_id = Some(sha256_hex(outgoing.text.as_bytes()));
        }
        Some(topic.take_sequence_number())
    } else {
        if deduplication_id.is_some() {
            return Err(error::invalid_parameter(
                "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type",
            ));
        }
        None
    };
    let notification = Notification {
        topic_arn: topic_arn.to_owned(),
        message_id: context.random.uuid4(),
        sequence_number,
        subject: outgoing.subject,
        message: outgoing.message,
        attributes: outgoing.attributes,
        group_id: outgoing.group_id,
        deduplication_id,
        timestamp: iso8601_millis(context.clock.now()),
    };
    let subscriptions = resources.subscriptions_of(topic_arn).cloned().collect();
    Ok((notification, subscriptions))
}

fn published(notification: &Notification) -> Value {
    let mut output = json!({ "MessageId": notification.message_id });
    if let Some(sequence_number) = &notification.sequence_number {
        output["SequenceNumber"] = json!(sequence_number);
    }
    output
}

/// Whether `number` is an E.164 phone number.
fn is_e164(number: &str) -> bool {
    let digits = number.strip_prefix('+').unwrap_or(number);
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|byte| byte.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A text message to a phone number, recorded (never sent).
fn text_phone(
    state: &SnsState,
    context: &Context<'_>,
    number: &str,
    input: &Value,
) -> Result<Value, ServiceError> {
    if !is_e164(number) {
        return Err(error::invalid_parameter(format!(
            "PhoneNumber Reason: {number} is not valid to publish to"
        )));
    }
    let outgoing = outgoing(input)?;
    let message_id = context.random.uuid4();
    let message = outgoing.message.for_protocol("sms", number);
    state.lock().deliveries.push(SnsDelivery {
        topic_arn: String::new(),
        subscription_arn: String::new(),
        protocol: "sms".into(),
        endpoint: number.to_owned(),
        message_type: "Notification".into(),
        message_id: message_id.clone(),
        subject: outgoing.subject,
        body: message.clone(),
        message,
    });
    Ok(json!({ "MessageId": message_id }))
}

/// Publish: to a topic (`TopicArn`, or `TargetArn` naming one) or a phone number.
pub(super) fn publish<'a>(
    state: &'a SnsState,
    context: &'a Context<'a>,
    input: Input<'a>,
) -> AnswerFuture<'a> {
    Box::pin(async move { publish_input(state, context, &input.value).await })
}

/// Publish's work on its decoded input: also how EventBridge publishes to its SNS
/// targets.
pub(super) async fn publish_input(
    state: &SnsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let topic_arn = text(input, "TopicArn");
    let target_arn = text(input, "TargetArn");
    let target = match (topic_arn, target_arn, text(input, "PhoneNumber")) {
        (Some(_), Some(_), _) => {
            return Err(error::invalid_parameter(
                "TopicArn Reason: Only one of TopicArn or TargetArn may be specified",
            ));
        }
        (Some(arn), None, _) | (None, Some(arn), _) => arn,
        (None, None, Some(number)) => return text_phone(state, context, number, input),
        (None, None, None) => {
            return Err(error::invalid_parameter(
                "TopicArn or TargetArn Reason: no value for required parameter",
            ));
        }
    };
    if arn_parts(target).is_some_and(|(_, _, _, rest)| rest.starts_with("endpoint/")) {
        return Err(error::not_found("Endpoint does not exist"));
    }
    let outgoing = outgoing(input)?;
    let (notification, subscriptions) = accept(state, context, target, outgoing)?;
    delivery::deliver(state, context, &notification, &subscriptions).await;
    Ok(published(&notification))
}

/// The batch's entries, checked as a whole.
fn batch_entries(input: &Value) -> Result<Vec<Value>, ServiceError> {
    let entries = input
        .get("PublishBatchRequestEntries")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if entries.is_empty() {
        return Err(error::empty_batch_request());
    }
    if entries.len() > MAXIMUM_BATCH_ENTRIES {
        return Err(error::too_many_entries_in_batch_request());
    }
    let mut ids = HashSet::new();
    for entry in &entries {
        let id = text(entry, "Id").unwrap_or_default();
        if !is_batch_entry_id(id) {
            return Err(error::invalid_batch_entry_id());
        }
        if !ids.insert(id) {
            return Err(error::batch_entry_ids_not_distinct());
        }
    }
    let total: usize = entries
        .iter()
        .map(|entry| text(entry, "Message").map_or(0, str::len))
        .sum();
    if total > MAXIMUM_MESSAGE_SIZE {
        return Err(error::batch_request_too_long());
    }
    Ok(entries)
}

/// PublishBatch: up to ten messages to one topic; an entry's error fails that entry only.
pub(super) fn publish_batch<'a>(
    state: &'a SnsState,
    context: &'a Context<'a>,
    input: Input<'a>,
) -> AnswerFuture<'a> {
    Box::pin(async move {
        let input = &input.value;
        let topic_arn = required(input, "TopicArn")?;
        if state
            .lock()
            .topic_in(topic_arn, &context.route.region)
            .is_none()
        {
            return Err(error::topic_not_found());
        }
        let entries = batch_entries(input)?;
        let mut successful = Vec::new();
        let mut failed = Vec::new();
        for entry in &entries {
            let id = text(entry, "Id").unwrap_or_default();
            let accepted =
                outgoing(entry).and_then(|outgoing| accept(state, context, topic_arn, outgoing));
            match accepted {
                Ok((notification, subscriptions)) => {
                    delivery::deliver(state, context, &notification, &subscriptions).await;
                    let mut output = published(&notification);
                    output["Id"] = json!(id);
                    successful.push(output);
                }
                Err(failure) => failed.push(json!({
                    "Id": id,
                    "Code": failure.code,
                    "Message": failure.message,
                    "SenderFault": !failure.status.is_server_error(),
                })),
            }
        }
        Ok(json!({ "Successful": successful, "Failed": failed }))
    })
}
