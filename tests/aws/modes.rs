//! Every mode of `#[moto_recorded]`, run for real: the tests in `children` are run by the
//! tests here as child processes of this binary, each with the environment its case needs
//! (the environment is read once per process). Their fixtures live under
//! `target/moto-recorded-tests/`, inside the crate and ignored by git.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use moto_recorded::recording::Recording;

/// Where the children's fixtures are, as the attribute sees them.
const DIR: &str = "target/moto-recorded-tests";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name)
}

fn fresh(name: &str) -> PathBuf {
    let path = fixture(name);
    let _ = std::fs::remove_file(&path);
    path
}

/// Runs the ignored child tests matching `filter` with `vars` set and CI unset.
fn child(filter: &str, exact: bool, vars: &[(&str, &str)]) -> Output {
    child_with(filter, exact, true, vars)
}

/// [`child`], with the test harness capturing the tests' output unless `nocapture`.
fn child_with(filter: &str, exact: bool, nocapture: bool, vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([filter, "--ignored", "--test-threads=2"]);
    if nocapture {
        command.arg("--nocapture");
    }
    if exact {
        command.arg("--exact");
    }
    command
        .env_remove("CI")
        .env_remove("TF_BUILD")
        .env_remove("MOTO_ENABLE_RECORDING")
        .env_remove("NEXTEST_RUN_ID")
        .envs(vars.iter().copied());
    command.output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn passes(output: &Output) -> String {
    let text = text(output);
    assert!(output.status.success(), "the child failed:\n{text}");
    text
}

fn fails(output: &Output) -> String {
    let text = text(output);
    assert!(!output.status.success(), "the child passed:\n{text}");
    text
}

#[test]
fn a_missing_fixture_is_recorded_then_replayed_then_rerecorded_identically() {
    let path = fresh("orders.jsonl");
    let first = passes(&child("modes::children::orders", true, &[]));
    assert!(
        first.contains(
            "moto-recorded: recorded target/moto-recorded-tests/orders.jsonl (2 requests, \
             seed 42) because it did not exist"
        ),
        "{first}"
    );
    assert!(first.contains("mode Recorded"), "{first}");
    let recorded = std::fs::read_to_string(&path).unwrap();
    let recording = Recording::parse("orders", recorded.as_bytes()).unwrap();
    assert_eq!(recording.seed(), Some(42));
    assert_eq!(recording.len(), 3);
    assert!(
        !recorded.contains("127.0.0.1") && !recorded.contains("X-Amz-Date"),
        "{recorded}"
    );

    let second = passes(&child("modes::children::orders", true, &[]));
    assert!(second.contains("mode Replayed"), "{second}");
    assert!(!second.contains("moto-recorded: recorded"), "{second}");
    assert!(!second.contains("failed against"), "{second}");

    let again = passes(&child(
        "modes::children::orders",
        true,
        &[("MOTO_ENABLE_RECORDING", "1")],
    ));
    assert!(
        again.contains("because MOTO_ENABLE_RECORDING is on"),
        "{again}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), recorded);
}

#[test]
fn a_recorded_fixture_is_announced_even_when_the_output_is_captured() {
    let path = fresh("one_request.jsonl");
    let first = passes(&child_with(
        "modes::children::one_request",
        true,
        false,
        &[],
    ));
    assert!(
        first.contains(
            "moto-recorded: recorded target/moto-recorded-tests/one_request.jsonl (1 request, \
             seed 42) because it did not exist"
        ),
        "{first}"
    );
    assert!(path.exists());
}

#[test]
fn recording_asked_for_on_ci_records() {
    let path = fresh("on_ci_asked.jsonl");
    let recorded = passes(&child(
        "modes::children::on_ci_asked",
        true,
        &[("CI", "true"), ("MOTO_ENABLE_RECORDING", "1")],
    ));
    assert!(
        recorded.contains("because MOTO_ENABLE_RECORDING is on"),
        "{recorded}"
    );
    assert!(path.exists());
}

#[test]
fn a_missing_fixture_on_ci_fails_with_the_command_that_records_it() {
    let path = fresh("on_ci.jsonl");
    let failed = fails(&child("modes::children::on_ci", true, &[("CI", "true")]));
    // At the test, not in the harness: `finish` is called from the generated code.
    assert!(
        failed.contains("panicked at tests/aws/modes.rs:"),
        "{failed}"
    );
    assert!(
        failed.contains(&format!(
            "moto-recorded: fixture {} does not exist, and on CI (CI is set) a missing fixture \
             is not recorded. Record it on your machine and commit it:\n    \
             MOTO_ENABLE_RECORDING=1 cargo test -p moto-recorded -- \
             modes::children::on_ci --exact",
            path.display()
        )),
        "{failed}"
    );
    assert!(!path.exists());
}

/// A good fixture that recording must not touch.
fn good_fixture(name: &str) -> (PathBuf, String) {
    let path = fresh(name);
    let text = Recording::with_seed(42, []).to_jsonl();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

/// A fixture of the seed line and `line`.
fn seeded_fixture(name: &str, line: &str) -> PathBuf {
    let path = fresh(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = format!("{}{line}\n", Recording::with_seed(42, []).to_jsonl());
    std::fs::write(&path, text).unwrap();
    path
}

/// A canonical GetObject of an object in a bucket that does not exist, with `status`.
fn get_missing_object(status: Option<u16>) -> String {
    const REQUEST: &str = concat!(
        r#"{"headers": {"Authorization": "AWS4-HMAC-SHA256 Credential=testing/20000101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000"}, "#,
        r#""method": "GET", "url": "http://localhost:5000/missing/o-1.json?x-id=GetObject", "body": "", "body_encoded": false"#
    );
    match status {
        Some(status) => format!("{REQUEST}, \"status\": {status}}}"),
        None => format!("{REQUEST}}}"),
    }
}

#[test]
fn a_panicking_setup_leaves_the_fixture_untouched() {
    let (path, good) = good_fixture("panicking_setup.jsonl");
    let failed = fails(&child(
        "modes::children::panicking_setup",
        true,
        &[("MOTO_ENABLE_RECORDING", "true")],
    ));
    assert!(failed.contains("setup fell over"), "{failed}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
    // And a missing fixture stays missing.
    std::fs::remove_file(&path).unwrap();
    fails(&child("modes::children::panicking_setup", true, &[]));
    assert!(!path.exists());
}

#[test]
fn a_failing_setup_leaves_the_fixture_untouched() {
    let (path, good) = good_fixture("failing_setup.jsonl");
    let failed = fails(&child(
        "modes::children::failing_setup",
        true,
        &[("MOTO_ENABLE_RECORDING", "yes")],
    ));
    assert!(
        failed.contains(&format!(
            "moto-recorded: setup failed while recording {}: \"no orders today\"\nThe \
             fixture was left as it was.",
            path.display()
        )),
        "{failed}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
}

#[test]
fn a_failing_body_never_writes_the_new_recording() {
    let (path, good) = good_fixture("failing_body.jsonl");
    let failed = fails(&child(
        "modes::children::failing_body",
        true,
        &[("MOTO_ENABLE_RECORDING", "on")],
    ));
    assert!(failed.contains("the body fell over"), "{failed}");
    assert!(
        failed.contains(&format!(
            "moto-recorded: the test failed, so the new recording of {} was not written \
             (the fixture was left as it was)",
            path.display()
        )),
        "{failed}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
    // A missing fixture stays missing.
    std::fs::remove_file(&path).unwrap();
    fails(&child("modes::children::failing_body", true, &[]));
    assert!(!path.exists());
}

#[test]
fn a_test_without_setup_replays_its_fixture_and_never_applies_its_body_twice() {
    let path = fresh("no_setup.jsonl");
    let failed = fails(&child("modes::children::no_setup_body", true, &[]));
    assert!(
        failed.contains(&format!(
            "moto-recorded: fixture {} does not exist, and modes::children::no_setup_body \
             has no `setup` to record it from.",
            path.display()
        )),
        "{failed}"
    );
    assert!(failed.contains("add `setup = <fn>`"), "{failed}");
    assert!(!failed.contains("the body ran"), "{failed}");
    assert!(!path.exists());

    // A test with a setup records the shared fixture; the body's own requests never
    // reach it, so every run of the body starts from the same state.
    passes(&child("modes::children::no_setup_maker", true, &[]));
    let recorded = std::fs::read_to_string(&path).unwrap();
    for _ in 0..2 {
        let output = passes(&child("modes::children::no_setup_body", true, &[]));
        assert!(output.contains("the body ran"), "{output}");
    }
    let recording = passes(&child(
        "modes::children::no_setup_body",
        true,
        &[("MOTO_ENABLE_RECORDING", "1")],
    ));
    assert_eq!(
        recording
            .matches(
                "MOTO_ENABLE_RECORDING is on, but modes::children::no_setup_body has no `setup`"
            )
            .count(),
        1,
        "{recording}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), recorded);
}

#[test]
fn replay_warnings_are_shown_and_fail_the_test_on_ci() {
    // As Moto writes entries: no status.
    let path = seeded_fixture("warned.jsonl", &get_missing_object(None));
    let warning = format!(
        "moto-recorded: warning: {}:2: GET /missing/o-1.json?x-id=GetObject (GetObject) \
         answered 404 although the entry has no recorded status: ",
        path.display()
    );
    let passed = passes(&child("modes::children::warned", true, &[]));
    assert_eq!(passed.matches(&warning).count(), 1, "{passed}");
    assert!(passed.contains("the body ran"), "{passed}");

    let failed = fails(&child("modes::children::warned", true, &[("CI", "true")]));
    assert!(
        failed.contains("on CI (CI is set) replay warnings fail the test:"),
        "{failed}"
    );
    assert!(failed.contains("NoSuchBucket"), "{failed}");
    assert!(!failed.contains("the body ran"), "{failed}");
}

#[test]
fn a_seed_that_disagrees_with_the_fixture_is_an_error() {
    let (path, _) = good_fixture("seed.jsonl");
    let failed = fails(&child("modes::children::seed_mismatch", true, &[]));
    assert!(
        failed.contains("panicked at tests/aws/modes.rs:"),
        "{failed}"
    );
    assert!(
        failed.contains(&format!(
            "fixture {} was recorded with seed 42, but the test gives seed 7: ids would not \
             match. Write `seed = 42` in the attribute, or re-record the fixture with:\n    \
             MOTO_ENABLE_RECORDING=1 cargo test -p moto-recorded -- \
             modes::children::seed_mismatch --exact",
            path.display()
        )),
        "{failed}"
    );
}

#[test]
fn a_failing_entry_fails_before_the_body_with_line_request_statuses_and_body() {
    let path = seeded_fixture("broken.jsonl", &get_missing_object(Some(200)));
    let failed = fails(&child("modes::children::broken", true, &[]));
    assert!(
        failed.contains(&format!(
            "moto-recorded: {}:2: replaying GET /missing/o-1.json?x-id=GetObject (GetObject) \
             failed: it was recorded with status 200 but answered 404: ",
            path.display()
        )),
        "{failed}"
    );
    assert!(failed.contains("<Code>NoSuchBucket</Code>"), "{failed}");
    assert!(failed.contains("re-record the fixture with:"), "{failed}");
    assert!(!failed.contains("the body ran"), "{failed}");
}

#[test]
fn a_malformed_fixture_names_its_line_and_what_to_do() {
    let path = seeded_fixture("malformed.jsonl", "{\"method\": \"GET\"");
    let failed = fails(&child("modes::children::malformed", true, &[]));
    assert!(
        failed.contains(&format!("moto-recorded: {}:2: ", path.display())),
        "{failed}"
    );
    assert!(
        failed.contains(
            "A fixture has one JSON object per line, as Moto's recorder writes them: fix or \
             remove that line, or re-record the fixture with:\n    MOTO_ENABLE_RECORDING=1 \
             cargo test -p moto-recorded -- modes::children::malformed --exact"
        ),
        "{failed}"
    );
}

#[test]
fn an_empty_fixture_is_refused_before_the_body() {
    let path = fresh("empty.jsonl");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "").unwrap();
    let failed = fails(&child("modes::children::empty", true, &[]));
    assert!(
        failed.contains(&format!(
            "moto-recorded: fixture {} is empty: not even the seed line that starts every \
             fixture, so the body would run against an empty backend. Delete it, and the \
             test records it from its setup, or re-record it with:\n    \
             MOTO_ENABLE_RECORDING=1 cargo test -p moto-recorded -- modes::children::empty \
             --exact",
            path.display()
        )),
        "{failed}"
    );
    assert!(!failed.contains("the body ran"), "{failed}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
}

#[test]
fn a_test_failing_after_a_replay_names_the_fixture_its_setup_and_the_command() {
    let (path, good) = good_fixture("stale.jsonl");
    let failed = fails(&child("modes::children::stale", true, &[]));
    assert!(failed.contains("no orders in the fixture"), "{failed}");
    assert_eq!(
        failed
            .matches(
                "moto-recorded: modes::children::stale failed against \
                 target/moto-recorded-tests/stale.jsonl, replayed as recorded by setup \
                 `aws::modes::children::create_orders`; if that setup changed since, \
                 re-record the fixture with: MOTO_ENABLE_RECORDING=1 cargo test -p \
                 moto-recorded -- modes::children::stale --exact"
            )
            .count(),
        1,
        "{failed}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
}

#[test]
fn two_setups_sharing_a_fixture_fail_both_tests() {
    let path = fresh("conflict.jsonl");
    let failed = fails(&child("modes::children::conflict_", false, &[]));
    assert!(
        failed.contains(
            "fixture target/moto-recorded-tests/conflict.jsonl is recorded by two different \
             setups: `aws::modes::children::"
        ),
        "{failed}"
    );
    for setup in ["create_shared", "create_other_shared"] {
        assert!(
            failed.contains(&format!(
                "`aws::modes::children::{setup}` (test modes::children::conflict_"
            )),
            "{failed}"
        );
    }
    for test in ["conflict_a", "conflict_b"] {
        assert!(
            failed.contains(&format!("test modes::children::{test} ... FAILED")),
            "{failed}"
        );
    }
    assert!(!path.exists());
    // Each fails alone too: a test that runs first, or by itself, knows the other.
    for test in ["conflict_a", "conflict_b"] {
        let alone = fails(&child(&format!("modes::children::{test}"), true, &[]));
        assert!(
            alone.contains("is recorded by two different setups")
                && alone.contains(&format!("test modes::children::{test} ... FAILED")),
            "{alone}"
        );
    }
    assert!(!path.exists());
}

#[test]
fn a_bad_recording_switch_is_an_error_naming_the_variable() {
    let failed = fails(&child(
        "modes::children::orders",
        true,
        &[("MOTO_ENABLE_RECORDING", "False-ish")],
    ));
    assert!(
        failed.contains("environment variable MOTO_ENABLE_RECORDING=\"False-ish\""),
        "{failed}"
    );
}

/// A server on a free port that answers every request 404, as anything but Moto would.
fn not_moto() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut request = [0_u8; 4096];
            let _ = std::io::Read::read(&mut stream, &mut request);
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
            );
        }
    });
    url
}

#[test]
fn a_moto_server_that_is_not_there_or_not_moto_is_one_clear_error() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let failed = fails(&child(
        "modes::children::fresh",
        true,
        &[("MOTO_RECORDED_SERVER", &closed)],
    ));
    assert!(
        failed.contains(&format!(
            "moto-recorded: MOTO_RECORDED_SERVER={closed}: no server answers there ("
        )),
        "{failed}"
    );
    assert!(failed.contains("moto_server -p <port>"), "{failed}");

    let other = not_moto();
    let failed = fails(&child(
        "modes::children::fresh",
        true,
        &[("MOTO_RECORDED_SERVER", &other)],
    ));
    assert!(
        failed.contains(&format!(
            "moto-recorded: MOTO_RECORDED_SERVER={other}: it answers, but not as Moto: POST \
             /moto-api/reset gave 404 not found"
        )),
        "{failed}"
    );
    assert!(!failed.contains("the body ran"), "{failed}");
}

/// The modes the shared children logged, one line each.
fn shared_modes(log: &Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

const SHARED: [&str; 4] = ["shared_a", "shared_b", "shared_c", "shared_d"];

#[test]
fn a_shared_fixture_is_recorded_once_per_run_by_threads_and_by_processes() {
    let path = fresh("shared.jsonl");
    let log = fresh("shared-modes.log");
    let log_var = ("MOTO_RECORDED_TEST_LOG", log.to_str().unwrap());

    // Threads of one process (cargo test), recording on: one records, three replay.
    passes(&child(
        "modes::children::shared_",
        false,
        &[log_var, ("MOTO_ENABLE_RECORDING", "1")],
    ));
    let modes = shared_modes(&log);
    assert_eq!(modes.len(), 4, "{modes:?}");
    assert_eq!(
        modes
            .iter()
            .filter(|mode| mode.ends_with("Recorded"))
            .count(),
        1,
        "{modes:?}"
    );
    let recorded = std::fs::read_to_string(&path).unwrap();

    // One process per test, as cargo nextest runs them: one run id, one recording.
    std::fs::remove_file(&log).unwrap();
    std::fs::remove_file(&path).unwrap();
    let run_id = format!("modes-test-{}", std::process::id());
    let children: Vec<_> = SHARED
        .iter()
        .map(|name| {
            let mut command = Command::new(std::env::current_exe().unwrap());
            command
                .args([
                    &format!("modes::children::{name}"),
                    "--ignored",
                    "--exact",
                    "--nocapture",
                ])
                .env_remove("CI")
                .env_remove("TF_BUILD")
                .env("MOTO_ENABLE_RECORDING", "1")
                .env("NEXTEST_RUN_ID", &run_id)
                .env(log_var.0, log_var.1);
            command
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            command.spawn().unwrap()
        })
        .collect();
    for process in children {
        passes(&process.wait_with_output().unwrap());
    }
    let modes = shared_modes(&log);
    assert_eq!(modes.len(), 4, "{modes:?}");
    assert_eq!(
        modes
            .iter()
            .filter(|mode| mode.ends_with("Recorded"))
            .count(),
        1,
        "{modes:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), recorded);
}

/// The tests the cases above run, each in a process of its own.
mod children {
    use std::io::Write as _;

    use moto_recorded::{Moto, moto_recorded};

    fn s3(moto: &Moto) -> aws_sdk_s3::Client {
        let config = aws_sdk_s3::config::Builder::from(&moto.sdk_config())
            .force_path_style(true)
            .build();
        aws_sdk_s3::Client::from_conf(config)
    }

    async fn create_orders(moto: &Moto) {
        let s3 = s3(moto);
        s3.create_bucket().bucket("orders").send().await.unwrap();
        s3.put_object()
            .bucket("orders")
            .key("o-1.json")
            .body(b"{}".to_vec().into())
            .send()
            .await
            .unwrap();
    }

    async fn list_orders(moto: &Moto) -> Vec<String> {
        let listed = s3(moto)
            .list_objects_v2()
            .bucket("orders")
            .send()
            .await
            .unwrap();
        listed
            .contents()
            .iter()
            .filter_map(|object| object.key().map(str::to_owned))
            .collect()
    }

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/orders.jsonl", setup = create_orders)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn orders(moto: &Moto) {
        assert_eq!(list_orders(moto).await, ["o-1.json"]);
        println!("mode {:?}", moto.mode());
    }

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/on_ci.jsonl", setup = create_orders)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn on_ci(_moto: &Moto) {}

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/on_ci_asked.jsonl", setup = create_orders)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn on_ci_asked(_moto: &Moto) {}

    async fn create_bucket(moto: &Moto) {
        s3(moto).create_bucket().bucket("one").send().await.unwrap();
    }

    #[moto_recorded(seed = 42, fixture = "./target/moto-recorded-tests/one_request.jsonl", setup = create_bucket)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn one_request(_moto: &Moto) {}

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/empty.jsonl", setup = create_orders)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn empty(_moto: &Moto) {
        println!("the body ran");
    }

    /// Its fixture is a seed line only, as if the setup had changed since.
    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/stale.jsonl", setup = create_orders)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn stale(moto: &Moto) {
        let listed = s3(moto).list_buckets().send().await.unwrap();
        assert_eq!(listed.buckets().len(), 1, "no orders in the fixture");
    }

    fn panicking(_moto: &Moto) {
        panic!("setup fell over");
    }

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/panicking_setup.jsonl", setup = panicking)]
    #[test]
    #[ignore = "run by the modes tests"]
    fn panicking_setup() {}

    async fn failing(moto: &Moto) -> Result<(), &'static str> {
        create_orders(moto).await;
        Err("no orders today")
    }

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/failing_setup.jsonl", setup = failing)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn failing_setup() {}

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/failing_body.jsonl", setup = create_orders)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn failing_body(moto: &Moto) {
        assert_eq!(list_orders(moto).await, ["o-1.json"]);
        panic!("the body fell over");
    }

    async fn bucket_names(moto: &Moto) -> Vec<String> {
        let listed = s3(moto).list_buckets().send().await.unwrap();
        listed
            .buckets()
            .iter()
            .filter_map(|bucket| bucket.name().map(str::to_owned))
            .collect()
    }

    async fn create_base(moto: &Moto) {
        s3(moto)
            .create_bucket()
            .bucket("base")
            .send()
            .await
            .unwrap();
    }

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/no_setup.jsonl", setup = create_base)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn no_setup_maker(moto: &Moto) {
        assert_eq!(bucket_names(moto).await, ["base"]);
    }

    /// Creates a bucket of its own: run twice, it must find only the fixture's.
    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/no_setup.jsonl")]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn no_setup_body(moto: &Moto) {
        assert_eq!(bucket_names(moto).await, ["base"]);
        s3(moto)
            .create_bucket()
            .bucket("extra")
            .send()
            .await
            .unwrap();
        assert_eq!(bucket_names(moto).await, ["base", "extra"]);
        println!("the body ran");
    }

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/warned.jsonl")]
    #[test]
    #[ignore = "run by the modes tests"]
    fn warned() {
        println!("the body ran");
    }

    #[moto_recorded(seed = 42)]
    #[test]
    #[ignore = "run by the modes tests"]
    fn fresh() {
        println!("the body ran");
    }

    #[moto_recorded(seed = 7, fixture = "target/moto-recorded-tests/seed.jsonl")]
    #[test]
    #[ignore = "run by the modes tests"]
    fn seed_mismatch() {}

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/broken.jsonl")]
    #[test]
    #[ignore = "run by the modes tests"]
    fn broken() {
        println!("the body ran");
    }

    #[moto_recorded(seed = 42, fixture = "target/moto-recorded-tests/malformed.jsonl")]
    #[test]
    #[ignore = "run by the modes tests"]
    fn malformed() {}

    /// Slow on purpose, so that the other tests sharing the fixture wait for it.
    async fn create_shared(moto: &Moto) {
        s3(moto)
            .create_bucket()
            .bucket("shared")
            .send()
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }

    async fn log_mode(name: &str, moto: &Moto) {
        let buckets = s3(moto).list_buckets().send().await.unwrap();
        assert_eq!(buckets.buckets().len(), 1);
        if let Ok(log) = std::env::var("MOTO_RECORDED_TEST_LOG") {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .unwrap();
            // One write per line: threads append to the same file at once.
            let line = format!("{name} {:?}\n", moto.mode());
            file.write_all(line.as_bytes()).unwrap();
        }
    }

    /// Four tests sharing one fixture, each logging its mode under its own name.
    macro_rules! shared {
        ($($name:ident $label:literal)*) => {$(
            #[moto_recorded(fixture = "target/moto-recorded-tests/shared.jsonl", setup = create_shared)]
            #[tokio::test]
            #[ignore = "run by the modes tests"]
            async fn $name(moto: &Moto) {
                log_mode($label, moto).await;
            }
        )*};
    }

    shared! { shared_a "a" shared_b "b" shared_c "c" shared_d "d" }

    /// Another setup for the fixture `conflict_a` records.
    async fn create_other_shared(moto: &Moto) {
        create_shared(moto).await;
        create_base(moto).await;
    }

    #[moto_recorded(fixture = "target/moto-recorded-tests/conflict.jsonl", setup = create_shared)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn conflict_a(_moto: &Moto) {}

    #[moto_recorded(fixture = "target/moto-recorded-tests/conflict.jsonl", setup = create_other_shared)]
    #[tokio::test]
    #[ignore = "run by the modes tests"]
    async fn conflict_b(_moto: &Moto) {}
}
