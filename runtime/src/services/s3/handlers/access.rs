//! Access control lists of buckets and objects: canned ACLs, `x-amz-grant-*` headers and
//! `AccessControlPolicy` documents in, grants out.

use s3s::S3Result;
use s3s::dto::{
    AccessControlPolicy, GetBucketAclInput, GetBucketAclOutput, GetObjectAclInput,
    GetObjectAclOutput, Grant as GrantDto, Grantee as GranteeDto, Permission as PermissionDto,
    PutBucketAclInput, PutBucketAclOutput, PutObjectAclInput, PutObjectAclOutput, Type,
};

use super::EmulatedS3;
use super::common::owner;
use super::objects::{object_in, object_mut_in};
use crate::services::s3::acl::{Acl, AclError, Grant, Grantee, Permission};
use crate::services::s3::error;

/// The order of the `x-amz-grant-*` values [`requested_acl`] takes.
const GRANT_HEADERS: [Permission; 5] = [
    Permission::FullControl,
    Permission::Read,
    Permission::ReadAcp,
    Permission::Write,
    Permission::WriteAcp,
];

fn acl_error(refused: AclError) -> s3s::S3Error {
    match refused {
        AclError::UnknownCannedAcl(name) => {
            error::invalid_argument(&format!("Invalid canned ACL: {name}"))
        }
        AclError::MalformedGrant(grantee) => {
            error::invalid_argument(&format!("Invalid grantee in x-amz-grant-*: {grantee}"))
        }
        AclError::UnresolvableEmail => error::unresolvable_grant_by_email(),
    }
}

/// The ACL a request's headers set: a canned ACL or grants (not both), or none.
/// `grants` are the `x-amz-grant-full-control`, `-read`, `-read-acp`, `-write` and
/// `-write-acp` values, in that order.
pub(super) fn requested_acl(
    canned: Option<&str>,
    grants: [Option<&str>; 5],
) -> S3Result<Option<Acl>> {
    let grants: Vec<(Permission, &str)> = GRANT_HEADERS
        .into_iter()
        .zip(grants)
        .filter_map(|(permission, value)| Some((permission, value?)))
        .collect();
    match (canned, grants.is_empty()) {
        (Some(_), false) => Err(error::invalid_request(
            "Specifying both Canned ACLs and Header Grants is not allowed",
        )),
        (Some(name), true) => Acl::canned(name).map(Some).map_err(acl_error),
        (None, false) => Acl::from_grant_headers(&grants)
            .map(Some)
            .map_err(acl_error),
        (None, true) => Ok(None),
    }
}

/// The ACL of an `AccessControlPolicy` document, which must name its owner.
fn policy_acl(policy: AccessControlPolicy) -> S3Result<Acl> {
    if policy.owner.is_none() {
        return Err(error::malformed_acl());
    }
    let mut grants = Vec::new();
    for grant in policy.grants.unwrap_or_default() {
        let permission = grant
            .permission
            .as_ref()
            .and_then(|permission| Permission::from_name(permission.as_str()))
            .ok_or_else(error::malformed_acl)?;
        let grantee = grant.grantee.ok_or_else(error::malformed_acl)?;
        let grantee = match grantee.type_.as_str() {
            Type::CANONICAL_USER => Grantee::CanonicalUser {
                id: grantee.id.ok_or_else(error::malformed_acl)?,
            },
            Type::GROUP => Grantee::Group {
                uri: grantee.uri.ok_or_else(error::malformed_acl)?,
            },
            Type::AMAZON_CUSTOMER_BY_EMAIL => {
                return Err(error::unresolvable_grant_by_email());
            }
            _ => return Err(error::malformed_acl()),
        };
        grants.push(Grant {
            grantee,
            permission,
        });
    }
    Ok(Acl { grants })
}

/// The ACL a PutBucketAcl or PutObjectAcl request sets: from its headers or its body.
fn new_acl(
    canned: Option<&str>,
    grants: [Option<&str>; 5],
    policy: Option<AccessControlPolicy>,
) -> S3Result<Acl> {
    let from_headers = requested_acl(canned, grants)?;
    match (from_headers, policy) {
        (Some(_), Some(_)) => Err(error::invalid_request(
            "This request does not support content",
        )),
        (Some(acl), None) => Ok(acl),
        (None, Some(policy)) => policy_acl(policy),
        (None, None) => Err(error::malformed_acl()),
    }
}

/// The grants as S3 writes them.
fn grants(acl: &Acl) -> Vec<GrantDto> {
    acl.grants
        .iter()
        .map(|grant| {
            let grantee = match &grant.grantee {
                Grantee::CanonicalUser { id } => GranteeDto {
                    type_: Type::from_static(Type::CANONICAL_USER),
                    id: Some(id.clone()),
                    display_name: None,
                    email_address: None,
                    uri: None,
                },
                Grantee::Group { uri } => GranteeDto {
                    type_: Type::from_static(Type::GROUP),
                    uri: Some(uri.clone()),
                    display_name: None,
                    email_address: None,
                    id: None,
                },
            };
            GrantDto {
                grantee: Some(grantee),
                permission: Some(PermissionDto::from(grant.permission.name().to_owned())),
            }
        })
        .collect()
}

pub(super) fn get_bucket_acl(
    s3: &EmulatedS3,
    input: GetBucketAclInput,
) -> S3Result<GetBucketAclOutput> {
    let acl = s3.with_bucket(&input.bucket, |bucket| Ok(bucket.acl.clone()))?;
    Ok(GetBucketAclOutput {
        grants: Some(grants(&acl)),
        owner: Some(owner()),
    })
}

pub(super) fn put_bucket_acl(
    s3: &EmulatedS3,
    input: PutBucketAclInput,
) -> S3Result<PutBucketAclOutput> {
    let acl = new_acl(
        input.acl.as_ref().map(|acl| acl.as_str()),
        [
            input.grant_full_control.as_deref(),
            input.grant_read.as_deref(),
            input.grant_read_acp.as_deref(),
            input.grant_write.as_deref(),
            input.grant_write_acp.as_deref(),
        ],
        input.access_control_policy,
    )?;
    s3.with_bucket_mut(&input.bucket, |bucket| {
        bucket.acl = acl;
        Ok(())
    })?;
    Ok(PutBucketAclOutput::default())
}

pub(super) fn get_object_acl(
    s3: &EmulatedS3,
    input: GetObjectAclInput,
) -> S3Result<GetObjectAclOutput> {
    let acl = s3.with_bucket(&input.bucket, |bucket| {
        object_in(bucket, &input.key, input.version_id.as_deref()).map(|object| object.acl.clone())
    })?;
    Ok(GetObjectAclOutput {
        grants: Some(grants(&acl)),
        owner: Some(owner()),
        ..GetObjectAclOutput::default()
    })
}

pub(super) fn put_object_acl(
    s3: &EmulatedS3,
    input: PutObjectAclInput,
) -> S3Result<PutObjectAclOutput> {
    let acl = new_acl(
        input.acl.as_ref().map(|acl| acl.as_str()),
        [
            input.grant_full_control.as_deref(),
            input.grant_read.as_deref(),
            input.grant_read_acp.as_deref(),
            input.grant_write.as_deref(),
            input.grant_write_acp.as_deref(),
        ],
        input.access_control_policy,
    )?;
    s3.with_bucket_mut(&input.bucket, |bucket| {
        object_mut_in(bucket, &input.key, input.version_id.as_deref())?.acl = acl;
        Ok(())
    })?;
    Ok(PutObjectAclOutput::default())
}

#[cfg(test)]
mod tests {
    use s3s::dto::Owner;

    use super::*;
    use crate::services::s3::acl::ALL_USERS;

    #[test]
    fn headers_give_a_canned_acl_or_grants_but_not_both() {
        let public = requested_acl(Some("public-read"), [None; 5])
            .unwrap()
            .unwrap();
        assert_eq!(public.grants.len(), 2);
        let granted = requested_acl(None, [None, Some("id=abc"), None, None, None])
            .unwrap()
            .unwrap();
        assert_eq!(granted.grants[0].permission, Permission::Read);
        assert!(requested_acl(Some("private"), [Some("id=abc"), None, None, None, None]).is_err());
        assert_eq!(requested_acl(None, [None; 5]).unwrap(), None);
    }

    #[test]
    fn policy_documents_name_their_owner_and_typed_grantees() {
        let grant = |type_: &str, id: Option<&str>, uri: Option<&str>| GrantDto {
            grantee: Some(GranteeDto {
                type_: Type::from(type_.to_owned()),
                id: id.map(str::to_owned),
                uri: uri.map(str::to_owned),
                display_name: None,
                email_address: None,
            }),
            permission: Some(PermissionDto::from_static(PermissionDto::READ)),
        };
        let policy = |grants: Vec<GrantDto>, owner: bool| AccessControlPolicy {
            grants: Some(grants),
            owner: owner.then(Owner::default),
        };
        let acl = policy_acl(policy(
            vec![grant(Type::GROUP, None, Some(ALL_USERS))],
            true,
        ))
        .unwrap();
        assert_eq!(
            acl.grants[0].grantee,
            Grantee::Group {
                uri: ALL_USERS.into()
            }
        );
        assert!(policy_acl(policy(vec![], false)).is_err(), "no owner");
        assert!(
            policy_acl(policy(vec![grant(Type::CANONICAL_USER, None, None)], true)).is_err(),
            "a canonical user needs an id"
        );
        let answered = grants(&acl);
        assert_eq!(
            answered[0].grantee.as_ref().unwrap().type_.as_str(),
            "Group"
        );
    }
}
