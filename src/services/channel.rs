//! The channel (渠道码) a visit came through: a link's `?ch=<code>`, such as
//! the official account's menu or a transaction alert. It is kept for the
//! visit (the tab's `sessionStorage`, so a reload keeps it and tomorrow's
//! visit through another link does not inherit it), and every event,
//! envelope and draw of the visit carries it, so the console can tell which
//! channel brought which results.

use std::cell::RefCell;

use campaign_core::envelope::channel_of_link;

const KEY: &str = "ck.channel";

thread_local! {
    /// Read once per page load: the address, else what the visit kept.
    static CURRENT: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// This visit's channel, if it has one.
pub fn current() -> Option<String> {
    CURRENT.with(|current| {
        current
            .borrow_mut()
            .get_or_insert_with(|| {
                let window = web_sys::window()?;
                let session = window.session_storage().ok().flatten();
                let from_link = window
                    .location()
                    .search()
                    .ok()
                    .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
                    .and_then(|params| params.get("ch"))
                    .and_then(|value| channel_of_link(&value));
                match from_link {
                    Some(code) => {
                        if let Some(session) = &session {
                            session.set_item(KEY, &code).ok();
                        }
                        Some(code)
                    }
                    None => session
                        .and_then(|session| session.get_item(KEY).ok().flatten())
                        .and_then(|kept| channel_of_link(&kept)),
                }
            })
            .clone()
    })
}
