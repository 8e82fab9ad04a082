//! Finding fixtures and pending re-recordings on disk.

use std::path::{Path, PathBuf};

/// The suffix of a pending re-recording, after the fixture's own name.
pub(crate) const PENDING_SUFFIX: &str = ".new";

/// Every file under `paths` (files as given, directories walked) whose name ends in
/// `suffix`, sorted; hidden directories and `target` are not entered. A path that does
/// not exist is an error naming it.
pub(crate) fn find(paths: &[PathBuf], suffix: &str) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?;
        if metadata.is_dir() {
            walk(path, suffix, &mut found)?;
        } else if has_suffix(path, suffix) {
            found.push(path.clone());
        }
    }
    // `./tests/fixtures/a.jsonl` reads as `tests/fixtures/a.jsonl`.
    let mut found: Vec<PathBuf> = found
        .into_iter()
        .map(|path| match path.strip_prefix(".") {
            Ok(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
            _ => path,
        })
        .collect();
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(directory: &Path, suffix: &str, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(directory)
        .map_err(|error| format!("cannot list {}: {error}", directory.display()))?;
    for entry in entries {
        let entry =
            entry.map_err(|error| format!("cannot list {}: {error}", directory.display()))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry
            .file_type()
            .map_err(|error| format!("{}: {error}", path.display()))?;
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, suffix, found)?;
            }
        } else if kind.is_file() && has_suffix(&path, suffix) {
            found.push(path);
        }
    }
    Ok(())
}

fn has_suffix(path: &Path, suffix: &str) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().ends_with(suffix))
}

/// The fixture a pending file re-records: its path without `.new`.
pub(crate) fn fixture_of(pending: &Path) -> PathBuf {
    let text = pending.as_os_str().to_string_lossy();
    PathBuf::from(text.strip_suffix(PENDING_SUFFIX).unwrap_or(&text))
}
