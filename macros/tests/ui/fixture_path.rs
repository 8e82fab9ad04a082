use moto_recorded::moto_recorded;

#[moto_recorded(fixture = "/home/me/orders.jsonl")]
fn absolute() {}

#[moto_recorded(fixture = "../shared/orders.jsonl")]
fn leaves_the_crate() {}

#[moto_recorded(fixture = "")]
fn empty() {}

#[moto_recorded(fixture = "tests/fixtures/")]
fn directory() {}

#[moto_recorded(fixture = tests_fixtures_orders)]
fn not_a_string() {}

fn main() {}
