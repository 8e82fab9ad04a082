//! A seeded EC2 backend for unit tests: operations are called through the handler table
//! with their input in neutral form, as the engine hands it over after decoding.

use bytes::Bytes;
use http::Request;
use serde_json::Value;

use super::SERVICE;
use super::model::{Ec2State, Region};
use crate::clock::Clock;
use crate::protocol::engine::{Answer, Handler, Input};
use crate::protocol::error::{Protocol, ServiceError};
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, Route};

/// One backend, seeded with 42, on a virtual clock at 2024-01-01T00:00:00Z.
pub(super) struct TestBackend {
    pub(super) state: Ec2State,
    pub(super) random: MockRandom,
    clock: Clock,
}

impl TestBackend {
    pub(super) fn new() -> TestBackend {
        TestBackend {
            state: Ec2State::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        }
    }

    /// The answer of `operation` in `region`.
    pub(super) fn answer_in(&self, region: &str, operation: &str, input: Value) -> Answer {
        let route = Route {
            service: "ec2".into(),
            region: region.into(),
            protocol: Protocol::Ec2Query,
            operation: Some(operation.into()),
        };
        let context = Context {
            random: &self.random,
            clock: &self.clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://127.0.0.1:41234".into(),
        };
        let Some((_, Handler::Sync(handler))) =
            SERVICE.handlers.iter().find(|(name, _)| *name == operation)
        else {
            panic!("no handler for {operation}");
        };
        let request = Request::new(Bytes::new());
        handler(
            &self.state,
            &context,
            Input {
                value: input,
                request: &request,
            },
        )
    }

    /// The output of `operation` in us-east-1, which must succeed.
    pub(super) fn ok(&self, operation: &str, input: Value) -> Value {
        self.answer_in("us-east-1", operation, input)
            .unwrap_or_else(|error| panic!("{operation}: {error}"))
    }

    /// The error of `operation` in us-east-1, which must fail.
    pub(super) fn fails(&self, operation: &str, input: Value) -> ServiceError {
        match self.answer_in("us-east-1", operation, input) {
            Ok(output) => panic!("{operation} succeeded: {output}"),
            Err(error) => error,
        }
    }

    /// The error code of `operation` in us-east-1, which must fail.
    pub(super) fn code(&self, operation: &str, input: Value) -> String {
        self.fails(operation, input).code
    }

    /// Reads or changes us-east-1's state directly.
    pub(super) fn region<T>(&self, act: impl FnOnce(&mut Region) -> T) -> T {
        self.state.with_region("us-east-1", act)
    }
}
