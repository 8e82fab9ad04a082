//! KMS through aws-sdk-kms: keys, aliases, states, encryption with encryption contexts,
//! data keys, signatures and MACs, end to end over awsJson 1.1; a Moto recording replayed
//! here; a fixture written here replayed in Moto; and the recipe whose ciphertext,
//! recorded in a fixture, decrypts after replay.

use aws_sdk_kms::error::ProvideErrorMetadata as _;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{
    DataKeySpec, EncryptionAlgorithmSpec, KeySpec, KeyState, KeyUsageType, MacAlgorithmSpec,
    MessageType, SigningAlgorithmSpec, Tag,
};
use moto_recorded::recording::Recording;
use moto_recorded::{BackendKind, Moto, moto_recorded};

use crate::support::{kms, server};

const ARN_PREFIX: &str = "arn:aws:kms:us-east-1:123456789012:";

/// A key of `spec` for `usage`: its id.
async fn key_of(client: &aws_sdk_kms::Client, spec: KeySpec, usage: KeyUsageType) -> String {
    client
        .create_key()
        .key_spec(spec)
        .key_usage(usage)
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .key_id()
        .to_owned()
}

async fn symmetric_key(client: &aws_sdk_kms::Client) -> String {
    client
        .create_key()
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .key_id()
        .to_owned()
}

#[tokio::test]
async fn ciphertexts_are_bound_to_their_key_and_encryption_context() {
    let server = server();
    let client = kms(&server);
    let key = symmetric_key(&client).await;
    client
        .create_alias()
        .alias_name("alias/orders")
        .target_key_id(&key)
        .send()
        .await
        .unwrap();

    let sealed = client
        .encrypt()
        .key_id("alias/orders")
        .plaintext(Blob::new("card 4111"))
        .encryption_context("order", "o-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sealed.key_id(),
        Some(format!("{ARN_PREFIX}key/{key}").as_str())
    );
    let blob = sealed.ciphertext_blob().unwrap().clone();

    let opened = client
        .decrypt()
        .ciphertext_blob(blob.clone())
        .encryption_context("order", "o-1")
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"card 4111");
    assert_eq!(
        opened.encryption_algorithm(),
        Some(&EncryptionAlgorithmSpec::SymmetricDefault)
    );

    let other_context = client
        .decrypt()
        .ciphertext_blob(blob.clone())
        .encryption_context("order", "o-2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(other_context.code(), Some("InvalidCiphertextException"));

    let other = symmetric_key(&client).await;
    let other_key = client
        .decrypt()
        .ciphertext_blob(blob.clone())
        .encryption_context("order", "o-1")
        .key_id(&other)
        .send()
        .await
        .unwrap_err();
    assert_eq!(other_key.code(), Some("IncorrectKeyException"));

    let moved = client
        .re_encrypt()
        .ciphertext_blob(blob)
        .source_encryption_context("order", "o-1")
        .destination_key_id(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(
        moved.source_key_id(),
        Some(format!("{ARN_PREFIX}key/{key}").as_str())
    );
    let reopened = client
        .decrypt()
        .ciphertext_blob(moved.ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    assert_eq!(reopened.plaintext().unwrap().as_ref(), b"card 4111");
    assert_eq!(
        reopened.key_id(),
        Some(format!("{ARN_PREFIX}key/{other}").as_str())
    );
}

#[tokio::test]
async fn keys_move_through_their_states() {
    let server = server();
    let client = kms(&server);
    let created = client
        .create_key()
        .description("payments")
        .tags(
            Tag::builder()
                .tag_key("team")
                .tag_value("billing")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let metadata = created.key_metadata().unwrap();
    assert_eq!(metadata.key_id(), "54902dec-d766-4f09-9d2d-08f0f01c1be4");
    assert_eq!(metadata.key_state(), Some(&KeyState::Enabled));
    assert_eq!(metadata.key_usage(), Some(&KeyUsageType::EncryptDecrypt));
    assert_eq!(metadata.creation_date().unwrap().secs(), 1_704_067_200);
    let key = metadata.key_id().to_owned();

    client.disable_key().key_id(&key).send().await.unwrap();
    let refused = client
        .encrypt()
        .key_id(&key)
        .plaintext(Blob::new("x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("DisabledException"));
    client.enable_key().key_id(&key).send().await.unwrap();

    let scheduled = client
        .schedule_key_deletion()
        .key_id(&key)
        .pending_window_in_days(7)
        .send()
        .await
        .unwrap();
    assert_eq!(scheduled.key_state(), Some(&KeyState::PendingDeletion));
    assert_eq!(
        scheduled.deletion_date().unwrap().secs(),
        1_704_067_200 + 7 * 86_400
    );
    let described = client.describe_key().key_id(&key).send().await.unwrap();
    assert_eq!(
        described.key_metadata().unwrap().key_state(),
        Some(&KeyState::PendingDeletion)
    );
    client
        .cancel_key_deletion()
        .key_id(&key)
        .send()
        .await
        .unwrap();
    let described = client.describe_key().key_id(&key).send().await.unwrap();
    let metadata = described.key_metadata().unwrap();
    assert_eq!(metadata.key_state(), Some(&KeyState::Disabled));
    assert_eq!(metadata.deletion_date(), None);

    let missing = client
        .describe_key()
        .key_id("00000000-0000-4000-8000-000000000000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("NotFoundException"));
}

#[tokio::test]
async fn keys_and_aliases_are_listed_in_pages() {
    let server = server();
    let client = kms(&server);
    let mut keys = Vec::new();
    for _ in 0..3 {
        keys.push(symmetric_key(&client).await);
    }
    let first = client.list_keys().limit(2).send().await.unwrap();
    assert!(first.truncated());
    let second = client
        .list_keys()
        .limit(2)
        .marker(first.next_marker().unwrap())
        .send()
        .await
        .unwrap();
    let listed: Vec<&str> = first
        .keys()
        .iter()
        .chain(second.keys())
        .filter_map(|key| key.key_id())
        .collect();
    assert_eq!(listed, keys);
    assert!(!second.truncated());

    for (alias, key) in [("alias/a", &keys[0]), ("alias/b", &keys[1])] {
        client
            .create_alias()
            .alias_name(alias)
            .target_key_id(key)
            .send()
            .await
            .unwrap();
    }
    client
        .update_alias()
        .alias_name("alias/b")
        .target_key_id(&keys[0])
        .send()
        .await
        .unwrap();
    let of_first = client.list_aliases().key_id(&keys[0]).send().await.unwrap();
    let names: Vec<&str> = of_first
        .aliases()
        .iter()
        .filter_map(|alias| alias.alias_name())
        .collect();
    assert_eq!(names, ["alias/a", "alias/b"]);
    client
        .delete_alias()
        .alias_name("alias/a")
        .send()
        .await
        .unwrap();
    let gone = client
        .describe_key()
        .key_id("alias/a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("NotFoundException"));
    let reserved = client
        .create_alias()
        .alias_name("alias/aws/s3")
        .target_key_id(&keys[2])
        .send()
        .await
        .unwrap_err();
    assert_eq!(reserved.code(), Some("NotAuthorizedException"));
}

#[tokio::test]
async fn asymmetric_keys_sign_and_hand_out_their_public_key() {
    let server = server();
    let client = kms(&server);
    for (spec, algorithm) in [
        (KeySpec::EccNistP256, SigningAlgorithmSpec::EcdsaSha256),
        (KeySpec::EccNistP384, SigningAlgorithmSpec::EcdsaSha384),
        (KeySpec::Rsa2048, SigningAlgorithmSpec::RsassaPssSha256),
    ] {
        let key = key_of(&client, spec.clone(), KeyUsageType::SignVerify).await;
        let signed = client
            .sign()
            .key_id(&key)
            .message(Blob::new("release 1.2"))
            .message_type(MessageType::Raw)
            .signing_algorithm(algorithm.clone())
            .send()
            .await
            .unwrap();
        let verified = client
            .verify()
            .key_id(&key)
            .message(Blob::new("release 1.2"))
            .signature(signed.signature().unwrap().clone())
            .signing_algorithm(algorithm.clone())
            .send()
            .await
            .unwrap();
        assert!(verified.signature_valid(), "{spec:?}");
        let forged = client
            .verify()
            .key_id(&key)
            .message(Blob::new("release 1.3"))
            .signature(signed.signature().unwrap().clone())
            .signing_algorithm(algorithm)
            .send()
            .await
            .unwrap_err();
        assert_eq!(forged.code(), Some("KMSInvalidSignatureException"));
        let public = client.get_public_key().key_id(&key).send().await.unwrap();
        assert_eq!(public.key_spec(), Some(&spec));
        assert_eq!(public.public_key().unwrap().as_ref()[0], 0x30, "DER");
    }

    let rsa = key_of(&client, KeySpec::Rsa2048, KeyUsageType::EncryptDecrypt).await;
    let sealed = client
        .encrypt()
        .key_id(&rsa)
        .plaintext(Blob::new("secret"))
        .encryption_algorithm(EncryptionAlgorithmSpec::RsaesOaepSha256)
        .send()
        .await
        .unwrap();
    let opened = client
        .decrypt()
        .key_id(&rsa)
        .ciphertext_blob(sealed.ciphertext_blob().unwrap().clone())
        .encryption_algorithm(EncryptionAlgorithmSpec::RsaesOaepSha256)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"secret");
}

#[tokio::test]
async fn data_keys_macs_policies_tags_and_rotation() {
    let server = server();
    let client = kms(&server);
    let key = symmetric_key(&client).await;
    let data = client
        .generate_data_key()
        .key_id(&key)
        .key_spec(DataKeySpec::Aes256)
        .send()
        .await
        .unwrap();
    assert_eq!(data.plaintext().unwrap().as_ref().len(), 32);
    let unwrapped = client
        .decrypt()
        .ciphertext_blob(data.ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unwrapped.plaintext(), data.plaintext());
    let random = client
        .generate_random()
        .number_of_bytes(16)
        .send()
        .await
        .unwrap();
    assert_eq!(random.plaintext().unwrap().as_ref().len(), 16);

    let hmac = key_of(&client, KeySpec::Hmac256, KeyUsageType::GenerateVerifyMac).await;
    let mac = client
        .generate_mac()
        .key_id(&hmac)
        .message(Blob::new("payload"))
        .mac_algorithm(MacAlgorithmSpec::HmacSha256)
        .send()
        .await
        .unwrap();
    let checked = client
        .verify_mac()
        .key_id(&hmac)
        .message(Blob::new("payload"))
        .mac(mac.mac().unwrap().clone())
        .mac_algorithm(MacAlgorithmSpec::HmacSha256)
        .send()
        .await
        .unwrap();
    assert!(checked.mac_valid());

    let policy = client.get_key_policy().key_id(&key).send().await.unwrap();
    assert!(policy.policy().unwrap().contains("key-default-1"));
    client
        .put_key_policy()
        .key_id(&key)
        .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .unwrap();
    let names = client
        .list_key_policies()
        .key_id(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(names.policy_names(), ["default"]);

    client
        .tag_resource()
        .key_id(&key)
        .tags(
            Tag::builder()
                .tag_key("env")
                .tag_value("ci")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let tags = client
        .list_resource_tags()
        .key_id(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags()[0].tag_value(), "ci");
    client
        .untag_resource()
        .key_id(&key)
        .tag_keys("env")
        .send()
        .await
        .unwrap();
    let tags = client
        .list_resource_tags()
        .key_id(&key)
        .send()
        .await
        .unwrap();
    assert!(tags.tags().is_empty());

    client
        .enable_key_rotation()
        .key_id(&key)
        .send()
        .await
        .unwrap();
    let status = client
        .get_key_rotation_status()
        .key_id(&key)
        .send()
        .await
        .unwrap();
    assert!(status.key_rotation_enabled());
    assert_eq!(status.rotation_period_in_days(), Some(365));
}

/// Moto's recording rebuilds its keys with their specs, descriptions and tags. Moto and
/// this backend draw different key ids from the same seed, so the recorded requests that
/// name a key by the id Moto drew (CreateAlias, DisableKey) find no key here: they are
/// the only entries that fail, each with NotFoundException.
#[tokio::test]
async fn the_moto_written_recording_rebuilds_its_keys() {
    let server = server();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/tests/data/moto-5.2/kms_keys.jsonl");
    let report = server.replay(&Recording::read(&path).unwrap()).unwrap();
    let failed: Vec<(usize, u16, bool)> = report
        .client_errors
        .iter()
        .map(|error| {
            (
                error.line,
                error.status,
                error.body.contains("NotFoundException"),
            )
        })
        .collect();
    assert_eq!(failed, [(4, 400, true), (5, 400, true)], "{report:?}");

    let client = kms(&server);
    let keys = client.list_keys().send().await.unwrap();
    let mut rebuilt = Vec::new();
    for listed in keys.keys() {
        let key = listed.key_id().unwrap();
        let described = client.describe_key().key_id(key).send().await.unwrap();
        let metadata = described.key_metadata().unwrap();
        let tags = client
            .list_resource_tags()
            .key_id(key)
            .send()
            .await
            .unwrap();
        rebuilt.push((
            metadata.description().unwrap().to_owned(),
            metadata.key_spec().unwrap().as_str().to_owned(),
            metadata.key_state().unwrap().as_str().to_owned(),
            tags.tags()
                .iter()
                .map(|tag| format!("{}={}", tag.tag_key(), tag.tag_value()))
                .collect::<Vec<_>>(),
        ));
    }
    assert_eq!(
        rebuilt,
        [
            (
                "orders".to_owned(),
                "SYMMETRIC_DEFAULT".to_owned(),
                "Enabled".to_owned(),
                vec!["team=data".to_owned()]
            ),
            (
                "releases".to_owned(),
                "ECC_NIST_P256".to_owned(),
                "Enabled".to_owned(),
                Vec::new()
            ),
        ]
    );
}

// ---------------------------------------------------------------------------
// Keys that survive replay: the recipe of the README.

fn s3(moto: &Moto) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::new(&moto.sdk_config())
}

/// A key with an alias encrypts a card number; the ciphertext is stored in S3.
async fn seal_the_card(moto: &Moto) {
    let kms = aws_sdk_kms::Client::new(&moto.sdk_config());
    let key = kms
        .create_key()
        .description("cards")
        .tags(
            Tag::builder()
                .tag_key("team")
                .tag_value("payments")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let key_id = key.key_metadata().unwrap().key_id();
    kms.create_alias()
        .alias_name("alias/cards")
        .target_key_id(key_id)
        .send()
        .await
        .unwrap();
    let sealed = kms
        .encrypt()
        .key_id("alias/cards")
        .plaintext(Blob::new("4111 1111 1111 1111"))
        .encryption_context("order", "o-1")
        .send()
        .await
        .unwrap();
    let s3 = s3(moto);
    s3.create_bucket().bucket("vault").send().await.unwrap();
    s3.put_object()
        .bucket("vault")
        .key("o-1.card")
        .body(sealed.ciphertext_blob().unwrap().as_ref().to_vec().into())
        .send()
        .await
        .unwrap();
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/kms_cards.jsonl", setup = seal_the_card)]
#[tokio::test]
async fn the_recorded_ciphertext_decrypts_after_replay(moto: &Moto) {
    let stored = s3(moto)
        .get_object()
        .bucket("vault")
        .key("o-1.card")
        .send()
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap()
        .into_bytes();
    let kms = aws_sdk_kms::Client::new(&moto.sdk_config());
    let opened = kms
        .decrypt()
        .ciphertext_blob(Blob::new(stored.to_vec()))
        .encryption_context("order", "o-1")
        .send()
        .await
        .unwrap();
    assert_eq!(opened.plaintext().unwrap().as_ref(), b"4111 1111 1111 1111");
    if moto.backend_kind() == BackendKind::Embedded {
        assert_eq!(
            opened.key_id(),
            Some("arn:aws:kms:us-east-1:123456789012:key/54902dec-d766-4f09-9d2d-08f0f01c1be4")
        );
    }
}

/// The fixture above, uploaded to a real Moto server and replayed by Moto's own
/// `replay-recording`. Moto draws other key ids from the same seed, so the recorded
/// requests that name the key by our id (CreateAlias, Encrypt) fail there, as EC2's
/// recorded instance ids do; the key itself, its description and tags, and the stored
/// ciphertext are rebuilt.
#[tokio::test]
#[ignore = "needs a Moto server: run by .ci/run"]
async fn fixtures_written_here_rebuild_their_state_in_moto() {
    let Some(url) = crate::interop::moto_server() else {
        return;
    };
    crate::interop::replay_in_moto(&url, "kms_cards.jsonl");
    let config = crate::interop::config(&url);
    let client = aws_sdk_kms::Client::new(&config);
    let keys = client.list_keys().send().await.unwrap();
    assert_eq!(keys.keys().len(), 1);
    let key = keys.keys()[0].key_id().unwrap();
    let described = client.describe_key().key_id(key).send().await.unwrap();
    assert_eq!(
        described.key_metadata().unwrap().description(),
        Some("cards")
    );
    let tags = client
        .list_resource_tags()
        .key_id(key)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags()[0].tag_value(), "payments");
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let stored = s3
        .get_object()
        .bucket("vault")
        .key("o-1.card")
        .send()
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap()
        .into_bytes();
    assert!(stored.starts_with(b"54902dec-d766-4f09-9d2d-08f0f01c1be4"));
}
