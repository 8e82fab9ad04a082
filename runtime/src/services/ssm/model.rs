//! SSM's state.

/// SSM's resources in one backend.
#[derive(Debug, Default)]
pub struct SsmState {}

impl SsmState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
