//! Secrets Manager state: each region's secrets, their versions and staging labels.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

/// The label of a secret's current value.
pub(super) const CURRENT: &str = "AWSCURRENT";
/// The label the previous current value gets when another version becomes current.
pub(super) const PREVIOUS: &str = "AWSPREVIOUS";
/// The label of the version a rotation is creating.
pub(super) const PENDING: &str = "AWSPENDING";

/// One version of a secret's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Version {
    /// The version id (the client request token that created it).
    pub(super) id: String,
    /// The text value.
    pub(super) string: Option<String>,
    /// The binary value, base64 as the wire carries it.
    pub(super) binary: Option<String>,
    /// The staging labels attached to it.
    pub(super) stages: Vec<String>,
    /// When it was created.
    pub(super) created: SystemTime,
    /// The day it was last read, if it was.
    pub(super) last_accessed: Option<SystemTime>,
}

impl Version {
    /// Whether the two versions hold the same value.
    pub(super) fn same_value(&self, string: Option<&str>, binary: Option<&str>) -> bool {
        self.string.as_deref() == string && self.binary.as_deref() == binary
    }
}

/// A secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Secret {
    /// `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>`.
    pub(super) arn: String,
    /// The name.
    pub(super) name: String,
    /// The description.
    pub(super) description: Option<String>,
    /// The KMS key that encrypts it, when not the account's default.
    pub(super) kms_key_id: Option<String>,
    /// Tags, in the order they were added.
    pub(super) tags: Vec<(String, String)>,
    /// Versions, in the order they were created.
    pub(super) versions: Vec<Version>,
    /// When it was created.
    pub(super) created: SystemTime,
    /// When its value or settings last changed.
    pub(super) last_changed: SystemTime,
    /// When it is deleted for good, once scheduled for deletion.
    pub(super) deletion_date: Option<SystemTime>,
    /// When deletion was asked for.
    pub(super) deleted_date: Option<SystemTime>,
    /// Rotation is configured.
    pub(super) rotation_enabled: bool,
    /// The rotation function.
    pub(super) rotation_lambda_arn: Option<String>,
    /// The rotation schedule, as the request gave it.
    pub(super) rotation_rules: Option<serde_json::Value>,
    /// When it was last rotated.
    pub(super) last_rotated: Option<SystemTime>,
}

impl Secret {
    /// The version holding `stage`.
    pub(super) fn version_with_stage(&self, stage: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|version| version.stages.iter().any(|label| label == stage))
    }

    /// The version `id`.
    pub(super) fn version(&self, id: &str) -> Option<&Version> {
        self.versions.iter().find(|version| version.id == id)
    }

    /// Takes `stage` off every version.
    pub(super) fn detach(&mut self, stage: &str) {
        for version in &mut self.versions {
            version.stages.retain(|label| label != stage);
        }
    }

    /// Attaches `stage` to version `id` (which must exist), taking it off any other. When
    /// `AWSCURRENT` moves, the version that had it gets `AWSPREVIOUS`, as in AWS.
    pub(super) fn attach(&mut self, stage: &str, id: &str) {
        let previous = (stage == CURRENT)
            .then(|| {
                self.version_with_stage(CURRENT)
                    .map(|version| version.id.clone())
            })
            .flatten()
            .filter(|previous| previous != id);
        self.detach(stage);
        if let Some(previous) = previous {
            self.detach(PREVIOUS);
            if let Some(version) = self
                .versions
                .iter_mut()
                .find(|version| version.id == previous)
            {
                version.stages.push(PREVIOUS.to_owned());
            }
        }
        if let Some(version) = self.versions.iter_mut().find(|version| version.id == id) {
            version.stages.push(stage.to_owned());
        }
    }

    /// Whether the secret is scheduled for deletion.
    pub(super) fn is_deleted(&self) -> bool {
        self.deletion_date.is_some()
    }
}

/// Each region's secrets, by name.
#[derive(Debug, Default)]
pub struct SecretsManagerState {
    regions: Mutex<BTreeMap<String, BTreeMap<String, Secret>>>,
}

impl SecretsManagerState {
    /// Forgets every secret.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// The regions that have secrets, or had, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// The secrets of `region`, with those whose recovery window ended at `now` gone.
    pub(super) fn with_region<R>(
        &self,
        region: &str,
        now: SystemTime,
        work: impl FnOnce(&mut BTreeMap<String, Secret>) -> R,
    ) -> R {
        let mut regions = self.lock();
        let secrets = regions.entry(region.to_owned()).or_default();
        secrets.retain(|_, secret| secret.deletion_date.is_none_or(|date| date > now));
        work(secrets)
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, BTreeMap<String, Secret>>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Midnight UTC of the day `instant` is in: AWS reports when a secret was last read as a
/// date only.
pub(super) fn day_of(instant: SystemTime) -> SystemTime {
    let seconds = instant
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds - seconds % 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        let version = |id: &str, stages: &[&str]| Version {
            id: id.to_owned(),
            string: Some(id.to_owned()),
            binary: None,
            stages: stages.iter().map(|stage| (*stage).to_owned()).collect(),
            created: SystemTime::UNIX_EPOCH,
            last_accessed: None,
        };
        Secret {
            arn: "arn".into(),
            name: "s".into(),
            description: None,
            kms_key_id: None,
            tags: Vec::new(),
            versions: vec![
                version("a", &[PREVIOUS]),
                version("b", &[CURRENT]),
                version("c", &[]),
            ],
            created: SystemTime::UNIX_EPOCH,
            last_changed: SystemTime::UNIX_EPOCH,
            deletion_date: None,
            deleted_date: None,
            rotation_enabled: false,
            rotation_lambda_arn: None,
            rotation_rules: None,
            last_rotated: None,
        }
    }

    #[test]
    fn moving_current_makes_the_old_current_previous() {
        let mut secret = secret();
        secret.attach(CURRENT, "c");
        let stages: Vec<(&str, Vec<String>)> = secret
            .versions
            .iter()
            .map(|version| (version.id.as_str(), version.stages.clone()))
            .collect();
        assert_eq!(
            stages,
            vec![
                ("a", vec![]),
                ("b", vec![PREVIOUS.to_owned()]),
                ("c", vec![CURRENT.to_owned()])
            ]
        );
        secret.attach(PENDING, "a");
        assert_eq!(secret.version_with_stage(PENDING).unwrap().id, "a");
        assert_eq!(secret.version_with_stage(CURRENT).unwrap().id, "c");
    }

    #[test]
    fn last_access_is_a_day() {
        let instant = SystemTime::UNIX_EPOCH + Duration::from_secs(86_400 * 3 + 5_000);
        assert_eq!(
            day_of(instant),
            SystemTime::UNIX_EPOCH + Duration::from_secs(86_400 * 3)
        );
    }
}
