//! KMS (awsJson 1.1): keys (symmetric, RSA, ECC P-256/P-384, HMAC) with their states,
//! policies, tags and rotation settings; aliases; encryption, data keys, signatures and
//! MACs with key material drawn from the seeded generator, so ciphertexts recorded in a
//! fixture decrypt after replay.

mod aliases;
mod crypto;
mod error;
mod keys;
mod material;
mod model;
mod spec;
pub(crate) mod view;
mod wire;

use bytes::Bytes;
use http::{Request, Response};

pub use model::KmsState;

use crate::models;
use crate::protocol::engine::{Handler, Service, Validation};
use crate::services::Context;

/// KMS on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<KmsState> = Service {
    model: &models::kms::MODEL,
    title: "KMS",
    handlers: &[
        (
            "CancelKeyDeletion",
            Handler::Sync(keys::cancel_key_deletion),
        ),
        ("CreateAlias", Handler::Sync(aliases::create_alias)),
        ("CreateKey", Handler::Sync(keys::create_key)),
        ("Decrypt", Handler::Sync(crypto::decrypt)),
        ("DeleteAlias", Handler::Sync(aliases::delete_alias)),
        ("DescribeKey", Handler::Sync(keys::describe_key)),
        ("DisableKey", Handler::Sync(keys::disable_key)),
        (
            "DisableKeyRotation",
            Handler::Sync(keys::disable_key_rotation),
        ),
        ("EnableKey", Handler::Sync(keys::enable_key)),
        (
            "EnableKeyRotation",
            Handler::Sync(keys::enable_key_rotation),
        ),
        ("Encrypt", Handler::Sync(crypto::encrypt)),
        ("GenerateDataKey", Handler::Sync(crypto::generate_data_key)),
        (
            "GenerateDataKeyWithoutPlaintext",
            Handler::Sync(crypto::generate_data_key_without_plaintext),
        ),
        ("GenerateMac", Handler::Sync(crypto::generate_mac)),
        ("GenerateRandom", Handler::Sync(crypto::generate_random)),
        ("GetKeyPolicy", Handler::Sync(keys::get_key_policy)),
        (
            "GetKeyRotationStatus",
            Handler::Sync(keys::get_key_rotation_status),
        ),
        ("GetPublicKey", Handler::Sync(crypto::get_public_key)),
        ("ListAliases", Handler::Sync(aliases::list_aliases)),
        ("ListKeyPolicies", Handler::Sync(keys::list_key_policies)),
        ("ListKeys", Handler::Sync(keys::list_keys)),
        ("ListResourceTags", Handler::Sync(keys::list_resource_tags)),
        ("PutKeyPolicy", Handler::Sync(keys::put_key_policy)),
        ("ReEncrypt", Handler::Sync(crypto::re_encrypt)),
        (
            "ScheduleKeyDeletion",
            Handler::Sync(keys::schedule_key_deletion),
        ),
        ("Sign", Handler::Sync(crypto::sign)),
        ("TagResource", Handler::Sync(keys::tag_resource)),
        ("UntagResource", Handler::Sync(keys::untag_resource)),
        ("UpdateAlias", Handler::Sync(aliases::update_alias)),
        (
            "UpdateKeyDescription",
            Handler::Sync(keys::update_key_description),
        ),
        ("Verify", Handler::Sync(crypto::verify)),
        ("VerifyMac", Handler::Sync(crypto::verify_mac)),
    ],
    // KMS checks its model's constraints and reports them together.
    validation: Validation::Collected {
        code: "ValidationException",
    },
    xml_namespace: None,
    not_implemented_code: None,
    prepare: None,
};

/// Answers a KMS request.
pub async fn handle(
    state: &KmsState,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::clock::Clock;
    use crate::protocol::error::Protocol;
    use crate::random::MockRandom;
    use crate::services::{ACCOUNT_ID, Route, ServiceStates};

    struct Kms {
        state: KmsState,
        random: MockRandom,
        clock: Clock,
    }

    impl Kms {
        fn seeded(seed: u64) -> Kms {
            Kms {
                state: KmsState::default(),
                random: MockRandom::seeded(seed),
                clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
            }
        }

        /// Calls `operation`: the status and the JSON answer.
        fn call(&self, operation: &str, input: Value) -> (u16, Value) {
            let route = Route {
                service: "kms".into(),
                region: "us-east-1".into(),
                protocol: Protocol::AwsJson1_1,
                operation: Some(operation.into()),
            };
            let context = Context {
                random: &self.random,
                clock: &self.clock,
                route: &route,
                request_id: "req-1",
                account_id: ACCOUNT_ID,
                origin: "http://localhost:5000".into(),
                services: &ServiceStates::default(),
            };
            let request = Request::builder()
                .method("POST")
                .uri("/")
                .header("x-amz-target", format!("TrentService.{operation}"))
                .header("content-type", "application/x-amz-json-1.1")
                .body(Bytes::from(input.to_string()))
                .unwrap();
            let response = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(handle(&self.state, &context, request));
            let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
            (response.status().as_u16(), body)
        }

        fn ok(&self, operation: &str, input: Value) -> Value {
            let (status, body) = self.call(operation, input);
            assert_eq!(status, 200, "{operation}: {body}");
            body
        }

        fn error(&self, operation: &str, input: Value) -> String {
            let (status, body) = self.call(operation, input);
            assert_eq!(status, 400, "{operation}: {body}");
            body["__type"].as_str().unwrap().to_owned()
        }

        fn key(&self, input: Value) -> String {
            self.ok("CreateKey", input)["KeyMetadata"]["KeyId"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    }

    /// The first key a backend seeded with 42 creates.
    const GOLDEN_KEY_ID_SEED_42: &str = "54902dec-d766-4f09-9d2d-08f0f01c1be4";

    #[test]
    fn key_ids_and_arns_come_from_the_seed() {
        let kms = Kms::seeded(42);
        let created = kms.ok("CreateKey", json!({"Description": "orders"}));
        let metadata = &created["KeyMetadata"];
        assert_eq!(metadata["KeyId"], GOLDEN_KEY_ID_SEED_42);
        assert_eq!(
            metadata["Arn"],
            format!("arn:aws:kms:us-east-1:123456789012:key/{GOLDEN_KEY_ID_SEED_42}")
        );
        assert_eq!(metadata["KeyState"], "Enabled");
        assert_eq!(metadata["KeySpec"], "SYMMETRIC_DEFAULT");
        assert_eq!(
            metadata["EncryptionAlgorithms"],
            json!(["SYMMETRIC_DEFAULT"])
        );
        assert_eq!(metadata["CreationDate"], 1_704_067_200);
        assert_eq!(metadata["Description"], "orders");
    }

    #[test]
    fn ciphertexts_decrypt_in_another_backend_with_the_same_seed() {
        let first = Kms::seeded(7);
        let key = first.key(json!({}));
        let context = json!({"purpose": "test"});
        let blob = first.ok(
            "Encrypt",
            json!({"KeyId": key, "Plaintext": "aGVsbG8=", "EncryptionContext": context}),
        )["CiphertextBlob"]
            .clone();

        let replayed = Kms::seeded(7);
        assert_eq!(replayed.key(json!({})), key);
        let plain = replayed.ok(
            "Decrypt",
            json!({"CiphertextBlob": blob, "EncryptionContext": context}),
        );
        assert_eq!(plain["Plaintext"], "aGVsbG8=");
        assert_eq!(plain["EncryptionAlgorithm"], "SYMMETRIC_DEFAULT");
        assert_eq!(
            replayed.error(
                "Decrypt",
                json!({"CiphertextBlob": blob, "EncryptionContext": {"purpose": "other"}})
            ),
            "InvalidCiphertextException"
        );
        let other = replayed.key(json!({}));
        assert_eq!(
            replayed.error(
                "Decrypt",
                json!({"CiphertextBlob": blob, "EncryptionContext": context, "KeyId": other})
            ),
            "IncorrectKeyException"
        );
    }

    #[test]
    fn tampered_ciphertexts_and_disabled_keys_are_refused() {
        let kms = Kms::seeded(1);
        let key = kms.key(json!({}));
        let blob = kms.ok("Encrypt", json!({"KeyId": key, "Plaintext": "AAEC"}))["CiphertextBlob"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(&blob)
            .unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let tampered = base64::engine::general_purpose::STANDARD.encode(bytes);
        assert_eq!(
            kms.error("Decrypt", json!({"CiphertextBlob": tampered})),
            "InvalidCiphertextException"
        );
        kms.ok("DisableKey", json!({"KeyId": key}));
        assert_eq!(
            kms.error("Decrypt", json!({"CiphertextBlob": blob})),
            "DisabledException"
        );
        kms.ok("EnableKey", json!({"KeyId": key}));
        kms.ok("Decrypt", json!({"CiphertextBlob": blob}));
    }

    use base64::Engine as _;

    #[test]
    fn keys_are_found_by_alias_and_arn() {
        let kms = Kms::seeded(3);
        let key = kms.key(json!({}));
        kms.ok(
            "CreateAlias",
            json!({"AliasName": "alias/orders", "TargetKeyId": key}),
        );
        for name in [
            "alias/orders".to_owned(),
            "arn:aws:kms:us-east-1:123456789012:alias/orders".to_owned(),
            format!("arn:aws:kms:us-east-1:123456789012:key/{key}"),
        ] {
            let described = kms.ok("DescribeKey", json!({"KeyId": name}));
            assert_eq!(described["KeyMetadata"]["KeyId"], key);
        }
        assert_eq!(
            kms.error(
                "CreateAlias",
                json!({"AliasName": "alias/aws/s3", "TargetKeyId": key})
            ),
            "NotAuthorizedException"
        );
        assert_eq!(
            kms.error(
                "CreateAlias",
                json!({"AliasName": "alias/orders", "TargetKeyId": key})
            ),
            "AlreadyExistsException"
        );
        assert_eq!(
            kms.error("EnableKey", json!({"KeyId": "alias/orders"})),
            "NotFoundException"
        );
        let listed = kms.ok("ListAliases", json!({"KeyId": key}));
        assert_eq!(listed["Aliases"][0]["AliasName"], "alias/orders");
        assert_eq!(listed["Truncated"], false);
    }

    #[test]
    fn scheduled_deletion_follows_the_clock() {
        let kms = Kms::seeded(5);
        let key = kms.key(json!({}));
        assert_eq!(
            kms.error(
                "ScheduleKeyDeletion",
                json!({"KeyId": key, "PendingWindowInDays": 5})
            ),
            "ValidationException"
        );
        let scheduled = kms.ok(
            "ScheduleKeyDeletion",
            json!({"KeyId": key, "PendingWindowInDays": 7}),
        );
        assert_eq!(scheduled["DeletionDate"], 1_704_067_200 + 7 * 86_400);
        assert_eq!(scheduled["KeyState"], "PendingDeletion");
        assert_eq!(
            kms.error("Encrypt", json!({"KeyId": key, "Plaintext": "AA=="})),
            "KMSInvalidStateException"
        );
        kms.ok("CancelKeyDeletion", json!({"KeyId": key}));
        let described = kms.ok("DescribeKey", json!({"KeyId": key}));
        assert_eq!(described["KeyMetadata"]["KeyState"], "Disabled");
        kms.ok("ScheduleKeyDeletion", json!({"KeyId": key}));
        kms.clock
            .advance(std::time::Duration::from_secs(31 * 86_400))
            .unwrap();
        assert_eq!(
            kms.error("DescribeKey", json!({"KeyId": key})),
            "NotFoundException"
        );
    }

    #[test]
    fn list_keys_pages_with_markers() {
        let kms = Kms::seeded(9);
        let ids: Vec<String> = (0..3).map(|_| kms.key(json!({}))).collect();
        let first = kms.ok("ListKeys", json!({"Limit": 2}));
        assert_eq!(first["Truncated"], true);
        assert_eq!(first["Keys"][1]["KeyId"], ids[1]);
        let second = kms.ok(
            "ListKeys",
            json!({"Limit": 2, "Marker": first["NextMarker"]}),
        );
        assert_eq!(
            second["Keys"],
            json!([{"KeyId": ids[2], "KeyArn": format!("arn:aws:kms:us-east-1:123456789012:key/{}", ids[2])}])
        );
        assert_eq!(second["Truncated"], false);
        assert_eq!(
            kms.error("ListKeys", json!({"Marker": "nope"})),
            "InvalidMarkerException"
        );
    }

    #[test]
    fn asymmetric_keys_sign_verify_and_encrypt() {
        let kms = Kms::seeded(11);
        for (spec, algorithm) in [
            ("ECC_NIST_P256", "ECDSA_SHA_256"),
            ("ECC_NIST_P384", "ECDSA_SHA_384"),
            ("RSA_2048", "RSASSA_PSS_SHA_256"),
            ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512"),
        ] {
            let key = kms.key(json!({"KeySpec": spec, "KeyUsage": "SIGN_VERIFY"}));
            let signed = kms.ok(
                "Sign",
                json!({"KeyId": key, "Message": "bWVzc2FnZQ==", "SigningAlgorithm": algorithm}),
            );
            let verify = json!({
                "KeyId": key, "Message": "bWVzc2FnZQ==", "SigningAlgorithm": algorithm,
                "Signature": signed["Signature"],
            });
            assert_eq!(kms.ok("Verify", verify.clone())["SignatureValid"], true);
            let mut wrong = verify;
            wrong["Message"] = json!("b3RoZXI=");
            assert_eq!(
                kms.error("Verify", wrong),
                "KMSInvalidSignatureException",
                "{spec} {algorithm}"
            );
            let public = kms.ok("GetPublicKey", json!({"KeyId": key}));
            assert!(
                public["PublicKey"].as_str().unwrap().starts_with('M'),
                "DER SEQUENCE"
            );
        }
        let rsa = kms.key(json!({"KeySpec": "RSA_2048"}));
        let sealed = kms.ok(
            "Encrypt",
            json!({"KeyId": rsa, "Plaintext": "c2VjcmV0", "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
        );
        let opened = kms.ok(
            "Decrypt",
            json!({"KeyId": rsa, "CiphertextBlob": sealed["CiphertextBlob"], "EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}),
        );
        assert_eq!(opened["Plaintext"], "c2VjcmV0");
        assert_eq!(
            kms.error("CreateKey", json!({"KeySpec": "ECC_NIST_P256"})),
            "ValidationException"
        );
    }

    #[test]
    fn digests_are_signed_as_given() {
        let kms = Kms::seeded(12);
        let key = kms.key(json!({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}));
        let digest = base64::engine::general_purpose::STANDARD
            .encode(<sha2::Sha256 as sha2::Digest>::digest(b"message"));
        let signed = kms.ok(
            "Sign",
            json!({"KeyId": key, "Message": digest, "MessageType": "DIGEST", "SigningAlgorithm": "ECDSA_SHA_256"}),
        );
        let raw = json!({
            "KeyId": key, "Message": "bWVzc2FnZQ==", "SigningAlgorithm": "ECDSA_SHA_256",
            "Signature": signed["Signature"],
        });
        assert_eq!(kms.ok("Verify", raw)["SignatureValid"], true);
        assert_eq!(
            kms.error(
                "Sign",
                json!({"KeyId": key, "Message": "AAEC", "MessageType": "DIGEST", "SigningAlgorithm": "ECDSA_SHA_256"})
            ),
            "ValidationException"
        );
    }

    #[test]
    fn data_keys_macs_and_random_bytes() {
        let kms = Kms::seeded(13);
        let key = kms.key(json!({}));
        let data = kms.ok(
            "GenerateDataKey",
            json!({"KeyId": key, "KeySpec": "AES_128"}),
        );
        let plaintext = data["Plaintext"].as_str().unwrap();
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(plaintext)
                .unwrap()
                .len(),
            16
        );
        let opened = kms.ok("Decrypt", json!({"CiphertextBlob": data["CiphertextBlob"]}));
        assert_eq!(opened["Plaintext"], plaintext);
        assert_eq!(
            kms.error("GenerateDataKey", json!({"KeyId": key})),
            "ValidationException"
        );
        let bare = kms.ok(
            "GenerateDataKeyWithoutPlaintext",
            json!({"KeyId": key, "NumberOfBytes": 64}),
        );
        assert!(bare.get("Plaintext").is_none());

        let hmac = kms.key(json!({"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}));
        let mac = kms.ok(
            "GenerateMac",
            json!({"KeyId": hmac, "Message": "AAEC", "MacAlgorithm": "HMAC_SHA_256"}),
        );
        let verified = kms.ok(
            "VerifyMac",
            json!({"KeyId": hmac, "Message": "AAEC", "MacAlgorithm": "HMAC_SHA_256", "Mac": mac["Mac"]}),
        );
        assert_eq!(verified["MacValid"], true);
        assert_eq!(
            kms.error(
                "VerifyMac",
                json!({"KeyId": hmac, "Message": "AAED", "MacAlgorithm": "HMAC_SHA_256", "Mac": mac["Mac"]})
            ),
            "KMSInvalidMacException"
        );
        let random = kms.ok("GenerateRandom", json!({"NumberOfBytes": 8}));
        assert_eq!(random["Plaintext"].as_str().unwrap().len(), 12);
    }

    #[test]
    fn policies_tags_and_rotation() {
        let kms = Kms::seeded(14);
        let key = kms.key(json!({"Tags": [{"TagKey": "team", "TagValue": "data"}]}));
        let policy = kms.ok("GetKeyPolicy", json!({"KeyId": key}))["Policy"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(policy.contains("\"AWS\" : \"arn:aws:iam::123456789012:root\""));
        assert_eq!(
            kms.error("PutKeyPolicy", json!({"KeyId": key, "Policy": "not json"})),
            "MalformedPolicyDocumentException"
        );
        kms.ok(
            "TagResource",
            json!({"KeyId": key, "Tags": [{"TagKey": "team", "TagValue": "ops"}, {"TagKey": "env", "TagValue": "ci"}]}),
        );
        kms.ok("UntagResource", json!({"KeyId": key, "TagKeys": ["env"]}));
        let tags = kms.ok("ListResourceTags", json!({"KeyId": key}));
        assert_eq!(tags["Tags"], json!([{"TagKey": "team", "TagValue": "ops"}]));
        kms.ok("EnableKeyRotation", json!({"KeyId": key}));
        let status = kms.ok("GetKeyRotationStatus", json!({"KeyId": key}));
        assert_eq!(status["KeyRotationEnabled"], true);
        assert_eq!(status["RotationPeriodInDays"], 365);
        let ecc = kms.key(json!({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}));
        assert_eq!(
            kms.error("EnableKeyRotation", json!({"KeyId": ecc})),
            "UnsupportedOperationException"
        );
    }
}
