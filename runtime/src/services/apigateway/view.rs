//! API Gateway's resources in the state view.

use super::ApiGatewayState;
use crate::services::view::{Kinds, StateReader};

/// API Gateway's resources, by kind (none are kept yet).
pub(crate) fn view(_state: &ApiGatewayState, _reader: &StateReader<'_>) -> Kinds {
    Kinds::new()
}
