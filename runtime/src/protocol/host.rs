//! Host names: S3 virtual-hosted buckets and ports.

/// The bucket of an S3 virtual-hosted request, such as `photos` in
/// `photos.s3.amazonaws.com`, `photos.s3.eu-west-1.amazonaws.com`,
/// `photos.s3-eu-west-1.amazonaws.com` or `photos.localhost` (a port is ignored).
pub fn virtual_host_bucket(host: &str) -> Option<&str> {
    let host = strip_port(host);
    if let Some(bucket) = host.strip_suffix(".localhost") {
        return (!bucket.is_empty()).then_some(bucket);
    }
    let domain = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))?;
    // The service part is `s3` or `s3-<region>`, then region-like labels; the first
    // split that leaves such a tail is the end of the bucket name.
    let mut start = 0;
    while let Some(dot) = domain[start..].find('.') {
        let split = start + dot;
        if is_s3_service_part(&domain[split + 1..]) && split > 0 {
            return Some(&domain[..split]);
        }
        start = split + 1;
    }
    None
}

fn is_s3_service_part(tail: &str) -> bool {
    let mut labels = tail.split('.');
    let first = labels.next().unwrap_or_default();
    let first_is_s3 = first == "s3" || first.starts_with("s3-");
    first_is_s3 && labels.all(|label| !label.is_empty() && label != "s3")
}

/// A host without its `:port` (IPv6 literals keep their brackets; a bare IPv6 address,
/// which has more than one colon and no port, is kept whole).
pub fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, _)) if !name.contains(':') => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_virtual_hosted_buckets() {
        for (host, bucket) in [
            ("photos.s3.amazonaws.com", "photos"),
            ("photos.s3.eu-west-1.amazonaws.com", "photos"),
            ("photos.s3-eu-west-1.amazonaws.com", "photos"),
            ("photos.s3.dualstack.us-east-1.amazonaws.com", "photos"),
            ("my.dotted.bucket.s3.amazonaws.com", "my.dotted.bucket"),
            ("a.s3.b.s3.amazonaws.com", "a.s3.b"),
            ("photos.localhost:5000", "photos"),
            ("photos.localhost", "photos"),
            ("photos.s3.cn-north-1.amazonaws.com.cn", "photos"),
        ] {
            assert_eq!(virtual_host_bucket(host), Some(bucket), "{host}");
        }
    }

    #[test]
    fn path_style_and_other_hosts_have_no_bucket() {
        for host in [
            "s3.amazonaws.com",
            "s3.us-east-1.amazonaws.com",
            "localhost:5000",
            "127.0.0.1:5000",
            "dynamodb.us-east-1.amazonaws.com",
            "sqs.us-east-1.amazonaws.com",
            ".localhost",
        ] {
            assert_eq!(virtual_host_bucket(host), None, "{host}");
        }
    }

    #[test]
    fn strips_ports() {
        assert_eq!(strip_port("localhost:5000"), "localhost");
        assert_eq!(strip_port("localhost"), "localhost");
        assert_eq!(strip_port("[::1]:5000"), "[::1]");
        assert_eq!(strip_port("::1"), "::1");
    }
}
