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

/// A new bucket `bucket`, and a presigned url that puts `key` in it.
async fn presigned_put(client: &aws_sdk_s3::Client, bucket: &str, key: &str) -> String {
    client.create_bucket().bucket(bucket).send().await.unwrap();
    let config = PresigningConfig::expires_in(Duration::from_secs(900)).unwrap();
    let put = client
        .put_object()
        .bucket(bucket)
        .key(key)
        .presigned(config)
        .await
        .unwrap();
    put.uri().to_owned()
}

#[tokio::test]
async fn presigned_urls_work() {
    let server = server();
    let client = s3(&server);
    let uri = presigned_put(&client, "shared", "p.txt").await;
    let config = PresigningConfig::expires_in(Duration::from_secs(900)).unwrap();
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
async fn a_presigned_form_upload_stores_the_file_as_moto_does() {
    let server = server();
    let client = s3(&server);
    let uri = presigned_put(&client, "form-uploads", "r-1.bin").await;
    // What Python's `requests.put(url, files={"upload_file": ("r-1.bin", data)})` sends.
    let file: &[u8] = b"line 1\r\n--not-a-boundary\r\n\x00\xff";
    let mut form = b"--f0rm\r\nContent-Disposition: form-data; name=\"upload_file\"; \
                     filename=\"r-1.bin\"\r\n\r\n"
        .to_vec();
    form.extend_from_slice(file);
    form.extend_from_slice(b"\r\n--f0rm--\r\n");
    tokio::task::spawn_blocking(move || {
        ureq::put(&uri)
            .header("content-type", "multipart/form-data; boundary=f0rm")
            .send(&form[..])
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(body(&client, "form-uploads", "r-1.bin").await, file);
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

/// The HTTP status of a failed call (HEAD errors have no body, so no code).
fn status<E>(
    error: &aws_sdk_s3::error::SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
) -> u16 {
    error
        .raw_response()
        .map(|response| response.status().as_u16())
        .unwrap_or_default()
}

#[tokio::test]
async fn delete_markers_hide_versions_until_they_are_deleted() {
    let server = server();
    let client = s3(&server);
    client
        .create_bucket()
        .bucket("history")
        .send()
        .await
        .unwrap();
    client
        .put_bucket_versioning()
        .bucket("history")
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    for text in ["v1", "v2"] {
        client
            .put_object()
            .bucket("history")
            .key("config")
            .body(ByteStream::from_static(text.as_bytes()))
            .send()
            .await
            .unwrap();
    }
    let deleted = client
        .delete_object()
        .bucket("history")
        .key("config")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.delete_marker(), Some(true));
    let marker = deleted.version_id().unwrap().to_owned();
    let missing = client
        .get_object()
        .bucket("history")
        .key("config")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchKey"));
    let on_marker = client
        .head_object()
        .bucket("history")
        .key("config")
        .version_id(&marker)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(&on_marker), 405);
    let versions = client
        .list_object_versions()
        .bucket("history")
        .send()
        .await
        .unwrap();
    assert_eq!(versions.versions().len(), 2);
    assert_eq!(versions.delete_markers().len(), 1);
    assert_eq!(versions.delete_markers()[0].is_latest(), Some(true));
    assert_eq!(versions.versions()[0].is_latest(), Some(false));
    let first_page = client
        .list_object_versions()
        .bucket("history")
        .max_keys(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first_page.is_truncated(), Some(true));
    let rest = client
        .list_object_versions()
        .bucket("history")
        .key_marker(first_page.next_key_marker().unwrap())
        .version_id_marker(first_page.next_version_id_marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        rest.versions().len(),
        1,
        "the oldest version is on page two"
    );
    let removed = client
        .delete_object()
        .bucket("history")
        .key("config")
        .version_id(&marker)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.delete_marker(), Some(true));
    assert_eq!(body(&client, "history", "config").await, b"v2");
    let error = client
        .delete_bucket()
        .bucket("history")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("BucketNotEmpty"), "old versions count");
}

#[tokio::test]
async fn conditional_writes_checksums_expires_and_ranged_heads() {
    use aws_sdk_s3::primitives::DateTime;
    use aws_sdk_s3::types::{ChecksumAlgorithm, ChecksumMode, ServerSideEncryption};

    let server = server();
    let client = s3(&server);
    client.create_bucket().bucket("locks").send().await.unwrap();
    let put = |text: &'static str| {
        client
            .put_object()
            .bucket("locks")
            .key("leader")
            .if_none_match("*")
            .body(ByteStream::from_static(text.as_bytes()))
            .send()
    };
    let first = put("node-1").await.unwrap();
    assert_eq!(
        first.server_side_encryption(),
        Some(&ServerSideEncryption::Aes256)
    );
    let refused = put("node-2").await.unwrap_err();
    assert_eq!(refused.code(), Some("PreconditionFailed"));
    assert_eq!(body(&client, "locks", "leader").await, b"node-1");

    let expires = DateTime::from_secs(1_893_553_445);
    let sent = client
        .put_object()
        .bucket("locks")
        .key("sha")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .expires(expires)
        .body(ByteStream::from_static(b"payload"))
        .send()
        .await
        .unwrap();
    let checksum = sent.checksum_sha256().unwrap().to_owned();
    let got = client
        .get_object()
        .bucket("locks")
        .key("sha")
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    assert_eq!(got.checksum_sha256(), Some(checksum.as_str()));
    assert_eq!(got.expires_string(), Some("Wed, 02 Jan 2030 03:04:05 GMT"));
    let ranged = client
        .head_object()
        .bucket("locks")
        .key("sha")
        .range("bytes=0-2")
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.content_length(), Some(3));
    assert_eq!(ranged.content_range(), Some("bytes 0-2/7"));
    assert_eq!(ranged.checksum_sha256(), None, "no checksum for a part");
    let copied = client
        .copy_object()
        .bucket("locks")
        .key("sha-copy")
        .copy_source("locks/sha")
        .send()
        .await
        .unwrap();
    assert_eq!(
        copied.copy_object_result().unwrap().checksum_sha256(),
        Some(checksum.as_str())
    );
    let listed = client
        .list_objects_v2()
        .bucket("locks")
        .send()
        .await
        .unwrap();
    let sha = listed
        .contents()
        .iter()
        .find(|object| object.key() == Some("sha"))
        .unwrap();
    assert_eq!(sha.checksum_algorithm(), [ChecksumAlgorithm::Sha256]);
}

#[tokio::test]
async fn parts_are_copied_and_read_back_by_number() {
    let server = server();
    let client = s3(&server);
    client.create_bucket().bucket("big").send().await.unwrap();
    let part = vec![1u8; 5 * 1024 * 1024];
    client
        .put_object()
        .bucket("big")
        .key("source")
        .body(ByteStream::from(part.clone()))
        .send()
        .await
        .unwrap();
    let upload = client
        .create_multipart_upload()
        .bucket("big")
        .key("joined")
        .send()
        .await
        .unwrap();
    let upload_id = upload.upload_id().unwrap();
    let copied = client
        .upload_part_copy()
        .bucket("big")
        .key("joined")
        .upload_id(upload_id)
        .part_number(1)
        .copy_source("big/source")
        .send()
        .await
        .unwrap();
    let tail = client
        .upload_part_copy()
        .bucket("big")
        .key("joined")
        .upload_id(upload_id)
        .part_number(2)
        .copy_source("big/source")
        .copy_source_range("bytes=0-9")
        .send()
        .await
        .unwrap();
    let parts = client
        .list_parts()
        .bucket("big")
        .key("joined")
        .upload_id(upload_id)
        .send()
        .await
        .unwrap();
    assert_eq!(parts.parts()[1].size(), Some(10));
    assert!(parts.owner().and_then(|owner| owner.id()).is_some());
    let uploads = client
        .list_multipart_uploads()
        .bucket("big")
        .send()
        .await
        .unwrap();
    assert_eq!(
        uploads.uploads()[0].storage_class().unwrap().as_str(),
        "STANDARD"
    );
    let completed = CompletedMultipartUpload::builder()
        .parts(
            CompletedPart::builder()
                .part_number(1)
                .e_tag(copied.copy_part_result().unwrap().e_tag().unwrap())
                .build(),
        )
        .parts(
            CompletedPart::builder()
                .part_number(2)
                .e_tag(tail.copy_part_result().unwrap().e_tag().unwrap())
                .build(),
        )
        .build();
    let done = client
        .complete_multipart_upload()
        .bucket("big")
        .key("joined")
        .upload_id(upload_id)
        .multipart_upload(completed)
        .send()
        .await
        .unwrap();
    assert_eq!(
        done.location(),
        Some(format!("{}/big/joined", server.endpoint_url()).as_str())
    );
    let second = client
        .head_object()
        .bucket("big")
        .key("joined")
        .part_number(2)
        .send()
        .await
        .unwrap();
    assert_eq!(second.content_length(), Some(10));
    assert_eq!(second.parts_count(), Some(2));
    assert_eq!(second.e_tag(), done.e_tag(), "the object's own ETag");
    let too_far = client
        .head_object()
        .bucket("big")
        .key("joined")
        .part_number(3)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(&too_far), 416);
}

#[tokio::test]
async fn bucket_configurations_round_trip_and_are_missing_until_set() {
    use aws_sdk_s3::types::{
        BucketLifecycleConfiguration, CorsConfiguration, CorsRule, ExpirationStatus, IndexDocument,
        LifecycleExpiration, LifecycleRule, LifecycleRuleFilter, PublicAccessBlockConfiguration,
        ServerSideEncryption, ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration,
        ServerSideEncryptionRule, WebsiteConfiguration,
    };

    let server = server();
    let client = s3(&server);
    client.create_bucket().bucket("site").send().await.unwrap();

    let missing = client
        .get_bucket_policy()
        .bucket("site")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchBucketPolicy"));
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}]}"#;
    client
        .put_bucket_policy()
        .bucket("site")
        .policy(policy)
        .send()
        .await
        .unwrap();
    let got = client
        .get_bucket_policy()
        .bucket("site")
        .send()
        .await
        .unwrap();
    assert_eq!(got.policy(), Some(policy));
    let malformed = client
        .put_bucket_policy()
        .bucket("site")
        .policy("{}")
        .send()
        .await
        .unwrap_err();
    assert_eq!(malformed.code(), Some("MalformedPolicy"));

    let missing = client
        .get_bucket_cors()
        .bucket("site")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchCORSConfiguration"));
    let rule = CorsRule::builder()
        .allowed_methods("GET")
        .allowed_origins("https://example.com")
        .max_age_seconds(3000)
        .build()
        .unwrap();
    client
        .put_bucket_cors()
        .bucket("site")
        .cors_configuration(
            CorsConfiguration::builder()
                .cors_rules(rule)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let cors = client
        .get_bucket_cors()
        .bucket("site")
        .send()
        .await
        .unwrap();
    assert_eq!(cors.cors_rules()[0].max_age_seconds(), Some(3000));

    let missing = client
        .get_bucket_lifecycle_configuration()
        .bucket("site")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchLifecycleConfiguration"));
    let rule = LifecycleRule::builder()
        .status(ExpirationStatus::Enabled)
        .filter(LifecycleRuleFilter::builder().prefix("logs/").build())
        .expiration(LifecycleExpiration::builder().days(30).build())
        .build()
        .unwrap();
    client
        .put_bucket_lifecycle_configuration()
        .bucket("site")
        .lifecycle_configuration(
            BucketLifecycleConfiguration::builder()
                .rules(rule)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let lifecycle = client
        .get_bucket_lifecycle_configuration()
        .bucket("site")
        .send()
        .await
        .unwrap();
    assert!(
        lifecycle.rules()[0].id().is_some(),
        "S3 names rules given without an id"
    );

    let default = client
        .get_bucket_encryption()
        .bucket("site")
        .send()
        .await
        .unwrap();
    let by_default =
        |output: &aws_sdk_s3::operation::get_bucket_encryption::GetBucketEncryptionOutput| {
            output
                .server_side_encryption_configuration()
                .unwrap()
                .rules()[0]
                .apply_server_side_encryption_by_default()
                .unwrap()
                .sse_algorithm()
                .clone()
        };
    assert_eq!(by_default(&default), ServerSideEncryption::Aes256);
    let kms = ServerSideEncryptionRule::builder()
        .apply_server_side_encryption_by_default(
            ServerSideEncryptionByDefault::builder()
                .sse_algorithm(ServerSideEncryption::AwsKms)
                .kms_master_key_id("alias/site")
                .build()
                .unwrap(),
        )
        .build();
    client
        .put_bucket_encryption()
        .bucket("site")
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(kms)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let put = client
        .put_object()
        .bucket("site")
        .key("index.html")
        .body(ByteStream::from_static(b"<html></html>"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        put.server_side_encryption(),
        Some(&ServerSideEncryption::AwsKms)
    );
    assert_eq!(put.ssekms_key_id(), Some("alias/site"));
    client
        .delete_bucket_encryption()
        .bucket("site")
        .send()
        .await
        .unwrap();
    let reset = client
        .get_bucket_encryption()
        .bucket("site")
        .send()
        .await
        .unwrap();
    assert_eq!(by_default(&reset), ServerSideEncryption::Aes256);

    let missing = client
        .get_bucket_website()
        .bucket("site")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchWebsiteConfiguration"));
    let website = WebsiteConfiguration::builder()
        .index_document(
            IndexDocument::builder()
                .suffix("index.html")
                .build()
                .unwrap(),
        )
        .build();
    client
        .put_bucket_website()
        .bucket("site")
        .website_configuration(website)
        .send()
        .await
        .unwrap();
    let got = client
        .get_bucket_website()
        .bucket("site")
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.index_document().map(|index| index.suffix()),
        Some("index.html")
    );

    let missing = client
        .get_public_access_block()
        .bucket("site")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchPublicAccessBlockConfiguration"));
    client
        .put_public_access_block()
        .bucket("site")
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let block = client
        .get_public_access_block()
        .bucket("site")
        .send()
        .await
        .unwrap();
    let block = block.public_access_block_configuration().unwrap();
    assert_eq!(block.block_public_acls(), Some(true));
    assert_eq!(block.restrict_public_buckets(), Some(false));

    let missing = client
        .get_bucket_tagging()
        .bucket("site")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NoSuchTagSet"));
    let tagging = Tagging::builder()
        .tag_set(Tag::builder().key("team").value("web").build().unwrap())
        .build()
        .unwrap();
    client
        .put_bucket_tagging()
        .bucket("site")
        .tagging(tagging)
        .send()
        .await
        .unwrap();
    let tags = client
        .get_bucket_tagging()
        .bucket("site")
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tag_set()[0].value(), "web");
    client
        .delete_bucket_tagging()
        .bucket("site")
        .send()
        .await
        .unwrap();
    let gone = client
        .get_bucket_tagging()
        .bucket("site")
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("NoSuchTagSet"));
}

#[tokio::test]
async fn acls_come_from_canned_names_and_grants() {
    use aws_sdk_s3::types::{BucketCannedAcl, Permission, Type};

    let server = server();
    let client = s3(&server);
    client
        .create_bucket()
        .bucket("shared")
        .acl(BucketCannedAcl::PublicRead)
        .send()
        .await
        .unwrap();
    let acl = client
        .get_bucket_acl()
        .bucket("shared")
        .send()
        .await
        .unwrap();
    assert_eq!(acl.grants().len(), 2);
    assert_eq!(acl.grants()[1].permission(), Some(&Permission::Read));
    assert_eq!(
        acl.grants()[1].grantee().unwrap().uri(),
        Some("http://acs.amazonaws.com/groups/global/AllUsers")
    );
    client
        .put_object()
        .bucket("shared")
        .key("report.csv")
        .body(ByteStream::from_static(b"a,b\n"))
        .send()
        .await
        .unwrap();
    let object_acl = client
        .get_object_acl()
        .bucket("shared")
        .key("report.csv")
        .send()
        .await
        .unwrap();
    assert_eq!(object_acl.grants().len(), 1, "objects start private");
    assert_eq!(
        object_acl.grants()[0].grantee().unwrap().r#type(),
        &Type::CanonicalUser
    );
    assert_eq!(
        object_acl.owner().and_then(|owner| owner.id()),
        acl.owner().and_then(|owner| owner.id())
    );
    client
        .put_object_acl()
        .bucket("shared")
        .key("report.csv")
        .grant_read(r#"uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers""#)
        .send()
        .await
        .unwrap();
    let granted = client
        .get_object_acl()
        .bucket("shared")
        .key("report.csv")
        .send()
        .await
        .unwrap();
    assert_eq!(granted.grants().len(), 1);
    assert_eq!(
        granted.grants()[0].grantee().unwrap().r#type(),
        &Type::Group
    );
    let both = client
        .put_bucket_acl()
        .bucket("shared")
        .acl(BucketCannedAcl::Private)
        .grant_read("id=abc")
        .send()
        .await
        .unwrap_err();
    assert_eq!(both.code(), Some("InvalidRequest"));
}

#[tokio::test]
async fn buckets_from_us_east_1_go_to_the_region_they_name() {
    let server = server();
    let client = s3(&server);
    client
        .create_bucket()
        .bucket("far")
        .create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::ApSoutheast2)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let location = client
        .get_bucket_location()
        .bucket("far")
        .send()
        .await
        .unwrap();
    assert_eq!(
        location.location_constraint(),
        Some(&BucketLocationConstraint::ApSoutheast2)
    );
    let error = client
        .create_bucket()
        .bucket("near")
        .create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from("us-east-1"))
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidLocationConstraint"));
}
