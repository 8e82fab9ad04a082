//! API Gateway end to end: requests as the SDKs send them (restJson1) and invocations of
//! deployed stages, through a whole backend (routing, the protocol engine, the handlers).

use bytes::Bytes;
use http::Request;
use serde_json::{Value, json};

use crate::backend::{Backend, BackendOptions};
use crate::clock::Clock;
use crate::recorder::Storage;
use crate::services::lambda::LambdaHandler;

const SIGNED: &str = "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=00";

/// Seeded with 42, on a virtual clock at 2024-01-01T00:00:00Z.
fn backend() -> Backend {
    Backend::new(BackendOptions {
        seed: Some(42),
        clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        ..BackendOptions::default()
    })
}

/// Status, headers and JSON body (null when empty or not JSON).
async fn raw(
    backend: &Backend,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, http::HeaderMap, String) {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = backend
        .handle(builder.body(Bytes::from(body.to_owned())).unwrap())
        .await;
    (
        response.status().as_u16(),
        response.headers().clone(),
        String::from_utf8(response.into_body().to_vec()).unwrap(),
    )
}

/// A management call: status and JSON answer.
async fn call(backend: &Backend, method: &str, uri: &str, body: Value) -> (u16, Value) {
    let body = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    let (status, _, text) = raw(
        backend,
        method,
        uri,
        &[
            ("authorization", SIGNED),
            ("content-type", "application/json"),
        ],
        &body,
    )
    .await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// An API with `GET /pets/{id}` answered by a MOCK integration and deployed to `prod`:
/// the API's id and the resource's.
async fn mock_api(backend: &Backend) -> (String, String) {
    let (_, api) = call(backend, "POST", "/restapis", json!({"name": "pets"})).await;
    let id = api["id"].as_str().unwrap().to_owned();
    let root = api["rootResourceId"].as_str().unwrap().to_owned();
    let (_, pets) = call(
        backend,
        "POST",
        &format!("/restapis/{id}/resources/{root}"),
        json!({"pathPart": "pets"}),
    )
    .await;
    let pets = pets["id"].as_str().unwrap().to_owned();
    let (_, pet) = call(
        backend,
        "POST",
        &format!("/restapis/{id}/resources/{pets}"),
        json!({"pathPart": "{id}"}),
    )
    .await;
    let pet = pet["id"].as_str().unwrap().to_owned();
    let method = format!("/restapis/{id}/resources/{pet}/methods/GET");
    call(
        backend,
        "PUT",
        &method,
        json!({"authorizationType": "NONE"}),
    )
    .await;
    call(
        backend,
        "PUT",
        &format!("{method}/integration"),
        json!({"type": "MOCK", "requestTemplates": {"application/json": "{\"statusCode\": 200}"}}),
    )
    .await;
    call(
        backend,
        "PUT",
        &format!("{method}/responses/200"),
        json!({}),
    )
    .await;
    call(
        backend,
        "PUT",
        &format!("{method}/integration/responses/200"),
        json!({
            "selectionPattern": "2\\d{2}",
            "responseTemplates": {"application/json": "{\"name\": \"Rex\"}"},
            "responseParameters": {"method.response.header.X-Kind": "'dog'"},
        }),
    )
    .await;
    let (status, _) = call(
        backend,
        "POST",
        &format!("/restapis/{id}/deployments"),
        json!({"stageName": "prod"}),
    )
    .await;
    assert_eq!(status, 201);
    (id, pet)
}

#[tokio::test]
async fn ids_and_dates_come_from_the_seed_and_the_clock() {
    let backend = backend();
    let (status, api) = call(
        &backend,
        "POST",
        "/restapis",
        json!({"name": "orders", "description": "d", "tags": {"team": "a"}}),
    )
    .await;
    assert_eq!(status, 201);
    // Golden values for seed 42: the API's id, then its root resource's.
    assert_eq!(api["id"], "5c63okbm17");
    assert_eq!(api["rootResourceId"], "ytp3abwnwu");
    assert_eq!(api["createdDate"], 1_704_067_200);
    assert_eq!(api["apiKeySource"], "HEADER");
    assert_eq!(api["endpointConfiguration"], json!({"types": ["EDGE"]}));
    let (_, key) = call(&backend, "POST", "/apikeys", json!({"name": "k"})).await;
    assert_eq!(key["id"].as_str().unwrap().len(), 10);
    assert_eq!(key["value"].as_str().unwrap().len(), 40);
    assert_eq!(key["enabled"], false);
}

#[tokio::test]
async fn rest_apis_page_update_and_go() {
    let backend = backend();
    for name in ["a", "b", "c"] {
        call(&backend, "POST", "/restapis", json!({"name": name})).await;
    }
    let (_, first) = call(&backend, "GET", "/restapis?limit=2", Value::Null).await;
    assert_eq!(first["item"].as_array().unwrap().len(), 2);
    let position = first["position"].as_str().unwrap();
    let (_, second) = call(
        &backend,
        "GET",
        &format!("/restapis?limit=2&position={position}"),
        Value::Null,
    )
    .await;
    assert_eq!(second["item"].as_array().unwrap().len(), 1);
    assert!(second.get("position").is_none());

    let id = first["item"][0]["id"].as_str().unwrap().to_owned();
    let (status, updated) = call(
        &backend,
        "PATCH",
        &format!("/restapis/{id}"),
        json!({"patchOperations": [
            {"op": "replace", "path": "/description", "value": "new"},
            {"op": "add", "path": "/binaryMediaTypes/image~1png"},
        ]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(updated["description"], "new");
    assert_eq!(updated["binaryMediaTypes"], json!(["image/png"]));
    let (status, refused) = call(
        &backend,
        "PATCH",
        &format!("/restapis/{id}"),
        json!({"patchOperations": [{"op": "replace", "path": "/nope", "value": "x"}]}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(refused["message"].as_str().unwrap().contains("/nope"));

    assert_eq!(
        call(&backend, "DELETE", &format!("/restapis/{id}"), Value::Null)
            .await
            .0,
        202
    );
    let (status, missing) = call(&backend, "GET", &format!("/restapis/{id}"), Value::Null).await;
    assert_eq!(status, 404);
    assert_eq!(
        missing["message"],
        format!("Invalid API identifier specified 123456789012:{id}")
    );
}

#[tokio::test]
async fn resources_nest_refuse_duplicates_and_go_with_their_children() {
    let backend = backend();
    let (id, pet) = mock_api(&backend).await;
    let (_, listed) = call(
        &backend,
        "GET",
        &format!("/restapis/{id}/resources?embed=methods"),
        Value::Null,
    )
    .await;
    let paths: Vec<&str> = listed["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|resource| resource["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["/", "/pets", "/pets/{id}"]);
    let embedded = listed["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|resource| resource["id"] == pet.as_str())
        .unwrap();
    assert_eq!(
        embedded["resourceMethods"]["GET"]["methodIntegration"]["type"],
        "MOCK"
    );

    let (_, pet_resource) = call(
        &backend,
        "GET",
        &format!("/restapis/{id}/resources/{pet}"),
        Value::Null,
    )
    .await;
    let pets = pet_resource["parentId"].as_str().unwrap().to_owned();
    let (status, conflict) = call(
        &backend,
        "POST",
        &format!("/restapis/{id}/resources/{pets}"),
        json!({"pathPart": "{id}"}),
    )
    .await;
    assert_eq!(
        (status, conflict["message"].as_str().unwrap()),
        (
            409,
            "Another resource with the same parent already has this name: {id}"
        )
    );
    let (status, _) = call(
        &backend,
        "POST",
        &format!("/restapis/{id}/resources/{pets}"),
        json!({"pathPart": "bad/part"}),
    )
    .await;
    assert_eq!(status, 400);

    assert_eq!(
        call(
            &backend,
            "DELETE",
            &format!("/restapis/{id}/resources/{pets}"),
            Value::Null
        )
        .await
        .0,
        202
    );
    let (status, gone) = call(
        &backend,
        "GET",
        &format!("/restapis/{id}/resources/{pet}"),
        Value::Null,
    )
    .await;
    assert_eq!(
        (status, gone["message"].as_str().unwrap()),
        (404, "Invalid Resource identifier specified")
    );
}

#[tokio::test]
async fn deployments_in_use_stay_and_stages_patch() {
    let backend = backend();
    let (id, _) = mock_api(&backend).await;
    let (_, deployments) = call(
        &backend,
        "GET",
        &format!("/restapis/{id}/deployments"),
        Value::Null,
    )
    .await;
    let deployment = deployments["item"][0]["id"].as_str().unwrap().to_owned();
    let (status, refused) = call(
        &backend,
        "DELETE",
        &format!("/restapis/{id}/deployments/{deployment}"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        refused["message"],
        "Active stages pointing to this deployment must be moved or deleted"
    );
    let (status, stage) = call(
        &backend,
        "PATCH",
        &format!("/restapis/{id}/stages/prod"),
        json!({"patchOperations": [
            {"op": "replace", "path": "/variables/color", "value": "blue"},
            {"op": "replace", "path": "/description", "value": "live"},
        ]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(stage["variables"], json!({"color": "blue"}));
    assert_eq!(stage["description"], "live");
    let (status, _) = call(
        &backend,
        "POST",
        &format!("/restapis/{id}/stages"),
        json!({"stageName": "prod", "deploymentId": deployment}),
    )
    .await;
    assert_eq!(status, 409);
    call(
        &backend,
        "DELETE",
        &format!("/restapis/{id}/stages/prod"),
        Value::Null,
    )
    .await;
    assert_eq!(
        call(
            &backend,
            "DELETE",
            &format!("/restapis/{id}/deployments/{deployment}"),
            Value::Null
        )
        .await
        .0,
        202
    );
}

#[tokio::test]
async fn an_api_without_methods_or_integrations_cannot_be_deployed() {
    let backend = backend();
    let (_, api) = call(&backend, "POST", "/restapis", json!({"name": "empty"})).await;
    let id = api["id"].as_str().unwrap();
    let root = api["rootResourceId"].as_str().unwrap();
    let deploy = format!("/restapis/{id}/deployments");
    let (status, answer) = call(&backend, "POST", &deploy, json!({})).await;
    assert_eq!(
        (status, answer["message"].as_str().unwrap()),
        (400, "The REST API doesn't contain any methods")
    );
    call(
        &backend,
        "PUT",
        &format!("/restapis/{id}/resources/{root}/methods/GET"),
        json!({"authorizationType": "NONE"}),
    )
    .await;
    let (status, answer) = call(&backend, "POST", &deploy, json!({})).await;
    assert_eq!(
        (status, answer["message"].as_str().unwrap()),
        (400, "No integration defined for method")
    );
}

#[tokio::test]
async fn mock_integrations_answer_on_both_invocation_forms() {
    let backend = backend();
    let (id, _) = mock_api(&backend).await;
    let host = format!("{id}.execute-api.us-east-1.amazonaws.com");
    let (status, headers, body) =
        raw(&backend, "GET", "/prod/pets/7", &[("host", &host)], "").await;
    assert_eq!((status, body.as_str()), (200, "{\"name\": \"Rex\"}"));
    assert_eq!(headers["x-kind"], "dog");
    let (status, _, body) = raw(
        &backend,
        "GET",
        &format!("/restapis/{id}/prod/_user_request_/pets/7"),
        &[("host", "127.0.0.1:5000")],
        "",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "{\"name\": \"Rex\"}"));

    for (method, path) in [
        ("GET", "/prod/cats"),
        ("POST", "/prod/pets/7"),
        ("GET", "/prod/"),
    ] {
        let (status, headers, body) = raw(&backend, method, path, &[("host", &host)], "").await;
        assert_eq!(status, 403, "{method} {path}");
        assert_eq!(body, r#"{"message":"Missing Authentication Token"}"#);
        assert_eq!(
            headers["x-amzn-errortype"],
            "MissingAuthenticationTokenException"
        );
    }
    let (status, _, body) = raw(&backend, "GET", "/test/pets/7", &[("host", &host)], "").await;
    assert_eq!((status, body.as_str()), (403, r#"{"message":"Forbidden"}"#));
}

#[tokio::test]
async fn lambda_proxy_integrations_run_the_registered_handler() {
    let backend = backend();
    backend.register_lambda_handler(
        "orders",
        LambdaHandler::new(|event, _context| {
            Ok(json!({
                "statusCode": 201,
                "headers": {"x-order": event["pathParameters"]["id"]},
                "body": json!({
                    "resource": event["resource"],
                    "path": event["path"],
                    "query": event["queryStringParameters"],
                    "stage": event["requestContext"]["stage"],
                    "variables": event["stageVariables"],
                    "body": event["body"],
                }).to_string(),
            }))
        }),
    );
    backend.register_lambda_handler(
        "broken",
        LambdaHandler::new(|_event, _context| Ok(json!({"body": "no status"}))),
    );
    // Lambda refuses a role IAM does not hold.
    let iam_auth = "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00";
    let (status, _, _) = raw(
        &backend,
        "POST",
        "/",
        &[
            ("authorization", iam_auth),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        concat!(
            "Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=",
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"
        ),
    )
    .await;
    assert_eq!(status, 200);
    let lambda_auth = "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00";
    for name in ["orders", "broken"] {
        let (status, _, _) = raw(
            &backend,
            "POST",
            "/2015-03-31/functions",
            &[
                ("authorization", lambda_auth),
                ("content-type", "application/json"),
            ],
            &json!({
                "FunctionName": name,
                "Runtime": "provided.al2023",
                "Role": "arn:aws:iam::123456789012:role/r",
                "Handler": "bootstrap",
                "Code": {"ZipFile": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="},
            })
            .to_string(),
        )
        .await;
        assert_eq!(status, 201);
    }
    let (_, api) = call(&backend, "POST", "/restapis", json!({"name": "shop"})).await;
    let id = api["id"].as_str().unwrap().to_owned();
    let root = api["rootResourceId"].as_str().unwrap().to_owned();
    let mut resources = Vec::new();
    for (parent, part) in [
        (root.clone(), "orders"),
        (String::new(), "{id}"),
        (root.clone(), "broken"),
    ] {
        let parent = if parent.is_empty() {
            resources.first().cloned().unwrap()
        } else {
            parent
        };
        let (_, made) = call(
            &backend,
            "POST",
            &format!("/restapis/{id}/resources/{parent}"),
            json!({"pathPart": part}),
        )
        .await;
        resources.push(made["id"].as_str().unwrap().to_owned());
    }
    for (resource, function) in [(&resources[1], "orders"), (&resources[2], "broken")] {
        let method = format!("/restapis/{id}/resources/{resource}/methods/ANY");
        call(
            &backend,
            "PUT",
            &method,
            json!({"authorizationType": "NONE"}),
        )
        .await;
        let (status, _) = call(
            &backend,
            "PUT",
            &format!("{method}/integration"),
            json!({
                "type": "AWS_PROXY",
                "httpMethod": "POST",
                "uri": format!("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{function}/invocations"),
            }),
        )
        .await;
        assert_eq!(status, 201);
    }
    call(
        &backend,
        "POST",
        &format!("/restapis/{id}/deployments"),
        json!({"stageName": "live", "variables": {"env": "test"}}),
    )
    .await;
    let host = format!("{id}.execute-api.us-east-1.amazonaws.com");
    let (status, headers, body) = raw(
        &backend,
        "PUT",
        "/live/orders/42?size=xl",
        &[("host", &host), ("content-type", "application/json")],
        r#"{"qty": 1}"#,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(headers["x-order"], "42");
    let seen: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        seen,
        json!({
            "resource": "/orders/{id}",
            "path": "/orders/42",
            "query": {"size": "xl"},
            "stage": "live",
            "variables": {"env": "test"},
            "body": "{\"qty\": 1}",
        })
    );
    let (status, _, body) = raw(&backend, "GET", "/live/broken", &[("host", &host)], "").await;
    assert_eq!(
        (status, body.as_str()),
        (502, r#"{"message":"Internal server error"}"#)
    );
}

#[tokio::test]
async fn http_integrations_say_the_network_is_never_reached() {
    let backend = backend();
    let (_, api) = call(&backend, "POST", "/restapis", json!({"name": "web"})).await;
    let id = api["id"].as_str().unwrap();
    let root = api["rootResourceId"].as_str().unwrap();
    let method = format!("/restapis/{id}/resources/{root}/methods/GET");
    call(
        &backend,
        "PUT",
        &method,
        json!({"authorizationType": "NONE"}),
    )
    .await;
    let (status, refused) = call(
        &backend,
        "PUT",
        &format!("{method}/integration"),
        json!({"type": "HTTP", "uri": "https://example.com"}),
    )
    .await;
    assert_eq!(
        (status, refused["message"].as_str().unwrap()),
        (400, "Enumeration value for HttpMethod must be non-empty")
    );
    call(
        &backend,
        "PUT",
        &format!("{method}/integration"),
        json!({"type": "HTTP_PROXY", "httpMethod": "GET", "uri": "https://example.com"}),
    )
    .await;
    call(
        &backend,
        "POST",
        &format!("/restapis/{id}/deployments"),
        json!({"stageName": "v1"}),
    )
    .await;
    let (status, _, body) = raw(
        &backend,
        "GET",
        "/v1",
        &[("host", &format!("{id}.execute-api.us-east-1.amazonaws.com"))],
        "",
    )
    .await;
    assert_eq!(status, 500);
    assert!(body.contains("never does"), "{body}");
}

#[tokio::test]
async fn api_keys_guard_methods_that_require_them() {
    let backend = backend();
    let (id, pet) = mock_api(&backend).await;
    call(
        &backend,
        "PATCH",
        &format!("/restapis/{id}/resources/{pet}/methods/GET"),
        json!({"patchOperations": [{"op": "replace", "path": "/apiKeyRequired", "value": "true"}]}),
    )
    .await;
    call(
        &backend,
        "POST",
        &format!("/restapis/{id}/deployments"),
        json!({"stageName": "prod"}),
    )
    .await;
    let (_, key) = call(
        &backend,
        "POST",
        "/apikeys",
        json!({"name": "partner", "enabled": true, "value": "a-key-of-twenty-chars-or-more"}),
    )
    .await;
    let (_, plan) = call(
        &backend,
        "POST",
        "/usageplans",
        json!({"name": "basic", "apiStages": [{"apiId": id, "stage": "prod"}], "throttle": {"rateLimit": 10.0, "burstLimit": 5}}),
    )
    .await;
    let plan_id = plan["id"].as_str().unwrap();
    let host = format!("{id}.execute-api.us-east-1.amazonaws.com");
    let invoke = |key: Option<&'static str>| {
        let host = host.clone();
        let backend = &backend;
        async move {
            let mut headers = vec![("host", host.as_str())];
            if let Some(key) = key {
                headers.push(("x-api-key", key));
            }
            raw(backend, "GET", "/prod/pets/1", &headers, "").await.0
        }
    };
    assert_eq!(invoke(Some("a-key-of-twenty-chars-or-more")).await, 403);
    let (status, plan_key) = call(
        &backend,
        "POST",
        &format!("/usageplans/{plan_id}/keys"),
        json!({"keyId": key["id"], "keyType": "API_KEY"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(plan_key["value"], "a-key-of-twenty-chars-or-more");
    assert_eq!(invoke(None).await, 403);
    assert_eq!(invoke(Some("a-key-of-twenty-chars-or-more")).await, 200);

    let (status, short) = call(&backend, "POST", "/apikeys", json!({"value": "short"})).await;
    assert_eq!(
        (status, short["message"].as_str().unwrap()),
        (400, "API Key value should be at least 20 characters")
    );
    let (_, listed) = call(&backend, "GET", "/apikeys?name=part", Value::Null).await;
    assert_eq!(listed["item"].as_array().unwrap().len(), 1);
    assert!(listed["item"][0].get("value").is_none());
    let (_, by_key) = call(
        &backend,
        "GET",
        &format!("/usageplans?keyId={}", key["id"].as_str().unwrap()),
        Value::Null,
    )
    .await;
    assert_eq!(by_key["item"][0]["id"], plan_id);
}

#[tokio::test]
async fn tags_follow_arns_of_apis_and_stages() {
    let backend = backend();
    let (id, _) = mock_api(&backend).await;
    let arn = format!("arn:aws:apigateway:us-east-1::/restapis/{id}/stages/prod");
    let encoded = arn.replace(':', "%3A").replace('/', "%2F");
    let (status, _) = call(
        &backend,
        "PUT",
        &format!("/tags/{encoded}"),
        json!({"tags": {"env": "prod", "team": "a"}}),
    )
    .await;
    assert_eq!(status, 204);
    call(
        &backend,
        "DELETE",
        &format!("/tags/{encoded}?tagKeys=team"),
        Value::Null,
    )
    .await;
    let (_, tags) = call(&backend, "GET", &format!("/tags/{encoded}"), Value::Null).await;
    assert_eq!(tags["tags"], json!({"env": "prod"}));
}

#[tokio::test]
async fn invocations_are_not_recorded() {
    let backend = Backend::new(BackendOptions {
        seed: Some(42),
        clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        storage: Storage::Memory,
        recording: true,
    });
    let (id, _) = mock_api(&backend).await;
    let before = backend.recorder().recording().unwrap().lines().count();
    let host = format!("{id}.execute-api.us-east-1.amazonaws.com");
    raw(&backend, "GET", "/prod/pets/7", &[("host", &host)], "").await;
    assert_eq!(
        backend.recorder().recording().unwrap().lines().count(),
        before
    );
}

#[tokio::test]
async fn the_state_view_lists_apis_with_their_resources() {
    let backend = backend();
    let (id, _) = mock_api(&backend).await;
    call(&backend, "POST", "/apikeys", json!({"name": "k"})).await;
    let view = backend.state("http://localhost:5000");
    let service = &view["apigateway"];
    assert_eq!(service["RestAPI"][0]["id"], id.as_str());
    assert_eq!(
        service["RestAPI"][0]["resources"].as_array().unwrap().len(),
        3
    );
    assert_eq!(service["Stage"][0]["stageName"], "prod");
    assert_eq!(service["Deployment"].as_array().unwrap().len(), 1);
    assert!(service["ApiKey"][0].get("value").is_none());
}

#[test]
fn execute_api_hosts_route_to_api_gateway_not_to_s3() {
    let request = |host: &str, path: &str| {
        Request::builder()
            .uri(path)
            .header("host", host)
            .body(Bytes::new())
            .unwrap()
    };
    let hosted = crate::services::route(&request(
        "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
        "/prod/orders",
    ));
    assert_eq!(
        (hosted.service.as_str(), hosted.region.as_str()),
        ("apigateway", "eu-west-1")
    );
    let path_form = crate::services::route(&request(
        "127.0.0.1:5000",
        "/restapis/a1b2c3d4e5/prod/_user_request_/orders",
    ));
    assert_eq!(path_form.service, "apigateway");
    let bucket = crate::services::route(&request("photos.s3.amazonaws.com", "/prod/orders"));
    assert_eq!(bucket.service, "s3");
}

#[tokio::test]
async fn the_custom_id_tag_chooses_an_apis_id_once() {
    let backend = backend();
    let body = json!({"name": "orders", "tags": {"_custom_id_": "ordersapi1"}});
    let (status, api) = call(&backend, "POST", "/restapis", body.clone()).await;
    assert_eq!((status, api["id"].as_str().unwrap()), (201, "ordersapi1"));
    let (status, _) = call(&backend, "POST", "/restapis", body).await;
    assert_eq!(status, 409);
}
