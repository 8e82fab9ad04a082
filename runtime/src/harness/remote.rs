//! A real Moto server as a test's backend (`MOTO_RECORDED_SERVER`), driven over its
//! `/moto-api/` control plane.
//!
//! Moto 5.2's ids under a seed depend on which service backends existed before the seed:
//! a reset drops them, and one created lazily after the seed draws many numbers first
//! (EC2's default VPC, for one). So every test prepares the server the same way: reset,
//! touch each service and region the fixture uses with a harmless call, then seed. Tests
//! sharing one server hold its lock for their whole run (in process and across
//! processes), so they cannot reset each other's state.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use super::error::HarnessError;
use super::lock::NamedLock;
use crate::backend::request_from_entry;
use crate::config;
use crate::recorder::{self, ReplayError, ReplayReport, ReplayResponse, TransportError};
use crate::recording::{
    CANONICAL_ORIGIN, Entry, PLACEHOLDER_SCOPE_DATE, PLACEHOLDER_SIGNATURE, RECORDER_PATH_PREFIX,
    Recording,
};
use crate::services;

/// Longest a single request to the server may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// The largest response read from the server (a recording download, an S3 object): a
/// server that sends more is not one to trust with the test's memory.
const MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// A (service, region) a fixture sends requests to.
pub(crate) type ServiceRegion = (String, String);

/// A Moto server, held exclusively by one test.
#[derive(Debug)]
pub(crate) struct MotoServer {
    url: String,
    agent: ureq::Agent,
    max_response_bytes: u64,
    _lock: NamedLock,
}

/// A response: status and body.
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl MotoServer {
    /// Takes the server for this test (waiting for other tests using it) and checks
    /// that it is there and is a Moto recent enough.
    pub(crate) fn connect(url: &str) -> Result<MotoServer, HarnessError> {
        MotoServer::connect_with_limit(url, MAX_RESPONSE_BYTES)
    }

    /// [`connect`](MotoServer::connect), reading responses of at most `max_response_bytes`.
    fn connect_with_limit(url: &str, max_response_bytes: u64) -> Result<MotoServer, HarnessError> {
        let lock = NamedLock::acquire(
            PathBuf::from(format!("moto-server {url}")),
            &format!("Moto server {url}"),
        )?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .build()
            .into();
        let server = MotoServer {
            url: url.to_owned(),
            agent,
            max_response_bytes,
            _lock: lock,
        };
        server.check()?;
        Ok(server)
    }

    /// The server's url.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    fn unusable(&self, problem: String) -> HarnessError {
        HarnessError::MotoServer {
            variable: config::MOTO_SERVER,
            url: self.url.clone(),
            problem,
        }
    }

    /// Reset answers as Moto's does, and the recorder and seed endpoints exist.
    fn check(&self) -> Result<(), HarnessError> {
        let reset = self
            .post("/moto-api/reset", Vec::new())
            .map_err(|error| match error {
                ureq::Error::BodyExceedsLimit(limit) => self.unusable(format!(
                    "it answers POST /moto-api/reset with more than {limit} bytes, which no \
                     Moto does: check that the url names a Moto server"
                )),
                error => self.unusable(format!(
                    "no server answers there ({error}). Start one with `moto_server -p <port>` \
                     (pip install 'moto[server]'), or unset the variable to use the embedded \
                     backend"
                )),
            })?;
        let body = String::from_utf8_lossy(&reset.body);
        if reset.status != 200 || !body.contains("\"ok\"") {
            return Err(self.unusable(format!(
                "it answers, but not as Moto: POST /moto-api/reset gave {} {}",
                reset.status,
                body.trim()
            )));
        }
        for path in ["/moto-api/recorder/stop-recording", "/moto-api/seed?a=0"] {
            let answer = self
                .post(path, Vec::new())
                .map_err(|error| self.unusable(format!("POST {path} failed: {error}")))?;
            if answer.status != 200 {
                return Err(self.unusable(format!(
                    "it is a Moto without {path} (it answered {}): moto-recorded needs \
                     Moto 5 or later",
                    answer.status
                )));
            }
        }
        Ok(())
    }

    fn post(&self, path: &str, body: Vec<u8>) -> Result<Answer, ureq::Error> {
        let request = http::Request::post(format!("{}{path}", self.url))
            .body(body)
            .map_err(ureq::Error::from)?;
        self.answer(self.agent.run(request)?)
    }

    fn answer(&self, response: http::Response<ureq::Body>) -> Result<Answer, ureq::Error> {
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .with_config()
            .limit(self.max_response_bytes)
            .read_to_vec()?;
        Ok(Answer { status, body })
    }

    /// Sends `path` to the control plane and expects 200.
    fn control(&self, path: &str, body: Vec<u8>) -> Result<Vec<u8>, HarnessError> {
        let answer = self
            .post(path, body)
            .map_err(|error| self.unusable(format!("POST {path} failed: {error}")))?;
        if answer.status != 200 {
            return Err(self.unusable(format!(
                "POST {path} answered {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body).trim()
            )));
        }
        Ok(answer.body)
    }

    /// Reset, touch every (service, region) in `touched`, seed: the state a fresh embedded
    /// backend starts in, as near as Moto allows.
    pub(crate) fn prepare(
        &self,
        seed: u64,
        touched: &BTreeSet<ServiceRegion>,
    ) -> Result<(), HarnessError> {
        self.control("/moto-api/reset", Vec::new())?;
        for (service, region) in touched {
            if let Some(entry) = touch_request(service, region) {
                let answer = self.send(&entry).map_err(|error| {
                    self.unusable(format!("touching {service} failed: {error}"))
                })?;
                if answer.status >= 400 {
                    return Err(self.unusable(format!(
                        "touching {service} in {region} answered {}: {}",
                        answer.status,
                        String::from_utf8_lossy(&answer.body).trim()
                    )));
                }
            }
        }
        self.control(&format!("/moto-api/seed?a={seed}"), Vec::new())?;
        Ok(())
    }

    /// Prepares the server for replaying `recording`: reset, touch what it uses, seed.
    pub(crate) fn prepare_for(&self, seed: u64, recording: &Recording) -> Result<(), HarnessError> {
        self.prepare(seed, &services_of(recording))
    }

    /// Replays `recording` from here, entry by entry, checked as on the embedded backend;
    /// the status of each entry is pushed to `statuses` when given.
    pub(crate) fn replay(
        &self,
        recording: &Recording,
        mut statuses: Option<&mut Vec<u16>>,
    ) -> Result<ReplayReport, ReplayError> {
        let mut target = |entry: &Entry| -> Result<ReplayResponse, TransportError> {
            let answer = self.send(entry)?;
            if let Some(statuses) = statuses.as_deref_mut() {
                statuses.push(answer.status);
            }
            Ok(ReplayResponse {
                status: answer.status,
                body: answer.body,
            })
        };
        recorder::replay(recording, &mut target)
    }

    /// Sends one entry as a client would.
    fn send(&self, entry: &Entry) -> Result<Answer, ureq::Error> {
        let mut builder = http::Request::builder()
            .method(entry.method.as_str())
            .uri(format!("{}{}", self.url, entry.path_and_query()));
        for (name, value) in &entry.headers {
            if !["host", "content-length", "transfer-encoding"]
                .iter()
                .any(|skip| name.eq_ignore_ascii_case(skip))
            {
                builder = builder.header(name.as_str(), value.as_str());
            }
        }
        let body = entry.body.clone().unwrap_or_default();
        let response = if body.is_empty() && matches!(entry.method.as_str(), "GET" | "HEAD") {
            self.agent
                .run(builder.body(()).map_err(ureq::Error::from)?)?
        } else {
            self.agent
                .run(builder.body(body).map_err(ureq::Error::from)?)?
        };
        self.answer(response)
    }

    /// Moto's view of its state, `GET /moto-api/data.json`.
    pub(crate) fn state(&self) -> Result<serde_json::Value, HarnessError> {
        let path = "/moto-api/data.json";
        let answer = http::Request::get(format!("{}{path}", self.url))
            .body(())
            .map_err(ureq::Error::from)
            .and_then(|request| self.answer(self.agent.run(request)?))
            .map_err(|error| self.unusable(format!("GET {path} failed: {error}")))?;
        if answer.status != 200 {
            return Err(self.unusable(format!("GET {path} answered {}", answer.status)));
        }
        serde_json::from_slice(&answer.body).map_err(|error| {
            self.unusable(format!(
                "GET {path} answered something that is not JSON: {error}"
            ))
        })
    }

    /// One of Moto's recorder endpoints (`start-recording`, ...), expecting 200.
    pub(crate) fn recorder(&self, action: &str, body: Vec<u8>) -> Result<Vec<u8>, HarnessError> {
        self.control(&format!("{RECORDER_PATH_PREFIX}{action}"), body)
    }
}

/// The (service, region) pairs `recording` sends requests to, for the emulated services.
pub(crate) fn services_of(recording: &Recording) -> BTreeSet<ServiceRegion> {
    recording
        .entries()
        .iter()
        .filter(|entry| !entry.is_control_plane())
        .filter_map(|entry| request_from_entry(entry).ok())
        .map(|request| services::route(&request))
        .filter(|route| services::EMULATED.contains(&route.service.as_str()))
        .map(|route| (route.service, route.region))
        .collect()
}

/// A harmless request that makes Moto create `service`'s backend in `region`.
fn touch_request(service: &str, region: &str) -> Option<Entry> {
    let (target, form) = match service {
        "s3" => (None, None),
        "dynamodb" => (Some("DynamoDB_20120810.ListTables"), None),
        "sqs" => (None, Some("Action=ListQueues&Version=2012-11-05")),
        "ec2" => (None, Some("Action=DescribeRegions&Version=2016-11-15")),
        "sts" => (None, Some("Action=GetCallerIdentity&Version=2011-06-15")),
        _ => return None,
    };
    // The canonical form of an SDK's header: Moto reads only the credential scope.
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential=testing/{PLACEHOLDER_SCOPE_DATE}/{region}/{service}/aws4_request, \
         SignedHeaders=host, Signature={PLACEHOLDER_SIGNATURE}"
    );
    let mut headers = vec![("Authorization".to_owned(), authorization)];
    let (method, body) = match (target, form) {
        (Some(target), _) => {
            headers.push((
                "Content-Type".to_owned(),
                "application/x-amz-json-1.0".to_owned(),
            ));
            headers.push(("X-Amz-Target".to_owned(), target.to_owned()));
            ("POST", b"{}".to_vec())
        }
        (None, Some(form)) => {
            headers.push((
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ));
            ("POST", form.as_bytes().to_vec())
        }
        (None, None) => ("GET", Vec::new()),
    };
    Some(Entry {
        headers,
        method: method.to_owned(),
        url: format!("{CANONICAL_ORIGIN}/"),
        body: Some(body),
        status: None,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};

    use super::*;

    /// A server that answers every request 200 with `body`, as a Moto would, for a while.
    fn answering(body: Vec<u8>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().take(8) {
                let mut stream = stream.unwrap();
                let mut request = [0_u8; 4096];
                let _ = stream.read(&mut request);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        url
    }

    #[test]
    fn a_response_larger_than_the_limit_is_an_error_not_a_read_without_end() {
        let mut body = br#"{"status": "ok"}"#.to_vec();
        body.resize(4096, b' ');
        let url = answering(body);
        let error = MotoServer::connect_with_limit(&url, 1024).unwrap_err();
        let message = error.to_string();
        assert!(message.contains(&url), "{message}");
        assert!(message.contains("with more than 1024 bytes"), "{message}");
        MotoServer::connect_with_limit(&url, 8192).unwrap();
    }
}
