//! Which setup records each fixture, across the whole test binary.
//!
//! Every `#[moto_recorded]` test with a `setup` and a `fixture` registers its options in
//! [`SETUP_FIXTURES`], a list the linker assembles, so it is complete before any test
//! runs. A test then finds any other test that names its fixture with another setup,
//! whichever of them runs first, alone or in parallel, and both fail with the same
//! message: a fixture holds one setup's recording.

use std::path::Path;

use linkme::distributed_slice;

use super::Options;
use super::error::HarnessError;

/// The options of every test in this test binary that records a fixture from a setup.
// The linker assembles the list from a section of its own; nothing else is unsafe here.
#[allow(unsafe_code)]
#[distributed_slice]
pub static SETUP_FIXTURES: [fn() -> Options];

/// Fails when another registered test records `fixture` from another setup.
pub(crate) fn check(options: &Options, fixture: &Path) -> Result<(), HarnessError> {
    check_among(
        options,
        fixture,
        SETUP_FIXTURES.iter().map(|options| options()),
    )
}

fn check_among(
    options: &Options,
    fixture: &Path,
    registered: impl Iterator<Item = Options>,
) -> Result<(), HarnessError> {
    let Some(setup) = options.setup_name else {
        return Ok(());
    };
    let other = registered
        .filter_map(|other| Some((other.setup_name?, other)))
        .filter(|(name, other)| *name != setup && other.fixture_path().as_deref() == Some(fixture))
        .map(|(name, other)| (name, other.test_name()))
        .min_by_key(|(_, test)| *test);
    let Some(other) = other else {
        return Ok(());
    };
    // Both tests say the same: the two in the order of their names.
    let this = (setup, options.test_name());
    let (first, second) = if this.1 <= other.1 {
        (this, other)
    } else {
        (other, this)
    };
    Err(HarnessError::SetupConflict {
        fixture: options.fixture_name().unwrap_or_default(),
        first_setup: first.0,
        first_test: first.1,
        second_setup: second.0,
        second_test: second.1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(test: &'static str, setup: &'static str, fixture: &'static str) -> Options {
        Options {
            test,
            package: "moto-recorded-runtime",
            manifest_dir: "/crate",
            seed: Some(42),
            fixture: Some(fixture),
            clock: None,
            setup: None,
            setup_name: Some(setup),
            record_reads: false,
        }
    }

    fn registered() -> Vec<Options> {
        vec![
            options(
                "crate::first",
                "crate::create_orders",
                "tests/fixtures/orders.jsonl",
            ),
            options(
                "crate::same",
                "crate::create_orders",
                "./tests/fixtures/orders.jsonl",
            ),
            options(
                "crate::other",
                "crate::create_tables",
                "tests/fixtures/../fixtures/orders.jsonl",
            ),
            options(
                "crate::elsewhere",
                "crate::create_tables",
                "tests/fixtures/tables.jsonl",
            ),
        ]
    }

    fn check(options: &Options) -> Result<(), HarnessError> {
        let fixture = options.fixture_path().unwrap();
        check_among(options, &fixture, registered().into_iter())
    }

    #[test]
    fn two_setups_naming_one_fixture_fail_both_tests_with_one_message() {
        let registered = registered();
        let first = check(&registered[0]).unwrap_err().to_string();
        let other = check(&registered[2]).unwrap_err().to_string();
        assert_eq!(
            first,
            "fixture tests/fixtures/orders.jsonl is recorded by two different setups: \
             `crate::create_orders` (test first) and `crate::create_tables` (test other). \
             Whichever records first decides the state the other replays: give each setup \
             a fixture of its own, or make both tests use the same setup"
        );
        assert_eq!(other, first);
        // However the path is spelled, it is one fixture.
        let same = check(&registered[1]).unwrap_err().to_string();
        assert!(
            same.contains(
                "`crate::create_tables` (test other) and `crate::create_orders` (test same)"
            ),
            "{same}"
        );
    }

    #[test]
    fn one_setup_per_fixture_and_tests_without_a_setup_pass() {
        let registered = registered();
        assert!(check(&registered[3]).is_ok());
        let mut replay_only = registered[0];
        replay_only.setup_name = None;
        assert!(check(&replay_only).is_ok());
        let mut alone = options(
            "crate::alone",
            "crate::create_orders",
            "tests/fixtures/alone.jsonl",
        );
        alone.manifest_dir = "/another-crate";
        assert!(check(&alone).is_ok());
    }

    #[test]
    fn the_list_is_assembled_before_any_test_runs() {
        fn registered_here() -> Options {
            options(
                "harness::setups::registered_here",
                "setups::one",
                "tests/fixtures/registered.jsonl",
            )
        }
        #[allow(unsafe_code)]
        #[distributed_slice(SETUP_FIXTURES)]
        static REGISTERED_HERE: fn() -> Options = registered_here;
        let mut other = registered_here();
        other.test = "harness::setups::other";
        other.setup_name = Some("setups::another");
        let fixture = other.fixture_path().unwrap();
        let refused = super::check(&other, &fixture).unwrap_err().to_string();
        assert!(
            refused.contains("`setups::one` (test setups::registered_here)"),
            "{refused}"
        );
    }
}
