//! One function per STS operation, on the protocol engine's neutral JSON.

use std::time::Duration;

use serde_json::{Value, json};

use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::sigv4;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

use super::error;
use super::model::{Session, StsState, parse_role_arn, role_id};

/// The identity of callers that do not use AssumeRole credentials, as in Moto.
const DEFAULT_USER_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// GetCallerIdentity: the assumed role of AssumeRole credentials (by the access key the
/// request is signed with), else the account's user.
pub(super) fn get_caller_identity(
    state: &StsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let access_key_id = input
        .request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(sigv4::parse_authorization)
        .map(|auth| auth.scope.access_key);
    let session = access_key_id.and_then(|key| state.session(key));
    Ok(match session {
        Some(session) => json!({
            "UserId": session.assumed_role_id,
            "Account": session.account,
            "Arn": session.arn,
        }),
        None => json!({
            "UserId": DEFAULT_USER_ID,
            "Account": context.account_id,
            "Arn": format!("arn:aws:sts::{}:user/moto", context.account_id),
        }),
    })
}

/// AssumeRole: temporary credentials for a role, valid for `DurationSeconds`. The model's
/// constraints (lengths, the duration's range) are checked before this runs.
pub(super) fn assume_role(state: &StsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let text = |name: &str| input.value.get(name).and_then(Value::as_str);
    let role_arn = text("RoleArn").unwrap_or_default();
    let role = parse_role_arn(role_arn).ok_or_else(|| {
        error::validation(format!(
            "{role_arn} is invalid: a role ARN looks like arn:aws:iam::123456789012:role/name"
        ))
    })?;
    let session_name = text("RoleSessionName").unwrap_or_default();
    // The model's pattern for session names, `[\w+=,.@-]*`.
    let valid_name = session_name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
    if !valid_name {
        return Err(error::validation(format!(
            "1 validation error detected: Value '{session_name}' at 'roleSessionName' failed to \
             satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
        )));
    }
    let duration = input
        .value
        .get("DurationSeconds")
        .and_then(Value::as_u64)
        .unwrap_or(3600);
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
    let output = json!({
        "Credentials": {
            "AccessKeyId": session.access_key_id,
            "SecretAccessKey": session.secret_access_key,
            "SessionToken": session.session_token,
            "Expiration": seconds_value(epoch_seconds(session.expiration)),
        },
        "AssumedRoleUser": {
            "AssumedRoleId": session.assumed_role_id,
            "Arn": session.arn,
        },
        "PackedPolicySize": 6,
    });
    state.insert(session);
    Ok(output)
}
