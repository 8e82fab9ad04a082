//! Elastic IP addresses: AllocateAddress, AssociateAddress, DisassociateAddress,
//! ReleaseAddress, DescribeAddresses.

use std::net::Ipv4Addr;

use serde_json::{Value, json};

use super::error;
use super::handlers::{
    apply_tag_specifications, filters, passes, strings, tag_list, tag_values, text,
};
use super::instance::State;
use super::instances::public_address;
use super::model::{Ec2State, Region};
use super::network_model::{Address, AddressAssociation};
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The pool every address here comes from, as AWS names Amazon's own.
const POOL: &str = "amazon";

/// An `Address`: a free one has no association members at all, as AWS writes it.
fn address_value(context: &Context<'_>, region: &Region, address: &Address) -> Value {
    let mut value = json!({
        "AllocationId": address.allocation_id,
        "PublicIp": address.public_ip.to_string(),
        "Domain": "vpc",
        "PublicIpv4Pool": POOL,
        "NetworkBorderGroup": context.route.region,
        "Tags": tag_list(region, &address.allocation_id),
    });
    if let (Some(association), Some(object)) = (&address.association, value.as_object_mut()) {
        object.insert("AssociationId".into(), json!(association.id));
        object.insert("InstanceId".into(), json!(association.instance_id));
        if let Some(interface) = interface_of(region, association) {
            object.insert("NetworkInterfaceId".into(), json!(interface));
            object.insert("NetworkInterfaceOwnerId".into(), json!(context.account_id));
        }
        object.insert(
            "PrivateIpAddress".into(),
            json!(association.private_ip.to_string()),
        );
    }
    value
}

/// The network interface an association maps to: its instance's primary one.
fn interface_of<'r>(region: &'r Region, association: &AddressAssociation) -> Option<&'r str> {
    region
        .instances
        .iter()
        .find(|instance| instance.id == association.instance_id)
        .map(|instance| instance.interface.id.as_str())
}

/// Takes the Elastic IP address off `instance_id`'s interface. As EC2 does, a running (or
/// pending) instance that gets public addresses automatically gets a new one, drawn from
/// the random source; any other is left without.
fn let_go(context: &Context<'_>, region: &mut Region, instance_id: &str) {
    let Some(index) = region
        .instances
        .iter()
        .position(|instance| instance.id == instance_id)
    else {
        return;
    };
    let instance = &region.instances[index];
    let renewed = (instance.interface.auto_public_ip
        && matches!(instance.state, State::Pending | State::Running))
    .then(|| public_address(context, region));
    region.instances[index].interface.public_ip = renewed;
}

/// A public address no other Elastic IP address of the region has, from the random
/// source (52.0.0.0/10, the last octet neither 0 nor 255).
fn new_public_ip(context: &Context<'_>, region: &Region) -> Ipv4Addr {
    loop {
        let [a, b, c, d] = context.random.next_u32().to_be_bytes();
        let address = Ipv4Addr::new(52, a & 0x3f, b ^ c, d);
        let taken = region
            .addresses
            .iter()
            .any(|other| other.public_ip == address);
        if !taken && d != 0 && d != 255 {
            return address;
        }
    }
}

/// The index of the address an operation names by `AllocationId`, else by `PublicIp`.
fn named_address(region: &Region, input: &Value) -> Result<usize, ServiceError> {
    if let Some(id) = text(input, "AllocationId") {
        return region
            .addresses
            .iter()
            .position(|address| address.allocation_id == id)
            .ok_or_else(|| error::invalid_allocation_id_not_found(id));
    }
    let Some(ip) = text(input, "PublicIp") else {
        return Err(error::missing_parameter("AllocationId"));
    };
    region
        .addresses
        .iter()
        .position(|address| address.public_ip.to_string() == ip)
        .ok_or_else(|| error::invalid_address_not_found(ip))
}

/// AllocateAddress: an address for use in a VPC, from Amazon's pool or, given
/// `Address`, that one when no other allocation holds it. Draws the allocation id, then
/// the address.
pub(super) fn allocate_address(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    if let Some(domain) = text(input, "Domain")
        && domain != "vpc"
    {
        return Err(error::invalid_parameter_value(format!(
            "Value ({domain}) for parameter domain is invalid: EC2-Classic is retired, \
             addresses are for use in a VPC (vpc)."
        )));
    }
    let wanted = text(input, "Address")
        .map(|text| {
            text.parse::<Ipv4Addr>().map_err(|_| {
                error::invalid_parameter_value(format!(
                    "Value ({text}) for parameter address is invalid."
                ))
            })
        })
        .transpose()?;
    state.with_region(&context.route.region, |region| {
        if let Some(wanted) = wanted
            && region
                .addresses
                .iter()
                .any(|other| other.public_ip == wanted)
        {
            return Err(error::invalid_address_in_use(&wanted.to_string()));
        }
        let allocation_id = context.random.ec2_id("eipalloc");
        let public_ip = wanted.unwrap_or_else(|| new_public_ip(context, region));
        apply_tag_specifications(region, input, &allocation_id, Some("elastic-ip"));
        let output = json!({
            "AllocationId": allocation_id,
            "PublicIp": public_ip.to_string(),
            "Domain": "vpc",
            "PublicIpv4Pool": POOL,
            "NetworkBorderGroup": context.route.region,
        });
        region.addresses.push(Address {
            allocation_id,
            public_ip,
            association: None,
        });
        Ok(output)
    })
}

/// AssociateAddress with an instance. As in a VPC, an address associated elsewhere moves
/// (unless `AllowReassociation` is false), and an instance's previous Elastic IP address
/// is disassociated from it.
pub(super) fn associate_address(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    if let Some(interface) = text(input, "NetworkInterfaceId") {
        return Err(error::not_found(
            "InvalidNetworkInterfaceID.NotFound",
            &format!("The networkInterface ID '{interface}' does not exist"),
        ));
    }
    let instance_id =
        text(input, "InstanceId").ok_or_else(|| error::missing_parameter("InstanceId"))?;
    let may_move = input
        .get("AllowReassociation")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    state.with_region(&context.route.region, |region| {
        let index = named_address(region, input)?;
        let instance = region
            .instances
            .iter()
            .find(|instance| instance.id == instance_id)
            .ok_or_else(|| error::invalid_instance_id_not_found(&[instance_id]))?;
        if instance.state == State::Terminated {
            return Err(error::incorrect_instance_state(
                instance_id,
                "associated",
                instance.state.name(),
            ));
        }
        let private_ip = match text(input, "PrivateIpAddress") {
            None => instance.private_ip,
            Some(asked) if asked == instance.private_ip.to_string() => instance.private_ip,
            Some(asked) => {
                return Err(error::invalid_parameter_value(format!(
                    "The private IP address {asked} is not an address of instance \
                     {instance_id}."
                )));
            }
        };
        if let Some(existing) = &region.addresses[index].association
            && existing.instance_id != instance_id
            && !may_move
        {
            return Err(error::resource_already_associated(format!(
                "resource {} is already associated with associate-id {}",
                region.addresses[index].allocation_id, existing.id
            )));
        }
        for other in &mut region.addresses {
            if other
                .association
                .as_ref()
                .is_some_and(|association| association.instance_id == instance_id)
            {
                other.association = None;
            }
        }
        let association = AddressAssociation {
            id: context.random.ec2_id("eipassoc"),
            instance_id: instance_id.to_owned(),
            private_ip,
        };
        let output = json!({ "AssociationId": association.id });
        let public_ip = region.addresses[index].public_ip;
        let moved_from = region.addresses[index]
            .association
            .replace(association)
            .map(|previous| previous.instance_id)
            .filter(|previous| previous != instance_id);
        if let Some(previous) = moved_from {
            let_go(context, region, &previous);
        }
        // The address replaces the instance's own public one, as EC2 does.
        if let Some(instance) = region
            .instances
            .iter_mut()
            .find(|instance| instance.id == instance_id)
        {
            instance.interface.public_ip = Some(public_ip);
        }
        Ok(output)
    })
}

/// DisassociateAddress by `AssociationId` (or `PublicIp`).
pub(super) fn disassociate_address(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        let index = match text(input, "AssociationId") {
            Some(id) => region
                .addresses
                .iter()
                .position(|address| {
                    address
                        .association
                        .as_ref()
                        .is_some_and(|association| association.id == id)
                })
                .ok_or_else(|| error::invalid_association_id_not_found(id))?,
            None if text(input, "PublicIp").is_some() => named_address(region, input)?,
            None => return Err(error::missing_parameter("AssociationId")),
        };
        if let Some(association) = region.addresses[index].association.take() {
            let_go(context, region, &association.instance_id);
        }
        Ok(json!({}))
    })
}

/// ReleaseAddress. An address still associated is released from the default VPC (and
/// disassociated), but refused elsewhere with `InvalidIPAddress.InUse`, as EC2 does.
pub(super) fn release_address(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    state.with_region(&context.route.region, |region| {
        let index = named_address(region, input)?;
        let address = &region.addresses[index];
        if let Some(association) = &address.association {
            let default_vpc = region.vpcs.iter().find(|vpc| vpc.is_default);
            let in_default_vpc = region.instances.iter().any(|instance| {
                instance.id == association.instance_id
                    && default_vpc.is_some_and(|vpc| vpc.id == instance.vpc_id)
            });
            if !in_default_vpc {
                return Err(error::invalid_ip_address_in_use(
                    &address.public_ip.to_string(),
                ));
            }
        }
        let address = region.addresses.remove(index);
        if let Some(association) = &address.association {
            let_go(context, region, &association.instance_id);
        }
        region.tags.forget(&address.allocation_id);
        Ok(json!({}))
    })
}

fn address_values(
    context: &Context<'_>,
    region: &Region,
    address: &Address,
    name: &str,
) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    let associated = |value: fn(&AddressAssociation) -> String| {
        Some(address.association.iter().map(value).collect())
    };
    match name {
        "allocation-id" => one(&address.allocation_id),
        "public-ip" => one(&address.public_ip.to_string()),
        "domain" => one("vpc"),
        "network-border-group" => one(&context.route.region),
        "public-ipv4-pool" => one(POOL),
        "association-id" => associated(|association| association.id.clone()),
        "instance-id" => associated(|association| association.instance_id.clone()),
        "private-ip-address" => associated(|association| association.private_ip.to_string()),
        "network-interface-id" => Some(
            address
                .association
                .iter()
                .filter_map(|association| interface_of(region, association))
                .map(str::to_owned)
                .collect(),
        ),
        "network-interface-owner-id" => Some(
            address
                .association
                .iter()
                .map(|_| context.account_id.to_owned())
                .collect(),
        ),
        other => tag_values(region, &address.allocation_id, other),
    }
}

pub(super) fn describe_addresses(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let allocation_ids = strings(input, "AllocationIds");
    let public_ips = strings(input, "PublicIps");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = allocation_ids.iter().find(|id| {
            !region
                .addresses
                .iter()
                .any(|address| address.allocation_id == **id)
        }) {
            return Err(error::invalid_allocation_id_not_found(missing));
        }
        if let Some(missing) = public_ips.iter().find(|ip| {
            !region
                .addresses
                .iter()
                .any(|address| address.public_ip.to_string() == **ip)
        }) {
            return Err(error::invalid_address_not_found(missing));
        }
        let mut addresses = Vec::new();
        for address in region.addresses.iter().filter(|address| {
            (allocation_ids.is_empty() || allocation_ids.contains(&address.allocation_id.as_str()))
                && (public_ips.is_empty()
                    || public_ips.contains(&address.public_ip.to_string().as_str()))
        }) {
            if passes(&filters, |name| {
                address_values(context, region, address, name)
            })? {
                addresses.push(address_value(context, region, address));
            }
        }
        Ok(json!({ "Addresses": addresses }))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::testing::Backend;

    fn launch(backend: &Backend, input: Value) -> Value {
        let launched = backend.ok("RunInstances", input);
        launched["Instances"][0]["InstanceId"].clone()
    }

    #[test]
    fn an_address_is_allocated_associated_and_released() {
        let backend = Backend::new();
        let instance = launch(
            &backend,
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1}),
        );
        let allocated = backend.ok("AllocateAddress", json!({"Domain": "vpc"}));
        let allocation = allocated["AllocationId"].clone();
        assert!(allocation.as_str().unwrap().starts_with("eipalloc-"));
        assert_eq!(allocated["PublicIpv4Pool"], "amazon");
        assert_eq!(allocated["NetworkBorderGroup"], "us-east-1");
        let ip = allocated["PublicIp"].as_str().unwrap().to_owned();
        assert!(ip.starts_with("52."), "{ip}");
        let free = backend.ok("DescribeAddresses", json!({"AllocationIds": [allocation]}));
        assert!(free["Addresses"][0].get("InstanceId").is_none());
        let associated = backend.ok(
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": instance}),
        );
        let association = associated["AssociationId"].clone();
        assert!(association.as_str().unwrap().starts_with("eipassoc-"));
        let by_instance = backend.ok(
            "DescribeAddresses",
            json!({"Filters": [{"Name": "instance-id", "Values": [instance]}]}),
        );
        let address = &by_instance["Addresses"][0];
        assert_eq!(address["AssociationId"], association);
        assert_eq!(address["PrivateIpAddress"], "172.31.0.4");
        assert_eq!(address["PublicIp"], ip.as_str());
        backend.ok("DisassociateAddress", json!({"AssociationId": association}));
        assert_eq!(
            backend.code("DisassociateAddress", json!({"AssociationId": association})),
            "InvalidAssociationID.NotFound"
        );
        backend.ok("ReleaseAddress", json!({"AllocationId": allocation}));
        assert_eq!(
            backend.ok("DescribeAddresses", json!({})),
            json!({"Addresses": []})
        );
        assert_eq!(
            backend.code("ReleaseAddress", json!({"AllocationId": allocation})),
            "InvalidAllocationID.NotFound"
        );
        assert_eq!(
            backend.code("DescribeAddresses", json!({"PublicIps": [ip]})),
            "InvalidAddress.NotFound"
        );
    }

    #[test]
    fn associated_addresses_move_and_are_released_only_from_the_default_vpc() {
        let backend = Backend::new();
        let first = launch(
            &backend,
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1}),
        );
        let second = launch(
            &backend,
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1}),
        );
        let allocation = backend.ok("AllocateAddress", json!({}))["AllocationId"].clone();
        backend.ok(
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": first}),
        );
        assert_eq!(
            backend.code(
                "AssociateAddress",
                json!({"AllocationId": allocation, "InstanceId": second,
                       "AllowReassociation": false})
            ),
            "Resource.AlreadyAssociated"
        );
        backend.ok(
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": second}),
        );
        let moved = backend.ok("DescribeAddresses", json!({}));
        assert_eq!(moved["Addresses"][0]["InstanceId"], second);
        // In the default VPC, releasing disassociates.
        backend.ok("ReleaseAddress", json!({"AllocationId": allocation}));

        let vpc =
            backend.ok("CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"].clone();
        let subnet = backend.ok(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.0.0.0/24"}),
        )["Subnet"]["SubnetId"]
            .clone();
        let inside = launch(
            &backend,
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet}),
        );
        let allocated = backend.ok("AllocateAddress", json!({"Address": "52.1.2.3"}));
        assert_eq!(allocated["PublicIp"], "52.1.2.3");
        assert_eq!(
            backend.code("AllocateAddress", json!({"Address": "52.1.2.3"})),
            "InvalidAddress.InUse"
        );
        backend.ok(
            "AssociateAddress",
            json!({"PublicIp": "52.1.2.3", "InstanceId": inside}),
        );
        assert_eq!(
            backend.code("ReleaseAddress", json!({"PublicIp": "52.1.2.3"})),
            "InvalidIPAddress.InUse"
        );
        assert_eq!(
            backend.code(
                "AssociateAddress",
                json!({"PublicIp": "52.1.2.3", "InstanceId": "i-00000000000000000"})
            ),
            "InvalidInstanceID.NotFound"
        );
    }

    fn public_ip(backend: &Backend, instance: &Value) -> Value {
        let described = backend.ok("DescribeInstances", json!({"InstanceIds": [instance]}));
        described["Reservations"][0]["Instances"][0]["PublicIpAddress"].clone()
    }

    #[test]
    fn an_associated_address_is_the_instance_s_public_address_on_its_interface() {
        let backend = Backend::new();
        let instance = launch(
            &backend,
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1}),
        );
        let own = public_ip(&backend, &instance);
        assert!(own.as_str().unwrap().starts_with("54.214."), "{own}");
        let allocated = backend.ok("AllocateAddress", json!({}));
        let allocation = allocated["AllocationId"].clone();
        let association = backend.ok(
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": instance}),
        )["AssociationId"]
            .clone();
        assert_eq!(public_ip(&backend, &instance), allocated["PublicIp"]);
        let described = backend.ok("DescribeInstances", json!({"InstanceIds": [instance]}));
        let interface = described["Reservations"][0]["Instances"][0]["NetworkInterfaces"][0]
            ["NetworkInterfaceId"]
            .clone();
        let by_interface = backend.ok(
            "DescribeAddresses",
            json!({"Filters": [{"Name": "network-interface-id", "Values": [interface]}]}),
        );
        let address = &by_interface["Addresses"][0];
        assert_eq!(address["NetworkInterfaceId"], interface);
        assert_eq!(address["NetworkInterfaceOwnerId"], "123456789012");
        backend.ok("StopInstances", json!({"InstanceIds": [instance]}));
        assert_eq!(
            public_ip(&backend, &instance),
            allocated["PublicIp"],
            "it stays through a stop"
        );
        backend.ok("DisassociateAddress", json!({"AssociationId": association}));
        assert!(public_ip(&backend, &instance).is_null(), "stopped");
        backend.ok("StartInstances", json!({"InstanceIds": [instance]}));
        let renewed = public_ip(&backend, &instance);
        assert!(
            renewed.as_str().unwrap().starts_with("54.214."),
            "{renewed}"
        );
        backend.ok(
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": instance}),
        );
        backend.ok("ReleaseAddress", json!({"AllocationId": allocation}));
        let after = public_ip(&backend, &instance);
        assert!(after.as_str().unwrap().starts_with("54.214."), "{after}");
        let again = backend.ok("AllocateAddress", json!({}))["AllocationId"].clone();
        backend.ok(
            "AssociateAddress",
            json!({"AllocationId": again, "InstanceId": instance}),
        );
        backend.ok("TerminateInstances", json!({"InstanceIds": [instance]}));
        let free = backend.ok("DescribeAddresses", json!({"AllocationIds": [again]}));
        assert!(free["Addresses"][0].get("InstanceId").is_none(), "{free}");
        assert!(public_ip(&backend, &instance).is_null());
    }
}
