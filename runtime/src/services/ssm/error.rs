//! SSM Parameter Store's errors, with AWS's codes and messages.

use http::StatusCode;

use crate::protocol::error::ServiceError;
use crate::protocol::validate::{Violation, message};

fn bad_request(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::new(StatusCode::BAD_REQUEST, code, message)
}

/// A request AWS refuses with a plain validation message.
pub(super) fn validation(message: impl Into<String>) -> ServiceError {
    bad_request("ValidationException", message)
}

/// A member that breaks a constraint the model does not carry (patterns, lengths of
/// values the handler derives), in the engine's words.
pub(super) fn constraint(path: &str, value: &str, constraint: &str) -> ServiceError {
    validation(message(&[Violation {
        path: path.to_owned(),
        member: String::new(),
        value: value.to_owned(),
        constraint: constraint.to_owned(),
    }]))
}

/// No parameter by that name.
pub(super) fn parameter_not_found(name: &str) -> ServiceError {
    bad_request("ParameterNotFound", format!("Parameter {name} not found."))
}

/// The parameter has no such version.
pub(super) fn version_not_found(name: &str, version: &str) -> ServiceError {
    bad_request(
        "ParameterVersionNotFound",
        format!(
            "Systems Manager could not find version {version} of {name}. Verify the version and try again."
        ),
    )
}

/// PutParameter without Overwrite on an existing name.
pub(super) fn already_exists() -> ServiceError {
    bad_request(
        "ParameterAlreadyExists",
        "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
    )
}

/// A name under the reserved `/aws` hierarchy.
pub(super) fn reserved_name(name: &str) -> ServiceError {
    bad_request(
        "AccessDeniedException",
        format!("No access to reserved parameter name: {name}."),
    )
}

/// A name deeper than the fifteen levels AWS allows.
pub(super) fn hierarchy_too_deep() -> ServiceError {
    bad_request(
        "HierarchyLevelLimitExceededException",
        "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and Constraints for Parameter Names in the AWS Systems Manager User Guide.",
    )
}

/// A value the parameter's AllowedPattern does not match.
pub(super) fn pattern_mismatch(pattern: &str) -> ServiceError {
    bad_request(
        "ParameterPatternMismatchException",
        format!("Parameter value, cannot be validated against allowedPattern: {pattern}"),
    )
}

/// An AllowedPattern that is not a regular expression.
pub(super) fn invalid_pattern(detail: &str) -> ServiceError {
    bad_request(
        "InvalidAllowedPatternException",
        format!("The request doesn't meet the regular expression requirement. ({detail})"),
    )
}

/// Policies that are not a list of AWS's parameter policies.
pub(super) fn invalid_policy_type(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidPolicyTypeException", message)
}

/// More than ten policies on one parameter.
pub(super) fn too_many_policies() -> ServiceError {
    bad_request(
        "PoliciesLimitExceededException",
        "You specified more than the maximum number of allowed policies for the parameter. The maximum is 10.",
    )
}

/// Two policies of one type.
pub(super) fn incompatible_policies() -> ServiceError {
    bad_request(
        "IncompatiblePolicyException",
        "There is a conflict in the policies specified for this parameter. You can't, for example, specify two Expiration policies for a parameter. Review your policies, and try again.",
    )
}

/// The oldest of the hundred versions kept has a label, so no new version can push it out.
pub(super) fn max_versions(name: &str, oldest: u64) -> ServiceError {
    bad_request(
        "ParameterMaxVersionLimitExceeded",
        format!(
            "You attempted to create a new version of {name} by calling the PutParameter API with the overwrite flag. Version {oldest}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again."
        ),
    )
}

/// More than ten labels on one version.
pub(super) fn too_many_labels() -> ServiceError {
    bad_request(
        "ParameterVersionLabelLimitExceeded",
        "A parameter version can have a maximum of ten labels. Move one or more labels to another version and try again.",
    )
}

/// A filter key the operation does not take, or given twice.
pub(super) fn invalid_filter_key(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidFilterKey", message)
}

/// A filter option or value the key does not take.
pub(super) fn invalid_filter_option(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidFilterOption", message)
}

/// A filter without the values its key needs.
pub(super) fn invalid_filter_value(message: impl Into<String>) -> ServiceError {
    bad_request("InvalidFilterValue", message)
}

/// A NextToken this backend did not hand out.
pub(super) fn invalid_next_token() -> ServiceError {
    bad_request("InvalidNextToken", "The specified token isn't valid.")
}

/// Tagging a resource that does not exist (or of a type this backend holds none of).
pub(super) fn invalid_resource_id() -> ServiceError {
    bad_request(
        "InvalidResourceId",
        "The resource ID isn't valid. Verify that you entered the correct ID and try again.",
    )
}

/// More than fifty tags on one resource.
pub(super) fn too_many_tags() -> ServiceError {
    bad_request(
        "TooManyTagsError",
        "The Targets parameter includes too many tags. Remove one or more tags and try the command again.",
    )
}
