//! IAM over its wire protocol, one backend per test.
