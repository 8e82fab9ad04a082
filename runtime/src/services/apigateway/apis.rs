//! REST APIs: CreateRestApi, GetRestApi, GetRestApis, UpdateRestApi, DeleteRestApi.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::error;
use super::ids;
use super::input::{
    Patch, empty, members, page, patches, required, string_map, text, unsupported_patch,
};
use super::model::{ApiGatewayState, Region, Resource, RestApi};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// The members of CreateRestApi kept as given.
const SETTINGS: &[&str] = &[
    "name",
    "description",
    "version",
    "binaryMediaTypes",
    "minimumCompressionSize",
    "apiKeySource",
    "endpointConfiguration",
    "policy",
    "disableExecuteApiEndpoint",
];

/// The tag whose value becomes a new API's id, as in Moto.
const CUSTOM_ID_TAG: &str = "_custom_id_";

/// Runs `work` on the API `id` of the request's region.
pub(super) fn with_api<R>(
    state: &ApiGatewayState,
    context: &Context<'_>,
    id: &str,
    work: impl FnOnce(&mut RestApi) -> Result<R, ServiceError>,
) -> Result<R, ServiceError> {
    state.with_region(&context.route.region, |region| {
        let api = region
            .apis
            .get_mut(id)
            .ok_or_else(|| error::no_rest_api(context.account_id, id))?;
        work(api)
    })
}

/// An API as GetRestApi answers it.
pub(super) fn describe(api: &RestApi) -> Value {
    let mut out = api.settings.clone();
    out.insert("id".into(), json!(api.id));
    out.insert(
        "createdDate".into(),
        seconds_value(epoch_seconds(api.created)),
    );
    out.insert("rootResourceId".into(), json!(api.root_resource_id));
    if !api.tags.is_empty() {
        out.insert("tags".into(), json!(api.tags));
    }
    Value::Object(out)
}

/// CreateRestApi: a new API with its root resource `/`.
pub(super) fn create_rest_api(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    if text(input, "cloneFrom").is_some() {
        return Err(error::bad_request(
            "Cloning an API (cloneFrom) is not emulated",
        ));
    }
    let mut settings = members(input, SETTINGS);
    settings
        .entry("apiKeySource")
        .or_insert_with(|| json!("HEADER"));
    settings
        .entry("endpointConfiguration")
        .or_insert_with(|| json!({"types": ["EDGE"]}));
    settings
        .entry("disableExecuteApiEndpoint")
        .or_insert_with(|| json!(false));
    let tags = string_map(input.get("tags"));
    // Moto's way to choose an API's id (its `_custom_id_` tag), honoured so that a
    // fixture names the same API here and in Moto.
    let id = match tags.get(CUSTOM_ID_TAG) {
        Some(custom) => custom.clone(),
        None => ids::resource_id(context.random),
    };
    let root = ids::resource_id(context.random);
    let api = RestApi {
        id: id.clone(),
        settings,
        created: context.clock.now(),
        root_resource_id: root.clone(),
        tags,
        resources: BTreeMap::from([(
            root.clone(),
            Resource {
                id: root,
                parent_id: None,
                path_part: "/".into(),
                methods: BTreeMap::new(),
            },
        )]),
        deployments: BTreeMap::new(),
        stages: BTreeMap::new(),
        authorizers: BTreeMap::new(),
    };
    let answer = describe(&api);
    state.with_region(&context.route.region, |region: &mut Region| {
        if region.apis.contains_key(&id) {
            return Err(error::conflict(format!(
                "A REST API with the id {id} already exists"
            )));
        }
        region.apis.insert(id, api);
        Ok(answer)
    })
}

/// GetRestApi.
pub(super) fn get_rest_api(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_api(state, context, required(&input.value, "restApiId"), |api| {
        Ok(describe(api))
    })
}

/// GetRestApis: a page of the region's APIs, by id.
pub(super) fn get_rest_apis(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let items = state.with_region(&context.route.region, |region| {
        region
            .apis
            .values()
            .map(|api| (api.id.clone(), describe(api)))
            .collect()
    });
    page(&input.value, items)
}

/// DeleteRestApi.
pub(super) fn delete_rest_api(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let id = required(&input.value, "restApiId");
    state.with_region(&context.route.region, |region| {
        region
            .apis
            .remove(id)
            .map(|_| empty())
            .ok_or_else(|| error::no_rest_api(context.account_id, id))
    })
}

/// UpdateRestApi: applies the patch operations in order; one that cannot apply changes
/// nothing.
pub(super) fn update_rest_api(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let operations = patches(&input.value);
    with_api(state, context, required(&input.value, "restApiId"), |api| {
        let mut settings = api.settings.clone();
        for patch in &operations {
            apply(&mut settings, patch)?;
        }
        api.settings = settings;
        Ok(describe(api))
    })
}

/// One patch operation on an API's settings.
fn apply(settings: &mut Map<String, Value>, patch: &Patch) -> Result<(), ServiceError> {
    let value = patch.value.clone().unwrap_or_default();
    match (patch.op.as_str(), patch.path.as_str()) {
        ("replace", "/name" | "/description" | "/apiKeySource" | "/policy" | "/version") => {
            settings.insert(patch.path[1..].to_owned(), json!(value));
        }
        ("replace", "/disableExecuteApiEndpoint") => {
            settings.insert(
                "disableExecuteApiEndpoint".into(),
                json!(value.eq_ignore_ascii_case("true")),
            );
        }
        ("replace", "/minimumCompressionSize") => {
            let size = value
                .parse::<i64>()
                .map_err(|_| error::bad_request("Invalid minimum compression size"))?;
            settings.insert("minimumCompressionSize".into(), json!(size));
        }
        ("replace", path) if path.starts_with("/endpointConfiguration/types/") => {
            settings.insert("endpointConfiguration".into(), json!({"types": [value]}));
        }
        ("add" | "remove", path) if path.starts_with("/binaryMediaTypes/") => {
            // JSON Pointer escaping: `~1` is `/` (`image~1png` is `image/png`).
            let media_type = path["/binaryMediaTypes/".len()..]
                .replace("~1", "/")
                .replace("~0", "~");
            let types = settings
                .entry("binaryMediaTypes")
                .or_insert_with(|| json!([]));
            if let Value::Array(types) = types {
                types.retain(|known| known.as_str() != Some(media_type.as_str()));
                if patch.op == "add" {
                    types.push(json!(media_type));
                }
            }
        }
        ("remove", "/description" | "/policy") => {
            settings.remove(&patch.path[1..]);
        }
        _ => return Err(unsupported_patch(patch)),
    }
    Ok(())
}
