//! EBS volumes and snapshots, with no HTTP: a volume's attachment to an instance is kept
//! on both sides (the volume's attachment and the instance's list of volumes) by the
//! functions here only.

use std::time::SystemTime;

use super::error;
use super::model::Region;
use crate::protocol::error::ServiceError;

/// A volume.
#[derive(Debug, Clone)]
pub(super) struct Volume {
    pub(super) id: String,
    /// Size in GiB.
    pub(super) size: i64,
    pub(super) volume_type: String,
    pub(super) iops: Option<i64>,
    pub(super) throughput: Option<i64>,
    pub(super) zone: String,
    pub(super) create_time: SystemTime,
    pub(super) snapshot_id: Option<String>,
    pub(super) encrypted: bool,
    pub(super) kms_key_id: Option<String>,
    pub(super) multi_attach: bool,
    pub(super) attachment: Option<Attachment>,
}

impl Volume {
    /// `State`: `in-use` while attached, else `available`.
    pub(super) fn state(&self) -> &'static str {
        if self.attachment.is_some() {
            "in-use"
        } else {
            "available"
        }
    }
}

/// A volume's attachment to an instance.
#[derive(Debug, Clone)]
pub(super) struct Attachment {
    pub(super) instance_id: String,
    pub(super) device: String,
    pub(super) attach_time: SystemTime,
    pub(super) delete_on_termination: bool,
}

/// A snapshot.
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    pub(super) id: String,
    pub(super) volume_id: String,
    pub(super) volume_size: i64,
    pub(super) description: String,
    pub(super) start_time: SystemTime,
    pub(super) encrypted: bool,
    pub(super) kms_key_id: Option<String>,
}

impl Region {
    /// Attaches volume `volume_id` to instance `instance_id` as `device`. Both must exist.
    pub(super) fn attach(
        &mut self,
        volume_id: &str,
        instance_id: &str,
        device: &str,
        at: SystemTime,
        delete_on_termination: bool,
    ) {
        if let Some(volume) = self.volumes.iter_mut().find(|v| v.id == volume_id) {
            volume.attachment = Some(Attachment {
                instance_id: instance_id.to_owned(),
                device: device.to_owned(),
                attach_time: at,
                delete_on_termination,
            });
        }
        if let Some(instance) = self.instances.iter_mut().find(|i| i.id == instance_id) {
            instance.volumes.push(volume_id.to_owned());
        }
    }

    /// Detaches volume `volume_id` from its instance; answers the attachment it had.
    pub(super) fn detach(&mut self, volume_id: &str) -> Option<Attachment> {
        let attachment = self
            .volumes
            .iter_mut()
            .find(|v| v.id == volume_id)?
            .attachment
            .take()?;
        if let Some(instance) = self
            .instances
            .iter_mut()
            .find(|i| i.id == attachment.instance_id)
        {
            instance.volumes.retain(|id| id != volume_id);
        }
        Some(attachment)
    }

    /// What terminating an instance does to its volumes: each is detached, and deleted
    /// when it was to be deleted on termination.
    pub(super) fn release_volumes(&mut self, instance_id: &str) {
        let attached: Vec<String> = self
            .instances
            .iter()
            .find(|i| i.id == instance_id)
            .map(|instance| instance.volumes.clone())
            .unwrap_or_default();
        for volume_id in attached {
            if self
                .detach(&volume_id)
                .is_some_and(|attachment| attachment.delete_on_termination)
            {
                self.volumes.retain(|v| v.id != volume_id);
                self.tags.forget(&volume_id);
            }
        }
    }

    /// The attachments of `instance_id`'s volumes, in the order they were attached.
    pub(super) fn attachments_of(&self, instance_id: &str) -> Vec<(&Volume, &Attachment)> {
        let Some(instance) = self.instances.iter().find(|i| i.id == instance_id) else {
            return Vec::new();
        };
        instance
            .volumes
            .iter()
            .filter_map(|id| {
                let volume = self.volumes.iter().find(|v| v.id == *id)?;
                Some((volume, volume.attachment.as_ref()?))
            })
            .collect()
    }
}

/// What a new volume is to be: CreateVolume's input or a launch's block device mapping.
#[derive(Debug, Clone, Default)]
pub(super) struct VolumeSpec {
    /// Size in GiB (from the snapshot when absent).
    pub(super) size: Option<i64>,
    pub(super) volume_type: Option<String>,
    pub(super) iops: Option<i64>,
    pub(super) throughput: Option<i64>,
    pub(super) snapshot_id: Option<String>,
    pub(super) encrypted: bool,
    pub(super) kms_key_id: Option<String>,
    pub(super) multi_attach: bool,
}

/// The volume types that take a provisioned IOPS rate, and those that need one.
const IOPS_TYPES: [&str; 3] = ["gp3", "io1", "io2"];
const IOPS_REQUIRED: [&str; 2] = ["io1", "io2"];
/// A gp3 volume's baseline IOPS, its rate when none is asked for.
const GP3_BASELINE_IOPS: i64 = 3000;

impl VolumeSpec {
    /// The volume to make, after EBS's checks of the combination (the size of the snapshot
    /// it is made from, if any, fills a missing size).
    pub(super) fn check(self, snapshot_size: Option<i64>) -> Result<NewVolume, ServiceError> {
        let volume_type = self.volume_type.unwrap_or_else(|| "gp2".to_owned());
        if self.kms_key_id.is_some() && !self.encrypted {
            return Err(error::invalid_parameter_dependency("KmsKeyId", "Encrypted"));
        }
        let iops = match self.iops {
            None if IOPS_REQUIRED.contains(&volume_type.as_str()) => {
                return Err(error::invalid_parameter_dependency("VolumeType", "Iops"));
            }
            None if volume_type == "gp3" => Some(GP3_BASELINE_IOPS),
            Some(_) if !IOPS_TYPES.contains(&volume_type.as_str()) => {
                return Err(error::invalid_parameter_dependency("VolumeType", "Iops"));
            }
            iops => iops,
        };
        if self.throughput.is_some() && volume_type != "gp3" {
            return Err(error::invalid_parameter_dependency(
                "VolumeType",
                "Throughput",
            ));
        }
        if self.multi_attach && !IOPS_REQUIRED.contains(&volume_type.as_str()) {
            return Err(error::invalid_parameter_dependency(
                "MultiAttachEnabled",
                "VolumeType",
            ));
        }
        let size = self
            .size
            .or(snapshot_size)
            .ok_or_else(|| error::missing_parameter("size/snapshot"))?;
        Ok(NewVolume {
            size,
            volume_type,
            iops,
            throughput: self.throughput,
            snapshot_id: self.snapshot_id,
            encrypted: self.encrypted,
            kms_key_id: self.kms_key_id,
            multi_attach: self.multi_attach,
        })
    }
}

/// A volume EBS accepts, to be made (once, or once per instance of a launch).
#[derive(Debug, Clone)]
pub(super) struct NewVolume {
    size: i64,
    volume_type: String,
    iops: Option<i64>,
    throughput: Option<i64>,
    snapshot_id: Option<String>,
    encrypted: bool,
    kms_key_id: Option<String>,
    multi_attach: bool,
}

impl NewVolume {
    /// The volume `id` in `zone`, made `now`.
    pub(super) fn volume(&self, id: String, zone: &str, now: SystemTime) -> Volume {
        Volume {
            id,
            size: self.size,
            volume_type: self.volume_type.clone(),
            iops: self.iops,
            throughput: self.throughput,
            zone: zone.to_owned(),
            create_time: now,
            snapshot_id: self.snapshot_id.clone(),
            encrypted: self.encrypted,
            kms_key_id: self.kms_key_id.clone(),
            multi_attach: self.multi_attach,
            attachment: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(volume_type: &str) -> VolumeSpec {
        VolumeSpec {
            size: Some(8),
            volume_type: Some(volume_type.to_owned()),
            ..VolumeSpec::default()
        }
    }

    #[test]
    fn volume_types_decide_iops_and_throughput() {
        let now = SystemTime::UNIX_EPOCH;
        let gp3 = spec("gp3").check(None).unwrap();
        let gp3 = gp3.volume("vol-1".into(), "us-east-1a", now);
        assert_eq!((gp3.iops, gp3.state()), (Some(3000), "available"));
        let io1 = spec("io1").check(None).unwrap_err();
        assert_eq!(io1.code, "InvalidParameterDependency");
        let gp2 = VolumeSpec {
            throughput: Some(125),
            ..spec("gp2")
        };
        assert!(gp2.check(None).is_err());
        let sized = VolumeSpec {
            size: None,
            ..VolumeSpec::default()
        };
        let from_snapshot = sized.clone().check(Some(20)).unwrap();
        let from_snapshot = from_snapshot.volume("vol-4".into(), "z", now);
        assert_eq!(
            (from_snapshot.size, from_snapshot.volume_type.as_str()),
            (20, "gp2")
        );
        assert_eq!(sized.check(None).unwrap_err().code, "MissingParameter");
    }
}
