//! Functions: create, read, list, update code and configuration, delete; and the
//! account's settings.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::code::{code_from, code_location, place};
use super::configuration::configuration;
use super::error;
use super::input::{expect_revision, flag, string_list, string_map, text};
use super::model::{Function, FunctionVersion, LambdaState, Region};
use super::names::{self, FunctionRef, LATEST};
use super::paging::{page, version_key};
use super::settings::{apply_configuration, new_settings};
use super::versions::publish;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// ListFunctions' default page.
const LIST_PAGE: usize = 50;

// ---------------------------------------------------------------------------
// Finding functions.

/// The function a request names.
pub(super) fn find<'r>(
    region: &'r Region,
    function: &FunctionRef,
    context: &Context<'_>,
) -> Result<&'r Function, ServiceError> {
    region
        .functions
        .get(&function.name)
        .ok_or_else(|| error::function_not_found(&arn_of(function, context)))
}

/// The function a request names, to change.
pub(super) fn find_mut<'r>(
    region: &'r mut Region,
    function: &FunctionRef,
    context: &Context<'_>,
) -> Result<&'r mut Function, ServiceError> {
    region
        .functions
        .get_mut(&function.name)
        .ok_or_else(|| error::function_not_found(&arn_of(function, context)))
}

/// The function and the version a request names (an alias stands for its version).
pub(super) fn find_version<'r>(
    region: &'r Region,
    function: &FunctionRef,
    context: &Context<'_>,
) -> Result<(&'r Function, &'r FunctionVersion), ServiceError> {
    let found = find(region, function, context)?;
    let (version, _) = found
        .resolve(function.qualifier.as_deref())
        .ok_or_else(|| error::function_not_found(&arn_of(function, context)))?;
    Ok((found, version))
}

/// The ARN a request names the function by.
pub(super) fn arn_of(function: &FunctionRef, context: &Context<'_>) -> String {
    function.arn(&context.route.region, context.account_id)
}

/// The function a request names by `FunctionName` and `Qualifier`.
pub(super) fn function_ref(
    input: &Value,
    context: &Context<'_>,
) -> Result<FunctionRef, ServiceError> {
    names::parse_with_qualifier(
        text(input, "FunctionName").unwrap_or_default(),
        text(input, "Qualifier"),
        context.account_id,
    )
}

/// The function an update names: only `$LATEST` changes.
fn unpublished_ref(input: &Value, context: &Context<'_>) -> Result<FunctionRef, ServiceError> {
    let function = function_ref(input, context)?;
    match function.qualifier.as_deref() {
        None | Some(LATEST) => Ok(function),
        Some(_) => Err(error::invalid_parameter(
            "Only $LATEST can be updated: a published version does not change.",
        )),
    }
}

// ---------------------------------------------------------------------------
// Operations.

/// A new function's execution role must be a role of IAM in this backend: Lambda (and
/// Moto) refuse one that does not exist, as Lambda cannot assume it.
///
/// UpdateFunctionConfiguration does not look the role up: Moto 5.2.5 checks roles only
/// when a function is created (`LambdaStorage.put_function`), so recordings Moto wrote
/// may change a function's role to one IAM never held, and they must replay here.
fn check_role_exists(role: &str, context: &Context<'_>) -> Result<(), ServiceError> {
    if context.services.iam().has_role(context.account_id, role) {
        Ok(())
    } else {
        Err(error::invalid_parameter(
            "The role defined for the function cannot be assumed by Lambda.",
        ))
    }
}

/// CreateFunction. Draws the package's place, then the revision id (and a published
/// version's revision id when `Publish` is set).
pub(super) fn create_function(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let region = context.route.region.as_str();
    let account = context.account_id;
    let requested = names::parse(text(input, "FunctionName").unwrap_or_default(), account)?;
    if requested.qualifier.is_some() {
        return Err(error::invalid_parameter(
            "A new function's name cannot have a qualifier: publish versions or create aliases once it exists.",
        ));
    }
    let name = requested.name;
    let package_type = text(input, "PackageType").unwrap_or("Zip");
    let mut code = code_from(input.get("Code").unwrap_or(&Value::Null), package_type)?;
    let settings = new_settings(input, &name, package_type)?;
    check_role_exists(&settings.role, context)?;
    let tags = string_map(input.get("Tags"));
    let now = context.clock.now();
    state.with_region(region, |resources| {
        if resources.functions.contains_key(&name) {
            return Err(error::function_exists(&name));
        }
        place(&mut code, context, &name);
        let latest = FunctionVersion {
            version: LATEST.to_owned(),
            settings,
            code,
            last_modified: now,
            revision_id: context.random.uuid4(),
            policy: Vec::new(),
        };
        let mut function = Function {
            name: name.clone(),
            latest,
            published: BTreeMap::new(),
            last_published: 0,
            aliases: BTreeMap::new(),
            tags,
        };
        let output = if flag(input, "Publish") == Some(true) {
            let version = publish(&mut function, None, context, now);
            let arn = names::qualified_arn(region, account, &name, Some(&version.version));
            configuration(&name, version, &arn)
        } else {
            configuration(
                &name,
                &function.latest,
                &names::function_arn(region, account, &name),
            )
        };
        resources.functions.insert(name, function);
        Ok(output)
    })
}

/// GetFunction: the configuration, where the code is, and the tags.
pub(super) fn get_function(state: &LambdaState, context: &Context<'_>, input: Input<'_>) -> Answer {
    let requested = function_ref(&input.value, context)?;
    state.with_region(&context.route.region, |region| {
        let (function, version) = find_version(region, &requested, context)?;
        let mut output = json!({
            "Configuration": configuration(&function.name, version, &arn_of(&requested, context)),
            "Code": code_location(&version.code),
        });
        if !function.tags.is_empty() {
            output["Tags"] = json!(function.tags);
        }
        Ok(output)
    })
}

/// GetFunctionConfiguration.
pub(super) fn get_function_configuration(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let requested = function_ref(&input.value, context)?;
    state.with_region(&context.route.region, |region| {
        let (function, version) = find_version(region, &requested, context)?;
        Ok(configuration(
            &function.name,
            version,
            &arn_of(&requested, context),
        ))
    })
}

/// ListFunctions: by name, `$LATEST` only unless `FunctionVersion` is `ALL`, paged.
pub(super) fn list_functions(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let all_versions = text(input, "FunctionVersion") == Some("ALL");
    if text(input, "MasterRegion").is_some() {
        if !all_versions {
            return Err(error::invalid_parameter(
                "FunctionVersion must be ALL when MasterRegion is given.",
            ));
        }
        // Only Lambda@Edge replicas have a master region, and there are none here.
        return Ok(json!({"Functions": []}));
    }
    let region_name = context.route.region.as_str();
    let account = context.account_id;
    let items = state.with_region(region_name, |region| {
        let mut items = Vec::new();
        for function in region.functions.values() {
            let arn = names::function_arn(region_name, account, &function.name);
            items.push((
                format!("{}\0{}", function.name, version_key(LATEST)),
                configuration(&function.name, &function.latest, &arn),
            ));
            if all_versions {
                for version in function.published.values() {
                    let arn = format!("{arn}:{}", version.version);
                    items.push((
                        format!("{}\0{}", function.name, version_key(&version.version)),
                        configuration(&function.name, version, &arn),
                    ));
                }
            }
        }
        items
    });
    let max_items = input.get("MaxItems").and_then(Value::as_u64);
    let (functions, next) = page(items, text(input, "Marker"), max_items, LIST_PAGE)?;
    let mut output = json!({"Functions": functions});
    if let Some(next) = next {
        output["NextMarker"] = json!(next);
    }
    Ok(output)
}

/// UpdateFunctionCode: new code for `$LATEST` (checked only with `DryRun`), published
/// as a version with `Publish`.
pub(super) fn update_function_code(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let requested = unpublished_ref(input, context)?;
    let region_name = context.route.region.as_str();
    let account = context.account_id;
    let now = context.clock.now();
    state.with_region(region_name, |region| {
        let function = find_mut(region, &requested, context)?;
        expect_revision(input, &function.latest.revision_id)?;
        let mut code = code_from(input, &function.latest.settings.package_type)?;
        let unqualified = names::function_arn(region_name, account, &function.name);
        if flag(input, "DryRun") == Some(true) {
            let mut checked = function.latest.clone();
            code.location = checked.code.location.take();
            checked.code = code;
            return Ok(configuration(&function.name, &checked, &unqualified));
        }
        place(&mut code, context, &function.name);
        let latest = &mut function.latest;
        latest.code = code;
        if input.get("Architectures").is_some() {
            latest.settings.architectures = string_list(input.get("Architectures"));
        }
        latest.last_modified = now;
        latest.revision_id = context.random.uuid4();
        if flag(input, "Publish") == Some(true) {
            let name = function.name.clone();
            let version = publish(function, None, context, now);
            let arn = format!("{unqualified}:{}", version.version);
            return Ok(configuration(&name, version, &arn));
        }
        Ok(configuration(
            &function.name,
            &function.latest,
            &unqualified,
        ))
    })
}

/// UpdateFunctionConfiguration: `$LATEST`'s settings (environment variables, memory,
/// timeout, handler, runtime, role, description, layers, ...).
pub(super) fn update_function_configuration(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let requested = unpublished_ref(input, context)?;
    let region_name = context.route.region.as_str();
    let now = context.clock.now();
    state.with_region(region_name, |region| {
        let function = find_mut(region, &requested, context)?;
        expect_revision(input, &function.latest.revision_id)?;
        let mut settings = function.latest.settings.clone();
        apply_configuration(&mut settings, input)?;
        let latest = &mut function.latest;
        latest.settings = settings;
        latest.last_modified = now;
        latest.revision_id = context.random.uuid4();
        let arn = names::function_arn(region_name, context.account_id, &function.name);
        Ok(configuration(&function.name, &function.latest, &arn))
    })
}

/// DeleteFunction: the function with its versions and aliases, or one published version
/// (`Qualifier`) that no alias uses.
pub(super) fn delete_function(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let requested = function_ref(&input.value, context)?;
    state.with_region(&context.route.region, |region| {
        let function = find_mut(region, &requested, context)?;
        match requested.qualifier.as_deref() {
            None => {
                region.functions.remove(&requested.name);
            }
            Some(LATEST) => {
                return Err(error::invalid_parameter(
                    "$LATEST version cannot be deleted without deleting the function.",
                ));
            }
            Some(qualifier) => {
                let Some(number) = qualifier
                    .parse::<u64>()
                    .ok()
                    .filter(|number| function.published.contains_key(number))
                else {
                    return Err(if function.aliases.contains_key(qualifier) {
                        error::invalid_parameter(
                            "DeleteFunction deletes versions, not aliases: use DeleteAlias.",
                        )
                    } else {
                        error::function_not_found(&arn_of(&requested, context))
                    });
                };
                let users: Vec<&str> = function
                    .aliases
                    .values()
                    .filter(|alias| {
                        alias.function_version == qualifier || alias.routing.contains_key(qualifier)
                    })
                    .map(|alias| alias.name.as_str())
                    .collect();
                if !users.is_empty() {
                    return Err(error::conflict(format!(
                        "Unable to delete version because the following aliases reference it: [{}]",
                        users.join(", ")
                    )));
                }
                function.published.remove(&number);
            }
        }
        Ok(json!({"StatusCode": 204}))
    })
}

/// GetAccountSettings: Lambda's default quotas, and what the region's functions use.
pub(super) fn get_account_settings(
    state: &LambdaState,
    context: &Context<'_>,
    _input: Input<'_>,
) -> Answer {
    let (code_size, count) = state.with_region(&context.route.region, |region| {
        let size: u64 = region
            .functions
            .values()
            .flat_map(|function| {
                std::iter::once(&function.latest).chain(function.published.values())
            })
            .filter_map(|version| version.code.size)
            .sum();
        (size, region.functions.len())
    });
    Ok(json!({
        "AccountLimit": {
            "TotalCodeSize": 80_530_636_800_u64,
            "CodeSizeUnzipped": 262_144_000,
            "CodeSizeZipped": 52_428_800,
            "ConcurrentExecutions": 1000,
            "UnreservedConcurrentExecutions": 1000,
        },
        "AccountUsage": {"TotalCodeSize": code_size, "FunctionCount": count},
    }))
}
