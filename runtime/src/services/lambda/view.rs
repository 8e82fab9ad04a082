//! Lambda's functions and event source mappings in the state view, as ListFunctions and
//! ListEventSourceMappings answer them.

use serde_json::json;

use super::{LambdaState, SERVICE};
use crate::services::view::{Kinds, StateReader, in_region, insert};

/// The most either List operation answers at once.
const MAX_ITEMS: u32 = 10_000;

/// Every region's functions (`$LATEST`) and event source mappings.
pub(crate) fn view(state: &LambdaState, reader: &StateReader<'_>) -> Kinds {
    let regions = state.regions();
    let list = |operation: &str, member: &str| {
        regions
            .iter()
            .flat_map(|region| {
                let answer = reader.call(
                    &SERVICE,
                    state,
                    region,
                    operation,
                    json!({"MaxItems": MAX_ITEMS}),
                );
                in_region(answer.as_ref(), member, region)
            })
            .collect()
    };
    let mut kinds = Kinds::new();
    insert(
        &mut kinds,
        "LambdaFunction",
        list("ListFunctions", "Functions"),
    );
    insert(
        &mut kinds,
        "EventSourceMapping",
        list("ListEventSourceMappings", "EventSourceMappings"),
    );
    kinds
}
