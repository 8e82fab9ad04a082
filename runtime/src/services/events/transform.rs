//! What a target receives: the whole event, a constant `Input`, the part an `InputPath`
//! selects, or an `InputTransformer`'s template filled from the event.
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html>
//!
//! Templates follow AWS's quoting rules: in a JSON template a `<var>` outside quotes
//! becomes the value's JSON (a string keeps its quotes), and inside quotes its text
//! (a string without quotes, anything else as JSON); a template that is not JSON (a
//! quoted sentence) gets each value's text. A path that selects nothing gives `null`
//! outside quotes and nothing inside them.

use serde_json::{Map, Value};

/// The variables every template may use without declaring them.
const RULE_NAME: &str = "aws.events.rule-name";
const RULE_ARN: &str = "aws.events.rule-arn";
const EVENT: &str = "aws.events.event";
const EVENT_JSON: &str = "aws.events.event.json";
const INGESTION_TIME: &str = "aws.events.event.ingestion-time";

/// The rule an event matched, for the predefined variables.
pub(super) struct RuleNames<'a> {
    pub(super) name: &'a str,
    pub(super) arn: &'a str,
}

/// The value the JSONPath `path` (`$`, `$.detail.state`, `$.resources[0]`) selects
/// in `event`; `None` when it selects nothing or is not a path.
pub(super) fn select<'a>(event: &'a Value, path: &str) -> Option<&'a Value> {
    let mut rest = path.strip_prefix('$')?;
    let mut node = event;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let (key, tail) = after.split_at(end);
            node = node.get(key)?;
            rest = tail;
        } else if let Some(after) = rest.strip_prefix('[') {
            let (inside, tail) = after.split_once(']')?;
            let quoted = inside
                .strip_prefix('\'')
                .and_then(|key| key.strip_suffix('\''))
                .or_else(|| {
                    inside
                        .strip_prefix('"')
                        .and_then(|key| key.strip_suffix('"'))
                });
            node = match quoted {
                Some(key) => node.get(key)?,
                None => node.get(inside.parse::<usize>().ok()?)?,
            };
            rest = tail;
        } else {
            return None;
        }
    }
    Some(node)
}

/// Whether `path` is a JSONPath [`select`] reads.
pub(super) fn is_path(path: &str) -> bool {
    path == "$" || path.starts_with("$.") || path.starts_with("$[")
}

/// The text of `value` inside a string: a string as it is, anything else as JSON.
fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// `template` with every `<var>` of `values` replaced, by AWS's quoting rules.
pub(super) fn fill(template: &str, values: &Map<String, Value>, json: bool) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = template;
    while let Some(character) = rest.chars().next() {
        if character == '<'
            && let Some(end) = rest.find('>')
            && let Some(name) = rest.get(1..end)
            && is_variable(name)
        {
            let value = values.get(name);
            if json && !in_string {
                out.push_str(&value.map_or_else(|| "null".to_owned(), Value::to_string));
            } else if json {
                // Inside a JSON string the text must stay a valid string body.
                let quoted = Value::String(text_of(value)).to_string();
                out.push_str(
                    quoted
                        .get(1..quoted.len().saturating_sub(1))
                        .unwrap_or_default(),
                );
            } else {
                out.push_str(&text_of(value));
            }
            rest = rest.get(end + 1..).unwrap_or_default();
            continue;
        }
        if escaped {
            escaped = false;
        } else if character == '\\' {
            escaped = true;
        } else if character == '"' {
            in_string = !in_string;
        }
        out.push(character);
        rest = rest.get(character.len_utf8()..).unwrap_or_default();
    }
    out
}

/// Names an InputPathsMap may declare (and the predefined ones).
fn is_variable(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || "_-.".contains(character))
}

/// Whether `template` is meant as JSON: an object or array once its variables are
/// stood in for by `null`. Anything else (a quoted sentence) is a string template.
pub(super) fn is_json_template(template: &str) -> bool {
    let trimmed = template.trim_start();
    (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_str::<Value>(&fill(template, &Map::new(), true)).is_ok()
}

/// What the target gets from an InputTransformer.
pub(super) fn transform(
    paths: &Map<String, Value>,
    template: &str,
    event: &Value,
    rule: &RuleNames<'_>,
    ingestion_time: &str,
) -> String {
    let mut values: Map<String, Value> = paths
        .iter()
        .filter_map(|(name, path)| {
            let selected = select(event, path.as_str()?)?;
            Some((name.clone(), selected.clone()))
        })
        .collect();
    values.insert(RULE_NAME.to_owned(), Value::String(rule.name.to_owned()));
    values.insert(RULE_ARN.to_owned(), Value::String(rule.arn.to_owned()));
    values.insert(EVENT.to_owned(), event.clone());
    values.insert(EVENT_JSON.to_owned(), event.clone());
    values.insert(
        INGESTION_TIME.to_owned(),
        Value::String(ingestion_time.to_owned()),
    );
    fill(template, &values, is_json_template(template))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event() -> Value {
        json!({
            "id": "e-1",
            "source": "shop",
            "resources": ["arn:1"],
            "detail": {"state": "running", "count": 3, "item": {"sku": "a"}, "name": "say \"hi\""}
        })
    }

    fn run(paths: Value, template: &str) -> String {
        let Value::Object(paths) = paths else {
            unreachable!()
        };
        let rule = RuleNames {
            name: "r",
            arn: "arn:aws:events:us-east-1:123456789012:rule/r",
        };
        transform(&paths, template, &event(), &rule, "2024-01-01T00:00:00Z")
    }

    #[test]
    fn paths_select_members_and_elements() {
        let event = event();
        assert_eq!(select(&event, "$.detail.state"), Some(&json!("running")));
        assert_eq!(select(&event, "$.resources[0]"), Some(&json!("arn:1")));
        assert_eq!(select(&event, "$.detail['item'].sku"), Some(&json!("a")));
        assert_eq!(select(&event, "$"), Some(&event));
        assert_eq!(select(&event, "$.detail.nothing"), None);
        assert_eq!(select(&event, "detail"), None);
    }

    #[test]
    fn json_templates_quote_by_position() {
        let paths =
            json!({"state": "$.detail.state", "count": "$.detail.count", "item": "$.detail.item"});
        assert_eq!(
            run(
                paths.clone(),
                r#"{"s": <state>, "quoted": "<state>", "n": <count>, "i": <item>, "in": "n=<count>"}"#
            ),
            r#"{"s": "running", "quoted": "running", "n": 3, "i": {"sku":"a"}, "in": "n=3"}"#
        );
        assert_eq!(run(paths, r#"{"missing": <nope>}"#), r#"{"missing": null}"#);
    }

    #[test]
    fn quotes_inside_values_stay_escaped_in_json_strings() {
        let out = run(json!({"name": "$.detail.name"}), r#"{"n": "<name>"}"#);
        assert_eq!(out, r#"{"n": "say \"hi\""}"#);
        assert!(serde_json::from_str::<Value>(&out).is_ok());
    }

    #[test]
    fn string_templates_get_the_values_text() {
        assert_eq!(
            run(
                json!({"state": "$.detail.state", "count": "$.detail.count"}),
                r#""the order is <state> with <count> items""#
            ),
            r#""the order is running with 3 items""#
        );
    }

    #[test]
    fn predefined_variables_name_the_rule_and_the_event() {
        let out = run(
            json!({}),
            r#"{"rule": <aws.events.rule-name>, "event": <aws.events.event>}"#,
        );
        let parsed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed["rule"], "r");
        assert_eq!(parsed["event"], event());
    }
}
