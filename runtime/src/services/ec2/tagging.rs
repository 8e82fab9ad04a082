//! CreateTags, DeleteTags and DescribeTags.

use serde_json::{Value, json};

use super::error;
use super::handlers::{filters, items, passes, strings, tags_of, text};
use super::model::Ec2State;
use super::pages;
use crate::protocol::engine::Answer;
use crate::services::Context;

/// The resource type of an id, by its prefix.
pub(super) fn resource_type(id: &str) -> &'static str {
    let prefix = id.rsplit_once('-').map_or(id, |(prefix, _)| prefix);
    match prefix {
        "i" => "instance",
        "vpc" => "vpc",
        "subnet" => "subnet",
        "sg" => "security-group",
        "ami" => "image",
        "r" => "reservation",
        "vol" => "volume",
        "snap" => "snapshot",
        "lt" => "launch-template",
        "eni" => "network-interface",
        "key" => "key-pair",
        "igw" => "internet-gateway",
        "rtb" => "route-table",
        "acl" => "network-acl",
        "eipalloc" => "elastic-ip",
        "dopt" => "dhcp-options",
        "nat" => "natgateway",
        _ => "resource",
    }
}

pub(super) fn create_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let resources = strings(input, "Resources");
    if resources.is_empty() {
        return Err(error::missing_parameter("ResourceId"));
    }
    let tags = tags_of(input);
    state.with_region(&context.route.region, |region| {
        for resource in resources {
            region.tags.extend(resource, &tags);
        }
    });
    Ok(json!({}))
}

pub(super) fn delete_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let resources = strings(input, "Resources");
    let tags = items(input, "Tags");
    state.with_region(&context.route.region, |region| {
        for resource in resources {
            if tags.is_empty() {
                region.tags.clear(resource);
            }
            for tag in tags {
                if let Some(key) = text(tag, "Key") {
                    // A value, when given, must match for the tag to go.
                    region.tags.remove(resource, key, text(tag, "Value"));
                }
            }
        }
    });
    Ok(json!({}))
}

/// DescribeTags: every tag in the order it was first set, a page at a time when asked.
pub(super) fn describe_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let filters = filters(input);
    let page = pages::Request::of(input, 5, 1000)?;
    state.with_region(&context.route.region, |region| {
        let mut described = Vec::new();
        for (resource, tags) in region.tags.iter() {
            for (key, value) in tags {
                let values_of = |name: &str| match name {
                    "resource-id" => Some(vec![resource.to_owned()]),
                    "resource-type" => Some(vec![resource_type(resource).to_owned()]),
                    "key" => Some(vec![key.clone()]),
                    "value" => Some(vec![value.clone()]),
                    _ => None,
                };
                if passes(&filters, values_of)? {
                    described.push(json!({
                        "ResourceId": resource,
                        "ResourceType": resource_type(resource),
                        "Key": key,
                        "Value": value,
                    }));
                }
            }
        }
        let (tags, next) = page.cut(described)?;
        Ok(json!({ "Tags": tags, "NextToken": next }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_follow_the_id_prefix() {
        assert_eq!(resource_type("i-0123456789abcdef0"), "instance");
        assert_eq!(resource_type("vol-0123456789abcdef0"), "volume");
        assert_eq!(resource_type("lt-0123456789abcdef0"), "launch-template");
        assert_eq!(resource_type("sg-12345678"), "security-group");
        assert_eq!(resource_type("whatever"), "resource");
    }
}
