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
        assert_eq!(block.to_string(), "10.0.0.0/16");
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
    fn ipv6_blocks() {
        assert!(is_ipv6_block("::/0"));
        assert!(is_ipv6_block("2001:db8::/56"));
        assert!(!is_ipv6_block("2001:db8::/129"));
        assert!(!is_ipv6_block("10.0.0.0/8"));
    }
}
