//! Parameter Store's parameters in the state view, as DescribeParameters answers them
//! (names, types, versions, tiers, key ids; never the values).

use serde_json::json;

use super::{SERVICE, SsmState};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every region's parameters.
pub(crate) fn view(state: &SsmState, reader: &StateReader<'_>) -> Kinds {
    let parameters = state
        .regions()
        .iter()
        .flat_map(|region| {
            let input = json!({"MaxResults": 50});
            let paging = ("NextToken", "NextToken");
            reader
                .every(
                    &SERVICE,
                    state,
                    region,
                    "DescribeParameters",
                    input,
                    "Parameters",
                    paging,
                )
                .into_iter()
                .map(|parameter| with_region(parameter, region))
        })
        .collect();
    let mut kinds = Kinds::new();
    insert(&mut kinds, "Parameter", parameters);
    kinds
}
