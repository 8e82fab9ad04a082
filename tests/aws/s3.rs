//! S3 through aws-sdk-s3.

use std::time::Duration;

use aws_sdk_s3::error::ProvideErrorMetadata as _;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CompletedMultipartUpload, CompletedPart,
    CreateBucketConfiguration, Delete, ObjectIdentifier, Tag, Tagging, VersioningConfiguration,
};

use crate::support::{fixture, replayed, s3, s3_in, server};

async fn body(client: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Vec<u8> {
    let object = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .unwrap();
    object.body.collect().await.unwrap().into_bytes().to_vec()
}

#[tokio::test]
async fn objects_round_trip_with_metadata() {
    let server = server();
    let client = s3(&server);
    client
        .create_bucket()
        .bucket("orders")
        .send()
        .await
        .unwrap();
    let bytes: Vec<u8> = (0..=255).collect();
    let put = client
        .put_object()
        .bucket("orders")
        .key("2024/a.bin")
        .content_type("application/octet-stream")
        .metadata("owner", "team-a")
        .body(ByteStream::from(bytes.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(put.e_tag(), Some("\"e2c865db4162bed963bfaa9ef6ac18f0\""));
    assert_eq!(body(&client, "orders", "2024/a.bin").await, bytes);
    let head = client
        .head_object()
        .bucket("orders")
        .key("2024/a.bin")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_length(), Some(256));
    assert_eq!(head.metadata().unwrap()["owner"], "team-a");
    assert_eq!(head.last_modified().unwrap().secs(), 1_704_067_200);
    let buckets = client.list_buckets().send().await.unwrap();
    assert_eq!(buckets.buckets()[0].name(), Some("orders"));
}

#[tokio::test]
async fn streaming_uploads_arrive_whole_and_are_recorded_decoded() {
    let server = server();
    let client = s3(&server);
    client.create_bucket().bucket("files").send().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upload.txt");
    let text = "streamed through aws-chunked\n".repeat(1000);
    std::fs::write(&path, &text).unwrap();
    server.backend().recorder().start();
    client
        .put_object()
        .bucket("files")
        .key("upload.txt")
        .body(ByteStream::from_path(&path).await.unwrap())
        .send()
        .await
        .unwrap();
    server.backend().recorder().stop();
    assert_eq!(body(&client, "files", "upload.txt").await, text.as_bytes());
    let recording = server.backend().recorder().recording().unwrap();
    let put = &recording.entries()[0];
    assert_eq!(put.body.as_deref(), Some(text.as_bytes()), "stored decoded");
    assert_eq!(put.header("content-encoding"), None);
    assert!(
        put.header("x-amz-checksum-crc32").is_some(),
        "{:?}",
        put.headers
    );
    assert!(
        put.url
            .starts_with("http://localhost:5000/files/upload.txt"),
        "{}",
        put.url
    );
}

#[tokio::test]
async fn listing_copy_and_batch_delete() {
    let server = server();
    let client = s3(&server);
    client
        .create_bucket()
        .bucket("photos")
        .send()
        .await
        .unwrap();
    for key in ["2024/1.jpg", "2024/2.jpg", "2025/1.jpg", "top.jpg"] {
        client
            .put_object()
            .bucket("photos")
            .key(key)
            .body(ByteStream::from_static(b"x"))
            .send()
            .await
            .unwrap();
    }
    let folders = client
        .list_objects_v2()
        .bucket("photos")
        .delimiter("/")
        .send()
        .await
        .unwrap();
    let prefixes: Vec<&str> = folders
        .common_prefixes()
        .iter()
        .filter_map(|p| p.prefix())
        .collect();
    assert_eq!(prefixes, ["2024/", "2025/"]);
    assert_eq!(folders.contents()[0].key(), Some("top.jpg"));
    let pages: Vec<_> = client
        .list_objects_v2()
        .bucket("photos")
        .max_keys(1)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(pages.len(), 4, "one key per page");
    client
        .copy_object()
        .bucket("photos")
        .key("copy.jpg")
        .copy_source("photos/top.jpg")
        .send()
        .await
        .unwrap();
    assert_eq!(body(&client, "photos", "copy.jpg").await, b"x");
    let delete = Delete::builder()
        .objects(ObjectIdentifier::builder().key("top.jpg").build().unwrap())
        .objects(ObjectIdentifier::builder().key("copy.jpg").build().unwrap())
        .build()
        .unwrap();
    let deleted = client
        .delete_objects()
        .bucket("photos")
        .delete(delete)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.deleted().len(), 2);
    let error = client
        .delete_bucket()
        .bucket("photos")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("BucketNotEmpty"));
}

#[tokio::test]
async fn errors_carry_aws_codes() {
    let server = server();
    let client = s3(&server);
    let error = client
        .get_object()
        .bucket("nope")
        .key("k")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NoSuchBucket"));
    client.create_bucket().bucket("here").send().await.unwrap();
    let error = client
        .get_object()
        .bucket("here")
        .key("k")
        .send()
        .await
        .unwrap_err();
    assert!(
        error.as_service_error().is_some_and(|e| e.is_no_such_key()),
        "{error:?}"
    );
}

#[tokio::test]
async fn buckets_outside_us_east_1_need_their_location_constraint() {
    let server = server();
    let client = s3_in(&server, "eu-west-1");
    let error = client
        .create_bucket()
        .bucket("west")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("IllegalLocationConstraintException"));
    let configuration = CreateBucketConfiguration::builder()
        .location_constraint(BucketLocationConstraint::EuWest1)
        .build();
    client
        .create_bucket()
        .bucket("west")
        .create_bucket_configuration(configuration)
        .send()
        .await
        .unwrap();
    let location = client
        .get_bucket_location()
        .bucket("west")
        .send()
        .await
        .unwrap();
    assert_eq!(
        location.location_constraint(),
        Some(&BucketLocationConstraint::EuWest1)
    );
}

#[tokio::test]
async fn multipart_upload() {
    let server = server();
    let client = s3(&server);
    client.create_bucket().bucket("big").send().await.unwrap();
    let upload = client
        .create_multipart_upload()
        .bucket("big")
        .key("data")
        .send()
        .await
        .unwrap();
    let upload_id = upload.upload_id().unwrap();
    let first = vec![7u8; 5 * 1024 * 1024];
    let mut completed = CompletedMultipartUpload::builder();
    for (number, part) in [(1, first.clone()), (2, b"end".to_vec())] {
        let sent = client
            .upload_part()
            .bucket("big")
            .key("data")
            .upload_id(upload_id)
            .part_number(number)
            .body(ByteStream::from(part))
            .send()
            .await
            .unwrap();
        completed = completed.parts(
            CompletedPart::builder()
                .part_number(number)
                .e_tag(sent.e_tag().unwrap())
                .build(),
        );
    }
    let done = client
        .complete_multipart_upload()
        .bucket("big")
        .key("data")
        .upload_id(upload_id)
        .multipart_upload(completed.build())
        .send()
        .await
        .unwrap();
    assert!(
        done.e_tag().unwrap().ends_with("-2\""),
        "{:?}",
        done.e_tag()
    );
    let data = body(&client, "big", "data").await;
    assert_eq!(data.len(), first.len() + 3);
    assert!(data.ends_with(b"end"));
}

#[tokio::test]
async fn tagging_and_versioning() {
    let server = server();
    let client = s3(&server);
    client.create_bucket().bucket("docs").send().await.unwrap();
    client
        .put_bucket_versioning()
        .bucket("docs")
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let v1 = client
        .put_object()
        .bucket("docs")
        .key("k")
        .body(ByteStream::from_static(b"1"))
        .send()
        .await
        .unwrap();
    let v1 = v1.version_id().unwrap().to_owned();
    client
        .put_object()
        .bucket("docs")
        .key("k")
        .body(ByteStream::from_static(b"2"))
        .send()
        .await
        .unwrap();
    let old = client
        .get_object()
        .bucket("docs")
        .key("k")
        .version_id(&v1)
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.body.collect().await.unwrap().into_bytes().as_ref(),
        b"1"
    );
    let tagging = Tagging::builder()
        .tag_set(Tag::builder().key("env").value("ci").build().unwrap())
        .build()
        .unwrap();
    client
        .put_object_tagging()
        .bucket("docs")
        .key("k")
        .tagging(tagging)
        .send()
        .await
        .unwrap();
    let tags = client
        .get_object_tagging()
        .bucket("docs")
        .key("k")
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tag_set()[0].key(), "env");
}

#[tokio::test]
async fn presigned_urls_work() {
    let server = server();
    let client = s3(&server);
    client
        .create_bucket()
        .bucket("shared")
        .send()
        .await
        .unwrap();
    let config = PresigningConfig::expires_in(Duration::from_secs(900)).unwrap();
    let put = client
        .put_object()
        .bucket("shared")
        .key("p.txt")
        .presigned(config.clone())
        .await
        .unwrap();
    let uri = put.uri().to_owned();
    tokio::task::spawn_blocking(move || ureq::put(&uri).send("presigned body").unwrap())
        .await
        .unwrap();
    let get = client
        .get_object()
        .bucket("shared")
        .key("p.txt")
        .presigned(config)
        .await
        .unwrap();
    let uri = get.uri().to_owned();
    let fetched = tokio::task::spawn_blocking(move || {
        ureq::get(&uri)
            .call()
            .unwrap()
            .into_body()
            .read_to_string()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(fetched, "presigned body");
}

#[tokio::test]
async fn a_recorded_setup_replays_into_a_fresh_backend() {
    let recorded = server();
    let client = s3(&recorded);
    recorded.backend().recorder().start();
    client
        .create_bucket()
        .bucket("orders")
        .send()
        .await
        .unwrap();
    client
        .put_object()
        .bucket("orders")
        .key("o-1.json")
        .body(ByteStream::from_static(br#"{"id":"o-1"}"#))
        .send()
        .await
        .unwrap();
    let fresh = replayed(&fixture(&recorded));
    assert_eq!(
        body(&s3(&fresh), "orders", "o-1.json").await,
        br#"{"id":"o-1"}"#
    );
}

#[tokio::test]
async fn recorded_objects_replay_byte_for_byte_with_their_checksums() {
    use aws_sdk_s3::types::ChecksumAlgorithm;

    let recorded = server();
    let client = s3(&recorded);
    recorded.backend().recorder().start();
    client
        .create_bucket()
        .bucket("payloads")
        .send()
        .await
        .unwrap();
    // Keys out of order and indented: a JSON object, not a JSON request.
    let pretty = "{\n  \"zeta\": 1,\n  \"alpha\": {\n    \"b\": [2, 1],\n    \"a\": null\n  }\n}\n";
    // The server's own address, which protocol bodies (SQS queue urls) get rewritten.
    let endpoint = recorded.endpoint_url();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    let address = format!("served from {endpoint}/payloads/address.txt\n");
    let json_put = client
        .put_object()
        .bucket("payloads")
        .key("pretty.json")
        .content_type("application/json")
        .checksum_algorithm(ChecksumAlgorithm::Crc32)
        .body(ByteStream::from_static(pretty.as_bytes()))
        .send()
        .await
        .unwrap();
    let text_put = client
        .put_object()
        .bucket("payloads")
        .key("address.txt")
        .content_type("text/plain")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .body(ByteStream::from(address.clone().into_bytes()))
        .send()
        .await
        .unwrap();

    // Written as a fixture file and read back, as the harness does.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("payloads.jsonl");
    crate::support::recorded(&recorded)
        .write_atomic(&path)
        .unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains(&endpoint),
        "payloads are not rewritten: {written}"
    );
    // The checksums the SDK sent are in the fixture; replay is checked, and S3 answers
    // BadDigest to a body that does not match its checksum.
    let crc32 = json_put.checksum_crc32().unwrap();
    let sha256 = text_put.checksum_sha256().unwrap();
    assert!(
        written.contains(&format!(r#""X-Amz-Checksum-Crc32": "{crc32}""#))
            && written.contains(&format!(r#""X-Amz-Checksum-Sha256": "{sha256}""#)),
        "{written}"
    );
    let fresh = replayed(&written);

    let client = s3(&fresh);
    for (key, bytes, put, algorithm) in [
        (
            "pretty.json",
            pretty.as_bytes(),
            &json_put,
            ChecksumAlgorithm::Crc32,
        ),
        (
            "address.txt",
            address.as_bytes(),
            &text_put,
            ChecksumAlgorithm::Sha256,
        ),
    ] {
        let object = client
            .get_object()
            .bucket("payloads")
            .key(key)
            .send()
            .await
            .unwrap();
        assert_eq!(object.e_tag(), put.e_tag(), "{key}");
        let body = object.body.collect().await.unwrap().into_bytes();
        assert_eq!(&body[..], bytes, "{key}");
        // The SDK's checksum of the replayed bytes is the one it sent when recording.
        let again = client
            .put_object()
            .bucket("payloads")
            .key(format!("{key}.again"))
            .checksum_algorithm(algorithm)
            .body(ByteStream::from(body.to_vec()))
            .send()
            .await
            .unwrap();
        assert_eq!(again.checksum_crc32(), put.checksum_crc32(), "{key}");
        assert_eq!(again.checksum_sha256(), put.checksum_sha256(), "{key}");
    }
}
