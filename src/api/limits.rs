//! Per-client rate limits on signing in, writes and imports (GCRA from `governor`, one
//! bucket per client IP and class), answered with 429 problem+json and `Retry-After`.
//! The client is the connection's peer, or — when the peer is a configured proxy — the
//! last address in `X-Forwarded-For` that is not one of the proxies. Limits are kept per
//! instance; behind a load balancer each instance counts what it sees.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;

use super::problem::Problem;
use super::AppState;

/// Requests per minute and client IP, by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// `POST /api/login` (on top of the per-username throttle in the database).
    pub sign_in_per_minute: u32,
    /// Every other request that changes something (POST, PUT, PATCH, DELETE).
    pub writes_per_minute: u32,
    /// Imports (`POST …/import`), dry runs included.
    pub imports_per_minute: u32,
}

pub const DEFAULT_SIGN_IN_PER_MINUTE: u32 = 10;
/// A QGIS session saving a few hundred edited features at once stays below this.
pub const DEFAULT_WRITES_PER_MINUTE: u32 = 600;
pub const DEFAULT_IMPORTS_PER_MINUTE: u32 = 20;

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            sign_in_per_minute: DEFAULT_SIGN_IN_PER_MINUTE,
            writes_per_minute: DEFAULT_WRITES_PER_MINUTE,
            imports_per_minute: DEFAULT_IMPORTS_PER_MINUTE,
        }
    }
}

/// What a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    SignIn,
    Write,
    Import,
}

impl Class {
    /// The class of a request, or `None` for reads (never limited here).
    pub fn of(method: &Method, route: &str) -> Option<Self> {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return None;
        }
        Some(match route {
            "/api/login" => Self::SignIn,
            r if r.ends_with("/import") => Self::Import,
            _ => Self::Write,
        })
    }

    fn what(self) -> &'static str {
        match self {
            Self::SignIn => "sign-in attempts",
            Self::Write => "changes",
            Self::Import => "imports",
        }
    }
}

/// One keyed limiter per class.
pub struct Limiters {
    sign_in: DefaultKeyedRateLimiter<IpAddr>,
    write: DefaultKeyedRateLimiter<IpAddr>,
    import: DefaultKeyedRateLimiter<IpAddr>,
    per_minute: RateLimits,
}

fn keyed(per_minute: u32) -> DefaultKeyedRateLimiter<IpAddr> {
    let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(n))
}

impl Limiters {
    pub fn new(limits: RateLimits) -> Self {
        Self {
            sign_in: keyed(limits.sign_in_per_minute),
            write: keyed(limits.writes_per_minute),
            import: keyed(limits.imports_per_minute),
            per_minute: limits,
        }
    }

    /// `Err(seconds)` when the client must wait that long.
    fn check(&self, class: Class, client: IpAddr) -> Result<(), u64> {
        let limiter = match class {
            Class::SignIn => &self.sign_in,
            Class::Write => &self.write,
            Class::Import => &self.import,
        };
        limiter.check_key(&client).map_err(|not_until| {
            not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1)
        })
    }

    fn limit(&self, class: Class) -> u32 {
        match class {
            Class::SignIn => self.per_minute.sign_in_per_minute,
            Class::Write => self.per_minute.writes_per_minute,
            Class::Import => self.per_minute.imports_per_minute,
        }
    }

    /// Forget clients whose buckets are full again (run now and then).
    pub fn prune(&self) {
        for l in [&self.sign_in, &self.write, &self.import] {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

/// The client's address: the peer, or, behind a trusted proxy, the nearest address in
/// `X-Forwarded-For` that is not a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let mut client = peer;
    // from the nearest hop outwards: each trusted proxy vouches for the address before it
    for hop in forwarded.iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            // a hop we cannot read: stop trusting what comes before it
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// Middleware: count the request against its class's limit for its client.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str())
        .unwrap_or("");
    let Some(class) = Class::of(req.method(), route) else {
        return next.run(req).await;
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let client = client_ip(peer, req.headers(), &state.settings.trusted_proxies);
    match state.limiters.check(class, client) {
        Ok(()) => next.run(req).await,
        Err(seconds) => {
            tracing::warn!(client = %client, route, "rate limit reached");
            Problem::too_many_requests(class.what(), state.limiters.limit(class), seconds)
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().expect("header"));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("net")];
        // an untrusted peer cannot claim another address
        assert_eq!(
            client_ip(ip("203.0.113.9"), &headers(&["198.51.100.1"]), &proxies),
            ip("203.0.113.9")
        );
        // through one proxy
        assert_eq!(
            client_ip(ip("10.0.0.2"), &headers(&["198.51.100.1"]), &proxies),
            ip("198.51.100.1")
        );
        // a client's own forged entry before the real one is not believed
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                &headers(&["1.2.3.4, 198.51.100.1"]),
                &proxies
            ),
            ip("198.51.100.1")
        );
        // two proxies, the header split over two lines
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                &headers(&["198.51.100.1", "10.1.1.1"]),
                &proxies
            ),
            ip("198.51.100.1")
        );
        // a trusted peer without the header is the client
        assert_eq!(
            client_ip(ip("10.0.0.2"), &headers(&[]), &proxies),
            ip("10.0.0.2")
        );
        // garbage stops the walk at the last readable hop
        assert_eq!(
            client_ip(ip("10.0.0.2"), &headers(&["nonsense"]), &proxies),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn classes() {
        assert_eq!(Class::of(&Method::GET, "/api/login"), None);
        assert_eq!(Class::of(&Method::POST, "/api/login"), Some(Class::SignIn));
        assert_eq!(
            Class::of(&Method::POST, "/api/layers/{kind}/import"),
            Some(Class::Import)
        );
        assert_eq!(
            Class::of(&Method::PUT, "/ogc/collections/areas/items/{id}"),
            Some(Class::Write)
        );
    }

    #[test]
    fn a_client_over_its_limit_waits_and_others_do_not() {
        let l = Limiters::new(RateLimits {
            sign_in_per_minute: 3,
            ..RateLimits::default()
        });
        for _ in 0..3 {
            assert!(l.check(Class::SignIn, ip("192.0.2.1")).is_ok());
        }
        let wait = l
            .check(Class::SignIn, ip("192.0.2.1"))
            .expect_err("fourth refused");
        assert!(
            (1..=20).contains(&wait),
            "one token back after about 20 s: {wait}"
        );
        assert!(l.check(Class::SignIn, ip("192.0.2.2")).is_ok());
        assert!(l.check(Class::Write, ip("192.0.2.1")).is_ok());
    }
}
