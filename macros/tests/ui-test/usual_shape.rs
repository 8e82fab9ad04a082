// Attribute mistakes in the shape tests are written in, compiled as a test target: only
// the attribute's message shows, not rustc's refusal of a test fn with a parameter.
use moto_recorded::{Moto, moto_recorded};

async fn create_orders(_moto: &Moto) {}

#[moto_recorded(sed = 42)]
#[tokio::test]
async fn unknown_argument(moto: &Moto) {
    let _ = moto;
}

#[moto_recorded(seed = "42", fixture = "tests/fixtures/orders.jsonl")]
#[tokio::test]
async fn seed_not_an_integer(_moto: &Moto) {}

#[moto_recorded(seed = 42, setup = create_orders)]
#[tokio::test(flavor = "multi_thread")]
async fn setup_without_fixture(_moto: &Moto) {}

#[moto_recorded(42, "tests/fixtures/orders.jsonl")]
#[tokio::test]
async fn positional(_moto: &Moto) {}

#[tokio::test]
#[moto_recorded(fixture = "/tmp/orders.jsonl")]
#[ignore = "slow"]
async fn below_tokio_test(_moto: &Moto) {}

#[moto_recorded(clock = "yesterday")]
#[test]
fn sync_test(_moto: &Moto) {}
