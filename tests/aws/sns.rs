//! SNS through aws-sdk-sns.
