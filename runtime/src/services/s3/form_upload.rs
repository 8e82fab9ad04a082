//! Uploads sent as a `multipart/form-data` body to a PUT: Python's `requests` sends one for
//! `requests.put(presigned_url, files=...)`, and Moto stores the file part as the object
//! (the last part with a file name), not the form around it. A real S3 stores the body as
//! sent; moto-recorded follows Moto here so that such tests pass on both.

use bytes::Bytes;

/// How many headers a form part may have.
const MAX_PART_HEADERS: usize = 16;

/// The boundary a `multipart/form-data` content type names.
fn boundary(content_type: &str) -> Option<&str> {
    let mut params = content_type.split(';');
    let mime = params.next()?.trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"'))
            .filter(|boundary| !boundary.is_empty())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Whether a part's Content-Disposition gives a file name (`filename=` or `filename*=`).
fn is_file(headers: &[httparse::Header<'_>]) -> bool {
    headers
        .iter()
        .filter(|header| header.name.eq_ignore_ascii_case("content-disposition"))
        .filter_map(|header| std::str::from_utf8(header.value).ok())
        .flat_map(|value| value.split(';').skip(1))
        .filter_map(|param| param.split_once('=').map(|(name, _)| name.trim()))
        .any(|name| name.eq_ignore_ascii_case("filename") || name.eq_ignore_ascii_case("filename*"))
}

/// The content of the last file part of `body`, a `multipart/form-data` body of type
/// `content_type`; `None` when the type is another, the body is not such a form, or it has
/// no file part (the body is then stored as sent).
pub(super) fn file_part(content_type: &str, body: &Bytes) -> Option<Bytes> {
    let delimiter = format!("--{}", boundary(content_type)?);
    let delimiter = delimiter.as_bytes();
    let mut position = find(body, delimiter)? + delimiter.len();
    let mut file = None;
    loop {
        let rest = body.get(position..)?;
        if rest.starts_with(b"--") {
            return file;
        }
        let rest = rest.strip_prefix(b"\r\n")?;
        let start = body.len() - rest.len();
        let mut headers = [httparse::EMPTY_HEADER; MAX_PART_HEADERS];
        let httparse::Status::Complete((header_len, headers)) =
            httparse::parse_headers(rest, &mut headers).ok()?
        else {
            return None;
        };
        let content = rest.get(header_len..)?;
        let mut end_marker = b"\r\n".to_vec();
        end_marker.extend_from_slice(delimiter);
        let length = find(content, &end_marker)?;
        if is_file(headers) {
            let from = start + header_len;
            file = Some(body.slice(from..from + length));
        }
        position = start + header_len + length + end_marker.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE: &str = "multipart/form-data; boundary=b0und";

    fn form(parts: &[(&str, &[u8])]) -> Bytes {
        let mut body = Vec::new();
        for (disposition, content) in parts {
            body.extend_from_slice(b"--b0und\r\nContent-Disposition: form-data; ");
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--b0und--\r\n");
        Bytes::from(body)
    }

    #[test]
    fn the_last_file_part_is_the_upload() {
        let body = form(&[
            ("name=\"note\"", b"not the file"),
            ("name=\"upload\"; filename=\"a.bin\"", b"first\r\n\x00\xff"),
            ("name=\"other\"; filename=\"b.txt\"", b"second file"),
        ]);
        assert_eq!(file_part(TYPE, &body).unwrap(), &b"second file"[..]);
        let one = form(&[("name=\"upload\"; filename=\"a.bin\"", b"line\r\n--b0un")]);
        assert_eq!(file_part(TYPE, &one).unwrap(), &b"line\r\n--b0un"[..]);
    }

    #[test]
    fn quoted_boundaries_and_empty_files_are_read() {
        let body = form(&[("name=\"file\"; filename=\"empty\"", b"")]);
        let quoted = "Multipart/Form-Data; charset=utf-8; boundary=\"b0und\"";
        assert_eq!(file_part(quoted, &body).unwrap(), &b""[..]);
    }

    #[test]
    fn anything_else_is_stored_as_sent() {
        let fields = form(&[("name=\"note\"", b"text")]);
        assert_eq!(file_part(TYPE, &fields), None);
        let body = form(&[("name=\"f\"; filename=\"x\"", b"data")]);
        assert_eq!(file_part("application/octet-stream", &body), None);
        assert_eq!(file_part("multipart/form-data", &body), None);
        assert_eq!(
            file_part(TYPE, &Bytes::from_static(b"--b0und\r\nbroken")),
            None
        );
        assert_eq!(file_part(TYPE, &Bytes::from_static(b"plain body")), None);
    }
}
