//! Parameter Store through the engine: awsJson 1.1 requests in, wire answers out, on one
//! region seeded with 42 and a virtual clock.

use std::time::Duration;

use bytes::Bytes;
use http::Request;
use serde_json::{Value, json};

use super::{SERVICE, SsmState};
use crate::clock::Clock;
use crate::protocol::error::Protocol;
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, Route, ServiceStates};

struct Backend {
    state: SsmState,
    random: MockRandom,
    clock: Clock,
}

impl Backend {
    fn new() -> Backend {
        Backend {
            state: SsmState::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        }
    }

    /// The status and JSON body of `operation` with `input`.
    fn call(&self, operation: &str, input: Value) -> (u16, Value) {
        let route = Route {
            service: "ssm".into(),
            region: "us-east-1".into(),
            protocol: Protocol::AwsJson1_1,
            operation: Some(operation.to_owned()),
        };
        let services = ServiceStates::default();
        let context = Context {
            random: &self.random,
            clock: &self.clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://127.0.0.1:41234".into(),
            services: &services,
        };
        let request = Request::post("/")
            .header("x-amz-target", format!("AmazonSSM.{operation}"))
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

    fn code(&self, operation: &str, input: Value) -> String {
        let (status, body) = self.call(operation, input);
        assert_eq!(status, 400, "{operation}: {body}");
        body["__type"].as_str().unwrap_or_default().to_owned()
    }

    fn put(&self, name: &str, value: &str) -> Value {
        self.ok(
            "PutParameter",
            json!({"Name": name, "Value": value, "Type": "String"}),
        )
    }
}

#[test]
fn versions_count_from_one_and_overwrite_keeps_what_is_not_given() {
    let backend = Backend::new();
    let created = backend.ok(
        "PutParameter",
        json!({"Name": "/app/db/url", "Value": "v1", "Type": "String", "Description": "the url"}),
    );
    assert_eq!(created, json!({"Version": 1, "Tier": "Standard"}));
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "/app/db/url", "Value": "v2", "Type": "String"})
        ),
        "ParameterAlreadyExists"
    );
    backend.clock.advance(Duration::from_secs(60)).unwrap();
    let second = backend.ok(
        "PutParameter",
        json!({"Name": "/app/db/url", "Value": "v2", "Overwrite": true}),
    );
    assert_eq!(second["Version"], 2);
    let got = backend.ok("GetParameter", json!({"Name": "/app/db/url"}));
    assert_eq!(
        got,
        json!({"Parameter": {
            "Name": "/app/db/url", "Type": "String", "Value": "v2", "Version": 2,
            "LastModifiedDate": 1_704_067_260,
            "ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db/url",
            "DataType": "text"
        }})
    );
    let history = backend.ok("GetParameterHistory", json!({"Name": "/app/db/url"}));
    let descriptions: Vec<&Value> = history["Parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|version| &version["Description"])
        .collect();
    assert_eq!(descriptions, vec![&json!("the url"), &json!("the url")]);
    assert_eq!(
        backend.ok("GetParameter", json!({"Name": "/app/db/url:1"}))["Parameter"]["Selector"],
        ":1"
    );
    assert_eq!(
        backend.code("GetParameter", json!({"Name": "/app/db/url:9"})),
        "ParameterVersionNotFound"
    );
}

#[test]
fn secure_strings_keep_their_key_and_decrypt_on_request() {
    let backend = Backend::new();
    backend.ok(
        "PutParameter",
        json!({"Name": "/app/password", "Value": "hunter2", "Type": "SecureString"}),
    );
    backend.ok(
        "PutParameter",
        json!({"Name": "/app/token", "Value": "t", "Type": "SecureString", "KeyId": "alias/app"}),
    );
    let plain = backend.ok(
        "GetParameter",
        json!({"Name": "/app/password", "WithDecryption": true}),
    );
    assert_eq!(plain["Parameter"]["Value"], "hunter2");
    let sealed = backend.ok("GetParameter", json!({"Name": "/app/password"}));
    assert_eq!(sealed["Parameter"]["Value"], "kms:alias/aws/ssm:hunter2");
    let described = backend.ok("DescribeParameters", json!({}));
    let keys: Vec<&Value> = described["Parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| &parameter["KeyId"])
        .collect();
    assert_eq!(keys, vec![&json!("alias/aws/ssm"), &json!("alias/app")]);
    let by_key = backend.ok(
        "DescribeParameters",
        json!({"ParameterFilters": [{"Key": "KeyId", "Values": ["alias/app"]}]}),
    );
    assert_eq!(by_key["Parameters"][0]["Name"], "/app/token");
}

#[test]
fn names_tiers_and_patterns_follow_awss_rules() {
    let backend = Backend::new();
    for (name, code) in [
        ("/aws/mine", "AccessDeniedException"),
        ("ssm-thing", "ValidationException"),
        ("has space", "ValidationException"),
    ] {
        assert_eq!(
            backend.code(
                "PutParameter",
                json!({"Name": name, "Value": "v", "Type": "String"})
            ),
            code,
            "{name}"
        );
    }
    assert_eq!(
        backend.code("PutParameter", json!({"Name": "untyped", "Value": "v"})),
        "ValidationException"
    );
    let big = "x".repeat(5000);
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "big", "Value": big, "Type": "String"})
        ),
        "ValidationException"
    );
    let advanced = backend.ok(
        "PutParameter",
        json!({"Name": "big", "Value": big, "Type": "String", "Tier": "Intelligent-Tiering"}),
    );
    assert_eq!(advanced["Tier"], "Advanced");
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "big", "Value": "small", "Overwrite": true, "Tier": "Standard"})
        ),
        "ValidationException"
    );
    backend.ok(
        "PutParameter",
        json!({"Name": "port", "Value": "8080", "Type": "String", "AllowedPattern": "^\\d+$"}),
    );
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "port", "Value": "http", "Overwrite": true})
        ),
        "ParameterPatternMismatchException"
    );
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "bad", "Value": "v", "Type": "String", "AllowedPattern": "("})
        ),
        "InvalidAllowedPatternException"
    );
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "tagged", "Value": "v", "Type": "String", "Overwrite": true,
                   "Tags": [{"Key": "k", "Value": "v"}]})
        ),
        "ValidationException"
    );
    // A one-level name is the same parameter with or without its slash.
    backend.put("/db", "v");
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "db", "Value": "v", "Type": "String"})
        ),
        "ParameterAlreadyExists"
    );
}

#[test]
fn paths_list_one_level_or_all_and_page_with_tokens() {
    let backend = Backend::new();
    for name in [
        "/app/a",
        "/app/b",
        "/app/c",
        "/app/deep/d",
        "/other/e",
        "top",
    ] {
        backend.put(name, name);
    }
    let names = |answer: &Value| -> Vec<String> {
        answer["Parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|parameter| parameter["Name"].as_str().unwrap().to_owned())
            .collect()
    };
    let one = backend.ok("GetParametersByPath", json!({"Path": "/app"}));
    assert_eq!(names(&one), ["/app/a", "/app/b", "/app/c"]);
    let all = backend.ok(
        "GetParametersByPath",
        json!({"Path": "/app/", "Recursive": true}),
    );
    assert_eq!(names(&all), ["/app/a", "/app/b", "/app/c", "/app/deep/d"]);
    let root = backend.ok("GetParametersByPath", json!({"Path": "/"}));
    assert_eq!(names(&root), ["top"]);
    let first = backend.ok(
        "GetParametersByPath",
        json!({"Path": "/app", "Recursive": true, "MaxResults": 3}),
    );
    // The token names the first parameter of the next page.
    assert_eq!(first["NextToken"], "L2FwcC9kZWVwL2Q");
    let rest = backend.ok(
        "GetParametersByPath",
        json!({"Path": "/app", "Recursive": true, "MaxResults": 3, "NextToken": first["NextToken"]}),
    );
    assert_eq!(names(&rest), ["/app/deep/d"]);
    assert!(rest.get("NextToken").is_none());
    assert_eq!(
        backend.code(
            "GetParametersByPath",
            json!({"Path": "/app", "NextToken": "nonsense"})
        ),
        "InvalidNextToken"
    );
    assert_eq!(
        backend.code("GetParametersByPath", json!({"Path": "app"})),
        "ValidationException"
    );
    assert_eq!(
        backend.code(
            "GetParametersByPath",
            json!({"Path": "/app", "ParameterFilters": [{"Key": "Name", "Values": ["x"]}]})
        ),
        "InvalidFilterKey"
    );
    let described = backend.ok(
        "DescribeParameters",
        json!({"ParameterFilters": [{"Key": "Path", "Option": "Recursive", "Values": ["/app"]}]}),
    );
    assert_eq!(names(&described).len(), 4);
    let legacy = backend.ok(
        "DescribeParameters",
        json!({"Filters": [{"Key": "Name", "Values": ["/other"]}]}),
    );
    assert_eq!(names(&legacy), ["/other/e"]);
    assert_eq!(
        backend.code(
            "DescribeParameters",
            json!({"Filters": [{"Key": "Name", "Values": ["/o"]}],
                   "ParameterFilters": [{"Key": "Name", "Values": ["/o"]}]})
        ),
        "ValidationException"
    );
}

#[test]
fn labels_move_between_versions_and_select_them() {
    let backend = Backend::new();
    backend.put("/app/flag", "off");
    backend.ok(
        "PutParameter",
        json!({"Name": "/app/flag", "Value": "on", "Overwrite": true}),
    );
    let labelled = backend.ok(
        "LabelParameterVersion",
        json!({"Name": "/app/flag", "ParameterVersion": 1, "Labels": ["stable", "1bad", "awsx"]}),
    );
    assert_eq!(
        labelled,
        json!({"InvalidLabels": ["1bad", "awsx"], "ParameterVersion": 1})
    );
    assert_eq!(
        backend.ok("GetParameter", json!({"Name": "/app/flag:stable"}))["Parameter"]["Value"],
        "off"
    );
    let moved = backend.ok(
        "LabelParameterVersion",
        json!({"Name": "/app/flag", "Labels": ["stable"]}),
    );
    assert_eq!(moved["ParameterVersion"], 2);
    let history = backend.ok("GetParameterHistory", json!({"Name": "/app/flag"}));
    assert_eq!(history["Parameters"][0]["Labels"], json!([]));
    assert_eq!(history["Parameters"][1]["Labels"], json!(["stable"]));
    let many: Vec<String> = (0..10).map(|n| format!("l{n}")).collect();
    assert_eq!(
        backend.code(
            "LabelParameterVersion",
            json!({"Name": "/app/flag", "Labels": many})
        ),
        "ParameterVersionLabelLimitExceeded"
    );
    let removed = backend.ok(
        "UnlabelParameterVersion",
        json!({"Name": "/app/flag", "ParameterVersion": 2, "Labels": ["stable", "never"]}),
    );
    assert_eq!(
        removed,
        json!({"RemovedLabels": ["stable"], "InvalidLabels": ["never"]})
    );
    assert_eq!(
        backend.code(
            "LabelParameterVersion",
            json!({"Name": "/app/flag", "ParameterVersion": 7, "Labels": ["x"]})
        ),
        "ParameterVersionNotFound"
    );
}

#[test]
fn get_parameters_and_delete_parameters_split_found_from_invalid() {
    let backend = Backend::new();
    backend.put("/a", "1");
    backend.put("/b", "2");
    let got = backend.ok(
        "GetParameters",
        json!({"Names": ["/b", "/missing", "/a", "/b:5"]}),
    );
    assert_eq!(got["InvalidParameters"], json!(["/missing", "/b:5"]));
    assert_eq!(got["Parameters"][0]["Name"], "/b");
    assert_eq!(got["Parameters"][1]["Name"], "/a");
    let deleted = backend.ok("DeleteParameters", json!({"Names": ["/a", "/nope"]}));
    assert_eq!(
        deleted,
        json!({"DeletedParameters": ["/a"], "InvalidParameters": ["/nope"]})
    );
    assert_eq!(
        backend.code("DeleteParameter", json!({"Name": "/a"})),
        "ParameterNotFound"
    );
    backend.ok("DeleteParameter", json!({"Name": "/b"}));
    assert_eq!(
        backend.code("GetParameter", json!({"Name": "/b"})),
        "ParameterNotFound"
    );
}

#[test]
fn tags_are_set_replaced_and_removed() {
    let backend = Backend::new();
    backend.ok(
        "PutParameter",
        json!({"Name": "/app/x", "Value": "v", "Type": "String",
               "Tags": [{"Key": "team", "Value": "data"}]}),
    );
    let target = json!({"ResourceType": "Parameter", "ResourceId": "/app/x"});
    let mut add = target.clone();
    add["Tags"] = json!([{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "web"}]);
    backend.ok("AddTagsToResource", add);
    assert_eq!(
        backend.ok("ListTagsForResource", target.clone())["TagList"],
        json!([{"Key": "team", "Value": "web"}, {"Key": "env", "Value": "dev"}])
    );
    let mut remove = target.clone();
    remove["TagKeys"] = json!(["team"]);
    backend.ok("RemoveTagsFromResource", remove);
    assert_eq!(
        backend.ok("ListTagsForResource", target)["TagList"],
        json!([{"Key": "env", "Value": "dev"}])
    );
    let by_tag = backend.ok(
        "DescribeParameters",
        json!({"ParameterFilters": [{"Key": "tag:env", "Values": ["dev"]}]}),
    );
    assert_eq!(by_tag["Parameters"][0]["Name"], "/app/x");
    assert_eq!(
        backend.code(
            "ListTagsForResource",
            json!({"ResourceType": "Parameter", "ResourceId": "/missing"})
        ),
        "InvalidResourceId"
    );
}

#[test]
fn no_operation_draws_from_the_seeded_source() {
    let backend = Backend::new();
    backend.put("/app/a", "v");
    backend.ok(
        "LabelParameterVersion",
        json!({"Name": "/app/a", "Labels": ["x"]}),
    );
    backend.ok("DescribeParameters", json!({}));
    // Seed 42's first draw is still there: ids of other services do not move when
    // parameters are written.
    assert_eq!(backend.random.uuid4(), MockRandom::seeded(42).uuid4());
}

#[test]
fn history_pages_name_the_next_version() {
    let backend = Backend::new();
    for value in ["a", "b", "c"] {
        backend.ok(
            "PutParameter",
            json!({"Name": "/h", "Value": value, "Type": "String", "Overwrite": true}),
        );
    }
    let first = backend.ok(
        "GetParameterHistory",
        json!({"Name": "/h", "MaxResults": 2}),
    );
    // base64url("3"): the page after this one starts at version 3.
    assert_eq!(first["NextToken"], "Mw");
    let rest = backend.ok(
        "GetParameterHistory",
        json!({"Name": "/h", "MaxResults": 2, "NextToken": "Mw"}),
    );
    assert_eq!(rest["Parameters"][0]["Value"], "c");
    assert!(rest.get("NextToken").is_none());
}

#[test]
fn policies_are_listed_and_checked() {
    let backend = Backend::new();
    let policies = r#"[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]"#;
    let put = backend.ok(
        "PutParameter",
        json!({"Name": "/p", "Value": "v", "Type": "String", "Tier": "Intelligent-Tiering",
               "Policies": policies}),
    );
    assert_eq!(put["Tier"], "Advanced");
    let described = backend.ok("DescribeParameters", json!({}));
    let listed = &described["Parameters"][0]["Policies"][0];
    assert_eq!(listed["PolicyType"], "Expiration");
    assert_eq!(listed["PolicyStatus"], "Pending");
    let text: Value = serde_json::from_str(listed["PolicyText"].as_str().unwrap()).unwrap();
    assert_eq!(text["Attributes"]["Timestamp"], "2030-01-01T00:00:00.000Z");
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "/q", "Value": "v", "Type": "String", "Tier": "Advanced",
                   "Policies": r#"[{"Type":"Shred"}]"#})
        ),
        "InvalidPolicyTypeException"
    );
    assert_eq!(
        backend.code(
            "PutParameter",
            json!({"Name": "/q", "Value": "v", "Type": "String", "Tier": "Advanced",
                   "Policies": r#"[{"Type":"Expiration"},{"Type":"Expiration"}]"#})
        ),
        "IncompatiblePolicyException"
    );
    let json_type = backend.ok(
        "PutParameter",
        json!({"Name": "/j", "Value": "{}", "Type": "String", "DataType": "json",
               "Tier": "Intelligent-Tiering"}),
    );
    assert_eq!(json_type["Tier"], "Advanced");
}
