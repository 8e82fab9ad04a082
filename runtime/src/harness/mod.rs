//! What `#[moto_recorded]` runs: options, then the mode, then a backend replayed or
//! recorded, then the test body with its [`Moto`].
//!
//! | situation | what happens |
//! |---|---|
//! | no `fixture` | a fresh backend seeded with the seed; nothing is replayed or recorded |
//! | the fixture exists | **replay**: a fresh seeded backend, the fixture replayed into it (every entry checked), then the body |
//! | `MOTO_ENABLE_RECORDING` true, with `setup` | **record**: a fresh seeded backend records `setup`; the recording is replayed into another fresh backend, the body runs against it, and the fixture is written atomically once the body has passed |
//! | `MOTO_ENABLE_RECORDING` true, without `setup` | the fixture is replayed as it is, and the test says so once |
//! | the fixture is missing, with `setup`, not on CI | recorded as above, and the test says so |
//! | the fixture is missing, on CI (`CI` set) | the test fails, naming the command that records the fixture |
//! | the fixture is missing, without `setup` | the test fails, saying how to make the fixture |
//!
//! A fixture is the state the body starts from, never the body's own requests: replaying
//! those and then running the body again would apply it twice. A failing or panicking
//! setup or body never touches the fixture. Tests sharing a fixture record it once per run
//! (see `lock`). Entries without a recorded status that a service refuses (a file written
//! by Moto) are shown as warnings, and fail the test on CI.
//!
//! A recording leaves out the requests that change nothing unless the test says
//! `record_reads = true`; with `MOTO_RECORDED_UPDATE=new`, a re-recording that differs
//! from the committed fixture is written beside it as `<fixture>.new` for review. Every
//! fixture a test uses is listed for `moto-recorded check` (see `usage`). A test prints
//! one line per fixture it replays or records (entries, time); `MOTO_RECORDED_LOG`
//! turns that off or adds a line per replayed request.
//!
//! With `MOTO_RECORDED_SERVER` set, the backend is that Moto server instead, prepared
//! for each test as `remote` describes; the modes are the same (see `source`).

mod driver;
mod error;
mod lock;
mod moto;
mod outcome;
mod remote;
mod setups;
mod source;
#[cfg(test)]
mod update_tests;
mod usage;

use std::path::{Component, Path, PathBuf};

pub use error::HarnessError;
pub use moto::{BackendKind, DEFAULT_REGION, Mode, Moto, MotoError, MotoRecorder};
pub use outcome::{
    FutureSetup, NotASetup, Setup, SetupByFuture, SetupByValue, SetupCall, SetupFn, SetupResult,
    SetupSignature, TestOutput, ValueSetup,
};
pub use setups::SETUP_FIXTURES;
pub use usage::{SETUP_SEPARATOR, USED_DIRECTORY};

use crate::clock::Clock;
use crate::config::{self, Config};
use driver::Step;

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
    /// `setup = path`: the path as written, for messages.
    pub setup_name: Option<&'static str>,
    /// `record_reads = true`: keep requests that change nothing (`Describe*`, `Get*`,
    /// `List*`, `Head*`, what AWS's models mark read-only) in the recorded fixture; by
    /// default they are left out (see [`recorder::reads`](crate::recorder::reads)).
    pub record_reads: bool,
}

impl Options {
    /// The test's name as the test harness shows it (without the crate).
    pub fn test_name(&self) -> &'static str {
        self.test
            .split_once("::")
            .map_or(self.test, |(_, name)| name)
    }

    /// The seed: the attribute's, or a stable hash (FNV-1a) of the fixture path
    /// normalised (see [`Options::fixture_name`]), or of the test's name when there is no
    /// fixture. Tests sharing a fixture thus agree on its seed however they spell its
    /// path, and renaming a test does not change it.
    pub fn seed(&self) -> u64 {
        self.seed.unwrap_or_else(|| match self.fixture_name() {
            Some(name) => crate::random::fnv1a(name.as_bytes()),
            None => crate::random::fnv1a(self.test_name().as_bytes()),
        })
    }

    /// The fixture's path relative to the crate, normalised: `/` between components,
    /// without `.` and with `..` applied (`./tests/fixtures/x.jsonl` and
    /// `tests/fixtures/../fixtures/x.jsonl` are `tests/fixtures/x.jsonl`), on every
    /// platform.
    pub fn fixture_name(&self) -> Option<String> {
        let fixture = self.fixture?;
        let mut components: Vec<&str> = Vec::new();
        for component in fixture.split(['/', '\\']) {
            match component {
                "" | "." => {}
                ".." => {
                    components.pop();
                }
                other => components.push(other),
            }
        }
        Some(components.join("/"))
    }

    /// The fixture's path.
    pub fn fixture_path(&self) -> Option<PathBuf> {
        self.fixture
            .map(|fixture| normalize(&Path::new(self.manifest_dir).join(fixture)))
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

    pub(crate) fn clock(&self) -> Result<Clock, HarnessError> {
        match self.clock {
            None => Ok(Clock::wall()),
            Some(value) => Clock::virtual_at_rfc3339(value).map_err(|source| HarnessError::Clock {
                value: value.to_owned(),
                source,
            }),
        }
    }
}

/// Runs a sync test (what the attribute generates for a `fn`).
///
/// # Panics
/// When the backend cannot be made ready (see [`HarnessError`]): the test fails with a
/// message naming the fixture, the line and what to do.
#[track_caller]
pub fn run<R: TestOutput>(options: Options, body: impl FnOnce(&Moto) -> R) -> R {
    let config = match Config::global() {
        Ok(config) => config,
        Err(error) => fail(&error.into()),
    };
    let mut step = driver::begin(&options, config);
    loop {
        match step {
            Err(error) => fail(&error),
            Ok(Step::Setup(session)) => {
                let outcome = match (session.setup())(session.moto()) {
                    Setup::Done(outcome) => outcome,
                    Setup::Pending(future) => block_on(future),
                };
                step = driver::after_setup(&options, config, session, outcome);
            }
            Ok(Step::Body(ready)) => {
                let output = body(ready.moto());
                if let Err(error) = ready.finish(output.passed()) {
                    fail(&error);
                }
                return output;
            }
        }
    }
}

/// Runs an async test (what the attribute generates for an `async fn`). The steps that
/// block (waiting for a fixture another test records, a Moto server, replay) run off the
/// test's runtime, so tests sharing a runtime never stall each other.
///
/// The test fails through [`finish`], called from the test itself, so that the failure
/// points at the test (an `async fn` cannot pass its caller's location on).
pub async fn run_async<R: TestOutput>(
    options: Options,
    body: impl AsyncFnOnce(&Moto) -> R,
) -> Result<R, HarnessError> {
    run_async_with(options, Config::global()?, body).await
}

/// The end of an async test: its output, or the test-facing failure.
///
/// # Panics
/// As [`run`], at the caller's location.
#[track_caller]
pub fn finish<R>(result: Result<R, HarnessError>) -> R {
    match result {
        Ok(output) => output,
        Err(error) => fail(&error),
    }
}

/// [`run_async`] with a given configuration.
async fn run_async_with<R: TestOutput>(
    options: Options,
    config: &'static Config,
    body: impl AsyncFnOnce(&Moto) -> R,
) -> Result<R, HarnessError> {
    let mut step = off_runtime(move || driver::begin(&options, config)).await;
    loop {
        match step {
            Err(error) => return Err(error),
            Ok(Step::Setup(session)) => {
                let outcome = match (session.setup())(session.moto()) {
                    Setup::Done(outcome) => outcome,
                    Setup::Pending(future) => future.await,
                };
                step = off_runtime(move || driver::after_setup(&options, config, session, outcome))
                    .await;
            }
            Ok(Step::Body(ready)) => {
                let output = body(ready.moto()).await;
                let passed = output.passed();
                // Writing a fixture blocks; a replayed or fresh backend has nothing to write.
                let finished = if ready.has_pending_fixture() {
                    off_runtime(move || ready.finish(passed)).await
                } else {
                    ready.finish(passed)
                };
                return finished.map(|()| output);
            }
        }
    }
}

/// Runs a blocking step off the async runtime: on tokio's blocking pool inside a tokio
/// runtime, on a thread of its own under any other executor.
async fn off_runtime<T: Send + 'static>(
    step: impl FnOnce() -> Result<T, HarnessError> + Send + 'static,
) -> Result<T, HarnessError> {
    let finished = match tokio::runtime::Handle::try_current() {
        Ok(runtime) => runtime.spawn_blocking(step).await.map_err(|error| {
            if error.is_panic() {
                std::panic::resume_unwind(error.into_panic())
            }
            error.to_string()
        }),
        Err(_) => {
            let (done, result) = tokio::sync::oneshot::channel();
            let spawned = std::thread::Builder::new()
                .name("moto-recorded-harness".to_owned())
                .spawn(move || {
                    let _ = done.send(step());
                });
            match spawned {
                Ok(_) => result.await.map_err(|error| error.to_string()),
                Err(error) => Err(error.to_string()),
            }
        }
    };
    finished.map_err(HarnessError::Interrupted)?
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

/// `path` without `.` and `..` components, so that one fixture has one path (and one
/// lock) however it is spelled.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// A setup that yields to its runtime for a while, as one sending requests does.
    fn slow_setup(_moto: &Moto) -> Setup<'_> {
        Setup::Pending(Box::pin(async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok(())
        }))
    }

    fn options(manifest_dir: &'static str, setup: Option<SetupFn>) -> Options {
        Options {
            test: "harness::tests::shared",
            package: "moto-recorded-runtime",
            manifest_dir,
            seed: Some(42),
            fixture: Some("shared.jsonl"),
            clock: None,
            setup,
            setup_name: Some("slow_setup"),
            record_reads: false,
        }
    }

    #[test]
    fn the_default_seed_hashes_the_normalised_fixture_path() {
        let seed_of = |fixture: &'static str| {
            Options {
                seed: None,
                fixture: Some(fixture),
                ..options("/crate", None)
            }
            .seed()
        };
        let written = seed_of("tests/fixtures/x.jsonl");
        // Unchanged for a path written plainly: fixtures recorded before keep their seed.
        assert_eq!(written, crate::random::fnv1a(b"tests/fixtures/x.jsonl"));
        for spelling in [
            "./tests/fixtures/x.jsonl",
            "tests//fixtures/./x.jsonl",
            "tests/other/../fixtures/x.jsonl",
            "tests\\fixtures\\x.jsonl",
        ] {
            assert_eq!(seed_of(spelling), written, "{spelling}");
        }
        assert_ne!(seed_of("tests/fixtures/y.jsonl"), written);
    }

    #[test]
    fn two_tests_on_one_current_thread_runtime_wait_for_one_fixture_without_stalling_it() {
        let directory = tempfile::tempdir().unwrap();
        let manifest_dir: &'static str = Box::leak(
            directory
                .path()
                .to_string_lossy()
                .into_owned()
                .into_boxed_str(),
        );
        let config: &'static Config = Box::leak(Box::new(Config::from_lookup(|_| None).unwrap()));
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let modes = std::sync::Mutex::new(Vec::new());
            runtime.block_on(async {
                let test = || {
                    run_async_with(
                        options(manifest_dir, Some(slow_setup)),
                        config,
                        async |moto: &Moto| modes.lock().unwrap().push(moto.mode()),
                    )
                };
                let test = || async { test().await.unwrap() };
                tokio::join!(test(), test())
            });
            let _ = done.send(modes.into_inner().unwrap());
        });
        let mut modes = finished
            .recv_timeout(Duration::from_secs(60))
            .expect("the two tests stalled each other's runtime");
        modes.sort_by_key(|mode| format!("{mode:?}"));
        assert_eq!(modes, [Mode::Recorded, Mode::Replayed]);
        assert!(directory.path().join("shared.jsonl").is_file());
    }
}
