//! A backend for the EC2 modules' tests: handlers called by operation name with neutral
//! JSON, as the engine calls them after decoding.

use serde_json::Value;

use super::model::Region;
use super::{Ec2State, SERVICE};
use crate::clock::Clock;
use crate::protocol::error::{Protocol, ServiceError};
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, Route};

/// One region's EC2, seeded with 42, on a virtual clock at 2024-01-01T00:00:00Z.
pub(super) struct Backend {
    pub(super) state: Ec2State,
    pub(super) random: MockRandom,
    pub(super) clock: Clock,
    region: String,
}

impl Backend {
    pub(super) fn new() -> Backend {
        Backend::in_region("us-east-1")
    }

    pub(super) fn in_region(region: &str) -> Backend {
        Backend {
            state: Ec2State::default(),
            random: MockRandom::seeded(42),
            clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
            region: region.to_owned(),
        }
    }

    /// The answer of `operation` to `input`.
    pub(super) fn call(&self, operation: &str, input: Value) -> Result<Value, ServiceError> {
        let route = Route {
            service: "ec2".into(),
            region: self.region.clone(),
            protocol: Protocol::Ec2Query,
            operation: Some(operation.to_owned()),
        };
        let context = Context {
            random: &self.random,
            clock: &self.clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://127.0.0.1:41234".into(),
            services: &crate::services::ServiceStates::default(),
        };
        SERVICE
            .call(&self.state, &context, operation, input)
            .unwrap_or_else(|| panic!("no handler for {operation}"))
    }

    /// The answer of `operation` to `input`, which must succeed.
    pub(super) fn ok(&self, operation: &str, input: Value) -> Value {
        self.call(operation, input)
            .unwrap_or_else(|error| panic!("{operation}: {error}"))
    }

    /// The error code `operation` answers `input` with.
    pub(super) fn code(&self, operation: &str, input: Value) -> String {
        match self.call(operation, input) {
            Ok(output) => panic!("{operation} succeeded: {output}"),
            Err(error) => error.code,
        }
    }

    /// Reads or changes the region's state directly.
    pub(super) fn region<T>(&self, act: impl FnOnce(&mut Region) -> T) -> T {
        self.state.with_region(&self.region, act)
    }
}
