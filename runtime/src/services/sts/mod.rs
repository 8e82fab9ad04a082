//! STS (query protocol): who a caller is, and the temporary credentials of roles
//! (assumed directly, with a web identity token or a SAML assertion), of sessions and of
//! federated users, each identifying its holder afterwards.

mod access_key;
mod error;
mod handlers;
mod model;
mod saml;
mod web_identity;

use bytes::Bytes;
use http::{Request, Response};

pub use model::StsState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// STS on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<StsState> = Service {
    model: &models::sts::MODEL,
    title: "STS",
    handlers: &[
        ("AssumeRole", Handler::Sync(handlers::assume_role)),
        (
            "AssumeRoleWithSAML",
            Handler::Sync(handlers::assume_role_with_saml),
        ),
        (
            "AssumeRoleWithWebIdentity",
            Handler::Sync(handlers::assume_role_with_web_identity),
        ),
        (
            "DecodeAuthorizationMessage",
            Handler::Sync(handlers::decode_authorization_message),
        ),
        (
            "GetAccessKeyInfo",
            Handler::Sync(handlers::get_access_key_info),
        ),
        (
            "GetCallerIdentity",
            Handler::Sync(handlers::get_caller_identity),
        ),
        (
            "GetFederationToken",
            Handler::Sync(handlers::get_federation_token),
        ),
        (
            "GetSessionToken",
            Handler::Sync(handlers::get_session_token),
        ),
    ],
    // STS checks every constraint of its model and reports them together.
    validation: Validation::Collected {
        code: "ValidationError",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers an STS request.
pub async fn handle(
    state: &StsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::protocol::error::Protocol;
    use crate::protocol::query::{QueryParams, percent_encode};
    use crate::random::MockRandom;
    use crate::services::{ACCOUNT_ID, Route};

    struct Call {
        status: u16,
        body: String,
    }

    fn call(state: &StsState, random: &MockRandom, form: &str, access_key: &str) -> Call {
        let action = QueryParams::parse("", form)
            .get("Action")
            .map(str::to_owned);
        let route = Route {
            service: "sts".into(),
            region: "us-east-1".into(),
            protocol: Protocol::Query,
            operation: action,
        };
        let clock = Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap();
        let context = Context {
            random,
            clock: &clock,
            route: &route,
            request_id: "req-1",
            account_id: ACCOUNT_ID,
            origin: "http://localhost:5000".into(),
            services: &crate::services::ServiceStates::default(),
        };
        let request = Request::builder()
            .method("POST")
            .uri("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .header(
                "authorization",
                format!("AWS4-HMAC-SHA256 Credential={access_key}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0"),
            )
            .body(Bytes::from(form.to_owned()))
            .unwrap();
        let response = futures_block_on(handle(state, &context, request));
        Call {
            status: response.status().as_u16(),
            body: String::from_utf8(response.body().to_vec()).unwrap(),
        }
    }

    /// The handlers never await anything pending, so a current-thread runtime is enough.
    fn futures_block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn element<'a>(body: &'a str, name: &str) -> &'a str {
        let start = body.find(&format!("<{name}>")).unwrap() + name.len() + 2;
        let end = body[start..].find(&format!("</{name}>")).unwrap() + start;
        &body[start..end]
    }

    const ASSUME: &str = "Action=AssumeRole&Version=2011-06-15\
        &RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdeployer&RoleSessionName=ci-run";

    #[test]
    fn caller_identity_of_ordinary_credentials_is_the_account_user() {
        let state = StsState::default();
        let reply = call(
            &state,
            &MockRandom::seeded(1),
            "Action=GetCallerIdentity&Version=2011-06-15",
            "testing",
        );
        assert_eq!(reply.status, 200);
        assert_eq!(
            element(&reply.body, "Arn"),
            "arn:aws:sts::123456789012:user/moto"
        );
        assert_eq!(element(&reply.body, "Account"), "123456789012");
        assert!(reply.body.contains("<RequestId>req-1</RequestId>"));
    }

    #[test]
    fn assumed_role_credentials_identify_as_the_role() {
        let state = StsState::default();
        let random = MockRandom::seeded(42);
        let assumed = call(&state, &random, ASSUME, "testing");
        assert_eq!(assumed.status, 200, "{}", assumed.body);
        let access_key = element(&assumed.body, "AccessKeyId").to_owned();
        assert_eq!(access_key, GOLDEN_ACCESS_KEY_SEED_42);
        assert_eq!(
            element(&assumed.body, "Expiration"),
            "2024-01-01T01:00:00.000Z"
        );
        assert_eq!(
            element(&assumed.body, "Arn"),
            "arn:aws:sts::111122223333:assumed-role/deployer/ci-run"
        );
        let who = call(&state, &random, "Action=GetCallerIdentity", &access_key);
        assert_eq!(
            element(&who.body, "Arn"),
            "arn:aws:sts::111122223333:assumed-role/deployer/ci-run"
        );
        assert_eq!(element(&who.body, "Account"), "111122223333");
        assert!(element(&who.body, "UserId").ends_with(":ci-run"));
    }

    /// The first AssumeRole of a backend seeded with 42 hands out this access key.
    const GOLDEN_ACCESS_KEY_SEED_42: &str = "ASIA7B76XGAW583LY6AQ";

    #[test]
    fn credentials_are_deterministic_under_a_seed_and_reads_do_not_shift_them() {
        let first = call(
            &StsState::default(),
            &MockRandom::seeded(7),
            ASSUME,
            "testing",
        );
        let state = StsState::default();
        let random = MockRandom::seeded(7);
        call(&state, &random, "Action=GetCallerIdentity", "testing");
        let again = call(&state, &random, ASSUME, "testing");
        assert_eq!(first.body, again.body);
    }

    #[test]
    fn bad_input_is_a_validation_error() {
        let state = StsState::default();
        let random = MockRandom::seeded(1);
        for (form, expected) in [
            (
                "Action=AssumeRole&RoleSessionName=s1",
                "Value null at 'roleArn'",
            ),
            (
                "Action=AssumeRole&RoleArn=deployer&RoleSessionName=s1",
                "Value 'deployer' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
            ),
            (
                "Action=AssumeRole&RoleArn=deployer-role-of-the-ci-account&RoleSessionName=s1",
                "deployer-role-of-the-ci-account is invalid",
            ),
            (
                "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fd",
                "Value null at 'roleSessionName'",
            ),
            (
                "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fd&RoleSessionName=a%20b",
                "Value 'a b' at 'roleSessionName'",
            ),
            (
                "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fd&RoleSessionName=ok&DurationSeconds=60",
                "Value '60' at 'durationSeconds'",
            ),
        ] {
            let reply = call(&state, &random, form, "testing");
            assert_eq!(reply.status, 400, "{form}");
            assert!(
                reply.body.contains("<Code>ValidationError</Code>"),
                "{}",
                reply.body
            );
            assert!(reply.body.contains(expected), "{form}: {}", reply.body);
        }
    }

    #[test]
    fn other_actions_are_named_in_an_invalid_action_error() {
        let reply = call(
            &StsState::default(),
            &MockRandom::seeded(1),
            "Action=AssumeRoot&TargetPrincipal=111122223333&TaskPolicyArn.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2Froot-task%2FIAMAuditRootUserCredentials",
            "testing",
        );
        assert_eq!(reply.status, 400);
        assert!(
            reply.body.contains("<Code>InvalidAction</Code>"),
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains("STS operation AssumeRoot"),
            "{}",
            reply.body
        );
    }

    fn identity_of(state: &StsState, random: &MockRandom, access_key: &str) -> (String, String) {
        let who = call(state, random, "Action=GetCallerIdentity", access_key);
        (
            element(&who.body, "UserId").to_owned(),
            element(&who.body, "Arn").to_owned(),
        )
    }

    #[test]
    fn session_tokens_identify_as_their_caller() {
        let state = StsState::default();
        let random = MockRandom::seeded(5);
        let reply = call(&state, &random, "Action=GetSessionToken", "testing");
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            element(&reply.body, "Expiration"),
            "2024-01-01T12:00:00.000Z",
            "twelve hours unless asked otherwise"
        );
        let access_key = element(&reply.body, "AccessKeyId").to_owned();
        assert!(access_key.starts_with("ASIA"), "{access_key}");
        assert_eq!(
            identity_of(&state, &random, &access_key),
            (
                "AKIAIOSFODNN7EXAMPLE".to_owned(),
                "arn:aws:sts::123456789012:user/moto".to_owned()
            )
        );
        let shorter = call(
            &state,
            &random,
            "Action=GetSessionToken&DurationSeconds=900",
            "testing",
        );
        assert_eq!(
            element(&shorter.body, "Expiration"),
            "2024-01-01T00:15:00.000Z"
        );
        let again = call(&state, &random, "Action=GetSessionToken", &access_key);
        assert_eq!(again.status, 403);
        assert!(
            again.body.contains("<Code>AccessDenied</Code>")
                && again
                    .body
                    .contains("Cannot call GetSessionToken with session credentials"),
            "{}",
            again.body
        );
    }

    #[test]
    fn federation_tokens_identify_as_the_federated_user() {
        let state = StsState::default();
        let random = MockRandom::seeded(5);
        let reply = call(
            &state,
            &random,
            "Action=GetFederationToken&Name=alice&DurationSeconds=3600",
            "testing",
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            element(&reply.body, "FederatedUserId"),
            "123456789012:alice"
        );
        assert_eq!(
            element(&reply.body, "Arn"),
            "arn:aws:sts::123456789012:federated-user/alice"
        );
        assert_eq!(
            element(&reply.body, "Expiration"),
            "2024-01-01T01:00:00.000Z"
        );
        let access_key = element(&reply.body, "AccessKeyId").to_owned();
        assert_eq!(
            identity_of(&state, &random, &access_key),
            (
                "123456789012:alice".to_owned(),
                "arn:aws:sts::123456789012:federated-user/alice".to_owned()
            )
        );
        let bad_name = call(
            &state,
            &random,
            "Action=GetFederationToken&Name=al%20ice",
            "testing",
        );
        assert!(
            bad_name.body.contains("Value 'al ice' at 'name'"),
            "{}",
            bad_name.body
        );
        let from_session = call(
            &state,
            &random,
            "Action=GetFederationToken&Name=bob",
            &access_key,
        );
        assert_eq!(from_session.status, 403, "{}", from_session.body);
    }

    #[test]
    fn web_identities_assume_roles_and_report_the_token_claims() {
        use base64::Engine as _;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
            r#"{"sub":"repo:org/app","aud":"sts.amazonaws.com","iss":"https://issuer.example"}"#,
        );
        let state = StsState::default();
        let random = MockRandom::seeded(5);
        let reply = call(
            &state,
            &random,
            &format!(
                "Action=AssumeRoleWithWebIdentity&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdeployer\
                 &RoleSessionName=gha&WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln"
            ),
            "anonymous",
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            element(&reply.body, "SubjectFromWebIdentityToken"),
            "repo:org/app"
        );
        assert_eq!(element(&reply.body, "Audience"), "sts.amazonaws.com");
        assert_eq!(element(&reply.body, "Provider"), "https://issuer.example");
        let role_id = model::role_id("arn:aws:iam::111122223333:role/deployer");
        assert_eq!(
            element(&reply.body, "AssumedRoleId"),
            format!("{role_id}:gha")
        );
        let access_key = element(&reply.body, "AccessKeyId").to_owned();
        assert_eq!(
            identity_of(&state, &random, &access_key).1,
            "arn:aws:sts::111122223333:assumed-role/deployer/gha"
        );
        let opaque = call(
            &state,
            &random,
            "Action=AssumeRoleWithWebIdentity&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdeployer\
             &RoleSessionName=app&WebIdentityToken=opaque-token&ProviderId=www.amazon.com",
            "anonymous",
        );
        assert_eq!(element(&opaque.body, "Provider"), "www.amazon.com");
        assert!(!opaque.body.contains("SubjectFromWebIdentityToken"));
    }

    #[test]
    fn saml_assertions_assume_the_roles_they_offer() {
        use base64::Engine as _;
        let assertion = percent_encode(
            &base64::engine::general_purpose::STANDARD.encode(saml::tests::RESPONSE),
        );
        let provider = "arn%3Aaws%3Aiam%3A%3A111122223333%3Asaml-provider%2Fcorp";
        let state = StsState::default();
        let random = MockRandom::seeded(5);
        let reply = call(
            &state,
            &random,
            &format!(
                "Action=AssumeRoleWithSAML&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Freader\
                 &PrincipalArn={provider}&SAMLAssertion={assertion}"
            ),
            "anonymous",
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            element(&reply.body, "Arn"),
            "arn:aws:sts::111122223333:assumed-role/reader/alice"
        );
        assert_eq!(
            element(&reply.body, "Expiration"),
            "2024-01-01T00:30:00.000Z",
            "the assertion's SessionDuration"
        );
        assert_eq!(element(&reply.body, "Subject"), "alice@example.com");
        assert_eq!(element(&reply.body, "SubjectType"), "persistent");
        assert_eq!(element(&reply.body, "Issuer"), "https://idp.example.com/");
        assert_eq!(
            element(&reply.body, "Audience"),
            "https://signin.aws.amazon.com/saml"
        );
        assert_eq!(
            element(&reply.body, "NameQualifier"),
            "tp+KYGXzxRtGEAbuvbe5cMY18FA="
        );
        let access_key = element(&reply.body, "AccessKeyId").to_owned();
        assert_eq!(
            identity_of(&state, &random, &access_key).1,
            "arn:aws:sts::111122223333:assumed-role/reader/alice"
        );
        let not_offered = call(
            &state,
            &random,
            &format!(
                "Action=AssumeRoleWithSAML&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fother\
                 &PrincipalArn={provider}&SAMLAssertion={assertion}"
            ),
            "anonymous",
        );
        assert_eq!(not_offered.status, 403, "{}", not_offered.body);
        assert!(not_offered.body.contains("<Code>AccessDenied</Code>"));
        let garbage = call(
            &state,
            &random,
            &format!(
                "Action=AssumeRoleWithSAML&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Freader\
                 &PrincipalArn={provider}&SAMLAssertion=bm90IHhtbA%3D%3D"
            ),
            "anonymous",
        );
        assert_eq!(garbage.status, 400);
        assert!(
            garbage.body.contains("<Code>InvalidIdentityToken</Code>"),
            "{}",
            garbage.body
        );
    }

    #[test]
    fn access_keys_belong_to_the_account_that_holds_them() {
        let state = StsState::default();
        let random = MockRandom::seeded(5);
        let assumed = call(&state, &random, ASSUME, "testing");
        let access_key = element(&assumed.body, "AccessKeyId").to_owned();
        for (key, account) in [
            (access_key.as_str(), "111122223333"),
            ("ASIAQNZGKIQY56JQ7WML", "029608264753"),
            ("AKIAIOSFODNN7EXAMPLE", "123456789012"),
        ] {
            let reply = call(
                &state,
                &random,
                &format!("Action=GetAccessKeyInfo&AccessKeyId={key}"),
                "testing",
            );
            assert_eq!(element(&reply.body, "Account"), account, "{key}");
        }
    }

    #[test]
    fn authorization_messages_not_issued_here_are_invalid() {
        let reply = call(
            &StsState::default(),
            &MockRandom::seeded(1),
            "Action=DecodeAuthorizationMessage&EncodedMessage=not-a-real-encoded-message",
            "testing",
        );
        assert_eq!(reply.status, 400);
        assert!(
            reply
                .body
                .contains("<Code>InvalidAuthorizationMessageException</Code>"),
            "{}",
            reply.body
        );
    }

    #[test]
    fn reset_forgets_sessions() {
        let state = StsState::default();
        let random = MockRandom::seeded(3);
        let access_key = element(
            &call(&state, &random, ASSUME, "testing").body,
            "AccessKeyId",
        )
        .to_owned();
        state.reset();
        let who = call(&state, &random, "Action=GetCallerIdentity", &access_key);
        assert_eq!(
            element(&who.body, "Arn"),
            "arn:aws:sts::123456789012:user/moto"
        );
    }
}
