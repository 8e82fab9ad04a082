//! SQS's query protocol (form bodies with `Action=`, XML answers), as older clients and
//! recordings use it, mapped onto the JSON shapes the handlers work with.

use serde_json::{Map, Value, json};

use crate::protocol::query::QueryParams;
use crate::protocol::xml::XmlWriter;

/// The XML namespace of SQS query answers.
const NAMESPACE: &str = "http://queue.amazonaws.com/doc/2012-11-05/";

/// Flattened lists and their JSON names.
const LISTS: [(&str, &str); 4] = [
    ("AttributeName", "AttributeNames"),
    ("MessageSystemAttributeName", "MessageSystemAttributeNames"),
    ("MessageAttributeName", "MessageAttributeNames"),
    ("TagKey", "TagKeys"),
];

/// Batch entry prefixes.
const ENTRIES: [&str; 3] = [
    "SendMessageBatchRequestEntry",
    "DeleteMessageBatchRequestEntry",
    "ChangeMessageVisibilityBatchRequestEntry",
];

/// The JSON input a query request stands for.
pub(super) fn input(params: &QueryParams) -> Value {
    let mut object = scalars(params);
    let attributes: Map<String, Value> = params
        .members("Attribute")
        .iter()
        .filter_map(|member| Some((member.get("Name")?.to_owned(), json!(member.get("Value")?))))
        .collect();
    if !attributes.is_empty() {
        object.insert("Attributes".into(), Value::Object(attributes));
    }
    let tags: Map<String, Value> = params
        .members("Tag")
        .iter()
        .filter_map(|member| {
            Some((
                member.get("Key")?.to_owned(),
                json!(member.get("Value").unwrap_or_default()),
            ))
        })
        .collect();
    if !tags.is_empty() {
        object.insert("Tags".into(), Value::Object(tags));
    }
    for (flat, name) in LISTS {
        let list = params.list(flat);
        if !list.is_empty() {
            object.insert(name.into(), json!(list));
        }
    }
    if let Some(attributes) = message_attributes(params) {
        object.insert("MessageAttributes".into(), attributes);
    }
    for prefix in ENTRIES {
        let entries: Vec<Value> = params
            .members(prefix)
            .iter()
            .map(|entry| {
                let mut fields = scalars(entry);
                if let Some(attributes) = message_attributes(entry) {
                    fields.insert("MessageAttributes".into(), attributes);
                }
                Value::Object(fields)
            })
            .collect();
        if !entries.is_empty() {
            object.insert("Entries".into(), Value::Array(entries));
        }
    }
    Value::Object(object)
}

/// Parameters without a `.` (QueueUrl, MessageBody, ...), as strings.
fn scalars(params: &QueryParams) -> Map<String, Value> {
    params
        .pairs()
        .iter()
        .filter(|(name, _)| !name.contains('.'))
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect()
}

/// `MessageAttribute.N.Name` with `.Value.DataType`, `.Value.StringValue`,
/// `.Value.BinaryValue`.
fn message_attributes(params: &QueryParams) -> Option<Value> {
    let attributes: Map<String, Value> = params
        .members("MessageAttribute")
        .iter()
        .filter_map(|member| {
            let value = member.members("Value").into_iter().next();
            let nested = |field: &str| {
                member
                    .get(&format!("Value.{field}"))
                    .or_else(|| value.as_ref().and_then(|value| value.get(field)))
                    .map(str::to_owned)
            };
            let mut attribute = Map::new();
            attribute.insert("DataType".into(), json!(nested("DataType")?));
            if let Some(text) = nested("StringValue") {
                attribute.insert("StringValue".into(), json!(text));
            }
            if let Some(binary) = nested("BinaryValue") {
                attribute.insert("BinaryValue".into(), json!(binary));
            }
            Some((member.get("Name")?.to_owned(), Value::Object(attribute)))
        })
        .collect();
    (!attributes.is_empty()).then_some(Value::Object(attributes))
}

/// The XML answer for `operation` with JSON `output`.
pub(super) fn output(operation: &str, output: &Value, request_id: &str) -> String {
    let mut xml = XmlWriter::new();
    let root = format!("{operation}Response");
    let result = format!("{operation}Result");
    xml.open(&root, Some(NAMESPACE)).open(&result, None);
    if let Value::Object(fields) = output {
        write_fields(&mut xml, operation, fields);
    }
    xml.close(&result)
        .open("ResponseMetadata", None)
        .element("RequestId", request_id)
        .close("ResponseMetadata")
        .close(&root);
    xml.finish()
}

fn write_fields(xml: &mut XmlWriter, operation: &str, fields: &Map<String, Value>) {
    for (name, value) in fields {
        match (name.as_str(), value) {
            ("Attributes", Value::Object(map)) => write_pairs(xml, "Attribute", "Name", map),
            ("Tags", Value::Object(map)) => write_pairs(xml, "Tag", "Key", map),
            ("MessageAttributes", Value::Object(map)) => {
                for (attribute, fields) in map {
                    xml.open("MessageAttribute", None)
                        .element("Name", attribute)
                        .open("Value", None);
                    if let Value::Object(fields) = fields {
                        write_fields(xml, operation, fields);
                    }
                    xml.close("Value").close("MessageAttribute");
                }
            }
            (_, Value::Array(items)) => {
                let element = match name.as_str() {
                    "QueueUrls" => "QueueUrl".to_owned(),
                    "Messages" => "Message".to_owned(),
                    "Failed" => "BatchResultErrorEntry".to_owned(),
                    "Successful" => format!("{operation}ResultEntry"),
                    other => other.trim_end_matches('s').to_owned(),
                };
                for item in items {
                    match item {
                        Value::Object(inner) => {
                            xml.open(&element, None);
                            write_fields(xml, operation, inner);
                            xml.close(&element);
                        }
                        other => {
                            xml.element(&element, &scalar(other));
                        }
                    }
                }
            }
            (_, Value::Object(inner)) => {
                xml.open(name, None);
                write_fields(xml, operation, inner);
                xml.close(name);
            }
            (_, Value::Null) => {}
            (_, other) => {
                xml.element(name, &scalar(other));
            }
        }
    }
}

fn write_pairs(xml: &mut XmlWriter, element: &str, key: &str, map: &Map<String, Value>) {
    for (name, value) in map {
        xml.open(element, None)
            .element(key, name)
            .element("Value", &scalar(value))
            .close(element);
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_input_becomes_json_input() {
        let params = QueryParams::parse(
            "",
            "Action=SendMessageBatch&QueueUrl=http%3A%2F%2Fh%2F1%2Fq\
             &SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=hi\
             &SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=kind\
             &SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String\
             &SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=x\
             &Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5&AttributeName.1=All",
        );
        let input = input(&params);
        assert_eq!(input["QueueUrl"], "http://h/1/q");
        assert_eq!(input["Attributes"]["VisibilityTimeout"], "5");
        assert_eq!(input["AttributeNames"], json!(["All"]));
        assert_eq!(input["Entries"][0]["MessageBody"], "hi");
        assert_eq!(
            input["Entries"][0]["MessageAttributes"]["kind"]["StringValue"],
            "x"
        );
    }

    #[test]
    fn json_output_becomes_query_xml() {
        let xml = output(
            "ReceiveMessage",
            &json!({"Messages": [{"MessageId": "m1", "Body": "b<>", "Attributes": {"SentTimestamp": "1"},
                "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "x"}}}]}),
            "r1",
        );
        assert!(xml.contains("<ReceiveMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><ReceiveMessageResult><Message>"), "{xml}");
        assert!(xml.contains("<Body>b&lt;&gt;</Body>"), "{xml}");
        assert!(
            xml.contains("<Attribute><Name>SentTimestamp</Name><Value>1</Value></Attribute>"),
            "{xml}"
        );
        assert!(xml.contains("<MessageAttribute><Name>kind</Name><Value><DataType>String</DataType><StringValue>x</StringValue></Value></MessageAttribute>"), "{xml}");
        assert!(xml.ends_with("<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></ReceiveMessageResponse>"), "{xml}");
        let batch = output(
            "DeleteMessageBatch",
            &json!({"Successful": [{"Id": "a"}], "Failed": []}),
            "r",
        );
        assert!(
            batch.contains(
                "<DeleteMessageBatchResultEntry><Id>a</Id></DeleteMessageBatchResultEntry>"
            ),
            "{batch}"
        );
    }
}
