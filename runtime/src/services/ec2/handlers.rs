//! One function per EC2 operation. Each reads the request's input as the protocol
//! engine decodes it (neutral JSON keyed by the model's member names: `InstanceIds`,
//! `Filters`, `TagSpecifications`) and answers its output structure in the same form;
//! the engine writes that as EC2's XML.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::error;
use super::model::{
    DEFAULT_IMAGES, Ec2State, Image, Instance, REGIONS, Region, State, ZONE_LETTERS,
};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

// ---------------------------------------------------------------------------
// Reading input.

pub(super) fn text<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

pub(super) fn items<'a>(input: &'a Value, name: &str) -> &'a [Value] {
    input
        .get(name)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(super) fn strings<'a>(input: &'a Value, name: &str) -> Vec<&'a str> {
    items(input, name)
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

/// The `Tags` of a structure (a TagSpecification, CreateTags' input) as key and value;
/// a tag without a value has an empty one, a tag without a key is skipped.
pub(super) fn tags_of(input: &Value) -> Vec<(String, String)> {
    items(input, "Tags")
        .iter()
        .filter_map(|tag| {
            Some((
                text(tag, "Key")?.to_owned(),
                text(tag, "Value").unwrap_or_default().to_owned(),
            ))
        })
        .collect()
}

/// Applies the TagSpecifications of `input` for `resource_type` (or with no type) to
/// `resource`.
pub(super) fn apply_tag_specifications(
    region: &mut Region,
    input: &Value,
    resource: &str,
    resource_type: Option<&str>,
) {
    for specification in items(input, "TagSpecifications") {
        let applies = resource_type.is_none_or(|wanted| {
            text(specification, "ResourceType").is_none_or(|kind| kind == wanted)
        });
        if applies {
            region
                .tags
                .entry(resource.to_owned())
                .or_default()
                .extend(tags_of(specification));
        }
    }
}

/// A filter: a `Filters` entry's `Name` with its `Values`.
pub(super) struct Filter {
    name: String,
    values: Vec<String>,
}

pub(super) fn filters(input: &Value) -> Vec<Filter> {
    items(input, "Filters")
        .iter()
        .filter_map(|filter| {
            Some(Filter {
                name: text(filter, "Name")?.to_owned(),
                values: strings(filter, "Values")
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}

/// Whether a resource passes every filter; `values_of` answers the resource's values for
/// a filter name, or `None` for a filter this resource type does not have.
pub(super) fn passes(
    filters: &[Filter],
    values_of: impl Fn(&str) -> Option<Vec<String>>,
) -> Result<bool, ServiceError> {
    for filter in filters {
        let values = values_of(&filter.name).ok_or_else(|| {
            error::invalid_parameter_value(format!("The filter '{}' is invalid", filter.name))
        })?;
        if !filter
            .values
            .iter()
            .any(|wanted| values.iter().any(|value| glob(wanted, value)))
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// EC2 filter values: `*` matches any run of characters, `?` one character.
fn glob(pattern: &str, text: &str) -> bool {
    fn matches(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|skip| matches(rest, &text[skip..])),
            Some(('?', rest)) => !text.is_empty() && matches(rest, &text[1..]),
            Some((c, rest)) => text.first() == Some(c) && matches(rest, &text[1..]),
        }
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    matches(&pattern, &text)
}

pub(super) fn tag_values(region: &Region, resource: &str, name: &str) -> Option<Vec<String>> {
    let tags = region.tags.get(resource);
    if let Some(key) = name.strip_prefix("tag:") {
        return Some(
            tags.and_then(|tags| tags.get(key))
                .cloned()
                .into_iter()
                .collect(),
        );
    }
    match name {
        "tag-key" => Some(
            tags.map(|tags| tags.keys().cloned().collect())
                .unwrap_or_default(),
        ),
        "tag-value" => Some(
            tags.map(|tags| tags.values().cloned().collect())
                .unwrap_or_default(),
        ),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Writing output.

/// A resource's tags as a `TagList`.
pub(super) fn tag_list(region: &Region, resource: &str) -> Value {
    region
        .tags
        .get(resource)
        .into_iter()
        .flatten()
        .map(|(key, value)| json!({"Key": key, "Value": value}))
        .collect()
}

/// An `InstanceState`.
fn state_value(state: State) -> Value {
    json!({"Code": state.code(), "Name": state.name()})
}

/// An `Instance`, reported in `shown_state`.
fn instance_value(region: &Region, instance: &Instance, shown_state: State) -> Value {
    let image = DEFAULT_IMAGES
        .iter()
        .find(|image| image.id == instance.image_id);
    let groups: Vec<Value> = instance
        .security_groups
        .iter()
        .map(|(id, name)| json!({"GroupId": id, "GroupName": name}))
        .collect();
    json!({
        "InstanceId": instance.id,
        "ImageId": instance.image_id,
        "State": state_value(shown_state),
        "PrivateDnsName": format!(
            "ip-{}.ec2.internal",
            instance.private_ip.to_string().replace('.', "-")
        ),
        "PublicDnsName": "",
        "KeyName": instance.key_name,
        "AmiLaunchIndex": instance.launch_index,
        "InstanceType": instance.instance_type,
        "LaunchTime": seconds_value(epoch_seconds(instance.launch_time)),
        "Placement": {"AvailabilityZone": instance.zone, "Tenancy": "default"},
        "Monitoring": {"State": "disabled"},
        "SubnetId": instance.subnet_id,
        "VpcId": instance.vpc_id,
        "PrivateIpAddress": instance.private_ip.to_string(),
        "SecurityGroups": groups,
        "Architecture": image.map_or("x86_64", |image| image.architecture),
        "Platform": image.and_then(|image| image.platform),
        "RootDeviceType": "ebs",
        "RootDeviceName": "/dev/xvda",
        "VirtualizationType": "hvm",
        "Hypervisor": "xen",
        "Tags": tag_list(region, &instance.id),
    })
}

/// A `Reservation` holding `instances`, each reported in the state `shown` gives it.
fn reservation_value(
    context: &Context<'_>,
    region: &Region,
    reservation_id: &str,
    instances: &[&Instance],
    shown: impl Fn(&Instance) -> State,
) -> Value {
    let instances: Vec<Value> = instances
        .iter()
        .map(|instance| instance_value(region, instance, shown(instance)))
        .collect();
    json!({
        "ReservationId": reservation_id,
        "OwnerId": context.account_id,
        "Groups": [],
        "Instances": instances,
    })
}

// ---------------------------------------------------------------------------
// Instances.

/// The most instances one RunInstances launches: AWS's long-standing default limit of 20
/// On-Demand instances per region (accounts now get a vCPU quota instead). As in EC2, a
/// MaxCount above it launches this many, and a MinCount above it is
/// `InstanceLimitExceeded`; it also bounds the work any one request can ask for.
pub(super) const INSTANCE_LIMIT: u32 = 20;

/// RunInstances. Draws the reservation id, then one instance id per instance, in order.
/// Launches MaxCount instances, at most [`INSTANCE_LIMIT`] (Moto launches MinCount).
pub(super) fn run_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let image_id = text(input, "ImageId").ok_or_else(|| error::missing_parameter("ImageId"))?;
    if !DEFAULT_IMAGES.iter().any(|image| image.id == image_id) {
        return Err(error::invalid_ami_id_not_found(image_id));
    }
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
            "Minimum instance count ({min}) must not be greater than maximum instance count \
             ({max})"
        )));
    }
    if min > INSTANCE_LIMIT {
        return Err(error::instance_limit_exceeded(min, INSTANCE_LIMIT));
    }
    let launched = max.min(INSTANCE_LIMIT);
    let instance_type = text(input, "InstanceType").unwrap_or("m1.small").to_owned();
    let user_data = text(input, "UserData")
        .map(|data| {
            STANDARD.decode(data).map(|_| data.to_owned()).map_err(|_| {
                error::invalid_parameter_value("Invalid BASE64 encoding of user data.")
            })
        })
        .transpose()?;
    let client_token = text(input, "ClientToken");
    state.with_region(&context.route.region, |region| {
        if let Some(token) = client_token
            && let Some(reservation_id) = region.client_tokens.get(token).cloned()
        {
            // The same token again: the original reservation, nothing new created.
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
        let subnet = match text(input, "SubnetId") {
            Some(id) => region
                .subnets
                .iter()
                .find(|subnet| subnet.id == id)
                .cloned()
                .ok_or_else(|| error::invalid_subnet_id_not_found(id))?,
            None => {
                let zone = input
                    .get("Placement")
                    .and_then(|placement| text(placement, "AvailabilityZone"));
                region
                    .subnets
                    .iter()
                    .find(|subnet| subnet.is_default && zone.is_none_or(|zone| subnet.zone == zone))
                    .cloned()
                    .ok_or_else(|| {
                        error::invalid_parameter_value(
                            "No default subnet for the requested availability zone",
                        )
                    })?
            }
        };
        let mut groups = Vec::new();
        for id in strings(input, "SecurityGroupIds") {
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
                .find(|group| group.name == name && group.vpc_id == subnet.vpc_id)
                .ok_or_else(|| error::invalid_group_not_found(name))?;
            groups.push((group.id.clone(), group.name.clone()));
        }
        if groups.is_empty()
            && let Some(default) = region
                .security_groups
                .iter()
                .find(|group| group.name == "default" && group.vpc_id == subnet.vpc_id)
        {
            groups.push((default.id.clone(), default.name.clone()));
        }
        let reservation_id = context.random.reservation_id();
        let now = context.clock.now();
        let mut created = Vec::new();
        for launch_index in 0..launched {
            let instance = Instance {
                id: context.random.instance_id(),
                reservation_id: reservation_id.clone(),
                image_id: image_id.to_owned(),
                instance_type: instance_type.clone(),
                state: State::Running,
                launch_time: now,
                key_name: text(input, "KeyName").map(str::to_owned),
                subnet_id: subnet.id.clone(),
                vpc_id: subnet.vpc_id.clone(),
                zone: subnet.zone.clone(),
                private_ip: region.next_private_ip(&subnet.id),
                security_groups: groups.clone(),
                user_data: user_data.clone(),
                launch_index,
            };
            apply_tag_specifications(region, input, &instance.id, Some("instance"));
            created.push(instance.id.clone());
            region.instances.push(instance);
        }
        if let Some(token) = client_token {
            region
                .client_tokens
                .insert(token.to_owned(), reservation_id.clone());
        }
        let instances: Vec<&Instance> = region
            .instances
            .iter()
            .filter(|i| created.contains(&i.id))
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

fn instance_values(region: &Region, instance: &Instance, name: &str) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
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
        "private-ip-address" => one(&instance.private_ip.to_string()),
        "reservation-id" => one(&instance.reservation_id),
        "instance.group-id" => Some(
            instance
                .security_groups
                .iter()
                .map(|(id, _)| id.clone())
                .collect(),
        ),
        _ => tag_values(region, &instance.id, name),
    }
}

pub(super) fn describe_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        let mut reservations: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
        let mut order: Vec<&str> = Vec::new();
        for instance in named_instances(region, input)? {
            if passes(&filters, |name| instance_values(region, instance, name))? {
                if !reservations.contains_key(instance.reservation_id.as_str()) {
                    order.push(&instance.reservation_id);
                }
                reservations
                    .entry(&instance.reservation_id)
                    .or_default()
                    .push(instance);
            }
        }
        let reservations: Vec<Value> = order
            .into_iter()
            .map(|reservation_id| {
                reservation_value(
                    context,
                    region,
                    reservation_id,
                    &reservations[reservation_id],
                    |instance| instance.state,
                )
            })
            .collect();
        Ok(json!({ "Reservations": reservations }))
    })
}

pub(super) fn describe_instance_status(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let include_all = input
        .get("IncludeAllInstances")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        let mut statuses = Vec::new();
        for instance in named_instances(region, input)? {
            if !include_all && instance.state != State::Running {
                continue;
            }
            if !passes(&filters, |name| instance_values(region, instance, name))? {
                continue;
            }
            let status = if instance.state == State::Running {
                "ok"
            } else {
                "not-applicable"
            };
            statuses.push(json!({
                "InstanceId": instance.id,
                "AvailabilityZone": instance.zone,
                "InstanceState": state_value(instance.state),
                "SystemStatus": {"Status": status},
                "InstanceStatus": {"Status": status},
            }));
        }
        Ok(json!({ "InstanceStatuses": statuses }))
    })
}

/// How one of StartInstances, StopInstances and TerminateInstances moves an instance.
struct Transition {
    /// The output member listing the changes (`StoppingInstances`).
    output: &'static str,
    /// The state reported.
    shown: State,
    /// The state kept.
    settled: State,
    /// The states it may start from.
    allowed: fn(State) -> bool,
}

fn transition(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
    transition: &Transition,
) -> Answer {
    if strings(input, "InstanceIds").is_empty() {
        return Err(error::missing_parameter("InstanceId"));
    }
    state.with_region(&context.route.region, |region| {
        let ids: Vec<String> = named_instances(region, input)?
            .iter()
            .map(|i| i.id.clone())
            .collect();
        for instance in region.instances.iter().filter(|i| ids.contains(&i.id)) {
            if !(transition.allowed)(instance.state) {
                return Err(error::incorrect_instance_state(
                    &instance.id,
                    instance.state.name(),
                ));
            }
        }
        let mut changes = Vec::new();
        for instance in region.instances.iter_mut().filter(|i| ids.contains(&i.id)) {
            let previous = instance.state;
            // Stopping a stopped instance (and the like) reports and changes nothing.
            let (reported, kept) = if previous == transition.settled {
                (previous, previous)
            } else {
                (transition.shown, transition.settled)
            };
            instance.state = kept;
            changes.push(json!({
                "InstanceId": instance.id,
                "CurrentState": state_value(reported),
                "PreviousState": state_value(previous),
            }));
        }
        let mut output = Map::new();
        output.insert(transition.output.to_owned(), Value::Array(changes));
        Ok(Value::Object(output))
    })
}

pub(super) fn start_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let start = Transition {
        output: "StartingInstances",
        shown: State::Pending,
        settled: State::Running,
        allowed: |s| s != State::Terminated,
    };
    transition(state, context, input, &start)
}

pub(super) fn stop_instances(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let stop = Transition {
        output: "StoppingInstances",
        shown: State::Stopping,
        settled: State::Stopped,
        allowed: |s| s != State::Terminated,
    };
    transition(state, context, input, &stop)
}

pub(super) fn terminate_instances(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let terminate = Transition {
        output: "TerminatingInstances",
        shown: State::ShuttingDown,
        settled: State::Terminated,
        allowed: |_| true,
    };
    transition(state, context, input, &terminate)
}

/// DescribeInstanceAttribute: `userData` (as given, base64) and `instanceType`.
pub(super) fn describe_instance_attribute(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = text(input, "InstanceId").ok_or_else(|| error::missing_parameter("InstanceId"))?;
    let attribute =
        text(input, "Attribute").ok_or_else(|| error::missing_parameter("Attribute"))?;
    state.with_region(&context.route.region, |region| {
        let instance = region
            .instances
            .iter()
            .find(|instance| instance.id == id)
            .ok_or_else(|| error::invalid_instance_id_not_found(&[id]))?;
        match attribute {
            "userData" => Ok(json!({
                "InstanceId": id,
                "UserData": {"Value": instance.user_data},
            })),
            "instanceType" => Ok(json!({
                "InstanceId": id,
                "InstanceType": {"Value": instance.instance_type},
            })),
            other => Err(error::invalid_parameter_value(format!(
                "Value ({other}) for parameter attribute is invalid: this backend answers \
                 userData and instanceType"
            ))),
        }
    })
}

// ---------------------------------------------------------------------------
// Tags.

fn resource_type(id: &str) -> &'static str {
    match id.split('-').next().unwrap_or_default() {
        "i" => "instance",
        "vpc" => "vpc",
        "subnet" => "subnet",
        "sg" => "security-group",
        "ami" => "image",
        "r" => "reservation",
        _ => "resource",
    }
}

pub(super) fn create_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let resources = strings(input, "Resources");
    if resources.is_empty() {
        return Err(error::missing_parameter("ResourceId"));
    }
    let tags = tags_of(input);
    state.with_region(&context.route.region, |region| {
        for resource in resources {
            region
                .tags
                .entry(resource.to_owned())
                .or_default()
                .extend(tags.iter().cloned());
        }
    });
    Ok(json!({}))
}

pub(super) fn delete_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let resources = strings(input, "Resources");
    let tags = items(input, "Tags");
    state.with_region(&context.route.region, |region| {
        for resource in resources {
            let Some(existing) = region.tags.get_mut(resource) else {
                continue;
            };
            if tags.is_empty() {
                existing.clear();
            }
            for tag in tags {
                let Some(key) = text(tag, "Key") else {
                    continue;
                };
                // A value, when given, must match for the tag to go.
                if text(tag, "Value")
                    .is_none_or(|value| existing.get(key).map(String::as_str) == Some(value))
                {
                    existing.remove(key);
                }
            }
        }
    });
    Ok(json!({}))
}

pub(super) fn describe_tags(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        let mut described = Vec::new();
        for (resource, tags) in &region.tags {
            for (key, value) in tags {
                let values_of = |name: &str| match name {
                    "resource-id" => Some(vec![resource.clone()]),
                    "resource-type" => Some(vec![resource_type(resource).to_owned()]),
                    "key" => Some(vec![key.clone()]),
                    "value" => Some(vec![value.clone()]),
                    _ => None,
                };
                if passes(&filters, values_of)? {
                    described.push(json!({
                        "ResourceId": resource,
                        "ResourceType": resource_type(resource),
                        "Key": key,
                        "Value": value,
                    }));
                }
            }
        }
        Ok(json!({ "Tags": described }))
    })
}

// ---------------------------------------------------------------------------
// Images, regions, zones.

pub(super) fn describe_images(_state: &Ec2State, _context: &Context<'_>, input: &Value) -> Answer {
    let ids = strings(input, "ImageIds");
    if let Some(missing) = ids
        .iter()
        .find(|id| !DEFAULT_IMAGES.iter().any(|image| image.id == **id))
    {
        return Err(error::invalid_ami_id_not_found(missing));
    }
    let owners = strings(input, "Owners");
    let filters = filters(input);
    let mut images = Vec::new();
    for image in DEFAULT_IMAGES
        .iter()
        .filter(|image| ids.is_empty() || ids.contains(&image.id))
    {
        if !owners.is_empty()
            && !owners.iter().any(|owner| {
                *owner == image.owner || (*owner == "amazon" && image.owner == "137112412989")
            })
        {
            continue;
        }
        if !passes(&filters, |name| image_values(image, name))? {
            continue;
        }
        images.push(json!({
            "ImageId": image.id,
            "ImageLocation": format!("{}/{}", image.owner, image.name),
            "State": "available",
            "OwnerId": image.owner,
            "Public": true,
            "Architecture": image.architecture,
            "ImageType": "machine",
            "Platform": image.platform,
            "Name": image.name,
            "RootDeviceType": "ebs",
            "RootDeviceName": "/dev/xvda",
            "VirtualizationType": "hvm",
            "Hypervisor": "xen",
        }));
    }
    Ok(json!({ "Images": images }))
}

fn image_values(image: &Image, name: &str) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    match name {
        "image-id" => one(image.id),
        "name" => one(image.name),
        "owner-id" => one(image.owner),
        "architecture" => one(image.architecture),
        "state" => one("available"),
        "platform" => Some(image.platform.map(str::to_owned).into_iter().collect()),
        _ => None,
    }
}

pub(super) fn describe_regions(_state: &Ec2State, _context: &Context<'_>, input: &Value) -> Answer {
    let names = strings(input, "RegionNames");
    let regions: Vec<Value> = REGIONS
        .iter()
        .filter(|region| names.is_empty() || names.contains(region))
        .map(|region| {
            json!({
                "RegionName": region,
                "Endpoint": format!("ec2.{region}.amazonaws.com"),
                "OptInStatus": "opt-in-not-required",
            })
        })
        .collect();
    Ok(json!({ "Regions": regions }))
}

pub(super) fn describe_availability_zones(
    _state: &Ec2State,
    context: &Context<'_>,
    _input: &Value,
) -> Answer {
    let region = &context.route.region;
    let short: String = region
        .split('-')
        .map(|part| part.chars().next().unwrap_or_default())
        .collect();
    let number = region.rsplit('-').next().unwrap_or_default();
    let zones: Vec<Value> = ZONE_LETTERS
        .iter()
        .enumerate()
        .map(|(index, letter)| {
            json!({
                "ZoneName": format!("{region}{letter}"),
                "State": "available",
                "RegionName": region,
                "ZoneId": format!("{short}{number}-az{}", index + 1),
                "ZoneType": "availability-zone",
            })
        })
        .collect();
    Ok(json!({ "AvailabilityZones": zones }))
}
