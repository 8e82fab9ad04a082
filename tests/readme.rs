//! The README stays true to the code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// The "Supported operations" table lists exactly what each service implements.
#[test]
fn supported_operations_table_matches_the_code() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("## Supported operations")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a Supported operations section");
    let table: Vec<(String, Vec<String>)> = section
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| service"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let operations = cells[1]
                .split(',')
                .map(|name| name.trim().to_owned())
                .collect();
            (cells[0].to_owned(), operations)
        })
        .collect();
    let code: Vec<(String, Vec<String>)> = moto_recorded_runtime::services::supported_operations()
        .into_iter()
        .map(|(service, operations)| {
            let mut operations: Vec<String> = operations.into_iter().map(str::to_owned).collect();
            operations.sort();
            (service.to_owned(), operations)
        })
        .collect();
    assert_eq!(
        table, code,
        "update the README's Supported operations table"
    );
}
