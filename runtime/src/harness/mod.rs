//! What `#[moto_recorded]` runs: options, then the mode, then a backend replayed or
//! recorded, then the test body with its [`Moto`].
//!
//! | situation | what happens |
//! |---|---|
//! | no `fixture` | a fresh backend seeded with the seed; nothing is replayed or recorded |
//! | fixture exists | **replay**: a fresh seeded backend, the fixture replayed into it (every entry checked), then the body |
//! | `MOTO_ENABLE_RECORDING` true | **record**: a fresh seeded backend records `setup` (or, without `setup`, the body); on success the fixture is written atomically |
//! | fixture missing, not on CI | recorded as above, and the test says so |
//! | fixture missing, on CI (`CI` set) | the test fails, naming the command that records the fixture |
//!
//! A recording is checked before it is written: it is replayed into a fresh backend, which
//! is the one the body then runs against, so the body sees exactly what later replays
//! will. A failing or panicking setup or body never touches the fixture. Tests sharing a
//! fixture record it once per run (see `lock`).

mod error;
mod lock;
mod moto;
mod outcome;

use std::path::{Path, PathBuf};

pub use error::HarnessError;
pub use moto::{DEFAULT_REGION, Mode, Moto, MotoError, MotoRecorder};
pub use outcome::{
    FutureSetup, Setup, SetupByFuture, SetupByValue, SetupFn, SetupResult, TestOutput, ValueSetup,
};

use crate::clock::Clock;
use crate::config::{self, Config};
use crate::recording::Recording;
use lock::FixtureLock;

/// The attribute's arguments and where the test is, as the attribute generates them.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// `module_path!()::fn_name` of the test.
    pub test: &'static str,
    /// The package of the test (`CARGO_PKG_NAME`), for the record command.
    pub package: &'static str,
    /// The directory fixture paths are relative to (`CARGO_MANIFEST_DIR`).
    pub manifest_dir: &'static str,
    /// `seed = N`; without it the seed is derived (see [`Options::seed`]).
    pub seed: Option<u64>,
    /// `fixture = "..."`, relative to `manifest_dir`.
    pub fixture: Option<&'static str>,
    /// `clock = "..."`: the start of a virtual clock.
    pub clock: Option<&'static str>,
    /// `setup = path`, wrapped.
    pub setup: Option<SetupFn>,
}

impl Options {
    /// The test's name as the test harness shows it (without the crate).
    pub fn test_name(&self) -> &'static str {
        self.test
            .split_once("::")
            .map_or(self.test, |(_, name)| name)
    }

    /// The seed: the attribute's, or a stable hash (FNV-1a) of the fixture path as
    /// written, or of the test's name when there is no fixture. Tests sharing a fixture
    /// thus agree on its seed, and renaming a test does not change it.
    pub fn seed(&self) -> u64 {
        self.seed.unwrap_or_else(|| {
            lock::fnv1a(self.fixture.unwrap_or_else(|| self.test_name()).as_bytes())
        })
    }

    /// The fixture's path.
    pub fn fixture_path(&self) -> Option<PathBuf> {
        self.fixture
            .map(|fixture| lock::normalize(&Path::new(self.manifest_dir).join(fixture)))
    }

    /// The command that (re-)records this test's fixture.
    pub fn record_command(&self) -> String {
        format!(
            "{}=1 cargo test -p {} -- {} --exact",
            config::ENABLE_RECORDING,
            self.package,
            self.test_name()
        )
    }

    fn clock(&self) -> Result<Clock, HarnessError> {
        match self.clock {
            None => Ok(Clock::wall()),
            Some(value) => Clock::virtual_at_rfc3339(value).map_err(|source| HarnessError::Clock {
                value: value.to_owned(),
                source,
            }),
        }
    }
}

/// Why a fixture is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RecordReason {
    /// `MOTO_ENABLE_RECORDING` is on.
    Enabled,
    /// The fixture does not exist yet.
    Missing,
}

/// A backend recording a fixture, holding the fixture's lock.
struct RecordingSession {
    moto: Moto,
    fixture: PathBuf,
    reason: RecordReason,
    lock: FixtureLock,
}

/// What to run the body against.
enum Plan {
    /// A backend with its state (replayed, or fresh).
    Ready(Moto),
    /// A backend recording: run setup (or the body), then finish.
    Record(RecordingSession),
}

/// Runs a sync test (what the attribute generates for a `fn`).
///
/// # Panics
/// When the backend cannot be made ready (see [`HarnessError`]): the test fails with a
/// message naming the fixture, the line and what to do.
#[track_caller]
pub fn run<R: TestOutput>(options: Options, body: impl FnOnce(&Moto) -> R) -> R {
    match prepare(&options) {
        Err(error) => fail(&error),
        Ok(Plan::Ready(moto)) => body(&moto),
        Ok(Plan::Record(session)) => match options.setup {
            Some(setup) => {
                let outcome = match setup(&session.moto) {
                    Setup::Done(outcome) => outcome,
                    Setup::Pending(future) => block_on(future),
                };
                match finish(&options, session, outcome) {
                    Ok(moto) => body(&moto),
                    Err(error) => fail(&error),
                }
            }
            None => {
                let output = body(&session.moto);
                finish_after_body(&options, session, &output);
                output
            }
        },
    }
}

/// Runs an async test (what the attribute generates for an `async fn`).
///
/// # Panics
/// As [`run`].
pub async fn run_async<R: TestOutput>(options: Options, body: impl AsyncFnOnce(&Moto) -> R) -> R {
    match prepare(&options) {
        Err(error) => fail(&error),
        Ok(Plan::Ready(moto)) => body(&moto).await,
        Ok(Plan::Record(session)) => match options.setup {
            Some(setup) => {
                let outcome = match setup(&session.moto) {
                    Setup::Done(outcome) => outcome,
                    Setup::Pending(future) => future.await,
                };
                let moto = finish(&options, session, outcome).unwrap_or_else(|error| fail(&error));
                body(&moto).await
            }
            None => {
                let output = body(&session.moto).await;
                finish_after_body(&options, session, &output);
                output
            }
        },
    }
}

/// The test-facing failure: the one place the library panics.
#[allow(clippy::panic)]
#[track_caller]
fn fail(error: &HarnessError) -> ! {
    panic!("moto-recorded: {error}")
}

/// Runs an async setup from a sync test, on a runtime of its own.
fn block_on(
    future: std::pin::Pin<Box<dyn Future<Output = Result<(), String>> + '_>>,
) -> Result<(), String> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => Err(format!(
            "cannot start a runtime for the async setup: {error}"
        )),
    }
}

/// Decides the mode and makes the backend ready for it.
fn prepare(options: &Options) -> Result<Plan, HarnessError> {
    let config = Config::global()?;
    let seed = options.seed();
    let Some(fixture) = options.fixture_path() else {
        return Ok(Plan::Ready(Moto::start(
            seed,
            options.clock()?,
            false,
            None,
            Mode::Fresh,
        )?));
    };
    let reason = if config.enable_recording {
        RecordReason::Enabled
    } else if fixture.exists() {
        return replayed(options, &fixture).map(Plan::Ready);
    } else if config.ci {
        return Err(HarnessError::MissingOnCi {
            fixture,
            command: options.record_command(),
        });
    } else {
        RecordReason::Missing
    };
    let mut lock = FixtureLock::acquire(&fixture, config.nextest_run_id.as_deref())?;
    // Another test may have recorded it while this one waited.
    if lock.recorded_this_run() || (reason == RecordReason::Missing && fixture.exists()) {
        drop(lock);
        return replayed(options, &fixture).map(Plan::Ready);
    }
    let mode = if options.setup.is_some() {
        Mode::Recorded
    } else {
        Mode::Recording
    };
    let moto = Moto::start(seed, options.clock()?, true, Some(fixture.clone()), mode)?;
    Ok(Plan::Record(RecordingSession {
        moto,
        fixture,
        reason,
        lock,
    }))
}

/// A fresh backend with the fixture replayed into it.
fn replayed(options: &Options, fixture: &Path) -> Result<Moto, HarnessError> {
    let recording = Recording::read(fixture)?;
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
    let moto = Moto::start(
        seed,
        options.clock()?,
        false,
        Some(fixture.to_owned()),
        Mode::Replayed,
    )?;
    moto.server()
        .replay(recording)
        .map_err(|error| HarnessError::Replay {
            error: Box::new(error),
            command: options.record_command(),
        })?;
    Ok(moto)
}

/// After `setup`: checks and writes the recording, and returns the backend for the body
/// (a fresh one with the new fixture replayed into it).
fn finish(
    options: &Options,
    session: RecordingSession,
    outcome: Result<(), String>,
) -> Result<Moto, HarnessError> {
    if let Err(message) = outcome {
        return Err(HarnessError::SetupFailed {
            fixture: session.fixture,
            message,
        });
    }
    write_fixture(options, session, Mode::Recorded)
}

/// After a body that ran while recording: writes the fixture if the body passed.
#[track_caller]
fn finish_after_body<R: TestOutput>(options: &Options, session: RecordingSession, output: &R) {
    if output.passed() {
        if let Err(error) = write_fixture(options, session, Mode::Replayed) {
            fail(&error);
        }
    } else {
        eprintln!(
            "moto-recorded: the test failed while recording {}, so the fixture was left as it was",
            session.fixture.display()
        );
    }
}

/// Stops the recorder, checks that the recording replays into a fresh backend, writes it
/// atomically and marks it recorded for this run. Returns the fresh backend.
fn write_fixture(
    options: &Options,
    mut session: RecordingSession,
    mode: Mode,
) -> Result<Moto, HarnessError> {
    let recorder = session.moto.backend().recorder();
    recorder.stop();
    let entries = recorder.recording()?.entries().to_vec();
    let text = Recording::with_seed(options.seed(), entries).to_jsonl();
    let display = session.fixture.display().to_string();
    let recording =
        Recording::parse(display, text.as_bytes()).map_err(crate::recording::ReadError::from)?;
    let count = recording.len().saturating_sub(1);
    let fresh = Moto::start(
        options.seed(),
        options.clock()?,
        false,
        Some(session.fixture.clone()),
        mode,
    )?;
    fresh.server().replay(recording.clone()).map_err(|error| {
        HarnessError::RecordingDoesNotReplay {
            fixture: session.fixture.clone(),
            error: Box::new(error),
        }
    })?;
    recording.write_atomic(&session.fixture)?;
    session.lock.mark_recorded();
    let why = match session.reason {
        RecordReason::Enabled => format!("{} is on", config::ENABLE_RECORDING),
        RecordReason::Missing => "it did not exist".to_owned(),
    };
    eprintln!(
        "moto-recorded: recorded {} ({count} requests, seed {}) because {why}",
        session.fixture.display(),
        options.seed()
    );
    Ok(fresh)
}
