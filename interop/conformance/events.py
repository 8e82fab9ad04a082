"""EventBridge scenarios: buses, rules and their patterns and schedules, targets,
PutEvents with delivery to an SQS queue, TestEventPattern, archives, tags and pages.
"""

import json

ACCOUNT = "123456789012"
BUS_ARN = f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus"


def buses(aws):
    events = aws.client("events")
    events.list_event_buses()
    events.create_event_bus(Name="orders", Description="shop orders",
                            Tags=[{"Key": "team", "Value": "shop"}])
    events.create_event_bus(Name="orders")
    events.create_event_bus(Name="bad/name")
    events.create_event_bus(Name="payments")
    events.describe_event_bus(Name="orders")
    events.describe_event_bus(Name=f"{BUS_ARN}/orders")
    events.describe_event_bus()
    events.describe_event_bus(Name="missing")
    events.list_event_buses(NamePrefix="or")
    events.list_event_buses(Limit=2)
    events.list_tags_for_resource(ResourceARN=f"{BUS_ARN}/orders")
    events.delete_event_bus(Name="default")
    events.delete_event_bus(Name="payments")
    events.delete_event_bus(Name="payments")
    events.list_event_buses()


def rules(aws):
    events = aws.client("events")
    pattern = json.dumps({"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 100]}]}})
    events.put_rule(Name="big-orders", EventPattern=pattern, Description="large orders")
    events.put_rule(Name="nightly", ScheduleExpression="rate(1 day)", State="DISABLED")
    events.put_rule(Name="noon", ScheduleExpression="cron(0 12 * * ? *)")
    events.put_rule(Name="nothing")
    events.put_rule(Name="bad-rate", ScheduleExpression="every day")
    events.put_rule(Name="bad-pattern", EventPattern="{not json")
    events.put_rule(Name="bad-pattern", EventPattern=json.dumps({"source": "shop"}))
    events.put_rule(Name="bad-pattern", EventPattern=json.dumps({"source": []}))
    events.create_event_bus(Name="orders")
    events.put_rule(Name="on-orders", EventBusName="orders", EventPattern=pattern)
    events.put_rule(Name="scheduled", EventBusName="orders", ScheduleExpression="rate(5 minutes)")
    events.put_rule(Name="elsewhere", EventBusName="missing", EventPattern=pattern)
    events.describe_rule(Name="big-orders")
    events.describe_rule(Name="nightly")
    events.describe_rule(Name="on-orders", EventBusName="orders")
    events.describe_rule(Name="on-orders", EventBusName=f"{BUS_ARN}/orders")
    events.disable_rule(Name="big-orders")
    events.describe_rule(Name="big-orders")
    events.enable_rule(Name="big-orders")
    events.describe_rule(Name="big-orders")
    events.list_rules()
    events.list_rules(NamePrefix="n")
    events.list_rules(EventBusName="orders")
    first = events.list_rules(Limit=2)
    events.list_rules(Limit=2, NextToken=first.get("NextToken", ""))
    events.delete_rule(Name="noon")
    events.delete_rule(Name="noon")
    events.list_rules()


def targets(aws):
    events = aws.client("events")
    sqs = aws.client("sqs")
    sqs.create_queue(QueueName="orders")
    queue_arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders"
    events.put_rule(Name="placed", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="placed", Targets=[
        {"Id": "queue", "Arn": queue_arn},
        {"Id": "constant", "Arn": queue_arn, "Input": json.dumps({"fixed": True})},
        {"Id": "path", "Arn": queue_arn, "InputPath": "$.detail"},
        {"Id": "shaped", "Arn": queue_arn, "InputTransformer": {
            "InputPathsMap": {"order": "$.detail.order"},
            "InputTemplate": '{"order": <order>}',
        }},
    ])
    events.list_targets_by_rule(Rule="placed")
    events.list_targets_by_rule(Rule="placed", Limit=2)
    events.list_rule_names_by_target(TargetArn=queue_arn)
    events.put_targets(Rule="placed", Targets=[
        {"Id": "queue", "Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:other"},
    ])
    events.list_targets_by_rule(Rule="placed")
    events.put_targets(Rule="placed", Targets=[{"Id": "bad", "Arn": "not-an-arn"}])
    events.put_targets(Rule="placed", Targets=[
        {"Id": "fifo", "Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:q.fifo"},
    ])
    events.put_targets(Rule="missing", Targets=[{"Id": "q", "Arn": queue_arn}])
    events.delete_rule(Name="placed")
    events.remove_targets(Rule="placed", Ids=["queue", "constant", "path", "shaped", "none"])
    events.list_targets_by_rule(Rule="placed")
    events.delete_rule(Name="placed")
    events.list_rules()


def put_events(aws):
    events = aws.client("events")
    sqs = aws.client("sqs")
    queue_url = sqs.create_queue(QueueName="matched")["QueueUrl"]
    queue_arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:matched"
    events.put_rule(Name="placed", EventPattern=json.dumps(
        {"source": ["shop"], "detail": {"state": [{"anything-but": "cancelled"}]}}))
    events.put_targets(Rule="placed", Targets=[
        {"Id": "constant", "Arn": queue_arn, "Input": json.dumps({"placed": True})},
    ])
    events.put_events(Entries=[
        {"Source": "shop", "DetailType": "Order", "Detail": json.dumps({"state": "new"})},
        {"Source": "shop", "DetailType": "Order", "Detail": json.dumps({"state": "cancelled"})},
        {"Source": "other", "DetailType": "Order", "Detail": json.dumps({"state": "new"})},
    ])
    sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    events.put_events(Entries=[
        {"DetailType": "Order", "Detail": "{}"},
        {"Source": "shop", "Detail": "{}"},
        {"Source": "shop", "DetailType": "Order"},
        {"Source": "shop", "DetailType": "Order", "Detail": "{not json"},
    ])
    events.put_events(Entries=[
        {"Source": "shop", "DetailType": "Order", "Detail": "{}", "EventBusName": "missing"},
    ])
    events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": "{}"}] * 11)


def archives(aws):
    events = aws.client("events")
    events.create_event_bus(Name="orders")
    events.create_archive(ArchiveName="all-orders", EventSourceArn=f"{BUS_ARN}/orders",
                          Description="every order", RetentionDays=7)
    events.create_archive(ArchiveName="all-orders", EventSourceArn=f"{BUS_ARN}/orders")
    events.create_archive(ArchiveName="nowhere", EventSourceArn=f"{BUS_ARN}/missing")
    events.create_archive(ArchiveName="placed", EventSourceArn=f"{BUS_ARN}/default",
                          EventPattern=json.dumps({"source": ["shop"]}))
    events.describe_archive(ArchiveName="all-orders")
    events.describe_archive(ArchiveName="missing")
    events.list_archives()
    events.list_archives(NamePrefix="all")
    events.list_archives(EventSourceArn=f"{BUS_ARN}/default")
    events.list_archives(State="ENABLED")
    events.list_archives(NamePrefix="all", State="ENABLED")
    events.list_rules(EventBusName="orders")
    events.delete_archive(ArchiveName="all-orders")
    events.delete_archive(ArchiveName="all-orders")
    events.list_archives()
    events.list_rules(EventBusName="orders")


def tags(aws):
    events = aws.client("events")
    rule_arn = events.put_rule(Name="tagged", EventPattern=json.dumps({"source": ["s"]}),
                               Tags=[{"Key": "team", "Value": "a"}])["RuleArn"]
    events.tag_resource(ResourceARN=rule_arn, Tags=[{"Key": "env", "Value": "dev"},
                                                    {"Key": "team", "Value": "b"}])
    events.list_tags_for_resource(ResourceARN=rule_arn)
    events.untag_resource(ResourceARN=rule_arn, TagKeys=["team"])
    events.list_tags_for_resource(ResourceARN=rule_arn)
    events.create_event_bus(Name="tagged-bus")
    events.tag_resource(ResourceARN=f"{BUS_ARN}/tagged-bus", Tags=[{"Key": "k", "Value": "v"}])
    events.list_tags_for_resource(ResourceARN=f"{BUS_ARN}/tagged-bus")


def test_event_pattern(aws):
    events = aws.client("events")
    event = json.dumps({
        "id": "1", "account": ACCOUNT, "source": "shop", "time": "2024-01-01T00:00:00Z",
        "region": "us-east-1", "detail-type": "Order", "resources": [],
        "detail": {"total": 150, "state": "new"},
    })
    events.test_event_pattern(EventPattern=json.dumps({"source": ["shop"]}), Event=event)
    events.test_event_pattern(EventPattern=json.dumps({"source": ["other"]}), Event=event)
    events.test_event_pattern(EventPattern="{not json", Event=event)


SCENARIOS = [
    buses,
    rules,
    targets,
    put_events,
    archives,
    tags,
    test_event_pattern,
]
