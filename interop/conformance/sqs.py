"""SQS scenarios: queues, messages, batches, FIFO queues, dead-letter queues and tags."""

import json

from harness import dig

ALL = ["All"]


def url_of(answer, default="http://missing/123456789012/missing"):
    return dig(answer, "QueueUrl", default=default)


def handles(answer):
    return [m["ReceiptHandle"] for m in dig(answer, "Messages", default=[])] or ["not-a-receipt-handle"]


def queues(aws):
    sqs = aws.client("sqs")
    # Created in name order: AWS does not promise ListQueues an order, so none is relied on.
    sqs.create_queue(QueueName="audit")
    jobs = url_of(sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "45"}, tags={"team": "core"}))
    sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "45"})
    sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "10"})
    sqs.create_queue(QueueName="jobs-retry")
    sqs.get_queue_url(QueueName="missing")
    sqs.get_queue_attributes(QueueUrl=jobs, AttributeNames=ALL)
    sqs.set_queue_attributes(QueueUrl=jobs, Attributes={"DelaySeconds": "5", "MessageRetentionPeriod": "86400",
                                                        "ReceiveMessageWaitTimeSeconds": "2"})
    sqs.get_queue_attributes(QueueUrl=jobs, AttributeNames=["DelaySeconds", "MessageRetentionPeriod", "VisibilityTimeout"])
    sqs.set_queue_attributes(QueueUrl=jobs, Attributes={"VisibilityTimeout": "999999"})
    sqs.list_queues()
    sqs.list_queues(QueueNamePrefix="jobs")
    page = sqs.list_queues(MaxResults=2)
    sqs.list_queues(MaxResults=2, NextToken=dig(page, "NextToken", default="none"))
    aws.client("sqs", region="eu-west-1").create_queue(QueueName="jobs-eu")
    sqs.list_queues(QueueNamePrefix="jobs")
    sqs.delete_queue(QueueUrl=jobs)
    sqs.get_queue_url(QueueName="jobs")
    sqs.create_queue(QueueName="bad name!")


def messages(aws):
    sqs = aws.client("sqs")
    url = url_of(sqs.create_queue(QueueName="mail"))
    sqs.send_message(QueueUrl=url, MessageBody="hello", MessageAttributes={
        "kind": {"DataType": "String", "StringValue": "greeting"},
        "priority": {"DataType": "Number", "StringValue": "5"},
        "raw": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
    })
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=ALL,
                                   MessageSystemAttributeNames=ALL)
    sqs.receive_message(QueueUrl=url)  # in flight: nothing
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handles(received)[0], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handles(again)[0])
    sqs.delete_message(QueueUrl=url, ReceiptHandle="not-a-receipt-handle")
    sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    sqs.receive_message(QueueUrl=url)
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"])
    sqs.send_message(QueueUrl=url, MessageBody="")
    sqs.send_message(QueueUrl=url.replace("/mail", "/missing"), MessageBody="x")
    sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11)


def batches(aws):
    sqs = aws.client("sqs")
    url = url_of(sqs.create_queue(QueueName="bulk"))
    sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "a", "MessageBody": "one"},
        {"Id": "b", "MessageBody": "two", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "2"}}},
        {"Id": "c", "MessageBody": "three", "DelaySeconds": 0},
    ])
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)
    receipt = handles(received)[0]
    sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
        {"Id": "ok", "ReceiptHandle": receipt, "VisibilityTimeout": 0},
        {"Id": "bad", "ReceiptHandle": "not-a-receipt-handle", "VisibilityTimeout": 0},
    ])
    sqs.delete_message_batch(QueueUrl=url, Entries=[
        {"Id": "ok", "ReceiptHandle": receipt},
        {"Id": "bad", "ReceiptHandle": "not-a-receipt-handle"},
    ])
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "same", "MessageBody": "x"}, {"Id": "same", "MessageBody": "y"}])
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": f"m{i}", "MessageBody": "x"} for i in range(11)])
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    sqs.purge_queue(QueueUrl=url)
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])


def fifo(aws):
    sqs = aws.client("sqs")
    url = url_of(sqs.create_queue(QueueName="orders.fifo", Attributes={
        "FifoQueue": "true", "ContentBasedDeduplication": "true"}))
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=ALL)
    sqs.send_message(QueueUrl=url, MessageBody="order-1", MessageGroupId="customer-a")
    sqs.send_message(QueueUrl=url, MessageBody="order-2", MessageGroupId="customer-a", MessageDeduplicationId="d-2")
    sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "b1", "MessageBody": "order-3", "MessageGroupId": "customer-b"},
        {"Id": "b2", "MessageBody": "order-4", "MessageGroupId": "customer-b"},
    ])
    sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, MessageSystemAttributeNames=ALL)
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    # Duplicates last: whether a duplicate answers the first message's id would
    # otherwise renumber every later id.
    sqs.send_message(QueueUrl=url, MessageBody="order-1", MessageGroupId="customer-a")
    sqs.send_message(QueueUrl=url, MessageBody="order-2b", MessageGroupId="customer-a", MessageDeduplicationId="d-2")
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    sqs.send_message(QueueUrl=url, MessageBody="no group")
    sqs.send_message(QueueUrl=url, MessageBody="late", MessageGroupId="customer-c", DelaySeconds=5)
    sqs.create_queue(QueueName="no-suffix", Attributes={"FifoQueue": "true"})
    sqs.create_queue(QueueName="plain.fifo")


def dead_letters_and_tags(aws):
    sqs = aws.client("sqs")
    dlq = url_of(sqs.create_queue(QueueName="jobs-dlq"))
    dlq_arn = dig(sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"]), "Attributes", "QueueArn",
                  default="arn:aws:sqs:us-east-1:123456789012:jobs-dlq")
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    main = url_of(sqs.create_queue(QueueName="jobs-main", Attributes={"RedrivePolicy": policy}))
    sqs.get_queue_attributes(QueueUrl=main, AttributeNames=["RedrivePolicy", "CreatedTimestamp", "LastModifiedTimestamp"])
    sqs.list_dead_letter_source_queues(QueueUrl=dlq)
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": json.dumps({"redrivePermission": "allowAll"})})
    sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["RedriveAllowPolicy"])
    sqs.list_queue_tags(QueueUrl=main)
    sqs.tag_queue(QueueUrl=main, Tags={"env": "test", "owner": "ops"})
    sqs.list_queue_tags(QueueUrl=main)
    sqs.untag_queue(QueueUrl=main, TagKeys=["env"])
    sqs.list_queue_tags(QueueUrl=main)
    sqs.set_queue_attributes(QueueUrl=main, Attributes={"RedrivePolicy": "not json"})
    sqs.list_queue_tags(QueueUrl=dlq.replace("jobs-dlq", "missing"))


SCENARIOS = [
    queues,
    messages,
    batches,
    fifo,
    dead_letters_and_tags,
]
