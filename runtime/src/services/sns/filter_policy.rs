//! Subscription filter policies: parsing (with AWS's refusals) and matching a message
//! against one, on its attributes or on its JSON body.
//!
//! A policy is an object whose keys name attributes (or, for the body, keys of the JSON
//! message, nested objects descending into it) and whose values are arrays of rules: the
//! key matches when any rule does, the policy when every key does. `$or` holds an array
//! of policies of which one must match. Rules are literals (strings, numbers, `true`,
//! `false`, `null`) or one-key objects: `prefix`, `suffix`, `equals-ignore-case`,
//! `anything-but` (literals, or a `prefix` / `suffix`), `numeric` ranges and `exists`.
//! <https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html>

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The most keys a policy may have (nested keys count their top-level key only).
const MAXIMUM_KEYS: usize = 5;

/// The most combinations of values a policy may describe.
const MAXIMUM_COMBINATIONS: usize = 150;

/// What a policy is applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The message's attributes (the default).
    MessageAttributes,
    /// The message itself, read as JSON.
    MessageBody,
}

impl Scope {
    /// The scope an attribute value names.
    pub(super) fn parse(name: &str) -> Option<Scope> {
        match name {
            "MessageAttributes" => Some(Scope::MessageAttributes),
            "MessageBody" => Some(Scope::MessageBody),
            _ => None,
        }
    }
}

/// A message attribute as matching sees it: its data type and its text (binary values
/// are never matched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attribute {
    /// `String`, `String.Array`, `Number` or `Binary`, with any custom suffix.
    pub(super) data_type: String,
    /// The value as given (`StringValue`, or the base64 of `BinaryValue`).
    pub(super) value: String,
}

/// A parsed filter policy.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FilterPolicy {
    root: Conditions,
}

/// Keys that must all match, and groups of alternatives of which one must.
#[derive(Debug, Clone, PartialEq, Default)]
struct Conditions {
    keys: Vec<(String, Node)>,
    alternatives: Vec<Vec<Conditions>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Rules(Vec<Rule>),
    Nested(Conditions),
}

#[derive(Debug, Clone, PartialEq)]
enum Rule {
    Literal(Literal),
    Prefix(String),
    Suffix(String),
    EqualsIgnoreCase(String),
    AnythingBut(Exclusion),
    Numeric(Vec<(Comparison, f64)>),
    Exists(bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Text(String),
    Number(f64),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
enum Exclusion {
    Literals(Vec<Literal>),
    Prefix(String),
    Suffix(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparison {
    Less,
    LessOrEqual,
    Equal,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    fn parse(operator: &str) -> Option<Comparison> {
        match operator {
            "<" => Some(Comparison::Less),
            "<=" => Some(Comparison::LessOrEqual),
            "=" => Some(Comparison::Equal),
            ">" => Some(Comparison::Greater),
            ">=" => Some(Comparison::GreaterOrEqual),
            _ => None,
        }
    }

    fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Comparison::Less => value < bound,
            Comparison::LessOrEqual => value <= bound,
            Comparison::Equal => same_number(value, bound),
            Comparison::Greater => value > bound,
            Comparison::GreaterOrEqual => value >= bound,
        }
    }
}

/// Numbers compare to five decimal places, as SNS documents.
fn same_number(left: f64, right: f64) -> bool {
    (left - right).abs() < 0.000_005
}

/// Why a policy is refused: the text after `Invalid parameter: `.
pub(super) type PolicyError = String;

fn refuse(reason: impl std::fmt::Display) -> PolicyError {
    format!("FilterPolicy: {reason}")
}

impl FilterPolicy {
    /// Parses the policy `text` for `scope`, refusing it as SNS does.
    pub(super) fn parse(text: &str, scope: Scope) -> Result<FilterPolicy, PolicyError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|failure| refuse(format!("failed to parse JSON. {failure}")))?;
        let Value::Object(object) = value else {
            return Err(refuse("Filter policy must be a JSON object"));
        };
        if object.len() > MAXIMUM_KEYS {
            return Err(refuse(format!(
                "Filter policy can not have more than {MAXIMUM_KEYS} keys"
            )));
        }
        let root = conditions(&object, scope)?;
        if combinations(&root) > MAXIMUM_COMBINATIONS {
            return Err(refuse("Filter policy is too complex"));
        }
        Ok(FilterPolicy { root })
    }

    /// Whether a message with these attributes matches (scope `MessageAttributes`).
    pub(super) fn matches_attributes(&self, attributes: &BTreeMap<String, Attribute>) -> bool {
        conditions_match_attributes(&self.root, attributes)
    }

    /// Whether a message with this body matches (scope `MessageBody`); a body that is not
    /// a JSON object matches no policy.
    pub(super) fn matches_body(&self, body: &str) -> bool {
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(object)) => conditions_match_body(&self.root, &[&object]),
            _ => false,
        }
    }
}

/// Whether the JSON object `event` matches `pattern`, a body-scoped filter policy
/// (whose syntax EventBridge's event patterns share): how Lambda filters the records of
/// an event source. `None` when the pattern is not one.
pub(crate) fn pattern_matches(pattern: &str, event: &Value) -> Option<bool> {
    let policy = FilterPolicy::parse(pattern, Scope::MessageBody).ok()?;
    Some(match event {
        Value::Object(object) => conditions_match_body(&policy.root, &[object]),
        _ => false,
    })
}

fn conditions(object: &Map<String, Value>, scope: Scope) -> Result<Conditions, PolicyError> {
    let mut parsed = Conditions::default();
    for (key, value) in object {
        if key == "$or" {
            let Value::Array(options) = value else {
                return Err(refuse("\"$or\" must be an array of filter policies"));
            };
            let mut group = Vec::new();
            for option in options {
                let Value::Object(option) = option else {
                    return Err(refuse("\"$or\" must be an array of filter policies"));
                };
                group.push(conditions(option, scope)?);
            }
            if group.len() < 2 {
                return Err(refuse("\"$or\" must have at least 2 elements"));
            }
            parsed.alternatives.push(group);
            continue;
        }
        let node = match value {
            Value::Array(rules) => Node::Rules(
                rules
                    .iter()
                    .map(|rule| parse_rule(key, rule))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(nested) if scope == Scope::MessageBody => {
                Node::Nested(conditions(nested, scope)?)
            }
            Value::Object(_) => {
                return Err(refuse(
                    "Filter policy scope MessageAttributes does not support nested filter policy",
                ));
            }
            _ => return Err(refuse(format!("\"{key}\" must be an object or an array"))),
        };
        parsed.keys.push((key.clone(), node));
    }
    Ok(parsed)
}

fn literal(value: &Value) -> Option<Literal> {
    match value {
        Value::String(text) => Some(Literal::Text(text.clone())),
        Value::Number(number) => number.as_f64().map(Literal::Number),
        Value::Bool(flag) => Some(Literal::Bool(*flag)),
        Value::Null => Some(Literal::Null),
        _ => None,
    }
}

fn text_operand(keyword: &str, operand: &Value) -> Result<String, PolicyError> {
    operand
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| refuse(format!("{keyword} match pattern must be a string")))
}

fn parse_rule(key: &str, rule: &Value) -> Result<Rule, PolicyError> {
    if let Some(literal) = literal(rule) {
        return Ok(Rule::Literal(literal));
    }
    let Value::Object(object) = rule else {
        return Err(refuse(
            "Match value must be String, number, true, false, or null",
        ));
    };
    let mut entries = object.iter();
    let (Some((keyword, operand)), None) = (entries.next(), entries.next()) else {
        return Err(refuse(format!(
            "Rule for \"{key}\" must be an object with exactly one match type"
        )));
    };
    match keyword.as_str() {
        "prefix" => Ok(Rule::Prefix(text_operand(keyword, operand)?)),
        "suffix" => Ok(Rule::Suffix(text_operand(keyword, operand)?)),
        "equals-ignore-case" => Ok(Rule::EqualsIgnoreCase(text_operand(keyword, operand)?)),
        "exists" => operand
            .as_bool()
            .map(Rule::Exists)
            .ok_or_else(|| refuse("exists match pattern must be either true or false.")),
        "anything-but" => anything_but(operand).map(Rule::AnythingBut),
        "numeric" => numeric(operand).map(Rule::Numeric),
        other => Err(refuse(format!("Unrecognized match type {other}"))),
    }
}

fn anything_but(operand: &Value) -> Result<Exclusion, PolicyError> {
    match operand {
        Value::Array(values) => values
            .iter()
            .map(|value| match literal(value) {
                Some(Literal::Text(text)) => Ok(Literal::Text(text)),
                Some(Literal::Number(number)) => Ok(Literal::Number(number)),
                _ => Err(refuse(
                    "Inside anything but list, start|null|boolean is not supported.",
                )),
            })
            .collect::<Result<_, _>>()
            .map(Exclusion::Literals),
        Value::Object(object) => {
            let mut entries = object.iter();
            match (entries.next(), entries.next()) {
                (Some((keyword, Value::String(text))), None) if keyword == "prefix" => {
                    Ok(Exclusion::Prefix(text.clone()))
                }
                (Some((keyword, Value::String(text))), None) if keyword == "suffix" => {
                    Ok(Exclusion::Suffix(text.clone()))
                }
                _ => Err(refuse(
                    "Unsupported anything-but pattern: only prefix and suffix may be nested",
                )),
            }
        }
        Value::String(_) | Value::Number(_) => literal(operand)
            .map(|value| Exclusion::Literals(vec![value]))
            .ok_or_else(|| refuse("Unsupported anything-but value")),
        _ => Err(refuse(
            "Inside anything but list, start|null|boolean is not supported.",
        )),
    }
}

fn numeric(operand: &Value) -> Result<Vec<(Comparison, f64)>, PolicyError> {
    let Value::Array(items) = operand else {
        return Err(refuse("Value of numeric must be an array."));
    };
    let mut items = items.iter();
    let mut ranges = Vec::new();
    let first = items
        .next()
        .ok_or_else(|| refuse("Invalid member in numeric match: ]"))?;
    let operator = first
        .as_str()
        .ok_or_else(|| refuse(format!("Invalid member in numeric match: {first}")))?;
    let comparison = Comparison::parse(operator)
        .ok_or_else(|| refuse(format!("Unrecognized numeric range operator: {operator}")))?;
    let bound = items
        .next()
        .and_then(Value::as_f64)
        .ok_or_else(|| refuse(format!("Value of {operator} must be numeric")))?;
    ranges.push((comparison, bound));
    if let Some(second) = items.next() {
        if !matches!(comparison, Comparison::Greater | Comparison::GreaterOrEqual) {
            return Err(refuse("Too many elements in numeric expression"));
        }
        let upper = second
            .as_str()
            .and_then(Comparison::parse)
            .filter(|comparison| matches!(comparison, Comparison::Less | Comparison::LessOrEqual))
            .ok_or_else(|| refuse(format!("Bad numeric range operator: {second}")))?;
        let top = items
            .next()
            .and_then(Value::as_f64)
            .ok_or_else(|| refuse(format!("Value of {second} must be numeric")))?;
        if top <= bound {
            return Err(refuse("Bottom must be less than top"));
        }
        ranges.push((upper, top));
        if items.next().is_some() {
            return Err(refuse("Too many elements in numeric expression"));
        }
    }
    Ok(ranges)
}

/// The number of value combinations a policy describes: the product of its keys' rule
/// counts, alternatives adding up.
fn combinations(conditions: &Conditions) -> usize {
    let keys = conditions
        .keys
        .iter()
        .map(|(_, node)| match node {
            Node::Rules(rules) => rules.len().max(1),
            Node::Nested(nested) => combinations(nested),
        })
        .fold(1usize, usize::saturating_mul);
    conditions.alternatives.iter().fold(keys, |total, group| {
        total.saturating_mul(group.iter().map(combinations).sum::<usize>().max(1))
    })
}

// ---------------------------------------------------------------------------
// Matching values.

/// A value a rule is tried on.
#[derive(Debug, Clone, Copy)]
enum Candidate<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Null,
}

impl Candidate<'_> {
    fn of(value: &Value) -> Option<Candidate<'_>> {
        match value {
            Value::String(text) => Some(Candidate::Text(text)),
            Value::Number(number) => number.as_f64().map(Candidate::Number),
            Value::Bool(flag) => Some(Candidate::Bool(*flag)),
            Value::Null => Some(Candidate::Null),
            _ => None,
        }
    }

    fn equals(self, literal: &Literal) -> bool {
        match (self, literal) {
            (Candidate::Text(text), Literal::Text(expected)) => text == expected,
            (Candidate::Number(number), Literal::Number(expected)) => {
                same_number(number, *expected)
            }
            (Candidate::Bool(flag), Literal::Bool(expected)) => flag == *expected,
            (Candidate::Null, Literal::Null) => true,
            _ => false,
        }
    }
}

/// Whether `rule` matches a key whose values are `values` (empty when the key is absent).
fn rule_matches(rule: &Rule, values: &[Candidate<'_>], present: bool) -> bool {
    let any = |test: &dyn Fn(Candidate<'_>) -> bool| values.iter().any(|value| test(*value));
    match rule {
        Rule::Exists(expected) => present == *expected,
        Rule::Literal(literal) => any(&|value| value.equals(literal)),
        Rule::Prefix(prefix) => any(
            &|value| matches!(value, Candidate::Text(text) if text.starts_with(prefix.as_str())),
        ),
        Rule::Suffix(suffix) => {
            any(&|value| matches!(value, Candidate::Text(text) if text.ends_with(suffix.as_str())))
        }
        Rule::EqualsIgnoreCase(expected) => any(
            &|value| matches!(value, Candidate::Text(text) if text.to_lowercase() == expected.to_lowercase()),
        ),
        Rule::Numeric(ranges) => any(&|value| {
            matches!(value, Candidate::Number(number)
                if ranges.iter().all(|(comparison, bound)| comparison.holds(number, *bound)))
        }),
        // A key that is absent is not "anything but": it matches nothing.
        Rule::AnythingBut(exclusion) => {
            present
                && !values.is_empty()
                && values.iter().all(|value| match exclusion {
                    Exclusion::Literals(literals) => {
                        !literals.iter().any(|literal| value.equals(literal))
                    }
                    Exclusion::Prefix(prefix) => {
                        matches!(value, Candidate::Text(text) if !text.starts_with(prefix.as_str()))
                    }
                    Exclusion::Suffix(suffix) => {
                        matches!(value, Candidate::Text(text) if !text.ends_with(suffix.as_str()))
                    }
                })
        }
    }
}

fn rules_match(rules: &[Rule], values: &[Candidate<'_>], present: bool) -> bool {
    rules.iter().any(|rule| rule_matches(rule, values, present))
}

/// The values an attribute offers to rules: a String is text, a Number a number, a
/// String.Array each element of its JSON array; Binary offers none.
fn attribute_values(attribute: &Attribute) -> Vec<Value> {
    let kind = attribute.data_type.split('.').next().unwrap_or_default();
    match kind {
        "String" if attribute.data_type == "String.Array" => {
            match serde_json::from_str::<Value>(&attribute.value) {
                Ok(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        "String" => vec![Value::String(attribute.value.clone())],
        "Number" => attribute
            .value
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

fn conditions_match_attributes(
    conditions: &Conditions,
    attributes: &BTreeMap<String, Attribute>,
) -> bool {
    let keys = conditions.keys.iter().all(|(key, node)| {
        let Node::Rules(rules) = node else {
            return false;
        };
        let attribute = attributes.get(key);
        let values = attribute.map(attribute_values).unwrap_or_default();
        let candidates: Vec<Candidate<'_>> = values.iter().filter_map(Candidate::of).collect();
        rules_match(rules, &candidates, attribute.is_some())
    });
    keys && conditions.alternatives.iter().all(|group| {
        group
            .iter()
            .any(|option| conditions_match_attributes(option, attributes))
    })
}

/// `objects` are every object reached so far (an array of objects spreads into several).
fn conditions_match_body(conditions: &Conditions, objects: &[&Map<String, Value>]) -> bool {
    let keys = conditions.keys.iter().all(|(key, node)| {
        let found: Vec<&Value> = objects
            .iter()
            .filter_map(|object| object.get(key.as_str()))
            .collect();
        match node {
            Node::Rules(rules) => {
                let mut leaves = Vec::new();
                for value in &found {
                    match value {
                        Value::Array(items) => leaves.extend(items.iter()),
                        other => leaves.push(*other),
                    }
                }
                let candidates: Vec<Candidate<'_>> =
                    leaves.into_iter().filter_map(Candidate::of).collect();
                rules_match(rules, &candidates, !found.is_empty())
            }
            Node::Nested(nested) => {
                let mut inner = Vec::new();
                for value in &found {
                    match value {
                        Value::Object(object) => inner.push(object),
                        Value::Array(items) => {
                            inner.extend(items.iter().filter_map(Value::as_object));
                        }
                        _ => {}
                    }
                }
                // Every rule below an absent object sees its keys absent.
                conditions_match_body(nested, &inner)
            }
        }
    });
    keys && conditions.alternatives.iter().all(|group| {
        group
            .iter()
            .any(|option| conditions_match_body(option, objects))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str, &str)]) -> BTreeMap<String, Attribute> {
        pairs
            .iter()
            .map(|(name, data_type, value)| {
                (
                    (*name).to_owned(),
                    Attribute {
                        data_type: (*data_type).to_owned(),
                        value: (*value).to_owned(),
                    },
                )
            })
            .collect()
    }

    fn on_attributes(policy: &str, pairs: &[(&str, &str, &str)]) -> bool {
        FilterPolicy::parse(policy, Scope::MessageAttributes)
            .unwrap()
            .matches_attributes(&attrs(pairs))
    }

    fn on_body(policy: &str, body: &str) -> bool {
        FilterPolicy::parse(policy, Scope::MessageBody)
            .unwrap()
            .matches_body(body)
    }

    #[test]
    fn exact_strings_and_numbers() {
        let policy = r#"{"color": ["red", "blue"], "size": [10]}"#;
        assert!(on_attributes(
            policy,
            &[("color", "String", "red"), ("size", "Number", "10")]
        ));
        assert!(on_attributes(
            policy,
            &[("color", "String", "blue"), ("size", "Number", "10.000001")]
        ));
        assert!(!on_attributes(
            policy,
            &[("color", "String", "green"), ("size", "Number", "10")]
        ));
        assert!(!on_attributes(policy, &[("color", "String", "red")]));
        // A number rule does not match the text of a String attribute, nor a text rule a
        // Number attribute.
        assert!(!on_attributes(
            policy,
            &[("color", "String", "red"), ("size", "String", "10")]
        ));
        assert!(!on_attributes(
            r#"{"size": ["10"]}"#,
            &[("size", "Number", "10")]
        ));
    }

    #[test]
    fn string_arrays_match_when_any_element_does() {
        let policy = r#"{"tags": ["urgent", 3]}"#;
        assert!(on_attributes(
            policy,
            &[("tags", "String.Array", r#"["later", "urgent"]"#)]
        ));
        assert!(on_attributes(policy, &[("tags", "String.Array", "[1, 3]")]));
        assert!(!on_attributes(
            policy,
            &[("tags", "String.Array", r#"["later"]"#)]
        ));
        assert!(!on_attributes(
            policy,
            &[("tags", "String", r#"["urgent"]"#)]
        ));
        assert!(!on_attributes(policy, &[("tags", "Binary", "dXJnZW50")]));
    }

    #[test]
    fn prefix_suffix_and_equals_ignore_case() {
        assert!(on_attributes(
            r#"{"region": [{"prefix": "eu-"}]}"#,
            &[("region", "String", "eu-west-1")]
        ));
        assert!(!on_attributes(
            r#"{"region": [{"prefix": "eu-"}]}"#,
            &[("region", "String", "us-east-1")]
        ));
        assert!(on_attributes(
            r#"{"file": [{"suffix": ".png"}]}"#,
            &[("file", "String", "cat.png")]
        ));
        assert!(on_attributes(
            r#"{"level": [{"equals-ignore-case": "ERROR"}]}"#,
            &[("level", "String", "Error")]
        ));
        assert!(!on_attributes(
            r#"{"level": [{"equals-ignore-case": "ERROR"}]}"#,
            &[("level", "String", "warn")]
        ));
    }

    #[test]
    fn anything_but_values_and_prefixes() {
        let policy = r#"{"state": [{"anything-but": ["done", "failed"]}]}"#;
        assert!(on_attributes(policy, &[("state", "String", "running")]));
        assert!(!on_attributes(policy, &[("state", "String", "done")]));
        assert!(!on_attributes(policy, &[]), "absent is not anything but");
        assert!(on_attributes(
            r#"{"n": [{"anything-but": 5}]}"#,
            &[("n", "Number", "6")]
        ));
        assert!(!on_attributes(
            r#"{"n": [{"anything-but": [5]}]}"#,
            &[("n", "Number", "5.0")]
        ));
        let prefix = r#"{"event": [{"anything-but": {"prefix": "test-"}}]}"#;
        assert!(on_attributes(prefix, &[("event", "String", "order")]));
        assert!(!on_attributes(prefix, &[("event", "String", "test-1")]));
        assert!(!on_attributes(
            r#"{"tags": [{"anything-but": "x"}]}"#,
            &[("tags", "String.Array", r#"["y", "x"]"#)]
        ));
    }

    #[test]
    fn numeric_ranges() {
        let policy = r#"{"price": [{"numeric": [">", 0, "<=", 100]}]}"#;
        assert!(on_attributes(policy, &[("price", "Number", "100")]));
        assert!(on_attributes(policy, &[("price", "Number", "0.5")]));
        assert!(!on_attributes(policy, &[("price", "Number", "0")]));
        assert!(!on_attributes(policy, &[("price", "Number", "100.1")]));
        assert!(!on_attributes(policy, &[("price", "String", "50")]));
        assert!(on_attributes(
            r#"{"price": [{"numeric": ["=", 3.5]}]}"#,
            &[("price", "Number", "3.5")]
        ));
    }

    #[test]
    fn exists_true_and_false() {
        assert!(on_attributes(
            r#"{"trace": [{"exists": true}]}"#,
            &[("trace", "String", "x")]
        ));
        assert!(!on_attributes(r#"{"trace": [{"exists": true}]}"#, &[]));
        assert!(on_attributes(r#"{"trace": [{"exists": false}]}"#, &[]));
        assert!(!on_attributes(
            r#"{"trace": [{"exists": false}]}"#,
            &[("trace", "String", "x")]
        ));
    }

    #[test]
    fn or_groups() {
        let policy = r#"{"source": ["shop"], "$or": [{"kind": ["order"]}, {"price": [{"numeric": [">", 100]}]}]}"#;
        assert!(on_attributes(
            policy,
            &[("source", "String", "shop"), ("kind", "String", "order")]
        ));
        assert!(on_attributes(
            policy,
            &[("source", "String", "shop"), ("price", "Number", "150")]
        ));
        assert!(!on_attributes(
            policy,
            &[("source", "String", "shop"), ("price", "Number", "50")]
        ));
        assert!(!on_attributes(
            policy,
            &[("source", "String", "web"), ("kind", "String", "order")]
        ));
    }

    #[test]
    fn body_policies_descend_into_objects_and_arrays() {
        let policy = r#"{"order": {"status": ["paid"], "total": [{"numeric": [">=", 10]}]}}"#;
        assert!(on_body(
            policy,
            r#"{"order": {"status": "paid", "total": 12}}"#
        ));
        assert!(!on_body(
            policy,
            r#"{"order": {"status": "open", "total": 12}}"#
        ));
        assert!(!on_body(policy, r#"{"status": "paid", "total": 12}"#));
        assert!(!on_body(policy, "not json"));
        let records = r#"{"Records": {"eventName": [{"prefix": "ObjectCreated:"}]}}"#;
        assert!(on_body(
            records,
            r#"{"Records": [{"eventName": "ObjectRemoved:Delete"}, {"eventName": "ObjectCreated:Put"}]}"#
        ));
        assert!(!on_body(
            records,
            r#"{"Records": [{"eventName": "ObjectRemoved:Delete"}]}"#
        ));
        assert!(on_body(r#"{"tags": ["a"]}"#, r#"{"tags": ["b", "a"]}"#));
        assert!(on_body(r#"{"ok": [true]}"#, r#"{"ok": true}"#));
        assert!(on_body(r#"{"gone": [null]}"#, r#"{"gone": null}"#));
        assert!(on_body(
            r#"{"order": {"coupon": [{"exists": false}]}}"#,
            r#"{"order": {"total": 1}}"#
        ));
        assert!(on_body(
            r#"{"$or": [{"a": [1]}, {"b": [2]}]}"#,
            r#"{"b": 2}"#
        ));
    }

    fn refused(policy: &str, scope: Scope) -> String {
        FilterPolicy::parse(policy, scope).unwrap_err()
    }

    #[test]
    fn invalid_policies_are_refused_with_aws_reasons() {
        let attributes = Scope::MessageAttributes;
        assert!(refused("{", attributes).starts_with("FilterPolicy: failed to parse JSON."));
        assert_eq!(
            refused(r#"{"a": {"b": ["c"]}}"#, attributes),
            "FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy"
        );
        assert_eq!(
            refused(r#"{"a": [{"exists": "yes"}]}"#, attributes),
            "FilterPolicy: exists match pattern must be either true or false."
        );
        assert_eq!(
            refused(r#"{"a": [{"regex": "x"}]}"#, attributes),
            "FilterPolicy: Unrecognized match type regex"
        );
        assert_eq!(
            refused(r#"{"a": [["x"]]}"#, attributes),
            "FilterPolicy: Match value must be String, number, true, false, or null"
        );
        assert_eq!(
            refused(r#"{"a": "x"}"#, attributes),
            "FilterPolicy: \"a\" must be an object or an array"
        );
        assert_eq!(
            refused(r#"{"a": [{"numeric": ["<", "x"]}]}"#, attributes),
            "FilterPolicy: Value of < must be numeric"
        );
        assert_eq!(
            refused(r#"{"a": [{"numeric": ["!", 1]}]}"#, attributes),
            "FilterPolicy: Unrecognized numeric range operator: !"
        );
        assert_eq!(
            refused(r#"{"a": [{"numeric": ["<", 1, ">", 0]}]}"#, attributes),
            "FilterPolicy: Too many elements in numeric expression"
        );
        assert_eq!(
            refused(r#"{"a": [{"numeric": [">", 5, "<", 1]}]}"#, attributes),
            "FilterPolicy: Bottom must be less than top"
        );
        assert_eq!(
            refused(
                r#"{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}"#,
                attributes
            ),
            "FilterPolicy: Filter policy can not have more than 5 keys"
        );
        let values = |count: usize| {
            (0..count)
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(",")
        };
        let complex = format!(
            r#"{{"a": [{}], "b": [{}], "c": [{}]}}"#,
            values(6),
            values(6),
            values(5)
        );
        assert_eq!(
            refused(&complex, attributes),
            "FilterPolicy: Filter policy is too complex"
        );
        assert!(FilterPolicy::parse(r#"{"a": {"b": ["c"]}}"#, Scope::MessageBody).is_ok());
    }
}
