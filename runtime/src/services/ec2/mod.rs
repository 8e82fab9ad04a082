//! EC2 (its query protocol, XML answers): instances, tags, images, regions and zones,
//! and each region's default VPC, subnets and security group.

mod error;
mod handlers;
mod model;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, header};

pub use model::Ec2State;

use crate::protocol::error::ServiceError;
use crate::protocol::query::QueryParams;
use crate::protocol::xml::escape;
use crate::services::Context;

/// The XML namespace of EC2 answers.
const NAMESPACE: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

type Handler = fn(
    &Ec2State,
    &Context<'_>,
    &QueryParams,
) -> Result<crate::protocol::xml::XmlWriter, ServiceError>;

/// Every EC2 operation emulated here and the function that serves it.
const HANDLERS: [(&str, Handler); 18] = [
    (
        "AuthorizeSecurityGroupIngress",
        handlers::authorize_security_group_ingress,
    ),
    ("CreateSecurityGroup", handlers::create_security_group),
    ("CreateTags", handlers::create_tags),
    ("DeleteTags", handlers::delete_tags),
    (
        "DescribeAvailabilityZones",
        handlers::describe_availability_zones,
    ),
    ("DescribeImages", handlers::describe_images),
    (
        "DescribeInstanceAttribute",
        handlers::describe_instance_attribute,
    ),
    ("DescribeInstanceStatus", handlers::describe_instance_status),
    ("DescribeInstances", handlers::describe_instances),
    ("DescribeRegions", handlers::describe_regions),
    ("DescribeSecurityGroups", handlers::describe_security_groups),
    ("DescribeSubnets", handlers::describe_subnets),
    ("DescribeTags", handlers::describe_tags),
    ("DescribeVpcs", handlers::describe_vpcs),
    ("RunInstances", handlers::run_instances),
    ("StartInstances", handlers::start_instances),
    ("StopInstances", handlers::stop_instances),
    ("TerminateInstances", handlers::terminate_instances),
];

/// The EC2 operations emulated here.
pub const OPERATIONS: [&str; 18] = {
    let mut names = [""; 18];
    let mut index = 0;
    while index < HANDLERS.len() {
        names[index] = HANDLERS[index].0;
        index += 1;
    }
    names
};

/// Answers an EC2 request.
pub async fn handle(
    state: &Ec2State,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    let action = context.route.operation.clone().unwrap_or_default();
    let params = QueryParams::parse(
        request.uri().query().unwrap_or_default(),
        std::str::from_utf8(request.body()).unwrap_or_default(),
    );
    let Some((_, handler)) = HANDLERS.iter().find(|(name, _)| *name == action) else {
        return context.error_response(&error::invalid_action(&action));
    };
    match handler(state, context, &params) {
        Ok(fragment) => {
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{NAMESPACE}\"><requestId>{}</requestId>{}</{action}Response>",
                escape(context.request_id),
                fragment.finish()
            );
            let mut response = Response::new(Bytes::from(body));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/xml;charset=UTF-8"),
            );
            response
        }
        Err(error) => context.error_response(&error),
    }
}
