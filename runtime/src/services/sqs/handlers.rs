//! One function per SQS operation. Each takes the request's input in its JSON shape
//! (the query protocol is mapped onto it first) and answers the output in its JSON shape.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::error;
use super::model::{
    AttributeValue, MAXIMUM_VISIBILITY_TIMEOUT, Message, OutgoingMessage, Queue, QueueKey,
    RedrivePolicy, SqsState, VisibilityChangeError, key_of_arn, md5_of_attributes, md5_of_body,
    partition,
};
use super::move_task::{self, MoveTask};
use super::policy::{self, GRANTABLE_ACTIONS, Grant};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_millis;
use crate::services::Context;

type Answer = Result<Value, ServiceError>;

/// What a queue attribute accepts.
#[derive(Debug, Clone, Copy)]
enum Allowed {
    /// A whole number in this range.
    Range(u64, u64),
    /// `true` or `false` (any case; kept lowercase).
    Flag,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A JSON document (or empty, to remove it).
    Json,
    /// Any text.
    Text,
}

/// The attributes CreateQueue and SetQueueAttributes accept.
const SETTABLE: [(&str, Allowed); 15] = [
    ("DelaySeconds", Allowed::Range(0, 900)),
    ("MaximumMessageSize", Allowed::Range(1024, 1_048_576)),
    ("MessageRetentionPeriod", Allowed::Range(60, 1_209_600)),
    ("ReceiveMessageWaitTimeSeconds", Allowed::Range(0, 20)),
    (
        "VisibilityTimeout",
        Allowed::Range(0, MAXIMUM_VISIBILITY_TIMEOUT),
    ),
    ("Policy", Allowed::Json),
    ("RedrivePolicy", Allowed::Json),
    ("RedriveAllowPolicy", Allowed::Json),
    ("FifoQueue", Allowed::Flag),
    ("ContentBasedDeduplication", Allowed::Flag),
    ("KmsMasterKeyId", Allowed::Text),
    ("KmsDataKeyReusePeriodSeconds", Allowed::Range(60, 86_400)),
    ("SqsManagedSseEnabled", Allowed::Flag),
    (
        "DeduplicationScope",
        Allowed::OneOf(&["messageGroup", "queue"]),
    ),
    (
        "FifoThroughputLimit",
        Allowed::OneOf(&["perMessageGroupId", "perQueue"]),
    ),
];

/// The attributes computed from a queue's state.
const COMPUTED: [&str; 6] = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesDelayed",
    "ApproximateNumberOfMessagesNotVisible",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
];

/// The sender every message reports, Moto's default user id.
pub(super) const SENDER_ID: &str = "AIDAIT2UOQQY3AUEKVGXU";

/// The most a batch's bodies may add up to (and the largest message).
const MAXIMUM_BATCH_LENGTH: usize = 1_048_576;

/// How often a long poll on a virtual clock looks again: moving that clock wakes no one,
/// and a delay or visibility timeout may have run out meanwhile.
const VIRTUAL_CLOCK_POLL: Duration = Duration::from_millis(50);

// ---------------------------------------------------------------------------
// Reading input.

fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

fn required<'a>(input: &'a Value, name: &str) -> Result<&'a str, ServiceError> {
    text(input, name).ok_or_else(|| error::missing_parameter(name))
}

/// A whole number, given as a JSON number or (in the query protocol) as text.
fn number(input: &Value, name: &str) -> Result<Option<u64>, ServiceError> {
    let invalid = |value: &dyn std::fmt::Display| {
        error::invalid_parameter_value(format!("Value {value} for parameter {name} is invalid."))
    };
    match input.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => number.as_u64().map(Some).ok_or_else(|| invalid(number)),
        Some(Value::String(text)) => text.trim().parse().map(Some).map_err(|_| invalid(text)),
        Some(other) => Err(invalid(other)),
    }
}

/// A map of strings (attributes, tags); numbers and booleans are taken as their text.
fn string_map(input: &Value, name: &str) -> BTreeMap<String, String> {
    let Some(map) = input.get(name).and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    map.iter()
        .map(|(key, value)| {
            let value = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            (key.clone(), value)
        })
        .collect()
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

/// The queue a `QueueUrl` names, in the request's region. Only the last path segment
/// counts: fixtures spell the host `localhost:5000` whatever the client used, and AWS
/// (and Moto) also accept a bare queue name.
pub(super) fn queue_key(context: &Context<'_>, input: &Value) -> Result<QueueKey, ServiceError> {
    let url = required(input, "QueueUrl")?;
    let name = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
    Ok((context.route.region.clone(), name.to_owned()))
}

fn queue_url(context: &Context<'_>, name: &str) -> String {
    format!("{}/{}/{name}", context.origin, context.account_id)
}

/// Runs `act` on the queue `input` names, after dropping its expired messages.
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

// ---------------------------------------------------------------------------
// Queue attributes.

/// Attributes as given, checked and normalised, with the redrive policy parsed
/// (`Some(None)` removes it).
struct CheckedAttributes {
    values: BTreeMap<String, String>,
    redrive: Option<Option<RedrivePolicy>>,
}

fn check_attributes(
    given: BTreeMap<String, String>,
    queues: &BTreeMap<QueueKey, Queue>,
) -> Result<CheckedAttributes, ServiceError> {
    let mut values = BTreeMap::new();
    let mut redrive = None;
    for (name, value) in given {
        let Some((_, allowed)) = SETTABLE.iter().find(|(known, _)| *known == name) else {
            return Err(error::invalid_attribute_name(&name));
        };
        let value = match *allowed {
            Allowed::Range(low, high) => {
                let in_range = value
                    .trim()
                    .parse::<u64>()
                    .is_ok_and(|number| (low..=high).contains(&number));
                if !in_range {
                    return Err(error::invalid_attribute_value(&name));
                }
                value.trim().to_owned()
            }
            Allowed::Flag => match value.to_ascii_lowercase().as_str() {
                flag @ ("true" | "false") => flag.to_owned(),
                _ => return Err(error::invalid_attribute_value(&name)),
            },
            Allowed::OneOf(words) if words.contains(&value.as_str()) => value,
            Allowed::OneOf(_) => return Err(error::invalid_attribute_value(&name)),
            Allowed::Json if name == "RedrivePolicy" => {
                let policy = redrive_policy(&value, queues)?;
                let normalised = policy.as_ref().map_or_else(String::new, |policy| {
                    json!({
                        "deadLetterTargetArn": policy.dead_letter_target_arn,
                        "maxReceiveCount": policy.max_receive_count,
                    })
                    .to_string()
                });
                redrive = Some(policy);
                normalised
            }
            Allowed::Json => {
                if !value.is_empty() && serde_json::from_str::<Value>(&value).is_err() {
                    return Err(error::invalid_attribute_value(&name));
                }
                value
            }
            Allowed::Text => value,
        };
        values.insert(name, value);
    }
    Ok(CheckedAttributes { values, redrive })
}

/// A `RedrivePolicy` SQS cannot use, in SQS's words.
fn invalid_redrive_policy(value: &str, reason: &str) -> ServiceError {
    error::invalid_parameter_value(format!(
        "Value {value} for parameter RedrivePolicy is invalid. Reason: {reason}"
    ))
}

/// A `RedrivePolicy`: empty (or `{}`) removes it; otherwise it names an existing queue.
fn redrive_policy(
    value: &str,
    queues: &BTreeMap<QueueKey, Queue>,
) -> Result<Option<RedrivePolicy>, ServiceError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let policy: Value = serde_json::from_str(value)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| {
            invalid_redrive_policy(value, "Redrive policy is not a dict or valid json.")
        })?;
    if policy.as_object().is_some_and(Map::is_empty) {
        return Ok(None);
    }
    let arn = text(&policy, "deadLetterTargetArn")
        .ok_or_else(|| {
            invalid_redrive_policy(
                value,
                "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.",
            )
        })?
        .to_owned();
    // Written as a number or, as many templates do, as text.
    let max_receive_count = number(&policy, "maxReceiveCount")
        .map_err(|_| error::invalid_attribute_value("RedrivePolicy"))?
        .ok_or_else(|| {
            invalid_redrive_policy(
                value,
                "Redrive policy does not contain mandatory attribute: maxReceiveCount.",
            )
        })?;
    let max_receive_count = u32::try_from(max_receive_count)
        .ok()
        .filter(|count| (1..=1000).contains(count))
        .ok_or_else(|| error::invalid_attribute_value("RedrivePolicy"))?;
    if !queues.values().any(|queue| queue.arn == arn) {
        return Err(error::dead_letter_queue_does_not_exist(&arn));
    }
    Ok(Some(RedrivePolicy {
        dead_letter_target_arn: arn,
        max_receive_count,
    }))
}

/// A FIFO queue's dead-letter queue must be FIFO too.
fn check_redrive_kind(
    redrive: Option<&Option<RedrivePolicy>>,
    fifo: bool,
    queues: &BTreeMap<QueueKey, Queue>,
) -> Result<(), ServiceError> {
    let Some(Some(policy)) = redrive else {
        return Ok(());
    };
    let target_fifo = queues
        .values()
        .find(|queue| queue.arn == policy.dead_letter_target_arn)
        .is_some_and(Queue::is_fifo);
    if fifo && !target_fifo {
        return Err(ServiceError::new(
            http::StatusCode::BAD_REQUEST,
            "InvalidParameterCombination",
            "Fifo queues cannot use non fifo dead letter queues",
        ));
    }
    Ok(())
}

/// Every attribute of a queue, computed ones included.
fn all_attributes(queue: &Queue, now: SystemTime) -> BTreeMap<String, String> {
    let mut all = queue.attributes.clone();
    let counts = queue.counts(now);
    let seconds = |instant: SystemTime| (epoch_millis(instant) / 1000).to_string();
    all.insert(
        "ApproximateNumberOfMessages".into(),
        counts.visible.to_string(),
    );
    all.insert(
        "ApproximateNumberOfMessagesNotVisible".into(),
        counts.in_flight.to_string(),
    );
    all.insert(
        "ApproximateNumberOfMessagesDelayed".into(),
        counts.delayed.to_string(),
    );
    all.insert("CreatedTimestamp".into(), seconds(queue.created));
    all.insert("LastModifiedTimestamp".into(), seconds(queue.modified));
    all.insert("QueueArn".into(), queue.arn.clone());
    all
}

/// Whether a queue name is valid: 1 to 80 letters, digits, `-` and `_`, and for FIFO
/// queues (only) the `.fifo` suffix, which counts towards the 80.
fn check_queue_name(name: &str, fifo: bool) -> Result<(), ServiceError> {
    let stem = if fifo {
        name.strip_suffix(".fifo")
    } else {
        Some(name)
    };
    let valid = stem.is_some_and(|stem| {
        !stem.is_empty()
            && name.len() <= 80
            && stem
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    });
    if valid {
        Ok(())
    } else if fifo {
        Err(error::invalid_parameter_value(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or \
             underscores, must end with .fifo suffix and be 1 to 80 in length.",
        ))
    } else {
        Err(error::invalid_parameter_value(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
        ))
    }
}

// ---------------------------------------------------------------------------
// Queues.

pub(super) fn create_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let name = required(input, "QueueName")?;
    let mut tags = string_map(input, "tags");
    tags.extend(string_map(input, "Tags"));
    let region = &context.route.region;
    let now = context.clock.now();
    let mut queues = state.lock();
    let checked = check_attributes(string_map(input, "Attributes"), &queues)?;
    let fifo = checked
        .values
        .get("FifoQueue")
        .is_some_and(|value| value == "true");
    check_queue_name(name, fifo)?;
    check_redrive_kind(checked.redrive.as_ref(), fifo, &queues)?;
    let arn = format!(
        "arn:{}:sqs:{region}:{}:{name}",
        partition(region),
        context.account_id
    );
    let requested = Queue::new(
        name.to_owned(),
        arn,
        checked.values.clone(),
        checked.redrive.clone().flatten(),
        now,
    );
    let key = (region.clone(), name.to_owned());
    if let Some(existing) = queues.get_mut(&key) {
        // Creating an existing queue again is fine when no attribute given differs.
        let differing = checked.values.keys().find(|attribute| {
            existing.attributes.get(*attribute) != requested.attributes.get(*attribute)
        });
        if let Some(attribute) = differing {
            return Err(error::queue_name_exists(attribute));
        }
        if !tags.is_empty() {
            existing.tags = tags;
        }
    } else {
        let mut queue = requested;
        queue.tags = tags;
        queues.insert(key, queue);
    }
    Ok(json!({ "QueueUrl": queue_url(context, name) }))
}

pub(super) fn get_queue_url(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let name = required(input, "QueueName")?;
    let other_owner =
        text(input, "QueueOwnerAWSAccountId").is_some_and(|owner| owner != context.account_id);
    let key = (context.route.region.clone(), name.to_owned());
    if other_owner || !state.lock().contains_key(&key) {
        return Err(error::queue_does_not_exist());
    }
    Ok(json!({ "QueueUrl": queue_url(context, name) }))
}

/// A listing's `MaxResults`: 1 to 1000 when given.
fn max_results(input: &Value) -> Result<Option<usize>, ServiceError> {
    match number(input, "MaxResults")? {
        Some(limit) if !(1..=1000).contains(&limit) => {
            Err(error::invalid_parameter_value(format!(
                "Value {limit} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000."
            )))
        }
        Some(limit) => Ok(Some(usize::try_from(limit).unwrap_or(1000))),
        None => Ok(None),
    }
}

/// The queue name a listing's `NextToken` continues after. The token is the last name
/// listed, so a page stays right when queues come and go.
fn listed_after(input: &Value) -> Result<Option<String>, ServiceError> {
    text(input, "NextToken")
        .map(|token| {
            STANDARD
                .decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| error::invalid_parameter_value("Invalid NextToken value."))
        })
        .transpose()
}

/// One page of queue names (sorted, after the request's token) as urls, and the token
/// of the next page. Without MaxResults, at most 1000 and no NextToken, as in AWS.
fn page_of_urls(
    context: &Context<'_>,
    names: &[&str],
    limit: Option<usize>,
) -> (Vec<String>, Option<String>) {
    let page = &names[..names.len().min(limit.unwrap_or(1000))];
    let urls = page.iter().map(|name| queue_url(context, name)).collect();
    let next = page
        .last()
        .filter(|_| limit.is_some() && page.len() < names.len())
        .map(|last| STANDARD.encode(last.as_bytes()));
    (urls, next)
}

pub(super) fn list_queues(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let prefix = text(input, "QueueNamePrefix").unwrap_or_default();
    let limit = max_results(input)?;
    let after = listed_after(input)?;
    let queues = state.lock();
    let names: Vec<&str> = queues
        .keys()
        .filter(|(region, name)| *region == context.route.region && name.starts_with(prefix))
        .map(|(_, name)| name.as_str())
        .filter(|name| after.as_deref().is_none_or(|after| *name > after))
        .collect();
    let (urls, next) = page_of_urls(context, &names, limit);
    let mut output = Map::new();
    if !urls.is_empty() {
        output.insert("QueueUrls".into(), json!(urls));
    }
    if let Some(next) = next {
        output.insert("NextToken".into(), json!(next));
    }
    Ok(Value::Object(output))
}

pub(super) fn delete_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let key = queue_key(context, input)?;
    let deleted = state
        .lock()
        .remove(&key)
        .ok_or_else(error::queue_does_not_exist)?;
    state.move_tasks.forget_source(&deleted.arn);
    // Long polls on it look again and fail.
    state.arrivals.notify_waiters();
    Ok(json!({}))
}

pub(super) fn get_queue_attributes(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let wanted = string_list(input, "AttributeNames");
    let known = |name: &str| {
        name == "All"
            || COMPUTED.contains(&name)
            || SETTABLE.iter().any(|(settable, _)| *settable == name)
    };
    if let Some(unknown) = wanted.iter().find(|name| !known(name)) {
        return Err(error::invalid_attribute_name(unknown));
    }
    with_queue(state, context, input, |queue, now| {
        let all = all_attributes(queue, now);
        let chosen: Map<String, Value> = all
            .into_iter()
            .filter(|(name, _)| {
                wanted
                    .iter()
                    .any(|wanted| wanted == "All" || wanted == name)
            })
            .map(|(name, value)| (name, Value::String(value)))
            .collect();
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
    let key = queue_key(context, input)?;
    let now = context.clock.now();
    let mut queues = state.lock();
    let fifo = queues
        .get(&key)
        .ok_or_else(error::queue_does_not_exist)?
        .is_fifo();
    let checked = check_attributes(string_map(input, "Attributes"), &queues)?;
    // A queue cannot change kind.
    if let Some(value) = checked.values.get("FifoQueue")
        && (value == "true") != fifo
    {
        return Err(error::invalid_attribute_value("FifoQueue"));
    }
    check_redrive_kind(checked.redrive.as_ref(), fifo, &queues)?;
    let queue = queues
        .get_mut(&key)
        .ok_or_else(error::queue_does_not_exist)?;
    queue.set_attributes(checked.values, checked.redrive, now);
    Ok(json!({}))
}

pub(super) fn tag_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let tags = string_map(input, "Tags");
    if tags.is_empty() {
        return Err(error::missing_parameter("Tags"));
    }
    with_queue(state, context, input, |queue, _| {
        if tags.len() > 50 {
            return Err(error::invalid_parameter_value(format!(
                "Too many tags added for queue {}.",
                queue.name
            )));
        }
        queue.tags.extend(tags);
        Ok(json!({}))
    })
}

pub(super) fn untag_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let keys = string_list(input, "TagKeys");
    if keys.is_empty() {
        return Err(error::invalid_parameter_value(
            "Tag keys must be between 1 and 128 characters in length.",
        ));
    }
    with_queue(state, context, input, |queue, _| {
        for key in &keys {
            queue.tags.remove(key);
        }
        Ok(json!({}))
    })
}

pub(super) fn list_queue_tags(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    // An untagged queue answers an empty map, as in Moto.
    with_queue(state, context, input, |queue, _| {
        Ok(json!({ "Tags": queue.tags }))
    })
}

// ---------------------------------------------------------------------------
// Permissions.

/// The most actions one AddPermission may grant.
const MAXIMUM_GRANTED_ACTIONS: usize = 7;

pub(super) fn add_permission(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let label = required(input, "Label")?;
    let accounts = string_list(input, "AWSAccountIds");
    let actions = string_list(input, "Actions");
    with_queue(state, context, input, |queue, now| {
        let valid_label = label.len() <= 80
            && label
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
        if !valid_label {
            return Err(error::invalid_parameter_value(format!(
                "Value {label} for parameter Label is invalid. Reason: Can only include \
                 alphanumeric characters, hyphens, or underscores. 1 to 80 in length."
            )));
        }
        if actions.is_empty() {
            return Err(error::missing_parameter("Actions"));
        }
        if accounts.is_empty() {
            return Err(error::invalid_parameter_value(
                "Value [] for parameter PrincipalId is invalid. Reason: Unable to verify.",
            ));
        }
        if let Some(account) = accounts
            .iter()
            .find(|account| account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(error::invalid_parameter_value(format!(
                "Value [{account}] for parameter PrincipalId is invalid. Reason: Unable to verify."
            )));
        }
        if actions.len() > MAXIMUM_GRANTED_ACTIONS {
            return Err(error::over_limit(actions.len()));
        }
        if let Some(action) = actions
            .iter()
            .find(|action| !GRANTABLE_ACTIONS.contains(&action.as_str()))
        {
            return Err(error::invalid_parameter_value(format!(
                "Value SQS:{action} for parameter ActionName is invalid. Reason: Only the queue \
                 owner is allowed to invoke this action."
            )));
        }
        let grant = Grant {
            label,
            partition: partition(&context.route.region),
            accounts: &accounts,
            actions: &actions,
        };
        let policy = policy::add_statement(
            queue.attributes.get("Policy").map(String::as_str),
            &queue.arn,
            grant,
        )
        .map_err(|_| {
            error::invalid_parameter_value(format!(
                "Value {label} for parameter Label is invalid. Reason: Already exists."
            ))
        })?;
        queue.set_attributes(BTreeMap::from([("Policy".to_owned(), policy)]), None, now);
        Ok(json!({}))
    })
}

pub(super) fn remove_permission(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let label = required(input, "Label")?;
    with_queue(state, context, input, |queue, now| {
        let policy =
            policy::remove_statement(queue.attributes.get("Policy").map(String::as_str), label)
                .map_err(|_| {
                    error::invalid_parameter_value(format!(
                        "Value {label} for parameter Label is invalid. Reason: can't find label on \
                     existing policy."
                    ))
                })?;
        // Without statements the queue has no policy any more.
        let policy = policy.unwrap_or_default();
        queue.set_attributes(BTreeMap::from([("Policy".to_owned(), policy)]), None, now);
        Ok(json!({}))
    })
}

// ---------------------------------------------------------------------------
// Dead-letter queues and message move tasks.

pub(super) fn list_dead_letter_source_queues(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let key = queue_key(context, input)?;
    let limit = max_results(input)?;
    let after = listed_after(input)?;
    let queues = state.lock();
    let dead_letter_queue = queues.get(&key).ok_or_else(error::queue_does_not_exist)?;
    let names: Vec<&str> = queues
        .iter()
        .filter(|((region, _), queue)| {
            *region == key.0
                && queue
                    .redrive
                    .as_ref()
                    .is_some_and(|policy| policy.dead_letter_target_arn == dead_letter_queue.arn)
        })
        .map(|((_, name), _)| name.as_str())
        .filter(|name| after.as_deref().is_none_or(|after| *name > after))
        .collect();
    let (urls, next) = page_of_urls(context, &names, limit);
    let mut output = json!({ "queueUrls": urls });
    if let Some(next) = next {
        output["NextToken"] = json!(next);
    }
    Ok(output)
}

fn source_arn_not_found() -> ServiceError {
    error::resource_not_found(
        "The resource that you specified for the SourceArn parameter doesn't exist.",
    )
}

/// StartMessageMoveTask: moves the dead-letter queue's messages at once, and records
/// the task for ListMessageMoveTasks.
pub(super) fn start_message_move_task(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let source_arn = required(input, "SourceArn")?;
    let destination_arn = text(input, "DestinationArn");
    let max_per_second = number(input, "MaxNumberOfMessagesPerSecond")?;
    if let Some(rate) = max_per_second
        && !(1..=500).contains(&rate)
    {
        return Err(error::invalid_parameter_value(format!(
            "Value {rate} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be \
             between 1 and 500."
        )));
    }
    let now = context.clock.now();
    let mut queues = state.lock();
    let source = key_of_arn(&queues, source_arn).ok_or_else(source_arn_not_found)?;
    let is_dead_letter_queue = queues.values().any(|queue| {
        queue
            .redrive
            .as_ref()
            .is_some_and(|policy| policy.dead_letter_target_arn == source_arn)
    });
    if !is_dead_letter_queue {
        return Err(error::invalid_parameter_value(
            "Source queue must be configured as a Dead Letter Queue.",
        ));
    }
    let destination = destination_arn
        .map(|arn| {
            if arn == source_arn {
                return Err(error::invalid_parameter_value(
                    "Source queue arn and destination queue arn cannot be the same.",
                ));
            }
            let destination = key_of_arn(&queues, arn).ok_or_else(|| {
                error::resource_not_found(
                    "The resource that you specified for the DestinationArn parameter doesn't \
                     exist.",
                )
            })?;
            let fifo = |key: &QueueKey| queues.get(key).is_some_and(Queue::is_fifo);
            if fifo(&source) != fifo(&destination) {
                return Err(error::invalid_parameter_value(
                    "The source queue and destination queue must be of the same queue type.",
                ));
            }
            Ok(destination)
        })
        .transpose()?;
    if let Some(queue) = queues.get_mut(&source) {
        queue.expire(now);
    }
    let task_id = context.random.uuid4();
    let outcome = move_task::run(&mut queues, &source, destination.as_ref(), now, || {
        context.random.sqs_message_id()
    });
    drop(queues);
    state.move_tasks.record(MoveTask {
        task_id: task_id.clone(),
        source_arn: source_arn.to_owned(),
        destination_arn: destination_arn.map(str::to_owned),
        max_per_second,
        started: now,
        to_move: outcome.to_move,
        moved: outcome.moved,
        failure: outcome.failure,
    });
    state.arrivals.notify_waiters();
    Ok(json!({ "TaskHandle": move_task::encode_handle(&task_id, source_arn) }))
}

pub(super) fn list_message_move_tasks(
    state: &SqsState,
    _context: &Context<'_>,
    input: &Value,
) -> Answer {
    let source_arn = required(input, "SourceArn")?;
    let limit = number(input, "MaxResults")?.unwrap_or(1);
    if !(1..=10).contains(&limit) {
        return Err(error::invalid_parameter_value(format!(
            "Value {limit} for parameter MaxResults is invalid. Reason: Must be between 1 and 10."
        )));
    }
    if key_of_arn(&state.lock(), source_arn).is_none() {
        return Err(source_arn_not_found());
    }
    let results: Vec<Value> = state
        .move_tasks
        .recent(source_arn, usize::try_from(limit).unwrap_or(10))
        .iter()
        .map(|task| {
            let mut entry = json!({
                "Status": task.status(),
                "SourceArn": task.source_arn,
                "ApproximateNumberOfMessagesMoved": task.moved,
                "ApproximateNumberOfMessagesToMove": task.to_move,
                "StartedTimestamp": u64::try_from(epoch_millis(task.started)).unwrap_or(u64::MAX),
            });
            // Each only when it applies: a destination and a rate only when given, a
            // reason only for a failed task (and a handle only for a running one,
            // which a task that moves everything as it starts never is).
            if let Some(arn) = &task.destination_arn {
                entry["DestinationArn"] = json!(arn);
            }
            if let Some(rate) = task.max_per_second {
                entry["MaxNumberOfMessagesPerSecond"] = json!(rate);
            }
            if let Some(reason) = task.failure {
                entry["FailureReason"] = json!(reason);
            }
            entry
        })
        .collect();
    Ok(json!({ "Results": results }))
}

/// CancelMessageMoveTask: only a running task can be cancelled, and tasks finish as
/// they start, so a task that exists is past cancelling, as one that does not.
pub(super) fn cancel_message_move_task(
    state: &SqsState,
    _context: &Context<'_>,
    input: &Value,
) -> Answer {
    let handle = required(input, "TaskHandle")?;
    let (_task_id, source_arn) = move_task::decode_handle(handle).ok_or_else(|| {
        error::invalid_parameter_value("Value for parameter TaskHandle is invalid.")
    })?;
    if key_of_arn(&state.lock(), &source_arn).is_none() {
        return Err(source_arn_not_found());
    }
    Err(error::resource_not_found("Task does not exist."))
}

pub(super) fn purge_queue(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    with_queue(state, context, input, |queue, _| {
        queue.purge();
        Ok(json!({}))
    })
}

// ---------------------------------------------------------------------------
// Sending.

/// `MessageAttributes` (or `MessageSystemAttributes`), checked as SQS checks them.
fn message_attributes(
    input: &Value,
    field: &str,
) -> Result<BTreeMap<String, AttributeValue>, ServiceError> {
    let Some(map) = input.get(field).and_then(Value::as_object) else {
        return Ok(BTreeMap::new());
    };
    if map.len() > 10 {
        return Err(error::invalid_parameter_value(format!(
            "Number of message attributes [{}] exceeds the allowed maximum [10].",
            map.len()
        )));
    }
    let mut attributes = BTreeMap::new();
    for (name, value) in map {
        let valid_name = !name.is_empty()
            && name
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"_-.".contains(&byte));
        if !valid_name {
            return Err(error::invalid_parameter_value(format!(
                "The message attribute name '{name}' is invalid. Attribute name can contain \
                 A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters."
            )));
        }
        let data_type = text(value, "DataType").unwrap_or_default();
        if data_type.is_empty() {
            return Err(error::invalid_parameter_value(format!(
                "The message attribute '{name}' must contain non-empty message attribute type."
            )));
        }
        let kind = data_type.split('.').next().unwrap_or_default();
        if !["String", "Number", "Binary"].contains(&kind) {
            return Err(error::invalid_parameter_value(format!(
                "The message attribute '{name}' has an invalid message attribute type, the set \
                 of supported type prefixes is Binary, Number, and String."
            )));
        }
        let no_value = || {
            error::invalid_parameter_value(format!(
                "The message attribute '{name}' must contain non-empty message attribute value \
                 for message attribute type '{data_type}'."
            ))
        };
        let (string_value, binary_value) = if kind == "Binary" {
            let encoded = text(value, "BinaryValue").ok_or_else(no_value)?;
            let binary = STANDARD.decode(encoded).map_err(|_| {
                error::invalid_parameter_value(format!(
                    "The message attribute '{name}' has an invalid binary value."
                ))
            })?;
            if binary.is_empty() {
                return Err(no_value());
            }
            (None, Some(binary))
        } else {
            let string = text(value, "StringValue")
                .filter(|string| !string.is_empty())
                .ok_or_else(no_value)?;
            (Some(string.to_owned()), None)
        };
        attributes.insert(
            name.clone(),
            AttributeValue {
                data_type: data_type.to_owned(),
                string_value,
                binary_value,
            },
        );
    }
    Ok(attributes)
}

/// A message to send to `queue`, checked against the queue's kind and limits.
fn outgoing_message(queue: &Queue, input: &Value) -> Result<OutgoingMessage, ServiceError> {
    let body = text(input, "MessageBody")
        .filter(|body| !body.is_empty())
        .ok_or_else(|| error::missing_parameter("MessageBody"))?;
    let attributes = message_attributes(input, "MessageAttributes")?;
    let system_attributes = message_attributes(input, "MessageSystemAttributes")?;
    if let Some(name) = system_attributes
        .keys()
        .find(|name| *name != "AWSTraceHeader")
    {
        return Err(error::invalid_parameter_value(format!(
            "Message system attribute name '{name}' is invalid."
        )));
    }
    let trace_header = system_attributes
        .get("AWSTraceHeader")
        .and_then(|value| value.string_value.clone());
    let delay_seconds = number(input, "DelaySeconds")?;
    let group_id = text(input, "MessageGroupId").map(str::to_owned);
    let deduplication_id = text(input, "MessageDeduplicationId").map(str::to_owned);
    if let Some(delay) = delay_seconds
        && delay > 900
    {
        return Err(error::invalid_parameter_value(format!(
            "Value {delay} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900."
        )));
    }
    if queue.is_fifo() {
        if group_id.is_none() {
            return Err(error::missing_parameter("MessageGroupId"));
        }
        if deduplication_id.is_none() && !queue.flag("ContentBasedDeduplication") {
            return Err(error::invalid_parameter_value(
                "The queue should either have ContentBasedDeduplication enabled or \
                 MessageDeduplicationId provided explicitly",
            ));
        }
        if let Some(delay) = delay_seconds
            && delay > 0
        {
            return Err(error::invalid_parameter_value(format!(
                "Value {delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type."
            )));
        }
    }
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
    let maximum = queue.number("MaximumMessageSize");
    if u64::try_from(size).unwrap_or(u64::MAX) > maximum {
        return Err(error::invalid_parameter_value(format!(
            "One or more parameters are invalid. Reason: Message must be shorter than {maximum} bytes."
        )));
    }
    Ok(OutgoingMessage {
        body: body.to_owned(),
        attributes,
        trace_header,
        delay_seconds,
        group_id,
        deduplication_id,
    })
}

/// Sends one message (SendMessage, or one batch entry) and answers its output fields.
fn send_one(queue: &mut Queue, context: &Context<'_>, input: &Value, now: SystemTime) -> Answer {
    let outgoing = outgoing_message(queue, input)?;
    let mut output = json!({ "MD5OfMessageBody": md5_of_body(&outgoing.body) });
    if let Some(md5) = md5_of_attributes(&outgoing.attributes) {
        output["MD5OfMessageAttributes"] = json!(md5);
    }
    if let Some(trace_header) = &outgoing.trace_header {
        let system = BTreeMap::from([(
            "AWSTraceHeader".to_owned(),
            AttributeValue {
                data_type: "String".into(),
                string_value: Some(trace_header.clone()),
                binary_value: None,
            },
        )]);
        output["MD5OfMessageSystemAttributes"] = json!(md5_of_attributes(&system));
    }
    let sent = queue.send(outgoing, now, || context.random.sqs_message_id());
    output["MessageId"] = json!(sent.message_id);
    if let Some(sequence_number) = sent.sequence_number {
        output["SequenceNumber"] = json!(sequence_number);
    }
    Ok(output)
}

pub(super) fn send_message(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    let output = with_queue(state, context, input, |queue, now| {
        send_one(queue, context, input, now)
    })?;
    state.arrivals.notify_waiters();
    Ok(output)
}

/// Sends `message` (SendMessage's input, without `QueueUrl`) to the queue with ARN `arn`,
/// in whatever region it is, as SendMessage would: how other services deliver to SQS.
/// `None` when there is no such queue.
pub(super) fn send_to_arn(
    state: &SqsState,
    context: &Context<'_>,
    arn: &str,
    message: &Value,
) -> Option<Answer> {
    let now = context.clock.now();
    let answer = {
        let mut queues = state.lock();
        let key = key_of_arn(&queues, arn)?;
        let queue = queues.get_mut(&key)?;
        queue.expire(now);
        send_one(queue, context, message, now)
    };
    state.arrivals.notify_waiters();
    Some(answer)
}

/// Whether `id` may identify a batch entry: 1 to 80 letters, digits, `-` and `_` (the
/// rule SNS's PublishBatch shares).
pub(crate) fn is_batch_entry_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// The entries of a batch request, checked as a whole: 1 to 10 of them, with distinct
/// ids of letters, digits, `-` and `_`. `entry` names the entry shape for messages.
fn batch_entries(input: &Value, entry: &str) -> Result<Vec<Value>, ServiceError> {
    let entries = input
        .get("Entries")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if entries.is_empty() {
        return Err(error::empty_batch_request(entry));
    }
    if entries.len() > 10 {
        return Err(error::too_many_entries_in_batch_request(entries.len()));
    }
    let mut ids = HashSet::new();
    for entry in &entries {
        let id = text(entry, "Id").unwrap_or_default();
        if !is_batch_entry_id(id) {
            return Err(error::invalid_batch_entry_id());
        }
        if !ids.insert(id) {
            return Err(error::batch_entry_ids_not_distinct(id));
        }
    }
    Ok(entries)
}

/// Runs `each` on every entry and reports `Successful` and `Failed` entries, as batch
/// operations do: one entry's error does not fail the others.
fn batch(entries: &[Value], mut each: impl FnMut(&Value) -> Answer) -> Value {
    let mut successful = Vec::new();
    let mut failed = Vec::new();
    for entry in entries {
        let id = text(entry, "Id").unwrap_or_default();
        match each(entry) {
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
    let entries = batch_entries(input, "SendMessageBatchRequestEntry")?;
    let length: usize = entries
        .iter()
        .map(|entry| text(entry, "MessageBody").map_or(0, str::len))
        .sum();
    if length > MAXIMUM_BATCH_LENGTH {
        return Err(error::batch_request_too_long(length, MAXIMUM_BATCH_LENGTH));
    }
    let output = with_queue(state, context, input, |queue, now| {
        Ok(batch(&entries, |entry| {
            send_one(queue, context, entry, now)
        }))
    })?;
    state.arrivals.notify_waiters();
    Ok(output)
}

// ---------------------------------------------------------------------------
// Receiving.

/// ReceiveMessage's parameters, checked.
struct ReceiveRequest {
    max: usize,
    visibility: Option<u64>,
    wait: Option<u64>,
    system_attributes: Vec<String>,
    message_attributes: Vec<String>,
}

impl ReceiveRequest {
    fn parse(input: &Value) -> Result<ReceiveRequest, ServiceError> {
        let max = number(input, "MaxNumberOfMessages")?.unwrap_or(1);
        if !(1..=10).contains(&max) {
            return Err(error::invalid_parameter_value(format!(
                "Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."
            )));
        }
        let visibility = number(input, "VisibilityTimeout")?;
        if let Some(seconds) = visibility
            && seconds > MAXIMUM_VISIBILITY_TIMEOUT
        {
            return Err(error::invalid_parameter_value(format!(
                "Value {seconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided."
            )));
        }
        let wait = number(input, "WaitTimeSeconds")?;
        if let Some(seconds) = wait
            && seconds > 20
        {
            return Err(error::invalid_parameter_value(format!(
                "Value {seconds} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."
            )));
        }
        // AttributeNames is the older name of MessageSystemAttributeNames: either counts.
        let mut system_attributes = string_list(input, "AttributeNames");
        system_attributes.extend(string_list(input, "MessageSystemAttributeNames"));
        Ok(ReceiveRequest {
            max: usize::try_from(max).unwrap_or(10),
            visibility,
            wait,
            system_attributes,
            message_attributes: string_list(input, "MessageAttributeNames"),
        })
    }
}

/// One look at the queue: what was received, and what the caller needs to wait well.
struct ReceiveAttempt {
    messages: Vec<Value>,
    /// The queue's `ReceiveMessageWaitTimeSeconds`.
    queue_wait: u64,
    /// When the next hidden message becomes visible.
    next_visible: Option<SystemTime>,
    /// Messages went to a dead-letter queue.
    redriven: bool,
}

fn try_receive(
    state: &SqsState,
    context: &Context<'_>,
    key: &QueueKey,
    request: &ReceiveRequest,
) -> Result<ReceiveAttempt, ServiceError> {
    let now = context.clock.now();
    let mut queues = state.lock();
    let (received, redriven) = receive_redriving(
        &mut queues,
        key,
        request.max,
        request.visibility,
        &HashSet::new(),
        context,
    )?;
    let queue = queues.get(key).ok_or_else(error::queue_does_not_exist)?;
    Ok(ReceiveAttempt {
        messages: received
            .iter()
            .map(|message| received_message(message, request))
            .collect(),
        queue_wait: queue.number("ReceiveMessageWaitTimeSeconds"),
        next_visible: queue.next_visible_at(now),
        redriven,
    })
}

/// Receives up to `max` messages of the queue at `key`, each hidden for `visibility`
/// seconds (the queue's `VisibilityTimeout` when `None`), passing over those in `skip`.
/// Messages received `maxReceiveCount` times move to the dead-letter queue of the
/// queue's redrive policy instead, when it still exists: the second value says whether
/// any did.
pub(super) fn receive_redriving(
    queues: &mut BTreeMap<QueueKey, Queue>,
    key: &QueueKey,
    max: usize,
    visibility: Option<u64>,
    skip: &HashSet<String>,
    context: &Context<'_>,
) -> Result<(Vec<Message>, bool), ServiceError> {
    let now = context.clock.now();
    let queue = queues.get(key).ok_or_else(error::queue_does_not_exist)?;
    let source_arn = queue.arn.clone();
    // Messages received too often move only when their dead-letter queue still exists.
    let redrive = queue.redrive.as_ref().and_then(|policy| {
        let target = queues
            .iter()
            .find(|(_, queue)| queue.arn == policy.dead_letter_target_arn)?;
        Some((policy.max_receive_count, target.0.clone()))
    });
    let queue = queues
        .get_mut(key)
        .ok_or_else(error::queue_does_not_exist)?;
    queue.expire(now);
    let visibility = visibility.unwrap_or_else(|| queue.number("VisibilityTimeout"));
    let (received, dead_letters) = queue.receive(
        max,
        Duration::from_secs(visibility),
        redrive.as_ref().map(|(limit, _)| *limit),
        skip,
        now,
        || context.random.sqs_receipt_handle(),
    );
    let redriven = !dead_letters.is_empty();
    if let Some((_, target)) = redrive
        && let Some(dead_letter_queue) = queues.get_mut(&target)
    {
        for message in dead_letters {
            dead_letter_queue.accept_dead_letter(message, &source_arn, now);
        }
    }
    Ok((received, redriven))
}

/// ReceiveMessage. With a wait (`WaitTimeSeconds`, or the queue's
/// `ReceiveMessageWaitTimeSeconds`) and nothing to receive, it waits in real time until
/// a message arrives or becomes visible, or the wait ends.
pub(super) async fn receive_message(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let request = ReceiveRequest::parse(input)?;
    let key = queue_key(context, input)?;
    let started = Instant::now();
    loop {
        // Listen before looking, so a message sent in between still wakes us.
        let mut arrival = std::pin::pin!(state.arrivals.notified());
        arrival.as_mut().enable();
        let attempt = try_receive(state, context, &key, &request)?;
        if attempt.redriven {
            state.arrivals.notify_waiters();
        }
        let wait = Duration::from_secs(request.wait.unwrap_or(attempt.queue_wait));
        let elapsed = started.elapsed();
        if !attempt.messages.is_empty() || elapsed >= wait {
            let mut output = Map::new();
            if !attempt.messages.is_empty() {
                output.insert("Messages".into(), Value::Array(attempt.messages));
            }
            return Ok(Value::Object(output));
        }
        let mut pause = wait - elapsed;
        if context.clock.is_virtual() {
            pause = pause.min(VIRTUAL_CLOCK_POLL);
        } else if let Some(visible_at) = attempt.next_visible {
            let until_visible = visible_at
                .duration_since(context.clock.now())
                .unwrap_or_default();
            pause = pause.min(until_visible);
        }
        // Timing out only means it is time to look again.
        let _ = tokio::time::timeout(pause, arrival).await;
    }
}

/// A received message as ReceiveMessage lists it, with the attributes asked for.
fn received_message(message: &Message, request: &ReceiveRequest) -> Value {
    let wants = |name: &str| {
        request
            .system_attributes
            .iter()
            .any(|wanted| wanted == "All" || wanted == name)
    };
    let system_values = [
        ("AWSTraceHeader", message.trace_header.clone()),
        (
            "ApproximateFirstReceiveTimestamp",
            message
                .first_received
                .map(|instant| epoch_millis(instant).to_string()),
        ),
        (
            "ApproximateReceiveCount",
            Some(message.receive_count.to_string()),
        ),
        ("MessageDeduplicationId", message.deduplication_id.clone()),
        ("MessageGroupId", message.group_id.clone()),
        ("SenderId", Some(SENDER_ID.to_owned())),
        (
            "SentTimestamp",
            Some(epoch_millis(message.sent).to_string()),
        ),
        ("SequenceNumber", message.sequence_number.clone()),
    ];
    let system: Map<String, Value> = system_values
        .into_iter()
        .filter(|(name, _)| wants(name))
        .filter_map(|(name, value)| Some((name.to_owned(), Value::String(value?))))
        .collect();
    // "All" and ".*" ask for every attribute, "prefix.*" for those starting with prefix.
    let chosen: BTreeMap<String, AttributeValue> = message
        .attributes
        .iter()
        .filter(|(name, _)| {
            request.message_attributes.iter().any(|wanted| {
                wanted == "All"
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
        "ReceiptHandle": message.receipt_handles.last(),
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

// ---------------------------------------------------------------------------
// Deleting and changing visibility.

fn delete_one(queue: &mut Queue, input: &Value, now: SystemTime) -> Answer {
    let handle = required(input, "ReceiptHandle")?;
    if queue.delete(handle, now) {
        Ok(json!({}))
    } else {
        Err(error::receipt_handle_is_invalid(handle))
    }
}

pub(super) fn delete_message(state: &SqsState, context: &Context<'_>, input: &Value) -> Answer {
    with_queue(state, context, input, |queue, now| {
        delete_one(queue, input, now)
    })
}

pub(super) fn delete_message_batch(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let entries = batch_entries(input, "DeleteMessageBatchRequestEntry")?;
    // Moto also refuses one handle given twice.
    let mut handles = HashSet::new();
    for entry in &entries {
        let handle = text(entry, "ReceiptHandle").unwrap_or_default();
        if !handles.insert(handle) {
            return Err(error::batch_entry_ids_not_distinct(
                text(entry, "Id").unwrap_or_default(),
            ));
        }
    }
    with_queue(state, context, input, |queue, now| {
        Ok(batch(&entries, |entry| delete_one(queue, entry, now)))
    })
}

fn change_visibility_one(queue: &mut Queue, input: &Value, now: SystemTime) -> Answer {
    let handle = required(input, "ReceiptHandle")?;
    let seconds = number(input, "VisibilityTimeout")?
        .ok_or_else(|| error::missing_parameter("VisibilityTimeout"))?;
    if seconds > MAXIMUM_VISIBILITY_TIMEOUT {
        return Err(error::invalid_parameter_value(format!(
            "Value {seconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided."
        )));
    }
    match queue.change_visibility(handle, seconds, now) {
        Ok(()) => Ok(json!({})),
        Err(VisibilityChangeError::UnknownHandle) => Err(error::receipt_handle_is_invalid(handle)),
        Err(VisibilityChangeError::BeyondLimit) => Err(error::invalid_parameter_value(format!(
            "Value {seconds} for parameter VisibilityTimeout is invalid. Reason: Total \
             VisibilityTimeout for the message is beyond the limit [43200 seconds]"
        ))),
    }
}

pub(super) fn change_message_visibility(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let output = with_queue(state, context, input, |queue, now| {
        change_visibility_one(queue, input, now)
    })?;
    // A timeout of 0 makes the message receivable now.
    state.arrivals.notify_waiters();
    Ok(output)
}

pub(super) fn change_message_visibility_batch(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let entries = batch_entries(input, "ChangeMessageVisibilityBatchRequestEntry")?;
    let output = with_queue(state, context, input, |queue, now| {
        Ok(batch(&entries, |entry| {
            change_visibility_one(queue, entry, now)
        }))
    })?;
    state.arrivals.notify_waiters();
    Ok(output)
}
