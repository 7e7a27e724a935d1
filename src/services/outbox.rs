//! The outbox: every result a page produces goes through here, and none is lost.
//!
//! An envelope is written to the device before it is sent, sent with its id as
//! `Idempotency-Key`, and kept until a backend acknowledges it or refuses it for
//! good. Network errors, timeouts, 429 and 5xx are retried with backoff (or when
//! the backend's `Retry-After` says), when the browser comes back online, and on
//! the next visit; 401, 403 and 404 (a backend mid-deploy) slowly, for a day.
//! Because every attempt carries the same id, a retry after a lost response, a
//! double tap or a reload mid-send is stored once by the backend.
//!
//! Stored items this version cannot read are set aside, never dropped, and an
//! envelope the browser cannot send as the config asks stays queued for a visit
//! with a fixed config.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use campaign_core::delivery::{self, Verdict};
use campaign_core::{Campaign, Envelope};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use yew::Callback;

use crate::services::http::{self, SendFailure};
use crate::services::identity::now_ms;
use crate::services::storage::{self, keys};

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
    /// Kept on the device, but this browser cannot send it the way the config
    /// asks (the reason names the setting, for the console): it goes on a later
    /// visit, once the config is fixed.
    Unsendable(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Item {
    envelope: Envelope,
    attempts: u32,
    /// When the next attempt may start (ms since the epoch).
    next_at: f64,
    /// Since when the backend has held it with 401, 403 or 404 (ms since the
    /// epoch): retried slowly, and given up a day after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    held_since: Option<f64>,
}

#[derive(Default)]
struct Outbox {
    campaign: Option<Rc<Campaign>>,
    statuses: HashMap<String, Delivery>,
    in_flight: HashSet<String>,
    /// Envelopes this visit cannot send (see [`Delivery::Unsendable`]).
    unsendable: HashSet<String>,
    subscribers: Vec<(u64, Callback<()>)>,
    next_subscriber: u64,
    retry_timer: Option<Timeout>,
    online_listener: Option<EventListener>,
}

thread_local! {
    static OUTBOX: RefCell<Outbox> = RefCell::new(Outbox::default());
}

/// The stored queue: the items this version reads, and the ones it cannot read
/// that could not be set aside (they stay in the queue rather than be lost).
#[derive(Default)]
struct Queue {
    items: Vec<Item>,
    unreadable: Vec<Value>,
}

fn load() -> Queue {
    let Some(text) = storage::get(keys::OUTBOX) else {
        return Queue::default();
    };
    // Item by item: one unreadable item must not cost the readable ones. Read
    // as a `Value` first, like everything else: a typed read of a `Vec` here
    // would add serde's error messages (and float formatting) to every bundle.
    let values = match serde_json::from_str(&text) {
        Ok(Value::Array(values)) => values,
        _ => vec![Value::String(text)],
    };
    let mut queue = Queue::default();
    for value in values {
        match campaign_core::read_value::<Item>(&value) {
            Some(item) => queue.items.push(item),
            None => queue.unreadable.push(value),
        }
    }
    if !queue.unreadable.is_empty() && set_aside(&queue.unreadable) {
        queue.unreadable.clear();
    }
    queue
}

/// Adds `values` to what is set aside from the queue, each once; true when that
/// is kept on the device.
fn set_aside(values: &[Value]) -> bool {
    let key = keys::set_aside(keys::OUTBOX);
    let mut kept = match storage::get(&key).map(|text| (serde_json::from_str(&text), text)) {
        Some((Ok(Value::Array(kept)), _)) => kept,
        Some((_, text)) => vec![Value::String(text)],
        None => Vec::new(),
    };
    let before = kept.len();
    for value in values {
        if !kept.contains(value) {
            kept.push(value.clone());
        }
    }
    if kept.len() > before {
        web_sys::console::warn_1(
            &"Campaign Kit: queued results this version cannot read are kept in localStorage, \
              under `ck.outbox.v1.unreadable`"
                .into(),
        );
    }
    serde_json::to_string(&kept).is_ok_and(|text| storage::set(&key, &text))
}

/// One entry of the stored queue, as [`save`] writes it.
#[derive(Serialize)]
#[serde(untagged)]
enum Stored<'a> {
    Item(&'a Item),
    /// Written back as it was read.
    Unreadable(&'a Value),
}

fn save(queue: &Queue) {
    let stored: Vec<Stored> = queue
        .items
        .iter()
        .map(Stored::Item)
        .chain(queue.unreadable.iter().map(Stored::Unreadable))
        .collect();
    if stored.is_empty() {
        storage::remove(keys::OUTBOX);
    } else if let Ok(text) = serde_json::to_string(&stored) {
        storage::set(keys::OUTBOX, &text);
    }
}

/// Re-reads the stored items, changes them, and stores them again: another tab
/// may have changed them meanwhile.
fn update(change: impl FnOnce(&mut Vec<Item>)) {
    let mut queue = load();
    change(&mut queue.items);
    save(&queue);
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
        .items
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
    if envelope.channel.is_none() {
        envelope.channel = crate::services::channel::current();
    }
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
                held_since: None,
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
    let mut next_due: Option<f64> = None;
    for item in load()
        .items
        .into_iter()
        .filter(|item| item.envelope.campaign_id == campaign.id)
    {
        let id = item.envelope.id.clone();
        let busy_or_stuck = OUTBOX.with(|outbox| {
            let outbox = outbox.borrow();
            outbox.in_flight.contains(&id) || outbox.unsendable.contains(&id)
        });
        if busy_or_stuck {
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
    let id = item.envelope.id.clone();
    let answer = match http::send(&request, SEND_TIMEOUT_MS).await {
        Ok(answer) => Some(answer),
        Err(SendFailure::NoAnswer) => None,
        Err(SendFailure::Unsendable(reason)) => return keep_unsendable(&id, reason),
    };
    let now = now_ms();
    let verdict = match &answer {
        Some(answer) => delivery::judge(answer.status, answer.retry_after.as_deref()),
        None => delivery::NO_ANSWER,
    };
    let verdict = delivery::expire_hold(
        verdict,
        item.held_since.map(|since| since as u64),
        now as u64,
    );
    match verdict {
        Verdict::Delivered => {
            update(|items| items.retain(|kept| kept.envelope.id != id));
            let receipt = answer.and_then(|answer| serde_json::from_str(&answer.body).ok());
            crate::services::frame::notify(
                "submitted",
                crate::services::json::object([
                    ("page", item.envelope.page_id.as_str().into()),
                    ("kind", item.envelope.page_kind.as_str().into()),
                    ("id", id.as_str().into()),
                ]),
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
        Verdict::Retry { .. } | Verdict::Held => {
            let wait = delivery::retry_delay_ms(item.attempts, verdict, js_sys::Math::random());
            // The day a held envelope is kept counts from the first refusal in
            // a row: any other answer means the backend is back.
            let held_since = (verdict == Verdict::Held).then(|| item.held_since.unwrap_or(now));
            update(|items| {
                if let Some(kept) = items.iter_mut().find(|kept| kept.envelope.id == id) {
                    kept.attempts = item.attempts.saturating_add(1);
                    kept.next_at = now + wait as f64;
                    kept.held_since = held_since;
                }
            });
            set_status(&id, Delivery::Waiting);
        }
    }
}

/// The browser refused to build the request (a header value it cannot send,
/// say): every attempt this visit would fail the same way. Keeps the envelope,
/// tries no more this visit, and says so once in the console.
fn keep_unsendable(id: &str, reason: String) {
    let first = OUTBOX.with(|outbox| {
        let mut outbox = outbox.borrow_mut();
        outbox.unsendable.insert(id.to_owned());
        outbox.unsendable.len() == 1
    });
    if first {
        web_sys::console::error_1(
            &format!(
                "Campaign Kit: results cannot be sent: {reason}; they stay saved on this device"
            )
            .into(),
        );
    }
    set_status(id, Delivery::Unsendable(reason));
}
