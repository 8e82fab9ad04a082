//! Key material as EC2 handles it: the key pairs CreateKeyPair makes (an RSA private key
//! as PKCS#1 PEM, an ED25519 one in OpenSSH's format), the public keys ImportKeyPair
//! reads (OpenSSH's one-line format and RFC 4716's), and the fingerprints AWS gives
//! each: the SHA-1 of a made RSA key's PKCS#8 DER, the MD5 of an imported RSA key's
//! SubjectPublicKeyInfo DER, and the base64 SHA-256 of an ED25519 public key.
//!
//! The keys and their DER encodings come from the `rsa` and `ed25519-dalek` crates; only
//! OpenSSH's containers (its wire format and `openssh-key-v1`) are written here.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::SigningKey;
use http::StatusCode;
use md5::{Digest as _, Md5};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::Rng;
use rsa::pkcs1::{EncodeRsaPrivateKey as _, LineEnding};
use rsa::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _};
use rsa::traits::PublicKeyParts as _;
use rsa::{BoxedUint, PrivateKey, PublicKey};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

use crate::protocol::error::ServiceError;

/// The size of the RSA keys made, as AWS makes them (public exponent 65537).
const RSA_BITS: usize = 2048;
/// The RSA moduli ImportKeyPair takes, in bits, as AWS does.
const IMPORTED_RSA_BITS: std::ops::RangeInclusive<usize> = 1024..=4096;

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
pub(super) fn make(key_type: KeyType, rng: &mut ChaCha20Rng) -> Result<MadeKey, ServiceError> {
    match key_type {
        KeyType::Rsa => {
            let key = PrivateKey::new(rng, RSA_BITS).map_err(key_error)?;
            // PKCS#1 PEM in lines of 64, without the final newline, as AWS answers it.
            let private_material = key.to_pkcs1_pem(LineEnding::LF).map_err(key_error)?;
            let pkcs8 = key.to_pkcs8_der().map_err(key_error)?;
            let blob = rsa_blob(key.e(), key.n().as_ref());
            Ok(MadeKey {
                private_material: private_material.trim_end().to_owned(),
                public_key: one_line(key_type, &blob),
                fingerprint: colon_hex(&Sha1::digest(pkcs8.as_bytes())),
            })
        }
        KeyType::Ed25519 => {
            let mut seed = [0u8; 32];
            rng.fill_bytes(&mut seed);
            let public = ed25519_public_key(&seed);
            let blob = ed25519_blob(&public);
            // OpenSSH repeats a random check number to tell a wrong passphrase.
            let check = rng.next_u32();
            Ok(MadeKey {
                private_material: openssh_private_key(&blob, &seed, &public, check),
                public_key: one_line(key_type, &blob),
                fingerprint: ed25519_fingerprint(&blob),
            })
        }
    }
}

/// A key that could not be made or encoded (neither happens with a 2048-bit key and a
/// generator that cannot fail).
fn key_error(error: impl std::fmt::Display) -> ServiceError {
    ServiceError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalError",
        format!("The key pair could not be made: {error}"),
    )
}

/// The ED25519 public key of the private key `seed` (RFC 8032, section 5.1.5).
fn ed25519_public_key(seed: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(seed).verifying_key().to_bytes()
}

/// The MD5 of the SubjectPublicKeyInfo DER of the RSA key with modulus `n` and exponent
/// `e` (big-endian), as AWS fingerprints imported keys; `None` when they are not an RSA
/// public key ImportKeyPair takes.
fn imported_rsa_fingerprint(e: &[u8], n: &[u8]) -> Option<String> {
    let n = BoxedUint::from_be_slice_vartime(n);
    let e = BoxedUint::from_be_slice_vartime(e);
    let key = PublicKey::new_with_size_limits(n, e, IMPORTED_RSA_BITS).ok()?;
    let der = key.to_public_key_der().ok()?;
    Some(colon_hex(&Md5::digest(der.as_bytes())))
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
            let e = reader.string()?;
            let n = reader.string()?;
            (KeyType::Rsa, imported_rsa_fingerprint(e, n)?)
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

/// A non-negative OpenSSH `mpint`: two's complement, minimal, a leading zero when the top
/// bit is set.
fn put_mpint(out: &mut Vec<u8>, value: &BoxedUint) {
    let bytes = value.to_be_bytes();
    let significant = bytes
        .iter()
        .position(|byte| *byte != 0)
        .unwrap_or(bytes.len());
    let mut minimal = bytes[significant..].to_vec();
    if minimal.first().is_some_and(|byte| byte & 0x80 != 0) {
        minimal.insert(0, 0);
    }
    put_string(out, &minimal);
}

fn rsa_blob(e: &BoxedUint, n: &BoxedUint) -> Vec<u8> {
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
    use rsa::pkcs1::DecodeRsaPrivateKey as _;

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

    /// The ED25519 key pair of the seed [1; 32]: OpenSSH's `openssh-key-v1` container, the
    /// one-line public key and the fingerprint, byte for byte.
    const ED25519_MADE: &str = "-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBNSxgGL4UCWY3gRcp7afBn9Z+TsW46+HM6mIrcI0H1yAAAAIiGNswehjbM
HgAAAAtzc2gtZWQyNTUxOQAAACBNSxgGL4UCWY3gRcp7afBn9Z+TsW46+HM6mIrcI0H1yA
AAAEACPzcgOiR2xCVmphzFXDyoddu0zEHA3reJ+Oe/iBg2OE1LGAYvhQJZjeBFyntp8Gf1
n5Oxbjr4czqYitwjQfXIAAAAAAECAwQF
-----END OPENSSH PRIVATE KEY-----";
    const ED25519_MADE_PUBLIC: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE1LGAYvhQJZjeBFyntp8Gf1n5Oxbjr4czqYitwjQfXI";
    const ED25519_MADE_FINGERPRINT: &str = "Exyc3RyeCNyGx3gqVD56XOB5CN48hcrfsbr4gCDXsiI=";

    #[test]
    fn ed25519_public_keys_follow_rfc_8032() {
        // RFC 8032, section 7.1, tests 1 and 2.
        for (secret, public) in [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            ),
        ] {
            let bytes = |hex: &str| -> [u8; 32] {
                std::array::from_fn(|index| {
                    u8::from_str_radix(&hex[index * 2..index * 2 + 2], 16).unwrap()
                })
            };
            assert_eq!(
                ed25519_public_key(&bytes(secret)),
                bytes(public),
                "{secret}"
            );
        }
    }

    #[test]
    fn made_ed25519_keys_are_seeded_and_read_back() {
        let made = make(KeyType::Ed25519, &mut ChaCha20Rng::from_seed([1; 32])).unwrap();
        assert_eq!(made.private_material, ED25519_MADE);
        assert_eq!(made.public_key, ED25519_MADE_PUBLIC);
        assert_eq!(made.fingerprint, ED25519_MADE_FINGERPRINT);
        let imported = import(made.public_key.as_bytes()).unwrap();
        assert_eq!(imported.fingerprint, made.fingerprint);
    }

    #[test]
    fn made_rsa_keys_are_seeded_and_read_back() {
        let made = make(KeyType::Rsa, &mut ChaCha20Rng::from_seed([2; 32])).unwrap();
        assert!(
            made.private_material
                .starts_with("-----BEGIN RSA PRIVATE KEY-----\nMIIE")
        );
        assert!(
            made.private_material
                .ends_with("\n-----END RSA PRIVATE KEY-----")
        );
        assert!(made.private_material.lines().all(|line| line.len() <= 64));
        let fingerprint: Vec<&str> = made.fingerprint.split(':').collect();
        assert_eq!(fingerprint.len(), 20, "a SHA-1: {}", made.fingerprint);

        // The same seed, the same key.
        let again = make(KeyType::Rsa, &mut ChaCha20Rng::from_seed([2; 32])).unwrap();
        assert_eq!(again.private_material, made.private_material);
        assert_eq!(again.public_key, made.public_key);
        assert_eq!(again.fingerprint, made.fingerprint);

        // The PEM is a 2048-bit key, exponent 65537, whose PKCS#8 DER is what was
        // fingerprinted and whose public key is the one-line key.
        let key = PrivateKey::from_pkcs1_pem(&made.private_material).unwrap();
        key.validate().unwrap();
        assert_eq!(key.size() * 8, RSA_BITS);
        assert_eq!(key.e(), &BoxedUint::from(65_537u32));
        let pkcs8 = key.to_pkcs8_der().unwrap();
        assert_eq!(colon_hex(&Sha1::digest(pkcs8.as_bytes())), made.fingerprint);
        assert_eq!(
            made.public_key,
            one_line(KeyType::Rsa, &rsa_blob(key.e(), key.n().as_ref()))
        );
        let public = import(made.public_key.as_bytes()).unwrap();
        assert_eq!(public.key_type, KeyType::Rsa);
        let spki = PublicKey::from(&key).to_public_key_der().unwrap();
        assert_eq!(public.fingerprint, colon_hex(&Md5::digest(spki.as_bytes())));
        assert_ne!(
            public.fingerprint, made.fingerprint,
            "imported keys use MD5"
        );

        let other = make(KeyType::Rsa, &mut ChaCha20Rng::from_seed([3; 32])).unwrap();
        assert_ne!(other.fingerprint, made.fingerprint);
    }

    #[test]
    fn mpints_are_minimal_and_non_negative() {
        let mut out = Vec::new();
        put_mpint(&mut out, &BoxedUint::from(0x80u32));
        assert_eq!(out, [0, 0, 0, 2, 0, 0x80]);
        out.clear();
        put_mpint(&mut out, &BoxedUint::from(65_537u32));
        assert_eq!(out, [0, 0, 0, 3, 1, 0, 1]);
        out.clear();
        put_mpint(&mut out, &BoxedUint::from(0u32));
        assert_eq!(out, [0, 0, 0, 0]);
    }
}
