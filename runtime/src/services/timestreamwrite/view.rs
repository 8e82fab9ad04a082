//! Timestream Write's databases and tables in the state view, as ListDatabases and
//! ListTables answer them, under the kinds Moto's `/moto-api/data.json` uses.

use serde_json::json;

use super::{SERVICE, TimestreamWriteState};
use crate::services::view::{Kinds, StateReader, insert, with_region};

/// Every region's databases and tables.
pub(crate) fn view(state: &TimestreamWriteState, reader: &StateReader<'_>) -> Kinds {
    let regions = state.regions();
    let every = |operation: &str, member: &str| {
        regions
            .iter()
            .flat_map(|region| {
                let input = json!({"MaxResults": 20});
                let paging = ("NextToken", "NextToken");
                reader
                    .every(&SERVICE, state, region, operation, input, member, paging)
                    .into_iter()
                    .map(|item| with_region(item, region))
            })
            .collect()
    };
    let mut kinds = Kinds::new();
    insert(
        &mut kinds,
        "TimestreamDatabase",
        every("ListDatabases", "Databases"),
    );
    insert(&mut kinds, "TimestreamTable", every("ListTables", "Tables"));
    kinds
}
