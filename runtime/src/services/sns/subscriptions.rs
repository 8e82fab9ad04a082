//! Subscriptions: Subscribe, ConfirmSubscription, Unsubscribe, their attributes and the
//! two list operations.
//!
//! SQS, Lambda, SMS and mobile subscriptions are confirmed at once; HTTP(S) and email
//! endpoints are sent a `SubscriptionConfirmation` (recorded, never sent) and stay
//! pending until ConfirmSubscription presents its token, as in AWS.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::delivery;
use super::error;
use super::filter_policy::{FilterPolicy, Scope};
use super::input::{attribute_map, page, required, text};
use super::model::{Resources, SnsState, Subscription, arn_parts, needs_confirmation};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// What Subscribe and the list operations show instead of the ARN of a subscription that
/// is not confirmed yet.
const PENDING_ARN: &str = "PendingConfirmation";

/// What Subscribe answers for a pending subscription unless `ReturnSubscriptionArn`.
const PENDING_ANSWER: &str = "pending confirmation";

/// The attributes a subscription may have.
const ATTRIBUTES: [&str; 7] = [
    "DeliveryPolicy",
    "FilterPolicy",
    "FilterPolicyScope",
    "RawMessageDelivery",
    "RedrivePolicy",
    "ReplayPolicy",
    "SubscriptionRoleArn",
];

/// Protocols whose endpoints may take messages raw.
const RAW_PROTOCOLS: [&str; 4] = ["sqs", "http", "https", "firehose"];

/// Whether `number` is a phone number SNS texts: E.164 once `.`, `-` and `/` are
/// dropped, which may not start, end or come two in a row.
fn is_phone_number(number: &str) -> bool {
    let separator = |byte: u8| matches!(byte, b'.' | b'-' | b'/');
    let bytes = number.as_bytes();
    if bytes.first().copied().is_some_and(separator)
        || bytes.last().copied().is_some_and(separator)
        || bytes
            .windows(2)
            .any(|pair| pair.iter().all(|byte| separator(*byte)))
    {
        return false;
    }
    let digits: String = number.chars().filter(|c| !".-/".contains(*c)).collect();
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|byte| byte.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Checks that `endpoint` suits `protocol`.
fn check_endpoint(protocol: &str, endpoint: &str, fifo_topic: bool) -> Result<(), ServiceError> {
    let service = arn_parts(endpoint).map(|(service, ..)| service);
    match protocol {
        "http" | "https" => {
            if !endpoint.starts_with(&format!("{protocol}://")) {
                return Err(error::invalid_parameter(
                    "Endpoint must match the specified protocol",
                ));
            }
        }
        "email" | "email-json" => {
            if !endpoint.contains('@') {
                return Err(error::invalid_parameter("Email address"));
            }
        }
        "sms" => {
            if !is_phone_number(endpoint) {
                return Err(error::invalid_parameter_message(format!(
                    "Invalid SMS endpoint: {endpoint}"
                )));
            }
        }
        "sqs" => {
            if service != Some("sqs") {
                return Err(error::invalid_parameter("SQS endpoint ARN"));
            }
            if !fifo_topic && endpoint.ends_with(".fifo") {
                return Err(error::invalid_parameter(
                    "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics",
                ));
            }
        }
        "lambda" => {
            let function = arn_parts(endpoint).is_some_and(|(service, _, _, rest)| {
                service == "lambda" && rest.starts_with("function:")
            });
            if !function {
                return Err(error::invalid_parameter("Lambda endpoint ARN"));
            }
        }
        "firehose" => {
            if service != Some("firehose") {
                return Err(error::invalid_parameter("Firehose endpoint ARN"));
            }
        }
        "application" => {
            let platform_endpoint = arn_parts(endpoint).is_some_and(|(service, _, _, rest)| {
                service == "sns" && rest.starts_with("endpoint/")
            });
            if !platform_endpoint {
                return Err(error::invalid_parameter(format!(
                    "Endpoint Reason: Endpoint does not exist for endpoint arn{endpoint}"
                )));
            }
        }
        other => {
            return Err(error::invalid_parameter(format!(
                "Amazon SNS does not support this protocol string: {other}"
            )));
        }
    }
    Ok(())
}

/// Sets attribute `name` of `subscription` to `value`, checked; the reason of a refusal
/// (after `Invalid parameter: `).
fn set_attribute(subscription: &mut Subscription, name: &str, value: &str) -> Result<(), String> {
    match name {
        "RawMessageDelivery" => {
            if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") {
                return Err(format!(
                    "RawMessageDelivery: Invalid value [{value}]. Must be true or false."
                ));
            }
            if !RAW_PROTOCOLS.contains(&subscription.protocol.as_str()) {
                return Err(format!(
                    "Delivery protocol [{}] does not support raw message delivery.",
                    subscription.protocol
                ));
            }
            subscription
                .attributes
                .insert(name.to_owned(), value.to_ascii_lowercase());
        }
        "FilterPolicyScope" => {
            let scope = Scope::parse(value).ok_or_else(|| {
                format!(
                    "FilterPolicyScope: Invalid value [{value}]. Please use either MessageBody or MessageAttributes"
                )
            })?;
            if let Some(policy) = subscription.attributes.get("FilterPolicy") {
                subscription.filter = Some(FilterPolicy::parse(policy, scope)?);
            }
            subscription
                .attributes
                .insert(name.to_owned(), value.to_owned());
        }
        "FilterPolicy" => {
            if value.trim().is_empty() || value.trim() == "{}" {
                subscription.filter = None;
                subscription.attributes.remove(name);
                return Ok(());
            }
            subscription.filter = Some(FilterPolicy::parse(value, subscription.scope())?);
            subscription
                .attributes
                .insert(name.to_owned(), value.to_owned());
        }
        "RedrivePolicy" => {
            let target = serde_json::from_str::<Value>(value)
                .ok()
                .and_then(|policy| policy.get("deadLetterTargetArn").cloned());
            let is_queue = target
                .as_ref()
                .and_then(Value::as_str)
                .and_then(arn_parts)
                .is_some_and(|(service, ..)| service == "sqs");
            if !is_queue {
                return Err(format!(
                    "RedrivePolicy: Invalid RedrivePolicy: deadLetterTargetArn must be the ARN of an SQS queue: {value}"
                ));
            }
            subscription
                .attributes
                .insert(name.to_owned(), value.to_owned());
        }
        "DeliveryPolicy" | "ReplayPolicy" => {
            if serde_json::from_str::<Value>(value).is_err() {
                return Err(format!("{name}: the value is not valid JSON"));
            }
            subscription
                .attributes
                .insert(name.to_owned(), value.to_owned());
        }
        "SubscriptionRoleArn" => {
            subscription
                .attributes
                .insert(name.to_owned(), value.to_owned());
        }
        _ => return Err("AttributeName".to_owned()),
    }
    Ok(())
}

/// Subscribe: a subscription of the endpoint to the topic, or the same one again.
pub(super) fn subscribe(state: &SnsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let topic_arn = required(input, "TopicArn")?;
    let protocol = required(input, "Protocol")?;
    let endpoint = text(input, "Endpoint").unwrap_or_default();
    let return_arn = input
        .get("ReturnSubscriptionArn")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let attributes = attribute_map(input, "Attributes");
    let mut resources = state.lock();
    let topic = resources
        .topic_in(topic_arn, &context.route.region)
        .ok_or_else(error::topic_not_found)?;
    let fifo_topic = topic.is_fifo();
    if endpoint.is_empty() {
        return Err(error::invalid_parameter("Endpoint"));
    }
    check_endpoint(protocol, endpoint, fifo_topic)?;
    if let Some(unknown) = attributes
        .keys()
        .find(|name| !ATTRIBUTES.contains(&name.as_str()))
    {
        return Err(error::invalid_parameter(format!(
            "Attributes Reason: Unknown attribute: {unknown}"
        )));
    }
    let confirmed = !needs_confirmation(protocol);
    let mut subscription = Subscription {
        arn: String::new(),
        topic_arn: topic_arn.to_owned(),
        protocol: protocol.to_owned(),
        endpoint: endpoint.to_owned(),
        owner: context.account_id.to_owned(),
        confirmed,
        token: String::new(),
        attributes: BTreeMap::new(),
        filter: None,
    };
    // The scope first: the policy is read in it.
    let ordered = attributes
        .iter()
        .filter(|(name, _)| *name == "FilterPolicyScope")
        .chain(
            attributes
                .iter()
                .filter(|(name, _)| *name != "FilterPolicyScope"),
        );
    for (name, value) in ordered {
        set_attribute(&mut subscription, name, value)
            .map_err(|reason| error::invalid_parameter(format!("Attributes Reason: {reason}")))?;
    }
    if let Some(existing) = resources.subscriptions.iter().find(|existing| {
        existing.topic_arn == topic_arn
            && existing.protocol == protocol
            && existing.endpoint == endpoint
    }) {
        if !attributes.is_empty() && existing.attributes != subscription.attributes {
            return Err(error::invalid_parameter(
                "Attributes Reason: Subscription already exists with different attributes",
            ));
        }
        return Ok(json!({ "SubscriptionArn": shown_arn(existing, return_arn) }));
    }
    // Ids are drawn for new subscriptions only, so asking again shifts no later id.
    subscription.arn = format!("{topic_arn}:{}", context.random.uuid4());
    if !confirmed {
        subscription.token = context.random.get_random_hex(128);
        let confirmation = delivery::confirmation(context, &subscription);
        resources.deliveries.push(confirmation);
    }
    let answer = shown_arn(&subscription, return_arn);
    resources.subscriptions.push(subscription);
    Ok(json!({ "SubscriptionArn": answer }))
}

/// The ARN Subscribe answers: the subscription's, or `pending confirmation` for one that
/// is not confirmed yet unless the caller asked for the ARN.
fn shown_arn(subscription: &Subscription, return_arn: bool) -> String {
    if subscription.confirmed || return_arn {
        subscription.arn.clone()
    } else {
        PENDING_ANSWER.to_owned()
    }
}

/// ConfirmSubscription: confirms the pending subscription the token was sent for.
pub(super) fn confirm_subscription(
    state: &SnsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let topic_arn = required(input, "TopicArn")?;
    let token = required(input, "Token")?;
    let authenticated = text(input, "AuthenticateOnUnsubscribe")
        .is_some_and(|value| value.eq_ignore_ascii_case("true"));
    let mut resources = state.lock();
    if resources
        .topic_in(topic_arn, &context.route.region)
        .is_none()
    {
        return Err(error::topic_not_found());
    }
    let subscription = resources
        .subscriptions
        .iter_mut()
        .find(|subscription| {
            subscription.topic_arn == topic_arn
                && !subscription.token.is_empty()
                && subscription.token == token
        })
        .ok_or_else(|| error::invalid_parameter("Token"))?;
    subscription.confirmed = true;
    if authenticated {
        subscription
            .attributes
            .insert("ConfirmationWasAuthenticated".into(), "true".into());
    }
    Ok(json!({ "SubscriptionArn": subscription.arn }))
}

/// Unsubscribe: the subscription goes; an unknown one is no error.
pub(super) fn unsubscribe(state: &SnsState, _context: &Context<'_>, input: Input<'_>) -> Answer {
    let arn = required(&input.value, "SubscriptionArn")?;
    if arn_parts(arn).is_none() {
        return Err(error::invalid_parameter(
            "SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
        ));
    }
    let mut resources = state.lock();
    let Some(index) = resources
        .subscriptions
        .iter()
        .position(|subscription| subscription.arn == arn)
    else {
        return Ok(json!({}));
    };
    let removed = resources.subscriptions.remove(index);
    if let Some(topic) = resources.topic_mut(&removed.topic_arn) {
        topic.subscriptions_deleted += 1;
    }
    Ok(json!({}))
}

fn subscription_in<'a>(
    resources: &'a mut Resources,
    arn: &str,
) -> Result<&'a mut Subscription, ServiceError> {
    resources
        .subscription_mut(arn)
        .ok_or_else(error::subscription_not_found)
}

/// GetSubscriptionAttributes.
pub(super) fn get_subscription_attributes(
    state: &SnsState,
    _context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let arn = required(&input.value, "SubscriptionArn")?;
    let mut resources = state.lock();
    let subscription = subscription_in(&mut resources, arn)?;
    let mut attributes = serde_json::Map::new();
    for (name, value) in &subscription.attributes {
        attributes.insert(name.clone(), json!(value));
    }
    let authenticated = subscription
        .attributes
        .get("ConfirmationWasAuthenticated")
        .cloned();
    attributes.insert(
        "ConfirmationWasAuthenticated".into(),
        json!(
            authenticated
                .unwrap_or_else(|| (!needs_confirmation(&subscription.protocol)).to_string())
        ),
    );
    attributes.insert("Endpoint".into(), json!(subscription.endpoint));
    attributes.insert("Owner".into(), json!(subscription.owner));
    attributes.insert(
        "PendingConfirmation".into(),
        json!((!subscription.confirmed).to_string()),
    );
    attributes.insert("Protocol".into(), json!(subscription.protocol));
    attributes
        .entry("RawMessageDelivery")
        .or_insert_with(|| json!("false"));
    attributes.insert("SubscriptionArn".into(), json!(subscription.arn));
    attributes.insert("TopicArn".into(), json!(subscription.topic_arn));
    if subscription.attributes.contains_key("FilterPolicy") {
        attributes
            .entry("FilterPolicyScope")
            .or_insert_with(|| json!("MessageAttributes"));
    } else {
        attributes.remove("FilterPolicyScope");
    }
    Ok(json!({ "Attributes": attributes }))
}

/// SetSubscriptionAttributes: one attribute, checked as Subscribe checks it.
pub(super) fn set_subscription_attributes(
    state: &SnsState,
    _context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let arn = required(input, "SubscriptionArn")?;
    let name = required(input, "AttributeName")?;
    let value = text(input, "AttributeValue").unwrap_or_default();
    let mut resources = state.lock();
    let subscription = subscription_in(&mut resources, arn)?;
    let mut changed = subscription.clone();
    set_attribute(&mut changed, name, value).map_err(error::invalid_parameter)?;
    *subscription = changed;
    Ok(json!({}))
}

/// A subscription as the list operations show it.
fn listed(subscription: &Subscription) -> Value {
    json!({
        "SubscriptionArn": if subscription.confirmed { subscription.arn.as_str() } else { PENDING_ARN },
        "Owner": subscription.owner,
        "Protocol": subscription.protocol,
        "Endpoint": subscription.endpoint,
        "TopicArn": subscription.topic_arn,
    })
}

fn list_answer(listed: &[Value], next_token: Option<&str>) -> Answer {
    let (subscriptions, next_token) = page(listed, next_token)?;
    let mut output = json!({ "Subscriptions": subscriptions });
    if let Some(token) = next_token {
        output["NextToken"] = json!(token);
    }
    Ok(output)
}

/// ListSubscriptions: the subscriptions to the region's topics, 100 a page.
pub(super) fn list_subscriptions(
    state: &SnsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let resources = state.lock();
    let all: Vec<Value> = resources
        .subscriptions
        .iter()
        .filter(|subscription| {
            resources
                .topic_in(&subscription.topic_arn, &context.route.region)
                .is_some()
        })
        .map(listed)
        .collect();
    list_answer(&all, text(&input.value, "NextToken"))
}

/// ListSubscriptionsByTopic: one topic's subscriptions, 100 a page.
pub(super) fn list_subscriptions_by_topic(
    state: &SnsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let topic_arn = required(&input.value, "TopicArn")?;
    let resources = state.lock();
    if resources
        .topic_in(topic_arn, &context.route.region)
        .is_none()
    {
        return Err(error::topic_not_found());
    }
    let all: Vec<Value> = resources.subscriptions_of(topic_arn).map(listed).collect();
    list_answer(&all, text(&input.value, "NextToken"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_e164_with_separators() {
        assert!(is_phone_number("+15555550100"));
        assert!(is_phone_number("+1-555-555-0100"));
        assert!(!is_phone_number("+1--555"));
        assert!(!is_phone_number("-15555550100"));
        assert!(!is_phone_number("+0123"));
        assert!(!is_phone_number("call me"));
    }
}
