//! STS state: the temporary credentials handed out, so GetCallerIdentity (and
//! GetAccessKeyInfo) can tell who is calling with them.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

/// Who a caller is, as GetCallerIdentity reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Identity {
    /// `AROA...:session-name` for an assumed role, `<account>:<name>` for a federated
    /// user, the user's id for an IAM user.
    pub(super) user_id: String,
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`, `...:federated-user/<name>`
    /// or the user's ARN.
    pub(super) arn: String,
    /// The account the caller belongs to.
    pub(super) account: String,
}

/// Temporary credentials this backend handed out (AssumeRole and its variants,
/// GetSessionToken, GetFederationToken) and who uses them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Session {
    /// `ASIA...`
    pub(super) access_key_id: String,
    /// The secret key.
    pub(super) secret_access_key: String,
    /// The session token.
    pub(super) session_token: String,
    /// When the credentials expire.
    pub(super) expiration: SystemTime,
    /// Who calls with them.
    pub(super) identity: Identity,
}

/// Every session of one backend, by access key id.
#[derive(Debug, Default)]
pub struct StsState {
    sessions: Mutex<HashMap<String, Session>>,
}

impl StsState {
    /// Forgets every session.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// Keeps a new session.
    pub(super) fn insert(&self, session: Session) {
        self.lock().insert(session.access_key_id.clone(), session);
    }

    /// The session whose credentials use `access_key_id`.
    pub(super) fn session(&self, access_key_id: &str) -> Option<Session> {
        self.lock().get(access_key_id).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A role ARN's parts: `arn:aws:iam::<account>:role/<path/><name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RoleArn<'a> {
    /// The account.
    pub(super) account: &'a str,
    /// The role's name (without its path).
    pub(super) name: &'a str,
}

/// Parses a role ARN; `None` if it is not one.
pub(super) fn parse_role_arn(arn: &str) -> Option<RoleArn<'_>> {
    let (account, resource) = iam_resource(arn)?;
    let path_and_name = resource.strip_prefix("role/")?;
    let name = path_and_name.rsplit('/').next()?;
    (!name.is_empty()).then_some(RoleArn { account, name })
}

/// A SAML provider ARN's parts: `arn:aws:iam::<account>:saml-provider/<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SamlProviderArn<'a> {
    /// The account.
    pub(super) account: &'a str,
    /// The provider's name.
    pub(super) name: &'a str,
}

/// Parses a SAML provider ARN; `None` if it is not one.
pub(super) fn parse_saml_provider_arn(arn: &str) -> Option<SamlProviderArn<'_>> {
    let (account, resource) = iam_resource(arn)?;
    let name = resource.strip_prefix("saml-provider/")?;
    (!name.is_empty()).then_some(SamlProviderArn { account, name })
}

/// The account and resource of an IAM ARN in any partition, the account checked.
fn iam_resource(arn: &str) -> Option<(&str, &str)> {
    let rest = arn
        .strip_prefix("arn:aws:iam::")
        .or_else(|| arn.strip_prefix("arn:aws-cn:iam::"))
        .or_else(|| arn.strip_prefix("arn:aws-us-gov:iam::"))?;
    let (account, resource) = rest.split_once(':')?;
    let valid = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    valid.then_some((account, resource))
}

/// A role's unique id, `AROA` + 17 characters, derived from its ARN: the same role has
/// the same id however often it is assumed, and no random number is drawn for it.
pub(super) fn role_id(arn: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    // FNV-1a, widened by mixing, is plenty to spread role names over the alphabet.
    let mut hash = crate::random::fnv1a(arn.as_bytes());
    let mut id = String::from("AROA");
    for _ in 0..17 {
        hash = hash.rotate_left(5).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (hash >> 29);
        id.push(char::from(ALPHABET[(hash % 32) as usize]));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_role_arns() {
        assert_eq!(
            parse_role_arn("arn:aws:iam::111122223333:role/service/deployer"),
            Some(RoleArn {
                account: "111122223333",
                name: "deployer"
            })
        );
        assert_eq!(parse_role_arn("arn:aws:iam::1234:role/x"), None);
        assert_eq!(parse_role_arn("arn:aws:iam::111122223333:user/x"), None);
        assert_eq!(parse_role_arn("deployer"), None);
    }

    #[test]
    fn parses_saml_provider_arns() {
        assert_eq!(
            parse_saml_provider_arn("arn:aws:iam::111122223333:saml-provider/corp"),
            Some(SamlProviderArn {
                account: "111122223333",
                name: "corp"
            })
        );
        assert_eq!(
            parse_saml_provider_arn("arn:aws:iam::111122223333:role/corp"),
            None
        );
        assert_eq!(
            parse_saml_provider_arn("arn:aws:iam::111122223333:saml-provider/"),
            None
        );
    }

    #[test]
    fn role_ids_are_stable_per_role() {
        let id = role_id("arn:aws:iam::111122223333:role/deployer");
        assert_eq!(id, role_id("arn:aws:iam::111122223333:role/deployer"));
        assert_ne!(id, role_id("arn:aws:iam::111122223333:role/other"));
        assert_eq!(id.len(), 21);
        assert!(id.starts_with("AROA"));
    }
}
