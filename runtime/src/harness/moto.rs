//! `Moto`: what a `#[moto_recorded]` test gets, its backend and everything about it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rand_chacha::ChaCha20Rng;

use crate::backend::{Backend, BackendOptions};
use crate::clock::{Clock, ClockError};
use crate::random;
use crate::recorder::{RecorderError, ReplayError, ReplayReport};
use crate::recording::Recording;
use crate::server::{Server, ServerError, ServerOptions};

/// The region a test's clients use.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How the test's backend got its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No fixture: a fresh, seeded, empty backend.
    Fresh,
    /// The fixture was replayed into a fresh backend.
    Replayed,
    /// `setup` was recorded into the fixture, which was then replayed into the fresh
    /// backend the body runs against.
    Recorded,
    /// The body runs with recording on (no `setup`); the fixture is written if it passes.
    Recording,
}

/// A test's backend: a fresh, isolated, seeded emulated AWS on loopback.
///
/// Point AWS clients at [`endpoint_url`](Moto::endpoint_url) (or, with the `aws` feature,
/// build them from [`sdk_config`](Moto::sdk_config)).
#[derive(Debug)]
pub struct Moto {
    server: Server,
    seed: u64,
    region: String,
    fixture: Option<PathBuf>,
    mode: Mode,
}

/// A recorder operation on a test's backend failed.
#[derive(Debug, thiserror::Error)]
pub enum MotoError {
    /// The recorder failed.
    #[error(transparent)]
    Recorder(#[from] RecorderError),
    /// A replayed entry failed.
    #[error(transparent)]
    Replay(#[from] ReplayError),
}

impl Moto {
    /// A fresh backend seeded with `seed` on `clock`, served on loopback.
    pub(crate) fn start(
        seed: u64,
        clock: Clock,
        recording: bool,
        fixture: Option<PathBuf>,
        mode: Mode,
    ) -> Result<Moto, ServerError> {
        let backend = Backend::new(BackendOptions {
            seed: Some(seed),
            clock,
            recording,
            ..BackendOptions::default()
        });
        Ok(Moto {
            server: Server::start(Arc::new(backend), ServerOptions::default())?,
            seed,
            region: DEFAULT_REGION.to_owned(),
            fixture,
            mode,
        })
    }

    pub(crate) fn backend(&self) -> &Backend {
        self.server.backend()
    }

    pub(crate) fn server(&self) -> &Server {
        &self.server
    }

    /// The url to point AWS clients at, `http://127.0.0.1:<port>`.
    pub fn endpoint_url(&self) -> String {
        self.server.endpoint_url()
    }

    /// The region for the test's clients (`us-east-1`).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The seed of the backend's ids.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A ChaCha20 random generator for the test's own data, seeded from the test's seed:
    /// every call starts the same sequence, on every machine. It is independent of the
    /// backend's ids (drawing from it never shifts them).
    pub fn rng(&self) -> ChaCha20Rng {
        random::test_data_rng(self.seed)
    }

    /// How the backend got its state.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The fixture's path, if the test has one.
    pub fn fixture(&self) -> Option<&Path> {
        self.fixture.as_deref()
    }

    /// The backend's current time: a virtual clock when the attribute gives `clock`,
    /// the wall clock otherwise.
    pub fn now(&self) -> SystemTime {
        self.backend().clock().now()
    }

    /// Moves the backend's virtual clock forward by `by` (visibility timeouts, delays,
    /// expiries); returns the new time. Fails on the wall clock: give the attribute a
    /// `clock = "2024-01-01T00:00:00Z"` to control time.
    pub fn advance_clock(&self, by: Duration) -> Result<SystemTime, ClockError> {
        self.backend().clock().advance(by)
    }

    /// The recorder of this test's backend, with the operations of Moto's recorder.
    pub fn recorder(&self) -> MotoRecorder<'_> {
        MotoRecorder { moto: self }
    }

    /// An `SdkConfig` pointed at the backend: test credentials (`testing`/`testing`), the
    /// test's region, no retries (a replayed or recorded request is sent once) and a
    /// plain-HTTP client. It reads nothing from the environment, `~/.aws` or IMDS.
    ///
    /// S3 clients need path-style addressing, as with any local endpoint:
    ///
    /// ```ignore
    /// let s3 = aws_sdk_s3::Client::from_conf(
    ///     aws_sdk_s3::config::Builder::from(&moto.sdk_config())
    ///         .force_path_style(true)
    ///         .build(),
    /// );
    /// ```
    #[cfg(feature = "aws")]
    pub fn sdk_config(&self) -> aws_types::SdkConfig {
        crate::aws::sdk_config(&self.endpoint_url(), &self.region)
    }
}

/// The recorder of a test's backend: Moto's recorder operations.
#[derive(Debug, Clone, Copy)]
pub struct MotoRecorder<'a> {
    moto: &'a Moto,
}

impl MotoRecorder<'_> {
    /// Starts recording requests (`start-recording`).
    pub fn start(&self) -> Result<(), MotoError> {
        self.moto.backend().recorder().start();
        Ok(())
    }

    /// Stops recording (`stop-recording`).
    pub fn stop(&self) -> Result<(), MotoError> {
        self.moto.backend().recorder().stop();
        Ok(())
    }

    /// Whether requests are being recorded.
    pub fn is_recording(&self) -> bool {
        self.moto.backend().recorder().is_recording()
    }

    /// Empties the log (`reset-recording`).
    pub fn reset(&self) -> Result<(), MotoError> {
        Ok(self.moto.backend().recorder().reset()?)
    }

    /// The log, in Moto's format (`download-recording`).
    pub fn download(&self) -> Result<String, MotoError> {
        Ok(self.moto.backend().recorder().download()?)
    }

    /// Replaces the log with `text`, which must be a valid recording
    /// (`upload-recording`).
    pub fn upload(&self, text: &str) -> Result<(), MotoError> {
        self.moto.backend().recorder().upload(text)?;
        Ok(())
    }

    /// Replays the log into the backend, checked (`replay-recording`).
    pub fn replay(&self) -> Result<ReplayReport, MotoError> {
        let recording: Recording = self.moto.backend().recorder().recording()?;
        Ok(self.moto.server().replay(recording)?)
    }
}
