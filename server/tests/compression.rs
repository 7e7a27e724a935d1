//! Dynamic answers travel compressed when the browser accepts it: a page's
//! shell carries its config inline, and a config too long for that (a large
//! group picker's, hundreds of KB) comes as a file of its own. The built files come precompressed and are sent as built,
//! never compressed twice.

mod support;

use std::io::Read;

use axum::body::Body;
use axum::http::Request;
use campaign_core::parse_campaign;
use campaign_server::{AppState, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

const DEMO: &str = include_str!("../../static/campaigns/demo.json");
/// Long enough to be worth compressing on its own; the inlined config makes
/// the page far longer still.
const SHELL: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Campaign Kit</title>\
    <script type=\"module\">import init from \"/assets/app.js\"; init();</script></head>\
    <body><div id=app></div></body></html>";

fn app(dir: &tempfile::TempDir) -> axum::Router {
    std::fs::write(dir.path().join("index.html"), SHELL).unwrap();
    std::fs::write(dir.path().join("kind-survey.html"), SHELL).unwrap();
    let store = support::store(&dir.path().join("test.sqlite"));
    let campaign = parse_campaign(DEMO).unwrap_or_else(|errors| panic!("{errors}"));
    router(
        AppState::new(campaign, store, "test-admin-token", dir.path()),
        dir.path(),
    )
}

/// The answer to `GET uri`, with `Accept-Encoding: accept` when given: its
/// `Content-Encoding` (empty for none) and its body as sent.
async fn fetch(app: &axum::Router, uri: &str, accept: Option<&str>) -> (String, Vec<u8>) {
    let mut request = Request::get(uri);
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{uri}: {}",
        response.status()
    );
    let encoding = response
        .headers()
        .get("content-encoding")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (encoding, body.to_vec())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("valid brotli");
    out
}

#[tokio::test]
async fn pages_come_compressed_as_the_browser_accepts_and_decode_to_the_same_html() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    for uri in ["/p/member-survey", "/"] {
        let (identity, plain) = fetch(&app, uri, None).await;
        assert_eq!(identity, "", "{uri}: no Accept-Encoding, no encoding");
        let html = String::from_utf8(plain.clone()).expect("identity is the HTML itself");
        assert!(html.contains("campaign-config"), "{uri}: the shell");

        let (encoding, brotli) = fetch(&app, uri, Some("br")).await;
        assert_eq!(encoding, "br", "{uri}");
        assert!(brotli.len() < plain.len(), "{uri}: brotli shrinks it");
        assert_eq!(
            unbrotli(&brotli),
            plain,
            "{uri}: brotli decodes to the page"
        );

        let (encoding, gzip) = fetch(&app, uri, Some("gzip")).await;
        assert_eq!(encoding, "gzip", "{uri}");
        assert_eq!(gunzip(&gzip), plain, "{uri}: gzip decodes to the page");

        let (encoding, _) = fetch(&app, uri, Some("gzip, deflate, br")).await;
        assert_eq!(encoding, "br", "{uri}: brotli preferred, as browsers send");
    }
}

#[tokio::test]
async fn api_answers_are_compressed_too() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (identity, plain) = fetch(&app, "/campaign.json", None).await;
    assert_eq!(identity, "");
    let (encoding, gzip) = fetch(&app, "/campaign.json", Some("gzip")).await;
    assert_eq!(encoding, "gzip");
    assert_eq!(gunzip(&gzip), plain);
}

#[tokio::test]
async fn precompressed_files_are_sent_as_built_never_compressed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let script = "export function run() { return 'campaign kit'; }\n".repeat(40);
    let built_br = b"pretend these are the build's brotli bytes".to_vec();
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(assets.join("app-0123456789.js"), &script).unwrap();
    std::fs::write(assets.join("app-0123456789.js.br"), &built_br).unwrap();

    let (encoding, body) = fetch(&app, "/assets/app-0123456789.js", Some("br")).await;
    assert_eq!(encoding, "br");
    assert_eq!(body, built_br, "the build's copy, byte for byte");

    let (encoding, body) = fetch(&app, "/assets/app-0123456789.js", None).await;
    assert_eq!(encoding, "");
    assert_eq!(body, script.as_bytes());
}
