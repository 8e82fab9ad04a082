//! The state view: every resource of every emulated service in one JSON document, in the
//! shape of Moto's `/moto-api/data.json` (`{service: {kind: [resource, ...]}}`, kinds named
//! as Moto names them where it has them). A resource reads as its service's own Describe
//! or List answer shows it (AWS's member names), plus its `Region`.
//!
//! Reading changes nothing: handlers run with a scratch random source, never the
//! backend's, and only operations that read are called.

use serde_json::{Map, Value};

use crate::clock::Clock;
use crate::protocol::engine::Service;
use crate::protocol::error::Protocol;
use crate::protocol::model::WireProtocol;
use crate::random::MockRandom;
use crate::services::{ACCOUNT_ID, Context, EMULATED, Route, ServiceStates};

/// One service's resources, by kind.
pub(crate) type Kinds = Map<String, Value>;

/// Calls services' read operations on behalf of the view.
pub(crate) struct StateReader<'a> {
    services: &'a ServiceStates,
    clock: &'a Clock,
    origin: &'a str,
    scratch: MockRandom,
}

impl StateReader<'_> {
    /// The answer of the read-only `operation` of an engine service in `region`, or
    /// `None` when it fails (a resource deleted meanwhile).
    pub(crate) fn call<S: Sync>(
        &self,
        service: &Service<S>,
        state: &S,
        region: &str,
        operation: &str,
        input: Value,
    ) -> Option<Value> {
        let route = Route {
            service: service.model.signing_name.to_owned(),
            region: region.to_owned(),
            protocol: protocol_of(service.model.protocol),
            operation: Some(operation.to_owned()),
        };
        let context = Context {
            random: &self.scratch,
            clock: self.clock,
            route: &route,
            request_id: "state-view",
            account_id: ACCOUNT_ID,
            origin: self.origin.to_owned(),
            services: self.services,
        };
        service.call(state, &context, operation, input)?.ok()
    }

    /// Every item the read-only `operation` lists under `member` in `region`, page after
    /// page: the answer's `next` member (a token or marker) goes back as the input's
    /// `marker` member until an answer has none.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn every<S: Sync>(
        &self,
        service: &Service<S>,
        state: &S,
        region: &str,
        operation: &str,
        mut input: Value,
        member: &str,
        (next, marker): (&str, &str),
    ) -> Vec<Value> {
        let mut items = Vec::new();
        while let Some(answer) = self.call(service, state, region, operation, input.clone()) {
            if let Some(Value::Array(page)) = answer.get(member) {
                items.extend(page.iter().cloned());
            }
            match answer.get(next) {
                Some(Value::String(token)) if !token.is_empty() => {
                    input[marker] = Value::String(token.clone());
                }
                _ => break,
            }
        }
        items
    }
}

/// The protocol a service's own clients speak (JSON for SQS).
fn protocol_of(protocol: WireProtocol) -> Protocol {
    match protocol {
        WireProtocol::AwsJson1_0 => Protocol::AwsJson1_0 {
            query_compatible: false,
        },
        WireProtocol::AwsJson1_1 => Protocol::AwsJson1_1,
        WireProtocol::Query => Protocol::Query,
        WireProtocol::Ec2Query => Protocol::Ec2Query,
        WireProtocol::RestJson1 => Protocol::RestJson1,
        WireProtocol::RestXml => Protocol::RestXml,
    }
}

/// The objects of `answer[member]`, each with `Region` added.
pub(crate) fn in_region(answer: Option<&Value>, member: &str, region: &str) -> Vec<Value> {
    answer
        .and_then(|answer| answer.get(member))
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|item| with_region(item.clone(), region))
                .collect()
        })
        .unwrap_or_default()
}

/// `item` with `Region` added, when it is an object.
pub(crate) fn with_region(mut item: Value, region: &str) -> Value {
    if let Value::Object(fields) = &mut item {
        fields.insert("Region".to_owned(), Value::String(region.to_owned()));
    }
    item
}

/// Adds `items` under `kind`, leaving out kinds without resources.
pub(crate) fn insert(kinds: &mut Kinds, kind: &str, items: Vec<Value>) {
    if !items.is_empty() {
        kinds.insert(kind.to_owned(), Value::Array(items));
    }
}

/// Every service's resources. `origin` is the address urls in the answer use (SQS queue
/// urls).
pub fn state_view(services: &ServiceStates, clock: &Clock, origin: &str) -> Value {
    let reader = StateReader {
        services,
        clock,
        origin,
        scratch: MockRandom::seeded(0),
    };
    // Every emulated service has its key, as in Moto, with or without resources.
    let mut view: Map<String, Value> = EMULATED
        .iter()
        .map(|name| ((*name).to_owned(), Value::Object(Kinds::new())))
        .collect();
    for (name, kinds) in services.views(&reader) {
        view.insert(name.to_owned(), Value::Object(kinds));
    }
    Value::Object(view)
}
