//! Every environment variable moto-recorded reads, parsed strictly and read once.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `MOTO_ENABLE_RECORDING` | record instead of replay (`1`/`true`/`yes`/`on`, or `0`/`false`/`no`/`off`/empty; any case) | off |
//! | `MOTO_RECORDER_FILEPATH` | file of the process-wide recorder and of `moto-server` | `moto_recording` in the working directory |
//! | `MOTO_PORT` | port of `moto-server` when `-p` is not given, as Moto's `moto_server` | `5000` |
//! | `MOTO_RECORDED_SERVER` | run every `#[moto_recorded]` test against this Moto server (`http://host:port`) instead of an embedded backend | unset: embedded |
//! | `NEXTEST_RUN_ID` | set by `cargo nextest`: tests of one run, in separate processes, record a shared fixture once | unset |
//! | `XDG_RUNTIME_DIR` | the user's private runtime directory: where the locks that serialise tests sharing a fixture or a Moto server live | unset: the build's target directory |
//! | `CI` (and `TF_BUILD`) | running on CI: a missing fixture is an error instead of being recorded | detected as `insta` does |
//! | `MOTO_RECORDED_UPDATE` | `new`: record every fixture that has a setup, and write a recording that differs from the committed fixture beside it as `<fixture>.new` for `moto-recorded review`; `overwrite`: as `MOTO_ENABLE_RECORDING=1` | unset: replay |
//! | `MOTO_RECORDED_LOG` | what a test prints about its fixture: `fixtures` (one line per replayed or recorded fixture), `requests` (also one line per replayed request), `off` | `fixtures` |
//!
//! Unlike Moto, which treats any non-empty `MOTO_ENABLE_RECORDING` (even `False`) as on,
//! an unrecognised value is an error naming the variable.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Turns recording on (`MOTO_ENABLE_RECORDING`), as in Moto.
pub const ENABLE_RECORDING: &str = "MOTO_ENABLE_RECORDING";
/// Where the process-wide recorder keeps its log (`MOTO_RECORDER_FILEPATH`), as in Moto.
pub const RECORDER_FILEPATH: &str = "MOTO_RECORDER_FILEPATH";
/// The recorder file used when `MOTO_RECORDER_FILEPATH` is not set, as in Moto.
pub const DEFAULT_RECORDER_FILEPATH: &str = "moto_recording";
/// The port of `moto-server` (`MOTO_PORT`), as in Moto.
pub const PORT: &str = "MOTO_PORT";
/// A Moto server to run the tests against (`MOTO_RECORDED_SERVER`), e.g.
/// `http://localhost:5000`.
pub const MOTO_SERVER: &str = "MOTO_RECORDED_SERVER";
/// The run id `cargo nextest` gives the test processes of one run.
pub const NEXTEST_RUN_ID: &str = "NEXTEST_RUN_ID";
/// The user's private runtime directory (`XDG_RUNTIME_DIR`), for lock files.
pub const RUNTIME_DIR: &str = "XDG_RUNTIME_DIR";
/// How re-recorded fixtures are written (`MOTO_RECORDED_UPDATE`): `new` or `overwrite`.
pub const UPDATE: &str = "MOTO_RECORDED_UPDATE";
/// What tests print about their fixtures (`MOTO_RECORDED_LOG`): `off`, `fixtures`, `requests`.
pub const LOG: &str = "MOTO_RECORDED_LOG";
/// The port of `moto-server` when neither `-p` nor `MOTO_PORT` is given, as in Moto.
pub const DEFAULT_PORT: u16 = 5000;

const TRUE_WORDS: [&str; 4] = ["1", "true", "yes", "on"];
const FALSE_WORDS: [&str; 5] = ["", "0", "false", "no", "off"];

/// The settings taken from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Record fixtures instead of replaying them.
    pub enable_recording: bool,
    /// The file of the process-wide recorder.
    pub recorder_filepath: PathBuf,
    /// Running on a CI service.
    pub ci: bool,
    /// The port `moto-server` listens on by default.
    pub port: u16,
    /// The run `cargo nextest` gives every test process of one run (`NEXTEST_RUN_ID`), so
    /// that a fixture shared by tests in several processes is recorded once per run.
    pub nextest_run_id: Option<String>,
    /// A Moto server every `#[moto_recorded]` test runs against instead of an embedded
    /// backend (`MOTO_RECORDED_SERVER`), without a trailing slash.
    pub moto_server: Option<String>,
    /// The user's private runtime directory (`XDG_RUNTIME_DIR`), where the harness keeps
    /// its lock files when it is set.
    pub runtime_dir: Option<PathBuf>,
    /// How tests re-record their fixtures (`MOTO_RECORDED_UPDATE`), if they are asked to.
    pub update: Option<Update>,
    /// What tests print about their fixtures (`MOTO_RECORDED_LOG`).
    pub log: Log,
}

/// How re-recorded fixtures are written (`MOTO_RECORDED_UPDATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// `new`: a re-recording that differs from the committed fixture is written beside it
    /// as `<fixture>.new`, for `moto-recorded review`.
    Pending,
    /// `overwrite`: over the fixture, as `MOTO_ENABLE_RECORDING=1`.
    Overwrite,
}

/// What a test prints about its fixture (`MOTO_RECORDED_LOG`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Log {
    /// Nothing but what needs action (pending fixtures, warnings).
    Off,
    /// One line per replayed or recorded fixture: entries and time.
    #[default]
    Fixtures,
    /// Also one line per replayed request: line, method, path, operation, status.
    Requests,
}

/// An environment variable with a value moto-recorded does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A boolean variable with a value that is not one of the accepted words.
    #[error(
        "environment variable {variable}={value:?} is not understood: use 1, true, yes or on \
         to enable it, or 0, false, no, off or an empty value to disable it (any case)"
    )]
    InvalidBool {
        /// The variable's name.
        variable: &'static str,
        /// The value found.
        value: String,
    },
    /// A variable whose value is not valid UTF-8 where text is needed.
    #[error("environment variable {variable} is not valid UTF-8: set it to plain text")]
    NotUnicode {
        /// The variable's name.
        variable: &'static str,
    },
    /// A port variable that is not a port number.
    #[error(
        "environment variable {variable}={value:?} is not a port: use a number from 0 to 65535"
    )]
    InvalidPort {
        /// The variable's name.
        variable: &'static str,
        /// The value found.
        value: String,
    },
    /// A server url that moto-recorded cannot talk to.
    #[error(
        "environment variable {variable}={value:?} is not a Moto server url ({reason}): \
         write it like http://localhost:5000, or unset it to use the embedded backend"
    )]
    InvalidServerUrl {
        /// The variable's name.
        variable: &'static str,
        /// The value found.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A variable that takes one of a few words, set to something else.
    #[error("environment variable {variable}={value:?} is not understood: use {expected}")]
    InvalidWord {
        /// The variable's name.
        variable: &'static str,
        /// The value found.
        value: String,
        /// The accepted words.
        expected: &'static str,
    },
    /// A path variable that is set but empty.
    #[error(
        "environment variable {variable} is set but empty: unset it to use `{default}`, \
         or set it to a file path"
    )]
    EmptyPath {
        /// The variable's name.
        variable: &'static str,
        /// What is used when the variable is not set.
        default: &'static str,
    },
}

impl Config {
    /// Whether tests with a `setup` record their fixtures (`MOTO_ENABLE_RECORDING` or
    /// `MOTO_RECORDED_UPDATE`).
    pub fn records_fixtures(&self) -> bool {
        self.enable_recording || self.update.is_some()
    }

    /// Whether a changed re-recording goes to `<fixture>.new` (`MOTO_RECORDED_UPDATE=new`,
    /// which wins over `MOTO_ENABLE_RECORDING`).
    pub fn pending_updates(&self) -> bool {
        self.update == Some(Update::Pending)
    }

    /// The process's configuration, read from the environment on first use and kept.
    ///
    /// Reading once means a test that changes the environment later cannot make two
    /// parts of one run disagree about the mode.
    pub fn global() -> Result<&'static Config, ConfigError> {
        static GLOBAL: OnceLock<Result<Config, ConfigError>> = OnceLock::new();
        GLOBAL
            .get_or_init(Config::from_env)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads the configuration from the environment now.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var_os(name))
    }

    /// Reads the configuration through `lookup`, which answers a variable's value.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<OsString>) -> Result<Config, ConfigError> {
        let update = parse_word(
            UPDATE,
            lookup(UPDATE),
            &["", "new", "overwrite"],
            "`new` (a changed re-recording is written as <fixture>.new, for review) or \
             `overwrite` (as MOTO_ENABLE_RECORDING=1), or unset it",
        )?;
        let enable_recording = match lookup(ENABLE_RECORDING) {
            None => false,
            Some(value) => parse_bool(ENABLE_RECORDING, &value)?,
        };
        let update = match update.as_str() {
            "new" => Some(Update::Pending),
            "overwrite" => Some(Update::Overwrite),
            _ => None,
        };
        let log = match parse_word(
            LOG,
            lookup(LOG),
            &["", "off", "fixtures", "requests"],
            "`fixtures` (one line per fixture, the default), `requests` (also one line per \
             replayed request) or `off`",
        )?
        .as_str()
        {
            "off" => Log::Off,
            "requests" => Log::Requests,
            _ => Log::Fixtures,
        };
        let recorder_filepath = match lookup(RECORDER_FILEPATH) {
            None => PathBuf::from(DEFAULT_RECORDER_FILEPATH),
            Some(value) if value.is_empty() => {
                return Err(ConfigError::EmptyPath {
                    variable: RECORDER_FILEPATH,
                    default: DEFAULT_RECORDER_FILEPATH,
                });
            }
            Some(value) => PathBuf::from(value),
        };
        let port = match lookup(PORT) {
            None => DEFAULT_PORT,
            Some(value) => {
                let text = value
                    .to_str()
                    .ok_or(ConfigError::NotUnicode { variable: PORT })?;
                text.trim().parse().map_err(|_| ConfigError::InvalidPort {
                    variable: PORT,
                    value: text.to_owned(),
                })?
            }
        };
        let ci = is_ci(&lookup);
        // Set by nextest, not by people: read leniently, an odd value only means "no run".
        let nextest_run_id = lookup(NEXTEST_RUN_ID)
            .and_then(|value| value.into_string().ok())
            .filter(|value| !value.is_empty());
        let moto_server = match lookup(MOTO_SERVER) {
            None => None,
            Some(value) if value.is_empty() => None,
            Some(value) => Some(parse_server_url(&value)?),
        };
        // Set by the login session, not by people: an empty value means "not set".
        let runtime_dir = lookup(RUNTIME_DIR)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from);
        Ok(Config {
            enable_recording,
            recorder_filepath,
            ci,
            port,
            nextest_run_id,
            moto_server,
            runtime_dir,
            update,
            log,
        })
    }
}

/// Parses a variable that takes one of `words` (any case, trimmed); unset is `""`.
fn parse_word(
    variable: &'static str,
    value: Option<OsString>,
    words: &[&str],
    expected: &'static str,
) -> Result<String, ConfigError> {
    let Some(value) = value else {
        return Ok(String::new());
    };
    let text = value.to_str().ok_or(ConfigError::NotUnicode { variable })?;
    let word = text.trim().to_ascii_lowercase();
    if words.contains(&word.as_str()) {
        Ok(word)
    } else {
        Err(ConfigError::InvalidWord {
            variable,
            value: text.to_owned(),
            expected,
        })
    }
}

/// Parses a boolean variable: 1/true/yes/on or 0/false/no/off/empty, in any case.
pub fn parse_bool(variable: &'static str, value: &OsString) -> Result<bool, ConfigError> {
    let text = value.to_str().ok_or(ConfigError::NotUnicode { variable })?;
    let word = text.trim().to_ascii_lowercase();
    if TRUE_WORDS.contains(&word.as_str()) {
        Ok(true)
    } else if FALSE_WORDS.contains(&word.as_str()) {
        Ok(false)
    } else {
        Err(ConfigError::InvalidBool {
            variable,
            value: text.to_owned(),
        })
    }
}

/// `http://host[:port]`, with an optional trailing slash, which is removed.
fn parse_server_url(value: &OsString) -> Result<String, ConfigError> {
    let text = value.to_str().ok_or(ConfigError::NotUnicode {
        variable: MOTO_SERVER,
    })?;
    let invalid = |reason| ConfigError::InvalidServerUrl {
        variable: MOTO_SERVER,
        value: text.to_owned(),
        reason,
    };
    let trimmed = text.trim();
    if trimmed.starts_with("https://") {
        return Err(invalid(
            "moto-recorded talks plain HTTP to Moto; use http://",
        ));
    }
    let Some(authority) = trimmed.strip_prefix("http://") else {
        return Err(invalid("it does not start with http://"));
    };
    let authority = authority.trim_end_matches('/');
    if authority.is_empty() {
        return Err(invalid("it names no host"));
    }
    if authority.contains(['/', '?', '#', ' ']) {
        return Err(invalid("only a host and a port are expected, no path"));
    }
    if let Some((_, port)) = authority.rsplit_once(':')
        && !authority.ends_with(']')
        && port.parse::<u16>().is_err()
    {
        return Err(invalid("the port is not a number from 0 to 65535"));
    }
    Ok(format!("http://{authority}"))
}

/// CI detection as `insta` does it: `CI` set to anything but `false`, `0` or empty,
/// or, without `CI`, Azure Pipelines' `TF_BUILD`.
fn is_ci(lookup: &impl Fn(&str) -> Option<OsString>) -> bool {
    match lookup("CI") {
        Some(value) => !matches!(value.to_str(), Some("false" | "0" | "")),
        None => lookup("TF_BUILD").is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn moto_server_urls_are_checked() {
        let server = |value: &str| config(&[("MOTO_RECORDED_SERVER", value)]);
        assert_eq!(
            server("http://localhost:5000/")
                .unwrap()
                .moto_server
                .as_deref(),
            Some("http://localhost:5000")
        );
        assert_eq!(server("").unwrap().moto_server, None);
        assert_eq!(config(&[]).unwrap().moto_server, None);
        for (bad, reason) in [
            ("localhost:5000", "does not start with http://"),
            ("https://moto:5000", "use http://"),
            ("http://", "names no host"),
            ("http://moto:5000/api", "no path"),
            ("http://moto:fivethousand", "port is not a number"),
        ] {
            let error = server(bad).unwrap_err().to_string();
            assert!(error.contains(reason), "{bad}: {error}");
            assert!(
                error.starts_with("environment variable MOTO_RECORDED_SERVER="),
                "{error}"
            );
        }
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let config = config(&[]).unwrap();
        assert!(!config.enable_recording);
        assert_eq!(config.recorder_filepath, PathBuf::from("moto_recording"));
        assert!(!config.ci);
        assert_eq!(config.port, 5000);
    }

    #[test]
    fn moto_port_is_a_port_number() {
        assert_eq!(config(&[(PORT, "5001")]).unwrap().port, 5001);
        let error = config(&[(PORT, "50000000")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "environment variable MOTO_PORT=\"50000000\" is not a port: use a number from 0 to 65535"
        );
    }

    #[test]
    fn enable_recording_accepts_the_documented_words_in_any_case() {
        for word in ["1", "true", "TRUE", "Yes", "on", " On "] {
            assert!(
                config(&[(ENABLE_RECORDING, word)])
                    .unwrap()
                    .enable_recording,
                "{word}"
            );
        }
        for word in ["", "0", "false", "False", "NO", "off"] {
            assert!(
                !config(&[(ENABLE_RECORDING, word)])
                    .unwrap()
                    .enable_recording,
                "{word}"
            );
        }
    }

    #[test]
    fn enable_recording_rejects_anything_else_naming_the_variable() {
        let error = config(&[(ENABLE_RECORDING, "enabled")]).unwrap_err();
        assert_eq!(
            error,
            ConfigError::InvalidBool {
                variable: ENABLE_RECORDING,
                value: "enabled".into()
            }
        );
        let message = error.to_string();
        assert!(
            message.contains("MOTO_ENABLE_RECORDING=\"enabled\""),
            "{message}"
        );
        assert!(message.contains("1, true, yes or on"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn non_unicode_values_are_an_error() {
        use std::os::unix::ffi::OsStringExt;
        let value = OsString::from_vec(vec![0x66, 0xff]);
        let error = Config::from_lookup(|name| (name == ENABLE_RECORDING).then(|| value.clone()))
            .unwrap_err();
        assert_eq!(
            error,
            ConfigError::NotUnicode {
                variable: ENABLE_RECORDING
            }
        );
    }

    #[test]
    fn recorder_filepath_is_taken_as_given_and_rejected_when_empty() {
        let config_with_path = config(&[(RECORDER_FILEPATH, "/tmp/rec.jsonl")]).unwrap();
        assert_eq!(
            config_with_path.recorder_filepath,
            PathBuf::from("/tmp/rec.jsonl")
        );
        let error = config(&[(RECORDER_FILEPATH, "")]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("MOTO_RECORDER_FILEPATH is set but empty")
        );
    }

    #[test]
    fn update_new_records_into_pending_files_and_overwrite_records_over_the_fixture() {
        let new = config(&[(UPDATE, "new")]).unwrap();
        assert!(new.records_fixtures() && new.pending_updates());
        // The recorder of moto-server stays as MOTO_ENABLE_RECORDING says.
        assert!(!new.enable_recording);
        let overwrite = config(&[(UPDATE, "Overwrite")]).unwrap();
        assert!(overwrite.records_fixtures() && !overwrite.pending_updates());
        let both = config(&[(UPDATE, "new"), (ENABLE_RECORDING, "1")]).unwrap();
        assert!(both.pending_updates());
        let unset = config(&[]).unwrap();
        assert!(!unset.records_fixtures() && !unset.pending_updates());
        let error = config(&[(UPDATE, "yes")]).unwrap_err().to_string();
        assert!(
            error.starts_with(
                "environment variable MOTO_RECORDED_UPDATE=\"yes\" is not understood: use `new`"
            ),
            "{error}"
        );
    }

    #[test]
    fn log_takes_off_fixtures_or_requests() {
        assert_eq!(config(&[]).unwrap().log, Log::Fixtures);
        assert_eq!(config(&[(LOG, "requests")]).unwrap().log, Log::Requests);
        assert_eq!(config(&[(LOG, "OFF")]).unwrap().log, Log::Off);
        let error = config(&[(LOG, "verbose")]).unwrap_err().to_string();
        assert!(error.contains("MOTO_RECORDED_LOG=\"verbose\""), "{error}");
    }

    #[test]
    fn ci_is_detected_like_insta() {
        assert!(config(&[("CI", "true")]).unwrap().ci);
        assert!(config(&[("CI", "1")]).unwrap().ci);
        assert!(config(&[("CI", "woodpecker")]).unwrap().ci);
        assert!(!config(&[("CI", "false")]).unwrap().ci);
        assert!(!config(&[("CI", "0")]).unwrap().ci);
        assert!(!config(&[("CI", "")]).unwrap().ci);
        assert!(config(&[("TF_BUILD", "True")]).unwrap().ci);
        assert!(!config(&[("CI", "false"), ("TF_BUILD", "True")]).unwrap().ci);
    }
}
