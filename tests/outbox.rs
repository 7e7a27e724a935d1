//! The outbox and the storage under it, in a real browser (headless Chromium via
//! wasm-bindgen-test): nothing a person entered may be lost, whatever the
//! device's storage or the marketer's backend does.
//!
//! Its own test binary, so its own page: the outbox's state is per page, and the
//! app tests in `browser.rs` start the outbox with the demo campaign.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use campaign_core::{Campaign, Envelope, PageKind, parse_campaign};
use campaign_kit::services::identity::new_envelope_id;
use campaign_kit::services::{outbox, storage};
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEMO: &str = include_str!("../static/campaigns/demo.json");
/// Where the outbox keeps its queue (the served config's key, unchanged since v1).
const QUEUE: &str = "ck.outbox.v1";
/// Chromium refuses this port (discard) at once: a backend that never answers.
const NO_BACKEND: &str = "http://127.0.0.1:9/results";
/// The test runner's own server answers 404 here, like a backend mid-deploy.
const MISSING_BACKEND: &str = "/ck-no-such-backend";

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .expect("localStorage")
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// The demo campaign as `id`, sending its results to `submit`.
fn campaign_with(id: &str, submit: Value) -> Campaign {
    let mut config: Value = serde_json::from_str(DEMO).unwrap();
    config["id"] = id.into();
    config["backend"] = json!({ "submit": submit });
    parse_campaign(&config.to_string()).unwrap_or_else(|errors| panic!("{errors}"))
}

fn envelope(campaign_id: &str, payload: Value) -> Envelope {
    Envelope {
        id: new_envelope_id(),
        campaign_id: campaign_id.to_owned(),
        page_id: "member-survey".to_owned(),
        page_kind: PageKind::Survey,
        visitor_id: "v-test".to_owned(),
        referral_code: None,
        channel: None,
        subject: None,
        client_ts: 1_779_282_840_000,
        payload,
    }
}

/// The ids queued in the outbox, as the app reads them.
fn queued_ids() -> Vec<String> {
    let text = storage::get(QUEUE).unwrap_or_default();
    let items: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
    items
        .iter()
        .filter_map(|item| item["envelope"]["id"].as_str().map(str::to_owned))
        .collect()
}

/// Starts each test from an empty device.
fn forget_everything() {
    for key in [QUEUE, "ck.outbox.v1.unreadable"] {
        storage::remove(key);
    }
    local_storage().clear().ok();
}

/// Fills localStorage until almost nothing more fits; returns the filler keys.
fn fill_local_storage() -> Vec<String> {
    let storage = local_storage();
    let mut keys = Vec::new();
    let mut chunk = 1 << 20;
    while chunk >= 256 {
        let key = format!("ck-test-filler-{}", keys.len());
        if storage.set_item(&key, &"x".repeat(chunk)).is_ok() {
            keys.push(key);
        } else {
            chunk /= 2;
        }
    }
    keys
}

fn free(keys: &[String]) {
    for key in keys {
        local_storage().remove_item(key).ok();
    }
}

#[wasm_bindgen_test]
async fn after_a_failed_write_reads_get_the_newer_copy_in_memory() {
    forget_everything();
    assert!(storage::set("ck.test.quota", "old"));
    let filler = fill_local_storage();
    let newer = "new".repeat(50_000);
    let persisted = storage::set("ck.test.quota", &newer);
    let read = storage::get("ck.test.quota");
    free(&filler);
    assert!(!persisted, "the write should not have fitted");
    assert!(
        read.as_deref() == Some(newer.as_str()),
        "a stale copy was read: {:?}",
        read.map(|text| text.chars().take(10).collect::<String>())
    );
    storage::remove("ck.test.quota");
}

#[wasm_bindgen_test]
async fn a_full_device_loses_no_envelope_on_the_next_save() {
    forget_everything();
    let campaign = Rc::new(campaign_with("quota-test", json!({ "url": NO_BACKEND })));
    outbox::start(campaign.clone());
    let first = envelope(&campaign.id, json!({ "answers": {} }));
    outbox::submit(first.clone());
    sleep(300).await;
    assert_eq!(queued_ids(), [first.id.as_str()]);
    let filler = fill_local_storage();
    // Too big for what is left: the queue with it lives in memory only.
    let second = envelope(
        &campaign.id,
        json!({ "answers": { "wish": "长".repeat(60_000) } }),
    );
    outbox::submit(second.clone());
    // Both attempts fail at once; each failure re-reads the queue and saves it.
    sleep(1500).await;
    let queued = queued_ids();
    free(&filler);
    assert_eq!(queued, [first.id, second.id]);
}

#[wasm_bindgen_test]
async fn an_unreadable_item_is_set_aside_and_the_rest_stay_queued() {
    forget_everything();
    let campaign = Rc::new(campaign_with(
        "unreadable-test",
        json!({ "url": NO_BACKEND }),
    ));
    let readable = envelope(&campaign.id, json!({ "answers": {} }));
    let from_the_future =
        json!({ "envelope": { "id": "x", "hologram": true }, "attempts": 0, "next_at": 0 });
    local_storage()
        .set_item(
            QUEUE,
            &json!([
                { "envelope": readable, "attempts": 0, "next_at": 0 },
                from_the_future,
                "not an item at all",
            ])
            .to_string(),
        )
        .unwrap();
    outbox::start(campaign.clone());
    let added = envelope(&campaign.id, json!({ "answers": {} }));
    outbox::submit(added.clone());
    sleep(500).await;
    assert_eq!(queued_ids(), [readable.id.clone(), added.id.clone()]);
    let set_aside: Vec<Value> = storage::get("ck.outbox.v1.unreadable")
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    assert_eq!(set_aside, [from_the_future, json!("not an item at all")]);
}

#[wasm_bindgen_test]
async fn an_unreadable_queue_is_set_aside_whole() {
    forget_everything();
    let campaign = Rc::new(campaign_with("corrupt-test", json!({ "url": NO_BACKEND })));
    local_storage().set_item(QUEUE, "[{\"envelope\": ").unwrap();
    outbox::start(campaign.clone());
    let added = envelope(&campaign.id, json!({ "answers": {} }));
    outbox::submit(added.clone());
    sleep(300).await;
    assert_eq!(queued_ids(), [added.id.as_str()]);
    let set_aside: Vec<Value> = storage::get("ck.outbox.v1.unreadable")
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    assert_eq!(set_aside, [json!("[{\"envelope\": ")]);
}

#[wasm_bindgen_test]
async fn a_404_during_a_deploy_keeps_the_envelope_waiting() {
    forget_everything();
    let campaign = Rc::new(campaign_with(
        "deploy-test",
        json!({ "url": MISSING_BACKEND }),
    ));
    outbox::start(campaign.clone());
    let result = envelope(&campaign.id, json!({ "answers": {} }));
    outbox::submit(result.clone());
    sleep(1000).await;
    assert_eq!(outbox::status(&result.id), Some(outbox::Delivery::Waiting));
    assert_eq!(queued_ids(), [result.id]);
}

#[wasm_bindgen_test]
async fn a_404_for_more_than_a_day_is_given_up_with_the_error() {
    forget_everything();
    let campaign = Rc::new(campaign_with(
        "given-up-test",
        json!({ "url": MISSING_BACKEND }),
    ));
    let result = envelope(&campaign.id, json!({ "answers": {} }));
    let two_days_ago = js_sys::Date::now() - 2.0 * 24.0 * 3600.0 * 1000.0;
    local_storage()
        .set_item(
            QUEUE,
            &json!([{ "envelope": result, "attempts": 40, "next_at": 0, "held_since": two_days_ago }])
                .to_string(),
        )
        .unwrap();
    outbox::start(campaign.clone());
    sleep(1000).await;
    assert_eq!(
        outbox::status(&result.id),
        Some(outbox::Delivery::Rejected(None))
    );
    assert!(queued_ids().is_empty());
}

/// Mounts the app at the survey page `page_id` of `campaign`, as a visitor
/// returning to answers they already submitted.
async fn open_submitted_survey(campaign: Campaign, page_id: &str) -> web_sys::Element {
    let draft = json!({ "answers": {}, "section": 1, "submission_id": new_envelope_id() });
    storage::set(
        &format!("ck.survey.{}.{page_id}", campaign.id),
        &draft.to_string(),
    );
    let document = web_sys::window().and_then(|w| w.document()).unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = campaign_kit::app::AppProps {
        loaded: Rc::new(campaign_kit::loader::Loaded::Ready(Rc::new(campaign))),
        start_route: campaign_core::routes::Route::Page(page_id.to_owned()),
        link_query: "".into(),
        first_render_ms: campaign_kit::services::identity::now_ms() as i64,
    };
    yew::Renderer::<campaign_kit::app::App>::with_root_and_props(root.clone(), props).render();
    root
}

fn delivery_shown(root: &web_sys::Element) -> Option<String> {
    root.query_selector("[data-delivery]")
        .ok()
        .flatten()
        .and_then(|element| element.get_attribute("data-delivery"))
}

/// Console errors from now on, in `window.ckErrors`.
fn record_console_errors() {
    js_sys::eval(
        "window.ckErrors = []; if (!window.ckOriginalError) window.ckOriginalError = console.error; \
         console.error = (...parts) => { window.ckErrors.push(parts.join(' ')); window.ckOriginalError(...parts); };",
    )
    .unwrap();
}

fn console_errors() -> Vec<String> {
    let errors = js_sys::eval("window.ckErrors").unwrap();
    js_sys::Array::from(&errors)
        .iter()
        .filter_map(|error| error.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn a_header_the_browser_refuses_is_reported_once_and_the_envelope_kept() {
    forget_everything();
    let mut campaign = campaign_with(
        "header-test",
        json!({ "url": MISSING_BACKEND, "headers": { "X-Campaign": "spring" } }),
    );
    // Set after reading: a config check may refuse it, but served configs
    // checked by an older check can still carry it.
    campaign
        .backend
        .submit
        .as_mut()
        .unwrap()
        .headers
        .insert("X-Campaign".to_owned(), "春节".to_owned());
    record_console_errors();
    let root = open_submitted_survey(campaign.clone(), "finance-survey").await;
    outbox::submit(envelope(&campaign.id, json!({ "answers": {} })));
    sleep(1500).await;
    let shown = delivery_shown(&root);
    let message = root.text_content().unwrap_or_default();
    root.remove();
    assert_eq!(shown.as_deref(), Some("unsendable"), "{message}");
    assert_eq!(queued_ids().len(), 2, "both envelopes are kept");
    let errors: Vec<String> = console_errors()
        .into_iter()
        .filter(|error| error.contains("X-Campaign"))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
}
