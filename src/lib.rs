//! # moto-recorded
//!
//! Deterministic, shareable AWS test state for Rust, in the format of
//! [Moto](https://docs.getmoto.org)'s recorder.
//!
//! Moto's recorder logs every request that reaches its AWS mock; the log can be
//! downloaded, uploaded elsewhere and replayed to rebuild the same state, and seeding
//! Moto's RNG makes the replayed resources get the same ids. moto-recorded brings that to
//! `cargo test`: fixtures are Moto recorder files, written canonically so that
//! re-recording an unchanged setup gives a byte-identical file with no secrets in it.
//!
//! ```
//! use moto_recorded::{Moto, moto_recorded};
//!
//! async fn create_orders(moto: &Moto) {
//!     let s3 = aws_sdk_s3::Client::from_conf(
//!         aws_sdk_s3::config::Builder::from(&moto.sdk_config())
//!             .force_path_style(true)
//!             .build(),
//!     );
//!     s3.create_bucket().bucket("orders").send().await.unwrap();
//! }
//!
//! #[moto_recorded(seed = 42, fixture = "tests/fixtures/orders.jsonl", setup = create_orders)]
//! #[tokio::test]
//! async fn lists_orders(moto: &Moto) {
//!     // A fresh, isolated backend, seeded with 42, with the fixture replayed into it.
//! }
//! ```
//!
//! The [`moto_recorded`] attribute runs each test against its own fresh backend:
//!
//! | situation | what happens |
//! |---|---|
//! | no `fixture` | a fresh backend seeded with the seed |
//! | the fixture exists | replay: the fixture is replayed into a fresh seeded backend (every entry checked), then the body runs |
//! | `MOTO_ENABLE_RECORDING=1`, with `setup` | record: `setup` runs with recording on; the recording is checked by replaying it into the fresh backend the body then runs against, and written atomically once the body has passed |
//! | `MOTO_ENABLE_RECORDING=1`, without `setup` | the fixture is replayed as it is: a fixture is recorded from a `setup` only |
//! | the fixture is missing | recorded from `setup` on a developer machine; on CI (`CI` set), or without `setup`, the test fails, saying how to make it |
//!
//! Arguments: `seed` (default: a stable hash of the fixture path, or of the test's
//! name), `fixture` (relative to the crate), `setup` (a sync or async fn taking
//! [`&Moto`](Moto)), `clock` (an RFC 3339 instant starting a virtual clock),
//! `record_reads` (`true` keeps requests that change nothing in a recording; by default
//! they are left out). `MOTO_RECORDED_UPDATE=new` re-records into `<fixture>.new` files
//! for `moto-recorded review` (the `moto-recorded-cli` package). The test
//! gets a [`Moto`]: its endpoint, [`sdk_config`](Moto::sdk_config), seed, a seeded
//! [`rng`](Moto::rng), the [`recorder`](Moto::recorder), the clock, and
//! [`lambda`](Moto::lambda), which registers a Rust closure as a Lambda function's code
//! (Invoke runs it in process, with a [`LambdaContext`]; it fails with a
//! [`LambdaError`]). The README has the details, recipes per service and how to share
//! fixtures across a team.
//!
//! The parts, for use on their own:
//!
//! - [`recording`]: read any file Moto's recorder writes (file:line errors for
//!   malformed ones) and write canonical fixtures;
//! - [`recorder`]: Moto's recorder semantics (start, stop, reset, download, upload) and
//!   checked replay into any [`ReplayTarget`](recorder::ReplayTarget); with
//!   [`mock_random`] and [`process`], the process-wide functions of Moto's decorator
//!   mode;
//! - [`backend`] and [`server`]: isolated in-process backends served on loopback, with
//!   Moto's `/moto-api/` control plane ([`moto_api`]); `moto-server` is one of them;
//! - [`random`]: [`MockRandom`](random::MockRandom), seeded ids in AWS's shapes, and
//!   [`rand_chacha`], the generator [`Moto::rng`] returns;
//! - [`clock`]: wall or virtual time;
//! - [`config`]: the environment variables;
//! - `aws` (feature `aws`): an AWS SDK configuration for any endpoint.
//!
//! ```
//! use moto_recorded::random::MockRandom;
//! use moto_recorded::recording::{Entry, Recording};
//!
//! // The same seed gives the same ids on every machine.
//! assert_eq!(MockRandom::seeded(42).instance_id(), "i-e0fea209dfd5ae07c");
//!
//! // A fixture starts with Moto's seed request, so stock Moto replays it with the seed.
//! let fixture = Recording::with_seed(42, Vec::<Entry>::new());
//! assert_eq!(
//!     fixture.to_jsonl(),
//!     "{\"headers\": {}, \"method\": \"POST\", \"url\": \"http://localhost:5000/moto-api/seed?a=42\", \
//!      \"body\": \"\", \"body_encoded\": false, \"status\": 200}\n"
//! );
//! assert_eq!(fixture.seed(), Some(42));
//! ```

pub use moto_recorded_macros::moto_recorded;
#[cfg(feature = "aws")]
pub use moto_recorded_runtime::aws;
pub use moto_recorded_runtime::harness::{
    BackendKind, HarnessError, Mode, Moto, MotoError, MotoRecorder,
};
pub use moto_recorded_runtime::services::lambda::{
    LambdaContext, LambdaError, LambdaHandler, LambdaResult,
};
pub use moto_recorded_runtime::{
    backend, clock, config, moto_api, process, rand_chacha, random, recording, server,
};

/// What the attribute's generated code calls; not a public API. The harness behind it is
/// reached only through the attribute, and what a test sees of it is [`Moto`].
#[doc(hidden)]
pub mod __private {
    pub use moto_recorded_runtime::harness::{
        Options, Setup, SetupByFuture, SetupByValue, SetupFn, run, run_async,
    };
}

/// Moto's recorder: the recorder type and checked replay, and the process-wide
/// recorder functions of Moto's decorator mode (`recorder.start_recording()`, ...).
pub mod recorder {
    pub use moto_recorded_runtime::process::{
        download_recording, replay_recording, reset_recording, start_recording, stop_recording,
        upload_recording,
    };
    pub use moto_recorded_runtime::recorder::*;
}

/// Moto's `mock_random`: `seed(n)` seeds the process-wide backend.
pub mod mock_random {
    pub use moto_recorded_runtime::process::seed;
}

/// The README's Rust examples, compiled as doctests so they cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
