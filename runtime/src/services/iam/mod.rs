//! IAM (query protocol): users, groups, roles, policies, instance profiles and access keys.

mod model;

use bytes::Bytes;
use http::{Request, Response};

pub use model::IamState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// IAM on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<IamState> = Service {
    model: &models::iam::MODEL,
    title: "IAM",
    handlers: &[],
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a IAM request.
pub async fn handle(
    state: &IamState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
