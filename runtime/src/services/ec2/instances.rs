//! Instances: DescribeInstances, DescribeInstanceStatus, StartInstances, StopInstances
//! and TerminateInstances, and the `Instance` structure that answers about instances give.

use std::net::Ipv4Addr;
use std::time::SystemTime;

use serde_json::{Map, Value, json};

use super::amis;
use super::error;
use super::handlers::{filters, passes, strings, tag_values, text};
use super::instance::{Change, Instance, State};
use super::instance_types;
use super::model::{Ec2State, Region};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

// ---------------------------------------------------------------------------
// Reading input.

/// A boolean member of `input`.
pub(super) fn flag(input: &Value, name: &str) -> Option<bool> {
    input.get(name).and_then(Value::as_bool)
}

// ---------------------------------------------------------------------------
// Writing output.

/// An `InstanceState`.
pub(super) fn state_value(state: State) -> Value {
    json!({"Code": state.code(), "Name": state.name()})
}

/// The `Association` of a public address.
fn association_value(context: &Context<'_>, instance: &Instance) -> Option<Value> {
    let address = instance.interface.public_ip?;
    Some(json!({
        "IpOwnerId": context.account_id,
        "PublicDnsName": instance.public_dns_name(&context.route.region),
        "PublicIp": address.to_string(),
    }))
}

/// The instance's primary network interface, an `InstanceNetworkInterface`.
fn interface_value(context: &Context<'_>, instance: &Instance) -> Value {
    let interface = &instance.interface;
    let association = association_value(context, instance);
    let private_dns = instance.private_dns_name(&context.route.region);
    json!({
        "Association": association,
        "Attachment": {
            "AttachTime": seconds_value(epoch_seconds(interface.attach_time)),
            "AttachmentId": interface.attachment_id,
            "DeleteOnTermination": false,
            "DeviceIndex": 0,
            "Status": "attached",
            "NetworkCardIndex": 0,
        },
        "Description": "Primary network interface",
        "Groups": groups_value(instance),
        "Ipv6Addresses": [],
        "MacAddress": interface.mac_address,
        "NetworkInterfaceId": interface.id,
        "OwnerId": context.account_id,
        "PrivateDnsName": private_dns,
        "PrivateIpAddress": instance.private_ip.to_string(),
        "PrivateIpAddresses": [{
            "Association": association,
            "Primary": true,
            "PrivateIpAddress": instance.private_ip.to_string(),
        }],
        "SourceDestCheck": instance.attributes.source_dest_check,
        "Status": "in-use",
        "SubnetId": instance.subnet_id,
        "VpcId": instance.vpc_id,
        "InterfaceType": "interface",
    })
}

fn groups_value(instance: &Instance) -> Value {
    instance
        .security_groups
        .iter()
        .map(|(id, name)| json!({"GroupId": id, "GroupName": name}))
        .collect()
}

/// The instance's volumes as `InstanceBlockDeviceMapping`s, in attachment order.
pub(super) fn block_devices_value(region: &Region, instance: &Instance) -> Value {
    region
        .attachments_of(&instance.id)
        .into_iter()
        .map(|(volume, attachment)| {
            json!({
                "DeviceName": attachment.device,
                "Ebs": {
                    "AttachTime": seconds_value(epoch_seconds(attachment.attach_time)),
                    "DeleteOnTermination": attachment.delete_on_termination,
                    "Status": "attached",
                    "VolumeId": volume.id,
                },
            })
        })
        .collect()
}

/// The instance's `CpuOptions`: as launched, else its type's defaults.
fn cpu_options_value(instance: &Instance) -> Option<Value> {
    let (cores, threads) = instance.attributes.cpu_options.or_else(|| {
        let vcpu = instance_types::find(&instance.instance_type)?.get("VCpuInfo")?;
        Some((
            vcpu.get("DefaultCores")?.as_u64()?,
            vcpu.get("DefaultThreadsPerCore")?.as_u64()?,
        ))
    })?;
    Some(json!({"CoreCount": cores, "ThreadsPerCore": threads}))
}

/// An `Instance`, reported in `shown_state`.
fn instance_value(
    context: &Context<'_>,
    region: &Region,
    instance: &Instance,
    shown_state: State,
) -> Value {
    let image = amis::find(&context.route.region, &instance.image_id);
    let info = image.map(|image| image.info);
    let tags = region.tags.of(&instance.id);
    let tags: Option<Vec<Value>> = (!tags.is_empty()).then(|| {
        tags.iter()
            .map(|(key, value)| json!({"Key": key, "Value": value}))
            .collect()
    });
    let (state_reason, transition_reason) = match instance.last_change {
        Some(change) => (
            json!({"Code": Change::CODE, "Message": Change::MESSAGE}),
            format!("User initiated ({})", utc(change.at)),
        ),
        None => (json!({"Code": "", "Message": ""}), String::new()),
    };
    let metadata = &instance.metadata;
    let attributes = &instance.attributes;
    let mut value = json!({
        "Architecture": info.map_or("x86_64", |info| info.architecture),
        "ClientToken": instance.client_token,
        "EbsOptimized": attributes.ebs_optimized,
        "Hypervisor": "xen",
        "InstanceLifecycle": attributes.lifecycle,
        "RootDeviceName": info.map_or("/dev/sda1", |info| info.root_device_name),
        "RootDeviceType": "ebs",
        "SourceDestCheck": attributes.source_dest_check,
        "SriovNetSupport": "simple",
        "VirtualizationType": info.map_or("paravirtual", |info| info.virtualization_type),
        "HibernationOptions": {},
        "MetadataOptions": {
            "State": "applied",
            "HttpTokens": metadata.http_tokens,
            "HttpPutResponseHopLimit": metadata.hop_limit,
            "HttpEndpoint": metadata.http_endpoint,
            "HttpProtocolIpv6": metadata.http_protocol_ipv6,
            "InstanceMetadataTags": metadata.instance_metadata_tags,
        },
        "PlatformDetails": info.map(|info| info.platform_details()),
        "UsageOperation": info.map(|info| info.usage_operation()),
        "InstanceId": instance.id,
        "ImageId": instance.image_id,
        "PrivateDnsName": instance.private_dns_name(&context.route.region),
        "PublicDnsName": instance.public_dns_name(&context.route.region),
        "StateTransitionReason": transition_reason,
        "KeyName": instance.key_name,
        "AmiLaunchIndex": instance.launch_index,
        "ProductCodes": [],
        "InstanceType": instance.instance_type,
        "Placement": {"GroupName": "", "Tenancy": "default", "AvailabilityZone": instance.zone},
        "Platform": info.and_then(|info| info.platform),
        "Monitoring": {"State": if attributes.monitoring { "enabled" } else { "disabled" }},
        "SubnetId": instance.subnet_id,
        "VpcId": instance.vpc_id,
        "PrivateIpAddress": instance.private_ip.to_string(),
        "PublicIpAddress": instance.interface.public_ip.map(|address| address.to_string()),
    });
    // Values built by other functions are moved in: `json!` would copy each of them
    // again by serialising it, which was half the cost of a DescribeInstances.
    if let Value::Object(members) = &mut value {
        let moved = [
            ("BlockDeviceMappings", block_devices_value(region, instance)),
            (
                "NetworkInterfaces",
                Value::Array(vec![interface_value(context, instance)]),
            ),
            ("SecurityGroups", groups_value(instance)),
            ("StateReason", state_reason),
            ("Tags", tags.map_or(Value::Null, Value::Array)),
            (
                "CpuOptions",
                cpu_options_value(instance).unwrap_or(Value::Null),
            ),
            ("State", state_value(shown_state)),
            (
                "LaunchTime",
                seconds_value(epoch_seconds(instance.launch_time)),
            ),
        ];
        for (name, member) in moved {
            members.insert(name.to_owned(), member);
        }
    }
    value
}

/// `YYYY-MM-DD HH:MM:SS UTC`, as StateTransitionReason gives the time of a change.
fn utc(instant: SystemTime) -> String {
    let iso = crate::clock::format_rfc3339(instant);
    let date = iso.get(..10).unwrap_or_default();
    let time = iso.get(11..19).unwrap_or_default();
    format!("{date} {time} UTC")
}

/// A `Reservation` holding `instances`, each reported in the state `shown` gives it.
pub(super) fn reservation_value(
    context: &Context<'_>,
    region: &Region,
    reservation_id: &str,
    instances: &[&Instance],
    shown: impl Fn(&Instance) -> State,
) -> Value {
    let instances: Vec<Value> = instances
        .iter()
        .map(|instance| instance_value(context, region, instance, shown(instance)))
        .collect();
    let mut reservation = json!({
        "ReservationId": reservation_id,
        "OwnerId": context.account_id,
        "Groups": [],
    });
    reservation["Instances"] = Value::Array(instances);
    reservation
}

/// A public address no instance of the region holds, drawn from 54.214.0.0/16 (Moto's
/// pool for them).
pub(super) fn public_address(context: &Context<'_>, region: &Region) -> Ipv4Addr {
    loop {
        let [_, _, c, d] = context.random.next_u32().to_be_bytes();
        let address = Ipv4Addr::new(54, 214, c, d);
        let taken = region
            .instances
            .iter()
            .any(|instance| instance.interface.public_ip == Some(address));
        if !taken && d != 0 && d != 255 {
            return address;
        }
    }
}

// ---------------------------------------------------------------------------
// Describing.

/// The instances `InstanceIds` names (all when none), or InvalidInstanceID.NotFound.
fn named_instances<'r>(
    region: &'r Region,
    input: &Value,
) -> Result<Vec<&'r Instance>, ServiceError> {
    let ids = strings(input, "InstanceIds");
    if let Some(bad) = ids.iter().find(|id| !id.starts_with("i-")) {
        return Err(error::invalid_instance_id_malformed(bad));
    }
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !region.instances.iter().any(|i| i.id == *id))
        .collect();
    if !missing.is_empty() {
        return Err(error::invalid_instance_id_not_found(&missing));
    }
    Ok(region
        .instances
        .iter()
        .filter(|i| ids.is_empty() || ids.contains(&i.id.as_str()))
        .collect())
}

/// An instance's values for the filter `name` of DescribeInstances and
/// DescribeInstanceStatus, or `None` for a filter they do not have.
fn instance_values(
    context: &Context<'_>,
    region: &Region,
    instance: &Instance,
    name: &str,
) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    let image = amis::find(&context.route.region, &instance.image_id).map(|image| image.info);
    let region_name = &context.route.region;
    match name {
        "instance-state-name" => one(instance.state.name()),
        "instance-state-code" => one(&instance.state.code().to_string()),
        "instance-id" => one(&instance.id),
        "instance-type" => one(&instance.instance_type),
        "image-id" => one(&instance.image_id),
        "vpc-id" => one(&instance.vpc_id),
        "subnet-id" => one(&instance.subnet_id),
        "availability-zone" => one(&instance.zone),
        "key-name" => Some(instance.key_name.clone().into_iter().collect()),
        "private-ip-address" | "network-interface.addresses.private-ip-address" => {
            one(&instance.private_ip.to_string())
        }
        "ip-address" => Some(
            instance
                .interface
                .public_ip
                .map(|address| address.to_string())
                .into_iter()
                .collect(),
        ),
        "private-dns-name" | "network-interface.private-dns-name" => {
            one(&instance.private_dns_name(region_name))
        }
        "dns-name" => Some(instance.public_dns_name(region_name).into_iter().collect()),
        "reservation-id" => one(&instance.reservation_id),
        "owner-id" => one(context.account_id),
        "client-token" => Some(instance.client_token.clone().into_iter().collect()),
        "launch-index" => one(&instance.launch_index.to_string()),
        "architecture" => one(image.map_or("x86_64", |info| info.architecture)),
        "platform" => Some(
            image
                .and_then(|info| info.platform)
                .map(str::to_owned)
                .into_iter()
                .collect(),
        ),
        "root-device-type" => one("ebs"),
        "root-device-name" => one(image.map_or("/dev/sda1", |info| info.root_device_name)),
        "virtualization-type" => one(image.map_or("paravirtual", |info| info.virtualization_type)),
        "hypervisor" => one("xen"),
        "tenancy" | "placement-tenancy" => one("default"),
        "monitoring-state" => one(if instance.attributes.monitoring {
            "enabled"
        } else {
            "disabled"
        }),
        "source-dest-check" => one(&instance.attributes.source_dest_check.to_string()),
        "ebs-optimized" => one(&instance.attributes.ebs_optimized.to_string()),
        "instance-lifecycle" => Some(
            instance
                .attributes
                .lifecycle
                .map(str::to_owned)
                .into_iter()
                .collect(),
        ),
        "state-reason-code" => Some(
            instance
                .last_change
                .map(|_| Change::CODE.to_owned())
                .into_iter()
                .collect(),
        ),
        "network-interface.network-interface-id" => one(&instance.interface.id),
        "network-interface.mac-address" => one(&instance.interface.mac_address),
        "block-device-mapping.volume-id" => Some(instance.volumes.clone()),
        "block-device-mapping.device-name" => Some(
            region
                .attachments_of(&instance.id)
                .into_iter()
                .map(|(_, attachment)| attachment.device.clone())
                .collect(),
        ),
        "instance.group-id" | "group-id" | "network-interface.group-id" => Some(
            instance
                .security_groups
                .iter()
                .map(|(id, _)| id.clone())
                .collect(),
        ),
        "instance.group-name" | "group-name" | "network-interface.group-name" => Some(
            instance
                .security_groups
                .iter()
                .map(|(_, name)| name.clone())
                .collect(),
        ),
        _ => tag_values(region, &instance.id, name),
    }
}

/// DescribeInstances: reservations in launch order, each with its instances that pass the
/// filters. A page ends after `MaxResults` reservations; its token is the id of its last
/// reservation, as Moto gives it.
pub(super) fn describe_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let filters = filters(input);
    let limit = match input.get("MaxResults").and_then(Value::as_i64) {
        None => None,
        Some(_) if !strings(input, "InstanceIds").is_empty() => {
            return Err(error::invalid_parameter_combination(
                "The parameter instancesSet cannot be used with the parameter maxResults",
            ));
        }
        Some(size @ 5..=1000) => usize::try_from(size).ok(),
        Some(size) => {
            return Err(error::invalid_parameter_value(format!(
                "Value ( {size} ) for parameter maxResults is invalid. Expecting a value \
                 between 5 and 1000."
            )));
        }
    };
    state.with_region(&context.route.region, |region| {
        let mut order: Vec<&str> = Vec::new();
        let mut grouped: Vec<Vec<&Instance>> = Vec::new();
        for instance in named_instances(region, input)? {
            if !passes(&filters, |name| {
                instance_values(context, region, instance, name)
            })? {
                continue;
            }
            match order.iter().position(|id| *id == instance.reservation_id) {
                Some(index) => grouped[index].push(instance),
                None => {
                    order.push(&instance.reservation_id);
                    grouped.push(vec![instance]);
                }
            }
        }
        let start = match text(input, "NextToken") {
            None => 0,
            Some(token) => order
                .iter()
                .position(|id| *id == token)
                .map(|index| index + 1)
                .ok_or_else(|| error::invalid_pagination_token(token))?,
        };
        let end = limit.map_or(order.len(), |limit| (start + limit).min(order.len()));
        let next = (end < order.len() && end > start).then(|| order[end - 1].to_owned());
        let reservations: Vec<Value> = order
            .iter()
            .zip(&grouped)
            .skip(start)
            .take(end.saturating_sub(start))
            .map(|(reservation_id, instances)| {
                reservation_value(context, region, reservation_id, instances, |instance| {
                    instance.state
                })
            })
            .collect();
        Ok(json!({ "Reservations": reservations, "NextToken": next }))
    })
}

pub(super) fn describe_instance_status(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let include_all = flag(input, "IncludeAllInstances").unwrap_or(false);
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        let mut statuses = Vec::new();
        for instance in named_instances(region, input)? {
            if !include_all && instance.state != State::Running {
                continue;
            }
            if !passes(&filters, |name| match name {
                "system-status.status" | "instance-status.status" => {
                    Some(vec![health(instance).to_owned()])
                }
                other => instance_values(context, region, instance, other),
            })? {
                continue;
            }
            let summary = if instance.state == State::Running {
                json!({"Details": [{"Name": "reachability", "Status": "passed"}], "Status": "ok"})
            } else {
                json!({"Status": "not-applicable"})
            };
            statuses.push(json!({
                "InstanceId": instance.id,
                "AvailabilityZone": instance.zone,
                "InstanceState": state_value(instance.state),
                "SystemStatus": summary,
                "InstanceStatus": summary,
            }));
        }
        Ok(json!({ "InstanceStatuses": statuses }))
    })
}

/// The status checks' result: `ok` while running, else `not-applicable`.
fn health(instance: &Instance) -> &'static str {
    if instance.state == State::Running {
        "ok"
    } else {
        "not-applicable"
    }
}

// ---------------------------------------------------------------------------
// State changes.

/// One of StartInstances, StopInstances and TerminateInstances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Start,
    Stop,
    Terminate,
}

impl Action {
    /// The output member listing the changes.
    fn output(self) -> &'static str {
        match self {
            Action::Start => "StartingInstances",
            Action::Stop => "StoppingInstances",
            Action::Terminate => "TerminatingInstances",
        }
    }

    /// The state reported, and the state kept.
    fn states(self) -> (State, State) {
        match self {
            Action::Start => (State::Pending, State::Running),
            Action::Stop => (State::Stopping, State::Stopped),
            Action::Terminate => (State::ShuttingDown, State::Terminated),
        }
    }

    /// Why `instance` cannot take this action, if it cannot.
    fn refusal(self, instance: &Instance) -> Option<ServiceError> {
        let terminated = instance.state == State::Terminated;
        match self {
            Action::Start if terminated => Some(error::incorrect_instance_state(
                &instance.id,
                "started",
                instance.state.name(),
            )),
            Action::Stop if terminated => Some(error::incorrect_instance_state(
                &instance.id,
                "stopped",
                instance.state.name(),
            )),
            Action::Stop if instance.attributes.disable_api_stop => Some(
                error::operation_not_permitted(&instance.id, "stopped", "disableApiStop"),
            ),
            Action::Terminate if instance.attributes.disable_api_termination => Some(
                error::operation_not_permitted(&instance.id, "terminated", "disableApiTermination"),
            ),
            _ => None,
        }
    }
}

/// Moves the named instances; none moves if one of them cannot. Starting draws a public
/// address for each instance that gets one on start.
fn change_state(state: &Ec2State, context: &Context<'_>, input: &Value, action: Action) -> Answer {
    if strings(input, "InstanceIds").is_empty() {
        return Err(error::missing_parameter("InstanceId"));
    }
    state.with_region(&context.route.region, |region| {
        let ids: Vec<String> = named_instances(region, input)?
            .iter()
            .map(|i| i.id.clone())
            .collect();
        for instance in region.instances.iter().filter(|i| ids.contains(&i.id)) {
            if let Some(refusal) = action.refusal(instance) {
                return Err(refusal);
            }
        }
        let (shown, settled) = action.states();
        let now = context.clock.now();
        let mut changes = Vec::new();
        for id in &ids {
            let address = match action {
                Action::Start => region
                    .instances
                    .iter()
                    .find(|i| i.id == *id)
                    .filter(|i| i.interface.auto_public_ip && i.interface.public_ip.is_none())
                    .map(|_| public_address(context, region)),
                _ => None,
            };
            let elastic = region.addresses.iter().any(|address| {
                address
                    .association
                    .as_ref()
                    .is_some_and(|association| association.instance_id == *id)
            });
            let Some(instance) = region.instances.iter_mut().find(|i| i.id == *id) else {
                continue;
            };
            let previous = instance.state;
            // Stopping a stopped instance (and the like) reports and changes nothing.
            let reported = if previous == settled {
                previous
            } else {
                instance.state = settled;
                match action {
                    Action::Start => {
                        instance.last_change = None;
                        if address.is_some() {
                            instance.interface.public_ip = address;
                        }
                    }
                    Action::Stop | Action::Terminate => {
                        instance.last_change = Some(Change { at: now });
                        // A public address the instance got at launch goes with it; an
                        // Elastic IP address stays through a stop.
                        if !(elastic && action == Action::Stop) {
                            instance.interface.public_ip = None;
                        }
                    }
                }
                shown
            };
            changes.push(json!({
                "InstanceId": id,
                "CurrentState": state_value(reported),
                "PreviousState": state_value(previous),
            }));
            if action == Action::Terminate && previous != settled {
                region.release_volumes(id);
                // A terminated instance's Elastic IP address is disassociated.
                for address in &mut region.addresses {
                    if address
                        .association
                        .as_ref()
                        .is_some_and(|association| association.instance_id == *id)
                    {
                        address.association = None;
                    }
                }
            }
        }
        let mut output = Map::new();
        output.insert(action.output().to_owned(), Value::Array(changes));
        Ok(Value::Object(output))
    })
}

pub(super) fn start_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    change_state(state, context, input, Action::Start)
}

pub(super) fn stop_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    change_state(state, context, input, Action::Stop)
}

pub(super) fn terminate_instances(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    change_state(state, context, input, Action::Terminate)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::Backend;
    use super::*;

    /// Launches one Amazon Linux instance in the default subnet; answers its id.
    fn launch(backend: &Backend) -> String {
        let reservation = backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1}),
        );
        reservation["Instances"][0]["InstanceId"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn described(backend: &Backend, id: &str) -> Value {
        let output = backend.ok("DescribeInstances", json!({"InstanceIds": [id]}));
        output["Reservations"][0]["Instances"][0].clone()
    }

    #[test]
    fn an_instance_in_a_default_subnet_has_a_public_address_until_it_stops() {
        let backend = Backend::new();
        let id = launch(&backend);
        let running = described(&backend, &id);
        let address = running["PublicIpAddress"].as_str().unwrap().to_owned();
        assert!(address.starts_with("54.214."), "{address}");
        assert_eq!(
            running["PublicDnsName"],
            format!("ec2-{}.compute-1.amazonaws.com", address.replace('.', "-"))
        );
        assert_eq!(running["SecurityGroups"][0]["GroupName"], "default");
        assert_eq!(running["RootDeviceName"], "/dev/xvda");
        assert_eq!(running["BlockDeviceMappings"][0]["DeviceName"], "/dev/xvda");
        assert_eq!(running["StateReason"]["Code"], "");
        backend.ok("StopInstances", json!({"InstanceIds": [id]}));
        let stopped = described(&backend, &id);
        assert!(stopped["PublicIpAddress"].is_null(), "{stopped}");
        assert!(stopped["NetworkInterfaces"][0]["Association"].is_null());
        assert_eq!(
            stopped["StateReason"]["Code"],
            "Client.UserInitiatedShutdown"
        );
        assert_eq!(
            stopped["StateTransitionReason"],
            "User initiated (2024-01-01 00:00:00 UTC)"
        );
        backend.ok("StartInstances", json!({"InstanceIds": [id]}));
        let started = described(&backend, &id);
        assert!(
            started["PublicIpAddress"].is_string(),
            "a new address on start"
        );
        assert_eq!(started["StateTransitionReason"], "");
    }

    #[test]
    fn terminating_deletes_the_volumes_marked_for_it_and_detaches_the_others() {
        let backend = Backend::new();
        let id = launch(&backend);
        let data = backend.ok(
            "CreateVolume",
            json!({"AvailabilityZone": "us-east-1a", "Size": 4}),
        );
        let data = data["VolumeId"].as_str().unwrap();
        backend.ok(
            "AttachVolume",
            json!({"VolumeId": data, "InstanceId": id, "Device": "/dev/sdf"}),
        );
        let volumes = backend.ok("DescribeVolumes", json!({}));
        assert_eq!(volumes["Volumes"].as_array().unwrap().len(), 2);
        let terminated = backend.ok("TerminateInstances", json!({"InstanceIds": [id]}));
        assert_eq!(
            terminated["TerminatingInstances"][0]["CurrentState"]["Name"],
            "shutting-down"
        );
        let volumes = backend.ok("DescribeVolumes", json!({}));
        let volumes = volumes["Volumes"].as_array().unwrap();
        assert_eq!(volumes.len(), 1, "the root volume went with the instance");
        assert_eq!(
            (volumes[0]["VolumeId"].as_str(), &volumes[0]["State"]),
            (Some(data), &json!("available"))
        );
        let instance = described(&backend, &id);
        assert_eq!(instance["State"]["Name"], "terminated");
        assert_eq!(instance["BlockDeviceMappings"], json!([]));
    }

    #[test]
    fn protected_instances_are_not_stopped_or_terminated() {
        let backend = Backend::new();
        let reservation = backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
                   "DisableApiTermination": true, "DisableApiStop": true}),
        );
        let id = reservation["Instances"][0]["InstanceId"].as_str().unwrap();
        let terminate = json!({"InstanceIds": [id]});
        assert_eq!(
            backend.code("TerminateInstances", terminate.clone()),
            "OperationNotPermitted"
        );
        assert_eq!(
            backend.code("StopInstances", terminate.clone()),
            "OperationNotPermitted"
        );
        assert_eq!(described(&backend, id)["State"]["Name"], "running");
    }

    #[test]
    fn pages_of_reservations_end_at_the_token_s_reservation() {
        let backend = Backend::new();
        let ids: Vec<String> = (0..7).map(|_| launch(&backend)).collect();
        let first = backend.ok("DescribeInstances", json!({"MaxResults": 5}));
        assert_eq!(first["Reservations"].as_array().unwrap().len(), 5);
        let token = first["NextToken"].as_str().unwrap();
        assert_eq!(token, first["Reservations"][4]["ReservationId"]);
        let second = backend.ok(
            "DescribeInstances",
            json!({"MaxResults": 5, "NextToken": token}),
        );
        let rest: Vec<&str> = second["Reservations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|reservation| reservation["Instances"][0]["InstanceId"].as_str().unwrap())
            .collect();
        assert_eq!(rest, [ids[5].as_str(), ids[6].as_str()]);
        assert!(second["NextToken"].is_null());
        let both = json!({"MaxResults": 5, "InstanceIds": [ids[0]]});
        assert_eq!(
            backend.code("DescribeInstances", both),
            "InvalidParameterCombination"
        );
        assert_eq!(
            backend.code("DescribeInstances", json!({"MaxResults": 4})),
            "InvalidParameterValue"
        );
    }

    #[test]
    fn filters_read_the_instance_s_own_values() {
        let backend = Backend::new();
        let id = launch(&backend);
        let address = described(&backend, &id)["PrivateIpAddress"].clone();
        for (name, value, found) in [
            ("private-ip-address", address.as_str().unwrap(), true),
            ("architecture", "x86_64", true),
            ("root-device-name", "/dev/xvda", true),
            ("instance.group-name", "default", true),
            ("platform", "windows", false),
            ("instance-state-name", "stopped", false),
        ] {
            let output = backend.ok(
                "DescribeInstances",
                json!({"Filters": [{"Name": name, "Values": [value]}]}),
            );
            let count = output["Reservations"].as_array().unwrap().len();
            assert_eq!(count == 1, found, "{name}={value}");
        }
        let status = backend.ok(
            "DescribeInstanceStatus",
            json!({"Filters": [{"Name": "instance-status.status", "Values": ["ok"]}]}),
        );
        assert_eq!(
            status["InstanceStatuses"][0]["InstanceStatus"]["Details"][0]["Status"],
            "passed"
        );
    }

    #[test]
    fn names_outside_us_east_1_carry_the_region() {
        let backend = Backend::in_region("eu-west-1");
        let id = launch(&backend);
        let instance = described(&backend, &id);
        assert_eq!(
            instance["PrivateDnsName"],
            "ip-172-31-0-4.eu-west-1.compute.internal"
        );
        assert!(
            instance["PublicDnsName"]
                .as_str()
                .unwrap()
                .ends_with(".eu-west-1.compute.amazonaws.com"),
            "{instance}"
        );
        assert_eq!(instance["Placement"]["AvailabilityZone"], "eu-west-1a");
    }

    #[test]
    fn transition_times_read_like_ec2_s() {
        let instant = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_704_067_205);
        assert_eq!(utc(instant), "2024-01-01 00:00:05 UTC");
    }
}
