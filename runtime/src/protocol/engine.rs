//! The protocol engine: one request flow for every service on it, driven by AWS's
//! models (`crate::models`), so a service is only its behaviour.
//!
//! route (operation from `X-Amz-Target`, `Action` or the URI template) -> decode (the
//! input as neutral JSON) -> validate (the model's constraints) -> the handler ->
//! encode (the output, or the error, as the request's protocol writes it).
//!
//! # The neutral form
//! Handlers read and write JSON values keyed by the model's member names, whatever the
//! wire: structures are objects, lists arrays, maps objects, numbers and booleans
//! themselves, blobs base64 text, and timestamps seconds since the epoch (a number).
//! That is the awsJson wire form, so JSON requests pass through almost untouched.

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use serde_json::{Map, Value};

use super::decode::{self, DecodeError, JsonNames, QueryInput};
use super::encode::{self, XmlOut};
use super::error::{Protocol, ServiceError};
use super::model::{Location, Operation, ServiceModel, Shape, TimestampFormat};
use super::rest;
use super::validate::{self, Violation};
use super::xml_tree;
use crate::services::Context;

/// What a handler answers: the output in neutral form, or an AWS error.
pub type Answer = Result<Value, ServiceError>;

/// The future of an asynchronous handler.
pub type AnswerFuture<'a> = Pin<Box<dyn Future<Output = Answer> + Send + 'a>>;

/// A decoded request, as a handler gets it.
#[derive(Debug)]
pub struct Input<'r> {
    /// The operation's input in neutral form.
    pub value: Value,
    /// The request itself, for what the model does not carry (the caller's access key,
    /// the queue url SQS's query clients post to).
    pub request: &'r Request<Bytes>,
}

/// The function that answers one operation.
pub enum Handler<S: 'static> {
    /// Answers at once.
    Sync(fn(&S, &Context<'_>, Input<'_>) -> Answer),
    /// Answers later (SQS's long polls).
    Async(for<'a> fn(&'a S, &'a Context<'a>, Input<'a>) -> AnswerFuture<'a>),
}

impl<S> std::fmt::Debug for Handler<S> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            Handler::Sync(_) => "Handler::Sync",
            Handler::Async(_) => "Handler::Async",
        })
    }
}

/// How a service answers inputs that break the model's constraints.
#[derive(Debug, Clone, Copy)]
pub enum Validation {
    /// Every violation in one error with `code`, in AWS's words (`1 validation error
    /// detected: Value null at 'roleArn' failed to satisfy constraint: ...`).
    Collected {
        /// The error code (`ValidationException`, STS's `ValidationError`).
        code: &'static str,
    },
    /// Only missing required members, answered by the service's own error for the first
    /// one (EC2's and SQS's `MissingParameter`), or left to the handler when that gives
    /// `None`; the handlers check the rest.
    Required(fn(&Violation) -> Option<ServiceError>),
}

/// A service on the engine: its model, its handlers and its validation rule.
#[derive(Debug)]
pub struct Service<S: 'static> {
    /// The model.
    pub model: &'static ServiceModel,
    /// The name messages use (`SQS`, `EC2`).
    pub title: &'static str,
    /// Every implemented operation and its handler, sorted by name.
    pub handlers: &'static [(&'static str, Handler<S>)],
    /// How constraint violations are answered.
    pub validation: Validation,
    /// The XML namespace of answers, when it differs from the model's (EC2's ends in a
    /// slash on the wire).
    pub xml_namespace: Option<&'static str>,
    /// The service's own code for an operation it does not support, when it has one
    /// (SQS's `UnsupportedOperation`); else the protocol's.
    pub not_implemented_code: Option<&'static str>,
    /// Fills the decoded input from what the request carries outside the model, before
    /// validation (SQS's query clients post to the queue's url).
    pub prepare: Option<fn(&Request<Bytes>, &mut Value)>,
}

impl<S: Sync + 'static> Service<S> {
    /// The names of the implemented operations.
    pub fn implemented(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.handlers.iter().map(|(name, _)| *name)
    }

    /// Runs the handler of `operation` on `input` as given, outside any request: no
    /// decoding, validation or encoding. `None` when the operation has no handler that
    /// answers at once. The state view reads services through this.
    pub fn call(
        &self,
        state: &S,
        context: &Context<'_>,
        operation: &str,
        input: Value,
    ) -> Option<Answer> {
        let Handler::Sync(handler) = self.handler(operation)? else {
            return None;
        };
        let request = Request::new(Bytes::new());
        Some(handler(
            state,
            context,
            Input {
                value: input,
                request: &request,
            },
        ))
    }

    fn handler(&self, name: &str) -> Option<&Handler<S>> {
        self.handlers
            .binary_search_by(|(candidate, _)| candidate.cmp(&name))
            .ok()
            .map(|index| &self.handlers[index].1)
    }

    /// The modelled operation `request` is, by its protocol's rule.
    pub fn operation_of(
        &self,
        context: &Context<'_>,
        request: &Request<Bytes>,
    ) -> Result<rest::Matched, ServiceError> {
        let protocol = context.route.protocol;
        if matches!(protocol, Protocol::RestXml | Protocol::RestJson1) {
            let uri = request.uri();
            return rest::match_operation(
                self.model,
                request.method().as_str(),
                uri.path(),
                uri.query().unwrap_or_default(),
                request.headers(),
            )
            .ok_or_else(|| {
                self.unknown_operation(protocol, &format!("{} {}", request.method(), uri.path()))
            });
        }
        let Some(name) = context.route.operation.as_deref() else {
            return Err(missing_action());
        };
        self.model
            .operation(name)
            .map(|operation| rest::Matched {
                operation,
                labels: Vec::new(),
            })
            .ok_or_else(|| self.unknown_operation(protocol, name))
    }

    /// Answers `request`.
    pub async fn serve(
        &self,
        state: &S,
        context: &Context<'_>,
        request: &Request<Bytes>,
    ) -> Response<Bytes> {
        let protocol = context.route.protocol;
        let answer = self.answer(state, context, request).await;
        match answer {
            Ok((operation, output)) => self.respond(context, operation, &output),
            Err(mut error) => {
                if error.query_code.is_none()
                    && let Some(info) = self
                        .model
                        .shape_named(&error.code)
                        .and_then(|shape| shape.error)
                {
                    error.query_code = info.query_code.map(str::to_owned);
                }
                error.to_response(protocol, context.request_id)
            }
        }
    }

    async fn answer(
        &self,
        state: &S,
        context: &Context<'_>,
        request: &Request<Bytes>,
    ) -> Result<(&'static Operation, Value), ServiceError> {
        let rest::Matched { operation, labels } = self.operation_of(context, request)?;
        let Some(handler) = self.handler(operation.name) else {
            return Err(self.not_implemented(context.route.protocol, operation.name));
        };
        let mut value = self.decode(context.route.protocol, operation, &labels, request)?;
        if let Some(prepare) = self.prepare {
            prepare(request, &mut value);
        }
        if let Some(input) = operation.input {
            let violations = validate::check(self.model, self.model.shape(input), &value);
            if let Some(error) = self.validation_error(&violations) {
                return Err(error);
            }
        }
        tracing::debug!(operation = operation.name, "request decoded");
        let input = Input { value, request };
        let output = match handler {
            Handler::Sync(handle) => handle(state, context, input)?,
            Handler::Async(handle) => handle(state, context, input).await?,
        };
        Ok((operation, output))
    }

    fn validation_error(&self, violations: &[Violation]) -> Option<ServiceError> {
        match self.validation {
            Validation::Collected { .. } if violations.is_empty() => None,
            Validation::Collected { code } => Some(ServiceError::new(
                StatusCode::BAD_REQUEST,
                code,
                validate::message(violations),
            )),
            Validation::Required(missing) => violations
                .iter()
                .filter(|violation| violation.is_missing())
                .find_map(missing),
        }
    }

    /// The request's input in neutral form.
    pub fn decode(
        &self,
        protocol: Protocol,
        operation: &Operation,
        labels: &[(&'static str, String)],
        request: &Request<Bytes>,
    ) -> Result<Value, ServiceError> {
        let Some(input) = operation.input else {
            return Ok(Value::Object(Map::new()));
        };
        let shape = self.model.shape(input);
        let serialization = |error: DecodeError| serialization_error(protocol, &error);
        match protocol {
            Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 => {
                let body = request.body();
                if body.iter().all(u8::is_ascii_whitespace) {
                    return Ok(Value::Object(Map::new()));
                }
                let document: Value = serde_json::from_slice(body).map_err(|error| {
                    ServiceError::new(
                        StatusCode::BAD_REQUEST,
                        "SerializationException",
                        format!("The request body is not valid JSON: {error}"),
                    )
                })?;
                if !document.is_object() {
                    return Err(ServiceError::new(
                        StatusCode::BAD_REQUEST,
                        "SerializationException",
                        "The request body is not a JSON object.",
                    ));
                }
                decode::from_json(self.model, shape, &document, "", JsonNames::Member)
                    .map_err(serialization)
            }
            Protocol::Query | Protocol::Ec2Query => {
                let form = std::str::from_utf8(request.body()).unwrap_or_default();
                QueryInput::new(
                    request.uri().query().unwrap_or_default(),
                    form,
                    protocol == Protocol::Ec2Query,
                )
                .decode(self.model, shape)
                .map_err(serialization)
            }
            Protocol::RestXml | Protocol::RestJson1 => self
                .decode_rest(protocol, shape, labels, request)
                .map_err(serialization),
        }
    }

    fn decode_rest(
        &self,
        protocol: Protocol,
        shape: &Shape,
        labels: &[(&'static str, String)],
        request: &Request<Bytes>,
    ) -> Result<Value, DecodeError> {
        let mut out = Map::new();
        let query: Vec<(String, String)> =
            super::query::decoded_pairs(request.uri().query().unwrap_or_default()).collect();
        for member in shape.members {
            let member_shape = self.model.shape(member.shape);
            let name = member.wire_name();
            let value = match member.location {
                Location::Uri => labels
                    .iter()
                    .find(|(label, _)| *label == name)
                    .map(|(_, text)| decode::scalar_from_text(member_shape, text, member.name))
                    .transpose()?,
                Location::QueryString => {
                    rest_query_member(self.model, member, member_shape, &query)?
                }
                Location::Header => request
                    .headers()
                    .get(name)
                    .and_then(|value| value.to_str().ok())
                    .map(|text| header_value(self.model, member_shape, text, member.name))
                    .transpose()?,
                Location::Headers => {
                    let prefix = name.to_ascii_lowercase();
                    let entries: Map<String, Value> = request
                        .headers()
                        .iter()
                        .filter_map(|(key, value)| {
                            let suffix = key.as_str().strip_prefix(&prefix)?;
                            Some((
                                suffix.to_owned(),
                                Value::String(value.to_str().ok()?.to_owned()),
                            ))
                        })
                        .collect();
                    (!entries.is_empty()).then_some(Value::Object(entries))
                }
                Location::StatusCode | Location::Body => None,
            };
            if let Some(value) = value {
                out.insert(member.name.to_owned(), value);
            }
        }
        let body = request.body();
        if let Some(payload) = shape.payload.and_then(|name| shape.member(name)) {
            let payload_shape = self.model.shape(payload.shape);
            let value = match payload_shape.kind {
                super::model::Kind::Blob => (!body.is_empty()).then(|| {
                    use base64::Engine as _;
                    Value::String(base64::engine::general_purpose::STANDARD.encode(body))
                }),
                super::model::Kind::String => (!body.is_empty())
                    .then(|| Value::String(String::from_utf8_lossy(body).into_owned())),
                _ if body.iter().all(u8::is_ascii_whitespace) => None,
                _ => Some(self.document(protocol, payload_shape, body, payload.name)?),
            };
            if let Some(value) = value {
                out.insert(payload.name.to_owned(), value);
            }
        } else if !body.iter().all(u8::is_ascii_whitespace)
            && let Value::Object(members) = self.document(protocol, shape, body, "")?
        {
            out.extend(members);
        }
        Ok(Value::Object(out))
    }

    /// A JSON or XML body document as `shape`.
    fn document(
        &self,
        protocol: Protocol,
        shape: &Shape,
        body: &[u8],
        path: &str,
    ) -> Result<Value, DecodeError> {
        if protocol == Protocol::RestJson1 {
            let document: Value = serde_json::from_slice(body).map_err(|error| DecodeError {
                message: format!("The request body is not valid JSON: {error}"),
                path: path.to_owned(),
            })?;
            decode::from_json(self.model, shape, &document, path, JsonNames::Location)
        } else {
            let root = xml_tree::parse(body).map_err(|error| DecodeError {
                message: error.to_string(),
                path: path.to_owned(),
            })?;
            decode::from_xml(self.model, shape, &root, path)
        }
    }

    /// The successful answer to `operation` with `output`.
    fn respond(
        &self,
        context: &Context<'_>,
        operation: &Operation,
        output: &Value,
    ) -> Response<Bytes> {
        let protocol = context.route.protocol;
        let output_shape = operation.output.map(|id| self.model.shape(id));
        let namespace = self.xml_namespace.or(self.model.xml_namespace);
        let mut status = StatusCode::from_u16(operation.status).unwrap_or(StatusCode::OK);
        let mut extra_headers: Vec<(String, String)> = Vec::new();
        let (content_type, body): (&'static str, Bytes) = match protocol {
            Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 => {
                let document = output_shape.map_or_else(
                    || Value::Object(Map::new()),
                    |shape| encode::to_json(self.model, shape, output, JsonNames::Member),
                );
                let content_type = if protocol == Protocol::AwsJson1_1 {
                    "application/x-amz-json-1.1"
                } else {
                    "application/x-amz-json-1.0"
                };
                (content_type, Bytes::from(document.to_string()))
            }
            Protocol::Query => {
                let root = format!("{}Response", operation.name);
                let mut xml = XmlOut::new(self.model, XML_DECLARATION);
                xml.raw(&open_tag(&root, namespace));
                if let Some(shape) = output_shape {
                    let wrapper = operation
                        .result_wrapper
                        .map_or_else(|| format!("{}Result", operation.name), str::to_owned);
                    xml.raw(&format!("<{wrapper}>"))
                        .members(shape, output)
                        .raw(&format!("</{wrapper}>"));
                }
                xml.raw("<ResponseMetadata>")
                    .text_element("RequestId", context.request_id)
                    .raw(&format!("</ResponseMetadata></{root}>"));
                ("text/xml", Bytes::from(xml.finish()))
            }
            Protocol::Ec2Query => {
                let root = format!("{}Response", operation.name);
                let mut xml = XmlOut::new(self.model, XML_DECLARATION);
                xml.raw(&open_tag(&root, namespace))
                    .text_element("requestId", context.request_id);
                match output_shape {
                    Some(shape) => {
                        xml.members(shape, output);
                    }
                    // EC2 answers operations without output with `<return>true</return>`.
                    None => {
                        xml.text_element("return", "true");
                    }
                }
                xml.raw(&format!("</{root}>"));
                ("text/xml;charset=UTF-8", Bytes::from(xml.finish()))
            }
            Protocol::RestXml | Protocol::RestJson1 => {
                let Some(shape) = output_shape else {
                    let content_type = if protocol == Protocol::RestJson1 {
                        "application/json"
                    } else {
                        "application/xml"
                    };
                    return finish_response(
                        status,
                        content_type,
                        Bytes::new(),
                        &[],
                        context.request_id,
                    );
                };
                let object = output.as_object();
                for member in shape.members {
                    let Some(item) = object
                        .and_then(|object| object.get(member.name))
                        .filter(|item| !item.is_null())
                    else {
                        continue;
                    };
                    let member_shape = self.model.shape(member.shape);
                    match member.location {
                        Location::Header => extra_headers.push((
                            member.wire_name().to_owned(),
                            header_text(self.model, member_shape, item),
                        )),
                        Location::Headers => {
                            if let Value::Object(entries) = item {
                                for (key, value) in entries {
                                    extra_headers.push((
                                        format!("{}{key}", member.wire_name()),
                                        value.as_str().unwrap_or_default().to_owned(),
                                    ));
                                }
                            }
                        }
                        Location::StatusCode => {
                            if let Some(code) =
                                item.as_u64().and_then(|code| u16::try_from(code).ok())
                            {
                                status = StatusCode::from_u16(code).unwrap_or(status);
                            }
                        }
                        _ => {}
                    }
                }
                self.rest_body(protocol, shape, output, namespace)
            }
        };
        finish_response(
            status,
            content_type,
            body,
            &extra_headers,
            context.request_id,
        )
    }

    fn rest_body(
        &self,
        protocol: Protocol,
        shape: &Shape,
        output: &Value,
        namespace: Option<&str>,
    ) -> (&'static str, Bytes) {
        let json = protocol == Protocol::RestJson1;
        if let Some(payload) = shape.payload.and_then(|name| shape.member(name)) {
            let payload_shape = self.model.shape(payload.shape);
            let Some(value) = output.get(payload.name).filter(|value| !value.is_null()) else {
                return (
                    if json {
                        "application/json"
                    } else {
                        "application/xml"
                    },
                    Bytes::new(),
                );
            };
            return match payload_shape.kind {
                super::model::Kind::Blob => {
                    use base64::Engine as _;
                    let bytes = value
                        .as_str()
                        .and_then(|text| {
                            base64::engine::general_purpose::STANDARD.decode(text).ok()
                        })
                        .unwrap_or_default();
                    ("application/octet-stream", Bytes::from(bytes))
                }
                super::model::Kind::String => (
                    "text/plain",
                    Bytes::from(value.as_str().unwrap_or_default().to_owned()),
                ),
                _ if json => (
                    "application/json",
                    Bytes::from(
                        encode::to_json(self.model, payload_shape, value, JsonNames::Location)
                            .to_string(),
                    ),
                ),
                _ => {
                    let name = payload
                        .location_name
                        .or(payload_shape.location_name)
                        .unwrap_or(payload_shape.name);
                    let mut xml = XmlOut::new(self.model, XML_DECLARATION);
                    xml.structure_element(
                        name,
                        payload.xml_namespace.or(namespace),
                        payload_shape,
                        value,
                    );
                    ("application/xml", Bytes::from(xml.finish()))
                }
            };
        }
        if json {
            return (
                "application/json",
                Bytes::from(
                    encode::to_json(self.model, shape, output, JsonNames::Location).to_string(),
                ),
            );
        }
        let has_body = shape.members.iter().any(|member| {
            member.location == Location::Body
                && output
                    .get(member.name)
                    .is_some_and(|value| !value.is_null())
        });
        if !has_body {
            return ("application/xml", Bytes::new());
        }
        let name = shape.location_name.unwrap_or(shape.name);
        let mut xml = XmlOut::new(self.model, XML_DECLARATION);
        xml.structure_element(name, namespace, shape, output);
        ("application/xml", Bytes::from(xml.finish()))
    }

    /// The error for an operation the model does not have.
    fn unknown_operation(&self, protocol: Protocol, name: &str) -> ServiceError {
        match protocol {
            Protocol::Query | Protocol::Ec2Query => ServiceError::new(
                StatusCode::BAD_REQUEST,
                "InvalidAction",
                format!("The action {name} is not valid for this web service."),
            ),
            Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 => ServiceError::new(
                StatusCode::BAD_REQUEST,
                "UnknownOperationException",
                format!("{} has no operation {name}", self.title),
            )
            .with_query_code("InvalidAction"),
            Protocol::RestXml | Protocol::RestJson1 => ServiceError::new(
                StatusCode::NOT_FOUND,
                "UnknownOperationException",
                format!("{} has no operation for {name}", self.title),
            ),
        }
    }

    /// The error for a modelled operation no handler implements.
    pub fn not_implemented(&self, protocol: Protocol, name: &str) -> ServiceError {
        let message = not_emulated_message(self.title, name, self.handlers.len(), self.model);
        match protocol {
            Protocol::Query | Protocol::Ec2Query => {
                ServiceError::new(StatusCode::BAD_REQUEST, "InvalidAction", message)
            }
            Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 => ServiceError::new(
                StatusCode::BAD_REQUEST,
                self.not_implemented_code
                    .unwrap_or("UnknownOperationException"),
                message,
            )
            .with_query_code("InvalidAction"),
            Protocol::RestXml | Protocol::RestJson1 => ServiceError::new(
                StatusCode::NOT_IMPLEMENTED,
                self.not_implemented_code.unwrap_or("NotImplemented"),
                message,
            ),
        }
    }
}

/// What every service says of a modelled operation it does not emulate.
pub fn not_emulated_message(
    title: &str,
    operation: &str,
    implemented: usize,
    model: &ServiceModel,
) -> String {
    format!(
        "moto-recorded does not emulate the {title} operation {operation} yet (it emulates \
         {implemented} of the {} {title} operations: see COVERAGE.md)",
        model.operations.len()
    )
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

fn open_tag(name: &str, namespace: Option<&str>) -> String {
    match namespace {
        Some(namespace) => format!("<{name} xmlns=\"{}\">", super::xml::escape(namespace)),
        None => format!("<{name}>"),
    }
}

fn finish_response(
    status: StatusCode,
    content_type: &'static str,
    body: Bytes,
    extra_headers: &[(String, String)],
    request_id: &str,
) -> Response<Bytes> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-requestid", value);
    }
    for (name, value) in extra_headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
    }
    response
}

/// A request that names no operation.
fn missing_action() -> ServiceError {
    ServiceError::new(
        StatusCode::BAD_REQUEST,
        "MissingAction",
        "The request must contain the parameter Action.",
    )
}

/// A value that does not fit its shape, as the protocol reports it.
fn serialization_error(protocol: Protocol, error: &DecodeError) -> ServiceError {
    match protocol {
        Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 | Protocol::RestJson1 => {
            ServiceError::new(
                StatusCode::BAD_REQUEST,
                "SerializationException",
                error.message.clone(),
            )
        }
        Protocol::Query | Protocol::Ec2Query => ServiceError::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValue",
            error.message.clone(),
        ),
        Protocol::RestXml => ServiceError::new(
            StatusCode::BAD_REQUEST,
            "MalformedXML",
            error.message.clone(),
        ),
    }
}

/// A querystring-bound member of a REST input.
fn rest_query_member(
    model: &ServiceModel,
    member: &super::model::Member,
    shape: &Shape,
    query: &[(String, String)],
) -> Result<Option<Value>, DecodeError> {
    let name = member.wire_name();
    match shape.kind {
        super::model::Kind::List => {
            let element = shape
                .members
                .first()
                .map(|element| model.shape(element.shape));
            let items: Result<Vec<Value>, DecodeError> = query
                .iter()
                .filter(|(key, _)| key == name)
                .filter_map(|(_, text)| {
                    element.map(|element| decode::scalar_from_text(element, text, member.name))
                })
                .collect();
            let items = items?;
            Ok((!items.is_empty()).then_some(Value::Array(items)))
        }
        super::model::Kind::Map => {
            let entries: Map<String, Value> = query
                .iter()
                .map(|(key, value)| (key.clone(), Value::String(value.clone())))
                .collect();
            Ok((!entries.is_empty()).then_some(Value::Object(entries)))
        }
        _ => query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, text)| decode::scalar_from_text(shape, text, member.name))
            .transpose(),
    }
}

/// A header's value as `shape`: timestamps are HTTP dates, lists comma-separated.
fn header_value(
    model: &ServiceModel,
    shape: &Shape,
    text: &str,
    path: &str,
) -> Result<Value, DecodeError> {
    match shape.kind {
        super::model::Kind::List => {
            let element = shape
                .members
                .first()
                .map_or(shape, |element| model.shape(element.shape));
            text.split(',')
                .map(|item| decode::scalar_from_text(element, item.trim(), path))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        _ => decode::scalar_from_text(shape, text, path),
    }
}

/// A header's text for `value`: timestamps as HTTP dates unless the shape says otherwise.
fn header_text(model: &ServiceModel, shape: &Shape, value: &Value) -> String {
    match (shape.kind, value) {
        (super::model::Kind::List, Value::Array(items)) => {
            let element = shape
                .members
                .first()
                .map_or(shape, |element| model.shape(element.shape));
            items
                .iter()
                .map(|item| encode::scalar_text(element, item, TimestampFormat::Rfc822))
                .collect::<Vec<_>>()
                .join(",")
        }
        _ => encode::scalar_text(shape, value, TimestampFormat::Rfc822),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::models;
    use crate::random::MockRandom;
    use crate::services::{ACCOUNT_ID, Route};
    use serde_json::json;

    /// A REST-XML service on S3's model whose handlers echo what the engine decoded, so
    /// both directions of the protocol are checked without S3's own implementation.
    static ECHO_S3: Service<()> = Service {
        model: &models::s3::MODEL,
        title: "S3",
        handlers: &[
            (
                "GetBucketTagging",
                Handler::Sync(|_, _, _| Ok(json!({"TagSet": [{"Key": "team", "Value": "a & b"}]}))),
            ),
            (
                "GetObject",
                Handler::Sync(|_, _, input| {
                    Ok(json!({
                        "Body": "aGVsbG8=",
                        "ContentType": "text/plain",
                        "LastModified": 1_704_067_200,
                        "Metadata": {"owner": input.value["Key"]},
                        "PartsCount": 2,
                    }))
                }),
            ),
            (
                "PutBucketTagging",
                Handler::Sync(|_, _, input| {
                    assert_eq!(
                        input.value,
                        json!({"Bucket": "photos", "ContentMD5": "abc==",
                               "Tagging": {"TagSet": [{"Key": "team", "Value": "data"},
                                                      {"Key": "env", "Value": "ci"}]}})
                    );
                    Ok(json!({}))
                }),
            ),
        ],
        validation: Validation::Collected {
            code: "InvalidArgument",
        },
        xml_namespace: Some("http://s3.amazonaws.com/doc/2006-03-01/"),
        not_implemented_code: None,
        prepare: None,
    };

    fn serve(request: Request<Bytes>) -> Response<Bytes> {
        let random = MockRandom::seeded(1);
        let clock = Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap();
        let route = Route {
            service: "s3".into(),
            region: "us-east-1".into(),
            protocol: Protocol::RestXml,
            operation: None,
        };
        let context = Context {
            random: &random,
            clock: &clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://localhost:5000".into(),
            services: &crate::services::ServiceStates::default(),
        };
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(ECHO_S3.serve(&(), &context, &request))
    }

    fn text(response: &Response<Bytes>) -> String {
        String::from_utf8(response.body().to_vec()).unwrap()
    }

    #[test]
    fn rest_xml_payloads_labels_and_headers_are_decoded() {
        let response = serve(
            Request::builder()
                .method("PUT")
                .uri("/photos?tagging")
                .header("content-md5", "abc==")
                .body(Bytes::from_static(
                    b"<?xml version=\"1.0\"?><Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>team</Key><Value>data</Value></Tag><Tag><Key>env</Key><Value>ci</Value></Tag></TagSet></Tagging>",
                ))
                .unwrap(),
        );
        assert_eq!(response.status(), 200, "{}", text(&response));
    }

    #[test]
    fn rest_xml_output_goes_to_body_headers_and_payload() {
        let tagging = serve(
            Request::builder()
                .method("GET")
                .uri("/photos?tagging")
                .body(Bytes::new())
                .unwrap(),
        );
        // botocore's models do not carry the root element names of REST-XML outputs
        // (Smithy's `@xmlName`, `Tagging` here): the engine uses the shape's name, so a
        // REST-XML service on the engine must check its roots against its SDK.
        assert!(
            text(&tagging).contains(
                " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>team</Key><Value>a &amp; b</Value></Tag></TagSet></"
            ),
            "{}",
            text(&tagging)
        );
        let object = serve(
            Request::builder()
                .method("GET")
                .uri("/photos/2024/cat.jpg")
                .body(Bytes::new())
                .unwrap(),
        );
        assert_eq!(object.body().as_ref(), b"hello");
        assert_eq!(object.headers()["content-type"], "text/plain");
        assert_eq!(
            object.headers()["last-modified"],
            "Mon, 01 Jan 2024 00:00:00 GMT"
        );
        assert_eq!(object.headers()["x-amz-meta-owner"], "2024/cat.jpg");
        assert_eq!(object.headers()["x-amz-mp-parts-count"], "2");
    }

    #[test]
    fn rest_xml_errors_name_what_is_wrong() {
        let not_xml = serve(
            Request::builder()
                .method("PUT")
                .uri("/photos?tagging")
                .body(Bytes::from_static(b"<Tagging><TagSet>"))
                .unwrap(),
        );
        assert_eq!(not_xml.status(), 400);
        assert!(
            text(&not_xml).contains("<Code>MalformedXML</Code>"),
            "{}",
            text(&not_xml)
        );
        let missing = serve(
            Request::builder()
                .method("PUT")
                .uri("/photos?tagging")
                .body(Bytes::new())
                .unwrap(),
        );
        assert!(
            text(&missing).contains(
                "Value null at 'tagging' failed to satisfy constraint: Member must not be null"
            ),
            "{}",
            text(&missing)
        );
        let other = serve(
            Request::builder()
                .method("GET")
                .uri("/photos?policy")
                .body(Bytes::new())
                .unwrap(),
        );
        assert_eq!(other.status(), 501);
        assert!(
            text(&other).contains("S3 operation GetBucketPolicy yet"),
            "{}",
            text(&other)
        );
    }
}
