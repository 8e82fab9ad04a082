//! Parameter Store's state: each region's parameters, their versions, labels and tags.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

/// The versions AWS keeps of one parameter; a new one pushes out the oldest.
pub(super) const MAX_VERSIONS: usize = 100;
/// The labels one version can carry.
pub(super) const MAX_LABELS: usize = 10;
/// The tags one parameter can carry.
pub(super) const MAX_TAGS: usize = 50;
/// The KMS key of a SecureString given without one: the account's AWS managed key.
pub(super) const DEFAULT_KEY: &str = "alias/aws/ssm";

/// One version of a parameter: everything PutParameter sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Version {
    /// From 1, one more for each overwrite.
    pub(super) number: u64,
    /// `String`, `StringList` or `SecureString`.
    pub(super) kind: String,
    /// The value as given (SecureStrings are kept as plaintext, see the handlers).
    pub(super) value: String,
    /// The description.
    pub(super) description: Option<String>,
    /// The regular expression values must match.
    pub(super) allowed_pattern: Option<String>,
    /// The KMS key of a SecureString.
    pub(super) key_id: Option<String>,
    /// `text`, `aws:ec2:image` or `aws:ssm:integration`.
    pub(super) data_type: String,
    /// `Standard` or `Advanced` (Intelligent-Tiering resolves to one of them).
    pub(super) tier: String,
    /// The policies, as the JSON text PutParameter gave.
    pub(super) policies: Option<String>,
    /// The labels on this version.
    pub(super) labels: Vec<String>,
    /// When this version was written.
    pub(super) modified: SystemTime,
}

/// A parameter with every version kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Parameter {
    /// The name as first written (`/app/db` or `db`).
    pub(super) name: String,
    /// Versions, oldest first; never empty.
    pub(super) versions: Vec<Version>,
    /// Tags, in the order their keys were first added.
    pub(super) tags: Vec<(String, String)>,
}

impl Parameter {
    /// The newest version.
    pub(super) fn latest(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The version numbered `number`.
    pub(super) fn version(&self, number: u64) -> Option<&Version> {
        self.versions
            .iter()
            .find(|version| version.number == number)
    }

    /// The version carrying `label`.
    pub(super) fn labelled(&self, label: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|version| version.labels.iter().any(|own| own == label))
    }

    /// Sets `key` to `value`, keeping the key's place when it is already there.
    pub(super) fn tag(&mut self, key: &str, value: &str) {
        match self.tags.iter_mut().find(|(own, _)| own == key) {
            Some(tag) => tag.1 = value.to_owned(),
            None => self.tags.push((key.to_owned(), value.to_owned())),
        }
    }
}

/// One region's parameters, in the order they were created (the order AWS lists them
/// in, as Moto does), keyed by [`super::names::key_of`].
#[derive(Debug, Default)]
pub(super) struct Region {
    parameters: Vec<(String, Parameter)>,
}

impl Region {
    /// The parameter stored under `key`.
    pub(super) fn get(&self, key: &str) -> Option<&Parameter> {
        self.parameters
            .iter()
            .find(|(own, _)| own == key)
            .map(|(_, parameter)| parameter)
    }

    /// The parameter stored under `key`, to change.
    pub(super) fn get_mut(&mut self, key: &str) -> Option<&mut Parameter> {
        self.parameters
            .iter_mut()
            .find(|(own, _)| own == key)
            .map(|(_, parameter)| parameter)
    }

    /// Stores a new parameter under `key`.
    pub(super) fn insert(&mut self, key: &str, parameter: Parameter) {
        self.parameters.push((key.to_owned(), parameter));
    }

    /// Forgets the parameter under `key`, answering whether there was one.
    pub(super) fn remove(&mut self, key: &str) -> bool {
        let before = self.parameters.len();
        self.parameters.retain(|(own, _)| own != key);
        self.parameters.len() != before
    }

    /// Every parameter, oldest first.
    pub(super) fn all(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters.iter().map(|(_, parameter)| parameter)
    }
}

/// Parameter Store's resources in one backend, per region.
#[derive(Debug, Default)]
pub struct SsmState {
    regions: Mutex<BTreeMap<String, Region>>,
}

impl SsmState {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Region>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The regions requests have reached, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Runs `change` on `region`'s parameters.
    pub(super) fn with_region<R>(&self, region: &str, change: impl FnOnce(&mut Region) -> R) -> R {
        let mut regions = self.lock();
        change(regions.entry(region.to_owned()).or_default())
    }

    /// Forgets every resource.
    pub fn reset(&self) {
        self.lock().clear();
    }
}
