//! Policy documents: checked as AWS checks them at least (JSON with a `Statement`), kept
//! as given, answered URL-encoded as AWS answers them.

use serde_json::Value;

use super::error;
use crate::protocol::error::ServiceError;
use crate::protocol::query::percent_encode;

/// Checks that `document` is a policy: a JSON object with a `Statement`. Policies are
/// stored, not enforced.
pub(super) fn check(document: &str) -> Result<(), ServiceError> {
    let parsed: Value = serde_json::from_str(document)
        .map_err(|_| error::malformed_policy_document("Syntax errors in policy."))?;
    let statement = parsed
        .as_object()
        .and_then(|object| object.get("Statement"));
    match statement {
        Some(Value::Object(_) | Value::Array(_)) => Ok(()),
        _ => Err(error::malformed_policy_document("Syntax errors in policy.")),
    }
}

/// `document` URL-encoded, as IAM answers policy documents: everything but letters,
/// digits, `-_.~` and `/` percent-encoded.
pub(super) fn encoded(document: &str) -> String {
    percent_encode(document).replace("%2F", "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_must_be_json_policies() {
        assert!(check(r#"{"Version":"2012-10-17","Statement":[]}"#).is_ok());
        for bad in ["not json", "[]", r#"{"Version":"2012-10-17"}"#] {
            let refused = check(bad).unwrap_err();
            assert_eq!(refused.code, "MalformedPolicyDocument", "{bad}");
            assert_eq!(refused.message, "Syntax errors in policy.");
        }
    }

    #[test]
    fn documents_are_answered_url_encoded() {
        assert_eq!(
            encoded(r#"{"Resource": "arn:aws:s3:::b/*"}"#),
            "%7B%22Resource%22%3A%20%22arn%3Aaws%3As3%3A%3A%3Ab/%2A%22%7D"
        );
    }
}
