//! EventBridge's resources in the state view, named as Moto's data.json names them:
//! `EventBus` (as DescribeEventBus answers), `Rule` (as DescribeRule answers, with its
//! `Targets`) and `Archive` (as DescribeArchive answers).

use serde_json::{Value, json};

use super::{EventsState, SERVICE};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every region's buses, rules and archives.
pub(crate) fn view(state: &EventsState, reader: &StateReader<'_>) -> Kinds {
    let mut buses = Vec::new();
    let mut rules = Vec::new();
    let mut archives = Vec::new();
    for region in state.regions() {
        let read = |operation: &str, input: Value, member: &str| -> Vec<Value> {
            reader.every(
                &SERVICE,
                state,
                &region,
                operation,
                input,
                member,
                ("NextToken", "NextToken"),
            )
        };
        for bus in read("ListEventBuses", json!({}), "EventBuses") {
            let name = bus.get("Name").cloned().unwrap_or(Value::Null);
            for rule in read("ListRules", json!({"EventBusName": name}), "Rules") {
                let input = json!({"Name": rule["Name"], "EventBusName": name});
                let Some(mut described) =
                    reader.call(&SERVICE, state, &region, "DescribeRule", input)
                else {
                    continue;
                };
                let input = json!({"Rule": rule["Name"], "EventBusName": name});
                described["Targets"] = Value::Array(read("ListTargetsByRule", input, "Targets"));
                rules.push(with_region(described, &region));
            }
            let input = json!({"Name": name});
            if let Some(described) =
                reader.call(&SERVICE, state, &region, "DescribeEventBus", input)
            {
                buses.push(with_region(described, &region));
            }
        }
        for archive in read("ListArchives", json!({}), "Archives") {
            let input = json!({"ArchiveName": archive["ArchiveName"]});
            if let Some(described) = reader.call(&SERVICE, state, &region, "DescribeArchive", input)
            {
                archives.push(with_region(described, &region));
            }
        }
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "EventBus", buses);
    insert(&mut kinds, "Rule", rules);
    insert(&mut kinds, "Archive", archives);
    kinds
}
