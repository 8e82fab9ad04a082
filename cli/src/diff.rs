//! A fixture and its re-recording as a diff by entry: which requests were added, removed
//! or changed, and for a changed one which of method, path, operation, status and body
//! (bodies as text, JSON pretty-printed, line by line).

use std::fmt::Write as _;

use moto_recorded_runtime::recorder::reads;
use moto_recorded_runtime::recording::{Entry, Recording};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff, capture_diff_slices};

/// The operation of an entry as the router names it (`PutObject`), `seed` or `reset`
/// for Moto's control plane, `-` when it cannot be told.
pub(crate) fn operation(entry: &Entry) -> String {
    if entry.seed_value().is_some() {
        return "(seed)".to_owned();
    }
    if entry.is_control_plane() {
        return "(control plane)".to_owned();
    }
    reads::operation_of(entry).map_or_else(|| "-".to_owned(), |(_, operation)| operation)
}

/// What identifies an entry when recordings are matched up: its request line and
/// operation (a changed body or status is shown as a change of that entry).
fn key(entry: &Entry) -> (String, String, String) {
    (
        entry.method.clone(),
        entry.path_and_query().to_owned(),
        operation(entry),
    )
}

/// One line summing up an entry.
fn summary(line: usize, entry: &Entry) -> String {
    format!(
        "line {line}: {} {} {} -> {}",
        entry.method,
        entry.path_and_query(),
        operation(entry),
        entry
            .status
            .map_or_else(|| "no status".to_owned(), |status| status.to_string())
    )
}

/// The diff of `old` (the committed fixture, if there is one) and `new`, as text.
pub(crate) fn render(old: Option<&Recording>, new: &Recording) -> String {
    let empty = Recording::new(Vec::new());
    let old = old.unwrap_or(&empty);
    let old_lines: Vec<(usize, &Entry)> = old.lines().collect();
    let new_lines: Vec<(usize, &Entry)> = new.lines().collect();
    let old_keys: Vec<_> = old_lines.iter().map(|(_, entry)| key(entry)).collect();
    let new_keys: Vec<_> = new_lines.iter().map(|(_, entry)| key(entry)).collect();
    let mut out = String::new();
    let (mut added, mut removed, mut changed, mut same) = (0, 0, 0, 0);
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for offset in 0..len {
                    let (old_line, old_entry) = old_lines[old_index + offset];
                    let (new_line, new_entry) = new_lines[new_index + offset];
                    if old_entry == new_entry {
                        same += 1;
                        continue;
                    }
                    changed += 1;
                    let _ = writeln!(out, "~ {}", summary(new_line, new_entry));
                    if old_line != new_line {
                        let _ = writeln!(out, "    (line {old_line} in the committed fixture)");
                    }
                    out.push_str(&entry_changes(old_entry, new_entry));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => removed += list_removed(&mut out, &old_lines[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => added += list_added(&mut out, &new_lines[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                removed += list_removed(&mut out, &old_lines[old_index..old_index + old_len]);
                added += list_added(&mut out, &new_lines[new_index..new_index + new_len]);
            }
        }
    }
    let _ = writeln!(
        out,
        "{} -> {} entries: {added} added, {removed} removed, {changed} changed, {same} unchanged",
        old.len(),
        new.len()
    );
    out
}

/// Lists entries only the committed fixture has; how many.
fn list_removed(out: &mut String, entries: &[(usize, &Entry)]) -> usize {
    for &(line, entry) in entries {
        let _ = writeln!(out, "- {}", summary(line, entry));
    }
    entries.len()
}

/// Lists entries only the re-recording has, with their bodies; how many.
fn list_added(out: &mut String, entries: &[(usize, &Entry)]) -> usize {
    for &(line, entry) in entries {
        let _ = writeln!(out, "+ {}", summary(line, entry));
        out.push_str(&indented_body(entry));
    }
    entries.len()
}

/// What differs between two entries with the same request line.
fn entry_changes(old: &Entry, new: &Entry) -> String {
    let mut out = String::new();
    if old.status != new.status {
        let show =
            |status: Option<u16>| status.map_or_else(|| "none".to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "    status: {} -> {}",
            show(old.status),
            show(new.status)
        );
    }
    if old.headers != new.headers {
        let _ = writeln!(out, "    headers:");
        let text = |entry: &Entry| {
            entry
                .headers
                .iter()
                .map(|(name, value)| format!("{name}: {value}\n"))
                .collect::<String>()
        };
        out.push_str(&line_diff(&text(old), &text(new)));
    }
    if old.url != new.url {
        let _ = writeln!(out, "    url: {} -> {}", old.url, new.url);
    }
    if old.body != new.body {
        let _ = writeln!(out, "    body:");
        out.push_str(&line_diff(&body_text(old), &body_text(new)));
    }
    out
}

/// A new entry's body, indented, when it has one.
fn indented_body(entry: &Entry) -> String {
    let text = body_text(entry);
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::from("    body:\n");
    for line in text.lines() {
        let _ = writeln!(out, "    + {line}");
    }
    out
}

/// A body as text to compare: JSON pretty-printed, forms one field a line, other text as
/// it is, binary as its size.
fn body_text(entry: &Entry) -> String {
    let Some(body) = entry.body.as_deref() else {
        return String::new();
    };
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        return serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    }
    match std::str::from_utf8(body) {
        Ok(text)
            if entry
                .header("content-type")
                .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded")) =>
        {
            text.split('&').map(|field| format!("{field}\n")).collect()
        }
        Ok(text) => {
            let mut text = text.to_owned();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
        Err(_) => format!("({} bytes of binary data)\n", body.len()),
    }
}

/// `old` and `new` line by line: removed lines `-`, added `+`, kept ones ` `.
fn line_diff(old: &str, new: &str) -> String {
    let mut out = String::new();
    for change in TextDiff::from_lines(old, new).iter_all_changes() {
        let sign = match change.tag() {
            ChangeTag::Delete => '-',
            ChangeTag::Insert => '+',
            ChangeTag::Equal => ' ',
        };
        let _ = write!(out, "    {sign} {}", change.value());
        if change.missing_newline() {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(key: &str, body: &str, status: u16) -> Entry {
        Entry {
            headers: vec![("Content-Type".into(), "application/json".into())],
            method: "PUT".into(),
            url: format!("http://localhost:5000/orders/{key}?x-id=PutObject"),
            body: Some(body.as_bytes().to_vec()),
            status: Some(status),
        }
    }

    #[test]
    fn changed_bodies_are_diffed_as_pretty_json_and_new_entries_are_listed() {
        let old = Recording::with_seed(42, [put("a", r#"{"total":42,"id":"a"}"#, 200)]);
        let new = Recording::with_seed(
            42,
            [
                put("a", r#"{"total":43,"id":"a"}"#, 200),
                put("b", r#"{"total":1}"#, 200),
            ],
        );
        let text = render(Some(&old), &new);
        assert!(
            text.contains("~ line 2: PUT /orders/a?x-id=PutObject PutObject -> 200"),
            "{text}"
        );
        assert!(text.contains("    -   \"total\": 42\n"), "{text}");
        assert!(text.contains("    +   \"total\": 43\n"), "{text}");
        assert!(text.contains("        \"id\": \"a\",\n"), "{text}");
        assert!(
            text.contains("+ line 3: PUT /orders/b?x-id=PutObject PutObject -> 200"),
            "{text}"
        );
        assert!(
            text.ends_with("2 -> 3 entries: 1 added, 0 removed, 1 changed, 1 unchanged\n"),
            "{text}"
        );
    }

    #[test]
    fn a_status_change_and_a_removed_entry_are_shown() {
        let old = Recording::with_seed(42, [put("a", "x", 200), put("b", "y", 200)]);
        let new = Recording::with_seed(42, [put("a", "x", 404)]);
        let text = render(Some(&old), &new);
        assert!(text.contains("    status: 200 -> 404"), "{text}");
        assert!(
            text.contains("- line 3: PUT /orders/b?x-id=PutObject"),
            "{text}"
        );
    }
}
