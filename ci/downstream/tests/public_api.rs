//! Annotated tests written as a user writes them: they name only `Moto` and the
//! attribute, never the plumbing the attribute expands to.

use moto_recorded::{Mode, Moto, moto_recorded};

fn s3(moto: &Moto) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&moto.sdk_config())
            .force_path_style(true)
            .build(),
    )
}

#[moto_recorded(seed = 42)]
#[tokio::test]
async fn creates_and_lists_a_bucket(moto: &Moto) {
    assert_eq!(moto.mode(), Mode::Fresh);
    let s3 = s3(moto);
    s3.create_bucket().bucket("orders").send().await.unwrap();
    let listed = s3.list_buckets().send().await.unwrap();
    let names: Vec<&str> = listed.buckets().iter().filter_map(|b| b.name()).collect();
    assert_eq!(names, ["orders"]);
}

// No test attribute: the attribute adds the built-in one.
#[moto_recorded(seed = 42)]
fn a_sync_test_gets_a_fresh_seeded_backend(moto: &Moto) {
    assert_eq!(moto.seed(), 42);
    assert_eq!(moto.fixture(), None);
    assert!(
        moto.endpoint_url()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}
