use moto_recorded::{Moto, moto_recorded};

#[moto_recorded(seed = 42)]
async fn no_runtime(_moto: &Moto) {}

#[moto_recorded(seed = 42)]
#[test]
async fn plain_test_attribute(_moto: &Moto) {}

fn main() {}
