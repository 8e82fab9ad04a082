//! EventBridge (awsJson 1.1): event buses, rules with event patterns and schedules,
//! targets, PutEvents with delivery to this backend's SQS queues, SNS topics and Lambda
//! functions, TestEventPattern, archives and tags. Schedules, `rate()` and `cron()`,
//! fire when a test moves the virtual clock (`fire_schedules`).

mod archives;
mod buses;
mod cron;
mod delivery;
mod error;
mod input;
mod model;
mod names;
mod pattern;
mod put_events;
mod rules;
mod schedule;
mod scheduled;
mod tags;
mod targets;
#[cfg(test)]
mod tests;
mod transform;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::EventsState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// EventBridge on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<EventsState> = Service {
    model: &models::events::MODEL,
    title: "EventBridge",
    handlers: &[
        ("CreateArchive", Handler::Sync(archives::create_archive)),
        ("CreateEventBus", Handler::Sync(buses::create_event_bus)),
        ("DeleteArchive", Handler::Sync(archives::delete_archive)),
        ("DeleteEventBus", Handler::Sync(buses::delete_event_bus)),
        ("DeleteRule", Handler::Sync(rules::delete_rule)),
        ("DescribeArchive", Handler::Sync(archives::describe_archive)),
        ("DescribeEventBus", Handler::Sync(buses::describe_event_bus)),
        ("DescribeRule", Handler::Sync(rules::describe_rule)),
        ("DisableRule", Handler::Sync(rules::disable_rule)),
        ("EnableRule", Handler::Sync(rules::enable_rule)),
        ("ListArchives", Handler::Sync(archives::list_archives)),
        ("ListEventBuses", Handler::Sync(buses::list_event_buses)),
        (
            "ListRuleNamesByTarget",
            Handler::Sync(rules::list_rule_names_by_target),
        ),
        ("ListRules", Handler::Sync(rules::list_rules)),
        (
            "ListTagsForResource",
            Handler::Sync(tags::list_tags_for_resource),
        ),
        (
            "ListTargetsByRule",
            Handler::Sync(targets::list_targets_by_rule),
        ),
        ("PutEvents", Handler::Async(put_events::put_events)),
        ("PutRule", Handler::Sync(rules::put_rule)),
        ("PutTargets", Handler::Sync(targets::put_targets)),
        ("RemoveTargets", Handler::Sync(targets::remove_targets)),
        ("TagResource", Handler::Sync(tags::tag_resource)),
        ("TestEventPattern", Handler::Sync(rules::test_event_pattern)),
        ("UntagResource", Handler::Sync(tags::untag_resource)),
    ],
    // EventBridge checks its model's constraints and reports them together, as
    // ValidationException.
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a EventBridge request.
pub async fn handle(
    state: &EventsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}

/// Fires the schedule occurrences (`rate()` and `cron()`) the clock has passed, in every region
/// (see `scheduled`): what moving a backend's virtual clock does besides moving it.
pub(crate) async fn fire_schedules(context: &Context<'_>) {
    scheduled::fire_due(context.services.events(), context).await;
}

/// Whether any rule's schedule has an occurrence at or before `now`: moving the clock
/// past none fires nothing and draws nothing from the request stream.
pub(crate) fn has_due(state: &EventsState, now: std::time::SystemTime) -> bool {
    state
        .with_every_region(|_, region| {
            region.bus_mut(model::DEFAULT_BUS).is_some_and(|bus| {
                bus.rules
                    .iter()
                    .any(|rule| rule.next_fire.is_some_and(|at| at <= now))
            })
        })
        .into_iter()
        .any(|due| due)
}
