//! DynamoDB through aws-sdk-dynamodb.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::ProvideErrorMetadata as _;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BackupStatus, BillingMode, DeleteRequest, Get,
    GlobalSecondaryIndex, KeySchemaElement, KeyType, PointInTimeRecoverySpecification, Projection,
    ProjectionType, ProvisionedThroughput, Put, PutRequest, ReturnConsumedCapacity,
    ScalarAttributeType, Select, StreamSpecification, StreamViewType, Tag, TimeToLiveSpecification,
    TransactGetItem, TransactWriteItem, WarmThroughput, WriteRequest,
};
use moto_recorded::recording::Recording;

use crate::support::{dynamodb_in, fixture, replayed, server};

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn n(value: &str) -> AttributeValue {
    AttributeValue::N(value.to_owned())
}

async fn create_orders(
    client: &aws_sdk_dynamodb::Client,
) -> aws_sdk_dynamodb::operation::create_table::CreateTableOutput {
    client
        .create_table()
        .table_name("orders")
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("order_id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("customer")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("order_id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("by_customer")
                .key_schema(
                    KeySchemaElement::builder()
                        .attribute_name("customer")
                        .key_type(KeyType::Hash)
                        .build()
                        .unwrap(),
                )
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap()
}

/// The TableId of the first table a backend seeded with 42 creates.
const GOLDEN_TABLE_ID_SEED_42: &str = "54902dec-d766-4f09-9d2d-08f0f01c1be4";

#[tokio::test]
async fn tables_have_real_arns_seeded_ids_and_clock_times() {
    let server = server();
    let client = dynamodb_in(&server, "eu-west-1");
    let created = create_orders(&client).await;
    let table = created.table_description().unwrap();
    assert_eq!(
        table.table_arn(),
        Some("arn:aws:dynamodb:eu-west-1:123456789012:table/orders")
    );
    assert_eq!(table.table_id(), Some(GOLDEN_TABLE_ID_SEED_42));
    assert_eq!(table.creation_date_time().unwrap().secs(), 1_704_067_200);
    let index_arn = table.global_secondary_indexes()[0].index_arn().unwrap();
    assert_eq!(
        index_arn,
        "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by_customer"
    );
    let described = client
        .describe_table()
        .table_name("orders")
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.table().unwrap().table_id(),
        Some(GOLDEN_TABLE_ID_SEED_42),
        "stable across reads"
    );
    assert_eq!(
        client.list_tables().send().await.unwrap().table_names(),
        ["orders"]
    );
}

#[tokio::test]
async fn the_same_calls_give_the_same_answers_in_a_fresh_backend() {
    let mut answers = Vec::new();
    for _ in 0..2 {
        let server = server();
        let client = dynamodb_in(&server, "us-east-1");
        create_orders(&client).await;
        client
            .describe_table()
            .table_name("orders")
            .send()
            .await
            .unwrap();
        let described = client
            .describe_table()
            .table_name("orders")
            .send()
            .await
            .unwrap();
        answers.push(format!("{:?}", described.table()));
    }
    assert_eq!(answers[0], answers[1]);
}

#[tokio::test]
async fn items_expressions_and_conditions() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    create_orders(&client).await;
    for (id, customer, total) in [
        ("o-1", "ann", "42"),
        ("o-2", "bob", "7"),
        ("o-3", "ann", "100"),
    ] {
        client
            .put_item()
            .table_name("orders")
            .item("order_id", s(id))
            .item("customer", s(customer))
            .item("total", n(total))
            .item("note", s("café ☕"))
            .send()
            .await
            .unwrap();
    }
    let item = client
        .get_item()
        .table_name("orders")
        .key("order_id", s("o-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(item.item().unwrap()["note"], s("café ☕"));
    let updated = client
        .update_item()
        .table_name("orders")
        .key("order_id", s("o-1"))
        // `total` is a reserved word in DynamoDB expressions.
        .update_expression("SET #t = #t + :inc")
        .expression_attribute_names("#t", "total")
        .expression_attribute_values(":inc", n("8"))
        .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.attributes().unwrap()["total"], n("50"));
    let anns = client
        .query()
        .table_name("orders")
        .index_name("by_customer")
        .key_condition_expression("customer = :c")
        .expression_attribute_values(":c", s("ann"))
        .send()
        .await
        .unwrap();
    assert_eq!(anns.count(), 2);
    let big = client
        .scan()
        .table_name("orders")
        .filter_expression("#t > :t")
        .expression_attribute_names("#t", "total")
        .expression_attribute_values(":t", n("45"))
        .send()
        .await
        .unwrap();
    assert_eq!(big.count(), 2);
    let error = client
        .put_item()
        .table_name("orders")
        .item("order_id", s("o-2"))
        .condition_expression("attribute_not_exists(order_id)")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ConditionalCheckFailedException"));
    client
        .delete_item()
        .table_name("orders")
        .key("order_id", s("o-2"))
        .send()
        .await
        .unwrap();
    let gone = client
        .get_item()
        .table_name("orders")
        .key("order_id", s("o-2"))
        .send()
        .await
        .unwrap();
    assert!(gone.item().is_none());
}

#[tokio::test]
async fn batches_transactions_ttl_and_tags() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    let arn = create_orders(&client)
        .await
        .table_description()
        .unwrap()
        .table_arn()
        .unwrap()
        .to_owned();
    let writes: Vec<WriteRequest> = (1..=3)
        .map(|i| {
            let item = HashMap::from([
                ("order_id".to_owned(), s(&format!("b-{i}"))),
                ("customer".to_owned(), s("cy")),
            ]);
            WriteRequest::builder()
                .put_request(PutRequest::builder().set_item(Some(item)).build().unwrap())
                .build()
        })
        .collect();
    client
        .batch_write_item()
        .request_items("orders", writes)
        .send()
        .await
        .unwrap();
    let put = Put::builder()
        .table_name("orders")
        .item("order_id", s("t-1"))
        .item("customer", s("dee"))
        .build()
        .unwrap();
    client
        .transact_write_items()
        .transact_items(TransactWriteItem::builder().put(put).build())
        .send()
        .await
        .unwrap();
    let all = client.scan().table_name("orders").send().await.unwrap();
    assert_eq!(all.count(), 4);
    client
        .update_time_to_live()
        .table_name("orders")
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name("expires")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let ttl = client
        .describe_time_to_live()
        .table_name("orders")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ttl.time_to_live_description().unwrap().attribute_name(),
        Some("expires")
    );
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(Tag::builder().key("team").value("a").build().unwrap())
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_of_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags()[0].key(), "team");
}

#[tokio::test]
async fn errors_carry_dynamodb_codes() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    let error = client
        .describe_table()
        .table_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    let url = server.endpoint_url();
    let (status, body) = tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let response = agent
            .post(&url)
            .header("x-amz-target", "DynamoDB_20120810.DescribeTable")
            .header("content-type", "application/x-amz-json-1.0")
            .header("authorization", "AWS4-HMAC-SHA256 Credential=t/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0")
            .send(r#"{"TableName": 5}"#)
            .unwrap();
        (response.status().as_u16(), response.into_body().read_to_string().unwrap())
    })
    .await
    .unwrap();
    assert_eq!(status, 400);
    assert!(
        body.contains("SerializationException")
            && body.contains("NUMBER_VALUE cannot be converted to String"),
        "{body}"
    );
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_table_and_item() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/dynamodb_table.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = dynamodb_in(&server, "us-east-1");
    let item = client
        .get_item()
        .table_name("orders")
        .key("order_id", s("o-1"))
        .send()
        .await
        .unwrap();
    let item = item.item().unwrap();
    assert_eq!(item["total"], n("42"));
    assert_eq!(item["note"], s("café ☕"));
}

#[tokio::test]
async fn a_recorded_setup_replays_with_the_same_table_id_and_items() {
    let recorded = server();
    let client = dynamodb_in(&recorded, "us-east-1");
    recorded.backend().recorder().start();
    let id = create_orders(&client)
        .await
        .table_description()
        .unwrap()
        .table_id()
        .unwrap()
        .to_owned();
    client
        .put_item()
        .table_name("orders")
        .item("order_id", s("o-1"))
        .item("customer", s("ann"))
        .send()
        .await
        .unwrap();
    let fresh = replayed(&fixture(&recorded));
    let client = dynamodb_in(&fresh, "us-east-1");
    let described = client
        .describe_table()
        .table_name("orders")
        .send()
        .await
        .unwrap();
    assert_eq!(described.table().unwrap().table_id(), Some(id.as_str()));
    let item = client
        .get_item()
        .table_name("orders")
        .key("order_id", s("o-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(item.item().unwrap()["customer"], s("ann"));
}

/// A table keyed by `id` alone, on demand.
async fn create_simple(client: &aws_sdk_dynamodb::Client, name: &str) {
    client
        .create_table()
        .table_name(name)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap();
}

fn put(item: &[(&str, AttributeValue)]) -> WriteRequest {
    let item = item
        .iter()
        .map(|(name, value)| ((*name).to_owned(), value.clone()))
        .collect();
    WriteRequest::builder()
        .put_request(PutRequest::builder().set_item(Some(item)).build().unwrap())
        .build()
}

/// The ARN of the first backup a backend seeded with 42 takes, of its first table, at
/// 2024-01-01T00:00:00Z.
const GOLDEN_BACKUP_ARN_SEED_42: &str =
    "arn:aws:dynamodb:us-east-1:123456789012:table/ledger/backup/01704067200000-a209dfd5";

#[tokio::test]
async fn backups_and_point_in_time_recovery() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    create_simple(&client, "ledger").await;
    let initial = client
        .describe_continuous_backups()
        .table_name("ledger")
        .send()
        .await
        .unwrap();
    let recovery = initial
        .continuous_backups_description()
        .unwrap()
        .point_in_time_recovery_description()
        .unwrap();
    assert_eq!(
        recovery.point_in_time_recovery_status().unwrap().as_str(),
        "DISABLED"
    );
    let enabled = client
        .update_continuous_backups()
        .table_name("ledger")
        .point_in_time_recovery_specification(
            PointInTimeRecoverySpecification::builder()
                .point_in_time_recovery_enabled(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let recovery = enabled
        .continuous_backups_description()
        .unwrap()
        .point_in_time_recovery_description()
        .unwrap();
    assert_eq!(
        recovery.point_in_time_recovery_status().unwrap().as_str(),
        "ENABLED"
    );
    assert_eq!(recovery.recovery_period_in_days(), Some(35));
    assert_eq!(
        recovery.earliest_restorable_date_time().unwrap().secs(),
        1_704_067_200,
        "the backend clock"
    );

    let created = client
        .create_backup()
        .table_name("ledger")
        .backup_name("nightly")
        .send()
        .await
        .unwrap();
    let details = created.backup_details().unwrap();
    assert_eq!(details.backup_arn(), GOLDEN_BACKUP_ARN_SEED_42);
    assert_eq!(details.backup_status(), &BackupStatus::Creating);
    let listed = client
        .list_backups()
        .table_name("ledger")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.backup_summaries().len(), 1);
    let summary = &listed.backup_summaries()[0];
    assert_eq!(summary.backup_arn(), Some(GOLDEN_BACKUP_ARN_SEED_42));
    assert_eq!(summary.table_id(), Some(GOLDEN_TABLE_ID_SEED_42));
    let described = client
        .describe_backup()
        .backup_arn(GOLDEN_BACKUP_ARN_SEED_42)
        .send()
        .await
        .unwrap();
    let description = described.backup_description().unwrap();
    assert_eq!(
        description.backup_details().unwrap().backup_status(),
        &BackupStatus::Available
    );
    assert_eq!(
        description.source_table_details().unwrap().table_name(),
        "ledger"
    );
    client
        .delete_backup()
        .backup_arn(GOLDEN_BACKUP_ARN_SEED_42)
        .send()
        .await
        .unwrap();
    let error = client
        .describe_backup()
        .backup_arn(GOLDEN_BACKUP_ARN_SEED_42)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("BackupNotFoundException"));
    let error = client
        .create_backup()
        .table_name("missing")
        .backup_name("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("TableNotFoundException"));
}

#[tokio::test]
async fn limits_and_endpoints() {
    let server = server();
    let client = dynamodb_in(&server, "eu-west-1");
    let limits = client.describe_limits().send().await.unwrap();
    assert_eq!(limits.account_max_read_capacity_units(), Some(80_000));
    assert_eq!(limits.table_max_write_capacity_units(), Some(40_000));
    let endpoints = client.describe_endpoints().send().await.unwrap();
    assert_eq!(
        endpoints.endpoints()[0].address(),
        "dynamodb.eu-west-1.amazonaws.com"
    );
    assert_eq!(endpoints.endpoints()[0].cache_period_in_minutes(), 1440);
}

#[tokio::test]
async fn table_descriptions_carry_what_dynamodb_reports() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    let created = create_orders(&client).await;
    let table = created.table_description().unwrap();
    assert_eq!(table.deletion_protection_enabled(), Some(false));
    assert!(
        table.warm_throughput().is_none(),
        "not in CreateTable's answer"
    );
    let described = client
        .describe_table()
        .table_name("orders")
        .send()
        .await
        .unwrap();
    let table = described.table().unwrap();
    let warm = table.warm_throughput().unwrap();
    assert_eq!(
        (warm.read_units_per_second(), warm.write_units_per_second()),
        (Some(12_000), Some(4_000))
    );
    let index_warm = table.global_secondary_indexes()[0]
        .warm_throughput()
        .unwrap();
    assert_eq!(index_warm.read_units_per_second(), Some(12_000));
    let billing = table.billing_mode_summary().unwrap();
    assert_eq!(billing.billing_mode(), Some(&BillingMode::PayPerRequest));
    assert_eq!(
        billing
            .last_update_to_pay_per_request_date_time()
            .unwrap()
            .secs(),
        1_704_067_200
    );
    assert!(table.local_secondary_indexes().is_empty());

    client
        .create_table()
        .table_name("users")
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .provisioned_throughput(
            ProvisionedThroughput::builder()
                .read_capacity_units(5)
                .write_capacity_units(5)
                .build()
                .unwrap(),
        )
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewImage)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let users = client
        .describe_table()
        .table_name("users")
        .send()
        .await
        .unwrap();
    let users = users.table().unwrap();
    assert!(
        users.billing_mode_summary().is_none(),
        "provisioned from the start"
    );
    let warm = users.warm_throughput().unwrap();
    assert_eq!(
        (warm.read_units_per_second(), warm.write_units_per_second()),
        (Some(5), Some(5))
    );
    assert_eq!(users.latest_stream_label(), Some("2024-01-01T00:00:00.000"));
    assert_eq!(
        users.latest_stream_arn(),
        Some("arn:aws:dynamodb:us-east-1:123456789012:table/users/stream/2024-01-01T00:00:00.000")
    );
    assert_eq!(
        client.list_tables().send().await.unwrap().table_names(),
        ["orders", "users"]
    );
}

#[tokio::test]
async fn list_tables_pages_in_name_order() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    for name in ["orders", "users", "Zeta", "alpha"] {
        create_simple(&client, name).await;
    }
    let first = client.list_tables().limit(2).send().await.unwrap();
    assert_eq!(first.table_names(), ["Zeta", "alpha"]);
    assert_eq!(first.last_evaluated_table_name(), Some("alpha"));
    let rest = client
        .list_tables()
        .exclusive_start_table_name("alpha")
        .send()
        .await
        .unwrap();
    assert_eq!(rest.table_names(), ["orders", "users"]);
    assert_eq!(rest.last_evaluated_table_name(), None);
}

#[tokio::test]
async fn parallel_scan_segments_partition_the_items() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    create_simple(&client, "things").await;
    let writes: Vec<WriteRequest> = (0..25)
        .map(|i| put(&[("id", s(&format!("item-{i}")))]))
        .collect();
    client
        .batch_write_item()
        .request_items("things", writes)
        .send()
        .await
        .unwrap();
    for total in [1, 2, 3, 4] {
        let mut seen = Vec::new();
        for segment in 0..total {
            let page = client
                .scan()
                .table_name("things")
                .segment(segment)
                .total_segments(total)
                .send()
                .await
                .unwrap();
            seen.extend(
                page.items()
                    .iter()
                    .map(|item| item["id"].as_s().unwrap().clone()),
            );
        }
        seen.sort();
        let mut expected: Vec<String> = (0..25).map(|i| format!("item-{i}")).collect();
        expected.sort();
        assert_eq!(seen, expected, "{total} segments: each item in exactly one");
    }
    let error = client
        .scan()
        .table_name("things")
        .segment(2)
        .total_segments(2)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ValidationException"));
}

#[tokio::test]
async fn consumed_capacity_is_reported_when_asked() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    create_simple(&client, "plain").await;
    create_orders(&client).await;
    let written = client
        .batch_write_item()
        .request_items(
            "plain",
            vec![
                put(&[("id", s("a"))]),
                put(&[("id", s("b"))]),
                put(&[("id", s("c"))]),
            ],
        )
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .unwrap();
    let capacity = &written.consumed_capacity()[0];
    assert_eq!(
        capacity.capacity_units(),
        Some(3.0),
        "one unit per write under 1 KB"
    );
    assert!(capacity.table().is_none(), "TOTAL gives the aggregate only");

    // A table with a global secondary index pays for the index's writes too.
    let written = client
        .batch_write_item()
        .request_items(
            "orders",
            vec![
                put(&[("order_id", s("o-1")), ("customer", s("ann"))]),
                put(&[("order_id", s("o-2")), ("customer", s("bob"))]),
            ],
        )
        .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
        .send()
        .await
        .unwrap();
    let capacity = &written.consumed_capacity()[0];
    assert_eq!(capacity.capacity_units(), Some(4.0));
    assert_eq!(capacity.table().unwrap().capacity_units(), Some(2.0));
    assert_eq!(
        capacity.global_secondary_indexes().unwrap()["by_customer"].capacity_units(),
        Some(2.0)
    );
    let deleted = client
        .batch_write_item()
        .request_items(
            "plain",
            vec![
                WriteRequest::builder()
                    .delete_request(DeleteRequest::builder().key("id", s("a")).build().unwrap())
                    .build(),
            ],
        )
        .send()
        .await
        .unwrap();
    assert!(deleted.consumed_capacity().is_empty(), "not asked for");

    let read = client
        .get_item()
        .table_name("plain")
        .key("id", s("b"))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send()
        .await
        .unwrap();
    assert_eq!(
        read.consumed_capacity().unwrap().capacity_units(),
        Some(0.5)
    );
    let by_index = client
        .query()
        .table_name("orders")
        .index_name("by_customer")
        .key_condition_expression("customer = :c")
        .expression_attribute_values(":c", s("ann"))
        .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
        .send()
        .await
        .unwrap();
    let capacity = by_index.consumed_capacity().unwrap();
    assert_eq!(capacity.table().unwrap().capacity_units(), Some(0.0));
    assert_eq!(
        capacity.global_secondary_indexes().unwrap()["by_customer"].capacity_units(),
        Some(0.5)
    );
    let counted = client
        .scan()
        .table_name("plain")
        .select(Select::Count)
        .send()
        .await
        .unwrap();
    assert!(counted.consumed_capacity().is_none(), "not asked for");
}

#[tokio::test]
async fn values_read_back_as_dynamodb_stores_them() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    create_simple(&client, "things").await;
    client
        .put_item()
        .table_name("things")
        .item("id", s("t-1"))
        .item("big", n("1e3"))
        .item("negative", n("-0.0"))
        .item("price", n("1.50"))
        .item(
            "words",
            AttributeValue::Ss(vec!["pear".into(), "apple".into(), "fig".into()]),
        )
        .item(
            "numbers",
            AttributeValue::Ns(vec!["10".into(), "2".into(), "3.50".into()]),
        )
        .item("secret", s("x"))
        .send()
        .await
        .unwrap();
    let item = client
        .get_item()
        .table_name("things")
        .key("id", s("t-1"))
        .send()
        .await
        .unwrap();
    let item = item.item().unwrap();
    assert_eq!(item["big"], n("1000"));
    assert_eq!(item["negative"], n("0"));
    assert_eq!(item["price"], n("1.5"));
    assert_eq!(
        item["words"],
        AttributeValue::Ss(vec!["apple".into(), "fig".into(), "pear".into()])
    );
    assert_eq!(
        item["numbers"],
        AttributeValue::Ns(vec!["2".into(), "3.5".into(), "10".into()])
    );
    let projected = client
        .transact_get_items()
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("things")
                        .key("id", s("t-1"))
                        .projection_expression("price")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let item = projected.responses()[0].item().unwrap();
    let mut names: Vec<&String> = item.keys().collect();
    names.sort();
    // The projection applies; a transaction's read carries the item's key with it.
    assert_eq!(names, ["id", "price"]);
}

#[tokio::test]
async fn tags_of_a_missing_table_are_not_found() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    let missing = "arn:aws:dynamodb:us-east-1:123456789012:table/missing";
    let error = client
        .list_tags_of_resource()
        .resource_arn(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(
        error.message(),
        Some(format!("Requested resource not found: ResourcArn: {missing} not found").as_str())
    );
}

#[tokio::test]
async fn pre_warming_and_switching_to_provisioned_capacity() {
    let server = server();
    let client = dynamodb_in(&server, "us-east-1");
    let created = client
        .create_table()
        .table_name("events")
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .warm_throughput(
            WarmThroughput::builder()
                .read_units_per_second(15_000)
                .write_units_per_second(5_000)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let warm = created
        .table_description()
        .unwrap()
        .warm_throughput()
        .unwrap();
    assert_eq!(warm.read_units_per_second(), Some(15_000));
    assert_eq!(warm.status().unwrap().as_str(), "UPDATING", "asked for");
    client
        .update_table()
        .table_name("events")
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(
            ProvisionedThroughput::builder()
                .read_capacity_units(3)
                .write_capacity_units(3)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let described = client
        .describe_table()
        .table_name("events")
        .send()
        .await
        .unwrap();
    let table = described.table().unwrap();
    let billing = table.billing_mode_summary().unwrap();
    assert_eq!(billing.billing_mode(), Some(&BillingMode::Provisioned));
    assert_eq!(
        billing
            .last_update_to_pay_per_request_date_time()
            .unwrap()
            .secs(),
        1_704_067_200,
        "when it was on demand last"
    );
    let warm = table.warm_throughput().unwrap();
    assert_eq!(
        (warm.read_units_per_second(), warm.write_units_per_second()),
        (Some(15_000), Some(5_000)),
        "warm throughput never falls"
    );
    assert_eq!(warm.status().unwrap().as_str(), "ACTIVE");
}
