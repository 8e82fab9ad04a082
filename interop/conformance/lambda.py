"""Lambda scenarios: event source mappings from SQS queues as they are stored (Moto runs
functions' code only in Docker, so nothing here invokes a function or sends to a mapped
queue), and the execution role a new function must have in IAM.

Roles, functions and queues are created with setup clients: only the calls about
mappings and roles are compared.
"""

import json

from harness import dig

TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
})
ROLE = "arn:aws:iam::123456789012:role/resize"
# The smallest .zip archive: an empty one.
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)
QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:uploads"


def _function(aws, name="resize"):
    aws.setup_client("lambda").create_function(
        FunctionName=name, Runtime="provided.al2023", Role=ROLE, Handler="bootstrap",
        Code={"ZipFile": EMPTY_ZIP},
    )


def _role(aws):
    aws.setup_client("iam").create_role(RoleName="resize", AssumeRolePolicyDocument=TRUST)


def execution_roles(aws):
    awslambda = aws.client("lambda")
    awslambda.create_function(
        FunctionName="resize", Runtime="provided.al2023", Role=ROLE, Handler="bootstrap",
        Code={"ZipFile": EMPTY_ZIP},
    )
    awslambda.create_function(
        FunctionName="resize", Runtime="provided.al2023", Role="resize", Handler="bootstrap",
        Code={"ZipFile": EMPTY_ZIP},
    )
    _role(aws)
    _function(aws)
    awslambda.create_function(
        FunctionName="resize", Runtime="provided.al2023", Role=ROLE, Handler="bootstrap",
        Code={"ZipFile": EMPTY_ZIP},
    )


def queue_mappings(aws):
    _role(aws)
    _function(aws)
    _function(aws, "thumbnail")
    sqs = aws.setup_client("sqs")
    for name in ["uploads", "thumbnails"]:
        sqs.create_queue(QueueName=name)
    awslambda = aws.client("lambda")
    created = awslambda.create_event_source_mapping(
        FunctionName="resize", EventSourceArn=QUEUE_ARN, BatchSize=5,
    )
    uuid = dig(created, "UUID", default="missing")
    awslambda.create_event_source_mapping(
        FunctionName="thumbnail",
        EventSourceArn="arn:aws:sqs:us-east-1:123456789012:thumbnails",
        Enabled=False,
    )
    awslambda.get_event_source_mapping(UUID=uuid)
    awslambda.list_event_source_mappings(FunctionName="resize")
    awslambda.list_event_source_mappings(EventSourceArn=QUEUE_ARN)
    awslambda.update_event_source_mapping(UUID=uuid, BatchSize=7, Enabled=False)
    awslambda.get_event_source_mapping(UUID=uuid)
    awslambda.delete_event_source_mapping(UUID=uuid)
    awslambda.get_event_source_mapping(UUID=uuid)
    awslambda.list_event_source_mappings(FunctionName="resize")


def mapping_errors(aws):
    _role(aws)
    _function(aws)
    aws.setup_client("sqs").create_queue(QueueName="uploads")
    awslambda = aws.client("lambda")
    awslambda.create_event_source_mapping(FunctionName="crop", EventSourceArn=QUEUE_ARN)
    awslambda.get_event_source_mapping(UUID="00000000-0000-4000-8000-000000000000")
    awslambda.update_event_source_mapping(
        UUID="00000000-0000-4000-8000-000000000000", BatchSize=3,
    )
    awslambda.delete_event_source_mapping(UUID="00000000-0000-4000-8000-000000000000")


SCENARIOS = [
    execution_roles,
    queue_mappings,
    mapping_errors,
]
