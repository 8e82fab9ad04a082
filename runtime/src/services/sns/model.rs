//! SNS's state.

/// SNS's resources in one backend.
#[derive(Debug, Default)]
pub struct SnsState {}

impl SnsState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
