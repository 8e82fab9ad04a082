//! The cryptographic operations: encryption and data keys under symmetric keys (and
//! RSA keys' OAEP), signatures, public keys, MACs and random bytes.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::error;
use super::material::{CryptoError, blob_key_id};
use super::model::{Key, Keys, KmsState, Naming};
use super::spec::{KeySpec, KeyUsage, Oaep, SYMMETRIC_DEFAULT, Signing};
use super::wire::{blob, blob_value, encryption_context, required, text};
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The enabled key `id` names, by key id, key ARN, alias name or alias ARN.
fn usable_key<'k>(
    keys: &'k Keys,
    context: &Context<'_>,
    id: &str,
) -> Result<&'k Key, ServiceError> {
    keys.get(
        id,
        Naming::KeyOrAlias,
        &context.route.region,
        context.account_id,
    )?
    .usable()
}

fn requires_usage(key: &Key, usage: KeyUsage, operation: &str) -> Result<(), ServiceError> {
    if key.usage == usage {
        return Ok(());
    }
    Err(error::invalid_key_usage(format!(
        "{} key usage is {}, which is not valid for {operation}.",
        key.arn,
        key.usage.name()
    )))
}

fn wrong_algorithm(key: &Key, algorithm: &str) -> ServiceError {
    error::invalid_key_usage(format!(
        "{algorithm} is not a valid algorithm for {} (KeySpec {}).",
        key.arn,
        key.spec.name()
    ))
}

/// Encrypts `plaintext` under the key `id` names; answers the blob and the key's ARN.
fn encrypt_under(
    keys: &Keys,
    context: &Context<'_>,
    id: &str,
    plaintext: &[u8],
    encryption_context: &BTreeMap<String, String>,
    algorithm: &str,
) -> Result<(Vec<u8>, String), ServiceError> {
    let key = usable_key(keys, context, id)?;
    requires_usage(key, KeyUsage::EncryptDecrypt, "Encrypt")?;
    let sealed = if key.spec == KeySpec::SymmetricDefault {
        if algorithm != SYMMETRIC_DEFAULT {
            return Err(wrong_algorithm(key, algorithm));
        }
        key.material
            .seal(&key.id, plaintext, encryption_context, context.random)
    } else {
        let padding = Oaep::parse(algorithm).ok_or_else(|| wrong_algorithm(key, algorithm))?;
        key.material.rsa_encrypt(padding, plaintext, context.random)
    };
    let blob = sealed.map_err(|failure| match failure {
        CryptoError::TooLong => error::validation(format!(
            "Plaintext is too long for {} with {algorithm}.",
            key.spec.name()
        )),
        _ => wrong_algorithm(key, algorithm),
    })?;
    Ok((blob, key.arn.clone()))
}

/// Decrypts `ciphertext`: a symmetric blob names its key (which `id`, when given, must
/// also name); an RSA ciphertext needs `id`.
fn decrypt_blob(
    keys: &Keys,
    context: &Context<'_>,
    ciphertext: &[u8],
    encryption_context: &BTreeMap<String, String>,
    id: Option<&str>,
    algorithm: &str,
) -> Result<(Vec<u8>, String), ServiceError> {
    if algorithm == SYMMETRIC_DEFAULT {
        let maker = blob_key_id(ciphertext)
            .and_then(|maker| keys.by_id(maker))
            .ok_or_else(error::invalid_ciphertext)?;
        if let Some(id) = id {
            let named = keys.get(
                id,
                Naming::KeyOrAlias,
                &context.route.region,
                context.account_id,
            )?;
            if named.id != maker.id {
                return Err(error::incorrect_key());
            }
        }
        let key = maker.usable()?;
        requires_usage(key, KeyUsage::EncryptDecrypt, "Decrypt")?;
        let plaintext = key
            .material
            .open(ciphertext, encryption_context)
            .map_err(|_| error::invalid_ciphertext())?;
        return Ok((plaintext, key.arn.clone()));
    }
    let Some(id) = id else {
        return Err(error::validation(format!(
            "KeyId is required to decrypt with {algorithm}."
        )));
    };
    let key = usable_key(keys, context, id)?;
    requires_usage(key, KeyUsage::EncryptDecrypt, "Decrypt")?;
    let padding = Oaep::parse(algorithm)
        .filter(|_| key.spec.rsa_bits().is_some())
        .ok_or_else(|| wrong_algorithm(key, algorithm))?;
    let plaintext = key
        .material
        .rsa_decrypt(padding, ciphertext)
        .map_err(|_| error::invalid_ciphertext())?;
    Ok((plaintext, key.arn.clone()))
}

fn algorithm<'a>(input: &'a Value, name: &str) -> &'a str {
    text(input, name).unwrap_or(SYMMETRIC_DEFAULT)
}

/// Encrypt.
pub(super) fn encrypt(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let algorithm = algorithm(input, "EncryptionAlgorithm");
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let (blob, arn) = encrypt_under(
            keys,
            context,
            required(input, "KeyId"),
            &blob(input, "Plaintext"),
            &encryption_context(input, "EncryptionContext"),
            algorithm,
        )?;
        Ok(json!({
            "CiphertextBlob": blob_value(&blob),
            "KeyId": arn,
            "EncryptionAlgorithm": algorithm,
        }))
    })
}

/// Decrypt.
pub(super) fn decrypt(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let algorithm = algorithm(input, "EncryptionAlgorithm");
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let (plaintext, arn) = decrypt_blob(
            keys,
            context,
            &blob(input, "CiphertextBlob"),
            &encryption_context(input, "EncryptionContext"),
            text(input, "KeyId"),
            algorithm,
        )?;
        Ok(json!({
            "KeyId": arn,
            "Plaintext": blob_value(&plaintext),
            "EncryptionAlgorithm": algorithm,
        }))
    })
}

/// ReEncrypt: decrypts under the source key and encrypts under the destination key,
/// without the plaintext leaving the service.
pub(super) fn re_encrypt(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let source_algorithm = algorithm(input, "SourceEncryptionAlgorithm");
    let destination_algorithm = algorithm(input, "DestinationEncryptionAlgorithm");
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let (plaintext, source) = decrypt_blob(
            keys,
            context,
            &blob(input, "CiphertextBlob"),
            &encryption_context(input, "SourceEncryptionContext"),
            text(input, "SourceKeyId"),
            source_algorithm,
        )?;
        let (blob, destination) = encrypt_under(
            keys,
            context,
            required(input, "DestinationKeyId"),
            &plaintext,
            &encryption_context(input, "DestinationEncryptionContext"),
            destination_algorithm,
        )?;
        Ok(json!({
            "CiphertextBlob": blob_value(&blob),
            "SourceKeyId": source,
            "KeyId": destination,
            "SourceEncryptionAlgorithm": source_algorithm,
            "DestinationEncryptionAlgorithm": destination_algorithm,
        }))
    })
}

/// The length of the data key a GenerateDataKey request asks for.
fn data_key_length(input: &Value) -> Result<usize, ServiceError> {
    let bytes = input.get("NumberOfBytes").and_then(Value::as_u64);
    match (text(input, "KeySpec"), bytes) {
        (Some(_), Some(_)) => Err(error::validation(
            "Please specify either number of bytes or key spec.",
        )),
        (None, None) => Err(error::validation(
            "Please specify either number of bytes or key spec.",
        )),
        (Some("AES_128"), None) => Ok(16),
        (Some(_), None) => Ok(32),
        (None, Some(bytes)) => Ok(usize::try_from(bytes).unwrap_or(32)),
    }
}

/// A data key from the seeded generator, encrypted under the request's key.
fn data_key(
    state: &KmsState,
    context: &Context<'_>,
    input: &Value,
) -> Result<(Vec<u8>, Vec<u8>, String), ServiceError> {
    let length = data_key_length(input)?;
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let key = usable_key(keys, context, required(input, "KeyId"))?;
        if key.spec != KeySpec::SymmetricDefault {
            return Err(error::invalid_key_usage(format!(
                "{} is not a symmetric encryption key: data keys need one.",
                key.arn
            )));
        }
        let plaintext = context.random.bytes(length);
        let (blob, arn) = encrypt_under(
            keys,
            context,
            &key.id,
            &plaintext,
            &encryption_context(input, "EncryptionContext"),
            SYMMETRIC_DEFAULT,
        )?;
        Ok((plaintext, blob, arn))
    })
}

/// GenerateDataKey.
pub(super) fn generate_data_key(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let (plaintext, blob, arn) = data_key(state, context, &input.value)?;
    Ok(json!({
        "CiphertextBlob": blob_value(&blob),
        "Plaintext": blob_value(&plaintext),
        "KeyId": arn,
    }))
}

/// GenerateDataKeyWithoutPlaintext.
pub(super) fn generate_data_key_without_plaintext(
    state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let (_, blob, arn) = data_key(state, context, &input.value)?;
    Ok(json!({"CiphertextBlob": blob_value(&blob), "KeyId": arn}))
}

/// GenerateRandom: bytes from the seeded generator.
pub(super) fn generate_random(
    _state: &KmsState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let length = input
        .value
        .get("NumberOfBytes")
        .and_then(Value::as_u64)
        .and_then(|length| usize::try_from(length).ok())
        .ok_or_else(|| error::validation("NumberOfBytes is required."))?;
    Ok(json!({"Plaintext": blob_value(&context.random.bytes(length))}))
}

/// The signing key and algorithm a Sign or Verify request names, and whether its
/// message is a digest.
fn signing<'k>(
    keys: &'k Keys,
    context: &Context<'_>,
    input: &Value,
    operation: &str,
) -> Result<(&'k Key, Signing, bool), ServiceError> {
    let key = usable_key(keys, context, required(input, "KeyId"))?;
    requires_usage(key, KeyUsage::SignVerify, operation)?;
    let name = required(input, "SigningAlgorithm");
    let algorithm = Signing::parse(name)
        .filter(|algorithm| key.spec.signing_algorithms(key.usage).contains(algorithm))
        .ok_or_else(|| wrong_algorithm(key, name))?;
    let is_digest = match text(input, "MessageType").unwrap_or("RAW") {
        "RAW" => false,
        "DIGEST" => true,
        other => {
            return Err(error::unsupported(format!(
                "MessageType {other} is not supported by this emulator."
            )));
        }
    };
    Ok((key, algorithm, is_digest))
}

fn signing_failure(failure: CryptoError, algorithm: Signing) -> ServiceError {
    match failure {
        CryptoError::DigestLength => error::validation(format!(
            "Digest is invalid length for algorithm {}.",
            algorithm.name()
        )),
        _ => error::invalid_key_usage(format!(
            "{} cannot be used with this key.",
            algorithm.name()
        )),
    }
}

/// Sign.
pub(super) fn sign(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let (key, algorithm, is_digest) = signing(keys, context, input, "Sign")?;
        let signature = key
            .material
            .sign(
                algorithm,
                &blob(input, "Message"),
                is_digest,
                context.random,
            )
            .map_err(|failure| signing_failure(failure, algorithm))?;
        Ok(json!({
            "KeyId": key.arn,
            "Signature": blob_value(&signature),
            "SigningAlgorithm": algorithm.name(),
        }))
    })
}

/// Verify: a signature the key did not make fails with KMSInvalidSignatureException.
pub(super) fn verify(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let (key, algorithm, is_digest) = signing(keys, context, input, "Verify")?;
        let valid = key
            .material
            .verify(
                algorithm,
                &blob(input, "Message"),
                is_digest,
                &blob(input, "Signature"),
            )
            .map_err(|failure| signing_failure(failure, algorithm))?;
        if !valid {
            return Err(error::invalid_signature());
        }
        Ok(json!({
            "KeyId": key.arn,
            "SignatureValid": true,
            "SigningAlgorithm": algorithm.name(),
        }))
    })
}

/// GetPublicKey: the public half of an asymmetric key, DER SubjectPublicKeyInfo.
pub(super) fn get_public_key(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let key = usable_key(keys, context, required(input, "KeyId"))?;
        let public = key.material.public_key_der().map_err(|_| {
            error::unsupported(format!(
                "{} key spec is not supported for this operation.",
                key.spec.name()
            ))
        })?;
        let mut output = json!({
            "KeyId": key.arn,
            "PublicKey": blob_value(&public),
            "CustomerMasterKeySpec": key.spec.name(),
            "KeySpec": key.spec.name(),
            "KeyUsage": key.usage.name(),
        });
        let encryption = key.spec.encryption_algorithms(key.usage);
        if !encryption.is_empty() {
            output["EncryptionAlgorithms"] = json!(encryption);
        }
        let signing: Vec<&str> = key
            .spec
            .signing_algorithms(key.usage)
            .into_iter()
            .map(Signing::name)
            .collect();
        if !signing.is_empty() {
            output["SigningAlgorithms"] = json!(signing);
        }
        Ok(output)
    })
}

/// The MAC of the request's message under its HMAC key, and that key's ARN.
fn mac_of(
    state: &KmsState,
    context: &Context<'_>,
    input: &Value,
    operation: &str,
) -> Result<(Vec<u8>, String), ServiceError> {
    state.with_region(&context.route.region, context.clock.now(), |keys| {
        let key = usable_key(keys, context, required(input, "KeyId"))?;
        requires_usage(key, KeyUsage::GenerateVerifyMac, operation)?;
        let name = required(input, "MacAlgorithm");
        let hash = key
            .spec
            .mac_hash()
            .filter(|_| key.spec.mac_algorithm() == Some(name))
            .ok_or_else(|| wrong_algorithm(key, name))?;
        let mac = key
            .material
            .mac(hash, &blob(input, "Message"))
            .map_err(|_| wrong_algorithm(key, name))?;
        Ok((mac, key.arn.clone()))
    })
}

/// GenerateMac.
pub(super) fn generate_mac(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let (mac, arn) = mac_of(state, context, input, "GenerateMac")?;
    Ok(json!({
        "Mac": blob_value(&mac),
        "MacAlgorithm": required(input, "MacAlgorithm"),
        "KeyId": arn,
    }))
}

/// VerifyMac: a MAC the key did not make fails with KMSInvalidMacException.
pub(super) fn verify_mac(state: &KmsState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let input = &input.value;
    let (mac, arn) = mac_of(state, context, input, "VerifyMac")?;
    if mac != blob(input, "Mac") {
        return Err(error::invalid_mac());
    }
    Ok(json!({
        "KeyId": arn,
        "MacValid": true,
        "MacAlgorithm": required(input, "MacAlgorithm"),
    }))
}
