//! KMS's state.

/// KMS's resources in one backend.
#[derive(Debug, Default)]
pub struct KmsState {}

impl KmsState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
