//! Published versions: PublishVersion and ListVersionsByFunction.

use std::time::SystemTime;

use serde_json::{Value, json};

use super::configuration::configuration;
use super::error;
use super::functions::{find, find_mut, function_ref};
use super::input::{expect_revision, text};
use super::model::{Function, FunctionVersion, LambdaState};
use super::names;
use super::paging::{page, version_key};
use crate::protocol::engine::{Answer, Input};
use crate::services::Context;

/// ListVersionsByFunction's default page.
const LIST_PAGE: usize = 50;

/// Publishes `$LATEST` as the next version, with `description` if given (else
/// `$LATEST`'s). When neither the code nor the configuration changed since the newest
/// version, that version is the answer and nothing is published, as in Lambda.
pub(super) fn publish<'f>(
    function: &'f mut Function,
    description: Option<&str>,
    context: &Context<'_>,
    now: SystemTime,
) -> &'f FunctionVersion {
    let unchanged = function.newest_published().is_some_and(|newest| {
        let mut settings = newest.settings.clone();
        settings
            .description
            .clone_from(&function.latest.settings.description);
        newest.code.sha256 == function.latest.code.sha256
            && newest.code.package == function.latest.code.package
            && settings == function.latest.settings
    });
    if !unchanged {
        function.last_published += 1;
        let number = function.last_published;
        let mut version = FunctionVersion {
            version: number.to_string(),
            settings: function.latest.settings.clone(),
            code: function.latest.code.clone(),
            last_modified: now,
            revision_id: context.random.uuid4(),
            policy: Vec::new(),
        };
        if let Some(description) = description {
            version.settings.description = description.to_owned();
        }
        function.published.insert(number, version);
    }
    // Just published or found unchanged: there is a newest version.
    function
        .published
        .values()
        .next_back()
        .unwrap_or(&function.latest)
}

/// PublishVersion, checked against `CodeSha256` and `RevisionId` when given.
pub(super) fn publish_version(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let requested = function_ref(input, context)?;
    let region_name = context.route.region.as_str();
    let now = context.clock.now();
    state.with_region(region_name, |region| {
        let function = find_mut(region, &requested, context)?;
        expect_revision(input, &function.latest.revision_id)?;
        if let Some(expected) = text(input, "CodeSha256")
            && function.latest.code.sha256.as_deref() != Some(expected)
        {
            return Err(error::invalid_parameter(format!(
                "CodeSHA256 ({expected}) is different from current CodeSHA256 in $LATEST ({}). Please try again.",
                function.latest.code.sha256.as_deref().unwrap_or_default()
            )));
        }
        let name = function.name.clone();
        let version = publish(function, text(input, "Description"), context, now);
        let arn = names::qualified_arn(region_name, context.account_id, &name, Some(&version.version));
        Ok(configuration(&name, version, &arn))
    })
}

/// ListVersionsByFunction: `$LATEST`, then the published versions by number, paged.
pub(super) fn list_versions_by_function(
    state: &LambdaState,
    context: &Context<'_>,
    input: Input<'_>,
) -> Answer {
    let input = &input.value;
    let requested = function_ref(input, context)?;
    let region_name = context.route.region.as_str();
    let items = state.with_region(region_name, |region| {
        let function = find(region, &requested, context)?;
        let arn = names::function_arn(region_name, context.account_id, &function.name);
        let items: Vec<(String, Value)> = std::iter::once(&function.latest)
            .chain(function.published.values())
            .map(|version| {
                (
                    version_key(&version.version),
                    configuration(
                        &function.name,
                        version,
                        &format!("{arn}:{}", version.version),
                    ),
                )
            })
            .collect();
        Ok::<_, crate::protocol::error::ServiceError>(items)
    })?;
    let max_items = input.get("MaxItems").and_then(Value::as_u64);
    let (versions, next) = page(items, text(input, "Marker"), max_items, LIST_PAGE)?;
    let mut output = json!({"Versions": versions});
    if let Some(next) = next {
        output["NextMarker"] = json!(next);
    }
    Ok(output)
}
