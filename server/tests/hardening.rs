//! What a bank's security review asks of the server: headers on every
//! response, pages that only the campaign's own sites may frame, and clients
//! told apart behind a proxy.

mod support;

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use campaign_core::parse_campaign;
use campaign_server::limits::Rate;
use campaign_server::net::TrustedProxies;
use campaign_server::{AppState, router};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
const SHELL: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Campaign Kit</title>\
    <script type=\"module\">import init from \"/assets/app.js\"; init();</script></head>\
    <body><div id=app></div></body></html>";

fn state_for(campaign: Value, dir: &tempfile::TempDir) -> AppState {
    std::fs::write(dir.path().join("index.html"), SHELL).unwrap();
    std::fs::write(dir.path().join("survey.html"), SHELL).unwrap();
    let store = support::store(&dir.path().join("test.sqlite"));
    let campaign =
        parse_campaign(&campaign.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    AppState::new(campaign, store, "test-admin-token", dir.path())
}

fn demo_with_embed_hosts(hosts: &[&str]) -> Value {
    let mut campaign: Value = serde_json::from_str(DEMO).unwrap();
    campaign["embed"] = serde_json::json!({ "allowed_hosts": hosts });
    campaign
}

async fn get(app: &axum::Router, uri: &str) -> axum::response::Response {
    app.clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap()
}

fn header<'a>(response: &'a axum::response::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn pages_may_be_framed_only_by_the_campaigns_own_sites() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(
        state_for(demo_with_embed_hosts(&["https://h5.bank.example"]), &dir),
        dir.path(),
    );
    for uri in ["/", "/p/member-survey", "/p/nope"] {
        let page = get(&app, uri).await;
        let policy = header(&page, "content-security-policy");
        assert!(
            policy.contains("frame-ancestors 'self' https://h5.bank.example;"),
            "{uri}: {policy}"
        );
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{policy}"
        );
        assert!(!policy.contains("'unsafe-eval'") && !policy.contains("script-src *"));
        assert!(policy.contains("object-src 'none'") && policy.contains("base-uri 'none'"));
        assert_eq!(header(&page, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&page, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert_eq!(
            header(&page, "x-frame-options"),
            "",
            "a list of hosts needs frame-ancestors"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let app = router(
        state_for(serde_json::from_str(DEMO).unwrap(), &dir),
        dir.path(),
    );
    let page = get(&app, "/p/member-survey").await;
    assert!(header(&page, "content-security-policy").contains("frame-ancestors 'self';"));
    assert_eq!(
        header(&page, "x-frame-options"),
        "SAMEORIGIN",
        "for browsers before CSP 2"
    );
}

#[tokio::test]
async fn the_inline_script_of_the_shell_is_allowed_by_its_hash() {
    use base64::Engine;
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let app = router(
        state_for(serde_json::from_str(DEMO).unwrap(), &dir),
        dir.path(),
    );
    let page = get(&app, "/").await;
    let script = "import init from \"/assets/app.js\"; init();";
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
    assert!(
        header(&page, "content-security-policy").contains(&format!("'sha256-{hash}'")),
        "{}",
        header(&page, "content-security-policy")
    );
}

#[tokio::test]
async fn api_answers_can_neither_run_nor_be_framed() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(
        state_for(serde_json::from_str(DEMO).unwrap(), &dir),
        dir.path(),
    );
    for uri in ["/api/v1/pages/city-group/fill", "/api/v1/nope", "/healthz"] {
        let answer = get(&app, uri).await;
        assert_eq!(
            header(&answer, "content-security-policy"),
            "default-src 'none'; frame-ancestors 'none'",
            "{uri}"
        );
        assert_eq!(
            header(&answer, "x-content-type-options"),
            "nosniff",
            "{uri}"
        );
    }
}

#[test]
fn embed_hosts_are_checked_like_origins() {
    let campaign = demo_with_embed_hosts(&["https://h5.bank.example/path", "*"]);
    let errors = parse_campaign(&campaign.to_string())
        .unwrap_err()
        .to_string();
    assert!(errors.contains("embed.allowed_hosts[0]"), "{errors}");
    assert!(errors.contains("embed.allowed_hosts[1]"), "{errors}");
}

/// Serves the demo on a loopback port behind nothing but the test itself, which
/// plays the proxy: it connects from 127.0.0.1 and says who the client is.
async fn serve(trusted: &str) -> SocketAddr {
    let dir = tempfile::tempdir().unwrap();
    let state = state_for(serde_json::from_str(DEMO).unwrap(), &dir)
        .with_rate_limits(Rate { per_minute: 300 }, Rate { per_minute: 60 })
        .with_trusted_proxies(TrustedProxies::parse(trusted).unwrap());
    let app = router(state, dir.path());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _dir = dir;
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .ok();
    });
    addr
}

/// One request over its own connection, as a proxy forwards it: the status.
async fn forwarded_get(addr: SocketAddr, client: &str) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /api/v1/pages/city-group/fill HTTP/1.1\r\nHost: pages.bank.example\r\n\
         X-Forwarded-For: 203.0.113.250, {client}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

async fn statuses(addr: SocketAddr, client: &str, count: usize) -> Vec<u16> {
    let mut statuses = Vec::with_capacity(count);
    for _ in 0..count {
        statuses.push(forwarded_get(addr, client).await);
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_two_clients_are_limited_apart() {
    let addr = serve("127.0.0.1/32").await;
    // 200 requests a minute each: within the 300 a client may make, while
    // together they are over it.
    let (first, second) = tokio::join!(
        statuses(addr, "198.51.100.1", 200),
        statuses(addr, "198.51.100.2", 200)
    );
    assert!(
        first.iter().chain(&second).all(|status| *status == 200),
        "{first:?} {second:?}"
    );
    // The same client is still held to its own limit.
    let third = statuses(addr, "198.51.100.1", 120).await;
    assert!(
        third.contains(&(StatusCode::TOO_MANY_REQUESTS.as_u16())),
        "{third:?}"
    );
}

#[tokio::test]
async fn an_untrusted_peer_cannot_choose_its_address() {
    // The same traffic from a peer that is not a trusted proxy: its forwarding
    // header is ignored, so both "clients" share the peer's one limit.
    let addr = serve("10.0.0.0/8").await;
    let (first, second) = tokio::join!(
        statuses(addr, "198.51.100.1", 200),
        statuses(addr, "198.51.100.2", 200)
    );
    let limited = first
        .iter()
        .chain(&second)
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS.as_u16())
        .count();
    // 300 pass at once and a few more as the bucket refills (5 a second).
    assert!(limited >= 80, "{limited} of 400 were limited");
}
