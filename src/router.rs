//! Moving between a campaign's pages with real paths (`/p/<id>`) and the History
//! API, so every page has a URL that can be shared, printed as a QR code and
//! prerendered. Parsing lives in core ([`Route`]); this module is the browser side.

use std::rc::Rc;

use campaign_core::routes::Route;
use gloo_events::EventListener;
use yew::Callback;

/// What the app needs from the URL it was opened at.
#[derive(Debug, Clone, PartialEq)]
pub struct StartUrl {
    pub route: Route,
    /// `?c=`: a config to load instead of the served one, when this page may
    /// show it ([`crate::loader::trusted_config_url`]).
    pub config_url: Option<String>,
    /// Query string every in-app link carries so the chosen config (and, in a
    /// frame, the host and preview flags) stay.
    pub link_query: String,
    /// `?host=`: the embedding page's origin, named by the embed loader.
    pub host: Option<String>,
    /// `?preview=1` in a frame of this site's own preview page: nothing is sent.
    /// Anywhere else it is ignored, or any site could frame a page that tells
    /// people "sent" while sending nothing.
    pub preview: bool,
}

impl StartUrl {
    pub fn read() -> StartUrl {
        let location = web_sys::window().map(|window| window.location());
        let path = location
            .as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_default();
        let search = location
            .as_ref()
            .and_then(|l| l.search().ok())
            .unwrap_or_default();
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
        let param = |name: &str| {
            params
                .as_ref()
                .and_then(|params| params.get(name))
                .filter(|value| !value.is_empty())
        };
        let config_url = crate::loader::trusted_config_url(param("c"));
        // Only pages can be framed with events or previewed: the campaign
        // home's bundle does without (and without the code to read them).
        #[cfg(feature = "frame")]
        let (host, preview) = (
            param("host"),
            param("preview").as_deref() == Some("1")
                && crate::services::frame::framed_by_own_preview(),
        );
        #[cfg(not(feature = "frame"))]
        let (host, preview) = (None::<String>, false);
        let mut link_query = String::new();
        for (name, value) in [("c", &config_url), ("host", &host)] {
            if let Some(value) = value {
                link_query.push(if link_query.is_empty() { '?' } else { '&' });
                link_query.push_str(name);
                link_query.push('=');
                link_query.push_str(&String::from(js_sys::encode_uri_component(value)));
            }
        }
        if preview {
            link_query.push_str(if link_query.is_empty() {
                "?preview=1"
            } else {
                "&preview=1"
            });
        }
        StartUrl {
            route: Route::parse(&path),
            config_url,
            link_query,
            host,
            preview,
        }
    }
}

/// How components move to another route; provided by the app as a context.
#[derive(Clone, PartialEq)]
pub struct Navigator {
    pub navigate: Callback<Route>,
    pub link_query: Rc<str>,
    /// Pages another bundle of the app shows: links to them load the page from
    /// the server instead of moving within this bundle.
    pub elsewhere: Rc<[String]>,
}

impl Navigator {
    /// Whether following a link to `route` can stay within this bundle.
    pub fn is_local(&self, route: &Route) -> bool {
        match route {
            Route::Page(id) => !self.elsewhere.contains(id),
            _ => true,
        }
    }

    /// The href of `route`, keeping the config choice.
    pub fn href(&self, route: &Route) -> String {
        format!("{}{}", route.path(), self.link_query)
    }
}

/// Adds `route` to the browser history and scrolls to the top, as a page load would.
pub fn push(route: &Route, link_query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let url = format!("{}{link_query}", route.path());
        history
            .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            .ok();
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

/// Calls `on_change` with the new route when the person goes back or forward.
/// The listener stops when the returned value is dropped.
pub fn listen_history(on_change: Callback<Route>) -> Option<EventListener> {
    let window = web_sys::window()?;
    let reader = window.clone();
    Some(EventListener::new(&window, "popstate", move |_| {
        let path = reader.location().pathname().unwrap_or_default();
        on_change.emit(Route::parse(&path));
    }))
}
