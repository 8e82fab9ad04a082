"""Secrets Manager scenarios: secrets, versions and staging labels, deletion and
restore, listing with filters and pages, tags, rotation settings and passwords.

Request tokens are given explicitly (boto3 would draw random ones), so version ids are
the same on both sides.
"""

from harness import dig


def token(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def secrets_and_versions(aws):
    sm = aws.client("secretsmanager")
    created = sm.create_secret(Name="db/password", SecretString="hunter2", Description="the database",
                               ClientRequestToken=token(1), Tags=[{"Key": "team", "Value": "data"}])
    arn = dig(created, "ARN", default="arn:missing")
    sm.create_secret(Name="db/password", SecretString="again", ClientRequestToken=token(9))
    sm.get_secret_value(SecretId="db/password")
    sm.get_secret_value(SecretId=arn)
    sm.put_secret_value(SecretId="db/password", SecretString="correct horse", ClientRequestToken=token(2))
    # The same token and value again is idempotent; another value under it is refused.
    sm.put_secret_value(SecretId="db/password", SecretString="correct horse", ClientRequestToken=token(2))
    sm.put_secret_value(SecretId="db/password", SecretString="other", ClientRequestToken=token(2))
    sm.get_secret_value(SecretId="db/password", VersionStage="AWSPREVIOUS")
    sm.get_secret_value(SecretId="db/password", VersionId=token(1))
    sm.get_secret_value(SecretId="db/password", VersionStage="AWSPENDING")
    sm.get_secret_value(SecretId="db/password", VersionId=token(7))
    sm.describe_secret(SecretId="db/password")
    sm.list_secret_version_ids(SecretId="db/password")
    sm.update_secret_version_stage(SecretId="db/password", VersionStage="AWSCURRENT",
                                   RemoveFromVersionId=token(2), MoveToVersionId=token(1))
    sm.get_secret_value(SecretId="db/password")
    sm.update_secret(SecretId="db/password", Description="still the database")
    sm.update_secret(SecretId="db/password", SecretString="rotated by hand", ClientRequestToken=token(3))
    sm.describe_secret(SecretId="db/password")
    sm.get_secret_value(SecretId="missing")
    sm.describe_secret(SecretId="missing")


def binary_and_empty_secrets(aws):
    sm = aws.client("secretsmanager")
    sm.create_secret(Name="key", SecretBinary=b"\x00\x9f\x92\x96", ClientRequestToken=token(1))
    sm.get_secret_value(SecretId="key")
    sm.create_secret(Name="later", Description="no value yet")
    sm.get_secret_value(SecretId="later")
    sm.put_secret_value(SecretId="later", SecretString="now", ClientRequestToken=token(2))
    sm.get_secret_value(SecretId="later")
    sm.create_secret(Name="both", SecretString="a", SecretBinary=b"b", ClientRequestToken=token(3))


def deletion_and_restore(aws):
    sm = aws.client("secretsmanager")
    sm.create_secret(Name="old", SecretString="x", ClientRequestToken=token(1))
    sm.delete_secret(SecretId="old", RecoveryWindowInDays=3)
    sm.delete_secret(SecretId="old", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
    sm.delete_secret(SecretId="old", RecoveryWindowInDays=7)
    sm.get_secret_value(SecretId="old")
    sm.describe_secret(SecretId="old")
    sm.list_secrets()
    sm.list_secrets(IncludePlannedDeletion=True)
    sm.create_secret(Name="old", SecretString="y", ClientRequestToken=token(2))
    sm.restore_secret(SecretId="old")
    sm.get_secret_value(SecretId="old")
    sm.delete_secret(SecretId="old", ForceDeleteWithoutRecovery=True)
    sm.describe_secret(SecretId="old")
    sm.restore_secret(SecretId="old")


def listing_and_filters(aws):
    sm = aws.client("secretsmanager")
    for n, name in enumerate(["app/a", "app/b", "app/c", "other"], start=1):
        sm.create_secret(Name=name, SecretString=name, ClientRequestToken=token(n),
                         Description=f"secret {name}", Tags=[{"Key": "group", "Value": name.split("/")[0]}])
    sm.list_secrets()
    page = sm.list_secrets(MaxResults=2)
    sm.list_secrets(MaxResults=2, NextToken=dig(page, "NextToken", default="none"))
    sm.list_secrets(Filters=[{"Key": "name", "Values": ["app/"]}])
    sm.list_secrets(Filters=[{"Key": "tag-value", "Values": ["other"]}])
    sm.list_secrets(Filters=[{"Key": "description", "Values": ["secret app/b"]}])
    sm.list_secrets(Filters=[{"Key": "name", "Values": ["!app/"]}])
    sm.batch_get_secret_value(SecretIdList=["app/a", "other", "missing"])
    sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["app/"]}])
    sm.batch_get_secret_value(SecretIdList=["app/a"], Filters=[{"Key": "name", "Values": ["app/"]}])


def tags_and_rotation(aws):
    sm = aws.client("secretsmanager")
    sm.create_secret(Name="svc", SecretString="v1", ClientRequestToken=token(1))
    sm.tag_resource(SecretId="svc", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    sm.tag_resource(SecretId="svc", Tags=[{"Key": "a", "Value": "3"}])
    sm.untag_resource(SecretId="svc", TagKeys=["b"])
    sm.describe_secret(SecretId="svc")
    sm.tag_resource(SecretId="missing", Tags=[{"Key": "a", "Value": "1"}])
    sm.rotate_secret(SecretId="svc", ClientRequestToken=token(2))
    sm.rotate_secret(SecretId="svc", ClientRequestToken=token(3),
                     RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:rotate",
                     RotationRules={"AutomaticallyAfterDays": 30})
    sm.describe_secret(SecretId="svc")
    sm.list_secret_version_ids(SecretId="svc")


def passwords(aws):
    sm = aws.client("secretsmanager")
    sm.get_random_password()
    sm.get_random_password(PasswordLength=12, ExcludePunctuation=True)
    sm.get_random_password(PasswordLength=5000)
    sm.get_random_password(PasswordLength=0)


SCENARIOS = [
    secrets_and_versions,
    binary_and_empty_secrets,
    deletion_and_restore,
    listing_and_filters,
    tags_and_rotation,
    passwords,
]
