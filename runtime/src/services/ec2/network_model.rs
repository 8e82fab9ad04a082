//! The state of a region's network, with no HTTP: VPCs, subnets, security groups,
//! internet gateways and route tables, and the default network every region starts with.

use std::net::Ipv4Addr;

use super::cidr::Ipv4Block;
use super::model::default_id;
use super::regions::zones;

/// A VPC.
#[derive(Debug, Clone)]
pub(super) struct Vpc {
    pub(super) id: String,
    /// The primary IPv4 block.
    pub(super) cidr: String,
    /// The association of the primary block (`vpc-cidr-assoc-...`).
    pub(super) cidr_association_id: String,
    pub(super) ipv6: Option<Ipv6Association>,
    pub(super) is_default: bool,
    /// `default`, `dedicated` or `host`.
    pub(super) tenancy: String,
    pub(super) dns_support: bool,
    pub(super) dns_hostnames: bool,
    pub(super) address_usage_metrics: bool,
}

impl Vpc {
    /// A VPC as CreateVpc makes it: DNS resolution on, DNS hostnames off (AWS turns them
    /// on only for default VPCs).
    pub(super) fn new(id: String, cidr: String, cidr_association_id: String) -> Vpc {
        Vpc {
            id,
            cidr,
            cidr_association_id,
            ipv6: None,
            is_default: false,
            tenancy: "default".to_owned(),
            dns_support: true,
            dns_hostnames: false,
            address_usage_metrics: false,
        }
    }
}

/// An Amazon-provided IPv6 block associated with a VPC.
#[derive(Debug, Clone)]
pub(super) struct Ipv6Association {
    pub(super) association_id: String,
    /// A /56.
    pub(super) cidr: String,
    pub(super) network_border_group: String,
}

/// A subnet.
#[derive(Debug, Clone)]
pub(super) struct Subnet {
    pub(super) id: String,
    pub(super) vpc_id: String,
    pub(super) cidr: String,
    /// The zone's name (`us-east-1a`).
    pub(super) zone: String,
    /// The zone's id (`use1-az6`).
    pub(super) zone_id: String,
    /// One of the default VPC's subnets, one per zone.
    pub(super) is_default: bool,
    /// How many addresses have been handed out (deterministic private IPs).
    pub(super) used: u32,
    pub(super) map_public_ip_on_launch: bool,
    pub(super) assign_ipv6_on_creation: bool,
    /// `ip-name` or `resource-name`.
    pub(super) hostname_type: String,
    pub(super) dns_a_record_on_launch: bool,
    pub(super) dns_aaaa_record_on_launch: bool,
}

impl Subnet {
    /// A subnet as CreateSubnet makes it in `zone` (name and id): no public addresses on
    /// launch, hostnames from the private address.
    pub(super) fn new(id: String, vpc_id: String, cidr: String, zone: (&str, &str)) -> Subnet {
        let (zone, zone_id) = zone;
        Subnet {
            id,
            vpc_id,
            cidr,
            zone: zone.to_owned(),
            zone_id: zone_id.to_owned(),
            is_default: false,
            used: 0,
            map_public_ip_on_launch: false,
            assign_ipv6_on_creation: false,
            hostname_type: "ip-name".to_owned(),
            dns_a_record_on_launch: false,
            dns_aaaa_record_on_launch: false,
        }
    }

    /// Addresses left: the block's, less the five AWS reserves and those handed out.
    pub(super) fn available_addresses(&self) -> u64 {
        Ipv4Block::parse(&self.cidr)
            .map_or(0, Ipv4Block::size)
            .saturating_sub(5 + u64::from(self.used))
    }
}

/// An internet gateway, attached to at most one VPC.
#[derive(Debug, Clone)]
pub(super) struct InternetGateway {
    pub(super) id: String,
    pub(super) vpc_id: Option<String>,
}

/// A route table of a VPC: its routes, and the subnets (or the VPC as a whole, for the
/// main table) it is associated with.
#[derive(Debug, Clone)]
pub(super) struct RouteTable {
    pub(super) id: String,
    pub(super) vpc_id: String,
    pub(super) routes: Vec<Route>,
    pub(super) associations: Vec<RouteTableAssociation>,
}

impl RouteTable {
    /// A new table of `vpc`, with the local routes every table has.
    pub(super) fn new(id: String, vpc: &Vpc) -> RouteTable {
        let local = |destination| Route {
            destination,
            target: RouteTarget::Local,
            origin: RouteOrigin::CreateRouteTable,
        };
        let mut routes = vec![local(Destination::Ipv4(vpc.cidr.clone()))];
        if let Some(ipv6) = &vpc.ipv6 {
            routes.push(local(Destination::Ipv6(ipv6.cidr.clone())));
        }
        RouteTable {
            id,
            vpc_id: vpc.id.clone(),
            routes,
            associations: Vec::new(),
        }
    }

    /// Whether this is its VPC's main table.
    pub(super) fn is_main(&self) -> bool {
        self.associations.iter().any(|association| association.main)
    }
}

/// A route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Route {
    pub(super) destination: Destination,
    pub(super) target: RouteTarget,
    pub(super) origin: RouteOrigin,
}

/// Where a route's traffic is going.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Destination {
    Ipv4(String),
    Ipv6(String),
}

/// Where a route sends traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RouteTarget {
    /// Within the VPC.
    Local,
    /// An internet gateway.
    Gateway(String),
    /// An instance (as a NAT instance or appliance).
    Instance(String),
}

/// How a route came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RouteOrigin {
    /// Made with the table (the local route).
    CreateRouteTable,
    /// Added by CreateRoute (or with a default VPC).
    CreateRoute,
}

impl RouteOrigin {
    pub(super) fn name(self) -> &'static str {
        match self {
            RouteOrigin::CreateRouteTable => "CreateRouteTable",
            RouteOrigin::CreateRoute => "CreateRoute",
        }
    }
}

/// An association of a route table: the main one (with the VPC), or with a subnet or a
/// gateway.
#[derive(Debug, Clone)]
pub(super) struct RouteTableAssociation {
    /// `rtbassoc-...`.
    pub(super) id: String,
    pub(super) main: bool,
    pub(super) subnet_id: Option<String>,
    pub(super) gateway_id: Option<String>,
}

/// An Elastic IP address (for use in a VPC).
#[derive(Debug, Clone)]
pub(super) struct Address {
    /// `eipalloc-...`.
    pub(super) allocation_id: String,
    pub(super) public_ip: Ipv4Addr,
    pub(super) association: Option<AddressAssociation>,
}

/// Where an Elastic IP address points.
#[derive(Debug, Clone)]
pub(super) struct AddressAssociation {
    /// `eipassoc-...`.
    pub(super) id: String,
    pub(super) instance_id: String,
    /// The instance's private address the public one maps to.
    pub(super) private_ip: Ipv4Addr,
}

/// What every region starts with, as AWS makes a default VPC: the VPC (172.31.0.0/16),
/// one default subnet per zone (a /20 each, public addresses on launch), the default
/// security group, an internet gateway attached to the VPC and the main route table,
/// which sends everything that is not local to that gateway. Ids derive from the region,
/// never from the random source.
pub(super) struct DefaultNetwork {
    pub(super) vpc: Vpc,
    pub(super) subnets: Vec<Subnet>,
    pub(super) security_group: SecurityGroup,
    pub(super) internet_gateway: InternetGateway,
    pub(super) route_table: RouteTable,
}

impl DefaultNetwork {
    pub(super) fn of(region: &str) -> DefaultNetwork {
        let vpc = Vpc {
            is_default: true,
            dns_hostnames: true,
            ..Vpc::new(
                default_id("vpc", region, "default-vpc"),
                "172.31.0.0/16".to_owned(),
                default_id("vpc-cidr-assoc", region, "default-vpc"),
            )
        };
        let subnets = zones(region)
            .iter()
            .enumerate()
            .map(|(index, &zone)| {
                let letter = zone.0.chars().last().unwrap_or_default();
                Subnet {
                    is_default: true,
                    map_public_ip_on_launch: true,
                    ..Subnet::new(
                        default_id("subnet", region, &format!("default-subnet-{letter}")),
                        vpc.id.clone(),
                        format!("172.31.{}.0/20", index * 16),
                        zone,
                    )
                }
            })
            .collect();
        let internet_gateway = InternetGateway {
            id: default_id("igw", region, "default-internet-gateway"),
            vpc_id: Some(vpc.id.clone()),
        };
        let mut route_table =
            RouteTable::new(default_id("rtb", region, "default-main-route-table"), &vpc);
        route_table.routes.push(Route {
            destination: Destination::Ipv4("0.0.0.0/0".to_owned()),
            target: RouteTarget::Gateway(internet_gateway.id.clone()),
            origin: RouteOrigin::CreateRoute,
        });
        route_table.associations.push(RouteTableAssociation {
            id: default_id("rtbassoc", region, "default-main-association"),
            main: true,
            subnet_id: None,
            gateway_id: None,
        });
        DefaultNetwork {
            security_group: SecurityGroup::vpc_default(
                default_id("sg", region, "default-security-group"),
                vpc.id.clone(),
            ),
            vpc,
            subnets,
            internet_gateway,
            route_table,
        }
    }
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
