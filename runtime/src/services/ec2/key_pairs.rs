//! Key pairs: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use serde_json::{Value, json};

use super::error;
use super::handlers::{
    apply_tag_specifications, filters, passes, strings, tag_list, tag_values, text,
};
use super::key_material::{self, KeyType};
use super::key_pair::KeyPair;
use super::model::{Ec2State, Region};
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::Answer;
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

fn key_name(input: &Value) -> Result<&str, crate::protocol::error::ServiceError> {
    text(input, "KeyName").ok_or_else(|| error::missing_parameter("KeyName"))
}

/// The tags a request applied to a new key pair, as its answer lists them.
fn tags_applied(region: &mut Region, input: &Value, id: &str) -> Value {
    apply_tag_specifications(region, input, id, Some("key-pair"));
    tag_list(region, id)
}

/// CreateKeyPair: an RSA (2048-bit, PKCS#1 PEM) or ED25519 (OpenSSH format) key pair.
/// Draws the key pair's id, then 32 bytes that seed the key's own generator, so a key
/// costs the same draws however long its primes take to find.
pub(super) fn create_key_pair(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let name = key_name(input)?;
    let key_type = match text(input, "KeyType") {
        None => KeyType::Rsa,
        Some(kind) => KeyType::parse(kind).ok_or_else(|| {
            error::invalid_parameter_value(format!(
                "Value ({kind}) for parameter keyType is invalid. Valid values: rsa, ed25519."
            ))
        })?,
    };
    match text(input, "KeyFormat") {
        None | Some("pem") => {}
        Some("ppk") => {
            return Err(error::invalid_parameter_value(
                "KeyFormat ppk (PuTTY) is not emulated: ask for pem.",
            ));
        }
        Some(other) => {
            return Err(error::invalid_parameter_value(format!(
                "Value ({other}) for parameter keyFormat is invalid. Valid values: pem, ppk."
            )));
        }
    }
    let taken = |region: &Region| region.key_pairs.iter().any(|pair| pair.name == name);
    if state.with_region(&context.route.region, |region| taken(region)) {
        return Err(error::invalid_key_pair_duplicate(name));
    }
    let id = context.random.ec2_id("key");
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&context.random.bytes(32));
    // Made outside the region's lock: an RSA key takes a while.
    let made = key_material::make(key_type, &mut ChaCha20Rng::from_seed(seed))?;
    state.with_region(&context.route.region, |region| {
        // The same name may have been taken meanwhile by a concurrent request.
        if taken(region) {
            return Err(error::invalid_key_pair_duplicate(name));
        }
        let tags = tags_applied(region, input, &id);
        let mut output = json!({
            "KeyPairId": id,
            "KeyName": name,
            "KeyFingerprint": made.fingerprint,
            "KeyMaterial": made.private_material,
        });
        if tags.as_array().is_some_and(|tags| !tags.is_empty())
            && let Some(object) = output.as_object_mut()
        {
            object.insert("Tags".into(), tags);
        }
        region.key_pairs.push(KeyPair {
            id,
            name: name.to_owned(),
            key_type,
            fingerprint: made.fingerprint,
            public_key: format!("{} {name}", made.public_key),
            created: context.clock.now(),
        });
        Ok(output)
    })
}

/// ImportKeyPair: an RSA or ED25519 public key in OpenSSH's one-line format or as an
/// RFC 4716 block.
pub(super) fn import_key_pair(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let name = key_name(input)?;
    let material = text(input, "PublicKeyMaterial")
        .ok_or_else(|| error::missing_parameter("PublicKeyMaterial"))?;
    state.with_region(&context.route.region, |region| {
        if region.key_pairs.iter().any(|pair| pair.name == name) {
            return Err(error::invalid_key_pair_duplicate(name));
        }
        let imported = STANDARD
            .decode(material)
            .ok()
            .and_then(|bytes| key_material::import(&bytes))
            .ok_or_else(error::invalid_key_pair_format)?;
        let id = context.random.ec2_id("key");
        let tags = tags_applied(region, input, &id);
        let output = json!({
            "KeyPairId": id,
            "KeyName": name,
            "KeyFingerprint": imported.fingerprint,
            "Tags": tags,
        });
        region.key_pairs.push(KeyPair {
            id,
            name: name.to_owned(),
            key_type: imported.key_type,
            fingerprint: imported.fingerprint,
            public_key: imported.public_key,
            created: context.clock.now(),
        });
        Ok(output)
    })
}

fn key_pair_values(region: &Region, pair: &KeyPair, name: &str) -> Option<Vec<String>> {
    let one = |value: &str| Some(vec![value.to_owned()]);
    match name {
        "key-name" => one(&pair.name),
        "key-pair-id" => one(&pair.id),
        "fingerprint" => one(&pair.fingerprint),
        "key-type" => one(pair.key_type.name()),
        other => tag_values(region, &pair.id, other),
    }
}

pub(super) fn describe_key_pairs(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let names = strings(input, "KeyNames");
    let ids = strings(input, "KeyPairIds");
    let include_public_key = input
        .get("IncludePublicKey")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = names
            .iter()
            .find(|name| !region.key_pairs.iter().any(|pair| pair.name == **name))
        {
            return Err(error::invalid_key_pair_not_found(&format!(
                "The key pair '{missing}' does not exist"
            )));
        }
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.key_pairs.iter().any(|pair| pair.id == **id))
        {
            return Err(error::invalid_key_pair_not_found(&format!(
                "The key pair ID '{missing}' does not exist"
            )));
        }
        let mut pairs = Vec::new();
        for pair in region.key_pairs.iter().filter(|pair| {
            (names.is_empty() || names.contains(&pair.name.as_str()))
                && (ids.is_empty() || ids.contains(&pair.id.as_str()))
        }) {
            if !passes(&filters, |name| key_pair_values(region, pair, name))? {
                continue;
            }
            pairs.push(json!({
                "KeyPairId": pair.id,
                "KeyName": pair.name,
                "KeyType": pair.key_type.name(),
                "KeyFingerprint": pair.fingerprint,
                "CreateTime": seconds_value(epoch_seconds(pair.created)),
                "PublicKey": include_public_key.then_some(&pair.public_key),
                "Tags": tag_list(region, &pair.id),
            }));
        }
        Ok(json!({ "KeyPairs": pairs }))
    })
}

/// DeleteKeyPair by name or id. As in EC2, a key pair that does not exist is no error.
pub(super) fn delete_key_pair(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let name = text(input, "KeyName");
    let id = text(input, "KeyPairId");
    if name.is_none() && id.is_none() {
        return Err(error::missing_parameter("KeyName"));
    }
    state.with_region(&context.route.region, |region| {
        let Some(index) = region
            .key_pairs
            .iter()
            .position(|pair| Some(pair.name.as_str()) == name || Some(pair.id.as_str()) == id)
        else {
            return Ok(json!({"Return": true}));
        };
        let pair = region.key_pairs.remove(index);
        region.tags.forget(&pair.id);
        Ok(json!({"Return": true, "KeyPairId": pair.id}))
    })
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde_json::json;

    use super::super::testing::Backend;

    const ED25519_PUBLIC_KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOimn7qJIR4hXy8I0+r5kwPZeZG3e76sSbNw/Xqg7hi7";

    fn material(text: &str) -> String {
        STANDARD.encode(text)
    }

    #[test]
    fn made_key_pairs_answer_their_private_key_once() {
        let backend = Backend::new();
        let made = backend.ok(
            "CreateKeyPair",
            json!({"KeyName": "deploy", "KeyType": "ed25519"}),
        );
        assert!(made["KeyPairId"].as_str().unwrap().starts_with("key-"));
        assert!(
            made["KeyMaterial"]
                .as_str()
                .unwrap()
                .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
        );
        assert!(made.get("Tags").is_none());
        assert_eq!(
            backend.code("CreateKeyPair", json!({"KeyName": "deploy"})),
            "InvalidKeyPair.Duplicate"
        );
        let described = backend.ok(
            "DescribeKeyPairs",
            json!({"KeyNames": ["deploy"], "IncludePublicKey": true}),
        );
        let pair = &described["KeyPairs"][0];
        assert_eq!(pair["KeyType"], "ed25519");
        assert_eq!(pair["KeyFingerprint"], made["KeyFingerprint"]);
        assert_eq!(pair["CreateTime"], 1_704_067_200);
        assert!(pair.get("KeyMaterial").is_none());
        let public = pair["PublicKey"].as_str().unwrap();
        assert!(public.starts_with("ssh-ed25519 AAAA") && public.ends_with(" deploy"));
        let again = Backend::new().ok(
            "CreateKeyPair",
            json!({"KeyName": "deploy", "KeyType": "ed25519"}),
        );
        assert_eq!(again, made, "the same seed, the same key pair");
    }

    #[test]
    fn imported_key_pairs_keep_their_type_tags_and_fingerprint() {
        let backend = Backend::new();
        let imported = backend.ok(
            "ImportKeyPair",
            json!({"KeyName": "laptop", "PublicKeyMaterial": material(ED25519_PUBLIC_KEY),
                   "TagSpecifications": [{"ResourceType": "key-pair",
                                          "Tags": [{"Key": "owner", "Value": "ops"}]}]}),
        );
        assert_eq!(
            imported["KeyFingerprint"],
            "lCybEcYt463B8r2KLagjK5T8XOb7rTZAqOgMClglTZ4="
        );
        assert_eq!(imported["Tags"], json!([{"Key": "owner", "Value": "ops"}]));
        let by_tag = backend.ok(
            "DescribeKeyPairs",
            json!({"Filters": [{"Name": "tag:owner", "Values": ["ops"]}]}),
        );
        assert_eq!(by_tag["KeyPairs"][0]["KeyName"], "laptop");
        assert!(
            by_tag["KeyPairs"][0]["PublicKey"].is_null(),
            "not asked for"
        );
        assert_eq!(
            backend.code(
                "ImportKeyPair",
                json!({"KeyName": "bad", "PublicKeyMaterial": material("not a key")})
            ),
            "InvalidKeyPair.Format"
        );
    }

    #[test]
    fn deleting_is_by_name_or_id_and_never_fails() {
        let backend = Backend::new();
        let made = backend.ok(
            "CreateKeyPair",
            json!({"KeyName": "a", "KeyType": "ed25519"}),
        );
        let id = made["KeyPairId"].clone();
        assert_eq!(
            backend.ok("DeleteKeyPair", json!({"KeyPairId": id})),
            json!({"Return": true, "KeyPairId": id})
        );
        assert_eq!(
            backend.ok("DeleteKeyPair", json!({"KeyName": "a"})),
            json!({"Return": true})
        );
        assert_eq!(
            backend.code("DescribeKeyPairs", json!({"KeyNames": ["a"]})),
            "InvalidKeyPair.NotFound"
        );
        assert_eq!(
            backend.code("DescribeKeyPairs", json!({"KeyPairIds": [id]})),
            "InvalidKeyPair.NotFound"
        );
        assert_eq!(
            backend.code("CreateKeyPair", json!({"KeyName": "b", "KeyType": "dsa"})),
            "InvalidParameterValue"
        );
    }
}
