//! SNS (query protocol): topics (standard and FIFO), subscriptions with filter policies,
//! and delivery of published messages to SQS queues and Lambda functions of the same
//! backend; deliveries to other endpoints are recorded, never sent
//! ([`SnsState::deliveries`]).

mod delivery;
mod error;
mod filter_policy;
mod input;
mod model;
mod publish;
mod subscriptions;
#[cfg(test)]
mod tests;
mod topics;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub(crate) use delivery::invoke_lambda;
pub(crate) use filter_policy::pattern_matches;
pub use model::{SnsDelivery, SnsState};

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// SNS on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<SnsState> = Service {
    model: &models::sns::MODEL,
    title: "SNS",
    handlers: &[
        (
            "ConfirmSubscription",
            Handler::Sync(subscriptions::confirm_subscription),
        ),
        ("CreateTopic", Handler::Sync(topics::create_topic)),
        ("DeleteTopic", Handler::Sync(topics::delete_topic)),
        (
            "GetSubscriptionAttributes",
            Handler::Sync(subscriptions::get_subscription_attributes),
        ),
        (
            "GetTopicAttributes",
            Handler::Sync(topics::get_topic_attributes),
        ),
        (
            "ListSubscriptions",
            Handler::Sync(subscriptions::list_subscriptions),
        ),
        (
            "ListSubscriptionsByTopic",
            Handler::Sync(subscriptions::list_subscriptions_by_topic),
        ),
        (
            "ListTagsForResource",
            Handler::Sync(topics::list_tags_for_resource),
        ),
        ("ListTopics", Handler::Sync(topics::list_topics)),
        ("Publish", Handler::Async(publish::publish)),
        ("PublishBatch", Handler::Async(publish::publish_batch)),
        (
            "SetSubscriptionAttributes",
            Handler::Sync(subscriptions::set_subscription_attributes),
        ),
        (
            "SetTopicAttributes",
            Handler::Sync(topics::set_topic_attributes),
        ),
        ("Subscribe", Handler::Sync(subscriptions::subscribe)),
        ("TagResource", Handler::Sync(topics::tag_resource)),
        ("Unsubscribe", Handler::Sync(subscriptions::unsubscribe)),
        ("UntagResource", Handler::Sync(topics::untag_resource)),
    ],
    // SNS reports a missing or malformed member as a ValidationError naming it.
    validation: Validation::Collected {
        code: "ValidationError",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

impl SnsState {
    /// Publishes `input` (Publish's input) with Publish's checks and delivery: how
    /// EventBridge reaches its SNS targets.
    pub(crate) async fn publish(
        &self,
        context: &Context<'_>,
        input: &serde_json::Value,
    ) -> crate::protocol::engine::Answer {
        publish::publish_input(self, context, input).await
    }
}

/// Answers a SNS request.
pub async fn handle(
    state: &SnsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
