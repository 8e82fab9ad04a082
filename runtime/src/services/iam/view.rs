//! IAM's resources in the state view, as its List operations answer them. IAM is global,
//! so its resources carry no region. Secret access keys are never in it.

use serde_json::{Value, json};

use super::{IamState, SERVICE};
use crate::services::view::{Kinds, StateReader, insert};

/// The most a List operation answers at once.
const MAX_ITEMS: u32 = 1000;

/// Each kind (Moto's name), the List operation that lists it and its output member.
const KINDS: &[(&str, &str, &str)] = &[
    ("User", "ListUsers", "Users"),
    ("Group", "ListGroups", "Groups"),
    ("Role", "ListRoles", "Roles"),
    ("ManagedPolicy", "ListPolicies", "Policies"),
    (
        "InstanceProfile",
        "ListInstanceProfiles",
        "InstanceProfiles",
    ),
];

/// Every user, group, role, customer managed policy, instance profile and access key.
pub(crate) fn view(state: &IamState, reader: &StateReader<'_>) -> Kinds {
    let list = |operation: &str, member: &str, mut input: Value| {
        input["MaxItems"] = json!(MAX_ITEMS);
        // IAM is global: any region reaches it.
        let paging = ("Marker", "Marker");
        reader.every(
            &SERVICE,
            state,
            "us-east-1",
            operation,
            input,
            member,
            paging,
        )
    };
    let mut kinds = Kinds::new();
    let mut users = Vec::new();
    for (kind, operation, member) in KINDS {
        // Customer managed policies only: AWS's are the same in every account.
        let input = match *kind {
            "ManagedPolicy" => json!({"Scope": "Local"}),
            _ => json!({}),
        };
        let items = list(operation, member, input);
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
