//! SSM Parameter Store (awsJson 1.1): parameters, versions, labels and tags.

mod model;

use bytes::Bytes;
use http::{Request, Response};

pub use model::SsmState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// SSM on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<SsmState> = Service {
    model: &models::ssm::MODEL,
    title: "SSM",
    handlers: &[],
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a SSM request.
pub async fn handle(
    state: &SsmState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
