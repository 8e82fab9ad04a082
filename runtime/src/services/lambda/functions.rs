//! Functions: create, read, list, update code and configuration, delete; and the
//! account's settings.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::configuration::configuration;
use super::error;
use super::input::{expect_revision, flag, integer, string_list, string_map, text};
use super::model::{Code, Function, FunctionVersion, LambdaState, Package, Region, Settings};
use super::names::{self, FunctionRef, LATEST};
use super::paging::{page, version_key};
use super::versions::publish;
use crate::protocol::engine::{Answer, Input};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The first bytes of a .zip archive (a local file header, or the end of an empty one).
const ZIP_SIGNATURES: [&[u8]; 2] = [b"PK\x03\x04", b"PK\x05\x06"];

/// Environment variables Lambda sets itself and refuses to take from a configuration.
const RESERVED_VARIABLES: [&str; 18] = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT",
];

/// The most bytes a function's environment variables may take, measured as JSON.
const ENVIRONMENT_LIMIT: usize = 4096;

/// The most layers a function may use.
const LAYERS_MAX: usize = 5;

/// ListFunctions' default page.
const LIST_PAGE: usize = 50;

/// The pattern AWS quotes for a role that is not an IAM role's ARN.
const ROLE_PATTERN: &str = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";

// ---------------------------------------------------------------------------
// Code and configuration from requests.

/// The code `members` give (CreateFunction's `Code`, UpdateFunctionCode's input), for a
/// function of `package_type`, checked. Nothing is drawn from the random source here.
fn code_from(members: &Value, package_type: &str) -> Result<Code, ServiceError> {
    let zip = text(members, "ZipFile");
    let bucket = text(members, "S3Bucket");
    let key = text(members, "S3Key");
    let image = text(members, "ImageUri");
    if package_type == "Image" {
        if zip.is_some() || bucket.is_some() || key.is_some() {
            return Err(error::invalid_parameter(
                "Please provide ImageUri, not ZipFile, S3Bucket or S3Key, for a function with PackageType Image.",
            ));
        }
        let uri = image.ok_or_else(|| {
            error::invalid_parameter(
                "Please provide ImageUri for a function with PackageType Image.",
            )
        })?;
        return Ok(Code {
            package: Package::Image {
                uri: uri.to_owned(),
            },
            sha256: uri
                .split_once("@sha256:")
                .map(|(_, digest)| digest.to_owned()),
            size: Some(0),
            location: None,
        });
    }
    if image.is_some() {
        return Err(error::invalid_parameter(
            "ImageUri is only for functions with PackageType Image: provide ZipFile, or S3Bucket and S3Key.",
        ));
    }
    match (zip, bucket, key) {
        (Some(zip), None, None) => {
            let bytes = STANDARD.decode(zip).unwrap_or_default();
            if !ZIP_SIGNATURES
                .iter()
                .any(|signature| bytes.starts_with(signature))
            {
                return Err(error::invalid_parameter(
                    "Could not unzip uploaded file. Please check your file, then try to upload again.",
                ));
            }
            Ok(Code {
                sha256: Some(sha256_base64(&bytes)),
                size: Some(bytes.len() as u64),
                package: Package::Zip(Bytes::from(bytes)),
                location: None,
            })
        }
        (None, Some(bucket), Some(key)) => Ok(Code {
            package: Package::S3 {
                bucket: bucket.to_owned(),
                key: key.to_owned(),
                object_version: text(members, "S3ObjectVersion").map(str::to_owned),
            },
            // The object is not read, so its digest and size are not known.
            sha256: None,
            size: None,
            location: None,
        }),
        (None, None, None) => Err(error::invalid_parameter(
            "Please provide a source for function code.",
        )),
        (Some(_), _, _) => Err(error::invalid_parameter(
            "Please provide only one source for function code: ZipFile, or S3Bucket and S3Key.",
        )),
        (None, _, _) => Err(error::invalid_parameter(
            "Please provide both S3Bucket and S3Key for function code in S3.",
        )),
    }
}

/// The SHA-256 of `bytes`, base64, as Lambda reports `CodeSha256`. The digest comes from
/// s3s, the one SHA-256 already in the dependency tree.
fn sha256_base64(bytes: &[u8]) -> String {
    use s3s::crypto::Checksum as _;
    let mut hasher = s3s::crypto::Sha256::new();
    hasher.update(bytes);
    STANDARD.encode(hasher.finalize().as_ref())
}

/// Gives stored .zip code the place Lambda keeps packages in (a key drawn from the
/// seeded source), which GetFunction reports as its location.
fn place(code: &mut Code, context: &Context<'_>, name: &str) {
    if matches!(code.package, Package::Image { .. }) {
        return;
    }
    let region = &context.route.region;
    code.location = Some(format!(
        "https://awslambda-{region}-tasks.s3.{region}.amazonaws.com/snapshots/{}/{name}-{}",
        context.account_id,
        context.random.uuid4()
    ));
}

/// Where GetFunction says the code is.
fn code_location(code: &Code) -> Value {
    match &code.package {
        Package::Image { uri } => {
            let mut out = json!({"RepositoryType": "ECR", "ImageUri": uri});
            if uri.contains("@sha256:") {
                out["ResolvedImageUri"] = json!(uri);
            }
            out
        }
        Package::Zip(_) | Package::S3 { .. } => {
            let mut out = json!({"RepositoryType": "S3"});
            if let Some(location) = &code.location {
                out["Location"] = json!(location);
            }
            out
        }
    }
}

/// A new function's configuration: Lambda's defaults, then what the request sets.
fn new_settings(input: &Value, name: &str, package_type: &str) -> Result<Settings, ServiceError> {
    if package_type == "Zip"
        && (text(input, "Runtime").is_none() || text(input, "Handler").is_none())
    {
        return Err(error::invalid_parameter(
            "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
        ));
    }
    if text(input, "Role").is_none() {
        return Err(error::validation(
            "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null",
        ));
    }
    let mut settings = Settings {
        package_type: package_type.to_owned(),
        runtime: None,
        role: String::new(),
        handler: None,
        description: String::new(),
        timeout: 3,
        memory_size: 128,
        environment: None,
        layers: Vec::new(),
        architectures: vec!["x86_64".to_owned()],
        ephemeral_storage: 512,
        tracing_mode: "PassThrough".to_owned(),
        snap_start: "None".to_owned(),
        logging: default_logging(name),
        kms_key_arn: None,
        vpc_config: None,
        dead_letter_config: None,
        file_system_configs: None,
        image_config: None,
    };
    apply_configuration(&mut settings, input)?;
    Ok(settings)
}

/// Lambda's logging defaults: text logs to `/aws/lambda/<name>`.
fn default_logging(name: &str) -> Map<String, Value> {
    let mut logging = Map::new();
    logging.insert("LogFormat".into(), json!("Text"));
    logging.insert("LogGroup".into(), json!(format!("/aws/lambda/{name}")));
    logging
}

/// Sets what `input` gives of a configuration (CreateFunction, UpdateFunctionConfiguration).
fn apply_configuration(settings: &mut Settings, input: &Value) -> Result<(), ServiceError> {
    if let Some(role) = text(input, "Role") {
        if !names::is_role_arn(role) {
            return Err(error::validation(format!(
                "1 validation error detected: Value '{role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: {ROLE_PATTERN}"
            )));
        }
        settings.role = role.to_owned();
    }
    if let Some(runtime) = text(input, "Runtime") {
        settings.runtime = Some(runtime.to_owned());
    }
    if let Some(handler) = text(input, "Handler") {
        settings.handler = Some(handler.to_owned());
    }
    if let Some(description) = text(input, "Description") {
        settings.description = description.to_owned();
    }
    if let Some(timeout) = integer(input, "Timeout") {
        settings.timeout = timeout;
    }
    if let Some(memory) = integer(input, "MemorySize") {
        settings.memory_size = memory;
    }
    if let Some(environment) = input.get("Environment") {
        let variables = string_map(environment.get("Variables"));
        check_environment(&variables)?;
        settings.environment = (!variables.is_empty()).then_some(variables);
    }
    if let Some(layers) = input.get("Layers") {
        settings.layers = checked_layers(string_list(Some(layers)))?;
    }
    if input.get("Architectures").is_some() {
        settings.architectures = string_list(input.get("Architectures"));
    }
    if let Some(size) = input
        .pointer("/EphemeralStorage/Size")
        .and_then(Value::as_i64)
    {
        settings.ephemeral_storage = size;
    }
    if let Some(mode) = input.pointer("/TracingConfig/Mode").and_then(Value::as_str) {
        settings.tracing_mode = mode.to_owned();
    }
    if let Some(apply_on) = input.pointer("/SnapStart/ApplyOn").and_then(Value::as_str) {
        settings.snap_start = apply_on.to_owned();
    }
    if let Some(Value::Object(logging)) = input.get("LoggingConfig") {
        for (key, value) in logging {
            settings.logging.insert(key.clone(), value.clone());
        }
        // Log levels belong to JSON logs, where Lambda defaults them to INFO.
        if settings.logging.get("LogFormat") == Some(&json!("JSON")) {
            for level in ["ApplicationLogLevel", "SystemLogLevel"] {
                settings
                    .logging
                    .entry(level)
                    .or_insert_with(|| json!("INFO"));
            }
        } else {
            settings.logging.remove("ApplicationLogLevel");
            settings.logging.remove("SystemLogLevel");
        }
    }
    if let Some(key) = text(input, "KMSKeyArn") {
        settings.kms_key_arn = (!key.is_empty()).then(|| key.to_owned());
    }
    for (member, slot) in [
        ("VpcConfig", &mut settings.vpc_config),
        ("DeadLetterConfig", &mut settings.dead_letter_config),
        ("FileSystemConfigs", &mut settings.file_system_configs),
        ("ImageConfig", &mut settings.image_config),
    ] {
        if let Some(value) = input.get(member) {
            *slot = Some(value.clone());
        }
    }
    Ok(())
}

/// Environment variables Lambda accepts: names of letters, digits and underscores
/// starting with a letter, none of its reserved names, 4 KB at most.
fn check_environment(variables: &BTreeMap<String, String>) -> Result<(), ServiceError> {
    let well_named = |name: &str| {
        let mut bytes = name.bytes();
        bytes
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic())
            && name.len() > 1
            && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
    };
    if !variables.keys().all(|name| well_named(name)) {
        return Err(error::validation(
            "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
        ));
    }
    let reserved: Vec<&str> = variables
        .keys()
        .map(String::as_str)
        .filter(|name| RESERVED_VARIABLES.contains(name))
        .collect();
    if !reserved.is_empty() {
        return Err(error::invalid_parameter(format!(
            "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {}",
            reserved.join(", ")
        )));
    }
    let measured = serde_json::to_string(variables).unwrap_or_default();
    if measured.len() > ENVIRONMENT_LIMIT {
        return Err(error::invalid_parameter(format!(
            "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {measured}"
        )));
    }
    Ok(())
}

/// Layer version ARNs (`arn:aws:lambda:<region>:<account>:layer:<name>:<version>`), five
/// at most. Layers are not emulated: the references are kept as given.
fn checked_layers(layers: Vec<String>) -> Result<Vec<String>, ServiceError> {
    if layers.len() > LAYERS_MAX {
        return Err(error::invalid_parameter(format!(
            "Cannot reference more than {LAYERS_MAX} layers."
        )));
    }
    for arn in &layers {
        let parts: Vec<&str> = arn.split(':').collect();
        let well_formed = matches!(
            parts.as_slice(),
            ["arn", partition, "lambda", _, _, "layer", name, version]
                if partition.starts_with("aws")
                    && !name.is_empty()
                    && !version.is_empty()
                    && version.bytes().all(|byte| byte.is_ascii_digit())
        );
        if !well_formed {
            return Err(error::validation(format!(
                "1 validation error detected: Value '[{arn}]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{{12}}:layer:[a-zA-Z0-9-_]+:[0-9]+]"
            )));
        }
    }
    Ok(layers)
}

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
    let tags = string_map(input.get("Tags"));
    let now = context.clock.now();
    state.with_region(region, |functions| {
        if functions.functions.contains_key(&name) {
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
        functions.functions.insert(name, function);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest .zip archive: an empty one.
    const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

    #[test]
    fn zip_code_is_kept_with_its_digest() {
        let code = code_from(&json!({"ZipFile": STANDARD.encode(EMPTY_ZIP)}), "Zip").unwrap();
        assert_eq!(code.size, Some(22));
        // The SHA-256 of the empty archive, base64 (`openssl dgst -sha256 -binary | base64`).
        assert_eq!(
            code.sha256.as_deref(),
            Some("hznHbmgfkAkjuQDJ3w73XPQh05yrtUZQxLmtGbanbYU=")
        );
        assert_eq!(code.package, Package::Zip(Bytes::from_static(EMPTY_ZIP)));
        let not_zip = code_from(&json!({"ZipFile": STANDARD.encode(b"hello")}), "Zip");
        assert_eq!(not_zip.unwrap_err().code, "InvalidParameterValueException");
    }

    #[test]
    fn code_comes_from_exactly_one_source() {
        let s3 = code_from(&json!({"S3Bucket": "b", "S3Key": "k.zip"}), "Zip").unwrap();
        assert_eq!((s3.sha256, s3.size), (None, None));
        for members in [
            json!({}),
            json!({"S3Bucket": "b"}),
            json!({"ZipFile": STANDARD.encode(EMPTY_ZIP), "S3Bucket": "b", "S3Key": "k"}),
            json!({"ImageUri": "repo:latest"}),
        ] {
            assert_eq!(
                code_from(&members, "Zip").unwrap_err().code,
                "InvalidParameterValueException",
                "{members}"
            );
        }
        let image = code_from(
            &json!({"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc"}),
            "Image",
        )
        .unwrap();
        assert_eq!(image.sha256.as_deref(), Some("abc"));
        assert_eq!(image.size, Some(0));
    }

    #[test]
    fn environment_variables_follow_lambda_rules() {
        let variables = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect()
        };
        assert!(check_environment(&variables(&[("BUCKET", "photos")])).is_ok());
        let reserved = check_environment(&variables(&[("AWS_REGION", "x")])).unwrap_err();
        assert!(
            reserved
                .message
                .ends_with("Reserved keys used in this request: AWS_REGION")
        );
        let big = "x".repeat(4100);
        assert!(
            check_environment(&variables(&[("BIG", &big)]))
                .unwrap_err()
                .message
                .contains("exceeded the 4KB limit")
        );
        assert_eq!(
            check_environment(&variables(&[("1X", "y")]))
                .unwrap_err()
                .code,
            "ValidationException"
        );
    }

    #[test]
    fn configuration_updates_keep_what_they_do_not_name() {
        let mut settings = new_settings(
            &json!({"Runtime": "python3.12", "Handler": "app.handler",
                    "Role": "arn:aws:iam::123456789012:role/lambda"}),
            "resize",
            "Zip",
        )
        .unwrap();
        apply_configuration(
            &mut settings,
            &json!({"MemorySize": 512, "LoggingConfig": {"LogFormat": "JSON"},
                    "Environment": {"Variables": {"BUCKET": "photos"}}}),
        )
        .unwrap();
        assert_eq!(settings.memory_size, 512);
        assert_eq!(settings.timeout, 3);
        assert_eq!(settings.handler.as_deref(), Some("app.handler"));
        assert_eq!(
            Value::Object(settings.logging.clone()),
            json!({"LogFormat": "JSON", "LogGroup": "/aws/lambda/resize",
                   "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO"})
        );
        assert_eq!(settings.environment.unwrap()["BUCKET"], "photos");
        assert_eq!(
            new_settings(&json!({"Role": "r"}), "resize", "Zip")
                .unwrap_err()
                .code,
            "InvalidParameterValueException"
        );
        assert_eq!(
            checked_layers(vec![
                "arn:aws:lambda:us-east-1:123456789012:layer:pillow:3".into()
            ])
            .unwrap()
            .len(),
            1
        );
        assert!(checked_layers(vec!["pillow".into()]).is_err());
    }
}
