//! Where a test's backends come from: an embedded backend of the test's own, or the Moto
//! server named by `MOTO_RECORDED_SERVER`. Everything that differs between the two lives
//! here, as four steps the driver takes: a fresh backend, a backend with a fixture
//! replayed into it, a backend recording a setup, and the check that turns what was
//! recorded into a fixture (and gives the backend the body runs against).

use std::collections::BTreeSet;
use std::path::Path;

use super::Options;
use super::error::HarnessError;
use super::moto::{DEFAULT_REGION, Mode, Moto};
use super::remote::{self, MotoServer, ServiceRegion};
use crate::config::Config;
use crate::recorder::{ReplayError, ReplayReport};
use crate::recording::{Entry, Recording};

/// How many times a setup is recorded on a Moto server before its ids are taken as they
/// are (see [`BackendSource::record_again`]).
const MAX_RECORDING_ATTEMPTS: usize = 3;

/// Where the test's backends come from.
#[derive(Debug, Clone)]
pub(crate) enum BackendSource {
    /// A fresh in-process backend per test.
    Embedded,
    /// A Moto server, reset and seeded for each test.
    MotoServer {
        /// Its url.
        url: String,
    },
}

/// A backend recording a setup.
#[derive(Debug)]
pub(crate) struct RecordingBackend {
    pub(crate) moto: Moto,
    /// On a Moto server: the services and regions touched before the seed.
    touched: BTreeSet<ServiceRegion>,
    /// How many times the setup has been recorded.
    attempts: usize,
}

impl BackendSource {
    /// The source the configuration names.
    pub(crate) fn of(config: &Config) -> BackendSource {
        match &config.moto_server {
            None => BackendSource::Embedded,
            Some(url) => BackendSource::MotoServer { url: url.clone() },
        }
    }

    /// A fresh, seeded backend with no state.
    pub(crate) fn fresh(&self, options: &Options) -> Result<Moto, HarnessError> {
        let seed = options.seed();
        match self {
            BackendSource::Embedded => Ok(Moto::start(
                seed,
                options.clock()?,
                false,
                None,
                Mode::Fresh,
            )),
            BackendSource::MotoServer { url } => {
                let server = MotoServer::connect(url)?;
                server.prepare(seed, &default_touched())?;
                Ok(Moto::on_server(server, seed, None, Mode::Fresh))
            }
        }
    }

    /// A fresh backend with `recording` (read from `fixture`) replayed into it, every
    /// entry checked.
    pub(crate) fn replayed(
        &self,
        options: &Options,
        fixture: &Path,
        recording: &Recording,
    ) -> Result<(Moto, ReplayReport), HarnessError> {
        let seed = options.seed();
        let replay_error = |error| HarnessError::Replay {
            error: Box::new(error),
            command: options.record_command(),
        };
        match self {
            BackendSource::Embedded => {
                let moto = Moto::start(
                    seed,
                    options.clock()?,
                    false,
                    Some(fixture.to_owned()),
                    Mode::Replayed,
                );
                let report = moto.replay_checked(recording).map_err(replay_error)?;
                Ok((moto, report))
            }
            BackendSource::MotoServer { url } => {
                let server = MotoServer::connect(url)?;
                server.prepare_for(seed, recording)?;
                let report = server.replay(recording, None).map_err(replay_error)?;
                let moto = Moto::on_server(server, seed, Some(fixture.to_owned()), Mode::Replayed);
                Ok((moto, report))
            }
        }
    }

    /// A fresh backend recording, for `setup` to build the fixture's state in. On a Moto
    /// server, the services the fixture used so far (if it exists) are touched before the
    /// seed, so an unchanged setup is recorded at once.
    pub(crate) fn recording(
        &self,
        options: &Options,
        fixture: &Path,
    ) -> Result<RecordingBackend, HarnessError> {
        let seed = options.seed();
        match self {
            BackendSource::Embedded => Ok(RecordingBackend {
                moto: Moto::start(
                    seed,
                    options.clock()?,
                    true,
                    Some(fixture.to_owned()),
                    Mode::Recorded,
                ),
                touched: BTreeSet::new(),
                attempts: 1,
            }),
            BackendSource::MotoServer { url } => {
                let touched = Recording::read(fixture)
                    .map(|previous| remote::services_of(&previous))
                    .unwrap_or_default();
                let server = MotoServer::connect(url)?;
                start_remote_recording(&server, seed, &touched)?;
                Ok(RecordingBackend {
                    moto: Moto::on_server(server, seed, Some(fixture.to_owned()), Mode::Recorded),
                    touched,
                    attempts: 1,
                })
            }
        }
    }

    /// What `backend` recorded, as a canonical fixture with the seed first.
    pub(crate) fn collect(
        &self,
        options: &Options,
        backend: &RecordingBackend,
    ) -> Result<Recording, HarnessError> {
        Ok(Recording::with_seed(
            options.seed(),
            backend.moto.recorded_entries()?,
        ))
    }

    /// On a Moto server, whether the setup must be recorded again: it used services or
    /// regions that were not touched before the seed, so a replay, which touches them,
    /// would give other ids. The recorder is then restarted with them touched.
    pub(crate) fn record_again(
        &self,
        options: &Options,
        backend: &mut RecordingBackend,
        recording: &Recording,
    ) -> Result<bool, HarnessError> {
        let Some(server) = backend.moto.moto_server() else {
            return Ok(false);
        };
        let used = remote::services_of(recording);
        if used.is_subset(&backend.touched) || backend.attempts >= MAX_RECORDING_ATTEMPTS {
            return Ok(false);
        }
        backend.touched.extend(used);
        backend.attempts += 1;
        start_remote_recording(server, options.seed(), &backend.touched)?;
        Ok(true)
    }

    /// Checks that `recording` replays into a fresh backend and returns the fixture to
    /// write (on a Moto server, with the statuses that replay gave, since Moto's log has
    /// none) and the backend, with the fixture replayed into it, that the body runs
    /// against.
    pub(crate) fn check(
        &self,
        options: &Options,
        fixture: &Path,
        backend: RecordingBackend,
        recording: Recording,
    ) -> Result<(Recording, Moto), HarnessError> {
        let not_replayed = |error: ReplayError| HarnessError::RecordingDoesNotReplay {
            fixture: fixture.to_owned(),
            error: Box::new(error),
        };
        let RecordingBackend { moto, .. } = backend;
        match moto.moto_server() {
            None => {
                // The recording backend is done: only what the fixture builds counts.
                drop(moto);
                let fresh = Moto::start(
                    options.seed(),
                    options.clock()?,
                    false,
                    Some(fixture.to_owned()),
                    Mode::Recorded,
                );
                fresh.replay_checked(&recording).map_err(not_replayed)?;
                Ok((recording, fresh))
            }
            Some(server) => {
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
                Ok((Recording::new(entries), moto))
            }
        }
    }
}

/// The services every test on a Moto server touches when there is no fixture to say
/// which it uses.
fn default_touched() -> BTreeSet<ServiceRegion> {
    crate::services::EMULATED
        .iter()
        .map(|service| ((*service).to_owned(), DEFAULT_REGION.to_owned()))
        .collect()
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
