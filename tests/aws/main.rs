//! The emulated AWS driven by the real AWS SDK for Rust over HTTP on loopback, and in
//! process through `moto.sdk_config()` (`transport`). One test binary for every service,
//! since each SDK crate is expensive to build.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod apigateway;
mod attribute;
mod dynamodb;
mod ec2;
mod events;
mod iam;
mod interop;
mod kms;
mod lambda;
mod logs;
mod modes;
mod reads;
mod s3;
mod secretsmanager;
mod sns;
mod sqs;
mod ssm;
mod state;
mod sts;
mod support;
mod timestreamwrite;
mod transport;
mod unsupported;
