//! Reading recordings: every file stock Moto writes, with file:line errors for the rest.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::entry::{Entry, split_url};

/// What is wrong with one line of a recording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// The line is not valid UTF-8.
    #[error("the line is not valid UTF-8: recordings are JSON text")]
    NotUtf8,
    /// The line is not valid JSON.
    #[error("invalid JSON at column {column}: {message}")]
    InvalidJson {
        /// 1-based column of the problem.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The last line stops inside its JSON object.
    #[error(
        "the file ends in the middle of this line's JSON object (it looks cut short): \
         re-record it, or delete the partial line"
    )]
    Truncated,
    /// Valid JSON, but not an object.
    #[error("expected a JSON object per line, found {found}")]
    NotObject {
        /// What was found instead.
        found: &'static str,
    },
    /// A required key is absent.
    #[error("missing `{key}`: every line needs \"method\" and \"url\"")]
    MissingKey {
        /// The key.
        key: &'static str,
    },
    /// A key with a value of the wrong type.
    #[error("`{key}` must be {expected}, found {found}")]
    WrongType {
        /// The key.
        key: &'static str,
        /// The type it must have.
        expected: &'static str,
        /// The type found.
        found: &'static str,
    },
    /// A header whose value is not a string.
    #[error("header `{name}` must have a string value, found {found}")]
    HeaderNotString {
        /// The header's name.
        name: String,
        /// The type found.
        found: &'static str,
    },
    /// A `method` that is not an HTTP method token.
    #[error("`method` {method:?} is not an HTTP method such as \"GET\" or \"PUT\"")]
    BadMethod {
        /// The value found.
        method: String,
    },
    /// A `url` that is not an absolute http(s) url.
    #[error("`url` {url:?} is not an absolute http:// or https:// url")]
    BadUrl {
        /// The value found.
        url: String,
    },
    /// `body_encoded` is true but `body` is not base64.
    #[error("`body` is not valid base64 although `body_encoded` is true ({reason})")]
    BadBase64 {
        /// What the decoder said.
        reason: String,
    },
    /// A `status` that is not an HTTP status code.
    #[error("`status` must be an HTTP status code from 100 to 599, found {found}")]
    BadStatus {
        /// The value found.
        found: String,
    },
}

/// Parses one non-blank line. `last_without_newline` marks the final line of a file that
/// does not end in a newline, where running out of input means the file was cut short.
pub(crate) fn parse_line(line: &str, last_without_newline: bool) -> Result<Entry, LineError> {
    let raw: RawLine = match serde_json::from_str(line) {
        Ok(raw) => raw,
        Err(error) => return Err(classify(line, &error, last_without_newline)),
    };
    raw.into_entry()
}

fn classify(line: &str, error: &serde_json::Error, last_without_newline: bool) -> LineError {
    if error.is_eof() && last_without_newline {
        return LineError::Truncated;
    }
    if error.is_data() {
        // Valid JSON of another type: say which.
        if let Ok(value) = serde_json::from_str::<Value>(line) {
            return LineError::NotObject {
                found: json_type(&value),
            };
        }
    }
    LineError::InvalidJson {
        column: error.column(),
        message: strip_position(&error.to_string()),
    }
}

/// serde_json appends " at line 1 column N"; the column is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The keys of a line as found, checked afterwards so every problem gets its own message.
#[derive(Default)]
struct RawLine {
    headers: Option<Headers>,
    method: Option<Value>,
    url: Option<Value>,
    /// `None`: absent; `Some(Value::Null)`: `null`.
    body: Option<Value>,
    body_encoded: Option<Value>,
    status: Option<Value>,
}

/// Headers in file order, read pair by pair (a `serde_json::Map` sorts them, or not, by
/// the build's `preserve_order` feature).
enum Headers {
    Object(Vec<(String, Value)>),
    Other(&'static str),
}

impl RawLine {
    fn into_entry(self) -> Result<Entry, LineError> {
        let headers = match self.headers {
            None | Some(Headers::Other("null")) => Vec::new(),
            Some(Headers::Other(found)) => {
                return Err(LineError::WrongType {
                    key: "headers",
                    expected: "an object of strings",
                    found,
                });
            }
            Some(Headers::Object(pairs)) => pairs
                .into_iter()
                .map(|(name, value)| match value {
                    Value::String(text) => Ok((name, text)),
                    other => Err(LineError::HeaderNotString {
                        name,
                        found: json_type(&other),
                    }),
                })
                .collect::<Result<_, _>>()?,
        };
        let method = required_string(self.method, "method")?;
        if method.is_empty() || !method.bytes().all(is_token_byte) {
            return Err(LineError::BadMethod { method });
        }
        let url = required_string(self.url, "url")?;
        if split_url(&url).is_none() {
            return Err(LineError::BadUrl { url });
        }
        let body_encoded = match self.body_encoded {
            None | Some(Value::Null) => false,
            Some(Value::Bool(flag)) => flag,
            Some(other) => {
                return Err(LineError::WrongType {
                    key: "body_encoded",
                    expected: "true or false",
                    found: json_type(&other),
                });
            }
        };
        let body = match self.body {
            // Moto's replay sends "{}" when a line has no body.
            None => Some(b"{}".to_vec()),
            Some(Value::Null) => None,
            Some(Value::String(text)) if body_encoded => Some(
                STANDARD
                    .decode(text.as_bytes())
                    .map_err(|error| LineError::BadBase64 {
                        reason: error.to_string(),
                    })?,
            ),
            Some(Value::String(text)) => Some(text.into_bytes()),
            Some(other) => {
                return Err(LineError::WrongType {
                    key: "body",
                    expected: "a string or null",
                    found: json_type(&other),
                });
            }
        };
        let status = match self.status {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                value
                    .as_u64()
                    .filter(|code| (100..=599).contains(code))
                    .and_then(|code| u16::try_from(code).ok())
                    .ok_or_else(|| LineError::BadStatus {
                        found: value.to_string(),
                    })?,
            ),
        };
        Ok(Entry {
            headers,
            method,
            url,
            body,
            status,
        })
    }
}

fn required_string(value: Option<Value>, key: &'static str) -> Result<String, LineError> {
    match value {
        None => Err(LineError::MissingKey { key }),
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(LineError::WrongType {
            key,
            expected: "a string",
            found: json_type(&other),
        }),
    }
}

/// RFC 9110 token characters.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

impl<'de> serde::Deserialize<'de> for RawLine {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawLineVisitor)
    }
}

struct RawLineVisitor;

impl<'de> Visitor<'de> for RawLineVisitor {
    type Value = RawLine;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLine, A::Error> {
        let mut raw = RawLine::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "headers" => raw.headers = Some(map.next_value()?),
                "method" => raw.method = Some(map.next_value()?),
                "url" => raw.url = Some(map.next_value()?),
                "body" => raw.body = Some(map.next_value()?),
                "body_encoded" => raw.body_encoded = Some(map.next_value()?),
                "status" => raw.status = Some(map.next_value()?),
                // Unknown keys are ignored, as stock Moto ignores ours.
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(raw)
    }
}

impl<'de> serde::Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeadersVisitor)
    }
}

struct HeadersVisitor;

impl<'de> Visitor<'de> for HeadersVisitor {
    type Value = Headers;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of header names and values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Headers, A::Error> {
        let mut pairs = Vec::new();
        while let Some((name, value)) = map.next_entry::<String, Value>()? {
            pairs.push((name, value));
        }
        Ok(Headers::Object(pairs))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Headers, E> {
        Ok(Headers::Other("null"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Headers, E> {
        Ok(Headers::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Headers, E> {
        Ok(Headers::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Headers, E> {
        Ok(Headers::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Headers, E> {
        Ok(Headers::Other("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Headers, E> {
        Ok(Headers::Other("a string"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Headers, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Headers::Other("an array"))
    }
}
