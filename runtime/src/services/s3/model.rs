//! S3 state: buckets and their objects, with no HTTP. Bucket names are global to the
//! account (as in S3); each bucket remembers its region.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use bytes::Bytes;
use md5::{Digest as _, Md5};

/// Every bucket of one backend.
#[derive(Debug, Default)]
pub struct Store {
    buckets: Mutex<BTreeMap<String, Bucket>>,
}

/// A bucket.
#[derive(Debug, Clone)]
pub(super) struct Bucket {
    pub(super) region: String,
    pub(super) created: SystemTime,
    /// The current version of every key.
    pub(super) objects: BTreeMap<String, StoredObject>,
    /// Earlier versions of keys, oldest first (only while versioning is or was on).
    pub(super) history: BTreeMap<String, Vec<StoredObject>>,
    /// `Enabled` or `Suspended` once set; `None` for a bucket never versioned.
    pub(super) versioning: Option<String>,
    /// Multipart uploads in progress, by upload id.
    pub(super) uploads: BTreeMap<String, Upload>,
}

impl Bucket {
    /// A new, empty bucket.
    pub(super) fn new(region: String, created: SystemTime) -> Bucket {
        Bucket {
            region,
            created,
            objects: BTreeMap::new(),
            history: BTreeMap::new(),
            versioning: None,
            uploads: BTreeMap::new(),
        }
    }

    /// Whether new writes get version ids.
    pub(super) fn is_versioned(&self) -> bool {
        self.versioning.as_deref() == Some("Enabled")
    }

    /// Stores `object` as the current version of `key`, keeping the previous one in the
    /// history when the bucket is versioned.
    pub(super) fn put(&mut self, key: String, object: StoredObject) {
        if let Some(previous) = self.objects.remove(&key)
            && previous.version_id.is_some()
        {
            self.history.entry(key.clone()).or_default().push(previous);
        }
        self.objects.insert(key, object);
    }

    /// The version `version_id` of `key` (the current one when `None`).
    pub(super) fn version(&self, key: &str, version_id: Option<&str>) -> Option<&StoredObject> {
        let current = self.objects.get(key);
        match version_id {
            None => current,
            Some(id) => current
                .filter(|object| object.version_id.as_deref() == Some(id))
                .or_else(|| {
                    self.history
                        .get(key)?
                        .iter()
                        .find(|object| object.version_id.as_deref() == Some(id))
                }),
        }
    }
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

/// The ETag of a completed multipart upload: the MD5 of the parts' MD5s, then `-N`.
pub(super) fn multipart_etag(part_etags: &[&str]) -> String {
    let mut digests = Vec::with_capacity(part_etags.len() * 16);
    for etag in part_etags {
        for index in (0..etag.len()).step_by(2) {
            if let Some(byte) = etag
                .get(index..index + 2)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                digests.push(byte);
            }
        }
    }
    format!("{}-{}", md5_hex(&digests), part_etags.len())
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
    pub(super) metadata: BTreeMap<String, String>,
    /// `x-amz-checksum-*` values given on upload, by algorithm name (`CRC32`, ...).
    pub(super) checksums: BTreeMap<String, String>,
    /// Object tags, in the order given.
    pub(super) tags: Vec<(String, String)>,
    /// The version id, in a versioned bucket.
    pub(super) version_id: Option<String>,
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
}

/// The MD5 of `bytes`, lowercase hex.
pub(super) fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The `x-amz-checksum-*` algorithms, by the name S3 gives them.
pub(super) const CHECKSUM_ALGORITHMS: [&str; 5] =
    ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

/// The algorithms of `given` (name -> base64 digest) whose digest of `body` differs.
pub(super) fn mismatched_checksums<'a>(
    body: &[u8],
    given: &'a BTreeMap<String, String>,
) -> Vec<&'a str> {
    use s3s::crypto::{Checksum as _, Crc32, Crc32c, Crc64Nvme, Sha1, Sha256};
    let mut hasher = s3s::checksum::ChecksumHasher::default();
    for algorithm in given.keys() {
        match algorithm.as_str() {
            "CRC32" => hasher.crc32 = Some(Crc32::new()),
            "CRC32C" => hasher.crc32c = Some(Crc32c::new()),
            "CRC64NVME" => hasher.crc64nvme = Some(Crc64Nvme::new()),
            "SHA1" => hasher.sha1 = Some(Sha1::new()),
            "SHA256" => hasher.sha256 = Some(Sha256::new()),
            _ => {}
        }
    }
    hasher.update(body);
    let computed = hasher.finalize();
    given
        .iter()
        .filter(|(algorithm, digest)| {
            let actual = match algorithm.as_str() {
                "CRC32" => &computed.checksum_crc32,
                "CRC32C" => &computed.checksum_crc32c,
                "CRC64NVME" => &computed.checksum_crc64nvme,
                "SHA1" => &computed.checksum_sha1,
                "SHA256" => &computed.checksum_sha256,
                _ => return false,
            };
            actual.as_deref() != Some(digest.as_str())
        })
        .map(|(algorithm, _)| algorithm.as_str())
        .collect()
}

/// The MD5 of `bytes`, base64 (the form of `Content-MD5`).
pub(super) fn md5_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(Md5::digest(bytes))
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

/// One page of a listing.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Listing {
    /// Keys of the objects listed, in order.
    pub(super) keys: Vec<String>,
    /// Common prefixes (with a delimiter), in order.
    pub(super) common_prefixes: Vec<String>,
    /// The last key or prefix listed when the page is truncated.
    pub(super) next_marker: Option<String>,
}

/// Lists `keys` (sorted) as S3 does: those starting with `prefix` and after `start_after`,
/// rolled up into common prefixes at `delimiter`, at most `max_keys` entries (keys and
/// prefixes together).
pub(super) fn list<'a>(
    keys: impl Iterator<Item = &'a String>,
    prefix: &str,
    delimiter: Option<&str>,
    start_after: Option<&str>,
    max_keys: usize,
) -> Listing {
    let mut listing = Listing::default();
    let mut seen_prefixes = BTreeSet::new();
    let mut count = 0;
    for key in keys {
        if !key.starts_with(prefix) || start_after.is_some_and(|after| key.as_str() <= after) {
            continue;
        }
        let rolled_up = delimiter.filter(|d| !d.is_empty()).and_then(|delimiter| {
            key[prefix.len()..]
                .find(delimiter)
                .map(|at| key[..prefix.len() + at + delimiter.len()].to_owned())
        });
        if let Some(common) = &rolled_up {
            if seen_prefixes.contains(common) {
                continue;
            }
            // A prefix already handed out on an earlier page is not repeated.
            if start_after.is_some_and(|after| after.starts_with(common.as_str())) {
                continue;
            }
        }
        if count == max_keys {
            listing.next_marker = listing
                .keys
                .last()
                .into_iter()
                .chain(listing.common_prefixes.last())
                .max()
                .cloned();
            return listing;
        }
        count += 1;
        match rolled_up {
            Some(common) => {
                seen_prefixes.insert(common.clone());
                listing.common_prefixes.push(common);
            }
            None => listing.keys.push(key.clone()),
        }
    }
    listing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn lists_with_prefix_and_delimiter() {
        let all = keys(&[
            "a.txt",
            "photos/2024/1.jpg",
            "photos/2024/2.jpg",
            "photos/2025/1.jpg",
            "photos/top.jpg",
            "z",
        ]);
        let listing = list(all.iter(), "photos/", Some("/"), None, 1000);
        assert_eq!(listing.keys, ["photos/top.jpg"]);
        assert_eq!(listing.common_prefixes, ["photos/2024/", "photos/2025/"]);
        assert_eq!(listing.next_marker, None);
        let flat = list(all.iter(), "", None, None, 1000);
        assert_eq!(flat.keys.len(), 6);
    }

    #[test]
    fn pages_count_keys_and_prefixes_and_resume_after_the_marker() {
        let all = keys(&["a/1", "a/2", "b", "c/1", "d"]);
        let first = list(all.iter(), "", Some("/"), None, 2);
        assert_eq!(first.common_prefixes, ["a/"]);
        assert_eq!(first.keys, ["b"]);
        assert_eq!(first.next_marker.as_deref(), Some("b"));
        let second = list(all.iter(), "", Some("/"), first.next_marker.as_deref(), 2);
        assert_eq!(second.common_prefixes, ["c/"]);
        assert_eq!(second.keys, ["d"]);
        assert_eq!(second.next_marker, None);
        let after_prefix = list(all.iter(), "", Some("/"), Some("a/"), 10);
        assert_eq!(
            after_prefix.common_prefixes,
            ["c/"],
            "a/ is not handed out twice"
        );
    }

    #[test]
    fn multipart_etags_are_the_md5_of_the_part_md5s() {
        // Two parts "a" and "b": md5(md5("a") ++ md5("b")) + "-2".
        let etag = multipart_etag(&[&md5_hex(b"a"), &md5_hex(b"b")]);
        let mut joined = Vec::new();
        joined.extend_from_slice(&Md5::digest(b"a"));
        joined.extend_from_slice(&Md5::digest(b"b"));
        assert_eq!(etag, format!("{}-2", md5_hex(&joined)));
    }

    #[test]
    fn versioned_puts_keep_history() {
        let mut bucket = Bucket::new("us-east-1".into(), SystemTime::UNIX_EPOCH);
        let versioned = |body: &'static [u8], id: &str| StoredObject {
            version_id: Some(id.to_owned()),
            ..StoredObject::new(Bytes::from_static(body), SystemTime::UNIX_EPOCH)
        };
        bucket.put("k".into(), versioned(b"one", "v1"));
        bucket.put("k".into(), versioned(b"two", "v2"));
        assert_eq!(bucket.version("k", None).unwrap().body, "two");
        assert_eq!(bucket.version("k", Some("v1")).unwrap().body, "one");
        assert!(bucket.version("k", Some("v3")).is_none());
        bucket.put(
            "plain".into(),
            StoredObject::new(Bytes::from_static(b"1"), SystemTime::UNIX_EPOCH),
        );
        bucket.put(
            "plain".into(),
            StoredObject::new(Bytes::from_static(b"2"), SystemTime::UNIX_EPOCH),
        );
        assert!(
            !bucket.history.contains_key("plain"),
            "unversioned writes overwrite"
        );
    }

    #[test]
    fn checksums_are_verified_per_algorithm() {
        let mut given = BTreeMap::new();
        given.insert("CRC32".to_owned(), "DUoRhQ==".to_owned());
        given.insert(
            "SHA256".to_owned(),
            "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=".to_owned(),
        );
        assert!(mismatched_checksums(b"hello world", &given).is_empty());
        given.insert("CRC32C".to_owned(), "AAAAAA==".to_owned());
        assert_eq!(mismatched_checksums(b"hello world", &given), ["CRC32C"]);
    }

    #[test]
    fn etags_are_md5() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_base64(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    }
}
