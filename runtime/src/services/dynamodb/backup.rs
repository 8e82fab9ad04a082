//! An on-demand backup: its ARN, name and time, and what it recorded of its table when it
//! was taken, with the shapes DynamoDB describes it in.

use serde_json::{Map, Value, json};

/// A backup's state as DynamoDB reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BackupStatus {
    /// In the answer to CreateBackup: the backup is taken asynchronously.
    Creating,
    Available,
    /// In the answer to DeleteBackup.
    Deleted,
}

impl BackupStatus {
    fn as_str(self) -> &'static str {
        match self {
            BackupStatus::Creating => "CREATING",
            BackupStatus::Available => "AVAILABLE",
            BackupStatus::Deleted => "DELETED",
        }
    }
}

/// One backup, as taken.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Backup {
    pub(super) arn: String,
    pub(super) name: String,
    /// When it was requested (epoch seconds, backend clock).
    pub(super) created: f64,
    pub(super) table: SourceTable,
}

/// What a backup recorded of its table.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SourceTable {
    pub(super) name: String,
    pub(super) arn: String,
    /// `SourceTableDetails`.
    details: Map<String, Value>,
    /// `SourceTableFeatureDetails`.
    features: Map<String, Value>,
}

/// `<table ARN>/backup/<epoch milliseconds, 14 digits>-<8 hex digits>`, as DynamoDB
/// names backups.
pub(super) fn backup_arn(table_arn: &str, created: f64, suffix: &str) -> String {
    let millis = (created * 1000.0).round() as u64;
    format!("{table_arn}/backup/{millis:014}-{suffix}")
}

impl SourceTable {
    /// What a backup records of the table `description` describes (a DescribeTable
    /// answer's `Table`, ARN `arn`) and of its time to live (`TimeToLiveDescription`).
    pub(super) fn record(
        arn: &str,
        description: &Map<String, Value>,
        time_to_live: Option<&Value>,
    ) -> SourceTable {
        let member = |name: &str| description.get(name).cloned().unwrap_or(Value::Null);
        let name = description
            .get("TableName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let billing_mode = description
            .get("BillingModeSummary")
            .and_then(|summary| summary.get("BillingMode"))
            .and_then(Value::as_str)
            .unwrap_or("PROVISIONED");
        let mut details = Map::new();
        details.insert("TableName".to_owned(), json!(name));
        details.insert("TableId".to_owned(), member("TableId"));
        details.insert("TableArn".to_owned(), json!(arn));
        details.insert("TableSizeBytes".to_owned(), member("TableSizeBytes"));
        details.insert("KeySchema".to_owned(), member("KeySchema"));
        details.insert(
            "TableCreationDateTime".to_owned(),
            member("CreationDateTime"),
        );
        details.insert(
            "ProvisionedThroughput".to_owned(),
            capacity(description.get("ProvisionedThroughput")),
        );
        details.insert("ItemCount".to_owned(), member("ItemCount"));
        details.insert("BillingMode".to_owned(), json!(billing_mode));
        if let Some(on_demand) = description.get("OnDemandThroughput") {
            details.insert("OnDemandThroughput".to_owned(), on_demand.clone());
        }
        SourceTable {
            name,
            arn: arn.to_owned(),
            details,
            features: features(description, time_to_live),
        }
    }

    /// The table's size when the backup was taken.
    fn size_bytes(&self) -> Value {
        self.details
            .get("TableSizeBytes")
            .cloned()
            .unwrap_or(json!(0))
    }

    fn id(&self) -> Value {
        self.details.get("TableId").cloned().unwrap_or(Value::Null)
    }
}

/// `ReadCapacityUnits` and `WriteCapacityUnits` of a `ProvisionedThroughput`.
fn capacity(throughput: Option<&Value>) -> Value {
    let units = |name| {
        throughput
            .and_then(|throughput| throughput.get(name))
            .cloned()
            .unwrap_or(json!(0))
    };
    json!({
        "ReadCapacityUnits": units("ReadCapacityUnits"),
        "WriteCapacityUnits": units("WriteCapacityUnits"),
    })
}

/// `SourceTableFeatureDetails`: the indexes, stream, time to live and encryption the
/// table had (an empty object when it had none).
fn features(description: &Map<String, Value>, time_to_live: Option<&Value>) -> Map<String, Value> {
    let mut features = Map::new();
    let indexes = |name: &str, with_throughput: bool| -> Option<Value> {
        let listed = description.get(name)?.as_array()?;
        let infos: Vec<Value> = listed
            .iter()
            .map(|index| {
                let mut info = Map::new();
                for member in ["IndexName", "KeySchema", "Projection", "OnDemandThroughput"] {
                    if let Some(value) = index.get(member) {
                        info.insert(member.to_owned(), value.clone());
                    }
                }
                if with_throughput {
                    info.insert(
                        "ProvisionedThroughput".to_owned(),
                        capacity(index.get("ProvisionedThroughput")),
                    );
                }
                Value::Object(info)
            })
            .collect();
        (!infos.is_empty()).then_some(Value::Array(infos))
    };
    if let Some(local) = indexes("LocalSecondaryIndexes", false) {
        features.insert("LocalSecondaryIndexes".to_owned(), local);
    }
    if let Some(global) = indexes("GlobalSecondaryIndexes", true) {
        features.insert("GlobalSecondaryIndexes".to_owned(), global);
    }
    if let Some(stream) = description
        .get("StreamSpecification")
        .filter(|stream| stream.get("StreamEnabled") == Some(&Value::Bool(true)))
    {
        features.insert("StreamDescription".to_owned(), stream.clone());
    }
    if let Some(time_to_live) = time_to_live
        .filter(|ttl| ttl.get("TimeToLiveStatus").and_then(Value::as_str) == Some("ENABLED"))
    {
        features.insert("TimeToLiveDescription".to_owned(), time_to_live.clone());
    }
    if let Some(encryption) = description.get("SSEDescription") {
        features.insert("SSEDescription".to_owned(), encryption.clone());
    }
    features
}

impl Backup {
    /// `BackupDetails`.
    pub(super) fn details(&self, status: BackupStatus) -> Value {
        json!({
            "BackupArn": self.arn,
            "BackupName": self.name,
            "BackupSizeBytes": self.table.size_bytes(),
            "BackupStatus": status.as_str(),
            "BackupType": "USER",
            "BackupCreationDateTime": self.created,
        })
    }

    /// `BackupDescription`: the details, the table's and its features.
    pub(super) fn description(&self, status: BackupStatus) -> Value {
        json!({
            "BackupDetails": self.details(status),
            "SourceTableDetails": self.table.details,
            "SourceTableFeatureDetails": self.table.features,
        })
    }

    /// A `BackupSummaries` entry of ListBackups.
    pub(super) fn summary(&self) -> Value {
        json!({
            "TableName": self.table.name,
            "TableId": self.table.id(),
            "TableArn": self.table.arn,
            "BackupArn": self.arn,
            "BackupName": self.name,
            "BackupCreationDateTime": self.created,
            "BackupStatus": BackupStatus::Available.as_str(),
            "BackupType": "USER",
            "BackupSizeBytes": self.table.size_bytes(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/ledger";

    fn ledger() -> Map<String, Value> {
        json!({
            "TableName": "ledger",
            "TableId": "0b8d3c2e-0000-4000-8000-000000000000",
            "TableArn": ARN,
            "TableSizeBytes": 120,
            "ItemCount": 2,
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "CreationDateTime": 1_704_067_200.0,
            "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
            "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
            "GlobalSecondaryIndexes": [{
                "IndexName": "by-kind", "IndexArn": "x", "IndexStatus": "ACTIVE",
                "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
            }],
        })
        .as_object()
        .cloned()
        .unwrap()
    }

    #[test]
    fn arns_carry_the_time_in_milliseconds_and_a_suffix() {
        assert_eq!(
            backup_arn(ARN, 1_576_616_366.715, "b4e58d3a"),
            format!("{ARN}/backup/01576616366715-b4e58d3a")
        );
    }

    #[test]
    fn records_the_table_as_aws_describes_its_source() {
        let ttl = json!({"AttributeName": "expires", "TimeToLiveStatus": "ENABLED"});
        let backup = Backup {
            arn: backup_arn(ARN, 1_704_067_260.0, "0000abcd"),
            name: "nightly".to_owned(),
            created: 1_704_067_260.0,
            table: SourceTable::record(ARN, &ledger(), Some(&ttl)),
        };
        let described = backup.description(BackupStatus::Available);
        assert_eq!(
            described["SourceTableDetails"],
            json!({
                "TableName": "ledger",
                "TableId": "0b8d3c2e-0000-4000-8000-000000000000",
                "TableArn": ARN,
                "TableSizeBytes": 120,
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "TableCreationDateTime": 1_704_067_200.0,
                "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
                "ItemCount": 2,
                "BillingMode": "PAY_PER_REQUEST",
            })
        );
        assert_eq!(
            described["SourceTableFeatureDetails"],
            json!({
                "GlobalSecondaryIndexes": [{
                    "IndexName": "by-kind",
                    "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                    "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
                }],
                "TimeToLiveDescription": ttl,
            })
        );
        assert_eq!(described["BackupDetails"]["BackupSizeBytes"], 120);
        assert_eq!(described["BackupDetails"]["BackupStatus"], "AVAILABLE");
        assert_eq!(
            backup.details(BackupStatus::Creating)["BackupStatus"],
            "CREATING"
        );
        assert_eq!(backup.summary()["TableId"], ledger()["TableId"]);
    }

    #[test]
    fn a_table_without_features_records_an_empty_object() {
        let mut plain = ledger();
        plain.remove("GlobalSecondaryIndexes");
        let disabled = json!({"TimeToLiveStatus": "DISABLED"});
        let table = SourceTable::record(ARN, &plain, Some(&disabled));
        assert_eq!(table.features, Map::new());
    }
}
