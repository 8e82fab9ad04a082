//! KMS's keys (as DescribeKey answers them, never their material) and aliases (as
//! ListAliases answers them) in the state view.

use serde_json::{Value, json};

use super::{KmsState, SERVICE};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every item `operation` lists in `region` under `member`.
fn every(
    state: &KmsState,
    reader: &StateReader<'_>,
    region: &str,
    operation: &str,
    member: &str,
) -> Vec<Value> {
    let paging = ("NextMarker", "Marker");
    let input = json!({"Limit": 100});
    reader
        .every(&SERVICE, state, region, operation, input, member, paging)
        .into_iter()
        .map(|item| with_region(item, region))
        .collect()
}

/// Every region's keys and aliases.
pub(crate) fn view(state: &KmsState, reader: &StateReader<'_>) -> Kinds {
    let mut keys = Vec::new();
    let mut aliases = Vec::new();
    for region in state.regions() {
        for listed in every(state, reader, &region, "ListKeys", "Keys") {
            let Some(id) = listed.get("KeyId") else {
                continue;
            };
            let described = reader.call(
                &SERVICE,
                state,
                &region,
                "DescribeKey",
                json!({"KeyId": id}),
            );
            if let Some(metadata) = described.and_then(|answer| answer.get("KeyMetadata").cloned())
            {
                keys.push(with_region(metadata, &region));
            }
        }
        aliases.extend(every(state, reader, &region, "ListAliases", "Aliases"));
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "Key", keys);
    insert(&mut kinds, "Alias", aliases);
    kinds
}
