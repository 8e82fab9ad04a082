//! What setups and test bodies may return, and how a sync or async `setup` is told apart.
//!
//! The attribute only sees `setup`'s path, not its signature, so the generated wrapper
//! calls it and inspects the returned value: a future (an `async fn` setup) is kept to be
//! awaited, anything else (a sync setup, already finished) is its result. The choice is
//! made by method resolution on the concrete type in the generated code: `SetupByFuture`
//! applies to futures by value, `SetupByValue` to everything through one more reference,
//! so futures pick the first.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use super::Moto;

/// What a setup produced: finished (sync) or still to run (async).
pub enum Setup<'a> {
    /// A sync setup that has run.
    Done(Result<(), String>),
    /// An async setup, to be awaited.
    Pending(Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>),
}

/// A setup wrapped by the attribute.
pub type SetupFn = for<'a> fn(&'a Moto) -> Setup<'a>;

/// What a setup may finish with.
#[diagnostic::on_unimplemented(
    message = "`setup` finishes with `{Self}`, which is not a setup's result",
    note = "a setup returns `()` or `Result<(), E>` where `E: Debug`"
)]
pub trait SetupResult {
    /// `Err` with the error's debug form, as the test harness shows errors.
    fn into_setup_result(self) -> Result<(), String>;
}

impl SetupResult for () {
    fn into_setup_result(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: Debug> SetupResult for Result<(), E> {
    fn into_setup_result(self) -> Result<(), String> {
        self.map_err(|error| format!("{error:?}"))
    }
}

/// Calls what `setup = f` names when it is a fn (or closure) taking `&Moto`. The
/// attribute calls `(&f).__moto_recorded_call_setup(moto)`: this impl is picked when `f`
/// takes `&Moto`; anything else falls through to [`NotASetup`] (one more reference
/// away), whose bound fails with the signatures a setup may have, instead of a call
/// with the wrong arguments or a fn "expected to take 1 argument".
pub trait SetupCall<'a> {
    /// What the setup returns: its result, or a future of it.
    type Output;
    /// Calls the setup.
    fn __moto_recorded_call_setup(&self, moto: &'a Moto) -> Self::Output;
}

impl<'a, F, O> SetupCall<'a> for F
where
    F: Fn(&'a Moto) -> O,
{
    type Output = O;

    fn __moto_recorded_call_setup(&self, moto: &'a Moto) -> O {
        self(moto)
    }
}

/// What `setup = f` falls through to when `f` is not a fn taking `&Moto` (see
/// [`SetupCall`]).
pub trait NotASetup {
    /// What `setup` names.
    type Named: ?Sized;
    /// Fails to compile, saying what a setup is.
    fn __moto_recorded_call_setup(&self, moto: &Moto)
    where
        Self::Named: SetupSignature;
}

impl<T: ?Sized> NotASetup for &T {
    type Named = T;

    fn __moto_recorded_call_setup(&self, _moto: &Moto)
    where
        T: SetupSignature,
    {
    }
}

/// Implemented by nothing: the bound that reports a `setup` of another signature.
#[diagnostic::on_unimplemented(
    message = "`setup` must be a fn taking `&Moto`, not `{Self}`",
    label = "not a setup",
    note = "a setup is one of: `fn name(moto: &Moto)`, `fn name(moto: &Moto) -> Result<(), E>`, \
            `async fn name(moto: &Moto)`, `async fn name(moto: &Moto) -> Result<(), E>` \
            (with `E: Debug`)"
)]
pub trait SetupSignature {}

/// Picks [`FutureSetup`] for futures (see the module docs).
pub trait SetupByFuture {
    /// The kind of setup this value came from.
    fn __moto_recorded_setup_kind(&self) -> FutureSetup;
}

impl<F: Future> SetupByFuture for F {
    fn __moto_recorded_setup_kind(&self) -> FutureSetup {
        FutureSetup
    }
}

/// Picks [`ValueSetup`] for everything that is not a future (see the module docs).
pub trait SetupByValue {
    /// The kind of setup this value came from.
    fn __moto_recorded_setup_kind(&self) -> ValueSetup;
}

impl<T> SetupByValue for &T {
    fn __moto_recorded_setup_kind(&self) -> ValueSetup {
        ValueSetup
    }
}

/// An async setup.
#[derive(Debug, Clone, Copy)]
pub struct FutureSetup;

impl FutureSetup {
    /// Keeps the future to be awaited.
    pub fn setup<'a, F>(self, future: F) -> Setup<'a>
    where
        F: Future + 'a,
        F::Output: SetupResult,
    {
        Setup::Pending(Box::pin(async move { future.await.into_setup_result() }))
    }
}

/// A sync setup, already run.
#[derive(Debug, Clone, Copy)]
pub struct ValueSetup;

impl ValueSetup {
    /// Its result.
    pub fn setup<'a, T: SetupResult>(self, value: T) -> Setup<'a> {
        Setup::Done(value.into_setup_result())
    }
}

/// What a test body may return: `()` or `Result<(), E>`, as `#[test]` fns do.
#[diagnostic::on_unimplemented(
    message = "a #[moto_recorded] test returns `()` or `Result<(), E>`, not `{Self}`",
    note = "change the test's return type to `()` or `Result<(), E>` where `E: Debug`"
)]
pub trait TestOutput {
    /// Whether the test passed (a fixture recorded by the body is kept only then).
    fn passed(&self) -> bool;
}

impl TestOutput for () {
    fn passed(&self) -> bool {
        true
    }
}

impl<E: Debug> TestOutput for Result<(), E> {
    fn passed(&self) -> bool {
        self.is_ok()
    }
}
