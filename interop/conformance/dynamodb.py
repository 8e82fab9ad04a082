"""DynamoDB scenarios: tables, item reads and writes, queries, batches, transactions,
PartiQL, TTL, tags and backups."""

from harness import dig

ORDERS = {
    "TableName": "orders",
    "AttributeDefinitions": [
        {"AttributeName": "customer", "AttributeType": "S"},
        {"AttributeName": "order", "AttributeType": "N"},
        {"AttributeName": "status", "AttributeType": "S"},
    ],
    "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "order", "KeyType": "RANGE"}],
    "GlobalSecondaryIndexes": [{
        "IndexName": "by-status",
        "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "order", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"},
    }],
    "BillingMode": "PAY_PER_REQUEST",
}


def simple_table(name, **extra):
    return {
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
        **extra,
    }


def order(customer, number, status, total):
    return {"customer": {"S": customer}, "order": {"N": str(number)}, "status": {"S": status}, "total": {"N": total}}


def fill_orders(aws):
    """Seven orders: five of one customer (one partition, so their order is the sort key's)."""
    setup = aws.setup_client("dynamodb")
    setup.create_table(**ORDERS)
    rows = [("ada", 1, "shipped", "10"), ("ada", 2, "open", "25.5"), ("ada", 3, "open", "7"),
            ("ada", 4, "shipped", "100"), ("ada", 5, "cancelled", "3.25"), ("bob", 1, "open", "12"),
            ("bob", 2, "shipped", "40")]
    for row in rows:
        setup.put_item(TableName="orders", Item=order(*row))


def tables(aws):
    db = aws.client("dynamodb")
    db.create_table(**ORDERS, Tags=[{"Key": "team", "Value": "shop"}])
    db.describe_table(TableName="orders")
    db.create_table(
        TableName="users",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    db.describe_table(TableName="users")
    db.create_table(**ORDERS)
    db.create_table(**simple_table("Zeta"))
    db.create_table(**simple_table("alpha"))
    db.list_tables()
    page = db.list_tables(Limit=2)
    db.list_tables(Limit=2, ExclusiveStartTableName=dig(page, "LastEvaluatedTableName", default="alpha"))
    db.update_table(TableName="users", ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 5})
    db.update_table(TableName="alpha", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    db.describe_table(TableName="alpha")
    db.describe_table(TableName="missing")
    db.delete_table(TableName="Zeta")
    db.describe_limits()
    db.describe_endpoints()
    db.create_table(**simple_table("bad", KeySchema=[{"AttributeName": "nope", "KeyType": "HASH"}]))


def items(aws):
    db = aws.client("dynamodb")
    aws.setup_client("dynamodb").create_table(**simple_table("things"))
    item = {
        "id": {"S": "t-1"},
        "price": {"N": "1.50"},
        "count": {"N": "0100"},
        "big": {"N": "1e3"},
        "negative": {"N": "-0.0"},
        "blob": {"B": b"\x00\x01binary"},
        "active": {"BOOL": True},
        "nothing": {"NULL": True},
        "parts": {"L": [{"S": "a"}, {"N": "2"}, {"M": {"nested": {"S": "yes"}}}]},
        "map": {"M": {"x": {"N": "1"}, "y": {"SS": ["b", "a"]}}},
        "words": {"SS": ["pear", "apple", "fig"]},
        "numbers": {"NS": ["10", "2", "3.50"]},
        "bytes": {"BS": [b"z", b"a"]},
    }
    db.put_item(TableName="things", Item=item)
    db.get_item(TableName="things", Key={"id": {"S": "t-1"}})
    db.get_item(TableName="things", Key={"id": {"S": "t-1"}}, ProjectionExpression="price, #m.x, parts[2]",
                ExpressionAttributeNames={"#m": "map"}, ConsistentRead=True)
    db.get_item(TableName="things", Key={"id": {"S": "missing"}})
    db.put_item(TableName="things", Item={"id": {"S": "t-1"}}, ConditionExpression="attribute_not_exists(id)")
    db.put_item(TableName="things", Item={"id": {"S": "t-2"}, "n": {"N": "1"}}, ReturnValues="ALL_OLD",
                ReturnConsumedCapacity="TOTAL")
    db.put_item(TableName="things", Item={"id": {"S": "t-2"}, "n": {"N": "2"}}, ReturnValues="ALL_OLD")
    db.update_item(TableName="things", Key={"id": {"S": "t-2"}},
                   UpdateExpression="SET n = n + :one, label = :l ADD tags :t REMOVE obsolete",
                   ExpressionAttributeValues={":one": {"N": "1"}, ":l": {"S": "two"}, ":t": {"SS": ["x", "a"]}},
                   ReturnValues="UPDATED_NEW")
    db.update_item(TableName="things", Key={"id": {"S": "t-2"}}, UpdateExpression="ADD n :big DELETE tags :x",
                   ExpressionAttributeValues={":big": {"N": "0.125"}, ":x": {"SS": ["x"]}}, ReturnValues="ALL_NEW")
    db.update_item(TableName="things", Key={"id": {"S": "t-2"}}, UpdateExpression="SET n = :zero",
                   ConditionExpression="n > :limit",
                   ExpressionAttributeValues={":zero": {"N": "0"}, ":limit": {"N": "100"}},
                   ReturnValuesOnConditionCheckFailure="ALL_OLD")
    db.update_item(TableName="things", Key={"id": {"S": "t-3"}}, UpdateExpression="SET created = :c",
                   ExpressionAttributeValues={":c": {"S": "now"}}, ReturnValues="ALL_NEW", ReturnConsumedCapacity="TOTAL")
    db.delete_item(TableName="things", Key={"id": {"S": "t-3"}}, ReturnValues="ALL_OLD")
    db.put_item(TableName="things", Item={"name": {"S": "no key"}})
    db.put_item(TableName="things", Item={"id": {"N": "1"}})
    db.get_item(TableName="missing", Key={"id": {"S": "t-1"}})
    db.update_item(TableName="things", Key={"id": {"S": "t-2"}}, UpdateExpression="SET #undefined = :v",
                   ExpressionAttributeValues={":v": {"S": "v"}})


def queries_and_scans(aws):
    fill_orders(aws)
    db = aws.client("dynamodb")
    key = "customer = :c"
    ada = {":c": {"S": "ada"}}
    db.query(TableName="orders", KeyConditionExpression=key, ExpressionAttributeValues=ada)
    db.query(TableName="orders", KeyConditionExpression=key + " AND #o BETWEEN :a AND :b",
             ExpressionAttributeNames={"#o": "order"},
             ExpressionAttributeValues={**ada, ":a": {"N": "2"}, ":b": {"N": "4"}}, ScanIndexForward=False)
    page = db.query(TableName="orders", KeyConditionExpression=key, ExpressionAttributeValues=ada, Limit=2)
    db.query(TableName="orders", KeyConditionExpression=key, ExpressionAttributeValues=ada, Limit=2,
             ExclusiveStartKey=dig(page, "LastEvaluatedKey", default={"customer": {"S": "ada"}, "order": {"N": "2"}}))
    db.query(TableName="orders", KeyConditionExpression=key, FilterExpression="#s = :s",
             ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={**ada, ":s": {"S": "open"}},
             ReturnConsumedCapacity="TOTAL")
    db.query(TableName="orders", KeyConditionExpression=key, ExpressionAttributeValues=ada, Select="COUNT")
    db.query(TableName="orders", IndexName="by-status", KeyConditionExpression="#s = :s",
             ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "shipped"}},
             ReturnConsumedCapacity="INDEXES")
    db.query(TableName="orders", IndexName="no-such-index", KeyConditionExpression=key, ExpressionAttributeValues=ada)
    db.query(TableName="orders", KeyConditionExpression="#t = :t", ExpressionAttributeNames={"#t": "total"},
             ExpressionAttributeValues={":t": {"N": "1"}})
    db.scan(TableName="orders", Select="COUNT")
    db.scan(TableName="orders", FilterExpression="#t > :t", ExpressionAttributeNames={"#t": "total"},
            ExpressionAttributeValues={":t": {"N": "20"}},
            Select="COUNT", ReturnConsumedCapacity="TOTAL")
    # Parallel scans: how items spread over segments is the implementation's hash, which
    # AWS does not specify, so only a single segment and an out-of-range one are compared.
    db.scan(TableName="orders", Segment=0, TotalSegments=1, Select="COUNT")
    db.scan(TableName="orders", Segment=2, TotalSegments=2)
    db.scan(TableName="orders", IndexName="no-such-index")


def batches_and_transactions(aws):
    fill_orders(aws)
    db = aws.client("dynamodb")
    db.batch_write_item(RequestItems={"orders": [
        {"PutRequest": {"Item": order("cy", 1, "open", "5")}},
        {"PutRequest": {"Item": order("cy", 2, "open", "6")}},
        {"DeleteRequest": {"Key": {"customer": {"S": "bob"}, "order": {"N": "1"}}}},
    ]}, ReturnConsumedCapacity="TOTAL")
    db.batch_get_item(RequestItems={"orders": {"Keys": [{"customer": {"S": "cy"}, "order": {"N": "2"}}],
                                               "ProjectionExpression": "#t", "ExpressionAttributeNames": {"#t": "total"}}})
    db.batch_get_item(RequestItems={"orders": {"Keys": [{"customer": {"S": "bob"}, "order": {"N": "1"}}]}})
    db.batch_get_item(RequestItems={"missing": {"Keys": [{"id": {"S": "x"}}]}})
    db.batch_write_item(RequestItems={"orders": [{"PutRequest": {"Item": {"customer": {"S": "no-sort-key"}}}}]})
    db.transact_write_items(TransactItems=[
        {"Put": {"TableName": "orders", "Item": order("dee", 1, "open", "9")}},
        {"Update": {"TableName": "orders", "Key": {"customer": {"S": "ada"}, "order": {"N": "1"}},
                    "UpdateExpression": "SET #s = :s", "ExpressionAttributeNames": {"#s": "status"},
                    "ExpressionAttributeValues": {":s": {"S": "returned"}}}},
        {"ConditionCheck": {"TableName": "orders", "Key": {"customer": {"S": "ada"}, "order": {"N": "2"}},
                            "ConditionExpression": "attribute_exists(customer)"}},
        {"Delete": {"TableName": "orders", "Key": {"customer": {"S": "ada"}, "order": {"N": "5"}}}},
    ], ClientRequestToken="tx-1")
    db.transact_get_items(TransactItems=[
        {"Get": {"TableName": "orders", "Key": {"customer": {"S": "ada"}, "order": {"N": "1"}}}},
        {"Get": {"TableName": "orders", "Key": {"customer": {"S": "ada"}, "order": {"N": "5"}}}},
        {"Get": {"TableName": "orders", "Key": {"customer": {"S": "dee"}, "order": {"N": "1"}}, "ProjectionExpression": "#t",
                 "ExpressionAttributeNames": {"#t": "total"}}},
    ])
    db.transact_write_items(TransactItems=[
        {"Put": {"TableName": "orders", "Item": order("eve", 1, "open", "1")}},
        {"ConditionCheck": {"TableName": "orders", "Key": {"customer": {"S": "ada"}, "order": {"N": "99"}},
                            "ConditionExpression": "attribute_exists(customer)"}},
    ])
    db.get_item(TableName="orders", Key={"customer": {"S": "eve"}, "order": {"N": "1"}})
    db.transact_write_items(TransactItems=[
        {"Put": {"TableName": "orders", "Item": order("fay", 1, "open", "1")}},
        {"Delete": {"TableName": "orders", "Key": {"customer": {"S": "fay"}, "order": {"N": "1"}}}},
    ])


def partiql(aws):
    aws.setup_client("dynamodb").create_table(**simple_table("notes"))
    db = aws.client("dynamodb")
    db.execute_statement(Statement="INSERT INTO notes VALUE {'id': 'n-1', 'body': 'first', 'score': 1}")
    db.execute_statement(Statement="SELECT * FROM notes WHERE id = ?", Parameters=[{"S": "n-1"}])
    db.execute_statement(Statement="UPDATE notes SET body = 'edited' WHERE id = 'n-1'")
    db.batch_execute_statement(Statements=[
        {"Statement": "INSERT INTO notes VALUE {'id': 'n-2', 'body': 'second'}"},
        {"Statement": "INSERT INTO notes VALUE {'id': 'n-3', 'body': 'third'}"},
    ])
    db.batch_execute_statement(Statements=[
        {"Statement": "SELECT body FROM notes WHERE id = 'n-1'"},
        {"Statement": "SELECT body FROM notes WHERE id = 'n-9'"},
    ])
    db.execute_transaction(TransactStatements=[
        {"Statement": "UPDATE notes SET body = 'final' WHERE id = 'n-1'"},
        {"Statement": "DELETE FROM notes WHERE id = 'n-2'"},
    ])
    db.execute_statement(Statement="SELECT id, body, score FROM notes WHERE id = 'n-1'")
    db.execute_statement(Statement="SELEKT * FROM notes")
    db.execute_statement(Statement="SELECT * FROM absent_table WHERE id = 'x'")
    # Last: requests one side may refuse and the other may carry out.
    db.execute_statement(Statement="INSERT INTO notes VALUE {'id': 'n-1', 'body': 'again'}")
    db.batch_execute_statement(Statements=[
        {"Statement": "INSERT INTO notes VALUE {'id': 'n-4', 'body': 'fourth'}"},
        {"Statement": "SELECT body FROM notes WHERE id = 'n-1'"},
    ])


def settings_tags_and_backups(aws):
    db = aws.client("dynamodb")
    arn = dig(db.create_table(**simple_table("ledger")), "TableDescription", "TableArn",
              default="arn:aws:dynamodb:us-east-1:123456789012:table/ledger")
    db.describe_time_to_live(TableName="ledger")
    db.update_time_to_live(TableName="ledger", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    db.describe_time_to_live(TableName="ledger")
    db.update_time_to_live(TableName="ledger", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    db.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}, {"Key": "owner", "Value": "ops"}])
    db.list_tags_of_resource(ResourceArn=arn)
    db.untag_resource(ResourceArn=arn, TagKeys=["env"])
    db.list_tags_of_resource(ResourceArn=arn)
    missing = "arn:aws:dynamodb:us-east-1:123456789012:table/missing"
    db.list_tags_of_resource(ResourceArn=missing)
    db.tag_resource(ResourceArn=missing, Tags=[{"Key": "k", "Value": "v"}])
    db.describe_continuous_backups(TableName="ledger")
    db.update_continuous_backups(TableName="ledger", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    db.describe_continuous_backups(TableName="ledger")
    db.describe_continuous_backups(TableName="missing")
    backup = dig(db.create_backup(TableName="ledger", BackupName="nightly"), "BackupDetails", "BackupArn",
                 default=arn + "/backup/01234567890123-abcdef12")
    db.list_backups(TableName="ledger")
    db.describe_backup(BackupArn=backup)
    db.delete_backup(BackupArn=backup)
    db.describe_backup(BackupArn=backup)
    db.create_backup(TableName="missing", BackupName="nope")


SCENARIOS = [
    tables,
    items,
    queries_and_scans,
    batches_and_transactions,
    partiql,
    settings_tags_and_backups,
]
