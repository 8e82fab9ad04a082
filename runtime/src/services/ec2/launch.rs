//! RunInstances: a reservation of instances, from the request's parameters or a launch
//! template's.

use std::net::Ipv4Addr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::amis::{self, Image};
use super::error;
use super::handlers::{items, strings, tags_of, text};
use super::instance::{Attributes, Instance, MetadataOptions, PrimaryInterface, State};
use super::instances::{flag, public_address, reservation_value};
use super::launch_templates;
use super::model::{Ec2State, Region};
use super::volume::{NewVolume, Volume, VolumeSpec};
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The most instances one RunInstances launches: AWS's long-standing default limit of 20
/// On-Demand instances per region (accounts now get a vCPU quota instead). As in EC2, a
/// MaxCount above it launches this many, and a MinCount above it is
/// `InstanceLimitExceeded`; it also bounds the work any one request can ask for.
pub(super) const INSTANCE_LIMIT: u32 = 20;

/// The root volume of an instance whose launch does not map the root device: Moto's
/// 8 GiB gp2 volume, deleted with the instance.
const DEFAULT_ROOT_SIZE: i64 = 8;

/// The first network interface of a launch (device index 0), if it specifies one.
fn primary_interface_spec(input: &Value) -> Option<&Value> {
    items(input, "NetworkInterfaces").iter().find(|spec| {
        spec.get("DeviceIndex")
            .and_then(Value::as_u64)
            .is_none_or(|index| index == 0)
    })
}

/// One volume a launch creates and attaches.
struct Device {
    name: String,
    volume: NewVolume,
    delete_on_termination: bool,
}

/// The volumes a launch gives each instance: its block device mappings, and the image's
/// root device when they do not map it. Checked before anything is drawn or made.
fn devices(region: &Region, input: &Value, image: Image) -> Result<Vec<Device>, ServiceError> {
    let root = image.info.root_device_name;
    let mut devices = Vec::new();
    let mut root_mapped = false;
    for mapping in items(input, "BlockDeviceMappings") {
        let Some(name) = text(mapping, "DeviceName") else {
            return Err(error::missing_parameter("BlockDeviceMapping.DeviceName"));
        };
        if name == root {
            root_mapped = true;
        }
        if mapping.get("NoDevice").is_some() || text(mapping, "VirtualName").is_some() {
            continue;
        }
        let Some(ebs) = mapping.get("Ebs") else {
            return Err(error::missing_parameter("ebs"));
        };
        let size = ebs.get("VolumeSize").and_then(Value::as_i64);
        let snapshot_id = text(ebs, "SnapshotId").map(str::to_owned);
        let size = match (size, &snapshot_id) {
            (Some(size), _) => Some(size),
            (None, Some(_)) => None,
            (None, None) if name == root => Some(DEFAULT_ROOT_SIZE),
            (None, None) => return Err(error::missing_parameter("size or snapshotId")),
        };
        let snapshot_size = match &snapshot_id {
            Some(id) => Some(
                region
                    .snapshots
                    .iter()
                    .find(|snapshot| snapshot.id == *id)
                    .ok_or_else(|| error::invalid_snapshot_not_found(id))?
                    .volume_size,
            ),
            None => None,
        };
        let spec = VolumeSpec {
            size,
            volume_type: text(ebs, "VolumeType").map(str::to_owned),
            iops: ebs.get("Iops").and_then(Value::as_i64),
            throughput: ebs.get("Throughput").and_then(Value::as_i64),
            snapshot_id,
            encrypted: flag(ebs, "Encrypted").unwrap_or(false),
            kms_key_id: text(ebs, "KmsKeyId").map(str::to_owned),
            multi_attach: false,
        };
        devices.push(Device {
            name: name.to_owned(),
            volume: spec.check(snapshot_size)?,
            delete_on_termination: flag(ebs, "DeleteOnTermination").unwrap_or(false),
        });
    }
    if !root_mapped {
        devices.insert(
            0,
            Device {
                name: root.to_owned(),
                volume: VolumeSpec {
                    size: Some(DEFAULT_ROOT_SIZE),
                    ..VolumeSpec::default()
                }
                .check(None)?,
                delete_on_termination: true,
            },
        );
    }
    Ok(devices)
}

/// Where a launch goes.
struct Placement {
    subnet_id: String,
    vpc_id: String,
    zone: String,
    /// The subnet's MapPublicIpOnLaunch: whether instances get public addresses.
    public_ip_on_launch: bool,
}

/// The subnet a launch goes to: SubnetId, the primary interface's subnet, or the default
/// subnet of the asked zone (the region's first zone when none is asked).
fn launch_placement(region: &Region, input: &Value) -> Result<Placement, ServiceError> {
    let interface_subnet = primary_interface_spec(input).and_then(|spec| text(spec, "SubnetId"));
    let zone = input
        .get("Placement")
        .and_then(|placement| text(placement, "AvailabilityZone"));
    let found = match text(input, "SubnetId").or(interface_subnet) {
        Some(id) => region
            .subnets
            .iter()
            .find(|subnet| subnet.id == id)
            .ok_or_else(|| error::invalid_subnet_id_not_found(id))?,
        None => region
            .subnets
            .iter()
            .find(|subnet| subnet.is_default && zone.is_none_or(|zone| subnet.zone == zone))
            .ok_or_else(|| {
                error::invalid_parameter_value(format!(
                    "No default subnet for availability zone: '{}'.",
                    zone.unwrap_or_default()
                ))
            })?,
    };
    Ok(Placement {
        subnet_id: found.id.clone(),
        vpc_id: found.vpc_id.clone(),
        zone: found.zone.clone(),
        public_ip_on_launch: found.map_public_ip_on_launch,
    })
}

/// The security groups of a launch, as id and name: those named, else the VPC's default.
fn launch_groups(
    region: &Region,
    input: &Value,
    vpc_id: &str,
) -> Result<Vec<(String, String)>, ServiceError> {
    let mut groups = Vec::new();
    let interface_groups = primary_interface_spec(input)
        .map(|spec| strings(spec, "Groups"))
        .unwrap_or_default();
    for id in strings(input, "SecurityGroupIds")
        .into_iter()
        .chain(interface_groups)
    {
        let group = region
            .security_groups
            .iter()
            .find(|group| group.id == id)
            .ok_or_else(|| error::invalid_group_not_found(id))?;
        groups.push((group.id.clone(), group.name.clone()));
    }
    for name in strings(input, "SecurityGroups") {
        let group = region
            .security_groups
            .iter()
            .find(|group| group.name == name && group.vpc_id == vpc_id)
            .ok_or_else(|| error::invalid_group_not_found(name))?;
        groups.push((group.id.clone(), group.name.clone()));
    }
    if groups.is_empty()
        && let Some(default) = region
            .security_groups
            .iter()
            .find(|group| group.name == "default" && group.vpc_id == vpc_id)
    {
        groups.push((default.id.clone(), default.name.clone()));
    }
    groups.dedup();
    Ok(groups)
}

fn metadata_options(input: &Value) -> MetadataOptions {
    let mut options = MetadataOptions::default();
    if let Some(given) = input.get("MetadataOptions") {
        let set = |field: &mut String, name: &str| {
            if let Some(value) = text(given, name) {
                value.clone_into(field);
            }
        };
        set(&mut options.http_tokens, "HttpTokens");
        set(&mut options.http_endpoint, "HttpEndpoint");
        set(&mut options.http_protocol_ipv6, "HttpProtocolIpv6");
        set(&mut options.instance_metadata_tags, "InstanceMetadataTags");
        if let Some(limit) = given.get("HttpPutResponseHopLimit").and_then(Value::as_i64) {
            options.hop_limit = limit;
        }
    }
    options
}

fn launch_attributes(input: &Value) -> Attributes {
    let cpu = input.get("CpuOptions");
    let cpu_options = cpu.and_then(|cpu| {
        Some((
            cpu.get("CoreCount")?.as_u64()?,
            cpu.get("ThreadsPerCore")
                .and_then(Value::as_u64)
                .unwrap_or(1),
        ))
    });
    let spot = input
        .get("InstanceMarketOptions")
        .and_then(|options| text(options, "MarketType"))
        == Some("spot");
    Attributes {
        ebs_optimized: flag(input, "EbsOptimized").unwrap_or(false),
        disable_api_termination: flag(input, "DisableApiTermination").unwrap_or(false),
        disable_api_stop: flag(input, "DisableApiStop").unwrap_or(false),
        shutdown_behavior: text(input, "InstanceInitiatedShutdownBehavior")
            .unwrap_or("stop")
            .to_owned(),
        monitoring: input
            .get("Monitoring")
            .and_then(|monitoring| flag(monitoring, "Enabled"))
            .unwrap_or(false),
        lifecycle: spot.then_some("spot"),
        cpu_options,
        ..Attributes::default()
    }
}

/// A MAC address for a new interface: AWS's locally administered prefix `02:00:00` and
/// three random bytes.
fn mac_address(random: u32) -> String {
    let [_, a, b, c] = random.to_be_bytes();
    format!("02:00:00:{a:02x}:{b:02x}:{c:02x}")
}

/// RunInstances. Draws the reservation id, then one instance id per instance, then for
/// each instance in order its interface id and attachment id, its MAC address, its public
/// address (when it gets one) and its volumes' ids. Launches MaxCount instances, at most
/// [`INSTANCE_LIMIT`] (Moto launches MinCount).
pub(super) fn run_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let request = input;
    state.with_region(&context.route.region, |region| {
        let template = launch_templates::launch_data(region, input)?;
        let input = template.as_ref().map_or(input, |template| &template.input);
        let image_id = text(input, "ImageId").ok_or_else(|| error::missing_parameter("ImageId"))?;
        let image = amis::find(&context.route.region, image_id)
            .ok_or_else(|| error::invalid_ami_id_not_found(image_id))?;
        let count = |name: &str| -> Result<u32, ServiceError> {
            input
                .get(name)
                .ok_or_else(|| error::missing_parameter(name))?
                .as_u64()
                .and_then(|count| u32::try_from(count).ok())
                .ok_or_else(|| error::invalid_parameter_value(format!("Invalid value for {name}")))
        };
        let (min, max) = (count("MinCount")?, count("MaxCount")?);
        if max == 0 {
            return Err(error::invalid_parameter_value(
                "Maximum instance count must be greater than zero",
            ));
        }
        if min == 0 {
            return Err(error::invalid_parameter_value(
                "Minimum instance count must be greater than zero",
            ));
        }
        if min > max {
            return Err(error::invalid_parameter_value(format!(
                "Minimum instance count ({min}) must not be greater than maximum instance \
                 count ({max})"
            )));
        }
        if min > INSTANCE_LIMIT {
            return Err(error::instance_limit_exceeded(min, INSTANCE_LIMIT));
        }
        let launched = max.min(INSTANCE_LIMIT);
        let user_data = text(input, "UserData")
            .map(|data| {
                STANDARD.decode(data).map(|_| data.to_owned()).map_err(|_| {
                    error::invalid_parameter_value("Invalid BASE64 encoding of user data.")
                })
            })
            .transpose()?;
        let client_token = text(input, "ClientToken");
        let parameters = idempotency_parameters(request);
        if let Some(token) = client_token
            && let Some((reservation_id, first)) = region.client_tokens.get(token).cloned()
        {
            if first != parameters {
                return Err(error::idempotent_parameter_mismatch());
            }
            // The same request again: the original reservation, nothing new created.
            let instances: Vec<&Instance> = region
                .instances
                .iter()
                .filter(|i| i.reservation_id == reservation_id)
                .collect();
            return Ok(reservation_value(
                context,
                region,
                &reservation_id,
                &instances,
                |instance| instance.state,
            ));
        }
        let placement = launch_placement(region, input)?;
        let groups = launch_groups(region, input, &placement.vpc_id)?;
        let devices = devices(region, input, image)?;
        let interface_spec = primary_interface_spec(input);
        let private_ip = text(input, "PrivateIpAddress")
            .or_else(|| interface_spec.and_then(|spec| text(spec, "PrivateIpAddress")))
            .map(|address| {
                address.parse::<Ipv4Addr>().map_err(|_| {
                    error::invalid_parameter_value(format!(
                        "Invalid value '{address}' for PrivateIpAddress."
                    ))
                })
            })
            .transpose()?;
        if private_ip.is_some() && launched > 1 {
            return Err(error::invalid_parameter_combination(
                "Cannot specify a private IP address when launching more than one instance",
            ));
        }
        // The subnet's MapPublicIpOnLaunch decides unless the launch says otherwise.
        let auto_public_ip = interface_spec
            .and_then(|spec| flag(spec, "AssociatePublicIpAddress"))
            .unwrap_or(placement.public_ip_on_launch);
        let metadata = metadata_options(input);
        let attributes = launch_attributes(input);
        let instance_type = text(input, "InstanceType").unwrap_or("m1.small");
        let key_name = text(input, "KeyName");

        let reservation_id = context.random.reservation_id();
        let ids: Vec<String> = (0..launched)
            .map(|_| context.random.instance_id())
            .collect();
        let now = context.clock.now();
        for (launch_index, id) in (0_u32..).zip(&ids) {
            let interface_id = context.random.ec2_id("eni");
            let attachment_id = context.random.ec2_id("eni-attach");
            let mac = mac_address(context.random.next_u32());
            let public_ip = auto_public_ip.then(|| public_address(context, region));
            let volumes: Vec<(Volume, &Device)> = devices
                .iter()
                .map(|device| {
                    let id = context.random.ec2_id("vol");
                    (device.volume.volume(id, &placement.zone, now), device)
                })
                .collect();
            let private_ip = match private_ip {
                Some(address) => address,
                None => region.next_private_ip(&placement.subnet_id),
            };
            region.instances.push(Instance {
                id: id.clone(),
                reservation_id: reservation_id.clone(),
                image_id: image.id.to_owned(),
                instance_type: instance_type.to_owned(),
                state: State::Running,
                launch_time: now,
                key_name: key_name.map(str::to_owned),
                subnet_id: placement.subnet_id.clone(),
                vpc_id: placement.vpc_id.clone(),
                zone: placement.zone.clone(),
                private_ip,
                security_groups: groups.clone(),
                user_data: user_data.clone(),
                launch_index,
                client_token: client_token.map(str::to_owned),
                interface: PrimaryInterface {
                    id: interface_id.clone(),
                    attachment_id,
                    attach_time: now,
                    mac_address: mac,
                    public_ip,
                    auto_public_ip,
                },
                volumes: Vec::new(),
                attributes: attributes.clone(),
                metadata: metadata.clone(),
                last_change: None,
            });
            if let Some(template) = &template {
                region.tags.extend(id, &template.instance_tags);
            }
            tag_launch(region, input, id, "instance");
            tag_launch(region, input, &interface_id, "network-interface");
            for (volume, device) in volumes {
                let volume_id = volume.id.clone();
                region.volumes.push(volume);
                region.attach(
                    &volume_id,
                    id,
                    &device.name,
                    now,
                    device.delete_on_termination,
                );
                tag_launch(region, input, &volume_id, "volume");
            }
        }
        if let Some(token) = client_token {
            region
                .client_tokens
                .insert(token.to_owned(), (reservation_id.clone(), parameters));
        }
        let instances: Vec<&Instance> = region
            .instances
            .iter()
            .filter(|i| ids.contains(&i.id))
            .collect();
        // A new instance is reported as pending, as AWS does; it is running from then on.
        Ok(reservation_value(
            context,
            region,
            &reservation_id,
            &instances,
            |_| State::Pending,
        ))
    })
}

/// The parameters a RunInstances retried with its client token must repeat: all but the
/// token itself and DryRun.
fn idempotency_parameters(request: &Value) -> Value {
    let mut parameters = request.clone();
    if let Value::Object(members) = &mut parameters {
        members.remove("ClientToken");
        members.remove("DryRun");
    }
    parameters
}

/// Applies a launch's TagSpecifications for `resource_type` to `resource`.
fn tag_launch(region: &mut Region, input: &Value, resource: &str, resource_type: &str) {
    for specification in items(input, "TagSpecifications") {
        if text(specification, "ResourceType") == Some(resource_type) {
            region.tags.extend(resource, &tags_of(specification));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::Backend;
    use super::*;

    fn instance(reservation: &Value) -> &Value {
        &reservation["Instances"][0]
    }

    #[test]
    fn block_device_mappings_make_volumes_and_the_image_s_root_is_always_there() {
        let backend = Backend::new();
        let mapped = backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1,
                   "BlockDeviceMappings": [
                       {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3",
                                                           "DeleteOnTermination": true}},
                       {"DeviceName": "/dev/sdg", "NoDevice": ""},
                   ],
                   "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "k", "Value": "v"}]}]}),
        );
        let devices: Vec<&str> = instance(&mapped)["BlockDeviceMappings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|mapping| mapping["DeviceName"].as_str().unwrap())
            .collect();
        assert_eq!(
            devices,
            ["/dev/sda1", "/dev/sdf"],
            "the Windows image's root first"
        );
        let volumes = backend.ok("DescribeVolumes", json!({}));
        let volumes = volumes["Volumes"].as_array().unwrap();
        assert_eq!(
            (
                volumes[0]["Size"].as_i64(),
                volumes[0]["VolumeType"].as_str()
            ),
            (Some(8), Some("gp2"))
        );
        assert_eq!(
            (volumes[1]["Size"].as_i64(), volumes[1]["Iops"].as_i64()),
            (Some(20), Some(3000))
        );
        assert_eq!(volumes[1]["Tags"][0]["Key"], "k");
        let sizeless = json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1,
                              "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {}}]});
        assert_eq!(backend.code("RunInstances", sizeless), "MissingParameter");
    }

    #[test]
    fn a_client_token_answers_its_reservation_only_for_the_same_parameters() {
        let backend = Backend::new();
        let request = json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
                             "ClientToken": "deploy-1"});
        let first = backend.ok("RunInstances", request.clone());
        let again = backend.ok("RunInstances", request);
        assert_eq!(first["ReservationId"], again["ReservationId"]);
        assert_eq!(
            instance(&again)["State"]["Name"],
            "running",
            "its state now"
        );
        let other = json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 2,
                           "ClientToken": "deploy-1"});
        assert_eq!(
            backend.code("RunInstances", other),
            "IdempotentParameterMismatch"
        );
        let all = backend.ok("DescribeInstances", json!({}));
        assert_eq!(all["Reservations"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn a_launch_takes_what_it_does_not_say_from_its_template() {
        let backend = Backend::new();
        let template = backend.ok(
            "CreateLaunchTemplate",
            json!({"LaunchTemplateName": "web", "LaunchTemplateData": {
                "ImageId": "ami-760aaa0f", "InstanceType": "t3.micro",
                "TagSpecifications": [{"ResourceType": "instance",
                                       "Tags": [{"Key": "tier", "Value": "web"}]}]}}),
        );
        let id = template["LaunchTemplate"]["LaunchTemplateId"]
            .as_str()
            .unwrap();
        let launched = backend.ok(
            "RunInstances",
            json!({"MinCount": 1, "MaxCount": 1, "InstanceType": "t3.large",
                   "LaunchTemplate": {"LaunchTemplateName": "web"},
                   "TagSpecifications": [{"ResourceType": "instance",
                                          "Tags": [{"Key": "Name", "Value": "a"}]}]}),
        );
        let launched = instance(&launched);
        assert_eq!(launched["ImageId"], "ami-760aaa0f");
        assert_eq!(
            launched["InstanceType"], "t3.large",
            "the request's own value wins"
        );
        let tags: Vec<(&str, &str)> = launched["Tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|tag| (tag["Key"].as_str().unwrap(), tag["Value"].as_str().unwrap()))
            .collect();
        assert_eq!(
            tags,
            [
                ("tier", "web"),
                ("aws:ec2launchtemplate:id", id),
                ("aws:ec2launchtemplate:version", "1"),
                ("Name", "a"),
            ]
        );
        let missing = json!({"MinCount": 1, "MaxCount": 1,
                             "LaunchTemplate": {"LaunchTemplateId": id, "Version": "7"}});
        assert_eq!(
            backend.code("RunInstances", missing),
            "InvalidLaunchTemplateId.VersionNotFound"
        );
    }

    #[test]
    fn launches_refuse_what_does_not_exist() {
        let backend = Backend::new();
        for (input, code) in [
            (
                json!({"ImageId": "ami-00000000", "MinCount": 1, "MaxCount": 1}),
                "InvalidAMIID.NotFound",
            ),
            (
                json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
                    "SecurityGroupIds": ["sg-0000000000000dead"]}),
                "InvalidGroup.NotFound",
            ),
            (
                json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
                    "Placement": {"AvailabilityZone": "us-east-1z"}}),
                "InvalidParameterValue",
            ),
            (
                json!({"ImageId": "ami-760aaa0f", "MinCount": 2, "MaxCount": 2,
                    "PrivateIpAddress": "172.31.0.9"}),
                "InvalidParameterCombination",
            ),
        ] {
            assert_eq!(backend.code("RunInstances", input.clone()), code, "{input}");
        }
        let unknown_snapshot = json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
            "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                                     "Ebs": {"SnapshotId": "snap-0000000000000dead"}}]});
        assert_eq!(
            backend.code("RunInstances", unknown_snapshot),
            "InvalidSnapshot.NotFound"
        );
        let io1 = json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
            "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                                     "Ebs": {"VolumeSize": 8, "VolumeType": "io1"}}]});
        assert_eq!(
            backend.code("RunInstances", io1),
            "InvalidParameterDependency"
        );
        assert_eq!(
            backend.random.reservation_id(),
            "r-e0fea209dfd5ae07c",
            "a refused launch draws no id: the first reservation of seed 42 is still to come"
        );
        let private = backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
                   "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": false}]}),
        );
        assert!(instance(&private)["PublicIpAddress"].is_null());
        assert!(instance(&private)["NetworkInterfaces"][0]["Association"].is_null());
    }

    #[test]
    fn the_subnet_s_map_public_ip_on_launch_decides_the_public_address() {
        let backend = Backend::new();
        let zone_a = backend.region(|region| region.subnets[0].id.clone());
        backend.ok(
            "ModifySubnetAttribute",
            json!({"SubnetId": zone_a, "MapPublicIpOnLaunch": {"Value": false}}),
        );
        let image = json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1});
        let private = backend.ok("RunInstances", image.clone());
        assert_eq!(instance(&private)["SubnetId"], zone_a.as_str());
        assert!(instance(&private)["PublicIpAddress"].is_null());
        let vpc =
            backend.ok("CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"].clone();
        let subnet = backend.ok(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.0.0.0/24"}),
        )["Subnet"]["SubnetId"]
            .clone();
        let mut in_subnet = image;
        in_subnet["SubnetId"] = subnet.clone();
        let unmapped = backend.ok("RunInstances", in_subnet.clone());
        assert!(instance(&unmapped)["PublicIpAddress"].is_null());
        backend.ok(
            "ModifySubnetAttribute",
            json!({"SubnetId": subnet, "MapPublicIpOnLaunch": {"Value": true}}),
        );
        let public = backend.ok("RunInstances", in_subnet);
        assert!(instance(&public)["PublicIpAddress"].is_string());
    }

    #[test]
    fn mac_addresses_are_locally_administered() {
        assert_eq!(mac_address(0x00ab_cdef), "02:00:00:ab:cd:ef");
        assert_eq!(mac_address(0xff01_0203), "02:00:00:01:02:03");
    }
}
