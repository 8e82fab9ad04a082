//! EventBridge through aws-sdk-eventbridge: the awsJson 1.1 protocol end to end, with
//! delivery to SQS queues, SNS topics and Lambda handlers of the same backend.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_eventbridge::error::ProvideErrorMetadata as _;
use aws_sdk_eventbridge::types::{
    InputTransformer, PutEventsRequestEntry, RuleState, SqsParameters, Tag, Target,
};
use moto_recorded::recording::Recording;
use moto_recorded::{BackendKind, LambdaHandler, Moto, moto_recorded};
use serde_json::{Value, json};

use crate::interop::{moto_server, replay_in_moto};
use crate::support::{events, iam, lambda, lambda_role, server, sns, sqs};

fn target(id: &str, arn: &str) -> Target {
    Target::builder().id(id).arn(arn).build().unwrap()
}

fn entry(source: &str, detail_type: &str, detail: Value) -> PutEventsRequestEntry {
    PutEventsRequestEntry::builder()
        .source(source)
        .detail_type(detail_type)
        .detail(detail.to_string())
        .build()
}

/// A queue's url and ARN.
async fn queue(client: &aws_sdk_sqs::Client, name: &str) -> (String, String) {
    let url = client
        .create_queue()
        .queue_name(name)
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    (url, format!("arn:aws:sqs:us-east-1:123456789012:{name}"))
}

/// The bodies of the messages waiting in the queue at `url`.
async fn bodies(client: &aws_sdk_sqs::Client, url: &str) -> Vec<String> {
    client
        .receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .send()
        .await
        .unwrap()
        .messages()
        .iter()
        .map(|message| message.body().unwrap().to_owned())
        .collect()
}

/// The target ARNs of the rule `order-placed` on the bus `orders`.
async fn order_targets(client: &aws_sdk_eventbridge::Client) -> Vec<String> {
    let targets = client
        .list_targets_by_rule()
        .rule("order-placed")
        .event_bus_name("orders")
        .send()
        .await
        .unwrap();
    targets
        .targets()
        .iter()
        .map(|target| target.arn().to_owned())
        .collect()
}

#[tokio::test]
async fn rules_on_a_bus_route_matching_events_to_queues() {
    let server = server();
    let client = events(&server);
    let sqs = sqs(&server);
    let (url, queue_arn) = queue(&sqs, "big-orders").await;
    let bus = client
        .create_event_bus()
        .name("orders")
        .tags(Tag::builder().key("team").value("shop").build().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        bus.event_bus_arn(),
        Some("arn:aws:events:us-east-1:123456789012:event-bus/orders")
    );
    let rule = client
        .put_rule()
        .name("big-orders")
        .event_bus_name("orders")
        .event_pattern(
            json!({"source": ["shop"], "detail": {"total": [{"numeric": [">=", 100]}]}})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        rule.rule_arn(),
        Some("arn:aws:events:us-east-1:123456789012:rule/orders/big-orders")
    );
    let transformer = InputTransformer::builder()
        .input_paths_map("order", "$.detail.order")
        .input_paths_map("total", "$.detail.total")
        .input_template(r#"{"order": <order>, "summary": "order <order> for <total>"}"#)
        .build()
        .unwrap();
    let put = client
        .put_targets()
        .rule("big-orders")
        .event_bus_name("orders")
        .targets(
            Target::builder()
                .id("queue")
                .arn(&queue_arn)
                .input_transformer(transformer)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(put.failed_entry_count(), 0);
    let sent = client
        .put_events()
        .entries(
            PutEventsRequestEntry::builder()
                .event_bus_name("orders")
                .source("shop")
                .detail_type("Order Placed")
                .detail(json!({"order": "o-1", "total": 250}).to_string())
                .build(),
        )
        .entries(
            PutEventsRequestEntry::builder()
                .event_bus_name("orders")
                .source("shop")
                .detail_type("Order Placed")
                .detail(json!({"order": "o-2", "total": 20}).to_string())
                .build(),
        )
        .entries(
            PutEventsRequestEntry::builder()
                .event_bus_name("orders")
                .detail_type("Order Placed")
                .detail("{}")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(sent.failed_entry_count(), 1);
    // Seed 42's first uuid: creating the queue drew none.
    assert_eq!(
        sent.entries()[0].event_id(),
        Some("54902dec-d766-4f09-9d2d-08f0f01c1be4")
    );
    assert_eq!(sent.entries()[2].error_code(), Some("InvalidArgument"));
    assert_eq!(
        bodies(&sqs, &url).await,
        [r#"{"order": "o-1", "summary": "order o-1 for 250"}"#]
    );
    let names = client
        .list_rule_names_by_target()
        .target_arn(&queue_arn)
        .event_bus_name("orders")
        .send()
        .await
        .unwrap();
    assert_eq!(names.rule_names(), ["big-orders"]);
}

#[tokio::test]
async fn malformed_patterns_and_missing_rules_are_typed_errors() {
    let server = server();
    let client = events(&server);
    let error = client
        .put_rule()
        .name("bad")
        .event_pattern(r#"{"source": "shop"}"#)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(error.is_invalid_event_pattern_exception());
    assert_eq!(
        error.message(),
        Some("Event pattern is not valid. Reason: 'source' must be an object or an array")
    );
    let error = client
        .describe_rule()
        .name("nope")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(error.is_resource_not_found_exception());
    assert_eq!(
        error.message(),
        Some("Rule nope does not exist on EventBus default.")
    );
    client
        .put_rule()
        .name("kept")
        .event_pattern(r#"{"source": ["shop"]}"#)
        .send()
        .await
        .unwrap();
    client
        .put_targets()
        .rule("kept")
        .targets(target("t", "arn:aws:sqs:us-east-1:123456789012:q"))
        .send()
        .await
        .unwrap();
    let error = client.delete_rule().name("kept").send().await.unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"));
    let tested = client
        .test_event_pattern()
        .event_pattern(r#"{"detail": {"state": [{"anything-but": "stopped"}]}}"#)
        .event(
            json!({
                "id": "1", "account": "123456789012", "source": "ec2",
                "time": "2024-01-01T00:00:00Z", "region": "us-east-1",
                "detail-type": "State", "resources": [], "detail": {"state": "running"}
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(tested.result());
}

#[tokio::test]
async fn lambda_targets_run_their_handler_with_the_event_envelope() {
    let server = server();
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let events_seen = Arc::clone(&seen);
    server.backend().register_lambda_handler(
        "on-order",
        LambdaHandler::new(move |event, _context| {
            events_seen.lock().unwrap().push(event);
            Ok(Value::Null)
        }),
    );
    lambda_role(&iam(&server), "lambda").await;
    crate::lambda::create(&lambda(&server), "on-order").await;
    let function = "arn:aws:lambda:us-east-1:123456789012:function:on-order";
    let client = events(&server);
    client
        .put_rule()
        .name("orders")
        .event_pattern(r#"{"source": [{"prefix": "shop."}]}"#)
        .send()
        .await
        .unwrap();
    client
        .put_targets()
        .rule("orders")
        .targets(target("fn", function))
        .send()
        .await
        .unwrap();
    let sent = client
        .put_events()
        .entries(entry(
            "shop.orders",
            "Order Placed",
            json!({"order": "o-1"}),
        ))
        .entries(entry("billing", "Invoice", json!({})))
        .send()
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0],
        json!({
            "version": "0",
            "id": sent.entries()[0].event_id().unwrap(),
            "detail-type": "Order Placed",
            "source": "shop.orders",
            "account": "123456789012",
            "time": "2024-01-01T00:00:00Z",
            "region": "us-east-1",
            "resources": [],
            "detail": {"order": "o-1"}
        })
    );
}

#[tokio::test]
async fn sns_targets_publish_to_their_topic_and_fifo_queues_get_the_group() {
    let server = server();
    let sqs = sqs(&server);
    let sns = sns(&server);
    let (url, queue_arn) = queue(&sqs, "from-topic").await;
    let topic = sns
        .create_topic()
        .name("orders")
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint(&queue_arn)
        .attributes("RawMessageDelivery", "true")
        .send()
        .await
        .unwrap();
    let fifo_url = sqs
        .create_queue()
        .queue_name("ordered.fifo")
        .attributes(aws_sdk_sqs::types::QueueAttributeName::FifoQueue, "true")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let client = events(&server);
    client
        .put_rule()
        .name("orders")
        .event_pattern(r#"{"detail-type": [{"equals-ignore-case": "order placed"}]}"#)
        .send()
        .await
        .unwrap();
    client
        .put_targets()
        .rule("orders")
        .targets(
            Target::builder()
                .id("topic")
                .arn(&topic)
                .input_path("$.detail")
                .build()
                .unwrap(),
        )
        .targets(
            Target::builder()
                .id("fifo")
                .arn("arn:aws:sqs:us-east-1:123456789012:ordered.fifo")
                .sqs_parameters(SqsParameters::builder().message_group_id("orders").build())
                .input("\"placed\"")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    client
        .put_events()
        .entries(entry("shop", "Order Placed", json!({"order": "o-7"})))
        .send()
        .await
        .unwrap();
    assert_eq!(bodies(&sqs, &url).await, [r#"{"order":"o-7"}"#]);
    let fifo = sqs
        .receive_message()
        .queue_url(&fifo_url)
        .message_system_attribute_names(
            aws_sdk_sqs::types::MessageSystemAttributeName::MessageGroupId,
        )
        .send()
        .await
        .unwrap();
    let message = &fifo.messages()[0];
    assert_eq!(message.body(), Some("\"placed\""));
    assert_eq!(
        message.attributes().unwrap()
            [&aws_sdk_sqs::types::MessageSystemAttributeName::MessageGroupId],
        "orders"
    );
}

#[moto_recorded(seed = 42, clock = "2024-01-01T00:00:00Z")]
#[tokio::test]
async fn scheduled_rules_fire_as_the_virtual_clock_passes_them(moto: &Moto) {
    let client = aws_sdk_eventbridge::Client::new(&moto.sdk_config());
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let (url, queue_arn) = queue(&sqs, "ticks").await;
    client
        .put_rule()
        .name("every-hour")
        .schedule_expression("rate(1 hour)")
        .send()
        .await
        .unwrap();
    client
        .put_targets()
        .rule("every-hour")
        .targets(target("queue", &queue_arn))
        .send()
        .await
        .unwrap();
    moto.advance_clock(Duration::from_secs(3 * 3600 + 60))
        .unwrap();
    let ticks: Vec<Value> = bodies(&sqs, &url)
        .await
        .iter()
        .map(|body| serde_json::from_str(body).unwrap())
        .collect();
    let times: Vec<&str> = ticks
        .iter()
        .map(|tick| tick["time"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2024-01-01T01:00:00Z",
            "2024-01-01T02:00:00Z",
            "2024-01-01T03:00:00Z"
        ]
    );
    assert_eq!(ticks[0]["detail-type"], "Scheduled Event");
    assert_eq!(
        ticks[0]["resources"],
        json!(["arn:aws:events:us-east-1:123456789012:rule/every-hour"])
    );
    let rule = client
        .describe_rule()
        .name("every-hour")
        .send()
        .await
        .unwrap();
    assert_eq!(rule.schedule_expression(), Some("rate(1 hour)"));
    assert_eq!(rule.state(), Some(&RuleState::Enabled));
}

#[moto_recorded(seed = 42, clock = "2024-01-05T08:00:00Z")]
#[tokio::test]
async fn cron_rules_fire_at_the_minutes_they_name(moto: &Moto) {
    let client = aws_sdk_eventbridge::Client::new(&moto.sdk_config());
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let (url, queue_arn) = queue(&sqs, "standups").await;
    // 09:00 UTC on weekdays; the clock runs from Friday 2024-01-05 08:00 to Tuesday 10:00.
    client
        .put_rule()
        .name("standup")
        .schedule_expression("cron(0 9 ? * MON-FRI *)")
        .send()
        .await
        .unwrap();
    client
        .put_targets()
        .rule("standup")
        .targets(target("queue", &queue_arn))
        .send()
        .await
        .unwrap();
    moto.advance_clock(Duration::from_secs(4 * 86_400 + 2 * 3_600))
        .unwrap();
    let times: Vec<String> = bodies(&sqs, &url)
        .await
        .iter()
        .map(|body| {
            let tick: Value = serde_json::from_str(body).unwrap();
            tick["time"].as_str().unwrap().to_owned()
        })
        .collect();
    // Friday, then Monday and Tuesday: the weekend passes without firing.
    assert_eq!(
        times,
        [
            "2024-01-05T09:00:00Z",
            "2024-01-08T09:00:00Z",
            "2024-01-09T09:00:00Z"
        ]
    );
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_rules() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/events_rules.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = events(&server);
    let rules = client
        .list_rules()
        .event_bus_name("orders")
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = rules
        .rules()
        .iter()
        .filter_map(|rule| rule.name())
        .collect();
    assert_eq!(names, ["order-placed", "Events-Archive-orders-archive"]);
    assert_eq!(
        order_targets(&client).await,
        ["arn:aws:sqs:us-east-1:123456789012:order-events"]
    );
    let nightly = client.describe_rule().name("nightly").send().await.unwrap();
    assert_eq!(nightly.state(), Some(&RuleState::Disabled));
    let archive = client
        .describe_archive()
        .archive_name("orders-archive")
        .send()
        .await
        .unwrap();
    assert_eq!(archive.event_count(), 1);
    // The replayed PutEvents reached the queue.
    let sqs = sqs(&server);
    let url = sqs
        .get_queue_url()
        .queue_name("order-events")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let delivered = bodies(&sqs, &url).await;
    let event: Value = serde_json::from_str(&delivered[0]).unwrap();
    assert_eq!(event["detail"], json!({"order": "o-1"}));
}

/// The recipe: a setup that wires order events from a bus to a queue.
async fn route_orders(moto: &Moto) {
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    sqs.create_queue()
        .queue_name("order-events")
        .send()
        .await
        .unwrap();
    let client = aws_sdk_eventbridge::Client::new(&moto.sdk_config());
    client
        .create_event_bus()
        .name("orders")
        .send()
        .await
        .unwrap();
    client
        .put_rule()
        .name("order-placed")
        .event_bus_name("orders")
        .event_pattern(r#"{"source": ["shop.orders"], "detail-type": ["Order Placed"]}"#)
        .send()
        .await
        .unwrap();
    client
        .put_targets()
        .rule("order-placed")
        .event_bus_name("orders")
        .targets(
            Target::builder()
                .id("queue")
                .arn("arn:aws:sqs:us-east-1:123456789012:order-events")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/events_orders.jsonl",
    setup = route_orders,
    clock = "2024-01-01T00:00:00Z"
)]
#[tokio::test]
async fn placed_orders_reach_the_fulfilment_queue(moto: &Moto) {
    let client = aws_sdk_eventbridge::Client::new(&moto.sdk_config());
    let sent = client
        .put_events()
        .entries(
            PutEventsRequestEntry::builder()
                .event_bus_name("orders")
                .source("shop.orders")
                .detail_type("Order Placed")
                .detail(r#"{"order": "o-1"}"#)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(sent.failed_entry_count(), 0);
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let url = sqs
        .get_queue_url()
        .queue_name("order-events")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let received = sqs.receive_message().queue_url(&url).send().await.unwrap();
    let event: Value = serde_json::from_str(received.messages()[0].body().unwrap()).unwrap();
    assert_eq!(event["source"], "shop.orders");
    assert_eq!(event["detail"]["order"], "o-1");
    if moto.backend_kind() == BackendKind::Embedded {
        assert_eq!(event["time"], "2024-01-01T00:00:00Z");
    }
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };
    replay_in_moto(&url, "events_orders.jsonl");
    let config = moto_recorded::aws::sdk_config(&url, "us-east-1");
    let client = aws_sdk_eventbridge::Client::new(&config);
    let rule = client
        .describe_rule()
        .name("order-placed")
        .event_bus_name("orders")
        .send()
        .await
        .unwrap();
    assert_eq!(
        rule.arn(),
        Some("arn:aws:events:us-east-1:123456789012:rule/orders/order-placed")
    );
    assert_eq!(
        order_targets(&client).await,
        ["arn:aws:sqs:us-east-1:123456789012:order-events"]
    );
}

#[moto_recorded(seed = 42, clock = "2024-01-01T00:00:00Z")]
#[tokio::test]
async fn the_state_view_lists_buses_rules_with_targets_and_archives(moto: &Moto) {
    let client = aws_sdk_eventbridge::Client::new(&moto.sdk_config());
    let bus = client
        .create_event_bus()
        .name("orders")
        .send()
        .await
        .unwrap();
    client
        .put_rule()
        .name("placed")
        .event_bus_name("orders")
        .event_pattern(r#"{"source": ["shop"]}"#)
        .send()
        .await
        .unwrap();
    client
        .put_targets()
        .rule("placed")
        .event_bus_name("orders")
        .targets(target("q", "arn:aws:sqs:us-east-1:123456789012:q"))
        .send()
        .await
        .unwrap();
    client
        .create_archive()
        .archive_name("kept")
        .event_source_arn(bus.event_bus_arn().unwrap())
        .send()
        .await
        .unwrap();
    let state = moto.state().unwrap();
    let events = &state["events"];
    let buses: Vec<&str> = events["EventBus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bus| bus["Name"].as_str().unwrap())
        .collect();
    assert_eq!(buses, ["default", "orders"]);
    let rule = &events["Rule"][0];
    assert_eq!(rule["Name"], "placed");
    assert_eq!(rule["Region"], "us-east-1");
    assert_eq!(
        rule["Targets"][0]["Arn"],
        "arn:aws:sqs:us-east-1:123456789012:q"
    );
    assert_eq!(events["Rule"][1]["Name"], "Events-Archive-kept");
    assert_eq!(events["Archive"][0]["ArchiveName"], "kept");
}
