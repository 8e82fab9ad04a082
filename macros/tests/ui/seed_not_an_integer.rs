use moto_recorded::moto_recorded;

#[moto_recorded(seed = "42")]
fn quoted() {}

#[moto_recorded(seed = 4.2)]
fn float() {}

const SEED: u64 = 42;

#[moto_recorded(seed = SEED)]
fn computed() {}

fn main() {}
