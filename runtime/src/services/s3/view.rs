//! S3's buckets and current objects in the state view, with the members ListBuckets and
//! ListObjectVersions use.

use serde_json::{Value, json};

use super::S3State;
use super::model::Versioning;
use crate::clock::format_rfc3339;
use crate::services::view::{Kinds, StateReader, insert};

/// Every bucket, and every object that is current (not old versions or delete markers).
pub(crate) fn view(state: &S3State, _reader: &StateReader<'_>) -> Kinds {
    let buckets = state.store.lock();
    let mut bucket_items = Vec::new();
    let mut key_items = Vec::new();
    for (name, bucket) in buckets.iter() {
        let versioning = match bucket.versioning {
            Versioning::Off => Value::Null,
            Versioning::Enabled => json!("Enabled"),
            Versioning::Suspended => json!("Suspended"),
        };
        let objects: Vec<Value> = bucket
            .current_objects()
            .map(|(key, object)| {
                let mut item = json!({
                    "Bucket": name,
                    "Key": key,
                    "Size": object.body.len(),
                    "ETag": format!("\"{}\"", object.etag),
                });
                if let Some(modified) = object.last_modified {
                    item["LastModified"] = json!(format_rfc3339(modified));
                }
                if let Some(kind) = &object.content_type {
                    item["ContentType"] = json!(kind);
                }
                if let Some(version) = &object.version_id {
                    item["VersionId"] = json!(version);
                }
                item
            })
            .collect();
        let mut item = json!({
            "Name": name,
            "Region": bucket.region,
            "CreationDate": format_rfc3339(bucket.created),
            "ObjectCount": objects.len(),
        });
        if !versioning.is_null() {
            item["Versioning"] = versioning;
        }
        bucket_items.push(item);
        key_items.extend(objects);
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "FakeBucket", bucket_items);
    insert(&mut kinds, "FakeKey", key_items);
    kinds
}
