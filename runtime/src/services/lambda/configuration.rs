//! A version's `FunctionConfiguration`, as every function operation answers it, and the
//! way Lambda writes its times.

use std::time::SystemTime;

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::macros::format_description;

use super::model::FunctionVersion;

/// A time as Lambda writes `LastModified`: `2024-01-01T00:00:00.000+0000`.
pub(super) fn lambda_time(instant: SystemTime) -> String {
    let format = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]+0000"
    );
    OffsetDateTime::from(instant)
        .format(&format)
        .unwrap_or_default()
}

/// The configuration of `version` of the function `name`, under `function_arn`.
/// Functions are created and updated at once here, so their state is always `Active`
/// and their last update `Successful`.
pub(super) fn configuration(name: &str, version: &FunctionVersion, function_arn: &str) -> Value {
    let settings = &version.settings;
    let code = &version.code;
    let mut out = Map::new();
    let mut put = |key: &str, value: Value| {
        out.insert(key.to_owned(), value);
    };
    put("FunctionName", json!(name));
    put("FunctionArn", json!(function_arn));
    if let Some(runtime) = &settings.runtime {
        put("Runtime", json!(runtime));
    }
    put("Role", json!(settings.role));
    if let Some(handler) = &settings.handler {
        put("Handler", json!(handler));
    }
    if let Some(size) = code.size {
        put("CodeSize", json!(size));
    }
    put("Description", json!(settings.description));
    put("Timeout", json!(settings.timeout));
    put("MemorySize", json!(settings.memory_size));
    put("LastModified", json!(lambda_time(version.last_modified)));
    if let Some(sha256) = &code.sha256 {
        put("CodeSha256", json!(sha256));
    }
    put("Version", json!(version.version));
    if let Some(vpc) = &settings.vpc_config {
        put("VpcConfig", vpc.clone());
    }
    if let Some(dead_letter) = &settings.dead_letter_config {
        put("DeadLetterConfig", dead_letter.clone());
    }
    if let Some(variables) = &settings.environment {
        put("Environment", json!({ "Variables": variables }));
    }
    if let Some(key) = &settings.kms_key_arn {
        put("KMSKeyArn", json!(key));
    }
    put("TracingConfig", json!({ "Mode": settings.tracing_mode }));
    put("RevisionId", json!(version.revision_id));
    if !settings.layers.is_empty() {
        let layers: Vec<Value> = settings
            .layers
            .iter()
            .map(|arn| json!({ "Arn": arn }))
            .collect();
        put("Layers", Value::Array(layers));
    }
    put("State", json!("Active"));
    put("LastUpdateStatus", json!("Successful"));
    if let Some(file_systems) = &settings.file_system_configs {
        put("FileSystemConfigs", file_systems.clone());
    }
    put("PackageType", json!(settings.package_type));
    if let Some(image) = &settings.image_config {
        put("ImageConfigResponse", json!({ "ImageConfig": image }));
    }
    put("Architectures", json!(settings.architectures));
    put(
        "EphemeralStorage",
        json!({ "Size": settings.ephemeral_storage }),
    );
    put(
        "SnapStart",
        json!({ "ApplyOn": settings.snap_start, "OptimizationStatus": "Off" }),
    );
    put("LoggingConfig", Value::Object(settings.logging.clone()));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_are_written_as_lambda_writes_them() {
        let instant = SystemTime::UNIX_EPOCH + Duration::from_millis(1_704_067_200_042);
        assert_eq!(lambda_time(instant), "2024-01-01T00:00:00.042+0000");
    }
}
