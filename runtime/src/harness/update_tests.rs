//! Re-recording through the harness: pending `<fixture>.new` files, overwriting, and
//! reads left out of recordings. Setups send plain HTTP requests (S3, unsigned) to the
//! test's embedded backend.

use std::path::Path;

use super::*;

/// Sends `method path` to the test's backend and expects a success.
fn send(moto: &Moto, method: &str, path: &str) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", moto.endpoint_url().unwrap()))
        .body(Vec::new())
        .unwrap();
    let status = agent.run(request).unwrap().status().as_u16();
    assert!(status < 300, "{method} {path}: {status}");
}

/// A bucket `orders`, listed (a read), then an object in it.
fn orders(moto: &Moto) -> Setup<'_> {
    send(moto, "PUT", "/orders");
    send(moto, "GET", "/orders");
    send(moto, "HEAD", "/orders");
    Setup::Done(Ok(()))
}

/// The same, with a second bucket: a changed setup.
fn orders_and_invoices(moto: &Moto) -> Setup<'_> {
    send(moto, "PUT", "/orders");
    send(moto, "GET", "/orders");
    send(moto, "HEAD", "/orders");
    send(moto, "PUT", "/invoices");
    Setup::Done(Ok(()))
}

fn options(directory: &Path, setup: SetupFn, record_reads: bool) -> Options {
    Options {
        test: "harness::update_tests::orders",
        package: "moto-recorded-runtime",
        manifest_dir: Box::leak(directory.to_string_lossy().into_owned().into_boxed_str()),
        seed: Some(42),
        fixture: Some("orders.jsonl"),
        clock: None,
        setup: Some(setup),
        setup_name: Some("orders"),
        record_reads,
    }
}

fn config(vars: &[(&str, &str)]) -> &'static Config {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    Box::leak(Box::new(
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(candidate, _)| candidate == name)
                .map(|(_, value)| value.into())
        })
        .unwrap(),
    ))
}

/// Runs one test to the end on a runtime of its own; its mode.
fn run_test(options: Options, config: &'static Config) -> Mode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mode = std::sync::Mutex::new(None);
    runtime
        .block_on(run_async_with(options, config, async |moto: &Moto| {
            *mode.lock().unwrap() = Some(moto.mode());
        }))
        .unwrap();
    mode.into_inner().unwrap().unwrap()
}

/// A new directory with the files of `from`: a fixture is recorded once per run (per
/// path), so each re-recording here happens at a path of its own.
fn copy_of(from: &Path) -> tempfile::TempDir {
    let to = tempfile::tempdir().unwrap();
    for name in ["orders.jsonl", "orders.jsonl.new"] {
        if from.join(name).exists() {
            std::fs::copy(from.join(name), to.path().join(name)).unwrap();
        }
    }
    to
}

#[test]
fn a_changed_re_recording_is_pending_beside_the_fixture_until_it_is_unchanged_again() {
    let first = tempfile::tempdir().unwrap();
    // Missing: recorded in place, reads left out.
    assert_eq!(
        run_test(options(first.path(), orders, false), config(&[])),
        Mode::Recorded
    );
    let committed = std::fs::read_to_string(first.path().join("orders.jsonl")).unwrap();
    assert_eq!(
        committed.lines().count(),
        2,
        "seed and CreateBucket: {committed}"
    );
    assert!(!committed.contains("\"method\": \"GET\""), "{committed}");
    assert!(!committed.contains("\"method\": \"HEAD\""), "{committed}");

    // Changed, with MOTO_RECORDED_UPDATE=new: pending, the fixture untouched.
    let new = config(&[("MOTO_RECORDED_UPDATE", "new")]);
    let second = copy_of(first.path());
    assert_eq!(
        run_test(options(second.path(), orders_and_invoices, false), new),
        Mode::Recorded
    );
    let fixture = second.path().join("orders.jsonl");
    assert_eq!(std::fs::read_to_string(&fixture).unwrap(), committed);
    let waiting = std::fs::read_to_string(second.path().join("orders.jsonl.new")).unwrap();
    assert!(waiting.contains("/invoices"), "{waiting}");

    // Unchanged again: nothing written, the stale pending file removed.
    let third = copy_of(second.path());
    assert!(third.path().join("orders.jsonl.new").exists());
    run_test(options(third.path(), orders, false), new);
    assert_eq!(
        std::fs::read_to_string(third.path().join("orders.jsonl")).unwrap(),
        committed
    );
    assert!(!third.path().join("orders.jsonl.new").exists());

    // Replay finds the committed fixture.
    assert_eq!(
        run_test(options(third.path(), orders, false), config(&[])),
        Mode::Replayed
    );
}

#[test]
fn enable_recording_overwrites_the_fixture_and_removes_a_pending_file() {
    let first = tempfile::tempdir().unwrap();
    run_test(options(first.path(), orders, false), config(&[]));
    let directory = copy_of(first.path());
    let fixture = directory.path().join("orders.jsonl");
    let pending = directory.path().join("orders.jsonl.new");
    std::fs::write(&pending, "stale").unwrap();
    let overwrite = config(&[("MOTO_ENABLE_RECORDING", "1")]);
    run_test(
        options(directory.path(), orders_and_invoices, false),
        overwrite,
    );
    assert!(
        std::fs::read_to_string(&fixture)
            .unwrap()
            .contains("/invoices")
    );
    assert!(!pending.exists());
}

#[test]
fn record_reads_keeps_every_request() {
    let directory = tempfile::tempdir().unwrap();
    run_test(options(directory.path(), orders, true), config(&[]));
    let fixture = std::fs::read_to_string(directory.path().join("orders.jsonl")).unwrap();
    assert_eq!(fixture.lines().count(), 4, "{fixture}");
    assert!(fixture.contains("\"method\": \"HEAD\""), "{fixture}");
}
