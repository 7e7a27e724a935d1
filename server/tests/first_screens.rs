//! Every page's HTML already holds its first screen, rendered by the app's own
//! components on the server, so a phone paints the page before the wasm
//! arrives (and a browser without JavaScript shows it).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use campaign_core::shell::{FIRST_SCREEN_END, FIRST_SCREEN_START, escape_html, shell_file};
use campaign_core::{Campaign, Page, PageKind, parse_campaign};
use campaign_server::{AppState, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

const SHELL: &str = include_str!("../../www/index.html");
const CAMPAIGNS: [&str; 2] = [
    include_str!("../../static/campaigns/demo.json"),
    include_str!("../../static/campaigns/jd-course.json"),
];
/// 2026-12-02 09:00 in Beijing.
const NINE_AM_MS: i64 = 1_796_173_200_000;

struct Site {
    app: Router,
    clock: Arc<AtomicI64>,
    _dir: tempfile::TempDir,
}

/// A server for `campaign` over a build whose shells are the real template:
/// one per bundle, like `cargo xtask build` writes them.
fn site(campaign: &Campaign) -> Site {
    site_prepared(campaign, |_| {})
}

/// [`site`], with `prepare` run on the state before the router takes it.
fn site_prepared(campaign: &Campaign, prepare: impl FnOnce(&AppState)) -> Site {
    let dir = tempfile::tempdir().unwrap();
    for kind in std::iter::once(None).chain(PageKind::ALL.into_iter().map(Some)) {
        std::fs::write(dir.path().join(shell_file(kind)), SHELL).unwrap();
    }
    let store = support::store(&dir.path().join("test.sqlite"));
    let clock = Arc::new(AtomicI64::new(NINE_AM_MS));
    let time = clock.clone();
    let state = AppState::new(campaign.clone(), store, "admin-token", dir.path())
        .with_clock(move || time.load(Ordering::SeqCst));
    prepare(&state);
    Site {
        app: router(state, dir.path()),
        clock,
        _dir: dir,
    }
}

async fn get(site: &Site, uri: &str) -> (StatusCode, String) {
    let response = site
        .app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// What the mount element holds.
fn mounted(html: &str) -> &str {
    let start = html.find("<div id=\"app\">").expect("the mount element") + 14;
    // Up to the notice a rendered page has after it, or the end of the body.
    let end = ["<p class=\"ck-boot-failed ck-boot-notice\"", "<noscript>"]
        .iter()
        .find_map(|next| html[start..].find(next))
        .map_or(html.len(), |end| start + end);
    &html[start..end]
}

/// Text a person must see on the page's first screen, before any script runs.
fn visible_text(page: &Page) -> Vec<String> {
    let mut texts = vec![page.title().to_owned()];
    texts.extend(page.header().description.map(str::to_owned));
    match page {
        Page::Survey(survey) => texts.push(survey.sections[0].questions[0].label.clone()),
        Page::Lottery(draw) => texts.extend(draw.prizes.iter().map(|prize| prize.name.clone())),
        Page::Course(course) => {
            texts.push(course.course.title.clone());
            texts.push(course.advisor.name.clone());
        }
        _ => {}
    }
    texts
}

#[tokio::test]
async fn every_page_arrives_with_its_first_screen() {
    let mut kinds = Vec::new();
    for config in CAMPAIGNS {
        let campaign = parse_campaign(config).unwrap();
        let site = site(&campaign);
        for page in &campaign.pages {
            let uri = format!("/p/{}", page.id());
            let (status, html) = get(&site, &uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            let screen = mounted(&html);
            for text in visible_text(page) {
                assert!(
                    screen.contains(&escape_html(&text)),
                    "{uri}: the first screen lacks {text:?}:\n{screen}"
                );
            }
            // The placeholder is gone: the mount element holds what the app
            // hydrates, and nothing else.
            assert!(!html.contains(FIRST_SCREEN_START), "{uri}");
            assert!(!html.contains(FIRST_SCREEN_END), "{uri}");
            assert!(!screen.contains("ck-boot"), "{uri}");
            assert!(
                screen.contains(&format!("data-route=\"{uri}\"")),
                "{uri}: {screen}"
            );
            assert!(
                screen.contains(&format!("data-rendered-at=\"{NINE_AM_MS}\"")),
                "{uri}"
            );
            // Should the app fail to start, the page says so.
            assert!(html.contains("ck-boot-notice"), "{uri}");
            kinds.push(page.kind());
        }
        let (status, home) = get(&site, "/").await;
        assert_eq!(status, StatusCode::OK);
        for page in &campaign.pages {
            assert!(
                mounted(&home).contains(&escape_html(page.title())),
                "the home lists {}",
                page.id()
            );
        }
    }
    kinds.sort_by_key(|kind| kind.as_str());
    kinds.dedup();
    assert_eq!(
        kinds.len(),
        PageKind::ALL.len(),
        "every kind is covered: {kinds:?}"
    );
}

#[tokio::test]
async fn a_first_screen_is_rendered_again_once_a_minute_old() {
    let campaign = parse_campaign(CAMPAIGNS[0]).unwrap();
    let site = site(&campaign);
    let rendered_at = |html: &str| {
        let at = html.find("data-rendered-at=\"").unwrap() + 18;
        html[at..at + 13].parse::<i64>().unwrap()
    };
    let (_, first) = get(&site, "/p/draw-520").await;
    assert_eq!(rendered_at(&first), NINE_AM_MS);
    site.clock.store(NINE_AM_MS + 59_000, Ordering::SeqCst);
    let (_, cached) = get(&site, "/p/draw-520").await;
    assert_eq!(
        rendered_at(&cached),
        NINE_AM_MS,
        "a page a minute, not a request"
    );
    site.clock.store(NINE_AM_MS + 61_000, Ordering::SeqCst);
    let (_, again) = get(&site, "/p/draw-520").await;
    assert_eq!(rendered_at(&again), NINE_AM_MS + 61_000);
}

#[tokio::test]
async fn previews_and_unknown_pages_get_the_plain_shell() {
    let campaign = parse_campaign(CAMPAIGNS[0]).unwrap();
    let site = site(&campaign);
    for uri in ["/p/draw-520?c=/other.json", "/p/not-here"] {
        let (_, html) = get(&site, uri).await;
        // Another config's page, or none: the app renders it afresh.
        assert!(mounted(&html).contains("ck-boot"), "{uri}");
        assert!(!mounted(&html).contains("data-rendered-at"), "{uri}");
    }
}

#[tokio::test]
async fn text_from_the_config_is_rendered_as_text() {
    let mut config: serde_json::Value = serde_json::from_str(CAMPAIGNS[0]).unwrap();
    config["pages"][3]["title"] = "<img src=x onerror=alert(1)>抽奖".into();
    config["pages"][3]["description"] = "</div><script>alert(1)</script>".into();
    let campaign = parse_campaign(&config.to_string()).unwrap();
    let site = site(&campaign);
    let uri = format!("/p/{}", campaign.pages[3].id());
    let (status, html) = get(&site, &uri).await;
    assert_eq!(status, StatusCode::OK);
    let screen = mounted(&html);
    assert!(
        screen.contains("&lt;img src=x onerror=alert(1)&gt;抽奖"),
        "{screen}"
    );
    assert!(!screen.contains("<img src=x"), "{screen}");
    assert!(!screen.contains("<script>"), "{screen}");
}

#[tokio::test]
async fn first_screens_are_rendered_at_start_up() {
    let campaign = parse_campaign(CAMPAIGNS[0]).unwrap();
    let site = site_prepared(&campaign, AppState::render_first_screens);
    // Asked for later (within the minute), each page is the start-up render.
    site.clock.store(NINE_AM_MS + 30_000, Ordering::SeqCst);
    for uri in ["/", "/p/city-group", "/p/member-survey"] {
        let (_, html) = get(&site, uri).await;
        assert!(
            mounted(&html).contains(&format!("data-rendered-at=\"{NINE_AM_MS}\"")),
            "{uri}"
        );
    }
}

/// The demo with a CMB-size group picker: 3,000 groups in 300 cities.
fn cmb_size_campaign() -> Campaign {
    let mut config: serde_json::Value = serde_json::from_str(CAMPAIGNS[0]).unwrap();
    let picker = config["pages"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|page| page["id"] == "city-group")
        .unwrap();
    let template = picker["groups"][0].clone();
    picker["groups"] = (0..3_000)
        .map(|number| {
            let mut group = template.clone();
            group["id"] = format!("c{:03}-{}", number / 10, number % 10 + 1).into();
            group["name"] = format!("城市{:03}福利 {} 群", number / 10, number % 10 + 1).into();
            group["city"] = format!("城市{:03}", number / 10).into();
            group
        })
        .collect();
    parse_campaign(&config.to_string()).unwrap()
}

async fn get_with(site: &Site, uri: &str, accept: &str) -> axum::response::Response {
    site.app
        .clone()
        .oneshot(
            Request::get(uri)
                .header("accept-encoding", accept)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_large_config_comes_apart_from_its_page_cached_for_good() {
    use campaign_core::shell::{CONFIG_URL_META, config_digest};
    let campaign = cmb_size_campaign();
    let site = site(&campaign);
    let (status, html) = get(&site, "/p/city-group").await;
    assert_eq!(status, StatusCode::OK);
    // The first screen is there, the 3,000 groups are not: the page is as
    // short as the demo's.
    assert!(mounted(&html).contains("加入同城福利群"), "{html}");
    assert!(!html.contains("campaign-config"), "not inlined");
    assert!(!html.contains("城市299福利"), "no group in the page");
    assert!(html.len() < 16 * 1024, "{} bytes", html.len());
    let meta = format!("<meta name=\"{CONFIG_URL_META}\" content=\"");
    let at = html.find(&meta).expect("the page names its config") + meta.len();
    let path = &html[at..at + html[at..].find('"').unwrap()];
    assert!(
        path.starts_with("/config/") && path.ends_with(".json"),
        "{path}"
    );

    let response = get_with(&site, path, "br").await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(
        header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header("content-encoding"), "br", "travels compressed");
    let (_, json) = get(&site, path).await;
    // Its name is its content, as the page's loader checks before hydrating.
    assert!(path.contains(&config_digest(&json)), "{path}");
    // The picker's bundle's config: the picker whole, the other pages as
    // headers.
    let served: serde_json::Value = serde_json::from_str(&json).unwrap();
    let picker = served["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|page| page["id"] == "city-group")
        .unwrap();
    assert_eq!(picker["groups"].as_array().unwrap().len(), 3_000);

    // The survey's bundle reads the picker's header only, so its config is
    // short and stays in its page.
    let (_, survey) = get(&site, "/p/member-survey").await;
    assert!(survey.contains("campaign-config"));
    assert!(!survey.contains(&meta), "names no config file");

    // A config the server does not run (the page is older than a restart).
    let response = get_with(&site, "/config/0123456789abcdef.json", "br").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["cache-control"], "no-store");
}
