//! Timestream Write's state.

/// Timestream Write's resources in one backend.
#[derive(Debug, Default)]
pub struct TimestreamWriteState {}

impl TimestreamWriteState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
