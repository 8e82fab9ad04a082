//! Authorizers, stored for methods to name: CreateAuthorizer, GetAuthorizer,
//! GetAuthorizers, DeleteAuthorizer. Invocations do not run them.

use serde_json::{Value, json};

use super::apis::with_api;
use super::error;
use super::ids;
use super::input::{empty, members, page, required, text};
use super::model::{ApiGatewayState, Authorizer};
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;

/// The members of CreateAuthorizer kept as given.
const SETTINGS: &[&str] = &[
    "name",
    "type",
    "providerARNs",
    "authType",
    "authorizerUri",
    "authorizerCredentials",
    "identitySource",
    "identityValidationExpression",
    "authorizerResultTtlInSeconds",
];

fn describe(authorizer: &Authorizer) -> Value {
    let mut out = authorizer.settings.clone();
    out.insert("id".into(), json!(authorizer.id));
    Value::Object(out)
}

/// CreateAuthorizer: Lambda authorizers need their function's URI, Cognito ones their
/// user pools.
pub(super) fn create_authorizer(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let kind = required(input, "type");
    if matches!(kind, "TOKEN" | "REQUEST") && text(input, "authorizerUri").is_none() {
        return Err(error::bad_request(
            "Invalid Authorizer URI specified: authorizerUri is required for authorizers of type TOKEN and REQUEST",
        ));
    }
    let has_pools = input
        .get("providerARNs")
        .and_then(Value::as_array)
        .is_some_and(|pools| !pools.is_empty());
    if kind == "COGNITO_USER_POOLS" && !has_pools {
        return Err(error::bad_request(
            "Invalid Provider ARNs specified: providerARNs is required for authorizers of type COGNITO_USER_POOLS",
        ));
    }
    let mut settings = members(input, SETTINGS);
    settings
        .entry("authorizerResultTtlInSeconds")
        .or_insert_with(|| json!(300));
    if kind == "TOKEN" {
        settings
            .entry("identitySource")
            .or_insert_with(|| json!("method.request.header.Authorization"));
    }
    with_api(state, context, required(input, "restApiId"), |api| {
        let authorizer = Authorizer {
            id: ids::resource_id(context.random),
            settings,
        };
        let answer = describe(&authorizer);
        api.authorizers.insert(authorizer.id.clone(), authorizer);
        Ok(answer)
    })
}

/// GetAuthorizer.
pub(super) fn get_authorizer(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        api.authorizers
            .get(required(input, "authorizerId"))
            .map(describe)
            .ok_or_else(error::no_authorizer)
    })
}

/// GetAuthorizers: a page of the API's authorizers, by id.
pub(super) fn get_authorizers(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let items = with_api(state, context, required(input, "restApiId"), |api| {
        Ok(api
            .authorizers
            .values()
            .map(|authorizer| (authorizer.id.clone(), describe(authorizer)))
            .collect())
    })?;
    page(input, items)
}

/// DeleteAuthorizer.
pub(super) fn delete_authorizer(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        api.authorizers
            .remove(required(input, "authorizerId"))
            .map(|_| empty())
            .ok_or_else(error::no_authorizer)
    })
}
