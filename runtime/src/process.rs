//! The process-wide default backend: Moto's "decorator mode" API.
//!
//! Started on first use and kept for the life of the process, served on a free loopback
//! port. Its recorder appends to `MOTO_RECORDER_FILEPATH` (default `moto_recording`) and
//! starts on when `MOTO_ENABLE_RECORDING` is true, as Moto's does.
//!
//! ```no_run
//! use moto_recorded_runtime::process;
//!
//! # fn main() -> Result<(), process::ProcessError> {
//! process::seed(42)?;
//! process::start_recording()?;
//! // ... point an AWS client at process::endpoint_url()? and make calls ...
//! process::stop_recording()?;
//! let log = process::download_recording()?;
//! # Ok(()) }
//! ```

use std::sync::{Arc, OnceLock};

use crate::backend::{Backend, BackendOptions};
use crate::config::{Config, ConfigError};
use crate::recorder::{RecorderError, ReplayReport, Storage};
use crate::server::{Server, ServerOptions};

/// The default backend could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The environment is misconfigured.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The default backend's server could not start (the reason is kept for every call).
    #[error("the process-wide backend could not start: {0}")]
    Start(String),
    /// The recorder operation failed.
    #[error(transparent)]
    Recorder(#[from] RecorderError),
}

/// The process-wide server, started on first use.
pub fn default_server() -> Result<&'static Server, ProcessError> {
    static DEFAULT: OnceLock<Result<Server, ProcessError>> = OnceLock::new();
    let started = DEFAULT.get_or_init(|| {
        let config = Config::global()?;
        let backend = Backend::new(BackendOptions {
            storage: Storage::File(config.recorder_filepath.clone()),
            recording: config.enable_recording,
            ..BackendOptions::default()
        });
        Server::start(Arc::new(backend), ServerOptions::default())
            .map_err(|error| ProcessError::Start(error.to_string()))
    });
    started.as_ref().map_err(|error| match error {
        ProcessError::Config(config) => ProcessError::Config(config.clone()),
        ProcessError::Start(message) => ProcessError::Start(message.clone()),
        other => ProcessError::Start(other.to_string()),
    })
}

/// The url of the process-wide backend, for AWS clients.
pub fn endpoint_url() -> Result<String, ProcessError> {
    Ok(default_server()?.endpoint_url())
}

/// The process-wide backend.
pub fn backend() -> Result<&'static Arc<Backend>, ProcessError> {
    Ok(default_server()?.backend())
}

/// Seeds the process-wide backend, as Moto's `mock_random.seed(n)`.
pub fn seed(seed: u64) -> Result<(), ProcessError> {
    backend()?.seed(seed);
    Ok(())
}

/// Starts recording, as Moto's `recorder.start_recording()`.
pub fn start_recording() -> Result<(), ProcessError> {
    backend()?.recorder().start();
    Ok(())
}

/// Stops recording, as Moto's `recorder.stop_recording()`.
pub fn stop_recording() -> Result<(), ProcessError> {
    backend()?.recorder().stop();
    Ok(())
}

/// Empties the recording, as Moto's `recorder.reset_recording()`.
pub fn reset_recording() -> Result<(), ProcessError> {
    Ok(backend()?.recorder().reset()?)
}

/// The recording's text, as Moto's `recorder.download_recording()`.
pub fn download_recording() -> Result<String, ProcessError> {
    Ok(backend()?.recorder().download()?)
}

/// Replaces the recording with `text` (checked first), as Moto's
/// `recorder.upload_recording(data)`.
pub fn upload_recording(text: &str) -> Result<(), ProcessError> {
    backend()?.recorder().upload(text)?;
    Ok(())
}

/// Replays the recording into the process-wide backend, checked, as Moto's
/// `recorder.replay_recording()`.
pub fn replay_recording() -> Result<ReplayReport, ProcessError> {
    let server = default_server()?;
    let recording = server.backend().recorder().recording()?;
    server
        .replay(&recording)
        .map_err(|error| ProcessError::Recorder(RecorderError::Replay(error)))
}
