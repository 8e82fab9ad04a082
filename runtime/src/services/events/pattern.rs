//! EventBridge's event patterns: checking a pattern as PutRule does and matching events
//! against it, as the user guide describes them.
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html>
//!
//! A pattern is a JSON object. A member whose value is an object matches the event's
//! member of that name (an object) field by field; a member whose value is an array
//! lists what the event's value may be (any one of them): literal strings, numbers,
//! booleans and null, or one-member objects naming a comparison (`prefix`, `suffix`,
//! `anything-but`, `numeric`, `exists`, `wildcard`, `equals-ignore-case`, `cidr`). An
//! event value that is an array matches when any of its elements does. `$or` holds
//! patterns of which at least one must match. SNS filter policies share much of this
//! language but differ in details (SNS has no `wildcard`, EventBridge no
//! `anything-but` on numbers ranges), so each service keeps its own matcher.

use std::net::IpAddr;

use serde_json::{Map, Value};

/// The comparisons a pattern's arrays can hold, by the name they are written with.
const OPERATORS: &[&str] = &[
    "prefix",
    "suffix",
    "anything-but",
    "numeric",
    "exists",
    "wildcard",
    "equals-ignore-case",
    "cidr",
];

/// A pattern PutRule accepted.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EventPattern {
    root: Map<String, Value>,
}

/// Why a pattern is refused: the `Reason` of AWS's `InvalidEventPatternException`.
pub(super) type Reason = String;

impl EventPattern {
    /// Parses and checks `text`.
    pub(super) fn parse(text: &str) -> Result<EventPattern, Reason> {
        let value: Value = serde_json::from_str(text).map_err(|_| "Invalid JSON".to_owned())?;
        let Value::Object(root) = value else {
            return Err("Filter is not an object".to_owned());
        };
        check_object(&root)?;
        Ok(EventPattern { root })
    }

    /// Whether `event` (an event in AWS's envelope: `source`, `detail-type`, `detail`...)
    /// matches.
    pub(super) fn matches(&self, event: &Value) -> bool {
        matches_object(&self.root, Some(event))
    }
}

fn check_object(pattern: &Map<String, Value>) -> Result<(), Reason> {
    for (key, value) in pattern {
        if key == "$or" {
            check_or(value)?;
            continue;
        }
        match value {
            Value::Object(nested) => check_object(nested)?,
            Value::Array(matchers) if matchers.is_empty() => {
                return Err("Empty arrays are not allowed".to_owned());
            }
            Value::Array(matchers) => matchers.iter().try_for_each(check_matcher)?,
            _ => return Err(format!("'{key}' must be an object or an array")),
        }
    }
    Ok(())
}

fn check_or(value: &Value) -> Result<(), Reason> {
    let alternatives = value
        .as_array()
        .filter(|alternatives| alternatives.len() >= 2)
        .ok_or_else(|| "Or relationship must be an array of at least two patterns".to_owned())?;
    for alternative in alternatives {
        let Value::Object(alternative) = alternative else {
            return Err("Or relationship must be an array of at least two patterns".to_owned());
        };
        check_object(alternative)?;
    }
    Ok(())
}

/// One element of a pattern's array.
fn check_matcher(matcher: &Value) -> Result<(), Reason> {
    let Value::Object(operation) = matcher else {
        return match matcher {
            Value::Array(_) => {
                Err("Match value must be String, number, true, false, or null".to_owned())
            }
            _ => Ok(()),
        };
    };
    let mut members = operation.iter();
    let (Some((name, argument)), None) = (members.next(), members.next()) else {
        return Err("Only one key allowed in match expression".to_owned());
    };
    if !OPERATORS.contains(&name.as_str()) {
        return Err(format!("Unrecognized match type {name}"));
    }
    match name.as_str() {
        "prefix" | "suffix" => check_text_or_ignoring_case(name, argument),
        "wildcard" => check_text(name, argument),
        "equals-ignore-case" => check_text(name, argument),
        "exists" => argument
            .is_boolean()
            .then_some(())
            .ok_or_else(|| "exists match pattern must be either true or false.".to_owned()),
        "numeric" => check_numeric(argument),
        "cidr" => argument
            .as_str()
            .and_then(Cidr::parse)
            .map(|_| ())
            .ok_or_else(|| "Malformed CIDR, one '/' required".to_owned()),
        _ => check_anything_but(argument),
    }
}

fn check_text(name: &str, argument: &Value) -> Result<(), Reason> {
    argument
        .is_string()
        .then_some(())
        .ok_or_else(|| format!("{name} match pattern must be a string"))
}

fn check_text_or_ignoring_case(name: &str, argument: &Value) -> Result<(), Reason> {
    match argument {
        Value::String(_) => Ok(()),
        Value::Object(inner) if inner.len() == 1 => match inner.get("equals-ignore-case") {
            Some(Value::String(_)) => Ok(()),
            _ => Err(format!("Unsupported {name} pattern")),
        },
        _ => Err(format!("{name} match pattern must be a string")),
    }
}

/// `numeric`: one or two comparisons, `[">", 0, "<=", 5]` or `["=", 3]`.
fn check_numeric(argument: &Value) -> Result<(), Reason> {
    let terms = argument
        .as_array()
        .filter(|terms| !terms.is_empty() && terms.len() % 2 == 0 && terms.len() <= 4)
        .ok_or_else(|| "Value of numeric must be an array.".to_owned())?;
    for pair in terms.chunks(2) {
        let (Some(Value::String(operator)), Some(bound)) = (pair.first(), pair.get(1)) else {
            return Err("Value of numeric must be an array.".to_owned());
        };
        if !["<", "<=", "=", ">=", ">"].contains(&operator.as_str()) {
            return Err(format!("Unrecognized numeric range operator: {operator}"));
        }
        if !bound.is_number() {
            return Err(format!("Value of {operator} must be numeric"));
        }
    }
    Ok(())
}

/// `anything-but`: a value, a list of values of one kind, or a `prefix`, `suffix`,
/// `wildcard` or `equals-ignore-case` comparison.
fn check_anything_but(argument: &Value) -> Result<(), Reason> {
    let message =
        || "Value of anything-but must be an array or single string/number value.".to_owned();
    match argument {
        Value::String(_) | Value::Number(_) => Ok(()),
        Value::Array(values) if !values.is_empty() => {
            let all_text = values.iter().all(Value::is_string);
            let all_numbers = values.iter().all(Value::is_number);
            (all_text || all_numbers)
                .then_some(())
                .ok_or_else(|| "Inside anything but list, mixed types are not allowed".to_owned())
        }
        Value::Object(inner) if inner.len() == 1 => {
            let Some((name, inner_argument)) = inner.iter().next() else {
                return Err(message());
            };
            match name.as_str() {
                "prefix" | "suffix" | "wildcard" => check_text(name, inner_argument),
                "equals-ignore-case" => match inner_argument {
                    Value::String(_) => Ok(()),
                    Value::Array(values) if values.iter().all(Value::is_string) => Ok(()),
                    _ => Err(format!("{name} match pattern must be a string")),
                },
                _ => Err(format!("Unsupported anything-but pattern: {name}")),
            }
        }
        _ => Err(message()),
    }
}

/// Whether every member of `pattern` matches `value` (an object, or absent).
fn matches_object(pattern: &Map<String, Value>, value: Option<&Value>) -> bool {
    pattern.iter().all(|(key, expected)| {
        if key == "$or" {
            return expected.as_array().is_some_and(|alternatives| {
                alternatives.iter().any(|alternative| {
                    alternative
                        .as_object()
                        .is_some_and(|alternative| matches_object(alternative, value))
                })
            });
        }
        let field = value.and_then(|value| value.get(key));
        match expected {
            Value::Object(nested) => match field {
                // An array of objects matches when one of them does.
                Some(Value::Array(items)) => items
                    .iter()
                    .any(|item| item.is_object() && matches_object(nested, Some(item))),
                Some(object @ Value::Object(_)) => matches_object(nested, Some(object)),
                // Only `exists: false` can match under a missing or scalar member.
                Some(_) | None => matches_object(nested, None),
            },
            Value::Array(matchers) => matchers.iter().any(|matcher| matches_leaf(matcher, field)),
            _ => false,
        }
    })
}

/// Whether the event's value `field` (absent, a scalar, or an array of them) passes one
/// matcher of a pattern's array.
fn matches_leaf(matcher: &Value, field: Option<&Value>) -> bool {
    let Value::Object(operation) = matcher else {
        return candidates(field).any(|value| equal(matcher, value));
    };
    let Some((name, argument)) = operation.iter().next() else {
        return false;
    };
    if name == "exists" {
        let present = match field {
            None => false,
            Some(Value::Object(_)) => false,
            Some(Value::Array(items)) => !items.is_empty(),
            Some(_) => true,
        };
        return argument.as_bool() == Some(present);
    }
    candidates(field).any(|value| compare(name, argument, value))
}

/// The scalars an event value stands for: itself, or an array's elements.
fn candidates(field: Option<&Value>) -> Box<dyn Iterator<Item = &Value> + '_> {
    match field {
        None => Box::new(std::iter::empty()),
        Some(Value::Array(items)) => Box::new(items.iter()),
        Some(value) => Box::new(std::iter::once(value)),
    }
}

/// Exact matching: strings and booleans as written, numbers by value, null by null.
fn equal(expected: &Value, value: &Value) -> bool {
    match (expected, value) {
        (Value::Number(expected), Value::Number(value)) => expected.as_f64() == value.as_f64(),
        _ => expected == value,
    }
}

fn compare(name: &str, argument: &Value, value: &Value) -> bool {
    match name {
        "prefix" => text_test(argument, value, |text, wanted| text.starts_with(wanted)),
        "suffix" => text_test(argument, value, |text, wanted| text.ends_with(wanted)),
        "equals-ignore-case" => ignoring_case(argument, value),
        "wildcard" => wildcard(argument, value),
        "numeric" => numeric(argument, value),
        "cidr" => cidr(argument, value),
        "anything-but" => anything_but(argument, value),
        _ => false,
    }
}

/// `prefix`/`suffix`, plain or `{"equals-ignore-case": ...}`.
fn text_test(argument: &Value, value: &Value, test: fn(&str, &str) -> bool) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    match argument {
        Value::String(wanted) => test(text, wanted),
        Value::Object(inner) => inner
            .get("equals-ignore-case")
            .and_then(Value::as_str)
            .is_some_and(|wanted| test(&text.to_lowercase(), &wanted.to_lowercase())),
        _ => false,
    }
}

fn ignoring_case(argument: &Value, value: &Value) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    let same = |wanted: &Value| {
        wanted
            .as_str()
            .is_some_and(|wanted| wanted.to_lowercase() == text.to_lowercase())
    };
    match argument {
        Value::Array(values) => values.iter().any(same),
        other => same(other),
    }
}

/// `*` matches any run of characters; `\*` is a literal star and `\\` a backslash.
fn wildcard(argument: &Value, value: &Value) -> bool {
    let (Some(pattern), Some(text)) = (argument.as_str(), value.as_str()) else {
        return false;
    };
    let mut expression = String::from("^(?s:");
    let mut characters = pattern.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\\' if matches!(characters.peek(), Some('*' | '\\')) => {
                if let Some(escaped) = characters.next() {
                    expression.push_str(&regex_lite::escape(&escaped.to_string()));
                }
            }
            '*' => expression.push_str(".*"),
            other => expression.push_str(&regex_lite::escape(&other.to_string())),
        }
    }
    expression.push_str(")$");
    regex_lite::Regex::new(&expression).is_ok_and(|regex| regex.is_match(text))
}

fn numeric(argument: &Value, value: &Value) -> bool {
    let (Some(terms), Some(number)) = (argument.as_array(), value.as_f64()) else {
        return false;
    };
    terms.chunks(2).all(|pair| {
        let (Some(operator), Some(bound)) = (
            pair.first().and_then(Value::as_str),
            pair.get(1).and_then(Value::as_f64),
        ) else {
            return false;
        };
        match operator {
            "<" => number < bound,
            "<=" => number <= bound,
            "=" => number == bound,
            ">=" => number >= bound,
            ">" => number > bound,
            _ => false,
        }
    })
}

fn anything_but(argument: &Value, value: &Value) -> bool {
    match argument {
        Value::Array(values) => !values.iter().any(|excluded| equal(excluded, value)),
        Value::Object(inner) => inner.iter().next().is_some_and(|(name, inner_argument)| {
            value.is_string() && !compare(name, inner_argument, value)
        }),
        excluded => !equal(excluded, value),
    }
}

/// An IP network written `address/prefix-length`.
struct Cidr {
    network: IpAddr,
    length: u32,
}

impl Cidr {
    fn parse(text: &str) -> Option<Cidr> {
        let (address, length) = text.split_once('/')?;
        let network: IpAddr = address.parse().ok()?;
        let length: u32 = length.parse().ok()?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        (length <= bits).then_some(Cidr { network, length })
    }

    fn contains(&self, address: IpAddr) -> bool {
        let mask = |bits: u32| {
            if self.length == 0 {
                0
            } else {
                u128::MAX << (bits - self.length)
            }
        };
        match (self.network, address) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = mask(32);
                u128::from(u32::from(network)) & mask == u128::from(u32::from(address)) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = mask(128);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

fn cidr(argument: &Value, value: &Value) -> bool {
    let (Some(network), Some(address)) = (
        argument.as_str().and_then(Cidr::parse),
        value.as_str().and_then(|text| text.parse::<IpAddr>().ok()),
    ) else {
        return false;
    };
    network.contains(address)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event() -> Value {
        json!({
            "version": "0",
            "id": "1",
            "detail-type": "Order Placed",
            "source": "com.shop.orders",
            "account": "123456789012",
            "region": "us-east-1",
            "resources": ["arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-b"],
            "detail": {
                "state": "running",
                "price": 42.5,
                "count": 3,
                "tags": ["red", "blue"],
                "customer": {"tier": "Gold", "email": "ann@example.com"},
                "ip": "10.0.1.17",
                "ip6": "2001:db8::1",
                "empty": null,
                "flag": true,
                "lines": [{"sku": "a-1"}, {"sku": "b-2"}],
                "file": "photos/2024/cat.jpg"
            }
        })
    }

    fn matches(pattern: Value) -> bool {
        EventPattern::parse(&pattern.to_string())
            .unwrap()
            .matches(&event())
    }

    fn reason(pattern: &str) -> String {
        EventPattern::parse(pattern).unwrap_err()
    }

    #[test]
    fn exact_values_and_arrays_as_any_of() {
        assert!(matches(json!({"source": ["com.shop.orders"]})));
        assert!(matches(json!({"source": ["other", "com.shop.orders"]})));
        assert!(!matches(json!({"source": ["other"]})));
        assert!(matches(json!({"detail": {"count": [3]}})));
        assert!(matches(json!({"detail": {"count": [3.0]}})));
        assert!(matches(json!({"detail": {"flag": [true]}})));
        assert!(matches(json!({"detail": {"empty": [null]}})));
        assert!(!matches(json!({"detail": {"missing": [null]}})));
        // An event array matches when one of its elements does.
        assert!(matches(json!({"detail": {"tags": ["blue"]}})));
        assert!(matches(json!({"resources": ["arn:aws:s3:::bucket-b"]})));
        assert!(!matches(json!({"detail": {"tags": ["green"]}})));
        // Every member must match.
        assert!(!matches(
            json!({"source": ["com.shop.orders"], "detail-type": ["Other"]})
        ));
        assert!(matches(json!({})));
    }

    #[test]
    fn nested_fields_and_arrays_of_objects() {
        assert!(matches(json!({"detail": {"customer": {"tier": ["Gold"]}}})));
        assert!(!matches(
            json!({"detail": {"customer": {"tier": ["Silver"]}}})
        ));
        assert!(matches(json!({"detail": {"lines": {"sku": ["b-2"]}}})));
        assert!(!matches(json!({"detail": {"nothing": {"sku": ["b-2"]}}})));
    }

    #[test]
    fn prefix_suffix_and_ignoring_case() {
        assert!(matches(json!({"source": [{"prefix": "com.shop"}]})));
        assert!(!matches(json!({"source": [{"prefix": "org."}]})));
        assert!(matches(json!({"detail": {"file": [{"suffix": ".jpg"}]}})));
        assert!(matches(
            json!({"source": [{"prefix": {"equals-ignore-case": "COM.SHOP"}}]})
        ));
        assert!(matches(
            json!({"detail": {"file": [{"suffix": {"equals-ignore-case": ".JPG"}}]}})
        ));
        assert!(matches(
            json!({"detail-type": [{"equals-ignore-case": "order placed"}]})
        ));
        assert!(!matches(json!({"detail": {"count": [{"prefix": "3"}]}})));
    }

    #[test]
    fn anything_but_values_prefixes_and_suffixes() {
        assert!(matches(
            json!({"detail": {"state": [{"anything-but": "stopped"}]}})
        ));
        assert!(!matches(
            json!({"detail": {"state": [{"anything-but": "running"}]}})
        ));
        assert!(!matches(
            json!({"detail": {"state": [{"anything-but": ["stopped", "running"]}]}})
        ));
        assert!(matches(
            json!({"detail": {"count": [{"anything-but": [1, 2]}]}})
        ));
        assert!(!matches(
            json!({"detail": {"count": [{"anything-but": 3}]}})
        ));
        assert!(matches(
            json!({"detail": {"state": [{"anything-but": {"prefix": "stop"}}]}})
        ));
        assert!(!matches(
            json!({"detail": {"state": [{"anything-but": {"prefix": "run"}}]}})
        ));
        assert!(!matches(
            json!({"detail": {"file": [{"anything-but": {"suffix": ".jpg"}}]}})
        ));
        assert!(!matches(
            json!({"detail": {"state": [{"anything-but": {"equals-ignore-case": ["RUNNING"]}}]}})
        ));
        // A missing field is not "anything but".
        assert!(!matches(
            json!({"detail": {"missing": [{"anything-but": "x"}]}})
        ));
    }

    #[test]
    fn numeric_ranges() {
        assert!(matches(
            json!({"detail": {"price": [{"numeric": [">", 40]}]}})
        ));
        assert!(matches(
            json!({"detail": {"price": [{"numeric": [">=", 42.5, "<", 50]}]}})
        ));
        assert!(!matches(
            json!({"detail": {"price": [{"numeric": [">", 0, "<=", 5]}]}})
        ));
        assert!(matches(
            json!({"detail": {"count": [{"numeric": ["=", 3]}]}})
        ));
        assert!(!matches(
            json!({"detail": {"state": [{"numeric": [">", 0]}]}})
        ));
    }

    #[test]
    fn exists_and_wildcards() {
        assert!(matches(json!({"detail": {"state": [{"exists": true}]}})));
        assert!(!matches(json!({"detail": {"missing": [{"exists": true}]}})));
        assert!(matches(json!({"detail": {"missing": [{"exists": false}]}})));
        assert!(!matches(json!({"detail": {"state": [{"exists": false}]}})));
        assert!(matches(
            json!({"detail": {"nothing": {"deeper": [{"exists": false}]}}})
        ));
        assert!(matches(
            json!({"detail": {"file": [{"wildcard": "photos/*/*.jpg"}]}})
        ));
        assert!(!matches(
            json!({"detail": {"file": [{"wildcard": "photos/*.png"}]}})
        ));
        assert!(matches(json!({"source": [{"wildcard": "com.*.orders"}]})));
        let literal_star = json!({"detail": {"file": [{"wildcard": "photos\\*"}]}});
        assert!(!matches(literal_star));
    }

    #[test]
    fn cidr_blocks() {
        assert!(matches(
            json!({"detail": {"ip": [{"cidr": "10.0.0.0/16"}]}})
        ));
        assert!(!matches(
            json!({"detail": {"ip": [{"cidr": "10.1.0.0/16"}]}})
        ));
        assert!(matches(
            json!({"detail": {"ip6": [{"cidr": "2001:db8::/32"}]}})
        ));
        assert!(matches(json!({"detail": {"ip": [{"cidr": "0.0.0.0/0"}]}})));
    }

    #[test]
    fn or_takes_any_of_its_patterns() {
        assert!(matches(json!({"detail": {"$or": [
            {"state": ["stopped"]},
            {"count": [{"numeric": [">", 2]}]}
        ]}})));
        assert!(!matches(json!({"$or": [
            {"source": ["a"]},
            {"detail-type": ["b"]}
        ]})));
    }

    #[test]
    fn malformed_patterns_are_refused_with_aws_reasons() {
        assert_eq!(reason("{"), "Invalid JSON");
        assert_eq!(reason("[1]"), "Filter is not an object");
        assert_eq!(
            reason(r#"{"source": "a"}"#),
            "'source' must be an object or an array"
        );
        assert_eq!(reason(r#"{"source": []}"#), "Empty arrays are not allowed");
        assert_eq!(
            reason(r#"{"source": [{"foo": "a"}]}"#),
            "Unrecognized match type foo"
        );
        assert_eq!(
            reason(r#"{"source": [{"prefix": 1}]}"#),
            "prefix match pattern must be a string"
        );
        assert_eq!(
            reason(r#"{"n": [{"numeric": [">", "a"]}]}"#),
            "Value of > must be numeric"
        );
        assert_eq!(
            reason(r#"{"n": [{"exists": "yes"}]}"#),
            "exists match pattern must be either true or false."
        );
        assert_eq!(
            reason(r#"{"n": [{"anything-but": ["a", 1]}]}"#),
            "Inside anything but list, mixed types are not allowed"
        );
        assert_eq!(
            reason(r#"{"ip": [{"cidr": "10.0.0.0"}]}"#),
            "Malformed CIDR, one '/' required"
        );
        assert_eq!(
            reason(r#"{"$or": [{"a": ["b"]}]}"#),
            "Or relationship must be an array of at least two patterns"
        );
        assert_eq!(
            reason(r#"{"a": [{"prefix": "a", "suffix": "b"}]}"#),
            "Only one key allowed in match expression"
        );
    }
}
