//! Deployments and stages: CreateDeployment (with `stageName`, the stage too),
//! GetDeployment(s), DeleteDeployment; CreateStage, GetStage(s), UpdateStage, DeleteStage.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::apis::with_api;
use super::error;
use super::ids;
use super::input::{empty, flag, page, patches, required, string_map, text, unsupported_patch};
use super::model::{ApiGatewayState, Deployment, RestApi, Stage};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

fn describe_deployment(deployment: &Deployment) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(deployment.id));
    if let Some(description) = &deployment.description {
        out.insert("description".into(), json!(description));
    }
    out.insert(
        "createdDate".into(),
        seconds_value(epoch_seconds(deployment.created)),
    );
    Value::Object(out)
}

/// A stage as GetStage answers it.
pub(super) fn describe_stage(stage: &Stage) -> Value {
    let mut out = Map::new();
    out.insert("deploymentId".into(), json!(stage.deployment_id));
    out.insert("stageName".into(), json!(stage.name));
    if let Some(description) = &stage.description {
        out.insert("description".into(), json!(description));
    }
    out.insert(
        "cacheClusterEnabled".into(),
        json!(stage.cache_cluster_enabled),
    );
    out.insert(
        "cacheClusterStatus".into(),
        json!(if stage.cache_cluster_enabled {
            "AVAILABLE"
        } else {
            "NOT_AVAILABLE"
        }),
    );
    out.insert("methodSettings".into(), json!({}));
    if !stage.variables.is_empty() {
        out.insert("variables".into(), json!(stage.variables));
    }
    out.insert("tracingEnabled".into(), json!(stage.tracing_enabled));
    if !stage.tags.is_empty() {
        out.insert("tags".into(), json!(stage.tags));
    }
    out.insert(
        "createdDate".into(),
        seconds_value(epoch_seconds(stage.created)),
    );
    out.insert(
        "lastUpdatedDate".into(),
        seconds_value(epoch_seconds(stage.updated)),
    );
    Value::Object(out)
}

/// A new stage of `deployment_id`, as CreateStage and CreateDeployment make it.
fn new_stage(context: &Context<'_>, name: &str, deployment_id: &str, input: &Value) -> Stage {
    let now = context.clock.now();
    Stage {
        name: name.to_owned(),
        deployment_id: deployment_id.to_owned(),
        description: text(input, "description").map(str::to_owned),
        variables: string_map(input.get("variables")),
        cache_cluster_enabled: flag(input, "cacheClusterEnabled").unwrap_or(false),
        tracing_enabled: flag(input, "tracingEnabled").unwrap_or(false),
        tags: string_map(input.get("tags")),
        created: now,
        updated: now,
    }
}

/// An API can be deployed once it has a method, and every method has an integration.
fn check_deployable(api: &RestApi) -> Result<(), ServiceError> {
    let methods: Vec<_> = api
        .resources
        .values()
        .flat_map(|resource| resource.methods.values())
        .collect();
    if methods.is_empty() {
        return Err(error::bad_request(
            "The REST API doesn't contain any methods",
        ));
    }
    if methods.iter().any(|method| method.integration.is_none()) {
        return Err(error::bad_request("No integration defined for method"));
    }
    Ok(())
}

/// CreateDeployment: a snapshot of the API's resources; with `stageName`, the stage is
/// made (or moved to the new deployment).
pub(super) fn create_deployment(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        check_deployable(api)?;
        let id = ids::resource_id(context.random);
        let deployment = Deployment {
            id: id.clone(),
            description: text(input, "description").map(str::to_owned),
            created: context.clock.now(),
            resources: api.resources.clone(),
        };
        if let Some(stage_name) = text(input, "stageName").filter(|name| !name.is_empty()) {
            match api.stages.get_mut(stage_name) {
                Some(stage) => {
                    stage.deployment_id = id.clone();
                    stage.updated = context.clock.now();
                }
                None => {
                    let stage_input = json!({
                        "description": input.get("stageDescription"),
                        "variables": input.get("variables"),
                        "cacheClusterEnabled": input.get("cacheClusterEnabled"),
                        "tracingEnabled": input.get("tracingEnabled"),
                    });
                    let stage = new_stage(context, stage_name, &id, &stage_input);
                    api.stages.insert(stage_name.to_owned(), stage);
                }
            }
        }
        let answer = describe_deployment(&deployment);
        api.deployments.insert(id, deployment);
        Ok(answer)
    })
}

/// GetDeployment.
pub(super) fn get_deployment(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        api.deployments
            .get(required(input, "deploymentId"))
            .map(describe_deployment)
            .ok_or_else(error::no_deployment)
    })
}

/// GetDeployments: a page of the API's deployments, by id.
pub(super) fn get_deployments(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let items = with_api(state, context, required(input, "restApiId"), |api| {
        Ok(api
            .deployments
            .values()
            .map(|deployment| (deployment.id.clone(), describe_deployment(deployment)))
            .collect())
    })?;
    page(input, items)
}

/// DeleteDeployment: refused while a stage serves it.
pub(super) fn delete_deployment(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let id = required(input, "deploymentId");
    with_api(state, context, required(input, "restApiId"), |api| {
        if !api.deployments.contains_key(id) {
            return Err(error::no_deployment());
        }
        if api.stages.values().any(|stage| stage.deployment_id == id) {
            return Err(error::bad_request(
                "Active stages pointing to this deployment must be moved or deleted",
            ));
        }
        api.deployments.remove(id);
        Ok(empty())
    })
}

/// CreateStage: a stage of an existing deployment.
pub(super) fn create_stage(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let name = required(input, "stageName");
    let deployment_id = required(input, "deploymentId");
    with_api(state, context, required(input, "restApiId"), |api| {
        if !api.deployments.contains_key(deployment_id) {
            return Err(error::bad_request(
                "Invalid deployment identifier specified",
            ));
        }
        if api.stages.contains_key(name) {
            return Err(error::conflict("Stage already exists"));
        }
        let stage = new_stage(context, name, deployment_id, input);
        let answer = describe_stage(&stage);
        api.stages.insert(name.to_owned(), stage);
        Ok(answer)
    })
}

/// GetStage.
pub(super) fn get_stage(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        api.stages
            .get(required(input, "stageName"))
            .map(describe_stage)
            .ok_or_else(error::no_stage)
    })
}

/// GetStages: every stage, or those of `deploymentId`.
pub(super) fn get_stages(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let deployment = text(input, "deploymentId");
    with_api(state, context, required(input, "restApiId"), |api| {
        let stages: Vec<Value> = api
            .stages
            .values()
            .filter(|stage| deployment.is_none_or(|id| stage.deployment_id == id))
            .map(describe_stage)
            .collect();
        Ok(json!({ "item": stages }))
    })
}

/// UpdateStage: description, deployment, variables, tracing, cache cluster.
pub(super) fn update_stage(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let operations = patches(input);
    with_api(state, context, required(input, "restApiId"), |api| {
        let mut stage = api
            .stages
            .get(required(input, "stageName"))
            .cloned()
            .ok_or_else(error::no_stage)?;
        for patch in &operations {
            let value = patch.value.clone().unwrap_or_default();
            match (patch.op.as_str(), patch.path.as_str()) {
                ("replace", "/description") => stage.description = Some(value),
                ("replace", "/deploymentId") => {
                    if !api.deployments.contains_key(&value) {
                        return Err(error::bad_request(
                            "Invalid deployment identifier specified",
                        ));
                    }
                    stage.deployment_id = value;
                }
                ("replace", "/tracingEnabled") => {
                    stage.tracing_enabled = value.eq_ignore_ascii_case("true");
                }
                ("replace", "/cacheClusterEnabled") => {
                    stage.cache_cluster_enabled = value.eq_ignore_ascii_case("true");
                }
                ("add" | "replace", path) if path.starts_with("/variables/") => {
                    stage
                        .variables
                        .insert(path["/variables/".len()..].to_owned(), value);
                }
                ("remove", path) if path.starts_with("/variables/") => {
                    stage.variables.remove(&path["/variables/".len()..]);
                }
                _ => return Err(unsupported_patch(patch)),
            }
        }
        stage.updated = context.clock.now();
        let answer = describe_stage(&stage);
        api.stages.insert(stage.name.clone(), stage);
        Ok(answer)
    })
}

/// DeleteStage.
pub(super) fn delete_stage(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        api.stages
            .remove(required(input, "stageName"))
            .map(|_| empty())
            .ok_or_else(error::no_stage)
    })
}

/// The stage `name` of `api` and the resources of the deployment it serves.
pub(super) fn deployed<'a>(
    api: &'a RestApi,
    name: &str,
) -> Option<(&'a Stage, &'a BTreeMap<String, super::model::Resource>)> {
    let stage = api.stages.get(name)?;
    let deployment = api.deployments.get(&stage.deployment_id)?;
    Some((stage, &deployment.resources))
}
