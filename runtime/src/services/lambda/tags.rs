//! Tags of functions and event source mappings: TagResource, UntagResource, ListTags.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::error;
use super::functions::find_mut;
use super::input::{string_list, string_map, text};
use super::model::{LambdaState, Region};
use super::names;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The most tags a resource may have.
const TAGS_MAX: usize = 50;

/// Runs `work` on the tags of the resource `arn` names.
fn with_tags<R>(
    state: &LambdaState,
    context: &Context<'_>,
    arn: &str,
    work: impl FnOnce(&mut BTreeMap<String, String>) -> Result<R, ServiceError>,
) -> Result<R, ServiceError> {
    if !arn.starts_with("arn:") {
        return Err(error::validation(format!(
            "1 validation error detected: Value '{arn}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{{2}}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{{1}}:\\d{{12}}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|event-source-mapping:[0-9a-fA-F-]{{36}})"
        )));
    }
    if let Some((_, uuid)) = arn.split_once(":event-source-mapping:") {
        return state.with_region(&context.route.region, |region: &mut Region| {
            let mapping = region
                .event_source_mappings
                .get_mut(uuid)
                .ok_or_else(error::resource_not_found)?;
            work(&mut mapping.tags)
        });
    }
    let function = names::parse(arn, context.account_id)?;
    if function.qualifier.is_some() {
        return Err(error::invalid_parameter(
            "Tags on function aliases and versions are not supported. Please specify a function ARN.",
        ));
    }
    state.with_region(&context.route.region, |region| {
        work(&mut find_mut(region, &function, context)?.tags)
    })
}

/// TagResource: adds tags, replacing the values of keys already there.
pub(super) fn tag_resource(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let added = string_map(input.get("Tags"));
    with_tags(
        state,
        context,
        text(input, "Resource").unwrap_or_default(),
        |tags| {
            let mut merged = tags.clone();
            merged.extend(added);
            if merged.len() > TAGS_MAX {
                return Err(error::invalid_parameter(format!(
                    "A resource can have at most {TAGS_MAX} tags."
                )));
            }
            *tags = merged;
            Ok(Value::Object(Map::new()))
        },
    )
}

/// UntagResource.
pub(super) fn untag_resource(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let keys = string_list(input.get("TagKeys"));
    with_tags(
        state,
        context,
        text(input, "Resource").unwrap_or_default(),
        |tags| {
            tags.retain(|key, _| !keys.contains(key));
            Ok(Value::Object(Map::new()))
        },
    )
}

/// ListTags.
pub(super) fn list_tags(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    with_tags(
        state,
        context,
        text(&input.value, "Resource").unwrap_or_default(),
        |tags| Ok(json!({"Tags": tags})),
    )
}
