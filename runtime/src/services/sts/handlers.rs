//! One function per STS operation, on the protocol engine's neutral JSON.

use std::time::Duration;

use serde_json::{Value, json};

use crate::protocol::decode::seconds_value;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::protocol::sigv4;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

use super::model::{
    Identity, RoleArn, Session, StsState, parse_role_arn, parse_saml_provider_arn, role_id,
};
use super::{access_key, error, saml, web_identity};

/// The identity of callers that do not use credentials handed out here, as in Moto.
const DEFAULT_USER_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// How long role credentials last unless asked otherwise (1 hour).
const DEFAULT_ROLE_DURATION: u64 = 3600;

/// How long GetSessionToken and GetFederationToken credentials last unless asked
/// otherwise (12 hours).
const DEFAULT_TOKEN_DURATION: u64 = 43_200;

/// `PackedPolicySize`, the share of the packed session policy limit used, as Moto
/// reports it.
const PACKED_POLICY_SIZE: u64 = 6;

fn text<'a>(input: &'a Input<'_>, name: &str) -> Option<&'a str> {
    input.value.get(name).and_then(Value::as_str)
}

/// `DurationSeconds`, or `default` (the model's constraints checked its range).
fn duration(input: &Input<'_>, default: u64) -> u64 {
    input
        .value
        .get("DurationSeconds")
        .and_then(Value::as_u64)
        .unwrap_or(default)
}

/// The session whose access key signed the request, if this backend handed it out.
fn caller_session(state: &StsState, input: &Input<'_>) -> Option<Session> {
    let access_key_id = input
        .request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(sigv4::parse_authorization)
        .map(|auth| auth.scope.access_key)?;
    state.session(access_key_id)
}

/// The account's user: who calls with credentials not handed out here.
fn account_identity(context: &Context<'_>) -> Identity {
    Identity {
        user_id: DEFAULT_USER_ID.to_owned(),
        arn: format!("arn:aws:sts::{}:user/moto", context.account_id),
        account: context.account_id.to_owned(),
    }
}

/// New temporary credentials for `identity`, valid for `seconds`, kept so that calls
/// made with them are known. Draws the access key, then the secret, then the token.
fn issue(state: &StsState, context: &Context<'_>, seconds: u64, identity: Identity) -> Session {
    let session = Session {
        access_key_id: context.random.temporary_access_key_id(),
        secret_access_key: context.random.secret_access_key(),
        session_token: context.random.session_token(),
        expiration: context.clock.now() + Duration::from_secs(seconds),
        identity,
    };
    state.insert(session.clone());
    session
}

fn credentials(session: &Session) -> Value {
    json!({
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret_access_key,
        "SessionToken": session.session_token,
        "Expiration": seconds_value(epoch_seconds(session.expiration)),
    })
}

/// The model's pattern for session and federated user names, `[\w+=,.@-]*`, which the
/// engine does not check.
fn check_name(value: &str, member: &str) -> Result<(), ServiceError> {
    let valid = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(error::validation(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
        )))
    }
}

fn role_of(role_arn: &str) -> Result<RoleArn<'_>, ServiceError> {
    parse_role_arn(role_arn).ok_or_else(|| {
        error::validation(format!(
            "{role_arn} is invalid: a role ARN looks like arn:aws:iam::123456789012:role/name"
        ))
    })
}

/// Who calls with the credentials of role `role_arn` assumed as `session_name`.
fn assumed_role(role_arn: &str, role: RoleArn<'_>, session_name: &str) -> Identity {
    Identity {
        user_id: format!("{}:{session_name}", role_id(role_arn)),
        arn: format!(
            "arn:aws:sts::{}:assumed-role/{}/{session_name}",
            role.account, role.name
        ),
        account: role.account.to_owned(),
    }
}

/// `AssumedRoleUser` of an answer.
fn assumed_role_user(identity: &Identity) -> Value {
    json!({ "AssumedRoleId": identity.user_id, "Arn": identity.arn })
}

/// GetSessionToken and GetFederationToken are for long-term credentials only.
fn refuse_temporary_callers(
    state: &StsState,
    input: &Input<'_>,
    operation: &str,
) -> Result<(), ServiceError> {
    match caller_session(state, input) {
        Some(_) => Err(error::access_denied(format!(
            "Cannot call {operation} with session credentials"
        ))),
        None => Ok(()),
    }
}

/// GetCallerIdentity: whoever the credentials the request is signed with were handed
/// out to, else the account's user.
pub(super) fn get_caller_identity(
    state: &StsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let identity = caller_session(state, &input)
        .map_or_else(|| account_identity(context), |session| session.identity);
    Ok(json!({
        "UserId": identity.user_id,
        "Account": identity.account,
        "Arn": identity.arn,
    }))
}

/// AssumeRole: temporary credentials for a role, valid for `DurationSeconds`. The model's
/// constraints (lengths, the duration's range) are checked before this runs.
pub(super) fn assume_role(state: &StsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let role_arn = text(&input, "RoleArn").unwrap_or_default();
    let role = role_of(role_arn)?;
    let session_name = text(&input, "RoleSessionName").unwrap_or_default();
    check_name(session_name, "roleSessionName")?;
    let identity = assumed_role(role_arn, role, session_name);
    let session = issue(
        state,
        context,
        duration(&input, DEFAULT_ROLE_DURATION),
        identity,
    );
    Ok(json!({
        "Credentials": credentials(&session),
        "AssumedRoleUser": assumed_role_user(&session.identity),
        "PackedPolicySize": PACKED_POLICY_SIZE,
    }))
}

/// AssumeRoleWithWebIdentity: AssumeRole for the holder of a web identity token. The
/// token is taken as the provider issued it (there is no provider to ask); an OpenID
/// Connect ID token's claims are reported back.
pub(super) fn assume_role_with_web_identity(
    state: &StsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let role_arn = text(&input, "RoleArn").unwrap_or_default();
    let role = role_of(role_arn)?;
    let session_name = text(&input, "RoleSessionName").unwrap_or_default();
    check_name(session_name, "roleSessionName")?;
    let claims = web_identity::claims(text(&input, "WebIdentityToken").unwrap_or_default());
    let identity = assumed_role(role_arn, role, session_name);
    let session = issue(
        state,
        context,
        duration(&input, DEFAULT_ROLE_DURATION),
        identity,
    );
    let mut output = json!({
        "Credentials": credentials(&session),
        "AssumedRoleUser": assumed_role_user(&session.identity),
        "PackedPolicySize": PACKED_POLICY_SIZE,
    });
    // The provider of an OAuth 2.0 token is the ProviderId it came with; that of an ID
    // token, its issuer.
    let provider = text(&input, "ProviderId")
        .map(str::to_owned)
        .or(claims.issuer);
    for (name, value) in [
        ("SubjectFromWebIdentityToken", claims.subject),
        ("Audience", claims.audience),
        ("Provider", provider),
    ] {
        if let Some(value) = value {
            output[name] = json!(value);
        }
    }
    Ok(output)
}

/// AssumeRoleWithSAML: AssumeRole for the subject of a SAML assertion that offers the
/// role through the SAML provider `PrincipalArn`. The session is named by the
/// assertion's `RoleSessionName` attribute and lasts `DurationSeconds`, else its
/// `SessionDuration` attribute, else an hour.
pub(super) fn assume_role_with_saml(
    state: &StsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let role_arn = text(&input, "RoleArn").unwrap_or_default();
    let role = role_of(role_arn)?;
    let principal_arn = text(&input, "PrincipalArn").unwrap_or_default();
    let provider = parse_saml_provider_arn(principal_arn).ok_or_else(|| {
        error::validation(format!(
            "{principal_arn} is invalid: a SAML provider ARN looks like \
             arn:aws:iam::123456789012:saml-provider/name"
        ))
    })?;
    let assertion = saml::parse(text(&input, "SAMLAssertion").unwrap_or_default())
        .map_err(|why| error::invalid_identity_token(format!("Invalid SAML assertion: {why}.")))?;
    if !assertion.offers(role_arn, principal_arn) {
        return Err(error::access_denied(
            "Not authorized to perform sts:AssumeRoleWithSAML",
        ));
    }
    let session_name = assertion.role_session_name.as_deref().ok_or_else(|| {
        error::invalid_identity_token(
            "Invalid SAML assertion: it has no https://aws.amazon.com/SAML/Attributes/RoleSessionName attribute.",
        )
    })?;
    let seconds = input
        .value
        .get("DurationSeconds")
        .and_then(Value::as_u64)
        .or(assertion.session_duration)
        .unwrap_or(DEFAULT_ROLE_DURATION);
    let identity = assumed_role(role_arn, role, session_name);
    let session = issue(state, context, seconds, identity);
    let mut output = json!({
        "Credentials": credentials(&session),
        "AssumedRoleUser": assumed_role_user(&session.identity),
        "PackedPolicySize": PACKED_POLICY_SIZE,
    });
    let name_qualifier = assertion
        .issuer
        .as_deref()
        .map(|issuer| saml::name_qualifier(issuer, provider.account, provider.name));
    for (name, value) in [
        ("Subject", assertion.subject),
        ("SubjectType", assertion.subject_type),
        ("Issuer", assertion.issuer),
        ("Audience", assertion.recipient),
        ("NameQualifier", name_qualifier),
    ] {
        if let Some(value) = value {
            output[name] = json!(value);
        }
    }
    Ok(output)
}

/// GetSessionToken: temporary credentials for the caller itself.
pub(super) fn get_session_token(
    state: &StsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    refuse_temporary_callers(state, &input, "GetSessionToken")?;
    let session = issue(
        state,
        context,
        duration(&input, DEFAULT_TOKEN_DURATION),
        account_identity(context),
    );
    Ok(json!({ "Credentials": credentials(&session) }))
}

/// GetFederationToken: temporary credentials for a federated user of the caller's
/// account, `arn:aws:sts::<account>:federated-user/<Name>`.
pub(super) fn get_federation_token(
    state: &StsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    refuse_temporary_callers(state, &input, "GetFederationToken")?;
    let name = text(&input, "Name").unwrap_or_default();
    check_name(name, "name")?;
    let account = context.account_id;
    let identity = Identity {
        user_id: format!("{account}:{name}"),
        arn: format!("arn:aws:sts::{account}:federated-user/{name}"),
        account: account.to_owned(),
    };
    let session = issue(
        state,
        context,
        duration(&input, DEFAULT_TOKEN_DURATION),
        identity,
    );
    Ok(json!({
        "Credentials": credentials(&session),
        "FederatedUser": {
            "FederatedUserId": session.identity.user_id,
            "Arn": session.identity.arn,
        },
        "PackedPolicySize": PACKED_POLICY_SIZE,
    }))
}

/// GetAccessKeyInfo: the account of an access key: for credentials handed out here,
/// their identity's; for a key id that carries its account, that one; else the
/// backend's own.
pub(super) fn get_access_key_info(
    state: &StsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let access_key_id = text(&input, "AccessKeyId").unwrap_or_default();
    let account = state
        .session(access_key_id)
        .map(|session| session.identity.account)
        .or_else(|| access_key::encoded_account(access_key_id))
        .unwrap_or_else(|| context.account_id.to_owned());
    Ok(json!({ "Account": account }))
}

/// DecodeAuthorizationMessage: messages are encoded by the services that deny requests,
/// and no service here encodes one, so no message can be decoded.
pub(super) fn decode_authorization_message(
    _state: &StsState,
    _context: &Context<'_>,
    _input: Input<'_>,
) -> Answer {
    Err(error::invalid_authorization_message())
}
