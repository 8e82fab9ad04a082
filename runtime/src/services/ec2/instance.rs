//! An instance's state, with no HTTP: its lifecycle, its primary network interface, its
//! attributes and the reason for its last state change.

use std::net::Ipv4Addr;
use std::time::SystemTime;

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
    /// The groups of the instance (and of its primary interface) as id and name.
    pub(super) security_groups: Vec<(String, String)>,
    pub(super) user_data: Option<String>,
    pub(super) launch_index: u32,
    /// The RunInstances client token it was launched with.
    pub(super) client_token: Option<String>,
    pub(super) interface: PrimaryInterface,
    /// The ids of the volumes attached to it, in the order they were attached.
    pub(super) volumes: Vec<String>,
    pub(super) attributes: Attributes,
    pub(super) metadata: MetadataOptions,
    /// The reason for the last stop or termination, when that is the last change.
    pub(super) last_change: Option<Change>,
}

/// The network interface an instance is launched with (device index 0).
#[derive(Debug, Clone)]
pub(super) struct PrimaryInterface {
    pub(super) id: String,
    pub(super) attachment_id: String,
    pub(super) attach_time: SystemTime,
    pub(super) mac_address: String,
    /// The public address, while the instance has one.
    pub(super) public_ip: Option<Ipv4Addr>,
    /// Whether it gets a public address on every start (the subnet's or the launch's
    /// choice); such an address goes when the instance stops.
    pub(super) auto_public_ip: bool,
}

/// What ModifyInstanceAttribute changes and DescribeInstanceAttribute reports, beyond the
/// type, user data and groups.
#[derive(Debug, Clone)]
pub(super) struct Attributes {
    pub(super) ebs_optimized: bool,
    pub(super) source_dest_check: bool,
    pub(super) disable_api_termination: bool,
    pub(super) disable_api_stop: bool,
    /// `stop` or `terminate`.
    pub(super) shutdown_behavior: String,
    pub(super) monitoring: bool,
    /// `spot` for a Spot Instance; none for On-Demand.
    pub(super) lifecycle: Option<&'static str>,
    /// Cores and threads per core, when the launch gave them.
    pub(super) cpu_options: Option<(u64, u64)>,
}

impl Default for Attributes {
    fn default() -> Attributes {
        Attributes {
            ebs_optimized: false,
            source_dest_check: true,
            disable_api_termination: false,
            disable_api_stop: false,
            shutdown_behavior: "stop".to_owned(),
            monitoring: false,
            lifecycle: None,
            cpu_options: None,
        }
    }
}

/// The instance metadata service's options.
#[derive(Debug, Clone)]
pub(super) struct MetadataOptions {
    pub(super) http_tokens: String,
    pub(super) hop_limit: i64,
    pub(super) http_endpoint: String,
    pub(super) http_protocol_ipv6: String,
    pub(super) instance_metadata_tags: String,
}

impl Default for MetadataOptions {
    fn default() -> MetadataOptions {
        MetadataOptions {
            http_tokens: "optional".to_owned(),
            hop_limit: 1,
            http_endpoint: "enabled".to_owned(),
            http_protocol_ipv6: "disabled".to_owned(),
            instance_metadata_tags: "disabled".to_owned(),
        }
    }
}

/// A state change the user asked for, and when.
#[derive(Debug, Clone, Copy)]
pub(super) struct Change {
    pub(super) at: SystemTime,
}

impl Change {
    /// `StateReason.Code`.
    pub(super) const CODE: &'static str = "Client.UserInitiatedShutdown";
    /// `StateReason.Message`.
    pub(super) const MESSAGE: &'static str =
        "Client.UserInitiatedShutdown: User initiated shutdown";
}

impl Instance {
    /// The DNS name of a private address: `ip-172-31-0-4.ec2.internal` in us-east-1,
    /// `ip-….<region>.compute.internal` elsewhere.
    pub(super) fn private_dns_name(&self, region: &str) -> String {
        let host = format!("ip-{}", self.private_ip.to_string().replace('.', "-"));
        if region == "us-east-1" {
            format!("{host}.ec2.internal")
        } else {
            format!("{host}.{region}.compute.internal")
        }
    }

    /// The public DNS name, while the instance has a public address.
    pub(super) fn public_dns_name(&self, region: &str) -> Option<String> {
        let address = self.interface.public_ip?;
        let host = format!("ec2-{}", address.to_string().replace('.', "-"));
        Some(if region == "us-east-1" {
            format!("{host}.compute-1.amazonaws.com")
        } else {
            format!("{host}.{region}.compute.amazonaws.com")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_codes_are_ec2_s() {
        let all = [
            State::Pending,
            State::Running,
            State::ShuttingDown,
            State::Terminated,
            State::Stopping,
            State::Stopped,
        ];
        let codes: Vec<u16> = all.iter().map(|state| state.code()).collect();
        assert_eq!(codes, [0, 16, 32, 48, 64, 80]);
        assert_eq!(State::ShuttingDown.name(), "shutting-down");
    }
}
