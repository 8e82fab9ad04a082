// See setup_signature.rs for why tokio's `main` stands in for `tokio::test`.
use moto_recorded::{Moto, moto_recorded};
mod tokio { pub use ::tokio::{main as test, *}; }

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn returns_a_number(_moto: &Moto) -> u32 {
    42
}

fn main() {}
