//! Methods of resources and what answers them: PutMethod, GetMethod, UpdateMethod,
//! DeleteMethod; method responses; integrations and integration responses.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::apis::with_api;
use super::error;
use super::input::{empty, members, object, patches, required, text, unsupported_patch};
use super::model::{
    ApiGatewayState, Integration, IntegrationResponse, Method, MethodResponse, RestApi,
};
use super::resources::resource_mut;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The members of PutMethod kept as given.
const METHOD_SETTINGS: &[&str] = &[
    "authorizationType",
    "authorizerId",
    "apiKeyRequired",
    "operationName",
    "requestParameters",
    "requestModels",
    "requestValidatorId",
    "authorizationScopes",
];

/// The members of PutIntegration kept as given (besides type, method and URI).
const INTEGRATION_SETTINGS: &[&str] = &[
    "connectionType",
    "connectionId",
    "credentials",
    "requestParameters",
    "requestTemplates",
    "passthroughBehavior",
    "cacheNamespace",
    "cacheKeyParameters",
    "contentHandling",
    "timeoutInMillis",
    "tlsConfig",
];

/// A method as GetMethod answers it, with its responses and integration.
pub(super) fn describe_method(method: &Method) -> Value {
    let mut out = method.settings.clone();
    out.insert("httpMethod".into(), json!(method.http_method));
    if !method.responses.is_empty() {
        let responses: Map<String, Value> = method
            .responses
            .iter()
            .map(|(code, response)| (code.clone(), describe_method_response(code, response)))
            .collect();
        out.insert("methodResponses".into(), Value::Object(responses));
    }
    if let Some(integration) = &method.integration {
        out.insert(
            "methodIntegration".into(),
            describe_integration(integration),
        );
    }
    Value::Object(out)
}

fn describe_method_response(code: &str, response: &MethodResponse) -> Value {
    let mut out = Map::new();
    out.insert("statusCode".into(), json!(code));
    if !response.response_parameters.is_empty() {
        out.insert(
            "responseParameters".into(),
            Value::Object(response.response_parameters.clone()),
        );
    }
    if !response.response_models.is_empty() {
        out.insert(
            "responseModels".into(),
            Value::Object(response.response_models.clone()),
        );
    }
    Value::Object(out)
}

fn describe_integration(integration: &Integration) -> Value {
    let mut out = integration.settings.clone();
    out.insert("type".into(), json!(integration.kind));
    if let Some(method) = &integration.http_method {
        out.insert("httpMethod".into(), json!(method));
    }
    if let Some(uri) = &integration.uri {
        out.insert("uri".into(), json!(uri));
    }
    if !integration.responses.is_empty() {
        let responses: Map<String, Value> = integration
            .responses
            .iter()
            .map(|(code, response)| (code.clone(), describe_integration_response(response)))
            .collect();
        out.insert("integrationResponses".into(), Value::Object(responses));
    }
    Value::Object(out)
}

fn describe_integration_response(response: &IntegrationResponse) -> Value {
    let mut out = Map::new();
    out.insert("statusCode".into(), json!(response.status_code));
    if let Some(pattern) = &response.selection_pattern {
        out.insert("selectionPattern".into(), json!(pattern));
    }
    if !response.response_templates.is_empty() {
        out.insert(
            "responseTemplates".into(),
            Value::Object(response.response_templates.clone()),
        );
    }
    if !response.response_parameters.is_empty() {
        out.insert(
            "responseParameters".into(),
            Value::Object(response.response_parameters.clone()),
        );
    }
    if let Some(handling) = &response.content_handling {
        out.insert("contentHandling".into(), json!(handling));
    }
    Value::Object(out)
}

/// Runs `work` on the method the request names (`restApiId`, `resourceId`, `httpMethod`).
fn with_method<R>(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: &Value,
    work: impl FnOnce(&mut Method) -> Result<R, ServiceError>,
) -> Result<R, ServiceError> {
    with_api(state, context, required(input, "restApiId"), |api| {
        let resource = resource_mut(api, required(input, "resourceId"))?;
        let method = resource
            .methods
            .get_mut(required(input, "httpMethod"))
            .ok_or_else(error::no_method)?;
        work(method)
    })
}

/// The authorizer a method names must exist when its authorization type needs one.
fn check_authorizer(api: &RestApi, settings: &Map<String, Value>) -> Result<(), ServiceError> {
    let kind = settings
        .get("authorizationType")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if matches!(kind, "CUSTOM" | "COGNITO_USER_POOLS") {
        let known = settings
            .get("authorizerId")
            .and_then(Value::as_str)
            .is_some_and(|id| api.authorizers.contains_key(id));
        if !known {
            return Err(error::bad_request(format!(
                "Invalid authorizer ID specified. Setting the authorization type to {kind} requires a valid authorizer."
            )));
        }
    }
    Ok(())
}

/// PutMethod: a new method on a resource.
pub(super) fn put_method(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let http_method = required(input, "httpMethod");
    let mut settings = members(input, METHOD_SETTINGS);
    settings
        .entry("apiKeyRequired")
        .or_insert_with(|| json!(false));
    with_api(state, context, required(input, "restApiId"), |api| {
        check_authorizer(api, &settings)?;
        let resource = resource_mut(api, required(input, "resourceId"))?;
        if resource.methods.contains_key(http_method) {
            return Err(error::conflict("Method already exists for this resource"));
        }
        let method = Method {
            http_method: http_method.to_owned(),
            settings,
            responses: BTreeMap::new(),
            integration: None,
        };
        let answer = describe_method(&method);
        resource.methods.insert(http_method.to_owned(), method);
        Ok(answer)
    })
}

/// GetMethod.
pub(super) fn get_method(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_method(state, context, &input.value, |method| {
        Ok(describe_method(method))
    })
}

/// UpdateMethod: authorization, API key requirement, operation name, request parameters.
pub(super) fn update_method(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let operations = patches(input);
    with_api(state, context, required(input, "restApiId"), |api| {
        let http_method = required(input, "httpMethod");
        let resource_id = required(input, "resourceId");
        let mut settings = api
            .resources
            .get(resource_id)
            .ok_or_else(error::no_resource)?
            .methods
            .get(http_method)
            .ok_or_else(error::no_method)?
            .settings
            .clone();
        for patch in &operations {
            let value = patch.value.clone().unwrap_or_default();
            match (patch.op.as_str(), patch.path.as_str()) {
                (
                    "replace",
                    "/authorizationType"
                    | "/authorizerId"
                    | "/operationName"
                    | "/requestValidatorId",
                ) => {
                    settings.insert(patch.path[1..].to_owned(), json!(value));
                }
                ("replace", "/apiKeyRequired") => {
                    settings.insert(
                        "apiKeyRequired".into(),
                        json!(value.eq_ignore_ascii_case("true")),
                    );
                }
                ("add" | "replace" | "remove", path) if path.starts_with("/requestParameters/") => {
                    let name = path["/requestParameters/".len()..].to_owned();
                    let parameters = settings
                        .entry("requestParameters")
                        .or_insert_with(|| json!({}));
                    if let Value::Object(parameters) = parameters {
                        if patch.op == "remove" {
                            parameters.remove(&name);
                        } else {
                            parameters.insert(name, json!(value.eq_ignore_ascii_case("true")));
                        }
                    }
                }
                _ => return Err(unsupported_patch(patch)),
            }
        }
        check_authorizer(api, &settings)?;
        let method = resource_mut(api, resource_id)?
            .methods
            .get_mut(http_method)
            .ok_or_else(error::no_method)?;
        method.settings = settings;
        Ok(describe_method(method))
    })
}

/// DeleteMethod.
pub(super) fn delete_method(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    with_api(state, context, required(input, "restApiId"), |api| {
        resource_mut(api, required(input, "resourceId"))?
            .methods
            .remove(required(input, "httpMethod"))
            .map(|_| empty())
            .ok_or_else(error::no_method)
    })
}

/// PutMethodResponse: declares (or redeclares) a status the method answers.
pub(super) fn put_method_response(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let code = required(input, "statusCode");
    let response = MethodResponse {
        response_parameters: object(input, "responseParameters"),
        response_models: object(input, "responseModels"),
    };
    with_method(state, context, input, |method| {
        let answer = describe_method_response(code, &response);
        method.responses.insert(code.to_owned(), response);
        Ok(answer)
    })
}

/// GetMethodResponse.
pub(super) fn get_method_response(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let code = required(&input.value, "statusCode");
    with_method(state, context, &input.value, |method| {
        method
            .responses
            .get(code)
            .map(|response| describe_method_response(code, response))
            .ok_or_else(error::no_response)
    })
}

/// DeleteMethodResponse.
pub(super) fn delete_method_response(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let code = required(&input.value, "statusCode");
    with_method(state, context, &input.value, |method| {
        method
            .responses
            .remove(code)
            .map(|_| empty())
            .ok_or_else(error::no_response)
    })
}

/// Whether `uri` is an absolute http(s) URL with a host.
fn is_http_url(uri: &str) -> bool {
    // Path variables (`{proxy}`) are not URI characters: check the URL without them.
    uri.replace(['{', '}'], "")
        .parse::<http::Uri>()
        .is_ok_and(|parsed| {
            matches!(parsed.scheme_str(), Some("http" | "https"))
                && parsed.host().is_some_and(|host| !host.is_empty())
        })
}

/// Whether `uri` is an API Gateway service ARN,
/// `arn:aws:apigateway:{region}:{service}:{path|action}/...`.
fn is_service_arn(uri: &str) -> bool {
    let parts: Vec<&str> = uri.splitn(6, ':').collect();
    matches!(
        parts.as_slice(),
        [arn, partition, "apigateway", region, service, rest]
            if *arn == "arn"
                && partition.starts_with("aws")
                && !region.is_empty()
                && !service.is_empty()
                && (rest.starts_with("path/") || rest.starts_with("action/"))
    )
}

/// The URI and HTTP method rules PutIntegration enforces for each integration type.
fn check_integration(
    kind: &str,
    http_method: Option<&str>,
    uri: Option<&str>,
) -> Result<(), ServiceError> {
    if kind == "MOCK" {
        return Ok(());
    }
    if http_method.is_none_or(str::is_empty) {
        return Err(error::bad_request(
            "Enumeration value for HttpMethod must be non-empty",
        ));
    }
    let uri = uri.unwrap_or_default();
    match kind {
        "HTTP" | "HTTP_PROXY" if !is_http_url(uri) => Err(error::bad_request(
            "Invalid HTTP endpoint specified for URI",
        )),
        "AWS" | "AWS_PROXY" if !uri.starts_with("arn:") => {
            Err(error::bad_request("Invalid ARN specified in the request"))
        }
        "AWS" | "AWS_PROXY" if !is_service_arn(uri) => Err(error::bad_request(
            "AWS ARN for integration must contain path or action",
        )),
        "AWS_PROXY" if !uri.contains(":lambda:path/") && !uri.contains(":firehose:") => {
            Err(error::bad_request(
                "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
            ))
        }
        _ => Ok(()),
    }
}

/// PutIntegration: sets (or replaces) the method's integration.
pub(super) fn put_integration(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let kind = required(input, "type");
    let http_method = text(input, "integrationHttpMethod");
    let uri = text(input, "uri");
    check_integration(kind, http_method, uri)?;
    let resource_id = required(input, "resourceId");
    let mut settings = members(input, INTEGRATION_SETTINGS);
    settings
        .entry("passthroughBehavior")
        .or_insert_with(|| json!("WHEN_NO_MATCH"));
    settings
        .entry("timeoutInMillis")
        .or_insert_with(|| json!(29000));
    settings
        .entry("cacheNamespace")
        .or_insert_with(|| json!(resource_id));
    settings
        .entry("cacheKeyParameters")
        .or_insert_with(|| json!([]));
    if kind != "MOCK" {
        settings
            .entry("connectionType")
            .or_insert_with(|| json!("INTERNET"));
    }
    let integration = Integration {
        kind: kind.to_owned(),
        http_method: (kind != "MOCK")
            .then(|| http_method.map(str::to_owned))
            .flatten(),
        uri: uri.map(str::to_owned),
        settings,
        responses: BTreeMap::new(),
    };
    with_method(state, context, input, |method| {
        let answer = describe_integration(&integration);
        method.integration = Some(integration);
        Ok(answer)
    })
}

/// Runs `work` on the integration of the method the request names.
fn with_integration<R>(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: &Value,
    work: impl FnOnce(&mut Integration) -> Result<R, ServiceError>,
) -> Result<R, ServiceError> {
    with_method(state, context, input, |method| {
        work(
            method
                .integration
                .as_mut()
                .ok_or_else(error::no_integration)?,
        )
    })
}

/// GetIntegration.
pub(super) fn get_integration(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_integration(state, context, &input.value, |integration| {
        Ok(describe_integration(integration))
    })
}

/// DeleteIntegration.
pub(super) fn delete_integration(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    with_method(state, context, &input.value, |method| {
        method
            .integration
            .take()
            .map(|_| empty())
            .ok_or_else(error::no_integration)
    })
}

/// PutIntegrationResponse.
pub(super) fn put_integration_response(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let code = required(input, "statusCode");
    let response = IntegrationResponse {
        status_code: code.to_owned(),
        // An empty pattern is the default response's: kept as no pattern.
        selection_pattern: text(input, "selectionPattern")
            .filter(|pattern| !pattern.is_empty())
            .map(str::to_owned),
        response_templates: object(input, "responseTemplates"),
        response_parameters: object(input, "responseParameters"),
        content_handling: text(input, "contentHandling").map(str::to_owned),
    };
    with_integration(state, context, input, |integration| {
        let answer = describe_integration_response(&response);
        integration.responses.insert(code.to_owned(), response);
        Ok(answer)
    })
}

/// GetIntegrationResponse.
pub(super) fn get_integration_response(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let code = required(&input.value, "statusCode");
    with_integration(state, context, &input.value, |integration| {
        integration
            .responses
            .get(code)
            .map(describe_integration_response)
            .ok_or_else(error::no_response)
    })
}

/// DeleteIntegrationResponse.
pub(super) fn delete_integration_response(
    state: &ApiGatewayState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let code = required(&input.value, "statusCode");
    with_integration(state, context, &input.value, |integration| {
        integration
            .responses
            .remove(code)
            .map(|_| empty())
            .ok_or_else(error::no_response)
    })
}

/// Whether the method needs an API key (for invocations).
pub(super) fn requires_api_key(method: &Method) -> bool {
    method
        .settings
        .get("apiKeyRequired")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrations_need_what_their_type_calls() {
        assert!(check_integration("MOCK", None, None).is_ok());
        let message = |result: Result<(), ServiceError>| result.unwrap_err().message;
        assert_eq!(
            message(check_integration("HTTP", None, Some("https://example.com"))),
            "Enumeration value for HttpMethod must be non-empty"
        );
        assert_eq!(
            message(check_integration("HTTP", Some("GET"), Some("example.com"))),
            "Invalid HTTP endpoint specified for URI"
        );
        assert_eq!(
            message(check_integration("AWS_PROXY", Some("POST"), Some("lambda"))),
            "Invalid ARN specified in the request"
        );
        assert_eq!(
            message(check_integration(
                "AWS",
                Some("POST"),
                Some("arn:aws:apigateway:us-east-1:sqs:queue")
            )),
            "AWS ARN for integration must contain path or action"
        );
        let lambda = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations";
        assert!(check_integration("AWS_PROXY", Some("POST"), Some(lambda)).is_ok());
        assert!(
            check_integration(
                "HTTP_PROXY",
                Some("ANY"),
                Some("http://example.com/{proxy}")
            )
            .is_ok()
        );
    }
}
