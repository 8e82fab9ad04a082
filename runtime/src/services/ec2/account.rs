//! DescribeAccountAttributes: the account's EC2 limits and defaults in the request's
//! region.

use serde_json::{Value, json};

use super::handlers::strings;
use super::launch::INSTANCE_LIMIT;
use super::model::Ec2State;
use crate::protocol::engine::Answer;
use crate::services::Context;

/// The Elastic IP addresses an account may hold per region (AWS's default quota).
const ELASTIC_IP_LIMIT: u32 = 5;
/// The security groups one network interface may have (AWS's default quota).
const GROUPS_PER_INTERFACE: u32 = 5;

/// DescribeAccountAttributes, in Moto's order. The account launches into VPCs only (EC2-
/// Classic is retired) and its default VPC is the region's.
pub(super) fn describe_account_attributes(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let wanted = strings(input, "AttributeNames");
    let default_vpc = state.with_region(&context.route.region, |region| {
        region
            .vpcs
            .iter()
            .find(|vpc| vpc.is_default)
            .map_or_else(|| "none".to_owned(), |vpc| vpc.id.clone())
    });
    let attributes: [(&str, Vec<String>); 6] = [
        (
            "vpc-max-security-groups-per-interface",
            vec![GROUPS_PER_INTERFACE.to_string()],
        ),
        ("max-instances", vec![INSTANCE_LIMIT.to_string()]),
        ("supported-platforms", vec!["VPC".to_owned()]),
        ("default-vpc", vec![default_vpc]),
        ("max-elastic-ips", vec![ELASTIC_IP_LIMIT.to_string()]),
        ("vpc-max-elastic-ips", vec![ELASTIC_IP_LIMIT.to_string()]),
    ];
    let described: Vec<Value> = attributes
        .iter()
        .filter(|(name, _)| wanted.is_empty() || wanted.contains(name))
        .map(|(name, values)| {
            let values: Vec<Value> = values
                .iter()
                .map(|value| json!({"AttributeValue": value}))
                .collect();
            json!({"AttributeName": name, "AttributeValues": values})
        })
        .collect();
    Ok(json!({ "AccountAttributes": described }))
}

#[cfg(test)]
mod tests {
    use super::super::testing::Backend;
    use super::*;

    #[test]
    fn the_default_vpc_is_the_region_s_and_names_select_attributes() {
        let backend = Backend::new();
        let vpc = backend.ok("DescribeVpcs", json!({}))["Vpcs"][0]["VpcId"].clone();
        let all = backend.ok("DescribeAccountAttributes", json!({}));
        let attributes = all["AccountAttributes"].as_array().unwrap();
        assert_eq!(attributes.len(), 6);
        let one = backend.ok(
            "DescribeAccountAttributes",
            json!({"AttributeNames": ["default-vpc"]}),
        );
        assert_eq!(
            one["AccountAttributes"],
            json!([{"AttributeName": "default-vpc", "AttributeValues": [{"AttributeValue": vpc}]}])
        );
    }
}
