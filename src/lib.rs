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
//!     let s3 = aws_sdk_s3::Client::new(&moto.sdk_config());
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
//! ## Recipes
//!
//! S3 is above. The SDK clients come from [`Moto::sdk_config`] as they are: on the
//! embedded backend they reach it in process, buckets addressed virtual-hosted with no
//! DNS; over loopback (`127.0.0.1`) the SDK uses path style on its own. S3 needs
//! `force_path_style(true)` only against a Moto server reached by a host name
//! (`http://localhost:5000`), where `<bucket>.localhost` would go through DNS.
//!
//! DynamoDB (a setup may return `Result`; on a virtual clock, timestamps are fixed):
//!
//! ```
//! # mod tokio { pub use ::tokio::{main as test, *}; } // type-checks the test bodies
//! use aws_sdk_dynamodb::types::{
//!     AttributeDefinition, AttributeValue, KeySchemaElement, KeyType, ScalarAttributeType,
//! };
//! use moto_recorded::{Moto, moto_recorded};
//!
//! async fn create_orders_table(moto: &Moto) -> Result<(), aws_sdk_dynamodb::Error> {
//!     let dynamodb = aws_sdk_dynamodb::Client::new(&moto.sdk_config());
//!     dynamodb
//!         .create_table()
//!         .table_name("orders")
//!         .attribute_definitions(
//!             AttributeDefinition::builder()
//!                 .attribute_name("id")
//!                 .attribute_type(ScalarAttributeType::S)
//!                 .build()?,
//!         )
//!         .key_schema(
//!             KeySchemaElement::builder()
//!                 .attribute_name("id")
//!                 .key_type(KeyType::Hash)
//!                 .build()?,
//!         )
//!         .billing_mode(aws_sdk_dynamodb::types::BillingMode::PayPerRequest)
//!         .send()
//!         .await?;
//!     dynamodb
//!         .put_item()
//!         .table_name("orders")
//!         .item("id", AttributeValue::S("o-1".into()))
//!         .send()
//!         .await?;
//!     Ok(())
//! }
//!
//! #[moto_recorded(seed = 42, fixture = "tests/fixtures/dynamodb_orders.jsonl",
//!                 setup = create_orders_table, clock = "2024-01-01T00:00:00Z")]
//! #[tokio::test]
//! async fn reads_an_order(moto: &Moto) -> Result<(), aws_sdk_dynamodb::Error> {
//!     let dynamodb = aws_sdk_dynamodb::Client::new(&moto.sdk_config());
//!     let item = dynamodb
//!         .get_item()
//!         .table_name("orders")
//!         .key("id", AttributeValue::S("o-1".into()))
//!         .send()
//!         .await?;
//!     assert!(item.item().is_some());
//!     Ok(())
//! }
//! ```
//!
//! SQS (message ids are seeded; [`advance_clock`](Moto::advance_clock) ends a
//! visibility timeout without sleeping):
//!
//! ```
//! # mod tokio { pub use ::tokio::{main as test, *}; } // type-checks the test bodies
//! use moto_recorded::{Moto, moto_recorded};
//!
//! async fn queue_a_job(moto: &Moto) {
//!     let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
//!     let queue = sqs.create_queue().queue_name("jobs").send().await.unwrap();
//!     sqs.send_message()
//!         .queue_url(queue.queue_url().unwrap())
//!         .message_body("build o-1")
//!         .send()
//!         .await
//!         .unwrap();
//! }
//!
//! #[moto_recorded(seed = 42, fixture = "tests/fixtures/sqs_jobs.jsonl", setup = queue_a_job,
//!                 clock = "2024-01-01T00:00:00Z")]
//! #[tokio::test]
//! async fn receives_the_job(moto: &Moto) {
//!     let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config());
//!     let queue = sqs.get_queue_url().queue_name("jobs").send().await.unwrap();
//!     let url = queue.queue_url().unwrap();
//!     let received = sqs.receive_message().queue_url(url).send().await.unwrap();
//!     assert_eq!(received.messages().len(), 1);
//!     moto.advance_clock(std::time::Duration::from_secs(31)).unwrap();
//! }
//! ```
//!
//! EC2 (ids are seeded: with seed 42 the first RunInstances launches
//! `i-a5cf6f056be383c3e`, on every machine):
//!
//! ```
//! # mod tokio { pub use ::tokio::{main as test, *}; } // type-checks the test bodies
//! use moto_recorded::{Moto, moto_recorded};
//!
//! async fn launch_instance(moto: &Moto) {
//!     aws_sdk_ec2::Client::new(&moto.sdk_config())
//!         .run_instances()
//!         .image_id("ami-12c6146b")
//!         .min_count(1)
//!         .max_count(1)
//!         .send()
//!         .await
//!         .unwrap();
//! }
//!
//! #[moto_recorded(seed = 42, fixture = "tests/fixtures/ec2_instance.jsonl", setup = launch_instance)]
//! #[tokio::test(flavor = "multi_thread")]
//! async fn describes_the_instance(moto: &Moto) {
//!     let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
//!     let described = ec2.describe_instances().send().await.unwrap();
//!     let instance = &described.reservations()[0].instances()[0];
//!     assert_eq!(instance.instance_id(), Some("i-a5cf6f056be383c3e"));
//! }
//! ```
//!
//! ## The attribute
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
//! use moto_recorded::recording::{Entry, Recording};
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
pub use moto_recorded_runtime::services::sns::SnsDelivery;
pub use moto_recorded_runtime::{
    backend, clock, config, moto_api, process, rand_chacha, random, recording, server,
};

/// What the attribute's generated code calls; not a public API. The harness behind it is
/// reached only through the attribute, and what a test sees of it is [`Moto`].
#[doc(hidden)]
pub mod __private {
    pub use moto_recorded_runtime::harness::{
        NotASetup, Options, SETUP_FIXTURES, Setup, SetupByFuture, SetupByValue, SetupCall, SetupFn,
        finish, run, run_async,
    };
    pub use moto_recorded_runtime::linkme;
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
