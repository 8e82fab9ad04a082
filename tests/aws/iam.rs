//! IAM through aws-sdk-iam.
