//! SQS's query protocol (form bodies with `Action=`, XML answers) mapped onto the JSON
//! shapes the handlers work with: flattened parameters (`Attribute.1.Name`,
//! `MessageAttribute.1.Value.StringValue`, `SendMessageBatchRequestEntry.1.Id`) become
//! JSON members, and JSON output becomes the XML SQS answered before it spoke JSON.

use serde_json::{Map, Value, json};

use super::Operation;
use crate::protocol::query::QueryParams;
use crate::protocol::xml::XmlWriter;

/// The XML namespace of SQS query answers.
const NAMESPACE: &str = "http://queue.amazonaws.com/doc/2012-11-05/";

/// Flattened lists (`AttributeName.1`) and their JSON names.
const LISTS: [(&str, &str); 4] = [
    ("AttributeName", "AttributeNames"),
    ("MessageSystemAttributeName", "MessageSystemAttributeNames"),
    ("MessageAttributeName", "MessageAttributeNames"),
    ("TagKey", "TagKeys"),
];

/// The JSON input a query request stands for.
pub(super) fn input(operation: Operation, params: &QueryParams) -> Value {
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
        // CreateQueue's member is lowercase in the JSON model, TagQueue's is not.
        let name = if operation == Operation::CreateQueue {
            "tags"
        } else {
            "Tags"
        };
        object.insert(name.into(), Value::Object(tags));
    }
    for (flat, name) in LISTS {
        let list = params.list(flat);
        if !list.is_empty() {
            object.insert(name.into(), json!(list));
        }
    }
    insert_message_attributes(&mut object, params);
    let entry_prefix = format!("{}RequestEntry", operation.name());
    let entries: Vec<Value> = params
        .members(&entry_prefix)
        .iter()
        .map(|entry| {
            let mut fields = scalars(entry);
            insert_message_attributes(&mut fields, entry);
            Value::Object(fields)
        })
        .collect();
    if !entries.is_empty() {
        object.insert("Entries".into(), Value::Array(entries));
    }
    Value::Object(object)
}

/// Parameters without a `.` (QueueUrl, MessageBody, MaxNumberOfMessages, ...), as text:
/// the handlers read numbers from text too.
fn scalars(params: &QueryParams) -> Map<String, Value> {
    params
        .pairs()
        .iter()
        .filter(|(name, _)| !name.contains('.'))
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect()
}

/// `MessageAttribute.N` and `MessageSystemAttribute.N`, each with `.Name` and
/// `.Value.DataType`, `.Value.StringValue` or `.Value.BinaryValue` (base64).
fn insert_message_attributes(object: &mut Map<String, Value>, params: &QueryParams) {
    for (flat, name) in [
        ("MessageAttribute", "MessageAttributes"),
        ("MessageSystemAttribute", "MessageSystemAttributes"),
    ] {
        let attributes: Map<String, Value> = params
            .members(flat)
            .iter()
            .filter_map(|member| {
                let mut value = Map::new();
                for field in ["DataType", "StringValue", "BinaryValue"] {
                    if let Some(text) = member.get(&format!("Value.{field}")) {
                        value.insert(field.into(), json!(text));
                    }
                }
                Some((member.get("Name")?.to_owned(), Value::Object(value)))
            })
            .collect();
        if !attributes.is_empty() {
            object.insert(name.into(), Value::Object(attributes));
        }
    }
}

/// The XML answer of `operation` with JSON `output`.
pub(super) fn output(operation: Operation, output: &Value, request_id: &str) -> String {
    let mut xml = XmlWriter::new();
    let root = format!("{}Response", operation.name());
    xml.open(&root, Some(NAMESPACE));
    if operation.has_output() {
        let result = format!("{}Result", operation.name());
        xml.open(&result, None);
        if let Value::Object(fields) = output {
            write_fields(&mut xml, operation, fields);
        }
        xml.close(&result);
    }
    xml.open("ResponseMetadata", None)
        .element("RequestId", request_id)
        .close("ResponseMetadata")
        .close(&root);
    xml.finish()
}

/// Writes JSON members as SQS's XML: maps and lists are flattened (repeated elements
/// named after one member), as the query model of SQS has them.
fn write_fields(xml: &mut XmlWriter, operation: Operation, fields: &Map<String, Value>) {
    for (name, value) in fields {
        match (name.as_str(), value) {
            ("Attributes", Value::Object(map)) => write_pairs(xml, "Attribute", "Name", map),
            ("Tags", Value::Object(map)) => write_pairs(xml, "Tag", "Key", map),
            ("MessageAttributes", Value::Object(map)) => {
                for (attribute, value) in map {
                    xml.open("MessageAttribute", None)
                        .element("Name", attribute)
                        .open("Value", None);
                    if let Value::Object(value) = value {
                        write_fields(xml, operation, value);
                    }
                    xml.close("Value").close("MessageAttribute");
                }
            }
            (_, Value::Array(items)) => {
                let element = match name.as_str() {
                    "QueueUrls" => "QueueUrl".to_owned(),
                    "Messages" => "Message".to_owned(),
                    "Failed" => "BatchResultErrorEntry".to_owned(),
                    "Successful" => format!("{}ResultEntry", operation.name()),
                    other => other.to_owned(),
                };
                for item in items {
                    if let Value::Object(inner) = item {
                        xml.open(&element, None);
                        write_fields(xml, operation, inner);
                        xml.close(&element);
                    } else {
                        xml.element(&element, &scalar(item));
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
             &Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5&AttributeName.1=All\
             &Tag.1.Key=team&Tag.1.Value=a",
        );
        let input = input(Operation::SendMessageBatch, &params);
        assert_eq!(input["QueueUrl"], "http://h/1/q");
        assert_eq!(input["Attributes"]["VisibilityTimeout"], "5");
        assert_eq!(input["AttributeNames"], json!(["All"]));
        assert_eq!(input["Tags"]["team"], "a");
        assert_eq!(input["Entries"][0]["MessageBody"], "hi");
        assert_eq!(
            input["Entries"][0]["MessageAttributes"]["kind"],
            json!({"DataType": "String", "StringValue": "x"})
        );
        let create = QueryParams::parse("", "Action=CreateQueue&Tag.1.Key=k&Tag.1.Value=v");
        assert_eq!(
            super::input(Operation::CreateQueue, &create)["tags"]["k"],
            "v"
        );
    }

    #[test]
    fn json_output_becomes_query_xml() {
        let xml = output(
            Operation::ReceiveMessage,
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
        assert!(xml.ends_with("</ReceiveMessageResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></ReceiveMessageResponse>"), "{xml}");
        let batch = output(
            Operation::DeleteMessageBatch,
            &json!({"Successful": [{"Id": "a"}], "Failed": [{"Id": "b", "SenderFault": true}]}),
            "r",
        );
        assert!(
            batch.contains(
                "<DeleteMessageBatchResultEntry><Id>a</Id></DeleteMessageBatchResultEntry>"
            ),
            "{batch}"
        );
        assert!(
            batch.contains("<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault></BatchResultErrorEntry>"),
            "{batch}"
        );
        let empty = output(Operation::DeleteQueue, &json!({}), "r");
        assert!(
            empty.ends_with("<DeleteQueueResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteQueueResponse>"),
            "{empty}"
        );
    }
}
