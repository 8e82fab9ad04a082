//! The `#[moto_recorded]` attribute of [moto-recorded](https://crates.io/crates/moto-recorded).
//!
//! This crate holds syntax only: it will parse and validate the attribute and generate
//! calls into `moto_recorded::__private`, where all behaviour lives. Depend on
//! `moto-recorded`, not on this crate.
