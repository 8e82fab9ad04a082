//! SNS's topics (with the attributes GetTopicAttributes answers) and subscriptions (as
//! ListSubscriptions answers them) in the state view.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{SERVICE, SnsState};
use crate::services::view::{Kinds, StateReader, in_region, insert, with_region};

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
    let mut subscriptions = Vec::new();
    for region in regions {
        let mut input = json!({});
        loop {
            let answer = reader.call(&SERVICE, state, region, "ListSubscriptions", input.clone());
            subscriptions.extend(in_region(answer.as_ref(), "Subscriptions", region));
            match answer.as_ref().and_then(|answer| answer.get("NextToken")) {
                Some(Value::String(token)) => input["NextToken"] = json!(token),
                _ => break,
            }
        }
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "Topic", topic_items);
    insert(&mut kinds, "Subscription", subscriptions);
    kinds
}
