use moto_recorded::{Moto, moto_recorded};

#[moto_recorded(seed = 42)]
fn two_parameters(_moto: &Moto, _extra: u8) {}

#[moto_recorded(seed = 42)]
fn owned(_moto: Moto) {}

#[moto_recorded(seed = 42)]
fn mutable(_moto: &mut Moto) {}

#[moto_recorded(seed = 42)]
fn generic<T>() {}

fn main() {}
