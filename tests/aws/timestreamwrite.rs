//! Timestream Write through aws-sdk-timestreamwrite: the awsJson 1.0 protocol end to end,
//! with and without endpoint discovery.

use std::time::{Duration, SystemTime};

use aws_sdk_timestreamwrite::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_timestreamwrite::config::{AsyncSleep, ConfigBag, Intercept, RuntimeComponents, Sleep};
use aws_sdk_timestreamwrite::error::BoxError;
use aws_sdk_timestreamwrite::error::ProvideErrorMetadata as _;
use aws_sdk_timestreamwrite::operation::write_records::WriteRecordsError;
use aws_sdk_timestreamwrite::types::{
    Dimension, MagneticStoreWriteProperties, MeasureValue, MeasureValueType, Record,
    RetentionProperties, TableStatus, Tag, TimeUnit,
};
use aws_types::sdk_config::TimeSource;
use moto_recorded::recording::Recording;
use moto_recorded::{BackendKind, Moto, moto_recorded};

use crate::interop::{moto_server, replay_in_moto};
use crate::support::{sdk_config, server, timestreamwrite};

/// The virtual clock's start (2024-01-01T00:00:00Z), in milliseconds since the epoch.
const NOW_MS: i64 = 1_704_067_200_000;

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

fn dimension(name: &str, value: &str) -> Dimension {
    Dimension::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

fn retention(hours: i64, days: i64) -> RetentionProperties {
    RetentionProperties::builder()
        .memory_store_retention_period_in_hours(hours)
        .magnetic_store_retention_period_in_days(days)
        .build()
        .unwrap()
}

/// A DOUBLE `usage` record of host `web-1` at `time_ms`.
fn usage(time_ms: i64, value: &str) -> Record {
    usage_builder(time_ms, value).build()
}

fn usage_builder(
    time_ms: i64,
    value: &str,
) -> aws_sdk_timestreamwrite::types::builders::RecordBuilder {
    Record::builder()
        .dimensions(dimension("host", "web-1"))
        .measure_name("usage")
        .measure_value(value)
        .measure_value_type(MeasureValueType::Double)
        .time(time_ms.to_string())
}

/// The tags of `arn`, as key and value pairs.
async fn tags_of(client: &aws_sdk_timestreamwrite::Client, arn: &str) -> Vec<(String, String)> {
    let answer = client
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap();
    answer
        .tags()
        .iter()
        .map(|tag| (tag.key().to_owned(), tag.value().to_owned()))
        .collect()
}

/// The table `name` of the database `telemetry`, described.
async fn telemetry_table(
    client: &aws_sdk_timestreamwrite::Client,
    name: &str,
) -> aws_sdk_timestreamwrite::types::Table {
    let answer = client
        .describe_table()
        .database_name("telemetry")
        .table_name(name)
        .send()
        .await
        .unwrap();
    answer.table().unwrap().clone()
}

/// Creates the database `telemetry` and its table `cpu`, with AWS's defaults.
async fn create_telemetry(client: &aws_sdk_timestreamwrite::Client) {
    client
        .create_database()
        .database_name("telemetry")
        .send()
        .await
        .unwrap();
    client
        .create_table()
        .database_name("telemetry")
        .table_name("cpu")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn databases_tables_and_tags() {
    let server = server();
    let client = timestreamwrite(&server);
    let created = client
        .create_database()
        .database_name("telemetry")
        .tags(tag("team", "ops"))
        .send()
        .await
        .unwrap();
    let database = created.database().unwrap();
    assert_eq!(
        database.arn(),
        Some("arn:aws:timestream:us-east-1:123456789012:database/telemetry")
    );
    assert_eq!(
        database.kms_key_id(),
        Some("arn:aws:kms:us-east-1:123456789012:key/54902dec-d766-4f09-9d2d-08f0f01c1be4")
    );
    assert_eq!(database.creation_time().unwrap().secs(), 1_704_067_200);
    let again = client
        .create_database()
        .database_name("telemetry")
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("ConflictException"));

    for name in ["cpu", "disk", "net"] {
        client
            .create_table()
            .database_name("telemetry")
            .table_name(name)
            .retention_properties(retention(24, 365))
            .send()
            .await
            .unwrap();
    }
    let out_of_range = client
        .create_table()
        .database_name("telemetry")
        .table_name("bad")
        .retention_properties(retention(0, 365))
        .send()
        .await
        .unwrap_err();
    assert_eq!(out_of_range.code(), Some("ValidationException"));

    let first = client
        .list_tables()
        .database_name("telemetry")
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.tables().len(), 2);
    let rest = client
        .list_tables()
        .database_name("telemetry")
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tables()[0].table_name(), Some("net"));
    assert!(rest.next_token().is_none());

    let described = client
        .describe_database()
        .database_name("telemetry")
        .send()
        .await
        .unwrap();
    assert_eq!(described.database().unwrap().table_count(), 3);
    let refused = client
        .delete_database()
        .database_name("telemetry")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("ValidationException"));

    let updated = client
        .update_table()
        .database_name("telemetry")
        .table_name("cpu")
        .magnetic_store_write_properties(
            MagneticStoreWriteProperties::builder()
                .enable_magnetic_store_writes(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let table = updated.table().unwrap();
    assert_eq!(
        table
            .retention_properties()
            .unwrap()
            .memory_store_retention_period_in_hours(),
        24
    );
    assert!(
        table
            .magnetic_store_write_properties()
            .unwrap()
            .enable_magnetic_store_writes()
    );

    let arn = database.arn().unwrap();
    client
        .untag_resource()
        .resource_arn(arn)
        .tag_keys("team")
        .send()
        .await
        .unwrap();
    client
        .tag_resource()
        .resource_arn(arn)
        .tags(tag("env", "test"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags_of(&client, arn).await,
        [("env".to_owned(), "test".to_owned())]
    );
}

#[tokio::test]
async fn records_are_upserted_by_version_and_rejections_say_why() {
    let server = server();
    let client = timestreamwrite(&server);
    create_telemetry(&client).await;
    let common = Record::builder()
        .dimensions(dimension("region", "eu-west-1"))
        .time_unit(TimeUnit::Seconds)
        .time((NOW_MS / 1000).to_string())
        .build();
    let multi = Record::builder()
        .measure_name("load")
        .measure_value_type(MeasureValueType::Multi)
        .measure_values(
            MeasureValue::builder()
                .name("avg")
                .value("0.5")
                .r#type(MeasureValueType::Double)
                .build()
                .unwrap(),
        )
        .measure_values(
            MeasureValue::builder()
                .name("up")
                .value("true")
                .r#type(MeasureValueType::Boolean)
                .build()
                .unwrap(),
        )
        .build();
    let written = client
        .write_records()
        .database_name("telemetry")
        .table_name("cpu")
        .common_attributes(common)
        .records(multi)
        .records(
            Record::builder()
                .measure_name("requests")
                .measure_value("12")
                .measure_value_type(MeasureValueType::Bigint)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let ingested = written.records_ingested().unwrap();
    assert_eq!(
        (
            ingested.total(),
            ingested.memory_store(),
            ingested.magnetic_store()
        ),
        (2, 2, 0)
    );

    let write = |records: Vec<Record>| {
        client
            .write_records()
            .database_name("telemetry")
            .table_name("cpu")
            .set_records(Some(records))
            .send()
    };
    write(vec![usage(NOW_MS, "1.5")]).await.unwrap();
    let error = write(vec![
        usage(NOW_MS - 2 * 86_400_000, "1.5"),
        usage(NOW_MS, "2.5"),
        usage(NOW_MS - 60_000, "3.5"),
    ])
    .await
    .unwrap_err()
    .into_service_error();
    let WriteRecordsError::RejectedRecordsException(rejected) = error else {
        panic!("{error:?}");
    };
    let reasons: Vec<(i32, Option<i64>)> = rejected
        .rejected_records()
        .iter()
        .map(|record| (record.record_index(), record.existing_version()))
        .collect();
    assert_eq!(reasons, [(0, None), (1, Some(1))]);
    assert!(
        rejected.rejected_records()[0]
            .reason()
            .unwrap()
            .contains("outside the time range"),
        "{rejected:?}"
    );
    let replaced = write(vec![usage_builder(NOW_MS, "2.5").version(2).build()])
        .await
        .unwrap();
    assert_eq!(replaced.records_ingested().unwrap().total(), 1);
}

/// Tokio's timer, which endpoint discovery needs to refresh the endpoint.
#[derive(Debug)]
struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Sleep::new(tokio::time::sleep(duration))
    }
}

/// The wall clock, which endpoint discovery needs to expire the endpoint.
#[derive(Debug)]
struct WallClock;

impl TimeSource for WallClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Sends discovered endpoints over plain HTTP: the SDK writes `https://` before every
/// address DescribeEndpoints answers, and a loopback server has no TLS.
#[derive(Debug)]
struct PlainHttp;

impl Intercept for PlainHttp {
    fn name(&self) -> &'static str {
        "PlainHttp"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        if let Some(address) = request.uri().strip_prefix("https://") {
            let plain = format!("http://{address}");
            request.set_uri(plain)?;
        }
        Ok(())
    }
}

#[tokio::test]
async fn endpoint_discovery_leads_the_sdk_back_to_the_server() {
    let server = server();
    let config = aws_sdk_timestreamwrite::config::Builder::from(&sdk_config(&server, "us-east-1"))
        .sleep_impl(TokioSleep)
        .time_source(WallClock)
        .interceptor(PlainHttp)
        .build();
    let (client, reloader) = aws_sdk_timestreamwrite::Client::from_conf(config)
        .with_endpoint_discovery_enabled()
        .await
        .unwrap();
    let endpoints = timestreamwrite(&server)
        .describe_endpoints()
        .send()
        .await
        .unwrap();
    let address = server.endpoint_url().replace("http://", "");
    assert_eq!(endpoints.endpoints()[0].address(), address);
    assert_eq!(endpoints.endpoints()[0].cache_period_in_minutes(), 1_440);
    // Every request of the discovering client goes to the discovered address.
    create_telemetry(&client).await;
    let table = telemetry_table(&client, "cpu").await;
    assert_eq!(table.table_status(), Some(&TableStatus::Active));
    drop(reloader);
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_tables() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/timestreamwrite_metrics.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = timestreamwrite(&server);
    let tables = client
        .list_tables()
        .database_name("telemetry")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = tables
        .tables()
        .iter()
        .filter_map(|table| table.table_name())
        .collect();
    assert_eq!(names, ["cpu", "memory"]);
    let memory = &tables.tables()[1];
    let retention = memory.retention_properties().unwrap();
    assert_eq!(
        (
            retention.memory_store_retention_period_in_hours(),
            retention.magnetic_store_retention_period_in_days()
        ),
        (12, 30)
    );
    let arn = "arn:aws:timestream:us-east-1:123456789012:database/telemetry";
    assert_eq!(
        tags_of(&client, arn).await,
        [("team".to_owned(), "ops".to_owned())]
    );
    // The two records are there: the same values again change nothing, others conflict.
    let again = client
        .write_records()
        .database_name("telemetry")
        .table_name("cpu")
        .records(
            Record::builder()
                .dimensions(dimension("host", "web-1"))
                .measure_name("usage")
                .measure_value("99")
                .time("1704063600000")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("RejectedRecordsException"));
}

/// The recipe: a setup that creates a database and a table and writes a reading.
async fn create_metrics(moto: &Moto) {
    let client = aws_sdk_timestreamwrite::Client::new(&moto.sdk_config());
    client
        .create_database()
        .database_name("telemetry")
        .tags(tag("team", "ops"))
        .send()
        .await
        .unwrap();
    client
        .create_table()
        .database_name("telemetry")
        .table_name("cpu")
        .retention_properties(retention(24, 365))
        .send()
        .await
        .unwrap();
    client
        .write_records()
        .database_name("telemetry")
        .table_name("cpu")
        .records(usage(1_704_063_600_000, "12.5"))
        .send()
        .await
        .unwrap();
}

#[moto_recorded(
    seed = 42,
    fixture = "tests/fixtures/timestreamwrite_metrics.jsonl",
    setup = create_metrics,
    clock = "2024-01-01T00:00:00Z"
)]
#[tokio::test]
async fn the_collector_finds_its_table(moto: &Moto) {
    let client = aws_sdk_timestreamwrite::Client::new(&moto.sdk_config());
    let table = telemetry_table(&client, "cpu").await;
    assert_eq!(
        table.arn(),
        Some("arn:aws:timestream:us-east-1:123456789012:database/telemetry/table/cpu")
    );
    assert_eq!(
        table
            .retention_properties()
            .unwrap()
            .memory_store_retention_period_in_hours(),
        24
    );
    if moto.backend_kind() == BackendKind::Embedded {
        // The virtual clock stamps the table.
        assert_eq!(table.creation_time().unwrap().secs(), 1_704_067_200);
    }
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };
    replay_in_moto(&url, "timestreamwrite_metrics.jsonl");
    let client =
        aws_sdk_timestreamwrite::Client::new(&moto_recorded::aws::sdk_config(&url, "us-east-1"));
    let table = telemetry_table(&client, "cpu").await;
    let retention = table.retention_properties().unwrap();
    assert_eq!(retention.memory_store_retention_period_in_hours(), 24);
    let arn = "arn:aws:timestream:us-east-1:123456789012:database/telemetry";
    assert_eq!(
        tags_of(&client, arn).await,
        [("team".to_owned(), "ops".to_owned())]
    );
}
