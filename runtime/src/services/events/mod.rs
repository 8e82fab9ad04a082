//! EventBridge (awsJson 1.1): event buses, rules with event patterns, targets and delivery.

mod model;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::EventsState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// EventBridge on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<EventsState> = Service {
    model: &models::events::MODEL,
    title: "EventBridge",
    handlers: &[],
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a EventBridge request.
pub async fn handle(
    state: &EventsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
