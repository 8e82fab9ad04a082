//! Neutral JSON out to the wire: JSON documents (awsJson, restJson1 bodies), XML
//! documents (query, EC2 and REST-XML answers) and text (headers).
//!
//! Only the members the model has are written, in the model's order, each in its shape's
//! wire form: a handler cannot leak a stray field or write a timestamp the client cannot
//! read.

use serde_json::{Map, Value};

use super::decode::{JsonNames, instant_of, seconds_value};
use super::model::{Kind, Location, Member, ServiceModel, Shape, TimestampFormat};
use super::time::{http_date, iso8601_millis};
use super::xml::escape_into;

/// A timestamp as `format` writes it; `None` for a value that is no timestamp.
fn timestamp_text(value: &Value, format: TimestampFormat) -> Option<String> {
    let instant = instant_of(value)?;
    Some(match format {
        TimestampFormat::Iso8601 => iso8601_millis(instant),
        TimestampFormat::Rfc822 => http_date(instant),
        TimestampFormat::UnixTimestamp => {
            let seconds = super::time::epoch_seconds(instant);
            seconds_value(seconds).to_string()
        }
    })
}

/// A scalar as text (query and XML answers, headers), with timestamps in `default_format`
/// unless the shape names its own.
pub fn scalar_text(shape: &Shape, value: &Value, default_format: TimestampFormat) -> String {
    match (shape.kind, value) {
        (Kind::Timestamp, _) => {
            timestamp_text(value, shape.timestamp_format.unwrap_or(default_format))
                .unwrap_or_default()
        }
        (_, Value::String(text)) => text.clone(),
        (_, Value::Bool(flag)) => flag.to_string(),
        (Kind::Integer | Kind::Long, Value::Number(number)) => number
            .as_i64()
            .map_or_else(|| number.to_string(), |integer| integer.to_string()),
        (_, Value::Number(number)) => number.to_string(),
        (_, Value::Null) => String::new(),
        (_, other) => other.to_string(),
    }
}

// ---------------------------------------------------------------------------
// JSON.

/// `value` as `shape` in a JSON document: keys as `names` says, timestamps seconds since
/// the epoch unless the shape says otherwise.
pub fn to_json(model: &ServiceModel, shape: &Shape, value: &Value, names: JsonNames) -> Value {
    match (shape.kind, value) {
        (Kind::Structure | Kind::Union, Value::Object(object)) => {
            let mut out = Map::new();
            for member in shape.members {
                if member.location != Location::Body {
                    continue;
                }
                if let Some(item) = object.get(member.name).filter(|item| !item.is_null()) {
                    out.insert(
                        names.of(member).to_owned(),
                        to_json(model, model.shape(member.shape), item, names),
                    );
                }
            }
            Value::Object(out)
        }
        (Kind::List, Value::Array(items)) => {
            let element = shape
                .members
                .first()
                .map(|member| model.shape(member.shape));
            Value::Array(
                items
                    .iter()
                    .map(|item| {
                        element.map_or(Value::Null, |element| to_json(model, element, item, names))
                    })
                    .collect(),
            )
        }
        (Kind::Map, Value::Object(entries)) => {
            let value_shape = shape.members.get(1).map(|member| model.shape(member.shape));
            Value::Object(
                entries
                    .iter()
                    .map(|(key, item)| {
                        let item = value_shape.map_or(Value::Null, |value_shape| {
                            to_json(model, value_shape, item, names)
                        });
                        (key.clone(), item)
                    })
                    .collect(),
            )
        }
        (Kind::Timestamp, _) => match shape.timestamp_format {
            Some(format @ (TimestampFormat::Iso8601 | TimestampFormat::Rfc822)) => {
                timestamp_text(value, format).map_or(Value::Null, Value::String)
            }
            _ => instant_of(value).map_or(Value::Null, |instant| {
                seconds_value(super::time::epoch_seconds(instant))
            }),
        },
        _ => value.clone(),
    }
}

// ---------------------------------------------------------------------------
// XML.

/// Writes XML answers for the query, EC2 and REST-XML protocols.
#[derive(Debug)]
pub struct XmlOut<'m> {
    model: &'m ServiceModel,
    out: String,
}

impl<'m> XmlOut<'m> {
    /// A writer for `model`'s shapes, starting with `prefix` (usually the declaration).
    pub fn new(model: &'m ServiceModel, prefix: &str) -> XmlOut<'m> {
        XmlOut {
            model,
            out: prefix.to_owned(),
        }
    }

    /// Raw markup, written as it is.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// `<name>text</name>`, escaped.
    pub fn text_element(&mut self, name: &str, text: &str) -> &mut Self {
        self.open(name);
        escape_into(&mut self.out, text);
        self.close(name);
        self
    }

    fn open(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// The body members of the structure `shape` held in `value`, in model order.
    pub fn members(&mut self, shape: &Shape, value: &Value) -> &mut Self {
        let Value::Object(object) = value else {
            return self;
        };
        for member in shape.members {
            if member.location != Location::Body || member.xml_attribute {
                continue;
            }
            if let Some(item) = object.get(member.name).filter(|item| !item.is_null()) {
                self.member(member, item);
            }
        }
        self
    }

    /// The element `name` holding the structure `shape`, with its XML attributes and
    /// namespace.
    pub fn structure_element(
        &mut self,
        name: &str,
        namespace: Option<&str>,
        shape: &Shape,
        value: &Value,
    ) -> &mut Self {
        self.open_tag(name, namespace, shape, value);
        self.members(shape, value);
        self.close(name);
        self
    }

    fn open_tag(&mut self, name: &str, namespace: Option<&str>, shape: &Shape, value: &Value) {
        self.out.push('<');
        self.out.push_str(name);
        if let Some(namespace) = namespace {
            self.out.push_str(" xmlns=\"");
            escape_into(&mut self.out, namespace);
            self.out.push('"');
        }
        if let Value::Object(object) = value {
            for member in shape.members.iter().filter(|member| member.xml_attribute) {
                if let Some(item) = object.get(member.name).filter(|item| !item.is_null()) {
                    let text = scalar_text(
                        self.model.shape(member.shape),
                        item,
                        TimestampFormat::Iso8601,
                    );
                    self.out.push(' ');
                    self.out.push_str(member.wire_name());
                    self.out.push_str("=\"");
                    escape_into(&mut self.out, &text);
                    self.out.push('"');
                }
            }
        }
        self.out.push('>');
    }

    fn member(&mut self, member: &Member, value: &Value) {
        let shape = self.model.shape(member.shape);
        let name = member.wire_name();
        match shape.kind {
            Kind::List => {
                let Value::Array(items) = value else { return };
                let Some(element) = shape.members.first() else {
                    return;
                };
                if member.flattened || shape.flattened {
                    let item_name = element.location_name.unwrap_or(name);
                    for item in items {
                        self.value(item_name, element, item);
                    }
                } else {
                    self.open(name);
                    let item_name = element.location_name.unwrap_or("member");
                    for item in items {
                        self.value(item_name, element, item);
                    }
                    self.close(name);
                }
            }
            Kind::Map => {
                let Value::Object(entries) = value else {
                    return;
                };
                let [key, item_member] = shape.members else {
                    return;
                };
                let key_name = key.location_name.unwrap_or("key");
                let value_name = item_member.location_name.unwrap_or("value");
                let flattened = member.flattened || shape.flattened;
                if !flattened {
                    self.open(name);
                }
                for (entry_key, entry_value) in entries {
                    let entry = if flattened { name } else { "entry" };
                    self.open(entry);
                    self.text_element(key_name, entry_key);
                    self.value(value_name, item_member, entry_value);
                    self.close(entry);
                }
                if !flattened {
                    self.close(name);
                }
            }
            _ => self.value(name, member, value),
        }
    }

    /// One value as the element `name`.
    fn value(&mut self, name: &str, member: &Member, value: &Value) {
        let shape = self.model.shape(member.shape);
        match shape.kind {
            Kind::Structure | Kind::Union => {
                self.structure_element(name, member.xml_namespace, shape, value);
            }
            Kind::List | Kind::Map => {
                // A list of lists (or of maps): the inner one is wrapped in the item element.
                self.open(name);
                self.nested(shape, value);
                self.close(name);
            }
            _ => match value {
                // Text is written straight into the document, without a copy.
                Value::String(text) if shape.kind != Kind::Timestamp => {
                    self.text_element(name, text);
                }
                _ => {
                    let text = scalar_text(shape, value, TimestampFormat::Iso8601);
                    self.text_element(name, &text);
                }
            },
        }
    }

    /// The items of a nested list or the entries of a nested map, without a wrapper.
    fn nested(&mut self, shape: &Shape, value: &Value) {
        match (shape.kind, value) {
            (Kind::List, Value::Array(items)) => {
                if let Some(element) = shape.members.first() {
                    let item_name = element.location_name.unwrap_or("member");
                    for item in items {
                        self.value(item_name, element, item);
                    }
                }
            }
            (Kind::Map, Value::Object(entries)) => {
                if let [key, item_member] = shape.members {
                    for (entry_key, entry_value) in entries {
                        self.out.push_str("<entry>");
                        self.text_element(key.location_name.unwrap_or("key"), entry_key);
                        self.value(
                            item_member.location_name.unwrap_or("value"),
                            item_member,
                            entry_value,
                        );
                        self.out.push_str("</entry>");
                    }
                }
            }
            _ => {}
        }
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models;
    use serde_json::json;

    #[test]
    fn json_keeps_only_modelled_members_and_writes_timestamps_as_seconds() {
        let model = &models::sqs::MODEL;
        let output = model.shape_named("SendMessageResult").unwrap();
        assert_eq!(
            to_json(
                model,
                output,
                &json!({"MessageId": "m", "MD5OfMessageBody": "d", "Stray": 1}),
                JsonNames::Member,
            ),
            json!({"MessageId": "m", "MD5OfMessageBody": "d"})
        );
        let sts = &models::sts::MODEL;
        let credentials = sts.shape_named("Credentials").unwrap();
        let mut xml = XmlOut::new(sts, "");
        xml.structure_element(
            "Credentials",
            None,
            credentials,
            &json!({"AccessKeyId": "A", "Expiration": 1_704_067_200, "SecretAccessKey": "S", "SessionToken": "T"}),
        );
        assert_eq!(
            xml.finish(),
            "<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T</SessionToken><Expiration>2024-01-01T00:00:00.000Z</Expiration></Credentials>"
        );
    }

    #[test]
    fn query_xml_follows_the_model_names() {
        let model = &models::sqs::MODEL;
        let output = model.shape_named("ReceiveMessageResult").unwrap();
        let mut xml = XmlOut::new(model, "");
        xml.members(
            output,
            &json!({"Messages": [{"MessageId": "m", "Body": "b",
                "Attributes": {"SenderId": "s"},
                "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}}]}),
        );
        assert_eq!(
            xml.finish(),
            "<Message><MessageId>m</MessageId><Body>b</Body><Attribute><Name>SenderId</Name><Value>s</Value></Attribute><MessageAttribute><Name>k</Name><Value><StringValue>v</StringValue><DataType>String</DataType></Value></MessageAttribute></Message>"
        );
        let ec2 = &models::ec2::MODEL;
        let reservation = ec2.shape_named("Reservation").unwrap();
        let mut xml = XmlOut::new(ec2, "");
        xml.members(
            reservation,
            &json!({"ReservationId": "r-1", "Groups": [], "Instances": [{"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"}}]}),
        );
        assert_eq!(
            xml.finish(),
            "<reservationId>r-1</reservationId><groupSet></groupSet><instancesSet><item><instanceId>i-1</instanceId><instanceState><code>16</code><name>running</name></instanceState></item></instancesSet>"
        );
    }
}
