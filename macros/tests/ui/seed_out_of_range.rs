use moto_recorded::moto_recorded;

#[moto_recorded(seed = -1)]
fn negative() {}

#[moto_recorded(seed = 18446744073709551616)]
fn too_large() {}

#[moto_recorded(seed = 42i32)]
fn wrong_suffix() {}

fn main() {}
