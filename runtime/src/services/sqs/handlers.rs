//! One function per SQS operation, on JSON-shaped input and output.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::error;
use super::model::{AttributeValue, Message, Queue, SqsState, md5_of_attributes, md5_of_body};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_millis;
use crate::services::Context;

type Answer = Result<Value, ServiceError>;

/// The queue attributes a caller may set, and their allowed ranges where numeric.
const SETTABLE: [(&str, Option<(u64, u64)>); 15] = [
    ("DelaySeconds", Some((0, 900))),
    ("MaximumMessageSize", Some((1024, 262_144))),
    ("MessageRetentionPeriod", Some((60, 1_209_600))),
    ("ReceiveMessageWaitTimeSeconds", Some((0, 20))),
    ("VisibilityTimeout", Some((0, 43_200))),
    ("Policy", None),
    ("RedrivePolicy", None),
    ("RedriveAllowPolicy", None),
    ("FifoQueue", None),
    ("ContentBasedDeduplication", None),
    ("KmsMasterKeyId", None),
    ("KmsDataKeyReusePeriodSeconds", Some((60, 86_400))),
    ("SqsManagedSseEnabled", None),
    ("DeduplicationScope", None),
    ("FifoThroughputLimit", None),
];

/// Attributes computed from the queue's state.
const COMPUTED: [&str; 6] = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
];

/// How often a long poll looks again (a virtual clock may have been moved meanwhile).
const LONG_POLL_TICK: Duration = Duration::from_millis(50);

// ---------------------------------------------------------------------------
// Reading input.

fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

fn required<'a>(input: &'a Value, name: &str) -> Result<&'a str, ServiceError> {
    text(input, name).ok_or_else(|| error::missing_parameter(name))
}

/// A whole number given as a JSON number or a string (the query protocol's form).
fn number(input: &Value, name: &str) -> Result<Option<u64>, ServiceError> {
    match input.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => number.as_u64().map(Some).ok_or_else(|| {
            error::invalid_parameter_value(format!("Value for parameter {name} is invalid."))
        }),
        Some(Value::String(text)) => text.parse().map(Some).map_err(|_| {
            error::invalid_parameter_value(format!("Value {text} for parameter {name} is invalid."))
        }),
        Some(_) => Err(error::invalid_parameter_value(format!(
            "Value for parameter {name} is invalid."
        ))),
    }
}

fn string_map(input: &Value, names: &[&str]) -> BTreeMap<String, String> {
    names
        .iter()
        .find_map(|name| input.get(*name).and_then(Value::as_object))
        .map(|map| {
            map.iter()
                .map(|(key, value)| {
                    (
                        key.clone(),
                        value
                            .as_str()
                            .map_or_else(|| value.to_string(), str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn string_list(input: &Value, name: &str) -> Vec<String> {
    input
        .get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn message_attributes(input: &Value) -> Result<BTreeMap<String, AttributeValue>, ServiceError> {
    let Some(map) = input.get("MessageAttributes").and_then(Value::as_object) else {
        return Ok(BTreeMap::new());
    };
    map.iter()
        .map(|(name, value)| {
            let data_type = text(value, "DataType")
                .ok_or_else(|| error::invalid_parameter_value(format!("The message attribute '{name}' must contain non-empty message attribute type.")))?;
            let binary_value = match text(value, "BinaryValue") {
                Some(encoded) => Some(STANDARD.decode(encoded).map_err(|_| {
                    error::invalid_parameter_value(format!("The message attribute '{name}' has an invalid binary value."))
                })?),
                None => None,
            };
            let string_value = text(value, "StringValue").map(str::to_owned);
            if string_value.is_none() && binary_value.is_none() {
                return Err(error::invalid_parameter_value(format!(
                    "The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{data_type}'."
                )));
            }
            Ok((
                name.clone(),
                AttributeValue {
                    data_type: data_type.to_owned(),
                    string_value,
                    binary_value,
                },
            ))
        })
        .collect()
}

/// The queue a `QueueUrl` names: its last path segment, in the request's region. The
/// host is ignored, since fixtures spell it `localhost:5000`.
fn queue_key(context: &Context<'_>, input: &Value) -> Result<(String, String), ServiceError> {
    let url = required(input, "QueueUrl")?;
    let name = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    Ok((context.route.region.clone(), name.to_owned()))
}

fn queue_url(context: &Context<'_>, name: &str) -> String {
    format!("{}/{}/{name}", context.origin, context.account_id)
}

fn with_queue<T>(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
    act: impl FnOnce(&mut Queue, SystemTime) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let key = queue_key(context, input)?;
    let now = context.clock.now();
    let mut queues = state.lock();
    let queue = queues
        .get_mut(&key)
        .ok_or_else(error::queue_does_not_exist)?;
    queue.expire(now);
    act(queue, now)
}

fn checked_attributes(
    attributes: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, ServiceError> {
    for (name, value) in &attributes {
        let Some((_, range)) = SETTABLE.iter().find(|(known, _)| known == name) else {
            return Err(error::invalid_attribute_name(name));
        };
        if let Some((low, high)) = range {
            let valid = value
                .parse::<u64>()
                .is_ok_and(|number| (*low..=*high).contains(&number));
            if !valid {
                return Err(error::invalid_attribute_value(name));
            }
        }
    }
    Ok(attributes)
}

// ---------------------------------------------------------------------------
// Queues.

pub(super) fn create_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let name = required(input, "QueueName")?;
    let attributes = checked_attributes(string_map(input, &["Attributes"]))?;
    let fifo = attributes
        .get("FifoQueue")
        .is_some_and(|value| value == "true");
    let stem = name.strip_suffix(".fifo").unwrap_or(name);
    let valid_name = !stem.is_empty()
        && name.len() <= 80
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && fifo == name.ends_with(".fifo");
    if !valid_name {
        return Err(error::invalid_parameter_value(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length; \
             FIFO queue names end in .fifo and only FIFO queues may",
        ));
    }
    let tags = string_map(input, &["tags", "Tags"]);
    let key = (context.route.region.clone(), name.to_owned());
    let now = context.clock.now();
    let mut queues = state.lock();
    if let Some(existing) = queues.get(&key) {
        let differs = attributes
            .iter()
            .find(|(attribute, value)| existing.attributes.get(*attribute) != Some(*value));
        if let Some((attribute, _)) = differs {
            return Err(error::queue_name_exists(attribute));
        }
    } else {
        queues.insert(key, Queue::new(name.to_owned(), attributes, tags, now));
    }
    Ok(json!({ "QueueUrl": queue_url(context, name) }))
}

pub(super) fn get_queue_url(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let name = required(input, "QueueName")?;
    let key = (context.route.region.clone(), name.to_owned());
    if !state.lock().contains_key(&key) {
        return Err(error::queue_does_not_exist());
    }
    Ok(json!({ "QueueUrl": queue_url(context, name) }))
}

pub(super) fn list_queues(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let prefix = text(input, "QueueNamePrefix").unwrap_or_default();
    let limit = number(input, "MaxResults")?.map(|n| n as usize);
    let after = text(input, "NextToken")
        .map(|token| {
            STANDARD
                .decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| error::invalid_parameter_value("Invalid NextToken"))
        })
        .transpose()?;
    let queues = state.lock();
    let names: Vec<&String> = queues
        .keys()
        .filter(|(region, name)| *region == context.route.region && name.starts_with(prefix))
        .map(|(_, name)| name)
        .filter(|name| after.as_deref().is_none_or(|after| name.as_str() > after))
        .collect();
    let (page, more) = match limit {
        Some(limit) if names.len() > limit => (&names[..limit], true),
        _ => (&names[..], false),
    };
    let mut output = Map::new();
    if !page.is_empty() {
        output.insert(
            "QueueUrls".into(),
            json!(
                page.iter()
                    .map(|name| queue_url(context, name))
                    .collect::<Vec<_>>()
            ),
        );
    }
    if more && let Some(last) = page.last() {
        output.insert("NextToken".into(), json!(STANDARD.encode(last.as_bytes())));
    }
    Ok(Value::Object(output))
}

pub(super) fn delete_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let key = queue_key(context, input)?;
    state
        .lock()
        .remove(&key)
        .ok_or_else(error::queue_does_not_exist)?;
    Ok(json!({}))
}

pub(super) fn get_queue_attributes(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let wanted = string_list(input, "AttributeNames");
    let region = context.route.region.clone();
    with_queue(state, context, input, |queue, now| {
        let mut all = queue.attributes.clone();
        let visible = queue
            .messages
            .iter()
            .filter(|m| m.visible_at <= now)
            .count();
        let in_flight = queue
            .messages
            .iter()
            .filter(|m| m.visible_at > now && m.receive_count > 0)
            .count();
        let delayed = queue
            .messages
            .iter()
            .filter(|m| m.visible_at > now && m.receive_count == 0)
            .count();
        let seconds = |instant: SystemTime| (epoch_millis(instant) / 1000).to_string();
        all.insert("ApproximateNumberOfMessages".into(), visible.to_string());
        all.insert(
            "ApproximateNumberOfMessagesNotVisible".into(),
            in_flight.to_string(),
        );
        all.insert(
            "ApproximateNumberOfMessagesDelayed".into(),
            delayed.to_string(),
        );
        all.insert("CreatedTimestamp".into(), seconds(queue.created));
        all.insert("LastModifiedTimestamp".into(), seconds(queue.modified));
        all.insert(
            "QueueArn".into(),
            format!("arn:aws:sqs:{region}:{}:{}", context.account_id, queue.name),
        );
        let mut chosen = Map::new();
        for name in &wanted {
            if name == "All" {
                chosen.extend(all.iter().map(|(k, v)| (k.clone(), json!(v))));
            } else if let Some(value) = all.get(name) {
                chosen.insert(name.clone(), json!(value));
            } else if !SETTABLE.iter().any(|(known, _)| known == name)
                && !COMPUTED.contains(&name.as_str())
            {
                return Err(error::invalid_attribute_name(name));
            }
        }
        let mut output = Map::new();
        if !chosen.is_empty() {
            output.insert("Attributes".into(), Value::Object(chosen));
        }
        Ok(Value::Object(output))
    })
}

pub(super) fn set_queue_attributes(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let attributes = checked_attributes(string_map(input, &["Attributes"]))?;
    if attributes.contains_key("FifoQueue") {
        return Err(error::invalid_attribute_name("FifoQueue"));
    }
    with_queue(state, context, input, |queue, now| {
        queue.attributes.extend(attributes);
        queue.modified = now;
        Ok(json!({}))
    })
}

pub(super) fn tag_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let tags = string_map(input, &["Tags", "tags"]);
    if tags.is_empty() {
        return Err(error::missing_parameter("Tags"));
    }
    with_queue(state, context, input, |queue, _| {
        queue.tags.extend(tags);
        Ok(json!({}))
    })
}

pub(super) fn untag_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let keys = string_list(input, "TagKeys");
    with_queue(state, context, input, |queue, _| {
        for key in &keys {
            queue.tags.remove(key);
        }
        Ok(json!({}))
    })
}

pub(super) fn list_queue_tags(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    with_queue(state, context, input, |queue, _| {
        let mut output = Map::new();
        if !queue.tags.is_empty() {
            output.insert("Tags".into(), json!(queue.tags));
        }
        Ok(Value::Object(output))
    })
}

pub(super) fn purge_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    with_queue(state, context, input, |queue, _| {
        queue.messages.clear();
        Ok(json!({}))
    })
}

// ---------------------------------------------------------------------------
// Messages.

/// Sends one message (SendMessage or a batch entry); `Ok` holds the output fields.
fn send_one(queue: &mut Queue, context: &Context<'_>, input: &Value, now: SystemTime) -> Answer {
    let body = required(input, "MessageBody")?;
    if body.is_empty() {
        return Err(error::missing_parameter("MessageBody"));
    }
    let attributes = message_attributes(input)?;
    let size = body.len()
        + attributes
            .iter()
            .map(|(name, value)| {
                name.len()
                    + value.data_type.len()
                    + value.string_value.as_ref().map_or(0, String::len)
                    + value.binary_value.as_ref().map_or(0, Vec::len)
            })
            .sum::<usize>();
    if size as u64 > queue.seconds("MaximumMessageSize") {
        return Err(error::invalid_parameter_value(format!(
            "One or more parameters are invalid. Reason: Message must be shorter than {} bytes.",
            queue.seconds("MaximumMessageSize")
        )));
    }
    let fifo = queue.is_fifo();
    let delay = match number(input, "DelaySeconds")? {
        Some(_) if fifo => {
            return Err(error::invalid_parameter_value(
                "Value for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.",
            ));
        }
        Some(seconds) if seconds > 900 => {
            return Err(error::invalid_parameter_value(
                "Value for parameter DelaySeconds is invalid.",
            ));
        }
        Some(seconds) => seconds,
        None => queue.seconds("DelaySeconds"),
    };
    let group_id = text(input, "MessageGroupId").map(str::to_owned);
    let mut deduplication_id = text(input, "MessageDeduplicationId").map(str::to_owned);
    if fifo {
        if group_id.is_none() {
            return Err(error::missing_parameter("MessageGroupId"));
        }
        if deduplication_id.is_none() {
            if queue
                .attributes
                .get("ContentBasedDeduplication")
                .is_some_and(|value| value == "true")
            {
                use s3s::crypto::Checksum as _;
                let mut hasher = s3s::crypto::Sha256::new();
                hasher.update(body.as_bytes());
                let digest = hasher.finalize();
                deduplication_id = Some(
                    digest
                        .as_ref()
                        .iter()
                        .map(|byte| format!("{byte:02x}"))
                        .collect(),
                );
            } else {
                return Err(error::invalid_parameter_value(
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
                ));
            }
        }
    }
    let md5_body = md5_of_body(body);
    let md5_attributes = md5_of_attributes(&attributes);
    // A FIFO message seen within the deduplication window is accepted but not queued again.
    if let Some(dedup) = &deduplication_id
        && let Some((_, _, original)) = queue
            .deduplication
            .iter()
            .find(|(seen, _, _)| seen == dedup)
    {
        let mut output = json!({ "MessageId": original, "MD5OfMessageBody": md5_body });
        if let Some(md5) = md5_attributes {
            output["MD5OfMessageAttributes"] = json!(md5);
        }
        return Ok(output);
    }
    let id = context.random.sqs_message_id();
    let sequence_number = fifo.then(|| {
        let number = queue.next_sequence;
        queue.next_sequence += 1;
        format!("{number:020}")
    });
    if let Some(dedup) = &deduplication_id {
        queue.deduplication.push((dedup.clone(), now, id.clone()));
    }
    queue.messages.push(Message {
        id: id.clone(),
        body: body.to_owned(),
        attributes,
        sent: now,
        visible_at: now + Duration::from_secs(delay),
        receive_count: 0,
        first_received: None,
        receipt_handle: None,
        group_id,
        deduplication_id,
        sequence_number: sequence_number.clone(),
    });
    let mut output = json!({ "MessageId": id, "MD5OfMessageBody": md5_body });
    if let Some(md5) = md5_attributes {
        output["MD5OfMessageAttributes"] = json!(md5);
    }
    if let Some(sequence) = sequence_number {
        output["SequenceNumber"] = json!(sequence);
    }
    Ok(output)
}

pub(super) fn send_message(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let output = with_queue(state, context, input, |queue, now| {
        send_one(queue, context, input, now)
    })?;
    state.sent.notify_waiters();
    Ok(output)
}

/// The entries of a batch request, checked: 1 to 10, ids distinct.
fn batch_entries(input: &Value) -> Result<Vec<Value>, ServiceError> {
    let entries = input
        .get("Entries")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if entries.is_empty() {
        return Err(error::empty_batch_request());
    }
    if entries.len() > 10 {
        return Err(error::too_many_entries_in_batch_request(entries.len()));
    }
    let mut ids = Vec::new();
    for entry in &entries {
        let id = text(entry, "Id").unwrap_or_default().to_owned();
        if ids.contains(&id) {
            return Err(error::batch_entry_ids_not_distinct(&id));
        }
        ids.push(id);
    }
    Ok(entries)
}

/// Runs `each` per batch entry, collecting `Successful` and `Failed` as AWS reports them.
fn batch(entries: Vec<Value>, mut each: impl FnMut(&Value) -> Answer) -> Value {
    let mut successful = Vec::new();
    let mut failed = Vec::new();
    for entry in entries {
        let id = text(&entry, "Id").unwrap_or_default().to_owned();
        match each(&entry) {
            Ok(mut output) => {
                output["Id"] = json!(id);
                successful.push(output);
            }
            Err(error) => failed.push(json!({
                "Id": id,
                "Code": error.code,
                "Message": error.message,
                "SenderFault": !error.status.is_server_error(),
            })),
        }
    }
    json!({ "Successful": successful, "Failed": failed })
}

pub(super) fn send_message_batch(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let entries = batch_entries(input)?;
    let output = with_queue(state, context, input, |queue, now| {
        Ok(batch(entries, |entry| send_one(queue, context, entry, now)))
    })?;
    state.sent.notify_waiters();
    Ok(output)
}

/// ReceiveMessage, long polling for up to `WaitTimeSeconds` (real time) when nothing is
/// there yet.
pub(super) async fn receive_message(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let max = number(input, "MaxNumberOfMessages")?.unwrap_or(1);
    if !(1..=10).contains(&max) {
        return Err(error::invalid_parameter_value(format!(
            "Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."
        )));
    }
    let visibility = number(input, "VisibilityTimeout")?;
    if visibility.is_some_and(|seconds| seconds > 43_200) {
        return Err(error::invalid_parameter_value(
            "Value for parameter VisibilityTimeout is invalid.",
        ));
    }
    let wait = match number(input, "WaitTimeSeconds")? {
        Some(seconds) if seconds > 20 => {
            return Err(error::invalid_parameter_value(format!(
                "Value {seconds} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."
            )));
        }
        Some(seconds) => Some(seconds),
        None => None,
    };
    let mut system_names = string_list(input, "AttributeNames");
    system_names.extend(string_list(input, "MessageSystemAttributeNames"));
    let attribute_names = string_list(input, "MessageAttributeNames");
    let started = Instant::now();
    loop {
        let (messages, queue_wait) = with_queue(state, context, input, |queue, now| {
            let queue_visibility = queue.seconds("VisibilityTimeout");
            let picked: Vec<usize> = queue
                .receivable(now)
                .into_iter()
                .take(max as usize)
                .collect();
            let mut messages = Vec::new();
            for index in picked {
                let message = &mut queue.messages[index];
                message.receive_count += 1;
                message.first_received.get_or_insert(now);
                message.visible_at =
                    now + Duration::from_secs(visibility.unwrap_or(queue_visibility));
                let handle = context.random.sqs_receipt_handle();
                message.receipt_handle = Some(handle.clone());
                messages.push(received(
                    message,
                    &handle,
                    &system_names,
                    &attribute_names,
                    context,
                ));
            }
            Ok((messages, queue.seconds("ReceiveMessageWaitTimeSeconds")))
        })?;
        let wait = Duration::from_secs(wait.unwrap_or(queue_wait));
        if !messages.is_empty() || started.elapsed() >= wait {
            let mut output = Map::new();
            if !messages.is_empty() {
                output.insert("Messages".into(), Value::Array(messages));
            }
            return Ok(Value::Object(output));
        }
        let remaining = wait.saturating_sub(started.elapsed()).min(LONG_POLL_TICK);
        let _ = tokio::time::timeout(remaining, state.sent.notified()).await;
    }
}

/// A received message as ReceiveMessage lists it, with the attributes asked for.
fn received(
    message: &Message,
    handle: &str,
    system_names: &[String],
    attribute_names: &[String],
    context: &Context<'_>,
) -> Value {
    let wants = |name: &str| {
        system_names
            .iter()
            .any(|wanted| wanted == "All" || wanted == name)
    };
    let mut system = Map::new();
    let mut put = |name: &str, value: Option<String>| {
        if wants(name)
            && let Some(value) = value
        {
            system.insert(name.to_owned(), json!(value));
        }
    };
    put("SenderId", Some(context.account_id.to_owned()));
    put(
        "SentTimestamp",
        Some(epoch_millis(message.sent).to_string()),
    );
    put(
        "ApproximateReceiveCount",
        Some(message.receive_count.to_string()),
    );
    put(
        "ApproximateFirstReceiveTimestamp",
        message
            .first_received
            .map(|instant| epoch_millis(instant).to_string()),
    );
    put("MessageGroupId", message.group_id.clone());
    put("MessageDeduplicationId", message.deduplication_id.clone());
    put("SequenceNumber", message.sequence_number.clone());
    let chosen: BTreeMap<String, AttributeValue> = message
        .attributes
        .iter()
        .filter(|(name, _)| {
            attribute_names.iter().any(|wanted| {
                wanted == "All"
                    || wanted == ".*"
                    || wanted == *name
                    || wanted
                        .strip_suffix(".*")
                        .is_some_and(|prefix| name.starts_with(prefix))
            })
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let mut output = json!({
        "MessageId": message.id,
        "ReceiptHandle": handle,
        "MD5OfBody": md5_of_body(&message.body),
        "Body": message.body,
    });
    if !system.is_empty() {
        output["Attributes"] = Value::Object(system);
    }
    if let Some(md5) = md5_of_attributes(&chosen) {
        output["MD5OfMessageAttributes"] = json!(md5);
        let attributes: Map<String, Value> = chosen
            .iter()
            .map(|(name, value)| {
                let mut attribute = json!({ "DataType": value.data_type });
                if let Some(text) = &value.string_value {
                    attribute["StringValue"] = json!(text);
                }
                if let Some(binary) = &value.binary_value {
                    attribute["BinaryValue"] = json!(STANDARD.encode(binary));
                }
                (name.clone(), attribute)
            })
            .collect();
        output["MessageAttributes"] = Value::Object(attributes);
    }
    output
}

fn delete_one(queue: &mut Queue, input: &Value) -> Answer {
    let handle = required(input, "ReceiptHandle")?;
    let before = queue.messages.len();
    queue
        .messages
        .retain(|message| message.receipt_handle.as_deref() != Some(handle));
    if queue.messages.len() == before {
        return Err(error::receipt_handle_is_invalid(handle));
    }
    Ok(json!({}))
}

pub(super) fn delete_message(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    with_queue(state, context, input, |queue, _| delete_one(queue, input))
}

pub(super) fn delete_message_batch(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let entries = batch_entries(input)?;
    with_queue(state, context, input, |queue, _| {
        Ok(batch(entries, |entry| delete_one(queue, entry)))
    })
}

fn change_visibility_one(queue: &mut Queue, input: &Value, now: SystemTime) -> Answer {
    let handle = required(input, "ReceiptHandle")?;
    let seconds = number(input, "VisibilityTimeout")?
        .ok_or_else(|| error::missing_parameter("VisibilityTimeout"))?;
    if seconds > 43_200 {
        return Err(error::invalid_parameter_value(
            "Value for parameter VisibilityTimeout is invalid.",
        ));
    }
    let message = queue
        .messages
        .iter_mut()
        .find(|message| message.receipt_handle.as_deref() == Some(handle))
        .ok_or_else(|| error::receipt_handle_is_invalid(handle))?;
    if message.visible_at <= now {
        return Err(error::message_not_inflight());
    }
    message.visible_at = now + Duration::from_secs(seconds);
    Ok(json!({}))
}

pub(super) fn change_message_visibility(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    with_queue(state, context, input, |queue, now| {
        change_visibility_one(queue, input, now)
    })
}

pub(super) fn change_message_visibility_batch(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let entries = batch_entries(input)?;
    with_queue(state, context, input, |queue, now| {
        Ok(batch(entries, |entry| {
            change_visibility_one(queue, entry, now)
        }))
    })
}
