//! Queue policies as AddPermission and RemovePermission edit them: one statement per
//! label, in the queue's `Policy` attribute, written compactly with the keys in the
//! order AWS writes policy documents.

use serde_json::{Map, Value, json};

/// The actions AddPermission may grant (each as `SQS:<action>`).
pub(super) const GRANTABLE_ACTIONS: [&str; 9] = [
    "*",
    "ChangeMessageVisibility",
    "DeleteMessage",
    "GetQueueAttributes",
    "GetQueueUrl",
    "ListDeadLetterSourceQueues",
    "PurgeQueue",
    "ReceiveMessage",
    "SendMessage",
];

/// The key order of a policy document, then of each of its statements; other keys
/// follow in alphabetical order.
const DOCUMENT_KEYS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_KEYS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Why a policy edit was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PolicyEditError {
    /// AddPermission with a label a statement already has.
    LabelExists,
    /// RemovePermission with a label no statement has.
    LabelNotFound,
}

/// A grant of `actions` (`SendMessage`...) to the root of each account in `accounts`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Grant<'a> {
    pub(super) label: &'a str,
    pub(super) partition: &'a str,
    pub(super) accounts: &'a [String],
    pub(super) actions: &'a [String],
}

/// `policy` (the queue's current one, if any) with a statement for `grant` added.
pub(super) fn add_statement(
    policy: Option<&str>,
    queue_arn: &str,
    grant: Grant<'_>,
) -> Result<String, PolicyEditError> {
    let mut document = document_of(policy, queue_arn);
    let mut statements = statements_of(&mut document);
    if statements
        .iter()
        .any(|statement| sid(statement) == Some(grant.label))
    {
        return Err(PolicyEditError::LabelExists);
    }
    let principals: Vec<String> = grant
        .accounts
        .iter()
        .map(|account| format!("arn:{}:iam::{account}:root", grant.partition))
        .collect();
    let actions: Vec<String> = grant
        .actions
        .iter()
        .map(|action| format!("SQS:{action}"))
        .collect();
    statements.push(json!({
        "Sid": grant.label,
        "Effect": "Allow",
        "Principal": { "AWS": one_or_many(principals) },
        "Action": one_or_many(actions),
        "Resource": queue_arn,
    }));
    document.insert("Statement".into(), Value::Array(statements));
    Ok(write_document(&document))
}

/// `policy` without the statement labelled `label`; `None` when no statement is left.
pub(super) fn remove_statement(
    policy: Option<&str>,
    label: &str,
) -> Result<Option<String>, PolicyEditError> {
    let mut document = document_of(policy, "");
    let mut statements = statements_of(&mut document);
    let before = statements.len();
    statements.retain(|statement| sid(statement) != Some(label));
    if statements.len() == before {
        return Err(PolicyEditError::LabelNotFound);
    }
    if statements.is_empty() {
        return Ok(None);
    }
    document.insert("Statement".into(), Value::Array(statements));
    Ok(Some(write_document(&document)))
}

/// The queue's policy document, or the one SQS starts a queue's policy with.
fn document_of(policy: Option<&str>, queue_arn: &str) -> Map<String, Value> {
    match policy.and_then(|text| serde_json::from_str::<Value>(text).ok()) {
        Some(Value::Object(document)) => document,
        _ => {
            let mut document = Map::new();
            document.insert("Version".into(), json!("2012-10-17"));
            document.insert("Id".into(), json!(format!("{queue_arn}/SQSDefaultPolicy")));
            document
        }
    }
}

/// The statements of a document (a lone statement object counts as one).
fn statements_of(document: &mut Map<String, Value>) -> Vec<Value> {
    match document.remove("Statement") {
        Some(Value::Array(statements)) => statements,
        Some(statement @ Value::Object(_)) => vec![statement],
        _ => Vec::new(),
    }
}

fn sid(statement: &Value) -> Option<&str> {
    statement.get("Sid").and_then(Value::as_str)
}

/// A single value as itself, several as a list (as AWS writes principals and actions).
fn one_or_many(mut values: Vec<String>) -> Value {
    if values.len() == 1 {
        Value::String(values.remove(0))
    } else {
        json!(values)
    }
}

fn write_document(document: &Map<String, Value>) -> String {
    write_object(document, &DOCUMENT_KEYS, &|key, value| match (key, value) {
        ("Statement", Value::Array(statements)) => {
            let written: Vec<String> = statements
                .iter()
                .map(|statement| match statement {
                    Value::Object(object) => {
                        write_object(object, &STATEMENT_KEYS, &|_, value| value.to_string())
                    }
                    other => other.to_string(),
                })
                .collect();
            format!("[{}]", written.join(","))
        }
        _ => value.to_string(),
    })
}

/// `object` as compact JSON, the keys in `order` first; `write` writes each value.
fn write_object(
    object: &Map<String, Value>,
    order: &[&str],
    write: &dyn Fn(&str, &Value) -> String,
) -> String {
    let known = order.iter().filter_map(|key| object.get_key_value(*key));
    let others = object
        .iter()
        .filter(|(key, _)| !order.contains(&key.as_str()));
    let members: Vec<String> = known
        .chain(others)
        .map(|(key, value)| format!("{}:{}", Value::from(key.as_str()), write(key, value)))
        .collect();
    format!("{{{}}}", members.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:sqs:us-east-1:123456789012:jobs";

    fn grant<'a>(label: &'a str, accounts: &'a [String], actions: &'a [String]) -> Grant<'a> {
        Grant {
            label,
            partition: "aws",
            accounts,
            actions,
        }
    }

    #[test]
    fn a_first_permission_makes_the_default_policy_in_aws_order() {
        let accounts = ["111122223333".to_owned()];
        let actions = ["SendMessage".to_owned()];
        let policy = add_statement(None, ARN, grant("send", &accounts, &actions)).unwrap();
        assert_eq!(
            policy,
            "{\"Version\":\"2012-10-17\",\"Id\":\"arn:aws:sqs:us-east-1:123456789012:jobs/SQSDefaultPolicy\",\
             \"Statement\":[{\"Sid\":\"send\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\
             \"arn:aws:iam::111122223333:root\"},\"Action\":\"SQS:SendMessage\",\
             \"Resource\":\"arn:aws:sqs:us-east-1:123456789012:jobs\"}]}"
        );
    }

    #[test]
    fn statements_are_added_and_removed_by_label() {
        let accounts = ["111122223333".to_owned(), "444455556666".to_owned()];
        let actions = ["ReceiveMessage".to_owned(), "DeleteMessage".to_owned()];
        let one = add_statement(None, ARN, grant("a", &accounts[..1], &actions[..1])).unwrap();
        let two = add_statement(Some(&one), ARN, grant("b", &accounts, &actions)).unwrap();
        let document: Value = serde_json::from_str(&two).unwrap();
        assert_eq!(document["Statement"][1]["Sid"], "b");
        assert_eq!(
            document["Statement"][1]["Principal"]["AWS"],
            json!([
                "arn:aws:iam::111122223333:root",
                "arn:aws:iam::444455556666:root"
            ])
        );
        assert_eq!(
            document["Statement"][1]["Action"],
            json!(["SQS:ReceiveMessage", "SQS:DeleteMessage"])
        );
        assert_eq!(
            add_statement(Some(&two), ARN, grant("a", &accounts, &actions)),
            Err(PolicyEditError::LabelExists)
        );
        assert_eq!(
            remove_statement(Some(&two), "missing"),
            Err(PolicyEditError::LabelNotFound)
        );
        assert_eq!(remove_statement(Some(&two), "b"), Ok(Some(one.clone())));
        assert_eq!(remove_statement(Some(&one), "a"), Ok(None));
        assert_eq!(
            remove_statement(None, "a"),
            Err(PolicyEditError::LabelNotFound)
        );
    }

    #[test]
    fn a_policy_set_by_hand_keeps_its_statements() {
        let own = r#"{"Statement":{"Sid":"mine","Effect":"Deny","Action":"*","Principal":"*","Resource":"*"},"Version":"2012-10-17"}"#;
        let accounts = ["111122223333".to_owned()];
        let actions = ["*".to_owned()];
        let policy = add_statement(Some(own), ARN, grant("added", &accounts, &actions)).unwrap();
        assert!(
            policy.starts_with(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"mine\",\"Effect\":\"Deny\",\
                 \"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Sid\":\"added\""
            ),
            "{policy}"
        );
    }
}
