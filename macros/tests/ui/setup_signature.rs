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

fn main() {}
