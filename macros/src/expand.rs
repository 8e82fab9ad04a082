//! What `#[moto_recorded]` turns a test fn into.
//!
//! The body moves into an inner fn taking `&Moto`; the test fn itself takes nothing and
//! hands the options and the inner fn to `::moto_recorded::__private::run` (or
//! `run_async`), where every mode is decided and carried out. `setup` is wrapped in a fn
//! that works for sync and async setups alike (see `__private::Setup`).

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Attribute, FnArg, Item, ItemFn, ReturnType, Signature, Type};

use crate::args::{self, Args, Errors};

/// Expands the attribute with `args` on `item`; `builtin_test_above` says whether the
/// built-in `#[test]` is written above the attribute (see `source`).
pub(crate) fn expand(
    args: TokenStream,
    item: TokenStream,
    builtin_test_above: bool,
) -> TokenStream {
    let mut errors = Errors::default();
    if builtin_test_above {
        errors.push(syn::Error::new(
            Span::call_site(),
            "`#[test]` goes below #[moto_recorded], or drop it (#[moto_recorded] adds it): \
             above, the built-in attribute expands first, so it refuses the `moto: &Moto` \
             parameter, or registers the test a second time",
        ));
    }
    let args = args::parse(args, &mut errors);
    let function = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(function)) => function,
        Ok(other) => {
            errors.push(syn::Error::new(
                item_keyword_span(&other),
                "#[moto_recorded] goes on a test fn, e.g. \
                 `#[moto_recorded(seed = 42)] #[test] fn lists_orders(moto: &Moto) { ... }`",
            ));
            return with_errors(item, errors);
        }
        // Not an item at all: the compiler reports the syntax error itself.
        Err(_) => return with_errors(item, errors),
    };
    check_signature(&function.sig, &mut errors);
    let runtime = has_runtime_attribute(&function.attrs);
    if let Some(asyncness) = function.sig.asyncness
        && !runtime
    {
        errors.push(syn::Error::new(
            asyncness.span(),
            "an `async fn` test needs a runtime: add `#[tokio::test]` (or \
             `#[tokio::test(flavor = \"multi_thread\")]`) next to #[moto_recorded], or make \
             the fn sync",
        ));
    }
    match errors.into_compile_errors() {
        // Emit the fn as written, so that the IDE still knows it, with the errors; but
        // not as a test, or the test attribute would refuse its `moto: &Moto` parameter
        // ahead of the errors that say what is wrong.
        Some(compile_errors) => {
            let mut function = function;
            function
                .attrs
                .retain(|attribute| !is_test_attribute(attribute) && !is_test_only(attribute));
            quote! {
                #[allow(dead_code, unused)]
                #function
                #compile_errors
            }
        }
        None => generate(&args, function),
    }
}

/// Attributes that only mean something on a test (`#[ignore]`, `#[should_panic]`), and
/// would be reported as unused on the fn emitted without its test attribute.
fn is_test_only(attribute: &Attribute) -> bool {
    attribute.path().is_ident("ignore") || attribute.path().is_ident("should_panic")
}

fn with_errors(item: TokenStream, errors: Errors) -> TokenStream {
    let compile_errors = errors.into_compile_errors();
    quote! { #item #compile_errors }
}

fn item_keyword_span(item: &Item) -> Span {
    match item {
        Item::Struct(item) => item.struct_token.span,
        Item::Enum(item) => item.enum_token.span,
        Item::Mod(item) => item.mod_token.span,
        Item::Impl(item) => item.impl_token.span,
        Item::Const(item) => item.const_token.span,
        Item::Static(item) => item.static_token.span,
        Item::Use(item) => item.use_token.span,
        Item::Trait(item) => item.trait_token.span,
        other => other.span(),
    }
}

/// The test fn takes nothing or `moto: &Moto`, and is not generic.
fn check_signature(signature: &Signature, errors: &mut Errors) {
    if !signature.generics.params.is_empty() || signature.generics.where_clause.is_some() {
        errors.push(syn::Error::new(
            signature.generics.span(),
            "a test fn cannot be generic: remove the generic parameters",
        ));
    }
    for (index, input) in signature.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => errors.push(syn::Error::new(
                receiver.span(),
                "a test fn has no `self`: take `moto: &Moto` or nothing",
            )),
            FnArg::Typed(_) if index > 0 => errors.push(syn::Error::new(
                input.span(),
                "a test fn takes at most one parameter, `moto: &Moto`; remove this one",
            )),
            FnArg::Typed(typed) => {
                if !matches!(&*typed.ty, Type::Reference(reference) if reference.mutability.is_none())
                {
                    errors.push(syn::Error::new(
                        typed.ty.span(),
                        "the parameter of a test fn is its backend, borrowed: write \
                         `moto: &Moto`",
                    ));
                }
            }
        }
    }
    if let Some(variadic) = &signature.variadic {
        errors.push(syn::Error::new(
            variadic.span(),
            "a test fn takes `moto: &Moto` or nothing",
        ));
    }
}

/// What an attribute makes of the fn it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TestAttribute {
    /// The built-in `#[test]`, however it is spelled: `test`, `core::prelude::v1::test`,
    /// `::std::prelude::rust_2024::test`...
    Builtin,
    /// A test attribute that runs an `async fn` on its own runtime: `#[tokio::test]`,
    /// `#[async_std::test]`, `#[rstest]` (async-std unless told otherwise)...
    WithRuntime,
    /// A test attribute that needs another one for an `async fn`: `#[test_case(..)]`,
    /// `#[test_log::test]`.
    WithoutRuntime,
}

/// Crates whose `#[krate::test]` runs an `async fn` on a runtime of its own.
const RUNTIME_TEST_CRATES: [&str; 5] = ["tokio", "async_std", "actix_rt", "actix_web", "sqlx"];

/// The kind of test attribute `attribute` is, if it is one. Only the built-in attribute
/// and those of known crates count: attributes that merely wrap a test, such as
/// `#[tracing_test::traced_test]` or `#[serial_test::serial]`, still need one of these.
fn test_attribute(attribute: &Attribute) -> Option<TestAttribute> {
    let names: Vec<String> = attribute
        .path()
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    match names.as_slice() {
        ["test"] | ["core" | "std", "prelude", _, "test"] => Some(TestAttribute::Builtin),
        [krate, "test"] if RUNTIME_TEST_CRATES.contains(krate) => Some(TestAttribute::WithRuntime),
        // `#[test_log::test]` wraps the built-in attribute, `#[test_log::test(tokio::test)]`
        // the one it is given.
        ["test_log", "test"] => match attribute.meta {
            syn::Meta::List(_) => Some(TestAttribute::WithRuntime),
            _ => Some(TestAttribute::WithoutRuntime),
        },
        ["rstest"] | ["rstest", "rstest"] => Some(TestAttribute::WithRuntime),
        ["test_case" | "test_matrix"] | ["test_case", "test_case" | "test_matrix"] => {
            Some(TestAttribute::WithoutRuntime)
        }
        _ => None,
    }
}

/// Whether `attribute` makes the fn a test, so that no `#[test]` is added.
fn is_test_attribute(attribute: &Attribute) -> bool {
    test_attribute(attribute).is_some()
}

/// A test attribute that brings its own runtime, such as `#[tokio::test]`.
fn has_runtime_attribute(attributes: &[Attribute]) -> bool {
    attributes
        .iter()
        .any(|attribute| test_attribute(attribute) == Some(TestAttribute::WithRuntime))
}

fn generate(args: &Args, function: ItemFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
        ..
    } = function;
    let name = &sig.ident;
    let output = &sig.output;
    let test_attribute = if attrs.iter().any(is_test_attribute) {
        quote! {}
    } else {
        quote! { #[::core::prelude::v1::test] }
    };
    let parameter = match sig.inputs.first() {
        Some(FnArg::Typed(typed)) => {
            let pattern = &typed.pat;
            let ty = &typed.ty;
            quote! { #pattern: #ty }
        }
        _ => quote! { _: &::moto_recorded::Moto },
    };
    let options_fn = options_fn(args, &name.to_string());
    let options = quote! { __moto_recorded_options() };
    let setup_fn = args.setup.as_ref().map(setup_fn);
    // Spanned at the return type, so that an unsupported one is reported there.
    let output_span = match output {
        ReturnType::Default => name.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    if sig.asyncness.is_some() {
        // A failure is raised by `finish`, spanned here, so that it points at the test.
        let run = quote_spanned! {output_span=>
            ::moto_recorded::__private::finish(
                ::moto_recorded::__private::run_async(#options, __moto_recorded_body).await,
            )
        };
        quote! {
            #(#attrs)*
            #test_attribute
            #vis async fn #name() #output {
                async fn __moto_recorded_body(#parameter) #output #block
                #setup_fn
                #options_fn
                #run
            }
        }
    } else {
        let run = quote_spanned! {output_span=>
            ::moto_recorded::__private::run(#options, __moto_recorded_body)
        };
        quote! {
            #(#attrs)*
            #test_attribute
            #vis fn #name() #output {
                fn __moto_recorded_body(#parameter) #output #block
                #setup_fn
                #options_fn
                #run
            }
        }
    }
}

/// The fn that gives the test's options; a test that records a fixture from a setup also
/// registers it in the list every test of the binary checks, so that two setups naming
/// one fixture fail both tests whichever runs first. (The registration's link section
/// comes from this macro, so a crate's `#![forbid(unsafe_code)]` does not refuse it.)
fn options_fn(args: &Args, name: &str) -> TokenStream {
    let options = options(args, name);
    let register = (args.setup.is_some() && args.fixture.is_some()).then(|| {
        quote! {
            #[::moto_recorded::__private::linkme::distributed_slice(
                ::moto_recorded::__private::SETUP_FIXTURES
            )]
            #[linkme(crate = ::moto_recorded::__private::linkme)]
            static __MOTO_RECORDED_SETUP_FIXTURE: fn() -> ::moto_recorded::__private::Options =
                __moto_recorded_options;
        }
    });
    quote! {
        fn __moto_recorded_options() -> ::moto_recorded::__private::Options {
            #options
        }
        #register
    }
}

fn options(args: &Args, name: &str) -> TokenStream {
    let some = |tokens: Option<TokenStream>| match tokens {
        Some(tokens) => quote! { ::core::option::Option::Some(#tokens) },
        None => quote! { ::core::option::Option::None },
    };
    let seed = some(args.seed.map(|seed| quote! { #seed }));
    let fixture = some(args.fixture.as_ref().map(|path| quote! { #path }));
    let clock = some(args.clock.as_ref().map(|instant| quote! { #instant }));
    let record_reads = args.record_reads.as_ref().is_some_and(|flag| flag.value);
    let setup = some(
        args.setup
            .as_ref()
            .map(|_| quote! { __moto_recorded_setup as ::moto_recorded::__private::SetupFn }),
    );
    // The setup's full path, which names one fn however the test spells it.
    let setup_name = some(args.setup.as_ref().map(|path| {
        quote_spanned! {path.span()=> ::core::any::type_name_of_val(&#path) }
    }));
    quote! {
        ::moto_recorded::__private::Options {
            test: ::core::concat!(::core::module_path!(), "::", #name),
            package: ::core::env!("CARGO_PKG_NAME"),
            manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
            seed: #seed,
            fixture: #fixture,
            clock: #clock,
            setup: #setup,
            setup_name: #setup_name,
            record_reads: #record_reads,
        }
    }
}

/// Wraps the user's setup fn: a sync setup runs when called, an async one is returned as
/// a future, told apart by method resolution on its output (the type is known here).
fn setup_fn(setup: &syn::Path) -> TokenStream {
    // Spanned at `setup`, so that a wrong signature or result is reported there.
    // Called through `SetupCall`, so that a fn of another signature is reported with the
    // signatures a setup may have (`NotASetup`), not as a call with the wrong arguments.
    let call = quote_spanned! {setup.span()=>
        let output = (&#setup).__moto_recorded_call_setup(moto);
        (&output).__moto_recorded_setup_kind().setup(output)
    };
    quote! {
        // A sync setup returning `()` binds a unit value, on purpose.
        #[allow(clippy::let_unit_value)]
        fn __moto_recorded_setup(
            moto: &::moto_recorded::Moto,
        ) -> ::moto_recorded::__private::Setup<'_> {
            #[allow(unused_imports)]
            use ::moto_recorded::__private::{
                NotASetup as _, SetupByFuture as _, SetupByValue as _, SetupCall as _,
            };
            #call
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(args: TokenStream, item: TokenStream) -> String {
        expand(args, item, false).to_string()
    }

    fn options(
        seed: TokenStream,
        fixture: TokenStream,
        setup: TokenStream,
        setup_name: TokenStream,
    ) -> TokenStream {
        quote! {
            ::moto_recorded::__private::Options {
                test: ::core::concat!(::core::module_path!(), "::", "lists_orders"),
                package: ::core::env!("CARGO_PKG_NAME"),
                manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                seed: #seed,
                fixture: #fixture,
                clock: ::core::option::Option::None,
                setup: #setup,
                setup_name: #setup_name,
                record_reads: false,
            }
        }
    }

    #[test]
    fn a_sync_test_gets_test_and_a_body_fn() {
        let options = options(
            quote!(::core::option::Option::Some(42u64)),
            quote!(::core::option::Option::None),
            quote!(::core::option::Option::None),
            quote!(::core::option::Option::None),
        );
        assert_eq!(
            expanded(
                quote!(seed = 42),
                quote! {
                    /// Lists orders.
                    fn lists_orders(moto: &Moto) { use_it(moto); }
                }
            ),
            quote! {
                #[doc = r" Lists orders."]
                #[::core::prelude::v1::test]
                fn lists_orders() {
                    fn __moto_recorded_body(moto: &Moto) { use_it(moto); }
                    fn __moto_recorded_options() -> ::moto_recorded::__private::Options {
                        #options
                    }
                    ::moto_recorded::__private::run(__moto_recorded_options(), __moto_recorded_body)
                }
            }
            .to_string()
        );
    }

    #[test]
    fn an_async_test_keeps_its_runtime_attribute_and_awaits() {
        let options = options(
            quote!(::core::option::Option::None),
            quote!(::core::option::Option::Some("tests/fixtures/orders.jsonl")),
            quote!(::core::option::Option::Some(
                __moto_recorded_setup as ::moto_recorded::__private::SetupFn
            )),
            quote!(::core::option::Option::Some(::core::any::type_name_of_val(
                &create_orders
            ))),
        );
        let actual = expanded(
            quote!(
                fixture = "tests/fixtures/orders.jsonl",
                setup = create_orders
            ),
            quote! {
                #[tokio::test(flavor = "multi_thread")]
                async fn lists_orders() -> Result<(), Error> { Ok(()) }
            },
        );
        let expected = quote! {
            #[tokio::test(flavor = "multi_thread")]
            async fn lists_orders() -> Result<(), Error> {
                async fn __moto_recorded_body(_: &::moto_recorded::Moto) -> Result<(), Error> { Ok(()) }
                #[allow(clippy::let_unit_value)]
                fn __moto_recorded_setup(
                    moto: &::moto_recorded::Moto,
                ) -> ::moto_recorded::__private::Setup<'_> {
                    #[allow(unused_imports)]
                    use ::moto_recorded::__private::{
                        NotASetup as _, SetupByFuture as _, SetupByValue as _, SetupCall as _,
                    };
                    let output = (&create_orders).__moto_recorded_call_setup(moto);
                    (&output).__moto_recorded_setup_kind().setup(output)
                }
                fn __moto_recorded_options() -> ::moto_recorded::__private::Options {
                    #options
                }
                #[::moto_recorded::__private::linkme::distributed_slice(
                    ::moto_recorded::__private::SETUP_FIXTURES
                )]
                #[linkme(crate = ::moto_recorded::__private::linkme)]
                static __MOTO_RECORDED_SETUP_FIXTURE: fn() -> ::moto_recorded::__private::Options =
                    __moto_recorded_options;
                ::moto_recorded::__private::finish(
                    ::moto_recorded::__private::run_async(
                        __moto_recorded_options(),
                        __moto_recorded_body
                    ).await,
                )
            }
        };
        assert_eq!(actual, expected.to_string());
    }

    #[test]
    fn test_attributes_are_kept_and_not_doubled() {
        for attribute in [
            quote!(#[test]),
            quote!(#[::core::prelude::v1::test]),
            quote!(#[test_log::test]),
        ] {
            let actual = expanded(quote!(), quote!(#attribute fn t() {}));
            assert_eq!(actual.matches("test]").count(), 1, "{actual}");
            assert!(actual.starts_with(&attribute.to_string()), "{actual}");
        }
    }

    #[test]
    fn only_real_test_attributes_count() {
        for attribute in [
            quote!(#[test]),
            quote!(#[core::prelude::v1::test]),
            quote!(#[::core::prelude::v1::test]),
            quote!(#[std::prelude::rust_2024::test]),
            quote!(#[::std::prelude::v1::test]),
            quote!(#[tokio::test]),
            quote!(#[::tokio::test(flavor = "multi_thread")]),
            quote!(#[async_std::test]),
            quote!(#[test_log::test]),
            quote!(#[test_log::test(tokio::test)]),
            quote!(#[rstest]),
            quote!(#[rstest::rstest]),
            quote!(#[test_case(1)]),
            quote!(#[test_case::test_case(1)]),
            quote!(#[test_matrix([1, 2])]),
            quote!(#[actix_rt::test]),
            quote!(#[actix_web::test]),
            quote!(#[sqlx::test]),
        ] {
            let item: ItemFn = syn::parse2(quote!(#attribute fn t() {})).unwrap();
            assert!(is_test_attribute(&item.attrs[0]), "{attribute}");
            let actual = expanded(quote!(), quote!(#attribute fn t() {}));
            let attribute = attribute.to_string();
            assert!(actual.starts_with(&attribute), "{actual}");
            assert_eq!(actual.matches(&attribute).count(), 1, "{actual}");
            let added = quote!(#[::core::prelude::v1::test]).to_string();
            let expected = usize::from(attribute == added);
            assert_eq!(actual.matches(&added).count(), expected, "{actual}");
        }
    }

    #[test]
    fn attributes_that_only_end_in_test_or_wrap_a_test_are_not_test_attributes() {
        for attribute in [
            quote!(#[tracing_test::traced_test]),
            quote!(#[serial_test::serial]),
            quote!(#[latest]),
            quote!(#[my_crate::contest]),
            quote!(#[tokio::main]),
            quote!(#[test::other]),
            quote!(#[ignore]),
        ] {
            let actual = expanded(quote!(), quote!(#attribute fn t() {}));
            let expected_start = quote!(#attribute #[::core::prelude::v1::test]).to_string();
            assert!(actual.starts_with(&expected_start), "{actual}");
        }
    }

    #[test]
    fn an_async_fn_needs_a_test_attribute_with_a_runtime() {
        for attribute in [
            quote!(#[tokio::test]),
            quote!(#[async_std::test]),
            quote!(#[test_log::test(tokio::test)]),
            quote!(#[rstest]),
            quote!(#[actix_rt::test]),
            quote!(#[sqlx::test]),
        ] {
            let actual = expanded(quote!(), quote!(#attribute async fn t() {}));
            assert!(!actual.contains("needs a runtime"), "{attribute}: {actual}");
        }
        for attributes in [
            quote!(),
            quote!(#[test]),
            quote!(#[test_log::test]),
            quote!(#[test_case(1)]),
            quote!(#[tracing_test::traced_test]),
            quote!(#[runtime_test]),
        ] {
            let actual = expanded(quote!(), quote!(#attributes async fn t() {}));
            assert!(actual.contains("needs a runtime"), "{attributes}: {actual}");
        }
    }

    #[test]
    fn errors_keep_the_fn_as_written() {
        let actual = expanded(
            quote!(seed = "42"),
            quote!(
                #[test]
                fn t(moto: &Moto) {}
            ),
        );
        assert!(
            actual.starts_with(
                &quote!(
                    #[allow(dead_code, unused)]
                    fn t(moto: &Moto) {}
                )
                .to_string()
            ),
            "{actual}"
        );
        assert!(actual.contains("compile_error"), "{actual}");
        assert!(
            actual.contains("`seed` must be an integer literal"),
            "{actual}"
        );
    }

    #[test]
    fn with_errors_the_fn_is_emitted_without_its_test_attributes() {
        let actual = expanded(
            quote!(seed = "42"),
            quote!(
                /// Docs.
                #[tokio::test(flavor = "multi_thread")]
                #[ignore = "slow"]
                #[should_panic]
                async fn t(moto: &Moto) {}
            ),
        );
        let expected = quote!(
            #[allow(dead_code, unused)]
            #[doc = r" Docs."]
            async fn t(moto: &Moto) {}
        );
        assert!(actual.starts_with(&expected.to_string()), "{actual}");
        assert_eq!(actual.matches("test").count(), 0, "{actual}");
    }

    #[test]
    fn the_builtin_test_attribute_above_is_an_error() {
        let actual = expand(
            quote!(seed = 42),
            quote!(
                fn t() {}
            ),
            true,
        )
        .to_string();
        assert!(
            actual.contains("`#[test]` goes below #[moto_recorded]"),
            "{actual}"
        );
        assert!(!actual.contains("__private"), "{actual}");
    }

    #[test]
    fn record_reads_reaches_the_options() {
        let with = expanded(
            quote!(
                fixture = "tests/o.jsonl",
                setup = create,
                record_reads = true
            ),
            quote!(
                fn t(moto: &Moto) {}
            ),
        );
        assert!(with.contains("record_reads : true"), "{with}");
        let without = expanded(
            quote!(fixture = "tests/o.jsonl", setup = create),
            quote!(
                fn t(moto: &Moto) {}
            ),
        );
        assert!(without.contains("record_reads : false"), "{without}");
        let wrong = expanded(
            quote!(
                fixture = "tests/o.jsonl",
                setup = create,
                record_reads = "yes"
            ),
            quote!(
                fn t(moto: &Moto) {}
            ),
        );
        assert!(wrong.contains("`record_reads` must be `true`"), "{wrong}");
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let actual = expanded(
            quote!(seed = -1, speed = 3, clock = "yesterday"),
            quote!(
                async fn t(a: &Moto, b: u8) {}
            ),
        );
        for message in [
            "cannot be negative",
            "unknown argument `speed`",
            "at most one parameter",
            "needs a runtime",
        ] {
            assert!(actual.contains(message), "{message}: {actual}");
        }
    }
}
