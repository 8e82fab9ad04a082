//! CloudWatch Logs's resources in the state view.

use super::LogsState;
use crate::services::view::{Kinds, StateReader};

/// CloudWatch Logs's resources, by kind (none are kept yet).
pub(crate) fn view(_state: &LogsState, _reader: &StateReader<'_>) -> Kinds {
    Kinds::new()
}
