//! The list of fixtures the tests use, for `moto-recorded check` (which fails on fixtures
//! no test uses).
//!
//! Every test process writes the fixtures its tests use, one absolute path a line
//! (followed by a tab and the full path of the setup that records it, for a test with a
//! setup: `check` finds two setups naming one fixture from different test binaries), to a
//! file of its own, `<target>/moto-recorded/fixtures-used/<test binary>-<pid>.txt` (the
//! target directory the test binary was built in), so parallel tests, several test
//! binaries and `cargo nextest`'s process per test never write to the same file. The
//! lists of earlier runs stay until the target directory is cleaned (or the directory
//! removed), so a check after a fresh `cargo test` is exact.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use super::lock::target_directory;

/// The directory of the lists, under the target directory.
pub const USED_DIRECTORY: &str = "moto-recorded/fixtures-used";

/// What separates a fixture's path from its setup on a line of a list.
pub const SETUP_SEPARATOR: char = '\t';

/// What this process has listed, and where.
#[derive(Debug, Default)]
struct Listed {
    lines: HashSet<String>,
    /// A failure to write the list was reported already.
    warned: bool,
}

/// Adds `fixture`, with the setup that records it if any, to this process's list, once.
/// A list that cannot be written is reported once and does not fail the test (only
/// `check` reads it).
pub(crate) fn note(fixture: &Path, setup: Option<&str>) {
    static LISTED: Mutex<Option<Listed>> = Mutex::new(None);
    let line = line(fixture, setup);
    let mut guard = LISTED.lock().unwrap_or_else(PoisonError::into_inner);
    let listed = guard.get_or_insert_with(Listed::default);
    if listed.lines.contains(&line) {
        return;
    }
    let Some(directory) = target_directory().map(|target| target.join(USED_DIRECTORY)) else {
        return;
    };
    match append(&directory, &list_name(), &line) {
        Ok(()) => {
            listed.lines.insert(line);
        }
        Err(error) if !listed.warned => {
            listed.warned = true;
            eprintln!(
                "moto-recorded: warning: cannot list the fixtures this test binary uses in {} \
                 ({error}); `moto-recorded check` will not know them",
                directory.display()
            );
        }
        Err(_) => {}
    }
}

/// `<test binary>-<pid>.txt`: a file no other process writes.
fn list_name() -> String {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|path| {
            path.file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "tests".to_owned());
    format!("{binary}-{}.txt", std::process::id())
}

/// A line of the list: the fixture's path, and its setup after [`SETUP_SEPARATOR`].
fn line(fixture: &Path, setup: Option<&str>) -> String {
    match setup {
        Some(setup) => format!("{}{SETUP_SEPARATOR}{setup}\n", fixture.display()),
        None => format!("{}\n", fixture.display()),
    }
}

/// Appends `line` to `directory/name`.
fn append(directory: &Path, name: &str, line: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(directory)?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(directory.join(name))?;
    // One write per line: a reader never sees half a path.
    file.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_appended_to_a_file_of_this_process() {
        let directory = tempfile::tempdir().unwrap();
        let lists = directory.path().join("fixtures-used");
        let a = line(Path::new("/w/tests/fixtures/a.jsonl"), None);
        let b = line(
            Path::new("/w/tests/fixtures/b.jsonl"),
            Some("orders::create"),
        );
        append(&lists, "binary-1.txt", &a).unwrap();
        append(&lists, "binary-1.txt", &b).unwrap();
        assert_eq!(
            std::fs::read_to_string(lists.join("binary-1.txt")).unwrap(),
            "/w/tests/fixtures/a.jsonl\n/w/tests/fixtures/b.jsonl\torders::create\n"
        );
        assert!(list_name().ends_with(&format!("-{}.txt", std::process::id())));
    }
}
