//! EC2 state per region, with no HTTP: instances and reservations, security groups,
//! tags, and the default VPC, subnets, security group and AMIs every region starts with.
//!
//! Default resources take their ids from a hash of region and label, not from the
//! random source, so they are the same whenever a region is first touched and never
//! shift the ids of instances created later.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use super::key_pair::KeyPair;
use super::network_model::{
    Address, DefaultNetwork, InternetGateway, RouteTable, SecurityGroup, Subnet, Vpc,
};

/// The regions EC2 answers for (DescribeRegions), as in Moto's default set.
pub(super) const REGIONS: [&str; 17] = [
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Availability zones per region: `<region>a` to `<region>c`.
pub(super) const ZONE_LETTERS: [char; 3] = ['a', 'b', 'c'];

/// The AMIs every region offers, including the ids Moto's documentation uses.
pub(super) const DEFAULT_IMAGES: [Image; 4] = [
    Image {
        id: "ami-12c6146b",
        name: "amzn-ami-vpc-nat-hvm-2015.03.0.x86_64-ebs",
        owner: "137112412989",
        architecture: "x86_64",
        platform: None,
    },
    Image {
        id: "ami-03cf127a",
        name: "ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-amd64-server-20170727",
        owner: "099720109477",
        architecture: "x86_64",
        platform: None,
    },
    Image {
        id: "ami-760aaa0f",
        name: "amzn2-ami-hvm-2.0.20180622.1-x86_64-gp2",
        owner: "137112412989",
        architecture: "x86_64",
        platform: None,
    },
    Image {
        id: "ami-1f4ec57b",
        name: "Windows_Server-2016-English-Full-Base-2018.07.11",
        owner: "801119661308",
        architecture: "x86_64",
        platform: Some("windows"),
    },
];

/// An AMI.
#[derive(Debug, Clone, Copy)]
pub(super) struct Image {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) owner: &'static str,
    pub(super) architecture: &'static str,
    pub(super) platform: Option<&'static str>,
}

/// An instance's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl State {
    pub(super) fn code(self) -> u16 {
        match self {
            State::Pending => 0,
            State::Running => 16,
            State::ShuttingDown => 32,
            State::Terminated => 48,
            State::Stopping => 64,
            State::Stopped => 80,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Running => "running",
            State::ShuttingDown => "shutting-down",
            State::Terminated => "terminated",
            State::Stopping => "stopping",
            State::Stopped => "stopped",
        }
    }
}

/// An instance.
#[derive(Debug, Clone)]
pub(super) struct Instance {
    pub(super) id: String,
    pub(super) reservation_id: String,
    pub(super) image_id: String,
    pub(super) instance_type: String,
    pub(super) state: State,
    pub(super) launch_time: SystemTime,
    pub(super) key_name: Option<String>,
    pub(super) subnet_id: String,
    pub(super) vpc_id: String,
    pub(super) zone: String,
    pub(super) private_ip: Ipv4Addr,
    pub(super) security_groups: Vec<(String, String)>,
    pub(super) user_data: Option<String>,
    pub(super) launch_index: u32,
}

/// A region's resources.
#[derive(Debug, Clone)]
pub(super) struct Region {
    pub(super) vpcs: Vec<Vpc>,
    pub(super) subnets: Vec<Subnet>,
    pub(super) security_groups: Vec<SecurityGroup>,
    pub(super) internet_gateways: Vec<InternetGateway>,
    pub(super) route_tables: Vec<RouteTable>,
    pub(super) key_pairs: Vec<KeyPair>,
    pub(super) addresses: Vec<Address>,
    pub(super) instances: Vec<Instance>,
    /// Tags by resource id.
    pub(super) tags: BTreeMap<String, BTreeMap<String, String>>,
    /// RunInstances client tokens and the reservation each made.
    pub(super) client_tokens: BTreeMap<String, String>,
}

impl Region {
    /// A region as AWS gives it: a default VPC with its subnets, security group, internet
    /// gateway and main route table.
    fn new(name: &str) -> Region {
        let network = DefaultNetwork::of(name);
        Region {
            vpcs: vec![network.vpc],
            subnets: network.subnets,
            security_groups: vec![network.security_group],
            internet_gateways: vec![network.internet_gateway],
            route_tables: vec![network.route_table],
            key_pairs: Vec::new(),
            addresses: Vec::new(),
            instances: Vec::new(),
            tags: BTreeMap::new(),
            client_tokens: BTreeMap::new(),
        }
    }

    /// The next private address in a subnet (from .4: AWS reserves the first four).
    pub(super) fn next_private_ip(&mut self, subnet_id: &str) -> Ipv4Addr {
        let Some(subnet) = self
            .subnets
            .iter_mut()
            .find(|subnet| subnet.id == subnet_id)
        else {
            return Ipv4Addr::UNSPECIFIED;
        };
        let base = subnet
            .cidr
            .split('/')
            .next()
            .and_then(|address| address.parse::<Ipv4Addr>().ok())
            .map_or(0, u32::from);
        subnet.used += 1;
        Ipv4Addr::from(base + 3 + subnet.used)
    }
}

/// A default resource's id: `prefix-` + 17 hex digits of a hash of region and label.
pub(super) fn default_id(prefix: &str, region: &str, label: &str) -> String {
    // FNV-1a, spread with SplitMix64's finaliser: stable across releases and machines.
    let mut hash = crate::random::fnv1a(format!("{region}:{label}").as_bytes());
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^= hash >> 31;
    // 16 hex digits from the hash and a 17th from folding its top and bottom nibbles.
    format!("{prefix}-{hash:016x}{:x}", (hash >> 60) ^ (hash & 0xf))
}

/// Every region of one backend.
#[derive(Debug, Default)]
pub struct Ec2State {
    regions: Mutex<BTreeMap<String, Region>>,
}

impl Ec2State {
    /// Forgets every region.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// Runs `act` on a region, creating it (without drawing random numbers) if new.
    pub(super) fn with_region<T>(&self, name: &str, act: impl FnOnce(&mut Region) -> T) -> T {
        let mut regions = self.lock();
        let region = regions
            .entry(name.to_owned())
            .or_insert_with(|| Region::new(name));
        act(region)
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Region>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ids_are_stable_and_shaped_like_aws() {
        let id = default_id("vpc", "us-east-1", "default-vpc");
        assert_eq!(id, default_id("vpc", "us-east-1", "default-vpc"));
        assert_ne!(id, default_id("vpc", "eu-west-1", "default-vpc"));
        let hex = id.strip_prefix("vpc-").unwrap();
        assert_eq!(hex.len(), 17, "{id}");
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }

    #[test]
    fn regions_start_with_their_default_network() {
        let region = Region::new("eu-west-1");
        assert_eq!(region.vpcs.len(), 1);
        assert_eq!(region.subnets.len(), 3);
        assert_eq!(region.subnets[1].cidr, "172.31.16.0/20");
        assert_eq!(region.subnets[2].zone, "eu-west-1c");
        assert_eq!(region.security_groups[0].name, "default");
    }

    #[test]
    fn private_addresses_are_handed_out_in_order() {
        let mut region = Region::new("us-east-1");
        let subnet = region.subnets[1].id.clone();
        assert_eq!(
            region.next_private_ip(&subnet),
            Ipv4Addr::new(172, 31, 16, 4)
        );
        assert_eq!(
            region.next_private_ip(&subnet),
            Ipv4Addr::new(172, 31, 16, 5)
        );
    }
}
