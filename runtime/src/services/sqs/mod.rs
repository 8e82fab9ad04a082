//! SQS, in both protocols it is spoken in: JSON 1.0 as today's SDKs send it
//! (`X-Amz-Target: AmazonSQS.<Operation>`, query-compatible errors) and the query
//! protocol (`Action=<Operation>`, XML answers) older clients and Moto recordings use.
//!
//! Both are decoded into the JSON shape of the operation's input (the neutral form the
//! handlers read), and the handlers' JSON-shaped output is sent as it is or written as
//! query XML (`query`), so each operation is written once.

mod error;
mod handlers;
mod model;
mod query;
#[cfg(test)]
mod tests;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, header};
use serde_json::{Map, Value};

pub use model::SqsState;

use crate::protocol::error::Protocol;
use crate::protocol::query::QueryParams;
use crate::services::Context;

/// The SQS operations emulated here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// ChangeMessageVisibility.
    ChangeMessageVisibility,
    /// ChangeMessageVisibilityBatch.
    ChangeMessageVisibilityBatch,
    /// CreateQueue.
    CreateQueue,
    /// DeleteMessage.
    DeleteMessage,
    /// DeleteMessageBatch.
    DeleteMessageBatch,
    /// DeleteQueue.
    DeleteQueue,
    /// GetQueueAttributes.
    GetQueueAttributes,
    /// GetQueueUrl.
    GetQueueUrl,
    /// ListQueueTags.
    ListQueueTags,
    /// ListQueues.
    ListQueues,
    /// PurgeQueue.
    PurgeQueue,
    /// ReceiveMessage.
    ReceiveMessage,
    /// SendMessage.
    SendMessage,
    /// SendMessageBatch.
    SendMessageBatch,
    /// SetQueueAttributes.
    SetQueueAttributes,
    /// TagQueue.
    TagQueue,
    /// UntagQueue.
    UntagQueue,
}

impl Operation {
    /// Every operation, in the order of their names.
    pub const ALL: [Operation; 17] = [
        Operation::ChangeMessageVisibility,
        Operation::ChangeMessageVisibilityBatch,
        Operation::CreateQueue,
        Operation::DeleteMessage,
        Operation::DeleteMessageBatch,
        Operation::DeleteQueue,
        Operation::GetQueueAttributes,
        Operation::GetQueueUrl,
        Operation::ListQueueTags,
        Operation::ListQueues,
        Operation::PurgeQueue,
        Operation::ReceiveMessage,
        Operation::SendMessage,
        Operation::SendMessageBatch,
        Operation::SetQueueAttributes,
        Operation::TagQueue,
        Operation::UntagQueue,
    ];

    /// The operation's AWS name.
    pub const fn name(self) -> &'static str {
        match self {
            Operation::ChangeMessageVisibility => "ChangeMessageVisibility",
            Operation::ChangeMessageVisibilityBatch => "ChangeMessageVisibilityBatch",
            Operation::CreateQueue => "CreateQueue",
            Operation::DeleteMessage => "DeleteMessage",
            Operation::DeleteMessageBatch => "DeleteMessageBatch",
            Operation::DeleteQueue => "DeleteQueue",
            Operation::GetQueueAttributes => "GetQueueAttributes",
            Operation::GetQueueUrl => "GetQueueUrl",
            Operation::ListQueueTags => "ListQueueTags",
            Operation::ListQueues => "ListQueues",
            Operation::PurgeQueue => "PurgeQueue",
            Operation::ReceiveMessage => "ReceiveMessage",
            Operation::SendMessage => "SendMessage",
            Operation::SendMessageBatch => "SendMessageBatch",
            Operation::SetQueueAttributes => "SetQueueAttributes",
            Operation::TagQueue => "TagQueue",
            Operation::UntagQueue => "UntagQueue",
        }
    }

    /// The operation named `name` (`X-Amz-Target` suffix or `Action`).
    pub fn parse(name: &str) -> Option<Operation> {
        Operation::ALL
            .into_iter()
            .find(|operation| operation.name() == name)
    }

    /// Whether the operation has output: query answers of those without it carry only
    /// `ResponseMetadata`, no `<...Result>` element.
    fn has_output(self) -> bool {
        !matches!(
            self,
            Operation::ChangeMessageVisibility
                | Operation::DeleteMessage
                | Operation::DeleteQueue
                | Operation::PurgeQueue
                | Operation::SetQueueAttributes
                | Operation::TagQueue
                | Operation::UntagQueue
        )
    }
}

/// The names of the SQS operations emulated here.
pub const OPERATIONS: [&str; 17] = operation_names();

const fn operation_names() -> [&'static str; 17] {
    let mut names = [""; 17];
    let mut index = 0;
    while index < names.len() {
        names[index] = Operation::ALL[index].name();
        index += 1;
    }
    names
}

/// The two ways SQS is spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// JSON 1.0, `X-Amz-Target: AmazonSQS.*`.
    Json,
    /// The query protocol, `Action=...` with XML answers.
    Query,
}

impl Wire {
    fn of(context: &Context<'_>, request: &Request<Bytes>) -> Wire {
        let targets_sqs = request
            .headers()
            .get("x-amz-target")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|target| target.starts_with("AmazonSQS."));
        let routed_as_json = matches!(
            context.route.protocol,
            Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1
        );
        if targets_sqs || routed_as_json {
            Wire::Json
        } else {
            Wire::Query
        }
    }
}

/// Answers an SQS request.
pub async fn handle(
    state: &SqsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    let Some(name) = context.route.operation.as_deref() else {
        return context.error_response(&error::missing_action());
    };
    let Some(operation) = Operation::parse(name) else {
        return context.error_response(&error::unsupported_operation(name));
    };
    let wire = Wire::of(context, &request);
    let mut input = match wire {
        Wire::Json if request.body().iter().all(u8::is_ascii_whitespace) => {
            Value::Object(Map::new())
        }
        Wire::Json => match serde_json::from_slice::<Value>(request.body()) {
            Ok(input @ Value::Object(_)) => input,
            _ => return context.error_response(&error::malformed_body()),
        },
        Wire::Query => {
            let params = QueryParams::parse(
                request.uri().query().unwrap_or_default(),
                std::str::from_utf8(request.body()).unwrap_or_default(),
            );
            query::input(operation, &params)
        }
    };
    // Older clients post to the queue's url instead of naming it in a parameter.
    if input.get("QueueUrl").is_none()
        && let Some(path) = queue_path(request.uri().path())
    {
        input["QueueUrl"] = Value::String(path.to_owned());
    }
    tracing::debug!(operation = operation.name(), ?wire, "sqs request");
    let answer = match operation {
        Operation::ChangeMessageVisibility => {
            handlers::change_message_visibility(state, context, &input)
        }
        Operation::ChangeMessageVisibilityBatch => {
            handlers::change_message_visibility_batch(state, context, &input)
        }
        Operation::CreateQueue => handlers::create_queue(state, context, &input),
        Operation::DeleteMessage => handlers::delete_message(state, context, &input),
        Operation::DeleteMessageBatch => handlers::delete_message_batch(state, context, &input),
        Operation::DeleteQueue => handlers::delete_queue(state, context, &input),
        Operation::GetQueueAttributes => handlers::get_queue_attributes(state, context, &input),
        Operation::GetQueueUrl => handlers::get_queue_url(state, context, &input),
        Operation::ListQueueTags => handlers::list_queue_tags(state, context, &input),
        Operation::ListQueues => handlers::list_queues(state, context, &input),
        Operation::PurgeQueue => handlers::purge_queue(state, context, &input),
        Operation::ReceiveMessage => handlers::receive_message(state, context, &input).await,
        Operation::SendMessage => handlers::send_message(state, context, &input),
        Operation::SendMessageBatch => handlers::send_message_batch(state, context, &input),
        Operation::SetQueueAttributes => handlers::set_queue_attributes(state, context, &input),
        Operation::TagQueue => handlers::tag_queue(state, context, &input),
        Operation::UntagQueue => handlers::untag_queue(state, context, &input),
    };
    match answer {
        Ok(output) => match wire {
            Wire::Json => respond(
                output.to_string(),
                "application/x-amz-json-1.0",
                context.request_id,
            ),
            Wire::Query => respond(
                query::output(operation, &output, context.request_id),
                "text/xml",
                context.request_id,
            ),
        },
        Err(error) => context.error_response(&error),
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

fn respond(body: String, content_type: &'static str, request_id: &str) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-requestid", value);
    }
    response
}
