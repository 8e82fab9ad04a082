//! EC2 state per region, with no HTTP: instances and reservations, volumes, launch
//! templates, key pairs, the network (`network_model`) from the default one every region
//! starts with, Elastic IP addresses and tags.
//!
//! Default resources take their ids from a hash of region and label, not from the
//! random source, so they are the same whenever a region is first touched and never
//! shift the ids of instances created later.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::Value;

use super::instance::Instance;
use super::key_pair::KeyPair;
use super::launch_template::LaunchTemplate;
use super::network_model::{
    Address, DefaultNetwork, InternetGateway, RouteTable, SecurityGroup, Subnet, Vpc,
};
use super::tags::ResourceTags;
use super::volume::{Snapshot, Volume};

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
    pub(super) volumes: Vec<Volume>,
    pub(super) snapshots: Vec<Snapshot>,
    pub(super) launch_templates: Vec<LaunchTemplate>,
    pub(super) tags: ResourceTags,
    /// RunInstances client tokens, each with the reservation it made and the parameters
    /// of its request (a retry must repeat them).
    pub(super) client_tokens: BTreeMap<String, (String, Value)>,
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
            volumes: Vec::new(),
            snapshots: Vec::new(),
            launch_templates: Vec::new(),
            tags: ResourceTags::default(),
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

    /// The regions requests have reached, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
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
