//! GetAccountAuthorizationDetails: every user, group, role and managed policy with the
//! policies that apply to it, in one paged answer.

use serde_json::{Map, Value, json};

use super::aws_managed;
use super::documents;
use super::model::{Account, IamState, InlinePolicies};
use super::paging;
use super::policies;
use super::render::{self, View};
use super::tags;
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;

/// The detail lists of the answer, in the order of their page keys.
const LISTS: [&str; 4] = [
    "UserDetailList",
    "GroupDetailList",
    "RoleDetailList",
    "Policies",
];

fn inline_list(policies: &InlinePolicies) -> Value {
    Value::Array(
        policies
            .iter()
            .map(|(name, document)| {
                json!({"PolicyName": name, "PolicyDocument": documents::encoded(document)})
            })
            .collect(),
    )
}

fn attached_list<'a>(account: &Account, arns: impl Iterator<Item = &'a String>) -> Value {
    Value::Array(
        arns.filter_map(|arn| policies::find(account, arn))
            .map(|policy| json!({"PolicyName": policy.name, "PolicyArn": policy.arn}))
            .collect(),
    )
}

/// Adds `members` to the object `value`.
fn with(mut value: Value, members: Vec<(&str, Value)>) -> Value {
    if let Some(object) = value.as_object_mut() {
        for (name, member) in members {
            object.insert(name.to_owned(), member);
        }
    }
    value
}

/// Every detail the `Filter` asks for, keyed `<list index>\n<name>`.
fn details(
    account: &Account,
    context: &Context<'_>,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<(String, Value)> {
    let mut items = Vec::new();
    if wanted("User") {
        for user in account.users.values() {
            let groups: Vec<Value> = account
                .groups_of(&user.name)
                .into_iter()
                .map(|group| json!(group.name))
                .collect();
            let detail = with(
                render::user(context.account_id, user, View::Full),
                vec![
                    ("UserPolicyList", inline_list(&user.inline)),
                    ("GroupList", Value::Array(groups)),
                    (
                        "AttachedManagedPolicies",
                        attached_list(account, user.attached.iter()),
                    ),
                ],
            );
            items.push((format!("0\n{}", user.name), detail));
        }
    }
    if wanted("Group") {
        for group in account.groups.values() {
            let detail = with(
                render::group(context.account_id, group),
                vec![
                    ("GroupPolicyList", inline_list(&group.inline)),
                    (
                        "AttachedManagedPolicies",
                        attached_list(account, group.attached.iter()),
                    ),
                ],
            );
            items.push((format!("1\n{}", group.name), detail));
        }
    }
    if wanted("Role") {
        for role in account.roles.values() {
            let profiles: Vec<Value> = account
                .profiles_of(&role.name)
                .into_iter()
                .map(|profile| {
                    render::instance_profile(context.account_id, profile, Some(role), View::Listed)
                })
                .collect();
            let detail = with(
                render::role(context.account_id, role, View::Full),
                vec![
                    ("InstanceProfileList", Value::Array(profiles)),
                    ("Tags", tags::json(&role.tags)),
                    ("RolePolicyList", inline_list(&role.inline)),
                    (
                        "AttachedManagedPolicies",
                        attached_list(account, role.attached.iter()),
                    ),
                ],
            );
            items.push((format!("2\n{}", role.name), detail));
        }
    }
    // Customer managed policies, and the AWS managed ones attached to something.
    let local = account
        .policies
        .values()
        .filter(|_| wanted("LocalManagedPolicy"))
        .cloned();
    let aws = aws_managed::all()
        .filter(|policy| account.attachments(&policy.arn).count() > 0)
        .filter(|_| wanted("AWSManagedPolicy"));
    let mut managed: Vec<(String, Value)> = local
        .chain(aws)
        .map(|policy| {
            let versions: Vec<Value> = policy
                .versions
                .iter()
                .map(|version| render::version(&policy, version, true))
                .collect();
            // A ManagedPolicyDetail: the policy with its description (but no tags).
            let mut members = vec![("PolicyVersionList", Value::Array(versions))];
            if let Some(description) = &policy.description {
                members.push(("Description", json!(description)));
            }
            let detail = with(policies::rendered(account, &policy, View::Listed), members);
            (format!("3\n{}\n{}", policy.name, policy.arn), detail)
        })
        .collect();
    managed.sort_by(|a, b| a.0.cmp(&b.0));
    items.extend(managed);
    items
}

/// GetAccountAuthorizationDetails: `Filter` (any of `User`, `Role`, `Group`,
/// `LocalManagedPolicy`, `AWSManagedPolicy`; all when empty), paged over the four lists.
pub(super) fn get_account_authorization_details(
    state: &IamState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let filter: Vec<&str> = input
        .value
        .get("Filter")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let wanted = |kind: &str| filter.is_empty() || filter.contains(&kind);
    let account = state.lock();
    let (page, next) = paging::cut(&input.value, details(&account, context, &wanted))?;
    let mut lists: Vec<Vec<Value>> = vec![Vec::new(); LISTS.len()];
    for (key, item) in page {
        let index = key
            .split('\n')
            .next()
            .and_then(|digit| digit.parse::<usize>().ok());
        if let Some(list) = index.and_then(|index| lists.get_mut(index)) {
            list.push(item);
        }
    }
    let mut answer = Map::new();
    for (name, list) in LISTS.iter().zip(lists) {
        answer.insert((*name).to_owned(), Value::Array(list));
    }
    answer.insert("IsTruncated".to_owned(), json!(next.is_some()));
    if let Some(next) = next {
        answer.insert("Marker".to_owned(), json!(next));
    }
    Ok(Value::Object(answer))
}
