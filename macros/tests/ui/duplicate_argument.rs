use moto_recorded::{Moto, moto_recorded};

#[moto_recorded(seed = 42, seed = 43)]
fn lists_orders(_moto: &Moto) {}

fn main() {}
