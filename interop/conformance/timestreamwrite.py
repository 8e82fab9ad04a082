"""Timestream Write scenarios: databases and their keys, tables with retention, magnetic
store writes and partition keys, WriteRecords (common attributes, types, versions,
rejections), tags, paging and DescribeEndpoints.

Record times are taken from the wall clock (both servers run on it), a minute apart, so
that every record lies inside the memory store's window; answers carry only counts.
Timestream Query shares the target prefix but is left out: its operations answer
moto-server's not-emulated error.
"""

import time

DATABASE_ARN = "arn:aws:timestream:us-east-1:123456789012:database"


def _now_ms() -> int:
    # Whole minutes, so that two runs a few seconds apart write the same records.
    return int(time.time() // 60 * 60_000)


def _usage(time_ms: int, value: str, version: int | None = None) -> dict:
    record = {
        "Dimensions": [{"Name": "host", "Value": "web-1"}],
        "MeasureName": "usage",
        "MeasureValue": value,
        "MeasureValueType": "DOUBLE",
        "Time": str(time_ms),
    }
    if version is not None:
        record["Version"] = version
    return record


def databases(aws):
    ts = aws.client("timestream-write")
    ts.create_database(DatabaseName="telemetry", Tags=[{"Key": "team", "Value": "ops"}])
    ts.create_database(DatabaseName="weather", KmsKeyId="alias/weather")
    ts.describe_database(DatabaseName="telemetry")
    ts.describe_database(DatabaseName="missing")
    ts.update_database(DatabaseName="weather", KmsKeyId="alias/other")
    ts.list_databases()
    ts.create_database(DatabaseName="telemetry")
    ts.delete_database(DatabaseName="weather")
    ts.list_databases()


def tables(aws):
    ts = aws.client("timestream-write")
    ts.create_database(DatabaseName="telemetry")
    ts.create_table(DatabaseName="telemetry", TableName="base")
    ts.create_table(
        DatabaseName="telemetry",
        TableName="cpu",
        RetentionProperties={
            "MemoryStoreRetentionPeriodInHours": 24,
            "MagneticStoreRetentionPeriodInDays": 365,
        },
        MagneticStoreWriteProperties={"EnableMagneticStoreWrites": True},
        Schema={"CompositePartitionKey": [
            {"Type": "DIMENSION", "Name": "host", "EnforcementInRecord": "REQUIRED"}
        ]},
        Tags=[{"Key": "team", "Value": "ops"}],
    )
    ts.describe_table(DatabaseName="telemetry", TableName="cpu")
    ts.describe_table(DatabaseName="telemetry", TableName="missing")
    ts.create_table(DatabaseName="missing", TableName="cpu")
    ts.update_table(
        DatabaseName="telemetry",
        TableName="base",
        RetentionProperties={
            "MemoryStoreRetentionPeriodInHours": 12,
            "MagneticStoreRetentionPeriodInDays": 30,
        },
    )
    ts.list_tables(DatabaseName="telemetry")
    ts.list_tables()
    ts.describe_database(DatabaseName="telemetry")
    ts.delete_table(DatabaseName="telemetry", TableName="base")
    ts.delete_table(DatabaseName="telemetry", TableName="base")
    ts.list_tables(DatabaseName="telemetry")
    # Last, as Moto applies them: an existing name, a retention out of range, and a
    # database that still has a table.
    ts.create_table(DatabaseName="telemetry", TableName="cpu")
    ts.create_table(
        DatabaseName="telemetry",
        TableName="bad",
        RetentionProperties={
            "MemoryStoreRetentionPeriodInHours": 9000,
            "MagneticStoreRetentionPeriodInDays": 1,
        },
    )
    ts.delete_database(DatabaseName="telemetry")


def records(aws):
    ts = aws.client("timestream-write")
    ts.create_database(DatabaseName="telemetry")
    ts.create_table(DatabaseName="telemetry", TableName="cpu")
    now = _now_ms()
    ts.write_records(
        DatabaseName="telemetry",
        TableName="cpu",
        CommonAttributes={
            "Dimensions": [{"Name": "region", "Value": "eu-west-1"}],
            "TimeUnit": "SECONDS",
            "Time": str(now // 1000),
        },
        Records=[
            {"Dimensions": [{"Name": "host", "Value": "web-1"}], "MeasureName": "requests",
             "MeasureValue": "12", "MeasureValueType": "BIGINT"},
            {"MeasureName": "up", "MeasureValue": "true", "MeasureValueType": "BOOLEAN"},
            {"MeasureName": "load", "MeasureValueType": "MULTI", "MeasureValues": [
                {"Name": "avg", "Value": "0.5", "Type": "DOUBLE"},
                {"Name": "peak", "Value": "3", "Type": "BIGINT"},
            ]},
        ],
    )
    ts.write_records(DatabaseName="telemetry", TableName="cpu",
                     Records=[_usage(now - 60_000, "1.5")])
    # The same record again, and a higher version of it.
    ts.write_records(DatabaseName="telemetry", TableName="cpu",
                     Records=[_usage(now - 60_000, "1.5")])
    ts.write_records(DatabaseName="telemetry", TableName="cpu",
                     Records=[_usage(now - 60_000, "2.5", version=2)])
    ts.write_records(DatabaseName="telemetry", TableName="missing",
                     Records=[_usage(now, "1")])


def rejected_records(aws):
    ts = aws.client("timestream-write")
    ts.create_database(DatabaseName="telemetry")
    ts.create_table(DatabaseName="telemetry", TableName="cpu")
    now = _now_ms()
    ts.write_records(DatabaseName="telemetry", TableName="cpu",
                     Records=[_usage(now - 60_000, "1.5", version=3)])
    # A different value without a higher version, and a record a week old.
    ts.write_records(DatabaseName="telemetry", TableName="cpu",
                     Records=[_usage(now - 60_000, "9.5", version=2)])
    ts.write_records(DatabaseName="telemetry", TableName="cpu",
                     Records=[_usage(now - 7 * 86_400_000, "1.5")])
    ts.write_records(DatabaseName="telemetry", TableName="cpu",
                     Records=[_usage(now, "not a number")])


def paging(aws):
    ts = aws.client("timestream-write")
    for name in ("db-a", "db-b", "db-c"):
        ts.create_database(DatabaseName=name)
        ts.create_table(DatabaseName=name, TableName="t")
    first = ts.list_databases(MaxResults=2)
    if first.get("NextToken"):
        ts.list_databases(MaxResults=2, NextToken=first["NextToken"])
    ts.list_tables(MaxResults=2)


def tags(aws):
    ts = aws.client("timestream-write")
    ts.create_database(DatabaseName="telemetry", Tags=[{"Key": "team", "Value": "ops"}])
    ts.create_table(DatabaseName="telemetry", TableName="cpu")
    database = f"{DATABASE_ARN}/telemetry"
    table = f"{database}/table/cpu"
    ts.tag_resource(ResourceARN=database, Tags=[{"Key": "env", "Value": "test"}])
    ts.tag_resource(ResourceARN=table, Tags=[{"Key": "env", "Value": "prod"}])
    ts.list_tags_for_resource(ResourceARN=database)
    ts.untag_resource(ResourceARN=database, TagKeys=["team"])
    ts.list_tags_for_resource(ResourceARN=database)
    ts.list_tags_for_resource(ResourceARN=table)
    ts.list_tags_for_resource(ResourceARN=f"{DATABASE_ARN}/missing")


def endpoints(aws):
    ts = aws.client("timestream-write")
    ts.describe_endpoints()


SCENARIOS = [
    databases,
    tables,
    records,
    rejected_records,
    paging,
    tags,
    endpoints,
]
