//! SQS through aws-sdk-sqs (JSON protocol), and the query protocol over raw HTTP.

use std::time::Duration;

use aws_sdk_sqs::types::{
    MessageAttributeValue, MessageSystemAttributeName, QueueAttributeName,
    SendMessageBatchRequestEntry,
};
use moto_recorded::recording::Recording;

use crate::support::{fixture, replayed, server, sqs};

async fn create(client: &aws_sdk_sqs::Client, name: &str) -> String {
    client
        .create_queue()
        .queue_name(name)
        .send()
        .await
        .unwrap()
        .queue_url()
        .unwrap()
        .to_owned()
}

/// The first message id a backend seeded with 42 hands out.
const GOLDEN_MESSAGE_ID_SEED_42: &str = "54902dec-d766-4f09-9d2d-08f0f01c1be4";

#[tokio::test]
async fn messages_go_round_with_attributes_and_digests() {
    let server = server();
    let client = sqs(&server);
    let url = create(&client, "jobs").await;
    assert_eq!(url, format!("{}/123456789012/jobs", server.endpoint_url()));
    let sent = client
        .send_message()
        .queue_url(&url)
        .message_body("job-1")
        .message_attributes(
            "kind",
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value("build")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(sent.message_id(), Some(GOLDEN_MESSAGE_ID_SEED_42));
    assert_eq!(
        sent.md5_of_message_body(),
        Some("ac15a52e59f363d653442a598ffab484")
    );
    assert!(sent.md5_of_message_attributes().is_some());
    let received = client
        .receive_message()
        .queue_url(&url)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .message_attribute_names("All")
        .send()
        .await
        .unwrap();
    let message = &received.messages()[0];
    assert_eq!(message.body(), Some("job-1"));
    assert_eq!(
        message.attributes().unwrap()[&MessageSystemAttributeName::ApproximateReceiveCount],
        "1"
    );
    assert_eq!(
        message.attributes().unwrap()[&MessageSystemAttributeName::SentTimestamp],
        "1704067200000"
    );
    assert_eq!(
        message.message_attributes().unwrap()["kind"].string_value(),
        Some("build")
    );
    assert_eq!(
        message.md5_of_message_attributes(),
        sent.md5_of_message_attributes()
    );
    client
        .delete_message()
        .queue_url(&url)
        .receipt_handle(message.receipt_handle().unwrap())
        .send()
        .await
        .unwrap();
    let attributes = client
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .unwrap();
    let attributes = attributes.attributes().unwrap();
    assert_eq!(
        attributes[&QueueAttributeName::ApproximateNumberOfMessages],
        "0"
    );
    assert_eq!(
        attributes[&QueueAttributeName::QueueArn],
        "arn:aws:sqs:us-east-1:123456789012:jobs"
    );
    assert_eq!(attributes[&QueueAttributeName::VisibilityTimeout], "30");
}

#[tokio::test]
async fn visibility_and_delays_follow_the_virtual_clock() {
    let server = server();
    let client = sqs(&server);
    let url = create(&client, "work").await;
    client
        .send_message()
        .queue_url(&url)
        .message_body("now")
        .send()
        .await
        .unwrap();
    client
        .send_message()
        .queue_url(&url)
        .message_body("later")
        .delay_seconds(60)
        .send()
        .await
        .unwrap();
    let first = client
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .visibility_timeout(30)
        .send()
        .await
        .unwrap();
    assert_eq!(
        first.messages().len(),
        1,
        "the delayed message is not visible yet"
    );
    assert!(
        client
            .receive_message()
            .queue_url(&url)
            .send()
            .await
            .unwrap()
            .messages()
            .is_empty()
    );
    server
        .backend()
        .clock()
        .advance(Duration::from_secs(61))
        .unwrap();
    let again = client
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
        .send()
        .await
        .unwrap();
    let mut bodies: Vec<&str> = again.messages().iter().filter_map(|m| m.body()).collect();
    bodies.sort();
    assert_eq!(
        bodies,
        ["later", "now"],
        "visibility timeout expired and delay passed"
    );
    let handle = again.messages()[0].receipt_handle().unwrap();
    client
        .change_message_visibility()
        .queue_url(&url)
        .receipt_handle(handle)
        .visibility_timeout(0)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn fifo_queues_keep_group_order_and_deduplicate() {
    let server = server();
    let client = sqs(&server);
    let url = client
        .create_queue()
        .queue_name("orders.fifo")
        .attributes(QueueAttributeName::FifoQueue, "true")
        .attributes(QueueAttributeName::ContentBasedDeduplication, "true")
        .send()
        .await
        .unwrap()
        .queue_url()
        .unwrap()
        .to_owned();
    let mut ids = Vec::new();
    for body in ["a1", "a2", "a1"] {
        let sent = client
            .send_message()
            .queue_url(&url)
            .message_body(body)
            .message_group_id("a")
            .send()
            .await
            .unwrap();
        ids.push(sent.message_id().unwrap().to_owned());
    }
    assert_eq!(
        ids[0], ids[2],
        "a duplicate within five minutes keeps the first id"
    );
    let first = client
        .receive_message()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(first.messages()[0].body(), Some("a1"));
    let blocked = client
        .receive_message()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert!(
        blocked.messages().is_empty(),
        "the group waits while a1 is in flight"
    );
    client
        .delete_message()
        .queue_url(&url)
        .receipt_handle(first.messages()[0].receipt_handle().unwrap())
        .send()
        .await
        .unwrap();
    let second = client
        .receive_message()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(second.messages()[0].body(), Some("a2"));
    let error = client
        .send_message()
        .queue_url(&url)
        .message_body("x")
        .send()
        .await
        .unwrap_err();
    assert!(format!("{error:?}").contains("MessageGroupId"), "{error:?}");
}

#[tokio::test]
async fn batches_report_each_entry() {
    let server = server();
    let client = sqs(&server);
    let url = create(&client, "bulk").await;
    let entry = |id: &str, body: &str| {
        SendMessageBatchRequestEntry::builder()
            .id(id)
            .message_body(body)
            .build()
            .unwrap()
    };
    let sent = client
        .send_message_batch()
        .queue_url(&url)
        .entries(entry("one", "1"))
        .entries(entry("two", "2"))
        .entries(entry("empty", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.successful().len(), 2);
    assert_eq!(sent.failed()[0].id(), "empty");
    let duplicate = client
        .send_message_batch()
        .queue_url(&url)
        .entries(entry("x", "1"))
        .entries(entry("x", "2"))
        .send()
        .await
        .unwrap_err();
    assert!(
        duplicate
            .as_service_error()
            .is_some_and(|e| e.is_batch_entry_ids_not_distinct()),
        "{duplicate:?}"
    );
    client.purge_queue().queue_url(&url).send().await.unwrap();
    assert!(
        client
            .receive_message()
            .queue_url(&url)
            .send()
            .await
            .unwrap()
            .messages()
            .is_empty()
    );
}

async fn queue_arn(client: &aws_sdk_sqs::Client, url: &str) -> String {
    client
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes()
        .unwrap()[&QueueAttributeName::QueueArn]
        .clone()
}

#[tokio::test]
async fn dead_letters_are_listed_and_moved_back_to_their_source() {
    let server = server();
    let client = sqs(&server);
    let dead_letter_url = create(&client, "jobs-dlq").await;
    let dead_letter_arn = queue_arn(&client, &dead_letter_url).await;
    let policy = format!(r#"{{"deadLetterTargetArn":"{dead_letter_arn}","maxReceiveCount":1}}"#);
    let url = client
        .create_queue()
        .queue_name("jobs")
        .attributes(QueueAttributeName::RedrivePolicy, policy)
        .attributes(QueueAttributeName::VisibilityTimeout, "0")
        .send()
        .await
        .unwrap()
        .queue_url()
        .unwrap()
        .to_owned();
    let sources = client
        .list_dead_letter_source_queues()
        .queue_url(&dead_letter_url)
        .send()
        .await
        .unwrap();
    assert_eq!(sources.queue_urls(), std::slice::from_ref(&url));

    client
        .send_message()
        .queue_url(&url)
        .message_body("poison")
        .send()
        .await
        .unwrap();
    for _ in 0..2 {
        client
            .receive_message()
            .queue_url(&url)
            .send()
            .await
            .unwrap();
    }
    let task = client
        .start_message_move_task()
        .source_arn(&dead_letter_arn)
        .send()
        .await
        .unwrap();
    assert!(task.task_handle().is_some());
    let back = client
        .receive_message()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(back.messages()[0].body(), Some("poison"));
    let tasks = client
        .list_message_move_tasks()
        .source_arn(&dead_letter_arn)
        .send()
        .await
        .unwrap();
    let listed = &tasks.results()[0];
    assert_eq!(listed.status(), Some("COMPLETED"));
    assert_eq!(listed.approximate_number_of_messages_moved(), 1);
    assert_eq!(listed.started_timestamp(), 1_704_067_200_000);
    let cancelled = client
        .cancel_message_move_task()
        .task_handle(task.task_handle().unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(
        cancelled
            .as_service_error()
            .is_some_and(|e| e.is_resource_not_found_exception()),
        "a finished task cannot be cancelled: {cancelled:?}"
    );
}

#[tokio::test]
async fn permissions_become_the_queue_policy() {
    let server = server();
    let client = sqs(&server);
    let url = create(&client, "shared").await;
    client
        .add_permission()
        .queue_url(&url)
        .label("partner-send")
        .aws_account_ids("111122223333")
        .actions("SendMessage")
        .send()
        .await
        .unwrap();
    let attributes = client
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::Policy)
        .send()
        .await
        .unwrap();
    let policy = &attributes.attributes().unwrap()[&QueueAttributeName::Policy];
    assert!(
        policy.contains(r#""Sid":"partner-send","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"SQS:SendMessage""#),
        "{policy}"
    );
    client
        .remove_permission()
        .queue_url(&url)
        .label("partner-send")
        .send()
        .await
        .unwrap();
    let again = client
        .remove_permission()
        .queue_url(&url)
        .label("partner-send")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_sqs::error::ProvideErrorMetadata::code(&again),
        Some("InvalidParameterValue")
    );
    let tags = client
        .list_queue_tags()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().map(|tags| tags.len()), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polling_returns_when_a_message_arrives() {
    let server = server();
    let client = sqs(&server);
    let url = create(&client, "poll").await;
    let waiting = {
        let (client, url) = (client.clone(), url.clone());
        tokio::spawn(async move {
            client
                .receive_message()
                .queue_url(url)
                .wait_time_seconds(20)
                .send()
                .await
                .unwrap()
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    client
        .send_message()
        .queue_url(&url)
        .message_body("wake")
        .send()
        .await
        .unwrap();
    let received = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(received.messages()[0].body(), Some("wake"));
}

#[tokio::test]
async fn errors_are_typed() {
    let server = server();
    let client = sqs(&server);
    let error = client
        .get_queue_url()
        .queue_name("missing")
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_queue_does_not_exist()),
        "{error:?}"
    );
    let url = create(&client, "q").await;
    let error = client
        .delete_message()
        .queue_url(&url)
        .receipt_handle("bogus")
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_receipt_handle_is_invalid()),
        "{error:?}"
    );
    let queues = client
        .list_queues()
        .queue_name_prefix("q")
        .send()
        .await
        .unwrap();
    assert_eq!(queues.queue_urls().len(), 1);
    client
        .tag_queue()
        .queue_url(&url)
        .tags("team", "a")
        .send()
        .await
        .unwrap();
    assert_eq!(
        client
            .list_queue_tags()
            .queue_url(&url)
            .send()
            .await
            .unwrap()
            .tags()
            .unwrap()["team"],
        "a"
    );
}

#[tokio::test]
async fn the_query_protocol_is_spoken_too() {
    let server = server();
    let url = server.endpoint_url();
    let replies = tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let post = |form: &str| {
            let response = agent
                .post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("authorization", "AWS4-HMAC-SHA256 Credential=t/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0")
                .send(form.to_owned())
                .unwrap();
            (response.status().as_u16(), response.into_body().read_to_string().unwrap())
        };
        vec![
            post("Action=CreateQueue&QueueName=legacy&Version=2012-11-05"),
            post("Action=SendMessage&QueueUrl=http%3A%2F%2Flocalhost%3A5000%2F123456789012%2Flegacy&MessageBody=old+school&Version=2012-11-05"),
            post("Action=ReceiveMessage&QueueUrl=http%3A%2F%2Flocalhost%3A5000%2F123456789012%2Flegacy&AttributeName.1=All&Version=2012-11-05"),
            post("Action=GetQueueUrl&QueueName=nope&Version=2012-11-05"),
        ]
    })
    .await
    .unwrap();
    assert!(replies[0].1.contains("<CreateQueueResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><CreateQueueResult><QueueUrl>"), "{}", replies[0].1);
    assert!(
        replies[1].1.contains("<MD5OfMessageBody>"),
        "{}",
        replies[1].1
    );
    assert!(
        replies[2].1.contains("<Body>old school</Body>"),
        "{}",
        replies[2].1
    );
    assert!(
        replies[2]
            .1
            .contains("<Name>ApproximateReceiveCount</Name><Value>1</Value>"),
        "{}",
        replies[2].1
    );
    assert_eq!(replies[3].0, 400);
    assert!(
        replies[3]
            .1
            .contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"),
        "{}",
        replies[3].1
    );
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_queue() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/sqs_queue.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = sqs(&server);
    let url = client
        .get_queue_url()
        .queue_name("jobs")
        .send()
        .await
        .unwrap()
        .queue_url()
        .unwrap()
        .to_owned();
    let attributes = client
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .unwrap();
    let attributes = attributes.attributes().unwrap();
    assert_eq!(
        attributes[&QueueAttributeName::ApproximateNumberOfMessagesNotVisible],
        "1",
        "received while recording"
    );
}

#[tokio::test]
async fn a_recorded_session_replays_with_the_same_message_ids() {
    let recorded = server();
    let client = sqs(&recorded);
    recorded.backend().recorder().start();
    let url = create(&client, "jobs").await;
    let id = client
        .send_message()
        .queue_url(&url)
        .message_body("m")
        .send()
        .await
        .unwrap()
        .message_id()
        .unwrap()
        .to_owned();
    let fixture = fixture(&recorded);
    assert!(
        fixture.contains("http://localhost:5000/123456789012/jobs"),
        "{fixture}"
    );
    let fresh = replayed(&fixture);
    let client = sqs(&fresh);
    let url = client
        .get_queue_url()
        .queue_name("jobs")
        .send()
        .await
        .unwrap()
        .queue_url()
        .unwrap()
        .to_owned();
    let received = client
        .receive_message()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(received.messages()[0].message_id(), Some(id.as_str()));
}
