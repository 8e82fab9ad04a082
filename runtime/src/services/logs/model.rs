//! CloudWatch Logs's state.

/// CloudWatch Logs's resources in one backend.
#[derive(Debug, Default)]
pub struct LogsState {}

impl LogsState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
