use moto_recorded::moto_recorded;

#[moto_recorded(42)]
fn seed_by_position() {}

#[moto_recorded("tests/fixtures/orders.jsonl", seed = 42)]
fn fixture_by_position() {}

fn main() {}
