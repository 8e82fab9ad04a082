//! A function's configuration as CreateFunction and UpdateFunctionConfiguration set it:
//! Lambda's defaults, and its rules for roles, environment variables and layers.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::error;
use super::input::{integer, string_list, string_map, text};
use super::model::Settings;
use super::names;
use crate::protocol::error::ServiceError;

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

/// The pattern AWS quotes for a role that is not an IAM role's ARN.
const ROLE_PATTERN: &str = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";

/// A new function's configuration: Lambda's defaults, then what the request sets.
pub(super) fn new_settings(
    input: &Value,
    name: &str,
    package_type: &str,
) -> Result<Settings, ServiceError> {
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
pub(super) fn apply_configuration(
    settings: &mut Settings,
    input: &Value,
) -> Result<(), ServiceError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
