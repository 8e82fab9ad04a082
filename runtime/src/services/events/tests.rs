//! EventBridge through the engine: awsJson 1.1 requests in, wire answers out, seeded
//! with 42 on a virtual clock, with SQS in the same backend for delivery.

use std::time::Duration;

use bytes::Bytes;
use http::Request;
use serde_json::{Value, json};

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
    assert_eq!(
        put["Entries"][0]["EventId"],
        "54902dec-d766-4f09-9d2d-08f0f01c1be4"
    );
    assert_eq!(put["FailedEntryCount"], 0);
    assert_eq!(
        backend.fails("DeleteEventBus", json!({"Name": "default"})),
        (
            "ValidationException".to_owned(),
            "Cannot delete event bus default.".to_owned()
        )
    );
}

#[test]
fn buses_are_created_described_listed_and_deleted() {
    let backend = Backend::new();
    let created = backend.ok(
        "CreateEventBus",
        json!({"Name": "orders", "Description": "shop", "Tags": [{"Key": "team", "Value": "a"}]}),
    );
    assert_eq!(
        created["EventBusArn"],
        "arn:aws:events:us-east-1:123456789012:event-bus/orders"
    );
    assert_eq!(
        backend.fails("CreateEventBus", json!({"Name": "orders"})).1,
        "Event bus orders already exists."
    );
    let described = backend.ok("DescribeEventBus", json!({"Name": "orders"}));
    assert_eq!(described["Description"], "shop");
    assert_eq!(described["CreationTime"], 1_704_067_200);
    let by_arn = backend.ok(
        "DescribeEventBus",
        json!({"Name": "arn:aws:events:us-east-1:123456789012:event-bus/orders"}),
    );
    assert_eq!(by_arn["Name"], "orders");
    backend.ok("CreateEventBus", json!({"Name": "payments"}));
    let listed = backend.ok("ListEventBuses", json!({"NamePrefix": "o"}));
    assert_eq!(listed["EventBuses"].as_array().unwrap().len(), 1);
    let first = backend.ok("ListEventBuses", json!({"Limit": 2}));
    assert_eq!(first["EventBuses"].as_array().unwrap().len(), 2);
    let token = first["NextToken"].clone();
    let second = backend.ok("ListEventBuses", json!({"Limit": 2, "NextToken": token}));
    assert_eq!(second["EventBuses"][0]["Name"], "payments");
    assert!(second.get("NextToken").is_none());
    let tags = backend.ok(
        "ListTagsForResource",
        json!({"ResourceARN": created["EventBusArn"]}),
    );
    assert_eq!(tags["Tags"], json!([{"Key": "team", "Value": "a"}]));
    backend.ok("DeleteEventBus", json!({"Name": "orders"}));
    backend.ok("DeleteEventBus", json!({"Name": "orders"}));
    assert_eq!(
        backend.fails("DescribeEventBus", json!({"Name": "orders"})),
        (
            "ResourceNotFoundException".to_owned(),
            "Event bus orders does not exist.".to_owned()
        )
    );
}

#[test]
fn rules_are_checked_stored_and_listed() {
    let backend = Backend::new();
    let pattern = r#"{"source": ["shop"]}"#;
    let put = backend.ok(
        "PutRule",
        json!({"Name": "placed", "EventPattern": pattern}),
    );
    assert_eq!(
        put["RuleArn"],
        "arn:aws:events:us-east-1:123456789012:rule/placed"
    );
    let (code, message) = backend.fails(
        "PutRule",
        json!({"Name": "bad", "EventPattern": "{\"source\": \"shop\"}"}),
    );
    assert_eq!(code, "InvalidEventPatternException");
    assert_eq!(
        message,
        "Event pattern is not valid. Reason: 'source' must be an object or an array"
    );
    assert_eq!(
        backend.fails("PutRule", json!({"Name": "none"})).1,
        "Parameter(s) EventPattern or ScheduleExpression must be specified."
    );
    assert_eq!(
        backend
            .fails(
                "PutRule",
                json!({"Name": "s", "ScheduleExpression": "rate(5 minute)"})
            )
            .1,
        "Parameter ScheduleExpression is not valid."
    );
    backend.ok("CreateEventBus", json!({"Name": "orders"}));
    assert_eq!(
        backend
            .fails(
                "PutRule",
                json!({"Name": "s", "EventBusName": "orders", "ScheduleExpression": "rate(5 minutes)"})
            )
            .1,
        "ScheduleExpression is supported only on the default event bus."
    );
    let on_bus = backend.ok(
        "PutRule",
        json!({"Name": "paid", "EventBusName": "orders", "EventPattern": pattern, "State": "DISABLED"}),
    );
    assert_eq!(
        on_bus["RuleArn"],
        "arn:aws:events:us-east-1:123456789012:rule/orders/paid"
    );
    let described = backend.ok(
        "DescribeRule",
        json!({"Name": "paid", "EventBusName": "orders"}),
    );
    assert_eq!(described["State"], "DISABLED");
    assert_eq!(described["EventBusName"], "orders");
    assert_eq!(described["CreatedBy"], ACCOUNT_ID);
    backend.ok(
        "EnableRule",
        json!({"Name": "paid", "EventBusName": "orders"}),
    );
    let described = backend.ok(
        "DescribeRule",
        json!({"Name": "paid", "EventBusName": "orders"}),
    );
    assert_eq!(described["State"], "ENABLED");
    assert_eq!(
        backend.fails("DescribeRule", json!({"Name": "paid"})).1,
        "Rule paid does not exist on EventBus default."
    );
    backend.ok(
        "PutRule",
        json!({"Name": "paused", "EventPattern": pattern}),
    );
    let listed = backend.ok("ListRules", json!({"NamePrefix": "pla"}));
    assert_eq!(listed["Rules"].as_array().unwrap().len(), 1);
    let page = backend.ok("ListRules", json!({"Limit": 1}));
    assert_eq!(page["Rules"][0]["Name"], "placed");
    assert!(page["NextToken"].is_string());
}

#[test]
fn targets_are_limited_and_keep_rules_from_deletion() {
    let backend = Backend::new();
    backend.ok(
        "PutRule",
        json!({"Name": "r", "EventPattern": "{\"source\": [\"s\"]}"}),
    );
    let targets: Vec<Value> = (0..5)
        .map(|n| json!({"Id": format!("t{n}"), "Arn": format!("arn:aws:sqs:us-east-1:123456789012:q{n}")}))
        .collect();
    let put = backend.ok("PutTargets", json!({"Rule": "r", "Targets": targets}));
    assert_eq!(put, json!({"FailedEntryCount": 0, "FailedEntries": []}));
    let sixth = json!({"Id": "t5", "Arn": "arn:aws:sqs:us-east-1:123456789012:q5"});
    assert_eq!(
        backend
            .fails("PutTargets", json!({"Rule": "r", "Targets": [sixth]}))
            .0,
        "LimitExceededException"
    );
    // Replacing a target by id does not count against the limit.
    let replaced = json!({"Id": "t0", "Arn": "arn:aws:sqs:us-east-1:123456789012:other"});
    backend.ok("PutTargets", json!({"Rule": "r", "Targets": [replaced]}));
    let names = backend.ok(
        "ListRuleNamesByTarget",
        json!({"TargetArn": "arn:aws:sqs:us-east-1:123456789012:other"}),
    );
    assert_eq!(names["RuleNames"], json!(["r"]));
    assert_eq!(
        backend.fails("DeleteRule", json!({"Name": "r"})).1,
        "Rule can't be deleted since it has targets."
    );
    let fifo = json!({"Id": "f", "Arn": "arn:aws:sqs:us-east-1:123456789012:q.fifo"});
    assert_eq!(
        backend
            .fails("PutTargets", json!({"Rule": "r", "Targets": [fifo]}))
            .1,
        "Parameter(s) SqsParameters must be specified for target: f."
    );
    let ids: Vec<String> = (0..5).map(|n| format!("t{n}")).collect();
    backend.ok("RemoveTargets", json!({"Rule": "r", "Ids": ids}));
    let listed = backend.ok("ListTargetsByRule", json!({"Rule": "r"}));
    assert_eq!(listed["Targets"], json!([]));
    backend.ok("DeleteRule", json!({"Name": "r"}));
    assert_eq!(
        backend.fails("ListTargetsByRule", json!({"Rule": "r"})).1,
        "Rule r does not exist on EventBus default."
    );
}

#[test]
fn matching_events_reach_queues_transformed_as_targets_say() {
    let backend = Backend::new();
    let whole = backend.queue("whole");
    let shaped = backend.queue("shaped");
    let constant = backend.queue("constant");
    backend.ok(
        "PutRule",
        json!({"Name": "placed", "EventPattern": "{\"detail\": {\"total\": [{\"numeric\": [\">\", 10]}]}}"}),
    );
    let targets = json!([
        {"Id": "whole", "Arn": whole},
        {"Id": "shaped", "Arn": shaped, "InputTransformer": {
            "InputPathsMap": {"total": "$.detail.total", "who": "$.detail.customer"},
            "InputTemplate": "{\"who\": <who>, \"line\": \"<who> paid <total>\"}"
        }},
        {"Id": "constant", "Arn": constant, "Input": "{\"fixed\": true}"}
    ]);
    backend.ok("PutTargets", json!({"Rule": "placed", "Targets": targets}));
    let put = backend.ok(
        "PutEvents",
        json!({"Entries": [
            {"Source": "shop", "DetailType": "Order", "Detail": "{\"total\": 25, \"customer\": \"ann\"}"},
            {"Source": "shop", "DetailType": "Order", "Detail": "{\"total\": 5, \"customer\": \"bob\"}"},
            {"Source": "shop", "DetailType": "Order", "Detail": "{nope"},
            {"DetailType": "Order", "Detail": "{}"}
        ]}),
    );
    assert_eq!(put["FailedEntryCount"], 2);
    assert_eq!(put["Entries"][2]["ErrorCode"], "MalformedDetail");
    assert_eq!(put["Entries"][3]["ErrorCode"], "InvalidArgument");
    let id = put["Entries"][0]["EventId"].as_str().unwrap();
    let delivered = backend.bodies("whole");
    assert_eq!(delivered.len(), 1);
    assert_eq!(
        delivered[0],
        format!(
            r#"{{"version":"0","id":"{id}","detail-type":"Order","source":"shop","account":"123456789012","time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{{"customer":"ann","total":25}}}}"#
        )
    );
    assert_eq!(
        backend.bodies("shaped"),
        [r#"{"who": "ann", "line": "ann paid 25"}"#]
    );
    assert_eq!(backend.bodies("constant"), [r#"{"fixed": true}"#]);
}

#[test]
fn disabled_rules_and_other_buses_deliver_nothing() {
    let backend = Backend::new();
    let queue = backend.queue("q");
    backend.ok("CreateEventBus", json!({"Name": "orders"}));
    let pattern = "{\"source\": [\"shop\"]}";
    backend.ok(
        "PutRule",
        json!({"Name": "r", "EventPattern": pattern, "State": "DISABLED"}),
    );
    backend.ok(
        "PutTargets",
        json!({"Rule": "r", "Targets": [{"Id": "q", "Arn": queue}]}),
    );
    let event = json!({"Source": "shop", "DetailType": "t", "Detail": "{}"});
    backend.ok("PutEvents", json!({"Entries": [event]}));
    assert!(backend.bodies("q").is_empty());
    backend.ok("EnableRule", json!({"Name": "r"}));
    let mut elsewhere = event.clone();
    elsewhere["EventBusName"] = json!("orders");
    backend.ok("PutEvents", json!({"Entries": [elsewhere]}));
    assert!(backend.bodies("q").is_empty());
    backend.ok("PutEvents", json!({"Entries": [event]}));
    assert_eq!(backend.bodies("q").len(), 1);
    let mut nowhere = json!({"Source": "shop", "DetailType": "t", "Detail": "{}"});
    nowhere["EventBusName"] = json!("missing");
    assert_eq!(
        backend.fails("PutEvents", json!({"Entries": [nowhere]})).1,
        "Event bus missing does not exist."
    );
}

#[test]
fn rate_schedules_fire_once_per_occurrence_the_clock_passes() {
    let backend = Backend::new();
    let queue = backend.queue("ticks");
    backend.ok(
        "PutRule",
        json!({"Name": "tick", "ScheduleExpression": "rate(5 minutes)"}),
    );
    backend.ok(
        "PutRule",
        json!({"Name": "daily", "ScheduleExpression": "cron(0 12 * * ? *)"}),
    );
    backend.ok(
        "PutTargets",
        json!({"Rule": "tick", "Targets": [{"Id": "q", "Arn": queue}]}),
    );
    backend.ok(
        "PutTargets",
        json!({"Rule": "daily", "Targets": [{"Id": "q", "Arn": queue}]}),
    );
    backend.advance(Duration::from_secs(299));
    assert!(backend.bodies("ticks").is_empty());
    let events = backend.services.events();
    assert!(!super::has_due(events, backend.clock.now()));
    assert!(super::has_due(
        events,
        backend.clock.now() + Duration::from_secs(1)
    ));
    backend.advance(Duration::from_secs(601));
    let ticks: Vec<Value> = backend
        .bodies("ticks")
        .iter()
        .map(|body| serde_json::from_str(body).unwrap())
        .collect();
    assert_eq!(ticks.len(), 3);
    assert_eq!(ticks[0]["detail-type"], "Scheduled Event");
    assert_eq!(ticks[0]["source"], "aws.events");
    assert_eq!(ticks[0]["time"], "2024-01-01T00:05:00Z");
    assert_eq!(ticks[2]["time"], "2024-01-01T00:15:00Z");
    assert_eq!(
        ticks[0]["resources"],
        json!(["arn:aws:events:us-east-1:123456789012:rule/tick"])
    );
    // Ids come from the seeded source, after the queue's.
    assert_ne!(ticks[0]["id"], ticks[1]["id"]);
    backend.ok("DisableRule", json!({"Name": "tick"}));
    backend.advance(Duration::from_secs(600));
    // Only the three received before come back (their visibility timeout has passed).
    assert_eq!(backend.bodies("ticks").len(), 3);
}

#[test]
fn test_event_pattern_answers_the_match() {
    let backend = Backend::new();
    let event = json!({
        "id": "1", "account": ACCOUNT_ID, "source": "shop", "time": "2024-01-01T00:00:00Z",
        "region": "us-east-1", "detail-type": "t", "resources": [], "detail": {"n": 3}
    })
    .to_string();
    let yes = backend.ok(
        "TestEventPattern",
        json!({"EventPattern": "{\"detail\": {\"n\": [{\"numeric\": [\">\", 2]}]}}", "Event": event}),
    );
    assert_eq!(yes, json!({"Result": true}));
    let no = backend.ok(
        "TestEventPattern",
        json!({"EventPattern": "{\"source\": [\"other\"]}", "Event": event}),
    );
    assert_eq!(no, json!({"Result": false}));
    assert_eq!(
        backend
            .fails(
                "TestEventPattern",
                json!({"EventPattern": "{}", "Event": "{}"})
            )
            .1,
        "Parameter Event is not valid."
    );
}

#[test]
fn archives_keep_a_managed_rule_and_count_events() {
    let backend = Backend::new();
    let bus = "arn:aws:events:us-east-1:123456789012:event-bus/default";
    let created = backend.ok(
        "CreateArchive",
        json!({"ArchiveName": "all", "EventSourceArn": bus, "RetentionDays": 7}),
    );
    assert_eq!(
        created["ArchiveArn"],
        "arn:aws:events:us-east-1:123456789012:archive/all"
    );
    assert_eq!(
        backend
            .fails(
                "CreateArchive",
                json!({"ArchiveName": "all", "EventSourceArn": bus})
            )
            .1,
        "Archive all already exists."
    );
    assert_eq!(
        backend
            .fails(
                "CreateArchive",
                json!({"ArchiveName": "x", "EventSourceArn": "arn:aws:events:us-east-1:123456789012:event-bus/nope"})
            )
            .1,
        "Event bus nope does not exist."
    );
    let rule = backend.ok("DescribeRule", json!({"Name": "Events-Archive-all"}));
    assert_eq!(rule["ManagedBy"], "prod.vhs.events.aws.internal");
    assert_eq!(
        backend
            .fails("DeleteRule", json!({"Name": "Events-Archive-all"}))
            .0,
        "ManagedRuleException"
    );
    backend.ok(
        "PutEvents",
        json!({"Entries": [{"Source": "s", "DetailType": "t", "Detail": "{}"}]}),
    );
    let described = backend.ok("DescribeArchive", json!({"ArchiveName": "all"}));
    assert_eq!(described["EventCount"], 1);
    assert_eq!(described["RetentionDays"], 7);
    assert_eq!(described["State"], "ENABLED");
    let listed = backend.ok("ListArchives", json!({"NamePrefix": "a"}));
    assert_eq!(listed["Archives"].as_array().unwrap().len(), 1);
    assert_eq!(
        backend
            .fails(
                "ListArchives",
                json!({"NamePrefix": "a", "State": "ENABLED"})
            )
            .1,
        "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix."
    );
    backend.ok("DeleteArchive", json!({"ArchiveName": "all"}));
    assert_eq!(
        backend
            .fails("DescribeArchive", json!({"ArchiveName": "all"}))
            .1,
        "Archive all does not exist."
    );
    assert_eq!(
        backend
            .fails("DescribeRule", json!({"Name": "Events-Archive-all"}))
            .0,
        "ResourceNotFoundException"
    );
}

#[test]
fn rules_are_tagged_by_arn() {
    let backend = Backend::new();
    let arn = backend.ok(
        "PutRule",
        json!({"Name": "r", "EventPattern": "{\"source\": [\"s\"]}", "Tags": [{"Key": "a", "Value": "1"}]}),
    )["RuleArn"]
        .clone();
    backend.ok(
        "TagResource",
        json!({"ResourceARN": arn, "Tags": [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}]}),
    );
    backend.ok(
        "UntagResource",
        json!({"ResourceARN": arn, "TagKeys": ["b"]}),
    );
    let tags = backend.ok("ListTagsForResource", json!({"ResourceARN": arn}));
    assert_eq!(tags["Tags"], json!([{"Key": "a", "Value": "3"}]));
    assert_eq!(
        backend
            .fails(
                "ListTagsForResource",
                json!({"ResourceARN": "arn:aws:events:us-east-1:123456789012:rule/nope"})
            )
            .1,
        "Rule nope does not exist on EventBus default."
    );
}
