//! CreateTags, DeleteTags and DescribeTags.

use serde_json::{Value, json};

use super::amis;
use super::error;
use super::handlers::{filters, items, passes, strings, tags_of, text};
use super::model::{Ec2State, Region};
use super::pages;
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The resource type of an id, by its prefix.
pub(super) fn resource_type(id: &str) -> &'static str {
    let prefix = id.rsplit_once('-').map_or(id, |(prefix, _)| prefix);
    match prefix {
        "i" => "instance",
        "vpc" => "vpc",
        "subnet" => "subnet",
        "sg" => "security-group",
        "sgr" => "security-group-rule",
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

/// The prefixes of the ids of EC2's taggable resources.
const PREFIXES: &[&str] = &[
    "acl",
    "ami",
    "cagw",
    "cgw",
    "dopt",
    "eigw",
    "eipalloc",
    "eni",
    "fl",
    "fleet",
    "h",
    "i",
    "igw",
    "key",
    "lt",
    "nat",
    "pcx",
    "pl",
    "r",
    "rtb",
    "sg",
    "sgr",
    "sir",
    "snap",
    "subnet",
    "tgw",
    "tgw-attach",
    "tgw-rtb",
    "vgw",
    "vol",
    "vpc",
    "vpce",
    "vpn",
];

/// Whether `id` is shaped like an EC2 id: a known prefix, a hyphen and at least 8 lowercase
/// hex digits.
fn well_formed(id: &str) -> bool {
    id.rsplit_once('-').is_some_and(|(prefix, hex)| {
        PREFIXES.contains(&prefix)
            && hex.len() >= 8
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Refuses ids of no EC2 shape, and ids of instances, volumes, snapshots, images, launch
/// templates, VPCs, subnets, security groups, internet gateways and route tables that do
/// not exist (the kinds Moto looks up; key pairs and addresses it tags unchecked).
fn check_resources(region: &Region, region_name: &str, ids: &[&str]) -> Result<(), ServiceError> {
    for id in ids {
        if !well_formed(id) {
            return Err(error::invalid_id(id));
        }
        let missing = match resource_type(id) {
            "instance" if !region.instances.iter().any(|i| i.id == *id) => {
                Some(error::invalid_instance_id_not_found(&[id]))
            }
            "volume" if !region.volumes.iter().any(|v| v.id == *id) => {
                Some(error::invalid_volume_not_found(id))
            }
            "snapshot" if !region.snapshots.iter().any(|s| s.id == *id) => {
                Some(error::invalid_snapshot_not_found(id))
            }
            "image" if amis::find(region_name, id).is_none() => {
                Some(error::invalid_ami_id_not_found(id))
            }
            "launch-template" if !region.launch_templates.iter().any(|t| t.id == *id) => {
                Some(error::launch_template_id_not_found(id))
            }
            "vpc" if !region.vpcs.iter().any(|v| v.id == *id) => {
                Some(error::invalid_vpc_id_not_found(id))
            }
            "subnet" if !region.subnets.iter().any(|s| s.id == *id) => {
                Some(error::invalid_subnet_id_not_found(id))
            }
            "security-group" if !region.security_groups.iter().any(|g| g.id == *id) => {
                Some(error::invalid_group_not_found(id))
            }
            "internet-gateway" if !region.internet_gateways.iter().any(|g| g.id == *id) => {
                Some(error::invalid_internet_gateway_id_not_found(id))
            }
            "route-table" if !region.route_tables.iter().any(|t| t.id == *id) => {
                Some(error::invalid_route_table_id_not_found(id))
            }
            _ => None,
        };
        if let Some(missing) = missing {
            return Err(missing);
        }
    }
    Ok(())
}

/// CreateTags: every resource must exist (those of the kinds this service keeps) or at
/// least have an EC2 id.
pub(super) fn create_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let resources = strings(input, "Resources");
    if resources.is_empty() {
        return Err(error::missing_parameter("ResourceId"));
    }
    let tags = tags_of(input);
    state.with_region(&context.route.region, |region| {
        check_resources(region, &context.route.region, &resources)?;
        for resource in resources {
            region.tags.extend(resource, &tags);
        }
        Ok(json!({}))
    })
}

pub(super) fn delete_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let resources = strings(input, "Resources");
    if let Some(malformed) = resources.iter().find(|id| !well_formed(id)) {
        return Err(error::invalid_id(malformed));
    }
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
                let kind = tag["ResourceType"].as_str().unwrap();
                format!("{kind}:{}", tag["Key"].as_str().unwrap())
            })
            .collect()
    }

    /// An instance and a volume to tag.
    fn resources(backend: &Backend) -> (String, String) {
        let reservation = backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1}),
        );
        let volume = backend.ok(
            "CreateVolume",
            json!({"AvailabilityZone": "us-east-1a", "Size": 1}),
        );
        (
            reservation["Instances"][0]["InstanceId"]
                .as_str()
                .unwrap()
                .to_owned(),
            volume["VolumeId"].as_str().unwrap().to_owned(),
        )
    }

    #[test]
    fn tags_are_described_in_the_order_they_were_set_a_page_at_a_time() {
        let backend = Backend::new();
        let (instance, volume) = resources(&backend);
        let tags = json!([{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"},
                          {"Key": "cost", "Value": "42"}]);
        backend.ok(
            "CreateTags",
            json!({"Resources": [volume, instance], "Tags": tags}),
        );
        backend.ok(
            "CreateTags",
            json!({"Resources": [volume], "Tags": [{"Key": "team", "Value": "edge"}]}),
        );
        let all = backend.ok("DescribeTags", json!({}));
        assert_eq!(
            keys(&all),
            [
                "volume:team",
                "volume:env",
                "volume:cost",
                "instance:team",
                "instance:env",
                "instance:cost"
            ]
        );
        assert_eq!(all["Tags"][0]["Value"], "edge");
        let first = backend.ok("DescribeTags", json!({"MaxResults": 5}));
        assert_eq!(keys(&first).len(), 5);
        let token = first["NextToken"].as_str().unwrap();
        let rest = backend.ok("DescribeTags", json!({"MaxResults": 5, "NextToken": token}));
        assert_eq!(keys(&rest), ["instance:cost"]);
        let filtered = backend.ok(
            "DescribeTags",
            json!({"Filters": [{"Name": "resource-type", "Values": ["instance"]},
                               {"Name": "key", "Values": ["t*"]}]}),
        );
        assert_eq!(keys(&filtered), ["instance:team"]);
    }

    #[test]
    fn a_tag_goes_only_when_its_value_matches_the_one_given() {
        let backend = Backend::new();
        let (instance, _) = resources(&backend);
        let tags = json!([{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}]);
        backend.ok("CreateTags", json!({"Resources": [instance], "Tags": tags}));
        backend.ok(
            "DeleteTags",
            json!({"Resources": [instance],
                   "Tags": [{"Key": "team", "Value": "edge"}, {"Key": "env"}]}),
        );
        assert_eq!(
            keys(&backend.ok("DescribeTags", json!({}))),
            ["instance:team"]
        );
        backend.ok("DeleteTags", json!({"Resources": [instance]}));
        assert_eq!(backend.ok("DescribeTags", json!({}))["Tags"], json!([]));
    }

    #[test]
    fn only_existing_resources_with_ec2_ids_are_tagged() {
        let backend = Backend::new();
        let tag = json!([{"Key": "k", "Value": "v"}]);
        for (resource, code) in [
            ("web-server", "InvalidID"),
            ("i-1", "InvalidID"),
            ("i-0123456789abcdef0", "InvalidInstanceID.NotFound"),
            ("vol-0123456789abcdef0", "InvalidVolume.NotFound"),
            ("ami-00000000", "InvalidAMIID.NotFound"),
            ("lt-0123456789abcdef0", "InvalidLaunchTemplateId.NotFound"),
            ("vpc-0123456789abcdef0", "InvalidVpcID.NotFound"),
            ("subnet-0123456789abcdef0", "InvalidSubnetID.NotFound"),
            ("sg-0123456789abcdef0", "InvalidGroup.NotFound"),
            ("igw-0123456789abcdef0", "InvalidInternetGatewayID.NotFound"),
            ("rtb-0123456789abcdef0", "InvalidRouteTableID.NotFound"),
        ] {
            let input = json!({"Resources": [resource], "Tags": tag});
            assert_eq!(backend.code("CreateTags", input), code, "{resource}");
        }
        backend.ok(
            "CreateTags",
            json!({"Resources": ["ami-12c6146b"], "Tags": tag}),
        );
        let bad = json!({"Resources": ["web-server"]});
        assert_eq!(backend.code("DeleteTags", bad), "InvalidID");
    }

    #[test]
    fn resource_types_follow_the_id_prefix() {
        assert_eq!(resource_type("i-0123456789abcdef0"), "instance");
        assert_eq!(resource_type("vol-0123456789abcdef0"), "volume");
        assert_eq!(resource_type("lt-0123456789abcdef0"), "launch-template");
        assert_eq!(resource_type("sg-12345678"), "security-group");
        assert_eq!(
            resource_type("sgr-0123456789abcdef0"),
            "security-group-rule"
        );
        assert_eq!(resource_type("whatever"), "resource");
    }
}
