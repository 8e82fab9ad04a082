//! SQS, in both protocols it is spoken in: JSON 1.0 as today's SDKs send it
//! (`X-Amz-Target: AmazonSQS.<Operation>`, query-compatible errors) and the query
//! protocol (`Action=<Operation>`, XML answers) older clients and Moto recordings use.
//!
//! The protocol engine decodes both into the neutral JSON the handlers read, and writes
//! their output in the request's protocol (the query names come from AWS's last query
//! model of SQS), so each operation is written once.

mod error;
mod event_source;
mod handlers;
mod model;
mod move_task;
mod policy;
#[cfg(test)]
mod tests;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};
use serde_json::Value;

pub(crate) use handlers::is_batch_entry_id;
pub use model::SqsState;
pub(crate) use model::{partition, sha256_hex};

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// SQS on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<SqsState> = Service {
    model: &models::sqs::MODEL,
    title: "SQS",
    handlers: &[
        (
            "AddPermission",
            Handler::Sync(|s, c, i| handlers::add_permission(s, c, &i.value)),
        ),
        (
            "CancelMessageMoveTask",
            Handler::Sync(|s, c, i| handlers::cancel_message_move_task(s, c, &i.value)),
        ),
        (
            "ChangeMessageVisibility",
            Handler::Sync(|s, c, i| handlers::change_message_visibility(s, c, &i.value)),
        ),
        (
            "ChangeMessageVisibilityBatch",
            Handler::Sync(|s, c, i| handlers::change_message_visibility_batch(s, c, &i.value)),
        ),
        (
            "CreateQueue",
            Handler::Sync(|s, c, i| handlers::create_queue(s, c, &i.value)),
        ),
        (
            "DeleteMessage",
            Handler::Sync(|s, c, i| handlers::delete_message(s, c, &i.value)),
        ),
        (
            "DeleteMessageBatch",
            Handler::Sync(|s, c, i| handlers::delete_message_batch(s, c, &i.value)),
        ),
        (
            "DeleteQueue",
            Handler::Sync(|s, c, i| handlers::delete_queue(s, c, &i.value)),
        ),
        (
            "GetQueueAttributes",
            Handler::Sync(|s, c, i| handlers::get_queue_attributes(s, c, &i.value)),
        ),
        (
            "GetQueueUrl",
            Handler::Sync(|s, c, i| handlers::get_queue_url(s, c, &i.value)),
        ),
        (
            "ListDeadLetterSourceQueues",
            Handler::Sync(|s, c, i| handlers::list_dead_letter_source_queues(s, c, &i.value)),
        ),
        (
            "ListMessageMoveTasks",
            Handler::Sync(|s, c, i| handlers::list_message_move_tasks(s, c, &i.value)),
        ),
        (
            "ListQueueTags",
            Handler::Sync(|s, c, i| handlers::list_queue_tags(s, c, &i.value)),
        ),
        (
            "ListQueues",
            Handler::Sync(|s, c, i| handlers::list_queues(s, c, &i.value)),
        ),
        (
            "PurgeQueue",
            Handler::Sync(|s, c, i| handlers::purge_queue(s, c, &i.value)),
        ),
        (
            "ReceiveMessage",
            Handler::Async(|s, c, i| {
                Box::pin(async move { handlers::receive_message(s, c, &i.value).await })
            }),
        ),
        (
            "RemovePermission",
            Handler::Sync(|s, c, i| handlers::remove_permission(s, c, &i.value)),
        ),
        (
            "SendMessage",
            Handler::Async(|s, c, i| {
                Box::pin(async move {
                    let sent = handlers::send_message(s, c, &i.value);
                    event_source::feed_mapped_functions(s, c, &i.value, sent).await
                })
            }),
        ),
        (
            "SendMessageBatch",
            Handler::Async(|s, c, i| {
                Box::pin(async move {
                    let sent = handlers::send_message_batch(s, c, &i.value);
                    event_source::feed_mapped_functions(s, c, &i.value, sent).await
                })
            }),
        ),
        (
            "SetQueueAttributes",
            Handler::Sync(|s, c, i| handlers::set_queue_attributes(s, c, &i.value)),
        ),
        (
            "StartMessageMoveTask",
            Handler::Sync(|s, c, i| handlers::start_message_move_task(s, c, &i.value)),
        ),
        (
            "TagQueue",
            Handler::Sync(|s, c, i| handlers::tag_queue(s, c, &i.value)),
        ),
        (
            "UntagQueue",
            Handler::Sync(|s, c, i| handlers::untag_queue(s, c, &i.value)),
        ),
    ],
    // The handlers check values with SQS's own errors; the engine only finds what is
    // missing, as SQS's MissingParameter. A batch without entries is SQS's
    // EmptyBatchRequest, which names the operation's entry: its handler answers it.
    validation: Validation::Required(|violation| {
        (violation.member != "Entries").then(|| error::missing_parameter(&violation.member))
    }),
    xml_namespace: None,
    not_implemented_code: Some("UnsupportedOperation"),
    prepare: Some(queue_url_from_path),
};

impl SqsState {
    /// Sends `message` (SendMessage's input without `QueueUrl`) to the queue with ARN
    /// `arn`, with SendMessage's checks, ids and digests: how SNS delivers to its SQS
    /// subscribers. `None` when the queue does not exist.
    pub(crate) fn send_to_arn(
        &self,
        context: &Context<'_>,
        arn: &str,
        message: &Value,
    ) -> Option<crate::protocol::engine::Answer> {
        handlers::send_to_arn(self, context, arn, message)
    }
}

/// Answers an SQS request, in JSON 1.0 or the query protocol.
pub async fn handle(
    state: &SqsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}

/// Older clients post to the queue's url instead of naming it in a parameter.
fn queue_url_from_path(request: &Request<Bytes>, input: &mut Value) {
    if input.get("QueueUrl").is_none()
        && let Some(path) = queue_path(request.uri().path())
        && let Value::Object(members) = input
    {
        members.insert("QueueUrl".to_owned(), Value::String(path.to_owned()));
    }
}

/// A request path that is a queue url's path, `/{account}/{name}`.
fn queue_path(path: &str) -> Option<&str> {
    let (account, name) = path.strip_prefix('/')?.split_once('/')?;
    let is_queue = !account.is_empty()
        && account.bytes().all(|byte| byte.is_ascii_digit())
        && !name.is_empty()
        && !name.contains('/');
    is_queue.then_some(path)
}
