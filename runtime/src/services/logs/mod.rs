//! CloudWatch Logs (awsJson 1.1): log groups, streams, events and filters.

mod model;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::LogsState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// CloudWatch Logs on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<LogsState> = Service {
    model: &models::logs::MODEL,
    title: "CloudWatch Logs",
    handlers: &[],
    validation: Validation::Collected {
        code: "InvalidParameterException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a CloudWatch Logs request.
pub async fn handle(
    state: &LogsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
