//! The process-wide backend of Moto's decorator mode, through the facade.
//!
//! The environment is read once per process, so each case runs this test binary again
//! as a child with the variables it needs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use moto_recorded::recording::Recording;
use moto_recorded::{mock_random, process, recorder};

const CHILD: &str = "MOTO_RECORDED_TEST_CHILD";

fn run_child(test: &str, vars: &[(&str, &Path)], enable: &str) {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            test,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("MOTO_ENABLE_RECORDING", enable)
        .envs(vars.iter().map(|(name, value)| (*name, *value)))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "child {test} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn decorator_mode_records_to_moto_recorder_filepath() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("recording.jsonl");
    run_child(
        "child_records_seeds_and_requests",
        &[("MOTO_RECORDER_FILEPATH", &log)],
        "true",
    );
    let recording = Recording::read(&log).unwrap();
    let paths: Vec<&str> = recording
        .entries()
        .iter()
        .map(|e| e.path_and_query())
        .collect();
    assert_eq!(paths, ["/moto-api/seed?a=42", "/bucket/key"]);
}

#[test]
fn decorator_mode_api_follows_moto() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("moto_recording");
    run_child(
        "child_uses_the_recorder_api",
        &[("MOTO_RECORDER_FILEPATH", &log)],
        "",
    );
}

#[test]
#[ignore = "runs as a child of decorator_mode_records_to_moto_recorder_filepath"]
fn child_records_seeds_and_requests() {
    assert!(std::env::var_os(CHILD).is_some(), "run by its parent test");
    let url = process::endpoint_url().unwrap();
    // MOTO_ENABLE_RECORDING=true: recording from the start, as in Moto.
    ureq::post(format!("{url}/moto-api/seed?a=42"))
        .send_empty()
        .unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    agent.get(format!("{url}/bucket/key")).call().unwrap();
    recorder::stop_recording().unwrap();
    agent
        .get(format!("{url}/bucket/not-recorded"))
        .call()
        .unwrap();
}

#[test]
#[ignore = "runs as a child of decorator_mode_api_follows_moto"]
fn child_uses_the_recorder_api() {
    assert!(std::env::var_os(CHILD).is_some(), "run by its parent test");
    let backend = process::backend().unwrap();
    assert!(
        !backend.recorder().is_recording(),
        "MOTO_ENABLE_RECORDING is empty: off"
    );
    mock_random::seed(42).unwrap();
    assert_eq!(backend.random().instance_id(), "i-e0fea209dfd5ae07c");

    recorder::reset_recording().unwrap();
    recorder::start_recording().unwrap();
    let url = process::endpoint_url().unwrap();
    ureq::post(format!("{url}/moto-api/seed?a=42"))
        .send_empty()
        .unwrap();
    recorder::stop_recording().unwrap();
    let log = recorder::download_recording().unwrap();
    assert_eq!(
        Recording::parse("log", log.as_bytes()).unwrap().seed(),
        Some(42)
    );

    mock_random::seed(1).unwrap();
    recorder::upload_recording(&log).unwrap();
    let report = recorder::replay_recording().unwrap();
    assert_eq!(report.replayed, 1);
    assert_eq!(
        backend.random().current_seed(),
        Some(42),
        "the replay reseeded"
    );
    assert_eq!(
        recorder::download_recording().unwrap(),
        log,
        "replay did not record itself"
    );

    let error = recorder::upload_recording("{oops}\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "uploaded recording:1: invalid JSON at column 2: key must be a string"
    );
    assert_eq!(recorder::download_recording().unwrap(), log);
}
