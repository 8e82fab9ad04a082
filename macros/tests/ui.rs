//! Every compile error of `#[moto_recorded]`, pinned: each case in `ui/` must fail to
//! compile with exactly the messages in its `.stderr` file.
//!
//! `TRYBUILD=overwrite cargo test -p moto-recorded-macros --test ui` rewrites them.

#[test]
fn misuse_is_a_compile_error_at_the_offending_token() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
