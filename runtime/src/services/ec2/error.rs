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

pub(super) fn invalid_parameter_combination(message: &str) -> ServiceError {
    bad_request("InvalidParameterCombination", message)
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

pub(super) fn incorrect_instance_state(id: &str, state: &str) -> ServiceError {
    bad_request(
        "IncorrectInstanceState",
        format!("The instance '{id}' is not in a state from which it can be started: {state}"),
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
