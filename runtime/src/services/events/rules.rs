//! Rules: PutRule, DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule,
//! ListRuleNamesByTarget, and TestEventPattern (the matcher rules use, on one event).

use serde_json::{Value, json};

use super::error;
use super::input::{page, tags, text};
use super::model::{Bus, DEFAULT_BUS, EventsState, Rule};
use super::names::{Place, bus_name};
use super::pattern::EventPattern;
use super::schedule::Schedule;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The members an event needs for TestEventPattern to read it.
const EVENT_MEMBERS: &[&str] = &["id", "account", "source", "time", "region", "detail-type"];

/// Checks a pattern as PutRule does.
pub(super) fn checked_pattern(text: &str) -> Result<EventPattern, ServiceError> {
    EventPattern::parse(text).map_err(|reason| error::invalid_pattern(&reason))
}

/// A rule as DescribeRule answers it (ListRules leaves out `CreatedBy`).
fn describe(rule: &Rule, bus: &str, place: &Place<'_>) -> Value {
    let mut out = json!({
        "Name": rule.name,
        "Arn": place.rule_arn(bus, &rule.name),
        "State": rule.state,
        "EventBusName": bus,
    });
    let optional = [
        ("EventPattern", &rule.pattern),
        ("ScheduleExpression", &rule.schedule),
        ("Description", &rule.description),
        ("RoleArn", &rule.role_arn),
        ("ManagedBy", &rule.managed_by),
    ];
    for (member, value) in optional {
        if let Some(value) = value {
            out[member] = json!(value);
        }
    }
    out
}

/// Finds the bus a request names, or answers AWS's error.
fn bus_of<'r>(buses: &'r mut [Bus], name: &str) -> Result<&'r mut Bus, ServiceError> {
    buses
        .iter_mut()
        .find(|bus| bus.name == name)
        .ok_or_else(|| error::bus_not_found(name))
}

/// What PutRule gives a rule, checked.
pub(super) struct RuleSpec {
    pub(super) name: String,
    pub(super) pattern: Option<String>,
    pub(super) schedule: Option<String>,
    pub(super) state: Option<String>,
    pub(super) description: Option<String>,
    pub(super) role_arn: Option<String>,
    pub(super) managed_by: Option<String>,
    pub(super) tags: Vec<(String, String)>,
}

/// Creates or replaces the rule `spec` names on `bus`, keeping its targets and tags
/// (and, for an unchanged schedule, when it fires next). Answers its ARN.
pub(super) fn put(
    bus: &mut Bus,
    spec: RuleSpec,
    place: &Place<'_>,
    now: std::time::SystemTime,
) -> Result<String, ServiceError> {
    if spec.pattern.is_none() && spec.schedule.is_none() {
        return Err(error::validation(
            "Parameter(s) EventPattern or ScheduleExpression must be specified.",
        ));
    }
    let schedule =
        match &spec.schedule {
            None => None,
            Some(expression) => {
                if bus.name != DEFAULT_BUS {
                    return Err(error::validation(
                        "ScheduleExpression is supported only on the default event bus.",
                    ));
                }
                Some(Schedule::parse(expression).ok_or_else(|| {
                    error::validation("Parameter ScheduleExpression is not valid.")
                })?)
            }
        };
    if let Some(pattern) = &spec.pattern {
        checked_pattern(pattern)?;
    }
    let arn = place.rule_arn(&bus.name, &spec.name);
    let first_fire = |previous: Option<&Rule>| {
        let schedule = schedule.as_ref()?;
        previous
            .filter(|previous| previous.schedule == spec.schedule)
            .and_then(|previous| previous.next_fire)
            .or_else(|| schedule.next_after(now))
    };
    match bus.rule_mut(&spec.name) {
        Some(existing) => {
            if existing.managed_by.is_some() && spec.managed_by.is_none() {
                return Err(error::managed_rule(&spec.name));
            }
            existing.next_fire = first_fire(Some(existing));
            existing.pattern = spec.pattern;
            existing.schedule = spec.schedule;
            existing.state = spec.state.unwrap_or_else(|| "ENABLED".to_owned());
            existing.description = spec.description;
            existing.role_arn = spec.role_arn;
        }
        None => {
            let next_fire = first_fire(None);
            bus.rules.push(Rule {
                name: spec.name,
                pattern: spec.pattern,
                schedule: spec.schedule,
                state: spec.state.unwrap_or_else(|| "ENABLED".to_owned()),
                description: spec.description,
                role_arn: spec.role_arn,
                managed_by: spec.managed_by,
                tags: spec.tags,
                targets: Vec::new(),
                next_fire,
            });
        }
    }
    Ok(arn)
}

pub(super) fn put_rule(state: &EventsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let owned = |name: &str| text(input, name).map(str::to_owned);
    let spec = RuleSpec {
        name: text(input, "Name").unwrap_or_default().to_owned(),
        pattern: owned("EventPattern"),
        schedule: owned("ScheduleExpression"),
        state: owned("State"),
        description: owned("Description"),
        role_arn: owned("RoleArn"),
        managed_by: None,
        tags: tags(input),
    };
    let bus = bus_name(text(input, "EventBusName"));
    let place = Place::of(context);
    let now = context.clock.now();
    state.with_region(place.region, now, |region| {
        if spec.pattern.is_none() && spec.schedule.is_none() {
            return Err(error::validation(
                "Parameter(s) EventPattern or ScheduleExpression must be specified.",
            ));
        }
        let bus = bus_of(&mut region.buses, bus)?;
        let arn = put(bus, spec, &place, now)?;
        Ok(json!({"RuleArn": arn}))
    })
}

/// Runs `read` on the rule a request names (`Name`, `EventBusName`).
fn with_rule<R>(
    state: &EventsState,
    context: &Context<'_>,
    input: &Value,
    read: impl FnOnce(&mut Rule, &str) -> Result<R, ServiceError>,
) -> Result<R, ServiceError> {
    let name = text(input, "Name").unwrap_or_default();
    let bus = bus_name(text(input, "EventBusName"));
    state.with_region(&context.route.region, context.clock.now(), |region| {
        let bus = bus_of(&mut region.buses, bus)?;
        let bus_name = bus.name.clone();
        let rule = bus
            .rule_mut(name)
            .ok_or_else(|| error::rule_not_found(name, &bus_name))?;
        read(rule, &bus_name)
    })
}

pub(super) fn describe_rule(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let place = Place::of(context);
    with_rule(state, context, &input.value, |rule, bus| {
        let mut out = describe(rule, bus, &place);
        out["CreatedBy"] = json!(context.account_id);
        Ok(out)
    })
}

fn set_state(state: &EventsState, context: &Context<'_>, input: &Value, to: &str) -> Answer {
    with_rule(state, context, input, |rule, _| {
        if rule.managed_by.is_some() && input.get("Force") != Some(&Value::Bool(true)) {
            return Err(error::managed_rule(&rule.name));
        }
        rule.state = to.to_owned();
        Ok(json!({}))
    })
}

pub(super) fn enable_rule(state: &EventsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    set_state(state, context, &input.value, "ENABLED")
}

pub(super) fn disable_rule(state: &EventsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    set_state(state, context, &input.value, "DISABLED")
}

/// Deleting a rule (or a bus) that does not exist succeeds, as in AWS.
pub(super) fn delete_rule(state: &EventsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let name = text(input, "Name").unwrap_or_default();
    let bus = bus_name(text(input, "EventBusName"));
    let force = input.get("Force") == Some(&Value::Bool(true));
    state.with_region(&context.route.region, context.clock.now(), |region| {
        let Some(bus) = region.bus_mut(bus) else {
            return Ok(json!({}));
        };
        let Some(rule) = bus.rule(name) else {
            return Ok(json!({}));
        };
        if rule.managed_by.is_some() && !force {
            return Err(error::managed_rule(name));
        }
        if !rule.targets.is_empty() {
            return Err(error::validation(
                "Rule can't be deleted since it has targets.",
            ));
        }
        bus.rules.retain(|rule| rule.name != name);
        Ok(json!({}))
    })
}

pub(super) fn list_rules(state: &EventsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let prefix = text(input, "NamePrefix").unwrap_or_default();
    let bus = bus_name(text(input, "EventBusName"));
    let place = Place::of(context);
    let rules = state.with_region(place.region, context.clock.now(), |region| {
        let bus = bus_of(&mut region.buses, bus)?;
        Ok::<_, ServiceError>(
            bus.rules
                .iter()
                .filter(|rule| rule.name.starts_with(prefix))
                .map(|rule| describe(rule, &bus.name, &place))
                .collect::<Vec<_>>(),
        )
    })?;
    let (rules, next) = page(input, rules)?;
    let mut out = json!({"Rules": rules});
    if let Some(next) = next {
        out["NextToken"] = json!(next);
    }
    Ok(out)
}

pub(super) fn list_rule_names_by_target(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let target = text(input, "TargetArn").unwrap_or_default();
    let bus = bus_name(text(input, "EventBusName"));
    let names = state.with_region(&context.route.region, context.clock.now(), |region| {
        let bus = bus_of(&mut region.buses, bus)?;
        Ok::<_, ServiceError>(
            bus.rules
                .iter()
                .filter(|rule| {
                    rule.targets
                        .iter()
                        .any(|own| own.get("Arn").and_then(Value::as_str) == Some(target))
                })
                .map(|rule| rule.name.clone())
                .collect::<Vec<_>>(),
        )
    })?;
    let (names, next) = page(input, names)?;
    let mut out = json!({"RuleNames": names});
    if let Some(next) = next {
        out["NextToken"] = json!(next);
    }
    Ok(out)
}

pub(super) fn test_event_pattern(
    _state: &EventsState,
    _context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let pattern = checked_pattern(text(input, "EventPattern").unwrap_or_default())?;
    let event: Value = serde_json::from_str(text(input, "Event").unwrap_or_default())
        .ok()
        .filter(|event: &Value| {
            EVENT_MEMBERS
                .iter()
                .all(|member| event.get(member).is_some())
        })
        .ok_or_else(|| error::validation("Parameter Event is not valid."))?;
    Ok(json!({"Result": pattern.matches(&event)}))
}
