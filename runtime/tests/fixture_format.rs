//! The fixture format against real Moto 5.2 files, malformed input and properties.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use moto_recorded_runtime::recording::{
    Canonicalizer, CapturedRequest, Entry, LineError, PLACEHOLDER_SIGNATURE, ParseError, ReadError,
    Recording, SecretField, SecretKind, WriteError,
};
use proptest::prelude::*;

/// A recording Moto 5.2 wrote: the committed ones, or fresh ones from
/// `interop/record_moto_samples.py` when `MOTO_RECORDED_SAMPLES_DIR` names their directory.
fn moto_sample(name: &str) -> Recording {
    let directory = match std::env::var_os("MOTO_RECORDED_SAMPLES_DIR") {
        Some(directory) => PathBuf::from(directory),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/moto-5.2"),
    };
    let path = directory.join(name);
    Recording::read(&path).unwrap_or_else(|error| panic!("{error}"))
}

fn parse(text: &str) -> Result<Recording, ParseError> {
    Recording::parse("tests/fixtures/bad.jsonl", text.as_bytes())
}

fn error_of(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

/// Every recording in `tests/data/moto-5.2` (see `interop/record_moto_samples.py`).
const MOTO_SAMPLES: [&str; 5] = [
    "s3_objects.jsonl",
    "dynamodb_table.jsonl",
    "sqs_queue.jsonl",
    "ec2_instances.jsonl",
    "decorator_s3.jsonl",
];

const GOOD: &str = r#"{"headers": {}, "method": "GET", "url": "http://localhost:5000/b", "body": "", "body_encoded": false}"#;

// ---------------------------------------------------------------------------
// Files stock Moto 5.2.5 wrote (see interop/record_moto_samples.py).

#[test]
fn reads_every_moto_sample() {
    for name in MOTO_SAMPLES {
        let recording = moto_sample(name);
        assert!(!recording.is_empty(), "{name}");
        for (_, entry) in recording.lines() {
            assert!(entry.url_parts().is_some(), "{name}: {}", entry.url);
        }
    }
}

#[test]
fn moto_server_samples_start_with_the_seed_request() {
    for name in [
        "s3_objects.jsonl",
        "dynamodb_table.jsonl",
        "sqs_queue.jsonl",
        "ec2_instances.jsonl",
    ] {
        assert_eq!(moto_sample(name).seed(), Some(42), "{name}");
    }
    assert_eq!(moto_sample("decorator_s3.jsonl").seed(), None);
}

#[test]
fn moto_base64_bodies_decode_to_the_bytes_boto3_sent() {
    let s3 = moto_sample("s3_objects.jsonl");
    let put = |key: &str| {
        s3.entries()
            .iter()
            .find(|entry| entry.method == "PUT" && entry.url.ends_with(key))
            .unwrap_or_else(|| panic!("no PUT of {key}"))
    };
    assert_eq!(
        put("/notes/hello.txt").body.as_deref(),
        Some(&b"hello from moto\n"[..])
    );
    let all_bytes: Vec<u8> = (0..=255).collect();
    assert_eq!(
        put("/blobs/bytes.bin").body.as_deref(),
        Some(&all_bytes[..])
    );
    assert_eq!(
        put("/notes/hello.txt").header("content-type"),
        Some("text/plain")
    );

    let dynamo = moto_sample("dynamodb_table.jsonl");
    let put_item = dynamo
        .entries()
        .iter()
        .find(|entry| entry.operation() == Some("PutItem"))
        .unwrap();
    let body = String::from_utf8(put_item.body.clone().unwrap()).unwrap();
    assert!(
        body.contains(r#""note": {"S": "caf\u00e9 \u2615"}"#),
        "{body}"
    );

    let ec2 = moto_sample("ec2_instances.jsonl");
    let operations: Vec<_> = ec2.entries().iter().map(Entry::operation).collect();
    assert_eq!(
        operations,
        [None, Some("RunInstances"), Some("DescribeInstances")]
    );
    assert_eq!(ec2.entries()[0].operation(), None);
    assert!(ec2.entries()[0].is_control_plane());
}

#[test]
fn moto_samples_canonicalise_without_secrets_or_run_specific_values() {
    for name in MOTO_SAMPLES {
        let original = moto_sample(name);
        let canonical = original.canonical();
        let text = canonical.to_jsonl();
        for forbidden in [
            "X-Amz-Date",
            "Amz-Sdk-Invocation-Id",
            "User-Agent",
            "Host",
            "127.0.0.1",
        ] {
            assert!(
                !text.contains(forbidden),
                "{name} still has {forbidden}:\n{text}"
            );
        }
        // Nothing of the day or the signatures of the recording survives.
        for (_, entry) in original.lines() {
            if let Some(date) = entry.header("x-amz-date") {
                assert!(
                    !text.contains(&date[..8]),
                    "{name} still has the date {date}"
                );
            }
            let signature = entry
                .header("authorization")
                .and_then(|auth| auth.split("Signature=").nth(1));
            if let Some(signature) = signature {
                assert!(!text.contains(signature), "{name} still has a signature");
            }
        }
        for (_, entry) in canonical.lines() {
            assert!(
                entry.url.starts_with("http://localhost:5000/"),
                "{}",
                entry.url
            );
            if let Some(auth) = entry.header("authorization") {
                assert!(
                    auth.ends_with(&format!("Signature={PLACEHOLDER_SIGNATURE}")),
                    "{auth}"
                );
            }
        }
        // Same meaning: method, operation and (decoded) body bytes survive.
        for (before, after) in original.entries().iter().zip(canonical.entries()) {
            assert_eq!(before.method, after.method);
            assert_eq!(before.operation(), after.operation());
        }
        assert_eq!(
            canonical.canonical(),
            canonical,
            "{name}: canonical form is a fixed point"
        );
        let reparsed = Recording::parse(canonical.source(), text.as_bytes()).unwrap();
        assert_eq!(reparsed.entries(), canonical.entries(), "{name}");
    }
}

#[test]
fn moto_decorator_mode_chunked_upload_is_decoded() {
    let canonical = moto_sample("decorator_s3.jsonl").canonical();
    let put = &canonical.entries()[1];
    assert_eq!(
        put.url,
        "http://localhost:5000/moto-samples/notes/hello.txt"
    );
    assert_eq!(put.body.as_deref(), Some(&b"hello from moto\n"[..]));
    assert_eq!(put.header("x-amz-checksum-crc32"), Some("jG6syQ=="));
    assert_eq!(put.header("content-encoding"), None);
    assert_eq!(put.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    // A virtual-hosted request for the bucket itself (`/`) is the bucket's path with its
    // slash, as the SDK writes it in path style: one fixture whichever addressing recorded.
    assert_eq!(
        canonical.entries()[0].url,
        "http://localhost:5000/moto-samples/"
    );
}

#[test]
fn moto_sqs_queue_urls_lose_the_ephemeral_port() {
    let canonical = moto_sample("sqs_queue.jsonl").canonical();
    let text = canonical.to_jsonl();
    assert!(
        text.contains("http://localhost:5000/123456789012/jobs"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// What the reader tolerates, as Moto does.

#[test]
fn tolerates_crlf_blank_lines_bom_and_a_missing_final_newline() {
    let text = format!("\u{feff}{GOOD}\r\n\r\n   \n{GOOD}");
    let recording = parse(&text).unwrap();
    assert_eq!(
        recording.lines().map(|(line, _)| line).collect::<Vec<_>>(),
        [1, 4]
    );
    assert!(parse("").unwrap().is_empty());
    assert!(parse("\n\n").unwrap().is_empty());
}

#[test]
fn tolerates_unknown_keys_null_headers_and_null_or_missing_bodies() {
    let entry = |line: &str| parse(line).unwrap().entries()[0].clone();
    let extra = entry(
        r#"{"headers": null, "method": "GET", "url": "http://h/", "body": null, "x-note": [1, {"a": 2}]}"#,
    );
    assert!(extra.headers.is_empty());
    assert_eq!(extra.body, None);
    // Moto's replay sends "{}" when a line has no body at all.
    let missing = entry(r#"{"method": "POST", "url": "http://h/"}"#);
    assert_eq!(missing.body.as_deref(), Some(&b"{}"[..]));
    let with_status = entry(r#"{"method": "GET", "url": "http://h/", "status": 404}"#);
    assert_eq!(with_status.status, Some(404));
}

#[test]
fn keeps_header_order_as_written() {
    let recording =
        parse(r#"{"headers": {"Zeta": "1", "Alpha": "2"}, "method": "GET", "url": "http://h/"}"#)
            .unwrap();
    let names: Vec<&str> = recording.entries()[0]
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["Zeta", "Alpha"]);
}

// ---------------------------------------------------------------------------
// Every malformed input names the file and line and says what is wrong.

#[test]
fn malformed_lines_are_named_with_file_line_and_cause() {
    let cases: &[(&str, &str)] = &[
        (
            "{not json}\n",
            "tests/fixtures/bad.jsonl:1: invalid JSON at column 2: key must be a string",
        ),
        (
            "[1, 2]\n",
            "tests/fixtures/bad.jsonl:1: expected a JSON object per line, found an array",
        ),
        (
            "\"text\"\n",
            "tests/fixtures/bad.jsonl:1: expected a JSON object per line, found a string",
        ),
        (
            "42\n",
            "tests/fixtures/bad.jsonl:1: expected a JSON object per line, found a number",
        ),
        (
            r#"{"url": "http://h/"}"#,
            "tests/fixtures/bad.jsonl:1: missing `method`: every line needs \"method\" and \"url\"",
        ),
        (
            r#"{"method": "GET"}"#,
            "tests/fixtures/bad.jsonl:1: missing `url`: every line needs \"method\" and \"url\"",
        ),
        (
            r#"{"method": 5, "url": "http://h/"}"#,
            "tests/fixtures/bad.jsonl:1: `method` must be a string, found a number",
        ),
        (
            r#"{"method": "GE T", "url": "http://h/"}"#,
            "tests/fixtures/bad.jsonl:1: `method` \"GE T\" is not an HTTP method such as \"GET\" or \"PUT\"",
        ),
        (
            r#"{"method": "GET", "url": "/relative"}"#,
            "tests/fixtures/bad.jsonl:1: `url` \"/relative\" is not an absolute http:// or https:// url",
        ),
        (
            r#"{"method": "GET", "url": "http://h/", "headers": {"X-Count": 3}}"#,
            "tests/fixtures/bad.jsonl:1: header `X-Count` must have a string value, found a number",
        ),
        (
            r#"{"method": "GET", "url": "http://h/", "headers": ["a"]}"#,
            "tests/fixtures/bad.jsonl:1: `headers` must be an object of strings, found an array",
        ),
        (
            r#"{"method": "GET", "url": "http://h/", "body": "not base64!", "body_encoded": true}"#,
            "tests/fixtures/bad.jsonl:1: `body` is not valid base64 although `body_encoded` is true (Invalid symbol 32, offset 3.)",
        ),
        (
            r#"{"method": "GET", "url": "http://h/", "body": {"a": 1}}"#,
            "tests/fixtures/bad.jsonl:1: `body` must be a string or null, found an object",
        ),
        (
            r#"{"method": "GET", "url": "http://h/", "body_encoded": "yes"}"#,
            "tests/fixtures/bad.jsonl:1: `body_encoded` must be true or false, found a string",
        ),
        (
            r#"{"method": "GET", "url": "http://h/", "status": 99}"#,
            "tests/fixtures/bad.jsonl:1: `status` must be an HTTP status code from 100 to 599, found 99",
        ),
        (
            r#"{"method": "GET", "url": "http://h/", "status": "200"}"#,
            "tests/fixtures/bad.jsonl:1: `status` must be an HTTP status code from 100 to 599, found \"200\"",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&error_of(text), expected, "for input {text}");
    }
}

#[test]
fn errors_point_at_the_right_line() {
    let text = format!("{GOOD}\n\n{GOOD}\n{{\"method\": \"GET\"}}\n{GOOD}\n");
    let error = parse(&text).unwrap_err();
    assert_eq!(error.line, 4);
    assert_eq!(error.kind, LineError::MissingKey { key: "url" });
}

#[test]
fn a_cut_off_last_line_is_reported_as_truncated() {
    let text = format!("{GOOD}\n{}", &GOOD[..40]);
    assert_eq!(
        error_of(&text),
        "tests/fixtures/bad.jsonl:2: the file ends in the middle of this line's JSON object \
         (it looks cut short): re-record it, or delete the partial line"
    );
    // The same text followed by a newline is an unterminated line, not a cut-off file.
    let error = parse(&format!("{}\n{GOOD}\n", &GOOD[..40])).unwrap_err();
    assert!(
        matches!(error.kind, LineError::InvalidJson { .. }),
        "{error}"
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_line() {
    let mut bytes = format!("{GOOD}\n").into_bytes();
    bytes.extend_from_slice(b"{\"method\": \"GET\xff\"}\n");
    let error = Recording::parse("f.jsonl", &bytes).unwrap_err();
    assert_eq!(
        error.to_string(),
        "f.jsonl:2: the line is not valid UTF-8: recordings are JSON text"
    );
}

#[test]
fn missing_files_name_the_path() {
    let error = Recording::read(Path::new("/nonexistent/orders.jsonl")).unwrap_err();
    assert!(matches!(error, ReadError::Io { .. }));
    assert!(
        error
            .to_string()
            .starts_with("cannot read recording /nonexistent/orders.jsonl: "),
        "{error}"
    );
}

// ---------------------------------------------------------------------------
// Writing fixtures.

#[test]
fn fixtures_are_written_atomically_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/orders.jsonl");
    let fixture = Recording::with_seed(42, [entry_with_body(b"\x00\x01binary".to_vec())]);
    fixture.write_atomic(&path).unwrap();
    let read = Recording::read(&path).unwrap();
    assert_eq!(read.entries(), fixture.entries());
    assert_eq!(read.seed(), Some(42));
    let leftovers: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(
        leftovers,
        std::slice::from_ref(&path),
        "no temporary files are left behind"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode(&path),
            0o644,
            "a new fixture is readable by everyone, like any file"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        fixture.write_atomic(&path).unwrap();
        assert_eq!(mode(&path), 0o664, "rewriting keeps the fixture's mode");
    }
}

#[test]
fn a_failed_write_leaves_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the fixture should go: the final rename fails.
    let path = dir.path().join("orders.jsonl");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("keep"), b"kept").unwrap();
    let error = Recording::with_seed(1, []).write_atomic(&path).unwrap_err();
    assert!(error.to_string().contains("orders.jsonl"), "{error}");
    assert_eq!(std::fs::read(path.join("keep")).unwrap(), b"kept");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "temporary file removed"
    );
}

// ---------------------------------------------------------------------------
// No secret in a fixture.

/// Every `.jsonl` under `directory`, recursively.
fn jsonl_files(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            jsonl_files(&path, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "jsonl")
        {
            found.push(path);
        }
    }
}

#[test]
fn every_committed_fixture_passes_the_credential_scan() {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    jsonl_files(&runtime.join("../tests/fixtures"), &mut files);
    jsonl_files(&runtime.join("tests/data"), &mut files);
    assert!(files.len() >= 10, "{files:?}");
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        let recording = Recording::read(&file).unwrap();
        assert_eq!(recording.find_credentials(), None, "{}", file.display());
        let canonical = recording.canonical();
        assert_eq!(canonical.find_credentials(), None, "{}", file.display());
        let copy = dir.path().join(file.file_name().unwrap());
        recording.write_atomic(&copy).unwrap();
        canonical.write_atomic(&copy).unwrap();
    }
}

#[test]
fn a_fixture_holding_a_credential_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.jsonl");
    let mut leaky = entry_with_body(b"x".to_vec());
    leaky
        .headers
        .push(("X-Amz-Security-Token".into(), "FwoGZXIvYXdzEJr".into()));
    let fixture = Recording::with_seed(42, [entry_with_body(b"ok".to_vec()), leaky]);
    let error = fixture.write_atomic(&path).unwrap_err();
    let WriteError::Credentials { finding, .. } = &error else {
        panic!("{error}");
    };
    assert_eq!(finding.line, 3, "the seed line is line 1");
    assert_eq!(
        finding.field,
        SecretField::Header("X-Amz-Security-Token".into())
    );
    assert_eq!(finding.kind, SecretKind::SessionToken);
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "refusing to write recording {}: line 3, header `X-Amz-Security-Token` holds an AWS \
             session token; nothing was written. ",
            path.display()
        )),
        "{message}"
    );
    assert!(message.contains("Recording::canonical()"), "{message}");
    assert_eq!(error.path(), path);
    assert!(!path.exists(), "nothing written");

    // An existing fixture is kept as it was.
    std::fs::write(&path, b"previous\n").unwrap();
    assert!(fixture.write_atomic(&path).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"previous\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // Canonical, it is written.
    fixture.canonical().write_atomic(&path).unwrap();
}

#[test]
fn requests_full_of_credentials_canonicalise_to_a_fixture_without_them() {
    let sse_key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    let token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD";
    let auth = "AWS4-HMAC-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/20241124/us-east-1/s3/aws4_request, \
                SignedHeaders=host;x-amz-date, Signature=8d0a7a5ff2ac1e4fd8a1c1f6e6fbd2a8";
    let headers: [(&str, &[u8]); 8] = [
        ("host", b"127.0.0.1:41234"),
        ("authorization", auth.as_bytes()),
        ("x-amz-security-token", token.as_bytes()),
        ("cookie", b"session=abc"),
        ("x-amz-server-side-encryption-customer-algorithm", b"AES256"),
        (
            "x-amz-server-side-encryption-customer-key",
            sse_key.as_bytes(),
        ),
        ("content-encoding", b"aws-chunked"),
        (
            "x-amz-content-sha256",
            b"STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        ),
    ];
    let cut_short = b"5;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\nhel";
    let mut canonicalizer = Canonicalizer::new();
    let put = canonicalizer.captured(
        &CapturedRequest {
            method: "PUT",
            uri: "/b/k?x-id=PutObject",
            headers: &headers,
            body: cut_short,
        },
        Some(400),
    );
    let get = canonicalizer.captured(
        &CapturedRequest {
            method: "GET",
            uri: "/b/k?AWSAccessKeyId=ASIAQNVKZ7XJ2PLH4RTE&Signature=o3XGk%2Bqz&Expires=1732444444\
                  &x-amz-security-token=FwoGZXIvYXdzEJr",
            headers: &[("host", b"127.0.0.1:41234")],
            body: b"",
        },
        Some(200),
    );
    let fixture = Recording::with_seed(42, [put, get]);
    assert_eq!(fixture.find_credentials(), None);
    let text = fixture.to_jsonl();
    for secret in [
        "AKIAY34FZKBOKMUTVV7A",
        "ASIAQNVKZ7XJ2PLH4RTE",
        token,
        "FwoGZXIvYXdz",
        "session=abc",
        sse_key,
        "ad80c730",
        "1732444444",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let dir = tempfile::tempdir().unwrap();
    fixture.write_atomic(&dir.path().join("f.jsonl")).unwrap();

    // The same entries as sent, uncanonical, are refused: the first field that leaks.
    let raw = Recording::new(vec![Entry {
        headers: headers
            .iter()
            .map(|(name, value)| {
                (
                    (*name).to_owned(),
                    String::from_utf8_lossy(value).into_owned(),
                )
            })
            .collect(),
        method: "PUT".into(),
        url: "http://127.0.0.1:41234/b/k".into(),
        body: Some(cut_short.to_vec()),
        status: None,
    }]);
    let finding = raw.find_credentials().unwrap();
    assert_eq!(
        (finding.line, finding.field, finding.kind),
        (
            1,
            SecretField::Header("authorization".into()),
            SecretKind::AccessKeyId
        )
    );
}

fn entry_with_body(body: Vec<u8>) -> Entry {
    Entry {
        headers: vec![("Content-Type".into(), "application/octet-stream".into())],
        method: "PUT".into(),
        url: "http://localhost:5000/b/k".into(),
        body: Some(body),
        status: Some(200),
    }
}

// ---------------------------------------------------------------------------
// Properties.

fn header_name() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9-]{0,20}"
}

fn arbitrary_entry() -> impl Strategy<Value = Entry> {
    (
        proptest::collection::btree_map(header_name(), any::<String>(), 0..6),
        "[A-Z]{1,8}",
        "(/[a-zA-Z0-9._~%-]{0,12}){0,4}",
        proptest::option::of("[a-zA-Z0-9=&%._-]{0,30}"),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..200)),
        proptest::option::of(100u16..600),
        any::<bool>(),
    )
        .prop_map(|(headers, method, path, query, body, status, text)| {
            // Half the bodies are text (any Unicode), half arbitrary bytes.
            let body = body.map(|bytes| {
                if text {
                    String::from_utf8_lossy(&bytes).into_owned().into_bytes()
                } else {
                    bytes
                }
            });
            let mut url = format!("http://localhost:5000{path}");
            if let Some(query) = query {
                url.push('?');
                url.push_str(&query);
            }
            Entry {
                headers: headers.into_iter().collect(),
                method,
                url,
                body,
                status,
            }
        })
}

proptest! {
    #[test]
    fn parse_of_write_is_identity(entries in proptest::collection::vec(arbitrary_entry(), 0..8)) {
        let recording = Recording::new(entries);
        let text = recording.to_jsonl();
        prop_assert!(text.is_ascii(), "written like json.dumps: ASCII only");
        let parsed = Recording::parse("p", text.as_bytes()).unwrap();
        prop_assert_eq!(parsed.entries(), recording.entries());
    }

    #[test]
    fn arbitrary_bytes_round_trip_as_bodies(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let recording = Recording::new(vec![entry_with_body(body.clone())]);
        let parsed = Recording::parse("p", recording.to_jsonl().as_bytes()).unwrap();
        prop_assert_eq!(parsed.entries()[0].body.as_deref(), Some(&body[..]));
    }

    #[test]
    fn canonical_form_is_a_fixed_point(entry in arbitrary_entry()) {
        let once = Canonicalizer::new().entry(&entry);
        let twice = Canonicalizer::new().entry(&once);
        prop_assert_eq!(&twice, &once);
        let parsed = Recording::parse("p", Recording::new(vec![once.clone()]).to_jsonl().as_bytes()).unwrap();
        prop_assert_eq!(&parsed.entries()[0], &once);
    }

    #[test]
    fn canonical_requests_carry_no_credentials(
        key in "(AKIA|ASIA)[A-Z0-9]{16}",
        token in "(FwoGZXIvYXdz|IQoJb3JpZ2lu)[A-Za-z0-9+/]{40,80}",
        sse_key in "[A-Za-z0-9+/]{43}=",
        date in "20[1-9][0-9](0[1-9]|1[0-2])[0-2][1-9]",
        lower_case_token in any::<bool>(),
        sigv2 in any::<bool>(),
    ) {
        let encoded_token = token.replace('/', "%2F").replace('+', "%2B");
        let token_name = if lower_case_token { "x-amz-security-token" } else { "X-Amz-Security-Token" };
        let uri = if sigv2 {
            format!("/b/k?AWSAccessKeyId={key}&Signature=c2ln&Expires=1732444444&{token_name}={encoded_token}")
        } else {
            format!(
                "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={key}%2F{date}%2Fus-east-1%2Fs3%2Faws4_request\
                 &X-Amz-Date={date}T101112Z&X-Amz-Expires=900&{token_name}={encoded_token}&X-Amz-Signature=ab"
            )
        };
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential={key}/{date}/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab"
        );
        let cookie = format!("session={token}");
        let headers: Vec<(&str, &[u8])> = vec![
            ("host", b"127.0.0.1:41234"),
            ("authorization", auth.as_bytes()),
            ("x-amz-security-token", token.as_bytes()),
            ("cookie", cookie.as_bytes()),
            ("x-amz-server-side-encryption-customer-key", sse_key.as_bytes()),
            ("x-amz-copy-source-server-side-encryption-customer-key", sse_key.as_bytes()),
        ];
        let request = CapturedRequest { method: "GET", uri: &uri, headers: &headers, body: b"" };
        let entry = Canonicalizer::new().captured(&request, Some(200));
        let fixture = Recording::new(vec![entry]);
        prop_assert_eq!(fixture.find_credentials(), None);
        let text = fixture.to_jsonl();
        for secret in [&key, &token, &encoded_token, &sse_key, &date] {
            prop_assert!(!text.contains(secret.as_str()), "{} in {}", secret, text);
        }
    }

    #[test]
    fn captured_requests_canonicalise_to_a_fixed_point(
        headers in proptest::collection::vec((header_name(), "[ -~]{0,40}"), 0..8),
        host in "(127\\.0\\.0\\.1|localhost|[a-z]{1,8}\\.localhost|[a-z]{1,8}\\.s3\\.amazonaws\\.com):[0-9]{1,5}",
        path in "(/[a-zA-Z0-9._-]{0,12}){0,4}",
        body in proptest::collection::vec(any::<u8>(), 0..300),
        json in any::<bool>(),
    ) {
        let mut headers: Vec<(String, String)> = headers;
        headers.push(("host".into(), host));
        if json {
            headers.push(("content-type".into(), "application/x-amz-json-1.0".into()));
        }
        let raw: Vec<(&str, &[u8])> = headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes())).collect();
        let uri = format!("{path}?x-id=PutObject");
        let request = CapturedRequest { method: "put", uri: &uri, headers: &raw, body: &body };
        let once = Canonicalizer::new().captured(&request, Some(200));
        prop_assert!(once.url.starts_with("http://localhost:5000/"));
        prop_assert_eq!(once.header("host"), None);
        prop_assert_eq!(&Canonicalizer::new().entry(&once), &once);
    }
}
