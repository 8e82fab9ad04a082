//! What Lambda's event source mappings read from a queue: batches of messages received
//! as Lambda's poller receives them (counted, hidden for the visibility timeout, moved to
//! the dead-letter queue after `maxReceiveCount` receives), written as the records of
//! Lambda's SQS event, and deleted by receipt handle once the function has handled them.
//! <https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html>

use std::collections::{BTreeMap, HashSet};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::handlers::{SENDER_ID, queue_key, receive_redriving};
use super::model::{AttributeValue, Message, SqsState, key_of_arn, md5_of_attributes, md5_of_body};
use crate::protocol::engine::Answer;
use crate::protocol::time::epoch_millis;
use crate::services::Context;

impl SqsState {
    /// Receives up to `max` messages of the queue with ARN `arn` for a Lambda poller,
    /// passing over the messages in `skip` (and, in a FIFO queue, their groups), as the
    /// records of Lambda's SQS event. `None` when there is no such queue.
    pub(crate) fn receive_for_lambda(
        &self,
        context: &Context<'_>,
        arn: &str,
        max: usize,
        skip: &HashSet<String>,
    ) -> Option<Vec<Value>> {
        let (received, redriven) = {
            let mut queues = self.lock();
            let key = key_of_arn(&queues, arn)?;
            receive_redriving(&mut queues, &key, max, None, skip, context).ok()?
        };
        if redriven {
            self.arrivals.notify_waiters();
        }
        let region = arn.split(':').nth(3).unwrap_or_default();
        Some(
            received
                .iter()
                .map(|message| lambda_record(message, arn, region))
                .collect(),
        )
    }

    /// How many messages of the queue with ARN `arn` can be received now (0 when there
    /// is no such queue).
    pub(crate) fn visible_messages(&self, context: &Context<'_>, arn: &str) -> usize {
        let now = context.clock.now();
        let queues = self.lock();
        key_of_arn(&queues, arn)
            .and_then(|key| queues.get(&key))
            .map_or(0, |queue| queue.counts(now).visible)
    }

    /// Deletes the messages of the queue with ARN `arn` received with `handles`, as
    /// Lambda deletes a batch its function handled.
    pub(crate) fn delete_for_lambda(&self, context: &Context<'_>, arn: &str, handles: &[String]) {
        let now = context.clock.now();
        let mut queues = self.lock();
        let Some(queue) = key_of_arn(&queues, arn).and_then(|key| queues.get_mut(&key)) else {
            return;
        };
        for handle in handles {
            queue.delete(handle, now);
        }
    }
}

/// What SendMessage and SendMessageBatch answer once sending has succeeded: before
/// answering, the enabled event source mappings of the queue run their functions on what
/// it holds (as Moto polls on every send), so a test sees the effects of the functions
/// when the send returns.
pub(super) async fn feed_mapped_functions(
    state: &SqsState,
    context: &Context<'_>,
    input: &Value,
    sent: Answer,
) -> Answer {
    let output = sent?;
    let arn = queue_key(context, input)
        .ok()
        .and_then(|key| state.lock().get(&key).map(|queue| queue.arn.clone()));
    if let Some(arn) = arn {
        context.services.lambda().poll_queue(context, &arn).await;
    }
    Ok(output)
}

/// A received message as a record of Lambda's SQS event: every system attribute Lambda
/// reports (FIFO ones for FIFO messages) and the message attributes in Lambda's
/// lower-camel-case form.
fn lambda_record(message: &Message, queue_arn: &str, region: &str) -> Value {
    let mut attributes = Map::new();
    let mut attribute = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            attributes.insert(name.to_owned(), Value::String(value));
        }
    };
    attribute(
        "ApproximateReceiveCount",
        Some(message.receive_count.to_string()),
    );
    attribute("AWSTraceHeader", message.trace_header.clone());
    attribute(
        "SentTimestamp",
        Some(epoch_millis(message.sent).to_string()),
    );
    attribute("SequenceNumber", message.sequence_number.clone());
    attribute("MessageGroupId", message.group_id.clone());
    attribute("SenderId", Some(SENDER_ID.to_owned()));
    attribute("MessageDeduplicationId", message.deduplication_id.clone());
    attribute(
        "ApproximateFirstReceiveTimestamp",
        message
            .first_received
            .map(|instant| epoch_millis(instant).to_string()),
    );
    let mut record = json!({
        "messageId": message.id,
        "receiptHandle": message.receipt_handles.last(),
        "body": message.body,
        "attributes": attributes,
        "messageAttributes": message_attributes(&message.attributes),
        "md5OfBody": md5_of_body(&message.body),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    });
    if let Some(md5) = md5_of_attributes(&message.attributes) {
        record["md5OfMessageAttributes"] = json!(md5);
    }
    record
}

/// Message attributes as Lambda's SQS event writes them.
fn message_attributes(attributes: &BTreeMap<String, AttributeValue>) -> Value {
    let written: Map<String, Value> = attributes
        .iter()
        .map(|(name, value)| {
            let mut attribute = json!({
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": value.data_type,
            });
            if let Some(text) = &value.string_value {
                attribute["stringValue"] = json!(text);
            }
            if let Some(binary) = &value.binary_value {
                attribute["binaryValue"] = json!(STANDARD.encode(binary));
            }
            (name.clone(), attribute)
        })
        .collect();
    Value::Object(written)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    #[test]
    fn a_record_is_lambdas_sqs_event_record() {
        let sent = SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_067_200);
        let message = Message {
            id: "m-1".into(),
            body: "a.png".into(),
            attributes: BTreeMap::from([(
                "thumb".to_owned(),
                AttributeValue {
                    data_type: "Binary".into(),
                    string_value: None,
                    binary_value: Some(vec![0, 1]),
                },
            )]),
            trace_header: Some("Root=1-5759e988-bd862e3fe1be46a994272793".into()),
            sent,
            hidden_until: sent,
            receive_count: 2,
            first_received: Some(sent + Duration::from_millis(5)),
            receipt_handles: vec!["h-1".into(), "h-2".into()],
            group_id: Some("g".into()),
            deduplication_id: Some("d".into()),
            sequence_number: Some("00000000000000000001".into()),
            dead_letter_source: None,
        };
        let arn = "arn:aws:sqs:eu-west-1:123456789012:jobs.fifo";
        let record = lambda_record(&message, arn, "eu-west-1");
        assert_eq!(
            record,
            json!({
                "messageId": "m-1",
                "receiptHandle": "h-2",
                "body": "a.png",
                "attributes": {
                    "ApproximateReceiveCount": "2",
                    "AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793",
                    "SentTimestamp": "1704067200000",
                    "SequenceNumber": "00000000000000000001",
                    "MessageGroupId": "g",
                    "SenderId": SENDER_ID,
                    "MessageDeduplicationId": "d",
                    "ApproximateFirstReceiveTimestamp": "1704067200005",
                },
                "messageAttributes": {"thumb": {
                    "binaryValue": "AAE=",
                    "stringListValues": [],
                    "binaryListValues": [],
                    "dataType": "Binary",
                }},
                "md5OfMessageAttributes": md5_of_attributes(&message.attributes),
                "md5OfBody": md5_of_body("a.png"),
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": "eu-west-1",
            })
        );
    }
}
