//! The outbox: every result a page produces goes through here, and none is lost.
//!
//! An envelope is written to the device before it is sent, sent with its id as
//! `Idempotency-Key`, and kept until a backend acknowledges it or refuses it for
//! good. Network errors, timeouts, 429 and 5xx are retried with backoff (or when
//! the backend's `Retry-After` says), when the browser comes back online, and on
//! the next visit. Because every attempt carries the same id, a retry after a lost
//! response, a double tap or a reload mid-send is stored once by the backend.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use campaign_core::delivery::{self, Verdict};
use campaign_core::{Campaign, Envelope};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use yew::Callback;

use crate::services::identity::now_ms;
use crate::services::{http, storage};

const STORAGE_KEY: &str = "ck.outbox.v1";
const SEND_TIMEOUT_MS: u32 = 15_000;

/// Where one envelope stands, for the page that made it.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// Being sent now.
    Sending,
    /// Saved on the device; will be sent when the network or the backend is back.
    Waiting,
    /// The backend has it; its JSON answer, if it gave one (a reward code, say).
    Sent(Option<serde_json::Value>),
    /// The backend refused it for good, with its reason when it gave one.
    Rejected(Option<String>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Item {
    envelope: Envelope,
    attempts: u32,
    /// When the next attempt may start (ms since the epoch).
    next_at: f64,
}

#[derive(Default)]
struct Outbox {
    campaign: Option<Rc<Campaign>>,
    statuses: HashMap<String, Delivery>,
    in_flight: HashSet<String>,
    subscribers: Vec<(u64, Callback<()>)>,
    next_subscriber: u64,
    retry_timer: Option<Timeout>,
    online_listener: Option<EventListener>,
}

thread_local! {
    static OUTBOX: RefCell<Outbox> = RefCell::new(Outbox::default());
}

fn load() -> Vec<Item> {
    storage::get(STORAGE_KEY)
        .and_then(|text| campaign_core::read_json(&text))
        .unwrap_or_default()
}

fn save(items: &[Item]) {
    if items.is_empty() {
        storage::remove(STORAGE_KEY);
    } else if let Ok(text) = serde_json::to_string(items) {
        storage::set(STORAGE_KEY, &text);
    }
}

/// Re-reads the stored items, changes them, and stores them again: another tab
/// may have changed them meanwhile.
fn update(change: impl FnOnce(&mut Vec<Item>)) {
    let mut items = load();
    change(&mut items);
    save(&items);
}

fn set_status(id: &str, delivery: Delivery) {
    let subscribers: Vec<Callback<()>> = OUTBOX.with(|outbox| {
        let mut outbox = outbox.borrow_mut();
        outbox.statuses.insert(id.to_owned(), delivery);
        outbox
            .subscribers
            .iter()
            .map(|(_, callback)| callback.clone())
            .collect()
    });
    for callback in subscribers {
        callback.emit(());
    }
}

/// Starts delivering for `campaign`: sends what earlier visits left, and again
/// whenever the browser comes back online.
pub fn start(campaign: Rc<Campaign>) {
    let listener =
        web_sys::window().map(|window| EventListener::new(&window, "online", |_| flush_now()));
    OUTBOX.with(|outbox| {
        let mut outbox = outbox.borrow_mut();
        outbox.campaign = Some(campaign.clone());
        outbox.online_listener = listener;
    });
    for item in load()
        .iter()
        .filter(|item| item.envelope.campaign_id == campaign.id)
    {
        set_status(&item.envelope.id, Delivery::Waiting);
    }
    flush();
}

/// Keeps `envelope` on the device and sends it. An id already queued or sent is
/// ignored, so calling this twice for one result sends it once.
pub fn submit(mut envelope: Envelope) {
    if envelope.referral_code.is_none() {
        envelope.referral_code = crate::services::referral::code(&envelope.campaign_id);
    }
    let id = envelope.id.clone();
    let known = OUTBOX.with(|outbox| outbox.borrow().statuses.contains_key(&id));
    if known {
        return;
    }
    if crate::services::frame::is_preview() {
        // A designer's preview sends nothing: the preview page shows it instead.
        #[cfg(feature = "preview")]
        crate::services::frame::show_unsent(
            "submission",
            serde_json::to_value(&envelope).unwrap_or_default(),
        );
        set_status(&id, Delivery::Sent(None));
        return;
    }
    update(|items| {
        if !items.iter().any(|item| item.envelope.id == id) {
            items.push(Item {
                envelope,
                attempts: 0,
                next_at: 0.0,
            });
        }
    });
    set_status(&id, Delivery::Waiting);
    flush();
}

/// Where the envelope `id` stands, if this visit knows it.
pub fn status(id: &str) -> Option<Delivery> {
    OUTBOX.with(|outbox| outbox.borrow().statuses.get(id).cloned())
}

/// Calls `on_change` whenever any delivery status changes; stops when the
/// returned guard is dropped.
pub fn subscribe(on_change: Callback<()>) -> Subscription {
    let key = OUTBOX.with(|outbox| {
        let mut outbox = outbox.borrow_mut();
        outbox.next_subscriber += 1;
        let key = outbox.next_subscriber;
        outbox.subscribers.push((key, on_change));
        key
    });
    Subscription(key)
}

pub struct Subscription(u64);

impl Drop for Subscription {
    fn drop(&mut self) {
        OUTBOX.with(|outbox| {
            outbox
                .borrow_mut()
                .subscribers
                .retain(|(key, _)| *key != self.0)
        });
    }
}

/// Sends everything waiting, ignoring backoff (the network just came back).
fn flush_now() {
    update(|items| items.iter_mut().for_each(|item| item.next_at = 0.0));
    flush();
}

/// Sends every envelope that is due, then sets a timer for the next one due.
pub fn flush() {
    let Some(campaign) = OUTBOX.with(|outbox| outbox.borrow().campaign.clone()) else {
        return;
    };
    let now = now_ms();
    let offline = web_sys::window().is_some_and(|window| !window.navigator().on_line());
    let items = load();
    let mut next_due: Option<f64> = None;
    for item in items
        .into_iter()
        .filter(|item| item.envelope.campaign_id == campaign.id)
    {
        let id = item.envelope.id.clone();
        if OUTBOX.with(|outbox| outbox.borrow().in_flight.contains(&id)) {
            continue;
        }
        if offline || item.next_at > now {
            // Offline: the `online` event will flush; otherwise wait for the timer.
            if !offline {
                next_due = Some(next_due.map_or(item.next_at, |due| due.min(item.next_at)));
            }
            continue;
        }
        OUTBOX.with(|outbox| outbox.borrow_mut().in_flight.insert(id.clone()));
        set_status(&id, Delivery::Sending);
        let campaign = campaign.clone();
        wasm_bindgen_futures::spawn_local(async move {
            deliver(&campaign, item).await;
            OUTBOX.with(|outbox| outbox.borrow_mut().in_flight.remove(&id));
            // Send what else is due and set the timer for the next retry.
            flush();
        });
    }
    schedule_retry(next_due.map(|due| (due - now).max(0.0)));
}

fn schedule_retry(after_ms: Option<f64>) {
    let timer = after_ms.map(|wait| Timeout::new(wait.min(f64::from(u32::MAX)) as u32, flush));
    OUTBOX.with(|outbox| outbox.borrow_mut().retry_timer = timer);
}

async fn deliver(campaign: &Campaign, item: Item) {
    let request = campaign.backend.submit_request(campaign, &item.envelope);
    let answer = http::send(&request, SEND_TIMEOUT_MS).await;
    let verdict = match &answer {
        Some(answer) => delivery::judge(answer.status, answer.retry_after.as_deref()),
        None => delivery::NO_ANSWER,
    };
    let id = item.envelope.id.clone();
    match verdict {
        Verdict::Delivered => {
            update(|items| items.retain(|kept| kept.envelope.id != id));
            let receipt = answer.and_then(|answer| serde_json::from_str(&answer.body).ok());
            crate::services::frame::notify(
                "submitted",
                serde_json::json!({
                    "page": item.envelope.page_id,
                    "kind": item.envelope.page_kind.as_str(),
                    "id": id,
                }),
            );
            set_status(&id, Delivery::Sent(receipt));
        }
        Verdict::Rejected => {
            update(|items| items.retain(|kept| kept.envelope.id != id));
            let reason = answer
                .map(|answer| http::error_of(&answer.body).message)
                .filter(|message| !message.is_empty());
            web_sys::console::warn_1(
                &format!(
                    "Campaign Kit: result {id} was refused: {}",
                    reason.as_deref().unwrap_or("(no reason given)")
                )
                .into(),
            );
            set_status(&id, Delivery::Rejected(reason));
        }
        Verdict::Retry { .. } => {
            let wait = delivery::retry_delay_ms(item.attempts, verdict, js_sys::Math::random());
            let next_at = now_ms() + wait as f64;
            update(|items| {
                if let Some(kept) = items.iter_mut().find(|kept| kept.envelope.id == id) {
                    kept.attempts = item.attempts.saturating_add(1);
                    kept.next_at = next_at;
                }
            });
            set_status(&id, Delivery::Waiting);
        }
    }
}
