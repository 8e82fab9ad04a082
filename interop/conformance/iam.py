"""IAM scenarios: users and groups, roles and their trust policies, managed policies and
their versions, attachments (customer and AWS managed), inline policies, instance
profiles, access keys, tags, the authorization details, paging, and the conflicts AWS
answers when deleting something still in use.

Names are created in alphabetical order, so lists read the same whichever order a
server keeps. Markers are opaque and drawn by each server: they are compared as random.
"""

import json

from harness import dig

TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
})
READ_ORDERS = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders/*"}],
})
WRITE_ORDERS = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::orders/*"}],
})
ACCOUNT = "123456789012"
LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


def users_and_groups(aws):
    iam = aws.client("iam")
    iam.create_user(UserName="alice", Path="/staff/", Tags=[{"Key": "team", "Value": "data"}])
    iam.create_user(UserName="bob")
    iam.create_user(UserName="bob")
    iam.create_user(UserName="carol", Path="staff")
    iam.get_user(UserName="alice")
    iam.get_user(UserName="nobody")
    iam.get_user()
    iam.list_users()
    iam.list_users(PathPrefix="/staff/")
    iam.update_user(UserName="bob", NewPath="/ops/")
    iam.update_user(UserName="nobody", NewPath="/ops/")
    iam.create_group(GroupName="developers")
    iam.create_group(GroupName="developers")
    iam.create_group(GroupName="ops", Path="/ops/")
    iam.add_user_to_group(GroupName="developers", UserName="alice")
    iam.add_user_to_group(GroupName="developers", UserName="bob")
    iam.add_user_to_group(GroupName="ops", UserName="bob")
    iam.add_user_to_group(GroupName="missing", UserName="bob")
    iam.get_group(GroupName="developers")
    iam.get_group(GroupName="missing")
    iam.list_groups()
    iam.list_groups(PathPrefix="/ops/")
    iam.list_groups_for_user(UserName="bob")
    iam.delete_group(GroupName="ops")
    iam.remove_user_from_group(GroupName="ops", UserName="bob")
    iam.delete_group(GroupName="ops")
    iam.get_group(GroupName="ops")
    iam.delete_user(UserName="nobody")


def user_deletion_conflicts(aws):
    iam = aws.client("iam")
    iam.create_user(UserName="bob")
    iam.create_group(GroupName="developers")
    iam.add_user_to_group(GroupName="developers", UserName="bob")
    arn = dig(iam.create_policy(PolicyName="read-orders", PolicyDocument=READ_ORDERS), "Policy", "Arn",
              default="arn:missing")
    iam.attach_user_policy(UserName="bob", PolicyArn=arn)
    iam.put_user_policy(UserName="bob", PolicyName="inline", PolicyDocument=WRITE_ORDERS)
    iam.delete_user(UserName="bob")
    iam.delete_user_policy(UserName="bob", PolicyName="inline")
    iam.delete_user(UserName="bob")
    iam.detach_user_policy(UserName="bob", PolicyArn=arn)
    iam.delete_user(UserName="bob")
    iam.remove_user_from_group(GroupName="developers", UserName="bob")
    iam.delete_user(UserName="bob")
    iam.get_user(UserName="bob")


def roles_and_trust(aws):
    iam = aws.client("iam")
    iam.create_role(RoleName="resize", AssumeRolePolicyDocument=TRUST, Description="resizes images",
                    MaxSessionDuration=7200, Tags=[{"Key": "app", "Value": "images"}])
    iam.create_role(RoleName="resize", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="broken", AssumeRolePolicyDocument="{not json")
    iam.create_role(RoleName="worker", Path="/service/", AssumeRolePolicyDocument=TRUST)
    iam.get_role(RoleName="resize")
    iam.get_role(RoleName="missing")
    iam.update_role(RoleName="resize", Description="resizes thumbnails", MaxSessionDuration=3600)
    iam.update_assume_role_policy(RoleName="resize", PolicyDocument=TRUST)
    iam.update_assume_role_policy(RoleName="resize", PolicyDocument="nope")
    iam.get_role(RoleName="resize")
    iam.list_roles()
    iam.list_roles(PathPrefix="/service/")
    iam.put_role_policy(RoleName="resize", PolicyName="write", PolicyDocument=WRITE_ORDERS)
    iam.get_role_policy(RoleName="resize", PolicyName="write")
    iam.get_role_policy(RoleName="resize", PolicyName="missing")
    iam.list_role_policies(RoleName="resize")
    iam.delete_role(RoleName="resize")
    iam.delete_role_policy(RoleName="resize", PolicyName="write")
    iam.delete_role(RoleName="resize")
    iam.delete_role(RoleName="resize")


def managed_policies_and_versions(aws):
    iam = aws.client("iam")
    arn = f"arn:aws:iam::{ACCOUNT}:policy/app/read-orders"
    iam.create_policy(PolicyName="read-orders", Path="/app/", PolicyDocument=READ_ORDERS,
                      Description="reads orders")
    iam.create_policy(PolicyName="read-orders", Path="/app/", PolicyDocument=READ_ORDERS)
    iam.create_policy(PolicyName="bad", PolicyDocument="not json")
    iam.get_policy(PolicyArn=arn)
    iam.get_policy(PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/missing")
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=WRITE_ORDERS, SetAsDefault=True)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_ORDERS)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_ORDERS)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_ORDERS)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_ORDERS)
    iam.list_policy_versions(PolicyArn=arn)
    iam.get_policy_version(PolicyArn=arn, VersionId="v2")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v3")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    iam.get_policy(PolicyArn=arn)
    iam.list_policies(Scope="Local")
    iam.list_policies(Scope="Local", PathPrefix="/app/")
    iam.list_policies(Scope="Local", OnlyAttached=True)
    for version in ("v1", "v4", "v5"):
        iam.delete_policy_version(PolicyArn=arn, VersionId=version)
    iam.delete_policy(PolicyArn=arn)
    iam.get_policy(PolicyArn=arn)


def attachments(aws):
    iam = aws.client("iam")
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="developers")
    iam.create_role(RoleName="resize", AssumeRolePolicyDocument=TRUST)
    arn = dig(iam.create_policy(PolicyName="read-orders", PolicyDocument=READ_ORDERS), "Policy", "Arn",
              default="arn:missing")
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    iam.attach_group_policy(GroupName="developers", PolicyArn=arn)
    iam.attach_role_policy(RoleName="resize", PolicyArn=arn)
    iam.attach_role_policy(RoleName="missing", PolicyArn=arn)
    iam.attach_role_policy(RoleName="resize", PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/missing")
    iam.attach_role_policy(RoleName="resize", PolicyArn="arn:aws:iam::aws:policy/NotAPolicy")
    iam.attach_role_policy(RoleName="resize", PolicyArn=LAMBDA_BASIC)
    iam.list_attached_user_policies(UserName="alice")
    iam.list_attached_group_policies(GroupName="developers")
    iam.list_attached_role_policies(RoleName="resize")
    iam.get_policy(PolicyArn=arn)
    iam.list_entities_for_policy(PolicyArn=arn)
    iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="Role")
    iam.list_policies(Scope="Local", OnlyAttached=True)
    iam.list_policies(Scope="AWS", PathPrefix="/service-role/", MaxItems=1000)
    iam.delete_policy(PolicyArn=arn)
    iam.detach_user_policy(UserName="alice", PolicyArn=arn)
    iam.detach_user_policy(UserName="alice", PolicyArn=arn)
    iam.detach_group_policy(GroupName="developers", PolicyArn=arn)
    iam.detach_role_policy(RoleName="resize", PolicyArn=arn)
    iam.get_policy(PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)


def inline_policies(aws):
    iam = aws.client("iam")
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="developers")
    iam.put_user_policy(UserName="alice", PolicyName="read", PolicyDocument=READ_ORDERS)
    iam.put_user_policy(UserName="alice", PolicyName="write", PolicyDocument=WRITE_ORDERS)
    iam.put_user_policy(UserName="alice", PolicyName="bad", PolicyDocument="not json")
    iam.put_user_policy(UserName="nobody", PolicyName="read", PolicyDocument=READ_ORDERS)
    iam.get_user_policy(UserName="alice", PolicyName="read")
    iam.list_user_policies(UserName="alice")
    iam.delete_user_policy(UserName="alice", PolicyName="read")
    iam.delete_user_policy(UserName="alice", PolicyName="read")
    iam.put_group_policy(GroupName="developers", PolicyName="read", PolicyDocument=READ_ORDERS)
    iam.get_group_policy(GroupName="developers", PolicyName="read")
    iam.list_group_policies(GroupName="developers")
    iam.delete_group(GroupName="developers")
    iam.delete_group_policy(GroupName="developers", PolicyName="read")
    iam.get_group_policy(GroupName="developers", PolicyName="read")
    iam.delete_group(GroupName="developers")


def instance_profiles(aws):
    iam = aws.client("iam")
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="worker", AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="web", Tags=[{"Key": "tier", "Value": "front"}])
    iam.create_instance_profile(InstanceProfileName="web")
    iam.create_instance_profile(InstanceProfileName="worker", Path="/batch/")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="web")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="worker")
    iam.add_role_to_instance_profile(InstanceProfileName="missing", RoleName="web")
    iam.get_instance_profile(InstanceProfileName="web")
    iam.get_instance_profile(InstanceProfileName="missing")
    iam.list_instance_profiles()
    iam.list_instance_profiles(PathPrefix="/batch/")
    iam.list_instance_profiles_for_role(RoleName="web")
    iam.delete_role(RoleName="web")
    iam.delete_instance_profile(InstanceProfileName="web")
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="web")
    iam.list_instance_profiles_for_role(RoleName="web")
    iam.delete_instance_profile(InstanceProfileName="web")
    iam.delete_instance_profile(InstanceProfileName="web")
    iam.delete_role(RoleName="web")


def access_keys(aws):
    iam = aws.client("iam")
    iam.create_user(UserName="ci")
    first = iam.create_access_key(UserName="ci")
    key_id = dig(first, "AccessKey", "AccessKeyId", default="AKIAMISSING")
    iam.create_access_key(UserName="ci")
    iam.create_access_key(UserName="ci")
    iam.create_access_key(UserName="nobody")
    iam.update_access_key(UserName="ci", AccessKeyId=key_id, Status="Inactive")
    iam.list_access_keys(UserName="ci")
    iam.get_access_key_last_used(AccessKeyId=key_id)
    iam.delete_user(UserName="ci")
    iam.delete_access_key(UserName="ci", AccessKeyId=key_id)
    iam.delete_access_key(UserName="ci", AccessKeyId=key_id)
    iam.list_access_keys(UserName="ci")


def tags(aws):
    iam = aws.client("iam")
    iam.create_user(UserName="alice")
    iam.create_role(RoleName="resize", AssumeRolePolicyDocument=TRUST)
    arn = dig(iam.create_policy(PolicyName="read-orders", PolicyDocument=READ_ORDERS), "Policy", "Arn",
              default="arn:missing")
    iam.create_instance_profile(InstanceProfileName="web")
    pairs = [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "data"}]
    iam.tag_user(UserName="alice", Tags=pairs)
    iam.tag_user(UserName="alice", Tags=[{"Key": "env", "Value": "prod"}])
    iam.untag_user(UserName="alice", TagKeys=["team"])
    iam.list_user_tags(UserName="alice")
    iam.tag_user(UserName="nobody", Tags=pairs)
    iam.tag_role(RoleName="resize", Tags=pairs)
    iam.untag_role(RoleName="resize", TagKeys=["env"])
    iam.list_role_tags(RoleName="resize")
    iam.tag_policy(PolicyArn=arn, Tags=pairs)
    iam.untag_policy(PolicyArn=arn, TagKeys=["env"])
    iam.list_policy_tags(PolicyArn=arn)
    iam.tag_instance_profile(InstanceProfileName="web", Tags=pairs)
    iam.untag_instance_profile(InstanceProfileName="web", TagKeys=["env", "team"])
    iam.list_instance_profile_tags(InstanceProfileName="web")


def paging(aws):
    iam = aws.client("iam")
    for name in ("user-a", "user-b", "user-c"):
        iam.create_user(UserName=name)
    first = iam.list_users(MaxItems=2, _random=("Marker",))
    iam.list_users(Marker=dig(first, "Marker", default="none"), _random=("Marker",))
    iam.list_users(MaxItems=0)


def authorization_details(aws):
    iam = aws.client("iam")
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="developers")
    iam.add_user_to_group(GroupName="developers", UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="read", PolicyDocument=READ_ORDERS)
    iam.create_role(RoleName="resize", AssumeRolePolicyDocument=TRUST)
    arn = dig(iam.create_policy(PolicyName="read-orders", PolicyDocument=READ_ORDERS), "Policy", "Arn",
              default="arn:missing")
    iam.attach_role_policy(RoleName="resize", PolicyArn=arn)
    iam.get_account_authorization_details()
    iam.get_account_authorization_details(Filter=["User"])
    iam.get_account_authorization_details(Filter=["Role", "LocalManagedPolicy"])
    first = iam.get_account_authorization_details(MaxItems=2, _random=("Marker",))
    iam.get_account_authorization_details(Marker=dig(first, "Marker", default="none"), _random=("Marker",))


SCENARIOS = [
    users_and_groups,
    user_deletion_conflicts,
    roles_and_trust,
    managed_policies_and_versions,
    attachments,
    inline_policies,
    instance_profiles,
    access_keys,
    tags,
    paging,
    authorization_details,
]
