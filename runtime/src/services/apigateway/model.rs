//! API Gateway's state.

/// API Gateway's resources in one backend.
#[derive(Debug, Default)]
pub struct ApiGatewayState {}

impl ApiGatewayState {
    /// Forgets every resource.
    pub fn reset(&self) {}
}
