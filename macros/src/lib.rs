//! The `#[moto_recorded]` attribute of [moto-recorded](https://crates.io/crates/moto-recorded).
//!
//! This crate holds syntax only: it parses and checks the attribute, reporting every
//! mistake at its token, and generates calls into `moto_recorded::__private`, where all
//! behaviour lives. Depend on `moto-recorded`, which re-exports the attribute and
//! documents it.

mod args;
mod expand;

use proc_macro::TokenStream;

/// Runs a test against a fresh, seeded AWS backend rebuilt from a recorded fixture.
///
/// See the `moto-recorded` crate for the arguments and the modes.
#[proc_macro_attribute]
pub fn moto_recorded(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::expand(args.into(), item.into()).into()
}
