//! Tags of REST APIs, stages, API keys and usage plans, by ARN
//! (`arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod`): TagResource,
//! UntagResource, GetTags.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::error;
use super::input::{empty, required, string_map};
use super::model::{ApiGatewayState, Region};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// Runs `work` on the tags of the resource `arn` names.
fn with_tags<R>(
    state: &ApiGatewayState,
    arn: &str,
    work: impl FnOnce(&mut BTreeMap<String, String>) -> R,
) -> Result<R, ServiceError> {
    let invalid = || error::bad_request(format!("Invalid ARN specified in the request: {arn}"));
    let (region, path) = match arn.splitn(6, ':').collect::<Vec<_>>().as_slice() {
        ["arn", _, "apigateway", region, "", path] => (region.to_owned(), path.to_owned()),
        _ => return Err(invalid()),
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    state.with_region(region, |resources: &mut Region| {
        let tags = match segments.as_slice() {
            ["restapis", api] => resources.apis.get_mut(*api).map(|api| &mut api.tags),
            ["restapis", api, "stages", stage] => resources
                .apis
                .get_mut(*api)
                .and_then(|api| api.stages.get_mut(*stage))
                .map(|stage| &mut stage.tags),
            ["apikeys", key] => resources.api_keys.get_mut(*key).map(|key| &mut key.tags),
            ["usageplans", plan] => resources
                .usage_plans
                .get_mut(*plan)
                .map(|plan| &mut plan.tags),
            _ => return Err(invalid()),
        };
        let tags = tags.ok_or_else(|| {
            error::not_found(format!("Invalid resource identifier specified: {arn}"))
        })?;
        Ok(work(tags))
    })
}

/// TagResource: adds tags, replacing the values of keys already there.
pub(super) fn tag_resource(
    state: &ApiGatewayState,
    _context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let added = string_map(input.get("tags"));
    with_tags(state, required(input, "resourceArn"), |tags| {
        tags.extend(added);
        empty()
    })
}

/// UntagResource.
pub(super) fn untag_resource(
    state: &ApiGatewayState,
    _context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let keys: Vec<&str> = input
        .get("tagKeys")
        .and_then(Value::as_array)
        .map(|keys| keys.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    with_tags(state, required(input, "resourceArn"), |tags| {
        tags.retain(|key, _| !keys.contains(&key.as_str()));
        empty()
    })
}

/// GetTags.
pub(super) fn get_tags(
    state: &ApiGatewayState,
    _context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_tags(
        state,
        required(&input.value, "resourceArn"),
        |tags| json!({ "tags": tags }),
    )
}
