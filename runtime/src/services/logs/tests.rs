//! CloudWatch Logs through the engine: awsJson 1.1 requests in, wire answers out, on
//! one region seeded with 42 and a virtual clock at 2024-01-01T00:00:00Z.

use std::time::Duration;

use bytes::Bytes;
use http::Request;
use serde_json::{Value, json};

use super::{LogsState, SERVICE};
use crate::clock::Clock;
use crate::protocol::error::Protocol;
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, Route, ServiceStates};

/// 2024-01-01T00:00:00Z in milliseconds.
const START: i64 = 1_704_067_200_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

struct Backend {
    state: LogsState,
    random: MockRandom,
    clock: Clock,
    services: ServiceStates,
}

impl Backend {
    fn new() -> Backend {
        Backend {
            state: LogsState::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
            services: ServiceStates::default(),
        }
    }

    /// The status and JSON body of `operation` with `input`.
    fn call(&self, operation: &str, input: Value) -> (u16, Value) {
        let route = Route {
            service: "logs".into(),
            region: "us-east-1".into(),
            protocol: Protocol::AwsJson1_1,
            operation: Some(operation.to_owned()),
        };
        let context = Context {
            random: &self.random,
            clock: &self.clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://127.0.0.1:41234".into(),
            services: &self.services,
        };
        let request = Request::post("/")
            .header("x-amz-target", format!("Logs_20140328.{operation}"))
            .header("content-type", "application/x-amz-json-1.1")
            .body(Bytes::from(input.to_string()))
            .unwrap();
        let response = pollster::block_on(SERVICE.serve(&self.state, &context, &request));
        let status = response.status().as_u16();
        let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
        (status, body)
    }

    fn ok(&self, operation: &str, input: Value) -> Value {
        let (status, body) = self.call(operation, input);
        assert_eq!(status, 200, "{operation}: {body}");
        body
    }

    /// The error code and message of a refused call.
    fn error(&self, operation: &str, input: Value) -> (String, String) {
        let (status, body) = self.call(operation, input);
        assert_eq!(status, 400, "{operation}: {body}");
        let code = body["__type"].as_str().unwrap_or_default();
        let code = code.rsplit('#').next().unwrap_or_default().to_owned();
        (
            code,
            body["message"].as_str().unwrap_or_default().to_owned(),
        )
    }

    fn code(&self, operation: &str, input: Value) -> String {
        self.error(operation, input).0
    }

    fn group(&self, name: &str) {
        self.ok("CreateLogGroup", json!({"logGroupName": name}));
    }

    fn stream(&self, group: &str, name: &str) {
        self.ok(
            "CreateLogStream",
            json!({"logGroupName": group, "logStreamName": name}),
        );
    }

    fn put(&self, group: &str, stream: &str, events: &[(i64, &str)]) -> Value {
        let events: Vec<Value> = events
            .iter()
            .map(|(timestamp, message)| json!({"timestamp": timestamp, "message": message}))
            .collect();
        self.ok(
            "PutLogEvents",
            json!({"logGroupName": group, "logStreamName": stream, "logEvents": events}),
        )
    }

    fn messages(answer: &Value) -> Vec<String> {
        answer["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|event| event["message"].as_str().unwrap().to_owned())
            .collect()
    }
}

#[test]
fn a_log_group_reads_back_as_aws_describes_it() {
    let backend = Backend::new();
    backend.ok(
        "CreateLogGroup",
        json!({"logGroupName": "/app/web", "tags": {"team": "core"}, "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k1"}),
    );
    let groups = backend.ok("DescribeLogGroups", json!({}));
    assert_eq!(
        groups,
        json!({"logGroups": [{
            "logGroupName": "/app/web",
            "creationTime": START,
            "metricFilterCount": 0,
            "arn": "arn:aws:logs:us-east-1:123456789012:log-group:/app/web:*",
            "storedBytes": 0,
            "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k1",
            "logGroupClass": "STANDARD",
            "logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/app/web",
        }]})
    );
    assert_eq!(
        backend.error("CreateLogGroup", json!({"logGroupName": "/app/web"})),
        (
            "ResourceAlreadyExistsException".to_owned(),
            "The specified log group already exists".to_owned()
        )
    );
    assert_eq!(
        backend.error("CreateLogGroup", json!({"logGroupName": "bad name"})),
        (
            "InvalidParameterException".to_owned(),
            r"1 validation error detected: Value 'bad name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+".to_owned()
        )
    );
    backend.ok("DeleteLogGroup", json!({"logGroupName": "/app/web"}));
    assert_eq!(
        backend.error("DeleteLogGroup", json!({"logGroupName": "/app/web"})),
        (
            "ResourceNotFoundException".to_owned(),
            "The specified log group does not exist.".to_owned()
        )
    );
}

#[test]
fn describe_log_groups_filters_by_prefix_pattern_and_pages() {
    let backend = Backend::new();
    for name in ["/b/two", "/a/one", "/a/three", "other"] {
        backend.group(name);
    }
    let names = |answer: &Value| -> Vec<String> {
        answer["logGroups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|group| group["logGroupName"].as_str().unwrap().to_owned())
            .collect()
    };
    let prefixed = backend.ok("DescribeLogGroups", json!({"logGroupNamePrefix": "/a/"}));
    assert_eq!(names(&prefixed), ["/a/one", "/a/three"]);
    let pattern = backend.ok("DescribeLogGroups", json!({"logGroupNamePattern": "t"}));
    assert_eq!(names(&pattern), ["/a/three", "/b/two", "other"]);
    // A pattern search answers only the name, the ARN and the creation time.
    assert_eq!(
        pattern["logGroups"][0],
        json!({"logGroupName": "/a/three", "creationTime": START, "arn": "arn:aws:logs:us-east-1:123456789012:log-group:/a/three:*"})
    );
    assert_eq!(
        names(&backend.ok("DescribeLogGroups", json!({"logGroupNamePattern": "T"}))),
        Vec::<String>::new()
    );
    assert_eq!(
        backend.code(
            "DescribeLogGroups",
            json!({"logGroupNamePrefix": "/a", "logGroupNamePattern": "a"})
        ),
        "InvalidParameterException"
    );
    let first = backend.ok("DescribeLogGroups", json!({"limit": 3}));
    assert_eq!(names(&first), ["/a/one", "/a/three", "/b/two"]);
    assert_eq!(first["nextToken"], "b2Zmc2V0OjM");
    let second = backend.ok(
        "DescribeLogGroups",
        json!({"limit": 3, "nextToken": first["nextToken"]}),
    );
    assert_eq!(names(&second), ["other"]);
    assert!(second.get("nextToken").is_none());
    assert_eq!(
        backend
            .error("DescribeLogGroups", json!({"nextToken": "junk"}))
            .1,
        "The specified nextToken is invalid."
    );
    assert_eq!(
        backend.code("DescribeLogGroups", json!({"limit": 51})),
        "InvalidParameterException"
    );
}

#[test]
fn retention_takes_only_the_days_aws_allows() {
    let backend = Backend::new();
    backend.group("g");
    backend.ok(
        "PutRetentionPolicy",
        json!({"logGroupName": "g", "retentionInDays": 30}),
    );
    let group = &backend.ok("DescribeLogGroups", json!({}))["logGroups"][0];
    assert_eq!(group["retentionInDays"], 30);
    let (code, message) = backend.error(
        "PutRetentionPolicy",
        json!({"logGroupName": "g", "retentionInDays": 2}),
    );
    assert_eq!(code, "InvalidParameterException");
    assert_eq!(
        message,
        "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"
    );
    backend.ok("DeleteRetentionPolicy", json!({"logGroupName": "g"}));
    let group = &backend.ok("DescribeLogGroups", json!({}))["logGroups"][0];
    assert!(group.get("retentionInDays").is_none());
    assert_eq!(
        backend.code(
            "PutRetentionPolicy",
            json!({"logGroupName": "none", "retentionInDays": 1})
        ),
        "ResourceNotFoundException"
    );
}

#[test]
fn kms_keys_and_tags_attach_both_ways() {
    let backend = Backend::new();
    backend.group("g");
    let key = "arn:aws:kms:us-east-1:123456789012:key/k";
    backend.ok(
        "AssociateKmsKey",
        json!({"logGroupName": "g", "kmsKeyId": key}),
    );
    assert_eq!(
        backend.ok("DescribeLogGroups", json!({}))["logGroups"][0]["kmsKeyId"],
        key
    );
    backend.ok("DisassociateKmsKey", json!({"logGroupName": "g"}));
    assert!(
        backend.ok("DescribeLogGroups", json!({}))["logGroups"][0]
            .get("kmsKeyId")
            .is_none()
    );

    backend.ok(
        "TagLogGroup",
        json!({"logGroupName": "g", "tags": {"a": "1", "b": "2"}}),
    );
    backend.ok("UntagLogGroup", json!({"logGroupName": "g", "tags": ["a"]}));
    assert_eq!(
        backend.ok("ListTagsLogGroup", json!({"logGroupName": "g"})),
        json!({"tags": {"b": "2"}})
    );
    let arn = "arn:aws:logs:us-east-1:123456789012:log-group:g";
    backend.ok(
        "TagResource",
        json!({"resourceArn": arn, "tags": {"c": "3"}}),
    );
    backend.ok(
        "UntagResource",
        json!({"resourceArn": arn, "tagKeys": ["b"]}),
    );
    assert_eq!(
        backend.ok("ListTagsForResource", json!({"resourceArn": arn})),
        json!({"tags": {"c": "3"}})
    );
    assert_eq!(
        backend.code(
            "ListTagsForResource",
            json!({"resourceArn": "arn:aws:logs:us-east-1:123456789012:log-group:none"})
        ),
        "ResourceNotFoundException"
    );
}

#[test]
fn streams_report_their_events_and_sequence_tokens() {
    let backend = Backend::new();
    backend.group("g");
    backend.stream("g", "s1");
    assert_eq!(
        backend.error(
            "CreateLogStream",
            json!({"logGroupName": "g", "logStreamName": "s1"})
        ),
        (
            "ResourceAlreadyExistsException".to_owned(),
            "The specified log stream already exists".to_owned()
        )
    );
    let fresh = backend.ok("DescribeLogStreams", json!({"logGroupName": "g"}));
    assert_eq!(
        fresh,
        json!({"logStreams": [{
            "logStreamName": "s1", "creationTime": START,
            "arn": "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s1",
            "storedBytes": 0,
        }]})
    );
    backend.clock.advance(Duration::from_secs(60)).unwrap();
    let put = backend.put("g", "s1", &[(START, "one"), (START + 1000, "two")]);
    assert_eq!(
        put,
        json!({"nextSequenceToken": "00000000000000000000000000000000000000000000000000000001"})
    );
    // A wrong sequence token is ignored, as AWS does today.
    let second = backend.ok(
        "PutLogEvents",
        json!({"logGroupName": "g", "logStreamName": "s1", "sequenceToken": "bogus",
               "logEvents": [{"timestamp": START + 500, "message": "between"}]}),
    );
    assert_eq!(
        second["nextSequenceToken"],
        "00000000000000000000000000000000000000000000000000000002"
    );
    let described = backend.ok("DescribeLogStreams", json!({"logGroupName": "g"}));
    assert_eq!(
        described["logStreams"][0],
        json!({
            "logStreamName": "s1", "creationTime": START,
            "firstEventTimestamp": START, "lastEventTimestamp": START + 1000,
            "lastIngestionTime": START + 60_000,
            "uploadSequenceToken": "00000000000000000000000000000000000000000000000000000002",
            "arn": "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s1",
            "storedBytes": 0,
        })
    );
    assert_eq!(
        backend.ok("DescribeLogGroups", json!({}))["logGroups"][0]["storedBytes"],
        13
    );
    backend.ok(
        "DeleteLogStream",
        json!({"logGroupName": "g", "logStreamName": "s1"}),
    );
    assert_eq!(
        backend.error(
            "DeleteLogStream",
            json!({"logGroupName": "g", "logStreamName": "s1"})
        ),
        (
            "ResourceNotFoundException".to_owned(),
            "The specified log stream does not exist.".to_owned()
        )
    );
}

#[test]
fn describe_log_streams_orders_and_pages() {
    let backend = Backend::new();
    backend.group("g");
    for name in ["b", "a", "c"] {
        backend.stream("g", name);
    }
    backend.put("g", "a", &[(START - 10, "x")]);
    backend.put("g", "b", &[(START - 30, "x")]);
    backend.put("g", "c", &[(START - 20, "x")]);
    let names = |answer: &Value| -> Vec<String> {
        answer["logStreams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|stream| stream["logStreamName"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(&backend.ok("DescribeLogStreams", json!({"logGroupName": "g"}))),
        ["a", "b", "c"]
    );
    assert_eq!(
        names(&backend.ok(
            "DescribeLogStreams",
            json!({"logGroupName": "g", "orderBy": "LastEventTime", "descending": true})
        )),
        ["a", "c", "b"]
    );
    assert_eq!(
        backend
            .error(
                "DescribeLogStreams",
                json!({"logGroupName": "g", "orderBy": "LastEventTime", "logStreamNamePrefix": "a"})
            )
            .1,
        "Cannot order by LastEventTime with a logStreamNamePrefix."
    );
    let page = backend.ok(
        "DescribeLogStreams",
        json!({"logGroupName": "g", "limit": 2}),
    );
    assert_eq!(names(&page), ["a", "b"]);
    let rest = backend.ok(
        "DescribeLogStreams",
        json!({"logGroupName": "g", "limit": 2, "nextToken": page["nextToken"]}),
    );
    assert_eq!(names(&rest), ["c"]);
    assert_eq!(
        names(&backend.ok(
            "DescribeLogStreams",
            json!({"logGroupIdentifier": "arn:aws:logs:us-east-1:123456789012:log-group:g", "logStreamNamePrefix": "b"})
        )),
        ["b"]
    );
}

#[test]
fn put_log_events_applies_the_batch_rules() {
    let backend = Backend::new();
    backend.group("g");
    backend.stream("g", "s");
    let refuse = |events: Value| {
        backend.error(
            "PutLogEvents",
            json!({"logGroupName": "g", "logStreamName": "s", "logEvents": events}),
        )
    };
    assert_eq!(
        refuse(
            json!([{"timestamp": START, "message": "b"}, {"timestamp": START - 1, "message": "a"}])
        )
        .1,
        "Log events in a single PutLogEvents request must be in chronological order."
    );
    assert_eq!(
        refuse(json!([{"timestamp": START - DAY - 1, "message": "a"}, {"timestamp": START, "message": "b"}])).1,
        "The batch of log events in a single PutLogEvents request cannot span more than 24 hours."
    );
    let big = "x".repeat(1_048_576 - 26 + 1);
    assert_eq!(
        refuse(json!([{"timestamp": START, "message": big}])).1,
        "Upload too large: 1048577 bytes exceeds limit of 1048576"
    );
    let answer = backend.put(
        "g",
        "s",
        &[
            (START - 14 * DAY - 1, "too old"),
            (START - 14 * DAY + 1, "old enough"),
        ],
    );
    assert_eq!(
        answer["rejectedLogEventsInfo"],
        json!({"tooOldLogEventEndIndex": 0})
    );
    let answer = backend.put(
        "g",
        "s",
        &[(START + HOUR, "soon"), (START + 3 * HOUR, "too new")],
    );
    assert_eq!(
        answer["rejectedLogEventsInfo"],
        json!({"tooNewLogEventStartIndex": 1})
    );
    backend.ok(
        "PutRetentionPolicy",
        json!({"logGroupName": "g", "retentionInDays": 1}),
    );
    let answer = backend.put(
        "g",
        "s",
        &[(START - DAY - 1, "expired"), (START - 1, "kept")],
    );
    assert_eq!(
        answer["rejectedLogEventsInfo"],
        json!({"expiredLogEventEndIndex": 0})
    );
    let all = backend.ok(
        "GetLogEvents",
        json!({"logGroupName": "g", "logStreamName": "s", "startFromHead": true}),
    );
    assert_eq!(Backend::messages(&all), ["old enough", "kept", "soon"]);
    assert_eq!(all["events"][0]["ingestionTime"], START);
    assert_eq!(
        backend.error(
            "PutLogEvents",
            json!({"logGroupName": "g", "logStreamName": "none", "logEvents": [{"timestamp": START, "message": "a"}]})
        )
        .1,
        "The specified log stream does not exist."
    );
}

#[test]
fn get_log_events_pages_both_ways_and_holds_its_token_at_the_end() {
    let backend = Backend::new();
    backend.group("g");
    backend.stream("g", "s");
    let events: Vec<(i64, String)> = (0..5)
        .map(|index| (START + index, format!("e{index}")))
        .collect();
    let borrowed: Vec<(i64, &str)> = events
        .iter()
        .map(|(at, message)| (*at, message.as_str()))
        .collect();
    backend.put("g", "s", &borrowed);
    let get = |extra: Value| {
        let mut input = json!({"logGroupName": "g", "logStreamName": "s", "limit": 2});
        for (key, value) in extra.as_object().unwrap() {
            input[key] = value.clone();
        }
        backend.ok("GetLogEvents", input)
    };
    let tail = get(json!({}));
    assert_eq!(Backend::messages(&tail), ["e3", "e4"]);
    assert_eq!(
        tail["nextBackwardToken"],
        "b/00000000000000000000000000000000000000000000000000000003"
    );
    assert_eq!(
        tail["nextForwardToken"],
        "f/00000000000000000000000000000000000000000000000000000004"
    );
    let end = get(json!({"nextToken": tail["nextForwardToken"]}));
    assert!(Backend::messages(&end).is_empty());
    assert_eq!(end["nextForwardToken"], tail["nextForwardToken"]);
    let back = get(json!({"nextToken": tail["nextBackwardToken"]}));
    assert_eq!(Backend::messages(&back), ["e1", "e2"]);
    let front = get(json!({"nextToken": back["nextBackwardToken"]}));
    assert_eq!(Backend::messages(&front), ["e0"]);
    let before = get(json!({"nextToken": front["nextBackwardToken"]}));
    assert!(Backend::messages(&before).is_empty());
    assert_eq!(before["nextBackwardToken"], front["nextBackwardToken"]);

    let head = get(json!({"startFromHead": true}));
    assert_eq!(Backend::messages(&head), ["e0", "e1"]);
    let next = get(json!({"nextToken": head["nextForwardToken"]}));
    assert_eq!(Backend::messages(&next), ["e2", "e3"]);
    let window = get(json!({"startTime": START + 1, "endTime": START + 3, "limit": 10}));
    assert_eq!(Backend::messages(&window), ["e1", "e2"]);
    assert_eq!(
        backend.code(
            "GetLogEvents",
            json!({"logGroupName": "g", "logStreamName": "s", "nextToken": "x/1"})
        ),
        "InvalidParameterException"
    );
}

#[test]
fn filter_log_events_interleaves_streams_and_applies_patterns() {
    let backend = Backend::new();
    backend.group("g");
    backend.stream("g", "api");
    backend.stream("g", "worker");
    backend.put(
        "g",
        "api",
        &[
            (START, r#"{"level":"ERROR","code":500}"#),
            (START + 2, "INFO started"),
        ],
    );
    backend.put(
        "g",
        "worker",
        &[(START + 1, "ERROR disk full"), (START + 3, "WARN slow")],
    );
    let filter = |extra: Value| {
        let mut input = json!({"logGroupName": "g"});
        for (key, value) in extra.as_object().unwrap() {
            input[key] = value.clone();
        }
        backend.ok("FilterLogEvents", input)
    };
    let all = filter(json!({}));
    assert_eq!(
        Backend::messages(&all),
        [
            r#"{"level":"ERROR","code":500}"#,
            "ERROR disk full",
            "INFO started",
            "WARN slow"
        ]
    );
    assert_eq!(
        all["events"][1],
        json!({"logStreamName": "worker", "timestamp": START + 1, "message": "ERROR disk full",
               "ingestionTime": START, "eventId": "00000000000000000000000000000000000000000000000000000002"})
    );
    assert_eq!(all["searchedLogStreams"], json!([]));
    assert_eq!(
        Backend::messages(&filter(json!({"filterPattern": "ERROR"}))).len(),
        2
    );
    assert_eq!(
        Backend::messages(&filter(json!({"filterPattern": "?WARN ?INFO"}))),
        ["INFO started", "WARN slow"]
    );
    assert_eq!(
        Backend::messages(&filter(json!({"filterPattern": "{ $.code >= 500 }"}))),
        [r#"{"level":"ERROR","code":500}"#]
    );
    assert_eq!(
        Backend::messages(&filter(
            json!({"logStreamNames": ["worker"], "filterPattern": "-WARN"})
        )),
        ["ERROR disk full"]
    );
    assert_eq!(
        Backend::messages(&filter(
            json!({"logStreamNamePrefix": "wo", "startTime": START + 2, "endTime": START + 3})
        )),
        ["WARN slow"]
    );
    let page = filter(json!({"limit": 3}));
    assert_eq!(Backend::messages(&page).len(), 3);
    let rest = filter(json!({"limit": 3, "nextToken": page["nextToken"]}));
    assert_eq!(Backend::messages(&rest), ["WARN slow"]);
    assert!(rest.get("nextToken").is_none());
    assert_eq!(
        backend
            .error(
                "FilterLogEvents",
                json!({"logGroupName": "g", "filterPattern": "{ $.a = }"})
            )
            .1,
        "Invalid filter pattern"
    );
}

#[test]
fn metric_filters_are_kept_and_found_by_name_and_metric() {
    let backend = Backend::new();
    backend.group("g");
    let transformation =
        json!([{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1"}]);
    backend.ok(
        "PutMetricFilter",
        json!({"logGroupName": "g", "filterName": "errors", "filterPattern": "ERROR", "metricTransformations": transformation}),
    );
    assert_eq!(
        backend.error(
            "PutMetricFilter",
            json!({"logGroupName": "g", "filterName": "bad", "filterPattern": "{ $.a = ", "metricTransformations": transformation})
        ),
        ("InvalidParameterException".to_owned(), "Invalid metric filter pattern".to_owned())
    );
    let described = backend.ok(
        "DescribeMetricFilters",
        json!({"logGroupName": "g", "filterNamePrefix": "err"}),
    );
    assert_eq!(
        described,
        json!({"metricFilters": [{
            "filterName": "errors", "filterPattern": "ERROR",
            "metricTransformations": transformation, "creationTime": START,
            "logGroupName": "g",
        }]})
    );
    assert_eq!(
        backend.ok(
            "DescribeMetricFilters",
            json!({"metricName": "Other", "metricNamespace": "App"})
        ),
        json!({"metricFilters": []})
    );
    assert_eq!(
        backend.code("DescribeMetricFilters", json!({"metricName": "Errors"})),
        "InvalidParameterException"
    );
    assert_eq!(
        backend.ok("DescribeLogGroups", json!({}))["logGroups"][0]["metricFilterCount"],
        1
    );
    backend.ok(
        "DeleteMetricFilter",
        json!({"logGroupName": "g", "filterName": "errors"}),
    );
    assert_eq!(
        backend
            .error(
                "DeleteMetricFilter",
                json!({"logGroupName": "g", "filterName": "errors"})
            )
            .1,
        "The specified metric filter does not exist."
    );
}

#[test]
fn a_group_takes_two_subscription_filters() {
    let backend = Backend::new();
    backend.group("g");
    let put = |name: &str| {
        backend.call(
            "PutSubscriptionFilter",
            json!({"logGroupName": "g", "filterName": name, "filterPattern": "",
                   "destinationArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s"}),
        )
    };
    assert_eq!(put("one").0, 200);
    assert_eq!(put("two").0, 200);
    assert_eq!(put("one").0, 200, "replacing an existing filter is allowed");
    assert_eq!(put("three").1["__type"], "LimitExceededException");
    let lambda = backend.error(
        "PutSubscriptionFilter",
        json!({"logGroupName": "g", "filterName": "one", "filterPattern": "",
               "destinationArn": "arn:aws:lambda:us-east-1:123456789012:function:none"}),
    );
    assert_eq!(lambda.0, "InvalidParameterException");
    let described = backend.ok(
        "DescribeSubscriptionFilters",
        json!({"logGroupName": "g", "filterNamePrefix": "t"}),
    );
    assert_eq!(
        described,
        json!({"subscriptionFilters": [{
            "filterName": "two", "logGroupName": "g", "filterPattern": "",
            "destinationArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s",
            "distribution": "ByLogStream", "creationTime": START,
        }]})
    );
    backend.ok(
        "DeleteSubscriptionFilter",
        json!({"logGroupName": "g", "filterName": "two"}),
    );
    assert_eq!(
        backend
            .error(
                "DeleteSubscriptionFilter",
                json!({"logGroupName": "g", "filterName": "two"})
            )
            .1,
        "The specified subscription filter does not exist."
    );
}
