//! EC2 error codes.

use http::StatusCode;

use crate::protocol::error::ServiceError;

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

pub(super) fn invalid_instance_id_not_found(ids: &[&str]) -> ServiceError {
    let plural = if ids.len() > 1 { "s" } else { "" };
    bad_request(
        "InvalidInstanceID.NotFound",
        format!(
            "The instance ID{plural} '{}' do{} not exist",
            ids.join(", "),
            if ids.len() > 1 { "" } else { "es" }
        ),
    )
}

pub(super) fn invalid_instance_id_malformed(id: &str) -> ServiceError {
    bad_request(
        "InvalidInstanceID.Malformed",
        format!("Invalid id: \"{id}\" (expecting \"i-...\")"),
    )
}

pub(super) fn invalid_ami_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidAMIID.NotFound",
        format!("The image id '[{id}]' does not exist"),
    )
}

pub(super) fn invalid_subnet_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidSubnetID.NotFound",
        format!("The subnet ID '{id}' does not exist"),
    )
}

pub(super) fn invalid_group_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidGroup.NotFound",
        format!("The security group '{id}' does not exist"),
    )
}

pub(super) fn invalid_group_duplicate(name: &str) -> ServiceError {
    bad_request(
        "InvalidGroup.Duplicate",
        format!("The security group '{name}' already exists"),
    )
}

pub(super) fn invalid_permission_duplicate() -> ServiceError {
    bad_request(
        "InvalidPermission.Duplicate",
        "the specified rule already exists",
    )
}

pub(super) fn invalid_group_not_found_in_vpc(name: &str, vpc_id: &str) -> ServiceError {
    bad_request(
        "InvalidGroup.NotFound",
        format!("The security group '{name}' does not exist in default VPC '{vpc_id}'"),
    )
}

pub(super) fn invalid_permission_not_found() -> ServiceError {
    bad_request(
        "InvalidPermission.NotFound",
        "The specified rule does not exist in this security group.",
    )
}

pub(super) fn invalid_security_group_rule_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidSecurityGroupRuleId.NotFound",
        format!("The security group rule ID '{id}' does not exist"),
    )
}

/// `CannotDelete`: a VPC's default security group.
pub(super) fn cannot_delete_default_group(id: &str) -> ServiceError {
    bad_request(
        "CannotDelete",
        format!("the specified group: \"{id}\" name: \"default\" cannot be deleted by a user"),
    )
}

pub(super) fn invalid_vpc_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidVpcID.NotFound",
        format!("The vpc ID '{id}' does not exist"),
    )
}

/// `DependencyViolation`: the resource is still used by another.
pub(super) fn dependency_violation(message: impl Into<String>) -> ServiceError {
    bad_request("DependencyViolation", message)
}

/// `MissingParameter` in AWS's words when one of several parameters is needed.
pub(super) fn missing_parameter_message(message: &str) -> ServiceError {
    bad_request("MissingParameter", message)
}

pub(super) fn invalid_cidr_block(cidr: &str) -> ServiceError {
    bad_request(
        "InvalidParameterValue",
        format!(
            "Value ({cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block."
        ),
    )
}

pub(super) fn invalid_vpc_range(cidr: &str) -> ServiceError {
    bad_request("InvalidVpc.Range", format!("The CIDR '{cidr}' is invalid."))
}

pub(super) fn invalid_subnet_range(cidr: &str) -> ServiceError {
    bad_request(
        "InvalidSubnet.Range",
        format!("The CIDR '{cidr}' is invalid."),
    )
}

pub(super) fn invalid_subnet_conflict(cidr: &str) -> ServiceError {
    bad_request(
        "InvalidSubnet.Conflict",
        format!("The CIDR '{cidr}' conflicts with another subnet"),
    )
}

pub(super) fn invalid_subnet_zone(zone: &str, zones: &str) -> ServiceError {
    bad_request(
        "InvalidParameterValue",
        format!(
            "Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently \
             only be created in the following availability zones: {zones}."
        ),
    )
}

/// A resource of a kind this emulator has none of: its kind's `NotFound` code.
pub(super) fn not_found(code: &str, message: &str) -> ServiceError {
    bad_request(code, message)
}

pub(super) fn invalid_internet_gateway_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidInternetGatewayID.NotFound",
        format!("The internetGateway ID '{id}' does not exist"),
    )
}

pub(super) fn invalid_gateway_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidGatewayID.NotFound",
        format!("The gateway ID '{id}' does not exist"),
    )
}

pub(super) fn resource_already_associated(message: String) -> ServiceError {
    bad_request("Resource.AlreadyAssociated", message)
}

pub(super) fn gateway_not_attached(gateway: &str, vpc: &str) -> ServiceError {
    bad_request(
        "Gateway.NotAttached",
        format!("resource {gateway} is not attached to network {vpc}"),
    )
}

pub(super) fn invalid_route_table_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidRouteTableID.NotFound",
        format!("The routeTable ID '{id}' does not exist"),
    )
}

pub(super) fn invalid_association_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidAssociationID.NotFound",
        format!("The association ID '{id}' does not exist"),
    )
}

pub(super) fn route_already_exists(destination: &str) -> ServiceError {
    bad_request(
        "RouteAlreadyExists",
        format!("The route identified by {destination} already exists."),
    )
}

pub(super) fn invalid_route_not_found(table: &str, destination: &str) -> ServiceError {
    bad_request(
        "InvalidRoute.NotFound",
        format!("no route with destination-cidr-block {destination} in route table {table}"),
    )
}

pub(super) fn invalid_key_pair_duplicate(name: &str) -> ServiceError {
    bad_request(
        "InvalidKeyPair.Duplicate",
        format!("The keypair '{name}' already exists."),
    )
}

pub(super) fn invalid_key_pair_not_found(message: &str) -> ServiceError {
    bad_request("InvalidKeyPair.NotFound", message)
}

pub(super) fn invalid_key_pair_format() -> ServiceError {
    bad_request(
        "InvalidKeyPair.Format",
        "Key is not in valid OpenSSH public key format",
    )
}

pub(super) fn invalid_allocation_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidAllocationID.NotFound",
        format!("The allocation ID '{id}' does not exist"),
    )
}

pub(super) fn invalid_address_not_found(ip: &str) -> ServiceError {
    bad_request(
        "InvalidAddress.NotFound",
        format!("The address '{ip}' does not exist"),
    )
}

/// `InvalidAddress.InUse`: an address another allocation holds.
pub(super) fn invalid_address_in_use(ip: &str) -> ServiceError {
    bad_request(
        "InvalidAddress.InUse",
        format!("The address '{ip}' is already allocated"),
    )
}

/// `InvalidIPAddress.InUse`: an address still associated.
pub(super) fn invalid_ip_address_in_use(ip: &str) -> ServiceError {
    bad_request("InvalidIPAddress.InUse", format!("Address {ip} is in use."))
}

pub(super) fn missing_parameter(name: &str) -> ServiceError {
    bad_request(
        "MissingParameter",
        format!("The request must contain the parameter {name}"),
    )
}

pub(super) fn invalid_parameter_value(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidParameterValue", message)
}

/// `InstanceLimitExceeded`: more instances than may run, in EC2's words.
pub(super) fn instance_limit_exceeded(requested: u32, limit: u32) -> ServiceError {
    bad_request(
        "InstanceLimitExceeded",
        format!(
            "You have requested more instances ({requested}) than your current instance limit \
             of {limit} allows for the specified instance type. Please visit \
             http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit."
        ),
    )
}

/// `IncorrectInstanceState`: the instance cannot `action` (`started`, `stopped`...) from
/// `state`.
pub(super) fn incorrect_instance_state(id: &str, action: &str, state: &str) -> ServiceError {
    bad_request(
        "IncorrectInstanceState",
        format!("The instance '{id}' is not in a state from which it can be {action}: {state}"),
    )
}

/// `DryRunOperation`: what EC2 answers a request with `DryRun` set that it would have
/// carried out.
pub(super) fn dry_run_operation() -> ServiceError {
    ServiceError::new(
        StatusCode::PRECONDITION_FAILED,
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
    )
}

pub(super) fn invalid_pagination_token(token: &str) -> ServiceError {
    bad_request(
        "InvalidPaginationToken",
        format!("Invalid pagination token: {token}"),
    )
}

pub(super) fn invalid_parameter_combination(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidParameterCombination", message)
}

/// `OperationNotPermitted`: the instance's `attribute` forbids `action` (`terminated`,
/// `stopped`).
pub(super) fn operation_not_permitted(id: &str, action: &str, attribute: &str) -> ServiceError {
    bad_request(
        "OperationNotPermitted",
        format!(
            "The instance '{id}' may not be {action}. Modify its '{attribute}' instance \
             attribute and try again."
        ),
    )
}

/// `IncorrectInstanceState` for an attribute that only changes while the instance is
/// stopped.
pub(super) fn instance_not_stopped(id: &str) -> ServiceError {
    bad_request(
        "IncorrectInstanceState",
        format!("The instance '{id}' is not in the 'stopped' state."),
    )
}

pub(super) fn invalid_instance_attribute(attribute: &str) -> ServiceError {
    bad_request(
        "InvalidParameterValue",
        format!("Value ({attribute}) for parameter attribute is invalid. Unknown attribute."),
    )
}

pub(super) fn invalid_ami_id_malformed(id: &str) -> ServiceError {
    bad_request(
        "InvalidAMIID.Malformed",
        format!("Invalid id: \"{id}\" (expecting \"ami-...\")"),
    )
}

pub(super) fn invalid_instance_type(types: &[&str]) -> ServiceError {
    bad_request(
        "InvalidInstanceType",
        format!(
            "The following supplied instance types do not exist: [{}]",
            types.join(", ")
        ),
    )
}

pub(super) fn invalid_zone_not_found(zone: &str) -> ServiceError {
    bad_request(
        "InvalidZone.NotFound",
        format!("The zone '{zone}' does not exist."),
    )
}

pub(super) fn invalid_volume_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidVolume.NotFound",
        format!("The volume '{id}' does not exist."),
    )
}

pub(super) fn invalid_volume_zone_mismatch(volume: &str, instance: &str) -> ServiceError {
    bad_request(
        "InvalidVolume.ZoneMismatch",
        format!(
            "The volume '{volume}' is not in the same availability zone as instance '{instance}'"
        ),
    )
}

/// `VolumeInUse`: the volume is attached (the message says to what).
pub(super) fn volume_in_use(message: impl Into<String>) -> ServiceError {
    bad_request("VolumeInUse", message)
}

pub(super) fn invalid_attachment_not_found(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidAttachment.NotFound", message)
}

pub(super) fn invalid_snapshot_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidSnapshot.NotFound",
        format!("The snapshot '{id}' does not exist."),
    )
}

pub(super) fn invalid_parameter_dependency(parameter: &str, needed: &str) -> ServiceError {
    bad_request(
        "InvalidParameterDependency",
        format!("The parameter [{parameter}] requires the parameter {needed} to be set."),
    )
}

pub(super) fn launch_template_name_in_use() -> ServiceError {
    bad_request(
        "InvalidLaunchTemplateName.AlreadyExistsException",
        "Launch template name already in use.",
    )
}

pub(super) fn launch_template_name_not_found() -> ServiceError {
    bad_request(
        "InvalidLaunchTemplateName.NotFoundException",
        "At least one of the launch templates specified in the request does not exist.",
    )
}

pub(super) fn launch_template_id_not_found(id: &str) -> ServiceError {
    bad_request(
        "InvalidLaunchTemplateId.NotFound",
        format!("The specified launch template, with template ID {id}, does not exist."),
    )
}

pub(super) fn launch_template_version_not_found(id: &str, version: &str) -> ServiceError {
    bad_request(
        "InvalidLaunchTemplateId.VersionNotFound",
        format!("Could not find launch template version {version} for launch template ID {id}."),
    )
}

/// `IdempotentParameterMismatch`: a client token used again with other parameters.
pub(super) fn idempotent_parameter_mismatch() -> ServiceError {
    bad_request(
        "IdempotentParameterMismatch",
        "Arguments on this idempotent request are inconsistent with arguments used in \
         previous request(s).",
    )
}

/// `InvalidID`: a resource id of no EC2 shape.
pub(super) fn invalid_id(id: &str) -> ServiceError {
    bad_request("InvalidID", format!("The ID '{id}' is not valid"))
}
