use moto_recorded::{Moto, moto_recorded};

#[moto_recorded(sed = 42, fixtures = "tests/fixtures/orders.jsonl")]
fn lists_orders(_moto: &Moto) {}

fn main() {}
