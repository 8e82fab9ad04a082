//! The attribute's arguments: `seed`, `fixture`, `setup`, `clock`, `record_reads`, each checked where it is
//! written so that a mistake is reported at its token with what to write instead.

use proc_macro2::TokenStream;
use syn::parse::Parser as _;
use syn::spanned::Spanned as _;
use syn::{Expr, ExprLit, ExprUnary, Lit, LitBool, LitInt, LitStr, Path, UnOp};

/// The argument names, in the order the docs give them.
const VALID: &str = "`seed`, `fixture`, `setup`, `clock` and `record_reads`";

/// The parsed arguments; each keeps the literal it came from, for spans.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) seed: Option<u64>,
    pub(crate) fixture: Option<LitStr>,
    pub(crate) setup: Option<Path>,
    pub(crate) clock: Option<LitStr>,
    pub(crate) record_reads: Option<LitBool>,
}

/// Errors collected while parsing, so that every mistake is reported at once.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(first) => first.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn into_compile_errors(self) -> Option<TokenStream> {
        self.0.map(|error| error.to_compile_error())
    }
}

/// Parses `args`, adding every mistake to `errors`.
pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Args {
    let mut parsed = Args::default();
    if positional(&args, errors) {
        return parsed;
    }
    let mut seen: Vec<String> = Vec::new();
    let parser = syn::meta::parser(|meta| {
        let name = path_text(&meta.path);
        let known = meta.path.get_ident().is_some()
            && ["seed", "fixture", "setup", "clock", "record_reads"].contains(&name.as_str());
        let problem = if !known {
            Some(format!(
                "unknown argument `{name}`; the arguments are {VALID}"
            ))
        } else if seen.contains(&name) {
            Some(format!("duplicate argument `{name}`; give it once"))
        } else {
            None
        };
        if let Some(problem) = problem {
            errors.push(meta.error(problem));
            // Skip the value so that the arguments after this one are checked too.
            if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            return Ok(());
        }
        seen.push(name.clone());
        let value: Expr = match meta.value() {
            Ok(stream) => stream.parse()?,
            Err(_) => {
                return Err(meta.error(format!("`{name}` needs a value, e.g. {}", example(&name))));
            }
        };
        match name.as_str() {
            "seed" => match seed(&value) {
                Ok(seed) => parsed.seed = Some(seed),
                Err(error) => errors.push(error),
            },
            "fixture" => match fixture(&value) {
                Ok(path) => parsed.fixture = Some(path),
                Err(error) => errors.push(error),
            },
            "setup" => match setup(&value) {
                Ok(path) => parsed.setup = Some(path),
                Err(error) => errors.push(error),
            },
            "record_reads" => match record_reads(&value) {
                Ok(flag) => parsed.record_reads = Some(flag),
                Err(error) => errors.push(error),
            },
            _ => match clock(&value) {
                Ok(instant) => parsed.clock = Some(instant),
                Err(error) => errors.push(error),
            },
        }
        Ok(())
    });
    if let Err(error) = parser.parse2(args) {
        errors.push(error);
    }
    if let (Some(flag), None) = (&parsed.record_reads, &parsed.setup) {
        errors.push(syn::Error::new(
            flag.span(),
            "`record_reads` says what a recording of `setup` keeps, so it needs \
             `setup = <fn>` (and `fixture`); without a setup nothing is recorded",
        ));
    }
    if let (Some(setup), None) = (&parsed.setup, &parsed.fixture) {
        errors.push(syn::Error::new(
            setup.span(),
            "`setup` builds the state that is recorded into a fixture, so it needs \
             `fixture = \"tests/fixtures/<name>.jsonl\"`; without a fixture, call the fn \
             from the test body instead",
        ));
    }
    parsed
}

/// Reports arguments given by position (`#[moto_recorded(42, "tests/x.jsonl")]`), which
/// the named-argument parser would only call unexpected; whether there were any.
fn positional(args: &TokenStream, errors: &mut Errors) -> bool {
    let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
    let Ok(arguments) = parser.parse2(args.clone()) else {
        return false;
    };
    let mut found = false;
    for argument in &arguments {
        let Expr::Lit(ExprLit { lit, .. }) = argument else {
            continue;
        };
        let named = match lit {
            Lit::Int(int) => format!("seed = {}", int.base10_digits()),
            Lit::Str(text) => format!("fixture = {:?}", text.value()),
            _ => "seed = 42, fixture = \"tests/fixtures/orders.jsonl\"".to_owned(),
        };
        errors.push(syn::Error::new(
            lit.span(),
            format!(
                "the arguments are named, not positional: write `{named}`, as in \
                 `#[moto_recorded(seed = ..., fixture = \"...\", setup = ...)]`"
            ),
        ));
        found = true;
    }
    found
}

fn example(name: &str) -> &'static str {
    match name {
        "seed" => "`seed = 42`",
        "fixture" => "`fixture = \"tests/fixtures/orders.jsonl\"`",
        "setup" => "`setup = create_orders`",
        "record_reads" => "`record_reads = true`",
        _ => "`clock = \"2024-01-01T00:00:00Z\"`",
    }
}

fn path_text(path: &Path) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    segments.join("::")
}

/// `seed = 42`: an unsigned integer literal that fits in a u64.
fn seed(value: &Expr) -> syn::Result<u64> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => seed_literal(int),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_), ..
        }) => Err(syn::Error::new(
            value.span(),
            "`seed` cannot be negative: use an integer from 0 to 18446744073709551615",
        )),
        Expr::Lit(ExprLit { lit, .. }) => Err(syn::Error::new(
            lit.span(),
            format!(
                "`seed` must be an integer literal, e.g. `seed = 42`, not {}",
                literal_kind(lit)
            ),
        )),
        _ => Err(syn::Error::new(
            value.span(),
            "`seed` must be an integer literal, e.g. `seed = 42`: the seed is part of the \
             fixture, so it cannot be computed",
        )),
    }
}

fn seed_literal(int: &LitInt) -> syn::Result<u64> {
    if !matches!(int.suffix(), "" | "u64") {
        return Err(syn::Error::new(
            int.span(),
            format!(
                "`seed` is a u64: write `{}` without the `{}` suffix",
                int.base10_digits(),
                int.suffix()
            ),
        ));
    }
    int.base10_parse::<u64>().map_err(|_| {
        syn::Error::new(
            int.span(),
            "`seed` is too large: use an integer from 0 to 18446744073709551615",
        )
    })
}

/// `fixture = "tests/fixtures/orders.jsonl"`: relative to the crate and inside it.
fn fixture(value: &Expr) -> syn::Result<LitStr> {
    let path = string_literal(value, "fixture")?;
    check_fixture_path(&path.value()).map_err(|message| syn::Error::new(path.span(), message))?;
    Ok(path)
}

/// Why `path` cannot name a fixture, if it cannot.
pub(crate) fn check_fixture_path(path: &str) -> Result<(), String> {
    if path.trim().is_empty() {
        return Err(
            "`fixture` is empty: name a file relative to the crate, e.g. \
             `fixture = \"tests/fixtures/orders.jsonl\"`"
                .to_owned(),
        );
    }
    let windows_drive =
        path.len() >= 2 && path.as_bytes()[0].is_ascii_alphabetic() && path.as_bytes()[1] == b':';
    if path.starts_with('/') || path.starts_with('\\') || windows_drive {
        return Err(format!(
            "`fixture` must be relative to the crate's directory (CARGO_MANIFEST_DIR), so \
             that it works on every machine: `{path}` is absolute; write e.g. \
             `fixture = \"tests/fixtures/orders.jsonl\"`"
        ));
    }
    if path.ends_with('/') || path.ends_with('\\') {
        return Err(format!(
            "`fixture` names a file, but `{path}` ends with a separator; write e.g. \
             `fixture = \"{path}orders.jsonl\"`"
        ));
    }
    let mut depth = 0usize;
    for component in path.split(['/', '\\']) {
        match component {
            "" | "." => {}
            ".." => {
                depth = depth.checked_sub(1).ok_or_else(|| {
                    format!(
                        "`fixture` must stay inside the crate, so that it is committed with \
                         it: `{path}` leaves the crate's directory; move the fixture under \
                         the crate, e.g. `tests/fixtures/`"
                    )
                })?;
            }
            _ => depth += 1,
        }
    }
    if depth == 0 {
        return Err(format!(
            "`fixture` names the crate's directory itself (`{path}`); name a file, e.g. \
             `fixture = \"tests/fixtures/orders.jsonl\"`"
        ));
    }
    Ok(())
}

/// `setup = create_orders`: the path of a fn.
fn setup(value: &Expr) -> syn::Result<Path> {
    match value {
        Expr::Path(path) if path.qself.is_none() => Ok(path.path.clone()),
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Err(syn::Error::new(
            text.span(),
            format!(
                "`setup` takes the fn itself, not a string: write `setup = {}`",
                text.value()
            ),
        )),
        _ => Err(syn::Error::new(
            value.span(),
            "`setup` must be the path of a fn taking `&Moto`, e.g. `setup = create_orders` \
             for `async fn create_orders(moto: &Moto)`",
        )),
    }
}

/// `record_reads = true`: a bool literal.
fn record_reads(value: &Expr) -> syn::Result<LitBool> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Bool(flag),
            ..
        }) => Ok(flag.clone()),
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) if matches!(text.value().as_str(), "true" | "false") => Err(syn::Error::new(
            text.span(),
            format!(
                "`record_reads` takes a bool, not a string: write `record_reads = {}`",
                text.value()
            ),
        )),
        Expr::Lit(ExprLit { lit, .. }) => Err(syn::Error::new(
            lit.span(),
            format!(
                "`record_reads` must be `true` (keep the requests that change nothing in the \
                 fixture) or `false` (the default: leave them out), not {}",
                literal_kind(lit)
            ),
        )),
        _ => Err(syn::Error::new(
            value.span(),
            "`record_reads` must be `true` (keep the requests that change nothing in the \
             fixture) or `false` (the default: leave them out)",
        )),
    }
}

/// `clock = "2024-01-01T00:00:00Z"`: an RFC 3339 instant.
fn clock(value: &Expr) -> syn::Result<LitStr> {
    let instant = string_literal(value, "clock")?;
    let text = instant.value();
    let format = time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::parse(&text, &format) {
        Ok(_) => Ok(instant),
        Err(error) => Err(syn::Error::new(
            instant.span(),
            format!(
                "`clock` must be an RFC 3339 instant such as \"2024-01-01T00:00:00Z\": \
                 \"{text}\" is not ({error})"
            ),
        )),
    }
}

fn string_literal(value: &Expr, name: &str) -> syn::Result<LitStr> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Ok(text.clone()),
        Expr::Lit(ExprLit { lit, .. }) => Err(syn::Error::new(
            lit.span(),
            format!(
                "`{name}` must be a string literal, e.g. {}, not {}",
                example(name),
                literal_kind(lit)
            ),
        )),
        _ => Err(syn::Error::new(
            value.span(),
            format!("`{name}` must be a string literal, e.g. {}", example(name)),
        )),
    }
}

fn literal_kind(lit: &Lit) -> &'static str {
    match lit {
        Lit::Str(_) => "a string",
        Lit::ByteStr(_) | Lit::CStr(_) => "a byte or C string",
        Lit::Byte(_) | Lit::Char(_) => "a character",
        Lit::Int(_) => "an integer",
        Lit::Float(_) => "a float",
        Lit::Bool(_) => "a bool",
        _ => "this literal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_paths_stay_relative_and_inside_the_crate() {
        assert!(check_fixture_path("tests/fixtures/orders.jsonl").is_ok());
        assert!(check_fixture_path("./tests/../fixtures/x.jsonl").is_ok());
        assert!(check_fixture_path("moto_recording").is_ok());
        for bad in [
            "",
            "  ",
            "/tmp/x.jsonl",
            "\\\\server\\x",
            "C:/x.jsonl",
            "../x.jsonl",
            "tests/../../x.jsonl",
            "tests/",
            ".",
            "tests/..",
        ] {
            assert!(check_fixture_path(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
