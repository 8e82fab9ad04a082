//! The `#[moto_recorded]` attribute of [moto-recorded](https://crates.io/crates/moto-recorded).
//!
//! This crate holds syntax only: it parses and checks the attribute, reporting every
//! mistake at its token, and generates calls into `moto_recorded::__private`, where all
//! behaviour lives. Depend on `moto-recorded`, which re-exports the attribute and
//! documents it.

mod args;
mod expand;
mod source;

use proc_macro::TokenStream;

/// Runs a test against a fresh, isolated, seeded AWS backend, rebuilt from a recorded
/// fixture.
///
/// ```text
/// #[moto_recorded(seed = 42, fixture = "tests/fixtures/orders.jsonl", setup = create_orders,
///                 clock = "2024-01-01T00:00:00Z")]
/// #[tokio::test]
/// async fn lists_orders(moto: &Moto) { ... }
/// ```
///
/// - `seed`: an integer literal; default, a stable hash of the fixture path (or of the
///   test's name when there is no fixture);
/// - `fixture`: a path relative to the crate, inside it; without one the backend is
///   fresh and nothing is replayed or recorded;
/// - `setup`: a sync or async fn taking `&Moto`, returning `()` or `Result<(), E>`,
///   recorded into the fixture (needs `fixture`); without one the fixture is only
///   replayed, never recorded from the body;
/// - `clock`: an RFC 3339 instant starting a virtual clock;
/// - `record_reads = true`: keep the requests that change nothing (`Describe*`, `Get*`,
///   `List*`, `Head*`, what AWS's models mark read-only) in the recording of `setup`;
///   by default they are left out.
///
/// Goes on a `#[test] fn` (above `#[test]`) or a `#[tokio::test] async fn` (above or
/// below it); adds `#[test]` when the fn has no test attribute: the built-in one, or
/// the `test` of tokio, async-std, actix-rt, actix-web, sqlx or test-log, `#[rstest]`,
/// `#[test_case]`, `#[test_matrix]` (wrappers such as `#[traced_test]` do not count).
/// The fn takes `moto: &Moto` or nothing and returns `()` or `Result<(), E>`. The modes
/// are described in `moto-recorded`.
#[proc_macro_attribute]
pub fn moto_recorded(args: TokenStream, item: TokenStream) -> TokenStream {
    let builtin_test_above = source::builtin_test_above(&proc_macro::Span::call_site());
    expand::expand(args.into(), item.into(), builtin_test_above).into()
}
