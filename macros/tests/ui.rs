//! Every compile error of `#[moto_recorded]`, pinned: each case in `ui/` must fail to
//! compile with exactly the messages in its `.stderr` file. The cases in `ui-test/` are
//! compiled as test targets (`cargo check --tests`), the shape users write tests in,
//! where `#[test]` fns are kept (trybuild builds binaries, which drop them): each must
//! give exactly its `.stderr` file, or compile cleanly when it has none.
//!
//! `TRYBUILD=overwrite cargo test -p moto-recorded-macros --test ui` rewrites them.
//!
//! Both are only checked, never built: no code is generated for the dependencies, and
//! the test targets share trybuild's build directory and flags, so the dependencies are
//! checked once for both.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn misuse_fails_to_compile_with_pinned_messages_and_every_shape_compiles() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
    test_targets();
}

/// The flags trybuild checks with (its `rustflags.rs`; it also passes the host as
/// `--target`), so that both share what they check.
const TRYBUILD_RUSTFLAGS: &str =
    r#"["--cfg", "trybuild", "--verbose", "-A", "dead_code", "--diagnostic-width=140"]"#;

/// The host's target triple, as rustc gives it.
fn host() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("-vV").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

fn test_targets() {
    let macros = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = macros.parent().unwrap();
    // <target>/debug/deps/ui-<hash>
    let exe = std::env::current_exe().unwrap();
    let target = exe.ancestors().nth(3).unwrap().to_owned();
    let build_dir = target.join("tests").join("trybuild");
    let project = build_dir.join("moto-recorded-test-targets");
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(project.join("src/lib.rs"), "").unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), project.join("Cargo.lock")).unwrap();

    let mut cases: Vec<PathBuf> = std::fs::read_dir(macros.join("tests/ui-test"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .collect();
    cases.sort();
    std::fs::write(project.join("Cargo.toml"), manifest(workspace, &cases)).unwrap();

    let overwrite = std::env::var_os("TRYBUILD").is_some_and(|value| value == "overwrite");
    let host = host();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_str().unwrap();
        let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "check",
                "--offline",
                "--quiet",
                "--color=never",
                "--test",
                name,
            ])
            .args(["--target", &host])
            .arg(format!("--config=build.rustflags={TRYBUILD_RUSTFLAGS}"))
            .arg(format!(
                "--config=target.{host}.rustflags={TRYBUILD_RUSTFLAGS}"
            ))
            .arg("--manifest-path")
            .arg(project.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &build_dir)
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        let stderr = normalize(&String::from_utf8_lossy(&output.stderr), macros, workspace);
        let expected_path = case.with_extension("stderr");
        let expected = std::fs::read_to_string(&expected_path).ok();
        if overwrite {
            if output.status.success() {
                let _ = std::fs::remove_file(&expected_path);
            } else {
                std::fs::write(&expected_path, &stderr).unwrap();
            }
            continue;
        }
        match expected {
            None if output.status.success() => {}
            None => failures.push(format!("{name} should compile:\n{stderr}")),
            Some(_) if output.status.success() => {
                failures.push(format!("{name} compiled, but should fail with its .stderr"));
            }
            Some(expected) if expected != stderr => failures.push(format!(
                "{name} fails with other messages (TRYBUILD=overwrite rewrites them):\n\
                 --- expected\n{expected}\n--- actual\n{stderr}"
            )),
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A crate with one test target per case, with the dependencies (and so the features)
/// of the crate trybuild makes for the UI cases.
fn manifest(workspace: &Path, cases: &[PathBuf]) -> String {
    let mut manifest = format!(
        r#"[package]
name = "moto-recorded-test-targets"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
moto-recorded = {{ path = {workspace:?}, default-features = false }}
time = {{ version = "0.3.41", features = ["formatting", "parsing", "macros"] }}
tokio = {{ version = "1.47", features = ["rt", "net", "sync", "time", "macros", "rt-multi-thread"] }}
"#,
        workspace = workspace.display().to_string(),
    );
    for case in cases {
        let name = case.file_stem().unwrap().to_str().unwrap();
        manifest.push_str(&format!(
            "\n[[test]]\nname = {name:?}\npath = {:?}\n",
            case.display().to_string()
        ));
    }
    manifest
}

/// Paths relative to the crate, and cargo's own summary lines dropped.
fn normalize(stderr: &str, macros: &Path, workspace: &Path) -> String {
    let macros = format!("{}/", macros.display());
    let workspace = format!("{}/", workspace.display());
    stderr
        .lines()
        .filter(|line| {
            !line.starts_with("error: could not compile")
                && !line.starts_with("warning: build failed")
        })
        .map(|line| line.replace(&macros, "").replace(&workspace, "$WORKSPACE/"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
        + "\n"
}
