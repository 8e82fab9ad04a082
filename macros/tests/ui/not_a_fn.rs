use moto_recorded::moto_recorded;

#[moto_recorded(seed = 42)]
struct Orders;

fn main() {}
