//! Topics: CreateTopic, DeleteTopic, their attributes, ListTopics and their tags.

use serde_json::{Value, json};

use super::error;
use super::input::{attribute_map, page, required, text};
use super::model::{Resources, SnsState, Tags, Topic, topic_arn};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The most tags a topic may have.
const MAXIMUM_TAGS: usize = 50;

/// The delivery policy a topic without one reports, as SNS writes it.
const DEFAULT_EFFECTIVE_DELIVERY_POLICY: &str = r#"{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}"#;

/// Attributes SetTopicAttributes may change (besides the delivery status logging ones).
const SETTABLE: [&str; 9] = [
    "ArchivePolicy",
    "ContentBasedDeduplication",
    "DeliveryPolicy",
    "DisplayName",
    "FifoThroughputScope",
    "KmsMasterKeyId",
    "Policy",
    "SignatureVersion",
    "TracingConfig",
];

/// The delivery status logging attributes: `<Protocol><Kind>` for each protocol SNS logs.
fn is_logging_attribute(name: &str) -> bool {
    ["Application", "Firehose", "HTTP", "Lambda", "SQS"]
        .iter()
        .any(|protocol| {
            name.strip_prefix(protocol).is_some_and(|kind| {
                matches!(
                    kind,
                    "SuccessFeedbackRoleArn"
                        | "SuccessFeedbackSampleRate"
                        | "FailureFeedbackRoleArn"
                )
            })
        })
}

/// The policy SNS gives a new topic: its account may do anything to it.
fn default_policy(arn: &str, account_id: &str) -> String {
    format!(
        r#"{{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"{arn}","Condition":{{"StringEquals":{{"AWS:SourceOwner":"{account_id}"}}}}}}]}}"#
    )
}

fn is_true(value: &str) -> bool {
    value.eq_ignore_ascii_case("true")
}

/// Checks one attribute's value for a topic that is (or is to be) FIFO or not.
fn check_attribute(name: &str, value: &str, fifo: bool) -> Result<(), ServiceError> {
    let refusal = match name {
        "Policy" | "DeliveryPolicy" | "ArchivePolicy"
            if !value.is_empty() && serde_json::from_str::<Value>(value).is_err() =>
        {
            format!("{name} Error: the value is not valid JSON")
        }
        "ContentBasedDeduplication" if !is_true(value) && !value.eq_ignore_ascii_case("false") => {
            format!(
                "ContentBasedDeduplication Reason: Invalid value [{value}] for ContentBasedDeduplication. Must be true or false."
            )
        }
        "ContentBasedDeduplication" if !fifo && is_true(value) => {
            "ContentBasedDeduplication Reason: Content based deduplication can only be set for FIFO topics".to_owned()
        }
        "SignatureVersion" if value != "1" && value != "2" => {
            "Attributes Reason: SignatureVersion: Invalid value. Valid values are 1 and 2.".to_owned()
        }
        "TracingConfig" if value != "PassThrough" && value != "Active" => {
            "Attributes Reason: TracingConfig: Invalid value. Valid values are PassThrough and Active.".to_owned()
        }
        _ => return Ok(()),
    };
    Err(error::invalid_parameter(refusal))
}

/// Whether a topic `name` is valid, for a FIFO topic or not.
fn check_name(name: &str, fifo: bool) -> Result<(), ServiceError> {
    let stem = if fifo {
        name.strip_suffix(".fifo")
    } else {
        Some(name)
    };
    let valid = stem.is_some_and(|stem| {
        !stem.is_empty()
            && name.len() <= 256
            && stem
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
    });
    if valid {
        return Ok(());
    }
    Err(error::invalid_parameter_message(if fifo {
        "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
    } else {
        "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
    }))
}

/// Tags given as `[{Key, Value}]`.
fn tags_of(input: &Value) -> Tags {
    input
        .get("Tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .map(|tag| {
                    (
                        text(tag, "Key").unwrap_or_default().to_owned(),
                        text(tag, "Value").unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// CreateTopic: a new topic, or the one of that name when asked again with the same
/// attributes and tags.
pub(super) fn create_topic(state: &SnsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let name = required(input, "Name")?;
    let attributes = attribute_map(input, "Attributes");
    let fifo = attributes
        .get("FifoTopic")
        .is_some_and(|value| is_true(value));
    if let Some(value) = attributes.get("FifoTopic")
        && !is_true(value)
        && !value.eq_ignore_ascii_case("false")
    {
        return Err(error::invalid_parameter(format!(
            "Attributes Reason: FifoTopic: Invalid value [{value}]. Must be true or false."
        )));
    }
    check_name(name, fifo)?;
    for (attribute, value) in &attributes {
        if attribute != "FifoTopic"
            && !SETTABLE.contains(&attribute.as_str())
            && !is_logging_attribute(attribute)
        {
            return Err(error::invalid_parameter(format!(
                "Attributes Reason: Unknown attribute: {attribute}"
            )));
        }
        check_attribute(attribute, value, fifo)?;
    }
    let tags = tags_of(input);
    if tags.len() > MAXIMUM_TAGS {
        return Err(error::tag_limit_exceeded());
    }
    let region = &context.route.region;
    let arn = topic_arn(region, context.account_id, name);
    let mut resources = state.lock();
    if let Some(existing) = resources.topic(&arn) {
        let same_attributes = attributes.iter().all(|(attribute, value)| {
            let current = existing.attributes.get(attribute);
            match attribute.as_str() {
                "FifoTopic" | "ContentBasedDeduplication" => {
                    is_true(value) == current.is_some_and(|current| is_true(current))
                }
                _ => current == Some(value),
            }
        });
        if !same_attributes {
            return Err(error::invalid_parameter(
                "Attributes Reason: Topic already exists with different attributes",
            ));
        }
        if !tags.is_empty() && !tags.same_as(&existing.tags) {
            return Err(error::invalid_parameter(
                "Tags Reason: Topic already exists with different tags",
            ));
        }
        return Ok(json!({ "TopicArn": arn }));
    }
    let mut stored = attributes;
    if !fifo {
        stored.remove("FifoTopic");
    }
    resources.topics.push(Topic {
        arn: arn.clone(),
        region: region.clone(),
        attributes: stored,
        tags,
        subscriptions_deleted: 0,
        sequence_number: 0,
    });
    Ok(json!({ "TopicArn": arn }))
}

/// The topic `arn`, if it exists in the request's region.
fn topic_in_region<'a>(
    resources: &'a mut Resources,
    context: &Context<'_>,
    arn: &str,
) -> Result<&'a mut Topic, ServiceError> {
    resources
        .topic_in_mut(arn, &context.route.region)
        .ok_or_else(error::topic_not_found)
}

/// DeleteTopic: the topic and its subscriptions go; an unknown topic is no error.
pub(super) fn delete_topic(state: &SnsState, _context: &Context<'_>, input: Input<'_>) -> Answer {
    let arn = required(&input.value, "TopicArn")?;
    let mut resources = state.lock();
    resources.topics.retain(|topic| topic.arn != arn);
    resources
        .subscriptions
        .retain(|subscription| subscription.topic_arn != arn);
    Ok(json!({}))
}

/// GetTopicAttributes: what was set, and what SNS computes (owner, policy, counts).
pub(super) fn get_topic_attributes(
    state: &SnsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = required(&input.value, "TopicArn")?;
    let mut resources = state.lock();
    let topic = topic_in_region(&mut resources, context, arn)?.clone();
    let (mut confirmed, mut pending) = (0u64, 0u64);
    for subscription in resources.subscriptions_of(arn) {
        if subscription.confirmed {
            confirmed += 1;
        } else {
            pending += 1;
        }
    }
    let mut attributes = serde_json::Map::new();
    for (name, value) in &topic.attributes {
        attributes.insert(name.clone(), json!(value));
    }
    attributes
        .entry("Policy")
        .or_insert_with(|| json!(default_policy(&topic.arn, context.account_id)));
    attributes.entry("DisplayName").or_insert_with(|| json!(""));
    attributes.insert("Owner".into(), json!(context.account_id));
    attributes.insert("TopicArn".into(), json!(topic.arn));
    attributes.insert(
        "SubscriptionsConfirmed".into(),
        json!(confirmed.to_string()),
    );
    attributes.insert("SubscriptionsPending".into(), json!(pending.to_string()));
    attributes.insert(
        "SubscriptionsDeleted".into(),
        json!(topic.subscriptions_deleted.to_string()),
    );
    let effective = topic
        .attributes
        .get("DeliveryPolicy")
        .filter(|policy| !policy.is_empty())
        .cloned()
        .unwrap_or_else(|| DEFAULT_EFFECTIVE_DELIVERY_POLICY.to_owned());
    attributes.insert("EffectiveDeliveryPolicy".into(), json!(effective));
    if topic.is_fifo() {
        attributes.insert("FifoTopic".into(), json!("true"));
        attributes.insert(
            "ContentBasedDeduplication".into(),
            json!(topic.flag("ContentBasedDeduplication").to_string()),
        );
    }
    Ok(json!({ "Attributes": attributes }))
}

/// SetTopicAttributes: one attribute; `FifoTopic` cannot change.
pub(super) fn set_topic_attributes(
    state: &SnsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let arn = required(input, "TopicArn")?;
    let name = required(input, "AttributeName")?;
    let value = text(input, "AttributeValue").unwrap_or_default();
    let mut resources = state.lock();
    let topic = topic_in_region(&mut resources, context, arn)?;
    if !SETTABLE.contains(&name) && !is_logging_attribute(name) {
        return Err(error::invalid_parameter("AttributeName"));
    }
    check_attribute(name, value, topic.is_fifo())?;
    let value = if name == "ContentBasedDeduplication" {
        value.to_ascii_lowercase()
    } else {
        value.to_owned()
    };
    topic.attributes.insert(name.to_owned(), value);
    Ok(json!({}))
}

/// ListTopics: the region's topics, 100 a page.
pub(super) fn list_topics(state: &SnsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let resources = state.lock();
    let arns: Vec<Value> = resources
        .topics
        .iter()
        .filter(|topic| topic.region == context.route.region)
        .map(|topic| json!({ "TopicArn": topic.arn }))
        .collect();
    let (topics, next_token) = page(&arns, text(&input.value, "NextToken"))?;
    let mut output = json!({ "Topics": topics });
    if let Some(token) = next_token {
        output["NextToken"] = json!(token);
    }
    Ok(output)
}

/// The topic a tagging operation names, by its `ResourceArn`.
fn tagged<'a>(
    resources: &'a mut Resources,
    context: &Context<'_>,
    input: &Value,
) -> Result<&'a mut Topic, ServiceError> {
    let arn = required(input, "ResourceArn")?;
    resources
        .topic_in_mut(arn, &context.route.region)
        .ok_or_else(error::resource_not_found)
}

/// TagResource: adds or replaces tags, up to 50.
pub(super) fn tag_resource(state: &SnsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let mut resources = state.lock();
    let topic = tagged(&mut resources, context, &input.value)?;
    let mut tags = topic.tags.clone();
    for (key, value) in tags_of(&input.value).iter() {
        tags.set(key.clone(), value.clone());
    }
    if tags.len() > MAXIMUM_TAGS {
        return Err(error::tag_limit_exceeded());
    }
    topic.tags = tags;
    Ok(json!({}))
}

/// UntagResource: removes tags by key; unknown keys are no error.
pub(super) fn untag_resource(state: &SnsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let mut resources = state.lock();
    let topic = tagged(&mut resources, context, &input.value)?;
    for key in input
        .value
        .get("TagKeys")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        topic.tags.remove(key);
    }
    Ok(json!({}))
}

/// ListTagsForResource.
pub(super) fn list_tags_for_resource(
    state: &SnsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let mut resources = state.lock();
    let topic = tagged(&mut resources, context, &input.value)?;
    let tags: Vec<Value> = topic
        .tags
        .iter()
        .map(|(key, value)| json!({ "Key": key, "Value": value }))
        .collect();
    Ok(json!({ "Tags": tags }))
}
