//! `MockRandom`: the seeded source of every id the emulated AWS produces.
//!
//! ChaCha20 (`rand_chacha`) keyed from a `u64`. Two independent streams share the key:
//! one for resource ids (instance ids, message ids, ...) and one for request ids, so a
//! read-only request in between two writes never shifts the ids of later resources.
//!
//! Everything that turns random words into ids is written here (seed expansion, unbiased
//! choice from an alphabet), so the ids for a seed only change if this file does; the
//! golden values in the tests are that promise.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

const HEX_DIGITS: &[u8] = b"0123456789abcdef";
const ASCII_LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ASCII_LETTERS_AND_DIGITS: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ASCII_LOWERCASE: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPERCASE_AND_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SECRET_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";

/// Hex digits in an EC2 resource id after the prefix (`i-0123456789abcdef0`).
pub const EC2_ID_HEX_LEN: usize = 17;
/// Length of an SQS receipt handle, as Moto makes them.
pub const SQS_RECEIPT_HANDLE_LEN: usize = 185;
/// Random bytes behind an S3 multipart upload id, as Moto makes them.
const S3_UPLOAD_ID_BYTES: usize = 43;

/// Stream numbers of the two ChaCha20 streams.
const RESOURCE_STREAM: u64 = 0;
const REQUEST_STREAM: u64 = 1;
/// The stream of a test's own data (`Moto::rng`), apart from the backend's.
const TEST_DATA_STREAM: u64 = 2;

/// A seedable, thread-safe random source with Moto's helpers and AWS id shapes.
///
/// A handle: clones share the same streams (as a backend's services share its source).
///
/// ```
/// use moto_recorded_runtime::random::MockRandom;
///
/// let random = MockRandom::seeded(42);
/// let first = random.instance_id();
/// random.seed(42);
/// assert_eq!(random.instance_id(), first);
/// ```
#[derive(Debug, Clone)]
pub struct MockRandom {
    streams: Arc<Mutex<Streams>>,
}

#[derive(Debug)]
struct Streams {
    seed: Option<u64>,
    resources: ChaCha20Rng,
    requests: ChaCha20Rng,
}

impl Streams {
    fn from_key(seed: Option<u64>, key: [u8; 32]) -> Streams {
        let mut resources = ChaCha20Rng::from_seed(key);
        resources.set_stream(RESOURCE_STREAM);
        let mut requests = ChaCha20Rng::from_seed(key);
        requests.set_stream(REQUEST_STREAM);
        Streams {
            seed,
            resources,
            requests,
        }
    }
}

impl Default for MockRandom {
    /// An unseeded source, keyed from the operating system.
    fn default() -> Self {
        MockRandom::from_os()
    }
}

impl MockRandom {
    /// A source seeded with `seed`: the same seed gives the same ids on every machine.
    pub fn seeded(seed: u64) -> MockRandom {
        MockRandom {
            streams: Arc::new(Mutex::new(Streams::from_key(Some(seed), expand_seed(seed)))),
        }
    }

    /// An unseeded source keyed from the operating system's randomness.
    pub fn from_os() -> MockRandom {
        MockRandom {
            streams: Arc::new(Mutex::new(Streams::from_key(None, os_key()))),
        }
    }

    /// Reseeds both streams, as Moto's `mock_random.seed(n)` and `/moto-api/seed?a=n` do.
    pub fn seed(&self, seed: u64) {
        *self.lock() = Streams::from_key(Some(seed), expand_seed(seed));
    }

    /// Drops the seed and rekeys from the operating system.
    pub fn unseed(&self) {
        *self.lock() = Streams::from_key(None, os_key());
    }

    /// The seed in use, or `None` when keyed from the operating system.
    pub fn current_seed(&self) -> Option<u64> {
        self.lock().seed
    }

    /// Runs `draw` on the resource stream, holding it so that one id is drawn in one piece
    /// even when requests run concurrently.
    pub fn with_rng<R>(&self, draw: impl FnOnce(&mut ChaCha20Rng) -> R) -> R {
        draw(&mut self.lock().resources)
    }

    fn lock(&self) -> MutexGuard<'_, Streams> {
        // The streams are always in a usable state, even if a holder panicked.
        self.streams.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A random `u32` from the resource stream.
    pub fn next_u32(&self) -> u32 {
        self.with_rng(|rng| rng.next_u32())
    }

    /// A random `u64` from the resource stream.
    pub fn next_u64(&self) -> u64 {
        self.with_rng(|rng| rng.next_u64())
    }

    /// `len` random bytes from the resource stream.
    pub fn bytes(&self, len: usize) -> Vec<u8> {
        self.with_rng(|rng| random_bytes(rng, len))
    }

    /// A uniformly chosen number in `0..bound` (`bound` > 0; 0 gives 0).
    pub fn below(&self, bound: u32) -> u32 {
        self.with_rng(|rng| index_below(rng, bound))
    }

    /// Moto's `mock_random.uuid4()`: a version-4 UUID, lowercase and hyphenated.
    pub fn uuid4(&self) -> String {
        self.with_rng(uuid4)
    }

    /// Moto's `get_random_hex(length)`: lowercase hex digits.
    pub fn get_random_hex(&self, len: usize) -> String {
        self.with_rng(|rng| choose_string(rng, HEX_DIGITS, len))
    }

    /// Moto's `get_random_string(length, include_digits, lower_case)`: ASCII letters
    /// (and digits), lowercased when asked.
    pub fn get_random_string(&self, len: usize, include_digits: bool, lower_case: bool) -> String {
        let pool = if include_digits {
            ASCII_LETTERS_AND_DIGITS
        } else {
            ASCII_LETTERS
        };
        let text = self.with_rng(|rng| choose_string(rng, pool, len));
        if lower_case {
            text.to_ascii_lowercase()
        } else {
            text
        }
    }

    /// Python's `secrets.token_urlsafe(nbytes)` as Moto patches it: `nbytes` random bytes,
    /// URL-safe base64 without padding.
    pub fn token_urlsafe(&self, nbytes: usize) -> String {
        URL_SAFE_NO_PAD.encode(self.bytes(nbytes))
    }

    /// An EC2 resource id: `prefix` + `-` + 17 hex digits (`i-`, `vpc-`, `sg-`, ...).
    pub fn ec2_id(&self, prefix: &str) -> String {
        format!("{prefix}-{}", self.get_random_hex(EC2_ID_HEX_LEN))
    }

    /// An EC2 instance id, `i-` + 17 hex digits.
    pub fn instance_id(&self) -> String {
        self.ec2_id("i")
    }

    /// An EC2 reservation id, `r-` + 17 hex digits.
    pub fn reservation_id(&self) -> String {
        self.ec2_id("r")
    }

    /// A VPC id, `vpc-` + 17 hex digits.
    pub fn vpc_id(&self) -> String {
        self.ec2_id("vpc")
    }

    /// A subnet id, `subnet-` + 17 hex digits.
    pub fn subnet_id(&self) -> String {
        self.ec2_id("subnet")
    }

    /// A security group id, `sg-` + 17 hex digits.
    pub fn security_group_id(&self) -> String {
        self.ec2_id("sg")
    }

    /// An AMI id, `ami-` + 17 hex digits.
    pub fn ami_id(&self) -> String {
        self.ec2_id("ami")
    }

    /// An SQS message id (a UUID, as AWS and Moto use).
    pub fn sqs_message_id(&self) -> String {
        self.uuid4()
    }

    /// An SQS receipt handle: 185 lowercase letters, as Moto makes them.
    pub fn sqs_receipt_handle(&self) -> String {
        self.with_rng(|rng| choose_string(rng, ASCII_LOWERCASE, SQS_RECEIPT_HANDLE_LEN))
    }

    /// An S3 multipart upload id: base64 of 43 random bytes without `=`, `+` and `/`,
    /// as Moto makes them.
    pub fn s3_upload_id(&self) -> String {
        let mut id = STANDARD.encode(self.bytes(S3_UPLOAD_ID_BYTES));
        id.retain(|c| !matches!(c, '=' | '+' | '/'));
        id
    }

    /// An S3 object version id (a UUID, as Moto uses).
    pub fn s3_version_id(&self) -> String {
        self.uuid4()
    }

    /// A temporary access key id, `ASIA` + 16 uppercase letters and digits.
    pub fn temporary_access_key_id(&self) -> String {
        let tail = self.with_rng(|rng| choose_string(rng, UPPERCASE_AND_DIGITS, 16));
        format!("ASIA{tail}")
    }

    /// A secret access key: 40 characters of base64's alphabet.
    pub fn secret_access_key(&self) -> String {
        self.with_rng(|rng| choose_string(rng, SECRET_ALPHABET, 40))
    }

    /// An STS session token: URL-safe base64 of 192 random bytes.
    pub fn session_token(&self) -> String {
        self.token_urlsafe(192)
    }

    /// A request id (a UUID) from the request stream, which never shifts resource ids.
    pub fn request_id(&self) -> String {
        uuid4(&mut self.lock().requests)
    }

    /// An S3-style request id (16 uppercase hex digits) from the request stream.
    pub fn s3_request_id(&self) -> String {
        choose_string(&mut self.lock().requests, HEX_DIGITS, 16).to_ascii_uppercase()
    }
}

/// FNV-1a, 64 bits: a stable hash (std's is keyed per process), for what must be derived
/// the same on every machine and in every release without drawing a random number
/// (default resource ids, default seeds, lock file names).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A generator for a test's own data, seeded from `seed`: the backend's key on a stream of
/// its own, so drawing from it never shifts the backend's ids.
pub fn test_data_rng(seed: u64) -> ChaCha20Rng {
    let mut rng = ChaCha20Rng::from_seed(expand_seed(seed));
    rng.set_stream(TEST_DATA_STREAM);
    rng
}

/// Expands a `u64` seed into a ChaCha20 key with SplitMix64, spelled out here so the key
/// for a seed never depends on another crate's choice of expansion.
fn expand_seed(seed: u64) -> [u8; 32] {
    let mut state = seed;
    let mut key = [0u8; 32];
    for word in key.chunks_exact_mut(8) {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        word.copy_from_slice(&z.to_le_bytes());
    }
    key
}

/// A key from the operating system; should that ever fail, the clock and the address of
/// a stack value still make unseeded sources differ (they are never promised to be secret).
fn os_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    if getrandom::fill(&mut key).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos() as u64)
            .unwrap_or_default();
        let address = std::ptr::addr_of!(key) as u64;
        key = expand_seed(nanos ^ address.rotate_left(32));
    }
    key
}

fn random_bytes(rng: &mut ChaCha20Rng, len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// An unbiased number in `0..bound` (Lemire's multiply-and-reject).
fn index_below(rng: &mut ChaCha20Rng, bound: u32) -> u32 {
    if bound == 0 {
        return 0;
    }
    // Low products under this threshold would over-represent some results.
    let threshold = bound.wrapping_neg() % bound;
    loop {
        let product = u64::from(rng.next_u32()) * u64::from(bound);
        if (product as u32) >= threshold {
            return (product >> 32) as u32;
        }
    }
}

fn choose_string(rng: &mut ChaCha20Rng, alphabet: &[u8], len: usize) -> String {
    let bound = alphabet.len() as u32;
    (0..len)
        .map(|_| char::from(alphabet[index_below(rng, bound) as usize]))
        .collect()
}

fn uuid4(rng: &mut ChaCha20Rng) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    // Sets the version (4) and RFC 4122 variant bits; every request draws one, so the
    // formatting stays off the allocator but for the one string.
    let mut text = uuid::Uuid::encode_buffer();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut text)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_hash_is_fnv1a() {
        // Pinned: default seeds, default ids and lock files depend on it.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn test_data_has_a_stream_of_its_own() {
        let mut first = test_data_rng(42);
        let mut again = test_data_rng(42);
        assert_eq!(first.next_u64(), again.next_u64());
        assert_eq!(test_data_rng(42).next_u64(), 0x0eb8_b421_a987_a395);
        assert_ne!(
            test_data_rng(42).next_u64(),
            MockRandom::seeded(42).next_u64()
        );
    }

    /// The ids a fresh source seeded with 42 gives, in this order. These are a
    /// compatibility promise: fixtures recorded by one release replay with the same ids
    /// in the next. Changing any of them is a breaking change.
    #[test]
    fn golden_values_for_seed_42() {
        let random = MockRandom::seeded(42);
        let drawn = [
            random.instance_id(),
            random.reservation_id(),
            random.vpc_id(),
            random.subnet_id(),
            random.security_group_id(),
            random.ami_id(),
            random.uuid4(),
            random.get_random_hex(8),
            random.get_random_string(20, true, false),
            random.get_random_string(12, false, true),
            random.token_urlsafe(32),
            random.sqs_message_id(),
            random.s3_upload_id(),
            random.s3_version_id(),
        ];
        let receipt_handle = random.sqs_receipt_handle();
        let requests = [random.request_id(), random.s3_request_id()];
        let golden: [&str; 14] = GOLDEN_SEED_42;
        assert_eq!(drawn, golden.map(String::from));
        assert_eq!(receipt_handle, GOLDEN_RECEIPT_HANDLE_SEED_42);
        assert_eq!(requests, GOLDEN_REQUEST_IDS_SEED_42.map(String::from));
    }

    const GOLDEN_SEED_42: [&str; 14] = [
        "i-e0fea209dfd5ae07c",
        "r-a5cf6f056be383c3e",
        "vpc-f1c05f1c7ef38a2ef",
        "subnet-0b91e12fea8481961",
        "sg-b26ec4cec921f2ae5",
        "ami-38be878bf2cc27e58",
        "8a760945-6955-4a10-913d-5a1d95b5b28f",
        "5b07d123",
        "MzKbGtMLq0HGjKsGElwN",
        "tiwqliajwoqq",
        "NSHSqFtv6Q1EYDVvqxGOmiTEYX4PwkDnvVK7Z-Vq0mA",
        "f4c247f1-39fe-4df5-ac6f-e2e21f751988",
        "DHXBe8dNLkGjQyuqGmMAMFLJHdIzrhumMKMCkPRS3ohG61tnOv6DDTQig",
        "1753db86-0462-46ba-a4be-51d795d5a110",
    ];
    const GOLDEN_RECEIPT_HANDLE_SEED_42: &str = "zosggcpmdssyxefthcewaqvyyeuxggvjxyflicbtkjrbdrrduozrnisteqibpljbiylucnlynnorzwiwuigehiomanruchhisbdgoimshywhhgepxwwmtzpfnkdvtoriucoluxcjmggvwompvpyyxpzynpeelqkkpwzpssraainknekmtdfqaoyew";
    const GOLDEN_REQUEST_IDS_SEED_42: [&str; 2] =
        ["dd5cfaa6-a2ba-47de-81f5-43bbb8c5ae5e", "6E858DA3614D231D"];

    #[test]
    fn reseeding_restarts_both_streams() {
        let random = MockRandom::seeded(7);
        let first = (random.instance_id(), random.request_id());
        random.get_random_hex(100);
        random.seed(7);
        assert_eq!((random.instance_id(), random.request_id()), first);
        assert_eq!(random.current_seed(), Some(7));
    }

    #[test]
    fn request_ids_never_shift_resource_ids() {
        let quiet = MockRandom::seeded(42);
        let busy = MockRandom::seeded(42);
        let expected: Vec<String> = (0..5).map(|_| quiet.instance_id()).collect();
        let actual: Vec<String> = (0..5)
            .map(|_| {
                for _ in 0..3 {
                    busy.request_id();
                    busy.s3_request_id();
                }
                busy.instance_id()
            })
            .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn clones_share_the_streams() {
        let random = MockRandom::seeded(42);
        let handle = random.clone();
        assert_eq!(handle.instance_id(), "i-e0fea209dfd5ae07c");
        assert_ne!(
            random.instance_id(),
            "i-e0fea209dfd5ae07c",
            "the clone drew it"
        );
        handle.seed(42);
        assert_eq!(random.instance_id(), "i-e0fea209dfd5ae07c");
    }

    #[test]
    fn different_seeds_give_different_ids() {
        assert_ne!(
            MockRandom::seeded(1).instance_id(),
            MockRandom::seeded(2).instance_id()
        );
    }

    #[test]
    fn unseeded_sources_differ_and_report_no_seed() {
        let (a, b) = (MockRandom::from_os(), MockRandom::default());
        assert_eq!(a.current_seed(), None);
        assert_ne!(a.uuid4(), b.uuid4());
        let seeded = MockRandom::seeded(3);
        seeded.unseed();
        assert_eq!(seeded.current_seed(), None);
    }

    #[test]
    fn shapes_match_aws_and_moto() {
        let random = MockRandom::seeded(9);
        for (id, prefix) in [
            (random.instance_id(), "i-"),
            (random.vpc_id(), "vpc-"),
            (random.subnet_id(), "subnet-"),
            (random.security_group_id(), "sg-"),
            (random.ami_id(), "ami-"),
            (random.reservation_id(), "r-"),
        ] {
            let hex = id.strip_prefix(prefix).unwrap();
            assert_eq!(hex.len(), 17, "{id}");
            assert!(hex.bytes().all(|b| HEX_DIGITS.contains(&b)), "{id}");
        }
        let uuid = random.uuid4();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "{uuid}");
        let handle = random.sqs_receipt_handle();
        assert_eq!(handle.len(), 185);
        assert!(handle.bytes().all(|b| b.is_ascii_lowercase()));
        let upload = random.s3_upload_id();
        assert!(
            upload.chars().all(|c| c.is_ascii_alphanumeric()),
            "{upload}"
        );
        assert!(upload.len() > 50);
        assert_eq!(random.token_urlsafe(32).len(), 43);
        let lower = random.get_random_string(200, false, true);
        assert!(lower.bytes().all(|b| b.is_ascii_lowercase()));
        let access_key = random.temporary_access_key_id();
        assert_eq!(access_key.len(), 20);
        assert!(access_key.starts_with("ASIA"));
        assert!(
            access_key
                .bytes()
                .all(|b| UPPERCASE_AND_DIGITS.contains(&b))
        );
        let secret = random.secret_access_key();
        assert_eq!(secret.len(), 40);
        assert!(secret.bytes().all(|b| SECRET_ALPHABET.contains(&b)));
        assert_eq!(random.session_token().len(), 256);
        let request_id = random.s3_request_id();
        assert_eq!(request_id.len(), 16);
        assert!(
            request_id
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        );
    }

    #[test]
    fn choice_is_unbiased_and_covers_the_alphabet() {
        let random = MockRandom::seeded(5);
        let mut counts = [0u32; 62];
        for _ in 0..62_000 {
            counts[random.below(62) as usize] += 1;
        }
        // Each bucket expects 1000; 5 standard deviations is about 157.
        assert!(
            counts.iter().all(|&n| (843..=1157).contains(&n)),
            "{counts:?}"
        );
        assert_eq!(random.below(0), 0);
        assert_eq!(random.below(1), 0);
    }

    #[test]
    fn safe_to_share_between_threads() {
        let random = std::sync::Arc::new(MockRandom::seeded(11));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let random = random.clone();
                std::thread::spawn(move || (0..100).map(|_| random.uuid4()).collect::<Vec<_>>())
            })
            .collect();
        let mut all: Vec<String> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 400);
    }
}
