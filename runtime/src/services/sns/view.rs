//! SNS's topics (with the attributes GetTopicAttributes answers) and subscriptions (as
//! ListSubscriptions answers them) in the state view.

use std::collections::BTreeSet;

use serde_json::json;

use super::{SERVICE, SnsState};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every topic and subscription, in creation order.
pub(crate) fn view(state: &SnsState, reader: &StateReader<'_>) -> Kinds {
    let topics: Vec<(String, String)> = state
        .lock()
        .topics
        .iter()
        .map(|topic| (topic.arn.clone(), topic.region.clone()))
        .collect();
    let topic_items = topics
        .iter()
        .filter_map(|(arn, region)| {
            let answer = reader.call(
                &SERVICE,
                state,
                region,
                "GetTopicAttributes",
                json!({"TopicArn": arn}),
            )?;
            let attributes = answer
                .get("Attributes")
                .cloned()
                .unwrap_or_else(|| json!({}));
            Some(with_region(
                json!({"TopicArn": arn, "Attributes": attributes}),
                region,
            ))
        })
        .collect();
    let regions: BTreeSet<&String> = topics.iter().map(|(_, region)| region).collect();
    let subscriptions = regions
        .into_iter()
        .flat_map(|region| {
            let paging = ("NextToken", "NextToken");
            reader
                .every(
                    &SERVICE,
                    state,
                    region,
                    "ListSubscriptions",
                    json!({}),
                    "Subscriptions",
                    paging,
                )
                .into_iter()
                .map(|subscription| with_region(subscription, region))
        })
        .collect();
    let mut kinds = Kinds::new();
    insert(&mut kinds, "Topic", topic_items);
    insert(&mut kinds, "Subscription", subscriptions);
    kinds
}
