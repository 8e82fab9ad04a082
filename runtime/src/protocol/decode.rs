//! Requests into neutral JSON: the operation's input keyed by the model's member names,
//! whatever protocol carried it (see [`engine`](super::engine) for the neutral form).
//!
//! Every value is checked against its shape on the way in, so a handler never sees text
//! where the model says number: a mismatch is a [`DecodeError`], which the engine answers
//! as the protocol's serialization error.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde_json::{Map, Number, Value};

use super::model::{Kind, Location, Member, ServiceModel, Shape};
use super::query::decoded_pairs;
use super::xml_tree::Element;

/// A value that does not fit its shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DecodeError {
    /// What went wrong, in the words AWS uses (`STRING_VALUE can not be converted to an
    /// Integer`).
    pub message: String,
    /// Where: the member path (`Entries.1.DelaySeconds`).
    pub path: String,
}

impl DecodeError {
    fn new(path: &str, message: impl Into<String>) -> DecodeError {
        DecodeError {
            message: message.into(),
            path: path.to_owned(),
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The type name AWS's JSON deserializer uses in its messages.
fn type_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Structure | Kind::Union => "a Structure",
        Kind::List => "a List",
        Kind::Map => "a Map",
        Kind::String => "a String",
        Kind::Integer => "an Integer",
        Kind::Long => "a Long",
        Kind::Float => "a Float",
        Kind::Double => "a Double",
        Kind::Boolean => "a Boolean",
        Kind::Blob => "a Blob",
        Kind::Timestamp => "a Timestamp",
    }
}

/// The JSON token AWS's JSON deserializer names in its messages.
fn token_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "VALUE_NULL",
        Value::Bool(true) => "VALUE_TRUE",
        Value::Bool(false) => "VALUE_FALSE",
        Value::Number(number) if number.is_f64() => "VALUE_NUMBER_FLOAT",
        Value::Number(_) => "VALUE_NUMBER_INT",
        Value::String(_) => "STRING_VALUE",
        Value::Array(_) => "START_ARRAY",
        Value::Object(_) => "START_OBJECT",
    }
}

// ---------------------------------------------------------------------------
// JSON documents (awsJson bodies, restJson1 bodies).

/// Which name a member has in a JSON document: awsJson uses member names, restJson1 the
/// location name where the model gives one (a JSON model merged with query names, as
/// SQS's, must not use those).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonNames {
    /// awsJson 1.0 and 1.1.
    Member,
    /// restJson1.
    Location,
}

impl JsonNames {
    /// The key `member` has.
    pub fn of(self, member: &Member) -> &'static str {
        match self {
            JsonNames::Member => member.name,
            JsonNames::Location => member.wire_name(),
        }
    }
}

/// A JSON document's value as `shape`, keyed by member names.
pub fn from_json(
    model: &ServiceModel,
    shape: &Shape,
    value: &Value,
    path: &str,
    names: JsonNames,
) -> Result<Value, DecodeError> {
    let mismatch = || {
        DecodeError::new(
            path,
            format!(
                "{} can not be converted to {}",
                token_name(value),
                type_name(shape.kind)
            ),
        )
    };
    match shape.kind {
        Kind::Structure | Kind::Union => {
            let Value::Object(object) = value else {
                return Err(mismatch());
            };
            let mut out = Map::new();
            for member in shape.members {
                if member.location != Location::Body {
                    continue;
                }
                match object.get(names.of(member)) {
                    None | Some(Value::Null) => {}
                    Some(item) => {
                        let decoded = from_json(
                            model,
                            model.shape(member.shape),
                            item,
                            &join(path, member.name),
                            names,
                        )?;
                        out.insert(member.name.to_owned(), decoded);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        Kind::List => {
            let Value::Array(items) = value else {
                return Err(mismatch());
            };
            let element = element_shape(model, shape);
            items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    if item.is_null() {
                        return Ok(Value::Null);
                    }
                    from_json(
                        model,
                        element,
                        item,
                        &join(path, &(index + 1).to_string()),
                        names,
                    )
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Kind::Map => {
            let Value::Object(entries) = value else {
                return Err(mismatch());
            };
            let value_shape = map_value_shape(model, shape);
            let mut out = Map::new();
            for (key, item) in entries {
                if item.is_null() {
                    continue;
                }
                out.insert(
                    key.clone(),
                    from_json(model, value_shape, item, &join(path, key), names)?,
                );
            }
            Ok(Value::Object(out))
        }
        Kind::String => match value {
            Value::String(_) => Ok(value.clone()),
            _ => Err(mismatch()),
        },
        Kind::Blob => match value {
            Value::String(text) => check_base64(text, path).map(|()| value.clone()),
            _ => Err(mismatch()),
        },
        Kind::Boolean => match value {
            Value::Bool(_) => Ok(value.clone()),
            _ => Err(mismatch()),
        },
        Kind::Integer | Kind::Long => match value {
            Value::Number(number) if number.is_i64() || number.is_u64() => {
                integer_in_range(shape.kind, number, path).map(|()| value.clone())
            }
            _ => Err(mismatch()),
        },
        Kind::Float | Kind::Double => match value {
            Value::Number(_) => Ok(value.clone()),
            // JSON has no literal for these; AWS sends them as strings.
            Value::String(text) if matches!(text.as_str(), "NaN" | "Infinity" | "-Infinity") => {
                Ok(value.clone())
            }
            _ => Err(mismatch()),
        },
        Kind::Timestamp => match value {
            Value::Number(_) => Ok(value.clone()),
            Value::String(text) => parse_timestamp(text)
                .map(seconds_value)
                .ok_or_else(mismatch),
            _ => Err(mismatch()),
        },
    }
}

fn integer_in_range(kind: Kind, number: &Number, path: &str) -> Result<(), DecodeError> {
    let fits = match kind {
        Kind::Integer => number.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        _ => number.as_i64().is_some(),
    };
    if fits {
        Ok(())
    } else {
        Err(DecodeError::new(
            path,
            format!(
                "Numeric value ({number}) out of range of {}",
                type_name(kind)
            ),
        ))
    }
}

fn check_base64(text: &str, path: &str) -> Result<(), DecodeError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map(|_| ())
        .map_err(|_| DecodeError::new(path, "Base64 encoded value is not valid base64"))
}

fn element_shape<'m>(model: &'m ServiceModel, list: &Shape) -> &'m Shape {
    list.members
        .first()
        .map_or(&model.shapes[0], |member| model.shape(member.shape))
}

fn map_value_shape<'m>(model: &'m ServiceModel, map: &Shape) -> &'m Shape {
    map.members
        .get(1)
        .map_or(&model.shapes[0], |member| model.shape(member.shape))
}

// ---------------------------------------------------------------------------
// Scalars written as text (query parameters, headers, URI labels, XML text).

/// `text` as a value of the scalar `shape`.
pub fn scalar_from_text(shape: &Shape, text: &str, path: &str) -> Result<Value, DecodeError> {
    let invalid = || {
        DecodeError::new(
            path,
            format!(
                "Value ({text}) for parameter {path} is invalid. Expected {}.",
                {
                    type_name(shape.kind)
                        .trim_start_matches("an ")
                        .trim_start_matches("a ")
                }
            ),
        )
    };
    match shape.kind {
        Kind::String => Ok(Value::String(text.to_owned())),
        Kind::Blob => check_base64(text, path).map(|()| Value::String(text.to_owned())),
        Kind::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(invalid()),
        },
        Kind::Integer => text
            .trim()
            .parse::<i32>()
            .map(Value::from)
            .map_err(|_| invalid()),
        Kind::Long => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| invalid()),
        Kind::Float | Kind::Double => match text.trim() {
            special @ ("NaN" | "Infinity" | "-Infinity") => Ok(Value::String(special.to_owned())),
            number => number
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(invalid),
        },
        Kind::Timestamp => parse_timestamp(text).map(seconds_value).ok_or_else(invalid),
        Kind::Structure | Kind::Union | Kind::List | Kind::Map => Err(invalid()),
    }
}

/// Seconds since the epoch as a JSON number: whole seconds as an integer.
pub fn seconds_value(seconds: f64) -> Value {
    if seconds.fract() == 0.0 && seconds.abs() < 9.0e15 {
        Value::from(seconds as i64)
    } else {
        Number::from_f64(seconds).map_or(Value::Null, Value::Number)
    }
}

/// A timestamp in any of the forms AWS accepts: ISO 8601, an HTTP date, or seconds since
/// the epoch.
pub fn parse_timestamp(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds.is_finite().then_some(seconds);
    }
    let parsed = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .or_else(|_| {
            time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc2822)
        })
        .ok()
        .or_else(|| {
            // HTTP dates name the zone GMT, which RFC 2822 parsing does not accept.
            let numeric = text.strip_suffix(" GMT")?;
            time::OffsetDateTime::parse(
                &format!("{numeric} +0000"),
                &time::format_description::well_known::Rfc2822,
            )
            .ok()
        })
        .or_else(|| {
            // ISO 8601 without a zone is UTC.
            time::PrimitiveDateTime::parse(
                text,
                &time::format_description::well_known::Iso8601::DEFAULT,
            )
            .ok()
            .map(time::PrimitiveDateTime::assume_utc)
        })?;
    Some(parsed.unix_timestamp_nanos() as f64 / 1e9)
}

/// The instant a neutral timestamp stands for.
pub fn instant_of(value: &Value) -> Option<SystemTime> {
    let seconds = match value {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => parse_timestamp(text)?,
        _ => return None,
    };
    if seconds >= 0.0 {
        Some(UNIX_EPOCH + Duration::from_secs_f64(seconds))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs_f64(-seconds))
    }
}

// ---------------------------------------------------------------------------
// Query parameters (awsQuery and ec2Query).

/// The parameters of a query-protocol request, ready to be read by shape.
#[derive(Debug)]
pub struct QueryInput {
    params: BTreeMap<String, String>,
    ec2: bool,
}

impl QueryInput {
    /// Parameters from a query string and a form body (the first value of a name wins),
    /// read with EC2's naming rules when `ec2`.
    pub fn new(query: &str, form: &str, ec2: bool) -> QueryInput {
        let mut params = BTreeMap::new();
        for (name, value) in decoded_pairs(query).chain(decoded_pairs(form)) {
            params.entry(name).or_insert(value);
        }
        QueryInput { params, ec2 }
    }

    /// The input structure `shape`.
    pub fn decode(&self, model: &ServiceModel, shape: &Shape) -> Result<Value, DecodeError> {
        // One key buffer for the whole walk: each level appends its segment and cuts it
        // off again, so reading a large input allocates no keys.
        let mut key = String::new();
        Ok(self
            .structure(model, shape, &mut key)?
            .unwrap_or_else(|| Value::Object(Map::new())))
    }

    /// The key a member travels under: EC2's query name, else the location name.
    fn member_name(&self, member: &Member) -> &'static str {
        if self.ec2 {
            member.query_name.unwrap_or(member.name)
        } else {
            member.wire_name()
        }
    }

    /// Whether any parameter is `key` or starts with `key.`.
    fn present(&self, key: &mut String) -> bool {
        if self.params.contains_key(key.as_str()) {
            return true;
        }
        key.push('.');
        let found = self
            .params
            .range::<str, _>((
                std::ops::Bound::Included(key.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .next()
            .is_some_and(|(name, _)| name.starts_with(key.as_str()));
        key.pop();
        found
    }

    /// The numeric indexes used under `key.` (`key.1`, `key.2.Key`), in order.
    fn indexes(&self, key: &mut String) -> Vec<u32> {
        key.push('.');
        let mut indexes: Vec<u32> = self
            .params
            .range::<str, _>((
                std::ops::Bound::Included(key.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(name, _)| name.starts_with(key.as_str()))
            .filter_map(|(name, _)| name[key.len()..].split('.').next()?.parse().ok())
            .collect();
        key.pop();
        indexes.sort_unstable();
        indexes.dedup();
        indexes
    }

    fn structure(
        &self,
        model: &ServiceModel,
        shape: &Shape,
        key: &mut String,
    ) -> Result<Option<Value>, DecodeError> {
        let top = key.is_empty();
        let mut out = Map::new();
        for member in shape.members {
            let length = key.len();
            if !top {
                key.push('.');
            }
            key.push_str(self.member_name(member));
            let value = self.value(model, member, key);
            key.truncate(length);
            if let Some(value) = value? {
                out.insert(member.name.to_owned(), value);
            }
        }
        Ok((!out.is_empty() || top).then_some(Value::Object(out)))
    }

    fn value(
        &self,
        model: &ServiceModel,
        member: &Member,
        key: &mut String,
    ) -> Result<Option<Value>, DecodeError> {
        let shape = model.shape(member.shape);
        match shape.kind {
            Kind::Structure | Kind::Union => {
                if !self.present(key) {
                    return Ok(None);
                }
                self.structure(model, shape, key)
            }
            Kind::List => self.list(model, member, shape, key),
            Kind::Map => self.map(model, member, shape, key),
            _ => self
                .params
                .get(key.as_str())
                .map(|text| scalar_from_text(shape, text, key))
                .transpose(),
        }
    }

    fn list(
        &self,
        model: &ServiceModel,
        member: &Member,
        shape: &Shape,
        key: &mut String,
    ) -> Result<Option<Value>, DecodeError> {
        let Some(element) = shape.members.first() else {
            return Ok(None);
        };
        // An empty list is sent as the bare name with no value.
        if self.params.get(key.as_str()).is_some_and(String::is_empty) {
            return Ok(Some(Value::Array(Vec::new())));
        }
        let length = key.len();
        // A flattened list's items take the element's name in place of the member's (the
        // rare case that needs the key put back afterwards).
        let mut saved = None;
        if self.ec2 {
            // EC2 lists are always `Name.N`.
        } else if member.flattened || shape.flattened {
            if let Some(name) = element.location_name {
                saved = Some(key.clone());
                let parent = key.rfind('.').map_or(0, |dot| dot + 1);
                key.truncate(parent);
                key.push_str(name);
            }
        } else {
            key.push('.');
            key.push_str(element.location_name.unwrap_or("member"));
        }
        let indexes = self.indexes(key);
        let mut items = Vec::with_capacity(indexes.len());
        let mut outcome = Ok(());
        for index in &indexes {
            let item_length = key.len();
            key.push('.');
            key.push_str(&index.to_string());
            let item = self.value(model, element, key);
            key.truncate(item_length);
            match item {
                Ok(Some(item)) => items.push(item),
                Ok(None) => {}
                Err(error) => {
                    outcome = Err(error);
                    break;
                }
            }
        }
        match saved {
            Some(original) => *key = original,
            None => key.truncate(length),
        }
        outcome?;
        Ok((!indexes.is_empty()).then_some(Value::Array(items)))
    }

    fn map(
        &self,
        model: &ServiceModel,
        member: &Member,
        shape: &Shape,
        key: &mut String,
    ) -> Result<Option<Value>, DecodeError> {
        let [key_member, value_member] = shape.members else {
            return Ok(None);
        };
        let length = key.len();
        if !(member.flattened || shape.flattened) {
            key.push_str(".entry");
        }
        let key_name = key_member.location_name.unwrap_or("key");
        let value_name = value_member.location_name.unwrap_or("value");
        let indexes = self.indexes(key);
        let mut out = Map::new();
        let mut outcome = Ok(());
        for index in &indexes {
            let entry_length = key.len();
            key.push('.');
            key.push_str(&index.to_string());
            key.push('.');
            let parts_length = key.len();
            key.push_str(key_name);
            let name = self.params.get(key.as_str()).cloned();
            key.truncate(parts_length);
            key.push_str(value_name);
            let value = name.map(|name| (name, self.value(model, value_member, key)));
            key.truncate(entry_length);
            match value {
                Some((name, Ok(value))) => {
                    out.insert(name, value.unwrap_or(Value::Null));
                }
                Some((_, Err(error))) => {
                    outcome = Err(error);
                    break;
                }
                None => {}
            }
        }
        key.truncate(length);
        outcome?;
        Ok((!indexes.is_empty()).then_some(Value::Object(out)))
    }
}

// ---------------------------------------------------------------------------
// XML documents (restXml bodies).

/// An XML element as `shape`.
pub fn from_xml(
    model: &ServiceModel,
    shape: &Shape,
    element: &Element,
    path: &str,
) -> Result<Value, DecodeError> {
    match shape.kind {
        Kind::Structure | Kind::Union => {
            let mut out = Map::new();
            for member in shape.members {
                if member.location != Location::Body {
                    continue;
                }
                let member_shape = model.shape(member.shape);
                let member_path = join(path, member.name);
                if member.xml_attribute {
                    if let Some(text) = element.attribute(member.wire_name()) {
                        out.insert(
                            member.name.to_owned(),
                            scalar_from_text(member_shape, text, &member_path)?,
                        );
                    }
                    continue;
                }
                let flattened = member.flattened || member_shape.flattened;
                let value = match member_shape.kind {
                    Kind::List if flattened => {
                        let name = member_shape
                            .members
                            .first()
                            .and_then(|element| element.location_name)
                            .unwrap_or(member.wire_name());
                        let items: Vec<&Element> = element.children_named(name).collect();
                        if items.is_empty() {
                            None
                        } else {
                            Some(list_items(model, member_shape, &items, &member_path)?)
                        }
                    }
                    Kind::Map if flattened => {
                        let entries: Vec<&Element> =
                            element.children_named(member.wire_name()).collect();
                        if entries.is_empty() {
                            None
                        } else {
                            Some(map_entries(model, member_shape, &entries, &member_path)?)
                        }
                    }
                    _ => element
                        .child(member.wire_name())
                        .map(|child| from_xml(model, member_shape, child, &member_path))
                        .transpose()?,
                };
                if let Some(value) = value {
                    out.insert(member.name.to_owned(), value);
                }
            }
            Ok(Value::Object(out))
        }
        Kind::List => {
            let items: Vec<&Element> = element.children.iter().collect();
            list_items(model, shape, &items, path)
        }
        Kind::Map => {
            let entries: Vec<&Element> = element.children.iter().collect();
            map_entries(model, shape, &entries, path)
        }
        _ => scalar_from_text(shape, &element.text, path),
    }
}

fn list_items(
    model: &ServiceModel,
    list: &Shape,
    items: &[&Element],
    path: &str,
) -> Result<Value, DecodeError> {
    let element = element_shape(model, list);
    items
        .iter()
        .enumerate()
        .map(|(index, item)| from_xml(model, element, item, &join(path, &(index + 1).to_string())))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn map_entries(
    model: &ServiceModel,
    map: &Shape,
    entries: &[&Element],
    path: &str,
) -> Result<Value, DecodeError> {
    let [key_member, value_member] = map.members else {
        return Ok(Value::Object(Map::new()));
    };
    let value_shape = model.shape(value_member.shape);
    let mut out = Map::new();
    for entry in entries {
        let Some(key) = entry.child(key_member.location_name.unwrap_or("key")) else {
            continue;
        };
        if let Some(value) = entry.child(value_member.location_name.unwrap_or("value")) {
            out.insert(
                key.text.clone(),
                from_xml(model, value_shape, value, &join(path, &key.text))?,
            );
        }
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models;
    use serde_json::json;

    fn shape(model: &ServiceModel, name: &str) -> &'static Shape {
        model.shape_named(name).unwrap()
    }

    #[test]
    fn json_is_checked_against_the_model() {
        let model = &models::sqs::MODEL;
        let input = shape(model, "SendMessageRequest");
        let decoded = from_json(
            model,
            input,
            &json!({"QueueUrl": "u", "MessageBody": "b", "DelaySeconds": 5, "Unknown": 1}),
            "",
            JsonNames::Member,
        )
        .unwrap();
        assert_eq!(
            decoded,
            json!({"QueueUrl": "u", "MessageBody": "b", "DelaySeconds": 5})
        );
        let error = from_json(
            model,
            input,
            &json!({"QueueUrl": "u", "DelaySeconds": "5"}),
            "",
            JsonNames::Member,
        )
        .unwrap_err();
        assert_eq!(
            error.message,
            "STRING_VALUE can not be converted to an Integer"
        );
        assert_eq!(error.path, "DelaySeconds");
        let error = from_json(
            model,
            input,
            &json!({"DelaySeconds": 1.5}),
            "",
            JsonNames::Member,
        )
        .unwrap_err();
        assert_eq!(
            error.message,
            "VALUE_NUMBER_FLOAT can not be converted to an Integer"
        );
        let error = from_json(
            model,
            input,
            &json!({"DelaySeconds": 3_000_000_000u64}),
            "",
            JsonNames::Member,
        )
        .unwrap_err();
        assert!(error.message.contains("out of range"), "{error}");
        assert!(from_json(model, input, &json!([]), "", JsonNames::Member).is_err());
        let created = from_json(
            model,
            model.shape_named("CreateQueueRequest").unwrap(),
            &json!({"QueueName": "q", "Attributes": {"FifoQueue": "true"}}),
            "",
            JsonNames::Member,
        )
        .unwrap();
        assert_eq!(
            created["Attributes"]["FifoQueue"], "true",
            "not its query name"
        );
    }

    #[test]
    fn query_parameters_follow_the_query_naming_rules() {
        let model = &models::sqs::MODEL;
        let input = QueryInput::new(
            "",
            "Action=SendMessageBatch&QueueUrl=u\
             &SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x\
             &SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=y\
             &SendMessageBatchRequestEntry.2.DelaySeconds=3\
             &SendMessageBatchRequestEntry.2.MessageAttribute.1.Name=k\
             &SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType=String\
             &SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue=v",
            false,
        );
        let decoded = input
            .decode(model, shape(model, "SendMessageBatchRequest"))
            .unwrap();
        assert_eq!(
            decoded,
            json!({"QueueUrl": "u", "Entries": [
                {"Id": "a", "MessageBody": "x"},
                {"Id": "b", "MessageBody": "y", "DelaySeconds": 3,
                 "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
            ]})
        );
        let created = QueryInput::new(
            "",
            "QueueName=q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=40&Tag.1.Key=t&Tag.1.Value=v",
            false,
        )
        .decode(model, shape(model, "CreateQueueRequest"))
        .unwrap();
        assert_eq!(
            created,
            json!({"QueueName": "q", "Attributes": {"VisibilityTimeout": "40"}, "tags": {"t": "v"}})
        );
        let bad = QueryInput::new("", "QueueUrl=u&MessageBody=b&DelaySeconds=soon", false)
            .decode(model, shape(model, "SendMessageRequest"))
            .unwrap_err();
        assert_eq!(bad.path, "DelaySeconds");
    }

    #[test]
    fn ec2_parameters_use_query_names_and_flat_lists() {
        let model = &models::ec2::MODEL;
        let input = QueryInput::new(
            "",
            "Action=DescribeInstances&InstanceId.1=i-1&InstanceId.2=i-2\
             &Filter.1.Name=tag%3Ateam&Filter.1.Value.1=a&Filter.1.Value.2=b&MaxResults=5&DryRun=true",
            true,
        )
        .decode(model, shape(model, "DescribeInstancesRequest"))
        .unwrap();
        assert_eq!(
            input,
            json!({"InstanceIds": ["i-1", "i-2"], "Filters": [{"Name": "tag:team", "Values": ["a", "b"]}],
                   "MaxResults": 5, "DryRun": true})
        );
    }

    #[test]
    fn timestamps_are_read_in_every_form() {
        assert_eq!(
            parse_timestamp("2024-01-01T00:00:00Z"),
            Some(1_704_067_200.0)
        );
        assert_eq!(
            parse_timestamp("2024-01-01T00:00:00.5Z"),
            Some(1_704_067_200.5)
        );
        assert_eq!(
            parse_timestamp("Mon, 01 Jan 2024 00:00:00 GMT"),
            Some(1_704_067_200.0)
        );
        assert_eq!(parse_timestamp("1704067200"), Some(1_704_067_200.0));
        assert_eq!(parse_timestamp("soon"), None);
        assert_eq!(seconds_value(1_704_067_200.0), json!(1_704_067_200));
        assert_eq!(seconds_value(1.5), json!(1.5));
    }
}
