//! VPCs: CreateVpc, DeleteVpc, DescribeVpcs, DescribeVpcAttribute, ModifyVpcAttribute.

use serde_json::{Value, json};

use super::cidr::Ipv4Block;
use super::error;
use super::handlers::{
    apply_tag_specifications, filters, passes, strings, tag_list, tag_values, text,
};
use super::model::{Ec2State, Region};
use super::network_model::{
    Ipv6Association, RouteTable, RouteTableAssociation, SecurityGroup, Vpc,
};
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The VPC attributes DescribeVpcAttribute and ModifyVpcAttribute know, by the member
/// name of each (`EnableDnsSupport`) and the attribute name DescribeVpcAttribute takes.
const ATTRIBUTES: [(&str, &str); 3] = [
    ("EnableDnsSupport", "enableDnsSupport"),
    ("EnableDnsHostnames", "enableDnsHostnames"),
    (
        "EnableNetworkAddressUsageMetrics",
        "enableNetworkAddressUsageMetrics",
    ),
];

/// A `Vpc`.
pub(super) fn vpc_value(context: &Context<'_>, region: &Region, vpc: &Vpc) -> Value {
    let ipv6: Vec<Value> = vpc
        .ipv6
        .iter()
        .map(|association| {
            json!({
                "AssociationId": association.association_id,
                "Ipv6CidrBlock": association.cidr,
                "Ipv6CidrBlockState": {"State": "associated"},
                "NetworkBorderGroup": association.network_border_group,
                "Ipv6Pool": "Amazon",
            })
        })
        .collect();
    json!({
        "VpcId": vpc.id,
        "OwnerId": context.account_id,
        "State": "available",
        "CidrBlock": vpc.cidr,
        "CidrBlockAssociationSet": [{
            "AssociationId": vpc.cidr_association_id,
            "CidrBlock": vpc.cidr,
            "CidrBlockState": {"State": "associated"},
        }],
        "Ipv6CidrBlockAssociationSet": ipv6,
        // No DHCP options set of its own: the AWS-provided DNS.
        "DhcpOptionsId": "default",
        "InstanceTenancy": vpc.tenancy,
        "IsDefault": vpc.is_default,
        "Tags": tag_list(region, &vpc.id),
    })
}

/// The VPC named `id`, or `InvalidVpcID.NotFound`.
pub(super) fn vpc_index(region: &Region, id: &str) -> Result<usize, ServiceError> {
    region
        .vpcs
        .iter()
        .position(|vpc| vpc.id == id)
        .ok_or_else(|| error::invalid_vpc_id_not_found(id))
}

/// CreateVpc: an IPv4 block from /16 to /28 and, when asked, an Amazon-provided IPv6
/// /56. As in AWS, the VPC comes with its main route table and default security group.
/// Draws, in order: the VPC id, its block's association id, (the IPv6 association id and
/// block), the main route table's id and association id, the security group's id.
pub(super) fn create_vpc(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let Some(cidr) = text(input, "CidrBlock") else {
        return Err(error::missing_parameter_message(
            "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
        ));
    };
    let block = Ipv4Block::parse(cidr).ok_or_else(|| error::invalid_cidr_block(cidr))?;
    if !(16..=28).contains(&block.prefix()) {
        return Err(error::invalid_vpc_range(cidr));
    }
    let tenancy = text(input, "InstanceTenancy").unwrap_or("default");
    if !["default", "dedicated", "host"].contains(&tenancy) {
        return Err(error::invalid_parameter_value(format!(
            "Value ({tenancy}) for parameter instanceTenancy is invalid."
        )));
    }
    let amazon_ipv6 = input
        .get("AmazonProvidedIpv6CidrBlock")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    state.with_region(&context.route.region, |region| {
        let mut vpc = Vpc::new(
            context.random.vpc_id(),
            cidr.to_owned(),
            context.random.ec2_id("vpc-cidr-assoc"),
        );
        vpc.tenancy = tenancy.to_owned();
        if amazon_ipv6 {
            vpc.ipv6 = Some(Ipv6Association {
                association_id: context.random.ec2_id("vpc-cidr-assoc"),
                cidr: format!(
                    "2600:1f18:{}:{}00::/56",
                    context.random.get_random_hex(4),
                    context.random.get_random_hex(2)
                ),
                network_border_group: text(input, "Ipv6CidrBlockNetworkBorderGroup")
                    .unwrap_or(&context.route.region)
                    .to_owned(),
            });
        }
        let mut main_table = RouteTable::new(context.random.ec2_id("rtb"), &vpc);
        main_table.associations.push(RouteTableAssociation {
            id: context.random.ec2_id("rtbassoc"),
            main: true,
            subnet_id: None,
            gateway_id: None,
        });
        let default_group =
            SecurityGroup::vpc_default(context.random.security_group_id(), vpc.id.clone());
        apply_tag_specifications(region, input, &vpc.id, Some("vpc"));
        let output = json!({ "Vpc": vpc_value(context, region, &vpc) });
        region.vpcs.push(vpc);
        region.route_tables.push(main_table);
        region.security_groups.push(default_group);
        Ok(output)
    })
}

/// DeleteVpc, with its main route table and default security group. Refused while the
/// VPC has subnets, an internet gateway, other route tables or other security groups.
pub(super) fn delete_vpc(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let id = text(input, "VpcId").ok_or_else(|| error::missing_parameter("VpcId"))?;
    state.with_region(&context.route.region, |region| {
        let index = vpc_index(region, id)?;
        let has_dependencies = region.subnets.iter().any(|subnet| subnet.vpc_id == id)
            || region
                .internet_gateways
                .iter()
                .any(|gateway| gateway.vpc_id.as_deref() == Some(id))
            || region
                .route_tables
                .iter()
                .any(|table| table.vpc_id == id && !table.is_main())
            || region
                .security_groups
                .iter()
                .any(|group| group.vpc_id == id && group.name != "default");
        if has_dependencies {
            return Err(error::dependency_violation(format!(
                "The vpc '{id}' has dependencies and cannot be deleted."
            )));
        }
        let mut gone = vec![region.vpcs.remove(index).id];
        region.route_tables.retain(|table| {
            let keep = table.vpc_id != id;
            if !keep {
                gone.push(table.id.clone());
            }
            keep
        });
        region.security_groups.retain(|group| {
            let keep = group.vpc_id != id;
            if !keep {
                gone.push(group.id.clone());
            }
            keep
        });
        for resource in gone {
            region.tags.forget(&resource);
        }
        Ok(json!({}))
    })
}

/// The values of a VPC for a DescribeVpcs filter.
fn vpc_values(
    context: &Context<'_>,
    region: &Region,
    vpc: &Vpc,
    name: &str,
) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    let ipv6 = |value: fn(&Ipv6Association) -> String| Some(vpc.ipv6.iter().map(value).collect());
    match name {
        "vpc-id" => one(&vpc.id),
        "cidr" | "cidr-block" | "cidr-block-association.cidr-block" => one(&vpc.cidr),
        "cidr-block-association.association-id" => one(&vpc.cidr_association_id),
        "cidr-block-association.state" => one("associated"),
        "ipv6-cidr-block-association.ipv6-cidr-block" => ipv6(|a| a.cidr.clone()),
        "ipv6-cidr-block-association.association-id" => ipv6(|a| a.association_id.clone()),
        "ipv6-cidr-block-association.state" => ipv6(|_| "associated".to_owned()),
        "ipv6-cidr-block-association.ipv6-pool" => ipv6(|_| "Amazon".to_owned()),
        "dhcp-options-id" => one("default"),
        "is-default" | "isDefault" => one(&vpc.is_default.to_string()),
        "owner-id" => one(context.account_id),
        "state" => one("available"),
        other => tag_values(region, &vpc.id, other),
    }
}

pub(super) fn describe_vpcs(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let ids = strings(input, "VpcIds");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.vpcs.iter().any(|vpc| vpc.id == **id))
        {
            return Err(error::invalid_vpc_id_not_found(missing));
        }
        let mut vpcs = Vec::new();
        for vpc in region
            .vpcs
            .iter()
            .filter(|vpc| ids.is_empty() || ids.contains(&vpc.id.as_str()))
        {
            if passes(&filters, |name| vpc_values(context, region, vpc, name))? {
                vpcs.push(vpc_value(context, region, vpc));
            }
        }
        Ok(json!({ "Vpcs": vpcs }))
    })
}

fn attribute_value(vpc: &Vpc, member: &str) -> bool {
    match member {
        "EnableDnsSupport" => vpc.dns_support,
        "EnableDnsHostnames" => vpc.dns_hostnames,
        _ => vpc.address_usage_metrics,
    }
}

pub(super) fn describe_vpc_attribute(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = text(input, "VpcId").ok_or_else(|| error::missing_parameter("VpcId"))?;
    let attribute =
        text(input, "Attribute").ok_or_else(|| error::missing_parameter("Attribute"))?;
    let Some((member, _)) = ATTRIBUTES.iter().find(|(_, name)| *name == attribute) else {
        return Err(error::invalid_parameter_value(format!(
            "Value ({attribute}) for parameter attribute is invalid. Unknown attribute."
        )));
    };
    state.with_region(&context.route.region, |region| {
        let vpc = &region.vpcs[vpc_index(region, id)?];
        let mut output = json!({ "VpcId": id });
        if let Some(object) = output.as_object_mut() {
            object.insert(
                (*member).to_owned(),
                json!({ "Value": attribute_value(vpc, member) }),
            );
        }
        Ok(output)
    })
}

/// ModifyVpcAttribute: one attribute per request, as in AWS.
pub(super) fn modify_vpc_attribute(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = text(input, "VpcId").ok_or_else(|| error::missing_parameter("VpcId"))?;
    let given: Vec<(&str, bool)> = ATTRIBUTES
        .iter()
        .filter_map(|(member, _)| {
            let value = input.get(*member)?.get("Value")?.as_bool()?;
            Some((*member, value))
        })
        .collect();
    let [(member, value)] = given.as_slice() else {
        return Err(error::invalid_parameter_combination(
            "Exactly one attribute (EnableDnsSupport, EnableDnsHostnames or \
             EnableNetworkAddressUsageMetrics, with a Value) must be given.",
        ));
    };
    state.with_region(&context.route.region, |region| {
        let index = vpc_index(region, id)?;
        let vpc = &mut region.vpcs[index];
        match *member {
            "EnableDnsSupport" => vpc.dns_support = *value,
            "EnableDnsHostnames" => vpc.dns_hostnames = *value,
            _ => vpc.address_usage_metrics = *value,
        }
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::Backend;

    #[test]
    fn a_new_vpc_comes_with_its_main_route_table_and_default_group() {
        let backend = Backend::new();
        let created = backend.ok(
            "CreateVpc",
            json!({"CidrBlock": "10.0.0.0/16", "TagSpecifications": [
                {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "app"}]}]}),
        );
        let vpc = &created["Vpc"];
        let id = vpc["VpcId"].as_str().unwrap();
        assert!(id.starts_with("vpc-"));
        assert_eq!(vpc["IsDefault"], false);
        assert_eq!(vpc["DhcpOptionsId"], "default");
        assert_eq!(vpc["Tags"], json!([{"Key": "Name", "Value": "app"}]));
        assert_eq!(
            vpc["CidrBlockAssociationSet"][0]["CidrBlock"],
            "10.0.0.0/16"
        );
        assert!(
            vpc["CidrBlockAssociationSet"][0]["AssociationId"]
                .as_str()
                .unwrap()
                .starts_with("vpc-cidr-assoc-")
        );
        assert_eq!(vpc["Ipv6CidrBlockAssociationSet"], json!([]));
        backend.region(|region| {
            let table = region.route_tables.iter().find(|t| t.vpc_id == id).unwrap();
            assert!(table.is_main());
            assert!(
                region
                    .security_groups
                    .iter()
                    .any(|group| group.vpc_id == id && group.name == "default")
            );
        });
        let hostnames = backend.ok(
            "DescribeVpcAttribute",
            json!({"VpcId": id, "Attribute": "enableDnsHostnames"}),
        );
        assert_eq!(
            hostnames,
            json!({"VpcId": id, "EnableDnsHostnames": {"Value": false}})
        );
        backend.ok(
            "ModifyVpcAttribute",
            json!({"VpcId": id, "EnableDnsHostnames": {"Value": true}}),
        );
        let hostnames = backend.ok(
            "DescribeVpcAttribute",
            json!({"VpcId": id, "Attribute": "enableDnsHostnames"}),
        );
        assert_eq!(hostnames["EnableDnsHostnames"]["Value"], true);
        assert_eq!(
            backend.code(
                "ModifyVpcAttribute",
                json!({"VpcId": id, "EnableDnsHostnames": {"Value": true},
                       "EnableDnsSupport": {"Value": true}})
            ),
            "InvalidParameterCombination"
        );
        backend.ok("DeleteVpc", json!({"VpcId": id}));
        backend.region(|region| {
            assert!(!region.route_tables.iter().any(|t| t.vpc_id == id));
            assert!(!region.security_groups.iter().any(|g| g.vpc_id == id));
            assert!(!region.tags.iter().any(|(resource, _)| resource == id));
        });
        assert_eq!(
            backend.code("DescribeVpcs", json!({"VpcIds": [id]})),
            "InvalidVpcID.NotFound"
        );
    }

    #[test]
    fn blocks_outside_16_to_28_and_bad_blocks_are_refused() {
        let backend = Backend::new();
        for (cidr, code) in [
            ("10.0.0.0/8", "InvalidVpc.Range"),
            ("10.0.0.0/29", "InvalidVpc.Range"),
            ("10.0.0.0", "InvalidParameterValue"),
        ] {
            assert_eq!(backend.code("CreateVpc", json!({"CidrBlock": cidr})), code);
        }
        assert_eq!(backend.code("CreateVpc", json!({})), "MissingParameter");
    }

    #[test]
    fn an_amazon_provided_ipv6_block_is_a_seeded_56() {
        let backend = Backend::new();
        let created = backend.ok(
            "CreateVpc",
            json!({"CidrBlock": "10.1.0.0/16", "AmazonProvidedIpv6CidrBlock": true}),
        );
        let association = &created["Vpc"]["Ipv6CidrBlockAssociationSet"][0];
        let block = association["Ipv6CidrBlock"].as_str().unwrap();
        assert!(
            block.starts_with("2600:1f18:") && block.ends_with("00::/56"),
            "{block}"
        );
        assert_eq!(association["NetworkBorderGroup"], "us-east-1");
        let again = Backend::new().ok(
            "CreateVpc",
            json!({"CidrBlock": "10.1.0.0/16", "AmazonProvidedIpv6CidrBlock": true}),
        );
        assert_eq!(again["Vpc"], created["Vpc"], "the same seed, the same VPC");
    }

    #[test]
    fn describe_vpcs_filters() {
        let backend = Backend::new();
        backend.ok("CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}));
        let default = backend.ok(
            "DescribeVpcs",
            json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}),
        );
        assert_eq!(default["Vpcs"].as_array().unwrap().len(), 1);
        assert_eq!(default["Vpcs"][0]["CidrBlock"], "172.31.0.0/16");
        let by_block = backend.ok(
            "DescribeVpcs",
            json!({"Filters": [{"Name": "cidr-block-association.cidr-block",
                                "Values": ["10.0.*"]}]}),
        );
        assert_eq!(by_block["Vpcs"][0]["CidrBlock"], "10.0.0.0/16");
        assert_eq!(
            backend.code("DescribeVpcs", json!({"VpcIds": ["vpc-0000000000000dead"]})),
            "InvalidVpcID.NotFound"
        );
    }

    #[test]
    fn the_default_vpc_has_dns_hostnames_and_dependencies() {
        let backend = Backend::new();
        let vpcs = backend.ok("DescribeVpcs", json!({}));
        let id = vpcs["Vpcs"][0]["VpcId"].as_str().unwrap();
        let hostnames = backend.ok(
            "DescribeVpcAttribute",
            json!({"VpcId": id, "Attribute": "enableDnsHostnames"}),
        );
        assert_eq!(hostnames["EnableDnsHostnames"]["Value"], true);
        assert_eq!(
            backend.code("DeleteVpc", json!({"VpcId": id})),
            "DependencyViolation"
        );
    }
}
