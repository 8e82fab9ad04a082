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
fn a_cut_short_aws_chunked_upload_is_incomplete_and_stores_nothing() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    let headers = [
        ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "11"),
        ("x-amz-trailer", "x-amz-checksum-crc32"),
        (
            "x-amz-content-sha256",
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        ),
    ];
    let whole: &[u8] = b"b;chunk-signature=1111\r\nhello world\r\n0;chunk-signature=2222\r\n\
x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:3333\r\n\r\n";
    let final_chunk = whole
        .windows(3)
        .position(|window| window == b"\n0;")
        .unwrap()
        + 1;
    for (what, body) in [
        ("before the final chunk", &whole[..final_chunk]),
        ("inside a chunk", &whole[..30]),
        ("after the chunk header", &whole[..24]),
    ] {
        let put = call(
            &server,
            "PUT",
            "/bkt/cut.bin?x-id=PutObject",
            &headers,
            body,
        );
        assert_eq!(put.status, 400, "{what}: {}", put.text());
        assert!(
            put.text().contains(
                "<Code>IncompleteBody</Code><Message>You did not provide the number of bytes \
                 specified by the Content-Length HTTP header.</Message>"
            ),
            "{what}: {}",
            put.text()
        );
        assert!(put.headers.contains_key("x-amz-request-id"));
        assert_eq!(
            call(&server, "GET", "/bkt/cut.bin", &[], b"").status,
            404,
            "{what}: nothing stored"
        );
    }
    // Framing complete, but fewer bytes than it declared.
    let mut short = headers;
    short[1] = ("x-amz-decoded-content-length", "12");
    let put = call(&server, "PUT", "/bkt/cut.bin", &short, whole);
    assert_eq!(put.status, 400, "{}", put.text());
    assert!(put.text().contains("<Code>IncompleteBody</Code>"));
    let garbled = call(
        &server,
        "PUT",
        "/bkt/cut.bin",
        &headers,
        b"zz;chunk-signature=1111\r\nhello world\r\n0\r\n\r\n",
    );
    assert_eq!(garbled.status, 400, "{}", garbled.text());
    assert!(
        garbled.text().contains(
            "<Code>InvalidRequest</Code><Message>The aws-chunked request body is malformed: \
             chunk header at byte 0 is not a hexadecimal size.</Message>"
        ),
        "{}",
        garbled.text()
    );
    assert_eq!(call(&server, "GET", "/bkt/cut.bin", &[], b"").status, 404);
    // The whole body still goes in.
    let put = call(&server, "PUT", "/bkt/cut.bin", &headers, whole);
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(
        call(&server, "GET", "/bkt/cut.bin", &[], b"").body,
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
        .replay(&Recording::parse("fixture", text.as_bytes()).unwrap())
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
        let report = server.replay(&recording).unwrap();
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
        .replay(&Recording::read(&dir.join("s3_objects.jsonl")).unwrap())
        .unwrap();
    let binary = call(&server, "GET", "/moto-samples/blobs/bytes.bin", &[], b"");
    assert_eq!(binary.body, (0..=255).collect::<Vec<u8>>());
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    text.split(open)
        .nth(1)
        .and_then(|rest| rest.split(close).next())
        .unwrap_or_else(|| panic!("no {open} in {text}"))
}

#[test]
fn multipart_uploads_assemble_their_parts() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    let created = call(
        &server,
        "POST",
        "/bkt/big?uploads",
        &[("content-type", "text/csv")],
        b"",
    )
    .text();
    let upload_id = between(&created, "<UploadId>", "</UploadId>").to_owned();
    assert_eq!(
        upload_id, GOLDEN_UPLOAD_ID_SEED_42,
        "the first id a backend seeded with 42 draws"
    );
    let first = vec![b'a'; 5 * 1024 * 1024];
    let part1 = call(
        &server,
        "PUT",
        &format!("/bkt/big?partNumber=1&uploadId={upload_id}"),
        &[],
        &first,
    );
    let part2 = call(
        &server,
        "PUT",
        &format!("/bkt/big?partNumber=2&uploadId={upload_id}"),
        &[],
        b"tail",
    );
    let (etag1, etag2) = (
        part1.headers["etag"].to_str().unwrap().to_owned(),
        part2.headers["etag"].to_str().unwrap().to_owned(),
    );
    let parts = call(
        &server,
        "GET",
        &format!("/bkt/big?uploadId={upload_id}"),
        &[],
        b"",
    )
    .text();
    assert!(
        parts.contains("<PartNumber>1</PartNumber>")
            && parts.contains("<PartNumber>2</PartNumber>"),
        "{parts}"
    );
    let listing = call(&server, "GET", "/bkt?uploads", &[], b"").text();
    assert!(listing.contains(&upload_id), "{listing}");

    let out_of_order = format!(
        "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{etag2}</ETag></Part>\
         <Part><PartNumber>1</PartNumber><ETag>{etag1}</ETag></Part></CompleteMultipartUpload>"
    );
    let refused = call(
        &server,
        "POST",
        &format!("/bkt/big?uploadId={upload_id}"),
        &[],
        out_of_order.as_bytes(),
    );
    assert!(
        refused.text().contains("InvalidPartOrder"),
        "{}",
        refused.text()
    );
    let wrong_etag = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"00\"</ETag></Part></CompleteMultipartUpload>";
    let refused = call(
        &server,
        "POST",
        &format!("/bkt/big?uploadId={upload_id}"),
        &[],
        wrong_etag.as_bytes(),
    );
    assert!(refused.text().contains("InvalidPart"), "{}", refused.text());

    let complete = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag1}</ETag></Part>\
         <Part><PartNumber>2</PartNumber><ETag>{etag2}</ETag></Part></CompleteMultipartUpload>"
    );
    let done = call(
        &server,
        "POST",
        &format!("/bkt/big?uploadId={upload_id}"),
        &[],
        complete.as_bytes(),
    );
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(
        done.text().contains("-2&quot;</ETag>") || done.text().contains("-2\"</ETag>"),
        "{}",
        done.text()
    );
    let object = call(&server, "GET", "/bkt/big", &[], b"");
    assert_eq!(object.body.len(), 5 * 1024 * 1024 + 4);
    assert!(object.body.ends_with(b"tail"));
    assert_eq!(object.headers["content-type"], "text/csv");
    let gone = call(
        &server,
        "DELETE",
        &format!("/bkt/big?uploadId={upload_id}"),
        &[],
        b"",
    );
    assert_eq!(gone.status, 404, "completed uploads are gone");
}

#[test]
fn small_parts_before_the_last_and_aborted_uploads_are_refused() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    let created = call(&server, "POST", "/bkt/k?uploads", &[], b"").text();
    let upload_id = between(&created, "<UploadId>", "</UploadId>").to_owned();
    let e1 = call(
        &server,
        "PUT",
        &format!("/bkt/k?partNumber=1&uploadId={upload_id}"),
        &[],
        b"small",
    )
    .headers["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let e2 = call(
        &server,
        "PUT",
        &format!("/bkt/k?partNumber=2&uploadId={upload_id}"),
        &[],
        b"last",
    )
    .headers["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{e1}</ETag></Part>\
         <Part><PartNumber>2</PartNumber><ETag>{e2}</ETag></Part></CompleteMultipartUpload>"
    );
    let refused = call(
        &server,
        "POST",
        &format!("/bkt/k?uploadId={upload_id}"),
        &[],
        body.as_bytes(),
    );
    assert_eq!(refused.status, 400);
    assert!(
        refused.text().contains("EntityTooSmall"),
        "{}",
        refused.text()
    );
    assert_eq!(
        call(
            &server,
            "DELETE",
            &format!("/bkt/k?uploadId={upload_id}"),
            &[],
            b""
        )
        .status,
        204
    );
    let after = call(
        &server,
        "PUT",
        &format!("/bkt/k?partNumber=3&uploadId={upload_id}"),
        &[],
        b"x",
    );
    assert_eq!(after.status, 404);
    assert!(after.text().contains("NoSuchUpload"), "{}", after.text());
}

#[test]
fn object_tags_are_kept_validated_and_copied() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    call(
        &server,
        "PUT",
        "/bkt/k",
        &[("x-amz-tagging", "team=a&env=ci")],
        b"x",
    );
    let tags = call(&server, "GET", "/bkt/k?tagging", &[], b"").text();
    assert!(
        tags.contains(
            "<Tag><Key>team</Key><Value>a</Value></Tag><Tag><Key>env</Key><Value>ci</Value></Tag>"
        ),
        "{tags}"
    );
    let put = b"<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>";
    assert_eq!(call(&server, "PUT", "/bkt/k?tagging", &[], put).status, 200);
    assert!(
        call(&server, "GET", "/bkt/k?tagging", &[], b"")
            .text()
            .contains("<Key>k</Key><Value>v</Value>")
    );
    let duplicate = b"<Tagging><TagSet><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></TagSet></Tagging>";
    let refused = call(&server, "PUT", "/bkt/k?tagging", &[], duplicate);
    assert_eq!(refused.status, 400);
    assert!(refused.text().contains("InvalidTag"), "{}", refused.text());
    assert_eq!(
        call(&server, "DELETE", "/bkt/k?tagging", &[], b"").status,
        204
    );
    assert!(
        !call(&server, "GET", "/bkt/k?tagging", &[], b"")
            .text()
            .contains("<Tag>")
    );
}

#[test]
fn versioned_buckets_keep_every_version_with_seeded_ids() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    assert!(
        !call(&server, "GET", "/bkt?versioning", &[], b"")
            .text()
            .contains("<Status>")
    );
    let enable = b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
    assert_eq!(
        call(&server, "PUT", "/bkt?versioning", &[], enable).status,
        200
    );
    assert!(
        call(&server, "GET", "/bkt?versioning", &[], b"")
            .text()
            .contains("<Status>Enabled</Status>")
    );
    let v1 = call(&server, "PUT", "/bkt/k", &[], b"one").headers["x-amz-version-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        v1, GOLDEN_VERSION_ID_SEED_42,
        "the first id a backend seeded with 42 draws"
    );
    let v2 = call(&server, "PUT", "/bkt/k", &[], b"two").headers["x-amz-version-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(v1, v2);
    assert_eq!(call(&server, "GET", "/bkt/k", &[], b"").body, b"two");
    assert_eq!(
        call(&server, "GET", &format!("/bkt/k?versionId={v1}"), &[], b"").body,
        b"one"
    );
    let deleted = call(&server, "DELETE", "/bkt/k", &[], b"");
    assert_eq!(deleted.headers["x-amz-delete-marker"], "true");
    assert_eq!(call(&server, "GET", "/bkt/k", &[], b"").status, 404);
    assert_eq!(
        call(&server, "GET", &format!("/bkt/k?versionId={v2}"), &[], b"").body,
        b"two"
    );
    let missing = call(&server, "GET", "/bkt/k?versionId=nope", &[], b"");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("NoSuchVersion"),
        "{}",
        missing.text()
    );
}

const GOLDEN_UPLOAD_ID_SEED_42: &str = "VJAt7NdmnwldLQjw8Bwb5AiRuKY5Fj0sIhQJBlbiWZzna3dmYET9VLMoQ";
const GOLDEN_VERSION_ID_SEED_42: &str = "54902dec-d766-4f09-9d2d-08f0f01c1be4";

#[test]
fn wrong_checksums_are_refused() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    // CRC32 of "hello world" is DUoRhQ==.
    let good = call(
        &server,
        "PUT",
        "/bkt/k",
        &[("x-amz-checksum-crc32", "DUoRhQ==")],
        b"hello world",
    );
    assert_eq!(good.status, 200, "{}", good.text());
    let bad = call(
        &server,
        "PUT",
        "/bkt/k",
        &[("x-amz-checksum-crc32", "AAAAAA==")],
        b"hello world",
    );
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(bad.text().contains("BadDigest"), "{}", bad.text());
}

#[test]
fn listing_keys_can_be_url_encoded() {
    let server = server();
    call(&server, "PUT", "/bkt", &[], b"");
    call(&server, "PUT", "/bkt/dir/a%20b%2Bc.txt", &[], b"x");
    let plain = call(&server, "GET", "/bkt?list-type=2", &[], b"").text();
    assert!(plain.contains("<Key>dir/a b+c.txt</Key>"), "{plain}");
    let encoded = call(
        &server,
        "GET",
        "/bkt?list-type=2&encoding-type=url",
        &[],
        b"",
    )
    .text();
    assert!(
        encoded.contains("<Key>dir/a%20b%2Bc.txt</Key>"),
        "{encoded}"
    );
    assert!(
        encoded.contains("<EncodingType>url</EncodingType>"),
        "{encoded}"
    );
}
