//! Lambda state: each region's functions (their unpublished `$LATEST`, published
//! versions, aliases, resource policies and tags) and event source mappings, and the Rust
//! handlers registered for function names.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use bytes::Bytes;
use serde_json::{Map, Value};

use super::handler::LambdaHandler;
use super::names::LATEST;

/// Where a function's code is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Package {
    /// A .zip archive uploaded with the request, kept as it came (never run).
    Zip(Bytes),
    /// A .zip archive in S3, by reference.
    S3 {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
        /// The object version, when one was named.
        object_version: Option<String>,
    },
    /// A container image.
    Image {
        /// The image's URI, as given.
        uri: String,
    },
}

/// A function's code and what Lambda reports of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Code {
    /// The package.
    pub(super) package: Package,
    /// The SHA-256 of the package, base64 (a .zip's), or the digest of an image pinned
    /// by digest; unknown for S3 objects, which are not read.
    pub(super) sha256: Option<String>,
    /// The package's size in bytes (0 for images, as Lambda reports them); unknown for
    /// S3 objects.
    pub(super) size: Option<u64>,
    /// Where GetFunction says the package can be downloaded (.zip packages).
    pub(super) location: Option<String>,
}

/// A version's configuration, as CreateFunction and UpdateFunctionConfiguration set it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Settings {
    /// `Zip` or `Image`.
    pub(super) package_type: String,
    /// The runtime (.zip packages).
    pub(super) runtime: Option<String>,
    /// The execution role's ARN.
    pub(super) role: String,
    /// The handler the runtime calls (.zip packages).
    pub(super) handler: Option<String>,
    /// The description.
    pub(super) description: String,
    /// Seconds a run may take.
    pub(super) timeout: i64,
    /// Megabytes of memory.
    pub(super) memory_size: i64,
    /// Environment variables, when any were set.
    pub(super) environment: Option<BTreeMap<String, String>>,
    /// Layer version ARNs, in order.
    pub(super) layers: Vec<String>,
    /// `x86_64` or `arm64`.
    pub(super) architectures: Vec<String>,
    /// Megabytes of `/tmp`.
    pub(super) ephemeral_storage: i64,
    /// `PassThrough` or `Active`.
    pub(super) tracing_mode: String,
    /// `None` or `PublishedVersions`.
    pub(super) snap_start: String,
    /// The logging configuration, with Lambda's defaults filled in.
    pub(super) logging: Map<String, Value>,
    /// The KMS key of the environment variables.
    pub(super) kms_key_arn: Option<String>,
    /// The VPC configuration, as given.
    pub(super) vpc_config: Option<Value>,
    /// The dead-letter queue or topic, as given.
    pub(super) dead_letter_config: Option<Value>,
    /// File systems mounted, as given.
    pub(super) file_system_configs: Option<Value>,
    /// The image's entry point, command and working directory, as given.
    pub(super) image_config: Option<Value>,
}

/// A statement of a resource policy: its id and the JSON Lambda writes for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Statement {
    /// The statement id.
    pub(super) sid: String,
    /// The statement, as GetPolicy shows it.
    pub(super) document: String,
}

/// `$LATEST` or a published version.
#[derive(Debug, Clone)]
pub(super) struct FunctionVersion {
    /// `$LATEST`, or the version's number.
    pub(super) version: String,
    /// Its configuration.
    pub(super) settings: Settings,
    /// Its code.
    pub(super) code: Code,
    /// When it last changed.
    pub(super) last_modified: SystemTime,
    /// Changes on every change of the version (configuration, code, policy).
    pub(super) revision_id: String,
    /// Its resource policy (`$LATEST`'s is the unqualified function's).
    pub(super) policy: Vec<Statement>,
}

/// An alias: a name for a version, with optional weighted routing to a second one.
#[derive(Debug, Clone)]
pub(super) struct Alias {
    /// Its name.
    pub(super) name: String,
    /// The version it names.
    pub(super) function_version: String,
    /// The description.
    pub(super) description: String,
    /// `AdditionalVersionWeights`: another version and the share of invocations it gets.
    pub(super) routing: BTreeMap<String, f64>,
    /// Changes on every change of the alias.
    pub(super) revision_id: String,
    /// Its resource policy.
    pub(super) policy: Vec<Statement>,
}

/// A function.
#[derive(Debug, Clone)]
pub(super) struct Function {
    /// Its name.
    pub(super) name: String,
    /// The unpublished version.
    pub(super) latest: FunctionVersion,
    /// Published versions, by number.
    pub(super) published: BTreeMap<u64, FunctionVersion>,
    /// The number of the last version published: numbers are never reused, even after
    /// a version is deleted.
    pub(super) last_published: u64,
    /// Aliases, by name.
    pub(super) aliases: BTreeMap<String, Alias>,
    /// Tags.
    pub(super) tags: BTreeMap<String, String>,
}

impl Function {
    /// `$LATEST` or the published version `version`.
    pub(super) fn version(&self, version: &str) -> Option<&FunctionVersion> {
        if version == LATEST {
            return Some(&self.latest);
        }
        self.published.get(&version.parse::<u64>().ok()?)
    }

    /// `$LATEST` or the published version `version`, to change.
    pub(super) fn version_mut(&mut self, version: &str) -> Option<&mut FunctionVersion> {
        if version == LATEST {
            return Some(&mut self.latest);
        }
        self.published.get_mut(&version.parse::<u64>().ok()?)
    }

    /// What `qualifier` names: a version, or an alias and the version it names.
    /// Without a qualifier, `$LATEST`.
    pub(super) fn resolve(
        &self,
        qualifier: Option<&str>,
    ) -> Option<(&FunctionVersion, Option<&Alias>)> {
        let Some(qualifier) = qualifier else {
            return Some((&self.latest, None));
        };
        if let Some(version) = self.version(qualifier) {
            return Some((version, None));
        }
        let alias = self.aliases.get(qualifier)?;
        Some((self.version(&alias.function_version)?, Some(alias)))
    }

    /// Whether `qualifier` names a version or an alias of this function.
    pub(super) fn has_qualifier(&self, qualifier: &str) -> bool {
        self.version(qualifier).is_some() || self.aliases.contains_key(qualifier)
    }

    /// The newest published version.
    pub(super) fn newest_published(&self) -> Option<&FunctionVersion> {
        self.published.values().next_back()
    }
}

/// An event source mapping: a queue, stream or topic the function would read from.
#[derive(Debug, Clone)]
pub(super) struct EventSourceMapping {
    /// Its id.
    pub(super) uuid: String,
    /// Creation order, for listing.
    pub(super) sequence: u64,
    /// The function (qualified when the request named a version or alias).
    pub(super) function_arn: String,
    /// Whether it is enabled.
    pub(super) enabled: bool,
    /// The members of the mapping as given, with Lambda's defaults filled in.
    pub(super) settings: Map<String, Value>,
    /// When it last changed.
    pub(super) last_modified: SystemTime,
    /// What Lambda reports of the last poll that found records (`OK`, `PROBLEM: ...`);
    /// `None` until then.
    pub(super) last_processing_result: Option<String>,
    /// Tags.
    pub(super) tags: BTreeMap<String, String>,
}

/// One region's functions and event source mappings.
#[derive(Debug, Default)]
pub(super) struct Region {
    /// Functions, by name.
    pub(super) functions: BTreeMap<String, Function>,
    /// Event source mappings, by UUID.
    pub(super) event_source_mappings: BTreeMap<String, EventSourceMapping>,
    /// The number of mappings created so far.
    pub(super) mappings_created: u64,
}

/// Each region's Lambda resources, and the Rust handlers registered for function names.
///
/// A reset empties the regions and keeps the handlers: they are the test's code, not
/// state of the emulated AWS (as a reset keeps the recorder and the random source), so a
/// test that resets and creates its functions again still runs them.
#[derive(Debug, Default)]
pub struct LambdaState {
    regions: Mutex<BTreeMap<String, Region>>,
    handlers: Mutex<BTreeMap<String, LambdaHandler>>,
}

impl LambdaState {
    /// Forgets every function and event source mapping; keeps the registered handlers.
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

    /// Makes `handler` the code of the functions called `function_name`, in every region,
    /// replacing a handler registered before for that name.
    pub fn register(&self, function_name: impl Into<String>, handler: LambdaHandler) {
        lock(&self.handlers).insert(function_name.into(), handler);
    }

    /// The handler registered for `function_name`.
    pub(super) fn handler(&self, function_name: &str) -> Option<LambdaHandler> {
        lock(&self.handlers).get(function_name).cloned()
    }

    /// Whether `identifier` (a name, a partial or full ARN, with or without a version or
    /// alias) names a function of `account_id`, in the region a full ARN names or else in
    /// `region`. Other services ask this before they use a function (a secret's rotation
    /// function).
    pub fn has_function(&self, region: &str, account_id: &str, identifier: &str) -> bool {
        let Ok(function) = super::names::parse(identifier, account_id) else {
            return false;
        };
        let region = match identifier.split(':').collect::<Vec<_>>().as_slice() {
            ["arn", _, "lambda", arn_region, ..] => *arn_region,
            _ => region,
        };
        lock(&self.regions).get(region).is_some_and(|resources| {
            resources
                .functions
                .get(&function.name)
                .is_some_and(|found| {
                    function
                        .qualifier
                        .as_deref()
                        .is_none_or(|qualifier| found.has_qualifier(qualifier))
                })
        })
    }

    /// The function names handlers are registered for, sorted.
    pub(super) fn registered(&self) -> Vec<String> {
        lock(&self.handlers).keys().cloned().collect()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
