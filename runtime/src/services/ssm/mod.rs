//! SSM Parameter Store (awsJson 1.1): parameters with every version kept, labels,
//! hierarchies read by path, filters and tags. SecureString values are kept as given
//! (no KMS key encrypts them); AWS's public parameters (`/aws/service/...`) are not served.

mod error;
mod filters;
mod handlers;
mod input;
mod model;
mod names;
#[cfg(test)]
mod tests;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::SsmState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// SSM on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<SsmState> = Service {
    model: &models::ssm::MODEL,
    title: "SSM",
    handlers: &[
        (
            "AddTagsToResource",
            Handler::Sync(handlers::add_tags_to_resource),
        ),
        ("DeleteParameter", Handler::Sync(handlers::delete_parameter)),
        (
            "DeleteParameters",
            Handler::Sync(handlers::delete_parameters),
        ),
        (
            "DescribeParameters",
            Handler::Sync(handlers::describe_parameters),
        ),
        ("GetParameter", Handler::Sync(handlers::get_parameter)),
        (
            "GetParameterHistory",
            Handler::Sync(handlers::get_parameter_history),
        ),
        ("GetParameters", Handler::Sync(handlers::get_parameters)),
        (
            "GetParametersByPath",
            Handler::Sync(handlers::get_parameters_by_path),
        ),
        (
            "LabelParameterVersion",
            Handler::Sync(handlers::label_parameter_version),
        ),
        (
            "ListTagsForResource",
            Handler::Sync(handlers::list_tags_for_resource),
        ),
        ("PutParameter", Handler::Sync(handlers::put_parameter)),
        (
            "RemoveTagsFromResource",
            Handler::Sync(handlers::remove_tags_from_resource),
        ),
        (
            "UnlabelParameterVersion",
            Handler::Sync(handlers::unlabel_parameter_version),
        ),
    ],
    // SSM checks its model's constraints and reports them together, as ValidationException.
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
