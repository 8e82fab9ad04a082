// The built-in `#[test]` above the attribute expands first: with a parameter rustc
// refuses the fn before the attribute sees it; without, the test would be registered
// twice. Either way the attribute says to move `#[test]` below it or drop it.
use moto_recorded::{Moto, moto_recorded};

#[test]
#[moto_recorded(seed = 42)]
fn with_a_parameter(_moto: &Moto) {}

#[test]
#[moto_recorded(seed = 42)]
fn without_a_parameter() {}

// Below, it is kept as the test attribute.
#[moto_recorded(seed = 42)]
#[test]
fn below(_moto: &Moto) {}
