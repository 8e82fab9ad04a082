//! The HTTP server of a backend: hyper 1 on a runtime of the process's own (its own
//! threads, started on first use, shared by every server), so it works under `#[test]`
//! and under every tokio flavour, and starting a server costs no thread. The socket is
//! bound before the server starts, so the address is known (and errors are reported) at
//! once; dropping the server stops it and ends its connections.
//!
//! A client that stops sending (half a request head, a body cut short, a keep-alive
//! connection left open) is cut off after [`ServerOptions`]' timeouts, so it cannot hold a
//! connection and its task forever. The control plane refuses what a web page of another
//! site could send (see [`ServerOptions::host_names`]).

mod guard;

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::backend::Backend;
use crate::recorder::{ReplayError, ReplayReport};
use crate::recording::Recording;
use guard::Guard;

/// The largest request body accepted by default (64 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// How long a request head may take by default (30 s), as hyper's own default.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request body may pause by default (30 s).
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How to serve a backend.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Where to listen; port 0 picks a free one. Default `127.0.0.1:0`.
    pub address: SocketAddr,
    /// Requests with larger bodies are refused with 413. Default
    /// [`DEFAULT_MAX_BODY_BYTES`].
    pub max_body_bytes: usize,
    /// How long a request's head (request line and headers) may take to arrive, counted
    /// from when the connection starts waiting for it; then the connection is closed.
    /// That wait starts again after each response, so it is also how long a keep-alive
    /// connection may stay idle. Default [`DEFAULT_HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// How long a request body may go without a byte arriving; then the request is
    /// answered 408 and the connection closed. Default [`DEFAULT_BODY_READ_TIMEOUT`].
    pub body_read_timeout: Duration,
    /// Names, besides loopback names and addresses and the address listened on, that the
    /// control plane (`/moto-api/`) accepts in the `Host` header: the name the server
    /// was started under when it listens on an address other machines reach (such as a
    /// container's service name). Any other name is refused with 403, so that a web page
    /// cannot reach the control plane through a DNS name it points at this machine.
    /// Default empty.
    pub host_names: Vec<String>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            host_names: Vec::new(),
        }
    }
}

/// What every connection of one server is served with.
#[derive(Debug)]
struct Settings {
    max_body: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    guard: Guard,
}

/// The server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// The servers' runtime could not be made.
    #[error("cannot start the servers' runtime: {0}")]
    Runtime(String),
}

/// A backend served over HTTP on loopback.
#[derive(Debug)]
pub struct Server {
    backend: Arc<Backend>,
    address: SocketAddr,
    runtime: tokio::runtime::Handle,
    shutdown: Option<oneshot::Sender<()>>,
    /// Signalled when serving has stopped (in a mutex only to make the server `Sync`).
    stopped: Option<std::sync::Mutex<std::sync::mpsc::Receiver<()>>>,
}

/// The runtime every server of the process runs on.
fn runtime() -> Result<tokio::runtime::Handle, ServerError> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .thread_name("moto-recorded-server")
                .enable_all()
                .build()
                .map_err(|error| error.to_string())
        })
        .as_ref()
        .map(|runtime| runtime.handle().clone())
        .map_err(|message| ServerError::Runtime(message.clone()))
}

impl Server {
    /// Serves `backend` as `options` say.
    pub fn start(backend: Arc<Backend>, options: ServerOptions) -> Result<Server, ServerError> {
        let bind_error = |source| ServerError::Bind {
            address: options.address,
            source,
        };
        let listener = StdTcpListener::bind(options.address).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        let runtime = runtime()?;
        let (shutdown, stop) = oneshot::channel();
        let (finished, stopped) = std::sync::mpsc::sync_channel(1);
        let served = backend.clone();
        let settings = Arc::new(Settings {
            max_body: options.max_body_bytes,
            header_read_timeout: options.header_read_timeout,
            body_read_timeout: options.body_read_timeout,
            guard: Guard::new(address, &options.host_names),
        });
        runtime.spawn(async move {
            serve(listener, served, stop, settings).await;
            let _ = finished.send(());
        });
        Ok(Server {
            backend,
            address,
            runtime,
            shutdown: Some(shutdown),
            stopped: Some(std::sync::Mutex::new(stopped)),
        })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The url to point clients at, `http://127.0.0.1:<port>`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The backend it serves.
    pub fn backend(&self) -> &Arc<Backend> {
        &self.backend
    }

    /// Replays `recording` into the backend without a socket, checked. It runs on the
    /// calling thread, inside the servers' runtime (whose timers a long poll may use), so
    /// it may be called from sync code and from inside any async runtime, and costs no
    /// hand-over to another thread.
    pub fn replay(&self, recording: &Recording) -> Result<ReplayReport, ReplayError> {
        let _runtime = self.runtime.enter();
        pollster::block_on(self.backend.replay(recording))
    }
}

/// Runs `work` for a backend that has no server (yet) on the calling thread, as
/// [`Server::replay`] does: inside the servers' runtime when it can be had, for the timers
/// a long poll may use.
pub(crate) fn block_on_in_runtime<F: std::future::Future>(work: F) -> F::Output {
    match runtime() {
        Ok(runtime) => {
            let _runtime = runtime.enter();
            pollster::block_on(work)
        }
        Err(_) => pollster::block_on(work),
    }
}

/// Replays `recording` into `backend` on the calling thread, checked, as
/// [`Server::replay`] does, for a backend that has no server (yet).
pub(crate) fn replay_blocking(
    backend: &Backend,
    recording: &Recording,
) -> Result<ReplayReport, ReplayError> {
    block_on_in_runtime(backend.replay(recording))
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        // Wait until the listener is closed and the connections are ended.
        if let Some(stopped) = self.stopped.take() {
            let stopped = stopped
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let _ = stopped.recv();
        }
    }
}

async fn serve(
    listener: StdTcpListener,
    backend: Arc<Backend>,
    mut stopped: oneshot::Receiver<()>,
    settings: Arc<Settings>,
) {
    // Dropped when serving stops, which ends every connection still open.
    let mut connections = JoinSet::new();
    let listener = match TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!(%error, "cannot serve the bound socket");
            return;
        }
    };
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        // Out of file descriptors and the like: wait a moment, go on.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let backend = backend.clone();
                let settings = settings.clone();
                while connections.try_join_next().is_some() {}
                connections.spawn(async move {
                    let header_read_timeout = settings.header_read_timeout;
                    let service = service_fn(move |request| {
                        answer(backend.clone(), request, settings.clone())
                    });
                    // The timer is what makes hyper enforce the header read timeout.
                    if let Err(error) = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(header_read_timeout)
                        .serve_connection(TokioIo::new(stream), service)
                        .await
                    {
                        tracing::debug!(%error, "connection ended with an error");
                    }
                });
            }
        }
    }
}

async fn answer(
    backend: Arc<Backend>,
    request: Request<Incoming>,
    settings: Arc<Settings>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    Ok(respond(&backend, request, &settings).await.map(Full::new))
}

async fn respond(
    backend: &Backend,
    request: Request<Incoming>,
    settings: &Settings,
) -> Response<Bytes> {
    let (parts, body) = request.into_parts();
    // Before the body is read: a refused request costs nothing more.
    if parts.uri.path().starts_with("/moto-api/")
        && let Err(refusal) = settings.guard.check(&parts.headers)
    {
        tracing::warn!(path = parts.uri.path(), %refusal, "control-plane request refused");
        return plain(StatusCode::FORBIDDEN, refusal.to_string());
    }
    let body = match read_body(body, settings).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            return payload_too_large(settings.max_body);
        }
        Err(BodyError::Stalled) => {
            let mut response = plain(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body stopped arriving: nothing came for {:?} \
                     (ServerOptions::body_read_timeout); send the whole body",
                    settings.body_read_timeout
                ),
            );
            // The rest of the body may still come: the connection cannot be reused.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return response;
        }
        Err(BodyError::Read(error)) => {
            return plain(
                StatusCode::BAD_REQUEST,
                format!("the request body could not be read: {error}"),
            );
        }
    };
    backend.handle(Request::from_parts(parts, body)).await
}

/// Why a request body could not be read.
enum BodyError {
    /// It is larger than `max_body`.
    TooLarge,
    /// Nothing arrived for `body_read_timeout`.
    Stalled,
    /// The connection failed.
    Read(Box<dyn std::error::Error + Send + Sync>),
}

/// The whole body, as long as no pause between its parts is longer than the timeout.
async fn read_body(body: Incoming, settings: &Settings) -> Result<Bytes, BodyError> {
    let mut body = Limited::new(body, settings.max_body);
    // Most bodies come in one piece, which is kept as is, without a copy.
    let mut first: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    loop {
        let frame = match tokio::time::timeout(settings.body_read_timeout, body.frame()).await {
            Err(_elapsed) => return Err(BodyError::Stalled),
            Ok(None) => break,
            Ok(Some(Ok(frame))) => frame,
            Ok(Some(Err(error))) => {
                return Err(
                    if error
                        .downcast_ref::<http_body_util::LengthLimitError>()
                        .is_some()
                    {
                        BodyError::TooLarge
                    } else {
                        BodyError::Read(error)
                    },
                );
            }
        };
        let Ok(data) = frame.into_data() else {
            // Trailers: nothing here reads them.
            continue;
        };
        match first.take() {
            None if joined.is_empty() => first = Some(data),
            None => joined.extend_from_slice(&data),
            Some(previous) => {
                joined.extend_from_slice(&previous);
                joined.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| joined.freeze()))
}

/// The answer to a request whose body is larger than `max_body` bytes.
pub(crate) fn payload_too_large(max_body: usize) -> Response<Bytes> {
    plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "the request body is larger than this server accepts ({max_body} bytes): \
             raise ServerOptions::max_body_bytes"
        ),
    )
}

fn plain(status: StatusCode, message: String) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(message));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
