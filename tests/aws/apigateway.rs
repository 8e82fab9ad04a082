//! API Gateway REST APIs through aws-sdk-apigateway (restJson1) end to end, and deployed
//! stages invoked with a plain HTTP client on both invocation forms.

use aws_sdk_apigateway::error::ProvideErrorMetadata as _;
use aws_sdk_apigateway::types::{
    ApiStage, IntegrationType, Op, PatchOperation, QuotaPeriodType, QuotaSettings, ThrottleSettings,
};
use moto_recorded::recording::Recording;
use moto_recorded::{BackendKind, LambdaHandler, Moto, moto_recorded};
use serde_json::{Value, json};

use crate::interop::{moto_server, replay_in_moto};
use crate::support::{apigateway, iam, lambda, lambda_role, server};

/// A request to a deployed stage: on `host` (an `execute-api` host) when given, else on
/// the endpoint's own host (the `_user_request_` path form). Status and body.
fn invoke(
    endpoint: &str,
    host: Option<&str>,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("{endpoint}{path}"));
    if let Some(host) = host {
        request = request.header("host", host);
    }
    let request = request.body(body.to_owned()).unwrap();
    let mut response = agent.run(request).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

fn replace(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

/// An API `orders` (id `ordersapi1`, chosen with Moto's `_custom_id_` tag) with
/// `GET /orders/{id}` answered by a MOCK integration, deployed to `prod`; an API key
/// `partner` in a usage plan `basic` of that stage.
async fn publish_orders_api(moto: &Moto) {
    let client = aws_sdk_apigateway::Client::new(&moto.sdk_config());
    let api = client
        .create_rest_api()
        .name("orders")
        .description("the orders API")
        .tags("_custom_id_", "ordersapi1")
        .tags("team", "shop")
        .send()
        .await
        .unwrap();
    let api_id = api.id().unwrap();
    let orders = client
        .create_resource()
        .rest_api_id(api_id)
        .parent_id(api.root_resource_id().unwrap())
        .path_part("orders")
        .send()
        .await
        .unwrap();
    let order = client
        .create_resource()
        .rest_api_id(api_id)
        .parent_id(orders.id().unwrap())
        .path_part("{id}")
        .send()
        .await
        .unwrap();
    let order_id = order.id().unwrap();
    client
        .put_method()
        .rest_api_id(api_id)
        .resource_id(order_id)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    client
        .put_integration()
        .rest_api_id(api_id)
        .resource_id(order_id)
        .http_method("GET")
        .r#type(IntegrationType::Mock)
        .request_templates("application/json", r#"{"statusCode": 200}"#)
        .send()
        .await
        .unwrap();
    client
        .put_method_response()
        .rest_api_id(api_id)
        .resource_id(order_id)
        .http_method("GET")
        .status_code("200")
        .send()
        .await
        .unwrap();
    client
        .put_integration_response()
        .rest_api_id(api_id)
        .resource_id(order_id)
        .http_method("GET")
        .status_code("200")
        .response_templates("application/json", r#"{"status": "shipped"}"#)
        .send()
        .await
        .unwrap();
    client
        .create_deployment()
        .rest_api_id(api_id)
        .stage_name("prod")
        .send()
        .await
        .unwrap();
    let key = client
        .create_api_key()
        .name("partner")
        .value("partner-key-0123456789")
        .enabled(true)
        .send()
        .await
        .unwrap();
    let plan = client
        .create_usage_plan()
        .name("basic")
        .api_stages(ApiStage::builder().api_id(api_id).stage("prod").build())
        .throttle(
            ThrottleSettings::builder()
                .rate_limit(10.0)
                .burst_limit(5)
                .build(),
        )
        .send()
        .await
        .unwrap();
    client
        .create_usage_plan_key()
        .usage_plan_id(plan.id().unwrap())
        .key_id(key.id().unwrap())
        .key_type("API_KEY")
        .send()
        .await
        .unwrap();
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/apigateway_orders_api.jsonl", setup = publish_orders_api)]
#[tokio::test]
async fn the_deployed_api_answers_its_clients(moto: &Moto) {
    let client = aws_sdk_apigateway::Client::new(&moto.sdk_config());
    let api = client
        .get_rest_api()
        .rest_api_id("ordersapi1")
        .send()
        .await
        .unwrap();
    assert_eq!(api.name(), Some("orders"));
    if moto.backend_kind() == BackendKind::Embedded {
        // A Moto server does not serve deployed stages: only the embedded backend does.
        let request = http::Request::get(format!("{}/prod/orders/7", moto.endpoint_url().unwrap()))
            .header("host", "ordersapi1.execute-api.us-east-1.amazonaws.com")
            .body(())
            .unwrap();
        let mut answer = ureq::run(request).unwrap();
        assert_eq!(
            answer.body_mut().read_to_string().unwrap(),
            r#"{"status": "shipped"}"#
        );
    }
}

#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = moto_server() else { return };
    replay_in_moto(&url, "apigateway_orders_api.jsonl");
    let client =
        aws_sdk_apigateway::Client::new(&moto_recorded::aws::sdk_config(&url, "us-east-1"));
    // The API keeps the id its `_custom_id_` tag chose; its resources, created under a
    // root resource id Moto draws differently, do not apply there.
    let api = client
        .get_rest_api()
        .rest_api_id("ordersapi1")
        .send()
        .await
        .unwrap();
    assert_eq!(api.name(), Some("orders"));
    assert_eq!(api.description(), Some("the orders API"));
    let keys = client
        .get_api_keys()
        .include_values(true)
        .send()
        .await
        .unwrap();
    assert_eq!(keys.items()[0].name(), Some("partner"));
    assert_eq!(keys.items()[0].value(), Some("partner-key-0123456789"));
    let plans = client.get_usage_plans().send().await.unwrap();
    assert_eq!(plans.items()[0].name(), Some("basic"));
}

#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_api() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/apigateway_rest_api.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    assert!(
        report.client_errors.is_empty(),
        "{:?}",
        report.client_errors
    );
    let client = apigateway(&server);
    let apis = client.get_rest_apis().send().await.unwrap();
    assert_eq!(apis.items().len(), 1);
    assert_eq!(apis.items()[0].name(), Some("pets"));
    let keys = client
        .get_api_keys()
        .include_values(true)
        .send()
        .await
        .unwrap();
    assert_eq!(keys.items()[0].value(), Some("moto-written-key-0123456789"));
    let plans = client.get_usage_plans().send().await.unwrap();
    assert_eq!(plans.items()[0].name(), Some("gold"));
}

#[tokio::test]
async fn rest_apis_page_patch_and_answer_not_found() {
    let server = server();
    let client = apigateway(&server);
    for name in ["a", "b", "c"] {
        client.create_rest_api().name(name).send().await.unwrap();
    }
    let first = client.get_rest_apis().limit(2).send().await.unwrap();
    assert_eq!(first.items().len(), 2);
    let rest = client
        .get_rest_apis()
        .limit(2)
        .position(first.position().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.items().len(), 1);
    assert_eq!(rest.position(), None);

    let id = first.items()[0].id().unwrap();
    let updated = client
        .update_rest_api()
        .rest_api_id(id)
        .patch_operations(replace("/name", "renamed"))
        .patch_operations(replace("/description", "new"))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name(), Some("renamed"));
    assert_eq!(updated.description(), Some("new"));

    client
        .delete_rest_api()
        .rest_api_id(id)
        .send()
        .await
        .unwrap();
    let missing = client
        .get_rest_api()
        .rest_api_id(id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NotFoundException"));
    let missing = client
        .get_resource()
        .rest_api_id(rest.items()[0].id().unwrap())
        .resource_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (missing.code(), missing.message()),
        (
            Some("NotFoundException"),
            Some("Invalid Resource identifier specified")
        )
    );
}

#[tokio::test]
async fn methods_integrations_and_stages_describe_the_deployed_api() {
    let server = server();
    let client = apigateway(&server);
    let api = client.create_rest_api().name("pets").send().await.unwrap();
    let api_id = api.id().unwrap();
    let root = api.root_resource_id().unwrap();
    client
        .put_method()
        .rest_api_id(api_id)
        .resource_id(root)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    let twice = client
        .put_method()
        .rest_api_id(api_id)
        .resource_id(root)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap_err();
    assert_eq!(twice.code(), Some("ConflictException"));
    let no_method = client
        .put_integration()
        .rest_api_id(api_id)
        .resource_id(root)
        .http_method("GET")
        .r#type(IntegrationType::Http)
        .uri("https://example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        no_method.message(),
        Some("Enumeration value for HttpMethod must be non-empty")
    );
    let integration = client
        .put_integration()
        .rest_api_id(api_id)
        .resource_id(root)
        .http_method("GET")
        .r#type(IntegrationType::Mock)
        .request_templates("application/json", r#"{"statusCode": 404}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(integration.passthrough_behavior(), Some("WHEN_NO_MATCH"));
    client
        .put_integration_response()
        .rest_api_id(api_id)
        .resource_id(root)
        .http_method("GET")
        .status_code("404")
        .selection_pattern("4\\d{2}")
        .response_templates("application/json", r#"{"error": "no pets"}"#)
        .send()
        .await
        .unwrap();
    let method = client
        .get_method()
        .rest_api_id(api_id)
        .resource_id(root)
        .http_method("GET")
        .send()
        .await
        .unwrap();
    let responses = method
        .method_integration()
        .unwrap()
        .integration_responses()
        .unwrap();
    assert_eq!(responses["404"].selection_pattern(), Some("4\\d{2}"));

    let deployment = client
        .create_deployment()
        .rest_api_id(api_id)
        .stage_name("dev")
        .variables("color", "blue")
        .send()
        .await
        .unwrap();
    let stage = client
        .update_stage()
        .rest_api_id(api_id)
        .stage_name("dev")
        .patch_operations(replace("/variables/color", "green"))
        .send()
        .await
        .unwrap();
    assert_eq!(stage.variables().unwrap()["color"], "green");
    assert_eq!(stage.deployment_id(), deployment.id());
    let in_use = client
        .delete_deployment()
        .rest_api_id(api_id)
        .deployment_id(deployment.id().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(in_use.code(), Some("BadRequestException"));
    let stages = client
        .get_stages()
        .rest_api_id(api_id)
        .send()
        .await
        .unwrap();
    assert_eq!(stages.item().len(), 1);

    // The stage answers from its deployment, on both invocation forms.
    let endpoint = server.endpoint_url();
    let host = format!("{api_id}.execute-api.us-east-1.amazonaws.com");
    let expected = (404, r#"{"error": "no pets"}"#.to_owned());
    assert_eq!(invoke(&endpoint, Some(&host), "GET", "/dev", ""), expected);
    let path = format!("/restapis/{api_id}/dev/_user_request_/");
    assert_eq!(invoke(&endpoint, None, "GET", &path, ""), expected);
    let unknown = invoke(&endpoint, Some(&host), "GET", "/dev/cats", "");
    assert_eq!(
        unknown,
        (
            403,
            r#"{"message":"Missing Authentication Token"}"#.to_owned()
        )
    );
}

#[tokio::test]
async fn lambda_proxy_integrations_run_the_registered_handler() {
    let server = server();
    server.backend().register_lambda_handler(
        "orders",
        LambdaHandler::new(|event, _context| {
            Ok(json!({
                "statusCode": 200,
                "headers": {"content-type": "application/json"},
                "body": json!({
                    "resource": event["resource"],
                    "id": event["pathParameters"]["id"],
                    "query": event["queryStringParameters"],
                    "body": event["body"],
                }).to_string(),
            }))
        }),
    );
    let role = lambda_role(&iam(&server), "orders").await;
    let functions = lambda(&server);
    let function = functions
        .create_function()
        .function_name("orders")
        .runtime(aws_sdk_lambda::types::Runtime::Providedal2023)
        .role(role)
        .handler("bootstrap")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(
                    b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
                ))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let client = apigateway(&server);
    let api = client.create_rest_api().name("shop").send().await.unwrap();
    let api_id = api.id().unwrap();
    let proxy = client
        .create_resource()
        .rest_api_id(api_id)
        .parent_id(api.root_resource_id().unwrap())
        .path_part("{id+}")
        .send()
        .await
        .unwrap();
    client
        .put_method()
        .rest_api_id(api_id)
        .resource_id(proxy.id().unwrap())
        .http_method("ANY")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    client
        .put_integration()
        .rest_api_id(api_id)
        .resource_id(proxy.id().unwrap())
        .http_method("ANY")
        .r#type(IntegrationType::AwsProxy)
        .integration_http_method("POST")
        .uri(format!(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations",
            function.function_arn().unwrap()
        ))
        .send()
        .await
        .unwrap();
    client
        .create_deployment()
        .rest_api_id(api_id)
        .stage_name("live")
        .send()
        .await
        .unwrap();
    let (status, body) = invoke(
        &server.endpoint_url(),
        Some(&format!("{api_id}.execute-api.us-east-1.amazonaws.com")),
        "POST",
        "/live/a/b?x=1",
        r#"{"n": 1}"#,
    );
    assert_eq!(status, 200, "{body}");
    let seen: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        seen,
        json!({"resource": "/{id+}", "id": "a/b", "query": {"x": "1"}, "body": "{\"n\": 1}"})
    );
}

#[tokio::test]
async fn api_keys_usage_plans_authorizers_and_tags() {
    let server = server();
    let client = apigateway(&server);
    let api = client.create_rest_api().name("shop").send().await.unwrap();
    let api_id = api.id().unwrap();
    let short = client
        .create_api_key()
        .value("short")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        short.message(),
        Some("API Key value should be at least 20 characters")
    );
    let key = client
        .create_api_key()
        .name("mobile")
        .enabled(true)
        .send()
        .await
        .unwrap();
    assert_eq!(key.value().unwrap().len(), 40);
    let read = client
        .get_api_key()
        .api_key(key.id().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(read.value(), None);
    let plan = client
        .create_usage_plan()
        .name("free")
        .quota(
            QuotaSettings::builder()
                .limit(1000)
                .period(QuotaPeriodType::Month)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let plan_id = plan.id().unwrap();
    client
        .create_usage_plan_key()
        .usage_plan_id(plan_id)
        .key_id(key.id().unwrap())
        .key_type("API_KEY")
        .send()
        .await
        .unwrap();
    let plan_keys = client
        .get_usage_plan_keys()
        .usage_plan_id(plan_id)
        .send()
        .await
        .unwrap();
    assert_eq!(plan_keys.items()[0].name(), Some("mobile"));
    client
        .delete_usage_plan_key()
        .usage_plan_id(plan_id)
        .key_id(key.id().unwrap())
        .send()
        .await
        .unwrap();
    client
        .delete_usage_plan()
        .usage_plan_id(plan_id)
        .send()
        .await
        .unwrap();
    client
        .delete_api_key()
        .api_key(key.id().unwrap())
        .send()
        .await
        .unwrap();
    let gone = client
        .get_api_key()
        .api_key(key.id().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("NotFoundException"));

    let authorizer = client
        .create_authorizer()
        .rest_api_id(api_id)
        .name("tokens")
        .r#type(aws_sdk_apigateway::types::AuthorizerType::Token)
        .authorizer_uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations")
        .send()
        .await
        .unwrap();
    assert_eq!(
        authorizer.identity_source(),
        Some("method.request.header.Authorization")
    );
    let listed = client
        .get_authorizers()
        .rest_api_id(api_id)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.items().len(), 1);

    let arn = format!("arn:aws:apigateway:us-east-1::/restapis/{api_id}");
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("env", "test")
        .tags("team", "shop")
        .send()
        .await
        .unwrap();
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("team")
        .send()
        .await
        .unwrap();
    let tags = client.get_tags().resource_arn(&arn).send().await.unwrap();
    assert_eq!(
        tags.tags().unwrap().iter().collect::<Vec<_>>(),
        [(&"env".to_owned(), &"test".to_owned())]
    );
}
