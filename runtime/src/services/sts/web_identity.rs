//! What AssumeRoleWithWebIdentity reports of the web identity token: the claims of an
//! OpenID Connect ID token (a JWT), read without checking its signature, since there is
//! no identity provider to check it with.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The claims AssumeRoleWithWebIdentity answers with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct TokenClaims {
    /// `sub`: `SubjectFromWebIdentityToken`.
    pub(super) subject: Option<String>,
    /// `aud` (the first one when there are several): `Audience`.
    pub(super) audience: Option<String>,
    /// `iss`: `Provider`.
    pub(super) issuer: Option<String>,
}

/// The claims of `token`; none when it is not a JWT (an OAuth 2.0 access token).
pub(super) fn claims(token: &str) -> TokenClaims {
    let payload = token
        .split('.')
        .nth(1)
        .and_then(|part| URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok())
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok());
    let Some(payload) = payload else {
        return TokenClaims::default();
    };
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    let audience = match payload.get("aud") {
        Some(Value::Array(audiences)) => text(audiences.first()),
        other => text(other),
    };
    TokenClaims {
        subject: text(payload.get("sub")),
        audience,
        issuer: text(payload.get("iss")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> String {
        format!(
            "eyJhbGciOiJSUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn reads_the_claims_of_an_id_token() {
        let claims = claims(&token(
            r#"{"sub":"repo:org/app","aud":["sts.amazonaws.com","other"],"iss":"https://token.actions.githubusercontent.com"}"#,
        ));
        assert_eq!(
            claims,
            TokenClaims {
                subject: Some("repo:org/app".into()),
                audience: Some("sts.amazonaws.com".into()),
                issuer: Some("https://token.actions.githubusercontent.com".into()),
            }
        );
        assert_eq!(
            super::claims(&token(r#"{"aud":"client-1"}"#))
                .audience
                .as_deref(),
            Some("client-1")
        );
    }

    #[test]
    fn other_tokens_have_no_claims() {
        assert_eq!(claims("an-opaque-oauth-token"), TokenClaims::default());
        assert_eq!(claims("a.!!!.c"), TokenClaims::default());
    }
}
