//! EBS: CreateVolume, DescribeVolumes, AttachVolume, DetachVolume, DeleteVolume,
//! CreateSnapshot, DescribeSnapshots and DeleteSnapshot.

use serde_json::{Value, json};

use super::error;
use super::handlers::{filters, items, passes, strings, tag_values, tags_of, text};
use super::model::{Ec2State, Region};
use super::pages;
use super::regions;
use super::volume::{Attachment, Snapshot, Volume, VolumeSpec};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::Answer;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// A resource's tags as a `TagList`, or none when it has none (volumes answer no empty
/// tag set).
fn tags_or_none(region: &Region, resource: &str) -> Option<Vec<Value>> {
    let tags = region.tags.of(resource);
    (!tags.is_empty()).then(|| {
        tags.iter()
            .map(|(key, value)| json!({"Key": key, "Value": value}))
            .collect()
    })
}

/// Applies the TagSpecifications of `input` for `resource_type` to `resource`.
fn tag(region: &mut Region, input: &Value, resource: &str, resource_type: &str) {
    for specification in items(input, "TagSpecifications") {
        if text(specification, "ResourceType").is_none_or(|kind| kind == resource_type) {
            region.tags.extend(resource, &tags_of(specification));
        }
    }
}

/// A `VolumeAttachment` in `state`, with its termination flag where DescribeVolumes gives
/// it.
fn attachment_value(
    volume_id: &str,
    attachment: &Attachment,
    state: &str,
    with_flag: bool,
) -> Value {
    json!({
        "DeleteOnTermination": with_flag.then_some(attachment.delete_on_termination),
        "VolumeId": volume_id,
        "InstanceId": attachment.instance_id,
        "Device": attachment.device,
        "State": state,
        "AttachTime": seconds_value(epoch_seconds(attachment.attach_time)),
    })
}

/// A `Volume`.
fn volume_value(region: &Region, volume: &Volume) -> Value {
    let attachments: Vec<Value> = volume
        .attachment
        .iter()
        .map(|attachment| attachment_value(&volume.id, attachment, "attached", true))
        .collect();
    json!({
        "Iops": volume.iops,
        "Tags": tags_or_none(region, &volume.id),
        "VolumeType": volume.volume_type,
        "MultiAttachEnabled": volume.multi_attach.then_some(true),
        "Throughput": volume.throughput,
        "VolumeId": volume.id,
        "Size": volume.size,
        "SnapshotId": volume.snapshot_id,
        "AvailabilityZone": volume.zone,
        "State": volume.state(),
        "CreateTime": seconds_value(epoch_seconds(volume.create_time)),
        "Attachments": attachments,
        "Encrypted": volume.encrypted,
        "KmsKeyId": volume.kms_key_id,
    })
}

/// A `Snapshot`.
fn snapshot_value(context: &Context<'_>, region: &Region, snapshot: &Snapshot) -> Value {
    json!({
        "Tags": super::handlers::tag_list(region, &snapshot.id),
        "StorageTier": "standard",
        "SnapshotId": snapshot.id,
        "VolumeId": snapshot.volume_id,
        "State": "completed",
        "StartTime": seconds_value(epoch_seconds(snapshot.start_time)),
        "Progress": "100%",
        "OwnerId": context.account_id,
        "Description": snapshot.description,
        "VolumeSize": snapshot.volume_size,
        "Encrypted": snapshot.encrypted,
        "KmsKeyId": snapshot.kms_key_id,
    })
}

pub(super) fn create_volume(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let region_name = &context.route.region;
    let zone = match (
        text(input, "AvailabilityZone"),
        text(input, "AvailabilityZoneId"),
    ) {
        (Some(zone), _) => regions::zones(region_name)
            .iter()
            .find(|(name, _)| *name == zone)
            .map(|(name, _)| *name)
            .ok_or_else(|| error::invalid_zone_not_found(zone))?,
        (None, Some(id)) => regions::zones(region_name)
            .iter()
            .find(|(_, zone_id)| *zone_id == id)
            .map(|(name, _)| *name)
            .ok_or_else(|| error::invalid_zone_not_found(id))?,
        (None, None) => return Err(error::missing_parameter("AvailabilityZone")),
    };
    let spec = VolumeSpec {
        size: input.get("Size").and_then(Value::as_i64),
        volume_type: text(input, "VolumeType").map(str::to_owned),
        iops: input.get("Iops").and_then(Value::as_i64),
        throughput: input.get("Throughput").and_then(Value::as_i64),
        snapshot_id: text(input, "SnapshotId").map(str::to_owned),
        encrypted: input.get("Encrypted").and_then(Value::as_bool) == Some(true),
        kms_key_id: text(input, "KmsKeyId").map(str::to_owned),
        multi_attach: input.get("MultiAttachEnabled").and_then(Value::as_bool) == Some(true),
    };
    state.with_region(region_name, |region| {
        let snapshot = match &spec.snapshot_id {
            Some(id) => Some(
                region
                    .snapshots
                    .iter()
                    .find(|snapshot| snapshot.id == *id)
                    .ok_or_else(|| error::invalid_snapshot_not_found(id))?,
            ),
            None => None,
        };
        let snapshot_size = snapshot.map(|snapshot| snapshot.volume_size);
        let encrypted = snapshot.is_some_and(|snapshot| snapshot.encrypted);
        let spec = VolumeSpec {
            encrypted: spec.encrypted || encrypted,
            ..spec.clone()
        };
        let volume = spec.check(snapshot_size)?.volume(
            context.random.ec2_id("vol"),
            zone,
            context.clock.now(),
        );
        let id = volume.id.clone();
        region.volumes.push(volume);
        tag(region, input, &id, "volume");
        let output = region
            .volumes
            .iter()
            .find(|volume| volume.id == id)
            .map_or(Value::Null, |volume| volume_value(region, volume));
        Ok(output)
    })
}

fn volume_values(region: &Region, volume: &Volume, name: &str) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    let attached = |read: fn(&Attachment) -> String| {
        Some(volume.attachment.as_ref().map(read).into_iter().collect())
    };
    match name {
        "volume-id" => one(&volume.id),
        "volume-type" => one(&volume.volume_type),
        "size" => one(&volume.size.to_string()),
        "status" => one(volume.state()),
        "availability-zone" => one(&volume.zone),
        "encrypted" => one(&volume.encrypted.to_string()),
        "multi-attach-enabled" => one(&volume.multi_attach.to_string()),
        "snapshot-id" => Some(volume.snapshot_id.clone().into_iter().collect()),
        "attachment.instance-id" => attached(|a| a.instance_id.clone()),
        "attachment.device" => attached(|a| a.device.clone()),
        "attachment.status" => attached(|_| "attached".to_owned()),
        "attachment.delete-on-termination" => attached(|a| a.delete_on_termination.to_string()),
        _ => tag_values(region, &volume.id, name),
    }
}

pub(super) fn describe_volumes(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let ids = strings(input, "VolumeIds");
    let filters = filters(input);
    let page = pages::Request::of(input, 5, 500)?;
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.volumes.iter().any(|volume| volume.id == **id))
        {
            return Err(error::invalid_volume_not_found(missing));
        }
        let mut volumes = Vec::new();
        for volume in region
            .volumes
            .iter()
            .filter(|volume| ids.is_empty() || ids.contains(&volume.id.as_str()))
        {
            if passes(&filters, |name| volume_values(region, volume, name))? {
                volumes.push(volume_value(region, volume));
            }
        }
        let (volumes, next) = page.cut(volumes)?;
        Ok(json!({ "Volumes": volumes, "NextToken": next }))
    })
}

pub(super) fn attach_volume(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let volume_id = text(input, "VolumeId").ok_or_else(|| error::missing_parameter("VolumeId"))?;
    let instance_id =
        text(input, "InstanceId").ok_or_else(|| error::missing_parameter("InstanceId"))?;
    let device = text(input, "Device").ok_or_else(|| error::missing_parameter("Device"))?;
    state.with_region(&context.route.region, |region| {
        let volume = region
            .volumes
            .iter()
            .find(|volume| volume.id == volume_id)
            .ok_or_else(|| error::invalid_volume_not_found(volume_id))?;
        let instance = region
            .instances
            .iter()
            .find(|instance| instance.id == instance_id)
            .ok_or_else(|| error::invalid_instance_id_not_found(&[instance_id]))?;
        if volume.attachment.is_some() {
            return Err(error::volume_in_use(format!(
                "{volume_id} is already attached to an instance"
            )));
        }
        if volume.zone != instance.zone {
            return Err(error::invalid_volume_zone_mismatch(volume_id, instance_id));
        }
        if region
            .attachments_of(instance_id)
            .iter()
            .any(|(_, attachment)| attachment.device == device)
        {
            return Err(error::invalid_parameter_value(format!(
                "Invalid value '{device}' for unixDevice. Attachment point {device} is already \
                 in use"
            )));
        }
        let now = context.clock.now();
        region.attach(volume_id, instance_id, device, now, false);
        let attachment = Attachment {
            instance_id: instance_id.to_owned(),
            device: device.to_owned(),
            attach_time: now,
            delete_on_termination: false,
        };
        Ok(attachment_value(volume_id, &attachment, "attaching", false))
    })
}

pub(super) fn detach_volume(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let volume_id = text(input, "VolumeId").ok_or_else(|| error::missing_parameter("VolumeId"))?;
    state.with_region(&context.route.region, |region| {
        let volume = region
            .volumes
            .iter()
            .find(|volume| volume.id == volume_id)
            .ok_or_else(|| error::invalid_volume_not_found(volume_id))?;
        let instance_id = text(input, "InstanceId");
        let Some(attachment) = &volume.attachment else {
            return Err(error::invalid_attachment_not_found(format!(
                "Volume {volume_id} can not be detached from {} because it is not attached",
                instance_id.unwrap_or("any instance")
            )));
        };
        let device = text(input, "Device");
        if instance_id.is_some_and(|id| id != attachment.instance_id)
            || device.is_some_and(|device| device != attachment.device)
        {
            return Err(error::invalid_attachment_not_found(format!(
                "The volume {volume_id} is not attached to instance {} as device {}",
                instance_id.unwrap_or(&attachment.instance_id),
                device.unwrap_or(&attachment.device)
            )));
        }
        let attachment = region
            .detach(volume_id)
            .ok_or_else(|| error::invalid_volume_not_found(volume_id))?;
        Ok(attachment_value(volume_id, &attachment, "detaching", false))
    })
}

pub(super) fn delete_volume(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let volume_id = text(input, "VolumeId").ok_or_else(|| error::missing_parameter("VolumeId"))?;
    state.with_region(&context.route.region, |region| {
        let volume = region
            .volumes
            .iter()
            .find(|volume| volume.id == volume_id)
            .ok_or_else(|| error::invalid_volume_not_found(volume_id))?;
        if let Some(attachment) = &volume.attachment {
            return Err(error::volume_in_use(format!(
                "Volume {volume_id} is currently attached to {}",
                attachment.instance_id
            )));
        }
        region.volumes.retain(|volume| volume.id != volume_id);
        region.tags.forget(volume_id);
        Ok(json!({}))
    })
}

pub(super) fn create_snapshot(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let volume_id = text(input, "VolumeId").ok_or_else(|| error::missing_parameter("VolumeId"))?;
    state.with_region(&context.route.region, |region| {
        let volume = region
            .volumes
            .iter()
            .find(|volume| volume.id == volume_id)
            .ok_or_else(|| error::invalid_volume_not_found(volume_id))?;
        let snapshot = Snapshot {
            id: context.random.ec2_id("snap"),
            volume_id: volume.id.clone(),
            volume_size: volume.size,
            description: text(input, "Description").unwrap_or_default().to_owned(),
            start_time: context.clock.now(),
            encrypted: volume.encrypted,
            kms_key_id: volume.kms_key_id.clone(),
        };
        tag(region, input, &snapshot.id, "snapshot");
        let output = snapshot_value(context, region, &snapshot);
        region.snapshots.push(snapshot);
        Ok(output)
    })
}

fn snapshot_values(
    context: &Context<'_>,
    region: &Region,
    snapshot: &Snapshot,
    name: &str,
) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    match name {
        "snapshot-id" => one(&snapshot.id),
        "volume-id" => one(&snapshot.volume_id),
        "volume-size" => one(&snapshot.volume_size.to_string()),
        "description" => one(&snapshot.description),
        "owner-id" => one(context.account_id),
        "status" => one("completed"),
        "progress" => one("100%"),
        "encrypted" => one(&snapshot.encrypted.to_string()),
        "storage-tier" => one("standard"),
        _ => tag_values(region, &snapshot.id, name),
    }
}

pub(super) fn describe_snapshots(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let ids = strings(input, "SnapshotIds");
    let owners = strings(input, "OwnerIds");
    let filters = filters(input);
    let page = pages::Request::of(input, 5, 1000)?;
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.snapshots.iter().any(|snapshot| snapshot.id == **id))
        {
            return Err(error::invalid_snapshot_not_found(missing));
        }
        let owned = owners.is_empty()
            || owners
                .iter()
                .any(|owner| *owner == "self" || *owner == context.account_id);
        let mut snapshots = Vec::new();
        for snapshot in region
            .snapshots
            .iter()
            .filter(|snapshot| owned && (ids.is_empty() || ids.contains(&snapshot.id.as_str())))
        {
            if passes(&filters, |name| {
                snapshot_values(context, region, snapshot, name)
            })? {
                snapshots.push(snapshot_value(context, region, snapshot));
            }
        }
        let (snapshots, next) = page.cut(snapshots)?;
        Ok(json!({ "Snapshots": snapshots, "NextToken": next }))
    })
}

pub(super) fn delete_snapshot(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let snapshot_id =
        text(input, "SnapshotId").ok_or_else(|| error::missing_parameter("SnapshotId"))?;
    state.with_region(&context.route.region, |region| {
        if !region
            .snapshots
            .iter()
            .any(|snapshot| snapshot.id == snapshot_id)
        {
            return Err(error::invalid_snapshot_not_found(snapshot_id));
        }
        region
            .snapshots
            .retain(|snapshot| snapshot.id != snapshot_id);
        region.tags.forget(snapshot_id);
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::Backend;
    use super::*;

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

    fn create(backend: &Backend, zone: &str) -> String {
        let volume = backend.ok(
            "CreateVolume",
            json!({"AvailabilityZone": zone, "Size": 8, "VolumeType": "gp3",
                   "TagSpecifications": [{"ResourceType": "volume",
                                          "Tags": [{"Key": "Name", "Value": "data"}]}]}),
        );
        assert_eq!(volume["State"], "available");
        assert_eq!(volume["Iops"], 3000);
        assert_eq!(volume["Tags"][0]["Value"], "data");
        volume["VolumeId"].as_str().unwrap().to_owned()
    }

    #[test]
    fn an_attached_volume_is_in_use_until_it_is_detached() {
        let backend = Backend::new();
        let instance = launch(&backend);
        let volume = create(&backend, "us-east-1a");
        let attach = json!({"VolumeId": volume, "InstanceId": instance, "Device": "/dev/sdf"});
        let attached = backend.ok("AttachVolume", attach.clone());
        assert_eq!(attached["State"], "attaching");
        assert_eq!(backend.code("AttachVolume", attach), "VolumeInUse");
        let described = backend.ok(
            "DescribeVolumes",
            json!({"Filters": [{"Name": "attachment.instance-id", "Values": [instance]}]}),
        );
        let volumes = described["Volumes"].as_array().unwrap();
        assert_eq!(volumes.len(), 2, "the root volume and the new one");
        assert_eq!(volumes[1]["State"], "in-use");
        assert_eq!(volumes[1]["Attachments"][0]["Device"], "/dev/sdf");
        let delete = json!({"VolumeId": volume});
        assert_eq!(backend.code("DeleteVolume", delete.clone()), "VolumeInUse");
        let wrong = json!({"VolumeId": volume, "Device": "/dev/sdz"});
        assert_eq!(
            backend.code("DetachVolume", wrong),
            "InvalidAttachment.NotFound"
        );
        let detached = backend.ok(
            "DetachVolume",
            json!({"VolumeId": volume, "InstanceId": instance}),
        );
        assert_eq!(detached["State"], "detaching");
        assert_eq!(
            backend.code("DetachVolume", delete.clone()),
            "InvalidAttachment.NotFound"
        );
        backend.ok("DeleteVolume", delete.clone());
        assert_eq!(
            backend.code("DescribeVolumes", json!({"VolumeIds": [volume]})),
            "InvalidVolume.NotFound"
        );
        assert_eq!(
            backend.code("DeleteVolume", delete),
            "InvalidVolume.NotFound"
        );
    }

    #[test]
    fn volumes_and_instances_meet_only_in_one_zone() {
        let backend = Backend::new();
        let instance = launch(&backend);
        let volume = create(&backend, "us-east-1b");
        let attach = json!({"VolumeId": volume, "InstanceId": instance, "Device": "/dev/sdf"});
        assert_eq!(
            backend.code("AttachVolume", attach),
            "InvalidVolume.ZoneMismatch"
        );
        let nowhere = json!({"AvailabilityZone": "us-east-1z", "Size": 8});
        assert_eq!(
            backend.code("CreateVolume", nowhere),
            "InvalidZone.NotFound"
        );
        let by_id = backend.ok(
            "CreateVolume",
            json!({"AvailabilityZoneId": "use1-az1", "Size": 1}),
        );
        assert_eq!(by_id["AvailabilityZone"], "us-east-1b");
        let here = create(&backend, "us-east-1a");
        let taken = json!({"VolumeId": here, "InstanceId": instance, "Device": "/dev/xvda"});
        assert_eq!(
            backend.code("AttachVolume", taken),
            "InvalidParameterValue",
            "the root volume is at /dev/xvda"
        );
    }

    #[test]
    fn snapshots_remember_their_volume_and_make_new_ones() {
        let backend = Backend::new();
        let volume = create(&backend, "us-east-1a");
        let snapshot = backend.ok(
            "CreateSnapshot",
            json!({"VolumeId": volume, "Description": "nightly"}),
        );
        assert_eq!(snapshot["State"], "completed");
        assert_eq!(snapshot["VolumeSize"], 8);
        let id = snapshot["SnapshotId"].as_str().unwrap();
        let restored = backend.ok(
            "CreateVolume",
            json!({"AvailabilityZone": "us-east-1a", "SnapshotId": id}),
        );
        assert_eq!(
            (restored["Size"].as_i64(), restored["SnapshotId"].as_str()),
            (Some(8), Some(id))
        );
        let mine = backend.ok("DescribeSnapshots", json!({"OwnerIds": ["self"]}));
        assert_eq!(mine["Snapshots"][0]["Description"], "nightly");
        backend.ok("DeleteSnapshot", json!({"SnapshotId": id}));
        assert_eq!(
            backend.code("DescribeSnapshots", json!({"SnapshotIds": [id]})),
            "InvalidSnapshot.NotFound"
        );
    }
}
