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
