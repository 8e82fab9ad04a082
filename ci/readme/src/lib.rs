//! Nothing: the crate is its test, the README's first example.
