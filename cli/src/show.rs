//! `show <fixture>`: the fixture as a table.

use std::path::Path;

use moto_recorded_runtime::recording::{Entry, Recording};

use crate::diff::operation;

/// Prints `fixture` as a table: line, method, path, operation, status, body size.
pub(crate) fn run(fixture: &Path) -> Result<(), String> {
    let recording = Recording::read(fixture).map_err(|error| error.to_string())?;
    print!("{}", table(&recording));
    Ok(())
}

/// The table of `recording`, with a heading and a closing count.
pub(crate) fn table(recording: &Recording) -> String {
    let header = ["line", "method", "path", "operation", "status", "size"];
    let rows: Vec<[String; 6]> = recording
        .lines()
        .map(|(line, entry)| {
            [
                line.to_string(),
                entry.method.clone(),
                entry.path_and_query().to_owned(),
                operation(entry),
                status(entry),
                size(entry),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut push_row = |cells: [&str; 6]| {
        let mut line = String::new();
        for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            // Numbers to the right, text to the left.
            if matches!(index, 0 | 4 | 5) {
                line.push_str(&format!("{cell:>width$}"));
            } else {
                line.push_str(&format!("{cell:<width$}"));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push_row(header);
    for row in &rows {
        push_row([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]]);
    }
    out.push_str(&format!(
        "{}: {} entries, seed {}\n",
        recording.source(),
        recording.len(),
        recording.seed().map_or_else(
            || "none (no /moto-api/seed first line)".to_owned(),
            |seed| { seed.to_string() }
        )
    ));
    out
}

fn status(entry: &Entry) -> String {
    entry
        .status
        .map_or_else(|| "-".to_owned(), |status| status.to_string())
}

fn size(entry: &Entry) -> String {
    entry
        .body
        .as_ref()
        .map_or_else(|| "-".to_owned(), |body| body.len().to_string())
}
