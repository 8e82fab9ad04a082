//! KMS's state: each region's keys and aliases, and how a request's key id finds a key.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use serde_json::json;

use super::error;
use super::material::Material;
use super::spec::{KeySpec, KeyUsage};
use crate::protocol::error::ServiceError;

/// The prefix of every alias name.
pub(super) const ALIAS_PREFIX: &str = "alias/";
/// The alias namespace AWS keeps for its own managed keys.
pub(super) const RESERVED_ALIAS_PREFIX: &str = "alias/aws/";

/// Where a key is in its life (`KeyState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyState {
    Enabled,
    Disabled,
    PendingDeletion,
}

impl KeyState {
    pub(super) fn name(self) -> &'static str {
        match self {
            KeyState::Enabled => "Enabled",
            KeyState::Disabled => "Disabled",
            KeyState::PendingDeletion => "PendingDeletion",
        }
    }
}

/// Automatic rotation, when it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rotation {
    /// Days between rotations.
    pub(super) period_days: u64,
    /// When it was turned on, which the next rotation date counts from.
    pub(super) since: SystemTime,
}

/// A KMS key.
#[derive(Debug)]
pub(super) struct Key {
    /// A UUID from the seeded generator.
    pub(super) id: String,
    /// `arn:aws:kms:<region>:<account>:key/<id>`.
    pub(super) arn: String,
    pub(super) account_id: String,
    pub(super) created: SystemTime,
    pub(super) description: String,
    pub(super) spec: KeySpec,
    pub(super) usage: KeyUsage,
    pub(super) state: KeyState,
    /// When it is deleted for good, once scheduled for deletion.
    pub(super) deletion_date: Option<SystemTime>,
    /// The `default` key policy, as the caller wrote it or as AWS writes the default.
    pub(super) policy: String,
    /// Tags, in the order they were added.
    pub(super) tags: Vec<(String, String)>,
    pub(super) rotation: Option<Rotation>,
    pub(super) origin: String,
    pub(super) multi_region: bool,
    pub(super) material: Material,
}

impl Key {
    /// Refuses cryptographic use unless the key is enabled.
    pub(super) fn usable(&self) -> Result<&Key, ServiceError> {
        match self.state {
            KeyState::Enabled => Ok(self),
            KeyState::Disabled => Err(error::disabled(&self.arn)),
            KeyState::PendingDeletion => Err(pending_deletion(&self.arn)),
        }
    }

    /// Refuses changes to a key scheduled for deletion.
    pub(super) fn not_pending_deletion(&mut self) -> Result<&mut Key, ServiceError> {
        if self.state == KeyState::PendingDeletion {
            return Err(pending_deletion(&self.arn));
        }
        Ok(self)
    }
}

fn pending_deletion(arn: &str) -> ServiceError {
    error::invalid_state(format!("{arn} is pending deletion."))
}

/// The key policy AWS gives a key created without one, written as AWS writes it.
pub(super) fn default_policy(account_id: &str) -> String {
    format!(
        "{{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {{\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {{\n      \"AWS\" : \"arn:aws:iam::{account_id}:root\"\n    }},\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }} ]\n}}"
    )
}

/// An alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Alias {
    /// `alias/<name>`.
    pub(super) name: String,
    /// The id of the key it points to.
    pub(super) target: String,
    pub(super) created: SystemTime,
    pub(super) updated: SystemTime,
}

/// The keys and aliases of one region.
#[derive(Debug, Default)]
pub(super) struct Keys {
    /// Keys in the order they were created (ListKeys's order).
    pub(super) keys: Vec<Key>,
    /// Aliases in the order they were created.
    pub(super) aliases: Vec<Alias>,
}

/// How a request names a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// Key id or key ARN only (the key-management operations).
    KeyOnly,
    /// Also an alias name or alias ARN (DescribeKey and the cryptographic operations).
    KeyOrAlias,
}

/// The ARN prefix of a region's KMS resources.
pub(super) fn arn_prefix(region: &str, account_id: &str) -> String {
    format!("arn:aws:kms:{region}:{account_id}:")
}

impl Keys {
    /// The index of the key `id` names in `region`, or AWS's NotFoundException.
    pub(super) fn position(
        &self,
        id: &str,
        naming: Naming,
        region: &str,
        account_id: &str,
    ) -> Result<usize, ServiceError> {
        let prefix = arn_prefix(region, account_id);
        let alias_name = id
            .strip_prefix(&prefix)
            .filter(|rest| rest.starts_with(ALIAS_PREFIX))
            .or_else(|| id.starts_with(ALIAS_PREFIX).then_some(id));
        if let Some(name) = alias_name {
            if naming == Naming::KeyOnly {
                return Err(error::invalid_key_id(id));
            }
            let target = self
                .alias(name)
                .map(|alias| alias.target.as_str())
                .ok_or_else(|| error::alias_not_found(&format!("{prefix}{name}")))?;
            return self
                .keys
                .iter()
                .position(|key| key.id == target)
                .ok_or_else(|| error::alias_not_found(&format!("{prefix}{name}")));
        }
        let key_id = if id.starts_with("arn:") {
            match id.split_once(":key/") {
                Some((_, key_id)) => key_id,
                None => return Err(error::invalid_key_id(id)),
            }
        } else {
            id
        };
        if !looks_like_key_id(key_id) {
            return Err(error::invalid_key_id(id));
        }
        let arn = format!("{prefix}key/{key_id}");
        self.keys
            .iter()
            .position(|key| key.id == key_id && (!id.starts_with("arn:") || key.arn == id))
            .ok_or_else(|| error::key_not_found(&arn))
    }

    /// The key `id` names.
    pub(super) fn get(
        &self,
        id: &str,
        naming: Naming,
        region: &str,
        account_id: &str,
    ) -> Result<&Key, ServiceError> {
        let index = self.position(id, naming, region, account_id)?;
        self.keys
            .get(index)
            .ok_or_else(|| error::invalid_key_id(id))
    }

    /// The key `id` names, to change.
    pub(super) fn get_mut(
        &mut self,
        id: &str,
        naming: Naming,
        region: &str,
        account_id: &str,
    ) -> Result<&mut Key, ServiceError> {
        let index = self.position(id, naming, region, account_id)?;
        self.keys
            .get_mut(index)
            .ok_or_else(|| error::invalid_key_id(id))
    }

    /// The key with id `id` exactly.
    pub(super) fn by_id(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|key| key.id == id)
    }

    /// The alias `name`.
    pub(super) fn alias(&self, name: &str) -> Option<&Alias> {
        self.aliases.iter().find(|alias| alias.name == name)
    }

    /// Forgets keys whose waiting period ended at `now`, and their aliases.
    fn sweep(&mut self, now: SystemTime) {
        self.keys
            .retain(|key| key.deletion_date.is_none_or(|date| date > now));
        let live: HashSet<&str> = self.keys.iter().map(|key| key.id.as_str()).collect();
        self.aliases
            .retain(|alias| live.contains(alias.target.as_str()));
    }
}

/// Whether `id` has a key id's shape: a UUID, or a multi-Region key's `mrk-` and 32 hex
/// digits.
fn looks_like_key_id(id: &str) -> bool {
    if let Some(hex) = id.strip_prefix("mrk-") {
        return hex.len() == 32 && hex.bytes().all(|byte| byte.is_ascii_hexdigit());
    }
    id.len() == 36
        && id.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// Each region's keys and aliases.
#[derive(Debug, Default)]
pub struct KmsState {
    regions: Mutex<BTreeMap<String, Keys>>,
}

impl KmsState {
    /// Forgets every key and alias.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// The keys of `region`, with those whose waiting period ended at `now` gone.
    pub(super) fn with_region<R>(
        &self,
        region: &str,
        now: SystemTime,
        work: impl FnOnce(&mut Keys) -> R,
    ) -> R {
        let mut regions = self.lock();
        let keys = regions.entry(region.to_owned()).or_default();
        keys.sweep(now);
        work(keys)
    }

    /// The regions requests have reached, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Keys>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The tags as KMS lists them.
pub(super) fn tags_json(tags: &[(String, String)]) -> serde_json::Value {
    serde_json::Value::Array(
        tags.iter()
            .map(|(key, value)| json!({"TagKey": key, "TagValue": value}))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_are_uuids_or_multi_region_ids() {
        assert!(looks_like_key_id("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(looks_like_key_id("mrk-1234abcd12ab34cd56ef1234567890ab"));
        assert!(!looks_like_key_id("alias/orders"));
        assert!(!looks_like_key_id("1234abcd-12ab-34cd-56ef-1234567890a"));
    }

    #[test]
    fn the_default_policy_is_as_aws_writes_it() {
        let policy = default_policy("111122223333");
        let parsed: serde_json::Value = serde_json::from_str(&policy).unwrap();
        assert_eq!(parsed["Id"], "key-default-1");
        assert_eq!(
            parsed["Statement"][0]["Principal"]["AWS"],
            "arn:aws:iam::111122223333:root"
        );
        assert!(policy.starts_with("{\n  \"Version\" : \"2012-10-17\",\n"));
    }
}
