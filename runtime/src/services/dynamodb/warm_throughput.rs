//! Warm throughput: the reads and writes per second a table or global secondary index
//! can serve at once. A new on-demand table or index starts at 12,000 reads and 4,000
//! writes, a provisioned one at its provisioned capacity; the value only ever rises, with
//! more capacity or a pre-warming request, never falls.

use serde_json::{Value, json};

/// Reads and writes per second.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Units {
    pub(super) read: u64,
    pub(super) write: u64,
}

/// Where a new on-demand table or index starts.
pub(super) const ON_DEMAND: Units = Units {
    read: 12_000,
    write: 4_000,
};

impl Units {
    /// The larger of each.
    fn max(self, other: Units) -> Units {
        Units {
            read: self.read.max(other.read),
            write: self.write.max(other.write),
        }
    }

    /// `{"ReadUnitsPerSecond": .., "WriteUnitsPerSecond": ..}` as a request gives it.
    pub(super) fn requested(value: Option<&Value>) -> Option<Units> {
        let value = value?;
        let read = value.get("ReadUnitsPerSecond").and_then(Value::as_u64);
        let write = value.get("WriteUnitsPerSecond").and_then(Value::as_u64);
        (read.is_some() || write.is_some()).then(|| Units {
            read: read.unwrap_or_default(),
            write: write.unwrap_or_default(),
        })
    }

    /// What a description's capacity starts a table or index at: on-demand, or its
    /// `ProvisionedThroughput`.
    pub(super) fn base(on_demand: bool, description: &serde_json::Map<String, Value>) -> Units {
        if on_demand {
            return ON_DEMAND;
        }
        let provisioned = description.get("ProvisionedThroughput");
        let units = |name| {
            provisioned
                .and_then(|throughput| throughput.get(name))
                .and_then(Value::as_u64)
                .unwrap_or_default()
        };
        Units {
            read: units("ReadCapacityUnits"),
            write: units("WriteCapacityUnits"),
        }
    }
}

/// The warm throughput a table or index has reached.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct WarmThroughput {
    reached: Units,
}

impl WarmThroughput {
    /// Raises the reached value to `units` where they are higher.
    pub(super) fn raise(&mut self, units: Units) {
        self.reached = self.reached.max(units);
    }

    /// The `WarmThroughput` member of a description: `UPDATING` in the answer to the
    /// request that asked for more, `ACTIVE` otherwise.
    pub(super) fn describe(&self, updating: bool) -> Value {
        json!({
            "ReadUnitsPerSecond": self.reached.read,
            "WriteUnitsPerSecond": self.reached.write,
            "Status": if updating { "UPDATING" } else { "ACTIVE" },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provisioned(read: u64, write: u64) -> serde_json::Map<String, Value> {
        let value = json!({"ProvisionedThroughput": {"ReadCapacityUnits": read, "WriteCapacityUnits": write}});
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn starts_at_the_capacity_mode_and_never_falls() {
        let mut warm = WarmThroughput::default();
        warm.raise(Units::base(false, &provisioned(5, 5)));
        assert_eq!(
            warm.describe(false),
            json!({"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5, "Status": "ACTIVE"})
        );
        warm.raise(Units::base(false, &provisioned(10, 2)));
        warm.raise(Units::base(false, &provisioned(3, 3)));
        assert_eq!(warm.describe(false)["ReadUnitsPerSecond"], 10);
        assert_eq!(warm.describe(false)["WriteUnitsPerSecond"], 5);
        warm.raise(Units::base(true, &provisioned(0, 0)));
        assert_eq!(warm.reached, ON_DEMAND);
    }

    #[test]
    fn a_request_raises_it_and_reads_as_updating() {
        let mut warm = WarmThroughput::default();
        warm.raise(ON_DEMAND);
        let asked = Units::requested(Some(
            &json!({"ReadUnitsPerSecond": 15_000, "WriteUnitsPerSecond": 5_000}),
        ));
        assert_eq!(
            asked,
            Some(Units {
                read: 15_000,
                write: 5_000
            })
        );
        warm.raise(asked.unwrap());
        assert_eq!(warm.describe(true)["Status"], "UPDATING");
        assert_eq!(warm.describe(true)["ReadUnitsPerSecond"], 15_000);
        assert_eq!(Units::requested(Some(&json!({}))), None);
        assert_eq!(Units::requested(None), None);
    }
}
