//! The emulated AWS services: which service a request is for, and dispatch to it.
//!
//! A request is routed by, in order: its `X-Amz-Target` (JSON protocols), its `Action`
//! (query protocols, from the query string or a form body), its SigV4 credential scope
//! (header or presigned url), its host (`sqs.us-east-1.amazonaws.com`,
//! `bucket.localhost`); anything else is S3, as in Moto's server (path-style buckets
//! carry no other hint).

pub mod apigateway;
pub mod dynamodb;
pub mod ec2;
pub mod events;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod s3;
pub mod secretsmanager;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod sts;
pub mod timestreamwrite;
pub mod view;

use bytes::Bytes;
use http::{Request, Response, StatusCode};

use crate::clock::Clock;
use crate::models;
use crate::protocol::error::{Protocol, ServiceError};
use crate::protocol::model::{ServiceModel, WireProtocol};
use crate::protocol::{host, rest, sigv4};
use crate::random::MockRandom;
use crate::recording::query_pairs;

/// The region used when a request does not name one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The account every resource belongs to, as in Moto.
pub const ACCOUNT_ID: &str = "123456789012";

/// The services this backend emulates, by SigV4 signing name.
pub const EMULATED: &[&str] = &[
    "apigateway",
    "dynamodb",
    "ec2",
    "events",
    "iam",
    "kms",
    "lambda",
    "logs",
    "s3",
    "secretsmanager",
    "sns",
    "sqs",
    "ssm",
    "sts",
    "timestream",
];

/// How much of one service's model is emulated.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The service's name in messages (`DynamoDB`).
    pub title: &'static str,
    /// Its model.
    pub model: &'static ServiceModel,
    /// The operations emulated, sorted.
    pub implemented: Vec<&'static str>,
}

/// Every emulated service and the operations of its model it emulates, from the handler
/// tables (S3's from the methods its s3s implementation provides).
pub fn coverage() -> Vec<Coverage> {
    let entry = |title, model, implemented: Vec<&'static str>| {
        let mut implemented = implemented;
        implemented.sort_unstable();
        Coverage {
            title,
            model,
            implemented,
        }
    };
    vec![
        entry(
            "API Gateway",
            &models::apigateway::MODEL,
            apigateway::SERVICE.implemented().collect(),
        ),
        entry(
            "DynamoDB",
            &models::dynamodb::MODEL,
            dynamodb::operations().to_vec(),
        ),
        entry(
            "EC2",
            &models::ec2::MODEL,
            ec2::SERVICE.implemented().collect(),
        ),
        entry(
            "EventBridge",
            &models::events::MODEL,
            events::SERVICE.implemented().collect(),
        ),
        entry(
            "IAM",
            &models::iam::MODEL,
            iam::SERVICE.implemented().collect(),
        ),
        entry(
            "KMS",
            &models::kms::MODEL,
            kms::SERVICE.implemented().collect(),
        ),
        entry(
            "Lambda",
            &models::lambda::MODEL,
            lambda::SERVICE.implemented().collect(),
        ),
        entry(
            "CloudWatch Logs",
            &models::logs::MODEL,
            logs::SERVICE.implemented().collect(),
        ),
        entry("S3", &models::s3::MODEL, s3::OPERATIONS.to_vec()),
        entry(
            "Secrets Manager",
            &models::secretsmanager::MODEL,
            secretsmanager::SERVICE.implemented().collect(),
        ),
        entry(
            "SNS",
            &models::sns::MODEL,
            sns::SERVICE.implemented().collect(),
        ),
        entry(
            "SQS",
            &models::sqs::MODEL,
            sqs::SERVICE.implemented().collect(),
        ),
        entry(
            "SSM",
            &models::ssm::MODEL,
            ssm::SERVICE.implemented().collect(),
        ),
        entry(
            "STS",
            &models::sts::MODEL,
            sts::SERVICE.implemented().collect(),
        ),
        entry(
            "Timestream Write",
            &models::timestreamwrite::MODEL,
            timestreamwrite::SERVICE.implemented().collect(),
        ),
    ]
}

/// The protocol a model names, as AWS's documentation writes it.
fn protocol_name(protocol: WireProtocol) -> &'static str {
    match protocol {
        WireProtocol::AwsJson1_0 => "awsJson1.0",
        WireProtocol::AwsJson1_1 => "awsJson1.1",
        WireProtocol::Query => "awsQuery",
        WireProtocol::Ec2Query => "ec2Query",
        WireProtocol::RestJson1 => "restJson1",
        WireProtocol::RestXml => "restXml",
    }
}

/// The summary table of [`coverage`]: one row per service (signing name, protocol,
/// operations emulated, operations in the model), as the README shows it.
pub fn coverage_summary() -> String {
    let mut out =
        String::from("| service | protocol | emulated | in the model |\n|---|---|---|---|\n");
    for service in coverage() {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            service.model.signing_name,
            protocol_name(service.model.protocol),
            service.implemented.len(),
            service.model.operations.len()
        ));
    }
    out
}

/// COVERAGE.md: every operation of every emulated service, marked emulated or not.
pub fn coverage_markdown() -> String {
    let mut out = format!(
        "# Operation coverage\n\n\
         Every operation of every emulated service's AWS model (botocore {}), marked `[x]` \
         where moto-recorded emulates it. An operation without a mark answers the \
         protocol's error naming it (`InvalidAction`, `UnknownOperationException` or \
         `NotImplemented`), never an empty success.\n\n\
         Written from the code's handler tables: \
         `MOTO_RECORDED_UPDATE_COVERAGE=1 cargo test -p moto-recorded --test readme` \
         rewrites it, and that test fails when it is out of date.\n\n",
        models::BOTOCORE_VERSION
    );
    out.push_str(&coverage_summary());
    for service in coverage() {
        out.push_str(&format!(
            "\n## {} ({}, {}): {} of {}\n\n",
            service.title,
            service.model.signing_name,
            protocol_name(service.model.protocol),
            service.implemented.len(),
            service.model.operations.len()
        ));
        for operation in service.model.operations {
            let mark = if service.implemented.contains(&operation.name) {
                "x"
            } else {
                " "
            };
            out.push_str(&format!("- [{mark}] {}\n", operation.name));
        }
    }
    out
}

/// What a service handler gets besides the request.
#[derive(Debug)]
pub struct Context<'a> {
    /// Where every id comes from.
    pub random: &'a MockRandom,
    /// Where every timestamp comes from.
    pub clock: &'a Clock,
    /// Service, region, protocol and operation.
    pub route: &'a Route,
    /// This request's id.
    pub request_id: &'a str,
    /// The account (`123456789012`).
    pub account_id: &'a str,
    /// The origin the client used to reach this server (`http://127.0.0.1:41234`), for
    /// urls in responses such as SQS queue urls.
    pub origin: String,
    /// Every service's state in this backend, for what crosses services (SNS delivering to
    /// SQS, a rotation function looked up in Lambda).
    pub services: &'a ServiceStates,
}

impl Context<'_> {
    /// The error as this request's protocol sends it.
    pub fn error_response(&self, error: &ServiceError) -> Response<Bytes> {
        error.to_response(self.route.protocol, self.request_id)
    }
}

/// The state of every emulated service in one backend.
#[derive(Debug, Default)]
pub struct ServiceStates {
    apigateway: apigateway::ApiGatewayState,
    dynamodb: dynamodb::DynamoDbState,
    ec2: ec2::Ec2State,
    events: events::EventsState,
    iam: iam::IamState,
    kms: kms::KmsState,
    lambda: lambda::LambdaState,
    logs: logs::LogsState,
    s3: s3::S3State,
    secretsmanager: secretsmanager::SecretsManagerState,
    sns: sns::SnsState,
    sqs: sqs::SqsState,
    ssm: ssm::SsmState,
    sts: sts::StsState,
    timestreamwrite: timestreamwrite::TimestreamWriteState,
}

impl ServiceStates {
    /// Empties every service. Nothing is created here that draws random numbers.
    pub fn reset(&self) {
        self.apigateway.reset();
        self.dynamodb.reset();
        self.ec2.reset();
        self.events.reset();
        self.iam.reset();
        self.kms.reset();
        self.lambda.reset();
        self.logs.reset();
        self.s3.reset();
        self.secretsmanager.reset();
        self.sns.reset();
        self.sqs.reset();
        self.ssm.reset();
        self.sts.reset();
        self.timestreamwrite.reset();
    }

    /// Each service's resources for the state view, by signing name.
    pub(crate) fn views(&self, reader: &view::StateReader<'_>) -> Vec<(&'static str, view::Kinds)> {
        vec![
            (
                "apigateway",
                apigateway::view::view(&self.apigateway, reader),
            ),
            ("dynamodb", dynamodb::view::view(&self.dynamodb, reader)),
            ("ec2", ec2::view::view(&self.ec2, reader)),
            ("events", events::view::view(&self.events, reader)),
            ("iam", iam::view::view(&self.iam, reader)),
            ("kms", kms::view::view(&self.kms, reader)),
            ("lambda", lambda::view::view(&self.lambda, reader)),
            ("logs", logs::view::view(&self.logs, reader)),
            ("s3", s3::view::view(&self.s3, reader)),
            (
                "secretsmanager",
                secretsmanager::view::view(&self.secretsmanager, reader),
            ),
            ("sns", sns::view::view(&self.sns, reader)),
            ("sqs", sqs::view::view(&self.sqs, reader)),
            ("ssm", ssm::view::view(&self.ssm, reader)),
            (
                "timestream",
                timestreamwrite::view::view(&self.timestreamwrite, reader),
            ),
        ]
    }

    /// EventBridge's state, whose schedules fire when the clock moves.
    pub(crate) fn events(&self) -> &events::EventsState {
        &self.events
    }

    /// IAM's state.
    pub fn iam(&self) -> &iam::IamState {
        &self.iam
    }

    /// KMS's state.
    pub fn kms(&self) -> &kms::KmsState {
        &self.kms
    }

    /// Lambda's state, where tests register the Rust handlers that run as functions' code.
    pub fn lambda(&self) -> &lambda::LambdaState {
        &self.lambda
    }

    /// SNS's state, where the deliveries it made are kept.
    pub fn sns(&self) -> &sns::SnsState {
        &self.sns
    }

    /// SQS's state.
    pub fn sqs(&self) -> &sqs::SqsState {
        &self.sqs
    }
}

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The service's signing name (`s3`, `dynamodb`, `sqs`, `ec2`, ...).
    pub service: String,
    /// The region, from the credential scope (default `us-east-1`).
    pub region: String,
    /// The wire protocol.
    pub protocol: Protocol,
    /// The operation, when the request names it (`X-Amz-Target` or `Action`).
    pub operation: Option<String>,
}

/// Works out which service, region, protocol and operation a request is for.
pub fn route(request: &Request<Bytes>) -> Route {
    // An invocation of a deployed API Gateway stage: its host (`{api}.execute-api.{region}
    // .amazonaws.com`) is not an S3 bucket's, its path not an operation's.
    if let Some(target) = apigateway::invoke::target(request) {
        return Route {
            service: "apigateway".to_owned(),
            region: target.region.unwrap_or_else(|| DEFAULT_REGION.to_owned()),
            protocol: Protocol::RestJson1,
            operation: None,
        };
    }
    let headers = request.headers();
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let query = request.uri().query().unwrap_or_default();
    let scope_service_region = text("authorization")
        .and_then(sigv4::parse_authorization)
        .map(|auth| (auth.scope.service.to_owned(), auth.scope.region.to_owned()))
        .or_else(|| presigned_scope(query));
    let region = scope_service_region
        .as_ref()
        .map_or(DEFAULT_REGION, |(_, region)| region.as_str())
        .to_owned();
    let scope_service = scope_service_region
        .as_ref()
        .map(|(service, _)| service.as_str());
    let host_name = text("host").unwrap_or_default();

    if let Some((prefix, operation)) =
        text("x-amz-target").and_then(|target| target.split_once('.'))
    {
        let service = match model_of_target(prefix) {
            Some(model) => model.signing_name.to_owned(),
            None if prefix.starts_with("DynamoDBStreams") => "streams.dynamodb".to_owned(),
            None => scope_service.map_or_else(|| prefix.to_ascii_lowercase(), str::to_owned),
        };
        let protocol = if text("content-type").is_some_and(|kind| kind.contains("1.1")) {
            Protocol::AwsJson1_1
        } else {
            Protocol::AwsJson1_0 {
                query_compatible: text("x-amzn-query-mode") == Some("true"),
            }
        };
        return Route {
            service,
            region,
            protocol,
            operation: Some(operation.to_owned()),
        };
    }

    let is_form = text("content-type")
        .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded"));
    let form = if is_form {
        std::str::from_utf8(request.body()).unwrap_or_default()
    } else {
        ""
    };
    let param = |name: &str| {
        [query, form]
            .into_iter()
            .flat_map(query_pairs)
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    };
    if let Some(action) = param("Action") {
        let service = scope_service
            .map(str::to_owned)
            .or_else(|| aws_host_service(host_name))
            .or_else(|| service_of_api_version(param("Version")?).map(str::to_owned))
            .unwrap_or_else(|| "unknown".to_owned());
        let protocol = if service == "ec2" {
            Protocol::Ec2Query
        } else {
            Protocol::Query
        };
        return Route {
            service,
            region,
            protocol,
            operation: Some(action.to_owned()),
        };
    }

    let service = match scope_service {
        Some(service) => service.to_owned(),
        None if host::virtual_host_bucket(host_name).is_some() => "s3".to_owned(),
        None => aws_host_service(host_name)
            .or_else(|| rest_service_of_path(request))
            .unwrap_or_else(|| "s3".to_owned()),
    };
    // REST services: the protocol and the operation come from the service's model.
    let model = models::ALL
        .iter()
        .copied()
        .find(|model| model.signing_name == service);
    let protocol = match model.map(|model| model.protocol) {
        Some(WireProtocol::RestJson1) => Protocol::RestJson1,
        _ => Protocol::RestXml,
    };
    let operation = model.and_then(|model| rest_operation(model, request, host_name));
    Route {
        service,
        region,
        protocol,
        operation,
    }
}

/// An unsigned REST request (curl, a browser) names its service by its path only, as
/// Moto routes it: the non-S3 REST service with a template whose literal segments the
/// path has (`/2015-03-31/functions/...` is Lambda). S3's templates start with a label,
/// so they match any path and stay the fallback.
fn rest_service_of_path(request: &Request<Bytes>) -> Option<String> {
    models::ALL
        .iter()
        .filter(|model| {
            model.signing_name != "s3"
                && matches!(
                    model.protocol,
                    WireProtocol::RestJson1 | WireProtocol::RestXml
                )
        })
        .find(|model| {
            rest::match_operation(
                model,
                request.method().as_str(),
                request.uri().path(),
                request.uri().query().unwrap_or_default(),
                request.headers(),
            )
            .is_some_and(|matched| {
                matched
                    .operation
                    .uri
                    .trim_start_matches('/')
                    .split(['/', '?'])
                    .next()
                    .is_some_and(|first| !first.is_empty() && !first.starts_with('{'))
            })
        })
        .map(|model| model.signing_name.to_owned())
}

/// The model whose JSON protocol uses the `X-Amz-Target` prefix `prefix`.
fn model_of_target(prefix: &str) -> Option<&'static ServiceModel> {
    models::ALL
        .iter()
        .copied()
        .find(|model| model.target_prefix == Some(prefix))
}

/// The operation a REST request is, by the model's URI templates (for S3, a
/// virtual-hosted bucket counts as the path's first segment).
fn rest_operation(
    model: &ServiceModel,
    request: &Request<Bytes>,
    host_name: &str,
) -> Option<String> {
    if !matches!(
        model.protocol,
        WireProtocol::RestXml | WireProtocol::RestJson1
    ) {
        return None;
    }
    let path = request.uri().path();
    let path = match host::virtual_host_bucket(host_name).filter(|_| model.signing_name == "s3") {
        Some(bucket) => format!("/{bucket}{path}"),
        None => path.to_owned(),
    };
    rest::match_operation(
        model,
        request.method().as_str(),
        &path,
        request.uri().query().unwrap_or_default(),
        request.headers(),
    )
    .map(|matched| matched.operation.name.to_owned())
}

/// The service and region of a presigned url's `X-Amz-Credential`.
fn presigned_scope(query: &str) -> Option<(String, String)> {
    let (_, credential) = query_pairs(query).find(|(name, _)| *name == "X-Amz-Credential")?;
    let credential = credential.replace("%2F", "/").replace("%2f", "/");
    let scope = sigv4::parse_credential(&credential)?;
    Some((scope.service.to_owned(), scope.region.to_owned()))
}

/// The service of an AWS endpoint host (`sqs.us-east-1.amazonaws.com` -> `sqs`).
fn aws_host_service(host_name: &str) -> Option<String> {
    let name = host::strip_port(host_name);
    if !name.ends_with(".amazonaws.com") && !name.ends_with(".amazonaws.com.cn") {
        return None;
    }
    if host::virtual_host_bucket(name).is_some() {
        return Some("s3".to_owned());
    }
    let first = name.split('.').next()?;
    Some(if first.starts_with("s3") { "s3" } else { first }.to_owned())
}

/// Query-protocol requests without a signature still carry their API version: the
/// service whose model has it.
fn service_of_api_version(version: &str) -> Option<&'static str> {
    models::ALL
        .iter()
        .find(|model| {
            model.api_version == version
                && (matches!(model.protocol, WireProtocol::Query | WireProtocol::Ec2Query)
                    || model.query_compatible)
        })
        .map(|model| model.signing_name)
}

/// Sends a routed request to its service. A service or operation that is not emulated
/// gets the AWS error for it, in the request's protocol.
pub async fn dispatch(context: &Context<'_>, request: Request<Bytes>) -> Response<Bytes> {
    let states = context.services;
    match context.route.service.as_str() {
        "apigateway" => apigateway::handle(&states.apigateway, context, request).await,
        "dynamodb" => dynamodb::handle(&states.dynamodb, context, request).await,
        "ec2" => ec2::handle(&states.ec2, context, request).await,
        "events" => events::handle(&states.events, context, request).await,
        "iam" => iam::handle(&states.iam, context, request).await,
        "kms" => kms::handle(&states.kms, context, request).await,
        "lambda" => lambda::handle(&states.lambda, context, request).await,
        "logs" => logs::handle(&states.logs, context, request).await,
        "s3" => s3::handle(&states.s3, context, request).await,
        "secretsmanager" => secretsmanager::handle(&states.secretsmanager, context, request).await,
        "sns" => sns::handle(&states.sns, context, request).await,
        "sqs" => sqs::handle(&states.sqs, context, request).await,
        "ssm" => ssm::handle(&states.ssm, context, request).await,
        "sts" => sts::handle(&states.sts, context, request).await,
        "timestream" => timestreamwrite::handle(&states.timestreamwrite, context, request).await,
        _ => context.error_response(&unsupported(context.route)),
    }
}

/// The origin a client used, from the request's `Host` header.
pub fn request_origin(request: &Request<Bytes>) -> String {
    let host = request
        .headers()
        .get(http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("localhost:5000");
    format!("http://{host}")
}

/// The error for a service this backend does not emulate.
fn unsupported(route: &Route) -> ServiceError {
    let emulated = if EMULATED.is_empty() {
        "none yet".to_owned()
    } else {
        EMULATED.join(", ")
    };
    let operation = route
        .operation
        .as_deref()
        .map(|operation| format!(" (operation {operation})"))
        .unwrap_or_default();
    let message = format!(
        "moto-recorded does not emulate the {} service{operation}; emulated services: {emulated}",
        route.service
    );
    match route.protocol {
        Protocol::RestXml | Protocol::RestJson1 => {
            ServiceError::new(StatusCode::NOT_IMPLEMENTED, "NotImplemented", message)
        }
        Protocol::Query | Protocol::Ec2Query => {
            ServiceError::new(StatusCode::BAD_REQUEST, "InvalidAction", message)
        }
        Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 => ServiceError::new(
            StatusCode::BAD_REQUEST,
            "UnknownOperationException",
            message,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Bytes> {
        let mut builder = Request::builder().method("POST").uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Bytes::from(body.to_owned())).unwrap()
    }

    const SQS_AUTH: &str = "AWS4-HMAC-SHA256 Credential=testing/20240101/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=00";

    #[test]
    fn every_emulated_operation_is_in_its_model_and_handler_tables_are_sorted() {
        for service in coverage() {
            for name in &service.implemented {
                assert!(
                    service.model.operation(name).is_some(),
                    "{} has no operation {name}",
                    service.title
                );
            }
        }
        for table in [
            ec2::SERVICE.implemented().collect::<Vec<_>>(),
            lambda::SERVICE.implemented().collect(),
            secretsmanager::SERVICE.implemented().collect(),
            sqs::SERVICE.implemented().collect(),
            sts::SERVICE.implemented().collect(),
        ] {
            let mut sorted = table.clone();
            sorted.sort_unstable();
            assert_eq!(
                table, sorted,
                "handler tables are looked up by binary search"
            );
        }
    }

    #[test]
    fn routes_json_protocols_by_target() {
        let dynamo = route(&request(
            "/",
            &[("x-amz-target", "DynamoDB_20120810.PutItem")],
            "{}",
        ));
        assert_eq!(dynamo.service, "dynamodb");
        assert_eq!(dynamo.operation.as_deref(), Some("PutItem"));
        assert_eq!(
            dynamo.protocol,
            Protocol::AwsJson1_0 {
                query_compatible: false
            }
        );
        let sqs = route(&request(
            "/",
            &[
                ("x-amz-target", "AmazonSQS.SendMessage"),
                ("x-amzn-query-mode", "true"),
                ("authorization", SQS_AUTH),
            ],
            "{}",
        ));
        assert_eq!(
            (sqs.service.as_str(), sqs.region.as_str()),
            ("sqs", "eu-west-1")
        );
        assert_eq!(
            sqs.protocol,
            Protocol::AwsJson1_0 {
                query_compatible: true
            }
        );
        let kinesis = route(&request(
            "/",
            &[
                ("x-amz-target", "Kinesis_20131202.PutRecord"),
                ("content-type", "application/x-amz-json-1.1"),
            ],
            "{}",
        ));
        assert_eq!(kinesis.service, "kinesis_20131202");
        assert_eq!(kinesis.protocol, Protocol::AwsJson1_1);
    }

    #[test]
    fn routes_query_protocols_by_action() {
        let form = [(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )];
        let ec2 = route(&request(
            "/",
            &form,
            "Action=RunInstances&Version=2016-11-15",
        ));
        assert_eq!(ec2.service, "ec2");
        assert_eq!(ec2.protocol, Protocol::Ec2Query);
        assert_eq!(ec2.operation.as_deref(), Some("RunInstances"));
        let sts = route(&request(
            "/?Action=GetCallerIdentity&Version=2011-06-15",
            &[],
            "",
        ));
        assert_eq!(
            (sts.service.as_str(), sts.protocol),
            ("sts", Protocol::Query)
        );
        let signed = route(&request(
            "/",
            &[form[0], ("authorization", SQS_AUTH)],
            "Action=ListQueues&Version=2099-01-01",
        ));
        assert_eq!(signed.service, "sqs");
        let by_host = route(&request(
            "/?Action=ListUsers",
            &[("host", "iam.amazonaws.com")],
            "",
        ));
        assert_eq!(by_host.service, "iam");
    }

    #[test]
    fn everything_else_is_s3() {
        let path_style = route(&request("/bucket/key", &[("host", "127.0.0.1:5000")], ""));
        assert_eq!(
            (path_style.service.as_str(), path_style.protocol),
            ("s3", Protocol::RestXml)
        );
        let virtual_host = route(&request("/key", &[("host", "photos.localhost:5000")], ""));
        assert_eq!(virtual_host.service, "s3");
        let presigned = route(&request(
            "/b/k?X-Amz-Credential=AKID%2F20240101%2Fap-south-1%2Fs3%2Faws4_request&X-Amz-Signature=00",
            &[],
            "",
        ));
        assert_eq!(
            (presigned.service.as_str(), presigned.region.as_str()),
            ("s3", "ap-south-1")
        );
        let lambda = route(&request(
            "/2015-03-31/functions",
            &[(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=a/20240101/us-west-2/lambda/aws4_request, SignedHeaders=host, Signature=0",
            )],
            "",
        ));
        assert_eq!(
            (lambda.service.as_str(), lambda.region.as_str()),
            ("lambda", "us-west-2")
        );
        let unsigned = route(&request(
            "/2015-03-31/functions/resize/invocations",
            &[("host", "localhost:5000")],
            "{}",
        ));
        assert_eq!(
            (unsigned.service.as_str(), unsigned.protocol),
            ("lambda", Protocol::RestJson1),
            "an unsigned request is routed by its path"
        );
        assert_eq!(unsigned.operation.as_deref(), Some("Invoke"));
        let bucket = route(&request(
            "/2015-03-31/key",
            &[("host", "localhost:5000")],
            "",
        ));
        assert_eq!(bucket.service, "s3", "a bucket may be called 2015-03-31");
    }

    #[test]
    fn services_that_are_not_emulated_get_an_aws_error_in_their_protocol() {
        let route = Route {
            service: "kinesis".into(),
            region: DEFAULT_REGION.into(),
            protocol: Protocol::AwsJson1_1,
            operation: Some("PutRecord".into()),
        };
        let error = unsupported(&route);
        assert_eq!(error.code, "UnknownOperationException");
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert!(
            error.message.starts_with(
                "moto-recorded does not emulate the kinesis service (operation PutRecord)"
            ),
            "{}",
            error.message
        );
    }
}

/// Every operation of every emulated service's model, sent as its protocol sends it,
/// answers: those not emulated with the protocol's error naming them.
#[cfg(test)]
mod coverage_tests {
    use super::*;
    use crate::backend::{Backend, BackendOptions};
    use crate::protocol::model::Operation;

    fn authorization(service: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00"
        )
    }

    /// `operation` as an SDK would send it with its required members filled in.
    fn request(model: &ServiceModel, operation: &Operation) -> Request<Bytes> {
        let builder = Request::builder()
            .header("host", "localhost:5000")
            .header("authorization", authorization(model.signing_name));
        match model.protocol {
            WireProtocol::AwsJson1_0 | WireProtocol::AwsJson1_1 => builder
                .method("POST")
                .uri("/")
                .header(
                    "content-type",
                    if model.protocol == WireProtocol::AwsJson1_1 {
                        "application/x-amz-json-1.1"
                    } else {
                        "application/x-amz-json-1.0"
                    },
                )
                .header(
                    "x-amz-target",
                    format!("{}.{}", model.target_prefix.unwrap(), operation.name),
                )
                .body(Bytes::from_static(b"{}"))
                .unwrap(),
            WireProtocol::Query | WireProtocol::Ec2Query => builder
                .method("POST")
                .uri("/")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Bytes::from(format!(
                    "Action={}&Version={}",
                    operation.name, model.api_version
                )))
                .unwrap(),
            WireProtocol::RestXml | WireProtocol::RestJson1 => {
                let (path, literal) = operation.uri.split_once('?').unwrap_or((operation.uri, ""));
                let mut path = path.replace("{Key+}", "key").replace("{Bucket}", "bucket");
                while let Some(start) = path.find('{') {
                    let end = path[start..].find('}').unwrap() + start;
                    path.replace_range(start..=end, "label");
                }
                let mut query: Vec<String> = literal
                    .split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(str::to_owned)
                    .collect();
                let mut builder = builder.method(operation.method);
                if let Some(input) = operation.input {
                    for member in model.shape(input).members.iter().filter(|m| m.required) {
                        match member.location {
                            crate::protocol::model::Location::QueryString => {
                                query.push(format!("{}=1", member.wire_name()));
                            }
                            crate::protocol::model::Location::Header => {
                                builder = builder.header(member.wire_name(), "x");
                            }
                            _ => {}
                        }
                    }
                }
                let uri = if query.is_empty() {
                    path
                } else {
                    format!("{path}?{}", query.join("&"))
                };
                builder.uri(uri).body(Bytes::new()).unwrap()
            }
        }
    }

    #[tokio::test]
    async fn operations_that_are_not_emulated_are_named_in_their_protocol() {
        let backend = Backend::new(BackendOptions::default());
        let mut checked = 0;
        for service in coverage() {
            for operation in service.model.operations {
                if service.implemented.contains(&operation.name) {
                    continue;
                }
                let sent = request(service.model, operation);
                // Some REST operations share a template with another (S3's deprecated
                // GetBucketLifecycle, ListDirectoryBuckets on another endpoint): the
                // request names that one, which must then have the same template.
                if let Some(named) = route(&sent).operation.filter(|name| name != operation.name) {
                    let other = service.model.operation(&named).unwrap();
                    assert_eq!(
                        (other.method, other.uri),
                        (operation.method, operation.uri),
                        "{} {} was routed to {named}",
                        service.title,
                        operation.name
                    );
                    continue;
                }
                let response = backend.handle(sent).await;
                let body = String::from_utf8_lossy(response.body()).into_owned();
                assert!(
                    response.status().is_client_error() || response.status() == 501,
                    "{} {}: {} {body}",
                    service.title,
                    operation.name,
                    response.status()
                );
                assert!(
                    body.contains(&format!("operation {} yet", operation.name)),
                    "{} {}: {body}",
                    service.title,
                    operation.name
                );
                checked += 1;
            }
        }
        assert!(checked > 900, "{checked}");
    }
}
