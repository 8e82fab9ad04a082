//! EventBridge through the engine: awsJson 1.1 requests in, wire answers out, seeded
//! with 42 on a virtual clock, with SQS in the same backend for delivery.

use std::time::Duration;

use bytes::Bytes;
use http::Request;
use serde_json::{Value, json};

use super::SERVICE;
use crate::clock::Clock;
use crate::protocol::error::Protocol;
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, Route, ServiceStates};

struct Backend {
    services: ServiceStates,
    random: MockRandom,
    clock: Clock,
}

impl Backend {
    fn new() -> Backend {
        Backend {
            services: ServiceStates::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        }
    }

    fn context<'a>(&'a self, route: &'a Route) -> Context<'a> {
        Context {
            random: &self.random,
            clock: &self.clock,
            route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://127.0.0.1:41234".into(),
            services: &self.services,
        }
    }

    /// The status and JSON body of `operation` of `service` (`AWSEvents` or `AmazonSQS`).
    fn call_service(&self, service: &str, operation: &str, input: Value) -> (u16, Value) {
        let (name, protocol, content_type) = if service == "AmazonSQS" {
            (
                "sqs",
                Protocol::AwsJson1_0 {
                    query_compatible: false,
                },
                "application/x-amz-json-1.0",
            )
        } else {
            ("events", Protocol::AwsJson1_1, "application/x-amz-json-1.1")
        };
        let route = Route {
            service: name.into(),
            region: "us-east-1".into(),
            protocol,
            operation: Some(operation.to_owned()),
        };
        let context = self.context(&route);
        let request = Request::post("/")
            .header("x-amz-target", format!("{service}.{operation}"))
            .header("content-type", content_type)
            .body(Bytes::from(input.to_string()))
            .unwrap();
        let response = pollster::block_on(crate::services::dispatch(&context, request));
        let status = response.status().as_u16();
        let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
        (status, body)
    }

    fn call(&self, operation: &str, input: Value) -> (u16, Value) {
        self.call_service("AWSEvents", operation, input)
    }

    fn ok(&self, operation: &str, input: Value) -> Value {
        let (status, body) = self.call(operation, input);
        assert_eq!(status, 200, "{operation}: {body}");
        body
    }

    /// The error code and message of a call that must fail with 400.
    fn fails(&self, operation: &str, input: Value) -> (String, String) {
        let (status, body) = self.call(operation, input);
        assert_eq!(status, 400, "{operation}: {body}");
        (
            body["__type"].as_str().unwrap_or_default().to_owned(),
            body["message"].as_str().unwrap_or_default().to_owned(),
        )
    }

    fn advance(&self, by: Duration) {
        self.clock.advance(by).unwrap();
        let route = Route {
            service: "events".into(),
            region: "us-east-1".into(),
            protocol: Protocol::AwsJson1_1,
            operation: None,
        };
        pollster::block_on(super::fire_schedules(&self.context(&route)));
    }

    /// A queue, its ARN.
    fn queue(&self, name: &str) -> String {
        let (status, _) = self.call_service("AmazonSQS", "CreateQueue", json!({"QueueName": name}));
        assert_eq!(status, 200);
        format!("arn:aws:sqs:us-east-1:{ACCOUNT_ID}:{name}")
    }

    /// The bodies of the messages waiting in `name`.
    fn bodies(&self, name: &str) -> Vec<String> {
        let url = format!("http://127.0.0.1:41234/{ACCOUNT_ID}/{name}");
        let (status, body) = self.call_service(
            "AmazonSQS",
            "ReceiveMessage",
            json!({"QueueUrl": url, "MaxNumberOfMessages": 10}),
        );
        assert_eq!(status, 200, "{body}");
        body["Messages"]
            .as_array()
            .map(|messages| {
                messages
                    .iter()
                    .map(|message| message["Body"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[test]
fn the_default_bus_exists_without_drawing_random_numbers() {
    let backend = Backend::new();
    let buses = backend.ok("ListEventBuses", json!({}));
    assert_eq!(buses["EventBuses"][0]["Name"], "default");
    assert_eq!(
        buses["EventBuses"][0]["Arn"],
        "arn:aws:events:us-east-1:123456789012:event-bus/default"
    );
    // The first id drawn is seed 42's first uuid.
    let put = backend.ok(
        "PutEvents",
        json!({"Entries": [{"Source": "s", "DetailType": "t", "Detail": "{}"}]}),
    );
    assert_eq!(put["Entries"][0]["EventId"], MockRandom::seeded(42).uuid4());
    assert_eq!(put["FailedEntryCount"], 0);
    assert_eq!(
        backend.fails("DeleteEventBus", json!({"Name": "default"})),
        (
            "ValidationException".to_owned(),
            "Cannot delete event bus default.".to_owned()
        )
    );
}
