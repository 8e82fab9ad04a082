//! The list of fixtures the tests use, for `moto-recorded check` (which fails on fixtures
//! no test uses).
//!
//! Every test process writes the fixtures its tests use, one absolute path a line, to a
//! file of its own, `<target>/moto-recorded/fixtures-used/<test binary>-<pid>.txt` (the
//! target directory the test binary was built in), so parallel tests, several test
//! binaries and `cargo nextest`'s process per test never write to the same file. The
//! lists of earlier runs stay until the target directory is cleaned (or the directory
//! removed), so a check after a fresh `cargo test` is exact.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::lock::target_directory;

/// The directory of the lists, under the target directory.
pub const USED_DIRECTORY: &str = "moto-recorded/fixtures-used";

/// What this process has listed, and where.
#[derive(Debug, Default)]
struct Listed {
    fixtures: HashSet<PathBuf>,
    /// A failure to write the list was reported already.
    warned: bool,
}

/// Adds `fixture` to this process's list, once. A list that cannot be written is
/// reported once and does not fail the test (only `check` reads it).
pub(crate) fn note(fixture: &Path) {
    static LISTED: Mutex<Option<Listed>> = Mutex::new(None);
    let mut guard = LISTED.lock().unwrap_or_else(PoisonError::into_inner);
    let listed = guard.get_or_insert_with(Listed::default);
    if listed.fixtures.contains(fixture) {
        return;
    }
    let Some(directory) = target_directory().map(|target| target.join(USED_DIRECTORY)) else {
        return;
    };
    match append(&directory, &list_name(), fixture) {
        Ok(()) => {
            listed.fixtures.insert(fixture.to_owned());
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

/// Appends `fixture`'s path, as a line, to `directory/name`.
fn append(directory: &Path, name: &str, fixture: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(directory)?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(directory.join(name))?;
    // One write per line: a reader never sees half a path.
    file.write_all(format!("{}\n", fixture.display()).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_appended_to_a_file_of_this_process() {
        let directory = tempfile::tempdir().unwrap();
        let lists = directory.path().join("fixtures-used");
        append(
            &lists,
            "binary-1.txt",
            Path::new("/w/tests/fixtures/a.jsonl"),
        )
        .unwrap();
        append(
            &lists,
            "binary-1.txt",
            Path::new("/w/tests/fixtures/b.jsonl"),
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(lists.join("binary-1.txt")).unwrap(),
            "/w/tests/fixtures/a.jsonl\n/w/tests/fixtures/b.jsonl\n"
        );
        assert!(list_name().ends_with(&format!("-{}.txt", std::process::id())));
    }
}
