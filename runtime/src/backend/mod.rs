//! A backend: the state of every emulated service, its `MockRandom`, its clock and its
//! recorder. Backends share nothing, so many live in one process and tests using them
//! run in parallel.
//!
//! [`Backend::handle`] is the whole request flow, used alike by the HTTP server and by
//! in-process replay: capture for the recorder, `/moto-api/` first, then route to the
//! service, then record the response status.

use bytes::Bytes;
use http::{Request, Response};
use tracing::Instrument as _;

use crate::clock::Clock;
use crate::moto_api;
use crate::random::MockRandom;
use crate::recorder::{self, Recorder, ReplayError, ReplayReport, ReplayResponse, Storage};
use crate::recording::{CANONICAL_ORIGIN, CapturedRequest, Entry, Recording};
use crate::services::lambda::LambdaHandler;
use crate::services::{self, ACCOUNT_ID, Context, ServiceStates};

/// How to make a backend.
#[derive(Debug, Clone)]
pub struct BackendOptions {
    /// Seed the random source with this; `None` keys it from the operating system.
    pub seed: Option<u64>,
    /// The clock every timestamp comes from.
    pub clock: Clock,
    /// Where the recorder keeps its log.
    pub storage: Storage,
    /// Whether the recorder starts on.
    pub recording: bool,
}

impl Default for BackendOptions {
    fn default() -> Self {
        BackendOptions {
            seed: None,
            clock: Clock::wall(),
            storage: Storage::Memory,
            recording: false,
        }
    }
}

/// One isolated emulated AWS.
#[derive(Debug)]
pub struct Backend {
    random: MockRandom,
    clock: Clock,
    recorder: Recorder,
    services: ServiceStates,
}

impl Backend {
    /// A new, empty backend.
    pub fn new(options: BackendOptions) -> Backend {
        Backend {
            random: options
                .seed
                .map_or_else(MockRandom::from_os, MockRandom::seeded),
            clock: options.clock,
            recorder: Recorder::new(options.storage, options.recording),
            services: ServiceStates::default(),
        }
    }

    /// The random source every id comes from.
    pub fn random(&self) -> &MockRandom {
        &self.random
    }

    /// The clock every timestamp comes from.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Every service's state.
    #[cfg(test)]
    pub(crate) fn services(&self) -> &ServiceStates {
        &self.services
    }

    /// The recorder.
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// Every resource of every service, in the shape of Moto's `/moto-api/data.json`
    /// (`{service: {kind: [resource, ...]}}`; see [`services::view`]). Reading it draws
    /// nothing from the random source, records nothing and changes no state. `origin` is
    /// the address urls in it use (SQS queue urls): the server's, or the test's endpoint.
    pub fn state(&self, origin: &str) -> serde_json::Value {
        services::view::state_view(&self.services, &self.clock, origin)
    }

    /// Reseeds the random source, as `/moto-api/seed?a=N` does.
    pub fn seed(&self, seed: u64) {
        self.random.seed(seed);
    }

    /// Returns every service to a clean slate. Nothing is re-created lazily afterwards
    /// that could draw random numbers, so a seed given after a reset yields the same ids
    /// as a seed given to a new backend. The recorder and the random source are kept, as
    /// in Moto.
    pub fn reset(&self) {
        self.services.reset();
    }

    /// Makes `handler` the code of the Lambda functions called `function_name` (in every
    /// region), replacing one registered before: Invoke runs it. Registering draws
    /// nothing from the random source and records nothing; a reset keeps it.
    pub fn register_lambda_handler(
        &self,
        function_name: impl Into<String>,
        handler: LambdaHandler,
    ) {
        self.services.lambda().register(function_name, handler);
    }

    /// Every message SNS has sent so far, oldest first (see [`SnsState::deliveries`]).
    ///
    /// [`SnsState::deliveries`]: crate::services::sns::SnsState::deliveries
    pub fn sns_deliveries(&self) -> Vec<crate::services::sns::SnsDelivery> {
        self.services.sns().deliveries()
    }

    /// What a service handler gets for work on `route`.
    fn context<'a>(
        &'a self,
        route: &'a services::Route,
        request_id: &'a str,
        origin: String,
    ) -> Context<'a> {
        Context {
            random: &self.random,
            clock: &self.clock,
            route,
            request_id,
            account_id: ACCOUNT_ID,
            origin,
            services: &self.services,
        }
    }

    /// Moves the virtual clock forward by `by` and fires what was due meanwhile:
    /// EventBridge's `rate()` and `cron()` schedules, each occurrence passed in time order.
    /// Returns the new time; fails on the wall clock.
    pub async fn advance_clock(
        &self,
        by: std::time::Duration,
    ) -> Result<std::time::SystemTime, crate::clock::ClockError> {
        let now = self.clock.advance(by)?;
        if !services::events::has_due(self.services.events(), now) {
            return Ok(now);
        }
        let route = services::Route {
            service: "events".into(),
            region: services::DEFAULT_REGION.into(),
            protocol: crate::protocol::error::Protocol::AwsJson1_1,
            operation: None,
        };
        let request_id = self.random.request_id();
        let context = self.context(&route, &request_id, CANONICAL_ORIGIN.to_owned());
        services::events::fire_schedules(&context).await;
        Ok(now)
    }

    /// Handles one request: records it (unless it is for the recorder itself), answers
    /// `/moto-api/` requests, routes the rest to their service, records the status.
    pub async fn handle(&self, request: Request<Bytes>) -> Response<Bytes> {
        // Only build the capture when recording: replay, the hot path, never records.
        // Invocations of deployed API Gateway stages read state and change none: like
        // the recorder's own calls, they stay out of fixtures.
        let pending = if self.recorder.is_recording()
            && services::apigateway::invoke::target(&request).is_none()
        {
            self.recorder.capture(&CapturedRequest {
                method: request.method().as_str(),
                uri: &request.uri().to_string(),
                headers: &request
                    .headers()
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_bytes()))
                    .collect::<Vec<_>>(),
                body: request.body(),
            })
        } else {
            None
        };
        let response = if request.uri().path().starts_with("/moto-api/") {
            let span = tracing::info_span!(
                "control_plane",
                method = %request.method(),
                path = request.uri().path(),
            );
            moto_api::handle(self, request).instrument(span).await
        } else {
            let route = services::route(&request);
            let request_id = self.random.request_id();
            let span = tracing::info_span!(
                "aws_request",
                service = %route.service,
                operation = route.operation.as_deref().unwrap_or("-"),
                request_id = %request_id,
            );
            let context = self.context(&route, &request_id, services::request_origin(&request));
            services::dispatch(&context, request).instrument(span).await
        };
        if let Some(pending) = pending {
            pending.complete(response.status().as_u16());
        }
        response
    }

    /// Replays `recording` into this backend without a socket, checking every entry (see
    /// [`recorder::replay`]). Recording is suspended meanwhile. A recording that calls the
    /// recorder is refused before any entry is applied (see
    /// [`recorder::refuse_recorder_calls`]).
    pub async fn replay(&self, recording: &Recording) -> Result<ReplayReport, ReplayError> {
        // Also what keeps `replay-recording` in a replayed log from recursing forever.
        recorder::refuse_recorder_calls(recording)?;
        let _suspended = self.recorder.suspend();
        let mut report = ReplayReport::default();
        for (line, entry) in recording.lines() {
            let outcome = match request_from_entry(entry) {
                // Boxed: replay is reached from `handle` (`replay-recording`); the check
                // above keeps that one level deep.
                Ok(request) => {
                    let response = Box::pin(self.handle(request)).await;
                    Ok(ReplayResponse {
                        status: response.status().as_u16(),
                        body: response.into_body().to_vec(),
                    })
                }
                Err(error) => Err(error.into()),
            };
            recorder::check(recording, line, entry, outcome, &mut report)?;
        }
        Ok(report)
    }
}

/// The HTTP request an entry describes, as it would arrive from a client.
pub fn request_from_entry(entry: &Entry) -> Result<Request<Bytes>, http::Error> {
    let authority = entry
        .url_parts()
        .map_or(&CANONICAL_ORIGIN["http://".len()..], |parts| {
            parts.authority
        });
    let mut builder = Request::builder()
        .method(entry.method.as_str())
        .uri(entry.path_and_query())
        .header(http::header::HOST, authority);
    for (name, value) in &entry.headers {
        if !name.eq_ignore_ascii_case("host") {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    builder.body(Bytes::from(entry.body.clone().unwrap_or_default()))
}
