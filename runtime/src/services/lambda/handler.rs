//! The Rust handlers that stand in for functions' code: what a test registers
//! ([`LambdaHandler`]), what a handler gets ([`LambdaContext`]) and how it fails
//! ([`LambdaError`]), and running one.
//!
//! The package a function was created with is stored, never run: Invoke runs the handler
//! registered on the backend for the function's name instead.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::clock::Clock;

/// What a handler answers: the function's result as JSON, or its error.
pub type LambdaResult = Result<Value, LambdaError>;

type BlockingHandler = dyn Fn(Value, LambdaContext) -> LambdaResult + Send + Sync;
type HandlerFuture = Pin<Box<dyn Future<Output = LambdaResult> + Send>>;
type AsyncHandler = dyn Fn(Value, LambdaContext) -> HandlerFuture + Send + Sync;

/// The code of a function in a test: a Rust closure run for each invocation of the
/// function it is registered for (`Moto::lambda`, `Backend::register_lambda_handler`).
#[derive(Clone)]
pub struct LambdaHandler {
    run: Run,
}

#[derive(Clone)]
enum Run {
    Blocking(Arc<BlockingHandler>),
    Async(Arc<AsyncHandler>),
}

impl fmt::Debug for LambdaHandler {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self.run {
            Run::Blocking(_) => "LambdaHandler::Blocking",
            Run::Async(_) => "LambdaHandler::Async",
        })
    }
}

impl LambdaHandler {
    /// A handler that runs on a thread of its own (tokio's blocking pool), so it may
    /// block: sleep, wait on a channel, or drive an SDK call with
    /// `tokio::runtime::Handle::current().block_on(...)`.
    pub fn new<F>(handler: F) -> LambdaHandler
    where
        F: Fn(Value, LambdaContext) -> LambdaResult + Send + Sync + 'static,
    {
        LambdaHandler {
            run: Run::Blocking(Arc::new(handler)),
        }
    }

    /// A handler that returns a future, awaited on the backend's runtime: it may await
    /// AWS SDK calls (to this backend or any other).
    pub fn new_async<F, Fut>(handler: F) -> LambdaHandler
    where
        F: Fn(Value, LambdaContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = LambdaResult> + Send + 'static,
    {
        LambdaHandler {
            run: Run::Async(Arc::new(move |event, context| {
                Box::pin(handler(event, context)) as HandlerFuture
            })),
        }
    }

    /// Runs the handler on `event`. A panic is the function's error, as the Rust runtime
    /// for Lambda reports it (`Lambda panicked: <message>`).
    pub(super) async fn run(&self, event: Value, context: LambdaContext) -> LambdaResult {
        match &self.run {
            Run::Blocking(handler) => {
                let handler = Arc::clone(handler);
                match tokio::runtime::Handle::try_current() {
                    Ok(runtime) => {
                        match runtime
                            .spawn_blocking(move || handler(event, context))
                            .await
                        {
                            Ok(result) => result,
                            Err(failure) if failure.is_panic() => {
                                Err(LambdaError::panicked(&*failure.into_panic()))
                            }
                            Err(failure) => Err(LambdaError::new(
                                "Runtime.ExitError",
                                format!("the handler did not finish: {failure}"),
                            )),
                        }
                    }
                    // Outside any runtime (a backend driven by another executor), on the
                    // calling thread.
                    Err(_) => {
                        std::panic::catch_unwind(AssertUnwindSafe(|| handler(event, context)))
                            .unwrap_or_else(|panic| Err(LambdaError::panicked(&*panic)))
                    }
                }
            }
            Run::Async(handler) => CatchUnwind(handler(event, context))
                .await
                .unwrap_or_else(|panic| Err(LambdaError::panicked(&*panic))),
        }
    }
}

/// A handler's future with its panics caught.
struct CatchUnwind(HandlerFuture);

impl Future for CatchUnwind {
    type Output = Result<LambdaResult, Box<dyn Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let inner = &mut self.0;
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll(cx))) {
            Ok(Poll::Ready(result)) => Poll::Ready(Ok(result)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// What a handler knows of its invocation, as the Lambda runtime's context gives it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LambdaContext {
    /// The invocation's request id: the Invoke request's `x-amzn-RequestId`, from the
    /// backend's seeded request stream.
    pub request_id: String,
    /// The function's name.
    pub function_name: String,
    /// The version that runs: `$LATEST` or a published version's number.
    pub function_version: String,
    /// The ARN the function was invoked by: qualified when the request named a version or
    /// an alias.
    pub invoked_function_arn: String,
    /// The function's memory, in megabytes.
    pub memory_limit_in_mb: i64,
    /// When the function's timeout ends: the invocation's start on the backend clock plus
    /// the timeout. Lambda would stop the function then; here it is information only.
    pub deadline: SystemTime,
    /// The function's environment variables (a handler reads them here, not from the
    /// process environment, which tests share).
    pub environment: BTreeMap<String, String>,
    /// The client context the caller sent (`X-Amz-Client-Context`), decoded from base64.
    pub client_context: Option<String>,
    /// The function's log group (`/aws/lambda/<name>` unless configured).
    pub log_group_name: String,
    clock: Clock,
    logs: Arc<Mutex<Vec<String>>>,
}

impl LambdaContext {
    /// A context for one invocation.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        request_id: String,
        function_name: String,
        function_version: String,
        invoked_function_arn: String,
        memory_limit_in_mb: i64,
        timeout: Duration,
        environment: BTreeMap<String, String>,
        client_context: Option<String>,
        log_group_name: String,
        clock: Clock,
    ) -> LambdaContext {
        let deadline = clock.now() + timeout;
        LambdaContext {
            request_id,
            function_name,
            function_version,
            invoked_function_arn,
            memory_limit_in_mb,
            deadline,
            environment,
            client_context,
            log_group_name,
            clock,
            logs: Arc::default(),
        }
    }

    /// The time left before [`deadline`](LambdaContext::deadline), on the backend clock
    /// (a virtual clock moves only when the test moves it).
    pub fn remaining_time(&self) -> Duration {
        self.deadline
            .duration_since(self.clock.now())
            .unwrap_or_default()
    }

    /// The environment variable `name` of the function.
    pub fn env(&self, name: &str) -> Option<&str> {
        self.environment.get(name).map(String::as_str)
    }

    /// Writes a line to the invocation's log, which Invoke returns (base64, in
    /// `LogResult`) when asked with `LogType` `Tail`.
    pub fn log(&self, line: impl Into<String>) {
        self.logs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line.into());
    }

    /// The lines logged so far.
    pub(super) fn logged(&self) -> Vec<String> {
        self.logs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// A function's error, as Lambda answers it: `{"errorMessage": ..., "errorType": ...}`
/// with `X-Amz-Function-Error: Unhandled`.
///
/// Any `std::error::Error` converts into one (so `?` works in handlers), its type's name
/// as the error type, as the Rust runtime for Lambda reports errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LambdaError {
    /// The error type (`errorType`).
    pub error_type: String,
    /// The message (`errorMessage`).
    pub error_message: String,
}

impl LambdaError {
    /// An error of `error_type` with `error_message`.
    pub fn new(error_type: impl Into<String>, error_message: impl Into<String>) -> LambdaError {
        LambdaError {
            error_type: error_type.into(),
            error_message: error_message.into(),
        }
    }

    /// The error of a handler that panicked, as the Rust runtime for Lambda reports it
    /// (its error type is the name of the type it holds the panic in).
    fn panicked(panic: &(dyn Any + Send)) -> LambdaError {
        let message = panic
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned());
        LambdaError {
            error_type: std::any::type_name::<&Box<dyn Any + Send>>().to_owned(),
            error_message: match message {
                Some(message) => format!("Lambda panicked: {message}"),
                None => "Lambda panicked".to_owned(),
            },
        }
    }

    /// The payload Lambda answers for it.
    pub(super) fn payload(&self) -> Value {
        serde_json::json!({"errorMessage": self.error_message, "errorType": self.error_type})
    }
}

impl fmt::Display for LambdaError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.error_type, self.error_message)
    }
}

impl<E: std::error::Error> From<E> for LambdaError {
    fn from(error: E) -> LambdaError {
        LambdaError {
            error_type: std::any::type_name::<E>().to_owned(),
            error_message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context() -> LambdaContext {
        LambdaContext::new(
            "req".into(),
            "resize".into(),
            "$LATEST".into(),
            "arn".into(),
            128,
            Duration::from_secs(3),
            BTreeMap::from([("BUCKET".to_owned(), "photos".to_owned())]),
            None,
            "/aws/lambda/resize".into(),
            Clock::virtual_at(SystemTime::UNIX_EPOCH),
        )
    }

    #[tokio::test]
    async fn blocking_and_async_handlers_answer() {
        let blocking = LambdaHandler::new(|event, context| {
            context.log("resizing");
            Ok(json!({"got": event, "bucket": context.env("BUCKET")}))
        });
        assert_eq!(
            blocking.run(json!(1), context()).await,
            Ok(json!({"got": 1, "bucket": "photos"}))
        );
        let asynchronous = LambdaHandler::new_async(|event, _| async move {
            Err(LambdaError::new("Invalid", format!("no {event}")))
        });
        assert_eq!(
            asynchronous.run(json!("size"), context()).await,
            Err(LambdaError::new("Invalid", "no \"size\""))
        );
    }

    #[tokio::test]
    async fn panics_are_the_function_error() {
        let blocking = LambdaHandler::new(|_, _| panic!("out of film"));
        let error = blocking.run(json!({}), context()).await.unwrap_err();
        assert_eq!(error.error_message, "Lambda panicked: out of film");
        let asynchronous = LambdaHandler::new_async(|_, _| async { panic!("{}", 7) });
        let error = asynchronous.run(json!({}), context()).await.unwrap_err();
        assert_eq!(error.error_message, "Lambda panicked: 7");
    }

    #[test]
    fn handlers_run_without_a_runtime() {
        let blocking = LambdaHandler::new(|event, _| Ok(event));
        assert_eq!(
            pollster::block_on(blocking.run(json!([1]), context())),
            Ok(json!([1]))
        );
    }

    #[test]
    fn errors_convert_with_their_type_name() {
        fn parse(event: Value) -> Result<u32, LambdaError> {
            Ok(serde_json::from_value(event)?)
        }
        let error = parse(json!("x")).unwrap_err();
        assert_eq!(error.error_type, "serde_json::error::Error");
        assert_eq!(
            error.payload(),
            json!({"errorMessage": error.error_message, "errorType": "serde_json::error::Error"})
        );
    }

    #[test]
    fn the_deadline_follows_the_backend_clock() {
        let context = context();
        assert_eq!(context.remaining_time(), Duration::from_secs(3));
        context.clock.advance(Duration::from_secs(2)).unwrap();
        assert_eq!(context.remaining_time(), Duration::from_secs(1));
        context.clock.advance(Duration::from_secs(5)).unwrap();
        assert_eq!(context.remaining_time(), Duration::ZERO);
    }
}
