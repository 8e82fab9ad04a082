//! `review`: each pending re-recording as a diff by entry, then accept (it replaces the
//! fixture), reject (it is deleted) or skip (it stays).

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use moto_recorded_runtime::recording::Recording;

use crate::diff;
use crate::files::{self, PENDING_SUFFIX};

/// What to do with every pending file, or ask for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Ask on the terminal.
    Ask,
    /// `--accept-all`.
    AcceptAll,
    /// `--reject-all`.
    RejectAll,
}

impl Decision {
    pub(crate) fn from_flags(accept_all: bool, reject_all: bool) -> Decision {
        match (accept_all, reject_all) {
            (true, _) => Decision::AcceptAll,
            (_, true) => Decision::RejectAll,
            _ => Decision::Ask,
        }
    }
}

/// What was done with one pending file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Accept,
    Reject,
    Skip,
}

/// Reviews every pending file under `paths`.
pub(crate) fn run(paths: &[PathBuf], decision: Decision) -> Result<(), String> {
    let pending = files::find(paths, PENDING_SUFFIX)?;
    if pending.is_empty() {
        println!("no pending re-recordings (*{PENDING_SUFFIX}) to review");
        return Ok(());
    }
    let interactive = decision == Decision::Ask && std::io::stdin().is_terminal();
    if decision == Decision::Ask && !interactive {
        for path in &pending {
            print_diff(path)?;
        }
        return Err(format!(
            "{} pending re-recording(s) shown above, none changed: standard input is not a \
             terminal, so nothing can be asked; run `moto-recorded review` in a terminal, or \
             pass --accept-all or --reject-all",
            pending.len()
        ));
    }
    let (mut accepted, mut rejected, mut skipped) = (0, 0, 0);
    let mut input = std::io::stdin().lock();
    for path in &pending {
        print_diff(path)?;
        let choice = match decision {
            Decision::AcceptAll => Choice::Accept,
            Decision::RejectAll => Choice::Reject,
            Decision::Ask => ask(&mut input)?,
        };
        let fixture = files::fixture_of(path);
        match choice {
            Choice::Accept => {
                std::fs::rename(path, &fixture).map_err(|error| {
                    format!(
                        "cannot move {} over {}: {error}",
                        path.display(),
                        fixture.display()
                    )
                })?;
                accepted += 1;
                println!("accepted: {} is the new fixture\n", fixture.display());
            }
            Choice::Reject => {
                std::fs::remove_file(path)
                    .map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
                rejected += 1;
                println!(
                    "rejected: {} removed, {} kept\n",
                    path.display(),
                    fixture.display()
                );
            }
            Choice::Skip => {
                skipped += 1;
                println!("skipped: {} stays for later\n", path.display());
            }
        }
    }
    println!("{accepted} accepted, {rejected} rejected, {skipped} skipped");
    Ok(())
}

/// Prints the diff of one pending file against its fixture. A pending file that does not
/// parse is an error naming its line (it is left as it is).
fn print_diff(pending: &Path) -> Result<(), String> {
    let fixture = files::fixture_of(pending);
    let new = Recording::read(pending).map_err(|error| {
        format!("{error}\nThe pending re-recording is left as it is: fix or delete it.")
    })?;
    let old = if fixture.exists() {
        Some(Recording::read(&fixture).map_err(|error| error.to_string())?)
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    let heading = match &old {
        Some(_) => format!("{} (pending: {})", fixture.display(), pending.display()),
        None => format!(
            "{} (new fixture, pending: {})",
            fixture.display(),
            pending.display()
        ),
    };
    let _ = writeln!(out, "{heading}");
    let _ = write!(out, "{}", diff::render(old.as_ref(), &new));
    Ok(())
}

/// Asks until the answer is accept, reject or skip; the end of input skips.
fn ask(input: &mut impl std::io::BufRead) -> Result<Choice, String> {
    loop {
        print!("accept (a), reject (r) or skip (s)? ");
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let read = input
            .read_line(&mut answer)
            .map_err(|error| format!("cannot read the answer: {error}"))?;
        if read == 0 {
            println!();
            return Ok(Choice::Skip);
        }
        match answer.trim().to_ascii_lowercase().as_str() {
            "a" | "accept" => return Ok(Choice::Accept),
            "r" | "reject" => return Ok(Choice::Reject),
            "s" | "skip" => return Ok(Choice::Skip),
            other => println!("`{other}` is not an answer: type a, r or s"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_until_one_is_understood() {
        let mut input = std::io::Cursor::new(b"maybe\nR\n".to_vec());
        assert_eq!(ask(&mut input).unwrap(), Choice::Reject);
        let mut ended = std::io::Cursor::new(Vec::new());
        assert_eq!(ask(&mut ended).unwrap(), Choice::Skip);
    }
}
