//! What a key is: its spec, its usage and the algorithms they allow, named as AWS names
//! them, with AWS's rules on which spec takes which usage.

/// A key's spec (`KeySpec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeySpec {
    SymmetricDefault,
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EccNistP256,
    EccNistP384,
    Hmac224,
    Hmac256,
    Hmac384,
    Hmac512,
}

/// What a key is for (`KeyUsage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyUsage {
    EncryptDecrypt,
    SignVerify,
    GenerateVerifyMac,
}

/// The hash a signing or MAC algorithm uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hash {
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// How a signature is made (`SigningAlgorithmSpec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Signing {
    Pkcs1(Hash),
    Pss(Hash),
    Ecdsa(Hash),
}

impl Signing {
    /// Every signing algorithm this backend makes signatures with.
    const ALL: [Signing; 8] = [
        Signing::Pkcs1(Hash::Sha256),
        Signing::Pkcs1(Hash::Sha384),
        Signing::Pkcs1(Hash::Sha512),
        Signing::Pss(Hash::Sha256),
        Signing::Pss(Hash::Sha384),
        Signing::Pss(Hash::Sha512),
        Signing::Ecdsa(Hash::Sha256),
        Signing::Ecdsa(Hash::Sha384),
    ];

    pub(super) fn parse(name: &str) -> Option<Signing> {
        Signing::ALL
            .into_iter()
            .find(|algorithm| algorithm.name() == name)
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Signing::Pkcs1(Hash::Sha256) => "RSASSA_PKCS1_V1_5_SHA_256",
            Signing::Pkcs1(Hash::Sha384) => "RSASSA_PKCS1_V1_5_SHA_384",
            Signing::Pkcs1(_) => "RSASSA_PKCS1_V1_5_SHA_512",
            Signing::Pss(Hash::Sha256) => "RSASSA_PSS_SHA_256",
            Signing::Pss(Hash::Sha384) => "RSASSA_PSS_SHA_384",
            Signing::Pss(_) => "RSASSA_PSS_SHA_512",
            Signing::Ecdsa(Hash::Sha384) => "ECDSA_SHA_384",
            Signing::Ecdsa(_) => "ECDSA_SHA_256",
        }
    }

    pub(super) fn hash(self) -> Hash {
        match self {
            Signing::Pkcs1(hash) | Signing::Pss(hash) | Signing::Ecdsa(hash) => hash,
        }
    }
}

/// How an RSA key encrypts (`EncryptionAlgorithmSpec` of RSA keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Oaep {
    Sha1,
    Sha256,
}

impl Oaep {
    pub(super) fn parse(name: &str) -> Option<Oaep> {
        match name {
            "RSAES_OAEP_SHA_1" => Some(Oaep::Sha1),
            "RSAES_OAEP_SHA_256" => Some(Oaep::Sha256),
            _ => None,
        }
    }
}

/// The symmetric encryption algorithm.
pub(super) const SYMMETRIC_DEFAULT: &str = "SYMMETRIC_DEFAULT";

impl KeySpec {
    pub(super) fn parse(name: &str) -> Option<KeySpec> {
        Some(match name {
            "SYMMETRIC_DEFAULT" => KeySpec::SymmetricDefault,
            "RSA_2048" => KeySpec::Rsa2048,
            "RSA_3072" => KeySpec::Rsa3072,
            "RSA_4096" => KeySpec::Rsa4096,
            "ECC_NIST_P256" => KeySpec::EccNistP256,
            "ECC_NIST_P384" => KeySpec::EccNistP384,
            "HMAC_224" => KeySpec::Hmac224,
            "HMAC_256" => KeySpec::Hmac256,
            "HMAC_384" => KeySpec::Hmac384,
            "HMAC_512" => KeySpec::Hmac512,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            KeySpec::SymmetricDefault => "SYMMETRIC_DEFAULT",
            KeySpec::Rsa2048 => "RSA_2048",
            KeySpec::Rsa3072 => "RSA_3072",
            KeySpec::Rsa4096 => "RSA_4096",
            KeySpec::EccNistP256 => "ECC_NIST_P256",
            KeySpec::EccNistP384 => "ECC_NIST_P384",
            KeySpec::Hmac224 => "HMAC_224",
            KeySpec::Hmac256 => "HMAC_256",
            KeySpec::Hmac384 => "HMAC_384",
            KeySpec::Hmac512 => "HMAC_512",
        }
    }

    /// The usages AWS lets a key of this spec have.
    pub(super) fn allows(self, usage: KeyUsage) -> bool {
        match self {
            KeySpec::SymmetricDefault => usage == KeyUsage::EncryptDecrypt,
            KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => {
                matches!(usage, KeyUsage::EncryptDecrypt | KeyUsage::SignVerify)
            }
            KeySpec::EccNistP256 | KeySpec::EccNistP384 => usage == KeyUsage::SignVerify,
            KeySpec::Hmac224 | KeySpec::Hmac256 | KeySpec::Hmac384 | KeySpec::Hmac512 => {
                usage == KeyUsage::GenerateVerifyMac
            }
        }
    }

    /// The modulus size of an RSA spec.
    pub(super) fn rsa_bits(self) -> Option<usize> {
        match self {
            KeySpec::Rsa2048 => Some(2048),
            KeySpec::Rsa3072 => Some(3072),
            KeySpec::Rsa4096 => Some(4096),
            _ => None,
        }
    }

    /// The hash of an HMAC spec.
    pub(super) fn mac_hash(self) -> Option<Hash> {
        match self {
            KeySpec::Hmac224 => Some(Hash::Sha224),
            KeySpec::Hmac256 => Some(Hash::Sha256),
            KeySpec::Hmac384 => Some(Hash::Sha384),
            KeySpec::Hmac512 => Some(Hash::Sha512),
            _ => None,
        }
    }

    /// The encryption algorithms a key of this spec and usage has, as DescribeKey lists
    /// them.
    pub(super) fn encryption_algorithms(self, usage: KeyUsage) -> Vec<&'static str> {
        match (self, usage) {
            (KeySpec::SymmetricDefault, _) => vec![SYMMETRIC_DEFAULT],
            (_, KeyUsage::EncryptDecrypt) if self.rsa_bits().is_some() => {
                vec!["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]
            }
            _ => Vec::new(),
        }
    }

    /// The signing algorithms a key of this spec and usage has.
    pub(super) fn signing_algorithms(self, usage: KeyUsage) -> Vec<Signing> {
        if usage != KeyUsage::SignVerify {
            return Vec::new();
        }
        match self {
            KeySpec::EccNistP256 => vec![Signing::Ecdsa(Hash::Sha256)],
            KeySpec::EccNistP384 => vec![Signing::Ecdsa(Hash::Sha384)],
            _ if self.rsa_bits().is_some() => Signing::ALL
                .into_iter()
                .filter(|algorithm| !matches!(algorithm, Signing::Ecdsa(_)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The MAC algorithm of an HMAC key.
    pub(super) fn mac_algorithm(self) -> Option<&'static str> {
        self.mac_hash().map(|hash| match hash {
            Hash::Sha224 => "HMAC_SHA_224",
            Hash::Sha256 => "HMAC_SHA_256",
            Hash::Sha384 => "HMAC_SHA_384",
            Hash::Sha512 => "HMAC_SHA_512",
        })
    }
}

impl KeyUsage {
    pub(super) fn parse(name: &str) -> Option<KeyUsage> {
        match name {
            "ENCRYPT_DECRYPT" => Some(KeyUsage::EncryptDecrypt),
            "SIGN_VERIFY" => Some(KeyUsage::SignVerify),
            "GENERATE_VERIFY_MAC" => Some(KeyUsage::GenerateVerifyMac),
            _ => None,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            KeyUsage::EncryptDecrypt => "ENCRYPT_DECRYPT",
            KeyUsage::SignVerify => "SIGN_VERIFY",
            KeyUsage::GenerateVerifyMac => "GENERATE_VERIFY_MAC",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_take_the_usages_aws_allows() {
        assert!(KeySpec::SymmetricDefault.allows(KeyUsage::EncryptDecrypt));
        assert!(!KeySpec::SymmetricDefault.allows(KeyUsage::SignVerify));
        assert!(KeySpec::Rsa3072.allows(KeyUsage::SignVerify));
        assert!(KeySpec::Rsa3072.allows(KeyUsage::EncryptDecrypt));
        assert!(!KeySpec::EccNistP256.allows(KeyUsage::EncryptDecrypt));
        assert!(KeySpec::Hmac256.allows(KeyUsage::GenerateVerifyMac));
        assert!(!KeySpec::Hmac256.allows(KeyUsage::EncryptDecrypt));
    }

    #[test]
    fn names_round_trip() {
        for algorithm in Signing::ALL {
            assert_eq!(Signing::parse(algorithm.name()), Some(algorithm));
        }
        for name in ["RSA_4096", "ECC_NIST_P384", "HMAC_224", "SYMMETRIC_DEFAULT"] {
            assert_eq!(KeySpec::parse(name).map(KeySpec::name), Some(name));
        }
    }
}
