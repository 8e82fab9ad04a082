//! S3 over real HTTP, as raw REST requests (path-style and virtual-hosted).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use moto_recorded_runtime::backend::{Backend, BackendOptions};
use moto_recorded_runtime::clock::Clock;
use moto_recorded_runtime::recording::Recording;
use moto_recorded_runtime::server::{Server, ServerOptions};

struct Reply {
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn server() -> Server {
    Server::start(
        Arc::new(Backend::new(BackendOptions {
            seed: Some(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
            ..BackendOptions::default()
        })),
        ServerOptions::default(),
    )
    .unwrap()
}

fn auth(region: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential=testing/20240101/{region}/s3/aws4_request, \
         SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000"
    )
}

fn call(server: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", server.endpoint_url()))
        .header("authorization", auth("us-east-1"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = agent.run(request.body(body.to_vec()).unwrap()).unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().read_to_vec().unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

#[test]
fn buckets_are_created_listed_located_and_deleted() {
    let server = server();
    assert_eq!(call(&server, "PUT", "/orders", &[], b"").status, 200);
    assert_eq!(call(&server, "HEAD", "/orders", &[], b"").status, 200);
    assert_eq!(call(&server, "HEAD", "/missing", &[], b"").status, 404);
    let list = call(&server, "GET", "/", &[], b"").text();
    assert!(list.contains("<Name>orders</Name>"), "{list}");
    assert!(
        list.contains("<CreationDate>2024-01-01T00:00:00.000Z</CreationDate>"),
        "{list}"
    );
    let location = call(&server, "GET", "/orders?location", &[], b"").text();
    assert!(location.contains("LocationConstraint"), "{location}");
    assert!(
        !location.contains("us-east-1"),
        "us-east-1 has no constraint: {location}"
    );

    assert_eq!(call(&server, "PUT", "/orders/a.txt", &[], b"a").status, 200);
    let not_empty = call(&server, "DELETE", "/orders", &[], b"");
    assert_eq!(not_empty.status, 409);
    assert!(not_empty.text().contains("<Code>BucketNotEmpty</Code>"));
    assert_eq!(
        call(&server, "DELETE", "/orders/a.txt", &[], b"").status,
        204
    );
    assert_eq!(call(&server, "DELETE", "/orders", &[], b"").status, 204);
    let gone = call(&server, "DELETE", "/orders", &[], b"");
    assert_eq!(gone.status, 404);
    assert!(
        gone.text().contains("<Code>NoSuchBucket</Code>"),
        "{}",
        gone.text()
    );
}

#[test]
fn location_constraints_follow_the_region() {
    let server = server();
    // Re-creating your own bucket in us-east-1 succeeds, as in S3.
    assert_eq!(call(&server, "PUT", "/east", &[], b"").status, 200);
    assert_eq!(call(&server, "PUT", "/east", &[], b"").status, 200);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let put = |bucket: &str, body: &str| {
        let response = agent
            .run(
                http::Request::builder()
                    .method("PUT")
                    .uri(format!("{}/{bucket}", server.endpoint_url()))
                    .header("authorization", auth("eu-west-1"))
                    .body(body.to_owned())
                    .unwrap(),
            )
            .unwrap();
        (
            response.status().as_u16(),
            response.into_body().read_to_string().unwrap(),
        )
    };
    let (status, body) = put("west", "");
    assert_eq!(status, 400);
    assert!(
        body.contains("IllegalLocationConstraintException"),
        "{body}"
    );
    let configuration = "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
    assert_eq!(put("west", configuration).0, 200);
    let (status, body) = put("west", configuration);
    assert_eq!(status, 409);
    assert!(body.contains("BucketAlreadyOwnedByYou"), "{body}");
    let location = call(&server, "GET", "/west?location", &[], b"").text();
    assert!(location.contains("eu-west-1"), "{location}");
}

#[test]
fn objects_round_trip_byte_for_byte_with_their_metadata() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    let bytes: Vec<u8> = (0..=255).collect();
    let put = call(
        &server,
        "PUT",
        "/bkt/blobs/bytes.bin?x-id=PutObject",
        &[
            ("content-type", "application/octet-stream"),
            ("x-amz-meta-owner", "team-a"),
        ],
        &bytes,
    );
    assert_eq!(put.status, 200);
    assert_eq!(put.headers["etag"], "\"e2c865db4162bed963bfaa9ef6ac18f0\"");
    let get = call(&server, "GET", "/bkt/blobs/bytes.bin", &[], b"");
    assert_eq!(get.status, 200);
    assert_eq!(get.body, bytes);
    assert_eq!(get.headers["content-type"], "application/octet-stream");
    assert_eq!(get.headers["x-amz-meta-owner"], "team-a");
    assert_eq!(
        get.headers["last-modified"],
        "Mon, 01 Jan 2024 00:00:00 GMT"
    );
    let head = call(&server, "HEAD", "/bkt/blobs/bytes.bin", &[], b"");
    assert_eq!(head.headers["content-length"], "256");
    let missing = call(&server, "GET", "/bkt/nope", &[], b"");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<Code>NoSuchKey</Code>"));
}

#[test]
fn content_md5_is_checked() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    let good = call(
        &server,
        "PUT",
        "/bkt/k",
        &[("content-md5", "XUFAKrxLKna5cZ2REBfFkg==")],
        b"hello",
    );
    assert_eq!(good.status, 200);
    let bad = call(
        &server,
        "PUT",
        "/bkt/k",
        &[("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg==")],
        b"hello",
    );
    assert_eq!(bad.status, 400);
    assert!(
        bad.text().contains("<Code>BadDigest</Code>"),
        "{}",
        bad.text()
    );
    let invalid = call(
        &server,
        "PUT",
        "/bkt/k",
        &[("content-md5", "abc")],
        b"hello",
    );
    assert_eq!(invalid.status, 400);
    assert!(
        invalid.text().contains("<Code>InvalidDigest</Code>"),
        "{}",
        invalid.text()
    );
}

#[test]
fn ranges_and_conditions() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    call(&server, "PUT", "/bkt/k", &[], b"0123456789");
    let range = call(&server, "GET", "/bkt/k", &[("range", "bytes=2-5")], b"");
    assert_eq!(range.status, 206);
    assert_eq!(range.body, b"2345");
    assert_eq!(range.headers["content-range"], "bytes 2-5/10");
    let etag = "\"781e5e245d69b566979b86e28d23f2c7\"";
    assert_eq!(
        call(&server, "GET", "/bkt/k", &[("if-match", etag)], b"").status,
        200
    );
    assert_eq!(
        call(&server, "GET", "/bkt/k", &[("if-match", "\"other\"")], b"").status,
        412
    );
    assert_eq!(
        call(&server, "GET", "/bkt/k", &[("if-none-match", etag)], b"").status,
        304
    );
    let later = "Tue, 02 Jan 2024 00:00:00 GMT";
    assert_eq!(
        call(
            &server,
            "GET",
            "/bkt/k",
            &[("if-modified-since", later)],
            b""
        )
        .status,
        304
    );
    let earlier = "Sun, 31 Dec 2023 00:00:00 GMT";
    assert_eq!(
        call(
            &server,
            "GET",
            "/bkt/k",
            &[("if-modified-since", earlier)],
            b""
        )
        .status,
        200
    );
    assert_eq!(
        call(&server, "GET", "/bkt/k", &[("range", "bytes=50-60")], b"").status,
        416
    );
}

#[test]
fn listings_page_through_prefixes_and_keys() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    for key in ["a/1", "a/2", "b", "c/1", "d"] {
        call(&server, "PUT", &format!("/bkt/{key}"), &[], b"x");
    }
    let first = call(
        &server,
        "GET",
        "/bkt?list-type=2&delimiter=%2F&max-keys=2",
        &[],
        b"",
    )
    .text();
    assert!(
        first.contains("<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>"),
        "{first}"
    );
    assert!(first.contains("<Key>b</Key>"), "{first}");
    assert!(first.contains("<IsTruncated>true</IsTruncated>"), "{first}");
    assert!(first.contains("<KeyCount>2</KeyCount>"), "{first}");
    let token = first
        .split("<NextContinuationToken>")
        .nth(1)
        .and_then(|rest| rest.split("</NextContinuationToken>").next())
        .unwrap();
    let second = call(
        &server,
        "GET",
        &format!("/bkt?list-type=2&delimiter=%2F&max-keys=2&continuation-token={token}"),
        &[],
        b"",
    )
    .text();
    assert!(
        second.contains("<Prefix>c/</Prefix>") && second.contains("<Key>d</Key>"),
        "{second}"
    );
    assert!(
        second.contains("<IsTruncated>false</IsTruncated>"),
        "{second}"
    );
    let v1 = call(&server, "GET", "/bkt?prefix=a%2F", &[], b"").text();
    assert!(
        v1.contains("<Key>a/1</Key>")
            && v1.contains("<Key>a/2</Key>")
            && !v1.contains("<Key>b</Key>"),
        "{v1}"
    );
    let bad = call(
        &server,
        "GET",
        "/bkt?list-type=2&continuation-token=%%%",
        &[],
        b"",
    );
    assert_eq!(bad.status, 400);
}

#[test]
fn copy_and_batch_delete() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    call(
        &server,
        "PUT",
        "/bkt/src",
        &[("content-type", "text/plain")],
        b"payload",
    );
    let copy = call(
        &server,
        "PUT",
        "/bkt/dst",
        &[("x-amz-copy-source", "/bkt/src")],
        b"",
    );
    assert_eq!(copy.status, 200, "{}", copy.text());
    assert!(copy.text().contains("<ETag>"), "{}", copy.text());
    let copied = call(&server, "GET", "/bkt/dst", &[], b"");
    assert_eq!(copied.body, b"payload");
    assert_eq!(copied.headers["content-type"], "text/plain");
    let onto_itself = call(
        &server,
        "PUT",
        "/bkt/src",
        &[("x-amz-copy-source", "/bkt/src")],
        b"",
    );
    assert_eq!(onto_itself.status, 400);
    let delete = b"<Delete><Object><Key>src</Key></Object><Object><Key>dst</Key></Object></Delete>";
    let deleted = call(
        &server,
        "POST",
        "/bkt?delete",
        &[("content-md5", "")],
        delete,
    );
    assert_eq!(deleted.status, 200, "{}", deleted.text());
    assert!(
        deleted.text().contains("<Deleted><Key>src</Key></Deleted>"),
        "{}",
        deleted.text()
    );
    assert!(
        !call(&server, "GET", "/bkt?list-type=2", &[], b"")
            .text()
            .contains("<Key>")
    );
}

#[test]
fn virtual_hosted_requests_and_presigned_urls_reach_the_bucket() {
    let server = server();
    call(&server, "PUT", "/photos", &[], b"");
    let host = format!("photos.localhost:{}", server.address().port());
    let put = call(&server, "PUT", "/cat.jpg", &[("host", &host)], b"meow");
    assert_eq!(put.status, 200, "{}", put.text());
    let presigned = "/photos/cat.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=testing%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z\
        &X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=0000";
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(format!("{}{presigned}", server.endpoint_url()))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.into_body().read_to_vec().unwrap(), b"meow");
}

#[test]
fn aws_chunked_uploads_are_decoded() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    let body = b"b;chunk-signature=1111\r\nhello world\r\n0;chunk-signature=2222\r\n\
x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:3333\r\n\r\n";
    let put = call(
        &server,
        "PUT",
        "/bkt/big.bin?x-id=PutObject",
        &[
            ("content-encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "11"),
            ("x-amz-trailer", "x-amz-checksum-crc32"),
            (
                "x-amz-content-sha256",
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            ),
        ],
        body,
    );
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(put.headers["x-amz-checksum-crc32"], "DUoRhQ==");
    assert_eq!(
        call(&server, "GET", "/bkt/big.bin", &[], b"").body,
        b"hello world"
    );
}

#[test]
fn a_recorded_s3_session_replays_into_a_fresh_backend() {
    let first = server();
    first.backend().recorder().start();
    call(&first, "PUT", "/bkt", &[], b"");
    let bytes: Vec<u8> = (0..=255).rev().collect();
    call(
        &first,
        "PUT",
        "/bkt/k.bin",
        &[("content-type", "application/octet-stream")],
        &bytes,
    );
    first.backend().recorder().stop();
    let fixture = Recording::with_seed(
        42,
        first
            .backend()
            .recorder()
            .recording()
            .unwrap()
            .entries()
            .to_vec(),
    );
    let text = fixture.to_jsonl();
    assert!(!text.contains("127.0.0.1"), "{text}");

    let second = server();
    let report = second
        .replay(Recording::parse("fixture", text.as_bytes()).unwrap())
        .unwrap();
    assert_eq!(report.replayed, 3);
    assert_eq!(call(&second, "GET", "/bkt/k.bin", &[], b"").body, bytes);
}

#[test]
fn the_moto_written_s3_recordings_rebuild_their_objects() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/moto-5.2");
    for name in ["s3_objects.jsonl", "decorator_s3.jsonl"] {
        let server = server();
        let recording = Recording::read(&dir.join(name)).unwrap();
        let report = server.replay(recording).unwrap();
        assert!(
            report.client_errors.is_empty(),
            "{name}: {:?}",
            report.client_errors
        );
        let text = call(&server, "GET", "/moto-samples/notes/hello.txt", &[], b"");
        assert_eq!(text.body, b"hello from moto\n", "{name}");
        assert_eq!(text.headers["content-type"], "text/plain", "{name}");
    }
    let server = server();
    server
        .replay(Recording::read(&dir.join("s3_objects.jsonl")).unwrap())
        .unwrap();
    let binary = call(&server, "GET", "/moto-samples/blobs/bytes.bin", &[], b"");
    assert_eq!(binary.body, (0..=255).collect::<Vec<u8>>());
}
