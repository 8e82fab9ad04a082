//! Internet gateways: CreateInternetGateway, AttachInternetGateway,
//! DetachInternetGateway, DeleteInternetGateway, DescribeInternetGateways.

use serde_json::{Value, json};

use super::error;
use super::handlers::{
    apply_tag_specifications, filters, passes, strings, tag_list, tag_values, text,
};
use super::model::{Ec2State, Region};
use super::network_model::InternetGateway;
use super::vpcs::vpc_index;
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// An `InternetGateway`.
fn gateway_value(context: &Context<'_>, region: &Region, gateway: &InternetGateway) -> Value {
    let attachments: Vec<Value> = gateway
        .vpc_id
        .iter()
        .map(|vpc_id| json!({"VpcId": vpc_id, "State": "available"}))
        .collect();
    json!({
        "InternetGatewayId": gateway.id,
        "OwnerId": context.account_id,
        "Attachments": attachments,
        "Tags": tag_list(region, &gateway.id),
    })
}

fn gateway_index(region: &Region, id: &str) -> Result<usize, ServiceError> {
    region
        .internet_gateways
        .iter()
        .position(|gateway| gateway.id == id)
        .ok_or_else(|| error::invalid_internet_gateway_id_not_found(id))
}

fn gateway_id(input: &Value) -> Result<&str, ServiceError> {
    text(input, "InternetGatewayId").ok_or_else(|| error::missing_parameter("InternetGatewayId"))
}

pub(super) fn create_internet_gateway(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        let gateway = InternetGateway {
            id: context.random.ec2_id("igw"),
            vpc_id: None,
        };
        apply_tag_specifications(region, input, &gateway.id, Some("internet-gateway"));
        let output = json!({ "InternetGateway": gateway_value(context, region, &gateway) });
        region.internet_gateways.push(gateway);
        Ok(output)
    })
}

/// AttachInternetGateway: a gateway serves one VPC, and a VPC has one gateway.
pub(super) fn attach_internet_gateway(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = gateway_id(input)?;
    let vpc_id = text(input, "VpcId").ok_or_else(|| error::missing_parameter("VpcId"))?;
    state.with_region(&context.route.region, |region| {
        let index = gateway_index(region, id)?;
        vpc_index(region, vpc_id)?;
        if let Some(attached) = &region.internet_gateways[index].vpc_id {
            return Err(error::resource_already_associated(format!(
                "resource {id} is already attached to network {attached}"
            )));
        }
        if let Some(other) = region
            .internet_gateways
            .iter()
            .find(|gateway| gateway.vpc_id.as_deref() == Some(vpc_id))
        {
            return Err(error::resource_already_associated(format!(
                "resource {vpc_id} is already attached to network {}",
                other.id
            )));
        }
        region.internet_gateways[index].vpc_id = Some(vpc_id.to_owned());
        Ok(json!({}))
    })
}

pub(super) fn detach_internet_gateway(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = gateway_id(input)?;
    let vpc_id = text(input, "VpcId").ok_or_else(|| error::missing_parameter("VpcId"))?;
    state.with_region(&context.route.region, |region| {
        let index = gateway_index(region, id)?;
        vpc_index(region, vpc_id)?;
        let gateway = &mut region.internet_gateways[index];
        if gateway.vpc_id.as_deref() != Some(vpc_id) {
            return Err(error::gateway_not_attached(id, vpc_id));
        }
        gateway.vpc_id = None;
        Ok(json!({}))
    })
}

/// DeleteInternetGateway; refused while the gateway is attached.
pub(super) fn delete_internet_gateway(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = gateway_id(input)?;
    state.with_region(&context.route.region, |region| {
        let index = gateway_index(region, id)?;
        if region.internet_gateways[index].vpc_id.is_some() {
            return Err(error::dependency_violation(format!(
                "The internetGateway '{id}' has dependencies and cannot be deleted."
            )));
        }
        region.internet_gateways.remove(index);
        region.tags.forget(id);
        Ok(json!({}))
    })
}

fn gateway_values(
    context: &Context<'_>,
    region: &Region,
    gateway: &InternetGateway,
    name: &str,
) -> Option<Vec<String>> {
    match name {
        "internet-gateway-id" => Some(vec![gateway.id.clone()]),
        "attachment.vpc-id" => Some(gateway.vpc_id.iter().cloned().collect()),
        "attachment.state" => Some(
            gateway
                .vpc_id
                .iter()
                .map(|_| "available".to_owned())
                .collect(),
        ),
        "owner-id" => Some(vec![context.account_id.to_owned()]),
        other => tag_values(region, &gateway.id, other),
    }
}

pub(super) fn describe_internet_gateways(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let ids = strings(input, "InternetGatewayIds");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        for id in &ids {
            gateway_index(region, id)?;
        }
        let mut gateways = Vec::new();
        for gateway in region
            .internet_gateways
            .iter()
            .filter(|gateway| ids.is_empty() || ids.contains(&gateway.id.as_str()))
        {
            if passes(&filters, |name| {
                gateway_values(context, region, gateway, name)
            })? {
                gateways.push(gateway_value(context, region, gateway));
            }
        }
        Ok(json!({ "InternetGateways": gateways }))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::Backend;

    #[test]
    fn a_gateway_is_attached_detached_and_deleted() {
        let backend = Backend::new();
        let vpc =
            backend.ok("CreateVpc", json!({"CidrBlock": "10.1.0.0/16"}))["Vpc"]["VpcId"].clone();
        let created = backend.ok("CreateInternetGateway", json!({}));
        let gateway = &created["InternetGateway"];
        let id = gateway["InternetGatewayId"].clone();
        assert!(id.as_str().unwrap().starts_with("igw-"));
        assert_eq!(gateway["Attachments"], json!([]));
        let both = json!({"InternetGatewayId": id, "VpcId": vpc});
        backend.ok("AttachInternetGateway", both.clone());
        assert_eq!(
            backend.code("AttachInternetGateway", both.clone()),
            "Resource.AlreadyAssociated"
        );
        let described = backend.ok(
            "DescribeInternetGateways",
            json!({"Filters": [{"Name": "attachment.vpc-id", "Values": [vpc]}]}),
        );
        assert_eq!(
            described["InternetGateways"][0]["Attachments"],
            json!([{"VpcId": vpc, "State": "available"}])
        );
        assert_eq!(
            backend.code("DeleteInternetGateway", json!({"InternetGatewayId": id})),
            "DependencyViolation"
        );
        assert_eq!(
            backend.code("DeleteVpc", json!({"VpcId": vpc})),
            "DependencyViolation",
            "the gateway is attached"
        );
        backend.ok("DetachInternetGateway", both.clone());
        assert_eq!(
            backend.code("DetachInternetGateway", both),
            "Gateway.NotAttached"
        );
        backend.ok("DeleteInternetGateway", json!({"InternetGatewayId": id}));
        assert_eq!(
            backend.code(
                "DescribeInternetGateways",
                json!({"InternetGatewayIds": [id]})
            ),
            "InvalidInternetGatewayID.NotFound"
        );
    }

    #[test]
    fn the_default_vpc_has_a_gateway_and_a_vpc_takes_one() {
        let backend = Backend::new();
        let all = backend.ok("DescribeInternetGateways", json!({}));
        let default = &all["InternetGateways"][0];
        let vpc = default["Attachments"][0]["VpcId"].clone();
        let other = backend.ok("CreateInternetGateway", json!({}));
        let other = other["InternetGateway"]["InternetGatewayId"].clone();
        assert_eq!(
            backend.code(
                "AttachInternetGateway",
                json!({"InternetGatewayId": other, "VpcId": vpc})
            ),
            "Resource.AlreadyAssociated"
        );
        assert_eq!(
            backend.code(
                "AttachInternetGateway",
                json!({"InternetGatewayId": other, "VpcId": "vpc-00000000"})
            ),
            "InvalidVpcID.NotFound"
        );
    }
}
