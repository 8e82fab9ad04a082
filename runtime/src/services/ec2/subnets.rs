//! Subnets: CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute.

use serde_json::{Value, json};

use super::cidr::Ipv4Block;
use super::error;
use super::handlers::{
    apply_tag_specifications, filters, passes, strings, tag_list, tag_values, text,
};
use super::instance::State;
use super::model::{Ec2State, Region};
use super::network_model::Subnet;
use super::regions::zones;
use super::vpcs::vpc_index;
use crate::protocol::engine::Answer;
use crate::services::Context;

/// A `Subnet`.
fn subnet_value(context: &Context<'_>, region: &Region, subnet: &Subnet) -> Value {
    json!({
        "SubnetId": subnet.id,
        "SubnetArn": format!(
            "arn:aws:ec2:{}:{}:subnet/{}",
            context.route.region, context.account_id, subnet.id
        ),
        "State": "available",
        "VpcId": subnet.vpc_id,
        "OwnerId": context.account_id,
        "CidrBlock": subnet.cidr,
        "Ipv6CidrBlockAssociationSet": [],
        "Ipv6Native": false,
        "AvailableIpAddressCount": subnet.available_addresses(),
        "AvailabilityZone": subnet.zone,
        "AvailabilityZoneId": subnet.zone_id,
        "DefaultForAz": subnet.is_default,
        "MapPublicIpOnLaunch": subnet.map_public_ip_on_launch,
        "AssignIpv6AddressOnCreation": subnet.assign_ipv6_on_creation,
        "PrivateDnsNameOptionsOnLaunch": {
            "HostnameType": subnet.hostname_type,
            "EnableResourceNameDnsARecord": subnet.dns_a_record_on_launch,
            "EnableResourceNameDnsAAAARecord": subnet.dns_aaaa_record_on_launch,
        },
        "Tags": tag_list(region, &subnet.id),
    })
}

/// CreateSubnet: a block inside the VPC's, /16 to /28, overlapping none of its other
/// subnets, in the zone named (by name or id) or, as AWS does, one it picks (drawn from
/// the random source after the subnet's id).
pub(super) fn create_subnet(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let vpc_id = text(input, "VpcId").ok_or_else(|| error::missing_parameter("VpcId"))?;
    state.with_region(&context.route.region, |region| {
        let vpc_block = Ipv4Block::parse(&region.vpcs[vpc_index(region, vpc_id)?].cidr);
        let Some(cidr) = text(input, "CidrBlock") else {
            return Err(error::missing_parameter_message(
                "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
            ));
        };
        let block = Ipv4Block::parse(cidr).ok_or_else(|| error::invalid_cidr_block(cidr))?;
        if !(16..=28).contains(&block.prefix()) || !vpc_block.is_some_and(|vpc| vpc.contains(block))
        {
            return Err(error::invalid_subnet_range(cidr));
        }
        if region.subnets.iter().any(|subnet| {
            subnet.vpc_id == vpc_id
                && Ipv4Block::parse(&subnet.cidr).is_some_and(|other| other.overlaps(block))
        }) {
            return Err(error::invalid_subnet_conflict(cidr));
        }
        let zones = zones(&context.route.region);
        let wanted_zone = match (
            text(input, "AvailabilityZone"),
            text(input, "AvailabilityZoneId"),
        ) {
            (Some(name), _) => Some(zones.iter().position(|zone| zone.0 == name).ok_or(name)),
            (None, Some(id)) => Some(zones.iter().position(|zone| zone.1 == id).ok_or(id)),
            (None, None) => None,
        };
        let names = || {
            zones
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let zone_index = match wanted_zone {
            Some(Ok(index)) => Some(index),
            Some(Err(asked)) => return Err(error::invalid_subnet_zone(asked, &names())),
            None => None,
        };
        if zones.is_empty() {
            return Err(error::invalid_subnet_zone(&context.route.region, ""));
        }
        let id = context.random.subnet_id();
        let zone_index = zone_index.unwrap_or_else(|| {
            let count = u32::try_from(zones.len()).unwrap_or(u32::MAX);
            context.random.below(count) as usize
        });
        let subnet = Subnet::new(id, vpc_id.to_owned(), cidr.to_owned(), zones[zone_index]);
        apply_tag_specifications(region, input, &subnet.id, Some("subnet"));
        let output = json!({ "Subnet": subnet_value(context, region, &subnet) });
        region.subnets.push(subnet);
        Ok(output)
    })
}

/// DeleteSubnet; refused while an instance that is not terminated is in it. Its route
/// table association goes with it.
pub(super) fn delete_subnet(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let id = text(input, "SubnetId").ok_or_else(|| error::missing_parameter("SubnetId"))?;
    state.with_region(&context.route.region, |region| {
        let index = region
            .subnets
            .iter()
            .position(|subnet| subnet.id == id)
            .ok_or_else(|| error::invalid_subnet_id_not_found(id))?;
        if region
            .instances
            .iter()
            .any(|instance| instance.subnet_id == id && instance.state != State::Terminated)
        {
            return Err(error::dependency_violation(format!(
                "The subnet '{id}' has dependencies and cannot be deleted."
            )));
        }
        region.subnets.remove(index);
        for table in &mut region.route_tables {
            table
                .associations
                .retain(|association| association.subnet_id.as_deref() != Some(id));
        }
        region.tags.forget(id);
        Ok(json!({}))
    })
}

/// The values of a subnet for a DescribeSubnets filter.
fn subnet_values(
    context: &Context<'_>,
    region: &Region,
    subnet: &Subnet,
    name: &str,
) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    match name {
        "subnet-id" => one(&subnet.id),
        "subnet-arn" => one(&format!(
            "arn:aws:ec2:{}:{}:subnet/{}",
            context.route.region, context.account_id, subnet.id
        )),
        "vpc-id" | "vpcId" => one(&subnet.vpc_id),
        "availability-zone" | "availabilityZone" => one(&subnet.zone),
        "availability-zone-id" | "availabilityZoneId" => one(&subnet.zone_id),
        "cidr" | "cidr-block" | "cidrBlock" => one(&subnet.cidr),
        "default-for-az" | "defaultForAz" => one(&subnet.is_default.to_string()),
        "map-public-ip-on-launch" => one(&subnet.map_public_ip_on_launch.to_string()),
        "available-ip-address-count" => one(&subnet.available_addresses().to_string()),
        "owner-id" => one(context.account_id),
        "state" => one("available"),
        other => tag_values(region, &subnet.id, other),
    }
}

pub(super) fn describe_subnets(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let ids = strings(input, "SubnetIds");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.subnets.iter().any(|subnet| subnet.id == **id))
        {
            return Err(error::invalid_subnet_id_not_found(missing));
        }
        let mut subnets = Vec::new();
        for subnet in region
            .subnets
            .iter()
            .filter(|subnet| ids.is_empty() || ids.contains(&subnet.id.as_str()))
        {
            if passes(&filters, |name| {
                subnet_values(context, region, subnet, name)
            })? {
                subnets.push(subnet_value(context, region, subnet));
            }
        }
        Ok(json!({ "Subnets": subnets }))
    })
}

/// ModifySubnetAttribute: public addresses and IPv6 addresses on launch, and the
/// hostnames of instances launched in the subnet. AWS changes one attribute per request.
pub(super) fn modify_subnet_attribute(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = text(input, "SubnetId").ok_or_else(|| error::missing_parameter("SubnetId"))?;
    let flag = |member: &str| {
        input
            .get(member)
            .and_then(|value| value.get("Value"))
            .and_then(Value::as_bool)
    };
    let known = [
        "MapPublicIpOnLaunch",
        "AssignIpv6AddressOnCreation",
        "EnableResourceNameDnsARecordOnLaunch",
        "EnableResourceNameDnsAAAARecordOnLaunch",
        "PrivateDnsHostnameTypeOnLaunch",
    ];
    let unsupported = [
        "MapCustomerOwnedIpOnLaunch",
        "CustomerOwnedIpv4Pool",
        "EnableDns64",
        "EnableLniAtDeviceIndex",
        "DisableLniAtDeviceIndex",
    ];
    if let Some(member) = unsupported
        .iter()
        .find(|member| input.get(**member).is_some())
    {
        return Err(error::invalid_parameter_value(format!(
            "The subnet attribute {member} applies to Outposts, Wavelength and IPv6-only \
             subnets, which this emulator does not model."
        )));
    }
    let given: Vec<&str> = known
        .into_iter()
        .filter(|member| input.get(*member).is_some())
        .collect();
    if given.len() != 1 {
        return Err(error::invalid_parameter_combination(
            "Exactly one subnet attribute must be modified per request.",
        ));
    }
    let hostname_type = text(input, "PrivateDnsHostnameTypeOnLaunch");
    if let Some(kind) = hostname_type
        && !["ip-name", "resource-name"].contains(&kind)
    {
        return Err(error::invalid_parameter_value(format!(
            "Value ({kind}) for parameter privateDnsHostnameTypeOnLaunch is invalid."
        )));
    }
    state.with_region(&context.route.region, |region| {
        let subnet = region
            .subnets
            .iter_mut()
            .find(|subnet| subnet.id == id)
            .ok_or_else(|| error::invalid_subnet_id_not_found(id))?;
        match given[0] {
            "MapPublicIpOnLaunch" => {
                subnet.map_public_ip_on_launch = flag("MapPublicIpOnLaunch").unwrap_or(false);
            }
            "AssignIpv6AddressOnCreation" => {
                subnet.assign_ipv6_on_creation =
                    flag("AssignIpv6AddressOnCreation").unwrap_or(false);
            }
            "EnableResourceNameDnsARecordOnLaunch" => {
                subnet.dns_a_record_on_launch =
                    flag("EnableResourceNameDnsARecordOnLaunch").unwrap_or(false);
            }
            "EnableResourceNameDnsAAAARecordOnLaunch" => {
                subnet.dns_aaaa_record_on_launch =
                    flag("EnableResourceNameDnsAAAARecordOnLaunch").unwrap_or(false);
            }
            _ => subnet.hostname_type = hostname_type.unwrap_or("ip-name").to_owned(),
        }
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::testing::Backend;

    fn vpc(backend: &Backend, cidr: &str) -> String {
        let created = backend.ok("CreateVpc", json!({"CidrBlock": cidr}));
        created["Vpc"]["VpcId"].as_str().unwrap().to_owned()
    }

    #[test]
    fn default_subnets_are_one_per_zone_with_aws_zone_ids() {
        let backend = Backend::new();
        let subnets = backend.ok("DescribeSubnets", json!({}));
        let subnets = subnets["Subnets"].as_array().unwrap();
        let zones: Vec<(&str, &str)> = subnets
            .iter()
            .map(|subnet| {
                (
                    subnet["AvailabilityZone"].as_str().unwrap(),
                    subnet["AvailabilityZoneId"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            zones,
            [
                ("us-east-1a", "use1-az6"),
                ("us-east-1b", "use1-az1"),
                ("us-east-1c", "use1-az2"),
                ("us-east-1d", "use1-az4"),
                ("us-east-1e", "use1-az3"),
                ("us-east-1f", "use1-az5"),
            ]
        );
        let first = &subnets[0];
        assert_eq!(first["CidrBlock"], "172.31.0.0/20");
        assert_eq!(first["AvailableIpAddressCount"], 4091);
        assert_eq!(first["DefaultForAz"], true);
        assert_eq!(first["MapPublicIpOnLaunch"], true);
        let id = first["SubnetId"].as_str().unwrap();
        assert_eq!(
            first["SubnetArn"],
            format!("arn:aws:ec2:us-east-1:123456789012:subnet/{id}")
        );
    }

    #[test]
    fn subnets_fit_their_vpc_and_one_another() {
        let backend = Backend::new();
        let vpc = vpc(&backend, "10.0.0.0/16");
        let created = backend.ok(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}),
        );
        let subnet = &created["Subnet"];
        assert_eq!(subnet["AvailabilityZoneId"], "use1-az6");
        assert_eq!(subnet["AvailableIpAddressCount"], 251);
        assert_eq!(subnet["DefaultForAz"], false);
        assert_eq!(subnet["MapPublicIpOnLaunch"], false);
        for (input, code) in [
            (
                json!({"VpcId": vpc, "CidrBlock": "10.0.1.0/25"}),
                "InvalidSubnet.Conflict",
            ),
            (
                json!({"VpcId": vpc, "CidrBlock": "192.168.0.0/24"}),
                "InvalidSubnet.Range",
            ),
            (
                json!({"VpcId": vpc, "CidrBlock": "10.0.0.0/29"}),
                "InvalidSubnet.Range",
            ),
            (
                json!({"VpcId": vpc, "CidrBlock": "10.0.300.0/24"}),
                "InvalidParameterValue",
            ),
            (
                json!({"VpcId": vpc, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1z"}),
                "InvalidParameterValue",
            ),
            (
                json!({"VpcId": "vpc-00000000", "CidrBlock": "10.0.2.0/24"}),
                "InvalidVpcID.NotFound",
            ),
        ] {
            assert_eq!(backend.code("CreateSubnet", input.clone()), code, "{input}");
        }
        let by_zone_id = backend.ok(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.0.2.0/24", "AvailabilityZoneId": "use1-az1"}),
        );
        assert_eq!(by_zone_id["Subnet"]["AvailabilityZone"], "us-east-1b");
        let picked = backend.ok(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.0.3.0/24"}),
        );
        let zone = picked["Subnet"]["AvailabilityZone"].as_str().unwrap();
        assert!(zone.starts_with("us-east-1"), "{zone}");
        assert_eq!(
            backend.code("DeleteVpc", json!({"VpcId": vpc})),
            "DependencyViolation",
            "subnets remain"
        );
    }

    #[test]
    fn attributes_change_one_at_a_time() {
        let backend = Backend::new();
        let vpc = vpc(&backend, "10.0.0.0/16");
        let created = backend.ok(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.0.1.0/24"}),
        );
        let id = created["Subnet"]["SubnetId"].as_str().unwrap().to_owned();
        backend.ok(
            "ModifySubnetAttribute",
            json!({"SubnetId": id, "MapPublicIpOnLaunch": {"Value": true}}),
        );
        backend.ok(
            "ModifySubnetAttribute",
            json!({"SubnetId": id, "PrivateDnsHostnameTypeOnLaunch": "resource-name"}),
        );
        let described = backend.ok(
            "DescribeSubnets",
            json!({"Filters": [{"Name": "vpc-id", "Values": [vpc]}]}),
        );
        let subnet: &Value = &described["Subnets"][0];
        assert_eq!(subnet["MapPublicIpOnLaunch"], true);
        assert_eq!(
            subnet["PrivateDnsNameOptionsOnLaunch"]["HostnameType"],
            "resource-name"
        );
        assert_eq!(
            backend.code(
                "ModifySubnetAttribute",
                json!({"SubnetId": id, "MapPublicIpOnLaunch": {"Value": true},
                       "AssignIpv6AddressOnCreation": {"Value": true}})
            ),
            "InvalidParameterCombination"
        );
        assert_eq!(
            backend.code(
                "ModifySubnetAttribute",
                json!({"SubnetId": id, "EnableDns64": {"Value": true}})
            ),
            "InvalidParameterValue"
        );
        backend.ok("DeleteSubnet", json!({"SubnetId": id}));
        assert_eq!(
            backend.code("DescribeSubnets", json!({"SubnetIds": [id]})),
            "InvalidSubnetID.NotFound"
        );
        assert_eq!(
            backend.code("DeleteSubnet", json!({"SubnetId": id})),
            "InvalidSubnetID.NotFound"
        );
        backend.ok("DeleteVpc", json!({"VpcId": vpc}));
    }

    #[test]
    fn a_subnet_with_a_running_instance_stays() {
        let backend = Backend::new();
        let subnets = backend.ok(
            "DescribeSubnets",
            json!({"Filters": [{"Name": "availability-zone-id", "Values": ["use1-az1"]}]}),
        );
        let id = subnets["Subnets"][0]["SubnetId"].clone();
        backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1, "SubnetId": id}),
        );
        assert_eq!(
            backend.code("DeleteSubnet", json!({"SubnetId": id})),
            "DependencyViolation"
        );
        let after = backend.ok("DescribeSubnets", json!({"SubnetIds": [id]}));
        assert_eq!(after["Subnets"][0]["AvailableIpAddressCount"], 4090);
    }
}
