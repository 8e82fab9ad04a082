//! The fixture format: Moto's recorder file, one JSON object per line, written canonically.
//!
//! ```text
//! {"headers": {...}, "method": "PUT", "url": "http://localhost:5000/bucket/key", "body": "...", "body_encoded": false, "status": 200}
//! ```
//! Keys come in Moto's order (`headers`, `method`, `url`, `body`, `body_encoded`), then
//! our extension `status`. Stock Moto ignores extra keys, so every fixture written here
//! replays on a Moto server, and every file Moto writes is read here.
//!
//! [`Canonicalizer`] makes entries canonical (no run-specific values, no secrets);
//! [`Recording::write_atomic`] scans what it writes for credential material and refuses
//! to write a fixture that still holds some (see [`scan_entry`]).

mod canonical;
mod entry;
mod json;
mod parse;
mod secrets;

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub use canonical::{
    Canonicalizer, CapturedRequest, KEPT_HEADER_PREFIXES, KEPT_HEADERS, PLACEHOLDER_ACCESS_KEY,
    PLACEHOLDER_DATE_TIME, PLACEHOLDER_EXPIRES, PLACEHOLDER_SCOPE_DATE, PLACEHOLDER_SIGNATURE,
    is_access_key_id, is_kept_header, title_case,
};
pub use entry::{
    CANONICAL_ORIGIN, Entry, RECORDER_PATH_PREFIX, SEED_PATH, UrlParts, query_pairs, split_url,
};
pub use parse::LineError;
pub use secrets::{CredentialFinding, SecretField, SecretKind, scan_entry};

/// A recording: entries in order, each with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    source: String,
    entries: Vec<Entry>,
    lines: Vec<usize>,
}

/// A line of a recording that cannot be read, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: {kind}")]
pub struct ParseError {
    /// The file (or other source) the recording came from.
    pub source_name: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with the line.
    pub kind: LineError,
}

/// A recording file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read at all.
    #[error("cannot read recording {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A line of the file is malformed.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// A recording that could not be written; the previous file, if any, is untouched.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file could not be written.
    #[error("cannot write recording {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The recording still holds credential material, so it was not written.
    #[error("refusing to write recording {}: {finding}", path.display())]
    Credentials {
        /// The file.
        path: PathBuf,
        /// The line, the field and what was found there.
        finding: CredentialFinding,
    },
}

impl WriteError {
    /// The file that was not written.
    pub fn path(&self) -> &Path {
        match self {
            WriteError::Io { path, .. } | WriteError::Credentials { path, .. } => path,
        }
    }
}

impl Recording {
    /// A recording of `entries`, numbered from line 1.
    pub fn new(entries: Vec<Entry>) -> Recording {
        Recording {
            source: "<memory>".to_owned(),
            lines: (1..=entries.len()).collect(),
            entries,
        }
    }

    /// A fixture: Moto's seed request for `seed` first, then `entries`.
    pub fn with_seed(seed: u64, entries: impl IntoIterator<Item = Entry>) -> Recording {
        Recording::new(std::iter::once(Entry::seed(seed)).chain(entries).collect())
    }

    /// Parses a recording's text; `source` names it in errors (usually the file path).
    ///
    /// Accepts what Moto writes (Python `json.dumps` spacing, base64 bodies, any host),
    /// CRLF line ends, blank lines, a missing final newline and a leading byte-order mark.
    pub fn parse(source: impl Into<String>, bytes: &[u8]) -> Result<Recording, ParseError> {
        let source = source.into();
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let ends_with_newline = bytes.last() == Some(&b'\n');
        let segments: Vec<&[u8]> = bytes.split(|&byte| byte == b'\n').collect();
        let last_index = segments.len() - 1;
        let mut entries = Vec::new();
        let mut lines = Vec::new();
        for (index, segment) in segments.into_iter().enumerate() {
            let line = index + 1;
            let segment = segment.strip_suffix(b"\r").unwrap_or(segment);
            if segment.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let error = |kind| ParseError {
                source_name: source.clone(),
                line,
                kind,
            };
            let text = std::str::from_utf8(segment).map_err(|_| error(LineError::NotUtf8))?;
            let last_without_newline = index == last_index && !ends_with_newline;
            let entry = parse::parse_line(text, last_without_newline).map_err(error)?;
            entries.push(entry);
            lines.push(line);
        }
        Ok(Recording {
            source,
            entries,
            lines,
        })
    }

    /// Reads and parses a recording file.
    pub fn read(path: &Path) -> Result<Recording, ReadError> {
        let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(Recording::parse(path.display().to_string(), &bytes)?)
    }

    /// What the recording came from, as used in messages.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The entries, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries with their 1-based line numbers in the source.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.lines.iter().copied().zip(&self.entries)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The seed of the first entry, if it is a request to Moto's seed endpoint.
    pub fn seed(&self) -> Option<u64> {
        self.entries.first().and_then(Entry::seed_value)
    }

    /// The canonical form of every entry (see [`Canonicalizer`]).
    pub fn canonical(&self) -> Recording {
        let mut canonicalizer = Canonicalizer::new();
        Recording {
            source: self.source.clone(),
            entries: self
                .entries
                .iter()
                .map(|entry| canonicalizer.entry(entry))
                .collect(),
            lines: self.lines.clone(),
        }
    }

    /// The recording as Moto's JSON lines, each ending in `\n`.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            json::write_entry(entry, &mut out);
            out.push('\n');
        }
        out
    }

    /// The first credential material in the recording (see [`scan_entry`]), with its
    /// line in [`to_jsonl`](Recording::to_jsonl)'s text.
    pub fn find_credentials(&self) -> Option<CredentialFinding> {
        secrets::scan_entries(&self.entries)
    }

    /// Writes the recording to `path` atomically (see [`write_file_atomically`]), after
    /// scanning it: a recording that still holds credential material is refused with
    /// [`WriteError::Credentials`] and nothing is written.
    pub fn write_atomic(&self, path: &Path) -> Result<(), WriteError> {
        if let Some(finding) = self.find_credentials() {
            return Err(WriteError::Credentials {
                path: path.to_owned(),
                finding,
            });
        }
        write_file_atomically(path, self.to_jsonl().as_bytes())
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed
/// to disk, then renamed over `path`. Missing directories are created. On any error the
/// previous file is left as it was. The bytes are written as given, without the
/// credential scan of [`Recording::write_atomic`].
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let error = |source| WriteError::Io {
        path: path.to_owned(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(directory).map_err(error)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".moto-recorded-").suffix(".tmp");
    let existing = set_replacement_permissions(&mut builder, path);
    let mut file = builder.tempfile_in(directory).map_err(error)?;
    if let Some(permissions) = existing {
        file.as_file().set_permissions(permissions).map_err(error)?;
    }
    file.write_all(bytes).map_err(error)?;
    file.as_file().sync_all().map_err(error)?;
    file.persist(path).map_err(|persist| error(persist.error))?;
    Ok(())
}

/// Gives the temporary file the mode a plain new file would get (0666 less the umask) or,
/// when it replaces a file, that file's mode; temporary files are otherwise private.
fn set_replacement_permissions(
    builder: &mut tempfile::Builder<'_, '_>,
    path: &Path,
) -> Option<std::fs::Permissions> {
    if let Ok(metadata) = std::fs::metadata(path) {
        return Some(metadata.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = builder;
    None
}

impl fmt::Display for Recording {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_jsonl())
    }
}
