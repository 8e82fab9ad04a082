//! SQS state: queues per region and their messages, with no HTTP. Visibility timeouts,
//! delays, retention and deduplication follow the backend clock.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use md5::{Digest as _, Md5};

/// How long FIFO queues remember a deduplication id.
pub(super) const DEDUPLICATION_WINDOW: Duration = Duration::from_secs(300);

/// The attributes a queue has when created without them, as in AWS.
pub(super) const DEFAULT_ATTRIBUTES: [(&str, &str); 5] = [
    ("DelaySeconds", "0"),
    ("MaximumMessageSize", "262144"),
    ("MessageRetentionPeriod", "345600"),
    ("ReceiveMessageWaitTimeSeconds", "0"),
    ("VisibilityTimeout", "30"),
];

/// Every queue of one backend, by region and name.
#[derive(Debug, Default)]
pub struct SqsState {
    queues: Mutex<BTreeMap<(String, String), Queue>>,
    /// Wakes long polls when a message is sent.
    pub(super) sent: tokio::sync::Notify,
}

/// A queue.
#[derive(Debug, Clone)]
pub(super) struct Queue {
    pub(super) name: String,
    /// Settable attributes, defaults included.
    pub(super) attributes: BTreeMap<String, String>,
    pub(super) tags: BTreeMap<String, String>,
    pub(super) created: SystemTime,
    pub(super) modified: SystemTime,
    pub(super) messages: Vec<Message>,
    /// FIFO deduplication ids and when they were first seen.
    pub(super) deduplication: Vec<(String, SystemTime, String)>,
    pub(super) next_sequence: u64,
}

/// A message in a queue.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Message {
    pub(super) id: String,
    pub(super) body: String,
    pub(super) attributes: BTreeMap<String, AttributeValue>,
    pub(super) sent: SystemTime,
    pub(super) visible_at: SystemTime,
    pub(super) receive_count: u32,
    pub(super) first_received: Option<SystemTime>,
    /// The handle of the latest receive.
    pub(super) receipt_handle: Option<String>,
    pub(super) group_id: Option<String>,
    pub(super) deduplication_id: Option<String>,
    pub(super) sequence_number: Option<String>,
}

/// A message attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AttributeValue {
    pub(super) data_type: String,
    pub(super) string_value: Option<String>,
    pub(super) binary_value: Option<Vec<u8>>,
}

impl Queue {
    /// A new queue with the default attributes overridden by `attributes`.
    pub(super) fn new(
        name: String,
        attributes: BTreeMap<String, String>,
        tags: BTreeMap<String, String>,
        now: SystemTime,
    ) -> Queue {
        let mut all: BTreeMap<String, String> = DEFAULT_ATTRIBUTES
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        all.extend(attributes);
        Queue {
            name,
            attributes: all,
            tags,
            created: now,
            modified: now,
            messages: Vec::new(),
            deduplication: Vec::new(),
            next_sequence: 1,
        }
    }

    pub(super) fn is_fifo(&self) -> bool {
        self.attributes
            .get("FifoQueue")
            .is_some_and(|value| value == "true")
    }

    pub(super) fn seconds(&self, attribute: &str) -> u64 {
        self.attributes
            .get(attribute)
            .and_then(|value| value.parse().ok())
            .unwrap_or_default()
    }

    /// Drops messages past the retention period.
    pub(super) fn expire(&mut self, now: SystemTime) {
        let retention = Duration::from_secs(self.seconds("MessageRetentionPeriod"));
        self.messages
            .retain(|message| message.sent + retention > now);
        self.deduplication
            .retain(|(_, seen, _)| *seen + DEDUPLICATION_WINDOW > now);
    }

    /// Messages visible now, in the order they may be received. In a FIFO queue a group
    /// with a message in flight is skipped, and within a group only the oldest message
    /// is offered until it is deleted.
    pub(super) fn receivable(&self, now: SystemTime) -> Vec<usize> {
        if !self.is_fifo() {
            return (0..self.messages.len())
                .filter(|&index| self.messages[index].visible_at <= now)
                .collect();
        }
        let blocked: Vec<&str> = self
            .messages
            .iter()
            .filter(|message| message.visible_at > now && message.receive_count > 0)
            .filter_map(|message| message.group_id.as_deref())
            .collect();
        let mut taken_groups: Vec<&str> = Vec::new();
        let mut indexes = Vec::new();
        for (index, message) in self.messages.iter().enumerate() {
            let group = message.group_id.as_deref().unwrap_or_default();
            if message.visible_at > now || blocked.contains(&group) {
                continue;
            }
            // Messages of one group come out in order: all the visible ones, oldest first.
            if !taken_groups.contains(&group) {
                taken_groups.push(group);
            }
            indexes.push(index);
        }
        indexes
    }
}

/// The MD5 of a message body, hex.
pub(super) fn md5_of_body(body: &str) -> String {
    hex(&Md5::digest(body.as_bytes()))
}

/// The MD5 of message attributes as AWS computes it: attributes sorted by name, each as
/// length-prefixed name and data type, a transport byte (1 string, 2 binary), then the
/// length-prefixed value.
pub(super) fn md5_of_attributes(attributes: &BTreeMap<String, AttributeValue>) -> Option<String> {
    if attributes.is_empty() {
        return None;
    }
    let mut bytes = Vec::new();
    for (name, value) in attributes {
        length_prefixed(&mut bytes, name.as_bytes());
        length_prefixed(&mut bytes, value.data_type.as_bytes());
        match &value.binary_value {
            Some(binary) if value.data_type.starts_with("Binary") => {
                bytes.push(2);
                length_prefixed(&mut bytes, binary);
            }
            _ => {
                bytes.push(1);
                length_prefixed(
                    &mut bytes,
                    value.string_value.as_deref().unwrap_or_default().as_bytes(),
                );
            }
        }
    }
    Some(hex(&Md5::digest(&bytes)))
}

fn length_prefixed(out: &mut Vec<u8>, value: &[u8]) {
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl SqsState {
    /// Forgets every queue.
    pub fn reset(&self) {
        self.lock().clear();
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, BTreeMap<(String, String), Queue>> {
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden values from the algorithm as Moto implements it (moto.sqs.models).
    #[test]
    fn digests_match_aws() {
        assert_eq!(md5_of_body("job-1"), "ac15a52e59f363d653442a598ffab484");
        let attribute =
            |data_type: &str, string: Option<&str>, binary: Option<&[u8]>| AttributeValue {
                data_type: data_type.to_owned(),
                string_value: string.map(str::to_owned),
                binary_value: binary.map(<[u8]>::to_vec),
            };
        let attributes = BTreeMap::from([
            (
                "timestamp".to_owned(),
                attribute("Number", Some("1493147359900"), None),
            ),
            ("blob".to_owned(), attribute("Binary", None, Some(&[0, 1]))),
        ]);
        assert_eq!(
            md5_of_attributes(&attributes).as_deref(),
            Some("b3edfde897f5dd2b8a8a88bcc0c91c6e")
        );
        assert_eq!(md5_of_attributes(&BTreeMap::new()), None);
    }
}
