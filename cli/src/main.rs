//! `moto-recorded`: the fixture workflow of moto-recorded on the command line.
//!
//! - `review`: each pending re-recording (`<fixture>.new`, written by tests run with
//!   `MOTO_RECORDED_UPDATE=new`) as a diff by entry, to accept, reject or skip;
//! - `check`: for CI, fails on pending re-recordings, on fixtures no test uses and on
//!   fixtures that do not parse, naming each;
//! - `show <fixture>`: a fixture as a table;
//! - `scrub <fixture>...`: rewrites fixtures canonically in place, refusing any that
//!   holds credentials or a malformed line.
//!
//! Everything about the format (parsing, the canonical form, operation names, the
//! credential scan) is the runtime's own, so the tool and the tests never disagree.

mod check;
mod diff;
mod files;
mod review;
mod scrub;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Review, check, show and scrub moto-recorded fixtures.
#[derive(Debug, Parser)]
#[command(name = "moto-recorded", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Shows each pending re-recording (`<fixture>.new`) as a diff by entry, and accepts
    /// (moves it over the fixture), rejects (deletes it) or skips it.
    Review {
        /// Directories to look for pending files in, or pending files themselves.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Accept every pending re-recording without asking.
        #[arg(long, conflicts_with = "reject_all")]
        accept_all: bool,
        /// Reject every pending re-recording without asking.
        #[arg(long)]
        reject_all: bool,
    },
    /// Fails on pending re-recordings, on fixtures no test uses and on fixtures that do
    /// not parse, naming each (for CI, after `cargo test`).
    Check {
        /// Directories of fixtures (`*.jsonl`) to check, or fixtures themselves.
        #[arg(default_value = "tests/fixtures")]
        paths: Vec<PathBuf>,
        /// Where the tests list the fixtures they use (default:
        /// `$CARGO_TARGET_DIR/moto-recorded/fixtures-used`, else
        /// `target/moto-recorded/fixtures-used`).
        #[arg(long, value_name = "DIR")]
        used: Option<PathBuf>,
        /// Do not look for fixtures no test uses.
        #[arg(long)]
        skip_unused: bool,
    },
    /// Shows a fixture as a table: line, method, path, operation, status, body size.
    Show {
        /// The fixture.
        fixture: PathBuf,
    },
    /// Rewrites fixtures canonically in place (files downloaded from Moto or written by
    /// hand); refuses, writing nothing, when a line is malformed or holds credentials.
    Scrub {
        /// The fixtures.
        #[arg(required = true)]
        fixtures: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Review {
            paths,
            accept_all,
            reject_all,
        } => review::run(&paths, review::Decision::from_flags(accept_all, reject_all)),
        Command::Check {
            paths,
            used,
            skip_unused,
        } => check::run(&paths, used, skip_unused),
        Command::Show { fixture } => show::run(&fixture),
        Command::Scrub { fixtures } => scrub::run(&fixtures),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("moto-recorded: {message}");
            ExitCode::FAILURE
        }
    }
}
