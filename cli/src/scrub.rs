//! `scrub <fixture>...`: rewrites fixtures canonically in place (the form tests record:
//! placeholder signatures and keys, `http://localhost:5000`, sorted headers on the
//! allow-list, canonical protocol bodies). Every file is read, made canonical and scanned
//! for credentials first; if any one is refused, none is written. Each file is then
//! written atomically.

use std::path::{Path, PathBuf};

use moto_recorded_runtime::recording::{Recording, scan_entry};

/// Scrubs `fixtures`.
pub(crate) fn run(fixtures: &[PathBuf]) -> Result<(), String> {
    let mut scrubbed = Vec::new();
    let mut refused = Vec::new();
    for fixture in fixtures {
        match scrub(fixture) {
            Ok(canonical) => scrubbed.push((fixture, canonical)),
            Err(problem) => refused.push(problem),
        }
    }
    if !refused.is_empty() {
        for problem in &refused {
            println!("{problem}");
        }
        return Err(format!(
            "refused {} of {} file(s); nothing was written",
            refused.len(),
            fixtures.len()
        ));
    }
    for (fixture, canonical) in scrubbed {
        let before = std::fs::read(fixture).unwrap_or_default();
        let text = canonical.to_jsonl();
        if before == text.as_bytes() {
            println!(
                "{}: already canonical ({} entries)",
                fixture.display(),
                canonical.len()
            );
            continue;
        }
        canonical
            .write_atomic(fixture)
            .map_err(|error| error.to_string())?;
        println!(
            "{}: rewritten canonically ({} entries)",
            fixture.display(),
            canonical.len()
        );
    }
    Ok(())
}

/// The canonical form of `fixture`, or why it is refused (naming its line).
fn scrub(fixture: &Path) -> Result<Recording, String> {
    let recording = Recording::read(fixture).map_err(|error| error.to_string())?;
    let canonical = recording.canonical();
    for (line, entry) in canonical.lines() {
        if let Some((field, kind)) = scan_entry(entry) {
            return Err(format!(
                "{}:{line}: {field} holds {kind} even in canonical form. {}",
                fixture.display(),
                kind.advice()
            ));
        }
    }
    Ok(canonical)
}
