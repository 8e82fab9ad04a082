//! EC2's resources in the state view, as its Describe operations answer them.

use serde_json::{Value, json};

use super::{Ec2State, SERVICE};
use crate::services::view::{Kinds, StateReader, in_region, insert, with_region};

/// Each kind (Moto's name), the Describe operation that lists it and its output member.
const KINDS: &[(&str, &str, &str)] = &[
    ("Address", "DescribeAddresses", "Addresses"),
    (
        "InternetGateway",
        "DescribeInternetGateways",
        "InternetGateways",
    ),
    ("KeyPair", "DescribeKeyPairs", "KeyPairs"),
    (
        "LaunchTemplate",
        "DescribeLaunchTemplates",
        "LaunchTemplates",
    ),
    ("RouteTable", "DescribeRouteTables", "RouteTables"),
    ("SecurityGroup", "DescribeSecurityGroups", "SecurityGroups"),
    ("Subnet", "DescribeSubnets", "Subnets"),
    ("VPC", "DescribeVpcs", "Vpcs"),
    ("Volume", "DescribeVolumes", "Volumes"),
];

/// Every region's instances (out of their reservations) and the kinds above.
pub(crate) fn view(state: &Ec2State, reader: &StateReader<'_>) -> Kinds {
    let mut kinds = Kinds::new();
    let regions = state.regions();
    let instances = regions
        .iter()
        .flat_map(|region| {
            let answer = reader.call(&SERVICE, state, region, "DescribeInstances", json!({}));
            in_region(answer.as_ref(), "Reservations", region)
                .into_iter()
                .flat_map(|reservation| match reservation.get("Instances") {
                    Some(Value::Array(instances)) => instances.clone(),
                    _ => Vec::new(),
                })
                .map(|instance| with_region(instance, region))
                .collect::<Vec<_>>()
        })
        .collect();
    insert(&mut kinds, "Instance", instances);
    for (kind, operation, member) in KINDS {
        let items = regions
            .iter()
            .flat_map(|region| {
                let answer = reader.call(&SERVICE, state, region, operation, json!({}));
                in_region(answer.as_ref(), member, region)
            })
            .collect();
        insert(&mut kinds, kind, items);
    }
    kinds
}
