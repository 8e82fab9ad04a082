//! Moto's control plane, `/moto-api/...`, wire-compatible with Moto 5.2: the same paths,
//! methods, statuses and bodies, so scripts written for `moto_server` work unchanged.
//!
//! Where Moto is silently wrong we say what happened instead: a replay whose step fails
//! answers 400 naming the line (Moto: 200); a seed that is not an integer answers 400
//! (Moto: 500); an upload sent form-encoded, which Moto reads as an empty recording and
//! wipes the log with, is rejected; a malformed upload is rejected with its line error; a
//! replayed log that calls the recorder itself (a replayed `replay-recording` would never
//! end) is refused before any of it is applied, naming the line to remove.

mod dashboard;

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use serde_json::Value;

use crate::backend::Backend;
use crate::recording::query_pairs;

/// The control-plane paths this server answers.
pub const ENDPOINTS: [&str; 11] = [
    "/moto-api/",
    "/moto-api/data.json",
    "/moto-api/dashboard.json",
    "/moto-api/seed",
    "/moto-api/reset",
    "/moto-api/recorder/start-recording",
    "/moto-api/recorder/stop-recording",
    "/moto-api/recorder/reset-recording",
    "/moto-api/recorder/download-recording",
    "/moto-api/recorder/upload-recording",
    "/moto-api/recorder/replay-recording",
];

/// Answers a `/moto-api/` request.
pub async fn handle(backend: &Backend, request: Request<Bytes>) -> Response<Bytes> {
    let recorder = backend.recorder();
    match request.uri().path() {
        "/moto-api/" | "/moto-api/data.json" | "/moto-api/dashboard.json"
            if request.method() != Method::GET && request.method() != Method::HEAD =>
        {
            text(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{} only answers GET", request.uri().path()),
            )
        }
        "/moto-api/" => dashboard::page(),
        "/moto-api/data.json" => dashboard::data(backend, &request),
        "/moto-api/dashboard.json" => dashboard::summary(backend),
        "/moto-api/seed" => seed(backend, &request),
        "/moto-api/reset" if request.method() == Method::POST => {
            backend.reset();
            text(StatusCode::OK, r#"{"status": "ok"}"#)
        }
        "/moto-api/reset" => text(
            StatusCode::BAD_REQUEST,
            r#"{"Error": "Need to POST to reset Moto"}"#,
        ),
        "/moto-api/recorder/start-recording" => {
            recorder.start();
            text(StatusCode::OK, "Recording is set to True")
        }
        "/moto-api/recorder/stop-recording" => {
            recorder.stop();
            text(StatusCode::OK, "Recording is set to False")
        }
        "/moto-api/recorder/reset-recording" => match recorder.reset() {
            Ok(()) => text(StatusCode::OK, ""),
            Err(error) => text(StatusCode::INTERNAL_SERVER_ERROR, &error.to_string()),
        },
        "/moto-api/recorder/download-recording" => match recorder.download() {
            Ok(log) => text(StatusCode::OK, &log),
            Err(error) => text(StatusCode::INTERNAL_SERVER_ERROR, &error.to_string()),
        },
        "/moto-api/recorder/upload-recording" => upload(backend, &request),
        "/moto-api/recorder/replay-recording" => replay(backend).await,
        other => text(
            StatusCode::NOT_FOUND,
            &format!(
                "{other} is not part of the control plane moto-recorded serves; it answers {}",
                ENDPOINTS.join(", ")
            ),
        ),
    }
}

/// `/moto-api/seed`: `a` from the query, a form body or a JSON body, as Moto reads it.
fn seed(backend: &Backend, request: &Request<Bytes>) -> Response<Bytes> {
    let Some(value) = seed_param(request) else {
        return text(
            StatusCode::BAD_REQUEST,
            "seed needs the parameter `a`: POST /moto-api/seed?a=42",
        );
    };
    match value.trim().parse::<u64>() {
        Ok(seed) => {
            backend.seed(seed);
            text(StatusCode::OK, "")
        }
        Err(_) => text(
            StatusCode::BAD_REQUEST,
            &format!(
                "`a`={value:?} is not a seed: use an integer from 0 to {}",
                u64::MAX
            ),
        ),
    }
}

fn seed_param(request: &Request<Bytes>) -> Option<String> {
    let from_pairs = |pairs: &str| {
        query_pairs(pairs)
            .find(|(name, _)| *name == "a")
            .map(|(_, value)| value.to_owned())
    };
    if let Some(value) = request.uri().query().and_then(from_pairs) {
        return Some(value);
    }
    let body = std::str::from_utf8(request.body()).ok()?;
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(object)) => match object.get("a")? {
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        },
        _ => from_pairs(body),
    }
}

/// `/moto-api/recorder/upload-recording`: the raw body replaces the log.
fn upload(backend: &Backend, request: &Request<Bytes>) -> Response<Bytes> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded")
        || content_type.starts_with("multipart/form-data");
    let body = request.body();
    if is_form && (body.is_empty() || crate::recording::Recording::parse("upload", body).is_err()) {
        return text(
            StatusCode::BAD_REQUEST,
            &format!(
                "the recording was sent form-encoded (Content-Type: {content_type}), which Moto \
                 reads as an empty recording; the log is unchanged: send the file's contents as \
                 the raw body, e.g. requests.post(url, data=open(path, 'rb'))"
            ),
        );
    }
    // The bytes as sent: the parser names the line that is not UTF-8, if one is not.
    match backend.recorder().upload(body) {
        Ok(_) => text(StatusCode::OK, ""),
        Err(error) => text(
            StatusCode::BAD_REQUEST,
            &format!("{error}; the log is unchanged"),
        ),
    }
}

/// `/moto-api/recorder/replay-recording`: the log, replayed into this backend, checked.
async fn replay(backend: &Backend) -> Response<Bytes> {
    let recording = match backend.recorder().recording() {
        Ok(recording) => recording,
        Err(error) => return text(StatusCode::BAD_REQUEST, &error.to_string()),
    };
    match backend.replay(&recording).await {
        Ok(_) => text(StatusCode::OK, ""),
        Err(error) if error.nothing_replayed() => text(StatusCode::BAD_REQUEST, &error.to_string()),
        Err(error) => text(
            StatusCode::BAD_REQUEST,
            &format!("{error}\nthe entries before it were replayed; the ones after it were not"),
        ),
    }
}

/// A plain answer, with the content type Moto's Flask server gives every control-plane
/// response.
fn text(status: StatusCode, body: &str) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body.to_owned()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
