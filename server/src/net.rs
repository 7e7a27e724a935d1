//! The network edge: who the client is behind trusted proxies, how addresses
//! are grouped for limits, and a listener that caps open connections.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::http::HeaderMap;
use ipnet::IpNet;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The proxies (nginx, a load balancer, a CDN's edge) whose forwarding headers
/// the server believes. Empty: every peer is the client itself.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `10.0.0.0/8,192.168.1.10` (a bare address is a /32 or /128).
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("`{item}` is not an address or CIDR range, like 10.0.0.0/8 or 2001:db8::/32")
                    })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: the peer itself, unless the peer is a trusted
    /// proxy. Then it is the right-most address of `X-Forwarded-For` that is
    /// not a trusted proxy (a client can write anything to the left of what
    /// our proxies appended), else `X-Real-IP`, else the peer.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|hop| parse_hop(hop.trim()))
            .collect();
        if let Some(client) = forwarded.iter().rev().find(|hop| !self.trusts(**hop)) {
            return *client;
        }
        // Every hop is ours: the left-most is the furthest we know of.
        if let Some(first) = forwarded.first() {
            return *first;
        }
        headers
            .get("x-real-ip")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_hop(value.trim()))
            .unwrap_or(peer)
    }
}

impl TrustedProxies {
    /// The host the client asked for, as a trusted proxy forwarded it
    /// (`X-Forwarded-Host`, the first value): a proxy often sends its own
    /// upstream address as `Host`. `None` from any other peer.
    pub fn forwarded_host<'a>(&self, peer: IpAddr, headers: &'a HeaderMap) -> Option<&'a str> {
        if !self.trusts(peer) {
            return None;
        }
        headers
            .get("x-forwarded-host")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .map(str::trim)
            .filter(|host| !host.is_empty())
    }
}

/// An address as proxies write it: bare, `[v6]`, or with a port.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|addr| addr.ip()))
        .or_else(|| {
            hop.strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|inner| inner.parse().ok())
        })
        .map(canonical)
}

/// IPv4 addresses reached over IPv6 sockets (`::ffff:1.2.3.4`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The key under which an address is limited and judged: an IPv4 address as
/// it is, an IPv6 address by its /64, since one home or phone gets a whole /64
/// and can pick any address in it.
pub fn address_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
    }
}

/// A TCP listener that keeps at most `max` connections open: past that, new
/// connections wait in the kernel's backlog until one closes, instead of the
/// server running out of file descriptors or memory under a flood.
pub struct CappedListener {
    inner: TcpListener,
    permits: Arc<Semaphore>,
}

impl CappedListener {
    pub fn new(inner: TcpListener, max: usize) -> CappedListener {
        CappedListener {
            inner,
            permits: Arc::new(Semaphore::new(max.max(1))),
        }
    }
}

impl axum::serve::Listener for CappedListener {
    type Io = CappedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (CappedStream, SocketAddr) {
        loop {
            let Ok(permit) = self.permits.clone().acquire_owned().await else {
                // The semaphore is never closed; wait as if it were busy.
                std::future::pending::<()>().await;
                continue;
            };
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    // Small JSON answers: send them at once.
                    stream.set_nodelay(true).ok();
                    return (
                        CappedStream {
                            stream,
                            _permit: permit,
                        },
                        addr,
                    );
                }
                // Out of file descriptors and the like: back off a moment.
                Err(err) => {
                    tracing::warn!("accept failed: {err}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// A connection holding one of the listener's permits until it closes.
pub struct CappedStream {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
}

impl AsyncRead for CappedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for CappedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.1").unwrap();
        let forwarded = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            proxies.client(ip("203.0.113.9"), &forwarded),
            ip("203.0.113.9"),
            "an untrusted peer is the client"
        );
        assert_eq!(
            proxies.client(ip("10.1.2.3"), &forwarded),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies.client(ip("192.0.2.1"), &forwarded),
            ip("198.51.100.7"),
            "a bare address is trusted too"
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client wrote a fake address first; our two proxies appended theirs.
        let spoofed = headers(&[("x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.0.0.5")]);
        assert_eq!(proxies.client(ip("10.0.0.6"), &spoofed), ip("198.51.100.7"));
        let split = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "198.51.100.8:4431"),
        ]);
        assert_eq!(
            proxies.client(ip("10.0.0.6"), &split),
            ip("198.51.100.8"),
            "headers repeat, hops carry ports"
        );
        let real_ip = headers(&[("x-real-ip", "[2001:db8::1]")]);
        assert_eq!(proxies.client(ip("10.0.0.6"), &real_ip), ip("2001:db8::1"));
        assert_eq!(
            proxies.client(ip("10.0.0.6"), &headers(&[])),
            ip("10.0.0.6")
        );
        let garbage = headers(&[("x-forwarded-for", "unknown, <script>")]);
        assert_eq!(proxies.client(ip("10.0.0.6"), &garbage), ip("10.0.0.6"));
    }

    #[test]
    fn ipv6_addresses_are_grouped_by_their_64() {
        assert_eq!(
            address_key(ip("2001:db8:1:2:aaaa::1")),
            address_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            address_key(ip("2001:db8:1:2::1")),
            address_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(address_key(ip("::ffff:198.51.100.7")), "198.51.100.7");
    }

    #[test]
    fn bad_ranges_are_explained() {
        let err = TrustedProxies::parse("10.0.0.0/8,nginx").unwrap_err();
        assert!(err.contains("`nginx`"), "{err}");
    }
}
