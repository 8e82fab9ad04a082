//! SQS, in both protocols it is spoken in: JSON 1.0 as today's SDKs send it
//! (`X-Amz-Target: AmazonSQS.<Operation>`, query-compatible errors) and the query
//! protocol (`Action=<Operation>`, XML) older clients and recordings use. The query
//! protocol is mapped onto the JSON shapes ([`query`]), so each operation is written once.

mod error;
mod handlers;
mod model;
mod query;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use serde_json::Value;

pub use model::SqsState;

use crate::protocol::error::{Protocol, ServiceError};
use crate::protocol::query::QueryParams;
use crate::services::Context;

/// The SQS operations emulated here.
pub const OPERATIONS: [&str; 17] = [
    "ChangeMessageVisibility",
    "ChangeMessageVisibilityBatch",
    "CreateQueue",
    "DeleteMessage",
    "DeleteMessageBatch",
    "DeleteQueue",
    "GetQueueAttributes",
    "GetQueueUrl",
    "ListQueueTags",
    "ListQueues",
    "PurgeQueue",
    "ReceiveMessage",
    "SendMessage",
    "SendMessageBatch",
    "SetQueueAttributes",
    "TagQueue",
    "UntagQueue",
];

/// Answers an SQS request.
pub async fn handle(
    state: &SqsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    let operation = context.route.operation.clone().unwrap_or_default();
    let is_json = matches!(
        context.route.protocol,
        Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1
    );
    let input = if is_json {
        let body: &[u8] = if request.body().is_empty() {
            b"{}"
        } else {
            request.body()
        };
        match serde_json::from_slice::<Value>(body) {
            Ok(input @ Value::Object(_)) => input,
            _ => {
                let error = ServiceError::new(
                    StatusCode::BAD_REQUEST,
                    "SerializationException",
                    "The request body is not a JSON object",
                );
                return context.error_response(&error);
            }
        }
    } else {
        let params = QueryParams::parse(
            request.uri().query().unwrap_or_default(),
            std::str::from_utf8(request.body()).unwrap_or_default(),
        );
        query::input(&params)
    };
    let answer = match operation.as_str() {
        "ChangeMessageVisibility" => handlers::change_message_visibility(state, context, &input),
        "ChangeMessageVisibilityBatch" => {
            handlers::change_message_visibility_batch(state, context, &input)
        }
        "CreateQueue" => handlers::create_queue(state, context, &input),
        "DeleteMessage" => handlers::delete_message(state, context, &input),
        "DeleteMessageBatch" => handlers::delete_message_batch(state, context, &input),
        "DeleteQueue" => handlers::delete_queue(state, context, &input),
        "GetQueueAttributes" => handlers::get_queue_attributes(state, context, &input),
        "GetQueueUrl" => handlers::get_queue_url(state, context, &input),
        "ListQueueTags" => handlers::list_queue_tags(state, context, &input),
        "ListQueues" => handlers::list_queues(state, context, &input),
        "PurgeQueue" => handlers::purge_queue(state, context, &input),
        "ReceiveMessage" => handlers::receive_message(state, context, &input).await,
        "SendMessage" => handlers::send_message(state, context, &input),
        "SendMessageBatch" => handlers::send_message_batch(state, context, &input),
        "SetQueueAttributes" => handlers::set_queue_attributes(state, context, &input),
        "TagQueue" => handlers::tag_queue(state, context, &input),
        "UntagQueue" => handlers::untag_queue(state, context, &input),
        other => Err(error::unsupported_operation(other)),
    };
    match answer {
        Ok(output) if is_json => respond(output.to_string(), "application/x-amz-json-1.0", context),
        Ok(output) => respond(
            query::output(&operation, &output, context.request_id),
            "text/xml",
            context,
        ),
        Err(error) => context.error_response(&error),
    }
}

fn respond(body: String, content_type: &'static str, context: &Context<'_>) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(context.request_id) {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}
