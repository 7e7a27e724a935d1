//! The app's one way to keep data on the device. localStorage can refuse
//! (private browsing, some in-app browsers, a full quota): then data lives in
//! memory for the rest of the visit instead of the page failing.

use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    static FALLBACK: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
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
    let stored = local_storage().and_then(|storage| storage.get_item(key).ok().flatten());
    stored.or_else(|| FALLBACK.with(|map| map.borrow().get(key).cloned()))
}

/// Keeps `value`; false when only memory could keep it (it is lost on reload).
pub fn set(key: &str, value: &str) -> bool {
    let persisted = local_storage().is_some_and(|storage| storage.set_item(key, value).is_ok());
    FALLBACK.with(|map| {
        let mut map = map.borrow_mut();
        if persisted {
            map.remove(key);
        } else {
            map.insert(key.to_owned(), value.to_owned());
        }
    });
    persisted
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        storage.remove_item(key).ok();
    }
    FALLBACK.with(|map| map.borrow_mut().remove(key));
}
