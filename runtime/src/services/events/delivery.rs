//! Delivering matched events to a rule's targets in this backend: SQS queues, SNS
//! topics and Lambda functions. Other targets (API destinations, Kinesis, Step
//! Functions...) are kept on their rules and never contacted.

use serde_json::{Value, json};

use super::transform::{self, RuleNames, select};
use crate::services::Context;

/// One event on its way to one target.
#[derive(Debug, Clone)]
pub(super) struct Delivery {
    /// The target as PutTargets gave it.
    pub(super) target: Value,
    /// The rule's name and ARN, for templates' predefined variables.
    pub(super) rule_name: String,
    pub(super) rule_arn: String,
    /// The event, in AWS's envelope.
    pub(super) event: Value,
    /// When EventBridge took the event in (`aws.events.event.ingestion-time`).
    pub(super) ingestion_time: String,
}

impl Delivery {
    /// What the target receives: `Input`, the part `InputPath` selects, the
    /// InputTransformer's text, or the whole event.
    pub(super) fn payload(&self) -> String {
        let target = &self.target;
        if let Some(input) = target.get("Input").and_then(Value::as_str) {
            return input.to_owned();
        }
        if let Some(path) = target.get("InputPath").and_then(Value::as_str) {
            return select(&self.event, path).map_or_else(|| "null".to_owned(), Value::to_string);
        }
        if let Some(transformer) = target.get("InputTransformer") {
            let paths = transformer
                .get("InputPathsMap")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let template = transformer
                .get("InputTemplate")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let rule = RuleNames {
                name: &self.rule_name,
                arn: &self.rule_arn,
            };
            return transform::transform(
                &paths,
                template,
                &self.event,
                &rule,
                &self.ingestion_time,
            );
        }
        envelope_text(&self.event)
    }

    fn arn(&self) -> &str {
        self.target
            .get("Arn")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// The members of an event, in the order AWS writes them.
const ENVELOPE_ORDER: &[&str] = &[
    "version",
    "id",
    "detail-type",
    "source",
    "account",
    "time",
    "region",
    "resources",
    "detail",
];

/// An event as JSON text, its members in AWS's order (any others after them).
pub(super) fn envelope_text(event: &Value) -> String {
    let Some(members) = event.as_object() else {
        return event.to_string();
    };
    let ordered = ENVELOPE_ORDER
        .iter()
        .filter_map(|name| members.get_key_value(*name))
        .chain(
            members
                .iter()
                .filter(|(name, _)| !ENVELOPE_ORDER.contains(&name.as_str())),
        )
        .map(|(name, value)| format!("{}:{value}", Value::String(name.clone())))
        .collect::<Vec<_>>();
    format!("{{{}}}", ordered.join(","))
}

/// The service an ARN belongs to (`sqs`, `sns`, `lambda`...).
fn service_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(2)
}

/// Delivers each of `deliveries`, in order.
pub(super) async fn deliver(context: &Context<'_>, deliveries: &[Delivery]) {
    for delivery in deliveries {
        let arn = delivery.arn();
        let payload = delivery.payload();
        match service_of(arn) {
            Some("sqs") => to_queue(context, delivery, arn, payload),
            Some("sns") => {
                let input = json!({"TopicArn": arn, "Message": payload});
                if let Err(failure) = context.services.sns().publish(context, &input).await {
                    tracing::info!(topic = arn, %failure, "EventBridge could not publish to its SNS target");
                }
            }
            Some("lambda") => {
                let event: Value = serde_json::from_str(&payload).unwrap_or(Value::String(payload));
                crate::services::sns::invoke_lambda(context, arn, &event).await;
            }
            _ => tracing::debug!(target = arn, "EventBridge target kept, not contacted"),
        }
    }
}

/// SendMessage to an SQS target; FIFO queues get the target's MessageGroupId and the
/// event id as deduplication id.
fn to_queue(context: &Context<'_>, delivery: &Delivery, arn: &str, payload: String) {
    let mut message = json!({"MessageBody": payload});
    if arn.ends_with(".fifo") {
        if let Some(group) = delivery.target.pointer("/SqsParameters/MessageGroupId") {
            message["MessageGroupId"] = group.clone();
        }
        if let Some(id) = delivery.event.get("id") {
            message["MessageDeduplicationId"] = id.clone();
        }
    }
    match context.services.sqs().send_to_arn(context, arn, &message) {
        None => tracing::info!(queue = arn, "no such queue: EventBridge delivery dropped"),
        Some(Err(failure)) => {
            tracing::warn!(queue = arn, %failure, "the queue refused EventBridge's event");
        }
        Some(Ok(_)) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(target: Value) -> Delivery {
        Delivery {
            target,
            rule_name: "r".into(),
            rule_arn: "arn:aws:events:us-east-1:123456789012:rule/r".into(),
            event: json!({"id": "e", "detail": {"state": "on"}}),
            ingestion_time: "2024-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn payloads_follow_the_targets_input_settings() {
        assert_eq!(
            delivery(json!({"Arn": "a"})).payload(),
            r#"{"id":"e","detail":{"state":"on"}}"#
        );
        assert_eq!(
            delivery(json!({"Input": "{\"k\": 1}"})).payload(),
            "{\"k\": 1}"
        );
        assert_eq!(
            delivery(json!({"InputPath": "$.detail"})).payload(),
            r#"{"state":"on"}"#
        );
        assert_eq!(
            delivery(json!({"InputTransformer": {
                "InputPathsMap": {"s": "$.detail.state"},
                "InputTemplate": "\"state <s>\""
            }}))
            .payload(),
            "\"state on\""
        );
    }
}
