"""KMS scenarios: keys and their metadata, states and scheduled deletion, aliases,
encryption with encryption contexts, data keys, signatures, policies, tags, rotation and
paging.

Ciphertexts, signatures and data keys are drawn at random on each side: those members
are compared by shape only (`_random`).
"""

from harness import dig

BLOB = ("CiphertextBlob",)


def new_key(kms, **kwargs):
    created = kms.create_key(**kwargs)
    return dig(created, "KeyMetadata", "KeyId", default="missing")


def keys_and_metadata(aws):
    kms = aws.client("kms")
    key = new_key(kms, Description="orders", Tags=[{"TagKey": "team", "TagValue": "data"}])
    arn = f"arn:aws:kms:us-east-1:123456789012:key/{key}"
    kms.describe_key(KeyId=key)
    kms.describe_key(KeyId=arn)
    kms.update_key_description(KeyId=key, Description="all orders")
    kms.describe_key(KeyId=key)
    kms.list_keys()
    kms.describe_key(KeyId="00000000-0000-4000-8000-000000000000")
    kms.describe_key(KeyId="alias/missing")
    kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY", Description="releases")
    kms.create_key(KeySpec="ECC_NIST_P384", KeyUsage="SIGN_VERIFY")


def states_and_deletion(aws):
    kms = aws.client("kms")
    key = new_key(kms)
    kms.disable_key(KeyId=key)
    kms.describe_key(KeyId=key)
    kms.enable_key(KeyId=key)
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    kms.describe_key(KeyId=key)
    kms.cancel_key_deletion(KeyId=key)
    kms.describe_key(KeyId=key)
    kms.enable_key(KeyId=key)
    kms.disable_key(KeyId="00000000-0000-4000-8000-000000000000")


def aliases(aws):
    kms = aws.client("kms")
    first = new_key(kms)
    second = new_key(kms)
    kms.create_alias(AliasName="alias/orders", TargetKeyId=first)
    kms.create_alias(AliasName="alias/orders", TargetKeyId=second)
    kms.create_alias(AliasName="alias/aws/s3", TargetKeyId=first)
    kms.create_alias(AliasName="orders", TargetKeyId=first)
    kms.describe_key(KeyId="alias/orders")
    kms.describe_key(KeyId="arn:aws:kms:us-east-1:123456789012:alias/orders")
    kms.update_alias(AliasName="alias/orders", TargetKeyId=second)
    kms.describe_key(KeyId="alias/orders")
    kms.delete_alias(AliasName="alias/orders")
    kms.delete_alias(AliasName="alias/orders")
    kms.describe_key(KeyId="alias/orders")


def encryption(aws):
    kms = aws.client("kms")
    key = new_key(kms)
    other = new_key(kms)
    kms.create_alias(AliasName="alias/cards", TargetKeyId=key)
    sealed = kms.encrypt(KeyId="alias/cards", Plaintext=b"4111 1111 1111 1111",
                         EncryptionContext={"order": "o-1"}, _random=BLOB)
    blob = dig(sealed, "CiphertextBlob", default=b"missing")
    kms.decrypt(CiphertextBlob=blob, EncryptionContext={"order": "o-1"})
    kms.decrypt(CiphertextBlob=blob, EncryptionContext={"order": "o-2"})
    kms.decrypt(CiphertextBlob=blob)
    kms.decrypt(CiphertextBlob=blob, EncryptionContext={"order": "o-1"}, KeyId=key)
    kms.decrypt(CiphertextBlob=b"not a ciphertext from this service at all, no")
    kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext={"order": "o-1"},
                   DestinationKeyId=other, _random=BLOB)
    kms.encrypt(KeyId="alias/missing", Plaintext=b"x")


def data_keys_and_random(aws):
    kms = aws.client("kms")
    key = new_key(kms)
    data = kms.generate_data_key(KeyId=key, KeySpec="AES_256",
                                 _random=("CiphertextBlob", "Plaintext"))
    kms.decrypt(CiphertextBlob=dig(data, "CiphertextBlob", default=b"missing"), _random=("Plaintext",))
    kms.generate_data_key_without_plaintext(KeyId=key, NumberOfBytes=64, _random=BLOB)
    kms.generate_data_key(KeyId=key)
    kms.generate_random(NumberOfBytes=32, _random=("Plaintext",))


def signatures(aws):
    kms = aws.client("kms")
    key = new_key(kms, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    signed = kms.sign(KeyId=key, Message=b"release 1.2", MessageType="RAW",
                      SigningAlgorithm="ECDSA_SHA_256", _random=("Signature",))
    signature = dig(signed, "Signature", default=b"missing")
    kms.verify(KeyId=key, Message=b"release 1.2", MessageType="RAW", Signature=signature,
               SigningAlgorithm="ECDSA_SHA_256")
    kms.get_public_key(KeyId=key, _random=("PublicKey",))
    rsa = new_key(kms, KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    signed = kms.sign(KeyId=rsa, Message=b"release 1.2", SigningAlgorithm="RSASSA_PSS_SHA_256",
                      _random=("Signature",))
    kms.verify(KeyId=rsa, Message=b"release 1.2", Signature=dig(signed, "Signature", default=b"x"),
               SigningAlgorithm="RSASSA_PSS_SHA_256")
    kms.sign(KeyId=key, Message=b"release 1.2", SigningAlgorithm="RSASSA_PSS_SHA_256")


def policies_tags_and_rotation(aws):
    kms = aws.client("kms")
    key = new_key(kms)
    kms.list_key_policies(KeyId=key)
    kms.put_key_policy(KeyId=key, PolicyName="default",
                       Policy='{"Version": "2012-10-17", "Statement": []}')
    kms.get_key_policy(KeyId=key, PolicyName="default")
    kms.get_key_policy(KeyId=key, PolicyName="other")
    kms.tag_resource(KeyId=key, Tags=[{"TagKey": "team", "TagValue": "data"},
                                      {"TagKey": "env", "TagValue": "ci"}])
    kms.tag_resource(KeyId=key, Tags=[{"TagKey": "team", "TagValue": "ops"}])
    kms.list_resource_tags(KeyId=key)
    kms.untag_resource(KeyId=key, TagKeys=["env"])
    kms.list_resource_tags(KeyId=key)
    kms.get_key_rotation_status(KeyId=key)
    kms.enable_key_rotation(KeyId=key)
    kms.disable_key_rotation(KeyId=key)
    kms.get_key_rotation_status(KeyId=key)


def macs(aws):
    kms = aws.client("kms")
    key = new_key(kms, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    mac = kms.generate_mac(KeyId=key, Message=b"payload", MacAlgorithm="HMAC_SHA_256",
                           _random=("Mac",))
    kms.verify_mac(KeyId=key, Message=b"payload", MacAlgorithm="HMAC_SHA_256",
                   Mac=dig(mac, "Mac", default=b"missing"))


def paging(aws):
    kms = aws.client("kms")
    for _ in range(3):
        new_key(kms)
    first = kms.list_keys(Limit=2)
    kms.list_keys(Limit=2, Marker=dig(first, "NextMarker", default="none"))


SCENARIOS = [
    keys_and_metadata,
    states_and_deletion,
    aliases,
    encryption,
    data_keys_and_random,
    signatures,
    policies_tags_and_rotation,
    macs,
    paging,
]
