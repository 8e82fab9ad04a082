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
    use super::super::testing::Backend;
    use super::*;

    fn keys(output: &Value) -> Vec<String> {
        output["Tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|tag| {
                format!(
                    "{}:{}",
                    tag["ResourceId"].as_str().unwrap(),
                    tag["Key"].as_str().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn tags_are_described_in_the_order_they_were_set_a_page_at_a_time() {
        let backend = Backend::new();
        let tags = json!([{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"},
                          {"Key": "cost", "Value": "42"}]);
        backend.ok(
            "CreateTags",
            json!({"Resources": ["vol-2", "i-1"], "Tags": tags}),
        );
        backend.ok(
            "CreateTags",
            json!({"Resources": ["vol-2"], "Tags": [{"Key": "team", "Value": "edge"}]}),
        );
        let all = backend.ok("DescribeTags", json!({}));
        assert_eq!(
            keys(&all),
            [
                "vol-2:team",
                "vol-2:env",
                "vol-2:cost",
                "i-1:team",
                "i-1:env",
                "i-1:cost"
            ]
        );
        assert_eq!(all["Tags"][0]["Value"], "edge");
        assert_eq!(all["Tags"][0]["ResourceType"], "volume");
        let first = backend.ok("DescribeTags", json!({"MaxResults": 5}));
        assert_eq!(keys(&first).len(), 5);
        let token = first["NextToken"].as_str().unwrap();
        let rest = backend.ok("DescribeTags", json!({"MaxResults": 5, "NextToken": token}));
        assert_eq!(keys(&rest), ["i-1:cost"]);
        let filtered = backend.ok(
            "DescribeTags",
            json!({"Filters": [{"Name": "resource-type", "Values": ["instance"]},
                               {"Name": "key", "Values": ["t*"]}]}),
        );
        assert_eq!(keys(&filtered), ["i-1:team"]);
    }

    #[test]
    fn a_tag_goes_only_when_its_value_matches_the_one_given() {
        let backend = Backend::new();
        let tags = json!([{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}]);
        backend.ok("CreateTags", json!({"Resources": ["i-1"], "Tags": tags}));
        backend.ok(
            "DeleteTags",
            json!({"Resources": ["i-1"], "Tags": [{"Key": "team", "Value": "edge"}, {"Key": "env"}]}),
        );
        assert_eq!(keys(&backend.ok("DescribeTags", json!({}))), ["i-1:team"]);
        backend.ok("DeleteTags", json!({"Resources": ["i-1"]}));
        assert_eq!(backend.ok("DescribeTags", json!({}))["Tags"], json!([]));
    }

    #[test]
    fn resource_types_follow_the_id_prefix() {
        assert_eq!(resource_type("i-0123456789abcdef0"), "instance");
        assert_eq!(resource_type("vol-0123456789abcdef0"), "volume");
        assert_eq!(resource_type("lt-0123456789abcdef0"), "launch-template");
        assert_eq!(resource_type("sg-12345678"), "security-group");
        assert_eq!(resource_type("whatever"), "resource");
    }
}
