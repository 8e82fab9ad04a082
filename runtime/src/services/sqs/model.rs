//! SQS state: queues per region and their messages, with no HTTP. Visibility timeouts,
//! delays, retention and deduplication windows all follow the instant the caller passes
//! in (the backend clock), so a virtual clock makes them testable without sleeping.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use md5::{Digest as _, Md5};
use tokio::sync::Notify;

use super::move_task::MoveTasks;

/// How long a FIFO queue remembers a deduplication id.
pub(super) const DEDUPLICATION_WINDOW: Duration = Duration::from_secs(300);

/// The most deleted messages' handles a queue keeps (about 4 MiB): deleting one of
/// them again succeeds, an older one is `ReceiptHandleIsInvalid`.
#[cfg(not(test))]
const DELETED_HANDLES_KEPT: usize = 100_000;
/// Fewer in unit tests, which delete that many messages one by one.
#[cfg(test)]
const DELETED_HANDLES_KEPT: usize = 100;

/// A receipt handle's digest. `DefaultHasher::new` has fixed keys: the same on every
/// run, and 64 bits leave two handles of one queue practically never alike.
fn handle_digest(handle: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    handle.hash(&mut hasher);
    hasher.finish()
}

/// The longest a message may stay invisible, counted from when it was sent.
pub(super) const MAXIMUM_VISIBILITY_TIMEOUT: u64 = 43_200;

/// The attributes every queue has when created without them (as Moto 5.2 and AWS today:
/// messages of up to 1 MiB, four days of retention, SSE-SQS on).
const STANDARD_DEFAULTS: [(&str, &str); 6] = [
    ("DelaySeconds", "0"),
    ("MaximumMessageSize", "1048576"),
    ("MessageRetentionPeriod", "345600"),
    ("ReceiveMessageWaitTimeSeconds", "0"),
    ("SqsManagedSseEnabled", "true"),
    ("VisibilityTimeout", "30"),
];

/// The attributes FIFO queues have besides, when created without them.
const FIFO_DEFAULTS: [(&str, &str); 4] = [
    ("ContentBasedDeduplication", "false"),
    ("DeduplicationScope", "queue"),
    ("FifoQueue", "true"),
    ("FifoThroughputLimit", "perQueue"),
];

/// Attributes that only FIFO queues report.
const FIFO_ONLY: [&str; 4] = [
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "FifoQueue",
    "FifoThroughputLimit",
];

/// Where a queue lives: its region and name.
pub(super) type QueueKey = (String, String);

/// Every queue of one backend, in every region.
#[derive(Debug, Default)]
pub struct SqsState {
    queues: Mutex<BTreeMap<QueueKey, Queue>>,
    /// Wakes long polls whenever a message may have become receivable.
    pub(super) arrivals: Notify,
    /// The message move tasks started so far.
    pub(super) move_tasks: MoveTasks,
}

impl SqsState {
    /// Forgets every queue, message and move task. Draws no random numbers.
    pub fn reset(&self) {
        self.lock().clear();
        self.move_tasks.clear();
        // Long polls in progress look again and find their queue gone.
        self.arrivals.notify_waiters();
    }

    /// The queues, for one operation's worth of reading or changing.
    pub(super) fn lock(&self) -> MutexGuard<'_, BTreeMap<QueueKey, Queue>> {
        // A panic elsewhere cannot leave a queue half-written (every change is a
        // single assignment or push), so a poisoned lock is still usable.
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A queue.
#[derive(Debug, Clone)]
pub(super) struct Queue {
    pub(super) name: String,
    pub(super) arn: String,
    /// The settable attributes, defaults included, as SQS reports them.
    pub(super) attributes: BTreeMap<String, String>,
    /// The parsed `RedrivePolicy`, when there is one.
    pub(super) redrive: Option<RedrivePolicy>,
    pub(super) tags: BTreeMap<String, String>,
    pub(super) created: SystemTime,
    pub(super) modified: SystemTime,
    /// In the order they were sent (FIFO order within a group).
    messages: Vec<Message>,
    /// FIFO deduplication ids seen within the window.
    deduplication: Vec<SeenDeduplicationId>,
    /// The receipt handles of deleted messages, as digests, each until its message would
    /// have expired: deleting again succeeds then, as in AWS. A busy queue deletes
    /// millions of messages, so neither the 185-character handles, nor expired ones, nor
    /// more than the latest [`DELETED_HANDLES_KEPT`] are kept.
    deleted_handles: HashMap<u64, SystemTime>,
    /// The digests of `deleted_handles`, oldest deletion first.
    deleted_order: VecDeque<u64>,
    next_sequence_number: u64,
}

/// Where messages received too often go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RedrivePolicy {
    pub(super) dead_letter_target_arn: String,
    pub(super) max_receive_count: u32,
}

#[derive(Debug, Clone)]
struct SeenDeduplicationId {
    /// The id, prefixed with the group when deduplication is per message group.
    key: String,
    seen: SystemTime,
    message_id: String,
    sequence_number: Option<String>,
}

/// A message in a queue.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Message {
    pub(super) id: String,
    pub(super) body: String,
    pub(super) attributes: BTreeMap<String, AttributeValue>,
    /// The `AWSTraceHeader` system attribute.
    pub(super) trace_header: Option<String>,
    pub(super) sent: SystemTime,
    /// Until then the message cannot be received: first its delay, then each visibility
    /// timeout.
    pub(super) hidden_until: SystemTime,
    pub(super) receive_count: u32,
    pub(super) first_received: Option<SystemTime>,
    /// Every handle this message was received with, the latest last: any of them may
    /// delete it, as in Moto.
    pub(super) receipt_handles: Vec<String>,
    pub(super) group_id: Option<String>,
    pub(super) deduplication_id: Option<String>,
    pub(super) sequence_number: Option<String>,
    /// The ARN of the queue whose redrive moved this message here, for message move
    /// tasks that send it back.
    pub(super) dead_letter_source: Option<String>,
}

/// A message attribute (or system attribute) as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AttributeValue {
    pub(super) data_type: String,
    pub(super) string_value: Option<String>,
    pub(super) binary_value: Option<Vec<u8>>,
}

/// A message about to be sent, checked by the caller.
#[derive(Debug, Clone)]
pub(super) struct OutgoingMessage {
    pub(super) body: String,
    pub(super) attributes: BTreeMap<String, AttributeValue>,
    pub(super) trace_header: Option<String>,
    /// Overrides the queue's `DelaySeconds`.
    pub(super) delay_seconds: Option<u64>,
    pub(super) group_id: Option<String>,
    pub(super) deduplication_id: Option<String>,
}

/// What SendMessage reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SentMessage {
    pub(super) message_id: String,
    pub(super) sequence_number: Option<String>,
}

/// How many messages a queue holds, by state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MessageCounts {
    pub(super) visible: usize,
    pub(super) in_flight: usize,
    pub(super) delayed: usize,
}

/// Why a visibility change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VisibilityChangeError {
    /// No message in the queue was ever received with this handle.
    UnknownHandle,
    /// The message would stay invisible past 12 hours after it was sent.
    BeyondLimit,
}

impl Message {
    pub(super) fn is_visible(&self, now: SystemTime) -> bool {
        self.hidden_until <= now
    }

    pub(super) fn is_in_flight(&self, now: SystemTime) -> bool {
        self.receive_count > 0 && !self.is_visible(now)
    }

    pub(super) fn is_delayed(&self, now: SystemTime) -> bool {
        self.receive_count == 0 && !self.is_visible(now)
    }

    fn had_handle(&self, handle: &str) -> bool {
        self.receipt_handles.iter().any(|known| known == handle)
    }
}

impl Queue {
    /// A new queue with the default attributes overridden by `attributes` (checked and
    /// normalised by the caller).
    pub(super) fn new(
        name: String,
        arn: String,
        attributes: BTreeMap<String, String>,
        redrive: Option<RedrivePolicy>,
        now: SystemTime,
    ) -> Queue {
        let fifo = attributes
            .get("FifoQueue")
            .is_some_and(|value| value == "true");
        let mut all: BTreeMap<String, String> = STANDARD_DEFAULTS
            .iter()
            .chain(if fifo { &FIFO_DEFAULTS[..] } else { &[] })
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        if attributes.contains_key("KmsMasterKeyId") {
            all.insert("KmsDataKeyReusePeriodSeconds".into(), "300".into());
        }
        all.extend(attributes);
        if !fifo {
            // Standard queues do not report FIFO settings, even when given.
            all.retain(|name, _| !FIFO_ONLY.contains(&name.as_str()));
        }
        Queue {
            name,
            arn,
            attributes: all,
            redrive,
            tags: BTreeMap::new(),
            created: now,
            modified: now,
            messages: Vec::new(),
            deduplication: Vec::new(),
            deleted_handles: HashMap::new(),
            deleted_order: VecDeque::new(),
            next_sequence_number: 1,
        }
    }

    pub(super) fn is_fifo(&self) -> bool {
        self.flag("FifoQueue")
    }

    /// A `true`/`false` attribute.
    pub(super) fn flag(&self, attribute: &str) -> bool {
        self.attributes
            .get(attribute)
            .is_some_and(|value| value == "true")
    }

    /// A numeric attribute (all are checked when set).
    pub(super) fn number(&self, attribute: &str) -> u64 {
        self.attributes
            .get(attribute)
            .and_then(|value| value.parse().ok())
            .unwrap_or_default()
    }

    /// Changes settable attributes (checked and normalised by the caller).
    pub(super) fn set_attributes(
        &mut self,
        attributes: BTreeMap<String, String>,
        redrive: Option<Option<RedrivePolicy>>,
        now: SystemTime,
    ) {
        let fifo = self.is_fifo();
        for (name, value) in attributes {
            // Standard queues do not take FIFO settings (as on creation).
            if !fifo && FIFO_ONLY.contains(&name.as_str()) {
                continue;
            }
            // An empty Policy or RedrivePolicy removes it.
            if value.is_empty() && matches!(name.as_str(), "Policy" | "RedrivePolicy") {
                self.attributes.remove(&name);
            } else {
                self.attributes.insert(name, value);
            }
        }
        if let Some(redrive) = redrive {
            self.redrive = redrive;
        }
        self.modified = now;
    }

    /// Drops messages past the retention period and deduplication ids past their window.
    pub(super) fn expire(&mut self, now: SystemTime) {
        let retention = Duration::from_secs(self.number("MessageRetentionPeriod"));
        self.messages
            .retain(|message| message.sent + retention > now);
        self.deduplication
            .retain(|seen| seen.seen + DEDUPLICATION_WINDOW > now);
        // Oldest deletions first: with one retention period they expire about in order.
        while let Some(oldest) = self.deleted_order.front()
            && self
                .deleted_handles
                .get(oldest)
                .is_none_or(|until| *until <= now)
        {
            self.deleted_handles.remove(oldest);
            self.deleted_order.pop_front();
        }
    }

    pub(super) fn counts(&self, now: SystemTime) -> MessageCounts {
        let count = |test: fn(&Message, SystemTime) -> bool| {
            self.messages
                .iter()
                .filter(|message| test(message, now))
                .count()
        };
        MessageCounts {
            visible: count(Message::is_visible),
            in_flight: count(Message::is_in_flight),
            delayed: count(Message::is_delayed),
        }
    }

    /// When the next hidden message becomes visible, if any is hidden.
    pub(super) fn next_visible_at(&self, now: SystemTime) -> Option<SystemTime> {
        self.messages
            .iter()
            .map(|message| message.hidden_until)
            .filter(|instant| *instant > now)
            .min()
    }

    /// Queues a message, or, when a FIFO queue saw its deduplication id within the
    /// window, accepts it without queueing and reports the original (AWS keeps
    /// deduplication ids for the window even after the original is deleted).
    pub(super) fn send(
        &mut self,
        outgoing: OutgoingMessage,
        now: SystemTime,
        new_message_id: impl FnOnce() -> String,
    ) -> SentMessage {
        let fifo = self.is_fifo();
        let deduplication_id = if fifo {
            outgoing.deduplication_id.or_else(|| {
                self.flag("ContentBasedDeduplication")
                    .then(|| sha256_hex(outgoing.body.as_bytes()))
            })
        } else {
            None
        };
        let deduplication_key = deduplication_id.as_ref().map(|id| {
            match (
                &outgoing.group_id,
                self.attributes.get("DeduplicationScope"),
            ) {
                (Some(group), Some(scope)) if scope == "messageGroup" => format!("{group}\n{id}"),
                _ => id.clone(),
            }
        });
        if let Some(key) = &deduplication_key
            && let Some(seen) = self.deduplication.iter().find(|seen| &seen.key == key)
        {
            return SentMessage {
                message_id: seen.message_id.clone(),
                sequence_number: seen.sequence_number.clone(),
            };
        }
        let message_id = new_message_id();
        let sequence_number = fifo.then(|| self.take_sequence_number());
        if let Some(key) = deduplication_key {
            self.deduplication.push(SeenDeduplicationId {
                key,
                seen: now,
                message_id: message_id.clone(),
                sequence_number: sequence_number.clone(),
            });
        }
        let delay = outgoing
            .delay_seconds
            .unwrap_or_else(|| self.number("DelaySeconds"));
        self.messages.push(Message {
            id: message_id.clone(),
            body: outgoing.body,
            attributes: outgoing.attributes,
            trace_header: outgoing.trace_header,
            sent: now,
            hidden_until: now + Duration::from_secs(delay),
            receive_count: 0,
            first_received: None,
            receipt_handles: Vec::new(),
            group_id: outgoing.group_id,
            deduplication_id,
            sequence_number: sequence_number.clone(),
            dead_letter_source: None,
        });
        SentMessage {
            message_id,
            sequence_number,
        }
    }

    /// The next FIFO sequence number, as SQS writes them (20 digits).
    fn take_sequence_number(&mut self) -> String {
        let number = self.next_sequence_number;
        self.next_sequence_number += 1;
        format!("{number:020}")
    }

    /// Adds a message moved here by the redrive of the queue `source_arn`, visible at
    /// once.
    pub(super) fn accept_dead_letter(
        &mut self,
        mut message: Message,
        source_arn: &str,
        now: SystemTime,
    ) {
        message.hidden_until = now;
        message.dead_letter_source = Some(source_arn.to_owned());
        self.messages.push(message);
    }

    /// The messages that can be received now, in the order they were sent.
    pub(super) fn visible_messages(&self, now: SystemTime) -> impl Iterator<Item = &Message> {
        self.messages
            .iter()
            .filter(move |message| message.is_visible(now))
    }

    /// Takes the messages with these ids out of the queue, in queue order.
    pub(super) fn take_messages(&mut self, ids: &HashSet<String>) -> Vec<Message> {
        let (taken, kept) = std::mem::take(&mut self.messages)
            .into_iter()
            .partition(|message| ids.contains(&message.id));
        self.messages = kept;
        taken
    }

    /// Adds a message a move task brought here: a new message (id `message_id`, never
    /// received, sent now and visible at once) with the body, attributes and group of
    /// the one moved. FIFO queues give it the next sequence number; it is not checked
    /// for duplicates, as it was when first sent.
    pub(super) fn accept_moved(&mut self, moved: Message, message_id: String, now: SystemTime) {
        let sequence_number = self.is_fifo().then(|| self.take_sequence_number());
        self.messages.push(Message {
            id: message_id,
            sent: now,
            hidden_until: now,
            receive_count: 0,
            first_received: None,
            receipt_handles: Vec::new(),
            sequence_number,
            dead_letter_source: None,
            ..moved
        });
    }

    /// Receives up to `max` messages, hiding each for `visibility`; each gets a new
    /// receipt handle from `new_handle`. In a FIFO queue a group with a message in flight
    /// is skipped entirely, and a group's messages come out in the order they were sent.
    ///
    /// With `redrive_limit`, a message already received that many times is not
    /// returned but taken out of the queue (for its dead-letter queue): they are the
    /// second value.
    ///
    /// Messages whose ids are in `skip` are passed over as if in flight (their FIFO
    /// groups too): a Lambda poller skips what its function already failed on in one
    /// round of polling, so a visibility timeout of 0 cannot make it loop.
    pub(super) fn receive(
        &mut self,
        max: usize,
        visibility: Duration,
        redrive_limit: Option<u32>,
        skip: &HashSet<String>,
        now: SystemTime,
        mut new_handle: impl FnMut() -> String,
    ) -> (Vec<Message>, Vec<Message>) {
        let fifo = self.is_fifo();
        let busy_groups: HashSet<String> = if fifo {
            self.messages
                .iter()
                .filter(|message| message.is_in_flight(now) || skip.contains(&message.id))
                .filter_map(|message| message.group_id.clone())
                .collect()
        } else {
            HashSet::new()
        };
        let mut received = Vec::new();
        let mut dead_letters = Vec::new();
        let mut index = 0;
        while index < self.messages.len() && received.len() < max {
            let message = &self.messages[index];
            let group_busy = message
                .group_id
                .as_ref()
                .is_some_and(|group| busy_groups.contains(group));
            if !message.is_visible(now) || group_busy || skip.contains(&message.id) {
                index += 1;
                continue;
            }
            if redrive_limit.is_some_and(|limit| message.receive_count >= limit) {
                dead_letters.push(self.messages.remove(index));
                continue;
            }
            let message = &mut self.messages[index];
            message.receive_count += 1;
            message.first_received.get_or_insert(now);
            message.hidden_until = now + visibility;
            message.receipt_handles.push(new_handle());
            received.push(message.clone());
            index += 1;
        }
        (received, dead_letters)
    }

    /// Deletes the message ever received with `handle`. Deleting a deleted message
    /// again succeeds until it would have expired; `false` means no message has this
    /// handle.
    pub(super) fn delete(&mut self, handle: &str, now: SystemTime) -> bool {
        if self
            .deleted_handles
            .get(&handle_digest(handle))
            .is_some_and(|until| *until > now)
        {
            return true;
        }
        let Some(index) = self
            .messages
            .iter()
            .position(|message| message.had_handle(handle))
        else {
            return false;
        };
        let message = self.messages.remove(index);
        let until = message.sent + Duration::from_secs(self.number("MessageRetentionPeriod"));
        for handle in &message.receipt_handles {
            let digest = handle_digest(handle);
            self.deleted_handles.insert(digest, until);
            self.deleted_order.push_back(digest);
        }
        while self.deleted_order.len() > DELETED_HANDLES_KEPT {
            if let Some(oldest) = self.deleted_order.pop_front() {
                self.deleted_handles.remove(&oldest);
            }
        }
        true
    }

    /// Hides the message received with `handle` for `seconds` from now (0 makes it
    /// visible again at once).
    pub(super) fn change_visibility(
        &mut self,
        handle: &str,
        seconds: u64,
        now: SystemTime,
    ) -> Result<(), VisibilityChangeError> {
        let message = self
            .messages
            .iter_mut()
            .find(|message| message.had_handle(handle))
            .ok_or(VisibilityChangeError::UnknownHandle)?;
        let until = now + Duration::from_secs(seconds);
        let limit = message.sent + Duration::from_secs(MAXIMUM_VISIBILITY_TIMEOUT);
        if until > limit {
            return Err(VisibilityChangeError::BeyondLimit);
        }
        message.hidden_until = until;
        Ok(())
    }

    pub(super) fn purge(&mut self) {
        self.messages.clear();
    }
}

/// Where the queue with ARN `arn` lives, if it exists.
pub(super) fn key_of_arn(queues: &BTreeMap<QueueKey, Queue>, arn: &str) -> Option<QueueKey> {
    queues
        .iter()
        .find(|(_, queue)| queue.arn == arn)
        .map(|(key, _)| key.clone())
}

/// The partition of a region, for ARNs.
pub(crate) fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The MD5 of a message body, hex.
pub(super) fn md5_of_body(body: &str) -> String {
    hex(&Md5::digest(body.as_bytes()))
}

/// The MD5 of message attributes as AWS computes it (and SDKs check it): attributes
/// sorted by name, each as its length-prefixed name and data type, a transport byte
/// (1 for a string value, 2 for binary), then the length-prefixed value.
pub(super) fn md5_of_attributes(attributes: &BTreeMap<String, AttributeValue>) -> Option<String> {
    if attributes.is_empty() {
        return None;
    }
    let mut bytes = Vec::new();
    for (name, value) in attributes {
        length_prefixed(&mut bytes, name.as_bytes());
        length_prefixed(&mut bytes, value.data_type.as_bytes());
        match (&value.string_value, &value.binary_value) {
            (Some(text), _) => {
                bytes.push(1);
                length_prefixed(&mut bytes, text.as_bytes());
            }
            (None, Some(binary)) => {
                bytes.push(2);
                length_prefixed(&mut bytes, binary);
            }
            (None, None) => {}
        }
    }
    Some(hex(&Md5::digest(&bytes)))
}

fn length_prefixed(out: &mut Vec<u8>, value: &[u8]) {
    // Values are far below 4 GiB (messages are at most 1 MiB).
    let length = u32::try_from(value.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(value);
}

/// The SHA-256 of a body, hex: the deduplication id content-based deduplication uses.
/// The digest comes from s3s, the one SHA-256 already in the dependency tree.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use s3s::crypto::Checksum as _;
    let mut hasher = s3s::crypto::Sha256::new();
    hasher.update(bytes);
    hex(hasher.finalize().as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(data_type: &str, string: Option<&str>, binary: Option<&[u8]>) -> AttributeValue {
        AttributeValue {
            data_type: data_type.to_owned(),
            string_value: string.map(str::to_owned),
            binary_value: binary.map(<[u8]>::to_vec),
        }
    }

    /// Golden values from the algorithm as Moto (and botocore's checks) compute it.
    #[test]
    fn digests_match_aws() {
        assert_eq!(md5_of_body("job-1"), "ac15a52e59f363d653442a598ffab484");
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
        let single =
            BTreeMap::from([("kind".to_owned(), attribute("String", Some("build"), None))]);
        assert_eq!(
            md5_of_attributes(&single).as_deref(),
            Some("c89dc699b0f63d7f113629ef26af89ae")
        );
        assert_eq!(md5_of_attributes(&BTreeMap::new()), None);
        assert_eq!(
            sha256_hex(b"a1"),
            "f55ff16f66f43360266b95db6f8fec01d76031054306ae4a4b380598f6cfd114"
        );
    }

    fn outgoing(body: &str, group: Option<&str>) -> OutgoingMessage {
        OutgoingMessage {
            body: body.to_owned(),
            attributes: BTreeMap::new(),
            trace_header: None,
            delay_seconds: None,
            group_id: group.map(str::to_owned),
            deduplication_id: None,
        }
    }

    #[test]
    fn deleted_handles_delete_again_until_their_message_would_have_expired() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let attributes = BTreeMap::from([("MessageRetentionPeriod".to_owned(), "60".to_owned())]);
        let mut queue = Queue::new("q".into(), "arn:q".into(), attributes, None, now);
        let count = 10;
        for index in 0..count {
            queue.send(outgoing(&format!("m{index}"), None), now, || {
                format!("id-{index}")
            });
        }
        let mut handles = 0;
        let (received, _) = queue.receive(
            count,
            Duration::from_secs(30),
            None,
            &HashSet::new(),
            now,
            || {
                handles += 1;
                format!("h{handles}")
            },
        );
        assert_eq!(received.len(), count);
        for index in 1..=count {
            assert!(queue.delete(&format!("h{index}"), now));
        }
        assert!(queue.delete("h1", now), "deleting again succeeds");
        assert!(!queue.delete("never-issued", now));

        // Within the retention period deleting again succeeds; past it, not.
        assert!(queue.delete("h7", now + Duration::from_secs(59)));
        let later = now + Duration::from_secs(61);
        assert!(
            !queue.delete("h7", later),
            "its message would have expired by now"
        );
        queue.expire(later);
        assert!(queue.deleted_handles.is_empty());
        assert!(queue.deleted_order.is_empty());
    }

    #[test]
    fn only_the_latest_deleted_handles_are_kept() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut queue = Queue::new("q".into(), "arn:q".into(), BTreeMap::new(), None, now);
        let count = DELETED_HANDLES_KEPT + 2;
        for index in 0..count {
            queue.send(outgoing("m", None), now, || format!("id-{index}"));
        }
        let mut handles = 0;
        let next_handle = || {
            handles += 1;
            format!("h{handles}")
        };
        let visibility = Duration::from_secs(30);
        let (received, _) =
            queue.receive(count, visibility, None, &HashSet::new(), now, next_handle);
        assert_eq!(received.len(), count);
        for index in 1..=count {
            assert!(queue.delete(&format!("h{index}"), now));
        }
        assert_eq!(queue.deleted_handles.len(), DELETED_HANDLES_KEPT);
        assert!(!queue.delete("h2", now), "the two oldest are forgotten");
        assert!(queue.delete("h3", now));
    }

    #[test]
    fn fifo_groups_are_received_in_order_and_block_while_in_flight() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let attributes = BTreeMap::from([
            ("FifoQueue".to_owned(), "true".to_owned()),
            ("ContentBasedDeduplication".to_owned(), "true".to_owned()),
        ]);
        let mut queue = Queue::new("q.fifo".into(), "arn".into(), attributes, None, now);
        let mut ids = 0;
        let mut next_id = || {
            ids += 1;
            format!("id-{ids}")
        };
        for (body, group) in [("a1", "a"), ("b1", "b"), ("a2", "a")] {
            queue.send(outgoing(body, Some(group)), now, &mut next_id);
        }
        let mut handles = 0;
        let mut next_handle = || {
            handles += 1;
            format!("h{handles}")
        };
        let visibility = Duration::from_secs(30);
        let (first, _) = queue.receive(1, visibility, None, &HashSet::new(), now, &mut next_handle);
        assert_eq!(first[0].body, "a1");
        let (rest, _) = queue.receive(10, visibility, None, &HashSet::new(), now, &mut next_handle);
        let bodies: Vec<&str> = rest.iter().map(|message| message.body.as_str()).collect();
        assert_eq!(bodies, ["b1"], "group a waits while a1 is in flight");
        assert!(queue.delete("h1", now));
        assert!(queue.delete("h1", now), "deleting again succeeds");
        let (after, _) =
            queue.receive(10, visibility, None, &HashSet::new(), now, &mut next_handle);
        let bodies: Vec<&str> = after.iter().map(|message| message.body.as_str()).collect();
        assert_eq!(bodies, ["a2"], "a1 is gone, b1 is still in flight");
    }
}
