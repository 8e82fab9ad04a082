# Regenerates the Moto recorder samples in runtime/tests/data/moto-5.2/.
# Setup:  python -m venv .venv-interop && .venv-interop/bin/pip install -r interop/requirements.txt
# Run:    .venv-interop/bin/python interop/record_moto_samples.py   (from the repository root)
"""Record real Moto 5.2 recorder files from boto3 calls.

Server-mode samples are produced by an in-process ``ThreadedMotoServer`` bound to
a free loopback port.  For every sample the script

    POST /moto-api/recorder/reset-recording
    POST /moto-api/recorder/start-recording
    POST /moto-api/seed?a=42            (recorded too - see below)
    ... boto3 calls ...
    POST /moto-api/recorder/stop-recording
    GET  /moto-api/recorder/download-recording

and writes the downloaded bytes unchanged to ``<sample>.jsonl``.

The seed request is sent while recording is active on purpose: Moto only skips
``/moto-api/recorder/*`` paths, so the seed call becomes the first line of each
server-mode recording, and replaying the file reseeds Moto before the AWS calls
(resource IDs such as EC2 instance IDs then come out the same on replay).

The decorator-mode sample (``decorator_s3.jsonl``) runs in a child process,
because Moto's recorder reads ``MOTO_ENABLE_RECORDING`` and
``MOTO_RECORDER_FILEPATH`` once, when ``moto.moto_api`` is first imported.

Not everything is reproducible between runs: SigV4 dates/signatures,
``amz-sdk-invocation-id`` and the port number change every time.
"""

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# MOTO_RECORDED_SAMPLES_DIR sends fresh samples elsewhere (CI reads them with the Rust
# parser to check it against what this Moto writes today).
OUT_DIR = Path(
    os.environ.get("MOTO_RECORDED_SAMPLES_DIR")
    or REPO_ROOT / "runtime" / "tests" / "data" / "moto-5.2"
).resolve()

REGION = "us-east-1"
ACCESS_KEY = "testing"
SECRET_KEY = "testing"
SEED = 42

DECORATOR_FLAG = "--decorator-sample"


def _isolate_aws_environment() -> None:
    """Keep the user's AWS config/credentials/endpoint overrides out of the recordings."""
    for name in list(os.environ):
        if name.startswith("AWS_ENDPOINT_URL") or name in (
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_REQUEST_CHECKSUM_CALCULATION",
            "AWS_RESPONSE_CHECKSUM_VALIDATION",
        ):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_ACCESS_KEY_ID"] = ACCESS_KEY
    os.environ["AWS_SECRET_ACCESS_KEY"] = SECRET_KEY
    os.environ["AWS_DEFAULT_REGION"] = REGION
    # Disable retries so a failing call shows up once in the recording, not 3 times.
    os.environ["AWS_MAX_ATTEMPTS"] = "1"


def _client(service: str, endpoint_url: str | None = None):
    import boto3

    return boto3.client(
        service,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        endpoint_url=endpoint_url,
    )


# --------------------------------------------------------------------------
# Sample bodies: the boto3 calls recorded for each file.
# --------------------------------------------------------------------------


def _create_bucket_with_text_object(s3) -> None:
    """The S3 calls both S3 samples start with."""
    s3.create_bucket(Bucket="moto-samples")
    s3.put_object(
        Bucket="moto-samples",
        Key="notes/hello.txt",
        Body=b"hello from moto\n",
        ContentType="text/plain",
    )


def sample_s3_objects(endpoint: str) -> None:
    s3 = _client("s3", endpoint)
    _create_bucket_with_text_object(s3)
    # Every byte value once: deliberately not valid UTF-8.
    s3.put_object(Bucket="moto-samples", Key="blobs/bytes.bin", Body=bytes(range(256)))
    s3.get_object(Bucket="moto-samples", Key="notes/hello.txt")["Body"].read()
    s3.get_object(Bucket="moto-samples", Key="blobs/bytes.bin")["Body"].read()


def sample_dynamodb_table(endpoint: str) -> None:
    ddb = _client("dynamodb", endpoint)
    ddb.create_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.put_item(
        TableName="orders",
        # Non-ASCII on purpose, to show how the recorder stores it.
        Item={
            "order_id": {"S": "o-1"},
            "total": {"N": "42"},
            "note": {"S": "caf\u00e9 \u2615"},
        },
    )
    ddb.get_item(TableName="orders", Key={"order_id": {"S": "o-1"}})


def sample_sqs_queue(endpoint: str) -> None:
    sqs = _client("sqs", endpoint)
    queue_url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    sqs.send_message(QueueUrl=queue_url, MessageBody="job-1")
    sqs.receive_message(QueueUrl=queue_url)


def sample_ec2_instances(endpoint: str) -> None:
    ec2 = _client("ec2", endpoint)
    ec2.run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t2.micro"
    )
    ec2.describe_instances()


def sample_secretsmanager_secrets(endpoint: str) -> None:
    sm = _client("secretsmanager", endpoint)
    sm.create_secret(
        Name="db/password",
        SecretString="hunter2",
        Description="the database",
        Tags=[{"Key": "team", "Value": "data"}],
    )
    sm.put_secret_value(SecretId="db/password", SecretString="correct horse")
    sm.create_secret(Name="signing-key", SecretBinary=bytes(range(16)))
    sm.get_secret_value(SecretId="db/password")


def _trust_policy(service: str) -> str:
    """A role's trust policy that lets `service` assume it."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )


def sample_iam_identities(endpoint: str) -> None:
    iam = _client("iam", endpoint)
    trust = _trust_policy("ec2.amazonaws.com")
    read_orders = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::orders/*",
                }
            ],
        }
    )
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "data"}])
    iam.create_group(GroupName="developers")
    iam.add_user_to_group(GroupName="developers", UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=read_orders)
    iam.create_access_key(UserName="alice")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust)
    policy_arn = iam.create_policy(PolicyName="app-policy", PolicyDocument=read_orders)[
        "Policy"
    ]["Arn"]
    iam.attach_role_policy(RoleName="app", PolicyArn=policy_arn)
    iam.create_instance_profile(InstanceProfileName="app")
    iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    iam.get_role(RoleName="app")


def sample_ssm_parameters(endpoint: str) -> None:
    ssm = _client("ssm", endpoint)
    ssm.put_parameter(Name="/app/db/url", Value="postgres://localhost/app", Type="String",
                      Tags=[{"Key": "team", "Value": "data"}])
    ssm.put_parameter(Name="/app/db/url", Value="postgres://db:5432/app", Overwrite=True)
    ssm.put_parameter(Name="/app/db/password", Value="hunter2", Type="SecureString")
    ssm.label_parameter_version(Name="/app/db/password", Labels=["prod"])
    ssm.get_parameters_by_path(Path="/app", Recursive=True, WithDecryption=True)


def sample_sns_topic(endpoint: str) -> None:
    sns = _client("sns", endpoint)
    sqs = _client("sqs", endpoint)
    topic_arn = sns.create_topic(
        Name="orders",
        Attributes={"DisplayName": "Orders"},
        Tags=[{"Key": "team", "Value": "shop"}],
    )["TopicArn"]
    sqs.create_queue(QueueName="order-events")
    sns.subscribe(
        TopicArn=topic_arn,
        Protocol="sqs",
        Endpoint="arn:aws:sqs:us-east-1:123456789012:order-events",
        Attributes={
            "FilterPolicy": '{"kind": ["order"]}',
            "RawMessageDelivery": "true",
        },
    )
    for kind in ("order", "refund"):
        sns.publish(
            TopicArn=topic_arn,
            Message=f"{kind} o-1",
            MessageAttributes={"kind": {"DataType": "String", "StringValue": kind}},
        )


def sample_kms_keys(endpoint: str) -> None:
    kms = _client("kms", endpoint)
    orders = kms.create_key(
        Description="orders", Tags=[{"TagKey": "team", "TagValue": "data"}]
    )["KeyMetadata"]["KeyId"]
    kms.create_key(
        Description="releases", KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY"
    )
    # These name the key by the id Moto drew: another backend draws other ids.
    kms.create_alias(AliasName="alias/orders", TargetKeyId=orders)
    kms.disable_key(KeyId=orders)


def sample_events_rules(endpoint: str) -> None:
    events = _client("events", endpoint)
    sqs = _client("sqs", endpoint)
    queue_url = sqs.create_queue(QueueName="order-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["QueueArn"]
    )["Attributes"]["QueueArn"]
    bus_arn = events.create_event_bus(
        Name="orders", Tags=[{"Key": "team", "Value": "shop"}]
    )["EventBusArn"]
    events.put_rule(
        Name="order-placed",
        EventBusName="orders",
        EventPattern=json.dumps({"source": ["shop.orders"], "detail-type": ["Order Placed"]}),
        Description="orders to fulfil",
    )
    events.put_targets(
        Rule="order-placed",
        EventBusName="orders",
        Targets=[{"Id": "queue", "Arn": queue_arn}],
    )
    events.put_rule(Name="nightly", ScheduleExpression="rate(1 day)", State="DISABLED")
    events.create_archive(ArchiveName="orders-archive", EventSourceArn=bus_arn)
    events.put_events(
        Entries=[
            {
                "Source": "shop.orders",
                "DetailType": "Order Placed",
                "Detail": json.dumps({"order": "o-1"}),
                "EventBusName": "orders",
            }
        ]
    )
    events.list_rules(EventBusName="orders")


def sample_logs_groups(endpoint: str) -> None:
    logs = _client("logs", endpoint)
    logs.create_log_group(logGroupName="/app/orders", tags={"team": "shop"})
    logs.put_retention_policy(logGroupName="/app/orders", retentionInDays=14)
    for stream in ("web-1", "web-2"):
        logs.create_log_stream(logGroupName="/app/orders", logStreamName=stream)
    now = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName="/app/orders",
        logStreamName="web-1",
        logEvents=[
            {"timestamp": now, "message": '{"order": "o-1", "status": "PAID"}'},
            {"timestamp": now + 1, "message": '{"order": "o-2", "status": "FAILED"}'},
        ],
    )
    logs.put_metric_filter(
        logGroupName="/app/orders",
        filterName="errors",
        filterPattern='{ $.status = "FAILED" }',
        metricTransformations=[
            {"metricName": "FailedOrders", "metricNamespace": "Shop", "metricValue": "1"}
        ],
    )


def sample_apigateway_rest_api(endpoint: str) -> None:
    apigw = _client("apigateway", endpoint)
    # Moto's `_custom_id_` tag chooses the API's id, so later calls name it on any
    # backend; resources hang off a root resource whose id each backend draws.
    apigw.create_rest_api(
        name="pets",
        description="the pets API",
        tags={"_custom_id_": "petsapi001", "team": "zoo"},
    )
    apigw.update_rest_api(
        restApiId="petsapi001",
        patchOperations=[{"op": "replace", "path": "/description", "value": "pets v2"}],
    )
    apigw.create_api_key(name="zoo", value="moto-written-key-0123456789", enabled=True)
    apigw.create_usage_plan(
        name="gold", throttle={"rateLimit": 10.0, "burstLimit": 5},
        quota={"limit": 1000, "period": "MONTH"},
    )


def sample_lambda_event_source(endpoint: str) -> None:
    iam = _client("iam", endpoint)
    role = iam.create_role(
        RoleName="resize", AssumeRolePolicyDocument=_trust_policy("lambda.amazonaws.com")
    )
    awslambda = _client("lambda", endpoint)
    # The smallest .zip archive: an empty one. Moto stores it without Docker.
    awslambda.create_function(
        FunctionName="resize",
        Runtime="provided.al2023",
        Role=role["Role"]["Arn"],
        Handler="bootstrap",
        Code={"ZipFile": b"PK\x05\x06" + bytes(18)},
    )
    sqs = _client("sqs", endpoint)
    queue_url = sqs.create_queue(QueueName="uploads")["QueueUrl"]
    # Sent before the mapping exists: Moto would run the function (in Docker) on a
    # send to a mapped queue.
    sqs.send_message(QueueUrl=queue_url, MessageBody="a.png")
    awslambda.create_event_source_mapping(
        FunctionName="resize",
        EventSourceArn="arn:aws:sqs:us-east-1:123456789012:uploads",
        BatchSize=5,
    )
    awslambda.list_event_source_mappings(FunctionName="resize")


def sample_timestreamwrite_metrics(endpoint: str) -> None:
    ts = _client("timestream-write", endpoint)
    ts.create_database(DatabaseName="telemetry", Tags=[{"Key": "team", "Value": "ops"}])
    ts.create_table(
        DatabaseName="telemetry",
        TableName="cpu",
        RetentionProperties={
            "MemoryStoreRetentionPeriodInHours": 24,
            "MagneticStoreRetentionPeriodInDays": 365,
        },
        # Magnetic writes take the fixed past times below whatever a replay's clock says.
        MagneticStoreWriteProperties={"EnableMagneticStoreWrites": True},
    )
    ts.create_table(DatabaseName="telemetry", TableName="memory")
    ts.write_records(
        DatabaseName="telemetry",
        TableName="cpu",
        CommonAttributes={"Dimensions": [{"Name": "host", "Value": "web-1"}],
                          "MeasureValueType": "DOUBLE"},
        Records=[
            {"MeasureName": "usage", "MeasureValue": "12.5", "Time": "1704063600000"},
            {"MeasureName": "usage", "MeasureValue": "13.5", "Time": "1704063660000"},
        ],
    )
    ts.update_table(
        DatabaseName="telemetry",
        TableName="memory",
        RetentionProperties={
            "MemoryStoreRetentionPeriodInHours": 12,
            "MagneticStoreRetentionPeriodInDays": 30,
        },
    )
    ts.list_tables(DatabaseName="telemetry")


SERVER_SAMPLES = {
    "s3_objects": sample_s3_objects,
    "dynamodb_table": sample_dynamodb_table,
    "sqs_queue": sample_sqs_queue,
    "ec2_instances": sample_ec2_instances,
    "secretsmanager_secrets": sample_secretsmanager_secrets,
    "iam_identities": sample_iam_identities,
    "ssm_parameters": sample_ssm_parameters,
    "sns_topic": sample_sns_topic,
    "kms_keys": sample_kms_keys,
    "events_rules": sample_events_rules,
    "logs_groups": sample_logs_groups,
    "apigateway_rest_api": sample_apigateway_rest_api,
    "lambda_event_source": sample_lambda_event_source,
    "timestreamwrite_metrics": sample_timestreamwrite_metrics,
}


# --------------------------------------------------------------------------
# Server mode
# --------------------------------------------------------------------------


def record_server_samples() -> None:
    # The recorder reads its file location when moto.moto_api is first
    # imported, so point it at a scratch file before importing moto.
    scratch = tempfile.mkdtemp(prefix="moto-recorder-")
    os.environ["MOTO_RECORDER_FILEPATH"] = os.path.join(scratch, "server.jsonl")
    os.environ.pop("MOTO_ENABLE_RECORDING", None)

    import requests
    from moto.server import ThreadedMotoServer

    # Werkzeug logs every request to stderr; keep only warnings and errors.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    # port=0 lets the OS pick a free port; it ends up in every recorded URL.
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    session = requests.Session()
    session.trust_env = False  # never route loopback traffic through a proxy

    def moto_api(method: str, path: str) -> requests.Response:
        response = session.request(method, f"{endpoint}{path}", timeout=30)
        response.raise_for_status()
        return response

    try:
        # Start from a clean backend so earlier state cannot leak into samples.
        moto_api("POST", "/moto-api/reset")
        for name, run_calls in SERVER_SAMPLES.items():
            moto_api("POST", "/moto-api/reset")
            moto_api("POST", "/moto-api/recorder/reset-recording")
            moto_api("POST", "/moto-api/recorder/start-recording")
            moto_api("POST", f"/moto-api/seed?a={SEED}")
            run_calls(endpoint)
            moto_api("POST", "/moto-api/recorder/stop-recording")
            recording = moto_api("GET", "/moto-api/recorder/download-recording").content
            _write_sample(name, recording)
    finally:
        server.stop()


# --------------------------------------------------------------------------
# Decorator mode (runs in a child process, see module docstring)
# --------------------------------------------------------------------------


def record_decorator_sample_in_child() -> None:
    scratch = tempfile.mkdtemp(prefix="moto-recorder-")
    env = dict(os.environ)
    env["MOTO_ENABLE_RECORDING"] = "True"
    env["MOTO_RECORDER_FILEPATH"] = os.path.join(scratch, "decorator.jsonl")
    subprocess.run([sys.executable, __file__, DECORATOR_FLAG], env=env, check=True)


def decorator_sample_main() -> None:
    # MOTO_ENABLE_RECORDING / MOTO_RECORDER_FILEPATH were set by the parent
    # before this interpreter imported anything from moto.
    from moto import mock_aws
    from moto.moto_api import recorder
    from moto.moto_api._internal import mock_random

    # Recording is already on (MOTO_ENABLE_RECORDING=True); truncate the file.
    recorder.reset_recording()
    mock_random.seed(SEED)  # direct call, not an HTTP request: nothing recorded

    with mock_aws():
        _create_bucket_with_text_object(_client("s3"))

    recorder.stop_recording()
    recording = recorder.download_recording()  # str, read in text mode
    # The recorder writes ASCII-only JSON (json.dumps escapes non-ASCII), so
    # encoding back to UTF-8 reproduces the file bytes exactly.
    _write_sample("decorator_s3", recording.encode("utf-8"))


# --------------------------------------------------------------------------


def _write_sample(name: str, data: bytes) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.jsonl"
    path.write_bytes(data)
    lines = data.count(b"\n")
    print(f"wrote {path} ({lines} lines, {len(data)} bytes)")


def main() -> None:
    _isolate_aws_environment()
    if DECORATOR_FLAG in sys.argv[1:]:
        decorator_sample_main()
        return
    record_server_samples()
    record_decorator_sample_in_child()


if __name__ == "__main__":
    main()
