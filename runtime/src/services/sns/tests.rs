//! SNS end to end: query requests through [`handle`], delivering into SQS's state.

use bytes::Bytes;
use http::Request;
use serde_json::Value;

use super::*;
use crate::clock::Clock;
use crate::protocol::error::Protocol;
use crate::protocol::query::percent_encode;
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Route, ServiceStates};

/// The first id (a subscription's, a message's) a backend seeded with 42 draws.
const GOLDEN_UUID_SEED_42: &str = "54902dec-d766-4f09-9d2d-08f0f01c1be4";

/// How the token of the first HTTP(S) subscription of a backend seeded with 42 starts.
const GOLDEN_TOKEN_PREFIX_SEED_42: &str = "a209dfd5ae07ca5c";

const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:orders";
const QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:jobs";

struct Backend {
    states: ServiceStates,
    random: MockRandom,
    clock: Clock,
}

struct Reply {
    status: u16,
    body: String,
}

impl Reply {
    /// The text of the first element `name`.
    fn element(&self, name: &str) -> &str {
        let open = format!("<{name}>");
        let start = self
            .body
            .find(&open)
            .unwrap_or_else(|| panic!("no {name} in {}", self.body))
            + open.len();
        let end = self.body[start..].find(&format!("</{name}>")).unwrap() + start;
        &self.body[start..end]
    }

    fn error_code(&self) -> &str {
        self.element("Code")
    }
}

/// Query form text: `(name, value)` pairs, encoded.
fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Backend {
    fn new() -> Backend {
        Backend {
            states: ServiceStates::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        }
    }

    async fn call_service(&self, service: &str, pairs: &[(&str, &str)]) -> Reply {
        let action = pairs
            .iter()
            .find(|(name, _)| *name == "Action")
            .map(|(_, value)| (*value).to_owned());
        let route = Route {
            service: service.into(),
            region: "us-east-1".into(),
            protocol: Protocol::Query,
            operation: action,
        };
        let context = Context {
            random: &self.random,
            clock: &self.clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://localhost:5000".into(),
            services: &self.states,
        };
        let request = Request::builder()
            .method("POST")
            .uri("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Bytes::from(form(pairs)))
            .unwrap();
        let response = match service {
            "sqs" => crate::services::sqs::handle(self.states.sqs(), &context, request).await,
            _ => handle(self.states.sns(), &context, request).await,
        };
        Reply {
            status: response.status().as_u16(),
            body: String::from_utf8(response.body().to_vec()).unwrap(),
        }
    }

    async fn sns(&self, pairs: &[(&str, &str)]) -> Reply {
        self.call_service("sns", pairs).await
    }

    async fn ok(&self, pairs: &[(&str, &str)]) -> Reply {
        let reply = self.sns(pairs).await;
        assert_eq!(reply.status, 200, "{pairs:?}: {}", reply.body);
        reply
    }

    async fn queue(&self, name: &str) {
        let reply = self
            .call_service("sqs", &[("Action", "CreateQueue"), ("QueueName", name)])
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    /// The bodies of the messages waiting in queue `name`.
    async fn received(&self, name: &str) -> Vec<String> {
        let reply = self
            .call_service(
                "sqs",
                &[
                    ("Action", "ReceiveMessage"),
                    (
                        "QueueUrl",
                        &format!("http://localhost:5000/123456789012/{name}"),
                    ),
                    ("MaxNumberOfMessages", "10"),
                    ("MessageAttributeName.1", "All"),
                ],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply
            .body
            .split("<Body>")
            .skip(1)
            .map(|rest| unescape(&rest[..rest.find("</Body>").unwrap()]))
            .collect()
    }

    async fn topic(&self, name: &str) -> String {
        self.ok(&[("Action", "CreateTopic"), ("Name", name)])
            .await
            .element("TopicArn")
            .to_owned()
    }

    async fn subscribe(
        &self,
        topic: &str,
        protocol: &str,
        endpoint: &str,
        extra: &[(&str, &str)],
    ) -> Reply {
        let mut pairs = vec![
            ("Action", "Subscribe"),
            ("TopicArn", topic),
            ("Protocol", protocol),
            ("Endpoint", endpoint),
        ];
        pairs.extend_from_slice(extra);
        self.sns(&pairs).await
    }
}

fn unescape(xml: &str) -> String {
    xml.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#xD;", "\r")
        .replace("&#xA;", "\n")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn topics_are_created_once_and_listed_in_pages() {
    let backend = Backend::new();
    assert_eq!(backend.topic("orders").await, TOPIC);
    assert_eq!(backend.topic("orders").await, TOPIC, "idempotent");
    let different = backend
        .sns(&[
            ("Action", "CreateTopic"),
            ("Name", "orders"),
            ("Attributes.entry.1.key", "DisplayName"),
            ("Attributes.entry.1.value", "Orders"),
        ])
        .await;
    assert_eq!(different.status, 400);
    assert_eq!(different.error_code(), "InvalidParameter");
    assert!(
        different
            .body
            .contains("Topic already exists with different attributes")
    );
    for index in 0..120 {
        backend.topic(&format!("t{index:03}")).await;
    }
    let first = backend.ok(&[("Action", "ListTopics")]).await;
    assert_eq!(first.body.matches("<TopicArn>").count(), 100);
    assert_eq!(first.element("NextToken"), "100");
    let second = backend
        .ok(&[("Action", "ListTopics"), ("NextToken", "100")])
        .await;
    assert_eq!(second.body.matches("<TopicArn>").count(), 21);
    assert!(!second.body.contains("NextToken"));
}

#[tokio::test]
async fn fifo_names_and_the_fifo_attribute_go_together() {
    let backend = Backend::new();
    let standard_fifo_name = backend
        .sns(&[("Action", "CreateTopic"), ("Name", "orders.fifo")])
        .await;
    assert_eq!(standard_fifo_name.status, 400);
    assert!(
        standard_fifo_name
            .body
            .contains("Topic names must be made up of")
    );
    let fifo_plain_name = backend
        .sns(&[
            ("Action", "CreateTopic"),
            ("Name", "orders"),
            ("Attributes.entry.1.key", "FifoTopic"),
            ("Attributes.entry.1.value", "true"),
        ])
        .await;
    assert!(
        fifo_plain_name
            .body
            .contains("Fifo Topic names must end with .fifo")
    );
    let created = backend
        .ok(&[
            ("Action", "CreateTopic"),
            ("Name", "orders.fifo"),
            ("Attributes.entry.1.key", "FifoTopic"),
            ("Attributes.entry.1.value", "true"),
            ("Attributes.entry.2.key", "ContentBasedDeduplication"),
            ("Attributes.entry.2.value", "true"),
        ])
        .await;
    let arn = created.element("TopicArn").to_owned();
    let attributes = backend
        .ok(&[("Action", "GetTopicAttributes"), ("TopicArn", &arn)])
        .await;
    assert!(
        attributes
            .body
            .contains("<key>FifoTopic</key><value>true</value>"),
        "{}",
        attributes.body
    );
    assert!(
        attributes
            .body
            .contains("<key>ContentBasedDeduplication</key><value>true</value>")
    );
}

#[tokio::test]
async fn topic_attributes_report_defaults_counts_and_changes() {
    let backend = Backend::new();
    backend.topic("orders").await;
    backend.subscribe(TOPIC, "sqs", QUEUE, &[]).await;
    backend
        .subscribe(TOPIC, "https", "https://example.com/hook", &[])
        .await;
    backend
        .ok(&[
            ("Action", "SetTopicAttributes"),
            ("TopicArn", TOPIC),
            ("AttributeName", "DisplayName"),
            ("AttributeValue", "Orders"),
        ])
        .await;
    let reply = backend
        .ok(&[("Action", "GetTopicAttributes"), ("TopicArn", TOPIC)])
        .await;
    for expected in [
        "<key>DisplayName</key><value>Orders</value>",
        "<key>Owner</key><value>123456789012</value>",
        "<key>SubscriptionsConfirmed</key><value>1</value>",
        "<key>SubscriptionsPending</key><value>1</value>",
        "<key>SubscriptionsDeleted</key><value>0</value>",
        "__default_policy_ID",
        "<key>EffectiveDeliveryPolicy</key>",
    ] {
        assert!(reply.body.contains(expected), "{expected}: {}", reply.body);
    }
    let missing = backend
        .sns(&[
            ("Action", "GetTopicAttributes"),
            ("TopicArn", "arn:aws:sns:us-east-1:123456789012:nope"),
        ])
        .await;
    assert_eq!((missing.status, missing.error_code()), (404, "NotFound"));
    let bad_name = backend
        .sns(&[
            ("Action", "SetTopicAttributes"),
            ("TopicArn", TOPIC),
            ("AttributeName", "Colour"),
            ("AttributeValue", "red"),
        ])
        .await;
    assert_eq!(
        bad_name.element("Message"),
        "Invalid parameter: AttributeName"
    );
}

#[tokio::test]
async fn tags_are_added_listed_and_removed() {
    let backend = Backend::new();
    backend.topic("orders").await;
    backend
        .ok(&[
            ("Action", "TagResource"),
            ("ResourceArn", TOPIC),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "shop"),
            ("Tags.member.2.Key", "env"),
            ("Tags.member.2.Value", "test"),
        ])
        .await;
    backend
        .ok(&[
            ("Action", "UntagResource"),
            ("ResourceArn", TOPIC),
            ("TagKeys.member.1", "env"),
        ])
        .await;
    let listed = backend
        .ok(&[("Action", "ListTagsForResource"), ("ResourceArn", TOPIC)])
        .await;
    assert!(
        listed.body.contains("<Key>team</Key><Value>shop</Value>"),
        "{}",
        listed.body
    );
    assert!(!listed.body.contains("env"));
    let missing = backend
        .sns(&[
            ("Action", "ListTagsForResource"),
            ("ResourceArn", "arn:aws:sns:us-east-1:123456789012:nope"),
        ])
        .await;
    assert_eq!(
        (missing.status, missing.error_code()),
        (404, "ResourceNotFound")
    );
}

#[tokio::test]
async fn sqs_subscriptions_are_confirmed_and_get_the_envelope() {
    let backend = Backend::new();
    backend.topic("orders").await;
    backend.queue("jobs").await;
    let subscribed = backend.subscribe(TOPIC, "sqs", QUEUE, &[]).await;
    assert_eq!(
        subscribed.element("SubscriptionArn"),
        format!("{TOPIC}:{GOLDEN_UUID_SEED_42}")
    );
    let published = backend
        .ok(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("Message", "hello"),
            ("Subject", "greeting"),
            ("MessageAttributes.entry.1.Name", "kind"),
            ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", "order"),
        ])
        .await;
    let message_id = published.element("MessageId").to_owned();
    let bodies = backend.received("jobs").await;
    assert_eq!(bodies.len(), 1);
    let envelope: Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(envelope["Type"], "Notification");
    assert_eq!(envelope["MessageId"], message_id.as_str());
    assert_eq!(envelope["TopicArn"], TOPIC);
    assert_eq!(envelope["Subject"], "greeting");
    assert_eq!(envelope["Message"], "hello");
    assert_eq!(envelope["Timestamp"], "2024-01-01T00:00:00.000Z");
    assert_eq!(envelope["SignatureVersion"], "1");
    assert_eq!(
        envelope["MessageAttributes"]["kind"],
        serde_json::json!({"Type": "String", "Value": "order"})
    );
    assert!(
        envelope["UnsubscribeURL"]
            .as_str()
            .unwrap()
            .ends_with(&format!("SubscriptionArn={TOPIC}:{GOLDEN_UUID_SEED_42}"))
    );
    assert!(bodies[0].starts_with("{\n  \"Type\" : \"Notification\",\n"));
    let deliveries = backend.states.sns().deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].body, bodies[0]);
}

#[tokio::test]
async fn raw_delivery_passes_the_message_and_its_attributes() {
    let backend = Backend::new();
    backend.topic("orders").await;
    backend.queue("jobs").await;
    backend
        .subscribe(
            TOPIC,
            "sqs",
            QUEUE,
            &[
                ("Attributes.entry.1.key", "RawMessageDelivery"),
                ("Attributes.entry.1.value", "true"),
            ],
        )
        .await;
    backend
        .ok(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("Message", "{\"id\": 7}"),
            ("MessageAttributes.entry.1.Name", "price"),
            ("MessageAttributes.entry.1.Value.DataType", "Number"),
            ("MessageAttributes.entry.1.Value.StringValue", "12.5"),
        ])
        .await;
    let reply = backend
        .call_service(
            "sqs",
            &[
                ("Action", "ReceiveMessage"),
                ("QueueUrl", "http://localhost:5000/123456789012/jobs"),
                ("MessageAttributeName.1", "All"),
            ],
        )
        .await;
    assert!(
        reply.body.contains("<Body>{&quot;id&quot;: 7}</Body>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("<Name>price</Name>"), "{}", reply.body);
    assert!(
        reply.body.contains("<DataType>Number</DataType>"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn filter_policies_choose_the_subscriptions_that_get_a_message() {
    let backend = Backend::new();
    backend.topic("orders").await;
    backend.queue("big").await;
    backend.queue("eu").await;
    backend
        .subscribe(
            TOPIC,
            "sqs",
            "arn:aws:sqs:us-east-1:123456789012:big",
            &[
                ("Attributes.entry.1.key", "FilterPolicy"),
                (
                    "Attributes.entry.1.value",
                    r#"{"total": [{"numeric": [">=", 100]}]}"#,
                ),
            ],
        )
        .await;
    backend
        .subscribe(
            TOPIC,
            "sqs",
            "arn:aws:sqs:us-east-1:123456789012:eu",
            &[
                ("Attributes.entry.1.key", "FilterPolicyScope"),
                ("Attributes.entry.1.value", "MessageBody"),
                ("Attributes.entry.2.key", "FilterPolicy"),
                (
                    "Attributes.entry.2.value",
                    r#"{"region": [{"prefix": "eu-"}]}"#,
                ),
                ("Attributes.entry.3.key", "RawMessageDelivery"),
                ("Attributes.entry.3.value", "true"),
            ],
        )
        .await;
    for (body, total) in [
        (r#"{"region": "eu-west-1"}"#, "50"),
        (r#"{"region": "us-east-1"}"#, "150"),
    ] {
        backend
            .ok(&[
                ("Action", "Publish"),
                ("TopicArn", TOPIC),
                ("Message", body),
                ("MessageAttributes.entry.1.Name", "total"),
                ("MessageAttributes.entry.1.Value.DataType", "Number"),
                ("MessageAttributes.entry.1.Value.StringValue", total),
            ])
            .await;
    }
    assert_eq!(
        backend.received("eu").await,
        vec![r#"{"region": "eu-west-1"}"#]
    );
    let big = backend.received("big").await;
    assert_eq!(big.len(), 1);
    assert!(big[0].contains("us-east-1"));
    let invalid = backend
        .subscribe(
            TOPIC,
            "sqs",
            "arn:aws:sqs:us-east-1:123456789012:other",
            &[
                ("Attributes.entry.1.key", "FilterPolicy"),
                ("Attributes.entry.1.value", r#"{"a": [{"exists": "yes"}]}"#),
            ],
        )
        .await;
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.element("Message"),
        "Invalid parameter: Attributes Reason: FilterPolicy: exists match pattern must be either true or false."
    );
}

#[tokio::test]
async fn fifo_topics_pass_groups_and_deduplication_ids_to_fifo_queues() {
    let backend = Backend::new();
    let topic = backend
        .ok(&[
            ("Action", "CreateTopic"),
            ("Name", "orders.fifo"),
            ("Attributes.entry.1.key", "FifoTopic"),
            ("Attributes.entry.1.value", "true"),
            ("Attributes.entry.2.key", "ContentBasedDeduplication"),
            ("Attributes.entry.2.value", "true"),
        ])
        .await
        .element("TopicArn")
        .to_owned();
    let reply = backend
        .call_service(
            "sqs",
            &[
                ("Action", "CreateQueue"),
                ("QueueName", "jobs.fifo"),
                ("Attribute.1.Name", "FifoQueue"),
                ("Attribute.1.Value", "true"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    backend
        .subscribe(
            &topic,
            "sqs",
            "arn:aws:sqs:us-east-1:123456789012:jobs.fifo",
            &[],
        )
        .await;
    let no_group = backend
        .sns(&[
            ("Action", "Publish"),
            ("TopicArn", &topic),
            ("Message", "a"),
        ])
        .await;
    assert_eq!(
        no_group.element("Message"),
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"
    );
    let first = backend
        .ok(&[
            ("Action", "Publish"),
            ("TopicArn", &topic),
            ("Message", "a"),
            ("MessageGroupId", "g1"),
        ])
        .await;
    assert_eq!(first.element("SequenceNumber"), "10000000000000000001");
    // The same body again is a duplicate for the queue (content-based deduplication).
    backend
        .ok(&[
            ("Action", "Publish"),
            ("TopicArn", &topic),
            ("Message", "a"),
            ("MessageGroupId", "g1"),
        ])
        .await;
    let bodies = backend.received("jobs.fifo").await;
    assert_eq!(bodies.len(), 1);
    let envelope: Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(envelope["SequenceNumber"], "10000000000000000001");
    let standard_dedup = backend
        .sns(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("Message", "a"),
            ("MessageDeduplicationId", "d"),
        ])
        .await;
    assert_eq!(standard_dedup.error_code(), "NotFound");
}

#[tokio::test]
async fn http_subscriptions_wait_for_their_token() {
    let backend = Backend::new();
    backend.topic("orders").await;
    let pending = backend
        .subscribe(TOPIC, "https", "https://example.com/hook", &[])
        .await;
    assert_eq!(pending.element("SubscriptionArn"), "pending confirmation");
    let listed = backend
        .ok(&[("Action", "ListSubscriptionsByTopic"), ("TopicArn", TOPIC)])
        .await;
    assert_eq!(listed.element("SubscriptionArn"), "PendingConfirmation");
    let deliveries = backend.states.sns().deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].message_type, "SubscriptionConfirmation");
    let confirmation: Value = serde_json::from_str(&deliveries[0].body).unwrap();
    let token = confirmation["Token"].as_str().unwrap().to_owned();
    assert_eq!(
        (token.len(), &token[..16]),
        (128, GOLDEN_TOKEN_PREFIX_SEED_42),
        "the token drawn after the subscription's id"
    );
    backend
        .ok(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("Message", "before"),
        ])
        .await;
    assert_eq!(
        backend.states.sns().deliveries().len(),
        1,
        "pending gets nothing"
    );
    let wrong = backend
        .sns(&[
            ("Action", "ConfirmSubscription"),
            ("TopicArn", TOPIC),
            ("Token", "nope"),
        ])
        .await;
    assert_eq!(wrong.error_code(), "InvalidParameter");
    let confirmed = backend
        .ok(&[
            ("Action", "ConfirmSubscription"),
            ("TopicArn", TOPIC),
            ("Token", &token),
        ])
        .await;
    let arn = confirmed.element("SubscriptionArn").to_owned();
    assert!(arn.starts_with(TOPIC));
    backend
        .ok(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("Message", "after"),
        ])
        .await;
    let deliveries = backend.states.sns().deliveries();
    assert_eq!(deliveries.len(), 2);
    assert_eq!(deliveries[1].message, "after");
    assert_eq!(deliveries[1].endpoint, "https://example.com/hook");
    let attributes = backend
        .ok(&[
            ("Action", "GetSubscriptionAttributes"),
            ("SubscriptionArn", &arn),
        ])
        .await;
    assert!(
        attributes
            .body
            .contains("<key>PendingConfirmation</key><value>false</value>")
    );
    backend
        .ok(&[("Action", "Unsubscribe"), ("SubscriptionArn", &arn)])
        .await;
    let gone = backend
        .sns(&[
            ("Action", "GetSubscriptionAttributes"),
            ("SubscriptionArn", &arn),
        ])
        .await;
    assert_eq!((gone.status, gone.error_code()), (404, "NotFound"));
}

#[tokio::test]
async fn message_structure_gives_each_protocol_its_message() {
    let backend = Backend::new();
    backend.topic("orders").await;
    backend.subscribe(TOPIC, "sms", "+15555550100", &[]).await;
    backend
        .subscribe(TOPIC, "email", "ops@example.com", &[])
        .await;
    backend
        .ok(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("MessageStructure", "json"),
            ("Message", r#"{"default": "plain", "sms": "short"}"#),
        ])
        .await;
    let deliveries = backend.states.sns().deliveries();
    let sms: Vec<_> = deliveries.iter().filter(|d| d.protocol == "sms").collect();
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].body, "short");
    let no_default = backend
        .sns(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("MessageStructure", "json"),
            ("Message", r#"{"sms": "short"}"#),
        ])
        .await;
    assert_eq!(
        no_default.element("Message"),
        "Invalid parameter: Message Structure - No default entry in JSON message body"
    );
}

#[tokio::test]
async fn message_attributes_are_checked_by_type() {
    let backend = Backend::new();
    backend.topic("orders").await;
    for (data_type, value, expected) in [
        (
            "Number",
            "abc",
            "Could not cast message attribute 'a' value to number.",
        ),
        ("Colour", "x", "has an invalid message attribute type"),
        (
            "String",
            "",
            "must contain non-empty message attribute value",
        ),
        ("String.Array", "[{}]", "must be a JSON array"),
    ] {
        let reply = backend
            .sns(&[
                ("Action", "Publish"),
                ("TopicArn", TOPIC),
                ("Message", "m"),
                ("MessageAttributes.entry.1.Name", "a"),
                ("MessageAttributes.entry.1.Value.DataType", data_type),
                ("MessageAttributes.entry.1.Value.StringValue", value),
            ])
            .await;
        assert_eq!(reply.status, 400, "{data_type}");
        assert_eq!(reply.error_code(), "ParameterValueInvalid");
        assert!(reply.body.contains(expected), "{}", reply.body);
    }
    let too_long = "x".repeat(262_145);
    let reply = backend
        .sns(&[
            ("Action", "Publish"),
            ("TopicArn", TOPIC),
            ("Message", &too_long),
        ])
        .await;
    assert_eq!(
        reply.element("Message"),
        "Invalid parameter: Message too long"
    );
}

#[tokio::test]
async fn batches_check_their_entries_and_fail_them_one_by_one() {
    let backend = Backend::new();
    backend.topic("orders").await;
    let duplicate = backend
        .sns(&[
            ("Action", "PublishBatch"),
            ("TopicArn", TOPIC),
            ("PublishBatchRequestEntries.member.1.Id", "a"),
            ("PublishBatchRequestEntries.member.1.Message", "m"),
            ("PublishBatchRequestEntries.member.2.Id", "a"),
            ("PublishBatchRequestEntries.member.2.Message", "m"),
        ])
        .await;
    assert_eq!(duplicate.error_code(), "BatchEntryIdsNotDistinct");
    let mut pairs = vec![
        ("Action".to_owned(), "PublishBatch".to_owned()),
        ("TopicArn".to_owned(), TOPIC.to_owned()),
    ];
    for index in 1..=11 {
        pairs.push((
            format!("PublishBatchRequestEntries.member.{index}.Id"),
            format!("e{index}"),
        ));
        pairs.push((
            format!("PublishBatchRequestEntries.member.{index}.Message"),
            "m".to_owned(),
        ));
    }
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let too_many = backend.sns(&borrowed).await;
    assert_eq!(too_many.error_code(), "TooManyEntriesInBatchRequest");
    let mixed = backend
        .ok(&[
            ("Action", "PublishBatch"),
            ("TopicArn", TOPIC),
            ("PublishBatchRequestEntries.member.1.Id", "good"),
            ("PublishBatchRequestEntries.member.1.Message", "m"),
            ("PublishBatchRequestEntries.member.2.Id", "bad"),
            ("PublishBatchRequestEntries.member.2.Message", "m"),
            (
                "PublishBatchRequestEntries.member.2.MessageDeduplicationId",
                "d",
            ),
        ])
        .await;
    assert!(mixed.body.contains("<Id>good</Id>"), "{}", mixed.body);
    let failed = &mixed.body[mixed.body.find("<Failed>").unwrap()..];
    assert!(failed.contains("<Id>bad</Id>"), "{}", mixed.body);
    assert!(failed.contains("<Code>InvalidParameter</Code>"));
    assert!(failed.contains("<SenderFault>true</SenderFault>"));
}

#[tokio::test]
async fn subscriptions_are_listed_and_checked_by_protocol() {
    let backend = Backend::new();
    backend.topic("orders").await;
    for (protocol, endpoint, expected) in [
        (
            "carrier-pigeon",
            "coop",
            "Amazon SNS does not support this protocol string: carrier-pigeon",
        ),
        ("sqs", "jobs", "Invalid parameter: SQS endpoint ARN"),
        (
            "http",
            "https://example.com",
            "Invalid parameter: Endpoint must match the specified protocol",
        ),
        ("sms", "call me", "Invalid SMS endpoint: call me"),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:123456789012:jobs.fifo",
            "FIFO SQS Queues can not be subscribed to standard SNS topics",
        ),
    ] {
        let reply = backend.subscribe(TOPIC, protocol, endpoint, &[]).await;
        assert_eq!(reply.status, 400, "{protocol}");
        assert!(reply.body.contains(expected), "{}", reply.body);
    }
    let raw_email = backend
        .subscribe(
            TOPIC,
            "email",
            "a@example.com",
            &[
                ("Attributes.entry.1.key", "RawMessageDelivery"),
                ("Attributes.entry.1.value", "true"),
            ],
        )
        .await;
    assert!(
        raw_email
            .body
            .contains("Delivery protocol [email] does not support raw message delivery.")
    );
    let first = backend.subscribe(TOPIC, "sqs", QUEUE, &[]).await;
    let again = backend.subscribe(TOPIC, "sqs", QUEUE, &[]).await;
    assert_eq!(
        first.element("SubscriptionArn"),
        again.element("SubscriptionArn")
    );
    let listed = backend.ok(&[("Action", "ListSubscriptions")]).await;
    assert_eq!(
        listed.body.matches("<member>").count(),
        1,
        "{}",
        listed.body
    );
    assert!(listed.body.contains("<Protocol>sqs</Protocol>"));
}
