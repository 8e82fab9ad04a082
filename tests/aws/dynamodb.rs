//! DynamoDB through aws-sdk-dynamodb.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::ProvideErrorMetadata as _;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, Put, PutRequest, ScalarAttributeType, Tag,
    TimeToLiveSpecification, TransactWriteItem, WriteRequest,
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
