"""STS scenarios: who am I, assumed roles and the temporary credentials code reads."""

from harness import dig

ROLE = "arn:aws:iam::123456789012:role/deployer"
OTHER_ACCOUNT_ROLE = "arn:aws:iam::111122223333:role/auditor"


def caller_identity(aws):
    sts = aws.client("sts")
    sts.get_caller_identity()
    aws.client("sts", region="eu-west-1").get_caller_identity()


def assume_role(aws):
    sts = aws.client("sts")
    assumed = sts.assume_role(RoleArn=ROLE, RoleSessionName="ci-run", DurationSeconds=900)
    as_role = aws.client("sts", credentials=credentials_of(assumed))
    as_role.get_caller_identity()
    # Into another account: the identity must carry that account.
    other = sts.assume_role(
        RoleArn=OTHER_ACCOUNT_ROLE,
        RoleSessionName="audit",
        ExternalId="ext-1",
        Tags=[{"Key": "team", "Value": "ops"}],
    )
    aws.client("sts", credentials=credentials_of(other)).get_caller_identity()
    # Role chaining: the assumed role assumes another one.
    as_role.assume_role(RoleArn=OTHER_ACCOUNT_ROLE, RoleSessionName="chained")
    sts.assume_role(RoleArn=ROLE, RoleSessionName="with-policy", Policy='{"Version":"2012-10-17","Statement":[]}')


def session_and_federation_tokens(aws):
    sts = aws.client("sts")
    session = sts.get_session_token()
    sts.get_session_token(DurationSeconds=1800)
    aws.client("sts", credentials=credentials_of(session)).get_caller_identity()
    federated = sts.get_federation_token(
        Name="alice", Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
    )
    aws.client("sts", credentials=credentials_of(federated)).get_caller_identity()


def web_identity(aws):
    sts = aws.client("sts")
    assumed = sts.assume_role_with_web_identity(
        RoleArn=ROLE,
        RoleSessionName="github-actions",
        WebIdentityToken="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9hcHAifQ.c2ln",
        DurationSeconds=3600,
    )
    aws.client("sts", credentials=credentials_of(assumed)).get_caller_identity()


def access_keys_and_messages(aws):
    sts = aws.client("sts")
    sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")
    sts.get_access_key_info(AccessKeyId="ASIAQNZGKIQY56JQ7WML")
    # Moto cannot decode a real encoded message; the error answer is what code sees.
    sts.decode_authorization_message(EncodedMessage="not-a-real-encoded-message")


def credentials_of(answer) -> dict:
    creds = dig(answer, "Credentials", default={})
    return {
        "aws_access_key_id": creds.get("AccessKeyId", "ASIAMISSINGCREDENTIAL"),
        "aws_secret_access_key": creds.get("SecretAccessKey", "missing"),
        "aws_session_token": creds.get("SessionToken", "missing"),
    }


SCENARIOS = [
    caller_identity,
    assume_role,
    session_and_federation_tokens,
    web_identity,
    access_keys_and_messages,
]
