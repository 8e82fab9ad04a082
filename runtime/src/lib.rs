//! The runtime of [moto-recorded](https://crates.io/crates/moto-recorded): everything the
//! `#[moto_recorded]` attribute and the `moto-recorded` facade do happens here.
//!
//! - [`config`]: the environment variables, parsed strictly, read once;
//! - [`random`]: [`MockRandom`](random::MockRandom), the seeded source of every id;
//! - [`clock`]: the backend clock, wall or virtual;
//! - [`recording`]: the fixture format (Moto's recorder file) and its canonical form;
//! - [`recorder`]: Moto's recorder semantics and checked replay;
//! - [`models`]: AWS's service models of the emulated services, as generated tables;
//! - [`protocol`]: the protocol engine, and AWS wire helpers shared by everything that reads requests;
//! - [`backend`]: one isolated emulated AWS and its request flow;
//! - [`moto_api`]: Moto's `/moto-api/` control plane;
//! - [`services`]: routing to the emulated services;
//! - [`server`]: a backend served over HTTP on loopback;
//! - [`process`]: the process-wide default backend (Moto's "decorator mode");
//! - [`harness`]: what `#[moto_recorded]` runs: modes, fixtures, the test's [`Moto`](harness::Moto).

#[cfg(feature = "aws")]
pub mod aws;
pub mod backend;
pub mod clock;
pub mod config;
pub mod harness;
pub mod models;
pub mod moto_api;
pub mod process;
pub mod protocol;
pub mod random;
pub mod recorder;
pub mod recording;
pub mod server;
pub mod services;

/// The ChaCha20 generator of [`Moto::rng`](harness::Moto::rng), and its `rand_core` traits.
pub use rand_chacha;

/// What `#[moto_recorded]` registers each test with a setup in (see
/// [`harness::SETUP_FIXTURES`]).
#[doc(hidden)]
pub use linkme;
