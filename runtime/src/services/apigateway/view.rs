//! API Gateway's resources in the state view, kinds named as Moto's data.json names them:
//! `RestAPI` (each with its `resources`, methods embedded), `Deployment` and `Stage` (with
//! their `restApiId`), `ApiKey` (never the value) and `UsagePlan`.

use serde_json::{Value, json};

use super::{ApiGatewayState, SERVICE};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every region's APIs, deployments, stages, API keys and usage plans.
pub(crate) fn view(state: &ApiGatewayState, reader: &StateReader<'_>) -> Kinds {
    let mut apis = Vec::new();
    let mut deployments = Vec::new();
    let mut stages = Vec::new();
    let mut keys = Vec::new();
    let mut plans = Vec::new();
    let paging = ("position", "position");
    for region in state.regions() {
        let every = |operation: &str, input: Value| {
            reader.every(&SERVICE, state, &region, operation, input, "items", paging)
        };
        for mut api in every("GetRestApis", json!({"limit": 500})) {
            let id = api.get("id").cloned().unwrap_or_default();
            let resources = every(
                "GetResources",
                json!({"restApiId": id, "limit": 500, "embed": ["methods"]}),
            );
            api["resources"] = Value::Array(resources);
            for mut deployment in every("GetDeployments", json!({"restApiId": id, "limit": 500})) {
                deployment["restApiId"] = id.clone();
                deployments.push(with_region(deployment, &region));
            }
            let listed = reader.call(
                &SERVICE,
                state,
                &region,
                "GetStages",
                json!({"restApiId": id}),
            );
            for mut stage in listed
                .and_then(|answer| answer.get("item").and_then(Value::as_array).cloned())
                .unwrap_or_default()
            {
                stage["restApiId"] = id.clone();
                stages.push(with_region(stage, &region));
            }
            apis.push(with_region(api, &region));
        }
        keys.extend(
            every("GetApiKeys", json!({"limit": 500}))
                .into_iter()
                .map(|key| with_region(key, &region)),
        );
        plans.extend(
            every("GetUsagePlans", json!({"limit": 500}))
                .into_iter()
                .map(|plan| with_region(plan, &region)),
        );
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "RestAPI", apis);
    insert(&mut kinds, "Deployment", deployments);
    insert(&mut kinds, "Stage", stages);
    insert(&mut kinds, "ApiKey", keys);
    insert(&mut kinds, "UsagePlan", plans);
    kinds
}
