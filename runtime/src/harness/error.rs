//! Why a `#[moto_recorded]` test could not get its backend ready.

use std::path::PathBuf;

use crate::clock::ClockError;
use crate::config::ConfigError;
use crate::recorder::{RecorderError, ReplayError};
use crate::recording::{ReadError, WriteError};
use crate::server::ServerError;

/// A test's backend could not be made ready; the test fails with this message.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// An environment variable has a value that is not understood.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The `clock` argument is not an RFC 3339 instant.
    #[error("clock = {value:?}: {source}")]
    Clock {
        /// The argument.
        value: String,
        /// Why it was refused.
        source: ClockError,
    },
    /// The fixture does not exist and CI is set, so it is not recorded here.
    #[error(
        "fixture {} does not exist, and on CI (CI is set) a missing fixture is not \
         recorded. Record it on your machine and commit it:\n    {command}",
        fixture.display()
    )]
    MissingOnCi {
        /// The fixture.
        fixture: PathBuf,
        /// The command that records it.
        command: String,
    },
    /// The fixture does not exist and the test has no `setup` to record it from.
    #[error(
        "fixture {} does not exist, and {test} has no `setup` to record it from. A fixture \
         is the state the body starts from, recorded from a setup: add `setup = <fn>` \
         (a fn taking `&Moto` that builds the state) to the attribute and run the test, or \
         run a test with a setup that shares the fixture first, or save a recording \
         downloaded from Moto (GET /moto-api/recorder/download-recording) there",
        fixture.display()
    )]
    MissingWithoutSetup {
        /// The fixture.
        fixture: PathBuf,
        /// The test's name.
        test: &'static str,
    },
    /// Replay let entries pass that a service refused (entries without a recorded
    /// status), and on CI that fails the test.
    #[error(
        "on CI (CI is set) replay warnings fail the test:\n{warnings}\nGive each entry the \
         status it should get (`\"status\": 400` after `body_encoded`), remove it, or \
         re-record the fixture with:\n    {command}"
    )]
    ReplayWarnings {
        /// One line per refused entry: file, line, request, status and body.
        warnings: String,
        /// The command that re-records the fixture.
        command: String,
    },
    /// A step running off the test's runtime could not finish (the runtime is shutting
    /// down, or no thread could be started).
    #[error("the test's backend could not be prepared off its runtime: {0}")]
    Interrupted(String),
    /// A recording downloaded from a Moto server cannot be parsed.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The fixture cannot be read, or a line of it cannot be parsed.
    #[error(
        "{error}\nA fixture has one JSON object per line, as Moto's recorder writes them: \
         fix or remove that line, or re-record the fixture with:\n    {command}"
    )]
    Fixture {
        /// The file, the line and what is wrong with it.
        error: ReadError,
        /// The command that re-records the fixture.
        command: String,
    },
    /// The fixture has no lines, so it would give the body no state.
    #[error(
        "fixture {} is empty: not even the seed line that starts every fixture, so the \
         body would run against an empty backend. {remedy}",
        fixture.display()
    )]
    EmptyFixture {
        /// The fixture.
        fixture: PathBuf,
        /// What to do: delete it to have it recorded, or the command that records it.
        remedy: String,
    },
    /// Two tests of one test binary record one fixture from different setups; whichever
    /// recorded first would decide what the other replays.
    #[error(
        "fixture {fixture} is recorded by two different setups: `{first_setup}` \
         (test {first_test}) and `{second_setup}` (test {second_test}). Whichever records \
         first decides the state the other replays: give each setup a fixture of its \
         own, or make both tests use the same setup"
    )]
    SetupConflict {
        /// The fixture, relative to the crate.
        fixture: String,
        /// The setup of the test whose name sorts first (both tests report the same).
        first_setup: &'static str,
        /// That test.
        first_test: &'static str,
        /// The other setup.
        second_setup: &'static str,
        /// Its test.
        second_test: &'static str,
    },
    /// The fixture was recorded with another seed than the attribute gives.
    #[error(
        "fixture {} was recorded with seed {recorded}, but the test {source_of_seed} seed \
         {expected}: ids would not match. Write `seed = {recorded}` in the attribute, or \
         re-record the fixture with:\n    {command}",
        fixture.display()
    )]
    SeedMismatch {
        /// The fixture.
        fixture: PathBuf,
        /// The seed on the fixture's first line.
        recorded: u64,
        /// The seed of the test.
        expected: u64,
        /// "gives" or "derives" (when the attribute has no `seed`).
        source_of_seed: &'static str,
        /// The command that re-records it.
        command: String,
    },
    /// An entry of the fixture did not replay as recorded.
    #[error(
        "{error}\nThe fixture no longer builds its state on this backend. Fix or remove the \
         entry, or re-record the fixture with:\n    {command}"
    )]
    Replay {
        /// The failing entry and how it failed.
        error: Box<ReplayError>,
        /// The command that re-records the fixture.
        command: String,
    },
    /// The embedded backend's server could not start.
    #[error("cannot start the embedded backend: {0}")]
    Server(#[from] ServerError),
    /// A lock that serialises tests (recording one fixture, or using one Moto server)
    /// could not be taken.
    #[error("cannot lock {what} (lock file {}): {source}", lock_file.display())]
    Lock {
        /// What was to be locked.
        what: String,
        /// The lock file.
        lock_file: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `setup` returned an error; the fixture was not written.
    #[error(
        "setup failed while recording {}: {message}\nThe fixture was left as it was.",
        fixture.display()
    )]
    SetupFailed {
        /// The fixture.
        fixture: PathBuf,
        /// The error setup returned, in its debug form.
        message: String,
    },
    /// What was recorded does not replay into a fresh backend; the fixture was not written.
    #[error(
        "the new recording of {} does not replay into a fresh backend, so it was not \
         written (the fixture was left as it was): {error}",
        fixture.display()
    )]
    RecordingDoesNotReplay {
        /// The fixture.
        fixture: PathBuf,
        /// The failing entry.
        error: Box<ReplayError>,
    },
    /// The Moto server named by `MOTO_RECORDED_SERVER` cannot be used.
    #[error("{variable}={url}: {problem}")]
    MotoServer {
        /// The variable that names the server.
        variable: &'static str,
        /// The server's url.
        url: String,
        /// What went wrong and what to do.
        problem: String,
    },
    /// The recorder failed.
    #[error(transparent)]
    Recorder(#[from] RecorderError),
    /// The fixture could not be written; the previous file is untouched.
    #[error(transparent)]
    Write(#[from] WriteError),
}
