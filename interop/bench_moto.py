"""Times Moto in process (decorator mode), for benches/versus_moto.rs.

Run: .venv-interop/bin/python interop/bench_moto.py <recording> <target host> <repeats>

Each repeat starts a fresh mock (`mock_aws`), uploads the recording to Moto's recorder
and times `recorder.replay_recording(target_host)`, which sends every request through
Moto's in-process request mock. Prints the median and the slowest time in seconds as JSON.

Run: .venv-interop/bin/python interop/bench_moto.py sdk <calls>

Times single boto3 calls under `mock_aws` (DynamoDB PutItem and GetItem, S3 PutObject
and GetObject of 1 KiB, SQS SendMessage), each `calls` times after a warm-up. Prints
each call's median and p99 in seconds as JSON, keyed by the call's name.
"""

import json
import os
import statistics
import sys
import tempfile
import time


def hermetic_environment() -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )


def sdk_calls(calls: int) -> None:
    hermetic_environment()
    import boto3
    from moto import mock_aws

    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        s3 = boto3.client("s3", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        dynamodb.create_table(
            TableName="bench",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        s3.create_bucket(Bucket="bench")
        queue = sqs.create_queue(QueueName="bench")["QueueUrl"]
        payload = b"x" * 1024
        work = {
            "DynamoDB PutItem": lambda i: dynamodb.put_item(
                TableName="bench", Item={"id": {"S": str(i)}, "v": {"N": str(i)}}
            ),
            "DynamoDB GetItem": lambda i: dynamodb.get_item(
                TableName="bench", Key={"id": {"S": str(i % 100)}}
            ),
            "S3 PutObject, 1 KiB": lambda i: s3.put_object(
                Bucket="bench", Key=f"object-{i % 100}", Body=payload
            ),
            "S3 GetObject, 1 KiB": lambda i: s3.get_object(
                Bucket="bench", Key=f"object-{i % 100}"
            )["Body"].read(),
            "SQS SendMessage": lambda i: sqs.send_message(
                QueueUrl=queue, MessageBody=f"message {i}"
            ),
        }
        results = {}
        for name, call in work.items():
            for i in range(min(calls, 100)):
                call(i)
            times = []
            for i in range(calls):
                started = time.perf_counter()
                call(i)
                times.append(time.perf_counter() - started)
            times.sort()
            results[name] = {
                "median": statistics.median(times),
                "p99": times[min(len(times) - 1, len(times) * 99 // 100)],
            }
    print(json.dumps(results))


def main() -> None:
    if sys.argv[1] == "sdk":
        sdk_calls(int(sys.argv[2]))
        return
    recording, target_host, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    hermetic_environment()
    log = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False)
    os.environ["MOTO_RECORDER_FILEPATH"] = log.name
    from moto import mock_aws
    from moto.moto_api import recorder
    from moto.moto_api._internal import mock_random

    # In process, the seed is a call, not a request: every entry goes to the target host.
    with open(recording, "rb") as file:
        data = b"".join(line for line in file if b"/moto-api/" not in line)
    times = []
    for _ in range(repeats):
        with mock_aws():
            mock_random.seed(42)
            recorder.upload_recording(data)
            started = time.perf_counter()
            recorder.replay_recording(target_host=target_host)
            times.append(time.perf_counter() - started)
    os.unlink(log.name)
    print(json.dumps({"median": statistics.median(times), "max": max(times)}))


if __name__ == "__main__":
    main()
