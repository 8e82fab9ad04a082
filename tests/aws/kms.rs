//! KMS through aws-sdk-kms.
