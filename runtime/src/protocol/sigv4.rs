//! SigV4 `Authorization` headers and presigned-url credentials.
//!
//! Only what is needed to route and canonicalise requests: the credential scope (access
//! key, date, region, service). Signatures are not verified.

/// The algorithm name SigV4 uses.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The credential scope of a SigV4 request: `AKID/20240101/us-east-1/s3/aws4_request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialScope<'a> {
    /// The access key id.
    pub access_key: &'a str,
    /// The date, `YYYYMMDD`.
    pub date: &'a str,
    /// The region, such as `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, such as `s3` or `dynamodb`.
    pub service: &'a str,
}

/// A parsed `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The credential scope.
    pub scope: CredentialScope<'a>,
    /// The `SignedHeaders` list, if present.
    pub signed_headers: Option<&'a str>,
    /// The `Signature`, if present.
    pub signature: Option<&'a str>,
}

/// Parses a SigV4 `Authorization` header value; `None` if it is not SigV4.
pub fn parse_authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.trim().strip_prefix(ALGORITHM)?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut scope = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (name, value) = part.trim().split_once('=')?;
        match name.trim() {
            "Credential" => scope = parse_credential(value.trim()),
            "SignedHeaders" => signed_headers = Some(value.trim()),
            "Signature" => signature = Some(value.trim()),
            _ => {}
        }
    }
    Some(Authorization {
        scope: scope?,
        signed_headers,
        signature,
    })
}

/// Parses a credential, `AKID/date/region/service/aws4_request`.
pub fn parse_credential(credential: &str) -> Option<CredentialScope<'_>> {
    let mut parts = credential.split('/');
    let scope = CredentialScope {
        access_key: parts.next()?,
        date: parts.next()?,
        region: parts.next()?,
        service: parts.next()?,
    };
    let terminator = parts.next()?;
    (terminator == "aws4_request" && parts.next().is_none()).then_some(scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDK_HEADER: &str = "AWS4-HMAC-SHA256 Credential=testing/20240101/eu-west-1/s3/aws4_request, \
        SignedHeaders=host;x-amz-content-sha256;x-amz-date, \
        Signature=6a1b0c2d";

    #[test]
    fn parses_what_the_sdks_send() {
        let auth = parse_authorization(SDK_HEADER).unwrap();
        assert_eq!(
            auth.scope,
            CredentialScope {
                access_key: "testing",
                date: "20240101",
                region: "eu-west-1",
                service: "s3"
            }
        );
        assert_eq!(
            auth.signed_headers,
            Some("host;x-amz-content-sha256;x-amz-date")
        );
        assert_eq!(auth.signature, Some("6a1b0c2d"));
    }

    #[test]
    fn tolerates_missing_spaces_after_commas() {
        let auth = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sqs/aws4_request,SignedHeaders=host,Signature=ab",
        )
        .unwrap();
        assert_eq!(auth.scope.service, "sqs");
        assert_eq!(auth.signature, Some("ab"));
    }

    #[test]
    fn rejects_other_schemes_and_broken_scopes() {
        assert_eq!(parse_authorization("AWS AKID:signature"), None);
        assert_eq!(parse_authorization("AWS4-HMAC-SHA256Credential=x"), None);
        assert_eq!(
            parse_authorization("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3"),
            None
        );
        assert_eq!(parse_credential("a/b/c/d/aws4_request/extra"), None);
        assert_eq!(parse_credential("a/b/c/d/other"), None);
    }
}
