//! SNS (query protocol): topics, subscriptions and delivery to SQS.

mod model;

use bytes::Bytes;
use http::{Request, Response};

pub use model::SnsState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// SNS on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<SnsState> = Service {
    model: &models::sns::MODEL,
    title: "SNS",
    handlers: &[],
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a SNS request.
pub async fn handle(
    state: &SnsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
