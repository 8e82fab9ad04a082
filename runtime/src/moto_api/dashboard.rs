//! The state, seen: `GET /moto-api/data.json` (every resource of every service, in the
//! shape of Moto's), `GET /moto-api/dashboard.json` (seed, clock and the recording, entry
//! by entry) and the page at `GET /moto-api/` that shows both, served from the binary
//! with no build step and nothing fetched from elsewhere.

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use serde_json::{Value, json};

use crate::backend::{Backend, request_from_entry};
use crate::clock::format_rfc3339;
use crate::services;

/// The page: HTML, CSS and script in one file.
const PAGE: &str = include_str!("dashboard.html");

/// `GET /moto-api/`: the dashboard page.
pub(super) fn page() -> Response<Bytes> {
    respond(StatusCode::OK, "text/html; charset=utf-8", PAGE.to_owned())
}

/// `GET /moto-api/data.json`: every service's resources.
pub(super) fn data(backend: &Backend, request: &Request<Bytes>) -> Response<Bytes> {
    let origin = services::request_origin(request);
    json_response(&backend.state(&origin))
}

/// `GET /moto-api/dashboard.json`: the seed, the clock and the recording.
pub(super) fn summary(backend: &Backend) -> Response<Bytes> {
    let recorder = backend.recorder();
    let (entries, error) = match recorder.recording() {
        Ok(recording) => (
            recording
                .lines()
                .map(|(line, entry)| {
                    let route = request_from_entry(entry)
                        .ok()
                        .filter(|_| !entry.is_control_plane())
                        .map(|request| services::route(&request));
                    json!({
                        "line": line,
                        "method": entry.method,
                        "path": entry.url_parts().map_or(entry.url.as_str(), |parts| parts.path),
                        "service": route.as_ref().map(|route| route.service.clone()),
                        "operation": route
                            .and_then(|route| route.operation)
                            .or_else(|| entry.operation().map(str::to_owned)),
                        "status": entry.status,
                        "size": entry.body.as_ref().map_or(0, Vec::len),
                    })
                })
                .collect(),
            None,
        ),
        Err(error) => (Vec::new(), Some(error.to_string())),
    };
    let clock = backend.clock();
    json_response(&json!({
        "seed": backend.random().current_seed(),
        "clock": {
            "now": format_rfc3339(clock.now()),
            "virtual": clock.is_virtual(),
        },
        "recording": {
            "on": recorder.is_recording(),
            "entries": entries,
            "error": error,
        },
    }))
}

fn json_response(value: &Value) -> Response<Bytes> {
    respond(StatusCode::OK, "application/json", value.to_string())
}

fn respond(status: StatusCode, content_type: &'static str, body: String) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
