//! AWS errors, rendered the way each protocol sends them.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};

use super::xml::escape;

/// The wire protocol of a request, which decides how its errors are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// REST with XML bodies (S3).
    RestXml,
    /// REST with JSON bodies.
    RestJson1,
    /// The query protocol (form bodies with `Action=`; SQS before JSON, STS).
    Query,
    /// EC2's query protocol.
    Ec2Query,
    /// JSON 1.0 (`X-Amz-Target`, DynamoDB, SQS). `query_compatible` adds the
    /// `x-amzn-query-error` header SDKs read for services that moved from query (SQS).
    AwsJson1_0 {
        /// The request asked for query-compatible errors (`x-amzn-query-mode: true`).
        query_compatible: bool,
    },
    /// JSON 1.1 (`X-Amz-Target` with `application/x-amz-json-1.1`).
    AwsJson1_1,
}

/// An AWS error: code, message and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} ({status}): {message}")]
pub struct ServiceError {
    /// The AWS error code, such as `NoSuchBucket`.
    pub code: String,
    /// The message.
    pub message: String,
    /// The HTTP status.
    pub status: StatusCode,
    /// The code the query protocol (and `x-amzn-query-error`) uses when it differs from
    /// `code`, as SQS's `AWS.SimpleQueueService.NonExistentQueue` for `QueueDoesNotExist`.
    pub query_code: Option<String>,
    /// Members the error's shape has besides its message (Timestream's
    /// `RejectedRecords`), written beside it by the JSON protocols.
    pub members: serde_json::Map<String, serde_json::Value>,
}

impl ServiceError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        ServiceError {
            code: code.into(),
            message: message.into(),
            status,
            query_code: None,
            members: serde_json::Map::new(),
        }
    }

    /// The same error with `name` set to `value` beside the message.
    pub fn with_member(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.members.insert(name.into(), value);
        self
    }

    /// The same error with a different code for the query protocol.
    pub fn with_query_code(mut self, query_code: impl Into<String>) -> Self {
        self.query_code = Some(query_code.into());
        self
    }

    fn code_for_query(&self) -> &str {
        self.query_code.as_deref().unwrap_or(&self.code)
    }

    /// Whether the caller is at fault (4xx), as the query protocol's `Type` says.
    fn fault(&self) -> &'static str {
        if self.status.is_server_error() {
            "Receiver"
        } else {
            "Sender"
        }
    }

    /// The error as `protocol` sends it, with `request_id`.
    pub fn to_response(&self, protocol: Protocol, request_id: &str) -> Response<Bytes> {
        let (content_type, body) = match protocol {
            Protocol::RestXml => (
                "application/xml",
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message><RequestId>{}</RequestId></Error>",
                    escape(&self.code),
                    escape(&self.message),
                    escape(request_id)
                ),
            ),
            Protocol::Query => (
                "text/xml",
                format!(
                    "<?xml version=\"1.0\"?>\n<ErrorResponse><Error><Type>{}</Type><Code>{}</Code><Message>{}</Message><Detail/></Error><RequestId>{}</RequestId></ErrorResponse>",
                    self.fault(),
                    escape(self.code_for_query()),
                    escape(&self.message),
                    escape(request_id)
                ),
            ),
            Protocol::Ec2Query => (
                "text/xml;charset=UTF-8",
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code><Message>{}</Message></Error></Errors><RequestID>{}</RequestID></Response>",
                    escape(&self.code),
                    escape(&self.message),
                    escape(request_id)
                ),
            ),
            Protocol::RestJson1 => (
                "application/json",
                serde_json::json!({ "message": self.message }).to_string(),
            ),
            Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 => (
                if protocol == Protocol::AwsJson1_1 {
                    "application/x-amz-json-1.1"
                } else {
                    "application/x-amz-json-1.0"
                },
                {
                    let mut body = self.members.clone();
                    body.insert("__type".into(), self.code.clone().into());
                    body.insert("message".into(), self.message.clone().into());
                    serde_json::Value::Object(body).to_string()
                },
            ),
        };
        let mut response = Response::new(Bytes::from(body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(value) = HeaderValue::from_str(request_id) {
            headers.insert("x-amzn-requestid", value.clone());
            headers.insert("x-amz-request-id", value);
        }
        if matches!(
            protocol,
            Protocol::AwsJson1_0 {
                query_compatible: true
            }
        ) && let Ok(value) =
            HeaderValue::from_str(&format!("{};{}", self.code_for_query(), self.fault()))
        {
            headers.insert("x-amzn-query-error", value);
        }
        if let Ok(value) = HeaderValue::from_str(&self.code)
            && matches!(
                protocol,
                Protocol::AwsJson1_0 { .. } | Protocol::AwsJson1_1 | Protocol::RestJson1
            )
        {
            headers.insert("x-amzn-errortype", value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(response: &Response<Bytes>) -> String {
        String::from_utf8(response.body().to_vec()).unwrap()
    }

    #[test]
    fn renders_each_protocol() {
        let error = ServiceError::new(StatusCode::BAD_REQUEST, "InvalidAction", "no <such> action");
        let xml = error.to_response(Protocol::RestXml, "REQ1");
        assert_eq!(xml.status(), 400);
        assert_eq!(
            body(&xml),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidAction</Code><Message>no &lt;such&gt; action</Message><RequestId>REQ1</RequestId></Error>"
        );
        assert!(
            body(&error.to_response(Protocol::Query, "R"))
                .contains("<Type>Sender</Type><Code>InvalidAction</Code>")
        );
        assert!(
            body(&error.to_response(Protocol::Ec2Query, "R"))
                .contains("<Errors><Error><Code>InvalidAction</Code>")
        );
        let json = error.to_response(
            Protocol::AwsJson1_0 {
                query_compatible: true,
            },
            "R",
        );
        assert_eq!(
            body(&json),
            r#"{"__type":"InvalidAction","message":"no <such> action"}"#
        );
        assert_eq!(json.headers()["x-amzn-query-error"], "InvalidAction;Sender");
        assert_eq!(json.headers()["content-type"], "application/x-amz-json-1.0");
        let plain_json = error.to_response(Protocol::AwsJson1_1, "R");
        assert!(plain_json.headers().get("x-amzn-query-error").is_none());
        assert_eq!(
            plain_json.headers()["content-type"],
            "application/x-amz-json-1.1"
        );
    }

    #[test]
    fn query_codes_apply_to_the_query_protocol_and_header() {
        let error = ServiceError::new(StatusCode::BAD_REQUEST, "QueueDoesNotExist", "gone")
            .with_query_code("AWS.SimpleQueueService.NonExistentQueue");
        let json = error.to_response(
            Protocol::AwsJson1_0 {
                query_compatible: true,
            },
            "R",
        );
        assert_eq!(
            body(&json),
            r#"{"__type":"QueueDoesNotExist","message":"gone"}"#
        );
        assert_eq!(
            json.headers()["x-amzn-query-error"],
            "AWS.SimpleQueueService.NonExistentQueue;Sender"
        );
        let query = error.to_response(Protocol::Query, "R");
        assert!(body(&query).contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"));
    }

    #[test]
    fn server_errors_are_the_receivers_fault() {
        let error = ServiceError::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "x");
        assert!(body(&error.to_response(Protocol::Query, "R")).contains("<Type>Receiver</Type>"));
    }

    #[test]
    fn json_errors_carry_their_other_members() {
        let error = ServiceError::new(StatusCode::BAD_REQUEST, "RejectedRecordsException", "m")
            .with_member("RejectedRecords", serde_json::json!([{"RecordIndex": 0}]));
        let response = error.to_response(
            Protocol::AwsJson1_0 {
                query_compatible: false,
            },
            "R",
        );
        let body: serde_json::Value = serde_json::from_str(&body(&response)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"__type": "RejectedRecordsException", "message": "m", "RejectedRecords": [{"RecordIndex": 0}]})
        );
    }
}
