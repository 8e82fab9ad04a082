//! AWS Lambda (restJson1): functions, published versions, aliases, resource policies,
//! event source mappings and tags, answered as Lambda answers them with seeded ids and
//! the backend clock. A function's package is stored and never run: Invoke, SNS and the
//! event source mappings from SQS queues run the Rust handler a test registered for the
//! function's name ([`LambdaHandler`]), in process.

mod aliases;
mod code;
mod configuration;
mod error;
mod event_sources;
mod functions;
mod handler;
mod input;
mod invoke;
mod model;
mod names;
mod paging;
mod permissions;
mod queue_polling;
mod settings;
mod tags;
#[cfg(test)]
mod tests;
mod versions;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use handler::{LambdaContext, LambdaError, LambdaHandler, LambdaResult};
pub use model::LambdaState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// Lambda on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<LambdaState> = Service {
    model: &models::lambda::MODEL,
    title: "Lambda",
    handlers: &[
        ("AddPermission", Handler::Sync(permissions::add_permission)),
        ("CreateAlias", Handler::Sync(aliases::create_alias)),
        (
            "CreateEventSourceMapping",
            Handler::Async(|s, c, i| {
                Box::pin(async move {
                    let changed = event_sources::create_event_source_mapping(s, c, i);
                    queue_polling::after_mapping_change(s, c, changed).await
                })
            }),
        ),
        ("CreateFunction", Handler::Sync(functions::create_function)),
        ("DeleteAlias", Handler::Sync(aliases::delete_alias)),
        (
            "DeleteEventSourceMapping",
            Handler::Sync(event_sources::delete_event_source_mapping),
        ),
        ("DeleteFunction", Handler::Sync(functions::delete_function)),
        (
            "GetAccountSettings",
            Handler::Sync(functions::get_account_settings),
        ),
        ("GetAlias", Handler::Sync(aliases::get_alias)),
        (
            "GetEventSourceMapping",
            Handler::Sync(event_sources::get_event_source_mapping),
        ),
        ("GetFunction", Handler::Sync(functions::get_function)),
        (
            "GetFunctionConfiguration",
            Handler::Sync(functions::get_function_configuration),
        ),
        ("GetPolicy", Handler::Sync(permissions::get_policy)),
        ("Invoke", Handler::Async(invoke::invoke)),
        ("InvokeAsync", Handler::Async(invoke::invoke_async)),
        ("ListAliases", Handler::Sync(aliases::list_aliases)),
        (
            "ListEventSourceMappings",
            Handler::Sync(event_sources::list_event_source_mappings),
        ),
        ("ListFunctions", Handler::Sync(functions::list_functions)),
        ("ListTags", Handler::Sync(tags::list_tags)),
        (
            "ListVersionsByFunction",
            Handler::Sync(versions::list_versions_by_function),
        ),
        ("PublishVersion", Handler::Sync(versions::publish_version)),
        (
            "RemovePermission",
            Handler::Sync(permissions::remove_permission),
        ),
        ("TagResource", Handler::Sync(tags::tag_resource)),
        ("UntagResource", Handler::Sync(tags::untag_resource)),
        ("UpdateAlias", Handler::Sync(aliases::update_alias)),
        (
            "UpdateEventSourceMapping",
            Handler::Async(|s, c, i| {
                Box::pin(async move {
                    let changed = event_sources::update_event_source_mapping(s, c, i);
                    queue_polling::after_mapping_change(s, c, changed).await
                })
            }),
        ),
        (
            "UpdateFunctionCode",
            Handler::Sync(functions::update_function_code),
        ),
        (
            "UpdateFunctionConfiguration",
            Handler::Sync(functions::update_function_configuration),
        ),
    ],
    // Lambda checks its model's constraints and reports them together.
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Invokes the function `function_arn` names for another service (SNS delivering a
/// message, API Gateway running an integration), as an Invoke request of
/// `invocation_type` (`RequestResponse`, `Event`) made in `region`: Lambda's answer.
pub async fn invoke_for(
    states: &LambdaState,
    context: &Context<'_>,
    region: &str,
    function_arn: &str,
    invocation_type: &str,
    event: &serde_json::Value,
) -> Response<Bytes> {
    let route = crate::services::Route {
        service: "lambda".into(),
        region: region.to_owned(),
        protocol: crate::protocol::error::Protocol::RestJson1,
        operation: Some("Invoke".into()),
    };
    let invoke_context = Context {
        random: context.random,
        clock: context.clock,
        route: &route,
        request_id: context.request_id,
        account_id: context.account_id,
        origin: context.origin.clone(),
        services: context.services,
    };
    let request = Request::builder()
        .method("POST")
        .uri(format!(
            "/2015-03-31/functions/{}/invocations",
            crate::protocol::query::percent_encode(function_arn)
        ))
        .header("x-amz-invocation-type", invocation_type)
        .header("content-type", "application/json")
        .body(Bytes::from(event.to_string()));
    match request {
        Ok(request) => handle(states, &invoke_context, request).await,
        Err(failure) => invoke_context.error_response(&crate::protocol::error::ServiceError::new(
            http::StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            format!("The function ARN {function_arn} cannot be invoked: {failure}"),
        )),
    }
}

/// Answers a Lambda request.
pub async fn handle(
    state: &LambdaState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
