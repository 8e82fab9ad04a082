//! The HTTP server of a backend: hyper 1 on a thread and runtime of its own, so it works
//! under `#[test]` and under every tokio flavour. The socket is bound before the thread
//! starts, so the address is known (and errors are reported) at once; dropping the
//! server stops it and joins its thread.

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

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
    /// The runtime or thread could not be made.
    #[error("cannot start the server's thread: {0}")]
    Thread(std::io::Error),
}

/// A backend served over HTTP on loopback.
#[derive(Debug)]
pub struct Server {
    backend: Arc<Backend>,
    address: SocketAddr,
    runtime: tokio::runtime::Handle,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
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
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(ServerError::Thread)?;
        let handle = runtime.handle().clone();
        let (shutdown, stopped) = oneshot::channel();
        let served = backend.clone();
        let max_body = options.max_body_bytes;
        let thread = std::thread::Builder::new()
            .name(format!("moto-recorded-{}", address.port()))
            .spawn(move || runtime.block_on(serve(listener, served, stopped, max_body)))
            .map_err(ServerError::Thread)?;
        Ok(Server {
            backend,
            address,
            runtime: handle,
            shutdown: Some(shutdown),
            thread: Some(thread),
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

    /// Replays `recording` into the backend without a socket, checked, on the server's
    /// runtime (so it may be called from sync code and from inside any async runtime).
    pub fn replay(&self, recording: Recording) -> Result<ReplayReport, ReplayError> {
        let backend = self.backend.clone();
        let recording_source = recording.source().to_owned();
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        self.runtime.spawn(async move {
            let _ = sender.send(backend.replay(&recording).await);
        });
        let source = recording_source.clone();
        receiver
            .recv()
            .unwrap_or_else(|_| Err(ReplayError::interrupted(source, "the server stopped")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: StdTcpListener,
    backend: Arc<Backend>,
    mut stopped: oneshot::Receiver<()>,
    max_body: usize,
) {
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
                tokio::spawn(async move {
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
