//! EventBridge's resources in the state view.

use super::EventsState;
use crate::services::view::{Kinds, StateReader};

/// EventBridge's resources, by kind (none are kept yet).
pub(crate) fn view(_state: &EventsState, _reader: &StateReader<'_>) -> Kinds {
    Kinds::new()
}
