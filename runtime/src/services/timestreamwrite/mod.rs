//! Timestream Write (awsJson 1.0): databases, tables and records.

mod model;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::TimestreamWriteState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// Timestream Write on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<TimestreamWriteState> = Service {
    model: &models::timestreamwrite::MODEL,
    title: "Timestream Write",
    handlers: &[],
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a Timestream Write request.
pub async fn handle(
    state: &TimestreamWriteState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
