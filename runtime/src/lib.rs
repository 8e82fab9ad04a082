//! The runtime of [moto-recorded](https://crates.io/crates/moto-recorded): everything the
//! `#[moto_recorded]` attribute and the `moto-recorded` facade do happens here.
//!
//! - [`config`]: the environment variables, parsed strictly, read once;
//! - [`random`]: [`MockRandom`](random::MockRandom), the seeded source of every id;
//! - [`clock`]: the backend clock, wall or virtual;
//! - [`recording`]: the fixture format (Moto's recorder file) and its canonical form;
//! - [`recorder`]: Moto's recorder semantics and checked replay;
//! - [`protocol`]: AWS wire helpers shared by everything that reads requests.

pub mod clock;
pub mod config;
pub mod protocol;
pub mod random;
pub mod recorder;
pub mod recording;
