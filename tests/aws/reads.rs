//! Fixtures without reads: for every emulated service, a setup that mixes reads (some
//! whose answers feed later writes) with writes is recorded; the recording and the same
//! recording without its reads (what `#[moto_recorded]` writes unless `record_reads =
//! true`) are replayed into two fresh backends, which must then hold the same state and
//! give the same ids to what is created next.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{FunctionCode, Runtime};
use aws_sdk_sqs::types::QueueAttributeName;
use moto_recorded::recorder::reads::{is_read, operation_of, without_reads};
use moto_recorded::recording::Recording;
use moto_recorded::server::Server;

use crate::support::{self, server};

/// Records `setup` on a fresh backend; returns the full recording and the one without
/// reads, after checking that reads were left out and only reads.
async fn record<F: AsyncFnOnce(&Server)>(setup: F) -> (Recording, Recording) {
    let recording = server();
    recording.backend().recorder().start();
    setup(&recording).await;
    let full = support::recorded(&recording);
    let (filtered, dropped) = without_reads(&full);
    assert!(dropped > 0, "the setup made no read:\n{}", full.to_jsonl());
    assert_eq!(filtered.len() + dropped, full.len());
    let left_out: Vec<_> = full
        .entries()
        .iter()
        .filter(|entry| !filtered.entries().contains(entry))
        .collect();
    assert!(left_out.iter().all(|entry| is_read(entry)));
    (full, filtered)
}

/// The two recordings replayed into two fresh backends.
fn replay_both(full: &Recording, filtered: &Recording) -> (Server, Server) {
    (
        support::replayed(&full.to_jsonl()),
        support::replayed(&filtered.to_jsonl()),
    )
}

/// Checks that `recording` keeps none of `left_out` and all of `kept`.
fn assert_operations(recording: &Recording, left_out: &[&str], kept: &[&str]) {
    let operations = operations(recording);
    for operation in left_out {
        assert!(
            !operations.iter().any(|op| op == operation),
            "{operation}: {operations:?}"
        );
    }
    for operation in kept {
        assert!(
            operations.iter().any(|op| op == operation),
            "{operation}: {operations:?}"
        );
    }
}

/// The operations in `recording`, as the router names them.
fn operations(recording: &Recording) -> Vec<String> {
    recording
        .entries()
        .iter()
        .filter_map(|entry| operation_of(entry).map(|(_, operation)| operation))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_without_reads_replays_to_the_same_objects_and_version_ids() {
    let (full, filtered) = record(async |server: &Server| {
        let s3 = support::s3(server);
        s3.create_bucket().bucket("orders").send().await.unwrap();
        s3.head_bucket().bucket("orders").send().await.unwrap();
        s3.put_bucket_versioning()
            .bucket("orders")
            .versioning_configuration(
                aws_sdk_s3::types::VersioningConfiguration::builder()
                    .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        s3.put_object()
            .bucket("orders")
            .key("o-1.json")
            .body(b"{\"total\":42}".to_vec().into())
            .send()
            .await
            .unwrap();
        let listed = s3.list_objects_v2().bucket("orders").send().await.unwrap();
        let key = listed.contents()[0].key().unwrap().to_owned();
        s3.get_object()
            .bucket("orders")
            .key(&key)
            .send()
            .await
            .unwrap();
        s3.copy_object()
            .bucket("orders")
            .key("o-1-copy.json")
            .copy_source(format!("orders/{key}"))
            .send()
            .await
            .unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["HeadBucket", "ListObjectsV2", "GetObject"],
        &["CopyObject"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = async |server: &Server| {
        let s3 = support::s3(server);
        let versions = s3
            .list_object_versions()
            .bucket("orders")
            .send()
            .await
            .unwrap();
        let next = s3
            .put_object()
            .bucket("orders")
            .key("o-2.json")
            .body(b"2".to_vec().into())
            .send()
            .await
            .unwrap();
        format!("{:?} {:?}", versions.versions(), next.version_id())
    };
    assert_eq!(state(&a).await, state(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamodb_without_reads_replays_to_the_same_tables_items_and_table_ids() {
    let create = async |server: &Server, name: &str| {
        support::dynamodb_in(server, "us-east-1")
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
            .unwrap()
    };
    let (full, filtered) = record(async |server: &Server| {
        let dynamodb = support::dynamodb_in(server, "us-east-1");
        create(server, "orders").await;
        dynamodb
            .describe_table()
            .table_name("orders")
            .send()
            .await
            .unwrap();
        dynamodb
            .put_item()
            .table_name("orders")
            .item("id", AttributeValue::S("o-1".into()))
            .item("total", AttributeValue::N("42".into()))
            .send()
            .await
            .unwrap();
        dynamodb
            .get_item()
            .table_name("orders")
            .key("id", AttributeValue::S("o-1".into()))
            .send()
            .await
            .unwrap();
        dynamodb.list_tables().send().await.unwrap();
        dynamodb
            .update_item()
            .table_name("orders")
            .key("id", AttributeValue::S("o-1".into()))
            .update_expression("SET #t = :t")
            .expression_attribute_names("#t", "total")
            .expression_attribute_values(":t", AttributeValue::N("43".into()))
            .send()
            .await
            .unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["DescribeTable", "GetItem", "ListTables"],
        &["CreateTable", "PutItem", "UpdateItem"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = async |server: &Server| {
        let dynamodb = support::dynamodb_in(server, "us-east-1");
        let table = dynamodb
            .describe_table()
            .table_name("orders")
            .send()
            .await
            .unwrap();
        let items = dynamodb.scan().table_name("orders").send().await.unwrap();
        // Attributes sorted by name: the SDK's maps have no order of their own.
        let items: Vec<std::collections::BTreeMap<_, _>> = items
            .items()
            .iter()
            .map(|item| item.iter().collect())
            .collect();
        let next = create(server, "invoices").await;
        format!(
            "{:?} {:?} {:?}",
            table.table(),
            items,
            next.table_description().and_then(|table| table.table_id())
        )
    };
    assert_eq!(state(&a).await, state(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn sqs_without_reads_keeps_receive_message_and_replays_to_the_same_queue() {
    let (full, filtered) = record(async |server: &Server| {
        let sqs = support::sqs(server);
        sqs.create_queue().queue_name("jobs").send().await.unwrap();
        let url = sqs
            .get_queue_url()
            .queue_name("jobs")
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        sqs.send_message()
            .queue_url(&url)
            .message_body("build o-1")
            .send()
            .await
            .unwrap();
        sqs.send_message()
            .queue_url(&url)
            .message_body("build o-2")
            .send()
            .await
            .unwrap();
        sqs.get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::All)
            .send()
            .await
            .unwrap();
        // Changes state (the message is in flight): kept.
        sqs.receive_message().queue_url(&url).send().await.unwrap();
        sqs.list_queues().send().await.unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["GetQueueUrl", "GetQueueAttributes", "ListQueues"],
        &["CreateQueue", "SendMessage", "ReceiveMessage"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = async |server: &Server| {
        let sqs = support::sqs(server);
        let url = sqs
            .get_queue_url()
            .queue_name("jobs")
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        let attributes = sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .unwrap();
        let received = sqs.receive_message().queue_url(&url).send().await.unwrap();
        let next = sqs
            .send_message()
            .queue_url(&url)
            .message_body("3")
            .send()
            .await
            .unwrap();
        // Sorted by name: the SDK's maps have no order of their own.
        let attributes: Option<std::collections::BTreeMap<_, _>> = attributes
            .attributes()
            .map(|attributes| attributes.iter().collect());
        format!(
            "{:?} {:?} {:?}",
            attributes,
            received
                .messages()
                .iter()
                .map(|message| (
                    message.message_id(),
                    message.body(),
                    message.receipt_handle()
                ))
                .collect::<Vec<_>>(),
            next.message_id()
        )
    };
    let (state_a, state_b) = (state(&a).await, state(&b).await);
    assert!(
        state_a.contains("\"1\""),
        "one message stays in flight: {state_a}"
    );
    assert_eq!(state_a, state_b);
}

#[tokio::test(flavor = "multi_thread")]
async fn ec2_without_reads_replays_to_the_same_instances_and_ids() {
    let (full, filtered) = record(async |server: &Server| {
        let ec2 = support::ec2_in(server, "us-east-1");
        ec2.run_instances()
            .image_id("ami-12c6146b")
            .min_count(1)
            .max_count(1)
            .send()
            .await
            .unwrap();
        let described = ec2.describe_instances().send().await.unwrap();
        let id = described.reservations()[0].instances()[0]
            .instance_id()
            .unwrap()
            .to_owned();
        let vpcs = ec2.describe_vpcs().send().await.unwrap();
        let vpc = vpcs.vpcs()[0].vpc_id().unwrap().to_owned();
        ec2.create_tags()
            .resources(&id)
            .tags(
                aws_sdk_ec2::types::Tag::builder()
                    .key("role")
                    .value("web")
                    .build(),
            )
            .send()
            .await
            .unwrap();
        ec2.create_security_group()
            .group_name("web")
            .description("web")
            .vpc_id(vpc)
            .send()
            .await
            .unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["DescribeInstances", "DescribeVpcs"],
        &["RunInstances", "CreateTags", "CreateSecurityGroup"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = async |server: &Server| {
        let ec2 = support::ec2_in(server, "us-east-1");
        let instances = ec2.describe_instances().send().await.unwrap();
        let groups = ec2.describe_security_groups().send().await.unwrap();
        let next = ec2
            .run_instances()
            .image_id("ami-12c6146b")
            .min_count(1)
            .max_count(1)
            .send()
            .await
            .unwrap();
        format!(
            "{:?} {:?} {:?}",
            instances.reservations(),
            groups.security_groups(),
            next.instances()[0].instance_id()
        )
    };
    assert_eq!(state(&a).await, state(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn sts_without_reads_keeps_issued_credentials_and_replays_to_the_same_keys() {
    let (full, filtered) = record(async |server: &Server| {
        let sts = support::sts(server);
        sts.get_caller_identity().send().await.unwrap();
        sts.assume_role()
            .role_arn("arn:aws:iam::123456789012:role/app")
            .role_session_name("setup")
            .send()
            .await
            .unwrap();
        // Draws credentials from the seeded source: kept.
        sts.get_session_token().send().await.unwrap();
        sts.get_caller_identity().send().await.unwrap();
    })
    .await;
    assert_eq!(
        operations(&filtered),
        ["AssumeRole", "GetSessionToken"],
        "{}",
        filtered.to_jsonl()
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = async |server: &Server| {
        let next = support::sts(server)
            .assume_role()
            .role_arn("arn:aws:iam::123456789012:role/app")
            .role_session_name("body")
            .send()
            .await
            .unwrap();
        format!("{:?}", next.credentials().map(|c| c.access_key_id()))
    };
    assert_eq!(state(&a).await, state(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_without_reads_replays_to_the_same_functions_and_revision_ids() {
    let (full, filtered) = record(async |server: &Server| {
        let lambda = support::lambda(server);
        support::lambda_role(&support::iam(server), "lambda").await;
        let zip: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
        lambda
            .create_function()
            .function_name("resize")
            .runtime(Runtime::Providedal2023)
            .role("arn:aws:iam::123456789012:role/lambda")
            .handler("bootstrap")
            .code(FunctionCode::builder().zip_file(Blob::new(zip)).build())
            .send()
            .await
            .unwrap();
        lambda
            .get_function()
            .function_name("resize")
            .send()
            .await
            .unwrap();
        let version = lambda
            .publish_version()
            .function_name("resize")
            .send()
            .await
            .unwrap();
        lambda.list_functions().send().await.unwrap();
        lambda
            .create_alias()
            .function_name("resize")
            .name("live")
            .function_version(version.version().unwrap())
            .send()
            .await
            .unwrap();
        lambda
            .list_aliases()
            .function_name("resize")
            .send()
            .await
            .unwrap();
    })
    .await;
    assert_eq!(
        operations(&filtered),
        [
            "CreateRole",
            "CreateFunction",
            "PublishVersion",
            "CreateAlias"
        ],
        "{}",
        filtered.to_jsonl()
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = async |server: &Server| {
        let lambda = support::lambda(server);
        let function = lambda
            .get_function()
            .function_name("resize")
            .send()
            .await
            .unwrap();
        let aliases = lambda
            .list_aliases()
            .function_name("resize")
            .send()
            .await
            .unwrap();
        let next = lambda
            .create_event_source_mapping()
            .function_name("resize")
            .event_source_arn("arn:aws:sqs:us-east-1:123456789012:jobs")
            .send()
            .await
            .unwrap();
        format!(
            "{:?} {:?} {:?}",
            function.configuration(),
            aliases.aliases(),
            next.uuid()
        )
    };
    assert_eq!(state(&a).await, state(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn secretsmanager_without_reads_keeps_value_reads_and_replays_to_the_same_secrets() {
    let (full, filtered) = record(async |server: &Server| {
        let client = support::secretsmanager(server);
        client
            .create_secret()
            .name("db/password")
            .secret_string("hunter2")
            .client_request_token("00000000-0000-4000-8000-000000000001")
            .send()
            .await
            .unwrap();
        client
            .describe_secret()
            .secret_id("db/password")
            .send()
            .await
            .unwrap();
        // Marks the version accessed: kept.
        client
            .get_secret_value()
            .secret_id("db/password")
            .send()
            .await
            .unwrap();
        client.list_secrets().send().await.unwrap();
        // Draws from the seeded source: kept.
        client.get_random_password().send().await.unwrap();
        client
            .put_secret_value()
            .secret_id("db/password")
            .secret_string("correct horse")
            .client_request_token("00000000-0000-4000-8000-000000000002")
            .send()
            .await
            .unwrap();
    })
    .await;
    assert_eq!(
        operations(&filtered),
        [
            "CreateSecret",
            "GetSecretValue",
            "GetRandomPassword",
            "PutSecretValue"
        ]
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = async |server: &Server| {
        let client = support::secretsmanager(server);
        let described = client
            .describe_secret()
            .secret_id("db/password")
            .send()
            .await
            .unwrap();
        let next = client
            .create_secret()
            .name("api/key")
            .secret_string("k")
            .client_request_token("00000000-0000-4000-8000-000000000003")
            .send()
            .await
            .unwrap();
        // Request ids are left out: they come from a stream of their own, which every
        // request, read or not, moves on.
        format!(
            "{:?} {:?} {:?} {:?}",
            described.arn(),
            // A HashMap: sorted, so that the order of its keys does not count.
            described
                .version_ids_to_stages()
                .map(|stages| stages.iter().collect::<std::collections::BTreeMap<_, _>>()),
            described.last_accessed_date(),
            next.arn()
        )
    };
    assert_eq!(state(&a).await, state(&b).await);
}

/// The `service` part of both backends' state views, which must be equal.
fn same_state(a: &Server, b: &Server, service: &str) -> serde_json::Value {
    let origin = "http://localhost:5000";
    let state = a.backend().state(origin)[service].clone();
    assert_eq!(state, b.backend().state(origin)[service], "{service}");
    state
}

#[tokio::test(flavor = "multi_thread")]
async fn iam_without_reads_replays_to_the_same_identities_and_ids() {
    let (full, filtered) = record(async |server: &Server| {
        let iam = support::iam(server);
        iam.create_user()
            .user_name("deployer")
            .send()
            .await
            .unwrap();
        let user = iam.get_user().user_name("deployer").send().await.unwrap();
        let name = user.user().unwrap().user_name().to_owned();
        iam.create_access_key()
            .user_name(&name)
            .send()
            .await
            .unwrap();
        iam.list_access_keys()
            .user_name(&name)
            .send()
            .await
            .unwrap();
        iam.create_group()
            .group_name("deployers")
            .send()
            .await
            .unwrap();
        iam.add_user_to_group()
            .group_name("deployers")
            .user_name(&name)
            .send()
            .await
            .unwrap();
        iam.list_groups_for_user()
            .user_name(&name)
            .send()
            .await
            .unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["GetUser", "ListAccessKeys", "ListGroupsForUser"],
        &["CreateUser", "CreateAccessKey", "AddUserToGroup"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = same_state(&a, &b, "iam");
    assert_eq!(state["User"][0]["UserName"], "deployer");
    let next = async |server: &Server| {
        let created = support::iam(server)
            .create_role()
            .role_name("app")
            .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[]}"#)
            .send()
            .await
            .unwrap();
        created.role().unwrap().role_id().to_owned()
    };
    assert_eq!(next(&a).await, next(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn kms_without_reads_replays_to_the_same_keys_and_ciphertexts() {
    let (full, filtered) = record(async |server: &Server| {
        let kms = support::kms(server);
        let key = kms.create_key().description("cards").send().await.unwrap();
        let id = key.key_metadata().unwrap().key_id().to_owned();
        kms.describe_key().key_id(&id).send().await.unwrap();
        kms.create_alias()
            .alias_name("alias/cards")
            .target_key_id(&id)
            .send()
            .await
            .unwrap();
        kms.list_aliases().send().await.unwrap();
        kms.get_key_policy().key_id(&id).send().await.unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["DescribeKey", "ListAliases", "GetKeyPolicy"],
        &["CreateKey", "CreateAlias"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = same_state(&a, &b, "kms");
    assert_eq!(state["Alias"][0]["AliasName"], "alias/cards");
    let next = async |server: &Server| {
        let encrypted = support::kms(server)
            .encrypt()
            .key_id("alias/cards")
            .plaintext(aws_sdk_kms::primitives::Blob::new(b"4111".to_vec()))
            .send()
            .await
            .unwrap();
        encrypted.ciphertext_blob().unwrap().as_ref().to_vec()
    };
    assert_eq!(next(&a).await, next(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn ssm_without_reads_replays_to_the_same_parameters_and_versions() {
    let (full, filtered) = record(async |server: &Server| {
        let ssm = support::ssm(server);
        ssm.put_parameter()
            .name("/app/url")
            .value("https://one")
            .r#type(aws_sdk_ssm::types::ParameterType::String)
            .send()
            .await
            .unwrap();
        let got = ssm.get_parameter().name("/app/url").send().await.unwrap();
        let value = got.parameter().unwrap().value().unwrap().to_owned();
        ssm.put_parameter()
            .name("/app/url")
            .value(format!("{value}/two"))
            .overwrite(true)
            .send()
            .await
            .unwrap();
        ssm.get_parameters_by_path()
            .path("/app")
            .send()
            .await
            .unwrap();
        ssm.label_parameter_version()
            .name("/app/url")
            .parameter_version(1)
            .labels("first")
            .send()
            .await
            .unwrap();
        ssm.describe_parameters().send().await.unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["GetParameter", "GetParametersByPath", "DescribeParameters"],
        &["PutParameter", "LabelParameterVersion"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = same_state(&a, &b, "ssm");
    assert_eq!(state["Parameter"][0]["Version"], 2);
    let history = async |server: &Server| {
        let history = support::ssm(server)
            .get_parameter_history()
            .name("/app/url")
            .send()
            .await
            .unwrap();
        format!("{:?}", history.parameters())
    };
    assert_eq!(history(&a).await, history(&b).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn sns_without_reads_replays_to_the_same_topics_subscriptions_and_deliveries() {
    let (full, filtered) = record(async |server: &Server| {
        let sns = support::sns(server);
        let sqs = support::sqs(server);
        sqs.create_queue().queue_name("jobs").send().await.unwrap();
        let topic = sns.create_topic().name("orders").send().await.unwrap();
        let arn = topic.topic_arn().unwrap().to_owned();
        sns.get_topic_attributes()
            .topic_arn(&arn)
            .send()
            .await
            .unwrap();
        sns.subscribe()
            .topic_arn(&arn)
            .protocol("sqs")
            .endpoint("arn:aws:sqs:us-east-1:123456789012:jobs")
            .send()
            .await
            .unwrap();
        sns.list_subscriptions_by_topic()
            .topic_arn(&arn)
            .send()
            .await
            .unwrap();
        sns.publish()
            .topic_arn(&arn)
            .message("order o-1")
            .send()
            .await
            .unwrap();
    })
    .await;
    assert_operations(
        &filtered,
        &["GetTopicAttributes", "ListSubscriptionsByTopic"],
        &["CreateTopic", "Subscribe", "Publish"],
    );
    let (a, b) = replay_both(&full, &filtered);
    let state = same_state(&a, &b, "sns");
    assert_eq!(state["Subscription"][0]["Protocol"], "sqs");
    same_state(&a, &b, "sqs");
    assert_eq!(a.backend().sns_deliveries(), b.backend().sns_deliveries());
    let next = async |server: &Server| {
        let published = support::sns(server)
            .publish()
            .topic_arn("arn:aws:sns:us-east-1:123456789012:orders")
            .message("order o-2")
            .send()
            .await
            .unwrap();
        published.message_id().unwrap().to_owned()
    };
    assert_eq!(next(&a).await, next(&b).await);
}
