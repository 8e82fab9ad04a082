//! API Gateway's identifiers: 10 lowercase letters and digits for every resource (APIs,
//! resources, deployments, authorizers, API keys, usage plans), as Moto draws them;
//! 40-character API key values.

use crate::random::MockRandom;

/// A new resource id (`a1b2c3d4e5`).
pub(super) fn resource_id(random: &MockRandom) -> String {
    random.get_random_string(10, true, true)
}

/// A new API key value: 40 letters and digits.
pub(super) fn api_key_value(random: &MockRandom) -> String {
    random.get_random_string(40, true, false)
}
