//! Archives: CreateArchive, DescribeArchive, ListArchives, DeleteArchive. As in AWS, an
//! archive puts a managed rule on its bus (`Events-Archive-<name>`); the events that
//! match it are counted in the archive (they are not kept for replay).

use serde_json::{Value, json};

use super::error;
use super::input::text;
use super::model::{Archive, EventsState};
use super::names::{Place, bus_name, time};
use super::rules::{self, RuleSpec, checked_pattern};
use super::targets;
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;
use crate::services::sqs::partition;

/// The service AWS names as the manager of archives' rules.
const ARCHIVE_MANAGER: &str = "prod.vhs.events.aws.internal";
/// The states ListArchives filters on.
const STATES: &[&str] = &[
    "ENABLED",
    "DISABLED",
    "CREATING",
    "UPDATING",
    "CREATE_FAILED",
    "UPDATE_FAILED",
];

/// The managed rule of the archive `name`.
pub(super) fn rule_name(name: &str) -> String {
    format!("Events-Archive-{name}")
}

/// JSON text with a space after each `,` and `:`, as AWS (and Moto) write the managed
/// rule's pattern.
fn spaced_json(value: &Value) -> String {
    struct Spaced;
    fn separator<W: ?Sized + std::io::Write>(writer: &mut W, first: bool) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }
    impl serde_json::ser::Formatter for Spaced {
        fn begin_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            separator(writer, first)
        }
        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            separator(writer, first)
        }
        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
        ) -> std::io::Result<()> {
            writer.write_all(b": ")
        }
    }
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Spaced);
    match serde::Serialize::serialize(value, &mut serializer) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|_| value.to_string()),
        Err(_) => value.to_string(),
    }
}

/// An archive as ListArchives answers it.
fn summary(archive: &Archive) -> Value {
    json!({
        "ArchiveName": archive.name,
        "EventSourceArn": archive.source_arn,
        "State": "ENABLED",
        "RetentionDays": archive.retention_days,
        "SizeBytes": archive.size_bytes,
        "EventCount": archive.event_count,
        "CreationTime": time(archive.created),
    })
}

pub(super) fn create_archive(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let name = text(input, "ArchiveName").unwrap_or_default();
    let source_arn = text(input, "EventSourceArn").unwrap_or_default();
    let place = Place::of(context);
    let pattern = text(input, "EventPattern");
    // The managed rule matches what the archive does, but never replayed events.
    let mut rule_pattern = match pattern {
        Some(pattern) => {
            checked_pattern(pattern)?;
            serde_json::from_str::<Value>(pattern).unwrap_or_else(|_| json!({}))
        }
        None => json!({}),
    };
    rule_pattern["replay-name"] = json!([{"exists": false}]);
    let now = context.clock.now();
    state.with_region(place.region, now, |region| {
        let bus = bus_name(Some(source_arn));
        let is_bus_arn = source_arn == place.bus_arn(bus);
        if !is_bus_arn || region.bus(bus).is_none() {
            return Err(error::bus_not_found(bus));
        }
        if region.archive(name).is_some() {
            return Err(error::already_exists("Archive", name));
        }
        let arn = place.archive_arn(name);
        let uuid = context.random.uuid4();
        let bus = region.bus_mut(bus).ok_or_else(|| error::bus_not_found(bus))?;
        let managed = rule_name(name);
        let spec = RuleSpec {
            name: managed.clone(),
            pattern: Some(spaced_json(&rule_pattern)),
            schedule: None,
            state: None,
            description: None,
            role_arn: None,
            managed_by: Some(ARCHIVE_MANAGER.to_owned()),
            tags: Vec::new(),
        };
        rules::put(bus, spec, &place, now)?;
        if let Some(rule) = bus.rule_mut(&managed) {
            let target = json!({
                "Id": managed,
                "Arn": format!("arn:{}:events:{}:::", partition(place.region), place.region),
                "InputTransformer": {
                    "InputPathsMap": {},
                    "InputTemplate": format!(
                        "{{\"archive-arn\": \"{arn}:{uuid}\", \"event\": <aws.events.event.json>, \"ingestion-time\": <aws.events.event.ingestion-time>}}"
                    ),
                },
            });
            targets::put(rule, vec![target])?;
        }
        region.archives.push(Archive {
            name: name.to_owned(),
            source_arn: source_arn.to_owned(),
            description: text(input, "Description").map(str::to_owned),
            pattern: pattern.map(str::to_owned),
            retention_days: input.get("RetentionDays").and_then(Value::as_i64).unwrap_or(0),
            created: now,
            event_count: 0,
            size_bytes: 0,
        });
        Ok(json!({"ArchiveArn": arn, "State": "ENABLED", "CreationTime": time(now)}))
    })
}

pub(super) fn describe_archive(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = text(&input.value, "ArchiveName").unwrap_or_default();
    let place = Place::of(context);
    state.with_region(place.region, context.clock.now(), |region| {
        let archive = region
            .archive(name)
            .ok_or_else(|| error::archive_not_found(name))?;
        let mut out = summary(archive);
        out["ArchiveArn"] = json!(place.archive_arn(name));
        if let Some(description) = &archive.description {
            out["Description"] = json!(description);
        }
        if let Some(pattern) = &archive.pattern {
            out["EventPattern"] = json!(pattern);
        }
        Ok(out)
    })
}

pub(super) fn list_archives(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let prefix = text(input, "NamePrefix");
    let source = text(input, "EventSourceArn");
    let wanted_state = text(input, "State");
    if [prefix, source, wanted_state]
        .iter()
        .filter(|given| given.is_some())
        .count()
        > 1
    {
        return Err(error::validation(
            "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.",
        ));
    }
    if let Some(wanted) = wanted_state
        && !STATES.contains(&wanted)
    {
        return Err(error::validation(format!(
            "1 validation error detected: Value '{wanted}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            STATES.join(", ")
        )));
    }
    let archives: Vec<Value> =
        state.with_region(&context.route.region, context.clock.now(), |region| {
            region
                .archives
                .iter()
                .filter(|archive| prefix.is_none_or(|prefix| archive.name.starts_with(prefix)))
                .filter(|archive| source.is_none_or(|source| archive.source_arn == source))
                .filter(|_| wanted_state.is_none_or(|wanted| wanted == "ENABLED"))
                .map(summary)
                .collect()
        });
    Ok(json!({"Archives": archives}))
}

/// Deleting an archive removes its managed rule too.
pub(super) fn delete_archive(
    state: &EventsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let name = text(&input.value, "ArchiveName").unwrap_or_default();
    state.with_region(&context.route.region, context.clock.now(), |region| {
        let archive = region
            .archive(name)
            .ok_or_else(|| error::archive_not_found(name))?;
        let bus = bus_name(Some(&archive.source_arn)).to_owned();
        if let Some(bus) = region.bus_mut(&bus) {
            let managed = rule_name(name);
            bus.rules.retain(|rule| rule.name != managed);
        }
        region.archives.retain(|archive| archive.name != name);
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_patterns_are_written_with_spaces() {
        let pattern = json!({"replay-name": [{"exists": false}], "source": ["a", "b"]});
        assert_eq!(
            spaced_json(&pattern),
            r#"{"replay-name": [{"exists": false}], "source": ["a", "b"]}"#
        );
    }
}
