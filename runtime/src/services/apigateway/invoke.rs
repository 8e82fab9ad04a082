//! Invoking a deployed stage, as clients call `https://{api}.execute-api.{region}.amazonaws.com/{stage}/{path}`
//! (or, without a Host of their own, `/restapis/{api}/{stage}/_user_request_/{path}`):
//! the stage's deployment picks the resource (literal segments before `{param}` before
//! `{proxy+}`) and the method (or `ANY`), then its integration answers.
//!
//! - `MOCK`: the request template's `statusCode` picks the integration response whose
//!   `selectionPattern` matches it (else the default one); its response template is the
//!   body, as written (templates are not evaluated as VTL).
//! - `AWS_PROXY` to Lambda: the function's registered Rust handler gets API Gateway's
//!   proxy event and answers `{statusCode, headers, body, isBase64Encoded}`.
//! - `HTTP`, `HTTP_PROXY` and other `AWS` integrations would reach the network, which the
//!   emulator never does: they answer 500 with a message that says so.
//!
//! Invocations read state and change none, so they are not recorded in fixtures (see
//! `crate::backend`).

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode};
use serde_json::{Map, Value, json};

use super::deployments::deployed;
use super::methods::requires_api_key;
use super::model::{ApiGatewayState, Integration, Method, Region, Resource, RestApi};
use super::resources::is_variable;
use crate::protocol::host::strip_port;
use crate::protocol::query::{decoded_pairs, percent_decode};
use crate::protocol::time::epoch_millis;
use crate::services::Context;

/// The path segment of the path form that separates the stage from the API's own path.
const USER_REQUEST: &str = "_user_request_";

/// A request to a deployed stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The REST API's id.
    pub api_id: String,
    /// The region the host names (the path form names none: the API is looked up in
    /// every region).
    pub region: Option<String>,
    /// The stage.
    pub stage: String,
    /// The path after the stage, from `/`.
    pub path: String,
}

/// The REST API id and region of an `execute-api` host
/// (`a1b2c3d4e5.execute-api.us-east-1.amazonaws.com`, a port ignored).
fn execute_api_host(host: &str) -> Option<(&str, &str)> {
    let name = strip_port(host);
    let name = name
        .strip_suffix(".amazonaws.com")
        .or_else(|| name.strip_suffix(".amazonaws.com.cn"))?;
    let mut labels = name.split('.');
    let (api, service, region) = (labels.next()?, labels.next()?, labels.next()?);
    (service == "execute-api" && labels.next().is_none() && !api.is_empty())
        .then_some((api, region))
}

/// The stage invocation `request` is, if it is one: a request to an `execute-api` host,
/// or the path form `/restapis/{api}/{stage}/_user_request_/{path}`.
pub fn target(request: &Request<Bytes>) -> Option<Target> {
    let path = request.uri().path();
    let host = request
        .headers()
        .get(http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if let Some((api, region)) = execute_api_host(host) {
        let rest = path.trim_start_matches('/');
        let (stage, after) = rest.split_once('/').unwrap_or((rest, ""));
        return Some(Target {
            api_id: api.to_owned(),
            region: Some(region.to_owned()),
            stage: stage.to_owned(),
            path: format!("/{after}"),
        });
    }
    let rest = path.strip_prefix("/restapis/")?;
    let mut parts = rest.splitn(4, '/');
    let (api, stage, marker) = (parts.next()?, parts.next()?, parts.next()?);
    (marker == USER_REQUEST).then(|| Target {
        api_id: api.to_owned(),
        region: None,
        stage: stage.to_owned(),
        path: format!("/{}", parts.next().unwrap_or_default()),
    })
}

/// An answer of the invoked API.
fn answer(status: StatusCode, headers: &[(String, String)], body: Bytes) -> Response<Bytes> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// API Gateway's own error answer (`{"message": ...}`), with its error type header.
fn gateway_error(
    context: &Context<'_>,
    status: StatusCode,
    error_type: &str,
    message: &str,
) -> Response<Bytes> {
    answer(
        status,
        &[
            ("content-type".into(), "application/json".into()),
            ("x-amzn-requestid".into(), context.request_id.to_owned()),
            ("x-amzn-errortype".into(), error_type.to_owned()),
        ],
        Bytes::from(json!({ "message": message }).to_string()),
    )
}

/// No resource or method at that path: what API Gateway answers any unknown route.
fn missing_token(context: &Context<'_>) -> Response<Bytes> {
    gateway_error(
        context,
        StatusCode::FORBIDDEN,
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
    )
}

fn forbidden(context: &Context<'_>) -> Response<Bytes> {
    gateway_error(
        context,
        StatusCode::FORBIDDEN,
        "ForbiddenException",
        "Forbidden",
    )
}

fn internal_error(context: &Context<'_>, status: StatusCode) -> Response<Bytes> {
    gateway_error(
        context,
        status,
        "InternalServerErrorException",
        "Internal server error",
    )
}

/// The resource of `resources` that `segments` reach from `id`, with the path
/// parameters it binds: literal children first, then a `{param}`, then a `{proxy+}`.
fn find_resource(
    resources: &BTreeMap<String, Resource>,
    id: &str,
    segments: &[&str],
    params: &mut BTreeMap<String, String>,
) -> Option<String> {
    let Some((first, rest)) = segments.split_first() else {
        return Some(id.to_owned());
    };
    let children: Vec<&Resource> = resources
        .values()
        .filter(|resource| resource.parent_id.as_deref() == Some(id))
        .collect();
    if let Some(child) = children
        .iter()
        .find(|child| !is_variable(&child.path_part) && child.path_part == *first)
        && let Some(found) = find_resource(resources, &child.id, rest, params)
    {
        return Some(found);
    }
    let variable = |greedy: bool| {
        children.iter().find(|child| {
            is_variable(&child.path_part) && child.path_part.ends_with("+}") == greedy
        })
    };
    if let Some(child) = variable(false) {
        let name = child.path_part[1..child.path_part.len() - 1].to_owned();
        let mut bound = params.clone();
        bound.insert(name, percent_decode_path(first));
        if let Some(found) = find_resource(resources, &child.id, rest, &mut bound) {
            *params = bound;
            return Some(found);
        }
    }
    let child = variable(true)?;
    let name = child.path_part[1..child.path_part.len() - 2].to_owned();
    let joined: Vec<String> = segments
        .iter()
        .map(|part| percent_decode_path(part))
        .collect();
    params.insert(name, joined.join("/"));
    Some(child.id.clone())
}

/// A path segment decoded (`+` stays a plus in paths).
fn percent_decode_path(segment: &str) -> String {
    percent_decode(&segment.replace('+', "%2B"))
}

/// The method of `resource` for `http_method`, else its `ANY`.
fn find_method<'a>(resource: &'a Resource, http_method: &str) -> Option<&'a Method> {
    resource
        .methods
        .get(http_method)
        .or_else(|| resource.methods.get("ANY"))
}

/// What an invocation needs from the state, copied out so no lock is held while a Lambda
/// handler runs.
struct Resolved {
    api_id: String,
    region: String,
    stage: String,
    variables: BTreeMap<String, String>,
    resource_id: String,
    resource_path: String,
    path_parameters: BTreeMap<String, String>,
    integration: Integration,
}

/// Whether `key` is an enabled API key in a usage plan of `api_id`'s `stage`.
fn key_allows(region: &Region, key: Option<&str>, api_id: &str, stage: &str) -> bool {
    let Some(key) = key else { return false };
    let Some(found) = region
        .api_keys
        .values()
        .find(|candidate| candidate.value == key && candidate.enabled)
    else {
        return false;
    };
    region.usage_plans.values().any(|plan| {
        plan.keys.contains(&found.id)
            && plan
                .settings
                .get("apiStages")
                .and_then(Value::as_array)
                .is_some_and(|stages| {
                    stages.iter().any(|entry| {
                        entry.get("apiId").and_then(Value::as_str) == Some(api_id)
                            && entry.get("stage").and_then(Value::as_str) == Some(stage)
                    })
                })
    })
}

/// Runs `target`, an invocation of a deployed stage.
pub async fn invoke(
    state: &ApiGatewayState,
    context: &Context<'_>,
    target: &Target,
    request: &Request<Bytes>,
) -> Response<Bytes> {
    let http_method = request.method().as_str().to_owned();
    let api_key = request
        .headers()
        .get("x-api-key")
        .and_then(|value| value.to_str().ok());
    let regions = match &target.region {
        Some(region) => vec![region.clone()],
        None => state.regions(),
    };
    let mut outcome = None;
    for region_name in regions {
        outcome = state.with_region(&region_name, |region| {
            let api: &RestApi = region.apis.get(&target.api_id)?;
            Some(resolve(
                region,
                api,
                &region_name,
                target,
                &http_method,
                api_key,
            ))
        });
        if outcome.is_some() {
            break;
        }
    }
    let resolved = match outcome {
        None | Some(Err(Refusal::Forbidden)) => return forbidden(context),
        Some(Err(Refusal::NoRoute)) => return missing_token(context),
        Some(Ok(resolved)) => resolved,
    };
    match resolved.integration.kind.as_str() {
        "MOCK" => mock(context, &resolved, request),
        "AWS_PROXY" => lambda_proxy(context, &resolved, request).await,
        kind => gateway_error(
            context,
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerErrorException",
            &format!(
                "moto-recorded does not call {kind} integrations: they would reach {} over the network, which the emulator never does. Use a MOCK integration, or AWS_PROXY to a Lambda function with a registered Rust handler.",
                resolved
                    .integration
                    .uri
                    .as_deref()
                    .unwrap_or("their backend")
            ),
        ),
    }
}

/// Why an invocation goes no further.
enum Refusal {
    /// No such stage, or an API key the method requires is missing or not allowed.
    Forbidden,
    /// No resource or method at that path.
    NoRoute,
}

fn resolve(
    region: &Region,
    api: &RestApi,
    region_name: &str,
    target: &Target,
    http_method: &str,
    api_key: Option<&str>,
) -> Result<Resolved, Refusal> {
    let (stage, resources) = deployed(api, &target.stage).ok_or(Refusal::Forbidden)?;
    let root = resources
        .values()
        .find(|resource| resource.parent_id.is_none())
        .ok_or(Refusal::NoRoute)?;
    let segments: Vec<&str> = target
        .path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let mut path_parameters = BTreeMap::new();
    let resource_id = find_resource(resources, &root.id, &segments, &mut path_parameters)
        .ok_or(Refusal::NoRoute)?;
    let resource = resources.get(&resource_id).ok_or(Refusal::NoRoute)?;
    let method = find_method(resource, http_method).ok_or(Refusal::NoRoute)?;
    if requires_api_key(method) && !key_allows(region, api_key, &api.id, &stage.name) {
        return Err(Refusal::Forbidden);
    }
    // A deployed method always has an integration (CreateDeployment checks it).
    let integration = method.integration.clone().ok_or(Refusal::NoRoute)?;
    Ok(Resolved {
        api_id: api.id.clone(),
        region: region_name.to_owned(),
        stage: stage.name.clone(),
        variables: stage.variables.clone(),
        resource_id,
        resource_path: RestApi::path_of(resources, &resource.id),
        path_parameters,
        integration,
    })
}

/// The template of `templates` for the request's content type, else the JSON one, else
/// the first.
fn template_for<'a>(
    templates: Option<&'a Map<String, Value>>,
    content_type: &str,
) -> Option<&'a str> {
    let templates = templates?;
    templates
        .get(content_type)
        .or_else(|| templates.get("application/json"))
        .or_else(|| templates.values().next())
        .and_then(Value::as_str)
}

/// A MOCK integration's answer.
fn mock(context: &Context<'_>, resolved: &Resolved, request: &Request<Bytes>) -> Response<Bytes> {
    let content_type = request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/json");
    let integration = &resolved.integration;
    let templates = integration
        .settings
        .get("requestTemplates")
        .and_then(Value::as_object);
    // Without a template a MOCK integration answers 200.
    let status = match template_for(templates, content_type) {
        None => "200".to_owned(),
        Some(template) => match serde_json::from_str::<Value>(template)
            .ok()
            .and_then(|value| value.get("statusCode").cloned())
        {
            Some(Value::Number(code)) => code.to_string(),
            Some(Value::String(code)) => code,
            _ => return internal_error(context, StatusCode::INTERNAL_SERVER_ERROR),
        },
    };
    let selected = integration
        .responses
        .values()
        .filter(|response| {
            response
                .selection_pattern
                .as_deref()
                .is_some_and(|pattern| !pattern.is_empty())
        })
        .find(|response| {
            let pattern = response.selection_pattern.as_deref().unwrap_or_default();
            regex_lite::Regex::new(&format!("^(?:{pattern})$"))
                .is_ok_and(|regex| regex.is_match(&status))
        })
        .or_else(|| {
            integration.responses.values().find(|response| {
                response
                    .selection_pattern
                    .as_deref()
                    .is_none_or(str::is_empty)
            })
        });
    let Some(selected) = selected else {
        return internal_error(context, StatusCode::INTERNAL_SERVER_ERROR);
    };
    let Ok(status) = selected.status_code.parse::<StatusCode>() else {
        return internal_error(context, StatusCode::INTERNAL_SERVER_ERROR);
    };
    let body = template_for(Some(&selected.response_templates), "application/json")
        .unwrap_or_default()
        .to_owned();
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("x-amzn-requestid".to_owned(), context.request_id.to_owned()),
    ];
    // Static header mappings (`'value'`) only: nothing else reaches a MOCK answer.
    for (target, source) in &selected.response_parameters {
        if let (Some(name), Some(value)) = (
            target.strip_prefix("method.response.header."),
            source
                .as_str()
                .and_then(|text| text.strip_prefix('\''))
                .and_then(|text| text.strip_suffix('\'')),
        ) {
            headers.retain(|(known, _)| !known.eq_ignore_ascii_case(name));
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    answer(status, &headers, Bytes::from(body))
}

/// The function ARN of a Lambda integration URI
/// (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`).
fn function_arn(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once(":lambda:path/")?;
    let rest = rest.split_once("/functions/")?.1;
    rest.strip_suffix("/invocations")
}

/// Values of each name, in order, and the last value of each name (API Gateway's single
/// value maps keep the last).
fn multi_and_single(pairs: Vec<(String, String)>) -> (Value, Value) {
    if pairs.is_empty() {
        return (Value::Null, Value::Null);
    }
    let mut multi: Map<String, Value> = Map::new();
    let mut single: Map<String, Value> = Map::new();
    for (name, value) in pairs {
        if let Value::Array(values) = multi.entry(name.clone()).or_insert_with(|| json!([])) {
            values.push(json!(value));
        }
        single.insert(name, json!(value));
    }
    (Value::Object(single), Value::Object(multi))
}

/// API Gateway's proxy event for a Lambda function (payload format 1.0).
fn proxy_event(context: &Context<'_>, resolved: &Resolved, request: &Request<Bytes>) -> Value {
    let header_pairs: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
        })
        .collect();
    let (headers, multi_headers) = multi_and_single(header_pairs);
    let query: Vec<(String, String)> =
        decoded_pairs(request.uri().query().unwrap_or_default()).collect();
    let (query_single, query_multi) = multi_and_single(query);
    let body = request.body();
    let (body, is_base64) = if body.is_empty() {
        (Value::Null, false)
    } else {
        match std::str::from_utf8(body) {
            Ok(text) => (json!(text), false),
            Err(_) => (json!(STANDARD.encode(body)), true),
        }
    };
    let optional_map = |map: &BTreeMap<String, String>| {
        if map.is_empty() {
            Value::Null
        } else {
            json!(map)
        }
    };
    let now = context.clock.now();
    let host = request
        .headers()
        .get(http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let path = request_path(resolved);
    json!({
        "resource": resolved.resource_path,
        "path": path,
        "httpMethod": request.method().as_str(),
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query_single,
        "multiValueQueryStringParameters": query_multi,
        "pathParameters": optional_map(&resolved.path_parameters),
        "stageVariables": optional_map(&resolved.variables),
        "requestContext": {
            "accountId": context.account_id,
            "apiId": resolved.api_id,
            "resourceId": resolved.resource_id,
            "resourcePath": resolved.resource_path,
            "stage": resolved.stage,
            "requestId": context.request_id,
            "extendedRequestId": context.request_id,
            "httpMethod": request.method().as_str(),
            "path": format!("/{}{}", resolved.stage, path),
            "protocol": "HTTP/1.1",
            "requestTime": crate::protocol::time::http_date(now),
            "requestTimeEpoch": u64::try_from(epoch_millis(now)).unwrap_or(u64::MAX),
            "domainName": host,
            "domainPrefix": resolved.api_id,
            "identity": {
                "sourceIp": "127.0.0.1",
                "userAgent": request.headers().get(http::header::USER_AGENT).and_then(|value| value.to_str().ok()),
            },
        },
        "body": body,
        "isBase64Encoded": is_base64,
    })
}

/// The path the resource matched, with its parameters filled in.
fn request_path(resolved: &Resolved) -> String {
    let mut path = resolved.resource_path.clone();
    for (name, value) in &resolved.path_parameters {
        path = path
            .replace(&format!("{{{name}+}}"), value)
            .replace(&format!("{{{name}}}"), value);
    }
    path
}

/// An AWS_PROXY integration with a Lambda function: its handler's answer, or 502 when
/// it fails or answers something that is not a proxy response.
async fn lambda_proxy(
    context: &Context<'_>,
    resolved: &Resolved,
    request: &Request<Bytes>,
) -> Response<Bytes> {
    let Some(function) = resolved.integration.uri.as_deref().and_then(function_arn) else {
        return internal_error(context, StatusCode::INTERNAL_SERVER_ERROR);
    };
    let event = proxy_event(context, resolved, request);
    let region = function
        .split(':')
        .nth(3)
        .filter(|region| !region.is_empty())
        .unwrap_or(&resolved.region)
        .to_owned();
    let response = crate::services::lambda::invoke_for(
        context.services.lambda(),
        context,
        &region,
        function,
        "RequestResponse",
        &event,
    )
    .await;
    if !response.status().is_success() {
        tracing::warn!(
            function,
            status = response.status().as_u16(),
            "API Gateway could not invoke its Lambda integration"
        );
        return internal_error(context, StatusCode::INTERNAL_SERVER_ERROR);
    }
    if response.headers().contains_key("x-amz-function-error") {
        tracing::warn!(
            function,
            payload = %String::from_utf8_lossy(response.body()),
            "the Lambda integration failed"
        );
        return internal_error(context, StatusCode::BAD_GATEWAY);
    }
    match proxy_response(response.body()) {
        Some(ProxyAnswer {
            status,
            mut headers,
            body,
        }) => {
            if !headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            {
                headers.push(("content-type".into(), "application/json".into()));
            }
            headers.push(("x-amzn-requestid".into(), context.request_id.to_owned()));
            answer(status, &headers, body)
        }
        None => {
            tracing::warn!(
                function,
                payload = %String::from_utf8_lossy(response.body()),
                "the Lambda integration answered something that is not a proxy response"
            );
            internal_error(context, StatusCode::BAD_GATEWAY)
        }
    }
}

/// What a Lambda proxy response asks API Gateway to answer.
#[derive(Debug)]
struct ProxyAnswer {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: Bytes,
}

/// A Lambda proxy response (`{statusCode, headers, multiValueHeaders, body,
/// isBase64Encoded}`) as status, headers and body; `None` when it is malformed.
fn proxy_response(payload: &[u8]) -> Option<ProxyAnswer> {
    let value: Value = serde_json::from_slice(payload).ok()?;
    let object = value.as_object()?;
    let status = match object.get("statusCode")? {
        Value::Number(number) => u16::try_from(number.as_u64()?).ok()?,
        Value::String(text) => text.parse().ok()?,
        _ => return None,
    };
    let status = StatusCode::from_u16(status).ok()?;
    let mut headers = Vec::new();
    match object.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (name, value) in map {
                headers.push((name.clone(), scalar_text(value)?));
            }
        }
        Some(_) => return None,
    }
    match object.get("multiValueHeaders") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (name, values) in map {
                for value in values.as_array()? {
                    headers.push((name.clone(), scalar_text(value)?));
                }
            }
        }
        Some(_) => return None,
    }
    let encoded = match object.get("isBase64Encoded") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => return None,
    };
    let body = match object.get("body") {
        None | Some(Value::Null) => Bytes::new(),
        Some(Value::String(text)) if encoded => Bytes::from(STANDARD.decode(text).ok()?),
        Some(Value::String(text)) => Bytes::from(text.clone()),
        Some(_) => return None,
    };
    Some(ProxyAnswer {
        status,
        headers,
        body,
    })
}

/// A header value of a proxy response: text, numbers and booleans as text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(host: &str, path: &str) -> Request<Bytes> {
        Request::builder()
            .uri(path)
            .header("host", host)
            .body(Bytes::new())
            .unwrap()
    }

    #[test]
    fn finds_the_stage_and_path_of_both_forms() {
        let hosted = target(&request(
            "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com:4566",
            "/prod/orders/42",
        ))
        .unwrap();
        assert_eq!(
            hosted,
            Target {
                api_id: "a1b2c3d4e5".into(),
                region: Some("eu-west-1".into()),
                stage: "prod".into(),
                path: "/orders/42".into(),
            }
        );
        let root = target(&request(
            "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
            "/prod",
        ))
        .unwrap();
        assert_eq!(root.path, "/");
        let path_form = target(&request(
            "127.0.0.1:5000",
            "/restapis/a1b2c3d4e5/prod/_user_request_/orders/42",
        ))
        .unwrap();
        assert_eq!(path_form.region, None);
        assert_eq!(path_form.path, "/orders/42");
        for (host, path) in [
            ("127.0.0.1:5000", "/restapis/a1b2c3d4e5/resources"),
            ("apigateway.us-east-1.amazonaws.com", "/restapis"),
            ("photos.s3.amazonaws.com", "/prod/x"),
        ] {
            assert_eq!(target(&request(host, path)), None, "{host}{path}");
        }
    }

    fn tree() -> BTreeMap<String, Resource> {
        let resource = |id: &str, parent: Option<&str>, part: &str| {
            (
                id.to_owned(),
                Resource {
                    id: id.into(),
                    parent_id: parent.map(str::to_owned),
                    path_part: part.into(),
                    methods: BTreeMap::new(),
                },
            )
        };
        BTreeMap::from([
            resource("root", None, "/"),
            resource("orders", Some("root"), "orders"),
            resource("order", Some("orders"), "{id}"),
            resource("latest", Some("orders"), "latest"),
            resource("proxy", Some("root"), "{proxy+}"),
        ])
    }

    #[test]
    fn literal_segments_win_over_variables_and_greedy_ones_take_the_rest() {
        let resources = tree();
        let find = |path: &str| {
            let segments: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
            let mut params = BTreeMap::new();
            let found = find_resource(&resources, "root", &segments, &mut params);
            (found, params)
        };
        assert_eq!(find("/").0.as_deref(), Some("root"));
        assert_eq!(find("/orders/latest").0.as_deref(), Some("latest"));
        let (found, params) = find("/orders/42");
        assert_eq!(found.as_deref(), Some("order"));
        assert_eq!(params["id"], "42");
        let (found, params) = find("/orders/42/lines/a%20b");
        assert_eq!(found.as_deref(), Some("proxy"));
        assert_eq!(params["proxy"], "orders/42/lines/a b");
    }

    #[test]
    fn proxy_responses_need_a_status_and_text_bodies() {
        let ProxyAnswer {
            status,
            headers,
            body,
        } = proxy_response(
            br#"{"statusCode": 201, "headers": {"x-id": "7"}, "multiValueHeaders": {"set-cookie": ["a=1", "b=2"]}, "body": "made"}"#,
        )
        .unwrap();
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(headers.len(), 3);
        assert_eq!(body, "made");
        let binary =
            proxy_response(br#"{"statusCode": 200, "body": "AAE=", "isBase64Encoded": true}"#)
                .unwrap();
        assert_eq!(&binary.body[..], [0, 1]);
        for malformed in [
            &br#"{"body": "no status"}"#[..],
            br#"{"statusCode": 200, "body": {"not": "text"}}"#,
            br#"{"statusCode": "abc"}"#,
            br#"[1]"#,
            b"not json",
        ] {
            assert!(proxy_response(malformed).is_none());
        }
    }

    #[test]
    fn lambda_uris_name_their_function() {
        assert_eq!(
            function_arn(
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations"
            ),
            Some("arn:aws:lambda:us-east-1:123456789012:function:orders")
        );
        assert_eq!(
            function_arn("arn:aws:apigateway:us-east-1:sqs:path/q"),
            None
        );
    }
}
