//! `check`: what CI runs after the tests. Fails, naming each, on pending re-recordings,
//! on fixtures that do not parse, on fixtures no test used and on fixtures two setups
//! record (by the lists the tests write under the target directory, see
//! `moto_recorded_runtime::harness::USED_DIRECTORY`; a test binary already fails two setups
//! of its own, this finds them across binaries).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use moto_recorded_runtime::harness::{SETUP_SEPARATOR, USED_DIRECTORY};
use moto_recorded_runtime::recording::Recording;

use crate::files::{self, PENDING_SUFFIX};

/// Checks the fixtures under `paths`.
pub(crate) fn run(
    paths: &[PathBuf],
    used: Option<PathBuf>,
    skip_unused: bool,
) -> Result<(), String> {
    let fixtures = files::find(paths, ".jsonl")?;
    let pending = files::find(paths, PENDING_SUFFIX)?;
    let mut problems = Vec::new();
    for path in &pending {
        problems.push(format!(
            "{}: a re-recording of {} waits for review: run `moto-recorded review` and \
             commit the result",
            path.display(),
            files::fixture_of(path).display()
        ));
    }
    for fixture in &fixtures {
        if let Err(error) = Recording::read(fixture) {
            problems.push(format!(
                "{error}\n  (fix the line, re-record the fixture, or delete it)"
            ));
        }
    }
    if !skip_unused {
        let directory = used.unwrap_or_else(default_used_directory);
        match used_fixtures(&directory) {
            Ok(used) => {
                for fixture in &fixtures {
                    let Some(setups) = used.get(&canonical(fixture)) else {
                        problems.push(format!(
                            "{}: no test used it (by the lists in {}): delete it, or add \
                             `fixture = \"...\"` to the test that should use it",
                            fixture.display(),
                            directory.display()
                        ));
                        continue;
                    };
                    if setups.len() > 1 {
                        let names: Vec<String> =
                            setups.iter().map(|setup| format!("`{setup}`")).collect();
                        problems.push(format!(
                            "{}: recorded by {} different setups ({}), in different test \
                             binaries: whichever records first decides the state the others \
                             replay; give each setup a fixture of its own, or make the tests \
                             use one setup",
                            fixture.display(),
                            setups.len(),
                            names.join(", ")
                        ));
                    }
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        println!(
            "{} fixture(s) checked: every one parses{}, none is pending review",
            fixtures.len(),
            if skip_unused {
                ""
            } else {
                " and is used by a test"
            }
        );
        return Ok(());
    }
    for problem in &problems {
        println!("{problem}");
    }
    Err(format!(
        "check failed: {} problem(s) in {} fixture(s)",
        problems.len(),
        fixtures.len()
    ))
}

/// `$CARGO_TARGET_DIR/moto-recorded/fixtures-used`, else `target/...`.
fn default_used_directory() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|value| !value.is_empty())
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
        .join(USED_DIRECTORY)
}

/// Every fixture the lists in `directory` name, canonical, with the setups that record it.
fn used_fixtures(directory: &Path) -> Result<HashMap<PathBuf, BTreeSet<String>>, String> {
    let missing = || {
        format!(
            "{}: no list of the fixtures tests use: run the tests first (`cargo test`), \
             point --used at the target directory's moto-recorded/fixtures-used, or pass \
             --skip-unused",
            directory.display()
        )
    };
    let entries = std::fs::read_dir(directory).map_err(|_| missing())?;
    let mut used: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let mut lists = 0;
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot list {}: {error}", directory.display()))?
            .path();
        if path.extension().is_none_or(|extension| extension != "txt") {
            continue;
        }
        lists += 1;
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            let (fixture, setup) = match line.split_once(SETUP_SEPARATOR) {
                Some((fixture, setup)) => (fixture, Some(setup)),
                None => (line, None),
            };
            let setups = used.entry(canonical(Path::new(fixture))).or_default();
            setups.extend(setup.map(str::to_owned));
        }
    }
    if lists == 0 {
        return Err(missing());
    }
    Ok(used)
}

/// The path with links and `..` resolved when it exists, as given otherwise.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}
