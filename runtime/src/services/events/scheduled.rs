//! Firing schedules when a test moves the virtual clock.
//!
//! A rule with `rate(n unit)` fires every period from when PutRule set the schedule:
//! the first occurrence one period after it; one with `cron(...)` at each minute its
//! expression names after PutRule, in UTC. Moving the clock past occurrences fires
//! each of them once, in time order (then by region and rule, as created): every
//! occurrence of an enabled rule gets an id from the seeded source and delivers one
//! `Scheduled Event` to the rule's targets at that time; occurrences of a disabled rule
//! pass unfired. Nothing fires on the wall clock, nor between clock moves.
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html>

use std::time::SystemTime;

use serde_json::{Value, json};

use super::delivery::{self, Delivery};
use super::model::{DEFAULT_BUS, EventsState};
use super::names::Place;
use super::put_events::event_time;
use super::schedule::Schedule;
use crate::services::{Context, Route};

/// One occurrence of a rule's schedule.
struct Occurrence {
    at: SystemTime,
    region: String,
    rule: String,
    enabled: bool,
    targets: Vec<Value>,
}

/// Takes every occurrence up to `now` off the rules' schedules, in the order they fire.
fn due(state: &EventsState, now: SystemTime) -> Vec<Occurrence> {
    let mut due: Vec<Occurrence> = state
        .with_every_region(|name, region| {
            let mut due = Vec::new();
            let Some(bus) = region.bus_mut(DEFAULT_BUS) else {
                return due;
            };
            for rule in &mut bus.rules {
                let Some(schedule) = rule.schedule.as_deref().and_then(Schedule::parse) else {
                    continue;
                };
                while let Some(at) = rule.next_fire.filter(|at| *at <= now) {
                    due.push(Occurrence {
                        at,
                        region: name.to_owned(),
                        rule: rule.name.clone(),
                        enabled: rule.enabled(),
                        targets: rule.targets.clone(),
                    });
                    rule.next_fire = schedule.next_after(at);
                }
            }
            due
        })
        .into_iter()
        .flatten()
        .collect();
    // Stable: same-time occurrences keep region and creation order.
    due.sort_by_key(|occurrence| occurrence.at);
    due
}

/// Fires every schedule occurrence the clock has passed (see the module's docs).
pub(crate) async fn fire_due(state: &EventsState, context: &Context<'_>) {
    for occurrence in due(state, context.clock.now()) {
        if !occurrence.enabled {
            continue;
        }
        let route = Route {
            service: "events".into(),
            region: occurrence.region.clone(),
            protocol: context.route.protocol,
            operation: None,
        };
        let here = Context {
            random: context.random,
            clock: context.clock,
            route: &route,
            request_id: context.request_id,
            account_id: context.account_id,
            origin: context.origin.clone(),
            services: context.services,
        };
        let place = Place::of(&here);
        let rule_arn = place.rule_arn(DEFAULT_BUS, &occurrence.rule);
        let event = json!({
            "version": "0",
            "id": here.random.uuid4(),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": place.account,
            "time": event_time(occurrence.at),
            "region": place.region,
            "resources": [rule_arn],
            "detail": {},
        });
        let deliveries: Vec<Delivery> = occurrence
            .targets
            .into_iter()
            .map(|target| Delivery {
                target,
                rule_name: occurrence.rule.clone(),
                rule_arn: rule_arn.clone(),
                event: event.clone(),
                ingestion_time: event_time(occurrence.at),
            })
            .collect();
        delivery::deliver(&here, &deliveries).await;
    }
}
