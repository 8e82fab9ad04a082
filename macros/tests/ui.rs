//! Every compile error of `#[moto_recorded]`, pinned: each case in `ui/` must fail to
//! compile with exactly the messages in its `.stderr` file; the cases in `ui-pass/` must
//! compile and run.
//!
//! `TRYBUILD=overwrite cargo test -p moto-recorded-macros --test ui` rewrites them.

#[test]
fn misuse_fails_to_compile_with_pinned_messages_and_every_shape_compiles() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui-pass/*.rs");
}
