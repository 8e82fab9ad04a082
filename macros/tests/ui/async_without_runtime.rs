use moto_recorded::{Moto, moto_recorded};

#[moto_recorded(seed = 42)]
async fn no_runtime(_moto: &Moto) {}

#[moto_recorded(seed = 42)]
#[test]
async fn plain_test_attribute(_moto: &Moto) {}

// A name ending in `test` is not a test attribute: only the built-in one and those of
// known crates (`tokio::test`, `rstest`, ...) are.
use tokio::main as my_latest_test;

#[moto_recorded(seed = 42)]
#[my_latest_test]
async fn not_a_test_attribute(_moto: &Moto) {}

fn main() {}
