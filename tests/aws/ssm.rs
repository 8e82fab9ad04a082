//! SSM through aws-sdk-ssm.
