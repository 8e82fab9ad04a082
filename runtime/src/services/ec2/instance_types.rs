//! The instance type catalogue: Moto 5.2.5's data (`instance_types.json`) for the common
//! families (t1-t4g, m1, m4-m7, c4-c7, r4-r7, i3, g4dn), each type an `InstanceTypeInfo`
//! in the model's member names.
//!
//! The data file holds one row per type in `columns` order (`null` where a type has no such
//! member); a structure-valued member is a number naming its entry in `shared`, since many
//! types have the same network, EBS or processor information.

use std::sync::OnceLock;

use serde_json::{Map, Value};

const DATA: &str = include_str!("instance_types.json");

/// Every catalogued type, in the data's order (by name).
pub(super) fn catalogue() -> &'static [Value] {
    static TYPES: OnceLock<Vec<Value>> = OnceLock::new();
    TYPES.get_or_init(|| expand(DATA))
}

/// The type named `name`.
pub(super) fn find(name: &str) -> Option<&'static Value> {
    catalogue()
        .iter()
        .find(|info| info.get("InstanceType").and_then(Value::as_str) == Some(name))
}

/// The types of the data file, with every shared member filled in.
fn expand(data: &str) -> Vec<Value> {
    let Ok(document) = serde_json::from_str::<Value>(data) else {
        return Vec::new();
    };
    let columns: Vec<&str> = document
        .get("columns")
        .and_then(Value::as_array)
        .map(|columns| columns.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let shared = document.get("shared");
    let rows = document
        .get("rows")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    rows.iter()
        .filter_map(Value::as_array)
        .map(|row| {
            let mut info = Map::new();
            for (column, value) in columns.iter().zip(row) {
                let value = match (shared.and_then(|shared| shared.get(column)), value) {
                    (Some(table), Value::Number(index)) => index
                        .as_u64()
                        .and_then(|index| table.get(usize::try_from(index).ok()?))
                        .cloned()
                        .unwrap_or(Value::Null),
                    _ => value.clone(),
                };
                if !value.is_null() {
                    info.insert((*column).to_owned(), value);
                }
            }
            Value::Object(info)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_moto_s_values_for_the_common_types() {
        assert!(catalogue().len() > 200, "{}", catalogue().len());
        let micro = find("t3.micro").unwrap();
        assert_eq!(micro["MemoryInfo"]["SizeInMiB"], 1024);
        assert_eq!(micro["VCpuInfo"]["DefaultVCpus"], 2);
        assert_eq!(micro["FreeTierEligible"], true);
        assert_eq!(micro["NetworkInfo"]["MaximumNetworkInterfaces"], 2);
        assert_eq!(find("m1.small").unwrap()["Hypervisor"], "xen");
        assert!(find("t3.gigantic").is_none());
        assert!(
            catalogue()
                .iter()
                .all(|info| info.as_object().unwrap().values().all(|v| !v.is_null()))
        );
    }
}
