//! Secrets Manager's secrets in the state view, as ListSecrets answers them (secrets
//! scheduled for deletion included; never their values).

use serde_json::{Value, json};

use super::{SERVICE, SecretsManagerState};
use crate::services::view::{Kinds, StateReader, in_region, insert};

/// Every region's secrets, page after page.
pub(crate) fn view(state: &SecretsManagerState, reader: &StateReader<'_>) -> Kinds {
    let mut secrets = Vec::new();
    for region in state.regions() {
        let mut input = json!({"IncludePlannedDeletion": true, "MaxResults": 100});
        loop {
            let answer = reader.call(&SERVICE, state, &region, "ListSecrets", input.clone());
            secrets.extend(in_region(answer.as_ref(), "SecretList", &region));
            match answer.as_ref().and_then(|answer| answer.get("NextToken")) {
                Some(Value::String(token)) => input["NextToken"] = json!(token),
                _ => break,
            }
        }
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "FakeSecret", secrets);
    kinds
}
