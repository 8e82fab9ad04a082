// What the attribute generates must compile for every shape it accepts, checked as a
// test target (`cargo check --tests`), where `#[test]` and `#[tokio::test]` fns are kept.
use moto_recorded::{Mode, Moto, moto_recorded};

fn sync_setup(_moto: &Moto) {}

fn fallible_setup(_moto: &Moto) -> Result<(), String> {
    Ok(())
}

async fn async_setup(moto: &Moto) {
    let _ = moto.endpoint_url().unwrap();
}

async fn fallible_async_setup(_moto: &Moto) -> Result<(), std::io::Error> {
    Ok(())
}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/a.jsonl", setup = sync_setup)]
#[tokio::test]
async fn with_a_sync_setup(_moto: &Moto) {}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/b.jsonl", setup = fallible_setup)]
#[tokio::test]
async fn with_a_fallible_setup(_moto: &Moto) -> Result<(), String> {
    Ok(())
}

#[moto_recorded(fixture = "tests/fixtures/c.jsonl", setup = async_setup, clock = "2024-01-01T00:00:00Z", record_reads = true)]
#[tokio::test]
async fn with_an_async_setup(_moto: &Moto) {}

#[moto_recorded(seed = 7u64, fixture = "./tests/../tests/d.jsonl", setup = fallible_async_setup)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_thread_with_a_fallible_async_setup() {}

#[moto_recorded(seed = 42, clock = "2024-01-01T00:00:00+02:00")]
#[tokio::test]
async fn fresh(moto: &Moto) {
    assert_eq!(moto.mode(), Mode::Fresh);
    assert_eq!(moto.seed(), 42);
    let start = moto.now();
    let later = moto.advance_clock(std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(later.duration_since(start).unwrap().as_secs(), 60);
}

#[moto_recorded(seed = 42)]
#[test]
fn sync_with_the_builtin_test_below(_moto: &Moto) {}

#[moto_recorded(seed = 42, fixture = "tests/fixtures/e.jsonl", setup = fallible_setup)]
fn sync_without_a_test_attribute() -> Result<(), String> {
    Ok(())
}

#[tokio::test]
#[moto_recorded(seed = 42)]
async fn tokio_test_above(_moto: &Moto) {}
