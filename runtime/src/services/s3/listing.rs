//! How S3 pages through keys: prefixes, delimiters rolling keys up into common prefixes,
//! markers and page sizes, for objects (ListObjects, ListObjectsV2) and for versions
//! (ListObjectVersions).

use std::collections::BTreeSet;

use super::model::Version;

/// One page of a listing of objects.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Listing {
    /// Keys of the objects listed, in order.
    pub(super) keys: Vec<String>,
    /// Common prefixes (with a delimiter), in order.
    pub(super) common_prefixes: Vec<String>,
    /// The last key or prefix listed when the page is truncated.
    pub(super) next_marker: Option<String>,
}

/// Where a key goes in a listing: skipped, listed, or rolled up into a common prefix.
enum Placement {
    Skip,
    Key,
    CommonPrefix(String),
}

/// Rolls keys up at a delimiter, each common prefix once, never one a marker is past.
struct Roller<'a> {
    prefix: &'a str,
    delimiter: Option<&'a str>,
    marker: Option<&'a str>,
    seen: BTreeSet<String>,
}

impl<'a> Roller<'a> {
    fn new(prefix: &'a str, delimiter: Option<&'a str>, marker: Option<&'a str>) -> Roller<'a> {
        Roller {
            prefix,
            delimiter: delimiter.filter(|delimiter| !delimiter.is_empty()),
            marker,
            seen: BTreeSet::new(),
        }
    }

    fn place(&mut self, key: &str) -> Placement {
        if !key.starts_with(self.prefix) {
            return Placement::Skip;
        }
        let Some(common) = common_prefix(key, self.prefix, self.delimiter) else {
            return Placement::Key;
        };
        // A prefix already handed out on an earlier page is not repeated.
        if self.seen.contains(common)
            || self.marker.is_some_and(|marker| marker.starts_with(common))
        {
            return Placement::Skip;
        }
        self.seen.insert(common.to_owned());
        Placement::CommonPrefix(common.to_owned())
    }
}

/// The common prefix `key` (which starts with `prefix`) rolls up into: up to and
/// including the first `delimiter` after the prefix.
pub(super) fn common_prefix<'k>(
    key: &'k str,
    prefix: &str,
    delimiter: Option<&str>,
) -> Option<&'k str> {
    let delimiter = delimiter.filter(|delimiter| !delimiter.is_empty())?;
    let rest = key.get(prefix.len()..)?;
    let at = rest.find(delimiter)?;
    key.get(..prefix.len() + at + delimiter.len())
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
    let mut roller = Roller::new(prefix, delimiter, start_after);
    let mut count = 0;
    for key in keys {
        if start_after.is_some_and(|after| key.as_str() <= after) {
            continue;
        }
        let placement = roller.place(key);
        if matches!(placement, Placement::Skip) {
            continue;
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
        match placement {
            Placement::CommonPrefix(common) => listing.common_prefixes.push(common),
            _ => listing.keys.push(key.clone()),
        }
    }
    listing
}

/// One version in a listing of versions.
#[derive(Debug)]
pub(super) struct ListedVersion<'a> {
    pub(super) key: &'a str,
    pub(super) version: &'a Version,
    /// Whether it is the key's latest version.
    pub(super) is_latest: bool,
}

/// One page of a listing of versions.
#[derive(Debug, Default)]
pub(super) struct VersionListing<'a> {
    /// Versions and delete markers, by key, newest first within a key.
    pub(super) versions: Vec<ListedVersion<'a>>,
    pub(super) common_prefixes: Vec<String>,
    /// When the page is truncated: the key (or common prefix) to resume after, and the
    /// version id to resume after within that key (none after a common prefix).
    pub(super) next: Option<(String, Option<String>)>,
}

/// Lists every version of `keys` (sorted, each with its versions oldest first) as
/// ListObjectVersions does: keys after `key_marker`, or, with `version_id_marker`, the
/// versions of `key_marker` older than that version and then the keys after it.
pub(super) fn list_versions<'a>(
    keys: impl Iterator<Item = (&'a String, &'a [Version])>,
    prefix: &str,
    delimiter: Option<&str>,
    key_marker: Option<&str>,
    version_id_marker: Option<&str>,
    max_keys: usize,
) -> VersionListing<'a> {
    let mut listing = VersionListing::default();
    let mut roller = Roller::new(prefix, delimiter, key_marker);
    let mut count = 0;
    for (key, versions) in keys {
        let resume_within = match key_marker {
            Some(marker) if key.as_str() < marker => continue,
            Some(marker) if key.as_str() == marker => match version_id_marker {
                Some(version_id) => Some(version_id),
                None => continue,
            },
            _ => None,
        };
        let placement = roller.place(key);
        if matches!(placement, Placement::Skip) {
            continue;
        }
        if let Placement::CommonPrefix(common) = placement {
            if count == max_keys {
                listing.next = next_marker(&listing);
                return listing;
            }
            count += 1;
            listing.common_prefixes.push(common);
            continue;
        }
        let mut newest_first = versions.iter().rev().enumerate();
        if let Some(marker) = resume_within {
            // Skip up to and including the marker's version.
            if !newest_first.any(|(_, version)| version.id() == marker) {
                continue;
            }
        }
        for (index, version) in newest_first {
            if count == max_keys {
                listing.next = next_marker(&listing);
                return listing;
            }
            count += 1;
            listing.versions.push(ListedVersion {
                key,
                version,
                is_latest: index == 0,
            });
        }
    }
    listing
}

/// Where the next page starts: after the last version or common prefix of this one,
/// whichever comes later.
fn next_marker(listing: &VersionListing<'_>) -> Option<(String, Option<String>)> {
    let last_version = listing
        .versions
        .last()
        .map(|listed| (listed.key.to_owned(), Some(listed.version.id().to_owned())));
    let last_prefix = listing
        .common_prefixes
        .last()
        .map(|prefix| (prefix.clone(), None));
    match (last_version, last_prefix) {
        (Some(version), Some(prefix)) => Some(if prefix.0 > version.0 {
            prefix
        } else {
            version
        }),
        (version, prefix) => version.or(prefix),
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use bytes::Bytes;

    use super::*;
    use crate::services::s3::model::{DeleteMarker, StoredObject};

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

    fn object(id: &str) -> Version {
        Version::Object(StoredObject {
            version_id: Some(id.to_owned()),
            ..StoredObject::new(Bytes::new(), SystemTime::UNIX_EPOCH)
        })
    }

    fn marker(id: &str) -> Version {
        Version::DeleteMarker(DeleteMarker {
            version_id: Some(id.to_owned()),
            last_modified: SystemTime::UNIX_EPOCH,
        })
    }

    fn listed(listing: &VersionListing<'_>) -> Vec<(String, String, bool)> {
        listing
            .versions
            .iter()
            .map(|listed| {
                (
                    listed.key.to_owned(),
                    listed.version.id().to_owned(),
                    listed.is_latest,
                )
            })
            .collect()
    }

    #[test]
    fn versions_are_listed_newest_first_and_paged_by_key_and_version() {
        let a = vec![object("a1"), object("a2"), marker("a3")];
        let b = vec![object("b1")];
        let (key_a, key_b) = ("a".to_owned(), "b".to_owned());
        let all = || [(&key_a, a.as_slice()), (&key_b, b.as_slice())].into_iter();
        let whole = list_versions(all(), "", None, None, None, 1000);
        assert_eq!(
            listed(&whole),
            [
                ("a".into(), "a3".into(), true),
                ("a".into(), "a2".into(), false),
                ("a".into(), "a1".into(), false),
                ("b".into(), "b1".into(), true),
            ]
        );
        assert!(whole.next.is_none());
        let first = list_versions(all(), "", None, None, None, 2);
        assert_eq!(first.next, Some(("a".into(), Some("a2".into()))));
        let second = list_versions(all(), "", None, Some("a"), Some("a2"), 2);
        assert_eq!(
            listed(&second),
            [
                ("a".into(), "a1".into(), false),
                ("b".into(), "b1".into(), true)
            ]
        );
        assert!(second.next.is_none());
        let after_a = list_versions(all(), "", None, Some("a"), None, 10);
        assert_eq!(listed(&after_a), [("b".into(), "b1".into(), true)]);
    }

    #[test]
    fn versions_roll_up_into_common_prefixes() {
        let one = vec![object("1")];
        let (nested, nested_too, top) = ("d/x".to_owned(), "d/y".to_owned(), "e".to_owned());
        let all = [
            (&nested, one.as_slice()),
            (&nested_too, one.as_slice()),
            (&top, one.as_slice()),
        ];
        let listing = list_versions(all.into_iter(), "", Some("/"), None, None, 1);
        assert_eq!(listing.common_prefixes, ["d/"]);
        assert!(listing.versions.is_empty());
        assert_eq!(listing.next, Some(("d/".into(), None)));
        let rest = list_versions(all.into_iter(), "", Some("/"), Some("d/"), None, 10);
        assert!(rest.common_prefixes.is_empty());
        assert_eq!(listed(&rest), [("e".into(), "1".into(), true)]);
    }
}
