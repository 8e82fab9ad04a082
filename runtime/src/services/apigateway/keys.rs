//! API keys and usage plans: CreateApiKey, GetApiKey(s), DeleteApiKey; CreateUsagePlan,
//! GetUsagePlan(s), DeleteUsagePlan; CreateUsagePlanKey, GetUsagePlanKeys,
//! DeleteUsagePlanKey.

use serde_json::{Map, Value, json};

use super::error;
use super::ids;
use super::input::{empty, flag, members, page, required, string_map, text};
use super::model::{ApiGatewayState, ApiKey, UsagePlan};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// The shortest value API Gateway accepts for an API key.
const KEY_VALUE_MIN: usize = 20;

/// An API key as GetApiKey answers it; its value only when asked for.
pub(super) fn describe_key(key: &ApiKey, include_value: bool) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(key.id));
    if include_value {
        out.insert("value".into(), json!(key.value));
    }
    if let Some(name) = &key.name {
        out.insert("name".into(), json!(name));
    }
    if let Some(customer) = &key.customer_id {
        out.insert("customerId".into(), json!(customer));
    }
    if let Some(description) = &key.description {
        out.insert("description".into(), json!(description));
    }
    out.insert("enabled".into(), json!(key.enabled));
    out.insert(
        "createdDate".into(),
        seconds_value(epoch_seconds(key.created)),
    );
    out.insert(
        "lastUpdatedDate".into(),
        seconds_value(epoch_seconds(key.updated)),
    );
    out.insert("stageKeys".into(), json!(key.stage_keys));
    if !key.tags.is_empty() {
        out.insert("tags".into(), json!(key.tags));
    }
    Value::Object(out)
}

/// CreateApiKey: the value given, or one drawn from the seeded source.
pub(super) fn create_api_key(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let given = text(input, "value");
    if given.is_some_and(|value| value.len() < KEY_VALUE_MIN) {
        return Err(error::bad_request(format!(
            "API Key value should be at least {KEY_VALUE_MIN} characters"
        )));
    }
    state.with_region(&context.route.region, |region| {
        if let Some(value) = given
            && region.api_keys.values().any(|key| key.value == value)
        {
            return Err(error::conflict("API Key already exists"));
        }
        let id = ids::resource_id(context.random);
        let value = given.map_or_else(|| ids::api_key_value(context.random), str::to_owned);
        let now = context.clock.now();
        let stage_keys = input
            .get("stageKeys")
            .and_then(Value::as_array)
            .map(|keys| {
                keys.iter()
                    .filter_map(|key| {
                        Some(format!(
                            "{}/{}",
                            text(key, "restApiId")?,
                            text(key, "stageName")?
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let key = ApiKey {
            id: id.clone(),
            value,
            name: text(input, "name").map(str::to_owned),
            description: text(input, "description").map(str::to_owned),
            enabled: flag(input, "enabled").unwrap_or(false),
            customer_id: text(input, "customerId").map(str::to_owned),
            stage_keys,
            tags: string_map(input.get("tags")),
            created: now,
            updated: now,
        };
        // CreateApiKey always answers the value.
        let answer = describe_key(&key, true);
        region.api_keys.insert(id, key);
        Ok(answer)
    })
}

/// GetApiKey.
pub(super) fn get_api_key(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let include_value = flag(input, "includeValue").unwrap_or(false);
    state.with_region(&context.route.region, |region| {
        region
            .api_keys
            .get(required(input, "apiKey"))
            .map(|key| describe_key(key, include_value))
            .ok_or_else(error::no_api_key)
    })
}

/// GetApiKeys: a page of the keys whose name starts with `nameQuery` (and of
/// `customerId`), by id.
pub(super) fn get_api_keys(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let include_values = flag(input, "includeValues").unwrap_or(false);
    let name_query = text(input, "nameQuery").unwrap_or_default();
    let customer = text(input, "customerId");
    let items = state.with_region(&context.route.region, |region| {
        region
            .api_keys
            .values()
            .filter(|key| {
                key.name
                    .as_deref()
                    .unwrap_or_default()
                    .starts_with(name_query)
                    && customer.is_none_or(|wanted| key.customer_id.as_deref() == Some(wanted))
            })
            .map(|key| (key.id.clone(), describe_key(key, include_values)))
            .collect()
    });
    page(input, items)
}

/// DeleteApiKey: the key, and its place in every usage plan.
pub(super) fn delete_api_key(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let id = required(&input.value, "apiKey");
    state.with_region(&context.route.region, |region| {
        region.api_keys.remove(id).ok_or_else(error::no_api_key)?;
        for plan in region.usage_plans.values_mut() {
            plan.keys.retain(|key| key != id);
        }
        Ok(empty())
    })
}

/// A usage plan as GetUsagePlan answers it.
pub(super) fn describe_plan(plan: &UsagePlan) -> Value {
    let mut out = plan.settings.clone();
    out.insert("id".into(), json!(plan.id));
    out.entry("apiStages").or_insert_with(|| json!([]));
    if !plan.tags.is_empty() {
        out.insert("tags".into(), json!(plan.tags));
    }
    Value::Object(out)
}

/// CreateUsagePlan.
pub(super) fn create_usage_plan(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let settings = members(
        input,
        &["name", "description", "apiStages", "throttle", "quota"],
    );
    state.with_region(&context.route.region, |region| {
        let unknown_stage = settings
            .get("apiStages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|stage| {
                let api = text(stage, "apiId").unwrap_or_default();
                let name = text(stage, "stage").unwrap_or_default();
                !region
                    .apis
                    .get(api)
                    .is_some_and(|api| api.stages.contains_key(name))
            });
        if let Some(stage) = unknown_stage {
            return Err(error::bad_request(format!(
                "Invalid stage identifier specified: {}:{}",
                text(stage, "apiId").unwrap_or_default(),
                text(stage, "stage").unwrap_or_default()
            )));
        }
        let plan = UsagePlan {
            id: ids::resource_id(context.random),
            settings,
            tags: string_map(input.get("tags")),
            keys: Vec::new(),
        };
        let answer = describe_plan(&plan);
        region.usage_plans.insert(plan.id.clone(), plan);
        Ok(answer)
    })
}

/// GetUsagePlan.
pub(super) fn get_usage_plan(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        region
            .usage_plans
            .get(required(&input.value, "usagePlanId"))
            .map(describe_plan)
            .ok_or_else(error::no_usage_plan)
    })
}

/// GetUsagePlans: a page of the plans (those holding `keyId`, when given), by id.
pub(super) fn get_usage_plans(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let key = text(input, "keyId");
    let items = state.with_region(&context.route.region, |region| {
        region
            .usage_plans
            .values()
            .filter(|plan| key.is_none_or(|key| plan.keys.iter().any(|held| held == key)))
            .map(|plan| (plan.id.clone(), describe_plan(plan)))
            .collect()
    });
    page(input, items)
}

/// DeleteUsagePlan.
pub(super) fn delete_usage_plan(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        region
            .usage_plans
            .remove(required(&input.value, "usagePlanId"))
            .map(|_| empty())
            .ok_or_else(error::no_usage_plan)
    })
}

fn describe_plan_key(key: &ApiKey) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(key.id));
    out.insert("type".into(), json!("API_KEY"));
    out.insert("value".into(), json!(key.value));
    if let Some(name) = &key.name {
        out.insert("name".into(), json!(name));
    }
    Value::Object(out)
}

/// CreateUsagePlanKey: puts an API key in a plan.
pub(super) fn create_usage_plan_key(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let key_id = required(input, "keyId");
    if required(input, "keyType") != "API_KEY" {
        return Err(error::bad_request("Invalid key type specified"));
    }
    state.with_region(&context.route.region, |region| {
        let key = region.api_keys.get(key_id).ok_or_else(error::no_api_key)?;
        let plan = region
            .usage_plans
            .get_mut(required(input, "usagePlanId"))
            .ok_or_else(error::no_usage_plan)?;
        if plan.keys.iter().any(|held| held == key_id) {
            return Err(error::conflict(format!(
                "Usage Plan {} cannot be added because API Key {key_id} cannot reference multiple Usage Plans with the same API Stage",
                plan.id
            )));
        }
        plan.keys.push(key_id.to_owned());
        Ok(describe_plan_key(key))
    })
}

/// GetUsagePlanKeys: a page of the plan's keys (named with the `nameQuery` prefix), by id.
pub(super) fn get_usage_plan_keys(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let name_query = text(input, "nameQuery").unwrap_or_default();
    let items = state.with_region(&context.route.region, |region| {
        let plan = region
            .usage_plans
            .get(required(input, "usagePlanId"))
            .ok_or_else(error::no_usage_plan)?;
        let mut items: Vec<(String, Value)> = plan
            .keys
            .iter()
            .filter_map(|id| region.api_keys.get(id))
            .filter(|key| {
                key.name
                    .as_deref()
                    .unwrap_or_default()
                    .starts_with(name_query)
            })
            .map(|key| (key.id.clone(), describe_plan_key(key)))
            .collect();
        items.sort_by(|left, right| left.0.cmp(&right.0));
        Ok(items)
    })?;
    page(input, items)
}

/// DeleteUsagePlanKey: takes an API key out of a plan.
pub(super) fn delete_usage_plan_key(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let key_id = required(input, "keyId");
    state.with_region(&context.route.region, |region| {
        let plan = region
            .usage_plans
            .get_mut(required(input, "usagePlanId"))
            .ok_or_else(error::no_usage_plan)?;
        let before = plan.keys.len();
        plan.keys.retain(|held| held != key_id);
        if plan.keys.len() == before {
            return Err(error::no_api_key());
        }
        Ok(empty())
    })
}
