//! Digests of object bodies: ETags (MD5), `Content-MD5` and the `x-amz-checksum-*`
//! algorithms.

use std::collections::BTreeMap;

use md5::{Digest as _, Md5};

/// The `x-amz-checksum-*` algorithms, by the name S3 gives them.
pub(super) const CHECKSUM_ALGORITHMS: [&str; 5] =
    ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

/// The MD5 of `bytes`, lowercase hex.
pub(super) fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The MD5 of `bytes`, base64 (the form of `Content-MD5`).
pub(super) fn md5_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(Md5::digest(bytes))
}

/// The ETag of a completed multipart upload: the MD5 of the parts' MD5s, then `-N`.
pub(super) fn multipart_etag(part_etags: &[&str]) -> String {
    let mut digests = Vec::with_capacity(part_etags.len() * 16);
    for etag in part_etags {
        for index in (0..etag.len()).step_by(2) {
            if let Some(byte) = etag
                .get(index..index + 2)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                digests.push(byte);
            }
        }
    }
    format!("{}-{}", md5_hex(&digests), part_etags.len())
}

/// The base64 digests of `body` for each of `algorithms` S3 knows, by algorithm name.
pub(super) fn checksums_of<'a>(
    body: &[u8],
    algorithms: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<String, String> {
    use s3s::crypto::{Checksum as _, Crc32, Crc32c, Crc64Nvme, Sha1, Sha256};
    let mut hasher = s3s::checksum::ChecksumHasher::default();
    for algorithm in algorithms {
        match algorithm {
            "CRC32" => hasher.crc32 = Some(Crc32::new()),
            "CRC32C" => hasher.crc32c = Some(Crc32c::new()),
            "CRC64NVME" => hasher.crc64nvme = Some(Crc64Nvme::new()),
            "SHA1" => hasher.sha1 = Some(Sha1::new()),
            "SHA256" => hasher.sha256 = Some(Sha256::new()),
            _ => {}
        }
    }
    hasher.update(body);
    let computed = hasher.finalize();
    [
        ("CRC32", computed.checksum_crc32),
        ("CRC32C", computed.checksum_crc32c),
        ("CRC64NVME", computed.checksum_crc64nvme),
        ("SHA1", computed.checksum_sha1),
        ("SHA256", computed.checksum_sha256),
    ]
    .into_iter()
    .filter_map(|(algorithm, digest)| Some((algorithm.to_owned(), digest?)))
    .collect()
}

/// The algorithms of `given` (name -> base64 digest) whose digest of `body` differs.
pub(super) fn mismatched_checksums<'a>(
    body: &[u8],
    given: &'a BTreeMap<String, String>,
) -> Vec<&'a str> {
    let computed = checksums_of(body, given.keys().map(String::as_str));
    given
        .iter()
        .filter(|(algorithm, digest)| computed.get(*algorithm) != Some(*digest))
        .map(|(algorithm, _)| algorithm.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_etags_are_the_md5_of_the_part_md5s() {
        // Two parts "a" and "b": md5(md5("a") ++ md5("b")) + "-2".
        let etag = multipart_etag(&[&md5_hex(b"a"), &md5_hex(b"b")]);
        let mut joined = Vec::new();
        joined.extend_from_slice(&Md5::digest(b"a"));
        joined.extend_from_slice(&Md5::digest(b"b"));
        assert_eq!(etag, format!("{}-2", md5_hex(&joined)));
    }

    #[test]
    fn checksums_are_verified_per_algorithm() {
        let mut given = BTreeMap::new();
        given.insert("CRC32".to_owned(), "DUoRhQ==".to_owned());
        given.insert(
            "SHA256".to_owned(),
            "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=".to_owned(),
        );
        assert!(mismatched_checksums(b"hello world", &given).is_empty());
        given.insert("CRC32C".to_owned(), "AAAAAA==".to_owned());
        assert_eq!(mismatched_checksums(b"hello world", &given), ["CRC32C"]);
    }

    #[test]
    fn checksums_are_computed_for_the_algorithms_asked() {
        let computed = checksums_of(b"hello world", ["CRC32", "UNKNOWN"]);
        assert_eq!(computed.len(), 1);
        assert_eq!(computed["CRC32"], "DUoRhQ==");
    }

    #[test]
    fn etags_are_md5() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_base64(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    }
}
