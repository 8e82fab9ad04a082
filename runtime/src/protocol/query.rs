//! Query-protocol parameters (SQS's and STS's `Action=...`, EC2): the form body and query
//! string, percent-decoded, with AWS's flattened lists and structures
//! (`InstanceId.1`, `Tag.1.Key`, `Attribute.2.Value`).

use std::collections::BTreeMap;

/// The decoded `name=value` parameters of a query-protocol request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Parameters from a query string and a form body (the query first).
    pub fn parse(query: &str, form: &str) -> QueryParams {
        let pairs = [query, form]
            .into_iter()
            .flat_map(|text| text.split('&'))
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(name), percent_decode(value))
            })
            .collect();
        QueryParams { pairs }
    }

    /// Parameters from already-decoded pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> QueryParams {
        QueryParams { pairs }
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

    /// A flattened list, `prefix.1`, `prefix.2`, ... (in index order).
    pub fn list(&self, prefix: &str) -> Vec<&str> {
        let mut indexed: BTreeMap<u32, &str> = BTreeMap::new();
        for (key, value) in &self.pairs {
            if let Some(index) = key
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|index| index.parse().ok())
            {
                indexed.entry(index).or_insert(value);
            }
        }
        indexed.into_values().collect()
    }

    /// Flattened structures, `prefix.1.Field`, `prefix.2.Field`, ...: one `QueryParams`
    /// per index (in index order) holding that member's fields without the prefix.
    pub fn members(&self, prefix: &str) -> Vec<QueryParams> {
        let mut members: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
        for (key, value) in &self.pairs {
            let Some(rest) = key
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
            else {
                continue;
            };
            let Some((index, field)) = rest.split_once('.') else {
                continue;
            };
            if let Ok(index) = index.parse() {
                members
                    .entry(index)
                    .or_default()
                    .push((field.to_owned(), value.clone()));
            }
        }
        members.into_values().map(QueryParams::from_pairs).collect()
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
    fn decodes_lists_and_structures() {
        let params = QueryParams::parse(
            "Action=RunInstances",
            "InstanceId.2=i-b&InstanceId.1=i-a&TagSpecification.1.Tag.1.Key=Name\
             &TagSpecification.1.Tag.1.Value=web+server&TagSpecification.1.ResourceType=instance\
             &UserData=aGk%3D",
        );
        assert_eq!(params.get("Action"), Some("RunInstances"));
        assert_eq!(params.list("InstanceId"), ["i-a", "i-b"]);
        assert_eq!(params.get("UserData"), Some("aGk="));
        let specs = params.members("TagSpecification");
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0].get("ResourceType"), Some("instance"));
        let tags = specs[0].members("Tag");
        assert_eq!(tags[0].get("Key"), Some("Name"));
        assert_eq!(tags[0].get("Value"), Some("web server"));
        assert!(params.list("Missing").is_empty());
    }

    #[test]
    fn percent_coding_round_trips() {
        for text in ["plain", "a b&c=d/é", "100%", "%zz"] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_decode("%zz+%41"), "%zz A");
    }
}
