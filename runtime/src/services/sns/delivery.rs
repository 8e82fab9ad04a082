//! Delivering a published message to a topic's subscriptions: the JSON envelope SNS
//! wraps messages in, SQS queues and Lambda functions of this backend, and the record of
//! every delivery (HTTP(S), email, SMS and mobile endpoints are never contacted).
//!
//! Envelopes are signed as SNS signs them, over the same fields, but with a digest in
//! place of SNS's private key (which no emulator has): the signature is deterministic
//! and will not verify against Amazon's certificate.
//! <https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html>

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

use super::filter_policy::{Attribute, Scope};
use super::model::{SnsDelivery, SnsState, Subscription, arn_parts};
use crate::services::Context;

/// A message as it was published, to be delivered.
#[derive(Debug, Clone)]
pub(super) struct Notification {
    pub(super) topic_arn: String,
    pub(super) message_id: String,
    pub(super) sequence_number: Option<String>,
    pub(super) subject: Option<String>,
    /// The message, or with `MessageStructure` `json` its entries by protocol.
    pub(super) message: Message,
    pub(super) attributes: BTreeMap<String, Attribute>,
    pub(super) group_id: Option<String>,
    pub(super) deduplication_id: Option<String>,
    pub(super) timestamp: String,
}

/// What was published.
#[derive(Debug, Clone)]
pub(super) enum Message {
    /// One text for every protocol.
    Text(String),
    /// `MessageStructure` `json`: a text per protocol and a `default` (checked present).
    PerProtocol(Map<String, Value>),
}

impl Message {
    /// The text `protocol`'s endpoint at `endpoint` gets: its own entry, else `default`.
    /// Mobile endpoints are keyed by platform (`GCM`, `APNS`...).
    pub(super) fn for_protocol(&self, protocol: &str, endpoint: &str) -> String {
        match self {
            Message::Text(text) => text.clone(),
            Message::PerProtocol(entries) => {
                let platform = (protocol == "application")
                    .then(|| {
                        arn_parts(endpoint)
                            .and_then(|(.., rest)| rest.strip_prefix("endpoint/"))
                            .and_then(|rest| rest.split('/').next())
                    })
                    .flatten();
                let entry = platform
                    .and_then(|platform| entries.get(platform))
                    .or_else(|| entries.get(protocol))
                    .or_else(|| entries.get("default"));
                match entry {
                    Some(Value::String(text)) => text.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                }
            }
        }
    }
}

/// The attributes as SNS writes them in envelopes and Lambda events.
fn attributes_json(attributes: &BTreeMap<String, Attribute>) -> Value {
    Value::Object(
        attributes
            .iter()
            .map(|(name, attribute)| {
                (
                    name.clone(),
                    json!({ "Type": attribute.data_type, "Value": attribute.value }),
                )
            })
            .collect(),
    )
}

/// A JSON object written as SNS writes envelopes: one member a line, `"Key" : value`.
fn render(members: &[(&str, Value)]) -> String {
    let lines: Vec<String> = members
        .iter()
        .map(|(key, value)| format!("  \"{key}\" : {value}"))
        .collect();
    format!("{{\n{}\n}}", lines.join(",\n"))
}

/// A stand-in for SNS's signature over `fields` (the string SNS signs): 256 bytes, as
/// an RSA-2048 signature is, base64.
fn signature(fields: &[(&str, &str)]) -> String {
    let mut signed = String::new();
    for (name, value) in fields {
        signed.push_str(name);
        signed.push('\n');
        signed.push_str(value);
        signed.push('\n');
    }
    let mut bytes = Vec::with_capacity(256);
    let mut digest = Sha256::digest(signed.as_bytes());
    while bytes.len() < 256 {
        bytes.extend_from_slice(digest.as_slice());
        digest = Sha256::digest(digest.as_slice());
    }
    STANDARD.encode(&bytes)
}

/// The certificate url of a region, named from the seeded source as SNS names its
/// certificates.
fn signing_cert_url(context: &Context<'_>, region: &str) -> String {
    let id = context.random.uuid4().replace('-', "");
    format!("https://sns.{region}.amazonaws.com/SimpleNotificationService-{id}.pem")
}

fn region_of(arn: &str) -> &str {
    arn_parts(arn).map_or("us-east-1", |(_, region, ..)| region)
}

fn unsubscribe_url(subscription_arn: &str) -> String {
    format!(
        "https://sns.{}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription_arn}",
        region_of(subscription_arn)
    )
}

/// The `Notification` envelope of `message` for `subscription`.
fn envelope(
    context: &Context<'_>,
    notification: &Notification,
    subscription: &Subscription,
    message: &str,
) -> String {
    let mut signed = vec![
        ("Message", message),
        ("MessageId", &notification.message_id),
    ];
    if let Some(subject) = &notification.subject {
        signed.push(("Subject", subject));
    }
    signed.extend([
        ("Timestamp", notification.timestamp.as_str()),
        ("TopicArn", notification.topic_arn.as_str()),
        ("Type", "Notification"),
    ]);
    let mut members = vec![
        ("Type", json!("Notification")),
        ("MessageId", json!(notification.message_id)),
    ];
    if let Some(sequence_number) = &notification.sequence_number {
        members.push(("SequenceNumber", json!(sequence_number)));
    }
    members.push(("TopicArn", json!(notification.topic_arn)));
    if let Some(subject) = &notification.subject {
        members.push(("Subject", json!(subject)));
    }
    members.extend([
        ("Message", json!(message)),
        ("Timestamp", json!(notification.timestamp)),
        ("SignatureVersion", json!("1")),
        ("Signature", json!(signature(&signed))),
        (
            "SigningCertURL",
            json!(signing_cert_url(
                context,
                region_of(&notification.topic_arn)
            )),
        ),
        ("UnsubscribeURL", json!(unsubscribe_url(&subscription.arn))),
    ]);
    if !notification.attributes.is_empty() {
        members.push((
            "MessageAttributes",
            attributes_json(&notification.attributes),
        ));
    }
    render(&members)
}

/// The message asking an HTTP(S) or email endpoint to confirm `subscription` (which
/// holds its token), as recorded: it is never sent.
pub(super) fn confirmation(context: &Context<'_>, subscription: &Subscription) -> SnsDelivery {
    let topic_arn = &subscription.topic_arn;
    let region = region_of(topic_arn);
    let message_id = context.random.uuid4();
    let timestamp = crate::protocol::time::iso8601_millis(context.clock.now());
    let message = format!(
        "You have chosen to subscribe to the topic {topic_arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message."
    );
    let subscribe_url = format!(
        "https://sns.{region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn={topic_arn}&Token={}",
        subscription.token
    );
    let signed = [
        ("Message", message.as_str()),
        ("MessageId", message_id.as_str()),
        ("SubscribeURL", subscribe_url.as_str()),
        ("Timestamp", timestamp.as_str()),
        ("Token", subscription.token.as_str()),
        ("TopicArn", topic_arn.as_str()),
        ("Type", "SubscriptionConfirmation"),
    ];
    let body = render(&[
        ("Type", json!("SubscriptionConfirmation")),
        ("MessageId", json!(message_id)),
        ("Token", json!(subscription.token)),
        ("TopicArn", json!(topic_arn)),
        ("Message", json!(message)),
        ("SubscribeURL", json!(subscribe_url)),
        ("Timestamp", json!(timestamp)),
        ("SignatureVersion", json!("1")),
        ("Signature", json!(signature(&signed))),
        ("SigningCertURL", json!(signing_cert_url(context, region))),
    ]);
    SnsDelivery {
        topic_arn: topic_arn.clone(),
        subscription_arn: subscription.arn.clone(),
        protocol: subscription.protocol.clone(),
        endpoint: subscription.endpoint.clone(),
        message_type: "SubscriptionConfirmation".into(),
        message_id,
        subject: None,
        message,
        body,
    }
}

/// Whether `subscription`'s filter policy lets `notification` through.
fn passes_filter(subscription: &Subscription, notification: &Notification) -> bool {
    let Some(policy) = &subscription.filter else {
        return true;
    };
    match subscription.scope() {
        Scope::MessageAttributes => policy.matches_attributes(&notification.attributes),
        Scope::MessageBody => policy.matches_body(
            &notification
                .message
                .for_protocol(&subscription.protocol, &subscription.endpoint),
        ),
    }
}

/// SendMessage's input for delivering `body` to the SQS queue of `subscription`.
fn sqs_message(notification: &Notification, subscription: &Subscription, body: String) -> Value {
    let mut message = json!({ "MessageBody": body });
    if subscription.raw_delivery() && !notification.attributes.is_empty() {
        let attributes: Map<String, Value> = notification
            .attributes
            .iter()
            .map(|(name, attribute)| {
                let member = if attribute.data_type.starts_with("Binary") {
                    "BinaryValue"
                } else {
                    "StringValue"
                };
                (
                    name.clone(),
                    json!({ "DataType": attribute.data_type, member: attribute.value }),
                )
            })
            .collect();
        message["MessageAttributes"] = Value::Object(attributes);
    }
    if subscription.endpoint.ends_with(".fifo") {
        if let Some(group_id) = &notification.group_id {
            message["MessageGroupId"] = json!(group_id);
        }
        if let Some(deduplication_id) = &notification.deduplication_id {
            message["MessageDeduplicationId"] = json!(deduplication_id);
        }
    }
    message
}

/// The event Lambda gets from SNS.
fn lambda_event(
    context: &Context<'_>,
    notification: &Notification,
    subscription: &Subscription,
    message: &str,
) -> Value {
    let envelope: Value =
        serde_json::from_str(&envelope(context, notification, subscription, message))
            .unwrap_or_default();
    let field = |name: &str| envelope.get(name).cloned().unwrap_or(Value::Null);
    json!({
        "Records": [{
            "EventSource": "aws:sns",
            "EventVersion": "1.0",
            "EventSubscriptionArn": subscription.arn,
            "Sns": {
                "Type": "Notification",
                "MessageId": notification.message_id,
                "TopicArn": notification.topic_arn,
                "Subject": notification.subject,
                "Message": message,
                "Timestamp": notification.timestamp,
                "SignatureVersion": "1",
                "Signature": field("Signature"),
                "SigningCertUrl": field("SigningCertURL"),
                "UnsubscribeUrl": field("UnsubscribeURL"),
                "MessageAttributes": attributes_json(&notification.attributes),
            }
        }]
    })
}

/// Runs the Lambda function `function_arn` of this backend on `event`, as an
/// asynchronous invocation (its handler's result is dropped, as Lambda drops it). A
/// function that does not exist gets nothing, as in AWS. EventBridge invokes its Lambda
/// targets the same way.
pub(crate) async fn invoke_lambda(context: &Context<'_>, function_arn: &str, event: &Value) {
    let Some((_, region, account, _)) = arn_parts(function_arn) else {
        return;
    };
    let lambda = context.services.lambda();
    if !lambda.has_function(region, account, function_arn) {
        tracing::info!(
            function = function_arn,
            "no such function: SNS delivery dropped"
        );
        return;
    }
    let response =
        crate::services::lambda::invoke_for(lambda, context, region, function_arn, "Event", event)
            .await;
    if !response.status().is_success() {
        tracing::warn!(
            function = function_arn,
            status = response.status().as_u16(),
            "SNS could not invoke its Lambda subscriber"
        );
    }
}

/// Delivers `notification` to each of `subscriptions` (confirmed ones of its topic) that
/// its filter policy lets through, and records every delivery.
pub(super) async fn deliver(
    state: &SnsState,
    context: &Context<'_>,
    notification: &Notification,
    subscriptions: &[Subscription],
) {
    for subscription in subscriptions {
        if !subscription.confirmed || !passes_filter(subscription, notification) {
            continue;
        }
        let message = notification
            .message
            .for_protocol(&subscription.protocol, &subscription.endpoint);
        let body = match subscription.protocol.as_str() {
            "sqs" | "http" | "https" | "firehose" if subscription.raw_delivery() => message.clone(),
            "sqs" | "http" | "https" | "firehose" | "email-json" => {
                envelope(context, notification, subscription, &message)
            }
            "lambda" => lambda_event(context, notification, subscription, &message).to_string(),
            _ => message.clone(),
        };
        match subscription.protocol.as_str() {
            "sqs" => {
                let input = sqs_message(notification, subscription, body.clone());
                match context
                    .services
                    .sqs()
                    .send_to_arn(context, &subscription.endpoint, &input)
                {
                    None => tracing::info!(
                        queue = %subscription.endpoint,
                        "no such queue: SNS delivery dropped"
                    ),
                    Some(Err(failure)) => tracing::warn!(
                        queue = %subscription.endpoint,
                        %failure,
                        "the queue refused SNS's message"
                    ),
                    Some(Ok(_)) => {
                        // The queue's event source mappings read what SNS delivered.
                        context
                            .services
                            .lambda()
                            .poll_queue(context, &subscription.endpoint)
                            .await;
                    }
                }
            }
            "lambda" => {
                let event: Value = serde_json::from_str(&body).unwrap_or_default();
                invoke_lambda(context, &subscription.endpoint, &event).await;
            }
            _ => {}
        }
        state.lock().deliveries.push(SnsDelivery {
            topic_arn: notification.topic_arn.clone(),
            subscription_arn: subscription.arn.clone(),
            protocol: subscription.protocol.clone(),
            endpoint: subscription.endpoint.clone(),
            message_type: "Notification".into(),
            message_id: notification.message_id.clone(),
            subject: notification.subject.clone(),
            message,
            body,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_are_written_one_member_a_line() {
        assert_eq!(
            render(&[
                ("Type", json!("Notification")),
                ("Message", json!("a \"b\""))
            ]),
            "{\n  \"Type\" : \"Notification\",\n  \"Message\" : \"a \\\"b\\\"\"\n}"
        );
    }

    #[test]
    fn signatures_are_deterministic_and_as_long_as_rsa_ones() {
        let one = signature(&[("Message", "hi")]);
        assert_eq!(one, signature(&[("Message", "hi")]));
        assert_ne!(one, signature(&[("Message", "ho")]));
        assert_eq!(STANDARD.decode(&one).unwrap().len(), 256);
    }

    #[test]
    fn structured_messages_pick_the_protocol_entry_or_default() {
        let entries = json!({"default": "plain", "sqs": "for queues", "GCM": "{\"n\":1}"});
        let Value::Object(entries) = entries else {
            unreachable!()
        };
        let message = Message::PerProtocol(entries);
        assert_eq!(message.for_protocol("sqs", ""), "for queues");
        assert_eq!(message.for_protocol("email", ""), "plain");
        assert_eq!(
            message.for_protocol(
                "application",
                "arn:aws:sns:us-east-1:123456789012:endpoint/GCM/app/1"
            ),
            "{\"n\":1}"
        );
    }
}
