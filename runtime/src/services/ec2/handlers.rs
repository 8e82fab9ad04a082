//! What EC2's operations share: reading the input as the protocol engine decodes it
//! (neutral JSON keyed by the model's member names: `InstanceIds`, `Filters`,
//! `TagSpecifications`), filters, and tags read and written in the model's form.

use serde_json::{Value, json};

use super::error;
use super::model::Region;
use crate::protocol::error::ServiceError;

// ---------------------------------------------------------------------------
// Reading input.

pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

pub(super) fn items<'a>(input: &'a Value, name: &str) -> &'a [Value] {
    input
        .get(name)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(super) fn strings<'a>(input: &'a Value, name: &str) -> Vec<&'a str> {
    items(input, name)
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

/// The `Tags` of a structure (a TagSpecification, CreateTags' input) as key and value;
/// a tag without a value has an empty one, a tag without a key is skipped.
pub(super) fn tags_of(input: &Value) -> Vec<(String, String)> {
    items(input, "Tags")
        .iter()
        .filter_map(|tag| {
            Some((
                text(tag, "Key")?.to_owned(),
                text(tag, "Value").unwrap_or_default().to_owned(),
            ))
        })
        .collect()
}

/// Applies the TagSpecifications of `input` for `resource_type` (or with no type) to
/// `resource`.
pub(super) fn apply_tag_specifications(
    region: &mut Region,
    input: &Value,
    resource: &str,
    resource_type: Option<&str>,
) {
    for specification in items(input, "TagSpecifications") {
        let applies = resource_type.is_none_or(|wanted| {
            text(specification, "ResourceType").is_none_or(|kind| kind == wanted)
        });
        if applies {
            region.tags.extend(resource, &tags_of(specification));
        }
    }
}

/// A filter: a `Filters` entry's `Name` with its `Values`.
pub(super) struct Filter {
    name: String,
    values: Vec<String>,
}

pub(super) fn filters(input: &Value) -> Vec<Filter> {
    items(input, "Filters")
        .iter()
        .filter_map(|filter| {
            Some(Filter {
                name: text(filter, "Name")?.to_owned(),
                values: strings(filter, "Values")
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}

/// Whether a resource passes every filter; `values_of` answers the resource's values for
/// a filter name, or `None` for a filter this resource type does not have.
pub(super) fn passes(
    filters: &[Filter],
    values_of: impl Fn(&str) -> Option<Vec<String>>,
) -> Result<bool, ServiceError> {
    for filter in filters {
        let values = values_of(&filter.name).ok_or_else(|| {
            error::invalid_parameter_value(format!("The filter '{}' is invalid", filter.name))
        })?;
        if !filter
            .values
            .iter()
            .any(|wanted| values.iter().any(|value| glob(wanted, value)))
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// EC2 filter values: `*` matches any run of characters, `?` one character.
fn glob(pattern: &str, text: &str) -> bool {
    fn matches(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|skip| matches(rest, &text[skip..])),
            Some(('?', rest)) => !text.is_empty() && matches(rest, &text[1..]),
            Some((c, rest)) => text.first() == Some(c) && matches(rest, &text[1..]),
        }
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    matches(&pattern, &text)
}

pub(super) fn tag_values(region: &Region, resource: &str, name: &str) -> Option<Vec<String>> {
    let tags = region.tags.of(resource);
    if let Some(key) = name.strip_prefix("tag:") {
        return Some(
            region
                .tags
                .value(resource, key)
                .map(str::to_owned)
                .into_iter()
                .collect(),
        );
    }
    match name {
        "tag-key" => Some(tags.iter().map(|(key, _)| key.clone()).collect()),
        "tag-value" => Some(tags.iter().map(|(_, value)| value.clone()).collect()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Writing output.

/// A resource's tags as a `TagList`.
pub(super) fn tag_list(region: &Region, resource: &str) -> Value {
    region
        .tags
        .of(resource)
        .iter()
        .map(|(key, value)| json!({"Key": key, "Value": value}))
        .collect()
}
