//! EventBridge's state.

/// EventBridge's resources in one backend.
#[derive(Debug, Default)]
pub struct EventsState {}

impl EventsState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
