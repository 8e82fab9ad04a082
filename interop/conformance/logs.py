"""CloudWatch Logs scenarios: log groups and their listing, retention, KMS keys and tags;
streams and their order; PutLogEvents' batch rules; GetLogEvents' tokens both ways;
FilterLogEvents' patterns; metric and subscription filters.

Event timestamps are whole minutes within the last day, the same on both sides of one
run; every timestamp a server stamps (creation, ingestion) is normalised.
"""

import io
import json
import time
import zipfile

from harness import dig

ARN = "arn:aws:logs:us-east-1:123456789012:log-group"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:ship-logs"
TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
})


def _base():
    """A whole-hour instant about two hours ago, in milliseconds."""
    hour = 3_600_000
    return (int(time.time() * 1000) // hour - 2) * hour


def log_groups(aws):
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="/app/web", tags={"team": "web"})
    logs.create_log_group(logGroupName="/app/web")
    logs.create_log_group(logGroupName="/app/api", kmsKeyId="arn:aws:kms:us-east-1:123456789012:key/k1")
    logs.create_log_group(logGroupName="batch")
    logs.describe_log_groups()
    logs.describe_log_groups(logGroupNamePrefix="/app/")
    logs.describe_log_groups(logGroupNamePrefix="/nothing")
    logs.delete_log_group(logGroupName="batch")
    logs.delete_log_group(logGroupName="batch")
    logs.describe_log_groups()


def paging_groups(aws):
    logs = aws.client("logs")
    for index in range(5):
        logs.create_log_group(logGroupName=f"group-{index}")
    first = logs.describe_log_groups(limit=2)
    second = logs.describe_log_groups(limit=2, nextToken=dig(first, "nextToken", default=""))
    logs.describe_log_groups(limit=2, nextToken=dig(second, "nextToken", default=""))


def retention_and_keys(aws):
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="app")
    logs.put_retention_policy(logGroupName="app", retentionInDays=30)
    logs.describe_log_groups()
    logs.delete_retention_policy(logGroupName="app")
    logs.describe_log_groups()
    logs.put_retention_policy(logGroupName="missing", retentionInDays=30)
    logs.delete_retention_policy(logGroupName="missing")
    logs.associate_kms_key(logGroupName="app", kmsKeyId="arn:aws:kms:us-east-1:123456789012:key/k2")
    logs.describe_log_groups()
    logs.disassociate_kms_key(logGroupName="app")
    logs.describe_log_groups()


def tags(aws):
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="app", tags={"a": "1"})
    logs.tag_log_group(logGroupName="app", tags={"b": "2"})
    logs.list_tags_log_group(logGroupName="app")
    logs.untag_log_group(logGroupName="app", tags=["a"])
    logs.list_tags_log_group(logGroupName="app")
    logs.tag_resource(resourceArn=f"{ARN}:app", tags={"c": "3"})
    logs.untag_resource(resourceArn=f"{ARN}:app", tagKeys=["b"])
    logs.list_tags_for_resource(resourceArn=f"{ARN}:app")
    logs.list_tags_log_group(logGroupName="missing")


def streams(aws):
    logs = aws.client("logs")
    base = _base()
    logs.create_log_group(logGroupName="app")
    for name in ("web-2", "web-1", "worker"):
        logs.create_log_stream(logGroupName="app", logStreamName=name)
    logs.create_log_stream(logGroupName="app", logStreamName="web-1")
    logs.create_log_stream(logGroupName="missing", logStreamName="web-1")
    logs.describe_log_streams(logGroupName="app")
    logs.put_log_events(logGroupName="app", logStreamName="web-1",
                        logEvents=[{"timestamp": base + 60_000, "message": "one"}])
    logs.put_log_events(logGroupName="app", logStreamName="worker",
                        logEvents=[{"timestamp": base, "message": "two"}])
    logs.describe_log_streams(logGroupName="app", logStreamNamePrefix="web")
    logs.describe_log_streams(logGroupName="app", descending=True)
    logs.describe_log_streams(logGroupName="app", orderBy="LastEventTime", logStreamNamePrefix="web")
    first = logs.describe_log_streams(logGroupName="app", limit=2)
    logs.describe_log_streams(logGroupName="app", limit=2, nextToken=dig(first, "nextToken", default=""))
    logs.describe_log_streams(logGroupName="missing")
    logs.delete_log_stream(logGroupName="app", logStreamName="web-2")
    logs.delete_log_stream(logGroupName="app", logStreamName="web-2")
    logs.describe_log_streams(logGroupName="app")


def putting_events(aws):
    logs = aws.client("logs")
    base = _base()
    logs.create_log_group(logGroupName="app")
    logs.create_log_stream(logGroupName="app", logStreamName="s")
    logs.put_log_events(logGroupName="app", logStreamName="s", logEvents=[
        {"timestamp": base, "message": "first"},
        {"timestamp": base + 1000, "message": "second"},
    ])
    # The sequence token is ignored: a wrong one is accepted.
    logs.put_log_events(logGroupName="app", logStreamName="s", sequenceToken="49590302",
                        logEvents=[{"timestamp": base + 2000, "message": "third"}])
    logs.put_log_events(logGroupName="app", logStreamName="s", logEvents=[
        {"timestamp": base + 1000, "message": "late"},
        {"timestamp": base, "message": "early"},
    ])
    logs.put_log_events(logGroupName="app", logStreamName="s", logEvents=[
        {"timestamp": base - 20 * 86_400_000, "message": "too old"},
    ])
    logs.put_log_events(logGroupName="app", logStreamName="s", logEvents=[
        {"timestamp": base + 5 * 3_600_000, "message": "too new"},
    ])
    logs.put_log_events(logGroupName="app", logStreamName="missing",
                        logEvents=[{"timestamp": base, "message": "x"}])
    logs.put_log_events(logGroupName="missing", logStreamName="s",
                        logEvents=[{"timestamp": base, "message": "x"}])
    logs.get_log_events(logGroupName="app", logStreamName="s", startFromHead=True)


def reading_events(aws):
    logs = aws.client("logs")
    base = _base()
    logs.create_log_group(logGroupName="app")
    logs.create_log_stream(logGroupName="app", logStreamName="s")
    logs.put_log_events(logGroupName="app", logStreamName="s", logEvents=[
        {"timestamp": base + index * 1000, "message": f"event {index}"} for index in range(5)
    ])
    tail = logs.get_log_events(logGroupName="app", logStreamName="s", limit=2)
    logs.get_log_events(logGroupName="app", logStreamName="s", limit=2,
                        nextToken=dig(tail, "nextForwardToken", default=""))
    back = logs.get_log_events(logGroupName="app", logStreamName="s", limit=2,
                               nextToken=dig(tail, "nextBackwardToken", default=""))
    logs.get_log_events(logGroupName="app", logStreamName="s", limit=2,
                        nextToken=dig(back, "nextBackwardToken", default=""))
    head = logs.get_log_events(logGroupName="app", logStreamName="s", limit=3, startFromHead=True)
    logs.get_log_events(logGroupName="app", logStreamName="s", limit=3,
                        nextToken=dig(head, "nextForwardToken", default=""))
    logs.get_log_events(logGroupName="app", logStreamName="s", startTime=base + 1000,
                        endTime=base + 2500, startFromHead=True)
    logs.get_log_events(logGroupName="app", logStreamName="missing")
    logs.get_log_events(logGroupName="missing", logStreamName="s")


def filtering_events(aws):
    logs = aws.client("logs")
    base = _base()
    logs.create_log_group(logGroupName="app")
    logs.create_log_stream(logGroupName="app", logStreamName="api")
    logs.create_log_stream(logGroupName="app", logStreamName="worker")
    logs.put_log_events(logGroupName="app", logStreamName="api", logEvents=[
        {"timestamp": base, "message": '{"level": "ERROR", "latency": 900, "user": {"id": 7}}'},
        {"timestamp": base + 2000, "message": '{"level": "INFO", "latency": 20}'},
        {"timestamp": base + 4000, "message": "GET /health 200"},
    ])
    logs.put_log_events(logGroupName="app", logStreamName="worker", logEvents=[
        {"timestamp": base + 1000, "message": "ERROR job failed"},
        {"timestamp": base + 3000, "message": "WARN job slow"},
    ])
    event_id = ("eventId",)
    logs.filter_log_events(logGroupName="app", interleaved=True, _random=event_id)
    logs.filter_log_events(logGroupName="app", filterPattern="ERROR", interleaved=True,
                           _random=event_id)
    logs.filter_log_events(logGroupName="app", filterPattern='"job failed"', interleaved=True,
                           _random=event_id)
    logs.filter_log_events(logGroupName="app", logStreamNames=["worker"], interleaved=True,
                           _random=event_id)
    logs.filter_log_events(logGroupName="app", filterPattern='{ $.level = "ERROR" }',
                           interleaved=True, _random=event_id)
    logs.filter_log_events(logGroupName="app", filterPattern="{ $.latency > 100 }",
                           interleaved=True, _random=event_id)
    logs.filter_log_events(logGroupName="app", startTime=base + 1000, endTime=base + 3000,
                           interleaved=True, _random=event_id)
    page = logs.filter_log_events(logGroupName="app", limit=2, interleaved=True,
                                  _random=event_id)
    logs.filter_log_events(logGroupName="app", limit=2, interleaved=True, _random=event_id,
                           nextToken=dig(page, "nextToken", default=""))
    logs.filter_log_events(logGroupName="missing")


def metric_filters(aws):
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="app")
    transformation = {"metricName": "Errors", "metricNamespace": "App", "metricValue": "1"}
    logs.put_metric_filter(logGroupName="app", filterName="errors", filterPattern="ERROR",
                           metricTransformations=[transformation])
    logs.put_metric_filter(logGroupName="app", filterName="slow",
                           filterPattern="{ $.latency > 500 }",
                           metricTransformations=[dict(transformation, metricName="Slow")])
    logs.describe_metric_filters(logGroupName="app")
    logs.describe_metric_filters(logGroupName="app", filterNamePrefix="err")
    logs.describe_metric_filters(metricName="Slow", metricNamespace="App")
    logs.delete_metric_filter(logGroupName="app", filterName="errors")
    logs.describe_metric_filters()


def _function(aws):
    """The Lambda function subscriptions deliver to (setup, not compared)."""
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
    role = aws.setup_client("iam").create_role(RoleName="ship-logs",
                                               AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    aws.setup_client("lambda").create_function(
        FunctionName="ship-logs", Runtime="python3.12", Role=role, Handler="handler.handler",
        Code={"ZipFile": code.getvalue()},
    )


def subscription_filters(aws):
    logs = aws.client("logs")
    _function(aws)
    logs.create_log_group(logGroupName="app")
    for name in ("first", "second"):
        logs.put_subscription_filter(logGroupName="app", filterName=name, filterPattern="ERROR",
                                     destinationArn=FUNCTION)
    logs.describe_subscription_filters(logGroupName="app")
    logs.put_subscription_filter(logGroupName="app", filterName="third", filterPattern="",
                                 destinationArn=FUNCTION)
    logs.put_subscription_filter(logGroupName="missing", filterName="first",
                                 filterPattern="", destinationArn=FUNCTION)
    logs.put_subscription_filter(logGroupName="app", filterName="first", filterPattern="",
                                 destinationArn=f"{FUNCTION}-missing")
    logs.delete_subscription_filter(logGroupName="app", filterName="first")
    logs.delete_subscription_filter(logGroupName="app", filterName="first")
    logs.describe_subscription_filters(logGroupName="app")
    logs.describe_subscription_filters(logGroupName="missing")


SCENARIOS = [
    log_groups,
    paging_groups,
    retention_and_keys,
    tags,
    streams,
    putting_events,
    reading_events,
    filtering_events,
    metric_filters,
    subscription_filters,
]
