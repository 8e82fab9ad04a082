//! XML text escaping for the XML protocols (rest-xml, query, EC2 query).

/// Escapes `&`, `<`, `>` and `"` for XML text and (double-quoted) attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape`] does.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    // Copy the runs between markup characters whole: most text has none.
    while let Some(at) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
        assert_eq!(super::escape("plain"), "plain");
    }
}

/// Builds an XML document element by element, escaping text.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
}

impl XmlWriter {
    /// A document starting with the XML declaration.
    pub fn new() -> XmlWriter {
        XmlWriter {
            out: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".to_owned(),
        }
    }

    /// Opens `<name>` (or `<name xmlns="...">`).
    pub fn open(&mut self, name: &str, namespace: Option<&str>) -> &mut Self {
        match namespace {
            Some(namespace) => self
                .out
                .push_str(&format!("<{name} xmlns=\"{}\">", escape(namespace))),
            None => self.out.push_str(&format!("<{name}>")),
        }
        self
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) -> &mut Self {
        self.out.push_str(&format!("</{name}>"));
        self
    }

    /// `<name>text</name>`, escaped.
    pub fn element(&mut self, name: &str, text: &str) -> &mut Self {
        self.out
            .push_str(&format!("<{name}>{}</{name}>", escape(text)));
        self
    }

    /// `<name>text</name>` when there is a value.
    pub fn optional(&mut self, name: &str, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.element(name, text);
        }
        self
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod writer_tests {
    use super::XmlWriter;

    #[test]
    fn writes_nested_escaped_elements() {
        let mut xml = XmlWriter::new();
        xml.open("R", Some("http://x/"))
            .element("A", "1 < 2")
            .optional("B", None)
            .optional("C", Some("c"))
            .close("R");
        assert_eq!(
            xml.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R xmlns=\"http://x/\"><A>1 &lt; 2</A><C>c</C></R>"
        );
    }
}
