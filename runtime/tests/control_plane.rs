//! The embedded backend over real HTTP: Moto's control plane, routing, errors, isolation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use moto_recorded_runtime::backend::{Backend, BackendOptions};
use moto_recorded_runtime::recording::Recording;
use moto_recorded_runtime::server::{Server, ServerOptions};

/// The instance id a fresh backend seeded with 42 draws first (see `random`'s golden values).
const FIRST_INSTANCE_ID_SEED_42: &str = "i-e0fea209dfd5ae07c";

struct Reply {
    status: u16,
    body: String,
    headers: http::HeaderMap,
}

fn server() -> Server {
    Server::start(
        Arc::new(Backend::new(BackendOptions::default())),
        ServerOptions::default(),
    )
    .unwrap()
}

fn call(server: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    call_bytes(server, method, path, headers, body.as_bytes())
}

fn call_bytes(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", server.endpoint_url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = agent.run(request.body(body.to_vec()).unwrap()).unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().read_to_string().unwrap();
    Reply {
        status,
        body,
        headers,
    }
}

fn post(server: &Server, path: &str, body: &str) -> Reply {
    call(server, "POST", path, &[], body)
}

fn download(server: &Server) -> String {
    call(
        server,
        "GET",
        "/moto-api/recorder/download-recording",
        &[],
        "",
    )
    .body
}

// ---------------------------------------------------------------------------
// The control plane answers as Moto 5.2 does.

#[test]
fn recorder_endpoints_answer_like_moto() {
    let server = server();
    let start = post(&server, "/moto-api/recorder/start-recording", "");
    assert_eq!(
        (start.status, start.body.as_str()),
        (200, "Recording is set to True")
    );
    assert_eq!(start.headers["content-type"], "text/html; charset=utf-8");
    assert!(server.backend().recorder().is_recording());
    let stop = call(&server, "GET", "/moto-api/recorder/stop-recording", &[], "");
    assert_eq!(
        (stop.status, stop.body.as_str()),
        (200, "Recording is set to False")
    );
    let reset = post(&server, "/moto-api/recorder/reset-recording", "");
    assert_eq!((reset.status, reset.body.as_str()), (200, ""));
    let download = call(
        &server,
        "GET",
        "/moto-api/recorder/download-recording",
        &[],
        "",
    );
    assert_eq!((download.status, download.body.as_str()), (200, ""));
}

#[test]
fn seed_takes_a_from_the_query_a_form_or_json() {
    let server = server();
    let random = server.backend().random();
    for (path, headers, body) in [
        ("/moto-api/seed?a=42", vec![], ""),
        (
            "/moto-api/seed",
            vec![("content-type", "application/x-www-form-urlencoded")],
            "a=42",
        ),
        (
            "/moto-api/seed",
            vec![("content-type", "application/json")],
            r#"{"a": 42}"#,
        ),
        (
            "/moto-api/seed",
            vec![("content-type", "application/json")],
            r#"{"a": "42"}"#,
        ),
    ] {
        let reply = call(&server, "POST", path, &headers, body);
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (200, ""),
            "{path} {body}"
        );
        assert_eq!(random.current_seed(), Some(42));
        assert_eq!(random.instance_id(), FIRST_INSTANCE_ID_SEED_42);
    }
}

#[test]
fn a_bad_seed_is_a_400_that_says_why() {
    let server = server();
    let missing = post(&server, "/moto-api/seed", "");
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.body,
        "seed needs the parameter `a`: POST /moto-api/seed?a=42"
    );
    let negative = post(&server, "/moto-api/seed?a=-1", "");
    assert_eq!(negative.status, 400);
    assert_eq!(
        negative.body,
        "`a`=\"-1\" is not a seed: use an integer from 0 to 18446744073709551615"
    );
    assert_eq!(post(&server, "/moto-api/seed?a=lots", "").status, 400);
    assert_eq!(
        server.backend().random().current_seed(),
        None,
        "nothing half-applied"
    );
}

#[test]
fn reset_needs_post() {
    let server = server();
    let reset = post(&server, "/moto-api/reset", "");
    assert_eq!(
        (reset.status, reset.body.as_str()),
        (200, r#"{"status": "ok"}"#)
    );
    for method in ["GET", "PUT", "DELETE"] {
        let refused = call(&server, method, "/moto-api/reset", &[], "");
        assert_eq!(
            (refused.status, refused.body.as_str()),
            (400, r#"{"Error": "Need to POST to reset Moto"}"#),
            "{method}"
        );
    }
}

#[test]
fn reset_draws_nothing_so_a_later_seed_gives_the_ids_of_a_fresh_backend() {
    let server = server();
    post(&server, "/moto-api/seed?a=42", "");
    post(&server, "/moto-api/reset", "");
    post(&server, "/moto-api/seed?a=42", "");
    assert_eq!(
        server.backend().random().instance_id(),
        FIRST_INSTANCE_ID_SEED_42
    );
}

#[test]
fn unknown_control_plane_paths_are_a_404_listing_what_exists() {
    let server = server();
    let reply = call(&server, "GET", "/moto-api/state.json", &[], "");
    assert_eq!(reply.status, 404);
    assert!(
        reply
            .body
            .starts_with("/moto-api/state.json is not part of the control plane"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("/moto-api/recorder/replay-recording"));
}

// ---------------------------------------------------------------------------
// Recording over HTTP.

#[test]
fn recording_captures_requests_with_their_status_but_never_the_recorder_itself() {
    let server = server();
    post(&server, "/moto-api/recorder/start-recording", "");
    post(&server, "/moto-api/seed?a=7", "");
    call(
        &server,
        "GET",
        "/bucket/key",
        &[("x-amz-date", "20241124T000000Z")],
        "",
    );
    post(&server, "/moto-api/reset", "");
    post(&server, "/moto-api/recorder/stop-recording", "");
    let log = call(
        &server,
        "GET",
        "/moto-api/recorder/download-recording",
        &[],
        "",
    )
    .body;
    let recording = Recording::parse("log", log.as_bytes()).unwrap();
    let seen: Vec<(String, Option<u16>)> = recording
        .entries()
        .iter()
        .map(|entry| {
            (
                format!("{} {}", entry.method, entry.path_and_query()),
                entry.status,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("POST /moto-api/seed?a=7".to_owned(), Some(200)),
            ("GET /bucket/key".to_owned(), Some(404)),
            ("POST /moto-api/reset".to_owned(), Some(200)),
        ]
    );
    assert!(
        !log.contains("X-Amz-Date") && !log.contains("127.0.0.1"),
        "{log}"
    );
}

#[test]
fn upload_then_download_gives_the_upload_back() {
    let server = server();
    let text = "{\"headers\": {}, \"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=3\", \"body\": \"\", \"body_encoded\": false, \"status\": 200}\n";
    let upload = post(&server, "/moto-api/recorder/upload-recording", text);
    assert_eq!((upload.status, upload.body.as_str()), (200, ""));
    assert_eq!(download(&server), text);
}

#[test]
fn a_malformed_upload_is_rejected_with_its_line_and_the_log_kept() {
    let server = server();
    let good = "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=3\"}\n";
    post(&server, "/moto-api/recorder/upload-recording", good);
    let bad = post(
        &server,
        "/moto-api/recorder/upload-recording",
        "{\"method\": \"GET\"}\n",
    );
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.body,
        "uploaded recording:1: missing `url`: every line needs \"method\" and \"url\"; the log is unchanged"
    );
    assert_eq!(download(&server), good);
}

#[test]
fn an_upload_that_is_not_utf8_is_rejected_naming_its_line() {
    let server = server();
    let good = "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=3\"}\n";
    post(&server, "/moto-api/recorder/upload-recording", good);
    let mut bad = good.as_bytes().to_vec();
    bad.extend_from_slice(b"{\"method\": \"GET\", \"url\": \"http://localhost:5000/b\xff\"}\n");
    let reply = call_bytes(
        &server,
        "POST",
        "/moto-api/recorder/upload-recording",
        &[],
        &bad,
    );
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.body,
        "uploaded recording:2: the line is not valid UTF-8: recordings are JSON text; the log \
         is unchanged"
    );
    assert_eq!(download(&server), good);
}

#[test]
fn a_form_encoded_upload_is_rejected_instead_of_wiping_the_log() {
    let server = server();
    let good = "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=3\"}\n";
    post(&server, "/moto-api/recorder/upload-recording", good);
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let reply = call(
        &server,
        "POST",
        "/moto-api/recorder/upload-recording",
        &form,
        "file=recording.jsonl",
    );
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("sent form-encoded"), "{}", reply.body);
    assert!(
        reply.body.contains("the log is unchanged"),
        "{}",
        reply.body
    );
    assert_eq!(download(&server), good);
    // `curl -d @file` sends a real recording with a form content type: that is accepted.
    let accepted = call(
        &server,
        "POST",
        "/moto-api/recorder/upload-recording",
        &form,
        good,
    );
    assert_eq!(accepted.status, 200);
}

#[test]
fn replay_recording_replays_the_log_into_the_backend() {
    let server = server();
    let log = "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=42\", \"body\": \"\", \"status\": 200}\n";
    post(&server, "/moto-api/recorder/upload-recording", log);
    post(&server, "/moto-api/recorder/start-recording", "");
    let replay = post(&server, "/moto-api/recorder/replay-recording", "");
    assert_eq!((replay.status, replay.body.as_str()), (200, ""));
    assert_eq!(
        server.backend().random().instance_id(),
        FIRST_INSTANCE_ID_SEED_42
    );
    assert_eq!(download(&server), log, "the replay did not record itself");
    assert!(server.backend().recorder().is_recording());
}

#[test]
fn a_failing_replay_step_is_an_error_naming_the_line() {
    let server = server();
    let log = concat!(
        "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=1\", \"status\": 200}\n",
        "{\"method\": \"GET\", \"url\": \"http://localhost:5000/moto-api/reset\", \"status\": 200}\n",
        "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=2\", \"status\": 200}\n",
    );
    post(&server, "/moto-api/recorder/upload-recording", log);
    let replay = post(&server, "/moto-api/recorder/replay-recording", "");
    assert_eq!(replay.status, 400, "Moto answers 200 here");
    assert_eq!(
        replay.body,
        "recorder log:2: replaying GET /moto-api/reset failed: it was recorded with status 200 but \
         answered 400: {\"Error\": \"Need to POST to reset Moto\"}\n\
         the entries before it were replayed; the ones after it were not"
    );
    assert_eq!(
        server.backend().random().current_seed(),
        Some(1),
        "line 3 never ran"
    );
}

#[test]
fn a_replayed_recorder_call_is_refused_before_anything_is_applied() {
    let server = server();
    for action in [
        "replay-recording",
        "upload-recording",
        "reset-recording",
        "start-recording",
        "stop-recording",
        "download-recording",
    ] {
        let log = format!(
            "{}\n{}\n{}\n",
            r#"{"method": "POST", "url": "http://localhost:5000/moto-api/seed?a=1", "status": 200}"#,
            r#"{"method": "POST", "url": "http://localhost:5000/moto-api/reset", "status": 200}"#,
            format_args!(
                r#"{{"method": "POST", "url": "http://localhost:5000/moto-api/recorder/{action}", "body": "", "status": 200}}"#
            ),
        );
        assert_eq!(
            post(&server, "/moto-api/recorder/upload-recording", &log).status,
            200,
            "uploads are stored as Moto stores them"
        );
        let replay = post(&server, "/moto-api/recorder/replay-recording", "");
        assert_eq!(replay.status, 400, "{action}: {}", replay.body);
        assert_eq!(
            replay.body,
            format!(
                "recorder log:3: replaying POST /moto-api/recorder/{action} failed: it calls the \
                 recorder (/moto-api/recorder/{action}), which a replay never runs: remove line \
                 3 from the recording; nothing was replayed"
            )
        );
        assert_eq!(
            server.backend().random().current_seed(),
            None,
            "{action}: line 1 was not applied either"
        );
        assert_eq!(download(&server), log, "{action}: the log is as uploaded");
    }
    // Without the recorder line, the seed and reset lines replay.
    let log = concat!(
        "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=1\", \"status\": 200}\n",
        "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/reset\", \"status\": 200}\n",
    );
    post(&server, "/moto-api/recorder/upload-recording", log);
    let replay = post(&server, "/moto-api/recorder/replay-recording", "");
    assert_eq!((replay.status, replay.body.as_str()), (200, ""));
    assert_eq!(server.backend().random().current_seed(), Some(1));
}

#[test]
fn in_process_replay_refuses_recorder_calls_too() {
    let server = server();
    let fixture = Recording::parse(
        "tests/fixtures/nested.jsonl",
        concat!(
            "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=1\"}\n",
            "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/recorder/replay-recording\"}\n",
        )
        .as_bytes(),
    )
    .unwrap();
    let error = server.replay(&fixture).unwrap_err();
    assert!(error.nothing_replayed());
    assert!(
        error
            .to_string()
            .starts_with("tests/fixtures/nested.jsonl:2: replaying POST"),
        "{error}"
    );
    assert_eq!(server.backend().random().current_seed(), None);
}

// ---------------------------------------------------------------------------
// AWS requests: routing and errors in the right protocol.

fn signed(service: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/{service}/aws4_request, \
         SignedHeaders=host, Signature=0"
    )
}

#[test]
fn services_that_are_not_emulated_answer_aws_errors_in_their_protocol() {
    let server = server();
    let glacier_auth = signed("glacier");
    let rest = call(
        &server,
        "GET",
        "/-/vaults",
        &[("authorization", &glacier_auth)],
        "",
    );
    assert_eq!(rest.status, 501);
    assert!(
        rest.body.contains(
            "<Error><Code>NotImplemented</Code><Message>moto-recorded does not emulate the glacier service"
        ),
        "{}",
        rest.body
    );
    assert!(rest.headers.contains_key("x-amz-request-id"));

    let json = call(
        &server,
        "POST",
        "/",
        &[
            ("x-amz-target", "Kinesis_20131202.ListStreams"),
            ("content-type", "application/x-amz-json-1.1"),
            ("authorization", &signed("kinesis")),
        ],
        "{}",
    );
    assert_eq!(json.status, 400);
    assert_eq!(json.headers["content-type"], "application/x-amz-json-1.1");
    let error: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(error["__type"], "UnknownOperationException");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("kinesis service (operation ListStreams)")
    );

    let query = call(
        &server,
        "POST",
        "/",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("authorization", &signed("cloudformation")),
        ],
        "Action=ListStacks&Version=2010-05-15",
    );
    assert_eq!(query.status, 400);
    assert!(
        query
            .body
            .contains("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"),
        "{}",
        query.body
    );
    assert!(
        query
            .body
            .contains("cloudformation service (operation ListStacks)"),
        "{}",
        query.body
    );
}

#[test]
fn unknown_operations_of_emulated_services_are_named() {
    let server = server();
    let reply = call(
        &server,
        "POST",
        "/",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("authorization", &signed("sts")),
        ],
        "Action=AssumeRoot&Version=2011-06-15",
    );
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains("<Code>InvalidAction</Code>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("AssumeRoot"), "{}", reply.body);
}

fn run_instances(server: &Server, min: &str, max: &str) -> Reply {
    call(
        server,
        "POST",
        "/",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("authorization", &signed("ec2")),
        ],
        &format!(
            "Action=RunInstances&Version=2016-11-15&ImageId=ami-12c6146b&MinCount={min}&MaxCount={max}"
        ),
    )
}

#[test]
fn run_instances_launches_at_most_the_instance_limit() {
    let server = server();
    let capped = run_instances(&server, "1", "1000");
    assert_eq!(capped.status, 200, "{}", capped.body);
    assert_eq!(
        capped.body.matches("<instanceId>").count(),
        20,
        "as EC2, as many as the limit allows above MinCount"
    );
    let exact = run_instances(&server, "2", "2");
    assert_eq!(exact.body.matches("<instanceId>").count(), 2);

    let over = run_instances(&server, "21", "2147483647");
    assert_eq!(over.status, 400, "{}", over.body);
    assert!(
        over.body.contains(
            "<Code>InstanceLimitExceeded</Code><Message>You have requested more instances (21) \
             than your current instance limit of 20 allows for the specified instance type."
        ),
        "{}",
        over.body
    );
    for (min, max, message) in [
        ("1", "0", "Maximum instance count must be greater than zero"),
        ("0", "1", "Minimum instance count must be greater than zero"),
        (
            "3",
            "2",
            "Minimum instance count (3) must not be greater than maximum instance count (2)",
        ),
        ("1", "-1", "Invalid value for MaxCount"),
        (
            "1",
            "4294967296",
            "Value (4294967296) for parameter MaxCount is invalid. Expected Integer.",
        ),
    ] {
        let refused = run_instances(&server, min, max);
        assert_eq!(refused.status, 400, "{min}..{max}: {}", refused.body);
        assert!(
            refused.body.contains(&format!(
                "<Code>InvalidParameterValue</Code><Message>{message}</Message>"
            )),
            "{min}..{max}: {}",
            refused.body
        );
    }
}

#[test]
fn request_ids_never_shift_resource_ids() {
    let server = server();
    post(&server, "/moto-api/seed?a=42", "");
    for _ in 0..5 {
        call(&server, "GET", "/bucket", &[], "");
    }
    assert_eq!(
        server.backend().random().instance_id(),
        FIRST_INSTANCE_ID_SEED_42
    );
}

#[test]
fn bodies_over_the_limit_are_refused_with_a_clear_error() {
    let server = Server::start(
        Arc::new(Backend::new(BackendOptions::default())),
        ServerOptions {
            max_body_bytes: 1024,
            ..ServerOptions::default()
        },
    )
    .unwrap();
    let reply = post(&server, "/bucket/big", &"x".repeat(4096));
    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.body,
        "the request body is larger than this server accepts (1024 bytes): raise ServerOptions::max_body_bytes"
    );
    assert_eq!(
        post(&server, "/moto-api/seed?a=1", &"x".repeat(1000)).status,
        200
    );
}

// ---------------------------------------------------------------------------
// Clients that stop sending are cut off.

/// Far longer than the timeouts below: only a server that never closes reaches it.
const GENEROUS: Duration = Duration::from_secs(20);

fn impatient_server() -> Server {
    Server::start(
        Arc::new(Backend::new(BackendOptions::default())),
        ServerOptions {
            header_read_timeout: Duration::from_millis(200),
            body_read_timeout: Duration::from_millis(200),
            ..ServerOptions::default()
        },
    )
    .unwrap()
}

/// Sends `bytes` and reads until the server closes the connection; panics if it has not
/// closed it within [`GENEROUS`].
fn send_and_wait_for_close(server: &Server, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream.set_read_timeout(Some(GENEROUS)).unwrap();
    stream.write_all(bytes).unwrap();
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(error) => panic!(
                "the server did not close the connection within {GENEROUS:?} ({error}); \
                 received so far: {:?}",
                String::from_utf8_lossy(&received)
            ),
        }
    }
    String::from_utf8_lossy(&received).into_owned()
}

#[test]
fn a_half_sent_request_head_is_timed_out() {
    let server = impatient_server();
    let received = send_and_wait_for_close(&server, b"POST /moto-api/seed?a=1 HTT");
    assert_eq!(received, "", "closed without an answer");
    assert_eq!(server.backend().random().current_seed(), None);
}

#[test]
fn a_body_that_stops_arriving_is_answered_408_and_closed() {
    let server = impatient_server();
    let received = send_and_wait_for_close(
        &server,
        b"POST /moto-api/seed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\na=1&",
    );
    assert!(
        received.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{received}"
    );
    assert!(
        received.contains("the request body stopped arriving"),
        "{received}"
    );
    assert_eq!(server.backend().random().current_seed(), None);
}

#[test]
fn an_idle_keep_alive_connection_is_closed() {
    let server = impatient_server();
    let received = send_and_wait_for_close(
        &server,
        b"POST /moto-api/seed?a=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(received.starts_with("HTTP/1.1 200 OK\r\n"), "{received}");
    assert_eq!(server.backend().random().current_seed(), Some(1));
}

#[test]
fn timeouts_default_to_thirty_seconds() {
    let options = ServerOptions::default();
    assert_eq!(options.header_read_timeout, Duration::from_secs(30));
    assert_eq!(options.body_read_timeout, Duration::from_secs(30));
}

// ---------------------------------------------------------------------------
// Web pages cannot drive the control plane.

/// A raw HTTP/1.1 request with exactly these headers (plus Content-Length and
/// Connection: close); the whole answer.
fn raw(server: &Server, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("Content-Length: 0\r\nConnection: close\r\n\r\n");
    let answer = send_and_wait_for_close(server, request.as_bytes());
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        body: body.to_owned(),
        headers: http::HeaderMap::new(),
    }
}

#[test]
fn cross_site_browser_requests_to_the_control_plane_are_refused() {
    let server = server();
    let own = server.address().to_string();
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[("Host", &own), ("Origin", "http://evil.example")],
            "its Origin header (http://evil.example)",
        ),
        (
            &[("Host", &own), ("Origin", "null")],
            "its Origin header (null)",
        ),
        (
            // Another port of the same machine: same site, another origin.
            &[("Host", &own), ("Origin", "http://127.0.0.1:3000")],
            "its Origin header (http://127.0.0.1:3000)",
        ),
        (
            &[("Host", &own), ("Sec-Fetch-Site", "cross-site")],
            "its Sec-Fetch-Site header is cross-site",
        ),
        (
            &[("Host", &own), ("Sec-Fetch-Site", "same-site")],
            "its Sec-Fetch-Site header is same-site",
        ),
        (
            &[("Host", "rebound.evil.example:5000")],
            "its Host header (rebound.evil.example:5000) is not a name of this server",
        ),
    ];
    for (headers, named) in cases {
        let reply = raw(&server, "POST", "/moto-api/seed?a=5", headers);
        assert_eq!(reply.status, 403, "{headers:?}: {}", reply.body);
        assert!(reply.body.contains(named), "{headers:?}: {}", reply.body);
        assert_eq!(server.backend().random().current_seed(), None);
    }
    let host = raw(
        &server,
        "POST",
        "/moto-api/reset",
        &[("Host", "evil.example")],
    );
    assert!(
        host.body.contains("use http://127.0.0.1:"),
        "says what to do: {}",
        host.body
    );
}

#[test]
fn clients_without_browser_headers_and_same_origin_pages_are_served() {
    let server = server();
    let own = server.address().to_string();
    let own_origin = server.endpoint_url();
    let port = server.address().port();
    let localhost = format!("localhost:{port}");
    let sub = format!("moto.localhost:{port}");
    let ipv6 = format!("[::1]:{port}");
    let accepted: [&[(&str, &str)]; 7] = [
        &[("Host", &own)],
        &[("Host", &localhost)],
        &[("Host", &sub)],
        &[("Host", &ipv6)],
        &[("Host", &own), ("Origin", &own_origin)],
        &[("Host", &own), ("Sec-Fetch-Site", "same-origin")],
        &[("Host", &own), ("Sec-Fetch-Site", "none")],
    ];
    for (seed, headers) in accepted.into_iter().enumerate() {
        let reply = raw(
            &server,
            "POST",
            &format!("/moto-api/seed?a={seed}"),
            headers,
        );
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (200, ""),
            "{headers:?}"
        );
        assert_eq!(server.backend().random().current_seed(), Some(seed as u64));
    }
    // Only the control plane is guarded: AWS requests answer as usual.
    let aws = raw(
        &server,
        "GET",
        "/bucket",
        &[
            ("Host", "s3.evil.example"),
            ("Origin", "http://evil.example"),
        ],
    );
    assert_eq!(aws.status, 404, "{}", aws.body);
}

#[test]
fn a_server_started_under_a_name_accepts_it() {
    let server = Server::start(
        Arc::new(Backend::new(BackendOptions::default())),
        ServerOptions {
            host_names: vec!["moto".to_owned()],
            ..ServerOptions::default()
        },
    )
    .unwrap();
    let reply = raw(
        &server,
        "POST",
        "/moto-api/seed?a=3",
        &[("Host", "moto:5000")],
    );
    assert_eq!((reply.status, reply.body.as_str()), (200, ""));
    let other = raw(
        &server,
        "POST",
        "/moto-api/seed?a=4",
        &[("Host", "other:5000")],
    );
    assert_eq!(other.status, 403);
    assert_eq!(server.backend().random().current_seed(), Some(3));
}

// ---------------------------------------------------------------------------
// Lifecycle and isolation.

#[test]
fn backends_are_isolated() {
    let (a, b) = (server(), server());
    assert_ne!(a.address(), b.address());
    post(&a, "/moto-api/seed?a=42", "");
    post(&a, "/moto-api/recorder/start-recording", "");
    assert_eq!(b.backend().random().current_seed(), None);
    assert!(!b.backend().recorder().is_recording());
}

#[test]
fn dropping_the_server_stops_it() {
    let server = server();
    let address = server.address();
    assert_eq!(post(&server, "/moto-api/seed?a=1", "").status, 200);
    drop(server);
    assert!(
        std::net::TcpStream::connect(address).is_err(),
        "nothing listens any more"
    );
}

#[test]
fn binding_a_taken_address_is_an_error_naming_it() {
    let first = server();
    let error = Server::start(
        Arc::new(Backend::new(BackendOptions::default())),
        ServerOptions {
            address: first.address(),
            ..ServerOptions::default()
        },
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with(&format!("cannot listen on {}", first.address())),
        "{error}"
    );
}

#[test]
fn in_process_replay_skips_the_socket_and_is_checked() {
    let server = server();
    let fixture = Recording::with_seed(42, []);
    let report = server.replay(&fixture).unwrap();
    assert_eq!(report.replayed, 1);
    assert_eq!(
        server.backend().random().instance_id(),
        FIRST_INSTANCE_ID_SEED_42
    );
    let bad = Recording::parse(
        "tests/fixtures/bad.jsonl",
        b"{\"method\": \"DELETE\", \"url\": \"http://localhost:5000/moto-api/reset\", \"status\": 200}\n",
    )
    .unwrap();
    let error = server.replay(&bad).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("tests/fixtures/bad.jsonl:1: replaying DELETE /moto-api/reset failed"),
        "{error}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn works_inside_a_current_thread_runtime() {
    let server = server();
    let fixture = Recording::with_seed(42, []);
    server.replay(&fixture).unwrap();
    let url = format!("{}/moto-api/seed?a=5", server.endpoint_url());
    let status = tokio::task::spawn_blocking(move || {
        ureq::post(&url).send_empty().unwrap().status().as_u16()
    })
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert_eq!(server.backend().random().current_seed(), Some(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_inside_a_multi_thread_runtime() {
    let server = server();
    server.replay(&Recording::with_seed(9, [])).unwrap();
    assert_eq!(server.backend().random().current_seed(), Some(9));
    drop(server);
}
