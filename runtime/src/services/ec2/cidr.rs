//! CIDR blocks as EC2 reads them: IPv4 blocks for VPCs, subnets, routes and rules, and
//! the IPv6 blocks rules and routes may name.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An IPv4 CIDR block (`10.0.0.0/16`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ipv4Block {
    /// The address as written (it may have host bits set).
    address: Ipv4Addr,
    /// The prefix length, 0 to 32.
    prefix: u8,
}

impl Ipv4Block {
    /// `a.b.c.d/n`, or `None` when `text` is not an IPv4 CIDR block.
    pub(super) fn parse(text: &str) -> Option<Ipv4Block> {
        let (address, prefix) = text.split_once('/')?;
        let prefix: u8 = prefix.parse().ok().filter(|prefix| *prefix <= 32)?;
        // Ipv4Addr's parser refuses leading zeros and out-of-range octets, as EC2 does.
        let address: Ipv4Addr = address.parse().ok()?;
        Some(Ipv4Block { address, prefix })
    }

    /// The prefix length.
    pub(super) fn prefix(self) -> u8 {
        self.prefix
    }

    fn mask(self) -> u32 {
        u32::MAX
            .checked_shl(32 - u32::from(self.prefix))
            .unwrap_or(0)
    }

    /// The first address of the block.
    pub(super) fn first(self) -> u32 {
        u32::from(self.address) & self.mask()
    }

    /// The last address of the block.
    pub(super) fn last(self) -> u32 {
        self.first() | !self.mask()
    }

    /// How many addresses the block holds.
    pub(super) fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    /// Whether every address of `other` is in this block.
    pub(super) fn contains(self, other: Ipv4Block) -> bool {
        self.first() <= other.first() && other.last() <= self.last()
    }

    /// Whether the two blocks share an address.
    pub(super) fn overlaps(self, other: Ipv4Block) -> bool {
        self.first() <= other.last() && other.first() <= self.last()
    }
}

impl fmt::Display for Ipv4Block {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/{}", self.address, self.prefix)
    }
}

/// Whether `text` is an IPv6 CIDR block (`2001:db8::/32`).
pub(super) fn is_ipv6_block(text: &str) -> bool {
    text.split_once('/').is_some_and(|(address, prefix)| {
        address.parse::<Ipv6Addr>().is_ok() && prefix.parse::<u8>().is_ok_and(|p| p <= 128)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_parse_as_ec2_writes_them() {
        let block = Ipv4Block::parse("10.0.0.0/16").unwrap();
        assert_eq!(block.prefix(), 16);
        assert_eq!(block.size(), 65_536);
        assert_eq!(block.to_string(), "10.0.0.0/16");
        assert_eq!(Ipv4Addr::from(block.last()), Ipv4Addr::new(10, 0, 255, 255));
        assert!(Ipv4Block::parse("0.0.0.0/0").is_some());
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/16",
            "10.0.0.256/16",
            "x/8",
            "",
        ] {
            assert!(Ipv4Block::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn containment_and_overlap() {
        let vpc = Ipv4Block::parse("10.0.0.0/16").unwrap();
        let subnet = Ipv4Block::parse("10.0.1.0/24").unwrap();
        let half = Ipv4Block::parse("10.0.1.0/25").unwrap();
        let outside = Ipv4Block::parse("192.168.0.0/24").unwrap();
        assert!(vpc.contains(subnet));
        assert!(!subnet.contains(vpc));
        assert!(subnet.overlaps(half) && half.overlaps(subnet));
        assert!(!vpc.overlaps(outside));
        assert!(!vpc.contains(outside));
    }

    #[test]
    fn ipv6_blocks() {
        assert!(is_ipv6_block("::/0"));
        assert!(is_ipv6_block("2001:db8::/56"));
        assert!(!is_ipv6_block("2001:db8::/129"));
        assert!(!is_ipv6_block("10.0.0.0/8"));
    }
}
