//! Nothing: this crate exists for its tests.
