//! The app's components in a real browser (headless Chromium via
//! wasm-bindgen-test): `cargo test -p campaign-kit --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use campaign_core::routes::Route;
use campaign_kit::app::{App, AppProps};
use campaign_kit::loader::{FetchFailure, Loaded, interpret};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const DEMO: &str = include_str!("../static/campaigns/demo.json");

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Mounts the app with `loaded` at `route` into a fresh element and waits for it
/// to render.
async fn mount(loaded: Loaded, route: Route, link_query: &str) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        loaded: Rc::new(loaded),
        start_route: route,
        link_query: link_query.into(),
        first_render_ms: campaign_kit::services::identity::now_ms() as i64,
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    gloo_timers::future::TimeoutFuture::new(10).await;
    root
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .map(|node| node.text_content().unwrap_or_default())
        .collect()
}

fn attributes(root: &Element, selector: &str, name: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<Element>(node).ok())
        .filter_map(|element| element.get_attribute(name))
        .collect()
}

#[wasm_bindgen_test]
async fn home_lists_every_page_with_its_path() {
    let root = mount(interpret("test".into(), DEMO), Route::Home, "").await;
    assert_eq!(texts(&root, "h1"), ["招行同城社群 · 福利季"]);
    assert_eq!(
        attributes(&root, ".ck-page-link", "href"),
        [
            "/p/city-group",
            "/p/invite",
            "/p/quiz-520",
            "/p/draw-520",
            "/p/member-survey",
            "/p/finance-survey",
            "/p/weekly-benefits",
            "/p/invest-coupons",
        ]
    );
    assert_eq!(texts(&root, ".ck-page-link .ck-badge")[0], "同城社群");
}

#[wasm_bindgen_test]
async fn links_keep_the_chosen_config() {
    let root = mount(
        interpret("test".into(), DEMO),
        Route::Home,
        "?c=%2Fother.json",
    )
    .await;
    assert_eq!(
        attributes(&root, ".ck-page-link", "href")[0],
        "/p/city-group?c=%2Fother.json"
    );
}

#[wasm_bindgen_test]
async fn theme_tokens_become_css_variables() {
    let mut config: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    config["theme"]["primary"] = "#0052d9".into();
    let root = mount(
        interpret("test".into(), &config.to_string()),
        Route::Home,
        "",
    )
    .await;
    let style = attributes(&root, ".ck", "style").join(";");
    assert!(style.contains("--ck-primary:#0052d9"), "{style}");
    assert!(style.contains("--ck-radius:12px"), "{style}");
}

#[wasm_bindgen_test]
async fn the_group_picker_explains_before_asking_for_a_location() {
    let root = mount(
        interpret("test".into(), DEMO),
        Route::Page("city-group".into()),
        "",
    )
    .await;
    assert_eq!(texts(&root, "h1"), ["加入同城福利群"]);
    assert_eq!(attributes(&root, "article", "data-kind"), ["group_picker"]);
    // Nothing is asked on load (the demo asks on a button): the sentence first.
    assert_eq!(attributes(&root, ".ck-groups", "data-step"), ["intro"]);
    let privacy = texts(&root, ".ck-privacy").join("");
    assert!(privacy.contains("不会上传"), "{privacy}");
    assert_eq!(
        texts(&root, ".ck-locate button"),
        ["用我的位置匹配社群", "自己选择地区"]
    );
}

#[wasm_bindgen_test]
async fn an_unknown_page_offers_the_way_home() {
    let root = mount(
        interpret("test".into(), DEMO),
        Route::Page("gone".into()),
        "",
    )
    .await;
    assert_eq!(texts(&root, "h1"), ["找不到这个页面"]);
    assert_eq!(attributes(&root, "a.ck-button", "href"), ["/"]);
}

#[wasm_bindgen_test]
async fn an_invalid_config_lists_each_problem_by_path() {
    let mut config: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    config["titel"] = "x".into();
    config["theme"]["accent"] = "orange".into();
    config["pages"][2]["id"] = "invite".into();
    let root = mount(
        interpret("/broken.json".into(), &config.to_string()),
        Route::Home,
        "",
    )
    .await;
    assert_eq!(texts(&root, "h1"), ["活动配置有 3 处问题"]);
    assert_eq!(
        texts(&root, ".ck-problem-path"),
        ["titel", "theme.accent", "pages[2].id"]
    );
    // A Chinese campaign's problems are told in Chinese.
    assert_eq!(
        texts(&root, ".ck-problem-hint")[0],
        "你是不是想写 `title`？"
    );
    assert!(texts(&root, "code").contains(&"/broken.json".to_owned()));
}

#[wasm_bindgen_test]
async fn an_english_campaigns_problems_are_in_english() {
    let mut config: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    config["locale"] = "en".into();
    config["titel"] = "x".into();
    let root = mount(
        interpret("/broken.json".into(), &config.to_string()),
        Route::Home,
        "",
    )
    .await;
    assert_eq!(texts(&root, "h1"), ["The campaign config has 1 problem"]);
    assert_eq!(texts(&root, ".ck-problem-hint"), ["did you mean `title`?"]);
}

#[wasm_bindgen_test]
async fn config_text_is_shown_as_text_never_as_html() {
    let mut config: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    config["title"] = "<img src=x onerror=alert(1)>福利".into();
    let root = mount(
        interpret("test".into(), &config.to_string()),
        Route::Home,
        "",
    )
    .await;
    assert_eq!(texts(&root, "h1"), ["<img src=x onerror=alert(1)>福利"]);
    assert!(root.query_selector("h1 img").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn an_english_campaign_speaks_english() {
    let mut config: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    config["locale"] = "en".into();
    let root = mount(
        interpret("test".into(), &config.to_string()),
        Route::Home,
        "",
    )
    .await;
    assert_eq!(texts(&root, "h2"), ["Campaign pages"]);
    assert_eq!(attributes(&root, ".ck", "lang"), ["en"]);
}

#[wasm_bindgen_test]
async fn an_unreachable_config_explains_and_offers_a_retry() {
    let loaded = Loaded::Unreachable {
        source: "/campaign.json".into(),
        failure: FetchFailure::Status(404),
    };
    let root = mount(loaded, Route::Home, "").await;
    assert_eq!(texts(&root, "h1"), ["活动加载失败"]);
    assert!(texts(&root, "p")[0].contains("HTTP 404"));
}

#[wasm_bindgen_test]
fn a_crash_shows_a_message_instead_of_a_blank_page() {
    // Other tests mount English campaigns, which set the page's language.
    document()
        .document_element()
        .unwrap()
        .set_attribute("lang", "zh-CN")
        .unwrap();
    let app = document().create_element("div").unwrap();
    app.set_id(campaign_kit::MOUNT_ID);
    app.set_inner_html("<p>half-rendered</p>");
    document().body().unwrap().append_child(&app).unwrap();
    campaign_kit::panic::show_crash_message();
    let text = app.text_content().unwrap_or_default();
    assert!(text.contains("页面出了点问题"), "{text}");
    assert!(!text.contains("half-rendered"));
    app.remove();
}
