//! Parameter Store's parameters in the state view, as DescribeParameters answers them
//! (names, types, versions, tiers, key ids; never the values).

use serde_json::{Value, json};

use super::{SERVICE, SsmState};
use crate::services::view::{Kinds, StateReader, in_region, insert};

/// Every region's parameters, page after page.
pub(crate) fn view(state: &SsmState, reader: &StateReader<'_>) -> Kinds {
    let mut parameters = Vec::new();
    for region in state.regions() {
        let mut input = json!({"MaxResults": 50});
        loop {
            let answer = reader.call(
                &SERVICE,
                state,
                &region,
                "DescribeParameters",
                input.clone(),
            );
            parameters.extend(in_region(answer.as_ref(), "Parameters", &region));
            match answer.as_ref().and_then(|answer| answer.get("NextToken")) {
                Some(Value::String(token)) => input["NextToken"] = json!(token),
                _ => break,
            }
        }
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "Parameter", parameters);
    kinds
}
