//! Invoke (and the deprecated InvokeAsync): runs the Rust handler registered for the
//! function's name on the backend, in process. `RequestResponse` answers the handler's
//! result; `Event` runs it before answering 202 (so its effects are there when the call
//! returns: tests stay deterministic), its result dropped as Lambda drops it; `DryRun`
//! answers 204 without running anything.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::aliases::routed_version;
use super::error;
use super::functions::{arn_of, find, function_ref};
use super::handler::{LambdaContext, LambdaError, LambdaResult};
use super::input::text;
use super::model::LambdaState;
use super::names::{self, FunctionRef};
use crate::protocol::engine::{AnswerFuture, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The largest payload of a synchronous invocation, request or response (6 MB).
const SYNC_PAYLOAD_LIMIT: usize = 6_291_456;

/// The most of the log `LogType` `Tail` returns (the last 4 KB).
const LOG_TAIL: usize = 4096;

/// What an invocation runs: the function and the version the request resolves to.
pub(super) struct Invocation {
    pub(super) function_name: String,
    version: String,
    invoked_arn: String,
    memory_size: i64,
    timeout: Duration,
    environment: BTreeMap<String, String>,
    log_group: String,
}

/// The version `requested` runs (an alias with weighted routing draws which one from the
/// seeded source) and its configuration.
pub(super) fn resolve(
    state: &LambdaState,
    context: &Context<'_>,
    requested: &FunctionRef,
) -> Result<Invocation, ServiceError> {
    state.with_region(&context.route.region, |region| {
        let function = find(region, requested, context)?;
        let missing = || error::function_not_found(&arn_of(requested, context));
        let version = match requested.qualifier.as_deref() {
            Some(qualifier) if function.version(qualifier).is_none() => {
                let alias = function.aliases.get(qualifier).ok_or_else(missing)?;
                routed_version(alias, || {
                    f64::from(context.random.below(1_000_000)) / 1_000_000.0
                })
            }
            Some(qualifier) => qualifier.to_owned(),
            None => names::LATEST.to_owned(),
        };
        let settings = &function.version(&version).ok_or_else(missing)?.settings;
        Ok(Invocation {
            function_name: function.name.clone(),
            version,
            invoked_arn: arn_of(requested, context),
            memory_size: settings.memory_size,
            timeout: Duration::from_secs(u64::try_from(settings.timeout).unwrap_or(3)),
            environment: settings.environment.clone().unwrap_or_default(),
            log_group: settings
                .logging
                .get("LogGroup")
                .and_then(Value::as_str)
                .map_or_else(|| format!("/aws/lambda/{}", function.name), str::to_owned),
        })
    })
}

/// The event a payload is: JSON, `{}` when empty.
fn event_of(payload: &[u8]) -> Result<Value, ServiceError> {
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(payload).map_err(|failure| {
        error::invalid_request_content(format!(
            "Could not parse request body into json: Could not parse payload into json: {failure}"
        ))
    })
}

/// A base64 member's bytes (the engine has checked it is base64).
fn bytes_of(input: &Value, member: &str) -> Vec<u8> {
    text(input, member)
        .and_then(|encoded| STANDARD.decode(encoded).ok())
        .unwrap_or_default()
}

/// What a function without a registered handler answers: Lambda's error for a handler
/// that cannot be found, saying what to register.
fn not_registered(state: &LambdaState, function_name: &str) -> LambdaError {
    let registered = state.registered();
    let registered = if registered.is_empty() {
        "none".to_owned()
    } else {
        registered.join(", ")
    };
    LambdaError::new(
        "Runtime.HandlerNotFound",
        format!(
            "moto-recorded runs a function's code as a Rust handler registered on the backend, and none is registered for the function {function_name}: before invoking it, register one with moto.lambda(\"{function_name}\", |event, context| ...) (or moto.lambda_async) in a #[moto_recorded] test, or with backend.register_lambda_handler(\"{function_name}\", LambdaHandler::new(...)) on a Backend (functions with a handler: {registered})"
        ),
    )
}

/// Runs the function's handler on `event`: its result and the lines it logged.
pub(super) async fn run(
    state: &LambdaState,
    context: &Context<'_>,
    invocation: &Invocation,
    event: Value,
    client_context: Option<String>,
) -> (LambdaResult, Vec<String>) {
    let Some(handler) = state.handler(&invocation.function_name) else {
        return (
            Err(not_registered(state, &invocation.function_name)),
            Vec::new(),
        );
    };
    let lambda_context = LambdaContext::new(
        context.request_id.to_owned(),
        invocation.function_name.clone(),
        invocation.version.clone(),
        invocation.invoked_arn.clone(),
        invocation.memory_size,
        invocation.timeout,
        invocation.environment.clone(),
        client_context,
        invocation.log_group.clone(),
        context.clock.clone(),
    );
    let result = handler.run(event, lambda_context.clone()).await;
    (result, lambda_context.logged())
}

/// The log Lambda writes for an invocation, around the handler's own lines, as `Tail`
/// returns it (its last 4 KB). The duration is measured on the backend clock.
fn log_tail(
    context: &Context<'_>,
    invocation: &Invocation,
    lines: &[String],
    started: SystemTime,
) -> String {
    let id = context.request_id;
    let elapsed = context
        .clock
        .now()
        .duration_since(started)
        .unwrap_or_default();
    let millis = elapsed.as_secs_f64() * 1000.0;
    let billed = elapsed.as_millis().max(1);
    let mut log = format!("START RequestId: {id} Version: {}\n", invocation.version);
    for line in lines {
        log.push_str(line);
        log.push('\n');
    }
    log.push_str(&format!(
        "END RequestId: {id}\nREPORT RequestId: {id}\tDuration: {millis:.2} ms\tBilled Duration: {billed} ms\tMemory Size: {} MB\t\n",
        invocation.memory_size
    ));
    let mut start = log.len().saturating_sub(LOG_TAIL);
    while !log.is_char_boundary(start) {
        start += 1;
    }
    STANDARD.encode(&log.as_bytes()[start..])
}

/// Invoke.
pub(super) fn invoke<'a>(
    state: &'a LambdaState,
    context: &'a Context<'a>,
    input: Input<'a>,
) -> AnswerFuture<'a> {
    Box::pin(async move {
        let input = &input.value;
        let requested = function_ref(input, context)?;
        let invocation_type = text(input, "InvocationType").unwrap_or("RequestResponse");
        let payload = bytes_of(input, "Payload");
        if invocation_type == "RequestResponse" && payload.len() > SYNC_PAYLOAD_LIMIT {
            return Err(error::request_too_large(SYNC_PAYLOAD_LIMIT));
        }
        let event = event_of(&payload)?;
        let client_context = text(input, "ClientContext")
            .map(|encoded| {
                STANDARD
                    .decode(encoded)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(|| {
                        error::invalid_request_content(
                            "Client context must be a valid Base64-encoded JSON object.",
                        )
                    })
            })
            .transpose()?;
        let invocation = resolve(state, context, &requested)?;
        match invocation_type {
            "DryRun" => Ok(json!({"StatusCode": 204})),
            "Event" => {
                let (result, _) = run(state, context, &invocation, event, client_context).await;
                if let Err(failure) = result {
                    tracing::warn!(
                        function = %invocation.function_name,
                        %failure,
                        "an asynchronous invocation failed"
                    );
                }
                Ok(json!({"StatusCode": 202}))
            }
            _ => {
                let started = context.clock.now();
                let (result, lines) = run(state, context, &invocation, event, client_context).await;
                let mut output = json!({
                    "StatusCode": 200,
                    "ExecutedVersion": invocation.version,
                });
                let answer = result.and_then(|value| {
                    let bytes = serde_json::to_vec(&value).unwrap_or_default();
                    if bytes.len() > SYNC_PAYLOAD_LIMIT {
                        return Err(LambdaError::new(
                            "Function.ResponseSizeTooLarge",
                            format!(
                                "Response payload size ({} bytes) exceeded maximum allowed payload size ({SYNC_PAYLOAD_LIMIT} bytes).",
                                bytes.len()
                            ),
                        ));
                    }
                    Ok(bytes)
                });
                let payload = match answer {
                    Ok(bytes) => bytes,
                    Err(failure) => {
                        output["FunctionError"] = json!("Unhandled");
                        failure.payload().to_string().into_bytes()
                    }
                };
                output["Payload"] = json!(STANDARD.encode(payload));
                if text(input, "LogType") == Some("Tail") {
                    output["LogResult"] = json!(log_tail(context, &invocation, &lines, started));
                }
                Ok(output)
            }
        }
    })
}

/// InvokeAsync (deprecated): an `Event` invocation of `$LATEST` with `InvokeArgs`.
pub(super) fn invoke_async<'a>(
    state: &'a LambdaState,
    context: &'a Context<'a>,
    input: Input<'a>,
) -> AnswerFuture<'a> {
    Box::pin(async move {
        let input = &input.value;
        let requested = function_ref(input, context)?;
        let event = event_of(&bytes_of(input, "InvokeArgs"))?;
        let invocation = resolve(state, context, &requested)?;
        let (result, _) = run(state, context, &invocation, event, None).await;
        if let Err(failure) = result {
            tracing::warn!(
                function = %invocation.function_name,
                %failure,
                "an asynchronous invocation failed"
            );
        }
        Ok(json!({"Status": 202}))
    })
}
