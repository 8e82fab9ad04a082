//! The account an access key id belongs to, as it is written into the id itself.
//!
//! Access key ids AWS has issued since 2019 carry their account: after the four-letter
//! prefix (`AKIA`, `ASIA`...), the base32 text's first bit is set and the 40 bits that
//! follow it are the account number. Older ids (`AKIAI...`, `AKIAJ...`, such as
//! the documentation's `AKIAIOSFODNN7EXAMPLE`) do not: AWS looks those up.

/// RFC 4648 base32, the alphabet of access key ids.
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The 12-digit account written into `access_key_id`, if it carries one.
pub(super) fn encoded_account(access_key_id: &str) -> Option<String> {
    let digits = access_key_id.get(4..)?.as_bytes();
    if digits.len() < 10 {
        return None;
    }
    // The first 10 base32 digits are 50 bits: enough for the 48 the account is in.
    let mut bits: u64 = 0;
    for digit in &digits[..10] {
        let value = BASE32.iter().position(|candidate| candidate == digit)?;
        bits = (bits << 5) | u64::try_from(value).ok()?;
    }
    let first_48 = bits >> 2;
    let carries_account = first_48 >> 47 == 1;
    let account = (first_48 & 0x7fff_ffff_ff80) >> 7;
    carries_account.then(|| format!("{account:012}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_style_key_ids_carry_their_account() {
        // The published example of the encoding, then one more decoded by the same rule.
        assert_eq!(
            encoded_account("ASIAQNZGKIQY56JQ7WML").as_deref(),
            Some("029608264753")
        );
        assert_eq!(
            encoded_account("ASIAY34FZKBOKMUTVV7A").as_deref(),
            Some("609629065308")
        );
    }

    #[test]
    fn old_style_and_malformed_key_ids_do_not() {
        assert_eq!(encoded_account("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(encoded_account("AKIAJ"), None);
        assert_eq!(encoded_account("ASIA!!!!!!!!!!!!!!!!"), None);
    }
}
