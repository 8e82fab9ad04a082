//! Timestream Write's resources in the state view.

use super::TimestreamWriteState;
use crate::services::view::{Kinds, StateReader};

/// Timestream Write's resources, by kind (none are kept yet).
pub(crate) fn view(_state: &TimestreamWriteState, _reader: &StateReader<'_>) -> Kinds {
    Kinds::new()
}
