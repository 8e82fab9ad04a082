//! aws-chunked bodies: what the AWS SDKs send for streaming uploads.
//!
//! ```text
//! <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n
//! <trailer>:<value>\r\n ... \r\n
//! ```
//! Decoding gives the payload and the trailers (such as `x-amz-checksum-crc32`).

/// What precedes each signature in an aws-chunked body: chunk signatures in the chunk
/// headers, the trailer signature among the trailers.
const SIGNATURE_MARKERS: [&[u8]; 2] = [b"chunk-signature=", b"x-amz-trailer-signature:"];

/// Where the hex digits of every chunk and trailer signature are in `body`, whether or
/// not the body decodes (a body cut short still carries the signatures it got to).
pub fn signature_ranges(body: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    for marker in SIGNATURE_MARKERS {
        for found in memchr::memmem::find_iter(body, marker) {
            let start = found + marker.len();
            let digits = body[start..]
                .iter()
                .take_while(|byte| byte.is_ascii_hexdigit())
                .count();
            ranges.push(start..start + digits);
        }
    }
    ranges
}

/// A decoded aws-chunked body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The payload, chunks joined.
    pub payload: Vec<u8>,
    /// The trailing headers, names lowercased, in order.
    pub trailers: Vec<(String, String)>,
}

/// Why a body is not valid aws-chunked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkedError {
    /// A chunk header that is not a hex size.
    #[error("chunk header at byte {offset} is not a hexadecimal size")]
    BadSize {
        /// Byte offset of the header.
        offset: usize,
    },
    /// The body ends before a chunk or its line ending.
    #[error("the body ends inside the chunk that starts at byte {offset}")]
    Truncated {
        /// Byte offset of the chunk header.
        offset: usize,
    },
    /// A chunk's data is not followed by `\r\n`.
    #[error("chunk data at byte {offset} is not followed by CRLF")]
    MissingCrlf {
        /// Byte offset of the chunk header.
        offset: usize,
    },
    /// A trailer line without a `:`.
    #[error("trailer line at byte {offset} is not `name:value`")]
    BadTrailer {
        /// Byte offset of the line.
        offset: usize,
    },
}

/// Whether headers mark a body as aws-chunked: `Content-Encoding` lists `aws-chunked`, or
/// `x-amz-content-sha256` is a `STREAMING-*` value.
pub fn is_aws_chunked(content_encoding: Option<&str>, content_sha256: Option<&str>) -> bool {
    let listed = content_encoding.is_some_and(|value| {
        value
            .split(',')
            .any(|coding| coding.trim().eq_ignore_ascii_case("aws-chunked"))
    });
    listed || content_sha256.is_some_and(|value| value.starts_with("STREAMING-"))
}

/// `Content-Encoding` without its `aws-chunked` coding; `None` if nothing else is left.
pub fn remaining_content_encoding(content_encoding: &str) -> Option<String> {
    let rest: Vec<&str> = content_encoding
        .split(',')
        .map(str::trim)
        .filter(|coding| !coding.is_empty() && !coding.eq_ignore_ascii_case("aws-chunked"))
        .collect();
    (!rest.is_empty()).then(|| rest.join(", "))
}

/// How the headers of an aws-chunked request change once its body is decoded: these
/// headers go, `x-amz-content-sha256` becomes `UNSIGNED-PAYLOAD`, a remaining
/// `Content-Encoding` stays, and the trailers (less their signature) become headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainHeaders {
    /// Header names (lowercase) to remove.
    pub remove: [&'static str; 3],
    /// Headers (lowercase names) to set, replacing any present.
    pub set: Vec<(String, String)>,
}

/// The header changes for a decoded request whose `Content-Encoding` was
/// `content_encoding` and whose trailers were `trailers`.
pub fn plain_headers(
    content_encoding: Option<&str>,
    trailers: Vec<(String, String)>,
) -> PlainHeaders {
    let mut set = vec![(
        "x-amz-content-sha256".to_owned(),
        "UNSIGNED-PAYLOAD".to_owned(),
    )];
    if let Some(rest) = content_encoding.and_then(remaining_content_encoding) {
        set.push(("content-encoding".to_owned(), rest));
    }
    set.extend(
        trailers
            .into_iter()
            .filter(|(name, _)| name != "x-amz-trailer-signature"),
    );
    PlainHeaders {
        remove: [
            "content-encoding",
            "x-amz-decoded-content-length",
            "x-amz-trailer",
        ],
        set,
    }
}

/// Decodes an aws-chunked body.
pub fn decode(body: &[u8]) -> Result<Decoded, ChunkedError> {
    let mut payload = Vec::with_capacity(body.len());
    let mut position = 0;
    loop {
        let offset = position;
        let (line, next) = read_line(body, position).ok_or(ChunkedError::Truncated { offset })?;
        let size_text = line.split(|&b| b == b';').next().unwrap_or_default();
        let size = std::str::from_utf8(size_text)
            .ok()
            .and_then(|text| usize::from_str_radix(text.trim(), 16).ok())
            .ok_or(ChunkedError::BadSize { offset })?;
        position = next;
        if size == 0 {
            break;
        }
        let end = position
            .checked_add(size)
            .filter(|&end| end <= body.len())
            .ok_or(ChunkedError::Truncated { offset })?;
        payload.extend_from_slice(&body[position..end]);
        match body.get(end..end + 2) {
            Some(b"\r\n") => position = end + 2,
            Some(_) => return Err(ChunkedError::MissingCrlf { offset }),
            None => return Err(ChunkedError::Truncated { offset }),
        }
    }
    let mut trailers = Vec::new();
    while position < body.len() {
        let offset = position;
        // A last trailer may lack its CRLF.
        let (line, next) = read_line(body, position).unwrap_or((&body[position..], body.len()));
        position = next;
        if line.is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(line);
        let (name, value) = text
            .split_once(':')
            .ok_or(ChunkedError::BadTrailer { offset })?;
        trailers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    Ok(Decoded { payload, trailers })
}

/// The line starting at `start` (without CRLF) and the position after it.
fn read_line(body: &[u8], start: usize) -> Option<(&[u8], usize)> {
    let rest = body.get(start..)?;
    let end = rest.windows(2).position(|pair| pair == b"\r\n")?;
    Some((&rest[..end], start + end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_signature_even_in_a_body_cut_short() {
        let body = b"5;chunk-signature=ab12\r\nhello\r\n0;chunk-signature=cd\r\n\
x-amz-trailer-signature:ef9\r\n";
        let signatures: Vec<&[u8]> = signature_ranges(body)
            .into_iter()
            .map(|range| &body[range])
            .collect();
        assert_eq!(signatures, [&b"ab12"[..], b"cd", b"ef9"]);
        let cut = b"5;chunk-signature=ab12\r\nhel";
        assert_eq!(
            signature_ranges(cut),
            vec![std::ops::Range { start: 18, end: 22 }]
        );
    }

    /// A body shaped like aws-sdk-s3's signed streaming upload with a CRC32 trailer.
    const SIGNED: &[u8] =
        b"5;chunk-signature=aaaa\r\nhello\r\n6;chunk-signature=bbbb\r\n world\r\n\
0;chunk-signature=cccc\r\nx-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:dddd\r\n\r\n";

    #[test]
    fn decodes_signed_chunks_with_trailers() {
        let decoded = decode(SIGNED).unwrap();
        assert_eq!(decoded.payload, b"hello world");
        assert_eq!(
            decoded.trailers,
            vec![
                ("x-amz-checksum-crc32".into(), "DUoRhQ==".into()),
                ("x-amz-trailer-signature".into(), "dddd".into())
            ]
        );
    }

    #[test]
    fn decodes_unsigned_chunks_and_binary_data() {
        let mut body = b"3\r\n".to_vec();
        body.extend_from_slice(&[0, 255, 13]);
        body.extend_from_slice(b"\r\n0\r\n\r\n");
        let decoded = decode(&body).unwrap();
        assert_eq!(decoded.payload, vec![0, 255, 13]);
        assert!(decoded.trailers.is_empty());
        assert_eq!(decode(b"0\r\n").unwrap().payload, b"");
    }

    #[test]
    fn reports_broken_bodies() {
        assert_eq!(
            decode(b"zz\r\nabc"),
            Err(ChunkedError::BadSize { offset: 0 })
        );
        assert_eq!(
            decode(b"5\r\nabc"),
            Err(ChunkedError::Truncated { offset: 0 })
        );
        assert_eq!(
            decode(b"3\r\nabcXX0\r\n"),
            Err(ChunkedError::MissingCrlf { offset: 0 })
        );
        assert_eq!(
            decode(b"3\r\nabc\r\n"),
            Err(ChunkedError::Truncated { offset: 8 })
        );
        assert_eq!(
            decode(b"0\r\nnot a trailer\r\n\r\n"),
            Err(ChunkedError::BadTrailer { offset: 3 })
        );
        assert_eq!(
            decode(b"ffffffffffffffffff\r\n"),
            Err(ChunkedError::BadSize { offset: 0 })
        );
    }

    #[test]
    fn decoded_requests_lose_their_chunking_headers() {
        let plain = plain_headers(
            Some("gzip, aws-chunked"),
            vec![
                ("x-amz-checksum-crc32".into(), "DUoRhQ==".into()),
                ("x-amz-trailer-signature".into(), "dddd".into()),
            ],
        );
        assert_eq!(
            plain.remove,
            [
                "content-encoding",
                "x-amz-decoded-content-length",
                "x-amz-trailer"
            ]
        );
        assert_eq!(
            plain.set,
            vec![
                ("x-amz-content-sha256".into(), "UNSIGNED-PAYLOAD".into()),
                ("content-encoding".into(), "gzip".into()),
                ("x-amz-checksum-crc32".into(), "DUoRhQ==".into()),
            ]
        );
    }

    #[test]
    fn detects_chunked_requests() {
        assert!(is_aws_chunked(Some("aws-chunked"), None));
        assert!(is_aws_chunked(Some("gzip, aws-chunked"), None));
        assert!(is_aws_chunked(
            None,
            Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        ));
        assert!(!is_aws_chunked(Some("gzip"), Some("UNSIGNED-PAYLOAD")));
        assert_eq!(
            remaining_content_encoding("gzip, aws-chunked").as_deref(),
            Some("gzip")
        );
        assert_eq!(remaining_content_encoding("aws-chunked"), None);
    }
}
