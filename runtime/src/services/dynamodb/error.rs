//! DynamoDB errors: dynoxide's, the request-decoding errors we map ourselves, and the
//! errors of the operations we answer without dynoxide.

use dynoxide::errors::DynoxideError;
use http::StatusCode;

/// Why a DynamoDB request failed: an error of dynoxide's, or one of ours.
#[derive(Debug)]
pub(super) enum Failure {
    Dynoxide(DynoxideError),
    Own(OwnError),
}

impl From<DynoxideError> for Failure {
    fn from(error: DynoxideError) -> Self {
        Failure::Dynoxide(error)
    }
}

impl From<OwnError> for Failure {
    fn from(error: OwnError) -> Self {
        Failure::Own(error)
    }
}

impl Failure {
    /// The HTTP status.
    pub(super) fn status(&self) -> StatusCode {
        match self {
            Failure::Dynoxide(error) => status(error),
            Failure::Own(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// The body, as DynamoDB writes it (`__type` with its namespace, `message`).
    pub(super) fn body(&self) -> String {
        match self {
            Failure::Dynoxide(error) => error.to_json(),
            Failure::Own(error) => serde_json::json!({
                "__type": format!("{}#{}", error.namespace, error.code),
                "message": error.message,
            })
            .to_string(),
        }
    }

    /// The code alone, as the SDKs read it from `x-amzn-errortype`.
    pub(super) fn code(&self) -> &'static str {
        match self {
            Failure::Dynoxide(error) => {
                let error_type = error.error_type();
                error_type.rsplit('#').next().unwrap_or(error_type)
            }
            Failure::Own(error) => error.code,
        }
    }
}

/// A DynamoDB error dynoxide has no variant for, in DynamoDB's code and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OwnError {
    namespace: &'static str,
    code: &'static str,
    message: String,
}

/// The namespace of DynamoDB's own error codes.
const DYNAMODB: &str = "com.amazonaws.dynamodb.v20120810";

impl OwnError {
    fn dynamodb(code: &'static str, message: String) -> Self {
        OwnError {
            namespace: DYNAMODB,
            code,
            message,
        }
    }

    /// The table an operation on backups names does not exist.
    pub(super) fn table_not_found(table: &str) -> Self {
        Self::dynamodb(
            "TableNotFoundException",
            format!("Table not found: {table}"),
        )
    }

    /// No backup has this ARN (or it was deleted).
    pub(super) fn backup_not_found(arn: &str) -> Self {
        Self::dynamodb(
            "BackupNotFoundException",
            format!("Backup not found: {arn}"),
        )
    }

    /// A tagging request names a table this account does not have in this region.
    pub(super) fn resource_arn_not_found(arn: &str) -> Self {
        Self::dynamodb(
            "ResourceNotFoundException",
            format!("Requested resource not found: ResourcArn: {arn} not found"),
        )
    }

    /// The caller may not act on another account's resource.
    pub(super) fn access_denied(message: String) -> Self {
        OwnError {
            namespace: "com.amazon.coral.service",
            code: "AccessDeniedException",
            message,
        }
    }

    /// The request breaks the model's constraints or DynamoDB's rules.
    pub(super) fn validation(message: String) -> Self {
        OwnError {
            namespace: "com.amazon.coral.validate",
            code: "ValidationException",
            message,
        }
    }
}

/// dynoxide passes validation failures out of serde as tagged messages; each tag says
/// which DynamoDB error the message is.
const MARKERS: [(&str, Kind); 5] = [
    ("VALIDATION_REQUEST:", Kind::Validation),
    ("VALIDATION_AS_READ:", Kind::Validation),
    ("VALIDATION:", Kind::Validation),
    ("SERIALIZATION_AS_READ:", Kind::Serialization),
    ("SERIALIZATION:", Kind::Serialization),
];

#[derive(Clone, Copy)]
enum Kind {
    Validation,
    Serialization,
}

/// The HTTP status of a dynoxide error.
pub(super) fn status(error: &DynoxideError) -> StatusCode {
    if error.short_error_code() == "InternalServerError" {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::BAD_REQUEST
    }
}

/// The DynamoDB error for a request body that could not be decoded, with DynamoDB's
/// wording: serde's own (type names, `at line 1 column 9`) never reaches the client.
pub(super) fn decoding(error: &serde_json::Error) -> DynoxideError {
    let message = error.to_string();
    let message = strip_position(&message);
    for (marker, kind) in MARKERS {
        if let Some(rest) = message.strip_prefix(marker) {
            return of_kind(kind, rest.to_owned());
        }
    }
    if error.is_syntax() || error.is_eof() {
        return DynoxideError::SerializationException(
            "The request body is not valid JSON".to_owned(),
        );
    }
    if let Some(field) = between(message, "missing field `", "`") {
        return DynoxideError::ValidationException(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: \
             Member must not be null",
            lower_camel(field)
        ));
    }
    if let Some(variant) = between(message, "unknown variant `", "`") {
        let allowed: Vec<&str> = message
            .split("expected one of ")
            .nth(1)
            .unwrap_or_default()
            .split(", ")
            .map(|name| name.trim_matches('`'))
            .filter(|name| !name.is_empty())
            .collect();
        return DynoxideError::ValidationException(format!(
            "1 validation error detected: Value '{variant}' failed to satisfy constraint: \
             Member must satisfy enum value set: [{}]",
            allowed.join(", ")
        ));
    }
    if let Some(found) = between(message, "invalid type: ", ",") {
        let expected = message.split("expected ").nth(1).unwrap_or_default();
        return DynoxideError::SerializationException(type_mismatch(found, expected));
    }
    DynoxideError::SerializationException("The request body could not be read".to_owned())
}

fn of_kind(kind: Kind, message: String) -> DynoxideError {
    match kind {
        Kind::Validation => DynoxideError::ValidationException(message),
        Kind::Serialization => DynoxideError::SerializationException(message),
    }
}

/// DynamoDB's words for a JSON value of the wrong type.
fn type_mismatch(found: &str, expected: &str) -> String {
    let token = if found.starts_with("integer") || found.starts_with("floating point") {
        "NUMBER_VALUE"
    } else if found.starts_with("string") {
        "VALUE_STRING"
    } else if found.starts_with("boolean `true`") {
        "VALUE_TRUE"
    } else if found.starts_with("boolean") {
        "VALUE_FALSE"
    } else if found.starts_with("map") {
        return "Start of structure or map found where not expected.".to_owned();
    } else if found.starts_with("sequence") {
        return "Start of list found where not expected".to_owned();
    } else {
        "VALUE"
    };
    let target = if expected.contains("string") {
        "String"
    } else if expected.contains("bool") {
        "Boolean"
    } else if expected.contains("i64") || expected.contains("u64") {
        "Long"
    } else if expected.contains("i32") || expected.contains("u32") || expected.contains("integer") {
        "Integer"
    } else if expected.contains("sequence") || expected.contains("list") {
        "List"
    } else {
        "Map"
    };
    format!("{token} cannot be converted to {target}")
}

fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(index) => &message[..index],
        None => message,
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// `TableName` -> `tableName`, as DynamoDB names members in validation messages.
fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(body: &str) -> DynoxideError {
        let error =
            serde_json::from_str::<dynoxide::actions::create_table::CreateTableRequest>(body)
                .err()
                .or_else(|| {
                    serde_json::from_str::<dynoxide::actions::get_item::GetItemRequest>(body).err()
                })
                .unwrap();
        decoding(&error)
    }

    #[test]
    fn no_serde_wording_reaches_the_client() {
        for body in [
            "not json",
            r#"{"TableName": 5}"#,
            r#"{"TableName": {"a": 1}}"#,
            r#"{"TableName": "t", "KeySchema": [{"AttributeName": "k", "KeyType": "FOO"}], "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#,
        ] {
            let json = decode(body).to_json();
            for internal in [
                "line 1",
                "column",
                "invalid type",
                "VALIDATION",
                "SERIALIZATION",
                "variant",
                "struct ",
            ] {
                assert!(!json.contains(internal), "{body} -> {json}");
            }
        }
    }

    #[test]
    fn type_mismatches_are_serialization_exceptions() {
        let error = decode(r#"{"TableName": 5}"#);
        assert!(
            error.error_type().ends_with("SerializationException"),
            "{}",
            error.to_json()
        );
        assert!(
            error
                .to_json()
                .contains("NUMBER_VALUE cannot be converted to String"),
            "{}",
            error.to_json()
        );
    }
}
