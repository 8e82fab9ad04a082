use moto_recorded::{Moto, moto_recorded};

fn create_orders(_moto: &Moto) {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = create_orders, record_reads = "true")]
fn a_string(_moto: &Moto) {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = create_orders, record_reads = 1)]
fn an_integer(_moto: &Moto) {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", setup = create_orders, record_reads = yes)]
fn a_path(_moto: &Moto) {}

#[moto_recorded(fixture = "tests/fixtures/orders.jsonl", record_reads = true)]
fn without_setup(_moto: &Moto) {}

fn main() {}
