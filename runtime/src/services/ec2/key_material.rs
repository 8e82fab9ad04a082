//! Key material as EC2 handles it: the key pairs CreateKeyPair makes (an RSA private key
//! as PKCS#1 PEM, an ED25519 one in OpenSSH's format), the public keys ImportKeyPair
//! reads (OpenSSH's one-line format and RFC 4716's), and the fingerprints AWS gives
//! each: the SHA-1 of a made RSA key's PKCS#8 DER, the MD5 of an imported RSA key's
//! SubjectPublicKeyInfo DER, and the base64 SHA-256 of an ED25519 public key.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest as _, Md5};
use num_bigint::BigUint;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::Rng;
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

use super::ed25519;
use super::rsa_keys::{RsaKey, spki_der};

/// `rsa` or `ed25519`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyType {
    Rsa,
    Ed25519,
}

impl KeyType {
    pub(super) fn parse(name: &str) -> Option<KeyType> {
        match name {
            "rsa" => Some(KeyType::Rsa),
            "ed25519" => Some(KeyType::Ed25519),
            _ => None,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
        }
    }

    /// The algorithm name of OpenSSH's formats.
    fn ssh_name(self) -> &'static str {
        match self {
            KeyType::Rsa => "ssh-rsa",
            KeyType::Ed25519 => "ssh-ed25519",
        }
    }
}

/// A key pair CreateKeyPair made.
#[derive(Debug, Clone)]
pub(super) struct MadeKey {
    /// The private key, as CreateKeyPair answers it.
    pub(super) private_material: String,
    /// The public key, OpenSSH's one-line format without a comment.
    pub(super) public_key: String,
    pub(super) fingerprint: String,
}

/// A public key ImportKeyPair read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ImportedKey {
    pub(super) key_type: KeyType,
    /// OpenSSH's one-line format, with the comment given.
    pub(super) public_key: String,
    pub(super) fingerprint: String,
}

/// A new key pair of `key_type`, all of it from `rng`.
pub(super) fn make(key_type: KeyType, rng: &mut ChaCha20Rng) -> MadeKey {
    match key_type {
        KeyType::Rsa => {
            let key = RsaKey::generate(rng);
            let blob = rsa_blob(&key.e, &key.n);
            MadeKey {
                private_material: pem("RSA PRIVATE KEY", &key.pkcs1_der(), 64),
                public_key: one_line(key_type, &blob),
                fingerprint: colon_hex(&Sha1::digest(key.pkcs8_der())),
            }
        }
        KeyType::Ed25519 => {
            let mut seed = [0u8; 32];
            rng.fill_bytes(&mut seed);
            let public = ed25519::public_key(&seed);
            let blob = ed25519_blob(&public);
            // OpenSSH repeats a random check number to tell a wrong passphrase.
            let check = rng.next_u32();
            MadeKey {
                private_material: openssh_private_key(&blob, &seed, &public, check),
                public_key: one_line(key_type, &blob),
                fingerprint: ed25519_fingerprint(&blob),
            }
        }
    }
}

/// The public key in `material` (OpenSSH's `ssh-rsa AAAA... comment` or an RFC 4716
/// block), or `None` when it is not an RSA or ED25519 key in either format.
pub(super) fn import(material: &[u8]) -> Option<ImportedKey> {
    let text = std::str::from_utf8(material).ok()?.trim();
    let (algorithm, encoded, comment) = if text.starts_with("---- BEGIN SSH2 PUBLIC KEY ----") {
        rfc4716(text)?
    } else {
        let mut fields = text.split_whitespace();
        let algorithm = fields.next()?;
        let encoded = fields.next()?;
        let comment = fields.collect::<Vec<_>>().join(" ");
        (algorithm.to_owned(), encoded.to_owned(), comment)
    };
    let blob = STANDARD.decode(&encoded).ok()?;
    let mut reader = Reader(&blob);
    let name = reader.string()?;
    if name != algorithm.as_bytes() {
        return None;
    }
    let (key_type, fingerprint) = match name {
        b"ssh-rsa" => {
            let e = BigUint::from_bytes_be(reader.string()?);
            let n = BigUint::from_bytes_be(reader.string()?);
            // AWS takes RSA keys of 1024 to 4096 bits.
            if !(1024..=4096).contains(&n.bits()) || e.bits() < 2 {
                return None;
            }
            (KeyType::Rsa, colon_hex(&Md5::digest(spki_der(&n, &e))))
        }
        b"ssh-ed25519" => {
            if reader.string()?.len() != 32 {
                return None;
            }
            (KeyType::Ed25519, ed25519_fingerprint(&blob))
        }
        _ => return None,
    };
    if !reader.0.is_empty() {
        return None;
    }
    let mut public_key = format!("{algorithm} {encoded}");
    if !comment.is_empty() {
        public_key = format!("{public_key} {comment}");
    }
    Some(ImportedKey {
        key_type,
        public_key,
        fingerprint,
    })
}

/// The algorithm, base64 key and comment of an RFC 4716 block: header lines (`Name:
/// value`, continued by a trailing backslash) then the base64 lines.
fn rfc4716(text: &str) -> Option<(String, String, String)> {
    let joined = text.replace("\\\r\n", "").replace("\\\n", "");
    let mut lines = joined.lines().map(str::trim);
    if lines.next()? != "---- BEGIN SSH2 PUBLIC KEY ----" {
        return None;
    }
    let mut comment = String::new();
    let mut encoded = String::new();
    let mut ended = false;
    for line in lines {
        if line == "---- END SSH2 PUBLIC KEY ----" {
            ended = true;
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("comment") {
                comment = value.trim().trim_matches('"').to_owned();
            }
        } else {
            encoded.push_str(line);
        }
    }
    if !ended {
        return None;
    }
    let blob = STANDARD.decode(&encoded).ok()?;
    let algorithm = String::from_utf8(Reader(&blob).string()?.to_vec()).ok()?;
    Some((algorithm, encoded, comment))
}

/// Reads OpenSSH's wire format: big-endian lengths before each string.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn string(&mut self) -> Option<&'a [u8]> {
        let (length, rest) = self.0.split_first_chunk::<4>()?;
        let length = usize::try_from(u32::from_be_bytes(*length)).ok()?;
        let (value, rest) = rest.split_at_checked(length)?;
        self.0 = rest;
        Some(value)
    }
}

/// Writes `value` as an OpenSSH string.
fn put_string(out: &mut Vec<u8>, value: &[u8]) {
    let length = u32::try_from(value.len()).unwrap_or(u32::MAX);
    out.extend(length.to_be_bytes());
    out.extend(value);
}

/// An OpenSSH `mpint`: two's complement, minimal, a leading zero when the top bit is set.
fn put_mpint(out: &mut Vec<u8>, value: &BigUint) {
    let mut bytes = value.to_bytes_be();
    if bytes == [0] {
        bytes.clear();
    } else if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    put_string(out, &bytes);
}

fn rsa_blob(e: &BigUint, n: &BigUint) -> Vec<u8> {
    let mut blob = Vec::new();
    put_string(&mut blob, KeyType::Rsa.ssh_name().as_bytes());
    put_mpint(&mut blob, e);
    put_mpint(&mut blob, n);
    blob
}

fn ed25519_blob(public: &[u8; 32]) -> Vec<u8> {
    let mut blob = Vec::new();
    put_string(&mut blob, KeyType::Ed25519.ssh_name().as_bytes());
    put_string(&mut blob, public);
    blob
}

fn one_line(key_type: KeyType, blob: &[u8]) -> String {
    format!("{} {}", key_type.ssh_name(), STANDARD.encode(blob))
}

/// The base64 SHA-256 of an ED25519 public key blob, as `ssh-keygen -l` prints it after
/// `SHA256:` but, as AWS writes it, padded.
fn ed25519_fingerprint(blob: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(blob))
}

/// `1f:51:ae:...`.
fn colon_hex(digest: &[u8]) -> String {
    digest
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// A PEM block, its base64 in lines of `width`, without a final newline as AWS answers
/// key material.
fn pem(label: &str, der: &[u8], width: usize) -> String {
    let encoded = STANDARD.encode(der);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(width)
        .filter_map(|line| std::str::from_utf8(line).ok())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----",
        lines.join("\n")
    )
}

/// An unencrypted ED25519 private key in OpenSSH's format (`openssh-key-v1`).
fn openssh_private_key(blob: &[u8], seed: &[u8; 32], public: &[u8; 32], check: u32) -> String {
    let mut private = Vec::new();
    private.extend(check.to_be_bytes());
    private.extend(check.to_be_bytes());
    put_string(&mut private, KeyType::Ed25519.ssh_name().as_bytes());
    put_string(&mut private, public);
    let mut secret = seed.to_vec();
    secret.extend(public);
    put_string(&mut private, &secret);
    put_string(&mut private, b"");
    // Padded to the cipher's block size (8 for none) with 1, 2, 3...
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut key = b"openssh-key-v1\0".to_vec();
    put_string(&mut key, b"none");
    put_string(&mut key, b"none");
    put_string(&mut key, b"");
    key.extend(1u32.to_be_bytes());
    put_string(&mut key, blob);
    put_string(&mut key, &private);
    pem("OPENSSH PRIVATE KEY", &key, 70)
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::SeedableRng;

    use super::*;

    /// The RSA key the conformance scenarios import, and the fingerprint Moto and AWS give
    /// it.
    const RSA_PUBLIC_KEY: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCw04Z5ClQKa9UZ/oHfVw4beBcO45pHvNliidCN18F6dUIJolNmct3rzpCTDMH8Krf346nC0nADycObHtEMW1wZuL6nP0juNlXbFnMe/9rx6dqrc1tMO2IBRlgT0kSCwoCkILfFsTBx6/TU2O21OPOyz0/sFfGEYWvSd+IUuA7ArAWVZZoLPjl47IqEh7LmZRUYbZjn0MOIl7QduYBbhaHmJNchHofbMwb068Q5vfUCixc8aj0Yen6SsDLEb8lp6sY1Fx6dfgQCcTNUxTw+iRshYcMCgJxjLcEuN6kxS2SANaaba9qr/FBX6aCAPF3AkbXUMMO0RY/nI1hw4oY5OB+/";
    const RSA_FINGERPRINT: &str = "10:fc:08:6b:0e:af:91:49:2f:32:19:c9:5d:8e:55:ed";
    const ED25519_PUBLIC_KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOimn7qJIR4hXy8I0+r5kwPZeZG3e76sSbNw/Xqg7hi7 me@host";

    #[test]
    fn imported_rsa_keys_have_the_md5_of_their_public_key_info() {
        let imported = import(RSA_PUBLIC_KEY.as_bytes()).unwrap();
        assert_eq!(imported.key_type, KeyType::Rsa);
        assert_eq!(imported.fingerprint, RSA_FINGERPRINT);
        assert_eq!(imported.public_key, RSA_PUBLIC_KEY);
    }

    #[test]
    fn imported_ed25519_keys_have_the_base64_sha256_of_their_blob() {
        let imported = import(ED25519_PUBLIC_KEY.as_bytes()).unwrap();
        assert_eq!(imported.key_type, KeyType::Ed25519);
        // `ssh-keygen -lf` prints SHA256:lCybEcYt463B8r2KLagjK5T8XOb7rTZAqOgMClglTZ4.
        assert_eq!(
            imported.fingerprint,
            "lCybEcYt463B8r2KLagjK5T8XOb7rTZAqOgMClglTZ4="
        );
        assert_eq!(imported.public_key, ED25519_PUBLIC_KEY);
    }

    #[test]
    fn rfc_4716_blocks_are_read() {
        let encoded = RSA_PUBLIC_KEY.split(' ').nth(1).unwrap();
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(70)
            .map(|line| std::str::from_utf8(line).unwrap())
            .collect();
        let block = format!(
            "---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"a long \\\ncomment\"\n{}\n---- END SSH2 PUBLIC KEY ----\n",
            lines.join("\n")
        );
        let imported = import(block.as_bytes()).unwrap();
        assert_eq!(imported.fingerprint, RSA_FINGERPRINT);
        assert_eq!(
            imported.public_key,
            format!("ssh-rsa {encoded} a long comment")
        );
    }

    #[test]
    fn what_is_not_a_supported_public_key_is_refused() {
        let truncated = &RSA_PUBLIC_KEY[..RSA_PUBLIC_KEY.len() - 8];
        let mislabelled = RSA_PUBLIC_KEY.replacen("ssh-rsa", "ssh-ed25519", 1);
        for bad in [
            "not a key",
            "",
            truncated,
            &mislabelled,
            "ssh-rsa !!!notbase64",
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA==",
        ] {
            assert_eq!(import(bad.as_bytes()), None, "{bad}");
        }
        assert_eq!(import(&[0xff, 0xfe]), None);
    }

    #[test]
    fn made_keys_read_back_and_are_seeded() {
        let made = make(KeyType::Ed25519, &mut ChaCha20Rng::from_seed([1; 32]));
        assert!(
            made.private_material
                .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA")
        );
        assert!(
            made.private_material
                .ends_with("\n-----END OPENSSH PRIVATE KEY-----")
        );
        let imported = import(made.public_key.as_bytes()).unwrap();
        assert_eq!(imported.fingerprint, made.fingerprint);
        let again = make(KeyType::Ed25519, &mut ChaCha20Rng::from_seed([1; 32]));
        assert_eq!(again.private_material, made.private_material);

        let rsa = make(KeyType::Rsa, &mut ChaCha20Rng::from_seed([2; 32]));
        assert!(
            rsa.private_material
                .starts_with("-----BEGIN RSA PRIVATE KEY-----\nMIIE")
        );
        assert!(rsa.private_material.lines().all(|line| line.len() <= 64));
        let fingerprint: Vec<&str> = rsa.fingerprint.split(':').collect();
        assert_eq!(fingerprint.len(), 20, "a SHA-1: {}", rsa.fingerprint);
        let public = import(rsa.public_key.as_bytes()).unwrap();
        assert_eq!(public.key_type, KeyType::Rsa);
        assert_ne!(public.fingerprint, rsa.fingerprint, "imported keys use MD5");
    }
}
