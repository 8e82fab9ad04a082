//! One function per EC2 operation: query parameters in, the XML body of the answer out
//! (without the outer element, which `mod.rs` adds with the request id).

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::error;
use super::model::{
    DEFAULT_IMAGES, Ec2State, Image, Instance, Permission, REGIONS, Region, SecurityGroup, State,
    ZONE_LETTERS,
};
use crate::protocol::error::ServiceError;
use crate::protocol::query::QueryParams;
use crate::protocol::time::iso8601_millis;
use crate::protocol::xml::XmlWriter;
use crate::services::Context;

type Answer = Result<XmlWriter, ServiceError>;

/// A `Filter.N.Name` with its `Value.M`s.
struct Filter {
    name: String,
    values: Vec<String>,
}

fn filters(params: &QueryParams) -> Vec<Filter> {
    params
        .members("Filter")
        .iter()
        .filter_map(|member| {
            Some(Filter {
                name: member.get("Name")?.to_owned(),
                values: member
                    .list("Value")
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}

/// Whether a resource passes every filter; `values_of` answers the resource's values for
/// a filter name, or `None` for a filter this resource type does not have.
fn passes(
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

fn tag_values(region: &Region, resource: &str, name: &str) -> Option<Vec<String>> {
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

fn write_tags(xml: &mut XmlWriter, region: &Region, resource: &str) {
    xml.open("tagSet", None);
    for (key, value) in region.tags.get(resource).into_iter().flatten() {
        xml.open("item", None)
            .element("key", key)
            .element("value", value)
            .close("item");
    }
    xml.close("tagSet");
}

fn write_state(xml: &mut XmlWriter, element: &str, state: State) {
    xml.open(element, None)
        .element("code", &state.code().to_string())
        .element("name", state.name())
        .close(element);
}

fn write_instance(xml: &mut XmlWriter, region: &Region, instance: &Instance, shown_state: State) {
    let image = DEFAULT_IMAGES
        .iter()
        .find(|image| image.id == instance.image_id);
    let dns = format!(
        "ip-{}.ec2.internal",
        instance.private_ip.to_string().replace('.', "-")
    );
    xml.open("item", None)
        .element("instanceId", &instance.id)
        .element("imageId", &instance.image_id);
    write_state(xml, "instanceState", shown_state);
    xml.element("privateDnsName", &dns)
        .element("dnsName", "")
        .optional("keyName", instance.key_name.as_deref())
        .element("amiLaunchIndex", &instance.launch_index.to_string())
        .element("instanceType", &instance.instance_type)
        .element("launchTime", &iso8601_millis(instance.launch_time))
        .open("placement", None)
        .element("availabilityZone", &instance.zone)
        .element("tenancy", "default")
        .close("placement")
        .open("monitoring", None)
        .element("state", "disabled")
        .close("monitoring")
        .element("subnetId", &instance.subnet_id)
        .element("vpcId", &instance.vpc_id)
        .element("privateIpAddress", &instance.private_ip.to_string())
        .open("groupSet", None);
    for (id, name) in &instance.security_groups {
        xml.open("item", None)
            .element("groupId", id)
            .element("groupName", name)
            .close("item");
    }
    xml.close("groupSet")
        .element(
            "architecture",
            image.map_or("x86_64", |image| image.architecture),
        )
        .optional("platform", image.and_then(|image| image.platform))
        .element("rootDeviceType", "ebs")
        .element("rootDeviceName", "/dev/xvda")
        .element("virtualizationType", "hvm")
        .element("hypervisor", "xen");
    write_tags(xml, region, &instance.id);
    xml.close("item");
}

fn write_reservation(
    xml: &mut XmlWriter,
    context: &Context<'_>,
    region: &Region,
    reservation_id: &str,
    instances: &[&Instance],
    shown: impl Fn(&Instance) -> State,
) {
    xml.element("reservationId", reservation_id)
        .element("ownerId", context.account_id)
        .open("groupSet", None)
        .close("groupSet")
        .open("instancesSet", None);
    for instance in instances {
        write_instance(xml, region, instance, shown(instance));
    }
    xml.close("instancesSet");
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
pub(super) fn run_instances(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let image_id = params
        .get("ImageId")
        .ok_or_else(|| error::missing_parameter("ImageId"))?;
    if !DEFAULT_IMAGES.iter().any(|image| image.id == image_id) {
        return Err(error::invalid_ami_id_not_found(image_id));
    }
    let count = |name: &str| -> Result<u32, ServiceError> {
        params
            .get(name)
            .ok_or_else(|| error::missing_parameter(name))?
            .parse()
            .map_err(|_| error::invalid_parameter_value(format!("Invalid value for {name}")))
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
    let instance_type = params.get("InstanceType").unwrap_or("m1.small").to_owned();
    let user_data = params
        .get("UserData")
        .map(|data| {
            STANDARD.decode(data).map(|_| data.to_owned()).map_err(|_| {
                error::invalid_parameter_value("Invalid BASE64 encoding of user data.")
            })
        })
        .transpose()?;
    let tag_specifications = params.members("TagSpecification");
    state.with_region(&context.route.region, |region| {
        if let Some(token) = params.get("ClientToken")
            && let Some(reservation_id) = region.client_tokens.get(token).cloned()
        {
            // The same token again: the original reservation, nothing new created.
            let mut xml = XmlWriter::default();
            let instances: Vec<&Instance> = region
                .instances
                .iter()
                .filter(|i| i.reservation_id == reservation_id)
                .collect();
            write_reservation(
                &mut xml,
                context,
                region,
                &reservation_id,
                &instances,
                |instance| instance.state,
            );
            return Ok(xml);
        }
        let subnet = match params.get("SubnetId") {
            Some(id) => region
                .subnets
                .iter()
                .find(|subnet| subnet.id == id)
                .cloned()
                .ok_or_else(|| error::invalid_subnet_id_not_found(id))?,
            None => {
                let zone = params.get("Placement.AvailabilityZone");
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
        for id in params.list("SecurityGroupId") {
            let group = region
                .security_groups
                .iter()
                .find(|group| group.id == id)
                .ok_or_else(|| error::invalid_group_not_found(id))?;
            groups.push((group.id.clone(), group.name.clone()));
        }
        for name in params.list("SecurityGroup") {
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
                key_name: params.get("KeyName").map(str::to_owned),
                subnet_id: subnet.id.clone(),
                vpc_id: subnet.vpc_id.clone(),
                zone: subnet.zone.clone(),
                private_ip: region.next_private_ip(&subnet.id),
                security_groups: groups.clone(),
                user_data: user_data.clone(),
                launch_index,
            };
            for specification in &tag_specifications {
                if specification
                    .get("ResourceType")
                    .is_none_or(|kind| kind == "instance")
                {
                    let tags = region.tags.entry(instance.id.clone()).or_default();
                    for tag in specification.members("Tag") {
                        if let Some(key) = tag.get("Key") {
                            tags.insert(
                                key.to_owned(),
                                tag.get("Value").unwrap_or_default().to_owned(),
                            );
                        }
                    }
                }
            }
            created.push(instance.id.clone());
            region.instances.push(instance);
        }
        if let Some(token) = params.get("ClientToken") {
            region
                .client_tokens
                .insert(token.to_owned(), reservation_id.clone());
        }
        let mut xml = XmlWriter::default();
        let instances: Vec<&Instance> = region
            .instances
            .iter()
            .filter(|i| created.contains(&i.id))
            .collect();
        // A new instance is reported as pending, as AWS does; it is running from then on.
        write_reservation(
            &mut xml,
            context,
            region,
            &reservation_id,
            &instances,
            |_| State::Pending,
        );
        Ok(xml)
    })
}

/// The instances named by `InstanceId.N` (all when none), or InvalidInstanceID.NotFound.
fn named_instances<'r>(
    region: &'r Region,
    params: &QueryParams,
) -> Result<Vec<&'r Instance>, ServiceError> {
    let ids = params.list("InstanceId");
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

pub(super) fn describe_instances(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let filters = filters(params);
    state.with_region(&context.route.region, |region| {
        let mut reservations: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
        let mut order: Vec<&str> = Vec::new();
        for instance in named_instances(region, params)? {
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
        let mut xml = XmlWriter::default();
        xml.open("reservationSet", None);
        for reservation_id in order {
            xml.open("item", None);
            write_reservation(
                &mut xml,
                context,
                region,
                reservation_id,
                &reservations[reservation_id],
                |instance| instance.state,
            );
            xml.close("item");
        }
        xml.close("reservationSet");
        Ok(xml)
    })
}

pub(super) fn describe_instance_status(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let include_all = params.get("IncludeAllInstances") == Some("true");
    let filters = filters(params);
    state.with_region(&context.route.region, |region| {
        let mut xml = XmlWriter::default();
        xml.open("instanceStatusSet", None);
        for instance in named_instances(region, params)? {
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
            xml.open("item", None)
                .element("instanceId", &instance.id)
                .element("availabilityZone", &instance.zone);
            write_state(&mut xml, "instanceState", instance.state);
            xml.open("systemStatus", None)
                .element("status", status)
                .close("systemStatus")
                .open("instanceStatus", None)
                .element("status", status)
                .close("instanceStatus")
                .close("item");
        }
        xml.close("instanceStatusSet");
        Ok(xml)
    })
}

/// Start, stop or terminate: `shown` is the state reported, `settled` the state kept.
fn transition(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
    shown: State,
    settled: State,
    allowed: impl Fn(State) -> bool,
) -> Answer {
    if params.list("InstanceId").is_empty() {
        return Err(error::missing_parameter("InstanceId"));
    }
    state.with_region(&context.route.region, |region| {
        let ids: Vec<String> = named_instances(region, params)?
            .iter()
            .map(|i| i.id.clone())
            .collect();
        for instance in region.instances.iter().filter(|i| ids.contains(&i.id)) {
            if !allowed(instance.state) {
                return Err(error::incorrect_instance_state(
                    &instance.id,
                    instance.state.name(),
                ));
            }
        }
        let mut xml = XmlWriter::default();
        xml.open("instancesSet", None);
        for instance in region.instances.iter_mut().filter(|i| ids.contains(&i.id)) {
            let previous = instance.state;
            // Stopping a stopped instance (and the like) reports and changes nothing.
            let (reported, kept) = if previous == settled {
                (previous, previous)
            } else {
                (shown, settled)
            };
            instance.state = kept;
            xml.open("item", None).element("instanceId", &instance.id);
            write_state(&mut xml, "currentState", reported);
            write_state(&mut xml, "previousState", previous);
            xml.close("item");
        }
        xml.close("instancesSet");
        Ok(xml)
    })
}

pub(super) fn start_instances(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    transition(
        state,
        context,
        params,
        State::Pending,
        State::Running,
        |s| s != State::Terminated,
    )
}

pub(super) fn stop_instances(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    transition(
        state,
        context,
        params,
        State::Stopping,
        State::Stopped,
        |s| s != State::Terminated,
    )
}

pub(super) fn terminate_instances(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    transition(
        state,
        context,
        params,
        State::ShuttingDown,
        State::Terminated,
        |_| true,
    )
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

pub(super) fn create_tags(state: &Ec2State, context: &Context<'_>, params: &QueryParams) -> Answer {
    let resources = params.list("ResourceId");
    if resources.is_empty() {
        return Err(error::missing_parameter("ResourceId"));
    }
    let tags: Vec<(String, String)> = params
        .members("Tag")
        .iter()
        .filter_map(|tag| {
            Some((
                tag.get("Key")?.to_owned(),
                tag.get("Value").unwrap_or_default().to_owned(),
            ))
        })
        .collect();
    state.with_region(&context.route.region, |region| {
        for resource in resources {
            region
                .tags
                .entry(resource.to_owned())
                .or_default()
                .extend(tags.iter().cloned());
        }
    });
    let mut xml = XmlWriter::default();
    xml.element("return", "true");
    Ok(xml)
}

pub(super) fn delete_tags(state: &Ec2State, context: &Context<'_>, params: &QueryParams) -> Answer {
    let resources = params.list("ResourceId");
    let tags = params.members("Tag");
    state.with_region(&context.route.region, |region| {
        for resource in resources {
            let Some(existing) = region.tags.get_mut(resource) else {
                continue;
            };
            if tags.is_empty() {
                existing.clear();
            }
            for tag in &tags {
                let Some(key) = tag.get("Key") else { continue };
                // A value, when given, must match for the tag to go.
                if tag
                    .get("Value")
                    .is_none_or(|value| existing.get(key).map(String::as_str) == Some(value))
                {
                    existing.remove(key);
                }
            }
        }
    });
    let mut xml = XmlWriter::default();
    xml.element("return", "true");
    Ok(xml)
}

pub(super) fn describe_tags(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let filters = filters(params);
    state.with_region(&context.route.region, |region| {
        let mut xml = XmlWriter::default();
        xml.open("tagSet", None);
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
                    xml.open("item", None)
                        .element("resourceId", resource)
                        .element("resourceType", resource_type(resource))
                        .element("key", key)
                        .element("value", value)
                        .close("item");
                }
            }
        }
        xml.close("tagSet");
        Ok(xml)
    })
}

// ---------------------------------------------------------------------------
// Images, regions, zones.

pub(super) fn describe_images(
    _state: &Ec2State,
    _context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let ids = params.list("ImageId");
    if let Some(missing) = ids
        .iter()
        .find(|id| !DEFAULT_IMAGES.iter().any(|image| image.id == **id))
    {
        return Err(error::invalid_ami_id_not_found(missing));
    }
    let owners = params.list("Owner");
    let filters = filters(params);
    let mut xml = XmlWriter::default();
    xml.open("imagesSet", None);
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
        xml.open("item", None)
            .element("imageId", image.id)
            .element("imageLocation", &format!("{}/{}", image.owner, image.name))
            .element("imageState", "available")
            .element("imageOwnerId", image.owner)
            .element("isPublic", "true")
            .element("architecture", image.architecture)
            .element("imageType", "machine")
            .optional("platform", image.platform)
            .element("name", image.name)
            .element("rootDeviceType", "ebs")
            .element("rootDeviceName", "/dev/xvda")
            .element("virtualizationType", "hvm")
            .element("hypervisor", "xen")
            .close("item");
    }
    xml.close("imagesSet");
    Ok(xml)
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

pub(super) fn describe_regions(
    _state: &Ec2State,
    _context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let names = params.list("RegionName");
    let mut xml = XmlWriter::default();
    xml.open("regionInfo", None);
    for region in REGIONS
        .iter()
        .filter(|region| names.is_empty() || names.contains(region))
    {
        xml.open("item", None)
            .element("regionName", region)
            .element("regionEndpoint", &format!("ec2.{region}.amazonaws.com"))
            .element("optInStatus", "opt-in-not-required")
            .close("item");
    }
    xml.close("regionInfo");
    Ok(xml)
}

pub(super) fn describe_availability_zones(
    _state: &Ec2State,
    context: &Context<'_>,
    _params: &QueryParams,
) -> Answer {
    let region = &context.route.region;
    let mut xml = XmlWriter::default();
    xml.open("availabilityZoneInfo", None);
    for (index, letter) in ZONE_LETTERS.iter().enumerate() {
        let short: String = region
            .split('-')
            .map(|part| part.chars().next().unwrap_or_default())
            .collect();
        let number = region.rsplit('-').next().unwrap_or_default();
        xml.open("item", None)
            .element("zoneName", &format!("{region}{letter}"))
            .element("zoneState", "available")
            .element("regionName", region)
            .element("zoneId", &format!("{short}{number}-az{}", index + 1))
            .element("zoneType", "availability-zone")
            .close("item");
    }
    xml.close("availabilityZoneInfo");
    Ok(xml)
}

// ---------------------------------------------------------------------------
// Network.

pub(super) fn describe_vpcs(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let ids = params.list("VpcId");
    let filters = filters(params);
    state.with_region(&context.route.region, |region| {
        let mut xml = XmlWriter::default();
        xml.open("vpcSet", None);
        for vpc in region
            .vpcs
            .iter()
            .filter(|vpc| ids.is_empty() || ids.contains(&vpc.id.as_str()))
        {
            let values_of = |name: &str| match name {
                "vpc-id" => Some(vec![vpc.id.clone()]),
                "is-default" | "isDefault" => Some(vec![vpc.is_default.to_string()]),
                "cidr" | "cidr-block" => Some(vec![vpc.cidr.clone()]),
                "state" => Some(vec!["available".to_owned()]),
                other => tag_values(region, &vpc.id, other),
            };
            if !passes(&filters, values_of)? {
                continue;
            }
            xml.open("item", None)
                .element("vpcId", &vpc.id)
                .element("state", "available")
                .element("cidrBlock", &vpc.cidr)
                .element("isDefault", &vpc.is_default.to_string())
                .element("instanceTenancy", "default")
                .element("ownerId", context.account_id);
            write_tags(&mut xml, region, &vpc.id);
            xml.close("item");
        }
        xml.close("vpcSet");
        Ok(xml)
    })
}

pub(super) fn describe_subnets(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let ids = params.list("SubnetId");
    let filters = filters(params);
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.subnets.iter().any(|subnet| subnet.id == **id))
        {
            return Err(error::invalid_subnet_id_not_found(missing));
        }
        let mut xml = XmlWriter::default();
        xml.open("subnetSet", None);
        for subnet in region
            .subnets
            .iter()
            .filter(|subnet| ids.is_empty() || ids.contains(&subnet.id.as_str()))
        {
            let values_of = |name: &str| match name {
                "subnet-id" => Some(vec![subnet.id.clone()]),
                "vpc-id" => Some(vec![subnet.vpc_id.clone()]),
                "availability-zone" => Some(vec![subnet.zone.clone()]),
                "default-for-az" | "defaultForAz" => Some(vec![subnet.is_default.to_string()]),
                "cidr-block" => Some(vec![subnet.cidr.clone()]),
                other => tag_values(region, &subnet.id, other),
            };
            if !passes(&filters, values_of)? {
                continue;
            }
            xml.open("item", None)
                .element("subnetId", &subnet.id)
                .element("state", "available")
                .element("vpcId", &subnet.vpc_id)
                .element("cidrBlock", &subnet.cidr)
                .element("availableIpAddressCount", &(4091 - subnet.used).to_string())
                .element("availabilityZone", &subnet.zone)
                .element("defaultForAz", &subnet.is_default.to_string())
                .element("mapPublicIpOnLaunch", "true")
                .element("ownerId", context.account_id);
            write_tags(&mut xml, region, &subnet.id);
            xml.close("item");
        }
        xml.close("subnetSet");
        Ok(xml)
    })
}

fn write_security_group(
    xml: &mut XmlWriter,
    context: &Context<'_>,
    region: &Region,
    group: &SecurityGroup,
) {
    xml.open("item", None)
        .element("ownerId", context.account_id)
        .element("groupId", &group.id)
        .element("groupName", &group.name)
        .element("groupDescription", &group.description)
        .element("vpcId", &group.vpc_id)
        .open("ipPermissions", None);
    for permission in &group.ingress {
        xml.open("item", None)
            .element("ipProtocol", &permission.protocol);
        if let Some(port) = permission.from_port {
            xml.element("fromPort", &port.to_string());
        }
        if let Some(port) = permission.to_port {
            xml.element("toPort", &port.to_string());
        }
        xml.open("ipRanges", None);
        for cidr in &permission.cidrs {
            xml.open("item", None).element("cidrIp", cidr).close("item");
        }
        xml.close("ipRanges").close("item");
    }
    xml.close("ipPermissions")
        .open("ipPermissionsEgress", None)
        .open("item", None)
        .element("ipProtocol", "-1")
        .open("ipRanges", None)
        .open("item", None)
        .element("cidrIp", "0.0.0.0/0")
        .close("item")
        .close("ipRanges")
        .close("item")
        .close("ipPermissionsEgress");
    write_tags(xml, region, &group.id);
    xml.close("item");
}

pub(super) fn describe_security_groups(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let ids = params.list("GroupId");
    let names = params.list("GroupName");
    let filters = filters(params);
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.security_groups.iter().any(|group| group.id == **id))
        {
            return Err(error::invalid_group_not_found(missing));
        }
        let mut xml = XmlWriter::default();
        xml.open("securityGroupInfo", None);
        for group in &region.security_groups {
            if (!ids.is_empty() && !ids.contains(&group.id.as_str()))
                || (!names.is_empty() && !names.contains(&group.name.as_str()))
            {
                continue;
            }
            let values_of = |name: &str| match name {
                "group-id" => Some(vec![group.id.clone()]),
                "group-name" => Some(vec![group.name.clone()]),
                "vpc-id" => Some(vec![group.vpc_id.clone()]),
                "description" => Some(vec![group.description.clone()]),
                other => tag_values(region, &group.id, other),
            };
            if passes(&filters, values_of)? {
                write_security_group(&mut xml, context, region, group);
            }
        }
        xml.close("securityGroupInfo");
        Ok(xml)
    })
}

pub(super) fn create_security_group(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let name = params
        .get("GroupName")
        .ok_or_else(|| error::missing_parameter("GroupName"))?;
    let description = params
        .get("GroupDescription")
        .ok_or_else(|| error::missing_parameter("GroupDescription"))?;
    state.with_region(&context.route.region, |region| {
        let vpc_id = match params.get("VpcId") {
            Some(id) => id.to_owned(),
            None => region
                .vpcs
                .iter()
                .find(|vpc| vpc.is_default)
                .map(|vpc| vpc.id.clone())
                .unwrap_or_default(),
        };
        if region
            .security_groups
            .iter()
            .any(|group| group.name == name && group.vpc_id == vpc_id)
        {
            return Err(error::invalid_group_duplicate(name));
        }
        let group = SecurityGroup {
            id: context.random.security_group_id(),
            name: name.to_owned(),
            description: description.to_owned(),
            vpc_id,
            ingress: Vec::new(),
        };
        let mut xml = XmlWriter::default();
        xml.element("return", "true").element("groupId", &group.id);
        for specification in params.members("TagSpecification") {
            let tags = region.tags.entry(group.id.clone()).or_default();
            for tag in specification.members("Tag") {
                if let Some(key) = tag.get("Key") {
                    tags.insert(
                        key.to_owned(),
                        tag.get("Value").unwrap_or_default().to_owned(),
                    );
                }
            }
        }
        region.security_groups.push(group);
        Ok(xml)
    })
}

pub(super) fn authorize_security_group_ingress(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let permissions: Vec<Permission> = params
        .members("IpPermissions")
        .iter()
        .map(|member| Permission {
            protocol: member.get("IpProtocol").unwrap_or("-1").to_owned(),
            from_port: member.get("FromPort").and_then(|port| port.parse().ok()),
            to_port: member.get("ToPort").and_then(|port| port.parse().ok()),
            cidrs: member
                .members("IpRanges")
                .iter()
                .filter_map(|range| range.get("CidrIp").map(str::to_owned))
                .collect(),
        })
        .collect();
    if permissions.is_empty() {
        return Err(error::missing_parameter("IpPermissions"));
    }
    state.with_region(&context.route.region, |region| {
        let group = match (params.get("GroupId"), params.get("GroupName")) {
            (Some(id), _) => region
                .security_groups
                .iter_mut()
                .find(|group| group.id == id)
                .ok_or_else(|| error::invalid_group_not_found(id))?,
            (None, Some(name)) => region
                .security_groups
                .iter_mut()
                .find(|group| group.name == name)
                .ok_or_else(|| error::invalid_group_not_found(name))?,
            (None, None) => return Err(error::missing_parameter("GroupId")),
        };
        if permissions
            .iter()
            .any(|permission| group.ingress.contains(permission))
        {
            return Err(error::invalid_permission_duplicate());
        }
        group.ingress.extend(permissions);
        let mut xml = XmlWriter::default();
        xml.element("return", "true");
        Ok(xml)
    })
}

/// DescribeInstanceAttribute: `userData` (as given, base64) and `instanceType`.
pub(super) fn describe_instance_attribute(
    state: &Ec2State,
    context: &Context<'_>,
    params: &QueryParams,
) -> Answer {
    let id = params
        .get("InstanceId")
        .ok_or_else(|| error::missing_parameter("InstanceId"))?;
    let attribute = params
        .get("Attribute")
        .ok_or_else(|| error::missing_parameter("Attribute"))?;
    state.with_region(&context.route.region, |region| {
        let instance = region
            .instances
            .iter()
            .find(|instance| instance.id == id)
            .ok_or_else(|| error::invalid_instance_id_not_found(&[id]))?;
        let mut xml = XmlWriter::default();
        xml.element("instanceId", id);
        match attribute {
            "userData" => {
                xml.open("userData", None);
                if let Some(data) = &instance.user_data {
                    xml.element("value", data);
                }
                xml.close("userData");
            }
            "instanceType" => {
                xml.open("instanceType", None).element("value", &instance.instance_type).close("instanceType");
            }
            other => {
                return Err(error::invalid_parameter_value(format!(
                    "Value ({other}) for parameter attribute is invalid: this backend answers userData and instanceType"
                )));
            }
        }
        Ok(xml)
    })
}
