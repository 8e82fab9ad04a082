//! IAM (query protocol): users, groups, roles, managed and inline policies, instance
//! profiles and access keys, with the dependency rules AWS applies when deleting them.
//! IAM is global: every region of a backend reaches the same state. Policies are
//! stored, not enforced.

mod access_keys;
mod attachments;
mod authorization_details;
mod aws_managed;
mod documents;
mod error;
mod fields;
mod groups;
mod ids;
mod inline;
mod instance_profiles;
mod model;
mod paging;
mod policies;
mod render;
mod roles;
mod tags;
#[cfg(test)]
mod tests;
mod users;
pub(crate) mod view;

use bytes::Bytes;
use http::{Request, Response};

pub use model::IamState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// IAM on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<IamState> = Service {
    model: &models::iam::MODEL,
    title: "IAM",
    handlers: &[
        (
            "AddRoleToInstanceProfile",
            Handler::Sync(instance_profiles::add_role_to_instance_profile),
        ),
        ("AddUserToGroup", Handler::Sync(groups::add_user_to_group)),
        (
            "AttachGroupPolicy",
            Handler::Sync(attachments::attach_group_policy),
        ),
        (
            "AttachRolePolicy",
            Handler::Sync(attachments::attach_role_policy),
        ),
        (
            "AttachUserPolicy",
            Handler::Sync(attachments::attach_user_policy),
        ),
        (
            "CreateAccessKey",
            Handler::Sync(access_keys::create_access_key),
        ),
        ("CreateGroup", Handler::Sync(groups::create_group)),
        (
            "CreateInstanceProfile",
            Handler::Sync(instance_profiles::create_instance_profile),
        ),
        ("CreatePolicy", Handler::Sync(policies::create_policy)),
        (
            "CreatePolicyVersion",
            Handler::Sync(policies::create_policy_version),
        ),
        ("CreateRole", Handler::Sync(roles::create_role)),
        ("CreateUser", Handler::Sync(users::create_user)),
        (
            "DeleteAccessKey",
            Handler::Sync(access_keys::delete_access_key),
        ),
        ("DeleteGroup", Handler::Sync(groups::delete_group)),
        (
            "DeleteGroupPolicy",
            Handler::Sync(inline::delete_group_policy),
        ),
        (
            "DeleteInstanceProfile",
            Handler::Sync(instance_profiles::delete_instance_profile),
        ),
        ("DeletePolicy", Handler::Sync(policies::delete_policy)),
        (
            "DeletePolicyVersion",
            Handler::Sync(policies::delete_policy_version),
        ),
        ("DeleteRole", Handler::Sync(roles::delete_role)),
        (
            "DeleteRolePolicy",
            Handler::Sync(inline::delete_role_policy),
        ),
        ("DeleteUser", Handler::Sync(users::delete_user)),
        (
            "DeleteUserPolicy",
            Handler::Sync(inline::delete_user_policy),
        ),
        (
            "DetachGroupPolicy",
            Handler::Sync(attachments::detach_group_policy),
        ),
        (
            "DetachRolePolicy",
            Handler::Sync(attachments::detach_role_policy),
        ),
        (
            "DetachUserPolicy",
            Handler::Sync(attachments::detach_user_policy),
        ),
        (
            "GetAccessKeyLastUsed",
            Handler::Sync(access_keys::get_access_key_last_used),
        ),
        (
            "GetAccountAuthorizationDetails",
            Handler::Sync(authorization_details::get_account_authorization_details),
        ),
        ("GetGroup", Handler::Sync(groups::get_group)),
        ("GetGroupPolicy", Handler::Sync(inline::get_group_policy)),
        (
            "GetInstanceProfile",
            Handler::Sync(instance_profiles::get_instance_profile),
        ),
        ("GetPolicy", Handler::Sync(policies::get_policy)),
        (
            "GetPolicyVersion",
            Handler::Sync(policies::get_policy_version),
        ),
        ("GetRole", Handler::Sync(roles::get_role)),
        ("GetRolePolicy", Handler::Sync(inline::get_role_policy)),
        ("GetUser", Handler::Sync(users::get_user)),
        ("GetUserPolicy", Handler::Sync(inline::get_user_policy)),
        (
            "ListAccessKeys",
            Handler::Sync(access_keys::list_access_keys),
        ),
        (
            "ListAttachedGroupPolicies",
            Handler::Sync(attachments::list_attached_group_policies),
        ),
        (
            "ListAttachedRolePolicies",
            Handler::Sync(attachments::list_attached_role_policies),
        ),
        (
            "ListAttachedUserPolicies",
            Handler::Sync(attachments::list_attached_user_policies),
        ),
        (
            "ListEntitiesForPolicy",
            Handler::Sync(attachments::list_entities_for_policy),
        ),
        (
            "ListGroupPolicies",
            Handler::Sync(inline::list_group_policies),
        ),
        ("ListGroups", Handler::Sync(groups::list_groups)),
        (
            "ListGroupsForUser",
            Handler::Sync(groups::list_groups_for_user),
        ),
        (
            "ListInstanceProfileTags",
            Handler::Sync(tags::list_instance_profile_tags),
        ),
        (
            "ListInstanceProfiles",
            Handler::Sync(instance_profiles::list_instance_profiles),
        ),
        (
            "ListInstanceProfilesForRole",
            Handler::Sync(instance_profiles::list_instance_profiles_for_role),
        ),
        ("ListPolicies", Handler::Sync(policies::list_policies)),
        ("ListPolicyTags", Handler::Sync(tags::list_policy_tags)),
        (
            "ListPolicyVersions",
            Handler::Sync(policies::list_policy_versions),
        ),
        (
            "ListRolePolicies",
            Handler::Sync(inline::list_role_policies),
        ),
        ("ListRoleTags", Handler::Sync(tags::list_role_tags)),
        ("ListRoles", Handler::Sync(roles::list_roles)),
        (
            "ListUserPolicies",
            Handler::Sync(inline::list_user_policies),
        ),
        ("ListUserTags", Handler::Sync(tags::list_user_tags)),
        ("ListUsers", Handler::Sync(users::list_users)),
        ("PutGroupPolicy", Handler::Sync(inline::put_group_policy)),
        ("PutRolePolicy", Handler::Sync(inline::put_role_policy)),
        ("PutUserPolicy", Handler::Sync(inline::put_user_policy)),
        (
            "RemoveRoleFromInstanceProfile",
            Handler::Sync(instance_profiles::remove_role_from_instance_profile),
        ),
        (
            "RemoveUserFromGroup",
            Handler::Sync(groups::remove_user_from_group),
        ),
        (
            "SetDefaultPolicyVersion",
            Handler::Sync(policies::set_default_policy_version),
        ),
        (
            "TagInstanceProfile",
            Handler::Sync(tags::tag_instance_profile),
        ),
        ("TagPolicy", Handler::Sync(tags::tag_policy)),
        ("TagRole", Handler::Sync(tags::tag_role)),
        ("TagUser", Handler::Sync(tags::tag_user)),
        (
            "UntagInstanceProfile",
            Handler::Sync(tags::untag_instance_profile),
        ),
        ("UntagPolicy", Handler::Sync(tags::untag_policy)),
        ("UntagRole", Handler::Sync(tags::untag_role)),
        ("UntagUser", Handler::Sync(tags::untag_user)),
        (
            "UpdateAccessKey",
            Handler::Sync(access_keys::update_access_key),
        ),
        (
            "UpdateAssumeRolePolicy",
            Handler::Sync(roles::update_assume_role_policy),
        ),
        ("UpdateRole", Handler::Sync(roles::update_role)),
        ("UpdateUser", Handler::Sync(users::update_user)),
    ],
    // IAM checks every constraint of its model and reports them together, as
    // `ValidationError`.
    validation: Validation::Collected {
        code: "ValidationError",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers an IAM request.
pub async fn handle(
    state: &IamState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}
