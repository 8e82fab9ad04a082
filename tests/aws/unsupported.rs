//! Operations a service does not emulate answer an AWS-shaped error naming them.

use aws_sdk_s3::error::ProvideErrorMetadata as _;

use crate::support::{dynamodb_in, ec2_in, s3, server, sqs, sts};

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
        .get_bucket_policy()
        .bucket("bkt")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NotImplemented"), "{error:?}");

    let error = dynamodb_in(&server, "us-east-1")
        .describe_continuous_backups()
        .table_name("t")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("UnknownOperationException"));
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("DescribeContinuousBackups"),
        "{error:?}"
    );

    let url = sqs(&server)
        .create_queue()
        .queue_name("q")
        .send()
        .await
        .unwrap()
        .queue_url()
        .unwrap()
        .to_owned();
    let error = sqs(&server)
        .list_dead_letter_source_queues()
        .queue_url(url)
        .send()
        .await
        .unwrap_err();
    assert!(
        format!("{error:?}").contains("ListDeadLetterSourceQueues"),
        "{error:?}"
    );

    let error = ec2_in(&server, "us-east-1")
        .describe_key_pairs()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidAction"));
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("DescribeKeyPairs"),
        "{error:?}"
    );

    let error = sts(&server).get_session_token().send().await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidAction"));
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("GetSessionToken"),
        "{error:?}"
    );
}
