//! Analytics events (page views and the key steps of each page), batched and sent
//! with `navigator.sendBeacon`, which never blocks the page, survives the page
//! being closed, and (as `text/plain`) needs no CORS preflight at any events
//! endpoint. Events are best effort; results that must arrive go through the
//! outbox.

use std::cell::RefCell;
use std::rc::Rc;

use campaign_core::envelope::MAX_EVENTS_PER_BATCH;
use campaign_core::{Campaign, Event, EventBatch};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use serde_json::Value;

use crate::services::identity::{new_envelope_id, now_ms, visitor_id};

/// A batch waits at most this long for more events.
const BATCH_DELAY_MS: u32 = 5_000;
/// Events beyond this many waiting are dropped (a page gone wild must not grow
/// without bound on a phone).
const MAX_QUEUED: usize = 200;

#[derive(Default)]
struct Events {
    campaign: Option<Rc<Campaign>>,
    queue: Vec<Event>,
    timer: Option<Timeout>,
    listeners: Vec<EventListener>,
}

thread_local! {
    static EVENTS: RefCell<Events> = RefCell::new(Events::default());
}

/// Starts collecting events for `campaign`, sending what is waiting whenever the
/// page is hidden or left (the last moment a phone browser lets a page send).
pub fn start(campaign: Rc<Campaign>) {
    let mut listeners = Vec::new();
    if let Some(window) = web_sys::window() {
        listeners.push(EventListener::new(&window, "pagehide", |_| {
            send_with_beacon()
        }));
        if let Some(document) = window.document() {
            let watched = document.clone();
            listeners.push(EventListener::new(
                &document,
                "visibilitychange",
                move |_| {
                    if watched.visibility_state() == web_sys::VisibilityState::Hidden {
                        send_with_beacon();
                    }
                },
            ));
        }
    }
    EVENTS.with(|events| {
        let mut events = events.borrow_mut();
        events.campaign = Some(campaign);
        events.listeners = listeners;
    });
}

/// Calls `then` once, at the first pointer press, key press or input
/// anywhere in the document; dropping the answer stops listening.
pub fn on_first_interaction(then: impl FnOnce() + 'static) -> Vec<EventListener> {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return Vec::new();
    };
    let then = Rc::new(RefCell::new(Some(then)));
    ["pointerdown", "keydown", "input"]
        .into_iter()
        .map(|name| {
            let then = then.clone();
            EventListener::new(&document, name, move |_| {
                if let Some(then) = then.borrow_mut().take() {
                    then();
                }
            })
        })
        .collect()
}

/// Records that `name` happened on `page_id`.
pub fn track(name: &str, page_id: Option<&str>, data: Value) {
    #[cfg(feature = "preview")]
    if crate::services::frame::is_preview() {
        crate::services::frame::show_unsent(
            "event",
            crate::services::json::object([
                ("name", name.into()),
                ("page", page_id.into()),
                ("data", data),
            ]),
        );
        return;
    }
    let full = EVENTS.with(|events| {
        let mut events = events.borrow_mut();
        let Some(campaign) = events.campaign.clone() else {
            return false;
        };
        if events.queue.len() >= MAX_QUEUED {
            return false;
        }
        events.queue.push(Event {
            id: new_envelope_id(),
            campaign_id: campaign.id.clone(),
            page_id: page_id.map(str::to_owned),
            visitor_id: visitor_id(),
            name: name.to_owned(),
            client_ts: now_ms() as i64,
            data,
            channel: crate::services::channel::current(),
        });
        if events.timer.is_none() {
            events.timer = Some(Timeout::new(BATCH_DELAY_MS, send_with_beacon));
        }
        events.queue.len() >= MAX_EVENTS_PER_BATCH
    });
    if full {
        send_with_beacon();
    }
}

/// Takes the waiting events (one batch's worth) and the URL to send them to.
fn take_batch() -> Option<(String, String)> {
    EVENTS.with(|events| {
        let mut events = events.borrow_mut();
        events.timer = None;
        let campaign = events.campaign.clone()?;
        if events.queue.is_empty() {
            return None;
        }
        let count = events.queue.len().min(MAX_EVENTS_PER_BATCH);
        let batch = EventBatch {
            events: events.queue.drain(..count).collect(),
        };
        let body = serde_json::to_string(&batch).ok()?;
        Some((campaign.backend.events_url(), body))
    })
}

fn send_with_beacon() {
    while let Some((url, body)) = take_batch() {
        let sent = web_sys::window()
            .and_then(|window| {
                window
                    .navigator()
                    .send_beacon_with_opt_str(&url, Some(&body))
                    .ok()
            })
            .unwrap_or(false);
        if !sent {
            break;
        }
    }
}
