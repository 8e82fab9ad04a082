//! DynamoDB's tables in the state view: each table as dynoxide describes it (key schema,
//! attribute definitions, item count, size, indexes), with the ARN, id and times
//! DescribeTable answers.
//!
//! The view reads dynoxide directly rather than through DescribeTable, whose answer also
//! records what it reported (warm throughput, billing history): looking must not.

use serde_json::{Value, json};

use super::description::for_each_date_time;
use super::handlers;
use super::model::{DYNOXIDE_ARN_SCOPE, DynamoDbState};
use crate::services::ACCOUNT_ID;
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every region's tables, in name order.
pub(crate) fn view(state: &DynamoDbState, _reader: &StateReader<'_>) -> Kinds {
    let mut tables = Vec::new();
    for (region, region_tables) in state.regions() {
        let database = &region_tables.database;
        let mut names = Vec::new();
        let mut request = json!({});
        while let Some(Ok(answer)) =
            handlers::call(database, "ListTables", request.to_string().as_bytes())
        {
            if let Some(Value::Array(page)) = answer.get("TableNames") {
                names.extend(page.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            match answer.get("LastEvaluatedTableName") {
                Some(last) => request = json!({"ExclusiveStartTableName": last}),
                None => break,
            }
        }
        let scope = format!(":{region}:{ACCOUNT_ID}:");
        for name in names {
            let described = handlers::call(
                database,
                "DescribeTable",
                json!({"TableName": name}).to_string().as_bytes(),
            );
            let Some(Ok(Value::Object(mut answer))) = described else {
                continue;
            };
            let Some(table) = answer.remove("Table") else {
                continue;
            };
            let text = table.to_string().replace(DYNOXIDE_ARN_SCOPE, &scope);
            let Ok(Value::Object(mut table)) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            if let Some(identity) = region_tables.identities().get(&name) {
                table.insert("TableId".to_owned(), json!(identity.id));
                // Times already reported are shown as reported; nothing new is mapped.
                for_each_date_time(&mut table, &mut |reported| {
                    identity
                        .times
                        .iter()
                        .find(|(theirs, _)| *theirs == reported)
                        .map_or(reported, |(_, ours)| *ours)
                });
            }
            let mut table = Value::Object(table);
            table.sort_all_objects();
            tables.push(with_region(table, &region));
        }
    }
    let mut kinds = Kinds::new();
    insert(&mut kinds, "Table", tables);
    kinds
}
