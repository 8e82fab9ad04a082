//! Route tables and their routes and associations: CreateRouteTable, DeleteRouteTable,
//! DescribeRouteTables, CreateRoute, ReplaceRoute, DeleteRoute, AssociateRouteTable,
//! DisassociateRouteTable, ReplaceRouteTableAssociation.

use serde_json::{Map, Value, json};

use super::cidr::{Ipv4Block, is_ipv6_block};
use super::error;
use super::handlers::{
    apply_tag_specifications, filters, passes, strings, tag_list, tag_values, text,
};
use super::instance::State;
use super::model::{Ec2State, Region};
use super::network_model::{
    Destination, Route, RouteOrigin, RouteTable, RouteTableAssociation, RouteTarget,
};
use super::vpcs::vpc_index;
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::services::Context;

// ---------------------------------------------------------------------------
// Answers.

/// Whether a route's target is there: a gateway attached to the table's VPC, an instance
/// that is not terminated. Otherwise the route is a blackhole.
fn route_state(region: &Region, table: &RouteTable, route: &Route) -> &'static str {
    let active = match &route.target {
        RouteTarget::Local => true,
        RouteTarget::Gateway(id) => region
            .internet_gateways
            .iter()
            .any(|gateway| &gateway.id == id && gateway.vpc_id.as_ref() == Some(&table.vpc_id)),
        RouteTarget::Instance(id) => region
            .instances
            .iter()
            .any(|instance| &instance.id == id && instance.state != State::Terminated),
    };
    if active { "active" } else { "blackhole" }
}

/// A `Route`.
fn route_value(context: &Context<'_>, region: &Region, table: &RouteTable, route: &Route) -> Value {
    let mut value = Map::new();
    let (member, destination) = match &route.destination {
        Destination::Ipv4(cidr) => ("DestinationCidrBlock", cidr),
        Destination::Ipv6(cidr) => ("DestinationIpv6CidrBlock", cidr),
    };
    value.insert(member.into(), json!(destination));
    match &route.target {
        RouteTarget::Local => {
            value.insert("GatewayId".into(), json!("local"));
        }
        RouteTarget::Gateway(id) => {
            value.insert("GatewayId".into(), json!(id));
        }
        RouteTarget::Instance(id) => {
            value.insert("InstanceId".into(), json!(id));
            value.insert("InstanceOwnerId".into(), json!(context.account_id));
        }
    }
    value.insert("Origin".into(), json!(route.origin.name()));
    value.insert("State".into(), json!(route_state(region, table, route)));
    Value::Object(value)
}

/// A `RouteTableAssociation`.
fn association_value(table: &RouteTable, association: &RouteTableAssociation) -> Value {
    json!({
        "Main": association.main,
        "RouteTableAssociationId": association.id,
        "RouteTableId": table.id,
        "SubnetId": association.subnet_id,
        "GatewayId": association.gateway_id,
        "AssociationState": {"State": "associated"},
    })
}

/// A `RouteTable`.
fn table_value(context: &Context<'_>, region: &Region, table: &RouteTable) -> Value {
    let routes: Vec<Value> = table
        .routes
        .iter()
        .map(|route| route_value(context, region, table, route))
        .collect();
    let associations: Vec<Value> = table
        .associations
        .iter()
        .map(|association| association_value(table, association))
        .collect();
    json!({
        "RouteTableId": table.id,
        "VpcId": table.vpc_id,
        "OwnerId": context.account_id,
        "Routes": routes,
        "Associations": associations,
        "Tags": tag_list(region, &table.id),
    })
}

// ---------------------------------------------------------------------------
// Finding tables.

fn table_index(region: &Region, id: &str) -> Result<usize, ServiceError> {
    region
        .route_tables
        .iter()
        .position(|table| table.id == id)
        .ok_or_else(|| error::invalid_route_table_id_not_found(id))
}

fn table_id(input: &Value) -> Result<&str, ServiceError> {
    text(input, "RouteTableId").ok_or_else(|| error::missing_parameter("RouteTableId"))
}

/// The table and position of the association `id`.
fn association_position(region: &Region, id: &str) -> Result<(usize, usize), ServiceError> {
    region
        .route_tables
        .iter()
        .enumerate()
        .find_map(|(table, found)| {
            found
                .associations
                .iter()
                .position(|association| association.id == id)
                .map(|association| (table, association))
        })
        .ok_or_else(|| error::invalid_association_id_not_found(id))
}

// ---------------------------------------------------------------------------
// Tables.

pub(super) fn create_route_table(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let vpc_id = text(input, "VpcId").ok_or_else(|| error::missing_parameter("VpcId"))?;
    state.with_region(&context.route.region, |region| {
        let vpc = &region.vpcs[vpc_index(region, vpc_id)?];
        let table = RouteTable::new(context.random.ec2_id("rtb"), vpc);
        apply_tag_specifications(region, input, &table.id, Some("route-table"));
        let output = json!({ "RouteTable": table_value(context, region, &table) });
        region.route_tables.push(table);
        Ok(output)
    })
}

/// DeleteRouteTable; refused for a VPC's main table and for one still associated.
pub(super) fn delete_route_table(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let id = table_id(input)?;
    state.with_region(&context.route.region, |region| {
        let index = table_index(region, id)?;
        if !region.route_tables[index].associations.is_empty() {
            return Err(error::dependency_violation(format!(
                "The routeTable '{id}' has dependencies and cannot be deleted."
            )));
        }
        region.route_tables.remove(index);
        region.tags.forget(id);
        Ok(json!({}))
    })
}

fn table_values(
    context: &Context<'_>,
    region: &Region,
    table: &RouteTable,
    name: &str,
) -> Option<Vec<String>> {
    let of_associations = |value: fn(&RouteTableAssociation) -> Option<String>| {
        Some(table.associations.iter().filter_map(value).collect())
    };
    let of_routes = |value: &dyn Fn(&Route) -> Option<String>| {
        Some(table.routes.iter().filter_map(value).collect())
    };
    match name {
        "route-table-id" => Some(vec![table.id.clone()]),
        "vpc-id" => Some(vec![table.vpc_id.clone()]),
        "owner-id" => Some(vec![context.account_id.to_owned()]),
        "association.route-table-association-id" => of_associations(|a| Some(a.id.clone())),
        "association.route-table-id" => Some(
            table
                .associations
                .iter()
                .map(|_| table.id.clone())
                .collect(),
        ),
        "association.subnet-id" => of_associations(|a| a.subnet_id.clone()),
        "association.gateway-id" => of_associations(|a| a.gateway_id.clone()),
        "association.main" => of_associations(|a| Some(a.main.to_string())),
        "route.destination-cidr-block" => of_routes(&|route| match &route.destination {
            Destination::Ipv4(cidr) => Some(cidr.clone()),
            Destination::Ipv6(_) => None,
        }),
        "route.destination-ipv6-cidr-block" => of_routes(&|route| match &route.destination {
            Destination::Ipv6(cidr) => Some(cidr.clone()),
            Destination::Ipv4(_) => None,
        }),
        "route.gateway-id" => of_routes(&|route| match &route.target {
            RouteTarget::Local => Some("local".to_owned()),
            RouteTarget::Gateway(id) => Some(id.clone()),
            RouteTarget::Instance(_) => None,
        }),
        "route.instance-id" => of_routes(&|route| match &route.target {
            RouteTarget::Instance(id) => Some(id.clone()),
            _ => None,
        }),
        "route.origin" => of_routes(&|route| Some(route.origin.name().to_owned())),
        "route.state" => of_routes(&|route| Some(route_state(region, table, route).to_owned())),
        other => tag_values(region, &table.id, other),
    }
}

pub(super) fn describe_route_tables(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let ids = strings(input, "RouteTableIds");
    let filters = filters(input);
    state.with_region(&context.route.region, |region| {
        for id in &ids {
            table_index(region, id)?;
        }
        let mut tables = Vec::new();
        for table in region
            .route_tables
            .iter()
            .filter(|table| ids.is_empty() || ids.contains(&table.id.as_str()))
        {
            if passes(&filters, |name| table_values(context, region, table, name))? {
                tables.push(table_value(context, region, table));
            }
        }
        Ok(json!({ "RouteTables": tables }))
    })
}

// ---------------------------------------------------------------------------
// Routes.

/// The destination a route request names.
fn destination(input: &Value) -> Result<Destination, ServiceError> {
    match (
        text(input, "DestinationCidrBlock"),
        text(input, "DestinationIpv6CidrBlock"),
    ) {
        (Some(cidr), None) => match Ipv4Block::parse(cidr) {
            Some(_) => Ok(Destination::Ipv4(cidr.to_owned())),
            None => Err(error::invalid_parameter_value(format!(
                "Value ({cidr}) for parameter destinationCidrBlock is invalid. This is not a \
                 valid CIDR block."
            ))),
        },
        (None, Some(cidr)) if is_ipv6_block(cidr) => Ok(Destination::Ipv6(cidr.to_owned())),
        (None, Some(cidr)) => Err(error::invalid_parameter_value(format!(
            "Value ({cidr}) for parameter destinationIpv6CidrBlock is invalid. This is not a \
             valid CIDR block."
        ))),
        (None, None) if text(input, "DestinationPrefixListId").is_some() => {
            Err(error::invalid_parameter_value(
                "Routes to prefix lists are not emulated: no prefix list exists here.",
            ))
        }
        _ => Err(error::missing_parameter_message(
            "The request must contain exactly one of the parameters destinationCidrBlock and \
             destinationIpv6CidrBlock.",
        )),
    }
}

fn destination_text(destination: &Destination) -> &str {
    match destination {
        Destination::Ipv4(cidr) | Destination::Ipv6(cidr) => cidr,
    }
}

/// Targets a route may name that no resource here can be: naming one is naming something
/// that does not exist, with the error code of its kind.
const UNEMULATED_TARGETS: [(&str, &str); 6] = [
    ("NatGatewayId", "InvalidNatGatewayID.NotFound"),
    ("NetworkInterfaceId", "InvalidNetworkInterfaceID.NotFound"),
    (
        "VpcPeeringConnectionId",
        "InvalidVpcPeeringConnectionID.NotFound",
    ),
    ("TransitGatewayId", "InvalidTransitGatewayID.NotFound"),
    (
        "EgressOnlyInternetGatewayId",
        "InvalidEgressOnlyInternetGatewayId.NotFound",
    ),
    ("VpcEndpointId", "InvalidVpcEndpointId.NotFound"),
];

/// The target a route request names, checked against `table`'s VPC.
fn target(region: &Region, table: &RouteTable, input: &Value) -> Result<RouteTarget, ServiceError> {
    if let Some((member, code)) = UNEMULATED_TARGETS
        .iter()
        .find(|(member, _)| input.get(*member).is_some())
    {
        let id = text(input, member).unwrap_or_default();
        return Err(error::not_found(
            code,
            &format!("The ID '{id}' does not exist"),
        ));
    }
    match (text(input, "GatewayId"), text(input, "InstanceId")) {
        (Some(id), None) => {
            let gateway = region
                .internet_gateways
                .iter()
                .find(|gateway| gateway.id == id)
                .ok_or_else(|| error::invalid_gateway_id_not_found(id))?;
            if gateway.vpc_id.as_ref() != Some(&table.vpc_id) {
                return Err(error::invalid_parameter_value(format!(
                    "route table {} and network gateway {id} belong to different networks",
                    table.id
                )));
            }
            Ok(RouteTarget::Gateway(id.to_owned()))
        }
        (None, Some(id)) => {
            let instance = region
                .instances
                .iter()
                .find(|instance| instance.id == id && instance.state != State::Terminated)
                .ok_or_else(|| error::invalid_instance_id_not_found(&[id]))?;
            if instance.vpc_id != table.vpc_id {
                return Err(error::invalid_parameter_value(format!(
                    "route table {} and instance {id} belong to different networks",
                    table.id
                )));
            }
            Ok(RouteTarget::Instance(id.to_owned()))
        }
        _ => Err(error::missing_parameter_message(
            "The request must contain exactly one target: gatewayId or instanceId.",
        )),
    }
}

pub(super) fn create_route(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let id = table_id(input)?;
    let destination = destination(input)?;
    state.with_region(&context.route.region, |region| {
        let index = table_index(region, id)?;
        let table = &region.route_tables[index];
        let target = target(region, table, input)?;
        if table
            .routes
            .iter()
            .any(|route| route.destination == destination)
        {
            return Err(error::route_already_exists(destination_text(&destination)));
        }
        region.route_tables[index].routes.push(Route {
            destination,
            target,
            origin: RouteOrigin::CreateRoute,
        });
        Ok(json!({"Return": true}))
    })
}

/// The position of the route to `destination` in `table`, which may not be a local one.
fn changeable_route(table: &RouteTable, destination: &Destination) -> Result<usize, ServiceError> {
    let index = table
        .routes
        .iter()
        .position(|route| &route.destination == destination)
        .ok_or_else(|| error::invalid_route_not_found(&table.id, destination_text(destination)))?;
    if table.routes[index].target == RouteTarget::Local {
        return Err(error::invalid_parameter_value(format!(
            "cannot remove local route {} in route table {}",
            destination_text(destination),
            table.id
        )));
    }
    Ok(index)
}

pub(super) fn replace_route(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let id = table_id(input)?;
    let destination = destination(input)?;
    state.with_region(&context.route.region, |region| {
        let index = table_index(region, id)?;
        let table = &region.route_tables[index];
        let route = changeable_route(table, &destination)?;
        let target = target(region, table, input)?;
        region.route_tables[index].routes[route] = Route {
            destination,
            target,
            origin: RouteOrigin::CreateRoute,
        };
        Ok(json!({}))
    })
}

pub(super) fn delete_route(state: &Ec2State, context: &Context<'_>, input: &Value) -> Answer {
    let id = table_id(input)?;
    let destination = destination(input)?;
    state.with_region(&context.route.region, |region| {
        let index = table_index(region, id)?;
        let route = changeable_route(&region.route_tables[index], &destination)?;
        region.route_tables[index].routes.remove(route);
        Ok(json!({}))
    })
}

// ---------------------------------------------------------------------------
// Associations.

/// AssociateRouteTable: a subnet of the table's VPC (explicitly associated with no other
/// table), or a gateway attached to it.
pub(super) fn associate_route_table(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id = table_id(input)?;
    state.with_region(&context.route.region, |region| {
        let index = table_index(region, id)?;
        let vpc_id = region.route_tables[index].vpc_id.clone();
        let (subnet_id, gateway_id) = match (text(input, "SubnetId"), text(input, "GatewayId")) {
            (Some(subnet_id), None) => {
                let subnet = region
                    .subnets
                    .iter()
                    .find(|subnet| subnet.id == subnet_id)
                    .ok_or_else(|| error::invalid_subnet_id_not_found(subnet_id))?;
                if subnet.vpc_id != vpc_id {
                    return Err(error::invalid_parameter_value(format!(
                        "Route table {id} and subnet {subnet_id} belong to different networks"
                    )));
                }
                (Some(subnet_id.to_owned()), None)
            }
            (None, Some(gateway_id)) => {
                let gateway = region
                    .internet_gateways
                    .iter()
                    .find(|gateway| gateway.id == gateway_id)
                    .ok_or_else(|| error::invalid_gateway_id_not_found(gateway_id))?;
                if gateway.vpc_id.as_ref() != Some(&vpc_id) {
                    return Err(error::invalid_parameter_value(format!(
                        "Route table {id} and gateway {gateway_id} belong to different networks"
                    )));
                }
                (None, Some(gateway_id.to_owned()))
            }
            _ => {
                return Err(error::missing_parameter_message(
                    "The request must contain exactly one of the parameters subnetId and \
                     gatewayId.",
                ));
            }
        };
        if let Some(existing) = region.route_tables.iter().find(|table| {
            table.associations.iter().any(|association| {
                (subnet_id.is_some() && association.subnet_id == subnet_id)
                    || (gateway_id.is_some() && association.gateway_id == gateway_id)
            })
        }) {
            return Err(error::resource_already_associated(format!(
                "the specified association for route table {} conflicts with an existing \
                 association",
                existing.id
            )));
        }
        let association = RouteTableAssociation {
            id: context.random.ec2_id("rtbassoc"),
            main: false,
            subnet_id,
            gateway_id,
        };
        let output = json!({
            "AssociationId": association.id,
            "AssociationState": {"State": "associated"},
        });
        region.route_tables[index].associations.push(association);
        Ok(output)
    })
}

/// DisassociateRouteTable; the main association cannot go (ReplaceRouteTableAssociation
/// moves it).
pub(super) fn disassociate_route_table(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id =
        text(input, "AssociationId").ok_or_else(|| error::missing_parameter("AssociationId"))?;
    state.with_region(&context.route.region, |region| {
        let (table, association) = association_position(region, id)?;
        if region.route_tables[table].associations[association].main {
            return Err(error::invalid_parameter_value(format!(
                "cannot disassociate the main route table association {id}"
            )));
        }
        region.route_tables[table].associations.remove(association);
        Ok(json!({}))
    })
}

/// ReplaceRouteTableAssociation: the subnet, gateway or VPC (for the main association)
/// follows another table of the same VPC, under a new association id.
pub(super) fn replace_route_table_association(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let id =
        text(input, "AssociationId").ok_or_else(|| error::missing_parameter("AssociationId"))?;
    let new_table = table_id(input)?;
    state.with_region(&context.route.region, |region| {
        let (table, association) = association_position(region, id)?;
        let target = table_index(region, new_table)?;
        if region.route_tables[target].vpc_id != region.route_tables[table].vpc_id {
            return Err(error::invalid_parameter_value(format!(
                "Route table {new_table} and association {id} belong to different networks"
            )));
        }
        let mut moved = region.route_tables[table].associations.remove(association);
        moved.id = context.random.ec2_id("rtbassoc");
        let output = json!({
            "NewAssociationId": moved.id,
            "AssociationState": {"State": "associated"},
        });
        region.route_tables[target].associations.push(moved);
        Ok(output)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::testing::Backend;

    struct Network {
        vpc: Value,
        subnet: Value,
        gateway: Value,
    }

    fn network(backend: &Backend) -> Network {
        let vpc =
            backend.ok("CreateVpc", json!({"CidrBlock": "10.1.0.0/16"}))["Vpc"]["VpcId"].clone();
        let subnet = backend.ok(
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.1.0.0/24"}),
        )["Subnet"]["SubnetId"]
            .clone();
        let gateway =
            backend.ok("CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"]
                .clone();
        backend.ok(
            "AttachInternetGateway",
            json!({"InternetGatewayId": gateway, "VpcId": vpc}),
        );
        Network {
            vpc,
            subnet,
            gateway,
        }
    }

    #[test]
    fn a_table_routes_a_subnet_to_the_internet() {
        let backend = Backend::new();
        let Network {
            vpc,
            subnet,
            gateway,
        } = network(&backend);
        let created = backend.ok("CreateRouteTable", json!({"VpcId": vpc}));
        let table = &created["RouteTable"];
        assert_eq!(
            table["Routes"],
            json!([{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local",
                    "Origin": "CreateRouteTable", "State": "active"}])
        );
        assert_eq!(table["Associations"], json!([]));
        let id = table["RouteTableId"].clone();
        backend.ok(
            "CreateRoute",
            json!({"RouteTableId": id, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": gateway}),
        );
        assert_eq!(
            backend.code(
                "CreateRoute",
                json!({"RouteTableId": id, "DestinationCidrBlock": "0.0.0.0/0",
                       "GatewayId": gateway})
            ),
            "RouteAlreadyExists"
        );
        let associated = backend.ok(
            "AssociateRouteTable",
            json!({"RouteTableId": id, "SubnetId": subnet}),
        );
        let association = associated["AssociationId"].clone();
        assert!(association.as_str().unwrap().starts_with("rtbassoc-"));
        assert_eq!(
            backend.code(
                "AssociateRouteTable",
                json!({"RouteTableId": id, "SubnetId": subnet})
            ),
            "Resource.AlreadyAssociated"
        );
        let described = backend.ok(
            "DescribeRouteTables",
            json!({"Filters": [{"Name": "association.subnet-id", "Values": [subnet]}]}),
        );
        let table = &described["RouteTables"][0];
        assert_eq!(table["RouteTableId"], id);
        assert_eq!(table["Routes"][1]["GatewayId"], gateway);
        assert_eq!(table["Associations"][0]["SubnetId"], subnet);
        assert_eq!(table["Associations"][0]["Main"], false);
        assert_eq!(
            backend.code("DeleteRouteTable", json!({"RouteTableId": id})),
            "DependencyViolation"
        );
        backend.ok(
            "DetachInternetGateway",
            json!({"InternetGatewayId": gateway, "VpcId": vpc}),
        );
        let described = backend.ok("DescribeRouteTables", json!({"RouteTableIds": [id]}));
        assert_eq!(
            described["RouteTables"][0]["Routes"][1]["State"],
            "blackhole"
        );
        backend.ok(
            "DisassociateRouteTable",
            json!({"AssociationId": association}),
        );
        assert_eq!(
            backend.code(
                "DisassociateRouteTable",
                json!({"AssociationId": association})
            ),
            "InvalidAssociationID.NotFound"
        );
        backend.ok(
            "DeleteRoute",
            json!({"RouteTableId": id, "DestinationCidrBlock": "0.0.0.0/0"}),
        );
        assert_eq!(
            backend.code(
                "DeleteRoute",
                json!({"RouteTableId": id, "DestinationCidrBlock": "10.1.0.0/16"})
            ),
            "InvalidParameterValue",
            "the local route stays"
        );
        backend.ok("DeleteRouteTable", json!({"RouteTableId": id}));
        assert_eq!(
            backend.code("DescribeRouteTables", json!({"RouteTableIds": [id]})),
            "InvalidRouteTableID.NotFound"
        );
    }

    #[test]
    fn the_main_table_stays_main_until_replaced() {
        let backend = Backend::new();
        let Network { vpc, gateway, .. } = network(&backend);
        let tables = backend.ok(
            "DescribeRouteTables",
            json!({"Filters": [{"Name": "vpc-id", "Values": [vpc]},
                               {"Name": "association.main", "Values": ["true"]}]}),
        );
        let main = &tables["RouteTables"][0];
        let main_association = main["Associations"][0]["RouteTableAssociationId"].clone();
        assert_eq!(
            backend.code(
                "DisassociateRouteTable",
                json!({"AssociationId": main_association})
            ),
            "InvalidParameterValue"
        );
        assert_eq!(
            backend.code(
                "DeleteRouteTable",
                json!({"RouteTableId": main["RouteTableId"]})
            ),
            "DependencyViolation"
        );
        let other =
            backend.ok("CreateRouteTable", json!({"VpcId": vpc}))["RouteTable"]["RouteTableId"]
                .clone();
        let replaced = backend.ok(
            "ReplaceRouteTableAssociation",
            json!({"AssociationId": main_association, "RouteTableId": other}),
        );
        assert_ne!(replaced["NewAssociationId"], main_association);
        let now_main = backend.ok(
            "DescribeRouteTables",
            json!({"Filters": [{"Name": "association.main", "Values": ["true"]},
                               {"Name": "vpc-id", "Values": [vpc]}]}),
        );
        assert_eq!(now_main["RouteTables"][0]["RouteTableId"], other);
        backend.ok(
            "CreateRoute",
            json!({"RouteTableId": other, "DestinationCidrBlock": "0.0.0.0/0",
                   "GatewayId": gateway}),
        );
        let default_gateway = backend.ok("DescribeInternetGateways", json!({}))["InternetGateways"]
            [0]["InternetGatewayId"]
            .clone();
        backend.ok(
            "ReplaceRoute",
            json!({"RouteTableId": other, "DestinationCidrBlock": "0.0.0.0/0",
                   "GatewayId": gateway}),
        );
        assert_eq!(
            backend.code(
                "ReplaceRoute",
                json!({"RouteTableId": other, "DestinationCidrBlock": "0.0.0.0/0",
                       "GatewayId": default_gateway})
            ),
            "InvalidParameterValue",
            "the default VPC's gateway is another network's"
        );
        assert_eq!(
            backend.code(
                "CreateRoute",
                json!({"RouteTableId": other, "DestinationCidrBlock": "10.9.0.0/16",
                       "NatGatewayId": "nat-00000000000000000"})
            ),
            "InvalidNatGatewayID.NotFound"
        );
    }

    #[test]
    fn the_default_vpc_routes_to_its_gateway() {
        let backend = Backend::new();
        let tables = backend.ok("DescribeRouteTables", json!({}));
        let table = &tables["RouteTables"][0];
        assert_eq!(table["Associations"][0]["Main"], true);
        assert_eq!(table["Routes"][0]["DestinationCidrBlock"], "172.31.0.0/16");
        let gateways = backend.ok("DescribeInternetGateways", json!({}));
        assert_eq!(
            table["Routes"][1],
            json!({"DestinationCidrBlock": "0.0.0.0/0",
                   "GatewayId": gateways["InternetGateways"][0]["InternetGatewayId"],
                   "Origin": "CreateRoute", "State": "active"})
        );
    }
}
