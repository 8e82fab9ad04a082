// The expansion is type-checked only where the fn survives: `#[test]` fns are removed
// outside `cargo test`, so these cases use tokio's `main` as a local `tokio::test`.
use moto_recorded::{Moto, moto_recorded};
mod tokio { pub use ::tokio::{main as test, *}; }

fn takes_nothing() {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = takes_nothing)]
#[tokio::test]
async fn wrong_parameters(_moto: &Moto) {}

fn returns_a_number(_moto: &Moto) -> u32 {
    42
}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = returns_a_number)]
#[tokio::test]
async fn wrong_result(_moto: &Moto) {}

async fn resolves_to_a_string(_moto: &Moto) -> String {
    String::new()
}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = resolves_to_a_string)]
#[tokio::test]
async fn wrong_async_result(_moto: &Moto) {}

fn takes_two(_moto: &Moto, _extra: u8) {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = takes_two)]
#[tokio::test]
async fn two_parameters(_moto: &Moto) {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = create_ordrs)]
#[tokio::test]
async fn misspelled(_moto: &Moto) {}

const NOT_A_FN: u8 = 1;

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = NOT_A_FN)]
#[tokio::test]
async fn not_a_fn(_moto: &Moto) {}

fn main() {}
