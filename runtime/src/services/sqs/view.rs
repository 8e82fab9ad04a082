//! SQS's queues in the state view: url, every attribute and the tags, as GetQueueUrl,
//! GetQueueAttributes and ListQueueTags answer them.

use serde_json::{Value, json};

use super::{SERVICE, SqsState};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every queue of every region, in name order.
pub(crate) fn view(state: &SqsState, reader: &StateReader<'_>) -> Kinds {
    let keys: Vec<(String, String)> = state.lock().keys().cloned().collect();
    let queues = keys
        .iter()
        .filter_map(|(region, name)| {
            let call = |operation: &str, input: Value| {
                reader.call(&SERVICE, state, region, operation, input)
            };
            let url = call("GetQueueUrl", json!({"QueueName": name}))?
                .get("QueueUrl")?
                .clone();
            let attributes = call(
                "GetQueueAttributes",
                json!({"QueueUrl": url, "AttributeNames": ["All"]}),
            )?;
            let tags = call("ListQueueTags", json!({"QueueUrl": url}))?;
            let mut queue = json!({
                "QueueName": name,
                "QueueUrl": url,
                "Attributes": attributes.get("Attributes").cloned().unwrap_or_else(|| json!({})),
            });
            if let Some(tags) = tags.get("Tags") {
                queue["Tags"] = tags.clone();
            }
            Some(with_region(queue, region))
        })
        .collect();
    let mut kinds = Kinds::new();
    insert(&mut kinds, "Queue", queues);
    kinds
}
