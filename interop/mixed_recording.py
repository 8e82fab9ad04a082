"""One recorder log with EC2, DynamoDB, Timestream Write, S3 and API Gateway, made on one
server and replayed on the other through Moto's own HTTP API (`upload-recording`, then
`replay-recording`): both servers must then hold the same state. Run both ways: Moto's
log replayed into moto-server, and moto-server's log replayed into Moto.

    .venv-interop/bin/python interop/mixed_recording.py <moto_server url> <moto-server url>

The state is compared by what does not depend on generated ids (names, CIDRs, types,
item and object contents, table settings, API paths and methods): the two draw other ids
from the same seed. API Gateway's REST API keeps its id on both sides through Moto's
`_custom_id_` tag and is compared by id, name and description; its resources
hang off a root resource whose id each side draws itself, so a recorded CreateResource
names a parent the other side never drew, and resources are compared only within one
implementation (Moto into Moto, moto-server into moto-server, checked by the tests).
"""

import sys
import time

import boto3
import requests

SEED = 42


def client(endpoint, service):
    return boto3.client(
        service,
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def api(endpoint, method, path, data=None):
    response = requests.request(method, f"{endpoint}{path}", data=data, timeout=60)
    return response.status_code, response.content


def build_state(endpoint):
    """The calls a typical application makes, recorded."""
    # Nothing later names a generated id: the other side draws other ids from the seed, so
    # a recorded request naming one (a subnet in a new VPC) would not apply there.
    ec2 = client(endpoint, "ec2")
    ec2.create_vpc(CidrBlock="10.20.0.0/16")
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro")

    dynamodb = client(endpoint, "dynamodb")
    dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.put_item(TableName="orders", Item={"id": {"S": "o-1"}, "total": {"N": "42"}})

    ts = client(endpoint, "timestream-write")
    ts.create_database(DatabaseName="telemetry")
    ts.create_table(DatabaseName="telemetry", TableName="cpu", RetentionProperties={
        "MemoryStoreRetentionPeriodInHours": 24, "MagneticStoreRetentionPeriodInDays": 30})
    # A minute ago: inside the memory store's window when the log is replayed right after.
    now_ms = int(time.time() // 60 * 60_000) - 60_000
    ts.write_records(DatabaseName="telemetry", TableName="cpu", Records=[{
        "Dimensions": [{"Name": "host", "Value": "web-1"}], "MeasureName": "usage",
        "MeasureValue": "12.5", "MeasureValueType": "DOUBLE", "Time": str(now_ms)}])

    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket="reports")
    s3.put_object(Bucket="reports", Key="r-1.json", Body=b'{"total": 42}')

    apigateway = client(endpoint, "apigateway")
    try:
        rest_api = apigateway.create_rest_api(
            name="orders-api", description="orders", tags={"_custom_id_": "ordersapi1"})["id"]
        root = apigateway.get_resources(restApiId=rest_api)["items"][0]["id"]
        resource = apigateway.create_resource(restApiId=rest_api, parentId=root, pathPart="orders")["id"]
        apigateway.put_method(restApiId=rest_api, resourceId=resource, httpMethod="GET",
                              authorizationType="NONE")
    except apigateway.exceptions.ClientError as error:
        print(f"    API Gateway on {endpoint}: {error.response['Error']['Code']}")


def state(endpoint):
    """What both sides must agree on, free of generated ids."""
    ec2 = client(endpoint, "ec2")
    vpcs = sorted(v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault"))
    instances = sorted(
        (i["InstanceType"], i["State"]["Name"])
        for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
    )
    dynamodb = client(endpoint, "dynamodb")
    item = dynamodb.get_item(TableName="orders", Key={"id": {"S": "o-1"}}).get("Item")
    ts = client(endpoint, "timestream-write")
    tables = [
        (t["DatabaseName"], t["TableName"], t["RetentionProperties"])
        for t in ts.list_tables(DatabaseName="telemetry")["Tables"]
    ]
    s3 = client(endpoint, "s3")
    body = s3.get_object(Bucket="reports", Key="r-1.json")["Body"].read()
    return {"vpcs": vpcs, "instances": instances, "item": item, "timestream": tables, "object": body}


def api_gateway_state(endpoint):
    apigateway = client(endpoint, "apigateway")
    try:
        apis = apigateway.get_rest_apis()["items"]
    except apigateway.exceptions.ClientError:
        return None
    return sorted((rest_api["id"], rest_api["name"], rest_api.get("description"))
                  for rest_api in apis)


def record(endpoint):
    for path in ("/moto-api/reset", "/moto-api/recorder/reset-recording",
                 "/moto-api/recorder/start-recording", f"/moto-api/seed?a={SEED}"):
        api(endpoint, "POST", path)
    build_state(endpoint)
    api(endpoint, "POST", "/moto-api/recorder/stop-recording")
    return api(endpoint, "GET", "/moto-api/recorder/download-recording")[1]


def replay(endpoint, log):
    api(endpoint, "POST", "/moto-api/reset")
    status, body = api(endpoint, "POST", "/moto-api/recorder/upload-recording", log)
    if status != 200:
        sys.exit(f"upload-recording on {endpoint}: {status} {body!r}")
    return api(endpoint, "POST", "/moto-api/recorder/replay-recording")


def one_way(name, source, target):
    print(f"== {name}: recorded on {source}, replayed on {target}")
    log = record(source)
    status, body = replay(target, log)
    expected, rebuilt = state(source), state(target)
    if expected != rebuilt:
        sys.exit(f"{name}: the replayed state differs:\n  recorded {expected}\n  replayed {rebuilt}")
    print(f"ok  EC2, DynamoDB, Timestream Write and S3 state rebuilt ({len(log.splitlines())} log lines)")
    recorded_apis, replayed_apis = api_gateway_state(source), api_gateway_state(target)
    if recorded_apis is None or replayed_apis is None:
        side = source if recorded_apis is None else target
        print(f"    API Gateway not compared: {side} does not emulate it "
              f"(replay answered {status} {body[:300]!r})")
        return
    if status != 200:
        sys.exit(f"{name}: replay-recording answered {status} {body!r}")
    if not recorded_apis or recorded_apis != replayed_apis:
        sys.exit(f"{name}: API Gateway differs:\n  recorded {recorded_apis}\n  replayed {replayed_apis}")
    print("ok  API Gateway REST API rebuilt (its resources name a root id each side draws)")


def main(moto, ours):
    one_way("Moto's log into moto-server", moto, ours)
    one_way("moto-server's log into Moto", ours, moto)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
