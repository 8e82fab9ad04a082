//! Resources, the path tree of an API: CreateResource, GetResource, GetResources,
//! UpdateResource, DeleteResource (with its children).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::apis::with_api;
use super::error;
use super::ids;
use super::input::{empty, page, patches, required, unsupported_patch};
use super::methods::describe_method;
use super::model::{ApiGatewayState, Resource, RestApi};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// Whether `part` is a path part API Gateway accepts: letters, digits, `._-:`, or a
/// variable `{name}` / greedy variable `{name+}`.
fn valid_path_part(part: &str) -> bool {
    let plain = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
    };
    match part
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
    {
        Some(name) => plain(name.strip_suffix('+').unwrap_or(name)),
        None => plain(part),
    }
}

/// Whether `part` is a variable (`{id}`, `{proxy+}`).
pub(super) fn is_variable(part: &str) -> bool {
    part.starts_with('{') && part.ends_with('}')
}

/// A resource as GetResource answers it: its methods named only, or in full when
/// `embed_methods`.
pub(super) fn describe_resource(
    resources: &BTreeMap<String, Resource>,
    resource: &Resource,
    embed_methods: bool,
) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(resource.id));
    if let Some(parent) = &resource.parent_id {
        out.insert("parentId".into(), json!(parent));
        out.insert("pathPart".into(), json!(resource.path_part));
    }
    out.insert(
        "path".into(),
        json!(RestApi::path_of(resources, &resource.id)),
    );
    if !resource.methods.is_empty() {
        let methods: Map<String, Value> = resource
            .methods
            .iter()
            .map(|(name, method)| {
                let body = if embed_methods {
                    describe_method(method)
                } else {
                    json!({})
                };
                (name.clone(), body)
            })
            .collect();
        out.insert("resourceMethods".into(), Value::Object(methods));
    }
    Value::Object(out)
}

/// Whether the request asks for methods embedded (`embed=methods`).
fn embeds_methods(input: &Value) -> bool {
    input
        .get("embed")
        .and_then(Value::as_array)
        .is_some_and(|embed| embed.iter().any(|item| item.as_str() == Some("methods")))
}

/// The resource `id` of `api`, to change.
pub(super) fn resource_mut<'a>(
    api: &'a mut RestApi,
    id: &str,
) -> Result<&'a mut Resource, ServiceError> {
    api.resources.get_mut(id).ok_or_else(error::no_resource)
}

/// CreateResource: a child of `parentId` named `pathPart`.
pub(super) fn create_resource(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let parent_id = required(input, "parentId");
    let path_part = required(input, "pathPart");
    with_api(state, context, required(input, "restApiId"), |api| {
        if !api.resources.contains_key(parent_id) {
            return Err(error::no_resource());
        }
        if !valid_path_part(path_part) {
            return Err(error::bad_request(
                "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
            ));
        }
        let siblings = || {
            api.resources
                .values()
                .filter(|resource| resource.parent_id.as_deref() == Some(parent_id))
        };
        if siblings().any(|sibling| sibling.path_part == path_part) {
            return Err(error::conflict(format!(
                "Another resource with the same parent already has this name: {path_part}"
            )));
        }
        if is_variable(path_part)
            && let Some(sibling) = siblings().find(|sibling| is_variable(&sibling.path_part))
        {
            return Err(error::bad_request(format!(
                "A sibling ({}) of this resource already has a variable path part -- only one is allowed",
                sibling.id
            )));
        }
        let id = ids::resource_id(context.random);
        let resource = Resource {
            id: id.clone(),
            parent_id: Some(parent_id.to_owned()),
            path_part: path_part.to_owned(),
            methods: BTreeMap::new(),
        };
        api.resources.insert(id.clone(), resource.clone());
        Ok(describe_resource(&api.resources, &resource, false))
    })
}

/// GetResource.
pub(super) fn get_resource(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        let resource = api
            .resources
            .get(required(input, "resourceId"))
            .ok_or_else(error::no_resource)?;
        Ok(describe_resource(
            &api.resources,
            resource,
            embeds_methods(input),
        ))
    })
}

/// GetResources: a page of the API's resources, by id.
pub(super) fn get_resources(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let embed = embeds_methods(input);
    let items = with_api(state, context, required(input, "restApiId"), |api| {
        Ok(api
            .resources
            .values()
            .map(|resource| {
                (
                    resource.id.clone(),
                    describe_resource(&api.resources, resource, embed),
                )
            })
            .collect())
    })?;
    page(input, items)
}

/// UpdateResource: a new path part or parent.
pub(super) fn update_resource(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let id = required(input, "resourceId");
    let operations = patches(input);
    with_api(state, context, required(input, "restApiId"), |api| {
        let mut resource = api
            .resources
            .get(id)
            .cloned()
            .ok_or_else(error::no_resource)?;
        for patch in &operations {
            let value = patch.value.clone().unwrap_or_default();
            match (patch.op.as_str(), patch.path.as_str()) {
                ("replace", "/pathPart") if resource.parent_id.is_some() => {
                    if !valid_path_part(&value) {
                        return Err(error::bad_request(
                            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
                        ));
                    }
                    resource.path_part = value;
                }
                ("replace", "/parentId") if resource.parent_id.is_some() => {
                    if !api.resources.contains_key(&value) || descends_from(api, &value, id) {
                        return Err(error::no_resource());
                    }
                    resource.parent_id = Some(value);
                }
                _ => return Err(unsupported_patch(patch)),
            }
        }
        api.resources.insert(id.to_owned(), resource.clone());
        Ok(describe_resource(&api.resources, &resource, false))
    })
}

/// Whether `candidate` is `ancestor` or one of its descendants.
fn descends_from(api: &RestApi, candidate: &str, ancestor: &str) -> bool {
    let mut current = Some(candidate.to_owned());
    for _ in 0..=api.resources.len() {
        match current {
            Some(ref id) if id == ancestor => return true,
            Some(ref id) => {
                current = api
                    .resources
                    .get(id)
                    .and_then(|resource| resource.parent_id.clone());
            }
            None => return false,
        }
    }
    false
}

/// DeleteResource: the resource and every resource under it. The root cannot go.
pub(super) fn delete_resource(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let id = required(input, "resourceId");
    with_api(state, context, required(input, "restApiId"), |api| {
        if !api.resources.contains_key(id) {
            return Err(error::no_resource());
        }
        if id == api.root_resource_id {
            return Err(error::bad_request("Cannot delete root resource"));
        }
        let doomed: Vec<String> = api
            .resources
            .keys()
            .filter(|candidate| descends_from(api, candidate, id))
            .cloned()
            .collect();
        for gone in doomed {
            api.resources.remove(&gone);
        }
        Ok(empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parts_are_plain_or_one_variable() {
        for part in ["orders", "v1.2", "a_b-c", "{id}", "{proxy+}", "x:y"] {
            assert!(valid_path_part(part), "{part}");
        }
        for part in ["", "a/b", "{}", "{id", "id}", "{a+b}", "a b", "{+}"] {
            assert!(!valid_path_part(part), "{part}");
        }
    }
}
