//! The AWS managed policies infrastructure code attaches most (`arn:aws:iam::aws:policy/
//! ...`): a chosen set, not AWS's whole catalogue. Each keeps AWS's name and path; its
//! document carries the policy's main statements (AWS revises the full text often), as
//! its one version, `v1`. Attaching an AWS managed policy not listed here answers
//! NoSuchEntity, as AWS does for one that does not exist.

use std::time::{Duration, SystemTime};

use super::ids::{self, Kind};
use super::model::{ManagedPolicy, PolicyVersion};

/// One AWS managed policy.
struct AwsPolicy {
    name: &'static str,
    path: &'static str,
    description: &'static str,
    document: &'static str,
}

/// When every policy here was created (AWS's managed policies date from their launch,
/// 2015-02-06).
const CREATED_EPOCH_SECONDS: u64 = 1_423_247_986;

const POLICIES: &[AwsPolicy] = &[
    AwsPolicy {
        name: "AdministratorAccess",
        path: "/",
        description: "Provides full access to AWS services and resources.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "PowerUserAccess",
        path: "/",
        description: "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "ReadOnlyAccess",
        path: "/",
        description: "Provides read-only access to AWS services and resources.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*:Describe*","*:Get*","*:List*"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "IAMFullAccess",
        path: "/",
        description: "Provides full access to IAM via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonS3FullAccess",
        path: "/",
        description: "Provides full access to all buckets via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonS3ReadOnlyAccess",
        path: "/",
        description: "Provides read only access to all buckets via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonDynamoDBFullAccess",
        path: "/",
        description: "Provides full access to Amazon DynamoDB via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*","dax:*","application-autoscaling:*","cloudwatch:*","kms:DescribeKey","kms:ListAliases","sns:*","lambda:*","iam:GetRole","iam:ListRoles"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonDynamoDBReadOnlyAccess",
        path: "/",
        description: "Provides read only access to Amazon DynamoDB via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:List*","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan","dynamodb:PartiQLSelect","cloudwatch:GetMetricStatistics","cloudwatch:DescribeAlarms"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonSQSFullAccess",
        path: "/",
        description: "Provides full access to Amazon SQS via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:*"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonSQSReadOnlyAccess",
        path: "/",
        description: "Provides read only access to Amazon SQS via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:GetQueueAttributes","sqs:GetQueueUrl","sqs:ListDeadLetterSourceQueues","sqs:ListQueues","sqs:ListMessageMoveTasks","sqs:ListQueueTags"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonEC2FullAccess",
        path: "/",
        description: "Provides full access to Amazon EC2 via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:*","elasticloadbalancing:*","cloudwatch:*","autoscaling:*"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonEC2ReadOnlyAccess",
        path: "/",
        description: "Provides read only access to Amazon EC2 via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","elasticloadbalancing:Describe*","cloudwatch:ListMetrics","cloudwatch:GetMetricStatistics","cloudwatch:Describe*","autoscaling:Describe*"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "SecretsManagerReadWrite",
        path: "/",
        description: "Provides read/write access to AWS Secrets Manager via the AWS Management Console.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:*","kms:DescribeKey","kms:ListAliases","kms:ListKeys","lambda:ListFunctions","tag:GetResources"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "CloudWatchLogsFullAccess",
        path: "/",
        description: "Provides full access to CloudWatch Logs",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*","cloudwatch:GenerateQuery"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonSSMManagedInstanceCore",
        path: "/",
        description: "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:DescribeAssociation","ssm:GetDeployablePatchSnapshotForInstance","ssm:GetDocument","ssm:DescribeDocument","ssm:GetManifest","ssm:GetParameter","ssm:GetParameters","ssm:ListAssociations","ssm:ListInstanceAssociations","ssm:PutInventory","ssm:PutComplianceItems","ssm:PutConfigurePackageResult","ssm:UpdateAssociationStatus","ssm:UpdateInstanceAssociationStatus","ssm:UpdateInstanceInformation"],"Resource":"*"},{"Effect":"Allow","Action":["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Resource":"*"},{"Effect":"Allow","Action":["ec2messages:AcknowledgeMessage","ec2messages:DeleteMessage","ec2messages:FailMessage","ec2messages:GetEndpoint","ec2messages:GetMessages","ec2messages:SendReply"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AWSLambdaBasicExecutionRole",
        path: "/service-role/",
        description: "Provides write permissions to CloudWatch Logs.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AWSLambdaVPCAccessExecutionRole",
        path: "/service-role/",
        description: "Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC - create, describe, delete network interfaces and write permissions to CloudWatch Logs.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AWSLambdaSQSQueueExecutionRole",
        path: "/service-role/",
        description: "Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AWSLambdaDynamoDBExecutionRole",
        path: "/service-role/",
        description: "Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    },
    AwsPolicy {
        name: "AmazonECSTaskExecutionRolePolicy",
        path: "/service-role/",
        description: "Provides access to other AWS service resources that are required to run Amazon ECS tasks",
        document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    },
];

/// The ARN of an AWS managed policy.
fn arn_of(policy: &AwsPolicy) -> String {
    format!("arn:aws:iam::aws:policy{}{}", policy.path, policy.name)
}

fn managed(policy: &AwsPolicy) -> ManagedPolicy {
    let created = SystemTime::UNIX_EPOCH + Duration::from_secs(CREATED_EPOCH_SECONDS);
    ManagedPolicy {
        id: ids::derived_id(Kind::Policy, policy.name),
        name: policy.name.to_owned(),
        path: policy.path.to_owned(),
        arn: arn_of(policy),
        description: Some(policy.description.to_owned()),
        created,
        updated: created,
        versions: vec![PolicyVersion {
            id: "v1".to_owned(),
            document: policy.document.to_owned(),
            created,
        }],
        default_version: "v1".to_owned(),
        next_version: 2,
        tags: Vec::new(),
    }
}

/// The AWS managed policy `arn` names, if it is one of the set.
pub(super) fn find(arn: &str) -> Option<ManagedPolicy> {
    POLICIES
        .iter()
        .find(|policy| arn_of(policy) == arn)
        .map(managed)
}

/// Every AWS managed policy of the set.
pub(super) fn all() -> impl Iterator<Item = ManagedPolicy> {
    POLICIES.iter().map(managed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::iam::documents;

    #[test]
    fn every_policy_is_a_valid_document_with_a_unique_arn() {
        let mut arns: Vec<String> = all().map(|policy| policy.arn).collect();
        for policy in POLICIES {
            documents::check(policy.document).unwrap();
        }
        arns.sort();
        arns.dedup();
        assert_eq!(arns.len(), POLICIES.len());
        assert_eq!(
            find("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
                .unwrap()
                .path,
            "/service-role/"
        );
        assert!(find("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole").is_none());
    }
}
