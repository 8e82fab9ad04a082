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
//!
//! With `MOTO_RECORDED_SERVER` set, the backend is that Moto server instead, prepared
//! for each test as `remote` describes; the modes are the same.

mod error;
mod lock;
mod moto;
mod outcome;
mod remote;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use error::HarnessError;
pub use moto::{BackendKind, DEFAULT_REGION, Mode, Moto, MotoError, MotoRecorder};
pub use outcome::{
    FutureSetup, Setup, SetupByFuture, SetupByValue, SetupFn, SetupResult, TestOutput, ValueSetup,
};

use crate::clock::Clock;
use crate::config::{self, Config};
use crate::recording::{Entry, Recording};
use lock::FixtureLock;
use remote::{MotoServer, ServiceRegion};

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
            crate::random::fnv1a(self.fixture.unwrap_or_else(|| self.test_name()).as_bytes())
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
    /// On a Moto server: the services and regions touched before the seed.
    touched: BTreeSet<ServiceRegion>,
    /// How many times the setup has been recorded (see [`finish`]).
    attempts: usize,
}

/// What to run the body against.
enum Plan {
    /// A backend with its state (replayed, or fresh).
    Ready(Moto),
    /// A backend recording: run setup (or the body), then finish.
    Record(RecordingSession),
}

/// What recording a setup led to.
enum Finished {
    /// The fixture is written; the body runs against this backend.
    Ready(Moto),
    /// On a Moto server, the setup used services or regions that were not touched before
    /// the seed, so its ids would not match a replay: record it again, touching them.
    Again(RecordingSession),
}

/// The services every test on a Moto server touches when the fixture cannot say which
/// it uses (no fixture, or a body that records itself).
fn default_touched() -> BTreeSet<ServiceRegion> {
    crate::services::EMULATED
        .iter()
        .map(|service| ((*service).to_owned(), DEFAULT_REGION.to_owned()))
        .collect()
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
        Ok(Plan::Record(mut session)) => match options.setup {
            Some(setup) => loop {
                let outcome = match setup(&session.moto) {
                    Setup::Done(outcome) => outcome,
                    Setup::Pending(future) => block_on(future),
                };
                match finish(&options, session, outcome) {
                    Ok(Finished::Ready(moto)) => break body(&moto),
                    Ok(Finished::Again(again)) => session = again,
                    Err(error) => fail(&error),
                }
            },
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
        Ok(Plan::Record(mut session)) => match options.setup {
            Some(setup) => loop {
                let outcome = match setup(&session.moto) {
                    Setup::Done(outcome) => outcome,
                    Setup::Pending(future) => future.await,
                };
                match finish(&options, session, outcome) {
                    Ok(Finished::Ready(moto)) => break body(&moto).await,
                    Ok(Finished::Again(again)) => session = again,
                    Err(error) => fail(&error),
                }
            },
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
    let server_url = config.moto_server.as_deref();
    let Some(fixture) = options.fixture_path() else {
        let moto = match server_url {
            None => Moto::start(seed, options.clock()?, false, None, Mode::Fresh)?,
            Some(url) => {
                let server = MotoServer::connect(url)?;
                server.prepare(seed, &default_touched())?;
                Moto::on_server(server, seed, None, Mode::Fresh)
            }
        };
        return Ok(Plan::Ready(moto));
    };
    let reason = if config.enable_recording {
        RecordReason::Enabled
    } else if fixture.exists() {
        return replayed(options, server_url, &fixture).map(Plan::Ready);
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
        return replayed(options, server_url, &fixture).map(Plan::Ready);
    }
    let mode = if options.setup.is_some() {
        Mode::Recorded
    } else {
        Mode::Recording
    };
    let (moto, touched) = match server_url {
        None => (
            Moto::start(seed, options.clock()?, true, Some(fixture.clone()), mode)?,
            BTreeSet::new(),
        ),
        Some(url) => {
            // Touch what the fixture used last time, so that an unchanged setup is
            // recorded at once; a body recording itself may use anything.
            let mut touched = Recording::read(&fixture)
                .map(|previous| remote::services_of(&previous))
                .unwrap_or_default();
            if options.setup.is_none() {
                touched.extend(default_touched());
            }
            let server = MotoServer::connect(url)?;
            start_remote_recording(&server, seed, &touched)?;
            (
                Moto::on_server(server, seed, Some(fixture.clone()), mode),
                touched,
            )
        }
    };
    Ok(Plan::Record(RecordingSession {
        moto,
        fixture,
        reason,
        lock,
        touched,
        attempts: 1,
    }))
}

/// Prepares a Moto server and starts its recorder on an empty log.
fn start_remote_recording(
    server: &MotoServer,
    seed: u64,
    touched: &BTreeSet<ServiceRegion>,
) -> Result<(), HarnessError> {
    server.prepare(seed, touched)?;
    server.recorder("reset-recording", Vec::new())?;
    server.recorder("start-recording", Vec::new())?;
    Ok(())
}

/// A fresh backend (embedded, or the Moto server at `server_url`) with the fixture
/// replayed into it.
fn replayed(
    options: &Options,
    server_url: Option<&str>,
    fixture: &Path,
) -> Result<Moto, HarnessError> {
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
    let replay_error = |error| HarnessError::Replay {
        error: Box::new(error),
        command: options.record_command(),
    };
    match server_url {
        None => {
            let moto = Moto::start(
                seed,
                options.clock()?,
                false,
                Some(fixture.to_owned()),
                Mode::Replayed,
            )?;
            moto.replay_checked(&recording).map_err(replay_error)?;
            Ok(moto)
        }
        Some(url) => {
            let server = MotoServer::connect(url)?;
            server.prepare_for(seed, &recording)?;
            server.replay(&recording, None).map_err(replay_error)?;
            Ok(Moto::on_server(
                server,
                seed,
                Some(fixture.to_owned()),
                Mode::Replayed,
            ))
        }
    }
}

/// After `setup`: checks and writes the recording, and returns the backend for the body
/// (with the new fixture replayed into it).
fn finish(
    options: &Options,
    mut session: RecordingSession,
    outcome: Result<(), String>,
) -> Result<Finished, HarnessError> {
    if let Err(message) = outcome {
        return Err(HarnessError::SetupFailed {
            fixture: session.fixture,
            message,
        });
    }
    let recording = collect(options, &session.moto)?;
    if let Some(server) = session.moto.moto_server() {
        let used = remote::services_of(&recording);
        if !used.is_subset(&session.touched) && session.attempts < 3 {
            session.touched.extend(used);
            session.attempts += 1;
            start_remote_recording(server, options.seed(), &session.touched)?;
            return Ok(Finished::Again(session));
        }
    }
    write_fixture(options, session, recording, Mode::Recorded).map(Finished::Ready)
}

/// After a body that ran while recording: writes the fixture if the body passed.
#[track_caller]
fn finish_after_body<R: TestOutput>(options: &Options, session: RecordingSession, output: &R) {
    if output.passed() {
        let written = collect(options, &session.moto)
            .and_then(|recording| write_fixture(options, session, recording, Mode::Replayed));
        if let Err(error) = written {
            fail(&error);
        }
    } else {
        eprintln!(
            "moto-recorded: the test failed while recording {}, so the fixture was left as it was",
            session.fixture.display()
        );
    }
}

/// What `moto` recorded, as a canonical fixture with the seed first.
fn collect(options: &Options, moto: &Moto) -> Result<Recording, HarnessError> {
    Ok(Recording::with_seed(
        options.seed(),
        moto.recorded_entries()?,
    ))
}

/// Checks that `recording` replays into a fresh backend, writes it atomically and marks
/// it recorded for this run. Returns the backend with the fixture replayed into it.
fn write_fixture(
    options: &Options,
    session: RecordingSession,
    recording: Recording,
    mode: Mode,
) -> Result<Moto, HarnessError> {
    let RecordingSession {
        moto,
        fixture,
        reason,
        mut lock,
        ..
    } = session;
    let not_replayed = |error| HarnessError::RecordingDoesNotReplay {
        fixture: fixture.clone(),
        error: Box::new(error),
    };
    let (recording, mut fresh) = match moto.moto_server() {
        None => {
            drop(moto);
            let fresh = Moto::start(
                options.seed(),
                options.clock()?,
                false,
                Some(fixture.clone()),
                mode,
            )?;
            fresh.replay_checked(&recording).map_err(not_replayed)?;
            (recording, fresh)
        }
        Some(server) => {
            // Moto's log has no statuses: the checking replay supplies them, as later
            // replays will see them.
            server.prepare_for(options.seed(), &recording)?;
            let mut statuses = Vec::new();
            server
                .replay(&recording, Some(&mut statuses))
                .map_err(not_replayed)?;
            let entries = recording
                .entries()
                .iter()
                .zip(statuses)
                .map(|(entry, status)| Entry {
                    status: entry.status.or(Some(status)),
                    ..entry.clone()
                })
                .collect();
            (Recording::new(entries), moto)
        }
    };
    fresh.set_mode(mode);
    recording.write_atomic(&fixture)?;
    lock.mark_recorded();
    let why = match reason {
        RecordReason::Enabled => format!("{} is on", config::ENABLE_RECORDING),
        RecordReason::Missing => "it did not exist".to_owned(),
    };
    eprintln!(
        "moto-recorded: recorded {} ({} requests, seed {}) because {why}",
        fixture.display(),
        recording.len().saturating_sub(1),
        options.seed()
    );
    Ok(fresh)
}
