//! Checked replay of a recording into a target (an embedded backend or a Moto server).

use std::fmt;

use crate::recording::{Entry, RECORDER_PATH_PREFIX, Recording};

/// The longest response body quoted in a replay error.
const QUOTED_BODY_LIMIT: usize = 2000;

/// Where a replay sends requests.
pub trait ReplayTarget {
    /// Sends one entry and answers the response, or a transport error.
    fn send(&mut self, entry: &Entry) -> Result<ReplayResponse, TransportError>;
}

/// A transport failure: the request got no HTTP response.
pub type TransportError = Box<dyn std::error::Error + Send + Sync>;

impl<F> ReplayTarget for F
where
    F: FnMut(&Entry) -> Result<ReplayResponse, TransportError>,
{
    fn send(&mut self, entry: &Entry) -> Result<ReplayResponse, TransportError> {
        self(entry)
    }
}

/// The response a target gave to a replayed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response body.
    pub body: Vec<u8>,
}

/// What a successful replay did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayReport {
    /// Entries sent.
    pub replayed: usize,
    /// Entries without a recorded status that got a 4xx: not fatal, since a recording
    /// from stock Moto does not say what was expected, but worth a look.
    pub client_errors: Vec<ClientError>,
}

/// A 4xx answer to an entry that has no recorded status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    /// The line of the entry.
    pub line: usize,
    /// The request.
    pub request: RequestSummary,
    /// The status received.
    pub status: u16,
    /// The response body (shortened).
    pub body: String,
}

/// The request of a failing entry, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    /// The HTTP method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// The AWS operation, when it can be told.
    pub operation: Option<String>,
}

impl RequestSummary {
    fn of(entry: &Entry) -> RequestSummary {
        RequestSummary {
            method: entry.method.clone(),
            path: entry.path_and_query().to_owned(),
            operation: entry.operation().map(str::to_owned),
        }
    }
}

impl fmt::Display for RequestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(operation) = &self.operation {
            write!(f, " ({operation})")?;
        }
        Ok(())
    }
}

/// The first entry of a replay that failed; the entries after it were not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: replaying {request} failed: {failure}")]
pub struct ReplayError {
    /// The recording's source.
    pub source_name: String,
    /// The line of the failing entry.
    pub line: usize,
    /// The request.
    pub request: RequestSummary,
    /// How it failed (boxed: errors are the cold path).
    pub failure: Box<ReplayFailure>,
}

/// How a replayed entry failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayFailure {
    /// The entry was recorded with one status and answered with another.
    #[error("it was recorded with status {recorded} but answered {actual}: {body}")]
    StatusMismatch {
        /// The status in the recording.
        recorded: u16,
        /// The status received.
        actual: u16,
        /// The response body (shortened).
        body: String,
    },
    /// An entry without a recorded status got a server error.
    #[error("the server answered {status}: {body}")]
    ServerError {
        /// The status received.
        status: u16,
        /// The response body (shortened).
        body: String,
    },
    /// The request got no response.
    #[error("no response: {0}")]
    Transport(String),
    /// The entry calls the recorder itself (`/moto-api/recorder/...`), which a replay
    /// never runs: replaying `replay-recording` from inside a replay would never end, and
    /// the others would change the log being replayed. Checked before anything is sent.
    #[error(
        "it calls the recorder ({path}), which a replay never runs: remove line {line} from \
         the recording; nothing was replayed"
    )]
    RecorderCall {
        /// The recorder path the entry calls.
        path: String,
        /// The line to remove.
        line: usize,
    },
}

impl ReplayError {
    /// Whether the replay was refused before any entry was sent.
    pub fn nothing_replayed(&self) -> bool {
        matches!(*self.failure, ReplayFailure::RecorderCall { .. })
    }
}

/// Refuses a recording with a line that calls the recorder (`/moto-api/recorder/...`),
/// naming the first such line. Every replay checks this before it sends anything, so a
/// refused recording changes nothing. Moto's seed and reset (`/moto-api/seed`,
/// `/moto-api/reset`) are state, not recorder calls, and are replayed.
pub fn refuse_recorder_calls(recording: &Recording) -> Result<(), ReplayError> {
    for (line, entry) in recording.lines() {
        let path = entry.path_and_query();
        let path = path.split('?').next().unwrap_or(path);
        if path.starts_with(RECORDER_PATH_PREFIX) {
            return Err(ReplayError {
                source_name: recording.source().to_owned(),
                line,
                request: RequestSummary::of(entry),
                failure: Box::new(ReplayFailure::RecorderCall {
                    path: path.to_owned(),
                    line,
                }),
            });
        }
    }
    Ok(())
}

/// Sends every entry of `recording` to `target` in order and checks each answer: an entry
/// with a recorded status must get that status; one without must not get a 5xx or a
/// transport error (a 4xx is reported, not fatal). Stops at the first failure. A
/// recording that calls the recorder is refused before anything is sent (see
/// [`refuse_recorder_calls`]).
pub fn replay(
    recording: &Recording,
    target: &mut dyn ReplayTarget,
) -> Result<ReplayReport, ReplayError> {
    refuse_recorder_calls(recording)?;
    let mut report = ReplayReport::default();
    for (line, entry) in recording.lines() {
        let outcome = target.send(entry);
        check(recording, line, entry, outcome, &mut report)?;
    }
    Ok(report)
}

/// Checks the outcome of replaying the entry at `line` (see [`replay`]) and adds it to
/// `report`. For targets that replay on their own (such as the embedded backend, which
/// dispatches asynchronously), so every replay applies the same rules.
pub fn check(
    recording: &Recording,
    line: usize,
    entry: &Entry,
    outcome: Result<ReplayResponse, TransportError>,
    report: &mut ReplayReport,
) -> Result<(), ReplayError> {
    let fail = |failure| ReplayError {
        source_name: recording.source().to_owned(),
        line,
        request: RequestSummary::of(entry),
        failure: Box::new(failure),
    };
    let response = outcome.map_err(|error| fail(ReplayFailure::Transport(error.to_string())))?;
    report.replayed += 1;
    match entry.status {
        Some(recorded) if recorded != response.status => Err(fail(ReplayFailure::StatusMismatch {
            recorded,
            actual: response.status,
            body: quote_body(&response.body),
        })),
        None if response.status >= 500 => Err(fail(ReplayFailure::ServerError {
            status: response.status,
            body: quote_body(&response.body),
        })),
        None if response.status >= 400 => {
            report.client_errors.push(ClientError {
                line,
                request: RequestSummary::of(entry),
                status: response.status,
                body: quote_body(&response.body),
            });
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A response body for a message: text, shortened, `(empty body)` when there is none.
fn quote_body(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(QUOTED_BODY_LIMIT) {
        Some((cut, _)) => format!("{}... ({} bytes in all)", &text[..cut], body.len()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording(text: &str) -> Recording {
        Recording::parse("tests/fixtures/orders.jsonl", text.as_bytes()).unwrap()
    }

    fn answering(
        statuses: &'static [u16],
    ) -> impl FnMut(&Entry) -> Result<ReplayResponse, TransportError> {
        let mut statuses = statuses.iter().copied();
        move |_| {
            Ok(ReplayResponse {
                status: statuses.next().unwrap_or(200),
                body: b"<Error><Code>NoSuchBucket</Code></Error>".to_vec(),
            })
        }
    }

    const TWO_LINES: &str = concat!(
        r#"{"headers": {}, "method": "PUT", "url": "http://localhost:5000/b", "body": "", "body_encoded": false, "status": 200}"#,
        "\n\n",
        r#"{"headers": {}, "method": "PUT", "url": "http://localhost:5000/b/k?x-id=PutObject", "body": "x", "body_encoded": false, "status": 200}"#,
        "\n"
    );

    #[test]
    fn a_status_mismatch_names_file_line_request_and_body() {
        let mut sent = 0;
        let mut target = |entry: &Entry| {
            sent += 1;
            answering(&[404])(entry)
        };
        let error = replay(&recording(TWO_LINES), &mut target).unwrap_err();
        assert_eq!(sent, 1, "nothing is sent after the first failure");
        assert_eq!(error.line, 1);
        assert_eq!(
            error.to_string(),
            "tests/fixtures/orders.jsonl:1: replaying PUT /b failed: it was recorded with \
             status 200 but answered 404: <Error><Code>NoSuchBucket</Code></Error>"
        );
        let error = replay(&recording(TWO_LINES), &mut answering(&[200, 500])).unwrap_err();
        assert_eq!(error.line, 3, "blank lines keep their numbers");
        assert_eq!(error.request.operation.as_deref(), Some("PutObject"));
    }

    #[test]
    fn entries_without_status_fail_only_on_server_errors() {
        let unchecked = TWO_LINES.replace(", \"status\": 200", "");
        let report = replay(&recording(&unchecked), &mut answering(&[404, 200])).unwrap();
        assert_eq!(report.replayed, 2);
        assert_eq!(report.client_errors.len(), 1);
        assert_eq!(report.client_errors[0].status, 404);
        assert_eq!(report.client_errors[0].line, 1);
        let error = replay(&recording(&unchecked), &mut answering(&[200, 503])).unwrap_err();
        assert!(matches!(
            *error.failure,
            ReplayFailure::ServerError { status: 503, .. }
        ));
    }

    #[test]
    fn transport_errors_stop_the_replay() {
        let mut target = |_: &Entry| -> Result<ReplayResponse, TransportError> {
            Err("connection refused".into())
        };
        let error = replay(&recording(TWO_LINES), &mut target).unwrap_err();
        assert_eq!(
            *error.failure,
            ReplayFailure::Transport("connection refused".into())
        );
        assert!(
            error
                .to_string()
                .ends_with("failed: no response: connection refused")
        );
    }

    #[test]
    fn recorder_calls_are_refused_before_anything_is_sent() {
        let text = format!(
            "{}\n{}\n",
            TWO_LINES.trim_end(),
            r#"{"method": "POST", "url": "http://localhost:5000/moto-api/recorder/replay-recording?x=1"}"#
        );
        let mut sent = 0;
        let mut target = |entry: &Entry| {
            sent += 1;
            answering(&[])(entry)
        };
        let error = replay(&recording(&text), &mut target).unwrap_err();
        assert_eq!(sent, 0, "nothing is sent");
        assert!(error.nothing_replayed());
        assert_eq!(error.line, 4);
        assert_eq!(
            error.to_string(),
            "tests/fixtures/orders.jsonl:4: replaying POST \
             /moto-api/recorder/replay-recording?x=1 failed: it calls the recorder \
             (/moto-api/recorder/replay-recording), which a replay never runs: remove line 4 \
             from the recording; nothing was replayed"
        );
        let seed_and_reset = concat!(
            r#"{"method": "POST", "url": "http://localhost:5000/moto-api/seed?a=1"}"#,
            "\n",
            r#"{"method": "POST", "url": "http://moto:5000/moto-api/reset"}"#,
            "\n"
        );
        assert!(refuse_recorder_calls(&recording(seed_and_reset)).is_ok());
        let elsewhere =
            r#"{"method": "GET", "url": "https://moto:5000/moto-api/recorder/download-recording"}"#;
        assert!(refuse_recorder_calls(&recording(elsewhere)).is_err());
    }

    #[test]
    fn long_bodies_are_shortened() {
        let quoted = quote_body("é".repeat(3000).as_bytes());
        assert!(
            quoted.ends_with("... (6000 bytes in all)"),
            "{}",
            &quoted[quoted.len() - 40..]
        );
        assert_eq!(quote_body(b""), "(empty body)");
    }
}
