//! Lambda end to end: requests as the SDKs send them (restJson1), through a whole
//! backend (routing, the protocol engine, the handlers).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::{Request, Response};
use serde_json::{Value, json};

use super::{LambdaError, LambdaHandler};
use crate::backend::{Backend, BackendOptions};
use crate::clock::Clock;

/// The smallest .zip archive: an empty one.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
const ROLE: &str = "arn:aws:iam::123456789012:role/lambda";
const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:resize";

struct Answer {
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    /// The error code (`x-amzn-ErrorType`) and message.
    fn error(&self) -> (u16, String, String) {
        (
            self.status,
            self.header("x-amzn-errortype")
                .unwrap_or_default()
                .to_owned(),
            self.json()["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    }
}

/// Seeded with 42, on a virtual clock at 2024-01-01T00:00:00Z, with the IAM role
/// `ROLE` functions are created with (Lambda refuses roles IAM does not hold).
fn backend() -> Backend {
    let backend = Backend::new(BackendOptions {
        seed: Some(42),
        clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
        ..BackendOptions::default()
    });
    create_role(&backend);
    backend
}

/// Creates the IAM role `ROLE`.
fn create_role(backend: &Backend) {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let form = format!(
        "Action=CreateRole&Version=2010-05-08&RoleName=lambda&AssumeRolePolicyDocument={}",
        crate::protocol::query::percent_encode(trust)
    );
    let request = Request::builder()
        .method("POST")
        .uri("/")
        .header("content-type", "application/x-www-form-urlencoded")
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00",
        )
        .body(Bytes::from(form))
        .unwrap();
    // IAM answers without awaiting anything.
    let created = pollster::block_on(backend.handle(request));
    assert_eq!(created.status(), 200);
}

async fn send(
    backend: &Backend,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    let mut builder = Request::builder().method(method).uri(uri).header(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00",
    );
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response: Response<Bytes> = backend
        .handle(builder.body(Bytes::from(body)).unwrap())
        .await;
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.into_body().to_vec(),
    }
}

async fn call(backend: &Backend, method: &str, uri: &str, body: Option<Value>) -> Answer {
    let body = body
        .map(|body| body.to_string().into_bytes())
        .unwrap_or_default();
    send(
        backend,
        method,
        uri,
        &[("content-type", "application/json")],
        body,
    )
    .await
}

fn create_request(name: &str) -> Value {
    json!({
        "FunctionName": name,
        "Runtime": "provided.al2023",
        "Role": ROLE,
        "Handler": "bootstrap",
        "Code": {"ZipFile": STANDARD.encode(EMPTY_ZIP)},
    })
}

async fn create(backend: &Backend, name: &str) -> Value {
    let created = call(
        backend,
        "POST",
        "/2015-03-31/functions",
        Some(create_request(name)),
    )
    .await;
    assert_eq!(
        created.status,
        201,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    created.json()
}

async fn invoke(backend: &Backend, uri: &str, headers: &[(&str, &str)], payload: &str) -> Answer {
    send(backend, "POST", uri, headers, payload.as_bytes().to_vec()).await
}

#[tokio::test]
async fn functions_are_created_read_listed_updated_and_deleted() {
    let backend = backend();
    let created = create(&backend, "resize").await;
    assert_eq!(created["FunctionArn"], ARN);
    assert_eq!(created["Version"], "$LATEST");
    assert_eq!(created["LastModified"], "2024-01-01T00:00:00.000+0000");
    assert_eq!(
        created["CodeSha256"],
        "hznHbmgfkAkjuQDJ3w73XPQh05yrtUZQxLmtGbanbYU="
    );
    assert_eq!(created["CodeSize"], 22);
    assert_eq!(
        (
            created["State"].as_str(),
            created["LastUpdateStatus"].as_str()
        ),
        (Some("Active"), Some("Successful"))
    );
    assert_eq!(created["Timeout"], 3);
    assert_eq!(created["MemorySize"], 128);
    assert_eq!(created["Architectures"], json!(["x86_64"]));
    assert_eq!(
        created["LoggingConfig"],
        json!({"LogFormat": "Text", "LogGroup": "/aws/lambda/resize"})
    );
    let revision = created["RevisionId"].as_str().unwrap().to_owned();
    assert_eq!(revision.len(), 36);

    let again = call(
        &backend,
        "POST",
        "/2015-03-31/functions",
        Some(create_request("resize")),
    )
    .await;
    assert_eq!(
        again.error(),
        (
            409,
            "ResourceConflictException".into(),
            "Function already exist: resize".into()
        )
    );

    let got = call(&backend, "GET", "/2015-03-31/functions/resize", None).await;
    assert_eq!(got.status, 200);
    let got = got.json();
    assert_eq!(got["Configuration"]["RevisionId"], revision.as_str());
    assert_eq!(got["Code"]["RepositoryType"], "S3");
    assert!(
        got["Code"]["Location"]
            .as_str()
            .unwrap()
            .starts_with("https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/123456789012/resize-")
    );
    // By ARN, percent-encoded in the path as SDKs send it.
    let by_arn = call(
        &backend,
        "GET",
        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aresize/configuration",
        None,
    )
    .await;
    assert_eq!(by_arn.json()["FunctionName"], "resize");

    let updated = call(
        &backend,
        "PUT",
        "/2015-03-31/functions/resize/configuration",
        Some(
            json!({"MemorySize": 512, "Environment": {"Variables": {"BUCKET": "photos"}},
                    "RevisionId": revision}),
        ),
    )
    .await
    .json();
    assert_eq!(updated["MemorySize"], 512);
    assert_eq!(
        updated["Environment"],
        json!({"Variables": {"BUCKET": "photos"}})
    );
    assert_ne!(updated["RevisionId"], revision.as_str());
    let stale = call(
        &backend,
        "PUT",
        "/2015-03-31/functions/resize/configuration",
        Some(json!({"Timeout": 10, "RevisionId": revision})),
    )
    .await;
    assert_eq!(stale.error().0, 412);
    assert_eq!(stale.error().1, "PreconditionFailedException");

    let zip = STANDARD.encode(b"PK\x03\x04 new code");
    let code = call(
        &backend,
        "PUT",
        "/2015-03-31/functions/resize/code",
        Some(json!({"ZipFile": zip})),
    )
    .await
    .json();
    assert_eq!(code["CodeSize"], 13);
    assert_ne!(code["CodeSha256"], created["CodeSha256"]);

    create(&backend, "thumbnail").await;
    let first = call(&backend, "GET", "/2015-03-31/functions/?MaxItems=1", None)
        .await
        .json();
    assert_eq!(first["Functions"][0]["FunctionName"], "resize");
    let marker = first["NextMarker"].as_str().unwrap();
    let second = call(
        &backend,
        "GET",
        &format!("/2015-03-31/functions/?MaxItems=1&Marker={marker}"),
        None,
    )
    .await
    .json();
    assert_eq!(second["Functions"][0]["FunctionName"], "thumbnail");
    assert!(second.get("NextMarker").is_none());

    let deleted = call(&backend, "DELETE", "/2015-03-31/functions/resize", None).await;
    assert_eq!(deleted.status, 204);
    let missing = call(&backend, "GET", "/2015-03-31/functions/resize", None).await;
    assert_eq!(
        missing.error(),
        (
            404,
            "ResourceNotFoundException".into(),
            format!("Function not found: {ARN}")
        )
    );
    let settings = call(&backend, "GET", "/2016-08-19/account-settings", None)
        .await
        .json();
    assert_eq!(
        settings["AccountUsage"],
        json!({"TotalCodeSize": 22, "FunctionCount": 1})
    );
}

#[tokio::test]
async fn requests_lambda_refuses() {
    let backend = backend();
    let mut no_runtime = create_request("resize");
    no_runtime.as_object_mut().unwrap().remove("Runtime");
    let refused = call(&backend, "POST", "/2015-03-31/functions", Some(no_runtime)).await;
    assert_eq!(refused.error().1, "InvalidParameterValueException");
    let mut bad_role = create_request("resize");
    bad_role["Role"] = json!("lambda-role");
    let refused = call(&backend, "POST", "/2015-03-31/functions", Some(bad_role)).await;
    assert_eq!(refused.error().1, "ValidationException");
    assert!(
        refused.error().2.contains("at 'role'"),
        "{}",
        refused.error().2
    );
    // A role IAM does not hold cannot be assumed; a role's ARN is compared whole.
    for missing in [
        "arn:aws:iam::123456789012:role/other",
        "arn:aws:iam::123456789012:role/service/lambda",
    ] {
        let mut unknown_role = create_request("resize");
        unknown_role["Role"] = json!(missing);
        let refused = call(
            &backend,
            "POST",
            "/2015-03-31/functions",
            Some(unknown_role),
        )
        .await;
        assert_eq!(
            refused.error(),
            (
                400,
                "InvalidParameterValueException".to_owned(),
                "The role defined for the function cannot be assumed by Lambda.".to_owned()
            )
        );
    }
    let mut too_short = create_request("resize");
    too_short["Timeout"] = json!(0);
    let refused = call(&backend, "POST", "/2015-03-31/functions", Some(too_short)).await;
    assert_eq!(refused.error().1, "ValidationException");
    let mut reserved = create_request("resize");
    reserved["Environment"] = json!({"Variables": {"AWS_REGION": "eu-west-1"}});
    let refused = call(&backend, "POST", "/2015-03-31/functions", Some(reserved)).await;
    assert_eq!(refused.error().1, "InvalidParameterValueException");
    // Nothing was created, and nothing was drawn: the first function still gets the
    // revision id a fresh backend gives.
    let created = create(&backend, "resize").await;
    let fresh = create(&self::backend(), "resize").await;
    assert_eq!(created["RevisionId"], fresh["RevisionId"]);
}

#[tokio::test]
async fn versions_are_published_once_per_change_and_aliases_route_to_them() {
    let backend = backend();
    create(&backend, "resize").await;
    let one = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/versions",
        Some(json!({"Description": "first"})),
    )
    .await;
    assert_eq!(one.status, 201);
    let one = one.json();
    assert_eq!(
        (one["Version"].as_str(), one["FunctionArn"].as_str()),
        (Some("1"), Some(format!("{ARN}:1").as_str()))
    );
    assert_eq!(one["Description"], "first");
    // Nothing changed: the same version again.
    let same = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/versions",
        Some(json!({})),
    )
    .await
    .json();
    assert_eq!(same["Version"], "1");
    call(
        &backend,
        "PUT",
        "/2015-03-31/functions/resize/configuration",
        Some(json!({"Timeout": 30})),
    )
    .await;
    let two = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/versions",
        Some(json!({})),
    )
    .await
    .json();
    assert_eq!(
        (two["Version"].as_str(), two["Timeout"].as_i64()),
        (Some("2"), Some(30))
    );
    let listed = call(
        &backend,
        "GET",
        "/2015-03-31/functions/resize/versions",
        None,
    )
    .await
    .json();
    let versions: Vec<&str> = listed["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["Version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["$LATEST", "1", "2"]);
    assert_eq!(
        listed["Versions"][0]["FunctionArn"],
        format!("{ARN}:$LATEST")
    );
    let version_one = call(
        &backend,
        "GET",
        "/2015-03-31/functions/resize/configuration?Qualifier=1",
        None,
    )
    .await
    .json();
    assert_eq!(version_one["Timeout"], 3);

    let alias = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/aliases",
        Some(json!({"Name": "live", "FunctionVersion": "1",
                    "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.5}}})),
    )
    .await;
    assert_eq!(alias.status, 201);
    let alias = alias.json();
    assert_eq!(alias["AliasArn"], format!("{ARN}:live"));
    assert_eq!(
        alias["RoutingConfig"],
        json!({"AdditionalVersionWeights": {"2": 0.5}})
    );
    let duplicate = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/aliases",
        Some(json!({"Name": "live", "FunctionVersion": "1"})),
    )
    .await;
    assert_eq!(
        duplicate.error(),
        (
            409,
            "ResourceConflictException".into(),
            format!("Alias already exists: {ARN}:live")
        )
    );
    let no_version = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/aliases",
        Some(json!({"Name": "next", "FunctionVersion": "9"})),
    )
    .await;
    assert_eq!(
        no_version.error(),
        (
            404,
            "ResourceNotFoundException".into(),
            format!("Function not found: {ARN}:9")
        )
    );
    let in_use = call(
        &backend,
        "DELETE",
        "/2015-03-31/functions/resize?Qualifier=2",
        None,
    )
    .await;
    assert_eq!(in_use.error().0, 409);
    let moved = call(
        &backend,
        "PUT",
        "/2015-03-31/functions/resize/aliases/live",
        Some(
            json!({"FunctionVersion": "2", "RoutingConfig": {"AdditionalVersionWeights": {}},
                    "RevisionId": alias["RevisionId"]}),
        ),
    )
    .await
    .json();
    assert_eq!(moved["FunctionVersion"], "2");
    assert!(moved.get("RoutingConfig").is_none());
    let listed = call(
        &backend,
        "GET",
        "/2015-03-31/functions/resize/aliases?FunctionVersion=2",
        None,
    )
    .await
    .json();
    assert_eq!(listed["Aliases"].as_array().unwrap().len(), 1);
    assert_eq!(
        call(
            &backend,
            "DELETE",
            "/2015-03-31/functions/resize?Qualifier=1",
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        call(
            &backend,
            "DELETE",
            "/2015-03-31/functions/resize/aliases/live",
            None
        )
        .await
        .status,
        204
    );
    let gone = call(
        &backend,
        "GET",
        "/2015-03-31/functions/resize/aliases/live",
        None,
    )
    .await;
    assert_eq!(
        gone.error(),
        (
            404,
            "ResourceNotFoundException".into(),
            format!("Cannot find alias arn: {ARN}:live")
        )
    );
}

#[tokio::test]
async fn permissions_make_the_resource_policy() {
    let backend = backend();
    create(&backend, "resize").await;
    let added = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/policy",
        Some(
            json!({"StatementId": "s3", "Action": "lambda:InvokeFunction",
                    "Principal": "s3.amazonaws.com", "SourceArn": "arn:aws:s3:::photos"}),
        ),
    )
    .await;
    assert_eq!(added.status, 201);
    let statement = added.json()["Statement"].as_str().unwrap().to_owned();
    assert_eq!(
        statement,
        format!(
            r#"{{"Sid":"s3","Effect":"Allow","Principal":{{"Service":"s3.amazonaws.com"}},"Action":"lambda:InvokeFunction","Resource":"{ARN}","Condition":{{"ArnLike":{{"AWS:SourceArn":"arn:aws:s3:::photos"}}}}}}"#
        )
    );
    let again = call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/policy",
        Some(json!({"StatementId": "s3", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"})),
    )
    .await;
    assert_eq!(again.error().0, 409);
    let policy = call(&backend, "GET", "/2015-03-31/functions/resize/policy", None)
        .await
        .json();
    assert_eq!(
        policy["Policy"],
        format!(r#"{{"Version":"2012-10-17","Id":"default","Statement":[{statement}]}}"#)
    );
    let function = call(&backend, "GET", "/2015-03-31/functions/resize", None)
        .await
        .json();
    assert_eq!(
        policy["RevisionId"],
        function["Configuration"]["RevisionId"]
    );
    let removed = call(
        &backend,
        "DELETE",
        "/2015-03-31/functions/resize/policy/s3",
        None,
    )
    .await;
    assert_eq!(removed.status, 204);
    let empty = call(&backend, "GET", "/2015-03-31/functions/resize/policy", None).await;
    assert_eq!(
        empty.error(),
        (
            404,
            "ResourceNotFoundException".into(),
            "The resource you requested does not exist.".into()
        )
    );
    let unknown = call(
        &backend,
        "DELETE",
        "/2015-03-31/functions/resize/policy/s3",
        None,
    )
    .await;
    assert_eq!(
        unknown.error().2,
        "Statement s3 is not found in resource policy."
    );
}

#[tokio::test]
async fn event_source_mappings_are_kept_with_seeded_uuids() {
    let backend = backend();
    create(&backend, "resize").await;
    let queue = "arn:aws:sqs:us-east-1:123456789012:photos";
    let created = call(
        &backend,
        "POST",
        "/2015-03-31/event-source-mappings",
        Some(json!({"FunctionName": "resize", "EventSourceArn": queue})),
    )
    .await;
    assert_eq!(created.status, 202);
    let created = created.json();
    assert_eq!(created["State"], "Creating");
    assert_eq!(created["BatchSize"], 10);
    assert_eq!(created["FunctionArn"], ARN);
    assert_eq!(created["LastModified"], 1_704_067_200);
    let uuid = created["UUID"].as_str().unwrap().to_owned();
    let got = call(
        &backend,
        "GET",
        &format!("/2015-03-31/event-source-mappings/{uuid}"),
        None,
    )
    .await
    .json();
    assert_eq!(got["State"], "Enabled");
    let duplicate = call(
        &backend,
        "POST",
        "/2015-03-31/event-source-mappings",
        Some(json!({"FunctionName": "resize", "EventSourceArn": queue})),
    )
    .await;
    assert_eq!(duplicate.error().0, 409);
    assert!(
        duplicate.error().2.ends_with(&uuid),
        "{}",
        duplicate.error().2
    );
    let stream = call(
        &backend,
        "POST",
        "/2015-03-31/event-source-mappings",
        Some(json!({"FunctionName": "resize", "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"})),
    )
    .await;
    assert_eq!(stream.error().1, "InvalidParameterValueException");
    let listed = call(
        &backend,
        "GET",
        "/2015-03-31/event-source-mappings/?FunctionName=resize",
        None,
    )
    .await
    .json();
    assert_eq!(listed["EventSourceMappings"][0]["UUID"], uuid.as_str());
    let disabled = call(
        &backend,
        "PUT",
        &format!("/2015-03-31/event-source-mappings/{uuid}"),
        Some(json!({"Enabled": false, "BatchSize": 5})),
    )
    .await
    .json();
    assert_eq!(
        (disabled["State"].as_str(), disabled["BatchSize"].as_i64()),
        (Some("Updating"), Some(5))
    );
    let got = call(
        &backend,
        "GET",
        &format!("/2015-03-31/event-source-mappings/{uuid}"),
        None,
    )
    .await
    .json();
    assert_eq!(got["State"], "Disabled");
    let deleted = call(
        &backend,
        "DELETE",
        &format!("/2015-03-31/event-source-mappings/{uuid}"),
        None,
    )
    .await;
    assert_eq!(
        (deleted.status, deleted.json()["State"].as_str()),
        (202, Some("Deleting"))
    );
    let gone = call(
        &backend,
        "GET",
        &format!("/2015-03-31/event-source-mappings/{uuid}"),
        None,
    )
    .await;
    assert_eq!(gone.error().0, 404);
}

#[tokio::test]
async fn functions_and_mappings_are_tagged() {
    let backend = backend();
    let mut tagged = create_request("resize");
    tagged["Tags"] = json!({"team": "media"});
    call(&backend, "POST", "/2015-03-31/functions", Some(tagged)).await;
    let path = format!("/2017-03-31/tags/{}", ARN.replace(':', "%3A"));
    assert_eq!(
        call(
            &backend,
            "POST",
            &path,
            Some(json!({"Tags": {"cost": "low"}}))
        )
        .await
        .status,
        204
    );
    let tags = call(&backend, "GET", &path, None).await.json();
    assert_eq!(tags["Tags"], json!({"team": "media", "cost": "low"}));
    assert_eq!(
        call(&backend, "DELETE", &format!("{path}?tagKeys=team"), None)
            .await
            .status,
        204
    );
    let function = call(&backend, "GET", "/2015-03-31/functions/resize", None)
        .await
        .json();
    assert_eq!(function["Tags"], json!({"cost": "low"}));
    let version = call(&backend, "GET", &format!("{path}%3A1"), None).await;
    assert_eq!(version.error().1, "InvalidParameterValueException");

    let mapping = call(
        &backend,
        "POST",
        "/2015-03-31/event-source-mappings",
        Some(json!({"FunctionName": "resize", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:photos",
                    "Tags": {"team": "media"}})),
    )
    .await
    .json();
    let mapping_path = format!(
        "/2017-03-31/tags/{}",
        mapping["EventSourceMappingArn"]
            .as_str()
            .unwrap()
            .replace(':', "%3A")
    );
    call(
        &backend,
        "POST",
        &mapping_path,
        Some(json!({"Tags": {"cost": "low"}})),
    )
    .await;
    let tags = call(&backend, "GET", &mapping_path, None).await.json();
    assert_eq!(tags["Tags"], json!({"team": "media", "cost": "low"}));
    let unknown = call(
        &backend,
        "GET",
        "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Acrop",
        None,
    )
    .await;
    assert_eq!(unknown.error().0, 404);
}

#[tokio::test]
async fn invoke_runs_the_registered_handler() {
    let backend = backend();
    create(&backend, "resize").await;
    call(
        &backend,
        "PUT",
        "/2015-03-31/functions/resize/configuration",
        Some(json!({"Environment": {"Variables": {"BUCKET": "photos"}}})),
    )
    .await;
    backend.register_lambda_handler(
        "resize",
        LambdaHandler::new(|event, context| {
            context.log(format!("resizing {}", event["key"]));
            match event["width"].as_u64() {
                Some(width) => Ok(json!({
                    "bucket": context.env("BUCKET"),
                    "width": width / 2,
                    "request": context.request_id,
                    "version": context.function_version,
                    "arn": context.invoked_function_arn,
                })),
                None => Err(LambdaError::new("InvalidSize", "width is missing")),
            }
        }),
    );
    let answer = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[("x-amz-log-type", "Tail")],
        r#"{"key": "a.png", "width": 640}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-amz-executed-version"), Some("$LATEST"));
    assert_eq!(answer.header("x-amz-function-error"), None);
    let result = answer.json();
    assert_eq!(result["bucket"], "photos");
    assert_eq!(result["width"], 320);
    assert_eq!(result["arn"], ARN);
    assert_eq!(
        Some(result["request"].as_str().unwrap()),
        answer.header("x-amzn-requestid")
    );
    let log = String::from_utf8(
        STANDARD
            .decode(answer.header("x-amz-log-result").unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(log.starts_with("START RequestId: "), "{log}");
    assert!(
        log.contains("\nresizing \"a.png\"\nEND RequestId: "),
        "{log}"
    );
    assert!(
        log.contains("Duration: 0.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB"),
        "{log}"
    );

    let failed = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[],
        "{}",
    )
    .await;
    assert_eq!(failed.status, 200);
    assert_eq!(failed.header("x-amz-function-error"), Some("Unhandled"));
    assert_eq!(
        failed.json(),
        json!({"errorMessage": "width is missing", "errorType": "InvalidSize"})
    );

    let event = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[("x-amz-invocation-type", "Event")],
        "{}",
    )
    .await;
    assert_eq!((event.status, event.body.len()), (202, 0));
    let dry = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[("x-amz-invocation-type", "DryRun")],
        "{}",
    )
    .await;
    assert_eq!(dry.status, 204);
    let deprecated = invoke(
        &backend,
        "/2014-11-13/functions/resize/invoke-async",
        &[],
        r#"{"width": 2}"#,
    )
    .await;
    assert_eq!(deprecated.status, 202);

    let not_json = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[],
        "{",
    )
    .await;
    assert_eq!(not_json.error().1, "InvalidRequestContentException");
    let missing = invoke(
        &backend,
        "/2015-03-31/functions/crop/invocations",
        &[],
        "{}",
    )
    .await;
    assert_eq!(missing.error().0, 404);
}

#[tokio::test]
async fn invoke_through_versions_and_aliases() {
    let backend = backend();
    create(&backend, "resize").await;
    call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/versions",
        Some(json!({})),
    )
    .await;
    call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/aliases",
        Some(json!({"Name": "live", "FunctionVersion": "1"})),
    )
    .await;
    backend.register_lambda_handler(
        "resize",
        LambdaHandler::new_async(|_, context| async move {
            Ok(json!([
                context.function_version,
                context.invoked_function_arn
            ]))
        }),
    );
    let answer = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations?Qualifier=live",
        &[],
        "",
    )
    .await;
    assert_eq!(answer.header("x-amz-executed-version"), Some("1"));
    assert_eq!(answer.json(), json!(["1", format!("{ARN}:live")]));
    let by_arn = invoke(
        &backend,
        "/2015-03-31/functions/resize%3A1/invocations",
        &[],
        "",
    )
    .await;
    assert_eq!(by_arn.json(), json!(["1", format!("{ARN}:1")]));
}

#[tokio::test]
async fn invoke_without_a_handler_says_what_to_register() {
    let backend = backend();
    create(&backend, "resize").await;
    let answer = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[],
        "{}",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-amz-function-error"), Some("Unhandled"));
    let payload = answer.json();
    assert_eq!(payload["errorType"], "Runtime.HandlerNotFound");
    let message = payload["errorMessage"].as_str().unwrap();
    assert!(message.contains("moto.lambda(\"resize\""), "{message}");
    assert!(
        message.contains("register_lambda_handler(\"resize\""),
        "{message}"
    );
    // Not run, and no error either: a dry run checks the function only.
    let dry = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[("x-amz-invocation-type", "DryRun")],
        "{}",
    )
    .await;
    assert_eq!(dry.status, 204);
}

#[tokio::test]
async fn a_reset_forgets_functions_and_keeps_handlers() {
    let backend = backend();
    create(&backend, "resize").await;
    backend.register_lambda_handler("resize", LambdaHandler::new(|event, _| Ok(event)));
    backend.reset();
    let missing = call(&backend, "GET", "/2015-03-31/functions/resize", None).await;
    assert_eq!(missing.status, 404);
    create_role(&backend);
    create(&backend, "resize").await;
    let answer = invoke(
        &backend,
        "/2015-03-31/functions/resize/invocations",
        &[],
        "[7]",
    )
    .await;
    assert_eq!(answer.json(), json!([7]));
}

#[tokio::test]
async fn ids_are_seeded_and_reads_do_not_shift_them() {
    let quiet = backend();
    let busy = backend();
    let first = create(&quiet, "resize").await;
    assert_eq!(first, create(&busy, "resize").await);
    busy.register_lambda_handler("resize", LambdaHandler::new(|event, _| Ok(event)));
    for _ in 0..3 {
        call(&busy, "GET", "/2015-03-31/functions/resize", None).await;
        invoke(&busy, "/2015-03-31/functions/resize/invocations", &[], "{}").await;
    }
    assert_eq!(create(&quiet, "crop").await, create(&busy, "crop").await);
}

#[tokio::test]
async fn other_services_find_functions_by_name_arn_version_and_alias() {
    let backend = backend();
    create(&backend, "resize").await;
    call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/versions",
        Some(json!({})),
    )
    .await;
    call(
        &backend,
        "POST",
        "/2015-03-31/functions/resize/aliases",
        Some(json!({"Name": "live", "FunctionVersion": "1"})),
    )
    .await;
    let lambda = backend.services().lambda();
    let found = |identifier: &str| {
        lambda.has_function("us-east-1", crate::services::ACCOUNT_ID, identifier)
    };
    for identifier in [
        "resize",
        "resize:1",
        "resize:live",
        "123456789012:function:resize",
        "arn:aws:lambda:us-east-1:123456789012:function:resize:live",
    ] {
        assert!(found(identifier), "{identifier}");
    }
    for identifier in [
        "missing",
        "resize:2",
        "resize:dead",
        // Another account's, another region's, or not an identifier at all.
        "arn:aws:lambda:us-east-1:210987654321:function:resize",
        "arn:aws:lambda:eu-west-1:123456789012:function:resize",
        "not a name",
    ] {
        assert!(!found(identifier), "{identifier}");
    }
}

// ---------------------------------------------------------------------------
// Event source mappings from SQS queues.

const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:jobs";

/// An SQS call in JSON 1.0, as today's SDKs send it.
async fn sqs(backend: &Backend, operation: &str, body: Value) -> Value {
    let request = Request::builder()
        .method("POST")
        .uri("/")
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", format!("AmazonSQS.{operation}"))
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00",
        )
        .body(Bytes::from(body.to_string()))
        .unwrap();
    let response = backend.handle(request).await;
    let status = response.status();
    let answer: Value = serde_json::from_slice(response.body()).unwrap_or_default();
    assert!(status.is_success(), "{operation}: {answer}");
    answer
}

/// Creates the queue `name` with `attributes` and answers its url.
async fn queue(backend: &Backend, name: &str, attributes: Value) -> String {
    let created = sqs(
        backend,
        "CreateQueue",
        json!({"QueueName": name, "Attributes": attributes}),
    )
    .await;
    created["QueueUrl"].as_str().unwrap().to_owned()
}

/// Sends each of `bodies` in one SendMessageBatch.
async fn send_batch(backend: &Backend, url: &str, bodies: &[&str]) {
    let entries: Vec<Value> = bodies
        .iter()
        .enumerate()
        .map(|(index, body)| json!({"Id": format!("m{index}"), "MessageBody": body}))
        .collect();
    sqs(
        backend,
        "SendMessageBatch",
        json!({"QueueUrl": url, "Entries": entries}),
    )
    .await;
}

/// How many messages the queue holds: visible, in flight.
async fn held(backend: &Backend, url: &str) -> (String, String) {
    let attributes = sqs(
        backend,
        "GetQueueAttributes",
        json!({"QueueUrl": url, "AttributeNames": ["All"]}),
    )
    .await;
    let count = |name: &str| attributes["Attributes"][name].as_str().unwrap().to_owned();
    (
        count("ApproximateNumberOfMessages"),
        count("ApproximateNumberOfMessagesNotVisible"),
    )
}

async fn map_queue(backend: &Backend, queue_arn: &str, settings: Value) -> Value {
    let mut request = json!({"FunctionName": "resize", "EventSourceArn": queue_arn});
    request
        .as_object_mut()
        .unwrap()
        .extend(settings.as_object().unwrap().clone());
    let created = call(
        backend,
        "POST",
        "/2015-03-31/event-source-mappings/",
        Some(request),
    )
    .await;
    assert_eq!(created.status, 202, "{}", created.json());
    created.json()
}

/// Registers a handler for `resize` that keeps every event it gets and answers with
/// `answer` (given the event).
fn record_events(
    backend: &Backend,
    answer: impl Fn(&Value) -> Result<Value, LambdaError> + Send + Sync + 'static,
) -> std::sync::Arc<std::sync::Mutex<Vec<Value>>> {
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = std::sync::Arc::clone(&events);
    backend.register_lambda_handler(
        "resize",
        LambdaHandler::new(move |event, _| {
            kept.lock().unwrap().push(event.clone());
            answer(&event)
        }),
    );
    events
}

fn bodies(event: &Value) -> Vec<String> {
    event["Records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["body"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_mapped_queue_feeds_its_function_in_batches_and_loses_what_was_handled() {
    let backend = backend();
    create(&backend, "resize").await;
    let url = queue(&backend, "jobs", json!({})).await;
    let events = record_events(&backend, |_| Ok(Value::Null));
    let mapping = map_queue(&backend, QUEUE_ARN, json!({"BatchSize": 2})).await;
    sqs(
        &backend,
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "a.png",
               "MessageAttributes": {"size": {"DataType": "Number", "StringValue": "640"}}}),
    )
    .await;
    send_batch(&backend, &url, &["b.png", "c.png", "d.png"]).await;
    let events = events.lock().unwrap().clone();
    let batches: Vec<Vec<String>> = events.iter().map(bodies).collect();
    assert_eq!(
        batches,
        [vec!["a.png"], vec!["b.png", "c.png"], vec!["d.png"]]
    );
    let record = &events[0]["Records"][0];
    assert_eq!(record["eventSource"], "aws:sqs");
    assert_eq!(record["eventSourceARN"], QUEUE_ARN);
    assert_eq!(record["awsRegion"], "us-east-1");
    assert_eq!(record["md5OfBody"], "32d3ca5e23f4ccf1e4c8660c40e75f33");
    assert_eq!(record["attributes"]["ApproximateReceiveCount"], "1");
    assert_eq!(record["attributes"]["SentTimestamp"], "1704067200000");
    assert_eq!(
        record["attributes"]["ApproximateFirstReceiveTimestamp"],
        "1704067200000"
    );
    assert!(record["attributes"].get("MessageGroupId").is_none());
    assert_eq!(
        record["messageAttributes"]["size"],
        json!({"stringValue": "640", "stringListValues": [], "binaryListValues": [], "dataType": "Number"})
    );
    assert_eq!(held(&backend, &url).await, ("0".to_owned(), "0".to_owned()));
    let uuid = mapping["UUID"].as_str().unwrap();
    let got = call(
        &backend,
        "GET",
        &format!("/2015-03-31/event-source-mappings/{uuid}"),
        None,
    )
    .await;
    assert_eq!(got.json()["LastProcessingResult"], "OK");
}

#[tokio::test]
async fn failed_batches_stay_and_move_to_the_dead_letter_queue_after_max_receive_count() {
    let backend = backend();
    create(&backend, "resize").await;
    let dead_letters = queue(&backend, "jobs-dlq", json!({})).await;
    let redrive = json!({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:jobs-dlq",
                         "maxReceiveCount": 2})
    .to_string();
    let url = queue(
        &backend,
        "jobs",
        json!({"VisibilityTimeout": "30", "RedrivePolicy": redrive}),
    )
    .await;
    let events = record_events(&backend, |_| Err(LambdaError::new("Busy", "try later")));
    let mapping = map_queue(&backend, QUEUE_ARN, json!({})).await;
    send_batch(&backend, &url, &["a.png"]).await;
    assert_eq!(held(&backend, &url).await, ("0".to_owned(), "1".to_owned()));
    // Visible again after the visibility timeout: retried at the next poll.
    backend.clock().advance(Duration::from_secs(31)).unwrap();
    send_batch(&backend, &url, &["b.png"]).await;
    backend.clock().advance(Duration::from_secs(31)).unwrap();
    send_batch(&backend, &url, &["c.png"]).await;
    let events = events.lock().unwrap().clone();
    let batches: Vec<Vec<String>> = events.iter().map(bodies).collect();
    assert_eq!(
        batches,
        [
            vec!["a.png"],
            vec!["a.png", "b.png"],
            vec!["b.png", "c.png"]
        ]
    );
    assert_eq!(
        events[1]["Records"][0]["attributes"]["ApproximateReceiveCount"],
        "2"
    );
    // a.png was received twice: the third receive moved it to the dead-letter queue.
    let moved = sqs(
        &backend,
        "ReceiveMessage",
        json!({"QueueUrl": dead_letters, "MaxNumberOfMessages": 10}),
    )
    .await;
    assert_eq!(moved["Messages"][0]["Body"], "a.png");
    assert_eq!(held(&backend, &url).await, ("0".to_owned(), "2".to_owned()));
    let uuid = mapping["UUID"].as_str().unwrap();
    let got = call(
        &backend,
        "GET",
        &format!("/2015-03-31/event-source-mappings/{uuid}"),
        None,
    )
    .await;
    assert_eq!(
        got.json()["LastProcessingResult"],
        "PROBLEM: Function call failed"
    );
}

#[tokio::test]
async fn reported_item_failures_keep_only_those_items() {
    let backend = backend();
    create(&backend, "resize").await;
    let url = queue(&backend, "jobs", json!({})).await;
    record_events(&backend, |event| {
        let failed: Vec<Value> = event["Records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|record| record["body"] == "broken.png")
            .map(|record| json!({"itemIdentifier": record["messageId"]}))
            .collect();
        Ok(json!({"batchItemFailures": failed}))
    });
    map_queue(
        &backend,
        QUEUE_ARN,
        json!({"FunctionResponseTypes": ["ReportBatchItemFailures"]}),
    )
    .await;
    send_batch(&backend, &url, &["a.png", "broken.png", "c.png"]).await;
    assert_eq!(held(&backend, &url).await, ("0".to_owned(), "1".to_owned()));
}

#[tokio::test]
async fn fifo_records_come_in_group_order_with_their_fifo_attributes() {
    let backend = backend();
    create(&backend, "resize").await;
    let url = queue(
        &backend,
        "jobs.fifo",
        json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"}),
    )
    .await;
    let events = record_events(&backend, |_| Ok(Value::Null));
    map_queue(
        &backend,
        "arn:aws:sqs:us-east-1:123456789012:jobs.fifo",
        json!({"BatchSize": 10}),
    )
    .await;
    // Disabled first: nothing is read until the mapping is enabled.
    let uuid = {
        let listed = call(&backend, "GET", "/2015-03-31/event-source-mappings/", None).await;
        listed.json()["EventSourceMappings"][0]["UUID"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let path = format!("/2015-03-31/event-source-mappings/{uuid}");
    call(&backend, "PUT", &path, Some(json!({"Enabled": false}))).await;
    for (body, group) in [("a1", "a"), ("b1", "b"), ("a2", "a")] {
        sqs(
            &backend,
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": body, "MessageGroupId": group}),
        )
        .await;
    }
    assert!(events.lock().unwrap().is_empty());
    assert_eq!(held(&backend, &url).await, ("3".to_owned(), "0".to_owned()));
    let enabled = call(&backend, "PUT", &path, Some(json!({"Enabled": true}))).await;
    assert_eq!(enabled.status, 202);
    let events = events.lock().unwrap().clone();
    assert_eq!(events.len(), 1);
    assert_eq!(bodies(&events[0]), ["a1", "b1", "a2"]);
    let attributes = &events[0]["Records"][2]["attributes"];
    assert_eq!(attributes["MessageGroupId"], "a");
    assert_eq!(attributes["SequenceNumber"], "00000000000000000003");
    assert_eq!(
        attributes["MessageDeduplicationId"],
        crate::services::sqs::sha256_hex(b"a2")
    );
    assert_eq!(held(&backend, &url).await, ("0".to_owned(), "0".to_owned()));
}

#[tokio::test]
async fn without_a_handler_messages_stay_and_the_mapping_says_so() {
    let backend = backend();
    create(&backend, "resize").await;
    let url = queue(&backend, "jobs", json!({})).await;
    send_batch(&backend, &url, &["a.png"]).await;
    // Created on a queue that holds messages: polled at once.
    let mapping = map_queue(&backend, QUEUE_ARN, json!({})).await;
    assert_eq!(held(&backend, &url).await, ("1".to_owned(), "0".to_owned()));
    let uuid = mapping["UUID"].as_str().unwrap();
    let path = format!("/2015-03-31/event-source-mappings/{uuid}");
    let got = call(&backend, "GET", &path, None).await.json();
    assert_eq!(got["LastProcessingResult"], "PROBLEM: Function call failed");
    assert_eq!(got["State"], "Enabled");
    // Once a handler is registered, the next poll (an update here) reads the queue.
    let events = record_events(&backend, |_| Ok(Value::Null));
    call(&backend, "PUT", &path, Some(json!({"BatchSize": 5}))).await;
    assert_eq!(events.lock().unwrap().len(), 1);
    assert_eq!(held(&backend, &url).await, ("0".to_owned(), "0".to_owned()));
}

#[tokio::test]
async fn filtered_out_records_are_deleted_without_running_the_function() {
    let backend = backend();
    create(&backend, "resize").await;
    let url = queue(&backend, "jobs", json!({})).await;
    let events = record_events(&backend, |_| Ok(Value::Null));
    let refused = call(
        &backend,
        "POST",
        "/2015-03-31/event-source-mappings/",
        Some(
            json!({"FunctionName": "resize", "EventSourceArn": QUEUE_ARN,
                    "FilterCriteria": {"Filters": [{"Pattern": "{\"body\": 1"}]}}),
        ),
    )
    .await;
    assert_eq!(
        refused.error(),
        (
            400,
            "InvalidParameterValueException".to_owned(),
            "Invalid filter pattern definition.".to_owned()
        )
    );
    map_queue(
        &backend,
        QUEUE_ARN,
        json!({"FilterCriteria": {"Filters": [{"Pattern": "{\"body\": {\"kind\": [\"photo\"]}}"}]}}),
    )
    .await;
    send_batch(
        &backend,
        &url,
        &[
            r#"{"kind": "photo", "key": "a.png"}"#,
            r#"{"kind": "video"}"#,
            "plain text",
        ],
    )
    .await;
    let events = events.lock().unwrap().clone();
    assert_eq!(events.len(), 1);
    assert_eq!(bodies(&events[0]), [r#"{"kind": "photo", "key": "a.png"}"#]);
    assert_eq!(held(&backend, &url).await, ("0".to_owned(), "0".to_owned()));
}

#[tokio::test]
async fn a_role_iam_does_not_hold_is_refused_on_creation_only() {
    let backend = backend();
    create(&backend, "resize").await;
    let changed = call(
        &backend,
        "PUT",
        "/2015-03-31/functions/resize/configuration",
        Some(json!({"Role": "arn:aws:iam::123456789012:role/elsewhere"})),
    )
    .await;
    // As Moto 5.2.5, which checks the role only when the function is created.
    assert_eq!(changed.status, 200, "{}", changed.json());
    assert_eq!(
        changed.json()["Role"],
        "arn:aws:iam::123456789012:role/elsewhere"
    );
}
