//! API Gateway REST APIs (restJson1): APIs and their resource trees, methods,
//! integrations, deployments and stages, authorizers, API keys and usage plans, with
//! seeded ids and the backend clock; and invocations of deployed stages through the
//! server (MOCK and Lambda proxy integrations; see [`invoke`]).

mod apis;
mod authorizers;
mod deployments;
mod error;
mod ids;
mod input;
pub mod invoke;
mod keys;
mod methods;
mod model;
mod resources;
mod tags;
#[cfg(test)]
mod tests;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::ApiGatewayState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// API Gateway on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<ApiGatewayState> = Service {
    model: &models::apigateway::MODEL,
    title: "API Gateway",
    handlers: &[
        ("CreateApiKey", Handler::Sync(keys::create_api_key)),
        (
            "CreateAuthorizer",
            Handler::Sync(authorizers::create_authorizer),
        ),
        (
            "CreateDeployment",
            Handler::Sync(deployments::create_deployment),
        ),
        ("CreateResource", Handler::Sync(resources::create_resource)),
        ("CreateRestApi", Handler::Sync(apis::create_rest_api)),
        ("CreateStage", Handler::Sync(deployments::create_stage)),
        ("CreateUsagePlan", Handler::Sync(keys::create_usage_plan)),
        (
            "CreateUsagePlanKey",
            Handler::Sync(keys::create_usage_plan_key),
        ),
        ("DeleteApiKey", Handler::Sync(keys::delete_api_key)),
        (
            "DeleteAuthorizer",
            Handler::Sync(authorizers::delete_authorizer),
        ),
        (
            "DeleteDeployment",
            Handler::Sync(deployments::delete_deployment),
        ),
        (
            "DeleteIntegration",
            Handler::Sync(methods::delete_integration),
        ),
        (
            "DeleteIntegrationResponse",
            Handler::Sync(methods::delete_integration_response),
        ),
        ("DeleteMethod", Handler::Sync(methods::delete_method)),
        (
            "DeleteMethodResponse",
            Handler::Sync(methods::delete_method_response),
        ),
        ("DeleteResource", Handler::Sync(resources::delete_resource)),
        ("DeleteRestApi", Handler::Sync(apis::delete_rest_api)),
        ("DeleteStage", Handler::Sync(deployments::delete_stage)),
        ("DeleteUsagePlan", Handler::Sync(keys::delete_usage_plan)),
        (
            "DeleteUsagePlanKey",
            Handler::Sync(keys::delete_usage_plan_key),
        ),
        ("GetApiKey", Handler::Sync(keys::get_api_key)),
        ("GetApiKeys", Handler::Sync(keys::get_api_keys)),
        ("GetAuthorizer", Handler::Sync(authorizers::get_authorizer)),
        (
            "GetAuthorizers",
            Handler::Sync(authorizers::get_authorizers),
        ),
        ("GetDeployment", Handler::Sync(deployments::get_deployment)),
        (
            "GetDeployments",
            Handler::Sync(deployments::get_deployments),
        ),
        ("GetIntegration", Handler::Sync(methods::get_integration)),
        (
            "GetIntegrationResponse",
            Handler::Sync(methods::get_integration_response),
        ),
        ("GetMethod", Handler::Sync(methods::get_method)),
        (
            "GetMethodResponse",
            Handler::Sync(methods::get_method_response),
        ),
        ("GetResource", Handler::Sync(resources::get_resource)),
        ("GetResources", Handler::Sync(resources::get_resources)),
        ("GetRestApi", Handler::Sync(apis::get_rest_api)),
        ("GetRestApis", Handler::Sync(apis::get_rest_apis)),
        ("GetStage", Handler::Sync(deployments::get_stage)),
        ("GetStages", Handler::Sync(deployments::get_stages)),
        ("GetTags", Handler::Sync(tags::get_tags)),
        ("GetUsagePlan", Handler::Sync(keys::get_usage_plan)),
        ("GetUsagePlanKeys", Handler::Sync(keys::get_usage_plan_keys)),
        ("GetUsagePlans", Handler::Sync(keys::get_usage_plans)),
        ("PutIntegration", Handler::Sync(methods::put_integration)),
        (
            "PutIntegrationResponse",
            Handler::Sync(methods::put_integration_response),
        ),
        ("PutMethod", Handler::Sync(methods::put_method)),
        (
            "PutMethodResponse",
            Handler::Sync(methods::put_method_response),
        ),
        ("TagResource", Handler::Sync(tags::tag_resource)),
        ("UntagResource", Handler::Sync(tags::untag_resource)),
        ("UpdateMethod", Handler::Sync(methods::update_method)),
        ("UpdateResource", Handler::Sync(resources::update_resource)),
        ("UpdateRestApi", Handler::Sync(apis::update_rest_api)),
        ("UpdateStage", Handler::Sync(deployments::update_stage)),
    ],
    // API Gateway reports model violations as BadRequestException.
    validation: Validation::Collected {
        code: "BadRequestException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers an API Gateway request: a call of the management API, or an invocation of a
/// deployed stage.
pub async fn handle(
    state: &ApiGatewayState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    if let Some(target) = invoke::target(&request) {
        return invoke::invoke(state, context, &target, &request).await;
    }
    SERVICE.serve(state, context, &request).await
}
