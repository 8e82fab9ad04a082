//! IAM's identifiers: unique ids with their entity's prefix, access keys and ARNs.

use crate::random::MockRandom;

/// The characters of IAM unique ids and access key ids (RFC 4648 base32).
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// How many characters follow the prefix of a unique id (21 in all, as AWS's).
const UNIQUE_ID_TAIL: usize = 17;

/// How many characters follow `AKIA` in an access key id (20 in all).
const ACCESS_KEY_TAIL: usize = 16;

/// The prefix of each kind of unique id, as AWS documents them.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    User,
    Group,
    Role,
    Policy,
    InstanceProfile,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::User => "AIDA",
            Kind::Group => "AGPA",
            Kind::Role => "AROA",
            Kind::Policy => "ANPA",
            Kind::InstanceProfile => "AIPA",
        }
    }
}

fn draw(random: &MockRandom, len: usize) -> String {
    (0..len)
        .map(|_| {
            let index = usize::try_from(random.below(32)).unwrap_or_default();
            char::from(ALPHABET.get(index).copied().unwrap_or(b'A'))
        })
        .collect()
}

/// A new unique id of `kind`.
pub(super) fn unique_id(random: &MockRandom, kind: Kind) -> String {
    format!("{}{}", kind.prefix(), draw(random, UNIQUE_ID_TAIL))
}

/// A new access key id, `AKIA` + 16 characters.
pub(super) fn access_key_id(random: &MockRandom) -> String {
    format!("AKIA{}", draw(random, ACCESS_KEY_TAIL))
}

/// The ARN of an entity: `arn:aws:iam::<account>:<kind>/<path><name>` (IAM is global: no
/// region).
pub(super) fn arn(account: &str, kind: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:{kind}{path}{name}")
}

/// A unique id of `kind` derived from `name` rather than drawn, for what exists before
/// any request (AWS managed policies, the default user), so reading it never shifts the
/// ids drawn after.
pub(super) fn derived_id(kind: Kind, name: &str) -> String {
    let mut bits = crate::random::fnv1a(name.as_bytes());
    let mut tail = String::with_capacity(UNIQUE_ID_TAIL);
    for round in 0..UNIQUE_ID_TAIL {
        if round == 12 {
            // 64 bits give 12 characters; the rest come from a second hash.
            bits = crate::random::fnv1a(format!("{name}#").as_bytes());
        }
        let index = usize::try_from(bits % 32).unwrap_or_default();
        tail.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
        bits /= 32;
    }
    format!("{}{tail}", kind.prefix())
}
