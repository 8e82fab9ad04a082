//! The README stays true to the code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// The "Supported operations" table and COVERAGE.md say exactly what each service
/// emulates, by the handler tables. `MOTO_RECORDED_UPDATE_COVERAGE=1` rewrites both.
#[test]
fn supported_operations_and_coverage_match_the_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let summary = moto_recorded_runtime::services::coverage_summary();
    let coverage = moto_recorded_runtime::services::coverage_markdown();
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (before, rest) = readme
        .split_once("## Supported operations")
        .expect("README has a Supported operations section");
    let section_end = rest.find("\n## ").unwrap_or(rest.len());
    let section = &rest[..section_end];
    let table_start = section
        .find("| service")
        .expect("the section has the table");
    let table_end = section[table_start..]
        .find("\n\n")
        .map_or(section.len(), |end| table_start + end + 1);
    let table = &section[table_start..table_end];
    let coverage_path = root.join("COVERAGE.md");
    let written = std::fs::read_to_string(&coverage_path).unwrap_or_default();
    if std::env::var_os("MOTO_RECORDED_UPDATE_COVERAGE").is_some() {
        let updated = format!(
            "{before}## Supported operations{}{summary}{}",
            &section[..table_start],
            &rest[table_end..]
        );
        std::fs::write(&readme_path, updated).unwrap();
        std::fs::write(&coverage_path, &coverage).unwrap();
        return;
    }
    assert_eq!(
        table, summary,
        "update the README's Supported operations table: \
         MOTO_RECORDED_UPDATE_COVERAGE=1 cargo test -p moto-recorded --test readme"
    );
    assert!(
        written == coverage,
        "COVERAGE.md is out of date: \
         MOTO_RECORDED_UPDATE_COVERAGE=1 cargo test -p moto-recorded --test readme"
    );
}

/// The README's first ```` ```lang ```` block after `after`.
fn block_after<'a>(readme: &'a str, after: &str, lang: &str) -> &'a str {
    let start = readme.find(after).expect("the README has the section");
    let fence = format!("```{lang}\n");
    let open = start + readme[start..].find(&fence).expect("a block follows") + fence.len();
    let close = open + readme[open..].find("```").expect("the block ends");
    &readme[open..close]
}

/// `ci/readme/` is a new user's crate made from the README's lines (CI tests it): its
/// dev-dependencies are the README's block, with moto-recorded by path instead of git
/// (CI reaches no git server), and its test is the README's first example.
#[test]
fn the_crate_ci_builds_from_the_readme_is_the_readme() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let crate_dir = root.join("ci/readme");

    let block = block_after(&readme, "In your crate", "toml");
    let git_line = "moto-recorded = { git = \"https://github.com/moto-recorded/moto-recorded\" }";
    assert!(block.contains(git_line), "{block}");
    let expected = block.replace(git_line, "moto-recorded = { path = \"../..\" }");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    let start = manifest.find("[dev-dependencies]\n").unwrap();
    let end = manifest[start..]
        .find("\n\n")
        .map_or(manifest.len(), |end| start + end + 1);
    assert_eq!(&manifest[start..end], expected);

    let example = block_after(&readme, "# moto-recorded", "rust");
    let test = std::fs::read_to_string(crate_dir.join("tests/first_example.rs")).unwrap();
    assert_eq!(
        test,
        format!("//! The README's first example, as it is there.\n\n{example}")
    );
}
