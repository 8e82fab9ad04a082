//! What AssumeRoleWithSAML reads of a SAML 2.0 authentication response (base64, as the
//! identity provider posts it): the roles it offers, the session's name and duration,
//! and who the subject is. Its signature is not checked: there is no identity provider
//! to check it with.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use s3s::crypto::Checksum as _;

use crate::protocol::xml_tree::{self, Element};

const ROLE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
const ROLE_SESSION_NAME: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
const SESSION_DURATION: &str = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
/// The prefix AWS drops from a SAML 2.0 `NameID` format to give `SubjectType`.
const NAME_ID_FORMAT_PREFIX: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:";

/// The parts of a SAML response AssumeRoleWithSAML uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Assertion {
    /// Each `Role` attribute value: a role ARN and a SAML provider ARN, comma-separated.
    pub(super) roles: Vec<String>,
    pub(super) role_session_name: Option<String>,
    pub(super) session_duration: Option<u64>,
    /// The `NameID`.
    pub(super) subject: Option<String>,
    /// The `NameID`'s format, without the SAML 2.0 prefix (`persistent`, `transient`).
    pub(super) subject_type: Option<String>,
    pub(super) issuer: Option<String>,
    /// The `Recipient` of the subject confirmation data.
    pub(super) recipient: Option<String>,
}

impl Assertion {
    /// Whether the assertion offers the role `role_arn` through the provider
    /// `principal_arn` (a pair is written in either order).
    pub(super) fn offers(&self, role_arn: &str, principal_arn: &str) -> bool {
        self.roles.iter().any(|pair| {
            let mut arns: Vec<&str> = pair.split(',').map(str::trim).collect();
            arns.sort_unstable();
            let mut wanted = [role_arn, principal_arn];
            wanted.sort_unstable();
            arns == wanted
        })
    }
}

/// Why a SAML response could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum SamlError {
    #[error("the SAML response is not base64")]
    NotBase64,
    #[error("the SAML response is not XML: {0}")]
    NotXml(String),
    #[error("the SAML response has no Assertion")]
    NoAssertion,
}

/// Reads the base64 SAML response `encoded`.
pub(super) fn parse(encoded: &str) -> Result<Assertion, SamlError> {
    let compact: String = encoded.split_whitespace().collect();
    let xml = STANDARD.decode(compact).map_err(|_| SamlError::NotBase64)?;
    let root = xml_tree::parse(&xml).map_err(|error| SamlError::NotXml(error.to_string()))?;
    let assertion = if root.name == "Assertion" {
        &root
    } else {
        root.child("Assertion").ok_or(SamlError::NoAssertion)?
    };
    let text = |element: Option<&Element>| {
        element
            .map(|element| element.text.trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    let subject = assertion.child("Subject");
    let name_id = subject.and_then(|subject| subject.child("NameID"));
    let recipient = subject
        .and_then(|subject| subject.child("SubjectConfirmation"))
        .and_then(|confirmation| confirmation.child("SubjectConfirmationData"))
        .and_then(|data| data.attribute("Recipient"))
        .map(str::to_owned);
    let mut parsed = Assertion {
        subject: text(name_id),
        subject_type: name_id
            .and_then(|name_id| name_id.attribute("Format"))
            .map(|format| {
                format
                    .strip_prefix(NAME_ID_FORMAT_PREFIX)
                    .unwrap_or(format)
                    .to_owned()
            }),
        issuer: text(assertion.child("Issuer")).or_else(|| text(root.child("Issuer"))),
        recipient,
        ..Assertion::default()
    };
    let attributes = assertion
        .children_named("AttributeStatement")
        .flat_map(|statement| statement.children_named("Attribute"));
    for attribute in attributes {
        let values: Vec<String> = attribute
            .children_named("AttributeValue")
            .filter_map(|value| text(Some(value)))
            .collect();
        match attribute.attribute("Name") {
            Some(ROLE) => parsed.roles.extend(values),
            Some(ROLE_SESSION_NAME) => parsed.role_session_name = values.into_iter().next(),
            Some(SESSION_DURATION) => {
                parsed.session_duration = values.first().and_then(|value| value.parse().ok());
            }
            _ => {}
        }
    }
    Ok(parsed)
}

/// `NameQualifier`: base64 of the SHA-1 of the issuer, the account and `/` + the SAML
/// provider's name, which with the subject identifies a user.
pub(super) fn name_qualifier(issuer: &str, account: &str, provider_name: &str) -> String {
    let mut hasher = s3s::crypto::Sha1::new();
    hasher.update(format!("{issuer}{account}/{provider_name}").as_bytes());
    STANDARD.encode(hasher.finalize())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A SAML response offering two roles of account 111122223333 to alice.
    pub(in crate::services::sts) const RESPONSE: &str = r#"<?xml version="1.0"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
  <saml:Issuer>https://idp.example.com/</saml:Issuer>
  <saml:Assertion>
    <saml:Issuer>https://idp.example.com/</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice@example.com</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
        <saml:AttributeValue>arn:aws:iam::111122223333:saml-provider/corp,arn:aws:iam::111122223333:role/admin</saml:AttributeValue>
        <saml:AttributeValue>arn:aws:iam::111122223333:role/reader,arn:aws:iam::111122223333:saml-provider/corp</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
        <saml:AttributeValue>alice</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration">
        <saml:AttributeValue>1800</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"#;

    #[test]
    fn reads_roles_session_and_subject() {
        let assertion = parse(&STANDARD.encode(RESPONSE)).unwrap();
        assert_eq!(assertion.role_session_name.as_deref(), Some("alice"));
        assert_eq!(assertion.session_duration, Some(1800));
        assert_eq!(assertion.subject.as_deref(), Some("alice@example.com"));
        assert_eq!(assertion.subject_type.as_deref(), Some("persistent"));
        assert_eq!(
            assertion.issuer.as_deref(),
            Some("https://idp.example.com/")
        );
        assert_eq!(
            assertion.recipient.as_deref(),
            Some("https://signin.aws.amazon.com/saml")
        );
        let provider = "arn:aws:iam::111122223333:saml-provider/corp";
        assert!(assertion.offers("arn:aws:iam::111122223333:role/admin", provider));
        assert!(assertion.offers("arn:aws:iam::111122223333:role/reader", provider));
        assert!(!assertion.offers("arn:aws:iam::111122223333:role/other", provider));
    }

    #[test]
    fn refuses_what_is_not_a_saml_response() {
        assert_eq!(parse("not base64!"), Err(SamlError::NotBase64));
        assert!(matches!(
            parse(&STANDARD.encode("<a><b></a>")),
            Err(SamlError::NotXml(_))
        ));
        assert_eq!(
            parse(&STANDARD.encode("<Response/>")),
            Err(SamlError::NoAssertion)
        );
    }

    #[test]
    fn name_qualifiers_hash_issuer_account_and_provider() {
        // base64(sha1("https://idp.example.com/111122223333/corp")).
        assert_eq!(
            name_qualifier("https://idp.example.com/", "111122223333", "corp"),
            "tp+KYGXzxRtGEAbuvbe5cMY18FA="
        );
    }
}
