//! EC2 (its query protocol, XML answers): instances, volumes and snapshots, launch
//! templates, key pairs, tags, the catalogue (images, instance types, regions and zones),
//! account attributes, and the network: VPCs, subnets, security groups, internet
//! gateways, route tables and Elastic IP addresses, from the default VPC every region
//! starts with.
//!
//! The protocol engine decodes each request into the input structure of AWS's EC2 model
//! and writes the handler's output structure as EC2's XML (element names, `item`
//! wrappers, `requestId`), so a handler reads and answers model member names only.

mod account;
mod addresses;
mod amis;
mod catalogue;
mod cidr;
mod error;
mod handlers;
mod instance;
mod instance_attributes;
mod instance_types;
mod instances;
mod internet_gateways;
mod key_material;
mod key_pair;
mod key_pairs;
mod launch;
mod launch_template;
mod launch_templates;
mod model;
mod network_model;
mod pages;
mod regions;
mod route_tables;
mod security_groups;
mod subnets;
mod tagging;
mod tags;
#[cfg(test)]
mod testing;
pub(crate) mod view;
mod volume;
mod volumes;
mod vpcs;

use bytes::Bytes;
use http::{Request, Response};
use serde_json::Value;

pub use model::Ec2State;

use crate::models;
use crate::protocol::engine::{Answer, Handler, Input, Service, Validation};
use crate::protocol::error::ServiceError;
use crate::protocol::validate::Violation;
use crate::services::Context;

/// EC2 on the protocol engine: every operation of its model, these implemented.
pub static SERVICE: Service<Ec2State> = Service {
    model: &models::ec2::MODEL,
    title: "EC2",
    // Sorted by name: the engine finds them by binary search.
    handlers: &[
        (
            "AllocateAddress",
            Handler::Sync(|s, c, i| act(addresses::allocate_address, s, c, &i)),
        ),
        (
            "AssociateAddress",
            Handler::Sync(|s, c, i| act(addresses::associate_address, s, c, &i)),
        ),
        (
            "AssociateRouteTable",
            Handler::Sync(|s, c, i| act(route_tables::associate_route_table, s, c, &i)),
        ),
        (
            "AttachInternetGateway",
            Handler::Sync(|s, c, i| act(internet_gateways::attach_internet_gateway, s, c, &i)),
        ),
        (
            "AttachVolume",
            Handler::Sync(|s, c, i| act(volumes::attach_volume, s, c, &i)),
        ),
        (
            "AuthorizeSecurityGroupEgress",
            Handler::Sync(|s, c, i| {
                act(security_groups::authorize_security_group_egress, s, c, &i)
            }),
        ),
        (
            "AuthorizeSecurityGroupIngress",
            Handler::Sync(|s, c, i| {
                act(security_groups::authorize_security_group_ingress, s, c, &i)
            }),
        ),
        (
            "CreateInternetGateway",
            Handler::Sync(|s, c, i| act(internet_gateways::create_internet_gateway, s, c, &i)),
        ),
        (
            "CreateKeyPair",
            Handler::Sync(|s, c, i| act(key_pairs::create_key_pair, s, c, &i)),
        ),
        (
            "CreateLaunchTemplate",
            Handler::Sync(|s, c, i| act(launch_templates::create_launch_template, s, c, &i)),
        ),
        (
            "CreateLaunchTemplateVersion",
            Handler::Sync(|s, c, i| {
                act(launch_templates::create_launch_template_version, s, c, &i)
            }),
        ),
        (
            "CreateRoute",
            Handler::Sync(|s, c, i| act(route_tables::create_route, s, c, &i)),
        ),
        (
            "CreateRouteTable",
            Handler::Sync(|s, c, i| act(route_tables::create_route_table, s, c, &i)),
        ),
        (
            "CreateSecurityGroup",
            Handler::Sync(|s, c, i| act(security_groups::create_security_group, s, c, &i)),
        ),
        (
            "CreateSnapshot",
            Handler::Sync(|s, c, i| act(volumes::create_snapshot, s, c, &i)),
        ),
        (
            "CreateSubnet",
            Handler::Sync(|s, c, i| act(subnets::create_subnet, s, c, &i)),
        ),
        (
            "CreateTags",
            Handler::Sync(|s, c, i| act(tagging::create_tags, s, c, &i)),
        ),
        (
            "CreateVolume",
            Handler::Sync(|s, c, i| act(volumes::create_volume, s, c, &i)),
        ),
        (
            "CreateVpc",
            Handler::Sync(|s, c, i| act(vpcs::create_vpc, s, c, &i)),
        ),
        (
            "DeleteInternetGateway",
            Handler::Sync(|s, c, i| act(internet_gateways::delete_internet_gateway, s, c, &i)),
        ),
        (
            "DeleteKeyPair",
            Handler::Sync(|s, c, i| act(key_pairs::delete_key_pair, s, c, &i)),
        ),
        (
            "DeleteLaunchTemplate",
            Handler::Sync(|s, c, i| act(launch_templates::delete_launch_template, s, c, &i)),
        ),
        (
            "DeleteRoute",
            Handler::Sync(|s, c, i| act(route_tables::delete_route, s, c, &i)),
        ),
        (
            "DeleteRouteTable",
            Handler::Sync(|s, c, i| act(route_tables::delete_route_table, s, c, &i)),
        ),
        (
            "DeleteSecurityGroup",
            Handler::Sync(|s, c, i| act(security_groups::delete_security_group, s, c, &i)),
        ),
        (
            "DeleteSnapshot",
            Handler::Sync(|s, c, i| act(volumes::delete_snapshot, s, c, &i)),
        ),
        (
            "DeleteSubnet",
            Handler::Sync(|s, c, i| act(subnets::delete_subnet, s, c, &i)),
        ),
        (
            "DeleteTags",
            Handler::Sync(|s, c, i| act(tagging::delete_tags, s, c, &i)),
        ),
        (
            "DeleteVolume",
            Handler::Sync(|s, c, i| act(volumes::delete_volume, s, c, &i)),
        ),
        (
            "DeleteVpc",
            Handler::Sync(|s, c, i| act(vpcs::delete_vpc, s, c, &i)),
        ),
        (
            "DescribeAccountAttributes",
            Handler::Sync(|s, c, i| act(account::describe_account_attributes, s, c, &i)),
        ),
        (
            "DescribeAddresses",
            Handler::Sync(|s, c, i| act(addresses::describe_addresses, s, c, &i)),
        ),
        (
            "DescribeAvailabilityZones",
            Handler::Sync(|s, c, i| act(catalogue::describe_availability_zones, s, c, &i)),
        ),
        (
            "DescribeImages",
            Handler::Sync(|s, c, i| act(catalogue::describe_images, s, c, &i)),
        ),
        (
            "DescribeInstanceAttribute",
            Handler::Sync(|s, c, i| {
                act(instance_attributes::describe_instance_attribute, s, c, &i)
            }),
        ),
        (
            "DescribeInstanceStatus",
            Handler::Sync(|s, c, i| act(instances::describe_instance_status, s, c, &i)),
        ),
        (
            "DescribeInstanceTypeOfferings",
            Handler::Sync(|s, c, i| act(catalogue::describe_instance_type_offerings, s, c, &i)),
        ),
        (
            "DescribeInstanceTypes",
            Handler::Sync(|s, c, i| act(catalogue::describe_instance_types, s, c, &i)),
        ),
        (
            "DescribeInstances",
            Handler::Sync(|s, c, i| act(instances::describe_instances, s, c, &i)),
        ),
        (
            "DescribeInternetGateways",
            Handler::Sync(|s, c, i| act(internet_gateways::describe_internet_gateways, s, c, &i)),
        ),
        (
            "DescribeKeyPairs",
            Handler::Sync(|s, c, i| act(key_pairs::describe_key_pairs, s, c, &i)),
        ),
        (
            "DescribeLaunchTemplateVersions",
            Handler::Sync(|s, c, i| {
                act(
                    launch_templates::describe_launch_template_versions,
                    s,
                    c,
                    &i,
                )
            }),
        ),
        (
            "DescribeLaunchTemplates",
            Handler::Sync(|s, c, i| act(launch_templates::describe_launch_templates, s, c, &i)),
        ),
        (
            "DescribeRegions",
            Handler::Sync(|s, c, i| act(catalogue::describe_regions, s, c, &i)),
        ),
        (
            "DescribeRouteTables",
            Handler::Sync(|s, c, i| act(route_tables::describe_route_tables, s, c, &i)),
        ),
        (
            "DescribeSecurityGroupRules",
            Handler::Sync(|s, c, i| act(security_groups::describe_security_group_rules, s, c, &i)),
        ),
        (
            "DescribeSecurityGroups",
            Handler::Sync(|s, c, i| act(security_groups::describe_security_groups, s, c, &i)),
        ),
        (
            "DescribeSnapshots",
            Handler::Sync(|s, c, i| act(volumes::describe_snapshots, s, c, &i)),
        ),
        (
            "DescribeSubnets",
            Handler::Sync(|s, c, i| act(subnets::describe_subnets, s, c, &i)),
        ),
        (
            "DescribeTags",
            Handler::Sync(|s, c, i| act(tagging::describe_tags, s, c, &i)),
        ),
        (
            "DescribeVolumes",
            Handler::Sync(|s, c, i| act(volumes::describe_volumes, s, c, &i)),
        ),
        (
            "DescribeVpcAttribute",
            Handler::Sync(|s, c, i| act(vpcs::describe_vpc_attribute, s, c, &i)),
        ),
        (
            "DescribeVpcs",
            Handler::Sync(|s, c, i| act(vpcs::describe_vpcs, s, c, &i)),
        ),
        (
            "DetachInternetGateway",
            Handler::Sync(|s, c, i| act(internet_gateways::detach_internet_gateway, s, c, &i)),
        ),
        (
            "DetachVolume",
            Handler::Sync(|s, c, i| act(volumes::detach_volume, s, c, &i)),
        ),
        (
            "DisassociateAddress",
            Handler::Sync(|s, c, i| act(addresses::disassociate_address, s, c, &i)),
        ),
        (
            "DisassociateRouteTable",
            Handler::Sync(|s, c, i| act(route_tables::disassociate_route_table, s, c, &i)),
        ),
        (
            "ImportKeyPair",
            Handler::Sync(|s, c, i| act(key_pairs::import_key_pair, s, c, &i)),
        ),
        (
            "ModifyInstanceAttribute",
            Handler::Sync(|s, c, i| act(instance_attributes::modify_instance_attribute, s, c, &i)),
        ),
        (
            "ModifyLaunchTemplate",
            Handler::Sync(|s, c, i| act(launch_templates::modify_launch_template, s, c, &i)),
        ),
        (
            "ModifySubnetAttribute",
            Handler::Sync(|s, c, i| act(subnets::modify_subnet_attribute, s, c, &i)),
        ),
        (
            "ModifyVpcAttribute",
            Handler::Sync(|s, c, i| act(vpcs::modify_vpc_attribute, s, c, &i)),
        ),
        (
            "ReleaseAddress",
            Handler::Sync(|s, c, i| act(addresses::release_address, s, c, &i)),
        ),
        (
            "ReplaceRoute",
            Handler::Sync(|s, c, i| act(route_tables::replace_route, s, c, &i)),
        ),
        (
            "ReplaceRouteTableAssociation",
            Handler::Sync(|s, c, i| act(route_tables::replace_route_table_association, s, c, &i)),
        ),
        (
            "RevokeSecurityGroupEgress",
            Handler::Sync(|s, c, i| act(security_groups::revoke_security_group_egress, s, c, &i)),
        ),
        (
            "RevokeSecurityGroupIngress",
            Handler::Sync(|s, c, i| act(security_groups::revoke_security_group_ingress, s, c, &i)),
        ),
        (
            "RunInstances",
            Handler::Sync(|s, c, i| act(launch::run_instances, s, c, &i)),
        ),
        (
            "StartInstances",
            Handler::Sync(|s, c, i| act(instances::start_instances, s, c, &i)),
        ),
        (
            "StopInstances",
            Handler::Sync(|s, c, i| act(instances::stop_instances, s, c, &i)),
        ),
        (
            "TerminateInstances",
            Handler::Sync(|s, c, i| act(instances::terminate_instances, s, c, &i)),
        ),
    ],
    validation: Validation::Required(missing_parameter),
    // AWS's answers end the namespace with a slash; the model's does not.
    xml_namespace: Some("http://ec2.amazonaws.com/doc/2016-11-15/"),
    not_implemented_code: None,
    prepare: None,
};

/// Answers an EC2 request.
pub async fn handle(
    state: &Ec2State,
    context: &Context<'_>,
    request: Request<Bytes>,
) -> Response<Bytes> {
    SERVICE.serve(state, context, &request).await
}

/// Runs `handler` on the request's input, unless the input sets `DryRun`: then, as EC2
/// does, nothing is done (and no id drawn) and the answer is `DryRunOperation`. Every
/// emulated operation has the member; the model's checks come first.
fn act(
    handler: fn(&Ec2State, &Context<'_>, &Value) -> Answer,
    state: &Ec2State,
    context: &Context<'_>,
    input: &Input<'_>,
) -> Answer {
    if input.value.get("DryRun").and_then(Value::as_bool) == Some(true) {
        return Err(error::dry_run_operation());
    }
    handler(state, context, &input.value)
}

/// A required member the request left out: EC2's `MissingParameter`, naming the query
/// parameter (`InstanceId` for `InstanceIds`). RunInstances' counts and
/// CreateSecurityGroup's name and description are left to their handlers, which look
/// for the image and the name first.
fn missing_parameter(violation: &Violation) -> Option<ServiceError> {
    match violation.member.as_str() {
        "MinCount" | "MaxCount" | "GroupName" | "Description" => None,
        member => Some(error::missing_parameter(&parameter_name(member))),
    }
}

/// The query parameter of an input member of the emulated operations, as EC2's query
/// protocol names it (the generated models hold that name when it is not the member's).
fn parameter_name(member: &str) -> String {
    let model = SERVICE.model;
    SERVICE
        .implemented()
        .filter_map(|name| model.operation(name)?.input)
        .flat_map(|input| model.shape(input).members)
        .find(|candidate| candidate.name == member)
        .map_or(member, |found| found.query_name.unwrap_or(found.name))
        .to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::clock::Clock;
    use crate::protocol::error::Protocol;
    use crate::protocol::model::{Kind, ServiceModel, Shape};
    use crate::random::MockRandom;
    use crate::services::{ACCOUNT_ID, Route};

    /// The reservation and the first instance a backend seeded with 42 launches.
    const FIRST_RESERVATION_ID_SEED_42: &str = "r-e0fea209dfd5ae07c";
    const FIRST_INSTANCE_ID_SEED_42: &str = "i-a5cf6f056be383c3e";

    struct Backend {
        state: Ec2State,
        random: MockRandom,
        clock: Clock,
        services: crate::services::ServiceStates,
    }

    struct Reply {
        status: u16,
        content_type: String,
        body: String,
    }

    impl Reply {
        /// The `<Code>` and `<Message>` of an error.
        fn error(&self) -> (&str, &str) {
            let between = |open: &str, close: &str| {
                let start = self.body.find(open).map_or(0, |at| at + open.len());
                let end = self.body[start..]
                    .find(close)
                    .map_or(start, |at| start + at);
                &self.body[start..end]
            };
            (
                between("<Code>", "</Code>"),
                between("<Message>", "</Message>"),
            )
        }
    }

    impl Backend {
        /// Seeded with 42, on a virtual clock at 2024-01-01T00:00:00Z.
        fn new() -> Backend {
            Backend {
                state: Ec2State::default(),
                random: MockRandom::seeded(42),
                clock: Clock::virtual_at_rfc3339("2024-01-01T00:00:00Z").unwrap(),
                services: crate::services::ServiceStates::default(),
            }
        }

        fn context<'a>(&'a self, route: &'a Route) -> Context<'a> {
            Context {
                random: &self.random,
                clock: &self.clock,
                route,
                request_id: "req-1",
                account_id: ACCOUNT_ID,
                origin: "http://127.0.0.1:41234".into(),
                services: &self.services,
            }
        }

        fn route(operation: Option<&str>) -> Route {
            Route {
                service: "ec2".into(),
                region: "us-east-1".into(),
                protocol: Protocol::Ec2Query,
                operation: operation.map(str::to_owned),
            }
        }

        /// A request as aws-sdk-ec2 sends it: `parameters` after `Action` and `Version`.
        async fn call(&self, action: &str, parameters: &str) -> Reply {
            let route = Backend::route(Some(action));
            let request = Request::builder()
                .method("POST")
                .uri("/")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Bytes::from(format!(
                    "Action={action}&Version=2016-11-15&{parameters}"
                )))
                .unwrap();
            let response = handle(&self.state, &self.context(&route), request).await;
            Reply {
                status: response.status().as_u16(),
                content_type: response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .to_owned(),
                body: String::from_utf8(response.body().to_vec()).unwrap(),
            }
        }

        /// A handler's output for `input`, before the engine writes it.
        fn output(&self, operation: &str, input: Value) -> Value {
            let route = Backend::route(Some(operation));
            SERVICE
                .call(&self.state, &self.context(&route), operation, input)
                .unwrap_or_else(|| panic!("no handler for {operation}"))
                .unwrap_or_else(|error| panic!("{operation}: {error}"))
        }
    }

    #[tokio::test]
    async fn run_instances_answers_in_ec2_xml_with_the_seeded_ids() {
        let backend = Backend::new();
        let reply = backend
            .call(
                "RunInstances",
                "ImageId=ami-12c6146b&MinCount=1&MaxCount=1&InstanceType=t2.micro\
                 &TagSpecification.1.ResourceType=instance\
                 &TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=web",
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.content_type, "text/xml;charset=UTF-8");
        let body = &reply.body;
        assert!(
            body.starts_with(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RunInstancesResponse \
                 xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-1</requestId>\
                 <reservationId>r-e0fea209dfd5ae07c</reservationId>\
                 <ownerId>123456789012</ownerId><groupSet></groupSet><instancesSet><item>"
            ),
            "{body}"
        );
        assert!(body.contains(FIRST_RESERVATION_ID_SEED_42), "{body}");
        for fragment in [
            "<instanceId>i-a5cf6f056be383c3e</instanceId>",
            "<instanceState><code>0</code><name>pending</name></instanceState>",
            "<privateDnsName>ip-172-31-0-4.ec2.internal</privateDnsName><dnsName>ec2-54-214-",
            "<amiLaunchIndex>0</amiLaunchIndex><productCodes></productCodes>\
             <instanceType>t2.micro</instanceType>",
            "<launchTime>2024-01-01T00:00:00.000Z</launchTime>",
            "<placement><groupName></groupName><tenancy>default</tenancy>\
             <availabilityZone>us-east-1a</availabilityZone></placement>",
            "<monitoring><state>disabled</state></monitoring>",
            "<privateIpAddress>172.31.0.4</privateIpAddress>",
            "<groupSet><item><groupId>sg-",
            "<groupName>default</groupName></item></groupSet>",
            "<tagSet><item><key>Name</key><value>web</value></item></tagSet>",
            "<architecture>x86_64</architecture>",
        ] {
            assert!(body.contains(fragment), "{fragment} in {body}");
        }
        assert!(body.contains(FIRST_INSTANCE_ID_SEED_42));
        assert!(!body.contains("<keyName>"), "no key pair was named: {body}");
        // Moto's catalogue image: Windows, its root volume at /dev/sda1.
        assert!(body.contains("<platform>windows</platform>"), "{body}");
        assert!(
            body.contains("<rootDeviceName>/dev/sda1</rootDeviceName>"),
            "{body}"
        );
    }

    #[tokio::test]
    async fn state_changes_and_attributes_use_the_model_names() {
        let backend = Backend::new();
        backend
            .call(
                "RunInstances",
                "ImageId=ami-12c6146b&MinCount=1&MaxCount=1&UserData=aGk%3D",
            )
            .await;
        let id = FIRST_INSTANCE_ID_SEED_42;
        let stopped = backend
            .call("StopInstances", &format!("InstanceId.1={id}"))
            .await;
        assert!(
            stopped.body.contains(&format!(
                "<instancesSet><item><instanceId>{id}</instanceId>\
                 <currentState><code>64</code><name>stopping</name></currentState>\
                 <previousState><code>16</code><name>running</name></previousState>\
                 </item></instancesSet>"
            )),
            "{}",
            stopped.body
        );
        let attribute = backend
            .call(
                "DescribeInstanceAttribute",
                &format!("InstanceId={id}&Attribute=userData"),
            )
            .await;
        assert!(
            attribute.body.contains(&format!(
                "<instanceId>{id}</instanceId><userData><value>aGk=</value></userData>"
            )),
            "{}",
            attribute.body
        );
        let described = backend.call("DescribeInstances", "").await;
        assert!(
            described.body.contains("<platform>windows</platform>"),
            "{}",
            described.body
        );
        let ingress = backend
            .call(
                "AuthorizeSecurityGroupIngress",
                "GroupName=default&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=22\
                 &IpPermissions.1.ToPort=22&IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0%2F8",
            )
            .await;
        assert!(
            ingress.body.contains("<return>true</return>"),
            "{}",
            ingress.body
        );
        let groups = backend.call("DescribeSecurityGroups", "").await;
        assert!(
            groups.body.contains(
                "<item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>\
                 <toPort>22</toPort><groups></groups><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp>\
                 </item></ipRanges><ipv6Ranges></ipv6Ranges><prefixListIds></prefixListIds>\
                 </item></ipPermissions>"
            ),
            "{}",
            groups.body
        );
        let subnets = backend
            .call(
                "DescribeSubnets",
                "Filter.1.Name=availability-zone&Filter.1.Value.1=us-east-1a",
            )
            .await;
        assert!(
            subnets.body.contains(
                "<availableIpAddressCount>4090</availableIpAddressCount>\
                 <availabilityZone>us-east-1a</availabilityZone>\
                 <defaultForAz>true</defaultForAz><mapPublicIpOnLaunch>true</mapPublicIpOnLaunch>"
            ),
            "{}",
            subnets.body
        );
    }

    #[tokio::test]
    async fn missing_parameters_are_named_as_the_query_protocol_sends_them() {
        let backend = Backend::new();
        for (action, parameters, missing) in [
            ("StopInstances", "", "InstanceId"),
            ("StopInstances", "InstanceId=", "InstanceId"),
            ("CreateTags", "Tag.1.Key=k", "ResourceId"),
            ("CreateTags", "ResourceId.1=vpc-1", "Tag"),
            ("DeleteTags", "", "ResourceId"),
            (
                "DescribeInstanceAttribute",
                "Attribute=userData",
                "InstanceId",
            ),
            ("DescribeInstanceAttribute", "InstanceId=i-1", "Attribute"),
            // Checked in the order EC2 has always reported them.
            ("CreateSecurityGroup", "", "GroupName"),
            ("CreateSecurityGroup", "GroupName=web", "GroupDescription"),
            ("RunInstances", "", "ImageId"),
            ("RunInstances", "ImageId=ami-12c6146b", "MinCount"),
            (
                "RunInstances",
                "ImageId=ami-12c6146b&MinCount=1",
                "MaxCount",
            ),
            (
                "AuthorizeSecurityGroupIngress",
                "GroupId=sg-1",
                "IpPermissions",
            ),
        ] {
            let reply = backend.call(action, parameters).await;
            assert_eq!(reply.status, 400, "{action} {parameters}: {}", reply.body);
            assert_eq!(
                reply.error(),
                (
                    "MissingParameter",
                    format!("The request must contain the parameter {missing}").as_str()
                ),
                "{action} {parameters}"
            );
        }
        let unknown_image = backend
            .call("RunInstances", "ImageId=ami-00000000&MaxCount=1")
            .await;
        assert_eq!(unknown_image.error().0, "InvalidAMIID.NotFound");
        assert_eq!(
            backend.random.reservation_id(),
            FIRST_RESERVATION_ID_SEED_42,
            "a refused request draws no id"
        );
    }

    #[tokio::test]
    async fn values_that_do_not_fit_the_model_are_invalid() {
        let backend = Backend::new();
        backend
            .call("RunInstances", "ImageId=ami-12c6146b&MinCount=1&MaxCount=1")
            .await;
        for (action, parameters, message) in [
            (
                "RunInstances",
                "ImageId=ami-12c6146b&MinCount=1&MaxCount=-1",
                "Invalid value for MaxCount",
            ),
            (
                "RunInstances",
                "ImageId=ami-12c6146b&MinCount=many&MaxCount=1",
                "Value (many) for parameter MinCount is invalid. Expected Integer.",
            ),
            (
                "RunInstances",
                "ImageId=ami-12c6146b&MinCount=1&MaxCount=1&UserData=%25%25",
                "Invalid BASE64 encoding of user data.",
            ),
            (
                "DescribeInstances",
                "Filter.1.Name=no-such-filter&Filter.1.Value.1=x",
                "The filter 'no-such-filter' is invalid",
            ),
        ] {
            let reply = backend.call(action, parameters).await;
            assert_eq!(reply.status, 400, "{parameters}: {}", reply.body);
            assert_eq!(
                reply.error(),
                ("InvalidParameterValue", message),
                "{parameters}"
            );
        }
    }

    #[tokio::test]
    async fn operations_without_a_handler_are_invalid_actions_that_name_themselves() {
        let backend = Backend::new();
        let modelled = backend.call("DescribeNatGateways", "").await;
        assert_eq!(modelled.status, 400);
        let (code, message) = modelled.error();
        assert_eq!(code, "InvalidAction");
        assert!(message.contains("DescribeNatGateways"), "{message}");
        let unknown = backend.call("LaunchRocket", "").await;
        assert_eq!(
            unknown.error(),
            (
                "InvalidAction",
                "The action LaunchRocket is not valid for this web service."
            )
        );
        assert_eq!(SERVICE.implemented().count(), 71);
        let implemented: Vec<&str> = SERVICE.implemented().collect();
        assert!(
            implemented.windows(2).all(|pair| pair[0] < pair[1]),
            "the engine finds handlers by binary search"
        );
    }

    #[tokio::test]
    async fn a_dry_run_is_answered_with_dry_run_operation_and_changes_nothing() {
        let backend = Backend::new();
        for (action, parameters) in [
            (
                "RunInstances",
                "ImageId=ami-12c6146b&MinCount=1&MaxCount=1&DryRun=true",
            ),
            (
                "CreateSecurityGroup",
                "GroupName=web&GroupDescription=d&DryRun=true",
            ),
            (
                "CreateTags",
                "ResourceId.1=vpc-1&Tag.1.Key=k&Tag.1.Value=v&DryRun=true",
            ),
            ("DescribeInstances", "DryRun=true"),
        ] {
            let reply = backend.call(action, parameters).await;
            assert_eq!(reply.status, 412, "{action}: {}", reply.body);
            assert_eq!(
                reply.error(),
                (
                    "DryRunOperation",
                    "Request would have succeeded, but DryRun flag is set."
                ),
                "{action}"
            );
        }
        let described = backend.call("DescribeInstances", "DryRun=false").await;
        assert!(
            described.body.contains("<reservationSet></reservationSet>"),
            "{}",
            described.body
        );
        let groups = backend
            .call("DescribeSecurityGroups", "GroupName.1=web")
            .await;
        assert_eq!(groups.error().0, "InvalidGroup.NotFound", "{}", groups.body);
        let tags = backend.call("DescribeTags", "").await;
        assert!(tags.body.contains("<tagSet></tagSet>"), "{}", tags.body);
        // The model's checks come first, as in EC2.
        let incomplete = backend.call("StopInstances", "DryRun=true").await;
        assert_eq!(incomplete.error().0, "MissingParameter");
        assert_eq!(
            backend.random.reservation_id(),
            FIRST_RESERVATION_ID_SEED_42,
            "a dry run draws no id"
        );
        let model = SERVICE.model;
        // AWS's model gives these two no DryRun.
        let without_dry_run = ["ModifySubnetAttribute", "ModifyVpcAttribute"];
        for name in SERVICE
            .implemented()
            .filter(|name| !without_dry_run.contains(name))
        {
            let input = model.operation(name).and_then(|operation| operation.input);
            assert!(
                input.is_some_and(|input| model.shape(input).member("DryRun").is_some()),
                "{name} has a DryRun member"
            );
        }
    }

    /// Every member path in `value` that `shape` does not have (the engine drops them
    /// silently, so a misspelt member would be lost from the answer).
    fn unknown_members(
        model: &ServiceModel,
        shape: &Shape,
        value: &Value,
        path: &str,
        unknown: &mut Vec<String>,
    ) {
        match (shape.kind, value) {
            (Kind::Structure, Value::Object(object)) => {
                for (key, item) in object {
                    let path = format!("{path}.{key}");
                    match shape.member(key) {
                        Some(member) => {
                            unknown_members(model, model.shape(member.shape), item, &path, unknown);
                        }
                        None => unknown.push(path),
                    }
                }
            }
            (Kind::List, Value::Array(items)) => {
                let element = model.shape(shape.members[0].shape);
                for item in items {
                    unknown_members(model, element, item, &format!("{path}[]"), unknown);
                }
            }
            // Null is absent: the engine writes nothing for it.
            (Kind::Structure | Kind::List, Value::Null) => {}
            (Kind::Structure | Kind::List, _) => {
                unknown.push(format!("{path} (not a {:?})", shape.kind))
            }
            _ => {}
        }
    }

    #[test]
    fn every_member_a_handler_answers_is_in_the_model() {
        let backend = Backend::new();
        let id = FIRST_INSTANCE_ID_SEED_42;
        let tags = json!([{"ResourceType": "instance", "Tags": [{"Key": "k", "Value": "v"}]}]);
        let default_vpc = model::default_id("vpc", "us-east-1", "default-vpc");
        // No instance is launched in us-east-1f.
        let spare_subnet = model::default_id("subnet", "us-east-1", "default-subnet-f");
        let calls = [
            (
                "RunInstances",
                json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1, "KeyName": "k",
                       "UserData": "aGk=", "TagSpecifications": tags}),
            ),
            ("DescribeInstances", json!({})),
            (
                "DescribeInstanceStatus",
                json!({"IncludeAllInstances": true}),
            ),
            (
                "DescribeInstanceAttribute",
                json!({"InstanceId": id, "Attribute": "userData"}),
            ),
            (
                "DescribeInstanceAttribute",
                json!({"InstanceId": id, "Attribute": "instanceType"}),
            ),
            ("StopInstances", json!({"InstanceIds": [id]})),
            ("StartInstances", json!({"InstanceIds": [id]})),
            (
                "CreateSecurityGroup",
                json!({"GroupName": "web", "Description": "d"}),
            ),
            (
                "AuthorizeSecurityGroupIngress",
                json!({"GroupName": "web", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 1,
                       "ToPort": 2, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
            ),
            ("DescribeSecurityGroups", json!({})),
            (
                "AuthorizeSecurityGroupEgress",
                json!({"GroupName": "web", "IpPermissions": [{"IpProtocol": "udp", "FromPort": 53,
                       "ToPort": 53, "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "d"}]}]}),
            ),
            ("DescribeSecurityGroupRules", json!({})),
            (
                "RevokeSecurityGroupIngress",
                json!({"GroupName": "web", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 9,
                       "ToPort": 9, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
            ),
            (
                "RevokeSecurityGroupEgress",
                json!({"GroupName": "web", "IpPermissions": [{"IpProtocol": "udp", "FromPort": 53,
                       "ToPort": 53, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]}),
            ),
            ("DeleteSecurityGroup", json!({"GroupName": "web"})),
            (
                "CreateTags",
                json!({"Resources": [id], "Tags": [{"Key": "a", "Value": "b"}]}),
            ),
            ("DescribeTags", json!({})),
            (
                "DeleteTags",
                json!({"Resources": [id], "Tags": [{"Key": "a"}]}),
            ),
            ("DescribeImages", json!({})),
            ("DescribeRegions", json!({})),
            ("DescribeAvailabilityZones", json!({})),
            ("DescribeVpcs", json!({})),
            ("DescribeSubnets", json!({})),
            (
                "CreateVpc",
                json!({"CidrBlock": "10.0.0.0/16", "AmazonProvidedIpv6CidrBlock": true}),
            ),
            (
                "DescribeVpcAttribute",
                json!({"VpcId": default_vpc, "Attribute": "enableDnsSupport"}),
            ),
            (
                "ModifyVpcAttribute",
                json!({"VpcId": default_vpc, "EnableDnsSupport": {"Value": true}}),
            ),
            (
                "CreateSubnet",
                json!({"VpcId": default_vpc, "CidrBlock": "172.31.96.0/24"}),
            ),
            (
                "ModifySubnetAttribute",
                json!({"SubnetId": spare_subnet, "MapPublicIpOnLaunch": {"Value": true}}),
            ),
            ("DeleteSubnet", json!({"SubnetId": spare_subnet})),
        ];
        let model = SERVICE.model;
        let mut answered: Vec<&str> = Vec::new();
        let mut check = |operation: &'static str, input: Value| -> Value {
            let output = backend.output(operation, input);
            answered.push(operation);
            let Some(shape) = model
                .operation(operation)
                .and_then(|operation| operation.output)
            else {
                assert_eq!(output, json!({}), "{operation} has no output");
                return output;
            };
            let mut unknown = Vec::new();
            unknown_members(model, model.shape(shape), &output, operation, &mut unknown);
            assert!(unknown.is_empty(), "{unknown:?}");
            output
        };
        for (operation, input) in calls {
            check(operation, input);
        }
        let volume = check(
            "CreateVolume",
            json!({"AvailabilityZone": "us-east-1a", "Size": 8, "VolumeType": "gp3"}),
        )["VolumeId"]
            .as_str()
            .unwrap()
            .to_owned();
        check("DescribeVolumes", json!({}));
        check(
            "AttachVolume",
            json!({"VolumeId": volume, "InstanceId": id, "Device": "/dev/sdf"}),
        );
        check(
            "DescribeInstanceAttribute",
            json!({"InstanceId": id, "Attribute": "blockDeviceMapping"}),
        );
        check("DetachVolume", json!({"VolumeId": volume}));
        let snapshot = check(
            "CreateSnapshot",
            json!({"VolumeId": volume, "Description": "d"}),
        )["SnapshotId"]
            .as_str()
            .unwrap()
            .to_owned();
        check("DescribeSnapshots", json!({}));
        check("DeleteSnapshot", json!({"SnapshotId": snapshot}));
        check("DeleteVolume", json!({"VolumeId": volume}));
        let data = json!({"ImageId": "ami-760aaa0f", "InstanceType": "t3.micro",
                          "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 9}}],
                          "TagSpecifications": tags});
        let template = check(
            "CreateLaunchTemplate",
            json!({"LaunchTemplateName": "web", "LaunchTemplateData": data}),
        )["LaunchTemplate"]["LaunchTemplateId"]
            .as_str()
            .unwrap()
            .to_owned();
        check(
            "CreateLaunchTemplateVersion",
            json!({"LaunchTemplateId": template, "SourceVersion": "1",
                   "LaunchTemplateData": {"InstanceType": "t3.small"}}),
        );
        check(
            "ModifyLaunchTemplate",
            json!({"LaunchTemplateId": template, "DefaultVersion": "2"}),
        );
        check("DescribeLaunchTemplates", json!({}));
        check(
            "DescribeLaunchTemplateVersions",
            json!({"LaunchTemplateId": template}),
        );
        check(
            "RunInstances",
            json!({"MinCount": 1, "MaxCount": 1, "LaunchTemplate": {"LaunchTemplateId": template}}),
        );
        check(
            "DeleteLaunchTemplate",
            json!({"LaunchTemplateId": template}),
        );
        check(
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "DisableApiTermination": {"Value": true}}),
        );
        check(
            "DescribeInstanceTypes",
            json!({"InstanceTypes": ["t3.micro"]}),
        );
        check("DescribeInstanceTypeOfferings", json!({}));
        check("DescribeAccountAttributes", json!({}));
        check(
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "DisableApiTermination": {"Value": false}}),
        );
        // Operations on resources made here, whose ids are drawn.
        let vpc = check("CreateVpc", json!({"CidrBlock": "10.9.0.0/16"}))["Vpc"]["VpcId"].clone();
        let subnet = check(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.9.0.0/24"}),
        )["Subnet"]["SubnetId"]
            .clone();
        let gateway =
            check("CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"]
                .clone();
        let attachment = json!({"InternetGatewayId": gateway, "VpcId": vpc});
        check("AttachInternetGateway", attachment.clone());
        check("DescribeInternetGateways", json!({}));
        let table =
            check("CreateRouteTable", json!({"VpcId": vpc}))["RouteTable"]["RouteTableId"].clone();
        let route = json!({"RouteTableId": table, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": gateway});
        check("CreateRoute", route.clone());
        check("ReplaceRoute", route);
        let association = check(
            "AssociateRouteTable",
            json!({"RouteTableId": table, "SubnetId": subnet}),
        )["AssociationId"]
            .clone();
        check("DescribeRouteTables", json!({}));
        let association = check(
            "ReplaceRouteTableAssociation",
            json!({"AssociationId": association, "RouteTableId": table}),
        )["NewAssociationId"]
            .clone();
        check(
            "DisassociateRouteTable",
            json!({"AssociationId": association}),
        );
        check(
            "DeleteRoute",
            json!({"RouteTableId": table, "DestinationCidrBlock": "0.0.0.0/0"}),
        );
        check("DeleteRouteTable", json!({"RouteTableId": table}));
        check("DetachInternetGateway", attachment);
        check(
            "DeleteInternetGateway",
            json!({"InternetGatewayId": gateway}),
        );
        check("DeleteSubnet", json!({"SubnetId": subnet}));
        check("DeleteVpc", json!({"VpcId": vpc}));
        check(
            "CreateKeyPair",
            json!({"KeyName": "made", "KeyType": "ed25519", "TagSpecifications": [
                {"ResourceType": "key-pair", "Tags": [{"Key": "k", "Value": "v"}]}]}),
        );
        check(
            "ImportKeyPair",
            json!({"KeyName": "imported", "PublicKeyMaterial": "c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSU9pbW43cUpJUjRoWHk4STArcjVrd1BaZVpHM2U3NnNTYk53L1hxZzdoaTc="}),
        );
        check("DescribeKeyPairs", json!({"IncludePublicKey": true}));
        check("DeleteKeyPair", json!({"KeyName": "made"}));
        let running = check(
            "RunInstances",
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1}),
        )["Instances"][0]["InstanceId"]
            .clone();
        let allocation = check("AllocateAddress", json!({"Domain": "vpc"}))["AllocationId"].clone();
        let association = check(
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": running}),
        )["AssociationId"]
            .clone();
        check("DescribeAddresses", json!({}));
        check("DisassociateAddress", json!({"AssociationId": association}));
        check("ReleaseAddress", json!({"AllocationId": allocation}));
        check("TerminateInstances", json!({"InstanceIds": [id]}));
        answered.sort_unstable();
        answered.dedup();
        assert_eq!(
            answered,
            SERVICE.implemented().collect::<Vec<_>>(),
            "every handler is covered"
        );
    }

    #[test]
    fn parameter_names_follow_the_ec2_query_rules() {
        assert_eq!(parameter_name("InstanceIds"), "InstanceId");
        assert_eq!(parameter_name("Resources"), "ResourceId");
        assert_eq!(parameter_name("Attribute"), "Attribute");
        assert_eq!(parameter_name("Description"), "GroupDescription");
        assert_eq!(parameter_name("NotAMember"), "NotAMember");
    }
}
