//! CloudWatch Logs through aws-sdk-cloudwatchlogs: the awsJson 1.1 protocol end to end.

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata as _;
use aws_sdk_cloudwatchlogs::types::{InputLogEvent, MetricTransformation, OrderBy};
use moto_recorded::recording::Recording;
use moto_recorded::{BackendKind, Moto, moto_recorded};

use crate::interop::{moto_server, replay_in_moto};
use crate::support::{logs, server};

/// The test backends' virtual clock, 2024-01-01T00:00:00Z, in milliseconds (the unit of
/// event timestamps).
const CLOCK_MS: i64 = 1_704_067_200_000;

fn event(timestamp: i64, message: &str) -> InputLogEvent {
    InputLogEvent::builder()
        .timestamp(timestamp)
        .message(message)
        .build()
        .unwrap()
}

async fn put(client: &Client, group: &str, stream: &str, events: Vec<InputLogEvent>) {
    client
        .put_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .set_log_events(Some(events))
        .send()
        .await
        .unwrap();
}

fn messages(events: &[aws_sdk_cloudwatchlogs::types::OutputLogEvent]) -> Vec<&str> {
    events.iter().filter_map(|event| event.message()).collect()
}

#[tokio::test]
async fn groups_keep_retention_and_tags_and_refuse_what_aws_refuses() {
    let server = server();
    let client = logs(&server);
    client
        .create_log_group()
        .log_group_name("/app/orders")
        .tags("team", "shop")
        .send()
        .await
        .unwrap();
    let again = client
        .create_log_group()
        .log_group_name("/app/orders")
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("ResourceAlreadyExistsException"));
    client
        .put_retention_policy()
        .log_group_name("/app/orders")
        .retention_in_days(7)
        .send()
        .await
        .unwrap();
    let refused = client
        .put_retention_policy()
        .log_group_name("/app/orders")
        .retention_in_days(8)
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("InvalidParameterException"));

    let groups = client
        .describe_log_groups()
        .log_group_name_prefix("/app/")
        .send()
        .await
        .unwrap();
    let group = &groups.log_groups()[0];
    assert_eq!(group.log_group_name(), Some("/app/orders"));
    assert_eq!(group.retention_in_days(), Some(7));
    assert_eq!(
        group.log_group_arn(),
        Some("arn:aws:logs:us-east-1:123456789012:log-group:/app/orders")
    );
    let tags = client
        .list_tags_for_resource()
        .resource_arn("arn:aws:logs:us-east-1:123456789012:log-group:/app/orders")
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().unwrap()["team"], "shop");

    client
        .delete_log_group()
        .log_group_name("/app/orders")
        .send()
        .await
        .unwrap();
    let gone = client
        .delete_log_group()
        .log_group_name("/app/orders")
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("ResourceNotFoundException"));
    assert_eq!(
        gone.message(),
        Some("The specified log group does not exist.")
    );
}

#[tokio::test]
async fn the_sdk_paginator_walks_every_log_group() {
    let server = server();
    let client = logs(&server);
    for index in 0..7 {
        client
            .create_log_group()
            .log_group_name(format!("group-{index}"))
            .send()
            .await
            .unwrap();
    }
    let pages: Vec<_> = client
        .describe_log_groups()
        .limit(3)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|page| page.log_groups())
        .filter_map(|group| group.log_group_name())
        .collect();
    assert_eq!(names.len(), 7);
    assert_eq!(names.first(), Some(&"group-0"));
}

#[tokio::test]
async fn events_are_read_page_by_page_and_searched_with_patterns() {
    let server = server();
    let client = logs(&server);
    client
        .create_log_group()
        .log_group_name("app")
        .send()
        .await
        .unwrap();
    for stream in ["api", "worker"] {
        client
            .create_log_stream()
            .log_group_name("app")
            .log_stream_name(stream)
            .send()
            .await
            .unwrap();
    }
    let start = CLOCK_MS - 60_000;
    put(
        &client,
        "app",
        "api",
        vec![
            event(start, r#"{"level":"ERROR","latency":900}"#),
            event(start + 2, r#"{"level":"INFO","latency":20}"#),
            event(start + 4, "GET /health 200"),
        ],
    )
    .await;
    put(
        &client,
        "app",
        "worker",
        vec![event(start + 1, "ERROR job failed")],
    )
    .await;

    let head = client
        .get_log_events()
        .log_group_name("app")
        .log_stream_name("api")
        .start_from_head(true)
        .limit(2)
        .send()
        .await
        .unwrap();
    assert_eq!(messages(head.events()).len(), 2);
    let rest = client
        .get_log_events()
        .log_group_name("app")
        .log_stream_name("api")
        .next_token(head.next_forward_token().unwrap())
        .limit(2)
        .send()
        .await
        .unwrap();
    assert_eq!(messages(rest.events()), ["GET /health 200"]);
    let end = client
        .get_log_events()
        .log_group_name("app")
        .log_stream_name("api")
        .next_token(rest.next_forward_token().unwrap())
        .send()
        .await
        .unwrap();
    assert!(end.events().is_empty());
    assert_eq!(end.next_forward_token(), rest.next_forward_token());

    let slow = client
        .filter_log_events()
        .log_group_name("app")
        .filter_pattern(r#"{ $.level = "ERROR" && $.latency > 500 }"#)
        .send()
        .await
        .unwrap();
    assert_eq!(slow.events().len(), 1);
    assert_eq!(slow.events()[0].log_stream_name(), Some("api"));
    let errors = client
        .filter_log_events()
        .log_group_name("app")
        .filter_pattern("ERROR")
        .send()
        .await
        .unwrap();
    let streams: Vec<_> = errors
        .events()
        .iter()
        .filter_map(|event| event.log_stream_name())
        .collect();
    assert_eq!(streams, ["api", "worker"], "interleaved by timestamp");

    let streams = client
        .describe_log_streams()
        .log_group_name("app")
        .order_by(OrderBy::LastEventTime)
        .descending(true)
        .send()
        .await
        .unwrap();
    let api = &streams.log_streams()[0];
    assert_eq!(api.log_stream_name(), Some("api"));
    assert_eq!(api.first_event_timestamp(), Some(start));
    assert_eq!(api.last_event_timestamp(), Some(start + 4));
    let prefixed = client
        .describe_log_streams()
        .log_group_name("app")
        .order_by(OrderBy::LastEventTime)
        .log_stream_name_prefix("a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(prefixed.code(), Some("InvalidParameterException"));
}

#[tokio::test]
async fn metric_and_subscription_filters_are_kept() {
    let server = server();
    let client = logs(&server);
    client
        .create_log_group()
        .log_group_name("app")
        .send()
        .await
        .unwrap();
    let transformation = MetricTransformation::builder()
        .metric_name("Errors")
        .metric_namespace("App")
        .metric_value("1")
        .build()
        .unwrap();
    client
        .put_metric_filter()
        .log_group_name("app")
        .filter_name("errors")
        .filter_pattern("ERROR")
        .metric_transformations(transformation.clone())
        .send()
        .await
        .unwrap();
    let bad = client
        .put_metric_filter()
        .log_group_name("app")
        .filter_name("bad")
        .filter_pattern("{ $.level = ")
        .metric_transformations(transformation)
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Some("InvalidParameterException"));
    let filters = client
        .describe_metric_filters()
        .metric_name("Errors")
        .metric_namespace("App")
        .send()
        .await
        .unwrap();
    assert_eq!(filters.metric_filters().len(), 1);
    assert_eq!(filters.metric_filters()[0].filter_name(), Some("errors"));

    for name in ["one", "two"] {
        client
            .put_subscription_filter()
            .log_group_name("app")
            .filter_name(name)
            .filter_pattern("")
            .destination_arn("arn:aws:kinesis:us-east-1:123456789012:stream/logs")
            .send()
            .await
            .unwrap();
    }
    let third = client
        .put_subscription_filter()
        .log_group_name("app")
        .filter_name("three")
        .filter_pattern("")
        .destination_arn("arn:aws:kinesis:us-east-1:123456789012:stream/logs")
        .send()
        .await
        .unwrap_err();
    assert_eq!(third.code(), Some("LimitExceededException"));
    client
        .delete_subscription_filter()
        .log_group_name("app")
        .filter_name("one")
        .send()
        .await
        .unwrap();
    let left = client
        .describe_subscription_filters()
        .log_group_name("app")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = left
        .subscription_filters()
        .iter()
        .filter_map(|filter| filter.filter_name())
        .collect();
    assert_eq!(names, ["two"]);
}

/// The `/app/orders` group the recordings make: its retention, its tag and its streams.
async fn the_orders_group_is_there(client: &Client, retention: i32, streams: &[&str]) {
    let groups = client.describe_log_groups().send().await.unwrap();
    let group = &groups.log_groups()[0];
    assert_eq!(group.log_group_name(), Some("/app/orders"));
    assert_eq!(group.retention_in_days(), Some(retention));
    let tags = client
        .list_tags_for_resource()
        .resource_arn("arn:aws:logs:us-east-1:123456789012:log-group:/app/orders")
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().unwrap()["team"], "shop");
    let listed = client
        .describe_log_streams()
        .log_group_name("/app/orders")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = listed
        .log_streams()
        .iter()
        .filter_map(|stream| stream.log_stream_name())
        .collect();
    assert_eq!(names, streams);
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_log_group() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/logs_groups.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = logs(&server);
    the_orders_group_is_there(&client, 14, &["web-1", "web-2"]).await;
    let filters = client
        .describe_metric_filters()
        .log_group_name("/app/orders")
        .send()
        .await
        .unwrap();
    assert_eq!(filters.metric_filters()[0].filter_name(), Some("errors"));
}

/// The recipe: a setup that creates the application's log group and writes its first
/// events, at the virtual clock's time.
async fn log_the_first_orders(moto: &Moto) {
    let client = Client::new(&moto.sdk_config());
    client
        .create_log_group()
        .log_group_name("/app/orders")
        .tags("team", "shop")
        .send()
        .await
        .unwrap();
    client
        .put_retention_policy()
        .log_group_name("/app/orders")
        .retention_in_days(30)
        .send()
        .await
        .unwrap();
    client
        .create_log_stream()
        .log_group_name("/app/orders")
        .log_stream_name("web-1")
        .send()
        .await
        .unwrap();
    let at = CLOCK_MS;
    put(
        &client,
        "/app/orders",
        "web-1",
        vec![
            event(at, r#"{"order":"o-1","status":"PAID"}"#),
            event(at + 1, r#"{"order":"o-2","status":"FAILED"}"#),
        ],
    )
    .await;
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/logs_orders.jsonl",
    setup = log_the_first_orders,
    clock = "2024-01-01T00:00:00Z"
)]
#[tokio::test]
async fn failed_orders_are_found_in_the_logs(moto: &Moto) {
    let client = Client::new(&moto.sdk_config());
    let failed = client
        .filter_log_events()
        .log_group_name("/app/orders")
        .filter_pattern(r#"{ $.status = "FAILED" }"#)
        .send()
        .await
        .unwrap();
    let found: Vec<_> = failed
        .events()
        .iter()
        .filter_map(|event| event.message())
        .collect();
    assert_eq!(found, [r#"{"order":"o-2","status":"FAILED"}"#]);
    if moto.backend_kind() == BackendKind::Embedded {
        // The state view lists the group with its streams.
        let state = moto.state().unwrap();
        let group = &state["logs"]["LogGroup"][0];
        assert_eq!(group["logGroupName"], "/app/orders");
        assert_eq!(group["retentionInDays"], 30);
        assert_eq!(group["logStreams"][0]["logStreamName"], "web-1");
        assert_eq!(group["logStreams"][0]["lastIngestionTime"], CLOCK_MS);
    }
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };
    replay_in_moto(&url, "logs_orders.jsonl");
    let client = Client::new(&moto_recorded::aws::sdk_config(&url, "us-east-1"));
    the_orders_group_is_there(&client, 30, &["web-1"]).await;
}
