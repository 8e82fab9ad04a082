//! IAM's state.

/// IAM's resources in one backend.
#[derive(Debug, Default)]
pub struct IamState {}

impl IamState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
