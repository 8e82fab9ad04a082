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
