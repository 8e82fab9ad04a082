//! Launch templates: CreateLaunchTemplate, CreateLaunchTemplateVersion,
//! DescribeLaunchTemplates, DescribeLaunchTemplateVersions, ModifyLaunchTemplate,
//! DeleteLaunchTemplate, and the launch parameters RunInstances takes from a template.

use serde_json::{Map, Value, json};

use super::error;
use super::handlers::{filters, items, passes, strings, tag_list, tag_values, tags_of, text};
use super::launch_template::{LaunchTemplate, TemplateVersion};
use super::model::{Ec2State, Region};
use super::pages;
use crate::models;
use crate::protocol::decode::seconds_value;
use crate::protocol::engine::Answer;
use crate::protocol::error::ServiceError;
use crate::protocol::model::{Kind, ServiceModel, Shape};
use crate::protocol::time::epoch_seconds;
use crate::services::Context;

/// `CreatedBy`: the account's root user, as the templates are made with its credentials.
fn created_by(context: &Context<'_>) -> String {
    format!("arn:aws:iam::{}:root", context.account_id)
}

/// The template a request names by `LaunchTemplateId` or `LaunchTemplateName`.
fn named<'r>(region: &'r Region, input: &Value) -> Result<&'r LaunchTemplate, ServiceError> {
    match (
        text(input, "LaunchTemplateId"),
        text(input, "LaunchTemplateName"),
    ) {
        (Some(id), _) => region
            .launch_templates
            .iter()
            .find(|template| template.id == id)
            .ok_or_else(|| error::launch_template_id_not_found(id)),
        (None, Some(name)) => region
            .launch_templates
            .iter()
            .find(|template| template.name == name)
            .ok_or_else(error::launch_template_name_not_found),
        (None, None) => Err(error::missing_parameter(
            "launch template ID or launch template name",
        )),
    }
}

/// `value` with only the members `shape` has, at every depth: a version's data is kept
/// as the request's `RequestLaunchTemplateData` and answered as a
/// `ResponseLaunchTemplateData`, whose nested shapes name fewer members.
fn conform(model: &ServiceModel, shape: &Shape, value: &Value) -> Value {
    match (shape.kind, value) {
        (Kind::Structure, Value::Object(object)) => Value::Object(
            object
                .iter()
                .filter_map(|(key, item)| {
                    let member = shape.member(key)?;
                    Some((key.clone(), conform(model, model.shape(member.shape), item)))
                })
                .collect(),
        ),
        (Kind::List, Value::Array(items)) => match shape.members.first() {
            Some(element) => {
                let element = model.shape(element.shape);
                Value::Array(
                    items
                        .iter()
                        .map(|item| conform(model, element, item))
                        .collect(),
                )
            }
            None => Value::Array(Vec::new()),
        },
        _ => value.clone(),
    }
}

/// A version's data as a `ResponseLaunchTemplateData`.
fn data_value(data: &Value) -> Value {
    let model = &models::ec2::MODEL;
    match model.shape_named("ResponseLaunchTemplateData") {
        Some(shape) => conform(model, shape, data),
        None => data.clone(),
    }
}

/// A `LaunchTemplate`.
fn template_value(context: &Context<'_>, region: &Region, template: &LaunchTemplate) -> Value {
    json!({
        "LaunchTemplateId": template.id,
        "LaunchTemplateName": template.name,
        "CreateTime": seconds_value(epoch_seconds(template.create_time)),
        "CreatedBy": created_by(context),
        "DefaultVersionNumber": template.default_version,
        "LatestVersionNumber": template.latest_version(),
        "Tags": tag_list(region, &template.id),
    })
}

/// A `LaunchTemplateVersion`.
fn version_value(
    context: &Context<'_>,
    template: &LaunchTemplate,
    version: &TemplateVersion,
) -> Value {
    json!({
        "LaunchTemplateId": template.id,
        "LaunchTemplateName": template.name,
        "VersionNumber": version.number,
        "VersionDescription": version.description,
        "CreateTime": seconds_value(epoch_seconds(version.create_time)),
        "CreatedBy": created_by(context),
        "DefaultVersion": version.number == template.default_version,
        "LaunchTemplateData": data_value(&version.data),
    })
}

/// The `LaunchTemplateData` of a request (an empty one when absent).
fn request_data(input: &Value) -> Value {
    input
        .get("LaunchTemplateData")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()))
}

pub(super) fn create_launch_template(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let name = text(input, "LaunchTemplateName")
        .ok_or_else(|| error::missing_parameter("LaunchTemplateName"))?;
    state.with_region(&context.route.region, |region| {
        if region
            .launch_templates
            .iter()
            .any(|template| template.name == name)
        {
            return Err(error::launch_template_name_in_use());
        }
        let now = context.clock.now();
        let template = LaunchTemplate {
            id: context.random.ec2_id("lt"),
            name: name.to_owned(),
            create_time: now,
            default_version: 1,
            versions: vec![TemplateVersion {
                number: 1,
                description: text(input, "VersionDescription").map(str::to_owned),
                create_time: now,
                data: request_data(input),
            }],
        };
        for specification in items(input, "TagSpecifications") {
            if text(specification, "ResourceType").is_none_or(|kind| kind == "launch-template") {
                region.tags.extend(&template.id, &tags_of(specification));
            }
        }
        let output = json!({ "LaunchTemplate": template_value(context, region, &template) });
        region.launch_templates.push(template);
        Ok(output)
    })
}

pub(super) fn create_launch_template_version(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        let template = named(region, input)?;
        let mut data = match text(input, "SourceVersion") {
            // The new version starts from the source's parameters, replaced member by
            // member by those the request gives.
            Some(source) => template
                .version(Some(source))
                .ok_or_else(|| error::launch_template_version_not_found(&template.id, source))?
                .data
                .clone(),
            None => Value::Object(Map::new()),
        };
        if let (Value::Object(data), Value::Object(given)) = (&mut data, request_data(input)) {
            data.extend(given);
        }
        let id = template.id.clone();
        let version = TemplateVersion {
            number: template.latest_version() + 1,
            description: text(input, "VersionDescription").map(str::to_owned),
            create_time: context.clock.now(),
            data,
        };
        let Some(template) = region.launch_templates.iter_mut().find(|t| t.id == id) else {
            return Err(error::launch_template_id_not_found(&id));
        };
        template.versions.push(version);
        let template = &*template;
        let output = template
            .versions
            .last()
            .map(|version| version_value(context, template, version));
        Ok(json!({ "LaunchTemplateVersion": output }))
    })
}

pub(super) fn modify_launch_template(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        let id = named(region, input)?.id.clone();
        let Some(template) = region.launch_templates.iter_mut().find(|t| t.id == id) else {
            return Err(error::launch_template_id_not_found(&id));
        };
        if let Some(default) = text(input, "DefaultVersion") {
            let number = template
                .version(Some(default))
                .ok_or_else(|| error::launch_template_version_not_found(&id, default))?
                .number;
            template.default_version = number;
        }
        let template = template.clone();
        Ok(json!({ "LaunchTemplate": template_value(context, region, &template) }))
    })
}

pub(super) fn delete_launch_template(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    state.with_region(&context.route.region, |region| {
        let id = named(region, input)?.id.clone();
        let Some(index) = region.launch_templates.iter().position(|t| t.id == id) else {
            return Err(error::launch_template_id_not_found(&id));
        };
        let template = region.launch_templates.remove(index);
        let output = json!({
            "LaunchTemplate": {
                "LaunchTemplateId": template.id,
                "LaunchTemplateName": template.name,
                "CreateTime": seconds_value(epoch_seconds(template.create_time)),
                "CreatedBy": created_by(context),
                "DefaultVersionNumber": template.default_version,
                "LatestVersionNumber": template.latest_version(),
            }
        });
        region.tags.forget(&template.id);
        Ok(output)
    })
}

pub(super) fn describe_launch_templates(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let ids = strings(input, "LaunchTemplateIds");
    let names = strings(input, "LaunchTemplateNames");
    let filters = filters(input);
    let page = pages::Request::of(input, 1, 200)?;
    state.with_region(&context.route.region, |region| {
        if let Some(missing) = ids
            .iter()
            .find(|id| !region.launch_templates.iter().any(|t| t.id == **id))
        {
            return Err(error::launch_template_id_not_found(missing));
        }
        if names
            .iter()
            .any(|name| !region.launch_templates.iter().any(|t| t.name == *name))
        {
            return Err(error::launch_template_name_not_found());
        }
        let mut templates = Vec::new();
        for template in region.launch_templates.iter().filter(|template| {
            (ids.is_empty() || ids.contains(&template.id.as_str()))
                && (names.is_empty() || names.contains(&template.name.as_str()))
        }) {
            let values_of = |name: &str| match name {
                "launch-template-name" => Some(vec![template.name.clone()]),
                "launch-template-id" => Some(vec![template.id.clone()]),
                other => tag_values(region, &template.id, other),
            };
            if passes(&filters, values_of)? {
                templates.push(template_value(context, region, template));
            }
        }
        let (templates, next) = page.cut(templates)?;
        Ok(json!({ "LaunchTemplates": templates, "NextToken": next }))
    })
}

pub(super) fn describe_launch_template_versions(
    state: &Ec2State,
    context: &Context<'_>,
    input: &Value,
) -> Answer {
    let selectors = strings(input, "Versions");
    let number = |name: &str| -> Result<Option<u64>, ServiceError> {
        text(input, name)
            .map(|text| {
                text.parse().map_err(|_| {
                    error::invalid_parameter_value(format!(
                        "Value ({text}) for parameter {name} is invalid."
                    ))
                })
            })
            .transpose()
    };
    let (min, max) = (number("MinVersion")?, number("MaxVersion")?);
    let filters = filters(input);
    let page = pages::Request::of(input, 1, 200)?;
    state.with_region(&context.route.region, |region| {
        let mut chosen: Vec<(&LaunchTemplate, &TemplateVersion)> = Vec::new();
        if text(input, "LaunchTemplateId").is_none() && text(input, "LaunchTemplateName").is_none()
        {
            // Without a template: the latest or default version of every template.
            if selectors.is_empty()
                || selectors
                    .iter()
                    .any(|selector| *selector != "$Latest" && *selector != "$Default")
            {
                return Err(error::invalid_parameter_value(
                    "To describe the launch template data for all your launch templates, for \
                     Versions specify $Latest, $Default, or both, and omit LaunchTemplateId, \
                     LaunchTemplateName, and version numbers.",
                ));
            }
            for template in &region.launch_templates {
                for selector in &selectors {
                    if let Some(version) = template.version(Some(selector)) {
                        chosen.push((template, version));
                    }
                }
            }
        } else {
            let template = named(region, input)?;
            if selectors.is_empty() {
                chosen.extend(
                    template
                        .versions
                        .iter()
                        .filter(|version| min.is_none_or(|min| version.number >= min))
                        .filter(|version| max.is_none_or(|max| version.number <= max))
                        .map(|version| (template, version)),
                );
            } else {
                for selector in &selectors {
                    let version = template.version(Some(selector)).ok_or_else(|| {
                        error::launch_template_version_not_found(&template.id, selector)
                    })?;
                    chosen.push((template, version));
                }
            }
        }
        let mut versions = Vec::new();
        for (template, version) in chosen {
            let data = &version.data;
            let values_of = |name: &str| match name {
                "is-default-version" => Some(vec![
                    (version.number == template.default_version).to_string(),
                ]),
                "image-id" => Some(
                    text(data, "ImageId")
                        .map(str::to_owned)
                        .into_iter()
                        .collect(),
                ),
                "instance-type" => Some(
                    text(data, "InstanceType")
                        .map(str::to_owned)
                        .into_iter()
                        .collect(),
                ),
                "kernel-id" => Some(
                    text(data, "KernelId")
                        .map(str::to_owned)
                        .into_iter()
                        .collect(),
                ),
                "ram-disk-id" => Some(
                    text(data, "RamDiskId")
                        .map(str::to_owned)
                        .into_iter()
                        .collect(),
                ),
                _ => None,
            };
            if passes(&filters, values_of)? {
                versions.push(version_value(context, template, version));
            }
        }
        let (versions, next) = page.cut(versions)?;
        Ok(json!({ "LaunchTemplateVersions": versions, "NextToken": next }))
    })
}

/// What a RunInstances takes from the launch template it names.
pub(super) struct TemplateLaunch {
    /// The request's input with the template version's parameters where it gives none
    /// (its tag specifications after the template's for other resources).
    pub(super) input: Value,
    /// The tags the template gives each instance: its own instance tags, then the
    /// `aws:ec2launchtemplate:*` ones AWS adds.
    pub(super) instance_tags: Vec<(String, String)>,
}

/// The launch parameters of a RunInstances that names a launch template, or none when it
/// names none.
pub(super) fn launch_data(
    region: &Region,
    input: &Value,
) -> Result<Option<TemplateLaunch>, ServiceError> {
    let Some(specification) = input.get("LaunchTemplate") else {
        return Ok(None);
    };
    let template = named(region, specification)?;
    let selector = text(specification, "Version");
    let version = template.version(selector).ok_or_else(|| {
        error::launch_template_version_not_found(&template.id, selector.unwrap_or("$Default"))
    })?;
    let mut merged = match &version.data {
        Value::Object(data) => data.clone(),
        _ => Map::new(),
    };
    let mut tags = Vec::new();
    let mut specifications = Vec::new();
    for specification in items(&version.data, "TagSpecifications") {
        if text(specification, "ResourceType") == Some("instance") {
            tags.extend(tags_of(specification));
        } else {
            specifications.push(specification.clone());
        }
    }
    tags.push(("aws:ec2launchtemplate:id".to_owned(), template.id.clone()));
    tags.push((
        "aws:ec2launchtemplate:version".to_owned(),
        version.number.to_string(),
    ));
    if let Value::Object(given) = input {
        for (key, value) in given {
            match key.as_str() {
                "LaunchTemplate" => {}
                "TagSpecifications" => specifications.extend(items(input, key).iter().cloned()),
                _ => {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
    }
    // A template's RamDiskId is RunInstances' RamdiskId.
    if let Some(ramdisk) = merged.remove("RamDiskId") {
        merged.entry("RamdiskId").or_insert(ramdisk);
    }
    merged.insert("TagSpecifications".to_owned(), Value::Array(specifications));
    Ok(Some(TemplateLaunch {
        input: Value::Object(merged),
        instance_tags: tags,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::testing::Backend;
    use super::*;

    fn create(backend: &Backend, name: &str) -> String {
        let output = backend.ok(
            "CreateLaunchTemplate",
            json!({"LaunchTemplateName": name, "VersionDescription": "v1",
                   "LaunchTemplateData": {"ImageId": "ami-760aaa0f", "InstanceType": "t3.micro"},
                   "TagSpecifications": [{"ResourceType": "launch-template",
                                          "Tags": [{"Key": "team", "Value": "web"}]}]}),
        );
        let template = &output["LaunchTemplate"];
        assert_eq!(template["CreatedBy"], "arn:aws:iam::123456789012:root");
        assert_eq!(template["Tags"][0]["Value"], "web");
        template["LaunchTemplateId"].as_str().unwrap().to_owned()
    }

    #[test]
    fn versions_start_from_their_source_and_the_default_can_move() {
        let backend = Backend::new();
        let id = create(&backend, "web");
        let version = backend.ok(
            "CreateLaunchTemplateVersion",
            json!({"LaunchTemplateName": "web", "SourceVersion": "$Latest",
                   "LaunchTemplateData": {"InstanceType": "t3.small"}}),
        );
        let version = &version["LaunchTemplateVersion"];
        assert_eq!(version["VersionNumber"], 2);
        assert_eq!(version["DefaultVersion"], false);
        assert_eq!(
            version["LaunchTemplateData"],
            json!({"ImageId": "ami-760aaa0f", "InstanceType": "t3.small"})
        );
        let fresh = backend.ok(
            "CreateLaunchTemplateVersion",
            json!({"LaunchTemplateId": id, "LaunchTemplateData": {"KeyName": "k"}}),
        );
        assert_eq!(
            fresh["LaunchTemplateVersion"]["LaunchTemplateData"],
            json!({"KeyName": "k"}),
            "without a source a version has only its own parameters"
        );
        backend.ok(
            "ModifyLaunchTemplate",
            json!({"LaunchTemplateId": id, "DefaultVersion": "2"}),
        );
        let described = backend.ok(
            "DescribeLaunchTemplates",
            json!({"LaunchTemplateIds": [id]}),
        );
        let template = &described["LaunchTemplates"][0];
        assert_eq!(
            (
                template["DefaultVersionNumber"].as_u64(),
                template["LatestVersionNumber"].as_u64()
            ),
            (Some(2), Some(3))
        );
        let defaults = backend.ok(
            "DescribeLaunchTemplateVersions",
            json!({"Versions": ["$Default"]}),
        );
        assert_eq!(defaults["LaunchTemplateVersions"][0]["VersionNumber"], 2);
        let ranged = backend.ok(
            "DescribeLaunchTemplateVersions",
            json!({"LaunchTemplateId": id, "MinVersion": "2"}),
        );
        assert_eq!(
            ranged["LaunchTemplateVersions"].as_array().unwrap().len(),
            2
        );
        let all = json!({"Versions": ["1"]});
        assert_eq!(
            backend.code("DescribeLaunchTemplateVersions", all),
            "InvalidParameterValue"
        );
    }

    #[test]
    fn names_are_unique_and_deleted_templates_are_gone() {
        let backend = Backend::new();
        let id = create(&backend, "web");
        let again = json!({"LaunchTemplateName": "web", "LaunchTemplateData": {}});
        assert_eq!(
            backend.code("CreateLaunchTemplate", again),
            "InvalidLaunchTemplateName.AlreadyExistsException"
        );
        let deleted = backend.ok("DeleteLaunchTemplate", json!({"LaunchTemplateName": "web"}));
        assert_eq!(deleted["LaunchTemplate"]["LaunchTemplateId"], id.as_str());
        assert_eq!(
            backend.code(
                "DescribeLaunchTemplates",
                json!({"LaunchTemplateNames": ["web"]})
            ),
            "InvalidLaunchTemplateName.NotFoundException"
        );
        assert_eq!(
            backend.code(
                "DescribeLaunchTemplates",
                json!({"LaunchTemplateIds": [id]})
            ),
            "InvalidLaunchTemplateId.NotFound"
        );
        assert_eq!(
            backend.code("DeleteLaunchTemplate", json!({})),
            "MissingParameter"
        );
    }

    #[test]
    fn data_is_answered_in_the_response_shape() {
        let data = json!({
            "ImageId": "ami-1",
            "NotAMember": 1,
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Bogus": 1}}],
        });
        assert_eq!(
            data_value(&data),
            json!({
                "ImageId": "ami-1",
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}}],
            })
        );
    }
}
