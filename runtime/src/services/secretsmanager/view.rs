//! Secrets Manager's secrets in the state view, as ListSecrets answers them (secrets
//! scheduled for deletion included; never their values).

use serde_json::json;

use super::{SERVICE, SecretsManagerState};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every region's secrets.
pub(crate) fn view(state: &SecretsManagerState, reader: &StateReader<'_>) -> Kinds {
    let secrets = state
        .regions()
        .iter()
        .flat_map(|region| {
            let input = json!({"IncludePlannedDeletion": true, "MaxResults": 100});
            let paging = ("NextToken", "NextToken");
            reader
                .every(
                    &SERVICE,
                    state,
                    region,
                    "ListSecrets",
                    input,
                    "SecretList",
                    paging,
                )
                .into_iter()
                .map(|secret| with_region(secret, region))
        })
        .collect();
    let mut kinds = Kinds::new();
    insert(&mut kinds, "FakeSecret", secrets);
    kinds
}
