# Records one fixture with boto3 against a running Moto server, for the interop tests.
# Run:  .venv-interop/bin/python interop/record_boto3_fixture.py http://127.0.0.1:5000 target/interop/boto3_orders.jsonl
"""Record a Moto server-mode recording of boto3 calls, unchanged, as a fixture.

    POST /moto-api/reset
    POST /moto-api/recorder/reset-recording
    POST /moto-api/recorder/start-recording
    POST /moto-api/seed?a=42          (recorded: the fixture's seed line)
    ... boto3: S3 text and binary objects, a DynamoDB item, an SQS message, an EC2 instance ...
    POST /moto-api/recorder/stop-recording
    GET  /moto-api/recorder/download-recording  -> the output file, byte for byte

The file keeps everything Moto stores (signatures, ports, base64 bodies): the Rust
harness must replay it as Moto wrote it.
"""

import os
import sys
from pathlib import Path

import boto3
import requests

SEED = 42
REGION = "us-east-1"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: record_boto3_fixture.py <moto url> <output file>")
    url, output = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_MAX_ATTEMPTS"] = "1"

    def client(service: str):
        return boto3.client(
            service,
            region_name=REGION,
            endpoint_url=url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def control(path: str, method: str = "POST") -> requests.Response:
        response = requests.request(method, f"{url}{path}", timeout=60)
        response.raise_for_status()
        return response

    control("/moto-api/reset")
    control("/moto-api/recorder/reset-recording")
    control("/moto-api/recorder/start-recording")
    control(f"/moto-api/seed?a={SEED}")

    s3 = client("s3")
    s3.create_bucket(Bucket="orders")
    s3.put_object(Bucket="orders", Key="o-1.json", Body=b'{"total":42}', ContentType="application/json")
    s3.put_object(Bucket="orders", Key="receipt.bin", Body=bytes(range(256)))

    dynamodb = client("dynamodb")
    dynamodb.create_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.put_item(TableName="orders", Item={"id": {"S": "o-1"}, "note": {"S": "café ☕"}})

    sqs = client("sqs")
    queue_url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    sqs.send_message(QueueUrl=queue_url, MessageBody="ship o-1")

    client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)

    control("/moto-api/recorder/stop-recording")
    recording = control("/moto-api/recorder/download-recording", "GET").content
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(recording)
    print(f"wrote {output} ({len(recording.splitlines())} requests recorded by Moto)")


if __name__ == "__main__":
    main()
