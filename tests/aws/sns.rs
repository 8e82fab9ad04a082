//! SNS through aws-sdk-sns: topics, subscriptions and delivery into SQS (aws-sdk-sqs)
//! and Lambda, with filter policies, raw and enveloped, standard and FIFO.

use std::sync::{Arc, Mutex};

use aws_sdk_sns::error::ProvideErrorMetadata as _;
use aws_sdk_sns::types::{MessageAttributeValue, PublishBatchRequestEntry, Tag};
use aws_sdk_sqs::types::MessageSystemAttributeName;
use moto_recorded::recording::Recording;
use moto_recorded::{LambdaHandler, Moto, moto_recorded};
use serde_json::Value;

use crate::support::{lambda, server, sns, sqs};

/// The smallest .zip archive (an empty one), a function's code.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

/// The first id a backend seeded with 42 draws.
const GOLDEN_UUID_SEED_42: &str = "54902dec-d766-4f09-9d2d-08f0f01c1be4";

fn text(value: &str) -> MessageAttributeValue {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .unwrap()
}

fn number(value: &str) -> MessageAttributeValue {
    MessageAttributeValue::builder()
        .data_type("Number")
        .string_value(value)
        .build()
        .unwrap()
}

/// Creates topic `name` (a standard topic): its ARN.
async fn topic(sns: &aws_sdk_sns::Client, name: &str) -> String {
    sns.create_topic()
        .name(name)
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap()
}

/// Creates queue `name` (FIFO when it ends in `.fifo`): its url and ARN.
async fn queue(sqs: &aws_sdk_sqs::Client, name: &str) -> (String, String) {
    let mut create = sqs.create_queue().queue_name(name);
    if name.ends_with(".fifo") {
        create = create.attributes(aws_sdk_sqs::types::QueueAttributeName::FifoQueue, "true");
    }
    let url = create.send().await.unwrap().queue_url.unwrap();
    (url, format!("arn:aws:sqs:us-east-1:123456789012:{name}"))
}

async fn bodies(sqs: &aws_sdk_sqs::Client, url: &str) -> Vec<aws_sdk_sqs::types::Message> {
    sqs.receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .message_attribute_names("All")
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .send()
        .await
        .unwrap()
        .messages()
        .to_vec()
}

#[tokio::test]
async fn sns_delivers_into_sqs_enveloped_raw_and_filtered() {
    let server = server();
    let (sns, sqs) = (sns(&server), sqs(&server));
    let topic = topic(&sns, "orders").await;
    assert_eq!(topic, "arn:aws:sns:us-east-1:123456789012:orders");
    let (all_url, all_arn) = queue(&sqs, "all-orders").await;
    let (big_url, big_arn) = queue(&sqs, "big-orders").await;
    let (eu_url, eu_arn) = queue(&sqs, "eu-orders").await;
    let subscribed = sns
        .subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint(&all_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        subscribed.subscription_arn(),
        Some(format!("{topic}:{GOLDEN_UUID_SEED_42}").as_str())
    );
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint(&big_arn)
        .attributes(
            "FilterPolicy",
            r#"{"total": [{"numeric": [">=", 100]}], "kind": [{"anything-but": "test"}]}"#,
        )
        .attributes("RawMessageDelivery", "true")
        .send()
        .await
        .unwrap();
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint(&eu_arn)
        .attributes("FilterPolicyScope", "MessageBody")
        .attributes(
            "FilterPolicy",
            r#"{"shipping": {"region": [{"prefix": "eu-"}]}}"#,
        )
        .send()
        .await
        .unwrap();

    for (body, total, kind) in [
        (
            r#"{"id": 1, "shipping": {"region": "eu-west-1"}}"#,
            "20",
            "order",
        ),
        (
            r#"{"id": 2, "shipping": {"region": "us-east-1"}}"#,
            "250",
            "order",
        ),
        (
            r#"{"id": 3, "shipping": {"region": "us-east-1"}}"#,
            "900",
            "test",
        ),
    ] {
        sns.publish()
            .topic_arn(&topic)
            .message(body)
            .subject("new order")
            .message_attributes("total", number(total))
            .message_attributes("kind", text(kind))
            .send()
            .await
            .unwrap();
    }

    let all = bodies(&sqs, &all_url).await;
    assert_eq!(all.len(), 3);
    let envelope: Value = serde_json::from_str(all[0].body().unwrap()).unwrap();
    assert_eq!(envelope["Type"], "Notification");
    assert_eq!(envelope["TopicArn"], topic.as_str());
    assert_eq!(envelope["Subject"], "new order");
    assert_eq!(
        envelope["Message"],
        r#"{"id": 1, "shipping": {"region": "eu-west-1"}}"#
    );
    assert_eq!(envelope["Timestamp"], "2024-01-01T00:00:00.000Z");
    assert_eq!(envelope["SignatureVersion"], "1");
    assert_eq!(envelope["MessageAttributes"]["total"]["Type"], "Number");
    assert_eq!(envelope["MessageAttributes"]["total"]["Value"], "20");
    assert!(
        envelope["SigningCertURL"]
            .as_str()
            .unwrap()
            .starts_with("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-")
    );

    let big = bodies(&sqs, &big_url).await;
    assert_eq!(big.len(), 1, "only the order of 250 that is not a test");
    assert_eq!(
        big[0].body(),
        Some(r#"{"id": 2, "shipping": {"region": "us-east-1"}}"#)
    );
    let attributes = big[0].message_attributes().unwrap();
    assert_eq!(attributes["total"].data_type(), "Number");
    assert_eq!(attributes["total"].string_value(), Some("250"));

    let eu = bodies(&sqs, &eu_url).await;
    assert_eq!(eu.len(), 1);
    let envelope: Value = serde_json::from_str(eu[0].body().unwrap()).unwrap();
    assert!(envelope["Message"].as_str().unwrap().contains("eu-west-1"));

    let invalid = sns
        .subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint(&all_arn)
        .attributes("FilterPolicy", r#"{"total": [{"numeric": ["<", "ten"]}]}"#)
        .send()
        .await
        .unwrap_err();
    assert_eq!(invalid.code(), Some("InvalidParameter"));
    assert_eq!(
        invalid.message(),
        Some("Invalid parameter: Attributes Reason: FilterPolicy: Value of < must be numeric")
    );
}

#[tokio::test]
async fn fifo_topics_deliver_in_order_to_fifo_queues_with_their_groups() {
    let server = server();
    let (sns, sqs) = (sns(&server), sqs(&server));
    let topic = sns
        .create_topic()
        .name("orders.fifo")
        .attributes("FifoTopic", "true")
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    let (url, arn) = queue(&sqs, "orders.fifo").await;
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint(&arn)
        .attributes("RawMessageDelivery", "true")
        .send()
        .await
        .unwrap();
    let missing_dedup = sns
        .publish()
        .topic_arn(&topic)
        .message("first")
        .message_group_id("customer-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing_dedup.code(), Some("InvalidParameter"));
    let mut sequence_numbers = Vec::new();
    for (message, dedup) in [("first", "d1"), ("second", "d2"), ("first again", "d1")] {
        let published = sns
            .publish()
            .topic_arn(&topic)
            .message(message)
            .message_group_id("customer-1")
            .message_deduplication_id(dedup)
            .send()
            .await
            .unwrap();
        sequence_numbers.push(published.sequence_number().unwrap().to_owned());
    }
    assert_eq!(
        sequence_numbers,
        [
            "10000000000000000001",
            "10000000000000000002",
            "10000000000000000003"
        ]
    );
    let received = bodies(&sqs, &url).await;
    let received: Vec<_> = received
        .iter()
        .filter_map(|message| message.body())
        .collect();
    assert_eq!(
        received,
        ["first", "second"],
        "in order, the repeated deduplication id dropped"
    );
    let group = bodies(&sqs, &url).await;
    assert!(
        group.is_empty(),
        "the group is blocked while its messages are in flight"
    );
    let batch = sns
        .publish_batch()
        .topic_arn(&topic)
        .publish_batch_request_entries(
            PublishBatchRequestEntry::builder()
                .id("ok")
                .message("third")
                .message_group_id("customer-2")
                .message_deduplication_id("d3")
                .build()
                .unwrap(),
        )
        .publish_batch_request_entries(
            PublishBatchRequestEntry::builder()
                .id("no-group")
                .message("fourth")
                .message_deduplication_id("d4")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(batch.successful().len(), 1);
    assert_eq!(batch.failed()[0].id(), "no-group");
    assert_eq!(batch.failed()[0].code(), "InvalidParameter");
}

#[tokio::test]
async fn lambda_subscribers_run_their_handler_with_the_sns_event() {
    let server = server();
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let events = Arc::clone(&seen);
    server.backend().register_lambda_handler(
        "on-order",
        LambdaHandler::new(move |event, _context| {
            events.lock().unwrap().push(event);
            Ok(Value::Null)
        }),
    );
    let role = crate::support::lambda_role(&crate::support::iam(&server), "on-order").await;
    let function = lambda(&server)
        .create_function()
        .function_name("on-order")
        .runtime(aws_sdk_lambda::types::Runtime::Providedal2023)
        .role(role)
        .handler("bootstrap")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(EMPTY_ZIP))
                .build(),
        )
        .send()
        .await
        .unwrap()
        .function_arn
        .unwrap();
    let sns = sns(&server);
    let topic = topic(&sns, "orders").await;
    let subscription = sns
        .subscribe()
        .topic_arn(&topic)
        .protocol("lambda")
        .endpoint(&function)
        .send()
        .await
        .unwrap()
        .subscription_arn
        .unwrap();
    let published = sns
        .publish()
        .topic_arn(&topic)
        .message("o-1 paid")
        .subject("paid")
        .message_attributes("kind", text("order"))
        .send()
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let record = &seen[0]["Records"][0];
    assert_eq!(record["EventSource"], "aws:sns");
    assert_eq!(record["EventSubscriptionArn"], subscription.as_str());
    assert_eq!(record["Sns"]["Type"], "Notification");
    assert_eq!(record["Sns"]["MessageId"], published.message_id().unwrap());
    assert_eq!(record["Sns"]["TopicArn"], topic.as_str());
    assert_eq!(record["Sns"]["Subject"], "paid");
    assert_eq!(record["Sns"]["Message"], "o-1 paid");
    assert_eq!(
        record["Sns"]["MessageAttributes"]["kind"],
        serde_json::json!({"Type": "String", "Value": "order"})
    );
}

#[tokio::test]
async fn http_and_email_subscriptions_wait_for_confirmation_and_are_recorded() {
    let server = server();
    let sns = sns(&server);
    let topic = topic(&sns, "alerts").await;
    let pending = sns
        .subscribe()
        .topic_arn(&topic)
        .protocol("https")
        .endpoint("https://hooks.example.com/alerts")
        .send()
        .await
        .unwrap();
    assert_eq!(pending.subscription_arn(), Some("pending confirmation"));
    let with_arn = sns
        .subscribe()
        .topic_arn(&topic)
        .protocol("email")
        .endpoint("ops@example.com")
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap();
    assert!(with_arn.subscription_arn().unwrap().starts_with(&topic));

    let deliveries = server.backend().sns_deliveries();
    assert_eq!(deliveries.len(), 2);
    assert_eq!(deliveries[0].message_type, "SubscriptionConfirmation");
    let confirmation: Value = serde_json::from_str(&deliveries[0].body).unwrap();
    let token = confirmation["Token"].as_str().unwrap();
    let confirmed = sns
        .confirm_subscription()
        .topic_arn(&topic)
        .token(token)
        .send()
        .await
        .unwrap()
        .subscription_arn
        .unwrap();
    sns.publish()
        .topic_arn(&topic)
        .message("disk full")
        .send()
        .await
        .unwrap();
    let deliveries = server.backend().sns_deliveries();
    assert_eq!(
        deliveries.len(),
        3,
        "the email subscription is still pending"
    );
    assert_eq!(deliveries[2].subscription_arn, confirmed);
    assert_eq!(deliveries[2].endpoint, "https://hooks.example.com/alerts");
    let envelope: Value = serde_json::from_str(&deliveries[2].body).unwrap();
    assert_eq!(envelope["Message"], "disk full");

    let listed = sns
        .list_subscriptions_by_topic()
        .topic_arn(&topic)
        .send()
        .await
        .unwrap();
    let arns: Vec<_> = listed
        .subscriptions()
        .iter()
        .filter_map(|subscription| subscription.subscription_arn())
        .collect();
    assert_eq!(arns, [confirmed.as_str(), "PendingConfirmation"]);
}

#[tokio::test]
async fn topics_page_tag_and_report_their_attributes() {
    let server = server();
    let sns = sns(&server);
    for index in 0..105 {
        sns.create_topic()
            .name(format!("topic-{index:03}"))
            .send()
            .await
            .unwrap();
    }
    let first = sns.list_topics().send().await.unwrap();
    assert_eq!(first.topics().len(), 100);
    let second = sns
        .list_topics()
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(second.topics().len(), 5);
    assert_eq!(second.next_token(), None);

    let topic = "arn:aws:sns:us-east-1:123456789012:topic-000";
    sns.tag_resource()
        .resource_arn(topic)
        .tags(Tag::builder().key("team").value("shop").build().unwrap())
        .send()
        .await
        .unwrap();
    let tags = sns
        .list_tags_for_resource()
        .resource_arn(topic)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags()[0].key(), "team");
    sns.set_topic_attributes()
        .topic_arn(topic)
        .attribute_name("DisplayName")
        .attribute_value("Shop")
        .send()
        .await
        .unwrap();
    let attributes = sns
        .get_topic_attributes()
        .topic_arn(topic)
        .send()
        .await
        .unwrap();
    let attributes = attributes.attributes().unwrap();
    assert_eq!(attributes["DisplayName"], "Shop");
    assert_eq!(attributes["Owner"], "123456789012");
    assert!(attributes["Policy"].contains("__default_policy_ID"));

    sns.delete_topic().topic_arn(topic).send().await.unwrap();
    let gone = sns
        .get_topic_attributes()
        .topic_arn(topic)
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("NotFound"));
    assert_eq!(gone.message(), Some("Topic does not exist"));
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_topic() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/sns_topic.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let sns = sns(&server);
    let topic = "arn:aws:sns:us-east-1:123456789012:orders";
    let attributes = sns
        .get_topic_attributes()
        .topic_arn(topic)
        .send()
        .await
        .unwrap();
    assert_eq!(attributes.attributes().unwrap()["DisplayName"], "Orders");
    let subscriptions = sns
        .list_subscriptions_by_topic()
        .topic_arn(topic)
        .send()
        .await
        .unwrap();
    assert_eq!(subscriptions.subscriptions().len(), 1);
    let tags = sns
        .list_tags_for_resource()
        .resource_arn(topic)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags()[0].value(), "shop");
    let sqs = sqs(&server);
    let url = sqs
        .get_queue_url()
        .queue_name("order-events")
        .send()
        .await
        .unwrap();
    let received = bodies(&sqs, url.queue_url().unwrap()).await;
    assert_eq!(received.len(), 1, "the message published while recording");
}

// The README's SNS recipe.

/// A topic whose big orders reach a queue, raw.
async fn route_big_orders(moto: &Moto) {
    let sns = aws_sdk_sns::Client::new(&moto.sdk_config());
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    let topic = sns
        .create_topic()
        .name("orders")
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    sqs.create_queue()
        .queue_name("big-orders")
        .send()
        .await
        .unwrap();
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("sqs")
        .endpoint("arn:aws:sqs:us-east-1:123456789012:big-orders")
        .attributes("FilterPolicy", r#"{"total": [{"numeric": [">=", 100]}]}"#)
        .attributes("RawMessageDelivery", "true")
        .send()
        .await
        .unwrap();
}

/// Publishes an order with its total as a Number attribute.
async fn publish_order(sns: &aws_sdk_sns::Client, order: &str, total: &str) {
    sns.publish()
        .topic_arn("arn:aws:sns:us-east-1:123456789012:orders")
        .message(order)
        .message_attributes("total", number(total))
        .send()
        .await
        .unwrap();
}

/// The orders waiting in the big-orders queue.
async fn big_orders(sqs: &aws_sdk_sqs::Client) -> Vec<String> {
    let url = sqs
        .get_queue_url()
        .queue_name("big-orders")
        .send()
        .await
        .unwrap();
    let received = sqs
        .receive_message()
        .queue_url(url.queue_url().unwrap())
        .max_number_of_messages(10)
        .send()
        .await
        .unwrap();
    received
        .messages()
        .iter()
        .filter_map(|message| message.body().map(str::to_owned))
        .collect()
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/sns_orders.jsonl", setup = route_big_orders)]
#[tokio::test]
async fn big_orders_reach_their_queue(moto: &Moto) {
    let sns = aws_sdk_sns::Client::new(&moto.sdk_config());
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
    for (order, total) in [("o-1", "20"), ("o-2", "250")] {
        publish_order(&sns, order, total).await;
    }
    assert_eq!(big_orders(&sqs).await, ["o-2"]);
    if let Ok(sent) = moto.sns_deliveries() {
        // Embedded backends keep what SNS sent, for endpoints no test can reach.
        assert_eq!(sent.len(), 1);
        assert_eq!(
            sent[0].endpoint,
            "arn:aws:sqs:us-east-1:123456789012:big-orders"
        );
    }
}

/// Uploads `tests/fixtures/sns_orders.jsonl` to a Moto server and has Moto replay it.
fn replay_in_moto(url: &str) {
    let post = |path: &str, body: &[u8]| {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent.post(format!("{url}{path}")).send(body).unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    };
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sns_orders.jsonl"
    ))
    .unwrap();
    assert_eq!(post("/moto-api/reset", b"").0, 200);
    let (status, body) = post("/moto-api/recorder/upload-recording", &text);
    assert_eq!(status, 200, "{body}");
    let (status, body) = post("/moto-api/recorder/replay-recording", b"");
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let config = moto_recorded::config::Config::global().unwrap();
    let Some(url) = config.moto_server.clone() else {
        assert!(!config.ci, "set MOTO_RECORDED_SERVER to a Moto server");
        eprintln!("skipped: set MOTO_RECORDED_SERVER to a Moto server");
        return;
    };
    replay_in_moto(&url);
    let sdk = moto_recorded::aws::sdk_config(&url, "us-east-1");
    let sns = aws_sdk_sns::Client::new(&sdk);
    let sqs = aws_sdk_sqs::Client::new(&sdk);
    let topic = "arn:aws:sns:us-east-1:123456789012:orders";
    let subscriptions = sns
        .list_subscriptions_by_topic()
        .topic_arn(topic)
        .send()
        .await
        .unwrap();
    let subscription = &subscriptions.subscriptions()[0];
    assert_eq!(subscription.protocol(), Some("sqs"));
    assert_eq!(
        subscription.endpoint(),
        Some("arn:aws:sqs:us-east-1:123456789012:big-orders")
    );
    let attributes = sns
        .get_subscription_attributes()
        .subscription_arn(subscription.subscription_arn().unwrap())
        .send()
        .await
        .unwrap();
    let attributes = attributes.attributes().unwrap();
    assert_eq!(attributes["RawMessageDelivery"], "true");
    assert_eq!(
        attributes["FilterPolicy"],
        r#"{"total": [{"numeric": [">=", 100]}]}"#
    );
    // Moto delivers into its own queue by the rebuilt filter policy too.
    publish_order(&sns, "o-3", "300").await;
    assert_eq!(big_orders(&sqs).await, ["o-3"]);
}
