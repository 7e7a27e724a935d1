//! The app's one way to keep data on the device, and the one place its keys are
//! made. localStorage can refuse (private browsing, some in-app browsers, a
//! full quota): then data lives in memory for the rest of the visit instead of
//! the page failing.
//!
//! Every key carries the namespace of where the config came from: none for the
//! served campaign (so devices keep what they stored before namespaces), its
//! own for a config named by `?c=`. A preview of another config, even one that
//! reuses the campaign's id, never reads the real campaign's drafts or sends its
//! queued results.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

/// Which config's data this is, by a hash of its URL; 0 for the served
/// campaign. See the module's docs. (An atomic only as the cheapest static
/// cell: a page runs on one thread.)
static NAMESPACE: AtomicU32 = AtomicU32::new(0);

thread_local! {
    /// Values localStorage refused this visit: newer than whatever it still
    /// holds under the same key, so they are read first.
    static UNPERSISTED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// Keys of the data the app keeps, by what it is for.
pub mod keys {
    /// The visitor id, across campaigns (it identifies the device, not a person).
    pub const VISITOR: &str = "ck.visitor";
    /// Results not yet acknowledged by a backend.
    pub const OUTBOX: &str = "ck.outbox.v1";

    /// The visitor token a `signed` campaign's host linked with.
    pub fn visitor_token(campaign_id: &str) -> String {
        format!("ck.vt.{campaign_id}")
    }
    /// The invite code a visitor arrived through.
    pub fn referral_code(campaign_id: &str) -> String {
        format!("ck.ref.{campaign_id}")
    }
    /// The name a member puts on their poster.
    pub fn nickname(campaign_id: &str) -> String {
        format!("ck.nickname.{campaign_id}")
    }
    /// A survey's answers so far.
    pub fn survey_draft(campaign_id: &str, page_id: &str) -> String {
        format!("ck.survey.{campaign_id}.{page_id}")
    }
    /// A quiz's answers so far, and its result.
    pub fn quiz_draft(campaign_id: &str, page_id: &str) -> String {
        format!("ck.quiz.{campaign_id}.{page_id}")
    }
    /// The group a member chose.
    pub fn chosen_group(campaign_id: &str, page_id: &str) -> String {
        format!("ck.group.{campaign_id}.{page_id}")
    }
    /// The idempotency key of a draw that has not been answered yet.
    pub fn pending_draw(campaign_id: &str, page_id: &str) -> String {
        format!("ck.draw.{campaign_id}.{page_id}.pending")
    }
    /// The envelope id of the coupon claim made on an offers page, so that a
    /// reload still shows a claim waiting in the outbox.
    pub fn offer_claim(campaign_id: &str, page_id: &str) -> String {
        format!("ck.offer.{campaign_id}.{page_id}.claim")
    }
    /// A course sign-up's answers so far and, once sent, its envelope id: a
    /// reload shows a sign-up waiting in the outbox, not an empty form.
    pub fn course_sign_up(campaign_id: &str, page_id: &str) -> String {
        format!("ck.course.{campaign_id}.{page_id}.sign_up")
    }
    /// The envelope id of a check-in not yet answered, so that a reload shows
    /// it waiting instead of offering the button again.
    pub fn pending_checkin(campaign_id: &str, page_id: &str) -> String {
        format!("ck.checkin.{campaign_id}.{page_id}.pending")
    }
    /// A draw the server answered whose result the person has not seen yet
    /// (the wheel still turning, the card not scratched): a reload shows it
    /// again instead of losing it.
    pub fn unrevealed_draw(campaign_id: &str, page_id: &str) -> String {
        format!("ck.draw.{campaign_id}.{page_id}.unrevealed")
    }
    /// The prizes won on a draw page.
    pub fn won_prizes(campaign_id: &str, page_id: &str) -> String {
        format!("ck.draw.{campaign_id}.{page_id}.won")
    }
    /// Where what this version could not read under `key` is set aside: kept,
    /// never overwritten, for a later version or a person to recover.
    pub fn set_aside(key: &str) -> String {
        format!("{key}.unreadable")
    }
}

/// Keeps the data of the config at `config_url` (the page's `?c=`) apart from
/// the served campaign's, and from other configs'.
pub fn separate_config(config_url: &str) {
    // FNV-1a: a data: URL holds a whole config, too long to put in every key.
    let hash = config_url.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    NAMESPACE.store(hash.max(1), Ordering::Relaxed);
}

fn namespaced(key: &str) -> String {
    match NAMESPACE.load(Ordering::Relaxed) {
        0 => key.to_owned(),
        hash => format!("ck.c{hash}:{key}"),
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    // A designer's preview keeps everything in memory: clicking through it must
    // not leave drafts, sent results or chosen groups behind for real visits.
    if crate::services::frame::is_preview() {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    let key = namespaced(key);
    // After a refused write localStorage still holds the value from before it:
    // reading that would hand the next save a stale copy to write back.
    UNPERSISTED
        .with(|map| map.borrow().get(&key).cloned())
        .or_else(|| local_storage()?.get_item(&key).ok().flatten())
}

/// Keeps `value`; false when only memory could keep it (it is lost on reload).
pub fn set(key: &str, value: &str) -> bool {
    let key = namespaced(key);
    let persisted = local_storage().is_some_and(|storage| storage.set_item(&key, value).is_ok());
    UNPERSISTED.with(|map| {
        let mut map = map.borrow_mut();
        if persisted {
            map.remove(&key);
        } else {
            map.insert(key, value.to_owned());
        }
    });
    persisted
}

pub fn remove(key: &str) {
    let key = namespaced(key);
    if let Some(storage) = local_storage() {
        storage.remove_item(&key).ok();
    }
    UNPERSISTED.with(|map| map.borrow_mut().remove(&key));
}
