//! Form and query-string parameters (`name=value&...`), percent-decoded: one decoder
//! for the query protocols, REST query strings and header values in that form.

/// Every `name=value` pair of `text` in order, percent-decoded (`name` alone is an empty
/// value).
pub fn decoded_pairs(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(name), percent_decode(value))
    })
}

/// The decoded `name=value` parameters of a query string and a form body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Parameters from a query string and a form body (the query first).
    pub fn parse(query: &str, form: &str) -> QueryParams {
        QueryParams {
            pairs: decoded_pairs(query).chain(decoded_pairs(form)).collect(),
        }
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every pair, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

/// Decodes `%XX` escapes and `+` (a space in forms); invalid escapes are kept as text.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(index + 1..index + 3)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                if let Some(byte) = hex {
                    out.push(byte);
                    index += 2;
                } else {
                    out.push(b'%');
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a value for a query string or form body (RFC 3986 unreserved kept).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_pairs_in_order() {
        let params = QueryParams::parse(
            "Action=RunInstances",
            "UserData=aGk%3D&Name=web+server&Flag",
        );
        assert_eq!(params.get("Action"), Some("RunInstances"));
        assert_eq!(params.get("UserData"), Some("aGk="));
        assert_eq!(params.get("Name"), Some("web server"));
        assert_eq!(params.get("Flag"), Some(""));
        assert_eq!(params.pairs()[0].0, "Action");
        assert_eq!(params.get("Missing"), None);
    }

    #[test]
    fn percent_coding_round_trips() {
        for text in ["plain", "a b&c=d/é", "100%", "%zz"] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_decode("%zz+%41"), "%zz A");
    }
}
