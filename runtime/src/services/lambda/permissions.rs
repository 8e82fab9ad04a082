//! Resource policies: AddPermission, GetPolicy and RemovePermission. Each version and
//! alias has its own policy (the unqualified function's is `$LATEST`'s); its statements
//! are written as Lambda writes them, and changing one changes the revision id.

use serde_json::{Map, Value, json};

use super::error;
use super::functions::{arn_of, find_mut, function_ref};
use super::input::{expect_revision, flag, text};
use super::model::{Function, LambdaState, Statement};
use super::names::{FunctionRef, LATEST};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The largest policy Lambda keeps, in bytes.
const POLICY_LIMIT: usize = 20_480;

/// The policy and revision id of what a request names: a version, an alias, or (without
/// a qualifier) the function, whose policy is `$LATEST`'s.
fn target<'f>(
    function: &'f mut Function,
    requested: &FunctionRef,
    context: &Context<'_>,
) -> Result<(&'f mut Vec<Statement>, &'f mut String), ServiceError> {
    let qualifier = requested.qualifier.as_deref().unwrap_or(LATEST);
    let missing = || error::function_not_found(&arn_of(requested, context));
    if function.aliases.contains_key(qualifier) {
        return function
            .aliases
            .get_mut(qualifier)
            .map(|alias| (&mut alias.policy, &mut alias.revision_id))
            .ok_or_else(missing);
    }
    function
        .version_mut(qualifier)
        .map(|version| (&mut version.policy, &mut version.revision_id))
        .ok_or_else(missing)
}

/// `{"k1":v1,"k2":v2}` with the keys in the order given (Lambda's order, which a JSON map
/// would sort).
fn ordered_object(entries: &[(&str, String)]) -> String {
    let members: Vec<String> = entries
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(*key)))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// A principal as a policy writes it: a service, an account's root, an ARN, or `*`.
fn principal(principal: &str) -> String {
    let is_account = principal.len() == 12 && principal.bytes().all(|byte| byte.is_ascii_digit());
    let written = if principal == "*" {
        json!("*")
    } else if is_account {
        json!({"AWS": format!("arn:aws:iam::{principal}:root")})
    } else if principal.starts_with("arn:") {
        json!({"AWS": principal})
    } else {
        json!({"Service": principal})
    };
    written.to_string()
}

/// The statement AddPermission adds, as GetPolicy shows it.
fn statement(input: &Value, sid: &str, resource: &str) -> String {
    let mut string_equals = Map::new();
    for (member, key) in [
        ("SourceAccount", "AWS:SourceAccount"),
        ("PrincipalOrgID", "aws:PrincipalOrgID"),
        ("EventSourceToken", "lambda:EventSourceToken"),
        ("FunctionUrlAuthType", "lambda:FunctionUrlAuthType"),
    ] {
        if let Some(value) = text(input, member) {
            string_equals.insert(key.to_owned(), json!(value));
        }
    }
    let mut conditions: Vec<(&str, String)> = Vec::new();
    if !string_equals.is_empty() {
        let ordered: Vec<(&str, String)> = [
            "AWS:SourceAccount",
            "aws:PrincipalOrgID",
            "lambda:EventSourceToken",
            "lambda:FunctionUrlAuthType",
        ]
        .into_iter()
        .filter_map(|key| Some((key, string_equals.get(key)?.to_string())))
        .collect();
        conditions.push(("StringEquals", ordered_object(&ordered)));
    }
    if let Some(source) = text(input, "SourceArn") {
        conditions.push(("ArnLike", json!({"AWS:SourceArn": source}).to_string()));
    }
    if flag(input, "InvokedViaFunctionUrl") == Some(true) {
        conditions.push((
            "Bool",
            json!({"lambda:InvokedViaFunctionUrl": "true"}).to_string(),
        ));
    }
    let mut entries: Vec<(&str, String)> = vec![
        ("Sid", Value::from(sid).to_string()),
        ("Effect", Value::from("Allow").to_string()),
        (
            "Principal",
            principal(text(input, "Principal").unwrap_or_default()),
        ),
        (
            "Action",
            Value::from(text(input, "Action").unwrap_or_default()).to_string(),
        ),
        ("Resource", Value::from(resource).to_string()),
    ];
    if !conditions.is_empty() {
        entries.push(("Condition", ordered_object(&conditions)));
    }
    ordered_object(&entries)
}

/// The policy document of `statements`.
fn policy(statements: &[Statement]) -> String {
    let documents: Vec<&str> = statements
        .iter()
        .map(|statement| statement.document.as_str())
        .collect();
    format!(
        "{{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{}]}}",
        documents.join(",")
    )
}

/// AddPermission: a statement allowing `Principal` to call `Action` on the function,
/// version or alias.
pub(super) fn add_permission(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let requested = function_ref(input, context)?;
    let sid = text(input, "StatementId").unwrap_or_default().to_owned();
    state.with_region(&context.route.region, |region| {
        let function = find_mut(region, &requested, context)?;
        let (statements, revision) = target(function, &requested, context)?;
        expect_revision(input, revision)?;
        if statements.iter().any(|statement| statement.sid == sid) {
            return Err(error::conflict(
                "The statement id (sid) provided already exists. Please choose a new statement id, or remove the existing statement.",
            ));
        }
        let document = statement(input, &sid, &arn_of(&requested, context));
        let mut grown = statements.clone();
        grown.push(Statement {
            sid,
            document: document.clone(),
        });
        let size = policy(&grown).len();
        if size > POLICY_LIMIT {
            return Err(ServiceError::new(
                http::StatusCode::BAD_REQUEST,
                "PolicyLengthExceededException",
                format!("The final policy size ({size}) is bigger than the limit ({POLICY_LIMIT})."),
            ));
        }
        *statements = grown;
        *revision = context.random.uuid4();
        Ok(json!({"Statement": document}))
    })
}

/// GetPolicy.
pub(super) fn get_policy(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let requested = function_ref(&input.value, context)?;
    state.with_region(&context.route.region, |region| {
        let function = find_mut(region, &requested, context)?;
        let (statements, revision) = target(function, &requested, context)?;
        if statements.is_empty() {
            return Err(error::resource_not_found());
        }
        Ok(json!({"Policy": policy(statements), "RevisionId": revision}))
    })
}

/// RemovePermission.
pub(super) fn remove_permission(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let requested = function_ref(input, context)?;
    let sid = text(input, "StatementId").unwrap_or_default();
    state.with_region(&context.route.region, |region| {
        let function = find_mut(region, &requested, context)?;
        let (statements, revision) = target(function, &requested, context)?;
        expect_revision(input, revision)?;
        let Some(position) = statements.iter().position(|statement| statement.sid == sid) else {
            return Err(error::statement_not_found(sid));
        };
        statements.remove(position);
        *revision = context.random.uuid4();
        Ok(Value::Object(Map::new()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_written_in_lambdas_order() {
        let document = statement(
            &json!({"Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com",
                    "SourceArn": "arn:aws:s3:::photos", "SourceAccount": "123456789012"}),
            "s3-invoke",
            "arn:aws:lambda:us-east-1:123456789012:function:resize",
        );
        assert_eq!(
            document,
            r#"{"Sid":"s3-invoke","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:resize","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::photos"}}}"#
        );
        assert_eq!(
            principal("210987654321"),
            r#"{"AWS":"arn:aws:iam::210987654321:root"}"#
        );
        assert_eq!(principal("*"), r#""*""#);
        assert_eq!(
            principal("arn:aws:iam::210987654321:role/caller"),
            r#"{"AWS":"arn:aws:iam::210987654321:role/caller"}"#
        );
    }
}
