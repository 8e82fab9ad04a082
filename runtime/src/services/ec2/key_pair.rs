//! A region's key pairs, with no HTTP: what EC2 keeps of one (never the private key).

use std::time::SystemTime;

use super::key_material::KeyType;

/// A key pair, made by CreateKeyPair or imported.
#[derive(Debug, Clone)]
pub(super) struct KeyPair {
    /// `key-` and 17 hex digits.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) key_type: KeyType,
    pub(super) fingerprint: String,
    /// OpenSSH's one-line format.
    pub(super) public_key: String,
    pub(super) created: SystemTime,
}
