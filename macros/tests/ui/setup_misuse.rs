use moto_recorded::{Moto, moto_recorded};

fn create_orders(_moto: &Moto) {}

#[moto_recorded(seed = 42, setup = create_orders)]
fn without_fixture() {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = "create_orders")]
fn quoted() {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = |_moto| {})]
fn closure() {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup)]
fn no_value() {}

fn main() {}
