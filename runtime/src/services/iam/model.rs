//! IAM's state: the account's users, groups, roles, customer managed policies and
//! instance profiles, and how they refer to each other. IAM is global: every region of
//! a backend sees this one state.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

/// Tags, in the order they were added (keys unique).
pub(super) type Tags = Vec<(String, String)>;

/// Inline policies, by name: their documents as given.
pub(super) type InlinePolicies = BTreeMap<String, String>;

/// An access key of a user.
#[derive(Debug, Clone)]
pub(super) struct AccessKey {
    /// `AKIA` + 16 characters.
    pub(super) id: String,
    /// The secret, answered once, by CreateAccessKey.
    pub(super) secret: String,
    /// `Active` or `Inactive`.
    pub(super) status: String,
    /// When it was created.
    pub(super) created: SystemTime,
}

/// A user.
#[derive(Debug, Clone)]
pub(super) struct User {
    /// `AIDA` + 17 characters.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) path: String,
    pub(super) created: SystemTime,
    pub(super) tags: Tags,
    pub(super) inline: InlinePolicies,
    /// ARNs of the managed policies attached to it.
    pub(super) attached: BTreeSet<String>,
    pub(super) access_keys: Vec<AccessKey>,
    pub(super) permissions_boundary: Option<String>,
}

/// A group.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// `AGPA` + 17 characters.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) path: String,
    pub(super) created: SystemTime,
    /// Names of its members, in the order they were added.
    pub(super) members: Vec<String>,
    pub(super) inline: InlinePolicies,
    pub(super) attached: BTreeSet<String>,
}

/// A role.
#[derive(Debug, Clone)]
pub(super) struct Role {
    /// `AROA` + 17 characters.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) path: String,
    pub(super) created: SystemTime,
    /// The trust policy, as given.
    pub(super) trust_policy: String,
    pub(super) description: Option<String>,
    pub(super) max_session_duration: u64,
    pub(super) tags: Tags,
    pub(super) inline: InlinePolicies,
    pub(super) attached: BTreeSet<String>,
    pub(super) permissions_boundary: Option<String>,
}

/// One version of a managed policy.
#[derive(Debug, Clone)]
pub(super) struct PolicyVersion {
    /// `v1`, `v2`, ...
    pub(super) id: String,
    pub(super) document: String,
    pub(super) created: SystemTime,
}

/// A customer managed policy.
#[derive(Debug, Clone)]
pub(super) struct ManagedPolicy {
    /// `ANPA` + 17 characters.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) path: String,
    pub(super) arn: String,
    pub(super) description: Option<String>,
    pub(super) created: SystemTime,
    pub(super) updated: SystemTime,
    /// Oldest first.
    pub(super) versions: Vec<PolicyVersion>,
    pub(super) default_version: String,
    /// The number the next version gets (versions are never renumbered).
    pub(super) next_version: u32,
    pub(super) tags: Tags,
}

/// An instance profile.
#[derive(Debug, Clone)]
pub(super) struct InstanceProfile {
    /// `AIPA` + 17 characters.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) path: String,
    pub(super) created: SystemTime,
    /// The name of its role (an instance profile holds at most one).
    pub(super) role: Option<String>,
    pub(super) tags: Tags,
}

/// Everything IAM holds, by name (policies by ARN).
#[derive(Debug, Default)]
pub(super) struct Account {
    pub(super) users: BTreeMap<String, User>,
    pub(super) groups: BTreeMap<String, Group>,
    pub(super) roles: BTreeMap<String, Role>,
    pub(super) policies: BTreeMap<String, ManagedPolicy>,
    pub(super) instance_profiles: BTreeMap<String, InstanceProfile>,
}

/// The entities a managed policy is attached to, each list sorted by name.
#[derive(Debug, Default)]
pub(super) struct Attachments {
    pub(super) users: Vec<(String, String)>,
    pub(super) groups: Vec<(String, String)>,
    pub(super) roles: Vec<(String, String)>,
}

impl Attachments {
    /// How many entities, AWS's `AttachmentCount`.
    pub(super) fn count(&self) -> usize {
        self.users.len() + self.groups.len() + self.roles.len()
    }
}

impl Account {
    /// The users, groups and roles (name, id) `policy_arn` is attached to.
    pub(super) fn attachments(&self, policy_arn: &str) -> Attachments {
        Attachments {
            users: self
                .users
                .values()
                .filter(|user| user.attached.contains(policy_arn))
                .map(|user| (user.name.clone(), user.id.clone()))
                .collect(),
            groups: self
                .groups
                .values()
                .filter(|group| group.attached.contains(policy_arn))
                .map(|group| (group.name.clone(), group.id.clone()))
                .collect(),
            roles: self
                .roles
                .values()
                .filter(|role| role.attached.contains(policy_arn))
                .map(|role| (role.name.clone(), role.id.clone()))
                .collect(),
        }
    }

    /// How many users and roles have `policy_arn` as their permissions boundary.
    pub(super) fn boundary_uses(&self, policy_arn: &str) -> usize {
        let users = self
            .users
            .values()
            .filter(|user| user.permissions_boundary.as_deref() == Some(policy_arn))
            .count();
        let roles = self
            .roles
            .values()
            .filter(|role| role.permissions_boundary.as_deref() == Some(policy_arn))
            .count();
        users + roles
    }

    /// The names of the groups `user` belongs to, in the order of the groups' names.
    pub(super) fn groups_of(&self, user: &str) -> Vec<&Group> {
        self.groups
            .values()
            .filter(|group| group.members.iter().any(|member| member == user))
            .collect()
    }

    /// The instance profiles holding `role`.
    pub(super) fn profiles_of(&self, role: &str) -> Vec<&InstanceProfile> {
        self.instance_profiles
            .values()
            .filter(|profile| profile.role.as_deref() == Some(role))
            .collect()
    }

    /// The user holding access key `access_key_id`.
    pub(super) fn user_with_key(&self, access_key_id: &str) -> Option<&User> {
        self.users
            .values()
            .find(|user| user.access_keys.iter().any(|key| key.id == access_key_id))
    }
}

/// Whether `name` is taken among `entities`: IAM names are not distinguished by case
/// (there cannot be both a `Deployer` and a `deployer`).
pub(super) fn name_taken<V>(entities: &BTreeMap<String, V>, name: &str) -> bool {
    entities
        .keys()
        .any(|known| known.eq_ignore_ascii_case(name))
}

/// IAM's resources in one backend.
#[derive(Debug, Default)]
pub struct IamState {
    account: Mutex<Account>,
}

impl IamState {
    /// Forgets every resource.
    pub fn reset(&self) {
        *self.lock() = Account::default();
    }

    /// Whether `arn` is the ARN of one of the roles of `account_id`: how other services
    /// check the roles they are given (a Lambda function's execution role).
    pub fn has_role(&self, account_id: &str, arn: &str) -> bool {
        self.lock()
            .roles
            .values()
            .any(|role| super::ids::arn(account_id, "role", &role.path, &role.name) == arn)
    }

    /// The state, for one request.
    pub(super) fn lock(&self) -> MutexGuard<'_, Account> {
        self.account.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
