//! CloudWatch Logs (awsJson 1.1): log groups with retention, KMS keys and tags; log
//! streams; events put, read page by page in both directions and searched with filter
//! patterns; metric and subscription filters stored with their patterns checked
//! (subscriptions deliver nothing).

mod error;
mod events;
mod filters;
mod groups;
mod input;
mod model;
mod names;
mod paging;
mod pattern;
mod streams;
#[cfg(test)]
mod tests;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::LogsState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// CloudWatch Logs on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<LogsState> = Service {
    model: &models::logs::MODEL,
    title: "CloudWatch Logs",
    handlers: &[
        ("AssociateKmsKey", Handler::Sync(groups::associate_kms_key)),
        ("CreateLogGroup", Handler::Sync(groups::create_log_group)),
        ("CreateLogStream", Handler::Sync(streams::create_log_stream)),
        ("DeleteLogGroup", Handler::Sync(groups::delete_log_group)),
        ("DeleteLogStream", Handler::Sync(streams::delete_log_stream)),
        (
            "DeleteMetricFilter",
            Handler::Sync(filters::delete_metric_filter),
        ),
        (
            "DeleteRetentionPolicy",
            Handler::Sync(groups::delete_retention_policy),
        ),
        (
            "DeleteSubscriptionFilter",
            Handler::Sync(filters::delete_subscription_filter),
        ),
        (
            "DescribeLogGroups",
            Handler::Sync(groups::describe_log_groups),
        ),
        (
            "DescribeLogStreams",
            Handler::Sync(streams::describe_log_streams),
        ),
        (
            "DescribeMetricFilters",
            Handler::Sync(filters::describe_metric_filters),
        ),
        (
            "DescribeSubscriptionFilters",
            Handler::Sync(filters::describe_subscription_filters),
        ),
        (
            "DisassociateKmsKey",
            Handler::Sync(groups::disassociate_kms_key),
        ),
        ("FilterLogEvents", Handler::Sync(events::filter_log_events)),
        ("GetLogEvents", Handler::Sync(events::get_log_events)),
        (
            "ListTagsForResource",
            Handler::Sync(groups::list_tags_for_resource),
        ),
        (
            "ListTagsLogGroup",
            Handler::Sync(groups::list_tags_log_group),
        ),
        ("PutLogEvents", Handler::Sync(events::put_log_events)),
        ("PutMetricFilter", Handler::Sync(filters::put_metric_filter)),
        (
            "PutRetentionPolicy",
            Handler::Sync(groups::put_retention_policy),
        ),
        (
            "PutSubscriptionFilter",
            Handler::Sync(filters::put_subscription_filter),
        ),
        ("TagLogGroup", Handler::Sync(groups::tag_log_group)),
        ("TagResource", Handler::Sync(groups::tag_resource)),
        ("UntagLogGroup", Handler::Sync(groups::untag_log_group)),
        ("UntagResource", Handler::Sync(groups::untag_resource)),
    ],
    // Logs reports the model's constraint violations together, as InvalidParameterException.
    validation: Validation::Collected {
        code: "InvalidParameterException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a CloudWatch Logs request.
pub async fn handle(
    state: &LogsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
