//! The steps of a `#[moto_recorded]` test, shared by sync and async tests: the mode is
//! decided once, in [`begin`]; a recording goes through [`after_setup`]; the fixture is
//! written by [`Ready::finish`], only once the body has passed. Every step may block
//! (locks, a Moto server, replay), so async tests run them off their runtime.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::Options;
use super::error::HarnessError;
use super::lock::FixtureLock;
use super::moto::Moto;
use super::outcome::SetupFn;
use super::setups;
use super::source::{BackendSource, RecordingBackend};
use super::usage;
use crate::config::{self, Config, Log};
use crate::recorder::{ReplayReport, reads};
use crate::recording::Recording;

/// What the test runs next.
#[derive(Debug)]
pub(crate) enum Step {
    /// The setup, against a backend recording it; then [`after_setup`].
    Setup(Session),
    /// The body; then [`Ready::finish`].
    Body(Ready),
}

/// Why a fixture is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RecordReason {
    /// `MOTO_ENABLE_RECORDING` is on.
    Enabled,
    /// The fixture does not exist yet.
    Missing,
}

/// A backend recording a setup into a fixture, with the fixture's lock held.
#[derive(Debug)]
pub(crate) struct Session {
    setup: SetupFn,
    source: BackendSource,
    backend: RecordingBackend,
    fixture: PathBuf,
    reason: RecordReason,
    lock: FixtureLock,
}

impl Session {
    /// The setup to run.
    pub(crate) fn setup(&self) -> SetupFn {
        self.setup
    }

    /// The backend the setup runs against.
    pub(crate) fn moto(&self) -> &Moto {
        &self.backend.moto
    }
}

/// A backend ready for the body, and the fixture to write once the body has passed.
#[derive(Debug)]
pub(crate) struct Ready {
    moto: Moto,
    pending: Option<PendingFixture>,
    /// Said if the body fails after a replay: the fixture may be stale.
    note: Option<FailureNote>,
}

/// A line shown if the test fails: when the body returns an error, or on drop while
/// unwinding from its panic.
#[derive(Debug)]
struct FailureNote {
    text: String,
    armed: bool,
}

impl Drop for FailureNote {
    fn drop(&mut self) {
        if self.armed {
            eprintln!("{}", self.text);
        }
    }
}

/// A checked recording, held in memory until the body has passed.
#[derive(Debug)]
struct PendingFixture {
    fixture: PathBuf,
    /// The fixture as the crate names it, for the message.
    name: String,
    recording: Recording,
    reason: RecordReason,
    seed: u64,
    /// Reads left out of the recording.
    reads_left_out: usize,
    /// A changed re-recording goes to `<fixture>.new` (`MOTO_RECORDED_UPDATE=new`).
    pending_updates: bool,
    log: Log,
    lock: FixtureLock,
    /// Written, or refused with an error of its own: nothing more to say on drop.
    settled: bool,
}

impl Ready {
    fn new(moto: Moto) -> Ready {
        Ready {
            moto,
            pending: None,
            note: None,
        }
    }

    /// The backend the body runs against.
    pub(crate) fn moto(&self) -> &Moto {
        &self.moto
    }

    /// Whether a new fixture waits for the body to pass (only then has
    /// [`finish`](Ready::finish) anything to do).
    pub(crate) fn has_pending_fixture(&self) -> bool {
        self.pending.is_some()
    }

    /// After the body: writes the new fixture if the body passed. A failing body (or
    /// one that panics, which drops this) leaves the fixture as it was.
    pub(crate) fn finish(mut self, passed: bool) -> Result<(), HarnessError> {
        if passed && let Some(note) = &mut self.note {
            note.armed = false;
        }
        match self.pending.take() {
            Some(pending) if passed => pending.write(),
            _ => Ok(()),
        }
    }
}

impl PendingFixture {
    fn write(mut self) -> Result<(), HarnessError> {
        self.settled = true;
        let pending = pending_path(&self.fixture);
        let why = match self.reason {
            RecordReason::Enabled if self.pending_updates => {
                let committed = std::fs::read(&self.fixture).ok();
                let text = self.recording.to_jsonl();
                if committed.as_deref() == Some(text.as_bytes()) {
                    // Unchanged: an older pending file is stale.
                    remove_stale(&pending);
                    self.lock.mark_recorded();
                    if self.log != Log::Off {
                        eprintln!(
                            "moto-recorded: re-recorded {} ({} requests, seed {}): unchanged",
                            self.fixture.display(),
                            self.requests(),
                            self.seed
                        );
                    }
                    return Ok(());
                }
                self.recording.write_atomic(&pending)?;
                self.lock.mark_recorded();
                // Past libtest's capture: the developer has something to review.
                let _ = writeln!(
                    std::io::stderr(),
                    "moto-recorded: {} changed: the new recording ({} requests, seed {}) is \
                     pending in {}; review it with `cargo run --bin moto-recorded -- review` \
                     (or `moto-recorded review`)",
                    self.fixture.display(),
                    self.requests(),
                    self.seed,
                    pending.display()
                );
                return Ok(());
            }
            RecordReason::Enabled => format!("{} is on", config::ENABLE_RECORDING),
            RecordReason::Missing => "it did not exist".to_owned(),
        };
        self.recording.write_atomic(&self.fixture)?;
        remove_stale(&pending);
        self.lock.mark_recorded();
        let reads = match self.reads_left_out {
            0 => String::new(),
            1 => ", 1 read left out".to_owned(),
            count => format!(", {count} reads left out"),
        };
        let requests = self.requests();
        let plural = if requests == 1 { "" } else { "s" };
        // Straight to stderr, past the test harness's capture: a fixture recorded because
        // it did not exist (a typo in its path?) must be seen on the run that made it,
        // not first on CI, where it is missing.
        let _ = writeln!(
            std::io::stderr(),
            "moto-recorded: recorded {} ({requests} request{plural}{reads}, seed {}) because {why}",
            self.name,
            self.seed
        );
        Ok(())
    }

    /// The requests in the recording (its first line is the seed).
    fn requests(&self) -> usize {
        self.recording.len().saturating_sub(1)
    }
}

/// `<fixture>.new`: where a changed re-recording waits for review.
pub(crate) fn pending_path(fixture: &Path) -> PathBuf {
    let mut name = fixture.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// Removes a pending file made obsolete by a newer recording, if there is one.
fn remove_stale(pending: &Path) {
    match std::fs::remove_file(pending) {
        Ok(()) => eprintln!(
            "moto-recorded: removed {}, made obsolete by this recording",
            pending.display()
        ),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => eprintln!(
            "moto-recorded: warning: cannot remove {}, made obsolete by this recording: {error}",
            pending.display()
        ),
    }
}

impl Drop for PendingFixture {
    fn drop(&mut self) {
        if !self.settled {
            eprintln!(
                "moto-recorded: the test failed, so the new recording of {} was not written \
                 (the fixture was left as it was)",
                self.fixture.display()
            );
        }
    }
}

/// Decides the mode and makes the backend ready for it (or for the setup to record).
pub(crate) fn begin(options: &Options, config: &Config) -> Result<Step, HarnessError> {
    let source = BackendSource::of(config);
    let Some(fixture) = options.fixture_path() else {
        return Ok(Step::Body(Ready::new(source.fresh(options)?)));
    };
    usage::note(&fixture, options.setup_name);
    let Some(setup) = options.setup else {
        return without_setup(options, config, &source, &fixture).map(Step::Body);
    };
    setups::check(options, &fixture)?;
    // Recording is asked for (`MOTO_ENABLE_RECORDING`, `MOTO_RECORDED_UPDATE`), so it
    // records on CI too (a job that re-records fixtures); CI only stops a missing fixture
    // from being recorded unasked.
    let reason = if config.records_fixtures() {
        RecordReason::Enabled
    } else if fixture.exists() {
        return replayed(options, config, &source, &fixture).map(Step::Body);
    } else if config.ci {
        return Err(HarnessError::MissingOnCi {
            fixture,
            command: options.record_command(),
        });
    } else {
        RecordReason::Missing
    };
    let mut lock = FixtureLock::acquire(&fixture, config.nextest_run_id.as_deref())?;
    // Another test sharing the fixture may have recorded it while this one waited.
    if lock.recorded_this_run() || (reason == RecordReason::Missing && fixture.exists()) {
        drop(lock);
        return replayed(options, config, &source, &fixture).map(Step::Body);
    }
    let backend = source.recording(options, &fixture)?;
    Ok(Step::Setup(Session {
        setup,
        source,
        backend,
        fixture,
        reason,
        lock,
    }))
}

/// A test without `setup` only replays its fixture: the fixture is the state the body
/// starts from, never the body's own requests (replaying those and then running the body
/// would apply it twice).
fn without_setup(
    options: &Options,
    config: &Config,
    source: &BackendSource,
    fixture: &Path,
) -> Result<Ready, HarnessError> {
    if !fixture.exists() {
        // A test with a setup that shares the fixture may be recording it right now.
        drop(FixtureLock::acquire(
            fixture,
            config.nextest_run_id.as_deref(),
        )?);
        if !fixture.exists() {
            return Err(HarnessError::MissingWithoutSetup {
                fixture: fixture.to_owned(),
                test: options.test_name(),
            });
        }
    }
    if config.records_fixtures() {
        note_once(fixture, || {
            format!(
                "moto-recorded: {} is on, but {} has no `setup`, so {} is replayed as it is: \
                 a fixture is recorded from a test's setup (add `setup = <fn>` to the \
                 attribute of a test that uses it)",
                if config.enable_recording {
                    config::ENABLE_RECORDING
                } else {
                    config::UPDATE
                },
                options.test_name(),
                fixture.display()
            )
        });
    }
    replayed(options, config, source, fixture)
}

/// Prints `message` the first time it is asked for `fixture` in this process.
fn note_once(fixture: &Path, message: impl FnOnce() -> String) {
    static NOTED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let first = NOTED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_or_insert_with(HashSet::new)
        .insert(fixture.to_owned());
    if first {
        eprintln!("{}", message());
    }
}

/// A fresh backend with the fixture replayed into it; replay warnings are shown, and
/// fail the test on CI.
fn replayed(
    options: &Options,
    config: &Config,
    source: &BackendSource,
    fixture: &Path,
) -> Result<Ready, HarnessError> {
    let recording = Recording::read(fixture).map_err(|error| HarnessError::Fixture {
        error,
        command: options.record_command(),
    })?;
    if recording.is_empty() {
        let remedy = if options.setup.is_some() {
            format!(
                "Delete it, and the test records it from its setup, or re-record it with:\n    {}",
                options.record_command()
            )
        } else {
            "Restore it (from version control), or delete it and run the test with a \
             `setup` that shares it"
                .to_owned()
        };
        return Err(HarnessError::EmptyFixture {
            fixture: fixture.to_owned(),
            remedy,
        });
    }
    let seed = options.seed();
    if let Some(recorded) = recording.seed()
        && recorded != seed
    {
        return Err(HarnessError::SeedMismatch {
            fixture: fixture.to_owned(),
            recorded,
            expected: seed,
            source_of_seed: if options.seed.is_some() {
                "gives"
            } else {
                "derives"
            },
            command: options.record_command(),
        });
    }
    let started = Instant::now();
    let (moto, report) = source.replayed(options, fixture, &recording)?;
    show_replay(options, config.log, fixture, &recording, started.elapsed());
    warn(options, config, fixture, &report)?;
    let mut ready = Ready::new(moto);
    ready.note = Some(FailureNote {
        text: stale_note(options),
        armed: true,
    });
    Ok(ready)
}

/// The line a failing test that replayed its fixture adds: the fixture may be stale.
fn stale_note(options: &Options) -> String {
    let fixture = options.fixture_name().unwrap_or_default();
    match options.setup_name {
        Some(setup) => format!(
            "moto-recorded: {} failed against {fixture}, replayed as recorded by setup \
             `{setup}`; if that setup changed since, re-record the fixture with: {}",
            options.test_name(),
            options.record_command()
        ),
        None => format!(
            "moto-recorded: {} failed against {fixture}, replayed as recorded by the setup \
             of a test that shares it (this test has none); if that setup changed since, \
             re-record it with: {}=1 cargo test -p {}",
            options.test_name(),
            config::ENABLE_RECORDING,
            options.package
        ),
    }
}

/// The line a test prints for a replayed fixture (entries and time), and with
/// `MOTO_RECORDED_LOG=requests` one line per entry. Through libtest's capture: shown
/// with `--nocapture` and for failing tests.
fn show_replay(options: &Options, log: Log, fixture: &Path, recording: &Recording, took: Duration) {
    if log == Log::Off {
        return;
    }
    let shown = fixture
        .strip_prefix(options.manifest_dir)
        .unwrap_or(fixture);
    eprintln!(
        "moto-recorded: replayed {} ({} entries, seed {}) in {:.1} ms",
        shown.display(),
        recording.len(),
        options.seed(),
        took.as_secs_f64() * 1000.0
    );
    if log == Log::Requests {
        for (line, entry) in recording.lines() {
            let operation = reads::operation_of(entry).map_or_else(
                || "-".to_owned(),
                |(service, name)| format!("{service}:{name}"),
            );
            let status = entry
                .status
                .map_or_else(|| "-".to_owned(), |status| status.to_string());
            eprintln!(
                "moto-recorded:   {}:{line} {} {} {operation} {status}",
                shown.display(),
                entry.method,
                entry.path_and_query()
            );
        }
    }
}

/// Shows what replay let pass but is worth a look: entries without a recorded status (a
/// file written by Moto) that a service refused. On CI they fail the test.
fn warn(
    options: &Options,
    config: &Config,
    fixture: &Path,
    report: &ReplayReport,
) -> Result<(), HarnessError> {
    if report.client_errors.is_empty() {
        return Ok(());
    }
    let warnings: Vec<String> = report
        .client_errors
        .iter()
        .map(|error| {
            format!(
                "{}:{}: {} answered {} although the entry has no recorded status: {}",
                fixture.display(),
                error.line,
                error.request,
                error.status,
                error.body
            )
        })
        .collect();
    if config.ci {
        return Err(HarnessError::ReplayWarnings {
            warnings: warnings.join("\n"),
            command: options.record_command(),
        });
    }
    for warning in warnings {
        eprintln!("moto-recorded: warning: {warning}");
    }
    Ok(())
}

/// After `setup`: the recording is collected and checked by replaying it into a fresh
/// backend, which the body then runs against; the fixture is written after the body.
pub(crate) fn after_setup(
    options: &Options,
    config: &Config,
    mut session: Session,
    outcome: Result<(), String>,
) -> Result<Step, HarnessError> {
    if let Err(message) = outcome {
        return Err(HarnessError::SetupFailed {
            fixture: session.fixture,
            message,
        });
    }
    let recording = session.source.collect(options, &session.backend)?;
    if session
        .source
        .record_again(options, &mut session.backend, &recording)?
    {
        return Ok(Step::Setup(session));
    }
    // Reads change nothing, so a replay without them rebuilds the same state and ids.
    // On a Moto server they are kept: Moto may draw from its seeded generator for them.
    let (recording, reads_left_out) =
        if options.record_reads || session.backend.moto.moto_server().is_some() {
            (recording, 0)
        } else {
            reads::without_reads(&recording)
        };
    let Session {
        source,
        backend,
        fixture,
        reason,
        lock,
        ..
    } = session;
    let (recording, moto) = source.check(options, &fixture, backend, recording)?;
    Ok(Step::Body(Ready {
        moto,
        note: None,
        pending: Some(PendingFixture {
            fixture,
            name: options.fixture_name().unwrap_or_default(),
            recording,
            reason,
            seed: options.seed(),
            reads_left_out,
            pending_updates: config.pending_updates(),
            log: config.log,
            lock,
            settled: false,
        }),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(test: &'static str, setup: &'static str) -> Options {
        Options {
            test,
            package: "moto-recorded-runtime",
            manifest_dir: "/crate",
            seed: Some(42),
            fixture: Some("./tests/fixtures/claimed.jsonl"),
            clock: None,
            setup: None,
            setup_name: Some(setup),
            record_reads: false,
        }
    }

    #[test]
    fn the_note_of_a_failing_replayed_test_names_fixture_setup_and_command() {
        assert_eq!(
            stale_note(&options("crate::lists_orders", "orders::create_orders")),
            "moto-recorded: lists_orders failed against tests/fixtures/claimed.jsonl, replayed \
             as recorded by setup `orders::create_orders`; if that setup changed since, \
             re-record the fixture with: MOTO_ENABLE_RECORDING=1 cargo test -p \
             moto-recorded-runtime -- lists_orders --exact"
        );
    }
}
