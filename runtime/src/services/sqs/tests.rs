//! SQS end to end: requests as SDKs send them, in both protocols, through [`handle`].

use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::{HeaderMap, Request, Response};
use serde_json::{Value, json};

use super::*;
use crate::clock::Clock;
use crate::protocol::error::Protocol;
use crate::protocol::query::percent_encode;
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, Route};

const ORIGIN: &str = "http://127.0.0.1:41234";

/// 2024-01-01T00:00:00Z, where the virtual clock starts.
const START_SECONDS: u64 = 1_704_067_200;

/// The first message id a backend seeded with 42 hands out.
const GOLDEN_MESSAGE_ID_SEED_42: &str = "54902dec-d766-4f09-9d2d-08f0f01c1be4";

struct Backend {
    state: SqsState,
    random: MockRandom,
    clock: Clock,
    region: &'static str,
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }

    /// The error code and the query-compatible code of a JSON error.
    fn error(&self) -> (String, String) {
        let code = self.json()["__type"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let query = self.headers["x-amzn-query-error"]
            .to_str()
            .unwrap()
            .to_owned();
        (code, query)
    }
}

impl Backend {
    /// Seeded with 42, on a virtual clock at 2024-01-01T00:00:00Z.
    fn new() -> Backend {
        Backend {
            state: SqsState::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
            region: "us-east-1",
        }
    }

    /// On the wall clock, for long polls that wait on delays in real time.
    fn on_wall_clock() -> Backend {
        Backend {
            clock: Clock::wall(),
            ..Backend::new()
        }
    }

    async fn call(&self, protocol: Protocol, operation: &str, request: Request<Bytes>) -> Answer {
        let route = Route {
            service: "sqs".into(),
            region: self.region.into(),
            protocol,
            operation: Some(operation.to_owned()),
        };
        let context = Context {
            random: &self.random,
            clock: &self.clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: ORIGIN.into(),
            services: &crate::services::ServiceStates::default(),
        };
        let response: Response<Bytes> = handle(&self.state, &context, request).await;
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: String::from_utf8(response.body().to_vec()).unwrap(),
        }
    }

    /// A JSON 1.0 request as aws-sdk-sqs sends it.
    async fn json(&self, operation: &str, input: Value) -> Answer {
        let request = Request::builder()
            .method("POST")
            .uri("/")
            .header("x-amz-target", format!("AmazonSQS.{operation}"))
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amzn-query-mode", "true")
            .body(Bytes::from(input.to_string()))
            .unwrap();
        let protocol = Protocol::AwsJson1_0 {
            query_compatible: true,
        };
        self.call(protocol, operation, request).await
    }

    /// A successful JSON call's output.
    async fn ok(&self, operation: &str, input: Value) -> Value {
        let answer = self.json(operation, input).await;
        assert_eq!(answer.status, 200, "{operation}: {}", answer.body);
        answer.json()
    }

    /// A query-protocol request: `form` without `Version`, posted to `path`.
    async fn query_at(&self, path: &str, form: &str) -> Answer {
        let action = form
            .split('&')
            .find_map(|pair| pair.strip_prefix("Action="))
            .unwrap_or_default()
            .to_owned();
        let request = Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Bytes::from(format!("{form}&Version=2012-11-05")))
            .unwrap();
        self.call(Protocol::Query, &action, request).await
    }

    async fn query(&self, form: &str) -> Answer {
        self.query_at("/", form).await
    }

    async fn create(&self, name: &str, attributes: Value) -> String {
        let output = self
            .ok(
                "CreateQueue",
                json!({"QueueName": name, "Attributes": attributes}),
            )
            .await;
        output["QueueUrl"].as_str().unwrap().to_owned()
    }

    async fn send(&self, url: &str, body: &str) -> Value {
        self.ok("SendMessage", json!({"QueueUrl": url, "MessageBody": body}))
            .await
    }

    /// The bodies of up to ten messages received now.
    async fn receive_bodies(&self, url: &str) -> Vec<String> {
        let output = self
            .ok(
                "ReceiveMessage",
                json!({"QueueUrl": url, "MaxNumberOfMessages": 10}),
            )
            .await;
        messages(&output)
            .iter()
            .map(|message| message["Body"].as_str().unwrap().to_owned())
            .collect()
    }

    async fn attribute(&self, url: &str, name: &str) -> String {
        let output = self
            .ok(
                "GetQueueAttributes",
                json!({"QueueUrl": url, "AttributeNames": [name]}),
            )
            .await;
        output["Attributes"][name].as_str().unwrap().to_owned()
    }

    fn advance(&self, seconds: u64) {
        self.clock.advance(Duration::from_secs(seconds)).unwrap();
    }
}

fn messages(output: &Value) -> Vec<Value> {
    output["Messages"].as_array().cloned().unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Queues.

#[tokio::test]
async fn queues_are_created_found_listed_and_deleted() {
    let sqs = Backend::new();
    let url = sqs.create("jobs", json!({})).await;
    assert_eq!(url, format!("{ORIGIN}/123456789012/jobs"));
    let again = sqs.create("jobs", json!({})).await;
    assert_eq!(again, url, "creating the same queue again is fine");
    sqs.create("jobs-dead", json!({})).await;
    sqs.create("other", json!({})).await;
    let found = sqs.ok("GetQueueUrl", json!({"QueueName": "jobs"})).await;
    assert_eq!(found, json!({"QueueUrl": url}));

    let all = sqs.ok("ListQueues", json!({})).await;
    assert_eq!(all["QueueUrls"].as_array().unwrap().len(), 3);
    assert!(all.get("NextToken").is_none());
    let prefixed = sqs
        .ok("ListQueues", json!({"QueueNamePrefix": "jobs"}))
        .await;
    assert_eq!(
        prefixed["QueueUrls"],
        json!([url, format!("{ORIGIN}/123456789012/jobs-dead")])
    );
    let first_page = sqs.ok("ListQueues", json!({"MaxResults": 2})).await;
    assert_eq!(first_page["QueueUrls"].as_array().unwrap().len(), 2);
    let token = first_page["NextToken"].as_str().unwrap();
    let second_page = sqs
        .ok("ListQueues", json!({"MaxResults": 2, "NextToken": token}))
        .await;
    assert_eq!(
        second_page,
        json!({"QueueUrls": [format!("{ORIGIN}/123456789012/other")]})
    );

    // Fixtures spell the host localhost:5000: only the path counts.
    let fixture_url = "http://localhost:5000/123456789012/jobs";
    assert_eq!(
        sqs.ok("DeleteQueue", json!({"QueueUrl": fixture_url}))
            .await,
        json!({})
    );
    let gone = sqs.json("GetQueueUrl", json!({"QueueName": "jobs"})).await;
    assert_eq!(gone.status, 400);
    assert_eq!(
        gone.error(),
        (
            "QueueDoesNotExist".to_owned(),
            "AWS.SimpleQueueService.NonExistentQueue;Sender".to_owned()
        )
    );
    let deleted_again = sqs.json("DeleteQueue", json!({"QueueUrl": url})).await;
    assert_eq!(deleted_again.status, 400);
    let empty = sqs
        .ok("ListQueues", json!({"QueueNamePrefix": "nothing"}))
        .await;
    assert_eq!(empty, json!({}));
}

#[tokio::test]
async fn queue_names_and_attributes_are_checked() {
    let sqs = Backend::new();
    sqs.create("slow", json!({"VisibilityTimeout": "60"})).await;
    let conflict = sqs
        .json(
            "CreateQueue",
            json!({"QueueName": "slow", "Attributes": {"VisibilityTimeout": "30"}}),
        )
        .await;
    assert_eq!(conflict.status, 400);
    assert_eq!(
        conflict.error(),
        (
            "QueueNameExists".to_owned(),
            "QueueAlreadyExists;Sender".to_owned()
        )
    );
    for (name, attributes, code) in [
        ("bad name", json!({}), "InvalidParameterValue"),
        ("plain.fifo", json!({}), "InvalidParameterValue"),
        (
            "fifo",
            json!({"FifoQueue": "true"}),
            "InvalidParameterValue",
        ),
        ("q", json!({"Colour": "red"}), "InvalidAttributeName"),
        (
            "q",
            json!({"VisibilityTimeout": "43201"}),
            "InvalidAttributeValue",
        ),
        (
            "q",
            json!({"DelaySeconds": "soon"}),
            "InvalidAttributeValue",
        ),
    ] {
        let answer = sqs
            .json(
                "CreateQueue",
                json!({"QueueName": name, "Attributes": attributes}),
            )
            .await;
        assert_eq!(answer.status, 400, "{name} {attributes}");
        assert_eq!(answer.json()["__type"], code, "{name} {attributes}");
    }
    let missing = sqs.json("CreateQueue", json!({})).await;
    assert_eq!(missing.json()["__type"], "MissingParameter");
}

#[tokio::test]
async fn queue_attributes_report_defaults_counts_and_changes() {
    let sqs = Backend::new();
    let url = sqs.create("jobs", json!({"DelaySeconds": "5"})).await;
    let all = sqs
        .ok(
            "GetQueueAttributes",
            json!({"QueueUrl": url, "AttributeNames": ["All"]}),
        )
        .await;
    let created = START_SECONDS.to_string();
    assert_eq!(
        all["Attributes"],
        json!({
            "ApproximateNumberOfMessages": "0",
            "ApproximateNumberOfMessagesDelayed": "0",
            "ApproximateNumberOfMessagesNotVisible": "0",
            "CreatedTimestamp": created,
            "DelaySeconds": "5",
            "LastModifiedTimestamp": created,
            "MaximumMessageSize": "1048576",
            "MessageRetentionPeriod": "345600",
            "QueueArn": "arn:aws:sqs:us-east-1:123456789012:jobs",
            "ReceiveMessageWaitTimeSeconds": "0",
            "SqsManagedSseEnabled": "true",
            "VisibilityTimeout": "30",
        })
    );
    let some = sqs
        .ok(
            "GetQueueAttributes",
            json!({"QueueUrl": url, "AttributeNames": ["QueueArn", "Policy"]}),
        )
        .await;
    assert_eq!(
        some,
        json!({"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:123456789012:jobs"}}),
        "unset attributes are left out"
    );
    let none = sqs.ok("GetQueueAttributes", json!({"QueueUrl": url})).await;
    assert_eq!(none, json!({}));
    let unknown = sqs
        .json(
            "GetQueueAttributes",
            json!({"QueueUrl": url, "AttributeNames": ["Colour"]}),
        )
        .await;
    assert_eq!(unknown.json()["__type"], "InvalidAttributeName");

    sqs.advance(10);
    let set = sqs
        .ok(
            "SetQueueAttributes",
            json!({"QueueUrl": url, "Attributes": {"VisibilityTimeout": "5", "DelaySeconds": "0"}}),
        )
        .await;
    assert_eq!(set, json!({}));
    assert_eq!(sqs.attribute(&url, "VisibilityTimeout").await, "5");
    assert_eq!(
        sqs.attribute(&url, "LastModifiedTimestamp").await,
        (START_SECONDS + 10).to_string()
    );
    assert_eq!(
        sqs.attribute(&url, "CreatedTimestamp").await,
        START_SECONDS.to_string()
    );
    let invalid = sqs
        .json(
            "SetQueueAttributes",
            json!({"QueueUrl": url, "Attributes": {"MaximumMessageSize": "10"}}),
        )
        .await;
    assert_eq!(invalid.json()["__type"], "InvalidAttributeValue");
    let kind = sqs
        .json(
            "SetQueueAttributes",
            json!({"QueueUrl": url, "Attributes": {"FifoQueue": "true"}}),
        )
        .await;
    assert_eq!(kind.status, 400, "a queue cannot become FIFO");

    // One visible, one in flight, one delayed.
    sqs.send(&url, "visible").await;
    sqs.send(&url, "in flight").await;
    sqs.ok(
        "ReceiveMessage",
        json!({"QueueUrl": url, "VisibilityTimeout": 100}),
    )
    .await;
    sqs.ok(
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "later", "DelaySeconds": 60}),
    )
    .await;
    let counts = sqs
        .ok(
            "GetQueueAttributes",
            json!({"QueueUrl": url, "AttributeNames": [
                "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed",
            ]}),
        )
        .await;
    assert_eq!(
        counts["Attributes"],
        json!({
            "ApproximateNumberOfMessages": "1",
            "ApproximateNumberOfMessagesNotVisible": "1",
            "ApproximateNumberOfMessagesDelayed": "1",
        })
    );
}

#[tokio::test]
async fn fifo_queues_report_their_settings() {
    let sqs = Backend::new();
    let url = sqs
        .create(
            "orders.fifo",
            json!({"FifoQueue": "True", "ContentBasedDeduplication": "true"}),
        )
        .await;
    let all = sqs
        .ok(
            "GetQueueAttributes",
            json!({"QueueUrl": url, "AttributeNames": ["All"]}),
        )
        .await;
    let attributes = &all["Attributes"];
    assert_eq!(attributes["FifoQueue"], "true");
    assert_eq!(attributes["ContentBasedDeduplication"], "true");
    assert_eq!(attributes["DeduplicationScope"], "queue");
    assert_eq!(attributes["FifoThroughputLimit"], "perQueue");
    assert_eq!(
        attributes["QueueArn"],
        "arn:aws:sqs:us-east-1:123456789012:orders.fifo"
    );
}

#[tokio::test]
async fn tags_are_set_listed_and_removed() {
    let sqs = Backend::new();
    let created = sqs
        .ok(
            "CreateQueue",
            json!({"QueueName": "tagged", "tags": {"team": "a"}}),
        )
        .await;
    let url = created["QueueUrl"].as_str().unwrap();
    sqs.ok(
        "TagQueue",
        json!({"QueueUrl": url, "Tags": {"env": "test", "team": "b"}}),
    )
    .await;
    let tags = sqs.ok("ListQueueTags", json!({"QueueUrl": url})).await;
    assert_eq!(tags, json!({"Tags": {"env": "test", "team": "b"}}));
    sqs.ok(
        "UntagQueue",
        json!({"QueueUrl": url, "TagKeys": ["team", "absent"]}),
    )
    .await;
    let tags = sqs.ok("ListQueueTags", json!({"QueueUrl": url})).await;
    assert_eq!(tags, json!({"Tags": {"env": "test"}}));
    sqs.ok("UntagQueue", json!({"QueueUrl": url, "TagKeys": ["env"]}))
        .await;
    assert_eq!(
        sqs.ok("ListQueueTags", json!({"QueueUrl": url})).await,
        json!({"Tags": {}}),
        "an untagged queue lists an empty map"
    );
    let no_tags = sqs.json("TagQueue", json!({"QueueUrl": url})).await;
    assert_eq!(no_tags.json()["__type"], "MissingParameter");
    let no_keys = sqs
        .json("UntagQueue", json!({"QueueUrl": url, "TagKeys": []}))
        .await;
    assert_eq!(no_keys.json()["__type"], "InvalidParameterValue");
}

#[tokio::test]
async fn regions_have_their_own_queues() {
    let east = Backend::new();
    east.create("jobs", json!({})).await;
    let west = Backend {
        region: "eu-west-1",
        ..east
    };
    let missing = west.json("GetQueueUrl", json!({"QueueName": "jobs"})).await;
    assert_eq!(missing.status, 400);
    let url = west.create("jobs", json!({})).await;
    assert_eq!(
        west.attribute(&url, "QueueArn").await,
        "arn:aws:sqs:eu-west-1:123456789012:jobs"
    );
}

// ---------------------------------------------------------------------------
// Messages.

#[tokio::test]
async fn messages_go_round_with_attributes_and_digests() {
    let sqs = Backend::new();
    let url = sqs.create("jobs", json!({})).await;
    let sent = sqs
        .ok(
            "SendMessage",
            json!({
                "QueueUrl": url,
                "MessageBody": "job-1",
                "MessageAttributes": {
                    "kind": {"DataType": "String", "StringValue": "build"},
                    "blob": {"DataType": "Binary", "BinaryValue": "AAE="},
                    "timestamp": {"DataType": "Number", "StringValue": "1493147359900"},
                },
            }),
        )
        .await;
    assert_eq!(sent["MessageId"], GOLDEN_MESSAGE_ID_SEED_42);
    assert_eq!(sent["MD5OfMessageBody"], "ac15a52e59f363d653442a598ffab484");
    let attributes_md5 = sent["MD5OfMessageAttributes"].as_str().unwrap().to_owned();
    assert!(sent.get("SequenceNumber").is_none());

    sqs.advance(2);
    let received = sqs
        .ok(
            "ReceiveMessage",
            json!({
                "QueueUrl": url,
                "MessageSystemAttributeNames": ["All"],
                "MessageAttributeNames": ["All"],
            }),
        )
        .await;
    let message = &messages(&received)[0];
    assert_eq!(message["MessageId"], GOLDEN_MESSAGE_ID_SEED_42);
    assert_eq!(message["Body"], "job-1");
    assert_eq!(message["MD5OfBody"], "ac15a52e59f363d653442a598ffab484");
    assert_eq!(message["MD5OfMessageAttributes"], attributes_md5.as_str());
    assert_eq!(message["ReceiptHandle"].as_str().unwrap().len(), 185);
    assert_eq!(
        message["Attributes"],
        json!({
            "ApproximateFirstReceiveTimestamp": "1704067202000",
            "ApproximateReceiveCount": "1",
            "SenderId": "AIDAIT2UOQQY3AUEKVGXU",
            "SentTimestamp": "1704067200000",
        })
    );
    assert_eq!(
        message["MessageAttributes"],
        json!({
            "blob": {"DataType": "Binary", "BinaryValue": "AAE="},
            "kind": {"DataType": "String", "StringValue": "build"},
            "timestamp": {"DataType": "Number", "StringValue": "1493147359900"},
        })
    );
    let handle = message["ReceiptHandle"].as_str().unwrap().to_owned();
    assert_eq!(
        sqs.ok(
            "DeleteMessage",
            json!({"QueueUrl": url, "ReceiptHandle": handle})
        )
        .await,
        json!({})
    );
    let again = sqs
        .json(
            "DeleteMessage",
            json!({"QueueUrl": url, "ReceiptHandle": handle}),
        )
        .await;
    assert_eq!(again.status, 200, "deleting twice is fine, as in AWS");
    let bogus = sqs
        .json(
            "DeleteMessage",
            json!({"QueueUrl": url, "ReceiptHandle": "bogus"}),
        )
        .await;
    assert_eq!(bogus.status, 400);
    assert_eq!(
        bogus.error(),
        (
            "ReceiptHandleIsInvalid".to_owned(),
            "ReceiptHandleIsInvalid;Sender".to_owned()
        )
    );
    assert_eq!(
        sqs.attribute(&url, "ApproximateNumberOfMessages").await,
        "0"
    );
}

#[tokio::test]
async fn only_the_message_attributes_asked_for_are_returned() {
    let sqs = Backend::new();
    let url = sqs.create("jobs", json!({})).await;
    let text = |value: &str| json!({"DataType": "String", "StringValue": value});
    sqs.ok(
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "m", "MessageAttributes": {
            "trace.id": text("1"), "trace.span": text("2"), "user": text("3"),
        }}),
    )
    .await;
    for (names, expected) in [
        (json!(["user"]), vec!["user"]),
        (json!(["trace.*"]), vec!["trace.id", "trace.span"]),
        (json!([".*"]), vec!["trace.id", "trace.span", "user"]),
        (json!([]), vec![]),
    ] {
        sqs.advance(30);
        let received = sqs
            .ok(
                "ReceiveMessage",
                json!({"QueueUrl": url, "MessageAttributeNames": names}),
            )
            .await;
        let message = &messages(&received)[0];
        let returned: Vec<String> = message["MessageAttributes"]
            .as_object()
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(returned, expected, "{names}");
        assert_eq!(
            message.get("MD5OfMessageAttributes").is_some(),
            !expected.is_empty()
        );
        assert!(message.get("Attributes").is_none(), "none were asked for");
    }
}

#[tokio::test]
async fn message_input_is_checked() {
    let sqs = Backend::new();
    let url = sqs
        .create("small", json!({"MaximumMessageSize": "1024"}))
        .await;
    for (input, code) in [
        (json!({"MessageBody": ""}), "MissingParameter"),
        (
            json!({"MessageBody": "x".repeat(1025)}),
            "InvalidParameterValue",
        ),
        (
            json!({"MessageBody": "x", "DelaySeconds": 901}),
            "InvalidParameterValue",
        ),
        (
            json!({"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "Colour", "StringValue": "red"}}}),
            "InvalidParameterValue",
        ),
        (
            json!({"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "String"}}}),
            "InvalidParameterValue",
        ),
        (
            json!({"MessageBody": "x", "MessageAttributes": {"a b": {"DataType": "String", "StringValue": "v"}}}),
            "InvalidParameterValue",
        ),
    ] {
        let mut input = input;
        input["QueueUrl"] = json!(url);
        let answer = sqs.json("SendMessage", input.clone()).await;
        assert_eq!(answer.status, 400, "{input}");
        assert_eq!(answer.json()["__type"], code, "{input}");
    }
    let missing = sqs
        .json(
            "SendMessage",
            json!({"QueueUrl": format!("{ORIGIN}/123456789012/nope"), "MessageBody": "x"}),
        )
        .await;
    assert_eq!(missing.json()["__type"], "QueueDoesNotExist");
    for input in [
        json!({"MaxNumberOfMessages": 11}),
        json!({"MaxNumberOfMessages": 0}),
        json!({"WaitTimeSeconds": 21}),
        json!({"VisibilityTimeout": 43_201}),
        json!({"VisibilityTimeout": -1}),
    ] {
        let mut input = input;
        input["QueueUrl"] = json!(url);
        let answer = sqs.json("ReceiveMessage", input.clone()).await;
        assert_eq!(answer.json()["__type"], "InvalidParameterValue", "{input}");
    }
}

#[tokio::test]
async fn trace_headers_travel_as_system_attributes() {
    let sqs = Backend::new();
    let url = sqs.create("traced", json!({})).await;
    let header = "Root=1-5759e988-bd862e3fe1be46a994272793";
    let sent = sqs
        .ok(
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": "m", "MessageSystemAttributes": {
                "AWSTraceHeader": {"DataType": "String", "StringValue": header},
            }}),
        )
        .await;
    assert_eq!(
        sent["MD5OfMessageSystemAttributes"],
        "62a56dd927315f2b2e12832b84617ea5"
    );
    let received = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "AttributeNames": ["AWSTraceHeader"]}),
        )
        .await;
    assert_eq!(
        messages(&received)[0]["Attributes"],
        json!({"AWSTraceHeader": header})
    );
}

// ---------------------------------------------------------------------------
// Time: visibility, delays, retention.

#[tokio::test]
async fn visibility_timeouts_follow_the_clock() {
    let sqs = Backend::new();
    let url = sqs.create("work", json!({"VisibilityTimeout": "20"})).await;
    sqs.send(&url, "task").await;
    let first = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "AttributeNames": ["ApproximateReceiveCount"]}),
        )
        .await;
    let first_handle = messages(&first)[0]["ReceiptHandle"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(sqs.receive_bodies(&url).await.is_empty(), "in flight");
    sqs.advance(19);
    assert!(sqs.receive_bodies(&url).await.is_empty(), "still in flight");
    sqs.advance(1);
    let second = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "VisibilityTimeout": 5, "AttributeNames": ["All"]}),
        )
        .await;
    let message = &messages(&second)[0];
    assert_eq!(message["Attributes"]["ApproximateReceiveCount"], "2");
    assert_eq!(
        message["Attributes"]["ApproximateFirstReceiveTimestamp"], "1704067200000",
        "the first receive stays the first"
    );
    let second_handle = message["ReceiptHandle"].as_str().unwrap().to_owned();
    assert_ne!(first_handle, second_handle);

    // Visibility can be extended, or ended at once.
    sqs.ok(
        "ChangeMessageVisibility",
        json!({"QueueUrl": url, "ReceiptHandle": second_handle, "VisibilityTimeout": 100}),
    )
    .await;
    sqs.advance(50);
    assert!(sqs.receive_bodies(&url).await.is_empty(), "extended");
    sqs.ok(
        "ChangeMessageVisibility",
        json!({"QueueUrl": url, "ReceiptHandle": second_handle, "VisibilityTimeout": 0}),
    )
    .await;
    assert_eq!(sqs.receive_bodies(&url).await, ["task"]);

    let beyond = sqs
        .json(
            "ChangeMessageVisibility",
            json!({"QueueUrl": url, "ReceiptHandle": first_handle, "VisibilityTimeout": 43_200}),
        )
        .await;
    assert_eq!(beyond.json()["__type"], "InvalidParameterValue");
    assert!(
        beyond.json()["message"]
            .as_str()
            .unwrap()
            .contains("Total VisibilityTimeout"),
        "{}",
        beyond.body
    );
    let bogus = sqs
        .json(
            "ChangeMessageVisibility",
            json!({"QueueUrl": url, "ReceiptHandle": "bogus", "VisibilityTimeout": 1}),
        )
        .await;
    assert_eq!(bogus.json()["__type"], "ReceiptHandleIsInvalid");
    // An older handle of the message still deletes it, as in Moto.
    sqs.ok(
        "DeleteMessage",
        json!({"QueueUrl": url, "ReceiptHandle": first_handle}),
    )
    .await;
    sqs.advance(40_000);
    assert!(sqs.receive_bodies(&url).await.is_empty());
}

#[tokio::test]
async fn delays_hold_messages_back() {
    let sqs = Backend::new();
    let url = sqs
        .create(
            "later",
            json!({"DelaySeconds": "10", "VisibilityTimeout": "1000"}),
        )
        .await;
    sqs.send(&url, "queue delay").await;
    sqs.ok(
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "own delay", "DelaySeconds": 30}),
    )
    .await;
    sqs.ok(
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "no delay", "DelaySeconds": 0}),
    )
    .await;
    assert_eq!(sqs.receive_bodies(&url).await, ["no delay"]);
    assert_eq!(
        sqs.attribute(&url, "ApproximateNumberOfMessagesDelayed")
            .await,
        "2"
    );
    sqs.advance(10);
    assert_eq!(sqs.receive_bodies(&url).await, ["queue delay"]);
    sqs.advance(20);
    assert_eq!(sqs.receive_bodies(&url).await, ["own delay"]);
}

#[tokio::test]
async fn messages_expire_after_the_retention_period() {
    let sqs = Backend::new();
    let url = sqs
        .create("brief", json!({"MessageRetentionPeriod": "60"}))
        .await;
    sqs.send(&url, "old").await;
    sqs.advance(30);
    sqs.send(&url, "new").await;
    sqs.advance(30);
    assert_eq!(
        sqs.attribute(&url, "ApproximateNumberOfMessages").await,
        "1"
    );
    assert_eq!(sqs.receive_bodies(&url).await, ["new"]);
}

// ---------------------------------------------------------------------------
// FIFO.

#[tokio::test]
async fn fifo_groups_keep_their_order_and_wait_for_messages_in_flight() {
    let sqs = Backend::new();
    let url = sqs
        .create(
            "orders.fifo",
            json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"}),
        )
        .await;
    let mut sequence_numbers = Vec::new();
    for (body, group) in [("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b")] {
        let sent = sqs
            .ok(
                "SendMessage",
                json!({"QueueUrl": url, "MessageBody": body, "MessageGroupId": group}),
            )
            .await;
        sequence_numbers.push(sent["SequenceNumber"].as_str().unwrap().to_owned());
    }
    assert_eq!(sequence_numbers[0], "00000000000000000001");
    assert!(sequence_numbers.windows(2).all(|pair| pair[0] < pair[1]));

    let first = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "MessageSystemAttributeNames": ["MessageGroupId", "SequenceNumber"]}),
        )
        .await;
    let a1 = &messages(&first)[0];
    assert_eq!(a1["Body"], "a1");
    assert_eq!(
        a1["Attributes"],
        json!({"MessageGroupId": "a", "SequenceNumber": "00000000000000000001"})
    );
    assert_eq!(
        sqs.receive_bodies(&url).await,
        ["b1", "b2"],
        "group a waits while a1 is in flight; b comes out in order"
    );
    assert!(sqs.receive_bodies(&url).await.is_empty());
    sqs.ok(
        "DeleteMessage",
        json!({"QueueUrl": url, "ReceiptHandle": a1["ReceiptHandle"]}),
    )
    .await;
    assert_eq!(sqs.receive_bodies(&url).await, ["a2"]);
    sqs.advance(30);
    assert_eq!(
        sqs.receive_bodies(&url).await,
        ["b1", "a2", "b2"],
        "after the visibility timeout, in send order"
    );
}

#[tokio::test]
async fn fifo_queues_deduplicate_for_five_minutes() {
    let sqs = Backend::new();
    let url = sqs
        .create(
            "orders.fifo",
            json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"}),
        )
        .await;
    let send = |body: &'static str, deduplication_id: Option<&'static str>| {
        let mut input = json!({"QueueUrl": url, "MessageBody": body, "MessageGroupId": "g"});
        if let Some(id) = deduplication_id {
            input["MessageDeduplicationId"] = json!(id);
        }
        sqs.ok("SendMessage", input)
    };
    let first = send("same", None).await;
    let duplicate = send("same", None).await;
    assert_eq!(first["MessageId"], duplicate["MessageId"]);
    assert_eq!(first["SequenceNumber"], duplicate["SequenceNumber"]);
    let explicit = send("other body", Some("order-1")).await;
    let explicit_again = send("different body", Some("order-1")).await;
    assert_eq!(explicit["MessageId"], explicit_again["MessageId"]);
    assert_eq!(
        sqs.attribute(&url, "ApproximateNumberOfMessages").await,
        "2"
    );

    let received = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "AttributeNames": ["MessageDeduplicationId"]}),
        )
        .await;
    let message = &messages(&received)[0];
    assert_eq!(
        message["Attributes"]["MessageDeduplicationId"],
        // SHA-256 of the body.
        "0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5"
    );
    sqs.ok(
        "DeleteMessage",
        json!({"QueueUrl": url, "ReceiptHandle": message["ReceiptHandle"]}),
    )
    .await;
    let after_delete = send("same", None).await;
    assert_eq!(
        after_delete["MessageId"], first["MessageId"],
        "deleting the original does not end the window"
    );
    sqs.advance(300);
    let after_window = send("same", None).await;
    assert_ne!(after_window["MessageId"], first["MessageId"]);
}

#[tokio::test]
async fn fifo_messages_need_a_group_and_a_deduplication_id() {
    let sqs = Backend::new();
    let url = sqs
        .create("strict.fifo", json!({"FifoQueue": "true"}))
        .await;
    let no_group = sqs
        .json(
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": "m", "MessageDeduplicationId": "d"}),
        )
        .await;
    assert_eq!(no_group.json()["__type"], "MissingParameter");
    assert!(
        no_group.body.contains("MessageGroupId"),
        "{}",
        no_group.body
    );
    let no_deduplication = sqs
        .json(
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": "m", "MessageGroupId": "g"}),
        )
        .await;
    assert_eq!(no_deduplication.json()["__type"], "InvalidParameterValue");
    let delayed = sqs
        .json(
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": "m", "MessageGroupId": "g",
                   "MessageDeduplicationId": "d", "DelaySeconds": 5}),
        )
        .await;
    assert_eq!(delayed.json()["__type"], "InvalidParameterValue");
}

// ---------------------------------------------------------------------------
// Batches and purging.

#[tokio::test]
async fn batches_report_each_entry() {
    let sqs = Backend::new();
    let url = sqs.create("bulk", json!({})).await;
    let sent = sqs
        .ok(
            "SendMessageBatch",
            json!({"QueueUrl": url, "Entries": [
                {"Id": "one", "MessageBody": "1"},
                {"Id": "two", "MessageBody": "2", "DelaySeconds": 5,
                 "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
                {"Id": "empty", "MessageBody": ""},
            ]}),
        )
        .await;
    let successful = sent["Successful"].as_array().unwrap();
    assert_eq!(successful.len(), 2);
    assert_eq!(successful[0]["Id"], "one");
    assert_eq!(successful[0]["MessageId"], GOLDEN_MESSAGE_ID_SEED_42);
    assert_eq!(
        successful[0]["MD5OfMessageBody"],
        "c4ca4238a0b923820dcc509a6f75849b"
    );
    assert!(successful[1]["MD5OfMessageAttributes"].is_string());
    assert_eq!(
        sent["Failed"],
        json!([{"Id": "empty", "Code": "MissingParameter", "SenderFault": true,
                "Message": "The request must contain the parameter MessageBody."}])
    );
    for (entries, code) in [
        (json!([]), "EmptyBatchRequest"),
        (
            json!([{"Id": "x", "MessageBody": "1"}, {"Id": "x", "MessageBody": "2"}]),
            "BatchEntryIdsNotDistinct",
        ),
        (
            json!([{"Id": "no spaces", "MessageBody": "1"}]),
            "InvalidBatchEntryId",
        ),
        (
            json!(
                (0..11)
                    .map(|n| json!({"Id": format!("m{n}"), "MessageBody": "x"}))
                    .collect::<Vec<_>>()
            ),
            "TooManyEntriesInBatchRequest",
        ),
    ] {
        let answer = sqs
            .json(
                "SendMessageBatch",
                json!({"QueueUrl": url, "Entries": entries}),
            )
            .await;
        assert_eq!(answer.status, 400, "{code}");
        let (json_code, query_code) = answer.error();
        assert_eq!(json_code, code);
        assert_eq!(query_code, format!("AWS.SimpleQueueService.{code};Sender"));
    }

    sqs.advance(5);
    let received = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "MaxNumberOfMessages": 10, "VisibilityTimeout": 60}),
        )
        .await;
    let handles: Vec<Value> = messages(&received)
        .iter()
        .map(|message| message["ReceiptHandle"].clone())
        .collect();
    assert_eq!(handles.len(), 2);
    let changed = sqs
        .ok(
            "ChangeMessageVisibilityBatch",
            json!({"QueueUrl": url, "Entries": [
                {"Id": "a", "ReceiptHandle": handles[0], "VisibilityTimeout": 0},
                {"Id": "b", "ReceiptHandle": "bogus", "VisibilityTimeout": 0},
            ]}),
        )
        .await;
    assert_eq!(changed["Successful"], json!([{"Id": "a"}]));
    assert_eq!(changed["Failed"][0]["Code"], "ReceiptHandleIsInvalid");
    let deleted = sqs
        .ok(
            "DeleteMessageBatch",
            json!({"QueueUrl": url, "Entries": [
                {"Id": "a", "ReceiptHandle": handles[0]},
                {"Id": "b", "ReceiptHandle": handles[1]},
                {"Id": "c", "ReceiptHandle": "bogus"},
            ]}),
        )
        .await;
    assert_eq!(deleted["Successful"], json!([{"Id": "a"}, {"Id": "b"}]));
    assert_eq!(deleted["Failed"][0]["Id"], "c");
    assert_eq!(deleted["Failed"][0]["Code"], "ReceiptHandleIsInvalid");
    let same_handle = sqs
        .json(
            "DeleteMessageBatch",
            json!({"QueueUrl": url, "Entries": [
                {"Id": "a", "ReceiptHandle": handles[0]},
                {"Id": "b", "ReceiptHandle": handles[0]},
            ]}),
        )
        .await;
    assert_eq!(same_handle.json()["__type"], "BatchEntryIdsNotDistinct");
    let empty = sqs
        .json(
            "DeleteMessageBatch",
            json!({"QueueUrl": url, "Entries": []}),
        )
        .await;
    assert!(
        empty.body.contains("DeleteMessageBatchRequestEntry"),
        "{}",
        empty.body
    );
}

#[tokio::test]
async fn purging_empties_the_queue() {
    let sqs = Backend::new();
    let url = sqs.create("full", json!({})).await;
    for body in ["1", "2", "3"] {
        sqs.send(&url, body).await;
    }
    sqs.ok("ReceiveMessage", json!({"QueueUrl": url})).await;
    assert_eq!(
        sqs.ok("PurgeQueue", json!({"QueueUrl": url})).await,
        json!({})
    );
    assert_eq!(
        sqs.attribute(&url, "ApproximateNumberOfMessages").await,
        "0"
    );
    assert_eq!(
        sqs.attribute(&url, "ApproximateNumberOfMessagesNotVisible")
            .await,
        "0"
    );
    assert!(sqs.receive_bodies(&url).await.is_empty());
}

#[tokio::test]
async fn messages_received_too_often_move_to_the_dead_letter_queue() {
    let sqs = Backend::new();
    let dead_letter_url = sqs.create("jobs-dead", json!({})).await;
    let arn = sqs.attribute(&dead_letter_url, "QueueArn").await;
    let policy = json!({"deadLetterTargetArn": arn, "maxReceiveCount": "2"}).to_string();
    let url = sqs
        .create(
            "jobs",
            json!({"RedrivePolicy": policy, "VisibilityTimeout": "1"}),
        )
        .await;
    assert_eq!(
        sqs.attribute(&url, "RedrivePolicy").await,
        format!(r#"{{"deadLetterTargetArn":"{arn}","maxReceiveCount":2}}"#)
    );
    sqs.send(&url, "poison").await;
    for _ in 0..2 {
        assert_eq!(sqs.receive_bodies(&url).await, ["poison"]);
        sqs.advance(1);
    }
    assert!(sqs.receive_bodies(&url).await.is_empty(), "moved out");
    assert_eq!(sqs.receive_bodies(&dead_letter_url).await, ["poison"]);

    let missing = sqs
        .json(
            "SetQueueAttributes",
            json!({"QueueUrl": url, "Attributes": {"RedrivePolicy":
                json!({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:nope", "maxReceiveCount": 1}).to_string()}}),
        )
        .await;
    assert_eq!(missing.json()["__type"], "QueueDoesNotExist");
    assert!(
        missing.body.contains("Could not find DLQ"),
        "{}",
        missing.body
    );
    for policy in ["not json", r#"{"maxReceiveCount": 1}"#] {
        let invalid = sqs
            .json(
                "SetQueueAttributes",
                json!({"QueueUrl": url, "Attributes": {"RedrivePolicy": policy}}),
            )
            .await;
        assert_eq!(
            invalid.json()["__type"],
            "InvalidParameterValue",
            "{policy}"
        );
    }
    sqs.ok(
        "SetQueueAttributes",
        json!({"QueueUrl": url, "Attributes": {"RedrivePolicy": ""}}),
    )
    .await;
    let attributes = sqs
        .ok(
            "GetQueueAttributes",
            json!({"QueueUrl": url, "AttributeNames": ["All"]}),
        )
        .await;
    assert!(attributes["Attributes"].get("RedrivePolicy").is_none());
}

/// A dead-letter queue `dlq` and queues `sources` that redrive to it after one receive.
async fn dead_letter_setup(sqs: &Backend, dlq: &str, sources: &[&str]) -> (String, String) {
    let dead_letter_url = sqs.create(dlq, json!({})).await;
    let arn = sqs.attribute(&dead_letter_url, "QueueArn").await;
    let policy = json!({"deadLetterTargetArn": arn, "maxReceiveCount": 1}).to_string();
    for source in sources {
        sqs.create(
            source,
            json!({"RedrivePolicy": policy, "VisibilityTimeout": "0"}),
        )
        .await;
    }
    (dead_letter_url, arn)
}

/// Sends `bodies` to `url` and receives them until its redrive moves them away.
async fn send_to_dead_letter_queue(sqs: &Backend, url: &str, bodies: &[&str]) {
    for body in bodies {
        sqs.send(url, body).await;
    }
    for _ in 0..=bodies.len() {
        sqs.receive_bodies(url).await;
    }
}

#[tokio::test]
async fn dead_letter_queues_list_their_sources_a_page_at_a_time() {
    let sqs = Backend::new();
    let (dead_letter_url, _) = dead_letter_setup(&sqs, "dlq", &["c", "a", "b"]).await;
    sqs.create("unrelated", json!({})).await;
    let url = |name: &str| format!("{ORIGIN}/123456789012/{name}");
    let all = sqs
        .ok(
            "ListDeadLetterSourceQueues",
            json!({"QueueUrl": dead_letter_url}),
        )
        .await;
    assert_eq!(all, json!({"queueUrls": [url("a"), url("b"), url("c")]}));
    let first = sqs
        .ok(
            "ListDeadLetterSourceQueues",
            json!({"QueueUrl": dead_letter_url, "MaxResults": 2}),
        )
        .await;
    assert_eq!(first["queueUrls"], json!([url("a"), url("b")]));
    let next = sqs
        .ok(
            "ListDeadLetterSourceQueues",
            json!({"QueueUrl": dead_letter_url, "MaxResults": 2, "NextToken": first["NextToken"]}),
        )
        .await;
    assert_eq!(next, json!({"queueUrls": [url("c")]}));
    let none = sqs
        .ok(
            "ListDeadLetterSourceQueues",
            json!({"QueueUrl": url("unrelated")}),
        )
        .await;
    assert_eq!(none, json!({"queueUrls": []}));
    let missing = sqs
        .json(
            "ListDeadLetterSourceQueues",
            json!({"QueueUrl": url("missing")}),
        )
        .await;
    assert_eq!(missing.json()["__type"], "QueueDoesNotExist");
    let too_many = sqs
        .json(
            "ListDeadLetterSourceQueues",
            json!({"QueueUrl": dead_letter_url, "MaxResults": 1001}),
        )
        .await;
    assert_eq!(too_many.json()["__type"], "InvalidParameterValue");
}

#[tokio::test]
async fn permissions_are_statements_of_the_queue_policy() {
    let sqs = Backend::new();
    let url = sqs.create("shared", json!({})).await;
    let add = |label: &str, accounts: Value, actions: Value| json!({"QueueUrl": url, "Label": label, "AWSAccountIds": accounts, "Actions": actions});
    sqs.ok(
        "AddPermission",
        add("senders", json!(["111122223333"]), json!(["SendMessage"])),
    )
    .await;
    sqs.ok(
        "AddPermission",
        add(
            "readers",
            json!(["111122223333", "444455556666"]),
            json!(["ReceiveMessage", "DeleteMessage"]),
        ),
    )
    .await;
    let policy: Value = serde_json::from_str(&sqs.attribute(&url, "Policy").await).unwrap();
    assert_eq!(
        policy,
        json!({
            "Version": "2012-10-17",
            "Id": "arn:aws:sqs:us-east-1:123456789012:shared/SQSDefaultPolicy",
            "Statement": [
                {"Sid": "senders", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                 "Action": "SQS:SendMessage",
                 "Resource": "arn:aws:sqs:us-east-1:123456789012:shared"},
                {"Sid": "readers", "Effect": "Allow",
                 "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]},
                 "Action": ["SQS:ReceiveMessage", "SQS:DeleteMessage"],
                 "Resource": "arn:aws:sqs:us-east-1:123456789012:shared"},
            ],
        })
    );
    for (input, code, message) in [
        (
            add("senders", json!(["111122223333"]), json!(["SendMessage"])),
            "InvalidParameterValue",
            "Already exists",
        ),
        (
            add("x", json!(["111122223333"]), json!(["CreateQueue"])),
            "InvalidParameterValue",
            "Value SQS:CreateQueue for parameter ActionName is invalid",
        ),
        (
            add("x", json!([]), json!(["SendMessage"])),
            "InvalidParameterValue",
            "Value [] for parameter PrincipalId is invalid",
        ),
        (
            add("x", json!(["111122223333"]), json!([])),
            "MissingParameter",
            "Actions",
        ),
        (
            add("x", json!(["111122223333"]), json!(vec!["*"; 8])),
            "OverLimit",
            "8 Actions were found, maximum allowed is 7.",
        ),
        (
            add("bad label", json!(["111122223333"]), json!(["*"])),
            "InvalidParameterValue",
            "parameter Label",
        ),
    ] {
        let refused = sqs.json("AddPermission", input).await;
        assert_eq!(refused.json()["__type"], code, "{}", refused.body);
        assert!(refused.body.contains(message), "{}", refused.body);
    }
    sqs.ok(
        "RemovePermission",
        json!({"QueueUrl": url, "Label": "senders"}),
    )
    .await;
    let policy: Value = serde_json::from_str(&sqs.attribute(&url, "Policy").await).unwrap();
    assert_eq!(policy["Statement"].as_array().unwrap().len(), 1);
    assert_eq!(policy["Statement"][0]["Sid"], "readers");
    let unknown = sqs
        .json(
            "RemovePermission",
            json!({"QueueUrl": url, "Label": "senders"}),
        )
        .await;
    assert_eq!(unknown.json()["__type"], "InvalidParameterValue");
    assert!(
        unknown.body.contains("can't find label"),
        "{}",
        unknown.body
    );
    sqs.ok(
        "RemovePermission",
        json!({"QueueUrl": url, "Label": "readers"}),
    )
    .await;
    let attributes = sqs
        .ok(
            "GetQueueAttributes",
            json!({"QueueUrl": url, "AttributeNames": ["All"]}),
        )
        .await;
    assert!(
        attributes["Attributes"].get("Policy").is_none(),
        "no statement, no policy"
    );
}

#[tokio::test]
async fn move_tasks_send_dead_letters_back_to_their_sources() {
    let sqs = Backend::new();
    let (dead_letter_url, arn) = dead_letter_setup(&sqs, "dlq", &["first", "second"]).await;
    let first = format!("{ORIGIN}/123456789012/first");
    let second = format!("{ORIGIN}/123456789012/second");
    send_to_dead_letter_queue(&sqs, &first, &["one", "two"]).await;
    send_to_dead_letter_queue(&sqs, &second, &["three"]).await;
    let moved_from = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": dead_letter_url, "MaxNumberOfMessages": 10, "VisibilityTimeout": 0}),
        )
        .await;
    let old_ids: Vec<Value> = messages(&moved_from)
        .iter()
        .map(|message| message["MessageId"].clone())
        .collect();
    assert_eq!(old_ids.len(), 3);

    sqs.advance(1);
    let started = sqs
        .ok("StartMessageMoveTask", json!({"SourceArn": arn}))
        .await;
    let handle = started["TaskHandle"].as_str().unwrap();
    let decoded: Value = serde_json::from_slice(&STANDARD.decode(handle).unwrap()).unwrap();
    assert_eq!(decoded["sourceArn"], arn);
    assert!(sqs.receive_bodies(&dead_letter_url).await.is_empty());
    let back = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": first, "MaxNumberOfMessages": 10, "AttributeNames": ["All"]}),
        )
        .await;
    let back = messages(&back);
    let bodies: Vec<&str> = back.iter().map(|m| m["Body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["one", "two"]);
    assert_eq!(back[0]["Attributes"]["ApproximateReceiveCount"], "1");
    assert_eq!(
        back[0]["Attributes"]["SentTimestamp"],
        (START_SECONDS * 1000 + 1000).to_string(),
        "a moved message is a new message"
    );
    assert!(!old_ids.contains(&back[0]["MessageId"]));
    assert_eq!(sqs.receive_bodies(&second).await, ["three"]);

    let listed = sqs
        .ok("ListMessageMoveTasks", json!({"SourceArn": arn}))
        .await;
    assert_eq!(
        listed,
        json!({"Results": [{
            "Status": "COMPLETED",
            "SourceArn": arn,
            "ApproximateNumberOfMessagesMoved": 3,
            "ApproximateNumberOfMessagesToMove": 3,
            "StartedTimestamp": START_SECONDS * 1000 + 1000,
        }]})
    );
    let cancelled = sqs
        .json("CancelMessageMoveTask", json!({"TaskHandle": handle}))
        .await;
    assert_eq!(cancelled.status, 404);
    assert_eq!(cancelled.json()["__type"], "ResourceNotFoundException");
    assert!(
        cancelled.body.contains("Task does not exist."),
        "{}",
        cancelled.body
    );
}

#[tokio::test]
async fn move_tasks_go_to_a_destination_or_fail_where_they_cannot() {
    let sqs = Backend::new();
    let (dead_letter_url, arn) = dead_letter_setup(&sqs, "dlq", &["source"]).await;
    let source = format!("{ORIGIN}/123456789012/source");
    let elsewhere = sqs.create("elsewhere", json!({})).await;
    let elsewhere_arn = sqs.attribute(&elsewhere, "QueueArn").await;
    send_to_dead_letter_queue(&sqs, &source, &["one"]).await;
    sqs.ok(
        "StartMessageMoveTask",
        json!({"SourceArn": arn, "DestinationArn": elsewhere_arn, "MaxNumberOfMessagesPerSecond": 5}),
    )
    .await;
    assert_eq!(sqs.receive_bodies(&elsewhere).await, ["one"]);
    assert!(sqs.receive_bodies(&source).await.is_empty());

    // Sent to the dead-letter queue directly: no queue to send it back to.
    sqs.send(&dead_letter_url, "direct").await;
    sqs.ok("StartMessageMoveTask", json!({"SourceArn": arn}))
        .await;
    assert_eq!(sqs.receive_bodies(&dead_letter_url).await, ["direct"]);
    let listed = sqs
        .ok(
            "ListMessageMoveTasks",
            json!({"SourceArn": arn, "MaxResults": 10}),
        )
        .await;
    let results = listed["Results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "newest first");
    assert_eq!(results[0]["Status"], "FAILED");
    assert_eq!(
        results[0]["FailureReason"],
        "CouldNotDetermineMessageSource"
    );
    assert_eq!(results[0]["ApproximateNumberOfMessagesMoved"], 0);
    assert_eq!(results[0]["ApproximateNumberOfMessagesToMove"], 1);
    assert_eq!(results[1]["Status"], "COMPLETED");
    assert_eq!(results[1]["DestinationArn"], elsewhere_arn);
    assert_eq!(results[1]["MaxNumberOfMessagesPerSecond"], 5);
    assert!(results[1].get("FailureReason").is_none());
    assert!(results[1].get("TaskHandle").is_none());

    let missing_arn = "arn:aws:sqs:us-east-1:123456789012:missing";
    let source_arn = sqs.attribute(&source, "QueueArn").await;
    for (input, status, code, message) in [
        (
            json!({"SourceArn": missing_arn}),
            404,
            "ResourceNotFoundException",
            "SourceArn parameter doesn't exist",
        ),
        (
            json!({"SourceArn": source_arn}),
            400,
            "InvalidParameterValue",
            "Source queue must be configured as a Dead Letter Queue.",
        ),
        (
            json!({"SourceArn": arn, "DestinationArn": missing_arn}),
            404,
            "ResourceNotFoundException",
            "DestinationArn parameter doesn't exist",
        ),
        (
            json!({"SourceArn": arn, "DestinationArn": arn}),
            400,
            "InvalidParameterValue",
            "cannot be the same",
        ),
        (
            json!({"SourceArn": arn, "MaxNumberOfMessagesPerSecond": 501}),
            400,
            "InvalidParameterValue",
            "Must be between 1 and 500.",
        ),
    ] {
        let refused = sqs.json("StartMessageMoveTask", input).await;
        assert_eq!(refused.status, status, "{}", refused.body);
        assert_eq!(refused.json()["__type"], code, "{}", refused.body);
        assert!(refused.body.contains(message), "{}", refused.body);
    }
    for (operation, input, code, message) in [
        (
            "ListMessageMoveTasks",
            json!({"SourceArn": arn, "MaxResults": 11}),
            "InvalidParameterValue",
            "Must be between 1 and 10.",
        ),
        (
            "ListMessageMoveTasks",
            json!({"SourceArn": missing_arn}),
            "ResourceNotFoundException",
            "SourceArn parameter doesn't exist",
        ),
        (
            "CancelMessageMoveTask",
            json!({"TaskHandle": "foobared"}),
            "InvalidParameterValue",
            "Value for parameter TaskHandle is invalid.",
        ),
        (
            "CancelMessageMoveTask",
            json!({"TaskHandle": STANDARD.encode(format!(r#"{{"taskId":"t","sourceArn":"{missing_arn}"}}"#))}),
            "ResourceNotFoundException",
            "SourceArn parameter doesn't exist",
        ),
    ] {
        let refused = sqs.json(operation, input).await;
        assert_eq!(refused.json()["__type"], code, "{}", refused.body);
        assert!(refused.body.contains(message), "{}", refused.body);
    }
}

#[tokio::test]
async fn fifo_dead_letters_go_back_in_their_group() {
    let sqs = Backend::new();
    let fifo = json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"});
    let dead_letter_url = sqs.create("dlq.fifo", fifo.clone()).await;
    let arn = sqs.attribute(&dead_letter_url, "QueueArn").await;
    let mut attributes = fifo.clone();
    attributes["RedrivePolicy"] =
        json!(json!({"deadLetterTargetArn": arn, "maxReceiveCount": 1}).to_string());
    attributes["VisibilityTimeout"] = json!("0");
    let url = sqs.create("orders.fifo", attributes).await;
    let sent = sqs
        .ok(
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": "order-1", "MessageGroupId": "a"}),
        )
        .await;
    for _ in 0..2 {
        sqs.receive_bodies(&url).await;
    }
    sqs.ok("StartMessageMoveTask", json!({"SourceArn": arn}))
        .await;
    let back = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "AttributeNames": ["All"]}),
        )
        .await;
    let back = &messages(&back)[0];
    assert_eq!(back["Body"], "order-1");
    assert_eq!(back["Attributes"]["MessageGroupId"], "a");
    assert!(
        back["Attributes"]["SequenceNumber"].as_str().unwrap()
            > sent["SequenceNumber"].as_str().unwrap(),
        "a moved message gets a new sequence number"
    );
}

// ---------------------------------------------------------------------------
// Long polling.

#[tokio::test]
async fn long_polls_return_as_soon_as_a_message_arrives() {
    let sqs = Backend::new();
    let url = sqs.create("poll", json!({})).await;
    let started = Instant::now();
    let (received, _) = tokio::join!(
        sqs.ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "WaitTimeSeconds": 10})
        ),
        async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            sqs.send(&url, "wake").await
        }
    );
    assert_eq!(messages(&received)[0]["Body"], "wake");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "returned after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn long_polls_see_a_virtual_clock_move() {
    let sqs = Backend::new();
    let url = sqs
        .create("poll", json!({"ReceiveMessageWaitTimeSeconds": "10"}))
        .await;
    sqs.ok(
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "delayed", "DelaySeconds": 60}),
    )
    .await;
    let started = Instant::now();
    let (received, ()) = tokio::join!(
        // The queue's own wait time applies.
        sqs.ok("ReceiveMessage", json!({"QueueUrl": url})),
        async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            sqs.advance(60);
        }
    );
    assert_eq!(messages(&received)[0]["Body"], "delayed");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn long_polls_wake_when_a_delay_ends_on_the_wall_clock() {
    let sqs = Backend::on_wall_clock();
    let url = sqs.create("poll", json!({})).await;
    sqs.ok(
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "soon", "DelaySeconds": 1}),
    )
    .await;
    let started = Instant::now();
    let received = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "WaitTimeSeconds": 10}),
        )
        .await;
    assert_eq!(messages(&received)[0]["Body"], "soon");
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn long_polls_end_empty_when_the_wait_is_over() {
    let sqs = Backend::new();
    let url = sqs.create("quiet", json!({})).await;
    let started = Instant::now();
    let received = sqs
        .ok(
            "ReceiveMessage",
            json!({"QueueUrl": url, "WaitTimeSeconds": 1}),
        )
        .await;
    assert_eq!(received, json!({}));
    assert!(started.elapsed() >= Duration::from_secs(1));
}

// ---------------------------------------------------------------------------
// Determinism.

#[tokio::test]
async fn read_only_requests_draw_no_random_numbers() {
    let quiet = Backend::new();
    let busy = Backend::new();
    let mut ids = Vec::new();
    for sqs in [&quiet, &busy] {
        let url = sqs.create("jobs", json!({})).await;
        if std::ptr::eq(sqs, &busy) {
            sqs.ok("ListQueues", json!({})).await;
            sqs.ok("GetQueueUrl", json!({"QueueName": "jobs"})).await;
            sqs.ok(
                "GetQueueAttributes",
                json!({"QueueUrl": url, "AttributeNames": ["All"]}),
            )
            .await;
            sqs.ok("ListQueueTags", json!({"QueueUrl": url})).await;
            sqs.ok("ListDeadLetterSourceQueues", json!({"QueueUrl": url}))
                .await;
            let arn = sqs.attribute(&url, "QueueArn").await;
            sqs.ok("ListMessageMoveTasks", json!({"SourceArn": arn}))
                .await;
            sqs.ok("ReceiveMessage", json!({"QueueUrl": url})).await;
        }
        let first = sqs.send(&url, "a").await;
        let again = sqs.send(&url, "b").await;
        ids.push((first["MessageId"].clone(), again["MessageId"].clone()));
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[0].0, GOLDEN_MESSAGE_ID_SEED_42);
}

#[tokio::test]
async fn reset_forgets_every_queue() {
    let sqs = Backend::new();
    sqs.create("jobs", json!({})).await;
    sqs.state.reset();
    assert_eq!(sqs.ok("ListQueues", json!({})).await, json!({}));
}

// ---------------------------------------------------------------------------
// The query protocol.

#[tokio::test]
async fn the_query_protocol_is_spoken_too() {
    let sqs = Backend::new();
    let created = sqs
        .query("Action=CreateQueue&QueueName=legacy&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=40&Tag.1.Key=team&Tag.1.Value=a")
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.headers["content-type"], "text/xml");
    assert_eq!(created.headers["x-amzn-requestid"], "req-1");
    assert!(
        created.body.contains(&format!(
            "<CreateQueueResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><CreateQueueResult><QueueUrl>{ORIGIN}/123456789012/legacy</QueueUrl></CreateQueueResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateQueueResponse>"
        )),
        "{}",
        created.body
    );
    let url = percent_encode("http://localhost:5000/123456789012/legacy");
    let sent = sqs
        .query(&format!(
            "Action=SendMessage&QueueUrl={url}&MessageBody=old+school\
             &MessageAttribute.1.Name=kind&MessageAttribute.1.Value.DataType=String\
             &MessageAttribute.1.Value.StringValue=build"
        ))
        .await;
    assert!(
        sent.body.contains(&format!(
            "<MessageId>{GOLDEN_MESSAGE_ID_SEED_42}</MessageId>"
        )),
        "{}",
        sent.body
    );
    assert!(
        sent.body.contains(
            "<MD5OfMessageAttributes>c89dc699b0f63d7f113629ef26af89ae</MD5OfMessageAttributes>"
        ),
        "{}",
        sent.body
    );
    let received = sqs
        .query(&format!(
            "Action=ReceiveMessage&QueueUrl={url}&AttributeName.1=ApproximateReceiveCount\
             &MessageAttributeName.1=All&MaxNumberOfMessages=5"
        ))
        .await;
    let body = &received.body;
    assert!(body.contains("<ReceiveMessageResult><Message>"), "{body}");
    assert!(body.contains("<Body>old school</Body>"), "{body}");
    assert!(
        body.contains(
            "<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>"
        ),
        "{body}"
    );
    assert!(
        body.contains("<MessageAttribute><Name>kind</Name><Value><StringValue>build</StringValue><DataType>String</DataType></Value></MessageAttribute>"),
        "{body}"
    );
    let handle = body
        .split("<ReceiptHandle>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap();
    let deleted = sqs
        .query(&format!(
            "Action=DeleteMessage&QueueUrl={url}&ReceiptHandle={handle}"
        ))
        .await;
    assert!(
        deleted.body.contains("<DeleteMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><ResponseMetadata>"),
        "{}",
        deleted.body
    );
    let attributes = sqs
        .query(&format!(
            "Action=GetQueueAttributes&QueueUrl={url}&AttributeName.1=VisibilityTimeout"
        ))
        .await;
    assert!(
        attributes.body.contains("<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute></GetQueueAttributesResult>"),
        "{}",
        attributes.body
    );
    let tags = sqs
        .query(&format!("Action=ListQueueTags&QueueUrl={url}"))
        .await;
    assert!(
        tags.body
            .contains("<Tag><Key>team</Key><Value>a</Value></Tag>"),
        "{}",
        tags.body
    );
    let listed = sqs.query("Action=ListQueues&QueueNamePrefix=leg").await;
    assert!(
        listed.body.contains(&format!(
            "<ListQueuesResult><QueueUrl>{ORIGIN}/123456789012/legacy</QueueUrl></ListQueuesResult>"
        )),
        "{}",
        listed.body
    );
    let batch = sqs
        .query(&format!(
            "Action=SendMessageBatch&QueueUrl={url}\
             &SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=1\
             &SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody="
        ))
        .await;
    assert!(
        batch
            .body
            .contains("<SendMessageBatchResultEntry><Id>a</Id>"),
        "{}",
        batch.body
    );
    assert!(
        batch
            .body
            .contains("<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault><Code>MissingParameter</Code>"),
        "{}",
        batch.body
    );
}

#[tokio::test]
async fn dead_letter_listings_and_move_tasks_speak_the_query_protocol() {
    let sqs = Backend::new();
    let (_, arn) = dead_letter_setup(&sqs, "dlq", &["source"]).await;
    let sources = sqs
        .query_at("/123456789012/dlq", "Action=ListDeadLetterSourceQueues")
        .await;
    assert!(
        sources.body.contains(&format!(
            "<ListDeadLetterSourceQueuesResult><QueueUrl>{ORIGIN}/123456789012/source</QueueUrl></ListDeadLetterSourceQueuesResult>"
        )),
        "{}",
        sources.body
    );
    let started = sqs
        .query(&format!(
            "Action=StartMessageMoveTask&SourceArn={}",
            percent_encode(&arn)
        ))
        .await;
    assert!(started.body.contains("<TaskHandle>"), "{}", started.body);
    let listed = sqs
        .query(&format!(
            "Action=ListMessageMoveTasks&SourceArn={}",
            percent_encode(&arn)
        ))
        .await;
    assert!(
        listed.body.contains("<Status>COMPLETED</Status>"),
        "{}",
        listed.body
    );
    assert!(
        listed
            .body
            .contains("<ApproximateNumberOfMessagesToMove>0</ApproximateNumberOfMessagesToMove>"),
        "{}",
        listed.body
    );
    let added = sqs
        .query_at(
            "/123456789012/source",
            "Action=AddPermission&Label=send&AWSAccountId.1=111122223333&ActionName.1=SendMessage",
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert!(
        sqs.attribute(&format!("{ORIGIN}/123456789012/source"), "Policy")
            .await
            .contains("\"Sid\":\"send\"")
    );
}

#[tokio::test]
async fn query_errors_use_the_query_codes() {
    let sqs = Backend::new();
    let missing = sqs.query("Action=GetQueueUrl&QueueName=nope").await;
    assert_eq!(missing.status, 400);
    assert!(
        missing
            .body
            .contains("<Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>"),
        "{}",
        missing.body
    );
    sqs.query("Action=CreateQueue&QueueName=q").await;
    let conflict = sqs
        .query("Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=5")
        .await;
    assert!(
        conflict.body.contains("<Code>QueueAlreadyExists</Code>"),
        "{}",
        conflict.body
    );
    let empty = sqs
        .query(
            "Action=DeleteMessageBatch&QueueUrl=http%3A%2F%2Flocalhost%3A5000%2F123456789012%2Fq",
        )
        .await;
    assert!(
        empty
            .body
            .contains("<Code>AWS.SimpleQueueService.EmptyBatchRequest</Code>"),
        "{}",
        empty.body
    );
}

#[tokio::test]
async fn query_requests_may_name_the_queue_by_their_path() {
    let sqs = Backend::new();
    sqs.create("legacy", json!({})).await;
    let sent = sqs
        .query_at("/123456789012/legacy", "Action=SendMessage&MessageBody=hi")
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(
        sqs.receive_bodies("legacy").await,
        ["hi"],
        "a bare name works too"
    );
}

// ---------------------------------------------------------------------------
// What is not emulated, and malformed requests.

#[tokio::test]
async fn operations_sqs_does_not_have_get_an_error_naming_them() {
    let sqs = Backend::new();
    let json_answer = sqs.json("BrewCoffee", json!({})).await;
    assert_eq!(json_answer.status, 400);
    assert_eq!(
        json_answer.error(),
        (
            "UnknownOperationException".to_owned(),
            "InvalidAction;Sender".to_owned()
        )
    );
    assert!(
        json_answer.body.contains("BrewCoffee"),
        "{}",
        json_answer.body
    );
    let query_answer = sqs.query("Action=BrewCoffee").await;
    assert_eq!(query_answer.status, 400);
    assert!(
        query_answer.body.contains("<Code>InvalidAction</Code>"),
        "{}",
        query_answer.body
    );
    assert!(
        query_answer.body.contains("BrewCoffee"),
        "{}",
        query_answer.body
    );
}

#[tokio::test]
async fn requests_without_an_action_are_refused() {
    let sqs = Backend::new();
    let route = Route {
        service: "sqs".into(),
        region: sqs.region.into(),
        protocol: Protocol::Query,
        operation: None,
    };
    let context = Context {
        random: &sqs.random,
        clock: &sqs.clock,
        route: &route,
        request_id: "req-1",
        account_id: ACCOUNT_ID,
        origin: ORIGIN.into(),
        services: &crate::services::ServiceStates::default(),
    };
    let request = Request::builder()
        .method("POST")
        .uri("/")
        .body(Bytes::from_static(b"Version=2012-11-05"))
        .unwrap();
    let response = handle(&sqs.state, &context, request).await;
    assert_eq!(response.status(), 400);
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    assert!(body.contains("<Code>MissingAction</Code>"), "{body}");
}

#[tokio::test]
async fn malformed_json_is_refused() {
    let sqs = Backend::new();
    let request = Request::builder()
        .method("POST")
        .uri("/")
        .header("x-amz-target", "AmazonSQS.ListQueues")
        .body(Bytes::from_static(b"[1, 2"))
        .unwrap();
    let protocol = Protocol::AwsJson1_0 {
        query_compatible: true,
    };
    let answer = sqs.call(protocol, "ListQueues", request).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["__type"], "SerializationException");
    let empty_body = Request::builder()
        .method("POST")
        .uri("/")
        .header("x-amz-target", "AmazonSQS.ListQueues")
        .body(Bytes::new())
        .unwrap();
    let answer = sqs.call(protocol, "ListQueues", empty_body).await;
    assert_eq!(answer.status, 200, "an empty body is an empty input");
    assert_eq!(answer.headers["content-type"], "application/x-amz-json-1.0");
    assert_eq!(answer.headers["x-amzn-requestid"], "req-1");
}
