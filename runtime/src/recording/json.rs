//! Writing lines exactly as Python's `json.dumps` does in Moto's recorder: `", "` and
//! `": "` separators and ASCII-only output (`\uXXXX` escapes), so our fixtures and
//! Moto's look alike line for line.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::entry::Entry;

/// Appends `entry` as one line (without the newline).
pub(crate) fn write_entry(entry: &Entry, out: &mut String) {
    out.push_str("{\"headers\": {");
    for (index, (name, value)) in entry.headers.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        write_string(name, out);
        out.push_str(": ");
        write_string(value, out);
    }
    out.push_str("}, \"method\": ");
    write_string(&entry.method, out);
    out.push_str(", \"url\": ");
    write_string(&entry.url, out);
    out.push_str(", \"body\": ");
    match entry.body.as_deref() {
        None => out.push_str("null, \"body_encoded\": false"),
        Some(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => {
                write_string(text, out);
                out.push_str(", \"body_encoded\": false");
            }
            Err(_) => {
                out.push('"');
                out.push_str(&STANDARD.encode(bytes));
                out.push_str("\", \"body_encoded\": true");
            }
        },
    }
    if let Some(status) = entry.status {
        out.push_str(", \"status\": ");
        out.push_str(&status.to_string());
    }
    out.push('}');
}

/// A JSON string as Python writes it with `ensure_ascii=True`: printable ASCII as is,
/// `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00XX`/surrogate pairs for the rest.
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> String {
        let mut out = String::new();
        write_string(text, &mut out);
        out
    }

    #[test]
    fn escapes_like_python_json_dumps() {
        // Each expected value is what `json.dumps(text)` prints in CPython 3.11.
        assert_eq!(string("plain"), r#""plain""#);
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
        assert_eq!(string("\u{0}\u{1f}\u{7f}"), r#""\u0000\u001f\u007f""#);
        assert_eq!(string("café ☕"), r#""caf\u00e9 \u2615""#);
        assert_eq!(string("😀"), r#""\ud83d\ude00""#);
        assert_eq!(string("/<>&'"), r#""/<>&'""#);
    }

    #[test]
    fn writes_moto_key_order_and_spacing() {
        let entry = Entry {
            headers: vec![("Content-Type".into(), "text/plain".into())],
            method: "PUT".into(),
            url: "http://localhost:5000/b/k".into(),
            body: Some(b"hi".to_vec()),
            status: Some(200),
        };
        let mut line = String::new();
        write_entry(&entry, &mut line);
        assert_eq!(
            line,
            r#"{"headers": {"Content-Type": "text/plain"}, "method": "PUT", "url": "http://localhost:5000/b/k", "body": "hi", "body_encoded": false, "status": 200}"#
        );
    }

    #[test]
    fn binary_bodies_are_base64_and_null_stays_null() {
        let mut entry = Entry {
            headers: Vec::new(),
            method: "GET".into(),
            url: "http://localhost:5000/".into(),
            body: Some(vec![0xff, 0x00]),
            status: None,
        };
        let mut line = String::new();
        write_entry(&entry, &mut line);
        assert!(
            line.ends_with(r#""body": "/wA=", "body_encoded": true}"#),
            "{line}"
        );
        entry.body = None;
        line.clear();
        write_entry(&entry, &mut line);
        assert!(
            line.ends_with(r#""body": null, "body_encoded": false}"#),
            "{line}"
        );
    }
}
