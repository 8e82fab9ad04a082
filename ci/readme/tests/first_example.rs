//! The README's first example, as it is there.

use moto_recorded::{Moto, moto_recorded};

async fn create_orders(moto: &Moto) {
    let s3 = aws_sdk_s3::Client::new(&moto.sdk_config());
    s3.create_bucket().bucket("orders").send().await.unwrap();
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/orders.jsonl", setup = create_orders)]
#[tokio::test]
async fn lists_orders(moto: &Moto) {
    // A fresh, isolated, seeded backend with the fixture replayed into it.
}
