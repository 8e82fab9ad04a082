//! API Gateway REST APIs (restJson1): APIs, resources, methods, integrations, deployments and stages.

mod model;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::ApiGatewayState;

use crate::models;
use crate::protocol::engine::{Service, Validation};
use crate::services::Context;

/// API Gateway on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<ApiGatewayState> = Service {
    model: &models::apigateway::MODEL,
    title: "API Gateway",
    handlers: &[],
    validation: Validation::Collected {
        code: "BadRequestException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a API Gateway request.
pub async fn handle(
    state: &ApiGatewayState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
