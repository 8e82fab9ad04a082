//! Key material and what it does: drawn from the backend's seeded generator (so a seed
//! gives the same keys, and ciphertexts recorded in a fixture decrypt after replay),
//! used through RustCrypto's crates: AES-256-GCM, RSA (OAEP, PSS, PKCS#1 v1.5), ECDSA on
//! P-256 and P-384, HMAC.
//!
//! A symmetric ciphertext blob is the key id (36 ASCII bytes, so Decrypt finds the key
//! without being told), the 12-byte nonce, then AES-GCM's ciphertext and tag; the
//! encryption context, canonical, is the associated data.

use std::collections::BTreeMap;

use aes_gcm::aead::{Aead as _, KeyInit as _, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::Hmac;
use p256::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
use p256::elliptic_curve::Generate as _;
use p256::pkcs8::EncodePublicKey as _;
use rsa::{Oaep as OaepPadding, Pkcs1v15Sign, PrivateKey, Pss};
use sha1::Sha1;
use sha2::{Digest as _, Sha224, Sha256, Sha384, Sha512};

use super::spec::{Hash, KeySpec, Oaep, Signing};
use crate::random::MockRandom;

/// The length of a key id (a UUID) at the head of a symmetric blob.
const KEY_ID_LEN: usize = 36;
/// AES-GCM's nonce.
const NONCE_LEN: usize = 12;
/// AES-GCM's tag.
const TAG_LEN: usize = 16;

/// A key's secret material.
pub(super) enum Material {
    /// A 256-bit AES key.
    Symmetric(Vec<u8>),
    /// An HMAC key as long as its hash's output.
    Hmac(Vec<u8>),
    Rsa(Box<PrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl std::fmt::Debug for Material {
    /// Names the kind of material, never the secret.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            Material::Symmetric(_) => "Material::Symmetric",
            Material::Hmac(_) => "Material::Hmac",
            Material::Rsa(_) => "Material::Rsa",
            Material::P256(_) => "Material::P256",
            Material::P384(_) => "Material::P384",
        })
    }
}

/// Why a cryptographic operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CryptoError {
    /// The ciphertext is not one this key made under this context.
    InvalidCiphertext,
    /// The key's material cannot do this.
    WrongMaterial,
    /// The message is too long for an RSA key and padding.
    TooLong,
    /// A digest message is not as long as the algorithm's hash.
    DigestLength,
}

impl Material {
    /// Draws the material of a `spec` key from the seeded generator.
    pub(super) fn generate(spec: KeySpec, random: &MockRandom) -> Result<Material, CryptoError> {
        if let Some(bits) = spec.rsa_bits() {
            return random
                .with_rng(|rng| PrivateKey::new(rng, bits))
                .map(|key| Material::Rsa(Box::new(key)))
                .map_err(|_| CryptoError::WrongMaterial);
        }
        Ok(match spec {
            KeySpec::EccNistP256 => {
                Material::P256(random.with_rng(p256::ecdsa::SigningKey::generate_from_rng))
            }
            KeySpec::EccNistP384 => {
                Material::P384(random.with_rng(p384::ecdsa::SigningKey::generate_from_rng))
            }
            _ => match spec.mac_hash() {
                Some(hash) => Material::Hmac(random.bytes(hash.len())),
                None => Material::Symmetric(random.bytes(32)),
            },
        })
    }

    /// Encrypts `plaintext` under a symmetric key `key_id`, bound to `context`.
    pub(super) fn seal(
        &self,
        key_id: &str,
        plaintext: &[u8],
        context: &BTreeMap<String, String>,
        random: &MockRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        let Material::Symmetric(secret) = self else {
            return Err(CryptoError::WrongMaterial);
        };
        let cipher = Aes256Gcm::new_from_slice(secret).map_err(|_| CryptoError::WrongMaterial)?;
        let nonce_bytes = random.bytes(NONCE_LEN);
        let nonce =
            Nonce::try_from(nonce_bytes.as_slice()).map_err(|_| CryptoError::WrongMaterial)?;
        let aad = context_bytes(context);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::TooLong)?;
        let mut blob = Vec::with_capacity(KEY_ID_LEN + NONCE_LEN + sealed.len());
        blob.extend_from_slice(key_id.as_bytes());
        blob.extend_from_slice(&nonce_bytes);
        blob.extend_from_slice(&sealed);
        Ok(blob)
    }

    /// Decrypts a symmetric blob this key made under `context`.
    pub(super) fn open(
        &self,
        blob: &[u8],
        context: &BTreeMap<String, String>,
    ) -> Result<Vec<u8>, CryptoError> {
        let Material::Symmetric(secret) = self else {
            return Err(CryptoError::WrongMaterial);
        };
        let (_, rest) = split_blob(blob).ok_or(CryptoError::InvalidCiphertext)?;
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let cipher = Aes256Gcm::new_from_slice(secret).map_err(|_| CryptoError::WrongMaterial)?;
        let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError::InvalidCiphertext)?;
        let aad = context_bytes(context);
        cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::InvalidCiphertext)
    }

    /// Encrypts with an RSA key's public half.
    pub(super) fn rsa_encrypt(
        &self,
        padding: Oaep,
        plaintext: &[u8],
        random: &MockRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        let Material::Rsa(key) = self else {
            return Err(CryptoError::WrongMaterial);
        };
        let public = key.to_public_key();
        random
            .with_rng(|rng| match padding {
                Oaep::Sha1 => public.encrypt(rng, OaepPadding::<Sha1>::new(), plaintext),
                Oaep::Sha256 => public.encrypt(rng, OaepPadding::<Sha256>::new(), plaintext),
            })
            .map_err(|_| CryptoError::TooLong)
    }

    /// Decrypts with an RSA key.
    pub(super) fn rsa_decrypt(
        &self,
        padding: Oaep,
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let Material::Rsa(key) = self else {
            return Err(CryptoError::WrongMaterial);
        };
        match padding {
            Oaep::Sha1 => key.decrypt(OaepPadding::<Sha1>::new(), ciphertext),
            Oaep::Sha256 => key.decrypt(OaepPadding::<Sha256>::new(), ciphertext),
        }
        .map_err(|_| CryptoError::InvalidCiphertext)
    }

    /// Signs `message` (the message itself, or its digest when `is_digest`).
    pub(super) fn sign(
        &self,
        algorithm: Signing,
        message: &[u8],
        is_digest: bool,
        random: &MockRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        let digest = digest_of(algorithm.hash(), message, is_digest)?;
        match (self, algorithm) {
            (Material::Rsa(key), Signing::Pkcs1(hash)) => key
                .sign(pkcs1(hash), &digest)
                .map_err(|_| CryptoError::WrongMaterial),
            (Material::Rsa(key), Signing::Pss(hash)) => random
                .with_rng(|rng| match hash {
                    Hash::Sha384 => key.sign_with_rng(rng, Pss::<Sha384>::new(), &digest),
                    Hash::Sha512 => key.sign_with_rng(rng, Pss::<Sha512>::new(), &digest),
                    _ => key.sign_with_rng(rng, Pss::<Sha256>::new(), &digest),
                })
                .map_err(|_| CryptoError::WrongMaterial),
            (Material::P256(key), Signing::Ecdsa(Hash::Sha256)) => {
                let signature: p256::ecdsa::DerSignature = key
                    .sign_prehash(&digest)
                    .map_err(|_| CryptoError::WrongMaterial)?;
                Ok(signature.as_bytes().to_vec())
            }
            (Material::P384(key), Signing::Ecdsa(Hash::Sha384)) => {
                let signature: p384::ecdsa::DerSignature = key
                    .sign_prehash(&digest)
                    .map_err(|_| CryptoError::WrongMaterial)?;
                Ok(signature.as_bytes().to_vec())
            }
            _ => Err(CryptoError::WrongMaterial),
        }
    }

    /// Whether `signature` is this key's signature of `message` by `algorithm`.
    pub(super) fn verify(
        &self,
        algorithm: Signing,
        message: &[u8],
        is_digest: bool,
        signature: &[u8],
    ) -> Result<bool, CryptoError> {
        let digest = digest_of(algorithm.hash(), message, is_digest)?;
        Ok(match (self, algorithm) {
            (Material::Rsa(key), Signing::Pkcs1(hash)) => key
                .to_public_key()
                .verify(pkcs1(hash), &digest, signature)
                .is_ok(),
            (Material::Rsa(key), Signing::Pss(hash)) => {
                let public = key.to_public_key();
                match hash {
                    Hash::Sha384 => public.verify(Pss::<Sha384>::new(), &digest, signature),
                    Hash::Sha512 => public.verify(Pss::<Sha512>::new(), &digest, signature),
                    _ => public.verify(Pss::<Sha256>::new(), &digest, signature),
                }
                .is_ok()
            }
            (Material::P256(key), Signing::Ecdsa(Hash::Sha256)) => {
                p256::ecdsa::DerSignature::from_bytes(signature).is_ok_and(|signature| {
                    key.verifying_key()
                        .verify_prehash(&digest, &signature)
                        .is_ok()
                })
            }
            (Material::P384(key), Signing::Ecdsa(Hash::Sha384)) => {
                p384::ecdsa::DerSignature::from_bytes(signature).is_ok_and(|signature| {
                    key.verifying_key()
                        .verify_prehash(&digest, &signature)
                        .is_ok()
                })
            }
            _ => return Err(CryptoError::WrongMaterial),
        })
    }

    /// The public key as DER SubjectPublicKeyInfo.
    pub(super) fn public_key_der(&self) -> Result<Vec<u8>, CryptoError> {
        let document = match self {
            Material::Rsa(key) => {
                rsa::pkcs8::EncodePublicKey::to_public_key_der(&key.to_public_key())
                    .map_err(|_| CryptoError::WrongMaterial)?
            }
            Material::P256(key) => key
                .verifying_key()
                .to_public_key_der()
                .map_err(|_| CryptoError::WrongMaterial)?,
            Material::P384(key) => key
                .verifying_key()
                .to_public_key_der()
                .map_err(|_| CryptoError::WrongMaterial)?,
            Material::Symmetric(_) | Material::Hmac(_) => {
                return Err(CryptoError::WrongMaterial);
            }
        };
        Ok(document.as_bytes().to_vec())
    }

    /// The HMAC of `message` with an HMAC key.
    pub(super) fn mac(&self, hash: Hash, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let Material::Hmac(secret) = self else {
            return Err(CryptoError::WrongMaterial);
        };
        fn tag<M: hmac::Mac + hmac::KeyInit>(
            secret: &[u8],
            message: &[u8],
        ) -> Result<Vec<u8>, CryptoError> {
            let mut mac = <M as hmac::KeyInit>::new_from_slice(secret)
                .map_err(|_| CryptoError::WrongMaterial)?;
            mac.update(message);
            Ok(mac.finalize().into_bytes().to_vec())
        }
        match hash {
            Hash::Sha224 => tag::<Hmac<Sha224>>(secret, message),
            Hash::Sha256 => tag::<Hmac<Sha256>>(secret, message),
            Hash::Sha384 => tag::<Hmac<Sha384>>(secret, message),
            Hash::Sha512 => tag::<Hmac<Sha512>>(secret, message),
        }
    }
}

/// The key id a symmetric blob names, when the blob has the shape this backend writes.
pub(super) fn blob_key_id(blob: &[u8]) -> Option<&str> {
    split_blob(blob).map(|(id, _)| id)
}

fn split_blob(blob: &[u8]) -> Option<(&str, &[u8])> {
    if blob.len() < KEY_ID_LEN + NONCE_LEN + TAG_LEN {
        return None;
    }
    let (id, rest) = blob.split_at(KEY_ID_LEN);
    Some((std::str::from_utf8(id).ok()?, rest))
}

/// The encryption context as associated data: its pairs sorted by key, as JSON, so the
/// order a client sends them in does not matter (as in AWS).
fn context_bytes(context: &BTreeMap<String, String>) -> Vec<u8> {
    serde_json::to_vec(context).unwrap_or_default()
}

fn pkcs1(hash: Hash) -> Pkcs1v15Sign {
    match hash {
        Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
        _ => Pkcs1v15Sign::new::<Sha256>(),
    }
}

/// The digest a signature covers: the message's hash, or the message when it is one.
fn digest_of(hash: Hash, message: &[u8], is_digest: bool) -> Result<Vec<u8>, CryptoError> {
    if is_digest {
        return if message.len() == hash.len() {
            Ok(message.to_vec())
        } else {
            Err(CryptoError::DigestLength)
        };
    }
    Ok(match hash {
        Hash::Sha224 => Sha224::digest(message).to_vec(),
        Hash::Sha256 => Sha256::digest(message).to_vec(),
        Hash::Sha384 => Sha384::digest(message).to_vec(),
        Hash::Sha512 => Sha512::digest(message).to_vec(),
    })
}

impl Hash {
    /// The output length in bytes.
    pub(super) fn len(self) -> usize {
        match self {
            Hash::Sha224 => 28,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }
}
