//! The state of a region's network, with no HTTP: VPCs, subnets and security groups.

use super::model::default_id;

/// A VPC.
#[derive(Debug, Clone)]
pub(super) struct Vpc {
    pub(super) id: String,
    pub(super) cidr: String,
    pub(super) is_default: bool,
}

/// A subnet.
#[derive(Debug, Clone)]
pub(super) struct Subnet {
    pub(super) id: String,
    pub(super) vpc_id: String,
    pub(super) cidr: String,
    pub(super) zone: String,
    pub(super) is_default: bool,
    /// How many addresses have been handed out (deterministic private IPs).
    pub(super) used: u32,
}

/// A security group: its rules in each direction, in the order they were added.
#[derive(Debug, Clone)]
pub(super) struct SecurityGroup {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) vpc_id: String,
    pub(super) ingress: Vec<Rule>,
    pub(super) egress: Vec<Rule>,
    /// How many rules the group has ever had: the next rule's id derives from it.
    pub(super) rules_made: u32,
}

impl SecurityGroup {
    /// A new group of a VPC with the rule every such group starts with: all traffic out
    /// to anywhere.
    pub(super) fn new(id: String, name: String, description: String, vpc_id: String) -> Self {
        let mut group = SecurityGroup {
            id,
            name,
            description,
            vpc_id,
            ingress: Vec::new(),
            egress: Vec::new(),
            rules_made: 0,
        };
        let everything = Permission {
            protocol: ALL_PROTOCOLS.to_owned(),
            from_port: None,
            to_port: None,
            peer: Peer::Ipv4("0.0.0.0/0".to_owned()),
        };
        let rule = group.new_rule(everything, None);
        group.egress.push(rule);
        group
    }

    /// The default group every VPC has: besides the outbound rule of every group, it
    /// lets in all traffic from its own members.
    pub(super) fn vpc_default(id: String, vpc_id: String) -> Self {
        let mut group = SecurityGroup::new(
            id,
            DEFAULT_GROUP_NAME.to_owned(),
            "default VPC security group".to_owned(),
            vpc_id,
        );
        let from_members = Permission {
            protocol: ALL_PROTOCOLS.to_owned(),
            from_port: None,
            to_port: None,
            peer: Peer::Group(group.id.clone()),
        };
        let rule = group.new_rule(from_members, None);
        group.ingress.push(rule);
        group
    }

    /// A rule of this group with the next id. Rule ids derive from the group's id and
    /// the rule's number in it, so that adding rules draws no random numbers and the ids
    /// of every later resource stay where they were.
    pub(super) fn new_rule(&mut self, permission: Permission, description: Option<String>) -> Rule {
        self.rules_made += 1;
        Rule {
            id: default_id("sgr", &self.id, &format!("rule-{}", self.rules_made)),
            permission,
            description,
        }
    }

    /// The rules in one direction.
    pub(super) fn rules(&self, direction: Direction) -> &Vec<Rule> {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    /// The rules in one direction, to change.
    pub(super) fn rules_mut(&mut self, direction: Direction) -> &mut Vec<Rule> {
        match direction {
            Direction::Ingress => &mut self.ingress,
            Direction::Egress => &mut self.egress,
        }
    }

    /// Whether a rule of this group names group `id` as its peer.
    pub(super) fn refers_to(&self, id: &str) -> bool {
        self.ingress
            .iter()
            .chain(&self.egress)
            .any(|rule| rule.permission.peer == Peer::Group(id.to_owned()))
    }
}

/// The name of the security group every VPC is created with, which cannot be deleted.
pub(super) const DEFAULT_GROUP_NAME: &str = "default";

/// The protocol of a rule that allows every protocol (and so every port).
pub(super) const ALL_PROTOCOLS: &str = "-1";

/// Inbound or outbound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Ingress,
    Egress,
}

/// What a rule allows: a protocol, a port range (for protocols that have ports) and the
/// peer traffic comes from or goes to. Two rules that allow the same are the same rule,
/// whatever their descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Permission {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
    pub(super) protocol: String,
    pub(super) from_port: Option<i64>,
    pub(super) to_port: Option<i64>,
    pub(super) peer: Peer,
}

/// The other side of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Peer {
    Ipv4(String),
    Ipv6(String),
    /// A security group of this account (possibly the rule's own).
    Group(String),
    PrefixList(String),
}

/// A rule of a security group.
#[derive(Debug, Clone)]
pub(super) struct Rule {
    /// `sgr-` and 17 hex digits.
    pub(super) id: String,
    pub(super) permission: Permission,
    pub(super) description: Option<String>,
}
