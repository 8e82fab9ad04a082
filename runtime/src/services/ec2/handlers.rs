//! One function per EC2 operation. Each reads the request's input as the protocol
//! engine decodes it (neutral JSON keyed by the model's member names: `InstanceIds`,
//! `Filters`, `TagSpecifications`) and answers its output structure in the same form;
//! the engine writes that as EC2's XML.

use serde_json::{Value, json};

use super::error;
use super::model::{Ec2State, Permission, Region, SecurityGroup};
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

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

// ---------------------------------------------------------------------------
// Network.

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
