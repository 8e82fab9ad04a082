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
        ("CancelKeyDeletion", Handler::Sync(keys::cancel_key_deletion)),
        ("CreateAlias", Handler::Sync(aliases::create_alias)),
        ("CreateKey", Handler::Sync(keys::create_key)),
        ("Decrypt", Handler::Sync(crypto::decrypt)),
        ("DeleteAlias", Handler::Sync(aliases::delete_alias)),
        ("DescribeKey", Handler::Sync(keys::describe_key)),
        ("DisableKey", Handler::Sync(keys::disable_key)),
        ("DisableKeyRotation", Handler::Sync(keys::disable_key_rotation)),
        ("EnableKey", Handler::Sync(keys::enable_key)),
        ("EnableKeyRotation", Handler::Sync(keys::enable_key_rotation)),
        ("Encrypt", Handler::Sync(crypto::encrypt)),
        ("GenerateDataKey", Handler::Sync(crypto::generate_data_key)),
        ("GenerateDataKeyWithoutPlaintext", Handler::Sync(crypto::generate_data_key_without_plaintext)),
        ("GenerateMac", Handler::Sync(crypto::generate_mac)),
        ("GenerateRandom", Handler::Sync(crypto::generate_random)),
        ("GetKeyPolicy", Handler::Sync(keys::get_key_policy)),
        ("GetKeyRotationStatus", Handler::Sync(keys::get_key_rotation_status)),
        ("GetPublicKey", Handler::Sync(crypto::get_public_key)),
        ("ListAliases", Handler::Sync(aliases::list_aliases)),
        ("ListKeyPolicies", Handler::Sync(keys::list_key_policies)),
        ("ListKeys", Handler::Sync(keys::list_keys)),
        ("ListResourceTags", Handler::Sync(keys::list_resource_tags)),
        ("PutKeyPolicy", Handler::Sync(keys::put_key_policy)),
        ("ReEncrypt", Handler::Sync(crypto::re_encrypt)),
        ("ScheduleKeyDeletion", Handler::Sync(keys::schedule_key_deletion)),
        ("Sign", Handler::Sync(crypto::sign)),
        ("TagResource", Handler::Sync(keys::tag_resource)),
        ("UntagResource", Handler::Sync(keys::untag_resource)),
        ("UpdateAlias", Handler::Sync(aliases::update_alias)),
        ("UpdateKeyDescription", Handler::Sync(keys::update_key_description)),
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
