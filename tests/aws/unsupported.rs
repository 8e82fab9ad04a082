//! Operations a service does not emulate answer an AWS-shaped error naming them (SQS
//! emulates every operation of its model).

use aws_sdk_s3::error::ProvideErrorMetadata as _;

use crate::support::{dynamodb_in, ec2_in, s3, server, sts};

#[tokio::test]
async fn every_service_names_the_operation_it_does_not_emulate() {
    let server = server();
    s3(&server)
        .create_bucket()
        .bucket("bkt")
        .send()
        .await
        .unwrap();
    let error = s3(&server)
        .get_bucket_logging()
        .bucket("bkt")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NotImplemented"), "{error:?}");
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("GetBucketLogging"),
        "{error:?}"
    );

    let error = dynamodb_in(&server, "us-east-1")
        .describe_contributor_insights()
        .table_name("orders")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("UnknownOperationException"));
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("DescribeContributorInsights"),
        "{error:?}"
    );

    let error = ec2_in(&server, "us-east-1")
        .describe_capacity_reservations()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidAction"));
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("DescribeCapacityReservations"),
        "{error:?}"
    );

    let error = sts(&server)
        .assume_root()
        .target_principal("111122223333")
        .task_policy_arn(
            aws_sdk_sts::types::PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidAction"));
    assert!(
        error.message().unwrap_or_default().contains("AssumeRoot"),
        "{error:?}"
    );
}
