//! The recorder: Moto's semantics, in memory and file-backed, and checked replay.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::Arc;

use moto_recorded_runtime::recorder::{
    Recorder, RecorderError, ReplayFailure, ReplayResponse, Storage, TransportError,
};
use moto_recorded_runtime::recording::{CapturedRequest, Entry, Recording};

const HEADERS: &[(&str, &[u8])] = &[
    ("host", b"127.0.0.1:40000"),
    ("x-amz-date", b"20241124T101112Z"),
    ("content-type", b"application/x-amz-json-1.0"),
    ("x-amz-target", b"DynamoDB_20120810.PutItem"),
];

fn request(uri: &str) -> CapturedRequest<'_> {
    CapturedRequest {
        method: "POST",
        uri,
        headers: HEADERS,
        body: br#"{"TableName":"orders"}"#,
    }
}

fn record(recorder: &Recorder, uri: &str, status: u16) {
    if let Some(pending) = recorder.capture(&request(uri)) {
        pending.complete(status);
    }
}

fn urls(recorder: &Recorder) -> Vec<String> {
    recorder
        .recording()
        .unwrap()
        .entries()
        .iter()
        .map(|entry| entry.url.clone())
        .collect()
}

fn ok() -> impl FnMut(&Entry) -> Result<ReplayResponse, TransportError> {
    |_| {
        Ok(ReplayResponse {
            status: 200,
            body: Vec::new(),
        })
    }
}

#[test]
fn records_only_while_started() {
    let recorder = Recorder::in_memory();
    assert!(!recorder.is_recording());
    record(&recorder, "/before", 200);
    recorder.start();
    assert!(recorder.is_recording());
    record(&recorder, "/during", 200);
    recorder.stop();
    record(&recorder, "/after", 200);
    assert_eq!(urls(&recorder), ["http://localhost:5000/during"]);
}

#[test]
fn logs_canonical_entries_with_their_status() {
    let recorder = Recorder::new(Storage::Memory, true);
    record(&recorder, "/", 400);
    let text = recorder.download().unwrap();
    assert_eq!(
        text,
        "{\"headers\": {\"Content-Type\": \"application/x-amz-json-1.0\", \"X-Amz-Target\": \
         \"DynamoDB_20120810.PutItem\"}, \"method\": \"POST\", \"url\": \"http://localhost:5000/\", \
         \"body\": \"{\\\"TableName\\\":\\\"orders\\\"}\", \"body_encoded\": false, \"status\": 400}\n"
    );
}

#[test]
fn recorder_endpoints_are_never_recorded_but_seed_and_reset_are() {
    let recorder = Recorder::new(Storage::Memory, true);
    for uri in [
        "/moto-api/recorder/start-recording",
        "http://localhost:5000/moto-api/recorder/download-recording",
        "/moto-api/seed?a=42",
        "/moto-api/reset",
    ] {
        record(&recorder, uri, 200);
    }
    assert_eq!(
        urls(&recorder),
        [
            "http://localhost:5000/moto-api/seed?a=42",
            "http://localhost:5000/moto-api/reset"
        ]
    );
}

#[test]
fn entries_keep_arrival_order_when_responses_finish_out_of_order() {
    let recorder = Recorder::new(Storage::Memory, true);
    let first = recorder.capture(&request("/first")).unwrap();
    let second = recorder.capture(&request("/second")).unwrap();
    second.complete(201);
    assert_eq!(
        recorder.download().unwrap(),
        "",
        "waits for the earlier request"
    );
    first.complete(200);
    let recording = recorder.recording().unwrap();
    let seen: Vec<(&str, Option<u16>)> = recording
        .entries()
        .iter()
        .map(|entry| (entry.url.as_str(), entry.status))
        .collect();
    assert_eq!(
        seen,
        [
            ("http://localhost:5000/first", Some(200)),
            ("http://localhost:5000/second", Some(201))
        ]
    );
}

#[test]
fn a_request_that_never_answers_is_logged_without_status() {
    let recorder = Recorder::new(Storage::Memory, true);
    drop(recorder.capture(&request("/aborted")));
    let recording = recorder.recording().unwrap();
    assert_eq!(recording.entries()[0].status, None);
}

#[test]
fn reset_empties_the_log_and_forgets_requests_in_flight() {
    let recorder = Recorder::new(Storage::Memory, true);
    record(&recorder, "/kept-before-reset", 200);
    let in_flight = recorder.capture(&request("/in-flight")).unwrap();
    recorder.reset().unwrap();
    in_flight.complete(200);
    assert_eq!(recorder.download().unwrap(), "");
    record(&recorder, "/after", 200);
    assert_eq!(urls(&recorder), ["http://localhost:5000/after"]);
    assert!(
        recorder.is_recording(),
        "reset does not change on/off, as in Moto"
    );
}

#[test]
fn upload_replaces_the_log_verbatim_and_download_returns_it() {
    let recorder = Recorder::in_memory();
    let moto_file = std::fs::read_to_string(sample("sqs_queue.jsonl")).unwrap();
    let uploaded = recorder.upload(&moto_file).unwrap();
    assert_eq!(uploaded.len(), 4);
    assert_eq!(recorder.download().unwrap(), moto_file);
}

#[test]
fn a_malformed_upload_is_rejected_and_the_previous_log_kept() {
    let recorder = Recorder::new(Storage::Memory, true);
    record(&recorder, "/good", 200);
    let before = recorder.download().unwrap();
    let error = recorder
        .upload("{\"method\": \"GET\", \"url\": \"http://h/\"}\n{\"method\": \"GET\"}\n")
        .unwrap_err();
    assert!(matches!(error, RecorderError::Parse(_)));
    assert_eq!(
        error.to_string(),
        "uploaded recording:2: missing `url`: every line needs \"method\" and \"url\""
    );
    assert_eq!(recorder.download().unwrap(), before);
}

#[test]
fn an_upload_that_is_not_utf8_is_rejected_naming_its_line() {
    let recorder = Recorder::new(Storage::Memory, true);
    record(&recorder, "/good", 200);
    let before = recorder.download().unwrap();
    let error = recorder
        .upload(b"{\"method\": \"GET\", \"url\": \"http://h/\"}\n\n{\"method\": \"GET\xc3\"}\n")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "uploaded recording:3: the line is not valid UTF-8: recordings are JSON text"
    );
    assert_eq!(recorder.download().unwrap(), before);
}

#[test]
fn replaying_a_log_that_calls_the_recorder_sends_nothing() {
    let recorder = Recorder::in_memory();
    recorder
        .upload(concat!(
            "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=1\"}\n",
            "{\"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/recorder/replay-recording\"}\n",
        ))
        .unwrap();
    let mut sent = 0;
    let mut target = |_: &Entry| -> Result<ReplayResponse, TransportError> {
        sent += 1;
        Ok(ReplayResponse {
            status: 200,
            body: Vec::new(),
        })
    };
    let error = recorder.replay(&mut target).unwrap_err();
    assert_eq!(sent, 0);
    let RecorderError::Replay(error) = error else {
        panic!("{error}")
    };
    assert_eq!(error.line, 2);
    assert!(matches!(
        *error.failure,
        ReplayFailure::RecorderCall { line: 2, .. }
    ));
}

#[test]
fn appends_after_an_upload_without_final_newline_start_a_new_line() {
    let recorder = Recorder::new(Storage::Memory, true);
    recorder
        .upload("{\"method\": \"GET\", \"url\": \"http://h/uploaded\"}")
        .unwrap();
    record(&recorder, "/appended", 200);
    assert_eq!(
        urls(&recorder),
        ["http://h/uploaded", "http://localhost:5000/appended"]
    );
}

#[test]
fn file_backed_recorder_appends_as_requests_happen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moto_recording");
    let recorder = Recorder::file(&path, true);
    assert_eq!(recorder.storage(), Storage::File(path.clone()));
    assert_eq!(
        recorder.download().unwrap(),
        "",
        "no file yet is an empty log"
    );
    record(&recorder, "/one", 200);
    assert_eq!(Recording::read(&path).unwrap().len(), 1);
    record(&recorder, "/two", 200);
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert_eq!(on_disk.lines().count(), 2);
    assert_eq!(recorder.download().unwrap(), on_disk);

    recorder.reset().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");

    let moto_file = std::fs::read_to_string(sample("ec2_instances.jsonl")).unwrap();
    recorder.upload(&moto_file).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), moto_file);
    assert!(recorder.upload("not json").is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), moto_file, "kept");
}

#[test]
fn appends_reach_the_file_at_the_path_even_when_it_is_replaced_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moto_recording");
    let recorder = Recorder::file(&path, true);
    record(&recorder, "/one", 200);

    // An upload replaces the file: the next append goes to the new one.
    let moto_file = std::fs::read_to_string(sample("ec2_instances.jsonl")).unwrap();
    recorder.upload(&moto_file).unwrap();
    record(&recorder, "/after-upload", 200);
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(on_disk.starts_with(&moto_file), "{on_disk}");
    let last = urls(&recorder).pop().unwrap();
    assert!(last.ends_with("/after-upload"), "{last}");

    // Removed from outside: the next append creates it again, as Moto's would.
    std::fs::remove_file(&path).unwrap();
    record(&recorder, "/after-removal", 200);
    assert_only_entry(&recorder, "/after-removal");

    // Renamed over from outside: appends follow the path, not the old file.
    let replacement = dir.path().join("replacement");
    std::fs::write(&replacement, "").unwrap();
    std::fs::rename(&replacement, &path).unwrap();
    record(&recorder, "/after-rename", 200);
    assert_only_entry(&recorder, "/after-rename");
}

/// The log holds one entry, for `path`.
fn assert_only_entry(recorder: &Recorder, path: &str) {
    let urls = urls(recorder);
    assert_eq!(urls.len(), 1, "{urls:?}");
    assert!(urls[0].ends_with(path), "{urls:?}");
}

#[test]
fn file_backed_append_failures_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the log file should be: appends fail.
    let path = dir.path().join("log");
    std::fs::create_dir(&path).unwrap();
    let recorder = Recorder::file(&path, true);
    record(&recorder, "/lost", 200);
    let error = recorder.download().unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with(&format!("recorder file {}", path.display())),
        "{error}"
    );
}

#[test]
fn replay_sends_every_entry_in_order_and_suspends_recording() {
    let recorder = Arc::new(Recorder::in_memory());
    let moto_file = std::fs::read_to_string(sample("s3_objects.jsonl")).unwrap();
    recorder.upload(&moto_file).unwrap();
    recorder.start();
    let mut sent = Vec::new();
    let inner = recorder.clone();
    let mut target = |entry: &Entry| -> Result<ReplayResponse, TransportError> {
        // A target that is the recorder's own backend would try to record what it serves.
        assert!(
            !inner.is_recording(),
            "recording is suspended during replay"
        );
        assert!(inner.capture(&request("/from-replay")).is_none());
        sent.push(entry.method.clone());
        Ok(ReplayResponse {
            status: 200,
            body: Vec::new(),
        })
    };
    let report = recorder.replay(&mut target).unwrap();
    assert_eq!(report.replayed, 6);
    assert_eq!(sent, ["POST", "PUT", "PUT", "PUT", "GET", "GET"]);
    assert!(recorder.is_recording(), "restored after the replay");
    assert_eq!(
        recorder.download().unwrap(),
        moto_file,
        "the replay did not record itself"
    );
}

#[test]
fn a_failing_replay_names_the_line_and_restores_recording() {
    let recorder = Recorder::new(Storage::Memory, true);
    record(&recorder, "/one", 200);
    record(&recorder, "/two", 200);
    let mut calls = 0;
    let mut target = |_: &Entry| -> Result<ReplayResponse, TransportError> {
        calls += 1;
        Ok(ReplayResponse {
            status: if calls == 2 { 404 } else { 200 },
            body: b"{\"__type\":\"ResourceNotFoundException\"}".to_vec(),
        })
    };
    let RecorderError::Replay(error) = recorder.replay(&mut target).unwrap_err() else {
        panic!("expected a replay error");
    };
    assert_eq!(error.line, 2);
    assert_eq!(error.source_name, "recorder log");
    assert!(matches!(
        *error.failure,
        ReplayFailure::StatusMismatch {
            recorded: 200,
            actual: 404,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "recorder log:2: replaying POST /two (PutItem) failed: it was recorded with status 200 \
         but answered 404: {\"__type\":\"ResourceNotFoundException\"}"
    );
    assert!(recorder.is_recording());
}

#[test]
fn replay_of_a_file_log_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moto_recording");
    let recorder = Recorder::file(&path, false);
    std::fs::write(
        &path,
        "{\"method\": \"GET\", \"url\": \"http://h/\"}\n{oops}\n",
    )
    .unwrap();
    let error = recorder.replay(&mut ok()).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}:2: invalid JSON", path.display())),
        "{error}"
    );
}

#[test]
fn concurrent_requests_are_all_recorded_once() {
    let recorder = Arc::new(Recorder::new(Storage::Memory, true));
    let threads: Vec<_> = (0..8)
        .map(|thread| {
            let recorder = recorder.clone();
            std::thread::spawn(move || {
                for index in 0..50 {
                    record(&recorder, &format!("/t{thread}/{index}"), 200);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let mut seen = urls(&recorder);
    assert_eq!(seen.len(), 400);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 400);
}

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/moto-5.2")
        .join(name)
}
