//! Security headers. Pages get a Content Security Policy built from the served
//! campaign: scripts only from this site (plus the hash of each inline script
//! the shell has, and `wasm-unsafe-eval` for the wasm, never `unsafe-eval`),
//! connections only to the backends the campaign names, and framing only by this
//! site and the campaign's `embed.allowed_hosts`. The API's answers may not be
//! framed or run at all. Every response says `nosniff` and keeps its URL out of
//! other sites' `Referer`.

use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use base64::Engine;
use campaign_core::Campaign;
use sha2::{Digest, Sha256};

/// For JSON, images and anything else that is not a page.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// What a page's policy allows beyond this site, from the campaign.
#[derive(Debug, Clone, Default)]
pub struct PageSources {
    /// Backends the page posts to or fetches from.
    pub connect: Vec<String>,
    /// Sites that may frame the page (`embed.allowed_hosts`).
    pub frame_ancestors: Vec<String>,
}

impl PageSources {
    pub fn of(campaign: &Campaign) -> PageSources {
        let backend = &campaign.backend;
        let mut connect: Vec<String> = [
            Some(backend.api.as_str()),
            backend.submit.as_ref().map(|submit| submit.url.as_str()),
            backend.events.as_ref().map(|events| events.as_str()),
        ]
        .into_iter()
        .flatten()
        .filter_map(origin_of)
        .collect();
        connect.sort();
        connect.dedup();
        PageSources {
            connect,
            frame_ancestors: campaign.embed.allowed_hosts.clone(),
        }
    }
}

/// `scheme://host[:port]` of an absolute http(s) URL; `None` for a path on this
/// site (which `'self'` covers) or anything else.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "https" | "http") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The tag that loads the share card script into pages of campaigns with
/// `wechat.share` cards (see `www/wechat.js`).
pub const WECHAT_SHARE_SCRIPT: &str = "<script src=\"/wechat.js\" defer></script>";
/// Where that script loads WeChat's JS-SDK from (`jweixin-1.6.0.js`).
pub const WECHAT_JS_SDK_ORIGIN: &str = "https://res.wx.qq.com";

/// The policy for one page's HTML.
pub fn page_policy(html: &str, sources: &PageSources) -> String {
    let mut scripts = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    // WeChat's JS-SDK only for pages that carry the script that loads it, so
    // no other page may run code from another site.
    if html.contains(WECHAT_SHARE_SCRIPT) {
        scripts.push(WECHAT_JS_SDK_ORIGIN.to_owned());
    }
    scripts.extend(inline_scripts(html).map(|script| {
        let digest = Sha256::digest(script.as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    }));
    // `data:` and `blob:`: the poster, drawn on a canvas, is read back through
    // `fetch` to upload it; neither can reach another site.
    let connect = ["'self'", "data:", "blob:"]
        .into_iter()
        .map(str::to_owned)
        .chain(sources.connect.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let ancestors = std::iter::once("'self'".to_owned())
        .chain(sources.frame_ancestors.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "default-src 'self'; script-src {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:; font-src 'self' data:; connect-src {connect}; \
         frame-src 'self'; frame-ancestors {ancestors}; base-uri 'none'; form-action 'self'; \
         object-src 'none'",
        scripts.join(" ")
    )
}

/// The text of each script element without `src` that a browser would run
/// (`<script>` or `<script type="module">`; JSON data blocks are not run).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        let runs = !attributes.contains("src=")
            && (!attributes.contains("type=")
                || attributes.contains("type=\"module\"")
                || attributes.contains("type=\"text/javascript\""));
        let (script, _) = body.split_once("</script>")?;
        runs.then_some(script)
    })
}

/// Adds the headers every response carries, and the API's policy to any
/// response that is not a page and has none of its own.
pub async fn secure(mut response: Response) -> Response {
    let headers: &mut HeaderMap = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers
        .entry(REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    let is_html = headers
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if !is_html && !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_POLICY),
        );
    }
    response
}

/// The headers of a page: its policy, and for browsers that predate
/// `frame-ancestors` (old in-app browsers) `X-Frame-Options` when only this
/// site may frame it.
pub fn page_headers(policy: &str, sources: &PageSources) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(policy) {
        headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    if sources.frame_ancestors.is_empty() {
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else() {
        let html = r#"<script type="module">run()</script><script id="c" type="application/json">{"a":1}</script><script src="/x.js"></script>"#;
        let policy = page_policy(html, &PageSources::default());
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"run()"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert_eq!(
            policy.matches("'sha256-").count(),
            1,
            "the JSON block is data, not a script"
        );
        assert!(policy.contains("'wasm-unsafe-eval'") && !policy.contains("'unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'self';"));
    }

    #[test]
    fn backends_and_embedding_hosts_come_from_the_campaign() {
        let sources = PageSources {
            connect: vec!["https://hooks.bank.example".into()],
            frame_ancestors: vec!["https://h5.bank.example".into()],
        };
        let policy = page_policy("", &sources);
        assert!(
            policy.contains("connect-src 'self' data: blob: https://hooks.bank.example;"),
            "{policy}"
        );
        assert!(
            policy.contains("frame-ancestors 'self' https://h5.bank.example;"),
            "{policy}"
        );
        assert_eq!(
            origin_of("https://hooks.bank.example:8443/results?x=1").as_deref(),
            Some("https://hooks.bank.example:8443")
        );
        assert_eq!(origin_of("/api/v1"), None);
        assert_eq!(origin_of("javascript:alert(1)"), None);
    }
}
