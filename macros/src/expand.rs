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

/// Expands the attribute with `args` on `item`.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
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
        // Emit the fn as written, so that the IDE still knows it, with the errors.
        Some(compile_errors) => quote! {
            #[allow(dead_code)]
            #function
            #compile_errors
        },
        None => generate(&args, function),
    }
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

/// The last segment of an attribute's path.
fn attribute_name(attribute: &Attribute) -> Option<String> {
    attribute
        .path()
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
}

/// `#[test]`, `#[tokio::test]`, `#[test_log::test]`...: any attribute whose name ends in
/// `test`.
fn is_test_attribute(attribute: &Attribute) -> bool {
    attribute_name(attribute).is_some_and(|name| name.ends_with("test"))
}

/// The built-in `#[test]`, however it is spelled.
fn is_builtin_test(attribute: &Attribute) -> bool {
    let path = attribute.path();
    let names: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    match names.as_slice() {
        [only] => only == "test",
        [root, prelude, _, test] => {
            (root == "core" || root == "std") && prelude == "prelude" && test == "test"
        }
        _ => false,
    }
}

/// A test attribute that brings its own runtime, such as `#[tokio::test]`.
fn has_runtime_attribute(attributes: &[Attribute]) -> bool {
    attributes
        .iter()
        .any(|attribute| is_test_attribute(attribute) && !is_builtin_test(attribute))
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
    let options = options(args, &name.to_string());
    let setup_fn = args.setup.as_ref().map(setup_fn);
    // Spanned at the return type, so that an unsupported one is reported there.
    let output_span = match output {
        ReturnType::Default => name.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    if sig.asyncness.is_some() {
        let run = quote_spanned! {output_span=>
            ::moto_recorded::__private::run_async(#options, __moto_recorded_body).await
        };
        quote! {
            #(#attrs)*
            #test_attribute
            #vis async fn #name() #output {
                async fn __moto_recorded_body(#parameter) #output #block
                #setup_fn
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
                #run
            }
        }
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
    let setup = some(
        args.setup
            .as_ref()
            .map(|_| quote! { __moto_recorded_setup as ::moto_recorded::__private::SetupFn }),
    );
    quote! {
        ::moto_recorded::__private::Options {
            test: ::core::concat!(::core::module_path!(), "::", #name),
            package: ::core::env!("CARGO_PKG_NAME"),
            manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
            seed: #seed,
            fixture: #fixture,
            clock: #clock,
            setup: #setup,
        }
    }
}

/// Wraps the user's setup fn: a sync setup runs when called, an async one is returned as
/// a future, told apart by method resolution on its output (the type is known here).
fn setup_fn(setup: &syn::Path) -> TokenStream {
    // Spanned at `setup`, so that a wrong signature or result is reported there.
    let call = quote_spanned! {setup.span()=>
        let output = #setup(moto);
        (&output).__moto_recorded_setup_kind().setup(output)
    };
    quote! {
        // A sync setup returning `()` binds a unit value, on purpose.
        #[allow(clippy::let_unit_value)]
        fn __moto_recorded_setup(
            moto: &::moto_recorded::Moto,
        ) -> ::moto_recorded::__private::Setup<'_> {
            #[allow(unused_imports)]
            use ::moto_recorded::__private::{SetupByFuture as _, SetupByValue as _};
            #call
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(args: TokenStream, item: TokenStream) -> String {
        expand(args, item).to_string()
    }

    fn options(seed: TokenStream, fixture: TokenStream, setup: TokenStream) -> TokenStream {
        quote! {
            ::moto_recorded::__private::Options {
                test: ::core::concat!(::core::module_path!(), "::", "lists_orders"),
                package: ::core::env!("CARGO_PKG_NAME"),
                manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                seed: #seed,
                fixture: #fixture,
                clock: ::core::option::Option::None,
                setup: #setup,
            }
        }
    }

    #[test]
    fn a_sync_test_gets_test_and_a_body_fn() {
        let options = options(
            quote!(::core::option::Option::Some(42u64)),
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
                    ::moto_recorded::__private::run(#options, __moto_recorded_body)
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
                    use ::moto_recorded::__private::{SetupByFuture as _, SetupByValue as _};
                    let output = create_orders(moto);
                    (&output).__moto_recorded_setup_kind().setup(output)
                }
                ::moto_recorded::__private::run_async(#options, __moto_recorded_body).await
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
                    #[allow(dead_code)]
                    #[test]
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
