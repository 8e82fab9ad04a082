//! Security groups and their rules: CreateSecurityGroup, DeleteSecurityGroup,
//! DescribeSecurityGroups, DescribeSecurityGroupRules, AuthorizeSecurityGroupIngress and
//! Egress, RevokeSecurityGroupIngress and Egress.

use serde_json::{Map, Value, json};

use super::cidr::{Ipv4Block, is_ipv6_block};
use super::error;
use super::handlers::{
    apply_tag_specifications, filters, items, passes, strings, tag_list, tag_values, text,
};
use super::instance::State;
use super::model::{Ec2State, Region};
use super::network_model::{
    ALL_PROTOCOLS, DEFAULT_GROUP_NAME, Direction, Peer, Permission, Rule, SecurityGroup,
};
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

// ---------------------------------------------------------------------------
// Answers.

/// A group's ARN.
fn group_arn(context: &Context<'_>, id: &str) -> String {
    format!(
        "arn:aws:ec2:{}:{}:security-group/{id}",
        context.route.region, context.account_id
    )
}

/// A `SecurityGroup`.
fn group_value(context: &Context<'_>, region: &Region, group: &SecurityGroup) -> Value {
    json!({
        "OwnerId": context.account_id,
        "GroupId": group.id,
        "GroupName": group.name,
        "Description": group.description,
        "VpcId": group.vpc_id,
        "SecurityGroupArn": group_arn(context, &group.id),
        "IpPermissions": permissions_value(context, &group.ingress),
        "IpPermissionsEgress": permissions_value(context, &group.egress),
        "Tags": tag_list(region, &group.id),
    })
}

/// Rules as DescribeSecurityGroups lists them: one `IpPermission` per protocol and port
/// range, in the order each first appears, holding the peers of every such rule.
fn permissions_value(context: &Context<'_>, rules: &[Rule]) -> Vec<Value> {
    let mut permissions: Vec<(&Permission, Map<String, Value>)> = Vec::new();
    for rule in rules {
        let permission = &rule.permission;
        let index = permissions
            .iter()
            .position(|(seen, _)| {
                seen.protocol == permission.protocol
                    && seen.from_port == permission.from_port
                    && seen.to_port == permission.to_port
            })
            .unwrap_or_else(|| {
                let mut value = Map::new();
                value.insert("IpProtocol".into(), json!(permission.protocol));
                if let (Some(from), Some(to)) = (permission.from_port, permission.to_port) {
                    value.insert("FromPort".into(), json!(from));
                    value.insert("ToPort".into(), json!(to));
                }
                for list in [
                    "UserIdGroupPairs",
                    "IpRanges",
                    "Ipv6Ranges",
                    "PrefixListIds",
                ] {
                    value.insert(list.into(), json!([]));
                }
                permissions.push((permission, value));
                permissions.len() - 1
            });
        let (list, mut peer) = match &permission.peer {
            Peer::Ipv4(cidr) => ("IpRanges", json!({"CidrIp": cidr})),
            Peer::Ipv6(cidr) => ("Ipv6Ranges", json!({"CidrIpv6": cidr})),
            Peer::Group(id) => (
                "UserIdGroupPairs",
                json!({"UserId": context.account_id, "GroupId": id}),
            ),
            Peer::PrefixList(id) => ("PrefixListIds", json!({"PrefixListId": id})),
        };
        if let (Some(description), Some(peer)) = (&rule.description, peer.as_object_mut()) {
            peer.insert("Description".into(), json!(description));
        }
        if let Some(Value::Array(peers)) = permissions[index].1.get_mut(list) {
            peers.push(peer);
        }
    }
    permissions
        .into_iter()
        .map(|(_, value)| Value::Object(value))
        .collect()
}

/// A `SecurityGroupRule`.
fn rule_value(
    context: &Context<'_>,
    region: &Region,
    group_id: &str,
    rule: &Rule,
    direction: Direction,
) -> Value {
    let permission = &rule.permission;
    let mut value = json!({
        "SecurityGroupRuleId": rule.id,
        "GroupId": group_id,
        "GroupOwnerId": context.account_id,
        "IsEgress": direction == Direction::Egress,
        "IpProtocol": permission.protocol,
        // Rules without ports show -1, as AWS writes "all".
        "FromPort": permission.from_port.unwrap_or(-1),
        "ToPort": permission.to_port.unwrap_or(-1),
        "Description": rule.description,
        "Tags": tag_list(region, &rule.id),
        "SecurityGroupRuleArn": format!(
            "arn:aws:ec2:{}:{}:security-group-rule/{}",
            context.route.region, context.account_id, rule.id
        ),
    });
    let (member, peer) = match &permission.peer {
        Peer::Ipv4(cidr) => ("CidrIpv4", json!(cidr)),
        Peer::Ipv6(cidr) => ("CidrIpv6", json!(cidr)),
        Peer::Group(id) => (
            "ReferencedGroupInfo",
            json!({"GroupId": id, "UserId": context.account_id}),
        ),
        Peer::PrefixList(id) => ("PrefixListId", json!(id)),
    };
    if let Some(object) = value.as_object_mut() {
        object.insert(member.into(), peer);
    }
    value
}

// ---------------------------------------------------------------------------
// Finding groups.

/// The default VPC's id.
fn default_vpc_id(region: &Region) -> Option<String> {
    region
        .vpcs
        .iter()
        .find(|vpc| vpc.is_default)
        .map(|vpc| vpc.id.clone())
}

/// The index of the group an operation names by `GroupId`, or by `GroupName` (which, as
/// in EC2, names a group of the default VPC).
fn named_group(region: &Region, input: &Value) -> Result<usize, ServiceError> {
    if let Some(id) = text(input, "GroupId") {
        return region
            .security_groups
            .iter()
            .position(|group| group.id == id)
            .ok_or_else(|| error::invalid_group_not_found(id));
    }
    let Some(name) = text(input, "GroupName") else {
        return Err(error::missing_parameter("GroupId"));
    };
    group_in_default_vpc(region, name)
}

fn group_in_default_vpc(region: &Region, name: &str) -> Result<usize, ServiceError> {
    let vpc_id = default_vpc_id(region).unwrap_or_default();
    region
        .security_groups
        .iter()
        .position(|group| group.name == name && group.vpc_id == vpc_id)
        .ok_or_else(|| error::invalid_group_not_found_in_vpc(name, &vpc_id))
}

// ---------------------------------------------------------------------------
// Reading rules.

/// A rule the request asks for, before its peer is looked up.
struct RequestedRule {
    protocol: String,
    from_port: Option<i64>,
    to_port: Option<i64>,
    peer: RequestedPeer,
    description: Option<String>,
}

enum RequestedPeer {
    Ipv4(String),
    Ipv6(String),
    GroupId(String),
    GroupName(String),
    PrefixList(String),
}

/// Whether the request carries a rule in either form.
fn names_rules(input: &Value) -> bool {
    !items(input, "IpPermissions").is_empty()
        || [
            "IpProtocol",
            "CidrIp",
            "FromPort",
            "ToPort",
            "SourceSecurityGroupName",
        ]
        .iter()
        .any(|member| input.get(*member).is_some())
}

/// The rules of a request: its `IpPermissions`, or the single rule of the older flat
/// parameters (`IpProtocol`, `FromPort`, `ToPort`, `CidrIp`, `SourceSecurityGroupName`).
fn requested_rules(input: &Value) -> Vec<RequestedRule> {
    let permissions = items(input, "IpPermissions");
    if permissions.is_empty() {
        return flat_rules(input);
    }
    let mut rules = Vec::new();
    for permission in permissions {
        let protocol = text(permission, "IpProtocol").unwrap_or_default();
        let from_port = permission.get("FromPort").and_then(Value::as_i64);
        let to_port = permission.get("ToPort").and_then(Value::as_i64);
        let mut push = |peer: RequestedPeer, entry: &Value| {
            rules.push(RequestedRule {
                protocol: protocol.to_owned(),
                from_port,
                to_port,
                peer,
                description: text(entry, "Description").map(str::to_owned),
            });
        };
        for range in items(permission, "IpRanges") {
            push(
                RequestedPeer::Ipv4(text(range, "CidrIp").unwrap_or_default().into()),
                range,
            );
        }
        for range in items(permission, "Ipv6Ranges") {
            push(
                RequestedPeer::Ipv6(text(range, "CidrIpv6").unwrap_or_default().into()),
                range,
            );
        }
        for pair in items(permission, "UserIdGroupPairs") {
            let peer = match (text(pair, "GroupId"), text(pair, "GroupName")) {
                (Some(id), _) => RequestedPeer::GroupId(id.into()),
                (None, Some(name)) => RequestedPeer::GroupName(name.into()),
                (None, None) => RequestedPeer::GroupId(String::new()),
            };
            push(peer, pair);
        }
        for list in items(permission, "PrefixListIds") {
            push(
                RequestedPeer::PrefixList(text(list, "PrefixListId").unwrap_or_default().into()),
                list,
            );
        }
    }
    rules
}

/// The flat form: one rule for `CidrIp`; for `SourceSecurityGroupName` alone, as EC2
/// documents it, full TCP, UDP and ICMP access from that group.
fn flat_rules(input: &Value) -> Vec<RequestedRule> {
    let protocol = text(input, "IpProtocol");
    let from_port = input.get("FromPort").and_then(Value::as_i64);
    let to_port = input.get("ToPort").and_then(Value::as_i64);
    let rule = |protocol: &str, from_port, to_port, peer| RequestedRule {
        protocol: protocol.to_owned(),
        from_port,
        to_port,
        peer,
        description: None,
    };
    if let Some(name) = text(input, "SourceSecurityGroupName") {
        let group = || RequestedPeer::GroupName(name.to_owned());
        return match protocol {
            Some(protocol) => vec![rule(protocol, from_port, to_port, group())],
            None => vec![
                rule("icmp", Some(-1), Some(-1), group()),
                rule("tcp", Some(0), Some(65_535), group()),
                rule("udp", Some(0), Some(65_535), group()),
            ],
        };
    }
    let cidr = text(input, "CidrIp").unwrap_or_default();
    vec![rule(
        protocol.unwrap_or_default(),
        from_port,
        to_port,
        RequestedPeer::Ipv4(cidr.to_owned()),
    )]
}

/// The protocol as EC2 keeps it: names for TCP, UDP, ICMP and ICMPv6 (given by name or
/// number), `-1` for all, other protocols by number.
fn protocol_name(text: &str) -> Result<String, ServiceError> {
    let name = match text.to_ascii_lowercase().as_str() {
        "tcp" | "6" => "tcp".to_owned(),
        "udp" | "17" => "udp".to_owned(),
        "icmp" | "1" => "icmp".to_owned(),
        "icmpv6" | "58" => "icmpv6".to_owned(),
        "-1" | "all" => ALL_PROTOCOLS.to_owned(),
        number if number.parse::<u8>().is_ok() => number.to_owned(),
        _ => {
            let shown = if text.is_empty() { "null" } else { text };
            return Err(error::invalid_parameter_value(format!(
                "Invalid value '{shown}' for IP protocol. Unknown protocol."
            )));
        }
    };
    Ok(name)
}

/// The port range a rule keeps: TCP and UDP need both ends (0 to 65535, in order), ICMP
/// takes a type and code (-1 for all); other protocols allow every port and keep none.
fn port_range(
    protocol: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<(Option<i64>, Option<i64>), ServiceError> {
    match protocol {
        "tcp" | "udp" => {
            let (Some(from), Some(to)) = (from, to) else {
                return Err(error::invalid_parameter_value(
                    "Invalid value for portRange. Must specify both from and to ports with \
                     TCP/UDP.",
                ));
            };
            if !(0..=65_535).contains(&from) || !(0..=65_535).contains(&to) || from > to {
                return Err(error::invalid_parameter_value(format!(
                    "Invalid value for portRange: {from}-{to}. The ports must be from 0 to \
                     65535, the first no greater than the last."
                )));
            }
            Ok((Some(from), Some(to)))
        }
        "icmp" | "icmpv6" => Ok((Some(from.unwrap_or(-1)), Some(to.unwrap_or(-1)))),
        _ => Ok((None, None)),
    }
}

/// The permission a requested rule of `group` stands for, its peer looked up.
fn permission_of(
    region: &Region,
    group: &SecurityGroup,
    requested: &RequestedRule,
) -> Result<Permission, ServiceError> {
    let protocol = protocol_name(&requested.protocol)?;
    let (from_port, to_port) = port_range(&protocol, requested.from_port, requested.to_port)?;
    let peer = match &requested.peer {
        RequestedPeer::Ipv4(cidr) => {
            if Ipv4Block::parse(cidr).is_none() {
                return Err(error::invalid_parameter_value(format!(
                    "CIDR block {cidr} is malformed"
                )));
            }
            Peer::Ipv4(cidr.clone())
        }
        RequestedPeer::Ipv6(cidr) => {
            if !is_ipv6_block(cidr) {
                return Err(error::invalid_parameter_value(format!(
                    "CIDR block {cidr} is malformed"
                )));
            }
            Peer::Ipv6(cidr.clone())
        }
        RequestedPeer::GroupId(id) => {
            if !region.security_groups.iter().any(|other| &other.id == id) {
                return Err(error::invalid_group_not_found(id));
            }
            Peer::Group(id.clone())
        }
        RequestedPeer::GroupName(name) => region
            .security_groups
            .iter()
            .find(|other| &other.name == name && other.vpc_id == group.vpc_id)
            .map(|other| Peer::Group(other.id.clone()))
            .ok_or_else(|| error::invalid_group_not_found(name))?,
        RequestedPeer::PrefixList(id) => Peer::PrefixList(id.clone()),
    };
    Ok(Permission {
        protocol,
        from_port,
        to_port,
        peer,
    })
}

// ---------------------------------------------------------------------------
// Groups.

pub(super) fn create_security_group(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let name = text(input, "GroupName").ok_or_else(|| error::missing_parameter("GroupName"))?;
    let description =
        text(input, "Description").ok_or_else(|| error::missing_parameter("GroupDescription"))?;
    if name.starts_with("sg-") {
        return Err(error::invalid_parameter_value(
            "Group names may not be in the format sg-*.",
        ));
    }
    state.with_region(&context.route.region, |region| {
        let vpc_id = match text(input, "VpcId") {
            Some(id) if region.vpcs.iter().any(|vpc| vpc.id == id) => id.to_owned(),
            Some(id) => return Err(error::invalid_vpc_id_not_found(id)),
            None => default_vpc_id(region).unwrap_or_default(),
        };
        // Names are unique within a VPC, whatever their case.
        if region
            .security_groups
            .iter()
            .any(|group| group.vpc_id == vpc_id && group.name.eq_ignore_ascii_case(name))
        {
            return Err(error::invalid_group_duplicate(name));
        }
        let group = SecurityGroup::new(
            context.random.security_group_id(),
            name.to_owned(),
            description.to_owned(),
            vpc_id,
        );
        apply_tag_specifications(region, input, &group.id, Some("security-group"));
        let tags = tag_list(region, &group.id);
        let mut output = json!({
            "GroupId": group.id,
            "SecurityGroupArn": group_arn(context, &group.id),
        });
        // The tags the request applied, as EC2 answers them; none, no list.
        if tags.as_array().is_some_and(|tags| !tags.is_empty())
            && let Some(object) = output.as_object_mut()
        {
            object.insert("Tags".into(), tags);
        }
        region.security_groups.push(group);
        Ok(output)
    })
}

/// DeleteSecurityGroup. A VPC's default group cannot be deleted, nor a group another
/// group's rules refer to or an instance that is not terminated uses.
pub(super) fn delete_security_group(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        let index = named_group(region, input)?;
        let group = &region.security_groups[index];
        if group.name == DEFAULT_GROUP_NAME {
            return Err(error::cannot_delete_default_group(&group.id));
        }
        let referenced = region
            .security_groups
            .iter()
            .any(|other| other.id != group.id && other.refers_to(&group.id));
        let in_use = region.instances.iter().any(|instance| {
            instance.state != State::Terminated
                && instance
                    .security_groups
                    .iter()
                    .any(|(id, _)| *id == group.id)
        });
        if referenced || in_use {
            return Err(error::dependency_violation(format!(
                "resource {} has a dependent object",
                group.id
            )));
        }
        let group = region.security_groups.remove(index);
        region.tags.forget(&group.id);
        for rule in group.ingress.iter().chain(&group.egress) {
            region.tags.forget(&rule.id);
        }
        Ok(json!({"Return": true, "GroupId": group.id}))
    })
}

/// The values of a group for a DescribeSecurityGroups filter.
fn group_values(
    context: &Context<'_>,
    region: &Region,
    group: &SecurityGroup,
    name: &str,
) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    let (direction, rule_filter) = match name.strip_prefix("egress.ip-permission.") {
        Some(rest) => (Direction::Egress, Some(rest)),
        None => (Direction::Ingress, name.strip_prefix("ip-permission.")),
    };
    if let Some(rule_filter) = rule_filter {
        let rules = group.rules(direction);
        let values = rules.iter().filter_map(|rule| {
            let permission = &rule.permission;
            match (rule_filter, &permission.peer) {
                ("cidr", Peer::Ipv4(cidr)) | ("ipv6-cidr", Peer::Ipv6(cidr)) => Some(cidr.clone()),
                ("group-id", Peer::Group(id)) | ("prefix-list-id", Peer::PrefixList(id)) => {
                    Some(id.clone())
                }
                ("group-name", Peer::Group(id)) => region
                    .security_groups
                    .iter()
                    .find(|other| &other.id == id)
                    .map(|other| other.name.clone()),
                ("user-id", Peer::Group(_)) => Some(context.account_id.to_owned()),
                ("protocol", _) => Some(permission.protocol.clone()),
                ("from-port", _) => permission.from_port.map(|port| port.to_string()),
                ("to-port", _) => permission.to_port.map(|port| port.to_string()),
                _ => None,
            }
        });
        return match rule_filter {
            "cidr" | "ipv6-cidr" | "group-id" | "prefix-list-id" | "group-name" | "user-id"
            | "protocol" | "from-port" | "to-port" => Some(values.collect()),
            _ => None,
        };
    }
    match name {
        "group-id" => one(&group.id),
        "group-name" => one(&group.name),
        "vpc-id" => one(&group.vpc_id),
        "description" => one(&group.description),
        "owner-id" => one(context.account_id),
        other => tag_values(region, &group.id, other),
    }
}

/// DescribeSecurityGroups: by id, by name (groups of the default VPC), and by filters.
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
        let mut named = Vec::new();
        for name in &names {
            named.push(group_in_default_vpc(region, name)?);
        }
        let mut groups = Vec::new();
        for (index, group) in region.security_groups.iter().enumerate() {
            if (!ids.is_empty() && !ids.contains(&group.id.as_str()))
                || (!names.is_empty() && !named.contains(&index))
            {
                continue;
            }
            if passes(&filters, |name| group_values(context, region, group, name))? {
                groups.push(group_value(context, region, group));
            }
        }
        Ok(json!({ "SecurityGroups": groups }))
    })
}

/// DescribeSecurityGroupRules: every rule of every group, each group's outbound rules
/// first, by rule id and by filters (`group-id`, `security-group-rule-id`, tags).
pub(super) fn describe_security_group_rules(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let ids = strings(input, "SecurityGroupRuleIds");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        let every_rule = || {
            region.security_groups.iter().flat_map(|group| {
                [Direction::Egress, Direction::Ingress]
                    .into_iter()
                    .flat_map(move |direction| {
                        group
                            .rules(direction)
                            .iter()
                            .map(move |rule| (group, rule, direction))
                    })
            })
        };
        if let Some(missing) = ids
            .iter()
            .find(|id| !every_rule().any(|(_, rule, _)| rule.id == **id))
        {
            return Err(error::invalid_security_group_rule_id_not_found(missing));
        }
        let mut rules = Vec::new();
        for (group, rule, direction) in every_rule() {
            if !ids.is_empty() && !ids.contains(&rule.id.as_str()) {
                continue;
            }
            let values_of = |name: &str| match name {
                "group-id" => Some(vec![group.id.clone()]),
                "security-group-rule-id" => Some(vec![rule.id.clone()]),
                other => tag_values(region, &rule.id, other),
            };
            if passes(&filters, values_of)? {
                rules.push(rule_value(context, region, &group.id, rule, direction));
            }
        }
        Ok(json!({ "SecurityGroupRules": rules }))
    })
}

// ---------------------------------------------------------------------------
// Rules.

pub(super) fn authorize_security_group_ingress(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    authorize(state, context, input, Direction::Ingress)
}

pub(super) fn authorize_security_group_egress(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    authorize(state, context, input, Direction::Egress)
}

/// Adds every requested rule, or none: a rule the group already has (or that the request
/// repeats) is `InvalidPermission.Duplicate`. Answers the rules added.
fn authorize(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
    direction: Direction,
) -> Answer {
    if !names_rules(input) {
        return Err(error::missing_parameter("IpPermissions"));
    }
    let requested = requested_rules(input);
    state.with_region(&context.route.region, |region| {
        let index = named_group(region, input)?;
        let mut permissions: Vec<(Permission, Option<String>)> = Vec::new();
        for rule in &requested {
            let permission = permission_of(region, &region.security_groups[index], rule)?;
            let existing = region.security_groups[index].rules(direction);
            if existing.iter().any(|rule| rule.permission == permission)
                || permissions.iter().any(|(seen, _)| *seen == permission)
            {
                return Err(error::invalid_permission_duplicate());
            }
            permissions.push((permission, rule.description.clone()));
        }
        let group = &mut region.security_groups[index];
        let group_id = group.id.clone();
        let mut added = Vec::new();
        for (permission, description) in permissions {
            let rule = group.new_rule(permission, description);
            added.push(rule.clone());
            group.rules_mut(direction).push(rule);
        }
        let rules: Vec<Value> = added
            .iter()
            .map(|rule| {
                apply_tag_specifications(region, input, &rule.id, Some("security-group-rule"));
                rule_value(context, region, &group_id, rule, direction)
            })
            .collect();
        Ok(json!({"Return": true, "SecurityGroupRules": rules}))
    })
}

pub(super) fn revoke_security_group_ingress(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    revoke(state, context, input, Direction::Ingress)
}

pub(super) fn revoke_security_group_egress(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    revoke(state, context, input, Direction::Egress)
}

/// Removes rules named by id or by what they allow. A rule the group does not have is
/// `InvalidPermission.NotFound` in a VPC of one's own and nothing is removed; in the
/// default VPC, as EC2 documents, the rest are removed and the unknown ones listed.
fn revoke(state: &Ec2State, context: &Context<'_>, input: &Value, direction: Direction) -> Answer {
    let rule_ids = strings(input, "SecurityGroupRuleIds");
    if rule_ids.is_empty() && !names_rules(input) {
        return Err(error::missing_parameter("IpPermissions"));
    }
    let requested = requested_rules(input);
    state.with_region(&context.route.region, |region| {
        let index = named_group(region, input)?;
        let in_default_vpc = default_vpc_id(region).as_deref()
            == Some(region.security_groups[index].vpc_id.as_str());
        let mut revoked: Vec<String> = Vec::new();
        let mut unknown: Vec<Value> = Vec::new();
        let group = &region.security_groups[index];
        if rule_ids.is_empty() {
            for requested in &requested {
                let permission = permission_of(region, group, requested)?;
                match group
                    .rules(direction)
                    .iter()
                    .find(|rule| rule.permission == permission)
                {
                    Some(rule) => revoked.push(rule.id.clone()),
                    None => unknown.extend(permissions_value(
                        context,
                        &[Rule {
                            id: String::new(),
                            permission,
                            description: None,
                        }],
                    )),
                }
            }
        } else {
            for id in &rule_ids {
                if group.rules(direction).iter().any(|rule| rule.id == *id) {
                    revoked.push((*id).to_owned());
                } else {
                    return Err(error::invalid_security_group_rule_id_not_found(id));
                }
            }
        }
        if !unknown.is_empty() && !in_default_vpc {
            return Err(error::invalid_permission_not_found());
        }
        let group_id = group.id.clone();
        let rules = region.security_groups[index].rules_mut(direction);
        let (gone, kept): (Vec<Rule>, Vec<Rule>) = std::mem::take(rules)
            .into_iter()
            .partition(|rule| revoked.contains(&rule.id));
        *rules = kept;
        let revoked_rules: Vec<Value> = gone
            .iter()
            .map(|rule| revoked_rule_value(&group_id, rule, direction))
            .collect();
        for rule in &gone {
            region.tags.forget(&rule.id);
        }
        let mut output = json!({"Return": true, "RevokedSecurityGroupRules": revoked_rules});
        if !unknown.is_empty()
            && let Some(object) = output.as_object_mut()
        {
            object.insert("UnknownIpPermissions".into(), Value::Array(unknown));
        }
        Ok(output)
    })
}

/// A `RevokedSecurityGroupRule`.
fn revoked_rule_value(group_id: &str, rule: &Rule, direction: Direction) -> Value {
    let permission = &rule.permission;
    let mut value = json!({
        "SecurityGroupRuleId": rule.id,
        "GroupId": group_id,
        "IsEgress": direction == Direction::Egress,
        "IpProtocol": permission.protocol,
        "FromPort": permission.from_port.unwrap_or(-1),
        "ToPort": permission.to_port.unwrap_or(-1),
        "Description": rule.description,
    });
    let (member, peer) = match &permission.peer {
        Peer::Ipv4(cidr) => ("CidrIpv4", cidr),
        Peer::Ipv6(cidr) => ("CidrIpv6", cidr),
        Peer::Group(id) => ("ReferencedGroupId", id),
        Peer::PrefixList(id) => ("PrefixListId", id),
    };
    if let Some(object) = value.as_object_mut() {
        object.insert(member.into(), json!(peer));
    }
    value
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::testing::Backend;

    fn create(backend: &Backend, name: &str) -> String {
        let created = backend.ok(
            "CreateSecurityGroup",
            json!({"GroupName": name, "Description": name}),
        );
        created["GroupId"].as_str().unwrap().to_owned()
    }

    fn group(backend: &Backend, id: &str) -> Value {
        let described = backend.ok("DescribeSecurityGroups", json!({"GroupIds": [id]}));
        described["SecurityGroups"][0].clone()
    }

    fn tcp(port: i64, cidr: &str) -> Value {
        json!({"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
               "IpRanges": [{"CidrIp": cidr}]})
    }

    #[test]
    fn new_groups_send_anything_anywhere_and_answer_their_arn() {
        let backend = Backend::new();
        let created = backend.ok(
            "CreateSecurityGroup",
            json!({"GroupName": "web", "Description": "web"}),
        );
        let id = created["GroupId"].as_str().unwrap();
        assert_eq!(
            created["SecurityGroupArn"],
            format!("arn:aws:ec2:us-east-1:123456789012:security-group/{id}")
        );
        assert!(
            created.get("Tags").is_none(),
            "no tags asked for: {created}"
        );
        let group = group(&backend, id);
        assert_eq!(group["IpPermissions"], json!([]));
        assert_eq!(
            group["IpPermissionsEgress"],
            json!([{"IpProtocol": "-1", "UserIdGroupPairs": [], "Ipv6Ranges": [],
                    "PrefixListIds": [], "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        );
        assert_eq!(
            backend.code(
                "CreateSecurityGroup",
                json!({"GroupName": "WEB", "Description": "x"})
            ),
            "InvalidGroup.Duplicate"
        );
        assert_eq!(
            backend.code(
                "CreateSecurityGroup",
                json!({"GroupName": "db", "Description": "x", "VpcId": "vpc-00000000000000000"})
            ),
            "InvalidVpcID.NotFound"
        );
    }

    #[test]
    fn the_default_group_lets_its_members_in_and_cannot_be_deleted() {
        let backend = Backend::new();
        let described = backend.ok("DescribeSecurityGroups", json!({"GroupNames": ["default"]}));
        let default = &described["SecurityGroups"][0];
        let id = default["GroupId"].as_str().unwrap();
        assert_eq!(
            default["IpPermissions"][0]["UserIdGroupPairs"],
            json!([{"UserId": "123456789012", "GroupId": id}])
        );
        assert_eq!(
            backend.code("DeleteSecurityGroup", json!({"GroupId": id})),
            "CannotDelete"
        );
        assert_eq!(
            backend.code("DescribeSecurityGroups", json!({"GroupNames": ["nope"]})),
            "InvalidGroup.NotFound"
        );
    }

    #[test]
    fn both_forms_of_authorize_add_rules_with_derived_ids() {
        let backend = Backend::new();
        let web = create(&backend, "web");
        let db = create(&backend, "db");
        let before = backend.random.security_group_id();
        backend.random.seed(42);
        let backend = {
            // Same sequence again: authorising draws nothing, so the next id is unchanged.
            let again = Backend::new();
            assert_eq!(create(&again, "web"), web);
            assert_eq!(create(&again, "db"), db);
            again
        };
        let listed = backend.ok(
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": web, "IpPermissions": [tcp(443, "0.0.0.0/0"), tcp(80, "10.0.0.0/8")]}),
        );
        let rules = listed["SecurityGroupRules"].as_array().unwrap();
        assert_eq!(rules.len(), 2, "every rule added is answered: {listed}");
        assert_eq!(rules[0]["FromPort"], 443);
        assert_eq!(rules[1]["CidrIpv4"], "10.0.0.0/8");
        assert_eq!(rules[0]["IsEgress"], false);
        assert!(
            rules[0]["SecurityGroupRuleId"]
                .as_str()
                .unwrap()
                .starts_with("sgr-")
        );
        assert_ne!(
            rules[0]["SecurityGroupRuleId"],
            rules[1]["SecurityGroupRuleId"]
        );
        let flat = backend.ok(
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": db, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                   "CidrIp": "172.31.0.0/16"}),
        );
        assert_eq!(flat["SecurityGroupRules"][0]["CidrIpv4"], "172.31.0.0/16");
        assert_eq!(
            backend.code(
                "AuthorizeSecurityGroupIngress",
                json!({"GroupId": db, "IpProtocol": "6", "FromPort": 5432, "ToPort": 5432,
                       "CidrIp": "172.31.0.0/16"})
            ),
            "InvalidPermission.Duplicate",
            "protocol 6 is tcp"
        );
        backend.ok(
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": db, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 5432,
                   "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]}]}),
        );
        // Rules with the same protocol and ports are listed together.
        let db_group = group(&backend, &db);
        assert_eq!(db_group["IpPermissions"].as_array().unwrap().len(), 1);
        assert_eq!(
            db_group["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"],
            json!(web)
        );
        assert_eq!(backend.random.security_group_id(), before);
    }

    #[test]
    fn bad_rules_are_refused_before_anything_is_added() {
        let backend = Backend::new();
        let web = create(&backend, "web");
        for (permission, code) in [
            (tcp(22, "10.0.0.0/33"), "InvalidParameterValue"),
            (
                json!({"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}),
                "InvalidParameterValue",
            ),
            (
                json!({"IpProtocol": "bogus", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}),
                "InvalidParameterValue",
            ),
            (
                json!({"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-00000000"}]}),
                "InvalidGroup.NotFound",
            ),
        ] {
            let input =
                json!({"GroupId": web, "IpPermissions": [tcp(22, "10.0.0.0/8"), permission]});
            assert_eq!(backend.code("AuthorizeSecurityGroupIngress", input), code);
        }
        assert_eq!(group(&backend, &web)["IpPermissions"], json!([]));
        assert_eq!(
            backend.code(
                "AuthorizeSecurityGroupIngress",
                json!({"GroupId": "sg-0000000000000dead", "IpPermissions": [tcp(22, "0.0.0.0/0")]})
            ),
            "InvalidGroup.NotFound"
        );
    }

    #[test]
    fn rules_are_revoked_by_what_they_allow_or_by_id() {
        let backend = Backend::new();
        let web = create(&backend, "web");
        let added = backend.ok(
            "AuthorizeSecurityGroupEgress",
            json!({"GroupId": web, "IpPermissions": [tcp(5432, "10.0.0.0/8")]}),
        );
        let rule_id = added["SecurityGroupRules"][0]["SecurityGroupRuleId"].clone();
        assert_eq!(added["SecurityGroupRules"][0]["IsEgress"], true);
        let revoked = backend.ok(
            "RevokeSecurityGroupEgress",
            json!({"GroupId": web, "IpPermissions": [
                {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
        );
        assert_eq!(
            revoked["RevokedSecurityGroupRules"][0]["CidrIpv4"],
            "0.0.0.0/0"
        );
        assert_eq!(
            revoked.get("UnknownIpPermissions"),
            None,
            "nothing unknown: {revoked}"
        );
        backend.ok(
            "RevokeSecurityGroupEgress",
            json!({"GroupId": web, "SecurityGroupRuleIds": [rule_id]}),
        );
        assert_eq!(group(&backend, &web)["IpPermissionsEgress"], json!([]));
        // In the default VPC an unknown rule is listed, not refused.
        let unknown = backend.ok(
            "RevokeSecurityGroupIngress",
            json!({"GroupId": web, "IpPermissions": [tcp(22, "0.0.0.0/0")]}),
        );
        assert_eq!(unknown["UnknownIpPermissions"][0]["FromPort"], 22);
        assert_eq!(
            backend.code(
                "RevokeSecurityGroupIngress",
                json!({"GroupId": web, "SecurityGroupRuleIds": ["sgr-00000000000000000"]})
            ),
            "InvalidSecurityGroupRuleId.NotFound"
        );
    }

    #[test]
    fn rules_are_described_outbound_first_and_filtered_by_group() {
        let backend = Backend::new();
        let web = create(&backend, "web");
        let db = create(&backend, "db");
        backend.ok(
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": db, "IpPermissions": [tcp(5432, "10.0.0.0/8")],
                   "TagSpecifications": [{"ResourceType": "security-group-rule",
                                          "Tags": [{"Key": "k", "Value": "v"}]}]}),
        );
        let rules = backend.ok(
            "DescribeSecurityGroupRules",
            json!({"Filters": [{"Name": "group-id", "Values": [db]}]}),
        );
        let rules = rules["SecurityGroupRules"].as_array().unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0]["IsEgress"], true);
        assert_eq!(rules[0]["FromPort"], -1);
        assert_eq!(rules[1]["Tags"], json!([{"Key": "k", "Value": "v"}]));
        assert_eq!(rules[1]["GroupOwnerId"], "123456789012");
        let all = backend.ok("DescribeSecurityGroupRules", json!({}));
        // The default group (2 rules), web (1) and db (2).
        assert_eq!(all["SecurityGroupRules"].as_array().unwrap().len(), 5);
        let by_port = backend.ok(
            "DescribeSecurityGroups",
            json!({"Filters": [{"Name": "ip-permission.from-port", "Values": ["5432"]}]}),
        );
        assert_eq!(by_port["SecurityGroups"].as_array().unwrap().len(), 1);
        assert_eq!(by_port["SecurityGroups"][0]["GroupId"], json!(db));
        let egress = backend.ok(
            "DescribeSecurityGroups",
            json!({"Filters": [{"Name": "egress.ip-permission.cidr", "Values": ["0.0.0.0/0"]},
                               {"Name": "group-name", "Values": ["w*"]}]}),
        );
        assert_eq!(egress["SecurityGroups"][0]["GroupId"], json!(web));
    }

    #[test]
    fn a_group_in_use_is_not_deleted() {
        let backend = Backend::new();
        let web = create(&backend, "web");
        let db = create(&backend, "db");
        backend.ok(
            "AuthorizeSecurityGroupIngress",
            json!({"GroupId": db, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 1,
                   "ToPort": 2, "UserIdGroupPairs": [{"GroupId": web}]}]}),
        );
        assert_eq!(
            backend.code("DeleteSecurityGroup", json!({"GroupId": web})),
            "DependencyViolation"
        );
        let deleted = backend.ok("DeleteSecurityGroup", json!({"GroupName": "db"}));
        assert_eq!(deleted, json!({"Return": true, "GroupId": db}));
        let launched = backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1,
                   "SecurityGroupIds": [web]}),
        );
        let instance = launched["Instances"][0]["InstanceId"].clone();
        assert_eq!(
            backend.code("DeleteSecurityGroup", json!({"GroupId": web})),
            "DependencyViolation",
            "a running instance uses it"
        );
        backend.ok("TerminateInstances", json!({"InstanceIds": [instance]}));
        backend.ok(
            "CreateTags",
            json!({"Resources": [web], "Tags": [{"Key": "k", "Value": "v"}]}),
        );
        backend.ok("DeleteSecurityGroup", json!({"GroupId": web}));
        assert!(
            !backend.region(|region| region.tags.iter().any(|(resource, _)| resource == web)),
            "its tags go with it"
        );
        assert_eq!(
            backend.code("DeleteSecurityGroup", json!({"GroupId": web})),
            "InvalidGroup.NotFound"
        );
        assert_eq!(
            backend.code("DescribeSecurityGroups", json!({"GroupIds": [web]})),
            "InvalidGroup.NotFound"
        );
    }
}
