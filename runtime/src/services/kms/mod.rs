//! KMS (awsJson 1.1): keys, aliases, encryption and signatures.

mod model;

use bytes::Bytes;
use http::{Request, Response};

pub use model::KmsState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// KMS on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<KmsState> = Service {
    model: &models::kms::MODEL,
    title: "KMS",
    handlers: &[],
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a KMS request.
pub async fn handle(
    state: &KmsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
