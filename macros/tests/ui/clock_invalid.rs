use moto_recorded::moto_recorded;

#[moto_recorded(clock = "2024-01-01 00:00")]
fn not_rfc3339() {}

#[moto_recorded(clock = 1704067200)]
fn a_number() {}

fn main() {}
