//! S3 state: buckets, the versions of their keys and their multipart uploads, with no
//! HTTP. Bucket names are global to the account (as in S3); each bucket remembers its
//! region.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use bytes::Bytes;

use super::acl::Acl;
use super::checksum::md5_hex;
use super::settings::BucketSettings;

/// The canonical user id of the account that owns every bucket and object (Moto's).
pub(super) const OWNER_ID: &str =
    "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
/// The display name S3 gives that owner.
pub(super) const OWNER_DISPLAY_NAME: &str = "webfile";
/// How S3 names the version of a write made while versioning was off or suspended.
pub(super) const NULL_VERSION: &str = "null";

/// Every bucket of one backend.
#[derive(Debug, Default)]
pub struct Store {
    buckets: Mutex<BTreeMap<String, Bucket>>,
}

impl Store {
    /// Forgets every bucket.
    pub fn reset(&self) {
        self.lock().clear();
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Bucket>> {
        // Every update leaves the map consistent, so a panic elsewhere does not matter.
        self.buckets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A bucket's versioning state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Versioning {
    /// Never turned on: a write replaces the key.
    Off,
    /// Every write adds a version.
    Enabled,
    /// Writes replace the `null` version and keep the others.
    Suspended,
}

impl Versioning {
    /// The status GetBucketVersioning reports (none for a bucket never versioned).
    pub(super) fn status(self) -> Option<&'static str> {
        match self {
            Versioning::Off => None,
            Versioning::Enabled => Some("Enabled"),
            Versioning::Suspended => Some("Suspended"),
        }
    }
}

/// A bucket.
#[derive(Debug, Clone)]
pub(super) struct Bucket {
    pub(super) region: String,
    pub(super) created: SystemTime,
    /// Every version of every key, oldest first: the last one is the latest.
    pub(super) keys: BTreeMap<String, Vec<Version>>,
    pub(super) versioning: Versioning,
    /// Multipart uploads in progress, by upload id.
    pub(super) uploads: BTreeMap<String, Upload>,
    pub(super) acl: Acl,
    /// Policy, CORS, lifecycle, encryption, website, public access block and tags.
    pub(super) settings: BucketSettings,
}

impl Bucket {
    /// A new, empty bucket.
    pub(super) fn new(region: String, created: SystemTime) -> Bucket {
        Bucket {
            region,
            created,
            keys: BTreeMap::new(),
            versioning: Versioning::Off,
            uploads: BTreeMap::new(),
            acl: Acl::private(),
            settings: BucketSettings::default(),
        }
    }

    /// Whether new writes get version ids of their own.
    pub(super) fn is_versioned(&self) -> bool {
        self.versioning == Versioning::Enabled
    }

    /// Whether the bucket holds nothing, not even an old version or a delete marker.
    pub(super) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The latest version of `key`, an object or a delete marker.
    pub(super) fn latest(&self, key: &str) -> Option<&Version> {
        self.keys.get(key).and_then(|versions| versions.last())
    }

    /// The current object of `key`: none when the latest version is a delete marker.
    pub(super) fn current(&self, key: &str) -> Option<&StoredObject> {
        self.latest(key).and_then(Version::object)
    }

    /// The version `version_id` of `key` (`null` names the version written without one).
    pub(super) fn version(&self, key: &str, version_id: &str) -> Option<&Version> {
        self.keys
            .get(key)?
            .iter()
            .find(|version| version.id() == version_id)
    }

    /// The object `version_id` of `key`, or its current object, to change.
    pub(super) fn object_mut(
        &mut self,
        key: &str,
        version_id: Option<&str>,
    ) -> Option<&mut StoredObject> {
        let versions = self.keys.get_mut(key)?;
        let version = match version_id {
            None => versions.last_mut(),
            Some(id) => versions.iter_mut().find(|version| version.id() == id),
        };
        match version {
            Some(Version::Object(object)) => Some(object),
            _ => None,
        }
    }

    /// Keys whose latest version is an object, in order, with that object.
    pub(super) fn current_objects(&self) -> impl Iterator<Item = (&String, &StoredObject)> {
        self.keys
            .iter()
            .filter_map(|(key, versions)| Some((key, versions.last()?.object()?)))
    }

    /// Stores `object` as the latest version of `key`. A version without an id (written
    /// while versioning is off or suspended) replaces the `null` version; one with an id
    /// is added to the others.
    pub(super) fn put(&mut self, key: String, object: StoredObject) {
        self.add_version(key, Version::Object(object));
    }

    /// Deletes `key` without naming a version: a bucket never versioned forgets it;
    /// otherwise a delete marker with `marker_id` (none while suspended) becomes its
    /// latest version.
    pub(super) fn delete(&mut self, key: &str, marker_id: Option<String>, now: SystemTime) {
        if self.versioning == Versioning::Off {
            self.keys.remove(key);
            return;
        }
        let marker = DeleteMarker {
            version_id: marker_id,
            last_modified: now,
        };
        self.add_version(key.to_owned(), Version::DeleteMarker(marker));
    }

    /// Removes one version of `key` for good; the one before it, if any, becomes the
    /// latest again. Answers the version removed.
    pub(super) fn remove_version(&mut self, key: &str, version_id: &str) -> Option<Version> {
        let versions = self.keys.get_mut(key)?;
        let index = versions
            .iter()
            .position(|version| version.id() == version_id)?;
        let removed = versions.remove(index);
        if versions.is_empty() {
            self.keys.remove(key);
        }
        Some(removed)
    }

    fn add_version(&mut self, key: String, version: Version) {
        let versions = self.keys.entry(key).or_default();
        if version.version_id().is_none() {
            versions.retain(|existing| existing.version_id().is_some());
        }
        versions.push(version);
    }
}

/// One version of a key.
#[derive(Debug, Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "nearly every version is an object; delete markers are few"
)]
pub(super) enum Version {
    Object(StoredObject),
    DeleteMarker(DeleteMarker),
}

impl Version {
    /// The version id, none for the `null` version.
    pub(super) fn version_id(&self) -> Option<&str> {
        match self {
            Version::Object(object) => object.version_id.as_deref(),
            Version::DeleteMarker(marker) => marker.version_id.as_deref(),
        }
    }

    /// The version id as S3 names it (`null` for the version written without one).
    pub(super) fn id(&self) -> &str {
        self.version_id().unwrap_or(NULL_VERSION)
    }

    /// The object, unless this version is a delete marker.
    pub(super) fn object(&self) -> Option<&StoredObject> {
        match self {
            Version::Object(object) => Some(object),
            Version::DeleteMarker(_) => None,
        }
    }

    /// When the version was written.
    pub(super) fn last_modified(&self) -> Option<SystemTime> {
        match self {
            Version::Object(object) => object.last_modified,
            Version::DeleteMarker(marker) => Some(marker.last_modified),
        }
    }
}

/// What deleting a key without naming a version leaves in a versioned bucket.
#[derive(Debug, Clone)]
pub(super) struct DeleteMarker {
    pub(super) version_id: Option<String>,
    pub(super) last_modified: SystemTime,
}

/// A multipart upload in progress.
#[derive(Debug, Clone)]
pub(super) struct Upload {
    pub(super) key: String,
    pub(super) initiated: SystemTime,
    /// What the finished object will say about itself (no body yet).
    pub(super) template: StoredObject,
    pub(super) parts: BTreeMap<i32, UploadedPart>,
}

/// One uploaded part.
#[derive(Debug, Clone)]
pub(super) struct UploadedPart {
    pub(super) body: Bytes,
    /// MD5 hex.
    pub(super) etag: String,
    pub(super) last_modified: SystemTime,
}

impl UploadedPart {
    /// A part holding `body`, its ETag computed.
    pub(super) fn new(body: Bytes, last_modified: SystemTime) -> UploadedPart {
        UploadedPart {
            etag: md5_hex(&body),
            body,
            last_modified,
        }
    }
}

/// How an object is encrypted at rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Encryption {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub(super) algorithm: String,
    pub(super) kms_key_id: Option<String>,
    pub(super) bucket_key_enabled: bool,
}

/// An object's bytes and what was said about it when it was written.
#[derive(Debug, Clone, Default)]
pub(super) struct StoredObject {
    pub(super) body: Bytes,
    /// The MD5 of the body, hex (the ETag without quotes).
    pub(super) etag: String,
    pub(super) last_modified: Option<SystemTime>,
    pub(super) content_type: Option<String>,
    pub(super) content_encoding: Option<String>,
    pub(super) content_disposition: Option<String>,
    pub(super) content_language: Option<String>,
    pub(super) cache_control: Option<String>,
    pub(super) expires: Option<SystemTime>,
    pub(super) metadata: BTreeMap<String, String>,
    /// `x-amz-checksum-*` values of the whole object, by algorithm name (`CRC32`, ...).
    pub(super) checksums: BTreeMap<String, String>,
    /// Object tags, in the order given.
    pub(super) tags: Vec<(String, String)>,
    /// The version id, in a versioned bucket.
    pub(super) version_id: Option<String>,
    /// The size of each part, for an object completed from a multipart upload.
    pub(super) part_sizes: Vec<u64>,
    pub(super) acl: Acl,
    /// None only for the template of an upload that has not said yet.
    pub(super) encryption: Option<Encryption>,
}

impl StoredObject {
    /// An object holding `body`, its ETag computed.
    pub(super) fn new(body: Bytes, last_modified: SystemTime) -> StoredObject {
        StoredObject {
            etag: md5_hex(&body),
            body,
            last_modified: Some(last_modified),
            ..StoredObject::default()
        }
    }

    /// The byte range (start, end exclusive) of part `number` (from 1), and the number of
    /// parts. An object not uploaded in parts is one part.
    pub(super) fn part_range(&self, number: i32) -> Option<(u64, u64)> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        if self.part_sizes.is_empty() {
            return (index == 0).then_some((0, self.body.len() as u64));
        }
        let start: u64 = self.part_sizes.iter().take(index).sum();
        let size = self.part_sizes.get(index)?;
        Some((start, start + size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(body: &'static [u8], version_id: Option<&str>) -> StoredObject {
        StoredObject {
            version_id: version_id.map(str::to_owned),
            ..StoredObject::new(Bytes::from_static(body), SystemTime::UNIX_EPOCH)
        }
    }

    fn bucket(versioning: Versioning) -> Bucket {
        let mut bucket = Bucket::new("us-east-1".into(), SystemTime::UNIX_EPOCH);
        bucket.versioning = versioning;
        bucket
    }

    fn ids(bucket: &Bucket, key: &str) -> Vec<String> {
        bucket.keys[key]
            .iter()
            .map(|version| version.id().to_owned())
            .collect()
    }

    #[test]
    fn versioned_puts_keep_history() {
        let mut bucket = bucket(Versioning::Enabled);
        bucket.put("k".into(), object(b"one", Some("v1")));
        bucket.put("k".into(), object(b"two", Some("v2")));
        assert_eq!(bucket.current("k").unwrap().body, "two");
        assert_eq!(
            bucket.version("k", "v1").unwrap().object().unwrap().body,
            "one"
        );
        assert!(bucket.version("k", "v3").is_none());
    }

    #[test]
    fn unversioned_writes_overwrite() {
        let mut bucket = bucket(Versioning::Off);
        bucket.put("plain".into(), object(b"1", None));
        bucket.put("plain".into(), object(b"2", None));
        assert_eq!(ids(&bucket, "plain"), ["null"]);
        assert_eq!(bucket.current("plain").unwrap().body, "2");
        bucket.delete("plain", None, SystemTime::UNIX_EPOCH);
        assert!(bucket.is_empty());
    }

    #[test]
    fn suspended_writes_replace_only_the_null_version() {
        let mut bucket = bucket(Versioning::Enabled);
        bucket.put("k".into(), object(b"1", Some("v1")));
        bucket.versioning = Versioning::Suspended;
        bucket.put("k".into(), object(b"2", None));
        bucket.put("k".into(), object(b"3", None));
        assert_eq!(ids(&bucket, "k"), ["v1", "null"]);
        assert_eq!(bucket.current("k").unwrap().body, "3");
        // A delete while suspended is a null delete marker, which replaces the null version.
        bucket.delete("k", None, SystemTime::UNIX_EPOCH);
        assert_eq!(ids(&bucket, "k"), ["v1", "null"]);
        assert!(bucket.current("k").is_none());
    }

    #[test]
    fn removing_a_delete_marker_restores_the_version_before_it() {
        let mut bucket = bucket(Versioning::Enabled);
        bucket.put("k".into(), object(b"1", Some("v1")));
        bucket.put("k".into(), object(b"2", Some("v2")));
        bucket.delete("k", Some("m1".into()), SystemTime::UNIX_EPOCH);
        assert!(bucket.current("k").is_none());
        assert!(bucket.current_objects().next().is_none());
        let removed = bucket.remove_version("k", "m1").unwrap();
        assert!(matches!(removed, Version::DeleteMarker(_)));
        assert_eq!(bucket.current("k").unwrap().body, "2");
        bucket.remove_version("k", "v2");
        bucket.remove_version("k", "v1");
        assert!(bucket.is_empty(), "the last version takes the key with it");
    }

    #[test]
    fn parts_are_ranges_of_the_body() {
        let mut multipart = object(b"aaaaabb", None);
        multipart.part_sizes = vec![5, 2];
        assert_eq!(multipart.part_range(1), Some((0, 5)));
        assert_eq!(multipart.part_range(2), Some((5, 7)));
        assert_eq!(multipart.part_range(3), None);
        assert_eq!(multipart.part_range(0), None);
        let single = object(b"abc", None);
        assert_eq!(single.part_range(1), Some((0, 3)));
        assert_eq!(single.part_range(2), None);
    }
}
