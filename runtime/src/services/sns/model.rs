//! SNS's state: topics, subscriptions and the deliveries made, with no HTTP.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::filter_policy::{FilterPolicy, Scope};

/// SNS's resources in one backend, in every region.
#[derive(Debug, Default)]
pub struct SnsState {
    resources: Mutex<Resources>,
}

/// Topics and subscriptions in creation order (the order the list operations page
/// through), and every delivery made so far.
#[derive(Debug, Default)]
pub(super) struct Resources {
    pub(super) topics: Vec<Topic>,
    pub(super) subscriptions: Vec<Subscription>,
    pub(super) deliveries: Vec<SnsDelivery>,
}

impl SnsState {
    /// Forgets every resource and delivery.
    pub fn reset(&self) {
        *self.lock() = Resources::default();
    }

    /// Every delivery made so far, oldest first: what SNS sent (or, for SQS queues and
    /// Lambda functions of this backend, delivered) to each subscription's endpoint.
    /// HTTP(S), email, SMS and mobile endpoints are never contacted: this is where a test
    /// sees what they would have received.
    pub fn deliveries(&self) -> Vec<SnsDelivery> {
        self.lock().deliveries.clone()
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Resources> {
        // Every change is made in one assignment or push, so a poisoned lock still holds
        // consistent state.
        self.resources
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// One message SNS sent to a subscription's endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnsDelivery {
    /// The topic the message was published to.
    pub topic_arn: String,
    /// The subscription it was sent for.
    pub subscription_arn: String,
    /// The subscription's protocol (`sqs`, `lambda`, `http`, `https`, `email`,
    /// `email-json`, `sms`, `application`).
    pub protocol: String,
    /// The endpoint (queue or function ARN, URL, address, phone number).
    pub endpoint: String,
    /// `Notification`, or `SubscriptionConfirmation` for the message that asks an
    /// HTTP(S) or email endpoint to confirm.
    pub message_type: String,
    /// The message id (the confirmation's own id for a `SubscriptionConfirmation`).
    pub message_id: String,
    /// The subject, when the message had one.
    pub subject: Option<String>,
    /// The message text this protocol gets (its entry of a `MessageStructure` `json`
    /// message).
    pub message: String,
    /// What the endpoint receives: the JSON envelope, or the message itself (raw
    /// delivery, email, SMS, mobile endpoints).
    pub body: String,
}

/// A topic.
#[derive(Debug, Clone)]
pub(super) struct Topic {
    pub(super) arn: String,
    pub(super) region: String,
    /// The attributes set at creation or since (`DisplayName`, `Policy`, `FifoTopic`...),
    /// without the ones SNS computes.
    pub(super) attributes: BTreeMap<String, String>,
    pub(super) tags: Tags,
    /// Subscriptions deleted so far (`SubscriptionsDeleted`).
    pub(super) subscriptions_deleted: u64,
    /// The last FIFO sequence number handed out.
    pub(super) sequence_number: u128,
}

impl Topic {
    pub(super) fn is_fifo(&self) -> bool {
        self.flag("FifoTopic")
    }

    pub(super) fn flag(&self, name: &str) -> bool {
        self.attributes
            .get(name)
            .is_some_and(|value| value.eq_ignore_ascii_case("true"))
    }

    /// The next FIFO sequence number, as SNS writes them (20 digits).
    pub(super) fn take_sequence_number(&mut self) -> String {
        self.sequence_number += 1;
        format!("{:020}", FIRST_SEQUENCE_NUMBER + self.sequence_number)
    }
}

/// A topic's tags, in the order they were first set (the order ListTagsForResource
/// answers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Tags(Vec<(String, String)>);

impl Tags {
    /// Sets `key` to `value`, in its place when it is already there.
    pub(super) fn set(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(existing, _)| *existing == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub(super) fn remove(&mut self, key: &str) {
        self.0.retain(|(existing, _)| existing != key);
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }

    /// The same tags, whatever their order.
    pub(super) fn same_as(&self, other: &Tags) -> bool {
        let sorted = |tags: &Tags| {
            let mut pairs = tags.0.clone();
            pairs.sort();
            pairs
        };
        sorted(self) == sorted(other)
    }
}

impl FromIterator<(String, String)> for Tags {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Tags {
        let mut tags = Tags::default();
        for (key, value) in pairs {
            tags.set(key, value);
        }
        tags
    }
}

/// Where FIFO sequence numbers start, as SNS's first ones look.
const FIRST_SEQUENCE_NUMBER: u128 = 10_000_000_000_000_000_000;

/// A subscription.
#[derive(Debug, Clone)]
pub(super) struct Subscription {
    pub(super) arn: String,
    pub(super) topic_arn: String,
    pub(super) protocol: String,
    pub(super) endpoint: String,
    pub(super) owner: String,
    /// False until ConfirmSubscription, for endpoints that must confirm.
    pub(super) confirmed: bool,
    /// The token the confirmation message carries.
    pub(super) token: String,
    /// The attributes set (`RawMessageDelivery`, `FilterPolicy`...).
    pub(super) attributes: BTreeMap<String, String>,
    /// The parsed `FilterPolicy`, when set.
    pub(super) filter: Option<FilterPolicy>,
}

impl Subscription {
    pub(super) fn raw_delivery(&self) -> bool {
        self.attributes
            .get("RawMessageDelivery")
            .is_some_and(|value| value.eq_ignore_ascii_case("true"))
    }

    pub(super) fn scope(&self) -> Scope {
        self.attributes
            .get("FilterPolicyScope")
            .and_then(|name| Scope::parse(name))
            .unwrap_or(Scope::MessageAttributes)
    }
}

impl Resources {
    pub(super) fn topic(&self, arn: &str) -> Option<&Topic> {
        self.topics.iter().find(|topic| topic.arn == arn)
    }

    /// The topic `arn`, when it lives in `region` (a request reaches the topics of its
    /// own region only).
    pub(super) fn topic_in(&self, arn: &str, region: &str) -> Option<&Topic> {
        self.topic(arn).filter(|topic| topic.region == region)
    }

    pub(super) fn topic_in_mut(&mut self, arn: &str, region: &str) -> Option<&mut Topic> {
        self.topic_mut(arn).filter(|topic| topic.region == region)
    }

    pub(super) fn topic_mut(&mut self, arn: &str) -> Option<&mut Topic> {
        self.topics.iter_mut().find(|topic| topic.arn == arn)
    }

    pub(super) fn subscription_mut(&mut self, arn: &str) -> Option<&mut Subscription> {
        self.subscriptions.iter_mut().find(|found| found.arn == arn)
    }

    pub(super) fn subscriptions_of<'a>(
        &'a self,
        topic_arn: &'a str,
    ) -> impl Iterator<Item = &'a Subscription> + 'a {
        self.subscriptions
            .iter()
            .filter(move |subscription| subscription.topic_arn == topic_arn)
    }
}

/// Whether `protocol`'s endpoints must confirm a subscription before they get messages.
pub(super) fn needs_confirmation(protocol: &str) -> bool {
    matches!(protocol, "http" | "https" | "email" | "email-json")
}

/// A topic's ARN.
pub(super) fn topic_arn(region: &str, account_id: &str, name: &str) -> String {
    format!(
        "arn:{}:sns:{region}:{account_id}:{name}",
        crate::services::sqs::partition(region)
    )
}

/// The parts of an ARN: `(service, region, account, resource)`.
pub(super) fn arn_parts(arn: &str) -> Option<(&str, &str, &str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(service), Some(region), Some(account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    Some((service, region, account, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_are_split_into_their_parts() {
        assert_eq!(
            arn_parts("arn:aws:sqs:eu-west-1:123456789012:jobs"),
            Some(("sqs", "eu-west-1", "123456789012", "jobs"))
        );
        assert_eq!(
            arn_parts("arn:aws:lambda:us-east-1:123456789012:function:f:live"),
            Some(("lambda", "us-east-1", "123456789012", "function:f:live"))
        );
        assert_eq!(arn_parts("jobs"), None);
        assert_eq!(
            topic_arn("cn-north-1", "123456789012", "t"),
            "arn:aws-cn:sns:cn-north-1:123456789012:t"
        );
    }

    #[test]
    fn fifo_sequence_numbers_have_twenty_digits_and_grow() {
        let mut topic = Topic {
            arn: String::new(),
            region: String::new(),
            attributes: BTreeMap::new(),
            tags: Tags::default(),
            subscriptions_deleted: 0,
            sequence_number: 0,
        };
        assert_eq!(topic.take_sequence_number(), "10000000000000000001");
        assert_eq!(topic.take_sequence_number(), "10000000000000000002");
    }
}
