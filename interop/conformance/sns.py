"""SNS scenarios: topics (standard and FIFO), their attributes, tags and pages,
subscriptions with filter policies, Publish and PublishBatch with the checks real code
meets, and delivery into SQS queues, raw and enveloped.
"""

from harness import dig

ACCOUNT = "123456789012"


def queue_arn(name: str) -> str:
    return f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}"


def topics_and_attributes(aws):
    sns = aws.client("sns")
    arn = dig(sns.create_topic(Name="orders"), "TopicArn", default="arn:missing")
    sns.create_topic(Name="orders")
    sns.create_topic(Name="orders", Attributes={"DisplayName": "Other"})
    sns.create_topic(Name="bad name")
    sns.create_topic(Name="orders.fifo")
    sns.get_topic_attributes(TopicArn=arn)
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Orders")
    sns.get_topic_attributes(TopicArn=arn)
    sns.get_topic_attributes(TopicArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:missing")
    sns.delete_topic(TopicArn=arn)
    sns.delete_topic(TopicArn=arn)
    sns.list_topics()


def fifo_topics(aws):
    sns = aws.client("sns")
    sns.create_topic(Name="plain", Attributes={"FifoTopic": "true"})
    arn = dig(sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"}),
              "TopicArn", default="arn:missing")
    sns.get_topic_attributes(TopicArn=arn)
    sns.publish(TopicArn=arn, Message="no group", MessageDeduplicationId="d0")
    sns.publish(TopicArn=arn, Message="no dedup", MessageGroupId="g1")
    sns.set_topic_attributes(TopicArn=arn, AttributeName="ContentBasedDeduplication",
                             AttributeValue="true")
    sns.publish(TopicArn=arn, Message="content based", MessageGroupId="g1")
    sns.publish(TopicArn=arn, Message="explicit", MessageGroupId="g1", MessageDeduplicationId="d1")
    plain = dig(sns.create_topic(Name="standard"), "TopicArn", default="arn:missing")
    sns.publish(TopicArn=plain, Message="dedup on standard", MessageDeduplicationId="d1")


def listing_pages(aws):
    sns = aws.client("sns")
    for n in range(102):
        sns.create_topic(Name=f"topic-{n:03d}")
    page = sns.list_topics()
    sns.list_topics(NextToken=dig(page, "NextToken", default="none"))


def tags(aws):
    sns = aws.client("sns")
    arn = dig(sns.create_topic(Name="tagged", Tags=[{"Key": "team", "Value": "shop"}]),
              "TopicArn", default="arn:missing")
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}])
    sns.list_tags_for_resource(ResourceArn=arn)
    sns.untag_resource(ResourceArn=arn, TagKeys=["env"])
    sns.list_tags_for_resource(ResourceArn=arn)
    sns.list_tags_for_resource(ResourceArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:missing")
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{n}", "Value": "v"} for n in range(50)])


def subscriptions(aws):
    sns = aws.client("sns")
    sqs = aws.client("sqs")
    arn = dig(sns.create_topic(Name="events"), "TopicArn", default="arn:missing")
    sqs.create_queue(QueueName="events-queue")
    sub = dig(sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("events-queue")),
              "SubscriptionArn", default="arn:missing")
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("events-queue"))
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint="not-an-arn")
    sqs.create_queue(QueueName="jobs.fifo", Attributes={"FifoQueue": "true"})
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("jobs.fifo"))
    sns.subscribe(TopicArn=arn, Protocol="sms", Endpoint="+15555550100")
    sns.subscribe(TopicArn=arn, Protocol="sms", Endpoint="+1--555")
    sns.subscribe(TopicArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:missing", Protocol="sqs",
                  Endpoint=queue_arn("events-queue"))
    sns.get_subscription_attributes(SubscriptionArn=sub)
    sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="RawMessageDelivery",
                                    AttributeValue="true")
    sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="FilterPolicy",
                                    AttributeValue='{"kind": ["order"]}')
    sns.get_subscription_attributes(SubscriptionArn=sub)
    sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="Colour", AttributeValue="red")
    sns.list_subscriptions()
    sns.list_subscriptions_by_topic(TopicArn=arn)
    sns.unsubscribe(SubscriptionArn=sub)
    sns.get_subscription_attributes(SubscriptionArn=sub)
    sns.list_subscriptions_by_topic(TopicArn=arn)


def confirmation(aws):
    sns = aws.client("sns")
    arn = dig(sns.create_topic(Name="hooks"), "TopicArn", default="arn:missing")
    sns.subscribe(TopicArn=arn, Protocol="https", Endpoint="https://hooks.example.com/sns")
    sns.confirm_subscription(TopicArn=arn, Token="not-a-token-sns-sent")
    sns.confirm_subscription(TopicArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:missing", Token="x")


def invalid_filter_policies(aws):
    sns = aws.client("sns")
    arn = dig(sns.create_topic(Name="filtered"), "TopicArn", default="arn:missing")
    for policy in [
        '{"a": [{"exists": "yes"}]}',
        '{"a": [{"numeric": [">", 5, "<", 1]}]}',
        '{"a": [{"numeric": ["<", 1, ">", 0]}]}',
        '{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}',
        '{"a": [{"unknown": "x"}]}',
    ]:
        sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("filtered"),
                      Attributes={"FilterPolicy": policy})


def delivery_with_filters(aws):
    sns = aws.client("sns")
    sqs = aws.client("sqs")
    arn = dig(sns.create_topic(Name="shop"), "TopicArn", default="arn:missing")
    urls = {}
    for name in ["big", "eu", "raw"]:
        urls[name] = dig(sqs.create_queue(QueueName=name), "QueueUrl", default="none")
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("big"),
                  Attributes={"FilterPolicy": '{"total": [{"numeric": [">=", 100]}]}',
                              "RawMessageDelivery": "true"})
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("eu"),
                  Attributes={"FilterPolicyScope": "MessageBody",
                              "FilterPolicy": '{"region": [{"prefix": "eu-"}]}',
                              "RawMessageDelivery": "true"})
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("raw"),
                  Attributes={"FilterPolicy": '{"kind": [{"anything-but": ["test"]}], "$or": '
                                              '[{"total": [{"numeric": ["<", 10]}]}, {"vip": [{"exists": true}]}]}',
                              "RawMessageDelivery": "true"})
    for body, total, kind, vip in [
        ('{"region": "eu-west-1"}', "5", "order", None),
        ('{"region": "us-east-1"}', "250", "order", "yes"),
        ('{"region": "eu-central-1"}', "500", "test", None),
    ]:
        attributes = {"total": {"DataType": "Number", "StringValue": total},
                      "kind": {"DataType": "String", "StringValue": kind}}
        if vip:
            attributes["vip"] = {"DataType": "String", "StringValue": vip}
        sns.publish(TopicArn=arn, Message=body, MessageAttributes=attributes)
    for name in ["big", "eu", "raw"]:
        sqs.receive_message(QueueUrl=urls[name], MaxNumberOfMessages=10,
                            MessageAttributeNames=["All"])


def envelope_delivery(aws):
    sns = aws.client("sns")
    sqs = aws.client("sqs")
    arn = dig(sns.create_topic(Name="notices"), "TopicArn", default="arn:missing")
    url = dig(sqs.create_queue(QueueName="notices"), "QueueUrl", default="none")
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn("notices"))
    sns.publish(TopicArn=arn, Message="hello", Subject="greeting")
    # Moto signs envelopes with a key it draws per process: their bodies are compared in
    # the SDK tests, the count here.
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])


def publish_checks(aws):
    sns = aws.client("sns")
    arn = dig(sns.create_topic(Name="checks"), "TopicArn", default="arn:missing")
    sns.publish(TopicArn=arn, Message="plain")
    sns.publish(TopicArn=arn, Message='{"default": "d", "sqs": "q"}', MessageStructure="json")
    sns.publish(TopicArn=arn, Message="m", MessageAttributes={
        "n": {"DataType": "Number", "StringValue": "12.5"},
        "s": {"DataType": "String.Array", "StringValue": '["a", 1]'},
        "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
    })
    sns.publish(TopicArn=arn, Message="m", MessageAttributes={
        "n": {"DataType": "Number", "StringValue": "twelve"}})
    sns.publish(TopicArn=arn, Message="m", MessageAttributes={
        "n": {"DataType": "Colour", "StringValue": "red"}})
    sns.publish(TopicArn=arn, Message="x" * 262145)
    sns.publish(TopicArn=f"arn:aws:sns:us-east-1:{ACCOUNT}:missing", Message="m")


def publish_batches(aws):
    sns = aws.client("sns")
    arn = dig(sns.create_topic(Name="batched"), "TopicArn", default="arn:missing")
    sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[
        {"Id": "one", "Message": "1"}, {"Id": "two", "Message": "2", "Subject": "s"}])
    sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[
        {"Id": "same", "Message": "1"}, {"Id": "same", "Message": "2"}])
    sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[
        {"Id": f"e{n}", "Message": "m"} for n in range(11)])
    sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[
        {"Id": "good", "Message": "m"},
        {"Id": "bad", "Message": "m", "MessageDeduplicationId": "d"}])


SCENARIOS = [
    topics_and_attributes,
    fifo_topics,
    listing_pages,
    tags,
    subscriptions,
    confirmation,
    invalid_filter_policies,
    delivery_with_filters,
    envelope_delivery,
    publish_checks,
    publish_batches,
]
