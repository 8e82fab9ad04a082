//! What EC2 offers rather than what the account made: DescribeImages,
//! DescribeRegions, DescribeAvailabilityZones, DescribeInstanceTypes and
//! DescribeInstanceTypeOfferings.

use serde_json::{Value, json};

use super::amis::{self, Image};
use super::error;
use super::handlers::{filters, passes, strings, tag_list, tag_values, text};
use super::instance_types;
use super::model::{Ec2State, default_id};
use super::pages;
use super::regions::{self, Partition, REGIONS, RegionInfo};
use crate::protocol::engine::Answer;
use crate::services::Context;

// ---------------------------------------------------------------------------
// Images.

/// The id of the snapshot behind an image's root device: fixed per region and image, as
/// the image is.
fn image_snapshot_id(region: &str, image: &str) -> String {
    default_id("snap", region, &format!("image-snapshot-{image}"))
}

/// The size (GiB) of every catalogue image's root snapshot, as Moto's catalogue gives it.
const IMAGE_ROOT_SIZE: i64 = 15;
/// The volume type of every catalogue image's root snapshot, as Moto's catalogue gives it.
const IMAGE_ROOT_TYPE: &str = "standard";

fn image_value(context: &Context<'_>, tags: Value, image: Image) -> Value {
    let info = image.info;
    let product_codes: Vec<Value> = info
        .product_codes
        .iter()
        .map(|code| json!({"ProductCodeId": code, "ProductCodeType": "marketplace"}))
        .collect();
    json!({
        "PlatformDetails": info.platform_details(),
        "UsageOperation": info.usage_operation(),
        "BlockDeviceMappings": [{
            "DeviceName": info.root_device_name,
            "Ebs": {
                "DeleteOnTermination": false,
                "SnapshotId": image_snapshot_id(&context.route.region, image.id),
                "VolumeSize": IMAGE_ROOT_SIZE,
                "VolumeType": IMAGE_ROOT_TYPE,
            },
        }],
        "Description": info.description,
        "Hypervisor": "xen",
        "ImageOwnerAlias": "amazon",
        "Name": info.name,
        "RootDeviceName": info.root_device_name,
        "RootDeviceType": info.root_device_type,
        "Tags": tags,
        "VirtualizationType": info.virtualization_type,
        "BootMode": "uefi",
        "ImageId": image.id,
        "ImageLocation": info.location,
        "State": "available",
        "OwnerId": info.owner,
        "CreationDate": info.created,
        "Public": true,
        "ProductCodes": product_codes,
        "Architecture": info.architecture,
        "ImageType": "machine",
        "Platform": info.platform,
    })
}

/// An image's values for the DescribeImages filter `name`, or `None` for a filter it does
/// not have (tags aside).
fn image_values(image: Image, name: &str) -> Option<Vec<String>> {
    let info = image.info;
    let one = |value: &str| Some(vec![value.to_owned()]);
    match name {
        "image-id" => one(image.id),
        "name" => one(info.name),
        "description" => one(info.description),
        "owner-id" => one(info.owner),
        "owner-alias" => one("amazon"),
        "architecture" => one(info.architecture),
        "state" => one("available"),
        "is-public" => one("true"),
        "image-type" => one("machine"),
        "hypervisor" => one("xen"),
        "virtualization-type" => one(info.virtualization_type),
        "root-device-name" => one(info.root_device_name),
        "root-device-type" => one(info.root_device_type),
        "platform" => Some(info.platform.map(str::to_owned).into_iter().collect()),
        "platform-details" => one(info.platform_details()),
        "usage-operation" => one(info.usage_operation()),
        "product-code" => Some(
            info.product_codes
                .iter()
                .map(|&code| code.to_owned())
                .collect(),
        ),
        "product-code.type" => one("marketplace"),
        "block-device-mapping.device-name" => one(info.root_device_name),
        "block-device-mapping.volume-size" => one(&IMAGE_ROOT_SIZE.to_string()),
        "block-device-mapping.volume-type" => one(IMAGE_ROOT_TYPE),
        "block-device-mapping.delete-on-termination" => one("false"),
        "block-device-mapping.encrypted" => one("false"),
        _ => None,
    }
}

/// DescribeImages: the region's catalogue, by id (every one must exist), owner (an
/// account, `amazon` or `self`) and filters.
pub(super) fn describe_images(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let region_name = &context.route.region;
    let ids = strings(input, "ImageIds");
    if let Some(malformed) = ids.iter().find(|id| !id.starts_with("ami-")) {
        return Err(error::invalid_ami_id_malformed(malformed));
    }
    if let Some(missing) = ids.iter().find(|id| amis::find(region_name, id).is_none()) {
        return Err(error::invalid_ami_id_not_found(missing));
    }
    let owners = strings(input, "Owners");
    let filters = filters(input);
    let page = pages::Request::of(input, 1, 1000)?;
    state.with_region(region_name, |region| {
        let mut images = Vec::new();
        for image in
            amis::images(region_name).filter(|image| ids.is_empty() || ids.contains(&image.id))
        {
            let owned = owners.is_empty()
                || owners.iter().any(|owner| match *owner {
                    "amazon" => true,
                    "self" => image.info.owner == context.account_id,
                    account => image.info.owner == account,
                });
            if !owned {
                continue;
            }
            let values_of = |name: &str| {
                image_values(image, name).or_else(|| tag_values(region, image.id, name))
            };
            if passes(&filters, values_of)? {
                images.push(image_value(context, tag_list(region, image.id), image));
            }
        }
        let (images, next) = page.cut(images)?;
        Ok(json!({ "Images": images, "NextToken": next }))
    })
}

// ---------------------------------------------------------------------------
// Regions and zones.

fn region_values(region: &RegionInfo, name: &str) -> Option<Vec<String>> {
    match name {
        "region-name" => Some(vec![region.name.to_owned()]),
        "endpoint" => Some(vec![region.endpoint()]),
        "opt-in-status" => Some(vec![region.opt_in_status().to_owned()]),
        _ => None,
    }
}

/// DescribeRegions: the commercial partition's regions in Moto's order; those the account
/// has not opted in to only with `AllRegions` or by name, as AWS lists them.
pub(super) fn describe_regions(_state: &Ec2State, _context: &Context<'_>, input: &Value) -> Answer {
    let names = strings(input, "RegionNames");
    let all = input.get("AllRegions").and_then(Value::as_bool) == Some(true);
    let filters = filters(input);
    let mut described = Vec::new();
    for region in REGIONS
        .iter()
        .filter(|region| region.partition == Partition::Commercial)
    {
        let listed = if names.is_empty() {
            all || !region.opt_in
        } else {
            names.contains(&region.name)
        };
        if listed && passes(&filters, |name| region_values(region, name))? {
            described.push(json!({
                "OptInStatus": region.opt_in_status(),
                "RegionName": region.name,
                "Endpoint": region.endpoint(),
            }));
        }
    }
    Ok(json!({ "Regions": described }))
}

/// DescribeAvailabilityZones: the request's region's zones, with Moto's zone ids.
pub(super) fn describe_availability_zones(
    _state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let region = &context.route.region;
    let names = strings(input, "ZoneNames");
    let ids = strings(input, "ZoneIds");
    let filters = filters(input);
    let mut zones = Vec::new();
    for (name, id) in regions::zones(region) {
        if (!names.is_empty() && !names.contains(name)) || (!ids.is_empty() && !ids.contains(id)) {
            continue;
        }
        let values_of = |filter: &str| {
            let value = match filter {
                "zone-name" => *name,
                "zone-id" => *id,
                "region-name" | "group-name" => region.as_str(),
                "zone-type" => "availability-zone",
                "state" => "available",
                "opt-in-status" => "opt-in-not-required",
                _ => return None,
            };
            Some(vec![value.to_owned()])
        };
        if passes(&filters, values_of)? {
            zones.push(json!({
                "Messages": [],
                "RegionName": region,
                "ZoneName": name,
                "ZoneId": id,
                "ZoneType": "availability-zone",
                "State": "available",
            }));
        }
    }
    Ok(json!({ "AvailabilityZones": zones }))
}

// ---------------------------------------------------------------------------
// Instance types.

/// The member path of each DescribeInstanceTypes filter, as Moto maps them.
const INSTANCE_TYPE_FILTERS: &[(&str, &[&str])] = &[
    ("auto-recovery-supported", &["AutoRecoverySupported"]),
    ("bare-metal", &["BareMetal"]),
    (
        "burstable-performance-supported",
        &["BurstablePerformanceSupported"],
    ),
    ("current-generation", &["CurrentGeneration"]),
    (
        "ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "BaselineBandwidthInMbps"],
    ),
    (
        "ebs-info.ebs-optimized-info.baseline-iops",
        &["EbsInfo", "EbsOptimizedInfo", "BaselineIops"],
    ),
    (
        "ebs-info.ebs-optimized-info.baseline-throughput-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "BaselineThroughputInMBps"],
    ),
    (
        "ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "MaximumBandwidthInMbps"],
    ),
    (
        "ebs-info.ebs-optimized-info.maximum-iops",
        &["EbsInfo", "EbsOptimizedInfo", "MaximumIops"],
    ),
    (
        "ebs-info.ebs-optimized-info.maximum-throughput-in-mbps",
        &["EbsInfo", "EbsOptimizedInfo", "MaximumThroughputInMBps"],
    ),
    (
        "ebs-info.ebs-optimized-support",
        &["EbsInfo", "EbsOptimizedSupport"],
    ),
    (
        "ebs-info.encryption-support",
        &["EbsInfo", "EncryptionSupport"],
    ),
    ("ebs-info.nvme-support", &["EbsInfo", "NvmeSupport"]),
    ("free-tier-eligible", &["FreeTierEligible"]),
    ("hibernation-supported", &["HibernationSupported"]),
    ("hypervisor", &["Hypervisor"]),
    (
        "instance-storage-info.disk.count",
        &["InstanceStorageInfo", "Disks", "Count"],
    ),
    (
        "instance-storage-info.disk.size-in-gb",
        &["InstanceStorageInfo", "Disks", "SizeInGB"],
    ),
    (
        "instance-storage-info.disk.type",
        &["InstanceStorageInfo", "Disks", "Type"],
    ),
    (
        "instance-storage-info.encryption-support",
        &["InstanceStorageInfo", "EncryptionSupport"],
    ),
    (
        "instance-storage-info.nvme-support",
        &["InstanceStorageInfo", "NvmeSupport"],
    ),
    (
        "instance-storage-info.total-size-in-gb",
        &["InstanceStorageInfo", "TotalSizeInGB"],
    ),
    ("instance-storage-supported", &["InstanceStorageSupported"]),
    ("instance-type", &["InstanceType"]),
    ("memory-info.size-in-mib", &["MemoryInfo", "SizeInMiB"]),
    (
        "network-info.efa-info.maximum-efa-interfaces",
        &["NetworkInfo", "EfaInfo", "MaximumEfaInterfaces"],
    ),
    (
        "network-info.efa-supported",
        &["NetworkInfo", "EfaSupported"],
    ),
    ("network-info.ena-support", &["NetworkInfo", "EnaSupport"]),
    (
        "network-info.encryption-in-transit-supported",
        &["NetworkInfo", "EncryptionInTransitSupported"],
    ),
    (
        "network-info.ipv4-addresses-per-interface",
        &["NetworkInfo", "Ipv4AddressesPerInterface"],
    ),
    (
        "network-info.ipv6-addresses-per-interface",
        &["NetworkInfo", "Ipv6AddressesPerInterface"],
    ),
    (
        "network-info.ipv6-supported",
        &["NetworkInfo", "Ipv6Supported"],
    ),
    (
        "network-info.maximum-network-cards",
        &["NetworkInfo", "MaximumNetworkCards"],
    ),
    (
        "network-info.maximum-network-interfaces",
        &["NetworkInfo", "MaximumNetworkInterfaces"],
    ),
    (
        "network-info.network-performance",
        &["NetworkInfo", "NetworkPerformance"],
    ),
    (
        "processor-info.supported-architecture",
        &["ProcessorInfo", "SupportedArchitectures"],
    ),
    (
        "processor-info.sustained-clock-speed-in-ghz",
        &["ProcessorInfo", "SustainedClockSpeedInGhz"],
    ),
    ("supported-boot-mode", &["SupportedBootModes"]),
    ("supported-root-device-type", &["SupportedRootDeviceTypes"]),
    ("supported-usage-class", &["SupportedUsageClasses"]),
    (
        "supported-virtualization-type",
        &["SupportedVirtualizationTypes"],
    ),
    ("vcpu-info.default-cores", &["VCpuInfo", "DefaultCores"]),
    (
        "vcpu-info.default-threads-per-core",
        &["VCpuInfo", "DefaultThreadsPerCore"],
    ),
    ("vcpu-info.default-vcpus", &["VCpuInfo", "DefaultVCpus"]),
    ("vcpu-info.valid-cores", &["VCpuInfo", "ValidCores"]),
    (
        "vcpu-info.valid-threads-per-core",
        &["VCpuInfo", "ValidThreadsPerCore"],
    ),
];

/// The values at `path` in `value` as filter text (lists are walked: disks, cores).
fn values_at(value: &Value, path: &[&str], out: &mut Vec<String>) {
    match (value, path.split_first()) {
        (Value::Array(items), _) => {
            for item in items {
                values_at(item, path, out);
            }
        }
        (_, Some((key, rest))) => {
            if let Some(inner) = value.get(key) {
                values_at(inner, rest, out);
            }
        }
        (Value::String(text), None) => out.push(text.clone()),
        (Value::Null, None) => {}
        (other, None) => out.push(other.to_string()),
    }
}

fn instance_type_values(info: &Value, name: &str) -> Option<Vec<String>> {
    let (_, path) = INSTANCE_TYPE_FILTERS
        .iter()
        .find(|(filter, _)| *filter == name)?;
    let mut values = Vec::new();
    values_at(info, path, &mut values);
    Some(values)
}

/// DescribeInstanceTypes: the catalogued types, by name (every one must exist) and
/// filters.
pub(super) fn describe_instance_types(
    _state: &Ec2State,
    _context: &Context<'_>,
    input: &Value,
) -> Answer {
    let names = strings(input, "InstanceTypes");
    let unknown: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| instance_types::find(name).is_none())
        .collect();
    if !unknown.is_empty() {
        return Err(error::invalid_instance_type(&unknown));
    }
    let filters = filters(input);
    let page = pages::Request::of(input, 5, 100)?;
    let mut described = Vec::new();
    for info in instance_types::catalogue() {
        let name = text(info, "InstanceType").unwrap_or_default();
        if !names.is_empty() && !names.contains(&name) {
            continue;
        }
        if passes(&filters, |filter| instance_type_values(info, filter))? {
            described.push(info.clone());
        }
    }
    let (described, next) = page.cut(described)?;
    Ok(json!({ "InstanceTypes": described, "NextToken": next }))
}

/// DescribeInstanceTypeOfferings: every catalogued type in the region, or in each of its
/// zones (by name or id).
pub(super) fn describe_instance_type_offerings(
    _state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let region = context.route.region.as_str();
    let location_type = text(input, "LocationType").unwrap_or("region");
    let locations: Vec<&str> = match location_type {
        "region" => vec![region],
        "availability-zone" => regions::zones(region)
            .iter()
            .map(|(name, _)| *name)
            .collect(),
        "availability-zone-id" => regions::zones(region).iter().map(|(_, id)| *id).collect(),
        other => {
            return Err(error::invalid_parameter_value(format!(
                "Value ({other}) for parameter locationType is invalid."
            )));
        }
    };
    let filters = filters(input);
    let page = pages::Request::of(input, 5, 1000)?;
    let mut offerings = Vec::new();
    for info in instance_types::catalogue() {
        let name = text(info, "InstanceType").unwrap_or_default();
        for location in &locations {
            let values_of = |filter: &str| match filter {
                "instance-type" => Some(vec![name.to_owned()]),
                "location" => Some(vec![(*location).to_owned()]),
                _ => None,
            };
            if passes(&filters, values_of)? {
                offerings.push(json!({
                    "InstanceType": name,
                    "LocationType": location_type,
                    "Location": location,
                }));
            }
        }
    }
    let (offerings, next) = page.cut(offerings)?;
    Ok(json!({ "InstanceTypeOfferings": offerings, "NextToken": next }))
}

#[cfg(test)]
mod tests {
    use super::super::testing::Backend;
    use super::*;

    fn names(output: &Value, list: &str, member: &str) -> Vec<String> {
        output[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item[member].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn regions_the_account_has_not_opted_in_to_are_listed_only_when_asked() {
        let backend = Backend::new();
        let enabled = names(
            &backend.ok("DescribeRegions", json!({})),
            "Regions",
            "RegionName",
        );
        assert!(enabled.contains(&"us-east-1".to_owned()));
        assert!(
            !enabled.contains(&"ap-east-1".to_owned()),
            "an opt-in region"
        );
        assert!(
            !enabled.contains(&"cn-north-1".to_owned()),
            "another partition"
        );
        let all = names(
            &backend.ok("DescribeRegions", json!({"AllRegions": true})),
            "Regions",
            "RegionName",
        );
        assert!(all.contains(&"ap-east-1".to_owned()));
        assert_eq!(all.len(), 34);
        let named = backend.ok(
            "DescribeRegions",
            json!({"RegionNames": ["ap-east-1", "eu-west-1"]}),
        );
        assert_eq!(named["Regions"][0]["OptInStatus"], "not-opted-in");
        let filtered = backend.ok(
            "DescribeRegions",
            json!({"Filters": [{"Name": "region-name", "Values": ["us-*"]}]}),
        );
        assert_eq!(
            names(&filtered, "Regions", "RegionName"),
            ["us-east-1", "us-east-2", "us-west-1", "us-west-2"]
        );
    }

    #[test]
    fn zones_are_found_by_name_id_and_filter() {
        let backend = Backend::new();
        let zones = backend.ok("DescribeAvailabilityZones", json!({}));
        assert_eq!(zones["AvailabilityZones"].as_array().unwrap().len(), 6);
        let by_id = backend.ok(
            "DescribeAvailabilityZones",
            json!({"ZoneIds": ["use1-az1"]}),
        );
        assert_eq!(
            names(&by_id, "AvailabilityZones", "ZoneName"),
            ["us-east-1b"]
        );
        let filtered = backend.ok(
            "DescribeAvailabilityZones",
            json!({"Filters": [{"Name": "zone-name", "Values": ["us-east-1a", "us-east-1f"]}]}),
        );
        assert_eq!(
            names(&filtered, "AvailabilityZones", "ZoneId"),
            ["use1-az6", "use1-az5"]
        );
    }

    #[test]
    fn images_are_found_by_id_owner_and_filter() {
        let backend = Backend::new();
        let windows = backend.ok("DescribeImages", json!({"ImageIds": ["ami-12c6146b"]}));
        let image = &windows["Images"][0];
        assert_eq!(image["Platform"], "windows");
        assert_eq!(image["PlatformDetails"], "Windows");
        assert_eq!(image["ImageOwnerAlias"], "amazon");
        assert_eq!(image["BlockDeviceMappings"][0]["DeviceName"], "/dev/sda1");
        let amazon = backend.ok(
            "DescribeImages",
            json!({"Owners": ["137112412989"],
                   "Filters": [{"Name": "name", "Values": ["amzn2-ami-hvm-*-x86_64-gp2"]}]}),
        );
        let found = names(&amazon, "Images", "ImageId");
        assert!(
            found.contains(&"ami-04681a1dbd79675a5".to_owned()),
            "{found:?}"
        );
        assert!(
            amazon["Images"]
                .as_array()
                .unwrap()
                .iter()
                .all(|image| image["OwnerId"] == "137112412989")
        );
        let mine = backend.ok("DescribeImages", json!({"Owners": ["self"]}));
        assert_eq!(mine["Images"], json!([]));
        assert_eq!(
            backend.code("DescribeImages", json!({"ImageIds": ["image-1"]})),
            "InvalidAMIID.Malformed"
        );
        assert_eq!(
            backend.code(
                "DescribeImages",
                json!({"ImageIds": ["ami-12c6146b", "ami-00000000"]})
            ),
            "InvalidAMIID.NotFound"
        );
        backend.ok(
            "CreateTags",
            json!({"Resources": ["ami-12c6146b"], "Tags": [{"Key": "used", "Value": "yes"}]}),
        );
        let tagged = backend.ok(
            "DescribeImages",
            json!({"Filters": [{"Name": "tag:used", "Values": ["yes"]}]}),
        );
        assert_eq!(names(&tagged, "Images", "ImageId"), ["ami-12c6146b"]);
    }

    #[test]
    fn instance_types_and_offerings_come_from_the_catalogue() {
        let backend = Backend::new();
        let types = backend.ok(
            "DescribeInstanceTypes",
            json!({"InstanceTypes": ["m5.large", "c5.xlarge"]}),
        );
        assert_eq!(
            names(&types, "InstanceTypes", "InstanceType"),
            ["c5.xlarge", "m5.large"]
        );
        assert_eq!(
            backend.code(
                "DescribeInstanceTypes",
                json!({"InstanceTypes": ["t3.micro", "t3.gigantic"]})
            ),
            "InvalidInstanceType"
        );
        let free = backend.ok(
            "DescribeInstanceTypes",
            json!({"Filters": [{"Name": "free-tier-eligible", "Values": ["true"]},
                               {"Name": "instance-type", "Values": ["t3.*"]}]}),
        );
        assert_eq!(
            names(&free, "InstanceTypes", "InstanceType"),
            ["t3.micro", "t3.small"]
        );
        let zones = backend.ok(
            "DescribeInstanceTypeOfferings",
            json!({"LocationType": "availability-zone-id",
                   "Filters": [{"Name": "instance-type", "Values": ["t3.micro"]}]}),
        );
        assert_eq!(zones["InstanceTypeOfferings"].as_array().unwrap().len(), 6);
        assert_eq!(zones["InstanceTypeOfferings"][0]["Location"], "use1-az6");
    }

    #[test]
    fn instance_type_filters_read_nested_and_listed_values() {
        let micro = instance_types::find("t3.micro").unwrap();
        assert_eq!(
            instance_type_values(micro, "memory-info.size-in-mib"),
            Some(vec!["1024".to_owned()])
        );
        assert_eq!(
            instance_type_values(micro, "free-tier-eligible"),
            Some(vec!["true".to_owned()])
        );
        assert_eq!(
            instance_type_values(micro, "processor-info.supported-architecture"),
            Some(vec!["x86_64".to_owned()])
        );
        assert_eq!(instance_type_values(micro, "no-such-filter"), None);
    }

    #[test]
    fn image_snapshots_are_fixed_per_region_and_image() {
        let east = image_snapshot_id("us-east-1", "ami-12c6146b");
        assert_eq!(east, image_snapshot_id("us-east-1", "ami-12c6146b"));
        assert_ne!(east, image_snapshot_id("eu-west-1", "ami-12c6146b"));
        assert!(east.starts_with("snap-"));
    }
}
