//! `Moto`: what a `#[moto_recorded]` test gets, its backend and everything about it.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use rand_chacha::ChaCha20Rng;
use serde_json::Value;

use super::error::HarnessError;
use super::remote::MotoServer;
use crate::backend::{Backend, BackendOptions};
use crate::clock::{Clock, ClockError};
use crate::random;
use crate::recorder::{RecorderError, ReplayError, ReplayReport};
use crate::recording::{Entry, ReadError, Recording};
use crate::server::{self, Server, ServerError, ServerOptions};
use crate::services::lambda::{LambdaContext, LambdaHandler, LambdaResult};
use crate::services::sns::SnsDelivery;

/// The origin of requests made through the in-process transport, as the backend sees it.
const IN_PROCESS_ORIGIN: &str = crate::recording::CANONICAL_ORIGIN;

/// The region a test's clients use.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How the test's backend got its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No fixture: a fresh, seeded, empty backend.
    Fresh,
    /// The fixture was replayed into a fresh backend.
    Replayed,
    /// `setup` was recorded and the recording replayed into the fresh backend the body
    /// runs against; the fixture is written once the body has passed.
    Recorded,
}

/// What serves a test's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// A backend of the test's own, in this process (the default).
    Embedded,
    /// The Moto server named by `MOTO_RECORDED_SERVER`, reset and seeded for the test.
    MotoServer,
}

#[derive(Debug)]
enum Target {
    Embedded(Embedded),
    MotoServer(MotoServer),
}

/// A test's own backend, and its HTTP server once something needs a port.
#[derive(Debug)]
struct Embedded {
    backend: Arc<Backend>,
    server: OnceLock<Server>,
}

impl Embedded {
    /// The server, started on first use.
    fn server(&self) -> Result<&Server, ServerError> {
        if let Some(server) = self.server.get() {
            return Ok(server);
        }
        let started = Server::start(self.backend.clone(), ServerOptions::default())?;
        // Another thread may have started one meanwhile: theirs is kept, this one stops.
        drop(self.server.set(started));
        self.server
            .get()
            .ok_or_else(|| ServerError::Runtime("the server was not kept".to_owned()))
    }

    /// The server's url, the server started if need be.
    fn endpoint_url(&self) -> Result<String, MotoError> {
        Ok(self.server().map_err(MotoError::Listen)?.endpoint_url())
    }
}

/// A test's backend: a fresh, isolated, seeded emulated AWS in this process, or a Moto
/// server prepared for the test.
///
/// Build AWS clients from [`sdk_config`](Moto::sdk_config) (the `aws` feature): on the
/// embedded backend they reach it in process, without a socket. Code that needs a url
/// gets one from [`endpoint_url`](Moto::endpoint_url), which starts the backend's HTTP
/// server on loopback the first time it is asked.
#[derive(Debug)]
pub struct Moto {
    target: Target,
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
    /// The Moto server failed.
    #[error(transparent)]
    MotoServer(Box<HarnessError>),
    /// A Lambda handler was registered for a test running on a Moto server, which runs
    /// functions' code in Docker, not in this process.
    #[error(
        "cannot run a Rust handler for the Lambda function {function} on the Moto server at \
         {url}: Moto runs functions' code in Docker. Run this test on the embedded backend \
         (unset MOTO_RECORDED_SERVER)"
    )]
    LambdaOnMotoServer {
        /// The function the handler was for.
        function: String,
        /// The server's url.
        url: String,
    },
    /// SNS deliveries were asked of a test running on a Moto server, which keeps them in
    /// its own process.
    #[error(
        "cannot read the SNS deliveries of the Moto server at {url}: they stay in its \
         process. Run this test on the embedded backend (unset MOTO_RECORDED_SERVER)"
    )]
    SnsDeliveriesOnMotoServer {
        /// The server's url.
        url: String,
    },
    /// The embedded backend's HTTP server, started the first time a url is asked for,
    /// could not start (no free port or file descriptor, no thread).
    #[error("the test's backend cannot listen on loopback: {0}")]
    Listen(ServerError),
}

impl Moto {
    /// A fresh backend seeded with `seed` on `clock`; its server starts when first needed.
    pub(crate) fn start(
        seed: u64,
        clock: Clock,
        recording: bool,
        fixture: Option<PathBuf>,
        mode: Mode,
    ) -> Moto {
        let backend = Backend::new(BackendOptions {
            seed: Some(seed),
            clock,
            recording,
            ..BackendOptions::default()
        });
        Moto {
            target: Target::Embedded(Embedded {
                backend: Arc::new(backend),
                server: OnceLock::new(),
            }),
            seed,
            region: DEFAULT_REGION.to_owned(),
            fixture,
            mode,
        }
    }

    /// A Moto server, already prepared for the test.
    pub(crate) fn on_server(
        server: MotoServer,
        seed: u64,
        fixture: Option<PathBuf>,
        mode: Mode,
    ) -> Moto {
        Moto {
            target: Target::MotoServer(server),
            seed,
            region: DEFAULT_REGION.to_owned(),
            fixture,
            mode,
        }
    }

    pub(crate) fn moto_server(&self) -> Option<&MotoServer> {
        match &self.target {
            Target::Embedded(_) => None,
            Target::MotoServer(server) => Some(server),
        }
    }

    /// Replays `recording` into the backend, every entry checked.
    pub(crate) fn replay_checked(
        &self,
        recording: &Recording,
    ) -> Result<ReplayReport, ReplayError> {
        match &self.target {
            Target::Embedded(embedded) => server::replay_blocking(&embedded.backend, recording),
            Target::MotoServer(server) => server.replay(recording, None),
        }
    }

    /// Stops the recorder and returns what it recorded, canonical.
    pub(crate) fn recorded_entries(&self) -> Result<Vec<Entry>, HarnessError> {
        match &self.target {
            Target::Embedded(embedded) => {
                let recorder = embedded.backend.recorder();
                recorder.stop();
                Ok(recorder.recording()?.entries().to_vec())
            }
            Target::MotoServer(server) => {
                server.recorder("stop-recording", Vec::new())?;
                let text = server.recorder("download-recording", Vec::new())?;
                let downloaded = Recording::parse(
                    format!("the recording downloaded from {}", server.url()),
                    &text,
                )
                .map_err(ReadError::from)?;
                // Moto stores requests as they came (signatures, ports, base64 bodies).
                Ok(downloaded.canonical().entries().to_vec())
            }
        }
    }

    /// What serves the test's requests.
    pub fn backend_kind(&self) -> BackendKind {
        match &self.target {
            Target::Embedded(_) => BackendKind::Embedded,
            Target::MotoServer(_) => BackendKind::MotoServer,
        }
    }

    /// The url to point AWS clients at: `http://127.0.0.1:<port>` for the embedded
    /// backend, the server's url otherwise. The embedded backend's HTTP server starts the
    /// first time this (or anything else that needs a port) is called; a test whose
    /// clients come from [`sdk_config`](Moto::sdk_config) never binds one.
    ///
    /// Fails only if that server cannot start (no free port or file descriptor).
    pub fn endpoint_url(&self) -> Result<String, MotoError> {
        match &self.target {
            Target::Embedded(embedded) => embedded.endpoint_url(),
            Target::MotoServer(server) => Ok(server.url().to_owned()),
        }
    }

    /// Whether the backend listens on a port: the embedded backend's server once
    /// [`endpoint_url`](Moto::endpoint_url) (or [`sdk_config_over_http`]) has started it;
    /// a Moto server always.
    ///
    /// [`sdk_config_over_http`]: Moto::sdk_config_over_http
    pub fn server_started(&self) -> bool {
        match &self.target {
            Target::Embedded(embedded) => embedded.server.get().is_some(),
            Target::MotoServer(_) => true,
        }
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
    /// the wall clock otherwise (always, on a Moto server).
    pub fn now(&self) -> SystemTime {
        match &self.target {
            Target::Embedded(embedded) => embedded.backend.clock().now(),
            Target::MotoServer(_) => SystemTime::now(),
        }
    }

    /// Moves the backend's virtual clock forward by `by` (visibility timeouts, delays,
    /// expiries) and fires the EventBridge schedule occurrences (`rate()` and `cron()`)
    /// passed on the way, each delivering one `Scheduled Event` to its rule's targets; returns the new
    /// time. Fails on the wall clock (give the attribute a
    /// `clock = "2024-01-01T00:00:00Z"` to control time) and on a Moto server.
    pub fn advance_clock(&self, by: Duration) -> Result<SystemTime, ClockError> {
        match &self.target {
            Target::Embedded(embedded) => {
                crate::server::block_on_in_runtime(embedded.backend.advance_clock(by))
            }
            Target::MotoServer(_) => Err(ClockError::ServerClock),
        }
    }

    /// Makes `handler` the code of the Lambda function `function_name`: Invoke runs it, in
    /// this process, with the payload as JSON and a [`LambdaContext`]. It runs on a
    /// thread of its own, so it may block; see [`lambda_async`](Moto::lambda_async) for
    /// one that awaits.
    ///
    /// ```ignore
    /// moto.lambda("resize", |event, context| {
    ///     let width = event["width"].as_u64().ok_or_else(|| LambdaError::new("InvalidSize", "no width"))?;
    ///     Ok(serde_json::json!({"width": width / 2, "bucket": context.env("BUCKET")}))
    /// })?;
    /// ```
    ///
    /// The handler belongs to the backend, for every region, and replaces one registered
    /// before for that name; it is kept across `/moto-api/reset` (it is the test's code,
    /// not state of the emulated AWS). Registering records nothing and draws no ids: a
    /// fixture never holds handlers, so a test registers them in its body, before it
    /// invokes. Fails on a Moto server, which cannot run Rust code.
    pub fn lambda<F>(&self, function_name: &str, handler: F) -> Result<(), MotoError>
    where
        F: Fn(Value, LambdaContext) -> LambdaResult + Send + Sync + 'static,
    {
        self.register_lambda(function_name, LambdaHandler::new(handler))
    }

    /// Makes the async `handler` the code of the Lambda function `function_name` (as
    /// [`lambda`](Moto::lambda)); its future is awaited on the backend's runtime, so it
    /// may await AWS SDK calls, to this backend or another.
    pub fn lambda_async<F, Fut>(&self, function_name: &str, handler: F) -> Result<(), MotoError>
    where
        F: Fn(Value, LambdaContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = LambdaResult> + Send + 'static,
    {
        self.register_lambda(function_name, LambdaHandler::new_async(handler))
    }

    fn register_lambda(
        &self,
        function_name: &str,
        handler: LambdaHandler,
    ) -> Result<(), MotoError> {
        match &self.target {
            Target::Embedded(embedded) => {
                embedded
                    .backend
                    .register_lambda_handler(function_name, handler);
                Ok(())
            }
            Target::MotoServer(server) => Err(MotoError::LambdaOnMotoServer {
                function: function_name.to_owned(),
                url: server.url().to_owned(),
            }),
        }
    }

    /// Every resource of every service in this test's backend, in one JSON document of
    /// the shape of Moto's `/moto-api/data.json`: `{service: {kind: [resource, ...]}}`.
    /// On the embedded backend each resource reads as its service's Describe or List
    /// answer shows it (AWS's member names, plus `Region`), kinds named as Moto names them
    /// (`FakeBucket`, `Queue`, `Instance`, ...); on a Moto server it is Moto's own
    /// data.json. Reading it changes nothing, draws no ids and records nothing.
    ///
    /// ```ignore
    /// let state = moto.state()?;
    /// assert_eq!(state["sqs"]["Queue"][0]["QueueName"], "jobs");
    /// ```
    pub fn state(&self) -> Result<Value, MotoError> {
        match &self.target {
            Target::Embedded(embedded) => {
                // The origin the test's clients used: the server's once it listens.
                let origin = embedded
                    .server
                    .get()
                    .map_or_else(|| IN_PROCESS_ORIGIN.to_owned(), Server::endpoint_url);
                Ok(embedded.backend.state(&origin))
            }
            Target::MotoServer(server) => server
                .state()
                .map_err(|error| MotoError::MotoServer(Box::new(error))),
        }
    }

    /// Every message SNS has sent so far, oldest first: each delivery to a subscription
    /// (SQS queues and Lambda functions of this backend get theirs as well; HTTP(S),
    /// email, SMS and mobile endpoints are never contacted, so this is where a test sees
    /// what they would have received, the `SubscriptionConfirmation` with its token
    /// included) and each text published to a phone number.
    ///
    /// ```ignore
    /// let sent = moto.sns_deliveries()?;
    /// assert_eq!(sent[0].endpoint, "https://example.com/hook");
    /// ```
    ///
    /// Fails on a Moto server, which keeps its deliveries in its own process.
    pub fn sns_deliveries(&self) -> Result<Vec<SnsDelivery>, MotoError> {
        match &self.target {
            Target::Embedded(embedded) => Ok(embedded.backend.sns_deliveries()),
            Target::MotoServer(server) => Err(MotoError::SnsDeliveriesOnMotoServer {
                url: server.url().to_owned(),
            }),
        }
    }

    /// The recorder of this test's backend, with the operations of Moto's recorder.
    pub fn recorder(&self) -> MotoRecorder<'_> {
        MotoRecorder { moto: self }
    }

    /// An `SdkConfig` pointed at the backend: test credentials (`testing`/`testing`), the
    /// test's region, no retries (a replayed or recorded request is sent once). It reads
    /// nothing from the environment, `~/.aws` or IMDS.
    ///
    /// On the embedded backend its clients hand each request to the backend in this
    /// process ([`InProcessClient`](crate::aws::transport::InProcessClient)): the same
    /// routing, recorder and services as over HTTP, so fixtures come out byte-identical,
    /// but no socket, and no port is bound for it. Its endpoint is the name
    /// `http://localhost:5000`, where nothing listens: S3 buckets are addressed
    /// virtual-hosted (`orders.localhost:5000`) without DNS or `force_path_style`. Code
    /// that needs a url of its own (a presigned url to fetch, a client built from an
    /// endpoint, another process) uses [`sdk_config_over_http`](Moto::sdk_config_over_http)
    /// or [`endpoint_url`](Moto::endpoint_url).
    ///
    /// On a Moto server (`MOTO_RECORDED_SERVER`) it is [`sdk_config_over_http`]:
    /// plain HTTP to the server.
    ///
    /// [`sdk_config_over_http`]: Moto::sdk_config_over_http
    ///
    /// ```ignore
    /// let s3 = aws_sdk_s3::Client::new(&moto.sdk_config());
    /// s3.create_bucket().bucket("orders").send().await?;
    /// ```
    #[cfg(feature = "aws")]
    pub fn sdk_config(&self) -> aws_types::SdkConfig {
        match &self.target {
            Target::Embedded(embedded) => {
                crate::aws::sdk_config_in_process(&embedded.backend, &self.region)
            }
            Target::MotoServer(server) => crate::aws::sdk_config(server.url(), &self.region),
        }
    }

    /// An `SdkConfig` as [`sdk_config`](Moto::sdk_config) gives, but over HTTP: a
    /// plain-HTTP client pointed at [`endpoint_url`](Moto::endpoint_url) (which starts
    /// the embedded backend's server on loopback if it is not listening yet). For
    /// presigned urls and for code that builds its own clients from an endpoint url.
    ///
    /// Its endpoint is `http://127.0.0.1:<port>`, an IP address, so S3 clients use path
    /// style on their own; a Moto server reached by host name needs
    /// `force_path_style(true)`.
    ///
    /// Fails as [`endpoint_url`](Moto::endpoint_url) does, if the server cannot start.
    #[cfg(feature = "aws")]
    pub fn sdk_config_over_http(&self) -> Result<aws_types::SdkConfig, MotoError> {
        Ok(crate::aws::sdk_config(&self.endpoint_url()?, &self.region))
    }
}

/// The recorder of a test's backend: Moto's recorder operations. On a Moto server they
/// are Moto's `/moto-api/recorder/` endpoints, except `replay`, which replays the log from
/// here so that every entry is checked (Moto's own answers 200 whatever happens).
#[derive(Debug, Clone, Copy)]
pub struct MotoRecorder<'a> {
    moto: &'a Moto,
}

impl MotoRecorder<'_> {
    /// On a Moto server: one of its recorder endpoints.
    fn remote(server: &MotoServer, action: &str, body: Vec<u8>) -> Result<Vec<u8>, MotoError> {
        server
            .recorder(action, body)
            .map_err(|error| MotoError::MotoServer(Box::new(error)))
    }

    /// Starts recording requests (`start-recording`).
    pub fn start(&self) -> Result<(), MotoError> {
        match &self.moto.target {
            Target::Embedded(embedded) => embedded.backend.recorder().start(),
            Target::MotoServer(server) => {
                drop(Self::remote(server, "start-recording", Vec::new())?)
            }
        }
        Ok(())
    }

    /// Stops recording (`stop-recording`).
    pub fn stop(&self) -> Result<(), MotoError> {
        match &self.moto.target {
            Target::Embedded(embedded) => embedded.backend.recorder().stop(),
            Target::MotoServer(server) => drop(Self::remote(server, "stop-recording", Vec::new())?),
        }
        Ok(())
    }

    /// Empties the log (`reset-recording`).
    pub fn reset(&self) -> Result<(), MotoError> {
        match &self.moto.target {
            Target::Embedded(embedded) => embedded.backend.recorder().reset()?,
            Target::MotoServer(server) => {
                drop(Self::remote(server, "reset-recording", Vec::new())?)
            }
        }
        Ok(())
    }

    /// The log, in Moto's format (`download-recording`).
    pub fn download(&self) -> Result<String, MotoError> {
        match &self.moto.target {
            Target::Embedded(embedded) => Ok(embedded.backend.recorder().download()?),
            Target::MotoServer(server) => {
                let log = Self::remote(server, "download-recording", Vec::new())?;
                Ok(String::from_utf8_lossy(&log).into_owned())
            }
        }
    }

    /// Replaces the log with `text`, which must be a valid recording
    /// (`upload-recording`); a malformed one is refused and the log is kept.
    pub fn upload(&self, text: &str) -> Result<(), MotoError> {
        match &self.moto.target {
            Target::Embedded(embedded) => drop(embedded.backend.recorder().upload(text)?),
            Target::MotoServer(server) => {
                // Moto would store anything: check it here, as the embedded recorder does.
                Recording::parse("uploaded recording", text.as_bytes())
                    .map_err(RecorderError::from)?;
                drop(Self::remote(
                    server,
                    "upload-recording",
                    text.as_bytes().to_vec(),
                )?);
            }
        }
        Ok(())
    }

    /// Replays the log into the backend, checked (`replay-recording`).
    pub fn replay(&self) -> Result<ReplayReport, MotoError> {
        let recording = Recording::parse("recorder log", self.download()?.as_bytes())
            .map_err(RecorderError::from)?;
        Ok(self.moto.replay_checked(&recording)?)
    }
}
