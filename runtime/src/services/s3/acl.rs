//! Access control lists of buckets and objects: grants, canned ACLs and the
//! `x-amz-grant-*` headers, with no HTTP.

use super::model::OWNER_ID;

/// The URI of the group of everyone.
pub(super) const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
/// The URI of the group of every authenticated AWS principal.
pub(super) const AUTHENTICATED_USERS: &str =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
/// The URI of the group S3 server access logs are written as.
pub(super) const LOG_DELIVERY: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/// What a grant allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Permission {
    FullControl,
    Read,
    Write,
    ReadAcp,
    WriteAcp,
}

impl Permission {
    /// Every permission, with the name S3 gives it.
    const ALL: [(Permission, &'static str); 5] = [
        (Permission::FullControl, "FULL_CONTROL"),
        (Permission::Read, "READ"),
        (Permission::Write, "WRITE"),
        (Permission::ReadAcp, "READ_ACP"),
        (Permission::WriteAcp, "WRITE_ACP"),
    ];

    /// The permission S3 names `name` (`READ`, `FULL_CONTROL`...).
    pub(super) fn from_name(name: &str) -> Option<Permission> {
        Permission::ALL
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(permission, _)| *permission)
    }

    /// The name S3 gives the permission.
    pub(super) fn name(self) -> &'static str {
        Permission::ALL
            .iter()
            .find(|(permission, _)| *permission == self)
            .map_or("", |(_, name)| name)
    }
}

/// Who a grant is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Grantee {
    /// An account, by canonical user id.
    CanonicalUser { id: String },
    /// A predefined group, by URI.
    Group { uri: String },
}

/// One permission given to one grantee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Grant {
    pub(super) grantee: Grantee,
    pub(super) permission: Permission,
}

impl Grant {
    fn owner(permission: Permission) -> Grant {
        Grant {
            grantee: Grantee::CanonicalUser {
                id: OWNER_ID.to_owned(),
            },
            permission,
        }
    }

    fn group(uri: &str, permission: Permission) -> Grant {
        Grant {
            grantee: Grantee::Group {
                uri: uri.to_owned(),
            },
            permission,
        }
    }
}

/// The grants of a bucket or an object (whose owner is always the account's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Acl {
    pub(super) grants: Vec<Grant>,
}

impl Default for Acl {
    fn default() -> Acl {
        Acl::private()
    }
}

/// Why an ACL given in headers was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum AclError {
    /// Not one of S3's canned ACLs.
    UnknownCannedAcl(String),
    /// An `x-amz-grant-*` value that is not `type="value", ...`.
    MalformedGrant(String),
    /// A grant by e-mail address: no account here has one.
    UnresolvableEmail,
}

impl Acl {
    /// What S3 gives a new bucket or object: its owner has full control.
    pub(super) fn private() -> Acl {
        Acl {
            grants: vec![Grant::owner(Permission::FullControl)],
        }
    }

    /// The grants a canned ACL stands for. Every bucket and object here has the same
    /// owner, so the ACLs naming the bucket owner give no more than `private`.
    pub(super) fn canned(name: &str) -> Result<Acl, AclError> {
        let mut acl = Acl::private();
        let extra = match name {
            "private" | "aws-exec-read" | "bucket-owner-read" | "bucket-owner-full-control" => {
                vec![]
            }
            "public-read" => vec![Grant::group(ALL_USERS, Permission::Read)],
            "public-read-write" => vec![
                Grant::group(ALL_USERS, Permission::Read),
                Grant::group(ALL_USERS, Permission::Write),
            ],
            "authenticated-read" => vec![Grant::group(AUTHENTICATED_USERS, Permission::Read)],
            "log-delivery-write" => vec![
                Grant::group(LOG_DELIVERY, Permission::Write),
                Grant::group(LOG_DELIVERY, Permission::ReadAcp),
            ],
            other => return Err(AclError::UnknownCannedAcl(other.to_owned())),
        };
        acl.grants.extend(extra);
        Ok(acl)
    }

    /// The grants of `x-amz-grant-*` headers: each permission with its value, a comma
    /// separated list of `id="..."`, `uri="..."` or `emailAddress="..."`.
    pub(super) fn from_grant_headers(headers: &[(Permission, &str)]) -> Result<Acl, AclError> {
        let mut grants = Vec::new();
        for (permission, value) in headers {
            for grantee in value.split(',').map(str::trim) {
                let malformed = || AclError::MalformedGrant(grantee.to_owned());
                let (kind, quoted) = grantee.split_once('=').ok_or_else(malformed)?;
                let value = quoted.trim().trim_matches('"');
                if value.is_empty() {
                    return Err(malformed());
                }
                let grantee = match kind.trim().to_ascii_lowercase().as_str() {
                    "id" => Grantee::CanonicalUser {
                        id: value.to_owned(),
                    },
                    "uri" => Grantee::Group {
                        uri: value.to_owned(),
                    },
                    "emailaddress" => return Err(AclError::UnresolvableEmail),
                    _ => return Err(malformed()),
                };
                grants.push(Grant {
                    grantee,
                    permission: *permission,
                });
            }
        }
        Ok(Acl { grants })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canned_acls_add_group_grants_to_the_owner() {
        assert_eq!(Acl::canned("private").unwrap(), Acl::private());
        let public = Acl::canned("public-read-write").unwrap();
        assert_eq!(public.grants.len(), 3);
        assert_eq!(public.grants[0], Grant::owner(Permission::FullControl));
        assert_eq!(public.grants[2], Grant::group(ALL_USERS, Permission::Write));
        let logs = Acl::canned("log-delivery-write").unwrap();
        assert_eq!(
            logs.grants[1..],
            [
                Grant::group(LOG_DELIVERY, Permission::Write),
                Grant::group(LOG_DELIVERY, Permission::ReadAcp)
            ]
        );
        assert_eq!(
            Acl::canned("everyone"),
            Err(AclError::UnknownCannedAcl("everyone".into()))
        );
    }

    #[test]
    fn grant_headers_list_grantees_by_id_and_uri() {
        let acl = Acl::from_grant_headers(&[
            (
                Permission::Read,
                r#"uri="http://acs.amazonaws.com/groups/global/AllUsers", id="abc""#,
            ),
            (Permission::WriteAcp, "id=def"),
        ])
        .unwrap();
        assert_eq!(
            acl.grants,
            [
                Grant::group(ALL_USERS, Permission::Read),
                Grant {
                    grantee: Grantee::CanonicalUser { id: "abc".into() },
                    permission: Permission::Read
                },
                Grant {
                    grantee: Grantee::CanonicalUser { id: "def".into() },
                    permission: Permission::WriteAcp
                },
            ]
        );
        assert_eq!(
            Acl::from_grant_headers(&[(Permission::Read, r#"emailAddress="a@b.c""#)]),
            Err(AclError::UnresolvableEmail)
        );
        assert!(matches!(
            Acl::from_grant_headers(&[(Permission::Read, "nonsense")]),
            Err(AclError::MalformedGrant(_))
        ));
    }

    #[test]
    fn permissions_round_trip_their_names() {
        for (permission, name) in Permission::ALL {
            assert_eq!(Permission::from_name(name), Some(permission));
            assert_eq!(permission.name(), name);
        }
        assert_eq!(Permission::from_name("EVERYTHING"), None);
    }
}
