//! IAM's resources in the state view, as its List operations answer them. IAM is global,
//! so its resources carry no region. Secret access keys are never in it.

use serde_json::{Value, json};

use super::{IamState, SERVICE};
use crate::services::view::{Kinds, StateReader, insert};

/// The most a List operation answers at once.
const MAX_ITEMS: u32 = 1000;

/// Each kind (Moto's name), the List operation that lists it, its output member and its
/// input besides paging (customer managed policies only: AWS's are the same everywhere).
const KINDS: &[(&str, &str, &str, fn() -> Value)] = &[
    ("User", "ListUsers", "Users", || json!({})),
    ("Group", "ListGroups", "Groups", || json!({})),
    ("Role", "ListRoles", "Roles", || json!({})),
    (
        "ManagedPolicy",
        "ListPolicies",
        "Policies",
        || json!({"Scope": "Local"}),
    ),
    (
        "InstanceProfile",
        "ListInstanceProfiles",
        "InstanceProfiles",
        || json!({}),
    ),
];

/// Every user, group, role, customer managed policy, instance profile and access key.
pub(crate) fn view(state: &IamState, reader: &StateReader<'_>) -> Kinds {
    let list = |operation: &str, member: &str, mut input: Value| {
        let mut items = Vec::new();
        input["MaxItems"] = json!(MAX_ITEMS);
        loop {
            let Some(answer) = reader.call(&SERVICE, state, "us-east-1", operation, input.clone())
            else {
                break;
            };
            if let Some(Value::Array(page)) = answer.get(member) {
                items.extend(page.iter().cloned());
            }
            match answer.get("Marker") {
                Some(Value::String(marker)) if answer["IsTruncated"] == json!(true) => {
                    input["Marker"] = json!(marker);
                }
                _ => break,
            }
        }
        items
    };
    let mut kinds = Kinds::new();
    let mut users = Vec::new();
    for (kind, operation, member, input) in KINDS {
        let items = list(operation, member, input());
        if *kind == "User" {
            users.clone_from(&items);
        }
        insert(&mut kinds, kind, items);
    }
    let keys = users
        .iter()
        .filter_map(|user| user.get("UserName"))
        .flat_map(|name| {
            list(
                "ListAccessKeys",
                "AccessKeyMetadata",
                json!({"UserName": name}),
            )
        })
        .collect();
    insert(&mut kinds, "AccessKey", keys);
    kinds
}
