//! XML request bodies (REST-XML) read into a small tree of elements, with quick-xml.
//!
//! Only what AWS request bodies use: elements, attributes and text. Namespaces prefixes
//! are dropped from names, as AWS's own parsers do.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The most nested elements a body may have; AWS's deepest request bodies use a handful.
const MAX_DEPTH: usize = 64;

/// One XML element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Its local name (no namespace prefix).
    pub name: String,
    /// Its attributes, by local name.
    pub attributes: Vec<(String, String)>,
    /// Its child elements, in order.
    pub children: Vec<Element>,
    /// Its text, unescaped (the text of all its text nodes).
    pub text: String,
}

impl Element {
    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Every child called `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// The attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Why a body is not the XML it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the XML you provided was not well-formed: {0}")]
pub struct XmlError(String);

fn local_name(name: &[u8]) -> String {
    let local = name.rsplit(|byte| *byte == b':').next().unwrap_or(name);
    String::from_utf8_lossy(local).into_owned()
}

fn start(tag: &BytesStart<'_>) -> Result<Element, XmlError> {
    let mut attributes = Vec::new();
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|error| XmlError(error.to_string()))?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| XmlError(error.to_string()))?;
        attributes.push((local_name(attribute.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local_name(tag.name().as_ref()),
        attributes,
        ..Element::default()
    })
}

/// The root element of `body`.
pub fn parse(body: &[u8]) -> Result<Element, XmlError> {
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Element> = Vec::new();
    let mut buffer = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| XmlError(error.to_string()))?;
        match event {
            Event::Start(tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError(format!("more than {MAX_DEPTH} nested elements")));
                }
                stack.push(start(&tag)?);
            }
            Event::Empty(tag) => {
                let element = start(&tag)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::End(_) => {
                let Some(element) = stack.pop() else {
                    return Err(XmlError("an end tag without a start".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Text(text) => {
                if let Some(element) = stack.last_mut() {
                    let text = text
                        .xml10_content()
                        .map_err(|error| XmlError(error.to_string()))?;
                    element.text.push_str(&text);
                }
            }
            Event::CData(data) => {
                if let Some(element) = stack.last_mut() {
                    element
                        .text
                        .push_str(&String::from_utf8_lossy(data.as_ref()));
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(element) = stack.last_mut() {
                    let name = String::from_utf8_lossy(reference.as_ref()).into_owned();
                    let resolved = match name.as_str() {
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "amp" => "&".to_owned(),
                        "apos" => "'".to_owned(),
                        "quot" => "\"".to_owned(),
                        _ => reference
                            .resolve_char_ref()
                            .ok()
                            .flatten()
                            .map(String::from)
                            .ok_or_else(|| XmlError(format!("unknown entity &{name};")))?,
                    };
                    element.text.push_str(&resolved);
                }
            }
            Event::Eof => return Err(XmlError("the document ended early".into())),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        buffer.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_and_text() {
        let root = parse(
            br#"<?xml version="1.0"?><Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>a &amp; b</Key><Value/></Tag></TagSet><Grantee xmlns:xsi="x" xsi:type="CanonicalUser"/></Tagging>"#,
        )
        .unwrap();
        assert_eq!(root.name, "Tagging");
        let tag = root.child("TagSet").unwrap().child("Tag").unwrap();
        assert_eq!(tag.child("Key").unwrap().text, "a & b");
        assert_eq!(tag.child("Value").unwrap().text, "");
        assert_eq!(
            root.child("Grantee").unwrap().attribute("type"),
            Some("CanonicalUser")
        );
    }

    #[test]
    fn rejects_broken_documents() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"").is_err());
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse(deep.as_bytes()).is_err());
    }
}
