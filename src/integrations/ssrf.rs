//! The SSRF guard for user-configured URLs (outbound webhooks). A URL is vetted by resolving its
//! host ourselves and refusing any address that is not plainly public; the request then
//! connects only to the vetted address (reqwest's `resolve` override, so a second DNS answer —
//! DNS rebinding — cannot swap it), follows no redirects, has timeouts and reads a capped
//! response.
//!
//! Refused: unspecified, loopback, private (10/8, 172.16/12, 192.168/16), CGNAT (100.64/10),
//! link-local (169.254/16 — including the cloud metadata address 169.254.169.254 — and
//! fe80::/10), multicast, broadcast and reserved ranges, documentation and benchmarking ranges,
//! ULA (fc00::/7), site-local (fec0::/10), and IPv6 forms that embed an IPv4 address
//! (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) judged by that address;
//! and metadata / local host names (`metadata.google.internal`, `*.internal`, `localhost`,
//! `*.local`). `OMNIREACH_WEBHOOKS_ALLOW_PRIVATE=1` lifts the address rules (tests, closed
//! networks); the scheme and redirect rules stay.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsrfError {
    #[error("the URL is not valid: {0}")]
    InvalidUrl(String),
    #[error("only http and https URLs are allowed (got '{0}')")]
    Scheme(String),
    #[error("the host '{0}' is an internal or metadata name and is not allowed")]
    ForbiddenHost(String),
    #[error(
        "the host '{host}' resolves to {address}, a {reason} address; webhooks may only call public addresses"
    )]
    ForbiddenAddress {
        host: String,
        address: IpAddr,
        reason: &'static str,
    },
    #[error("the host '{0}' could not be resolved")]
    Unresolvable(String),
}

/// Why an IPv4 address is not a public destination, or `None` when it is.
pub fn ipv4_refusal(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip == Ipv4Addr::new(169, 254, 169, 254) => "cloud metadata (link-local)",
        (0, _, _) => "unspecified ('this network', 0.0.0.0/8)",
        (10, _, _) => "private (10.0.0.0/8)",
        (100, 64..=127, _) => "carrier-grade NAT (100.64.0.0/10)",
        (127, _, _) => "loopback (127.0.0.0/8)",
        (169, 254, _) => "link-local (169.254.0.0/16)",
        (172, 16..=31, _) => "private (172.16.0.0/12)",
        (192, 0, 0) => "IETF protocol assignment (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation (TEST-NET)",
        (192, 88, 99) => "deprecated 6to4 relay (192.88.99.0/24)",
        (192, 168, _) => "private (192.168.0.0/16)",
        (198, 18..=19, _) => "benchmarking (198.18.0.0/15)",
        (224..=239, _, _) => "multicast (224.0.0.0/4)",
        (240..=255, _, _) => "reserved or broadcast (240.0.0.0/4)",
        _ => return None,
    })
}

/// Why an IPv6 address is not a public destination, or `None` when it is.
pub fn ipv6_refusal(ip: Ipv6Addr) -> Option<&'static str> {
    let segments = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified (::)");
    }
    if ip.is_loopback() {
        return Some("loopback (::1)");
    }
    // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d).
    if let Some(v4) = ip.to_ipv4_mapped() {
        return ipv4_refusal(v4).map(|_| "IPv4-mapped form of a non-public IPv4");
    }
    if segments[..6].iter().all(|s| *s == 0) {
        let v4 = Ipv4Addr::new(
            (segments[6] >> 8) as u8,
            segments[6] as u8,
            (segments[7] >> 8) as u8,
            segments[7] as u8,
        );
        return ipv4_refusal(v4).map(|_| "IPv4-compatible form of a non-public IPv4");
    }
    // NAT64 well-known prefix 64:ff9b::/96 carries an IPv4 address in the last 32 bits.
    if segments[0] == 0x64 && segments[1] == 0xff9b && segments[2..6].iter().all(|s| *s == 0) {
        let v4 = Ipv4Addr::new(
            (segments[6] >> 8) as u8,
            segments[6] as u8,
            (segments[7] >> 8) as u8,
            segments[7] as u8,
        );
        return ipv4_refusal(v4).map(|_| "NAT64 form of a non-public IPv4");
    }
    if segments[0] == 0x64 && segments[1] == 0xff9b && segments[2] == 1 {
        return Some("local-use NAT64 (64:ff9b:1::/48)");
    }
    // 6to4 2002:AABB:CCDD::/48 embeds AA.BB.CC.DD.
    if segments[0] == 0x2002 {
        let v4 = Ipv4Addr::new(
            (segments[1] >> 8) as u8,
            segments[1] as u8,
            (segments[2] >> 8) as u8,
            segments[2] as u8,
        );
        return ipv4_refusal(v4).map(|_| "6to4 form of a non-public IPv4");
    }
    Some(match segments[0] {
        s if s & 0xffc0 == 0xfe80 => "link-local (fe80::/10)",
        s if s & 0xffc0 == 0xfec0 => "site-local (fec0::/10)",
        s if s & 0xfe00 == 0xfc00 => "unique local (fc00::/7)",
        s if s & 0xff00 == 0xff00 => "multicast (ff00::/8)",
        0x2001 if segments[1] == 0x0db8 => "documentation (2001:db8::/32)",
        0x0100 if segments[1..4].iter().all(|s| *s == 0) => "discard-only (100::/64)",
        _ => return None,
    })
}

pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => ipv4_refusal(v4),
        IpAddr::V6(v6) => ipv6_refusal(v6),
    }
}

/// Host names that point inside the deployment whatever they resolve to.
pub fn forbidden_host_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "metadata"
        || host == "metadata.google.internal"
        || host.ends_with(".internal")
        || host.ends_with(".local")
        || host == "instance-data"
        || host.ends_with(".instance-data")
}

/// A URL whose destination passed the guard, with the address to connect to.
#[derive(Debug, Clone)]
pub struct VettedUrl {
    pub url: reqwest::Url,
    pub host: String,
    pub address: SocketAddr,
}

/// Checks the URL's shape only (for validating input without DNS).
pub fn check_url_shape(raw: &str) -> Result<reqwest::Url, SsrfError> {
    let url = reqwest::Url::parse(raw.trim()).map_err(|e| SsrfError::InvalidUrl(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SsrfError::Scheme(url.scheme().to_string()));
    }
    let host = url
        .host_str()
        .ok_or_else(|| SsrfError::InvalidUrl("it has no host".into()))?;
    if forbidden_host_name(host) {
        return Err(SsrfError::ForbiddenHost(host.to_string()));
    }
    Ok(url)
}

/// Resolves the URL's host and vets every address it resolves to (one bad address refuses the
/// whole name: an attacker-controlled zone can list a public and a private one).
pub async fn vet(raw: &str, allow_private: bool) -> Result<VettedUrl, SsrfError> {
    let url = check_url_shape(raw)?;
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url
        .port_or_known_default()
        .ok_or_else(|| SsrfError::InvalidUrl("it has no port".into()))?;
    let literal = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .ok();
    let addresses: Vec<SocketAddr> = match literal {
        Some(ip) => vec![SocketAddr::new(ip, port)],
        None => tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|_| SsrfError::Unresolvable(host.clone()))?
            .collect(),
    };
    check_addresses(&host, &addresses, allow_private)?;
    Ok(VettedUrl {
        address: addresses[0],
        host: host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
        url,
    })
}

/// Vets every address a host resolved to (one bad address refuses the whole name).
pub fn check_addresses(
    host: &str,
    addresses: &[SocketAddr],
    allow_private: bool,
) -> Result<(), SsrfError> {
    if addresses.is_empty() {
        return Err(SsrfError::Unresolvable(host.to_string()));
    }
    if allow_private {
        return Ok(());
    }
    for address in addresses {
        if let Some(reason) = refusal(address.ip()) {
            return Err(SsrfError::ForbiddenAddress {
                host: host.to_string(),
                address: address.ip(),
                reason,
            });
        }
    }
    Ok(())
}

/// A client pinned to the vetted address: no redirects, no proxy, bounded time.
pub fn pinned_client(target: &VettedUrl, timeout: Duration) -> reqwest::Result<reqwest::Client> {
    static TLS_PROVIDER: std::sync::Once = std::sync::Once::new();
    TLS_PROVIDER.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(timeout)
        .timeout(timeout)
        .resolve(&target.host, target.address)
        .user_agent(concat!("omnireach-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Reads at most `limit` bytes of a response body; more is an error (not silently cut).
pub async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > limit {
            return Err(format!("the response is larger than {limit} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> Option<&'static str> {
        ipv4_refusal(s.parse().unwrap())
    }
    fn v6(s: &str) -> Option<&'static str> {
        ipv6_refusal(s.parse().unwrap())
    }

    #[test]
    fn ipv4_classifier() {
        for refused in [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.1",
            "100.127.255.255",
            "127.0.0.1",
            "127.255.0.1",
            "169.254.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.0.1",
            "192.168.255.255",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
        ] {
            assert!(v4(refused).is_some(), "{refused} must be refused");
        }
        for public in [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "93.184.216.34",
        ] {
            assert_eq!(v4(public), None, "{public} is public");
        }
        assert_eq!(v4("169.254.169.254"), Some("cloud metadata (link-local)"));
    }

    #[test]
    fn ipv6_classifier() {
        for refused in [
            "::",
            "::1",
            "fe80::1",
            "febf:ffff::1",
            "fec0::1",
            "fc00::1",
            "fdff:ffff::1",
            "ff02::1",
            "ff05::2",
            "2001:db8::1",
            "100::1",
            // Embedded IPv4 forms of private / loopback / metadata addresses.
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::10.1.2.3",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "2002:a9fe:a9fe::",
        ] {
            assert!(v6(refused).is_some(), "{refused} must be refused");
        }
        for public in [
            "2606:4700:4700::1111",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "fe00::1",
            "fbff::1",
            "2001:db9::1",
        ] {
            assert_eq!(v6(public), None, "{public} is public");
        }
    }

    #[test]
    fn host_names() {
        for refused in [
            "localhost",
            "LOCALHOST.",
            "api.localhost",
            "metadata",
            "metadata.google.internal",
            "metadata.google.internal.",
            "foo.internal",
            "printer.local",
        ] {
            assert!(forbidden_host_name(refused), "{refused}");
        }
        for allowed in [
            "example.com",
            "internal.example.com",
            "localhost.example.com",
        ] {
            assert!(!forbidden_host_name(allowed), "{allowed}");
        }
    }

    #[actix_rt::test]
    async fn vetting_refuses_private_targets_unless_allowed() {
        for (url, expect) in [
            ("http://127.0.0.1:9/hook", "loopback"),
            ("http://10.1.2.3/hook", "private"),
            ("http://169.254.169.254/latest/meta-data/", "metadata"),
            ("http://[::1]:8080/", "loopback"),
            ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
        ] {
            let error = vet(url, false).await.unwrap_err();
            assert!(error.to_string().contains(expect), "{url}: {error}");
        }
        assert!(matches!(
            vet("http://localhost:8080/", false).await,
            Err(SsrfError::ForbiddenHost(_))
        ));
        assert!(matches!(
            vet("http://metadata.google.internal/", true).await,
            Err(SsrfError::ForbiddenHost(_))
        ));
        assert!(matches!(
            vet("ftp://example.com/", false).await,
            Err(SsrfError::Scheme(_))
        ));
        assert!(matches!(
            vet("not a url", false).await,
            Err(SsrfError::InvalidUrl(_))
        ));
        // A name whose DNS answer mixes a public and a loopback address is refused.
        let mixed: Vec<SocketAddr> = vec![
            "93.184.216.34:80".parse().unwrap(),
            "127.0.0.1:80".parse().unwrap(),
        ];
        assert!(matches!(
            check_addresses("rebind.example", &mixed, false),
            Err(SsrfError::ForbiddenAddress { reason, .. }) if reason.contains("loopback")
        ));
        assert!(check_addresses("rebind.example", &mixed[..1], false).is_ok());
        // The machine's own host name resolves to loopback on most systems (/etc/hosts).
        let own = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
        let own = own.trim();
        if let Ok(resolved) = tokio::net::lookup_host((own, 80)).await {
            let resolved: Vec<SocketAddr> = resolved.collect();
            if !own.is_empty() && resolved.iter().any(|a| a.ip().is_loopback()) {
                let error = vet(&format!("http://{own}/"), false).await.unwrap_err();
                assert!(error.to_string().contains("loopback"), "{error}");
            }
        }
        let allowed = vet("http://127.0.0.1:9/hook", true).await.unwrap();
        assert_eq!(allowed.address, "127.0.0.1:9".parse().unwrap());
    }
}
