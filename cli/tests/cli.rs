//! The `moto-recorded` binary, run as a user runs it, on the repository's real fixtures
//! (`tests/fixtures/`) and on recordings a real Moto 5.2 wrote
//! (`runtime/tests/data/moto-5.2/`), copied into temporary directories.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use moto_recorded_runtime::recording::Recording;

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

fn moto_sample(name: &str) -> PathBuf {
    root().join("runtime/tests/data/moto-5.2").join(name)
}

/// Runs the binary in `directory` with `args`, standard input closed (not a terminal).
fn run(directory: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_moto-recorded"))
        .args(args)
        .current_dir(directory)
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temporary `tests/fixtures` with copies of the named committed fixtures.
fn workspace(fixtures: &[&str]) -> tempfile::TempDir {
    let directory = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(directory.path().join("tests/fixtures")).unwrap();
    for name in fixtures {
        std::fs::copy(
            fixture(name),
            directory.path().join("tests/fixtures").join(name),
        )
        .unwrap();
    }
    directory
}

/// `s3_orders.jsonl` re-recorded: the first object's body changed and a third object was added.
fn changed_s3_orders() -> String {
    let committed = std::fs::read_to_string(fixture("s3_orders.jsonl")).unwrap();
    let mut lines: Vec<String> = committed.lines().map(str::to_owned).collect();
    let put = lines
        .iter()
        .position(|line| line.contains("x-id=PutObject"))
        .unwrap();
    let second = lines[put].replace("o-1.json", "o-3.json");
    lines[put] = lines[put].replace(r#"{\"total\":42}"#, r#"{\"total\":43}"#);
    assert_ne!(
        lines[put],
        committed.lines().nth(put).unwrap(),
        "the body is in the fixture"
    );
    lines.insert(put + 1, second);
    lines.join("\n") + "\n"
}

#[test]
fn show_prints_a_committed_fixture_as_a_table() {
    let output = run(&root(), &["show", "tests/fixtures/s3_orders.jsonl"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["line", "method", "path", "operation", "status", "size"],
        "{text}"
    );
    let seed: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        seed,
        ["1", "POST", "/moto-api/seed?a=42", "(seed)", "200", "0"]
    );
    let bucket: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(bucket, ["2", "PUT", "/orders/", "CreateBucket", "200", "0"]);
    assert!(
        lines.iter().any(|line| line.contains("PutObject")),
        "{text}"
    );
    assert!(
        text.ends_with("tests/fixtures/s3_orders.jsonl: 4 entries, seed 42\n"),
        "{text}"
    );
}

#[test]
fn show_names_the_operation_of_every_protocol_in_a_moto_recording() {
    for (sample, operation) in [
        ("sqs_queue.jsonl", "CreateQueue"),
        ("dynamodb_table.jsonl", "CreateTable"),
        ("ec2_instances.jsonl", "RunInstances"),
        ("s3_objects.jsonl", "PutObject"),
    ] {
        let output = run(&root(), &["show", moto_sample(sample).to_str().unwrap()]);
        assert!(output.status.success(), "{sample}: {}", stderr(&output));
        assert!(
            stdout(&output).contains(operation),
            "{sample}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn show_names_the_line_of_a_malformed_fixture() {
    let directory = workspace(&[]);
    let path = directory.path().join("tests/fixtures/broken.jsonl");
    std::fs::write(
        &path,
        concat!(
            "{\"headers\": {}, \"method\": \"GET\", \"url\": \"http://localhost:5000/\", ",
            "\"body\": \"\", \"body_encoded\": false}\n{\"method\": \n"
        ),
    )
    .unwrap();
    let output = run(directory.path(), &["show", "tests/fixtures/broken.jsonl"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("tests/fixtures/broken.jsonl:2:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn review_shows_a_diff_by_entry_and_accept_all_moves_the_pending_file_over_the_fixture() {
    let directory = workspace(&["s3_orders.jsonl"]);
    let fixtures = directory.path().join("tests/fixtures");
    let pending = fixtures.join("s3_orders.jsonl.new");
    std::fs::write(&pending, changed_s3_orders()).unwrap();

    // Not a terminal and no flag: the diff, and nothing changed.
    let shown = run(directory.path(), &["review"]);
    assert!(!shown.status.success());
    let text = stdout(&shown);
    assert!(
        text.contains("PUT /orders/o-1.json?x-id=PutObject PutObject -> 200"),
        "{text}"
    );
    assert!(text.contains("    -   \"total\": 42"), "{text}");
    assert!(text.contains("    +   \"total\": 43"), "{text}");
    assert!(
        text.contains("+ line 4: PUT /orders/o-3.json?x-id=PutObject PutObject -> 200"),
        "{text}"
    );
    assert!(
        text.contains("4 -> 5 entries: 1 added, 0 removed, 1 changed, 3 unchanged"),
        "{text}"
    );
    assert!(
        stderr(&shown).contains("--accept-all or --reject-all"),
        "{}",
        stderr(&shown)
    );
    assert!(pending.exists());

    let accepted = run(directory.path(), &["review", "--accept-all"]);
    assert!(accepted.status.success(), "{}", stderr(&accepted));
    assert!(stdout(&accepted).contains("1 accepted, 0 rejected, 0 skipped"));
    assert!(!pending.exists());
    assert_eq!(
        std::fs::read_to_string(fixtures.join("s3_orders.jsonl")).unwrap(),
        changed_s3_orders()
    );
}

#[test]
fn review_reject_all_deletes_the_pending_file_and_keeps_the_fixture() {
    let directory = workspace(&["s3_orders.jsonl"]);
    let fixtures = directory.path().join("tests/fixtures");
    std::fs::write(fixtures.join("s3_orders.jsonl.new"), changed_s3_orders()).unwrap();
    let output = run(
        directory.path(),
        &["review", "--reject-all", "tests/fixtures"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("0 accepted, 1 rejected, 0 skipped"));
    assert!(!fixtures.join("s3_orders.jsonl.new").exists());
    assert_eq!(
        std::fs::read(fixtures.join("s3_orders.jsonl")).unwrap(),
        std::fs::read(fixture("s3_orders.jsonl")).unwrap()
    );
    let nothing = run(directory.path(), &["review"]);
    assert!(nothing.status.success());
    assert!(stdout(&nothing).contains("no pending re-recordings"));
}

#[test]
fn check_passes_on_used_fixtures_and_names_pending_unused_and_malformed_ones() {
    let directory = workspace(&["s3_orders.jsonl", "sqs_jobs.jsonl"]);
    let fixtures = directory.path().join("tests/fixtures");
    let used = directory.path().join("target/moto-recorded/fixtures-used");
    std::fs::create_dir_all(&used).unwrap();
    // Two test processes, as nextest runs them, each with its own list.
    std::fs::write(
        used.join("aws-1.txt"),
        format!("{}\n", fixtures.join("s3_orders.jsonl").display()),
    )
    .unwrap();
    std::fs::write(
        used.join("aws-2.txt"),
        format!(
            "{}\n{}\tqueues::create_jobs\n",
            fixtures.join("sqs_jobs.jsonl").display(),
            fixtures.join("sqs_jobs.jsonl").display()
        ),
    )
    .unwrap();
    let clean = run(directory.path(), &["check"]);
    assert!(
        clean.status.success(),
        "{}{}",
        stdout(&clean),
        stderr(&clean)
    );
    assert!(
        stdout(&clean).contains("2 fixture(s) checked"),
        "{}",
        stdout(&clean)
    );

    std::fs::write(fixtures.join("s3_orders.jsonl.new"), changed_s3_orders()).unwrap();
    std::fs::copy(
        fixture("ec2_instance.jsonl"),
        fixtures.join("ec2_instance.jsonl"),
    )
    .unwrap();
    std::fs::write(
        fixtures.join("broken.jsonl"),
        "{\"headers\": {}, \"method\": \"GET\"\n",
    )
    .unwrap();
    // Another test binary records sqs_jobs.jsonl from another setup.
    std::fs::write(
        used.join("jobs-3.txt"),
        format!(
            "{}\tjobs::create_queue\n",
            fixtures.join("sqs_jobs.jsonl").display()
        ),
    )
    .unwrap();
    let failed = run(directory.path(), &["check"]);
    assert!(!failed.status.success());
    let text = stdout(&failed);
    assert!(
        text.contains(
            "tests/fixtures/sqs_jobs.jsonl: recorded by 2 different setups \
             (`jobs::create_queue`, `queues::create_jobs`), in different test binaries"
        ),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/s3_orders.jsonl.new: a re-recording of"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/ec2_instance.jsonl: no test used it"),
        "{text}"
    );
    assert!(text.contains("tests/fixtures/broken.jsonl:1:"), "{text}");
    assert!(
        stderr(&failed).contains("check failed: 5 problem(s)"),
        "{}",
        stderr(&failed)
    );
}

#[test]
fn check_without_lists_says_to_run_the_tests_first() {
    let directory = workspace(&["s3_orders.jsonl"]);
    let output = run(directory.path(), &["check"]);
    assert!(!output.status.success());
    assert!(
        stdout(&output).contains("run the tests first"),
        "{}",
        stdout(&output)
    );
    let skipped = run(directory.path(), &["check", "--skip-unused"]);
    assert!(skipped.status.success(), "{}", stdout(&skipped));
}

#[test]
fn scrub_rewrites_moto_recordings_canonically_and_is_idempotent() {
    let directory = tempfile::tempdir().unwrap();
    let samples = [
        "s3_objects.jsonl",
        "sqs_queue.jsonl",
        "dynamodb_table.jsonl",
        "ec2_instances.jsonl",
        "secretsmanager_secrets.jsonl",
        "decorator_s3.jsonl",
    ];
    for sample in samples {
        std::fs::copy(moto_sample(sample), directory.path().join(sample)).unwrap();
    }
    let mut args = vec!["scrub"];
    args.extend(samples);
    let output = run(directory.path(), &args);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    for sample in samples {
        let path = directory.path().join(sample);
        let text = std::fs::read_to_string(&path).unwrap();
        let original = Recording::read(&moto_sample(sample)).unwrap();
        let scrubbed = Recording::read(&path).unwrap();
        assert_eq!(scrubbed.len(), original.len(), "{sample}");
        assert_eq!(text, original.canonical().to_jsonl(), "{sample}");
        assert!(!text.contains("User-Agent"), "{sample}");
        assert!(!text.contains("X-Amz-Date"), "{sample}");
        assert!(stdout(&output).contains(&format!("{sample}: rewritten canonically")));
    }
    let again = run(directory.path(), &args);
    assert!(again.status.success());
    assert_eq!(
        stdout(&again).matches("already canonical").count(),
        samples.len()
    );
}

#[test]
fn scrub_refuses_credentials_and_malformed_lines_and_writes_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let good = directory.path().join("good.jsonl");
    std::fs::copy(moto_sample("sqs_queue.jsonl"), &good).unwrap();
    let secret = directory.path().join("secret.jsonl");
    // An SSE-C-free request whose body carries a secret access key after its name.
    std::fs::write(
        &secret,
        concat!(
            "{\"headers\": {}, \"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=1\", \"body\": \"\", \"body_encoded\": false}\n",
            "{\"headers\": {\"Content-Type\": \"application/json\"}, \"method\": \"POST\", \"url\": \"http://localhost:5000/\", ",
            "\"body\": \"{\\\"SecretAccessKey\\\": \\\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz\\\"}\", \"body_encoded\": false}\n"
        ),
    )
    .unwrap();
    let before = std::fs::read(&good).unwrap();
    let output = run(directory.path(), &["scrub", "good.jsonl", "secret.jsonl"]);
    assert!(!output.status.success());
    let text = stdout(&output);
    assert!(text.contains("secret.jsonl:2: body holds"), "{text}");
    assert!(
        stderr(&output).contains("nothing was written"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(&good).unwrap(),
        before,
        "the good file is untouched too"
    );

    let broken = directory.path().join("broken.jsonl");
    std::fs::write(
        &broken,
        "{\"headers\": {}, \"method\": \"GET\", \"url\": 7}\n",
    )
    .unwrap();
    let output = run(directory.path(), &["scrub", "broken.jsonl"]);
    assert!(!output.status.success());
    assert!(
        stdout(&output).contains("broken.jsonl:1:"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "{\"headers\": {}, \"method\": \"GET\", \"url\": 7}\n"
    );
}
