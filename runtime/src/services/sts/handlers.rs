//! One function per STS operation.

use std::time::Duration;

use crate::protocol::error::ServiceError;
use crate::protocol::query::QueryParams;
use crate::protocol::time::iso8601_millis;
use crate::protocol::xml::XmlWriter;
use crate::services::Context;

use super::error;
use super::model::{Session, StsState, parse_role_arn, role_id};
use super::{NAMESPACE, finish};

/// The identity of callers that do not use AssumeRole credentials, as in Moto.
const DEFAULT_USER_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// GetCallerIdentity: the assumed role of AssumeRole credentials, else the account's user.
pub(super) fn get_caller_identity(
    state: &StsState,
    context: &Context<'_>,
    access_key_id: Option<&str>,
) -> String {
    let session = access_key_id.and_then(|key| state.session(key));
    let (arn, user_id, account) = match &session {
        Some(session) => (
            session.arn.clone(),
            session.assumed_role_id.clone(),
            session.account.clone(),
        ),
        None => (
            format!("arn:aws:sts::{}:user/moto", context.account_id),
            DEFAULT_USER_ID.to_owned(),
            context.account_id.to_owned(),
        ),
    };
    let mut xml = XmlWriter::new();
    xml.open("GetCallerIdentityResponse", Some(NAMESPACE))
        .open("GetCallerIdentityResult", None)
        .element("Arn", &arn)
        .element("UserId", &user_id)
        .element("Account", &account)
        .close("GetCallerIdentityResult");
    finish(xml, "GetCallerIdentityResponse", context)
}

/// AssumeRole: temporary credentials for a role, valid for `DurationSeconds`.
pub(super) fn assume_role(
    state: &StsState,
    context: &Context<'_>,
    params: &QueryParams,
) -> Result<String, ServiceError> {
    let role_arn = params
        .get("RoleArn")
        .ok_or_else(|| error::validation(missing("roleArn")))?;
    let role = parse_role_arn(role_arn).ok_or_else(|| {
        error::validation(format!(
            "{role_arn} is invalid: a role ARN looks like arn:aws:iam::123456789012:role/name"
        ))
    })?;
    let session_name = params
        .get("RoleSessionName")
        .ok_or_else(|| error::validation(missing("roleSessionName")))?;
    let valid_name = (2..=64).contains(&session_name.len())
        && session_name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
    if !valid_name {
        return Err(error::validation(format!(
            "1 validation error detected: Value '{session_name}' at 'roleSessionName' failed to \
             satisfy constraint: 2 to 64 characters of letters, digits and _+=,.@-"
        )));
    }
    let duration = match params.get("DurationSeconds") {
        None => 3600,
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|seconds| (900..=43_200).contains(seconds))
            .ok_or_else(|| {
                error::validation(format!(
                    "1 validation error detected: Value '{text}' at 'durationSeconds' failed to \
                     satisfy constraint: Member must have value between 900 and 43200"
                ))
            })?,
    };
    let session = Session {
        access_key_id: context.random.temporary_access_key_id(),
        secret_access_key: context.random.secret_access_key(),
        session_token: context.random.session_token(),
        expiration: context.clock.now() + Duration::from_secs(duration),
        assumed_role_id: format!("{}:{session_name}", role_id(role_arn)),
        arn: format!(
            "arn:aws:sts::{}:assumed-role/{}/{session_name}",
            role.account, role.name
        ),
        account: role.account.to_owned(),
    };
    let mut xml = XmlWriter::new();
    xml.open("AssumeRoleResponse", Some(NAMESPACE))
        .open("AssumeRoleResult", None)
        .open("Credentials", None)
        .element("AccessKeyId", &session.access_key_id)
        .element("SecretAccessKey", &session.secret_access_key)
        .element("SessionToken", &session.session_token)
        .element("Expiration", &iso8601_millis(session.expiration))
        .close("Credentials")
        .open("AssumedRoleUser", None)
        .element("AssumedRoleId", &session.assumed_role_id)
        .element("Arn", &session.arn)
        .close("AssumedRoleUser")
        .element("PackedPolicySize", "6")
        .close("AssumeRoleResult");
    state.insert(session);
    Ok(finish(xml, "AssumeRoleResponse", context))
}

fn missing(member: &str) -> String {
    format!(
        "1 validation error detected: Value null at '{member}' failed to satisfy constraint: \
         Member must not be null"
    )
}
