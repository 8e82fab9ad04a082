//! Keeps web pages away from the control plane.
//!
//! A page open in the developer's browser can send requests to a loopback server: a plain
//! form can POST `/moto-api/reset`, an image can GET `/moto-api/recorder/reset-recording`,
//! and a DNS name the page's site controls can be pointed at 127.0.0.1 (DNS rebinding) so
//! the browser treats the server as the page's own site and lets it read the answers.
//! SDKs, curl, boto3 and Moto's snippets send neither `Origin` nor `Sec-Fetch-Site` and
//! use the address they were given, so refusing what only a browser sends for another
//! site, and any `Host` that is not a name of this server, costs them nothing.

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;

use crate::protocol::host;

/// Why a control-plane request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum Refusal {
    /// `Host` names something other than this server.
    #[error(
        "the control plane refused this request: its Host header ({host}) is not a name of \
         this server, so it may come from a web page that points its own DNS name at this \
         address (DNS rebinding). Only loopback names (localhost, *.localhost), loopback \
         addresses, the address the server listens on and the names it was started with are \
         accepted: use http://{address}, or start the server under that name \
         (ServerOptions::host_names)"
    )]
    Host {
        /// The header's value.
        host: String,
        /// Where the server listens.
        address: SocketAddr,
    },
    /// `Origin` is another site than this server (or `null`).
    #[error(
        "the control plane refused this request: its Origin header ({origin}) is not this \
         server ({own}), so a web page of another site sent it. Send control-plane requests \
         from a test, an SDK, curl or a script, which send no Origin header"
    )]
    Origin {
        /// The header's value.
        origin: String,
        /// This server's origin as the request addressed it (`http://` and its Host).
        own: String,
    },
    /// `Sec-Fetch-Site` says a page of another origin sent it.
    #[error(
        "the control plane refused this request: its Sec-Fetch-Site header is {value}, so a \
         web page of another origin sent it. Send control-plane requests from a test, an \
         SDK, curl or a script, which send no Sec-Fetch-Site header"
    )]
    FetchSite {
        /// The header's value.
        value: String,
    },
}

/// The names a server answers its control plane under.
#[derive(Debug, Clone)]
pub(super) struct Guard {
    address: SocketAddr,
    host_names: Vec<String>,
}

impl Guard {
    /// A guard for a server listening on `address` and also known as `host_names`.
    pub(super) fn new(address: SocketAddr, host_names: &[String]) -> Guard {
        Guard {
            address,
            host_names: host_names
                .iter()
                .map(|name| name.trim_end_matches('.').to_ascii_lowercase())
                .collect(),
        }
    }

    /// Refuses a control-plane request a web page of another site could have sent.
    pub(super) fn check(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let text = |name: &str| {
            headers
                .get(name)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).trim().to_owned())
        };
        let host = text("host");
        // HTTP/1.0 clients may send no Host; browsers always send one.
        if let Some(host) = &host
            && !self.accepts_host(host)
        {
            return Err(Refusal::Host {
                host: host.clone(),
                address: self.address,
            });
        }
        if let Some(value) = text("sec-fetch-site") {
            // `same-origin` is this server's own page, `none` the user typing the url.
            if !value.eq_ignore_ascii_case("same-origin") && !value.eq_ignore_ascii_case("none") {
                return Err(Refusal::FetchSite { value });
            }
        }
        if let Some(origin) = text("origin") {
            let own = host.as_deref().unwrap_or_default();
            let same = origin.split_once("://").is_some_and(|(scheme, authority)| {
                (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
                    && !own.is_empty()
                    && authority.eq_ignore_ascii_case(own)
            });
            if !same {
                return Err(Refusal::Origin {
                    origin,
                    own: format!("http://{own}"),
                });
            }
        }
        Ok(())
    }

    /// Whether `host` (a Host header, with or without port) names this server.
    fn accepts_host(&self, host: &str) -> bool {
        let name = host::strip_port(host)
            .trim_start_matches('[')
            .trim_end_matches(['.', ']'])
            .to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        if self.host_names.contains(&name) {
            return true;
        }
        // An address cannot be rebound: a page using it is of that address's own site,
        // which the Origin checks cover.
        match name.parse::<IpAddr>() {
            Ok(ip) => {
                ip.is_loopback()
                    || ip == self.address.ip()
                    || ip.to_canonical() == self.address.ip().to_canonical()
                    // Listening on every interface: each of its addresses is the server's.
                    || self.address.ip().is_unspecified()
            }
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    fn loopback() -> Guard {
        Guard::new(SocketAddr::from(([127, 0, 0, 1], 5000)), &[])
    }

    #[test]
    fn loopback_names_and_addresses_are_accepted() {
        let guard = loopback();
        for host in [
            "localhost",
            "localhost:5000",
            "LOCALHOST.:5000",
            "api.localhost:5000",
            "127.0.0.1:5000",
            "127.0.0.2",
            "[::1]:5000",
            "::1",
        ] {
            assert_eq!(guard.check(&headers(&[("host", host)])), Ok(()), "{host}");
        }
        assert_eq!(guard.check(&HeaderMap::new()), Ok(()), "no Host at all");
    }

    #[test]
    fn other_names_are_refused_naming_the_header() {
        let guard = loopback();
        for host in [
            "evil.example:5000",
            "localhost.evil.example",
            "192.168.1.5:5000",
        ] {
            let refusal = guard.check(&headers(&[("host", host)])).unwrap_err();
            assert!(
                refusal
                    .to_string()
                    .contains(&format!("its Host header ({host})")),
                "{refusal}"
            );
        }
        let named = Guard::new(
            SocketAddr::from(([10, 0, 0, 7], 5000)),
            &["Moto.Internal".to_owned()],
        );
        assert_eq!(
            named.check(&headers(&[("host", "moto.internal:5000")])),
            Ok(())
        );
        assert_eq!(named.check(&headers(&[("host", "10.0.0.7:5000")])), Ok(()));
        assert!(named.check(&headers(&[("host", "10.0.0.8:5000")])).is_err());
        let everywhere = Guard::new(SocketAddr::from(([0, 0, 0, 0], 5000)), &[]);
        assert_eq!(
            everywhere.check(&headers(&[("host", "10.0.0.8:5000")])),
            Ok(())
        );
        assert!(
            everywhere
                .check(&headers(&[("host", "moto:5000")]))
                .is_err()
        );
    }

    #[test]
    fn browser_requests_from_other_sites_are_refused() {
        let guard = loopback();
        let host = ("host", "127.0.0.1:5000");
        for origin in [
            "http://evil.example",
            "null",
            "http://127.0.0.1:3000",
            "http://localhost:5000",
            "file://",
        ] {
            let refusal = guard
                .check(&headers(&[host, ("origin", origin)]))
                .unwrap_err();
            assert!(
                refusal
                    .to_string()
                    .contains(&format!("its Origin header ({origin})")),
                "{refusal}"
            );
        }
        assert_eq!(
            guard.check(&headers(&[host, ("origin", "http://127.0.0.1:5000")])),
            Ok(())
        );
        for site in ["cross-site", "same-site"] {
            let refusal = guard
                .check(&headers(&[host, ("sec-fetch-site", site)]))
                .unwrap_err();
            assert_eq!(
                refusal,
                Refusal::FetchSite {
                    value: site.to_owned()
                }
            );
        }
        for site in ["same-origin", "none"] {
            assert_eq!(
                guard.check(&headers(&[host, ("sec-fetch-site", site)])),
                Ok(())
            );
        }
    }
}
