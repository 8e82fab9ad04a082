//! API Gateway's state: each region's REST APIs (their resources, methods, integrations,
//! deployments, stages and authorizers), API keys and usage plans. No HTTP here.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use serde_json::{Map, Value};

/// An integration response: how a backend's answer becomes the method's.
#[derive(Debug, Clone, Default)]
pub(super) struct IntegrationResponse {
    /// The method response status it maps to.
    pub(super) status_code: String,
    /// The regular expression that picks it (none: the default response).
    pub(super) selection_pattern: Option<String>,
    /// Mapping templates by content type.
    pub(super) response_templates: Map<String, Value>,
    /// Header mappings.
    pub(super) response_parameters: Map<String, Value>,
    /// `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`, when set.
    pub(super) content_handling: Option<String>,
}

/// A method's integration: where API Gateway sends the request.
#[derive(Debug, Clone, Default)]
pub(super) struct Integration {
    /// `MOCK`, `HTTP`, `HTTP_PROXY`, `AWS` or `AWS_PROXY`.
    pub(super) kind: String,
    /// The backend's HTTP method (not kept for `MOCK`).
    pub(super) http_method: Option<String>,
    /// The backend's URI or ARN.
    pub(super) uri: Option<String>,
    /// The members of PutIntegration kept as given (request templates, passthrough
    /// behaviour, credentials, timeouts...), with AWS's defaults filled in.
    pub(super) settings: Map<String, Value>,
    /// Integration responses, by status code.
    pub(super) responses: BTreeMap<String, IntegrationResponse>,
}

/// A method response: a status the method may answer, with its headers and models.
#[derive(Debug, Clone, Default)]
pub(super) struct MethodResponse {
    /// Header declarations.
    pub(super) response_parameters: Map<String, Value>,
    /// Models by content type.
    pub(super) response_models: Map<String, Value>,
}

/// A method of a resource.
#[derive(Debug, Clone, Default)]
pub(super) struct Method {
    /// `GET`, `POST`, ... or `ANY`.
    pub(super) http_method: String,
    /// The members of PutMethod kept as given (authorization type, authorizer, API key
    /// requirement, request parameters and models, operation name).
    pub(super) settings: Map<String, Value>,
    /// Method responses, by status code.
    pub(super) responses: BTreeMap<String, MethodResponse>,
    /// The integration, once put.
    pub(super) integration: Option<Integration>,
}

/// A resource: one segment of an API's path tree.
#[derive(Debug, Clone, Default)]
pub(super) struct Resource {
    /// Its id.
    pub(super) id: String,
    /// Its parent's id (none for the root `/`).
    pub(super) parent_id: Option<String>,
    /// Its path segment (`orders`, `{id}`, `{proxy+}`; `/` for the root).
    pub(super) path_part: String,
    /// Methods, by HTTP method.
    pub(super) methods: BTreeMap<String, Method>,
}

/// A deployment: a snapshot of the API stages point at.
#[derive(Debug, Clone)]
pub(super) struct Deployment {
    /// Its id.
    pub(super) id: String,
    /// Its description.
    pub(super) description: Option<String>,
    /// When it was made.
    pub(super) created: SystemTime,
    /// The resources as they were when it was made: invocations of a stage run these.
    pub(super) resources: BTreeMap<String, Resource>,
}

/// A stage: a named reference to a deployment.
#[derive(Debug, Clone)]
pub(super) struct Stage {
    /// Its name.
    pub(super) name: String,
    /// The deployment it serves.
    pub(super) deployment_id: String,
    /// Its description.
    pub(super) description: Option<String>,
    /// Stage variables.
    pub(super) variables: BTreeMap<String, String>,
    /// Whether a cache cluster is enabled.
    pub(super) cache_cluster_enabled: bool,
    /// Whether X-Ray tracing is enabled.
    pub(super) tracing_enabled: bool,
    /// Tags.
    pub(super) tags: BTreeMap<String, String>,
    /// When it was made.
    pub(super) created: SystemTime,
    /// When it last changed.
    pub(super) updated: SystemTime,
}

/// An authorizer, stored (API Gateway would call it before the method; invocations here
/// do not run authorizers).
#[derive(Debug, Clone)]
pub(super) struct Authorizer {
    /// Its id.
    pub(super) id: String,
    /// The members of CreateAuthorizer as given.
    pub(super) settings: Map<String, Value>,
}

/// A REST API.
#[derive(Debug, Clone)]
pub(super) struct RestApi {
    /// Its id.
    pub(super) id: String,
    /// The members of CreateRestApi kept as given (name, description, binary media types,
    /// API key source, endpoint configuration, policy...), with AWS's defaults filled in.
    pub(super) settings: Map<String, Value>,
    /// When it was made.
    pub(super) created: SystemTime,
    /// The root resource's id.
    pub(super) root_resource_id: String,
    /// Tags.
    pub(super) tags: BTreeMap<String, String>,
    /// Resources, by id.
    pub(super) resources: BTreeMap<String, Resource>,
    /// Deployments, by id.
    pub(super) deployments: BTreeMap<String, Deployment>,
    /// Stages, by name.
    pub(super) stages: BTreeMap<String, Stage>,
    /// Authorizers, by id.
    pub(super) authorizers: BTreeMap<String, Authorizer>,
}

impl RestApi {
    /// The full path of resource `id` in `resources` (`/orders/{id}`).
    pub(super) fn path_of(resources: &BTreeMap<String, Resource>, id: &str) -> String {
        let mut segments = Vec::new();
        let mut current = resources.get(id);
        // Bounded by the number of resources: a parent chain never loops, but a bound
        // keeps a corrupted tree from hanging a request.
        for _ in 0..=resources.len() {
            let Some(resource) = current else { break };
            let Some(parent) = resource.parent_id.as_deref() else {
                break;
            };
            segments.push(resource.path_part.as_str());
            current = resources.get(parent);
        }
        segments.reverse();
        format!("/{}", segments.join("/"))
    }
}

/// An API key.
#[derive(Debug, Clone)]
pub(super) struct ApiKey {
    /// Its id.
    pub(super) id: String,
    /// Its value.
    pub(super) value: String,
    /// Its name.
    pub(super) name: Option<String>,
    /// Its description.
    pub(super) description: Option<String>,
    /// Whether clients may use it.
    pub(super) enabled: bool,
    /// The AWS Marketplace customer id, when given.
    pub(super) customer_id: Option<String>,
    /// Stages it is bound to (`restApiId/stageName`).
    pub(super) stage_keys: Vec<String>,
    /// Tags.
    pub(super) tags: BTreeMap<String, String>,
    /// When it was made.
    pub(super) created: SystemTime,
    /// When it last changed.
    pub(super) updated: SystemTime,
}

/// A usage plan.
#[derive(Debug, Clone)]
pub(super) struct UsagePlan {
    /// Its id.
    pub(super) id: String,
    /// The members of CreateUsagePlan kept as given (name, description, API stages,
    /// throttle, quota).
    pub(super) settings: Map<String, Value>,
    /// Tags.
    pub(super) tags: BTreeMap<String, String>,
    /// The ids of the API keys in the plan.
    pub(super) keys: Vec<String>,
}

/// One region's API Gateway resources.
#[derive(Debug, Default)]
pub(super) struct Region {
    /// REST APIs, by id.
    pub(super) apis: BTreeMap<String, RestApi>,
    /// API keys, by id.
    pub(super) api_keys: BTreeMap<String, ApiKey>,
    /// Usage plans, by id.
    pub(super) usage_plans: BTreeMap<String, UsagePlan>,
}

/// API Gateway's resources in one backend, by region.
#[derive(Debug, Default)]
pub struct ApiGatewayState {
    regions: Mutex<BTreeMap<String, Region>>,
}

impl ApiGatewayState {
    /// Forgets every resource.
    pub fn reset(&self) {
        lock(&self.regions).clear();
    }

    /// The regions requests have reached, sorted.
    pub(super) fn regions(&self) -> Vec<String> {
        lock(&self.regions).keys().cloned().collect()
    }

    /// Runs `work` on `region`'s resources.
    pub(super) fn with_region<R>(&self, region: &str, work: impl FnOnce(&mut Region) -> R) -> R {
        let mut regions = lock(&self.regions);
        work(regions.entry(region.to_owned()).or_default())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
