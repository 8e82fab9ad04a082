//! Secrets Manager (awsJson 1.1): secrets with versions and staging labels, scheduled
//! deletion and restore, tags, rotation state (no rotation function runs), seeded random
//! passwords. ARNs end in AWS's six random characters, from the seeded source.

mod error;
mod handlers;
mod model;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::SecretsManagerState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// Secrets Manager on the protocol engine: every operation of its model, these
/// implemented.
pub static SERVICE: Service<SecretsManagerState> = Service {
    model: &models::secretsmanager::MODEL,
    title: "Secrets Manager",
    handlers: &[
        (
            "BatchGetSecretValue",
            Handler::Sync(handlers::batch_get_secret_value),
        ),
        ("CreateSecret", Handler::Sync(handlers::create_secret)),
        ("DeleteSecret", Handler::Sync(handlers::delete_secret)),
        ("DescribeSecret", Handler::Sync(handlers::describe_secret)),
        (
            "GetRandomPassword",
            Handler::Sync(handlers::get_random_password),
        ),
        ("GetSecretValue", Handler::Sync(handlers::get_secret_value)),
        (
            "ListSecretVersionIds",
            Handler::Sync(handlers::list_secret_version_ids),
        ),
        ("ListSecrets", Handler::Sync(handlers::list_secrets)),
        ("PutSecretValue", Handler::Sync(handlers::put_secret_value)),
        ("RestoreSecret", Handler::Sync(handlers::restore_secret)),
        ("RotateSecret", Handler::Sync(handlers::rotate_secret)),
        ("TagResource", Handler::Sync(handlers::tag_resource)),
        ("UntagResource", Handler::Sync(handlers::untag_resource)),
        ("UpdateSecret", Handler::Sync(handlers::update_secret)),
        (
            "UpdateSecretVersionStage",
            Handler::Sync(handlers::update_secret_version_stage),
        ),
    ],
    // Secrets Manager checks its model's constraints and reports them together.
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a Secrets Manager request.
pub async fn handle(
    state: &SecretsManagerState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
