//! The state of a region's network, with no HTTP: VPCs, subnets and security groups.

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

/// A security group.
#[derive(Debug, Clone)]
pub(super) struct SecurityGroup {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) vpc_id: String,
    pub(super) ingress: Vec<Permission>,
}

/// One ingress rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Permission {
    pub(super) protocol: String,
    pub(super) from_port: Option<i64>,
    pub(super) to_port: Option<i64>,
    pub(super) cidrs: Vec<String>,
}
