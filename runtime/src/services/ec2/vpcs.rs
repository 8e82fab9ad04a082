//! VPCs and subnets: DescribeVpcs, DescribeSubnets.

use serde_json::{Value, json};

use super::error;
use super::handlers::{filters, passes, strings, tag_list, tag_values};
use super::model::Ec2State;
use crate::protocol::engine::Answer;
use crate::services::Context;

pub(super) fn describe_vpcs(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let ids = strings(input, "VpcIds");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        let mut vpcs = Vec::new();
        for vpc in region
            .vpcs
            .iter()
            .filter(|vpc| ids.is_empty() || ids.contains(&vpc.id.as_str()))
        {
            let values_of = |name: &str| match name {
                "vpc-id" => Some(vec![vpc.id.clone()]),
                "is-default" | "isDefault" => Some(vec![vpc.is_default.to_string()]),
                "cidr" | "cidr-block" => Some(vec![vpc.cidr.clone()]),
                "state" => Some(vec!["available".to_owned()]),
                other => tag_values(region, &vpc.id, other),
            };
            if !passes(&filters, values_of)? {
                continue;
            }
            vpcs.push(json!({
                "VpcId": vpc.id,
                "State": "available",
                "CidrBlock": vpc.cidr,
                "IsDefault": vpc.is_default,
                "InstanceTenancy": "default",
                "OwnerId": context.account_id,
                "Tags": tag_list(region, &vpc.id),
            }));
        }
        Ok(json!({ "Vpcs": vpcs }))
    })
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
            let values_of = |name: &str| match name {
                "subnet-id" => Some(vec![subnet.id.clone()]),
                "vpc-id" => Some(vec![subnet.vpc_id.clone()]),
                "availability-zone" => Some(vec![subnet.zone.clone()]),
                "default-for-az" | "defaultForAz" => Some(vec![subnet.is_default.to_string()]),
                "cidr-block" => Some(vec![subnet.cidr.clone()]),
                other => tag_values(region, &subnet.id, other),
            };
            if !passes(&filters, values_of)? {
                continue;
            }
            subnets.push(json!({
                "SubnetId": subnet.id,
                "State": "available",
                "VpcId": subnet.vpc_id,
                "CidrBlock": subnet.cidr,
                "AvailableIpAddressCount": 4091 - subnet.used,
                "AvailabilityZone": subnet.zone,
                "DefaultForAz": subnet.is_default,
                "MapPublicIpOnLaunch": true,
                "OwnerId": context.account_id,
                "Tags": tag_list(region, &subnet.id),
            }));
        }
        Ok(json!({ "Subnets": subnets }))
    })
}
