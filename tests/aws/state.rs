//! The state, seen: `Moto::state()`, `GET /moto-api/data.json`, `GET
//! /moto-api/dashboard.json` and the page at `GET /moto-api/`.

use aws_sdk_dynamodb::types::ScalarAttributeType;
use aws_sdk_dynamodb::types::{AttributeDefinition, BillingMode, KeySchemaElement, KeyType};
use moto_recorded::server::Server;
use moto_recorded::{BackendKind, Moto, moto_recorded};
use serde_json::{Value, json};

use crate::support::{dynamodb_in, ec2_in, iam, s3, secretsmanager, server, sqs, ssm};

fn get(server: &Server, path: &str) -> (u16, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(format!("{}{path}", server.endpoint_url()))
        .call()
        .unwrap();
    let kind = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let status = response.status().as_u16();
    (status, kind, response.body_mut().read_to_string().unwrap())
}

/// A bucket with an object, a table, a queue, an instance and a secret.
async fn fill(server: &Server) -> String {
    let s3 = s3(server);
    s3.create_bucket().bucket("orders").send().await.unwrap();
    s3.put_object()
        .bucket("orders")
        .key("o-1.json")
        .content_type("application/json")
        .body(br#"{"total":42}"#.to_vec().into())
        .send()
        .await
        .unwrap();
    dynamodb_in(server, "eu-west-1")
        .create_table()
        .table_name("customers")
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap();
    sqs(server)
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap();
    secretsmanager(server)
        .create_secret()
        .name("db/password")
        .secret_string("hunter2")
        .send()
        .await
        .unwrap();
    ssm(server)
        .put_parameter()
        .name("/app/db-password")
        .value("hunter3")
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .send()
        .await
        .unwrap();
    let sns = aws_sdk_sns::Client::new(&crate::support::sdk_config(server, "us-east-1"));
    let topic = sns.create_topic().name("orders").send().await.unwrap();
    sns.subscribe()
        .topic_arn(topic.topic_arn().unwrap())
        .protocol("sqs")
        .endpoint("arn:aws:sqs:us-east-1:123456789012:jobs")
        .send()
        .await
        .unwrap();
    let kms = aws_sdk_kms::Client::new(&crate::support::sdk_config(server, "us-east-1"));
    let key = kms.create_key().description("cards").send().await.unwrap();
    let key_id = key.key_metadata().unwrap().key_id().to_owned();
    kms.create_alias()
        .alias_name("alias/cards")
        .target_key_id(&key_id)
        .send()
        .await
        .unwrap();
    let iam = iam(server);
    iam.create_user()
        .user_name("deployer")
        .send()
        .await
        .unwrap();
    iam.create_access_key()
        .user_name("deployer")
        .send()
        .await
        .unwrap();
    let ec2 = ec2_in(server, "us-east-1");
    let launched = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
    launched.instances()[0].instance_id().unwrap().to_owned()
}

#[tokio::test]
async fn data_json_shows_every_service_in_motos_shape() {
    let server = server();
    let instance = fill(&server).await;
    let (status, kind, body) = get(&server, "/moto-api/data.json");
    assert_eq!(status, 200);
    assert_eq!(kind, "application/json");
    let state: Value = serde_json::from_str(&body).unwrap();

    // Every emulated service has its key, as in Moto's data.json.
    for service in [
        "dynamodb",
        "ec2",
        "iam",
        "kms",
        "lambda",
        "s3",
        "secretsmanager",
        "sns",
        "sqs",
        "ssm",
        "sts",
    ] {
        assert!(state[service].is_object(), "{service}: {state}");
    }
    assert_eq!(
        state["s3"]["FakeBucket"],
        json!([{
            "Name": "orders",
            "Region": "us-east-1",
            "CreationDate": "2024-01-01T00:00:00Z",
            "ObjectCount": 1,
        }])
    );
    assert_eq!(
        state["s3"]["FakeKey"],
        json!([{
            "Bucket": "orders",
            "Key": "o-1.json",
            "Size": 12,
            "ETag": "\"c44a0186c7bb41045b77f53ceb050632\"",
            "LastModified": "2024-01-01T00:00:00Z",
            "ContentType": "application/json",
        }])
    );
    let table = &state["dynamodb"]["Table"][0];
    assert_eq!(table["TableName"], "customers");
    assert_eq!(table["Region"], "eu-west-1");
    assert_eq!(
        table["TableArn"],
        "arn:aws:dynamodb:eu-west-1:123456789012:table/customers"
    );
    assert_eq!(table["ItemCount"], 0);
    let queue = &state["sqs"]["Queue"][0];
    assert_eq!(queue["QueueName"], "jobs");
    assert_eq!(
        queue["QueueUrl"],
        format!("{}/123456789012/jobs", server.endpoint_url())
    );
    assert_eq!(queue["Attributes"]["VisibilityTimeout"], "30");
    let instances = state["ec2"]["Instance"].as_array().unwrap();
    assert_eq!(instances.len(), 1);
    assert_eq!(instances[0]["InstanceId"], instance.as_str());
    assert_eq!(instances[0]["ImageId"], "ami-12c6146b");
    assert_eq!(instances[0]["Region"], "us-east-1");
    // The default network of the region the instance ran in.
    assert_eq!(state["ec2"]["VPC"].as_array().unwrap().len(), 1);
    let secret = &state["secretsmanager"]["FakeSecret"][0];
    assert_eq!(secret["Name"], "db/password");
    assert!(!body.contains("hunter2"), "secret values stay out: {body}");
    assert_eq!(state["iam"]["User"][0]["UserName"], "deployer");
    let key = &state["iam"]["AccessKey"][0];
    assert_eq!(key["UserName"], "deployer");
    assert_eq!(key["Status"], "Active");
    assert!(key.get("SecretAccessKey").is_none(), "{key}");
    let parameter = &state["ssm"]["Parameter"][0];
    assert_eq!(parameter["Name"], "/app/db-password");
    assert_eq!(parameter["Type"], "SecureString");
    assert!(
        !body.contains("hunter3"),
        "parameter values stay out: {body}"
    );
    let topic = &state["sns"]["Topic"][0];
    assert_eq!(
        topic["TopicArn"],
        "arn:aws:sns:us-east-1:123456789012:orders"
    );
    assert_eq!(topic["Attributes"]["SubscriptionsConfirmed"], "1");
    let subscription = &state["sns"]["Subscription"][0];
    assert_eq!(subscription["Protocol"], "sqs");
    assert_eq!(subscription["Region"], "us-east-1");
    let key = &state["kms"]["Key"][0];
    assert_eq!(key["Description"], "cards");
    assert_eq!(key["KeySpec"], "SYMMETRIC_DEFAULT");
    assert_eq!(key["Region"], "us-east-1");
    let alias = &state["kms"]["Alias"][0];
    assert_eq!(alias["AliasName"], "alias/cards");
    assert_eq!(alias["TargetKeyId"], key["KeyId"]);
    assert_eq!(state["sts"], json!({}));
}

#[tokio::test]
async fn looking_at_the_state_draws_no_ids_and_records_nothing() {
    async fn second_instance(look: bool) -> (String, usize) {
        let server = server();
        server.backend().recorder().start();
        fill(&server).await;
        if look {
            for path in [
                "/moto-api/data.json",
                "/moto-api/dashboard.json",
                "/moto-api/",
            ] {
                assert_eq!(get(&server, path).0, 200, "{path}");
            }
        }
        let launched = ec2_in(&server, "us-east-1")
            .run_instances()
            .image_id("ami-12c6146b")
            .min_count(1)
            .max_count(1)
            .send()
            .await
            .unwrap();
        let recorded = server.backend().recorder().recording().unwrap().len();
        (
            launched.instances()[0].instance_id().unwrap().to_owned(),
            recorded,
        )
    }
    assert_eq!(second_instance(true).await, second_instance(false).await);
}

#[tokio::test]
async fn dashboard_json_shows_the_seed_the_clock_and_the_recording() {
    let server = server();
    server.backend().recorder().start();
    sqs(&server)
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap();
    let error = sqs(&server)
        .get_queue_url()
        .queue_name("missing")
        .send()
        .await;
    assert!(error.is_err());
    let (status, kind, body) = get(&server, "/moto-api/dashboard.json");
    assert_eq!((status, kind.as_str()), (200, "application/json"));
    let summary: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(summary["seed"], 42);
    assert_eq!(
        summary["clock"],
        json!({"now": "2024-01-01T00:00:00Z", "virtual": true})
    );
    assert_eq!(summary["recording"]["on"], true);
    let entries = summary["recording"]["entries"].as_array().unwrap();
    let seen: Vec<_> = entries
        .iter()
        .map(|entry| {
            (
                entry["line"].as_u64().unwrap(),
                entry["method"].as_str().unwrap(),
                entry["path"].as_str().unwrap(),
                entry["service"].as_str().unwrap(),
                entry["operation"].as_str().unwrap(),
                entry["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (1, "POST", "/", "sqs", "CreateQueue", 200),
            (2, "POST", "/", "sqs", "GetQueueUrl", 400),
        ]
    );
}

#[tokio::test]
async fn the_dashboard_page_is_served_whole_and_only_to_get() {
    let server = server();
    let (status, kind, page) = get(&server, "/moto-api/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("<title>moto-recorded</title>"));
    // Everything it needs is in the page or served beside it: no other host.
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "{page}"
    );
    for fetched in ["\"data.json\"", "\"dashboard.json\""] {
        assert!(page.contains(fetched), "{fetched}");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let posted = agent
        .post(format!("{}/moto-api/data.json", server.endpoint_url()))
        .send(&b""[..])
        .unwrap();
    assert_eq!(posted.status().as_u16(), 405);
}

async fn create_jobs_queue(moto: &Moto) {
    aws_sdk_sqs::Client::new(&moto.sdk_config())
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap();
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn a_test_reads_its_state(moto: &Moto) {
    create_jobs_queue(moto).await;
    let state = moto.state().unwrap();
    let queues = state["sqs"]["Queue"].as_array().unwrap();
    assert_eq!(queues.len(), 1);
    // On a Moto server, data.json is Moto's, with its own member names.
    let name = match moto.backend_kind() {
        BackendKind::MotoServer => "name",
        _ => "QueueName",
    };
    assert_eq!(queues[0][name], "jobs");
}
