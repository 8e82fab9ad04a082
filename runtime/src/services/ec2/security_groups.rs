//! Security groups: CreateSecurityGroup, DescribeSecurityGroups,
//! AuthorizeSecurityGroupIngress.

use serde_json::{Value, json};

use super::error;
use super::handlers::{
    apply_tag_specifications, filters, items, passes, strings, tag_list, tag_values, text,
};
use super::model::{Ec2State, Region};
use super::network_model::{Permission, SecurityGroup};
use crate::protocol::engine::Answer;
use crate::services::Context;

/// A `SecurityGroup`: its ingress rules, and the egress rule every group has.
fn security_group_value(context: &Context<'_>, region: &Region, group: &SecurityGroup) -> Value {
    let ingress: Vec<Value> = group
        .ingress
        .iter()
        .map(|permission| {
            let ranges: Vec<Value> = permission
                .cidrs
                .iter()
                .map(|cidr| json!({"CidrIp": cidr}))
                .collect();
            json!({
                "IpProtocol": permission.protocol,
                "FromPort": permission.from_port,
                "ToPort": permission.to_port,
                "IpRanges": ranges,
            })
        })
        .collect();
    json!({
        "OwnerId": context.account_id,
        "GroupId": group.id,
        "GroupName": group.name,
        "Description": group.description,
        "VpcId": group.vpc_id,
        "IpPermissions": ingress,
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        "Tags": tag_list(region, &group.id),
    })
}

pub(super) fn describe_security_groups(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let ids = strings(input, "GroupIds");
    let names = strings(input, "GroupNames");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.security_groups.iter().any(|group| group.id == **id))
        {
            return Err(error::invalid_group_not_found(missing));
        }
        let mut groups = Vec::new();
        for group in &region.security_groups {
            if (!ids.is_empty() && !ids.contains(&group.id.as_str()))
                || (!names.is_empty() && !names.contains(&group.name.as_str()))
            {
                continue;
            }
            let values_of = |name: &str| match name {
                "group-id" => Some(vec![group.id.clone()]),
                "group-name" => Some(vec![group.name.clone()]),
                "vpc-id" => Some(vec![group.vpc_id.clone()]),
                "description" => Some(vec![group.description.clone()]),
                other => tag_values(region, &group.id, other),
            };
            if passes(&filters, values_of)? {
                groups.push(security_group_value(context, region, group));
            }
        }
        Ok(json!({ "SecurityGroups": groups }))
    })
}

pub(super) fn create_security_group(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let name = text(input, "GroupName").ok_or_else(|| error::missing_parameter("GroupName"))?;
    let description =
        text(input, "Description").ok_or_else(|| error::missing_parameter("GroupDescription"))?;
    state.with_region(&context.route.region, |region| {
        let vpc_id = match text(input, "VpcId") {
            Some(id) => id.to_owned(),
            None => region
                .vpcs
                .iter()
                .find(|vpc| vpc.is_default)
                .map(|vpc| vpc.id.clone())
                .unwrap_or_default(),
        };
        if region
            .security_groups
            .iter()
            .any(|group| group.name == name && group.vpc_id == vpc_id)
        {
            return Err(error::invalid_group_duplicate(name));
        }
        let group = SecurityGroup {
            id: context.random.security_group_id(),
            name: name.to_owned(),
            description: description.to_owned(),
            vpc_id,
            ingress: Vec::new(),
        };
        apply_tag_specifications(region, input, &group.id, None);
        let output = json!({ "GroupId": group.id });
        region.security_groups.push(group);
        Ok(output)
    })
}

pub(super) fn authorize_security_group_ingress(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let permissions: Vec<Permission> = items(input, "IpPermissions")
        .iter()
        .map(|permission| Permission {
            protocol: text(permission, "IpProtocol").unwrap_or("-1").to_owned(),
            from_port: permission.get("FromPort").and_then(Value::as_i64),
            to_port: permission.get("ToPort").and_then(Value::as_i64),
            cidrs: items(permission, "IpRanges")
                .iter()
                .filter_map(|range| text(range, "CidrIp").map(str::to_owned))
                .collect(),
        })
        .collect();
    if permissions.is_empty() {
        return Err(error::missing_parameter("IpPermissions"));
    }
    state.with_region(&context.route.region, |region| {
        let group = match (text(input, "GroupId"), text(input, "GroupName")) {
            (Some(id), _) => region
                .security_groups
                .iter_mut()
                .find(|group| group.id == id)
                .ok_or_else(|| error::invalid_group_not_found(id))?,
            (None, Some(name)) => region
                .security_groups
                .iter_mut()
                .find(|group| group.name == name)
                .ok_or_else(|| error::invalid_group_not_found(name))?,
            (None, None) => return Err(error::missing_parameter("GroupId")),
        };
        if permissions
            .iter()
            .any(|permission| group.ingress.contains(permission))
        {
            return Err(error::invalid_permission_duplicate());
        }
        group.ingress.extend(permissions);
        Ok(json!({ "Return": true }))
    })
}
