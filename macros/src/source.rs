//! What the attribute cannot see in its input: the attributes written above it.
//!
//! The built-in `#[test]` expands before the attributes below it and removes itself, so
//! `#[test] #[moto_recorded] fn t()` reaches the attribute as a plain fn: the test would
//! be registered twice (and with a parameter, rustc refuses it first). The only trace
//! left is in the source file, which is read here.

use std::path::Path;

/// Whether the built-in `#[test]` is written above the attribute at `span`. Unknown
/// (no source file, as under some IDEs): no.
pub(crate) fn builtin_test_above(span: &proc_macro::Span) -> bool {
    let Some(file) = span.local_file() else {
        return false;
    };
    let Ok(text) = std::fs::read_to_string(Path::new(&file)) else {
        return false;
    };
    builtin_test_in(&text_before(&text, span.line(), span.column()))
}

/// The text before the 1-based `line` and `column`.
fn text_before(text: &str, line: usize, column: usize) -> String {
    let mut before = String::new();
    for (index, content) in text.lines().enumerate() {
        if index + 1 == line {
            before.extend(content.chars().take(column.saturating_sub(1)));
            break;
        }
        before.push_str(content);
        before.push('\n');
    }
    before
}

/// Whether the outer attributes that end `before` include the built-in `#[test]`.
fn builtin_test_in(before: &str) -> bool {
    let mut rest = before.trim_end();
    loop {
        let last_line = rest.rsplit('\n').next().unwrap_or(rest);
        if last_line.trim_start().starts_with("//") {
            rest = rest[..rest.len() - last_line.len()].trim_end();
            continue;
        }
        let Some(inside_end) = rest.strip_suffix(']') else {
            return false;
        };
        let mut depth = 1usize;
        let mut open = None;
        for (index, character) in inside_end.char_indices().rev() {
            match character {
                ']' => depth += 1,
                '[' => {
                    depth -= 1;
                    if depth == 0 {
                        open = Some(index);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(open) = open else {
            return false;
        };
        let Some(attribute_start) = inside_end[..open].trim_end().strip_suffix('#') else {
            return false;
        };
        let content = &inside_end[open + 1..];
        let path: String = content
            .split(['(', '='])
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|character| !character.is_whitespace())
            .collect();
        let path = path.trim_start_matches("::");
        let segments: Vec<&str> = path.split("::").collect();
        if matches!(
            segments.as_slice(),
            ["test"] | ["core" | "std", "prelude", _, "test"]
        ) {
            return true;
        }
        rest = attribute_start.trim_end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_test_attribute_is_found_among_the_attributes_above() {
        for above in [
            "#[test]",
            "mod m {\n    #[test]\n    ",
            "#[test]\n#[ignore = \"slow [really]\"]\n// a comment\n",
            "#[::core::prelude::v1::test] #[allow(unused)]\n",
            "#[std::prelude::rust_2024::test]\n/// Docs.\n",
        ] {
            assert!(builtin_test_in(above), "{above:?}");
        }
        for above in [
            "",
            "fn other() {}\n",
            "#[tokio::test]\n",
            "#[test]\nfn other() {}\n\n",
            "#[latest]\n#[my::test::other]\n",
            "let a = [1, 2]",
            "]",
        ] {
            assert!(!builtin_test_in(above), "{above:?}");
        }
    }

    #[test]
    fn the_text_before_stops_at_the_column() {
        let text = "#[test]\n    #[moto_recorded]\nfn t() {}\n";
        assert_eq!(text_before(text, 2, 5), "#[test]\n    ");
        assert!(builtin_test_in(&text_before(text, 2, 5)));
    }
}
