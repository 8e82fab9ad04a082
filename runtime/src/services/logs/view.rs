//! CloudWatch Logs' log groups in the state view, as DescribeLogGroups answers them,
//! each with its streams as DescribeLogStreams answers them (`LogGroup`, Moto's name).

use serde_json::{Value, json};

use super::{LogsState, SERVICE};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every region's log groups, with their streams under `logStreams`.
pub(crate) fn view(state: &LogsState, reader: &StateReader<'_>) -> Kinds {
    let groups = state
        .regions()
        .iter()
        .flat_map(|region| {
            let paging = ("nextToken", "nextToken");
            reader
                .every(
                    &SERVICE,
                    state,
                    region,
                    "DescribeLogGroups",
                    json!({}),
                    "logGroups",
                    paging,
                )
                .into_iter()
                .map(|mut group| {
                    let name = group.get("logGroupName").cloned().unwrap_or(Value::Null);
                    let streams = reader.every(
                        &SERVICE,
                        state,
                        region,
                        "DescribeLogStreams",
                        json!({"logGroupName": name}),
                        "logStreams",
                        paging,
                    );
                    group["logStreams"] = Value::Array(streams);
                    with_region(group, region)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut kinds = Kinds::new();
    insert(&mut kinds, "LogGroup", groups);
    kinds
}
