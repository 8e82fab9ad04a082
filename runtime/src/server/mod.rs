//! The HTTP server of a backend: hyper 1 on a runtime of the process's own (its own
//! threads, started on first use, shared by every server), so it works under `#[test]`
//! and under every tokio flavour, and starting a server costs no thread. The socket is
//! bound before the server starts, so the address is known (and errors are reported) at
//! once; dropping the server stops it and ends its connections.

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::backend::Backend;
use crate::recorder::{ReplayError, ReplayReport};
use crate::recording::Recording;

/// The largest request body accepted by default (64 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// How to serve a backend.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Where to listen; port 0 picks a free one. Default `127.0.0.1:0`.
    pub address: SocketAddr,
    /// Requests with larger bodies are refused with 413.
    pub max_body_bytes: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
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
        let max_body = options.max_body_bytes;
        runtime.spawn(async move {
            serve(listener, served, stop, max_body).await;
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
    max_body: usize,
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
                while connections.try_join_next().is_some() {}
                connections.spawn(async move {
                    let service = service_fn(move |request| {
                        answer(backend.clone(), request, max_body)
                    });
                    if let Err(error) = http1::Builder::new()
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
    max_body: usize,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, max_body).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            let too_large = error
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            let (status, message) = if too_large {
                (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "the request body is larger than this server accepts ({max_body} bytes): \
                         raise ServerOptions::max_body_bytes"
                    ),
                )
            } else {
                (
                    StatusCode::BAD_REQUEST,
                    format!("the request body could not be read: {error}"),
                )
            };
            let mut response = Response::new(Full::new(Bytes::from(message)));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            return Ok(response);
        }
    };
    let response = backend.handle(Request::from_parts(parts, body)).await;
    Ok(response.map(Full::new))
}
