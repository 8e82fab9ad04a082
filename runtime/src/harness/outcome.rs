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

/// What `setup = f` may name: a fn (or closure) taking `&Moto`. The attribute calls the
/// setup through this trait, so that a fn of another signature is reported with the
/// signatures a setup may have instead of as a call with the wrong arguments.
#[diagnostic::on_unimplemented(
    message = "`setup` must be a fn taking `&Moto`, not `{Self}`",
    label = "not a setup",
    note = "a setup is one of: `fn name(moto: &Moto)`, `fn name(moto: &Moto) -> Result<(), E>`, \
            `async fn name(moto: &Moto)`, `async fn name(moto: &Moto) -> Result<(), E>` \
            (with `E: Debug`)"
)]
pub trait SetupCall<'a> {
    /// What the setup returns: its result, or a future of it.
    type Output;
    /// Calls the setup.
    fn call_setup(&self, moto: &'a Moto) -> Self::Output;
}

// Not recommended: a fn of another signature is then reported as not a setup, with
// the signatures above, instead of as a fn "expected to take 1 argument".
#[diagnostic::do_not_recommend]
impl<'a, F, O> SetupCall<'a> for F
where
    F: Fn(&'a Moto) -> O,
{
    type Output = O;

    fn call_setup(&self, moto: &'a Moto) -> O {
        self(moto)
    }
}

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
