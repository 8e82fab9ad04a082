//! DescribeInstanceAttribute and ModifyInstanceAttribute.

use serde_json::{Map, Value, json};

use super::amis;
use super::error;
use super::handlers::{items, strings, text};
use super::instance::State;
use super::instances::{block_devices_value, flag};
use super::model::Ec2State;
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The `Value` of an `AttributeValue` or `AttributeBooleanValue` member.
fn attribute<'a>(input: &'a Value, name: &str) -> Option<&'a Value> {
    input.get(name)?.get("Value")
}

/// DescribeInstanceAttribute, for every attribute Moto answers and `enaSupport`.
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
        let image = amis::find(&context.route.region, &instance.image_id);
        let attributes = &instance.attributes;
        let (member, value) = match attribute {
            "instanceType" => ("InstanceType", json!({"Value": instance.instance_type})),
            "userData" => ("UserData", json!({"Value": instance.user_data})),
            "kernel" => ("KernelId", json!({})),
            "ramdisk" => ("RamdiskId", json!({})),
            "disableApiTermination" => (
                "DisableApiTermination",
                json!({"Value": attributes.disable_api_termination}),
            ),
            "disableApiStop" => (
                "DisableApiStop",
                json!({"Value": attributes.disable_api_stop}),
            ),
            "instanceInitiatedShutdownBehavior" => (
                "InstanceInitiatedShutdownBehavior",
                json!({"Value": attributes.shutdown_behavior}),
            ),
            "rootDeviceName" => (
                "RootDeviceName",
                json!({"Value": image.map(|image| image.info.root_device_name)}),
            ),
            "blockDeviceMapping" => ("BlockDeviceMappings", block_devices_value(region, instance)),
            "productCodes" => ("ProductCodes", json!([])),
            "sourceDestCheck" => (
                "SourceDestCheck",
                json!({"Value": attributes.source_dest_check}),
            ),
            "groupSet" => (
                "Groups",
                instance
                    .security_groups
                    .iter()
                    .map(|(id, _)| json!({"GroupId": id}))
                    .collect(),
            ),
            "ebsOptimized" => ("EbsOptimized", json!({"Value": attributes.ebs_optimized})),
            "sriovNetSupport" => ("SriovNetSupport", json!({"Value": "simple"})),
            "enaSupport" => ("EnaSupport", json!({"Value": true})),
            other => return Err(error::invalid_instance_attribute(other)),
        };
        let mut output = Map::new();
        output.insert("InstanceId".to_owned(), json!(id));
        output.insert(member.to_owned(), value);
        Ok(Value::Object(output))
    })
}

/// One change ModifyInstanceAttribute asks for.
enum Modification {
    InstanceType(String),
    UserData(String),
    DisableApiTermination(bool),
    DisableApiStop(bool),
    SourceDestCheck(bool),
    EbsOptimized(bool),
    ShutdownBehavior(String),
    Groups(Vec<String>),
    /// A device's DeleteOnTermination.
    DeleteOnTermination(String, bool),
}

impl Modification {
    /// Whether EC2 only makes this change on a stopped instance.
    fn needs_stopped(&self) -> bool {
        matches!(
            self,
            Modification::InstanceType(_)
                | Modification::UserData(_)
                | Modification::EbsOptimized(_)
        )
    }
}

/// The change of a ModifyInstanceAttribute request: one attribute member, or `Attribute`
/// with `Value`.
fn modification(input: &Value) -> Result<Modification, ServiceError> {
    let boolean = |value: &Value| -> Result<bool, ServiceError> {
        match value {
            Value::Bool(flag) => Ok(*flag),
            Value::String(text) if text == "true" || text == "false" => Ok(text == "true"),
            other => Err(error::invalid_parameter_value(format!(
                "Value ({other}) for parameter value is invalid. Expected a boolean."
            ))),
        }
    };
    let string = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    if let Some(value) = attribute(input, "InstanceType") {
        return Ok(Modification::InstanceType(string(value)));
    }
    if let Some(value) = attribute(input, "UserData") {
        return Ok(Modification::UserData(string(value)));
    }
    if let Some(value) = attribute(input, "DisableApiTermination") {
        return Ok(Modification::DisableApiTermination(boolean(value)?));
    }
    if let Some(value) = attribute(input, "DisableApiStop") {
        return Ok(Modification::DisableApiStop(boolean(value)?));
    }
    if let Some(value) = attribute(input, "SourceDestCheck") {
        return Ok(Modification::SourceDestCheck(boolean(value)?));
    }
    if let Some(value) = attribute(input, "EbsOptimized") {
        return Ok(Modification::EbsOptimized(boolean(value)?));
    }
    if let Some(value) = attribute(input, "InstanceInitiatedShutdownBehavior") {
        return Ok(Modification::ShutdownBehavior(string(value)));
    }
    let groups = strings(input, "Groups");
    if !groups.is_empty() {
        return Ok(Modification::Groups(
            groups.into_iter().map(str::to_owned).collect(),
        ));
    }
    if let Some(mapping) = items(input, "BlockDeviceMappings").first() {
        let device = text(mapping, "DeviceName").unwrap_or_default().to_owned();
        let delete = mapping
            .get("Ebs")
            .and_then(|ebs| flag(ebs, "DeleteOnTermination"))
            .ok_or_else(|| error::missing_parameter("BlockDeviceMapping.Ebs"))?;
        return Ok(Modification::DeleteOnTermination(device, delete));
    }
    let value = text(input, "Value");
    match (text(input, "Attribute"), value) {
        (Some("instanceType"), Some(value)) => Ok(Modification::InstanceType(value.to_owned())),
        (Some("userData"), Some(value)) => Ok(Modification::UserData(value.to_owned())),
        (Some("disableApiTermination"), Some(value)) => Ok(Modification::DisableApiTermination(
            boolean(&Value::String(value.to_owned()))?,
        )),
        (Some("disableApiStop"), Some(value)) => Ok(Modification::DisableApiStop(boolean(
            &Value::String(value.to_owned()),
        )?)),
        (Some("sourceDestCheck"), Some(value)) => Ok(Modification::SourceDestCheck(boolean(
            &Value::String(value.to_owned()),
        )?)),
        (Some("ebsOptimized"), Some(value)) => Ok(Modification::EbsOptimized(boolean(
            &Value::String(value.to_owned()),
        )?)),
        (Some("instanceInitiatedShutdownBehavior"), Some(value)) => {
            Ok(Modification::ShutdownBehavior(value.to_owned()))
        }
        (Some("groupSet"), _) => Err(error::missing_parameter("GroupId")),
        (Some(other), Some(_)) => Err(error::invalid_instance_attribute(other)),
        (Some(_), None) => Err(error::missing_parameter("Value")),
        (None, _) => Err(error::missing_parameter("Attribute")),
    }
}

pub(super) fn modify_instance_attribute(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = text(input, "InstanceId").ok_or_else(|| error::missing_parameter("InstanceId"))?;
    let change = modification(input)?;
    state.with_region(&context.route.region, |region| {
        let Some(index) = region.instances.iter().position(|i| i.id == id) else {
            return Err(error::invalid_instance_id_not_found(&[id]));
        };
        if change.needs_stopped() && region.instances[index].state != State::Stopped {
            return Err(error::instance_not_stopped(id));
        }
        let groups = match &change {
            Modification::Groups(ids) => {
                let vpc_id = &region.instances[index].vpc_id;
                let mut groups = Vec::new();
                for group_id in ids {
                    let group = region
                        .security_groups
                        .iter()
                        .find(|group| group.id == *group_id && group.vpc_id == *vpc_id)
                        .ok_or_else(|| error::invalid_group_not_found(group_id))?;
                    groups.push((group.id.clone(), group.name.clone()));
                }
                groups
            }
            _ => Vec::new(),
        };
        if let Modification::DeleteOnTermination(device, delete) = &change {
            let volume_id = region
                .attachments_of(id)
                .into_iter()
                .find(|(_, attachment)| attachment.device == *device)
                .map(|(volume, _)| volume.id.clone())
                .ok_or_else(|| {
                    error::invalid_parameter_value(format!(
                        "No device is currently mapped at {device}"
                    ))
                })?;
            if let Some(attachment) = region
                .volumes
                .iter_mut()
                .find(|volume| volume.id == volume_id)
                .and_then(|volume| volume.attachment.as_mut())
            {
                attachment.delete_on_termination = *delete;
            }
            return Ok(json!({}));
        }
        let instance = &mut region.instances[index];
        let attributes = &mut instance.attributes;
        match change {
            Modification::InstanceType(instance_type) => instance.instance_type = instance_type,
            Modification::UserData(data) => instance.user_data = Some(data),
            Modification::DisableApiTermination(flag) => attributes.disable_api_termination = flag,
            Modification::DisableApiStop(flag) => attributes.disable_api_stop = flag,
            Modification::SourceDestCheck(flag) => attributes.source_dest_check = flag,
            Modification::EbsOptimized(flag) => attributes.ebs_optimized = flag,
            Modification::ShutdownBehavior(behavior) => attributes.shutdown_behavior = behavior,
            Modification::Groups(_) => instance.security_groups = groups,
            Modification::DeleteOnTermination(..) => {}
        }
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::Backend;

    fn launch(backend: &Backend) -> String {
        let reservation = backend.ok(
            "RunInstances",
            json!({"ImageId": "ami-760aaa0f", "MinCount": 1, "MaxCount": 1,
                   "InstanceType": "t3.micro"}),
        );
        reservation["Instances"][0]["InstanceId"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn every_attribute_moto_answers_is_described() {
        let backend = Backend::new();
        let id = launch(&backend);
        for (attribute, member, value) in [
            ("instanceType", "InstanceType", json!({"Value": "t3.micro"})),
            (
                "disableApiTermination",
                "DisableApiTermination",
                json!({"Value": false}),
            ),
            ("disableApiStop", "DisableApiStop", json!({"Value": false})),
            ("sourceDestCheck", "SourceDestCheck", json!({"Value": true})),
            ("ebsOptimized", "EbsOptimized", json!({"Value": false})),
            (
                "rootDeviceName",
                "RootDeviceName",
                json!({"Value": "/dev/xvda"}),
            ),
            ("productCodes", "ProductCodes", json!([])),
            (
                "instanceInitiatedShutdownBehavior",
                "InstanceInitiatedShutdownBehavior",
                json!({"Value": "stop"}),
            ),
        ] {
            let output = backend.ok(
                "DescribeInstanceAttribute",
                json!({"InstanceId": id, "Attribute": attribute}),
            );
            assert_eq!(output[member], value, "{attribute}");
        }
        let devices = backend.ok(
            "DescribeInstanceAttribute",
            json!({"InstanceId": id, "Attribute": "blockDeviceMapping"}),
        );
        assert_eq!(devices["BlockDeviceMappings"][0]["DeviceName"], "/dev/xvda");
        let unknown = json!({"InstanceId": id, "Attribute": "colour"});
        assert_eq!(
            backend.code("DescribeInstanceAttribute", unknown),
            "InvalidParameterValue"
        );
    }

    #[test]
    fn the_type_user_data_and_ebs_optimisation_change_only_while_stopped() {
        let backend = Backend::new();
        let id = launch(&backend);
        let change = json!({"InstanceId": id, "InstanceType": {"Value": "t3.large"}});
        assert_eq!(
            backend.code("ModifyInstanceAttribute", change.clone()),
            "IncorrectInstanceState"
        );
        backend.ok("StopInstances", json!({"InstanceIds": [id]}));
        backend.ok("ModifyInstanceAttribute", change);
        backend.ok(
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "Attribute": "userData", "Value": "aGk="}),
        );
        let described = backend.ok(
            "DescribeInstanceAttribute",
            json!({"InstanceId": id, "Attribute": "instanceType"}),
        );
        assert_eq!(described["InstanceType"]["Value"], "t3.large");
        let data = backend.ok(
            "DescribeInstanceAttribute",
            json!({"InstanceId": id, "Attribute": "userData"}),
        );
        assert_eq!(data["UserData"]["Value"], "aGk=");
    }

    #[test]
    fn flags_groups_and_device_termination_change_at_any_time() {
        let backend = Backend::new();
        let id = launch(&backend);
        backend.ok(
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "SourceDestCheck": {"Value": false}}),
        );
        backend.ok(
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "BlockDeviceMappings": [
                {"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": false}}]}),
        );
        let described = backend.ok("DescribeInstances", json!({}));
        let instance = &described["Reservations"][0]["Instances"][0];
        assert_eq!(instance["SourceDestCheck"], false);
        assert_eq!(
            instance["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"],
            false
        );
        let group = instance["SecurityGroups"][0]["GroupId"].clone();
        backend.ok(
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "Groups": [group]}),
        );
        let unknown = json!({"InstanceId": id, "Groups": ["sg-0000000000000dead"]});
        assert_eq!(
            backend.code("ModifyInstanceAttribute", unknown),
            "InvalidGroup.NotFound"
        );
        let nothing = json!({"InstanceId": id});
        assert_eq!(
            backend.code("ModifyInstanceAttribute", nothing),
            "MissingParameter"
        );
        let stranger =
            json!({"InstanceId": "i-0000000000000dead", "SourceDestCheck": {"Value": true}});
        assert_eq!(
            backend.code("ModifyInstanceAttribute", stranger),
            "InvalidInstanceID.NotFound"
        );
    }
}
