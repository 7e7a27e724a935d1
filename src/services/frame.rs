//! Life inside a frame: an embedded page tells its host what happens (loaded,
//! submitted, a draw's result, its height), and a designer's preview frame sends
//! nothing anywhere but shows it to the preview page instead. Only a frame of
//! this site's own `/preview` is a preview, and only there, or from an origin
//! the site lists, may a page show another config than the served one.
//!
//! Messages are `{ source: "campaign-kit", type, detail }`, posted only to the
//! host's origin: the embed loader names it with `?host=`; a plain `<iframe>`
//! host is known from the referrer. Nothing is posted when that is unknown.

use std::cell::RefCell;

use serde_json::Value;

/// Where a frame keeps its host's origin for the rest of the tab's life.
const HOST_KEY: &str = "ck.host";

thread_local! {
    /// The origin messages go to, once the page knows it is framed.
    static HOST: RefCell<Option<String>> = const { RefCell::new(None) };
    static PREVIEW: RefCell<bool> = const { RefCell::new(false) };
}

/// Notes whether the page runs in a frame, and for whom. `preview`: the page is
/// a frame of this site's own preview page, with `?preview=1`
/// ([`crate::router::StartUrl::preview`]).
pub fn start(host: Option<&str>, preview: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let framed = window
        .parent()
        .ok()
        .flatten()
        .is_some_and(|parent| !js_sys::Object::is(&parent, &window));
    if !framed {
        return;
    }
    let own = window.location().origin().ok();
    let session = window.session_storage().ok().flatten();
    let target = if preview {
        own
    } else {
        // The loader names the host; a plain <iframe> host is the referrer, until
        // a link to another bundle reloads the frame (then the referrer is this
        // site, and the host found earlier in this tab is kept).
        let referrer = window
            .document()
            .and_then(|document| origin_of(&document.referrer()))
            .filter(|origin| Some(origin) != own.as_ref());
        let remembered = session
            .as_ref()
            .and_then(|session| session.get_item(HOST_KEY).ok().flatten());
        host.map(str::to_owned).or(referrer).or(remembered)
    };
    let target = target.filter(|origin| is_origin(origin));
    if let (Some(session), Some(target), false) = (&session, &target, preview) {
        session.set_item(HOST_KEY, target).ok();
    }
    PREVIEW.with(|flag| *flag.borrow_mut() = preview && target.is_some());
    HOST.with(|slot| *slot.borrow_mut() = target);
    if !preview {
        if let Some(root) = window
            .document()
            .and_then(|document| document.document_element())
        {
            // Sized by its content in a frame, not by the frame (see styles.css).
            root.set_attribute("class", "ck-framed").ok();
        }
        watch_height();
    }
}

/// Whether this page is a frame of this site's own preview page (`/preview`).
/// A page that is not framed is its own parent, and never at `/preview` (that
/// is the preview page, not a campaign page). A frame on another site may not
/// read its parent's address: that throws, and counts as no.
pub fn framed_by_own_preview() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Some(parent) = window
        .parent()
        .ok()
        .flatten()
        .map(|parent| parent.location())
    else {
        return false;
    };
    let own = window.location().origin().ok();
    own.is_some()
        && parent.origin().ok() == own
        && parent.pathname().ok().as_deref() == Some("/preview")
}

/// Whether this page may show the config at `config_url` (its `?c=`) instead of
/// the served one: inside this site's own preview, or from an origin the site
/// lists ([`campaign_core::shell::PREVIEW_ORIGINS_META`]).
pub fn may_preview(config_url: &str) -> bool {
    framed_by_own_preview() || origin_listed(config_url)
}

/// Whether `config_url` is on an origin the site lists for previews.
fn origin_listed(config_url: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // Read against this site's origin rather than the page's address: for the
    // origin, all that is compared, both give the same answer.
    let origin = window
        .location()
        .origin()
        .ok()
        .and_then(|own| web_sys::Url::new_with_base(config_url, &own).ok())
        .map(|url| url.origin());
    let listed = window
        .document()
        .and_then(|document| {
            document
                .query_selector(campaign_core::shell::PREVIEW_ORIGINS_SELECTOR)
                .ok()
        })
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default();
    // `data:` URLs have the origin "null", never listed.
    origin.is_some_and(|origin| {
        origin != "null"
            && listed
                .split_ascii_whitespace()
                .any(|listed| listed == origin)
    })
}

/// Whether this is a designer's preview: nothing may reach a backend.
pub fn is_preview() -> bool {
    PREVIEW.with(|flag| *flag.borrow())
}

/// Tells the host page that `kind` happened.
pub fn notify(kind: &str, detail: Value) {
    let Some(origin) = HOST.with(|slot| slot.borrow().clone()) else {
        return;
    };
    let Some(parent) = web_sys::window().and_then(|window| window.parent().ok().flatten()) else {
        return;
    };
    let message = crate::services::json::object([
        ("source", "campaign-kit".into()),
        ("type", kind.into()),
        ("detail", detail),
    ]);
    if let Ok(text) = serde_json::to_string(&message) {
        if let Ok(value) = js_sys::JSON::parse(&text) {
            parent.post_message(&value, &origin).ok();
        }
    }
}

/// In a preview, calls `on_config` with each valid config the preview page (on
/// this same site) sends, and tells it this frame is listening.
#[cfg(feature = "preview")]
pub fn listen_for_configs(
    on_config: yew::Callback<std::rc::Rc<campaign_core::Campaign>>,
) -> Option<gloo_events::EventListener> {
    use wasm_bindgen::JsCast;
    if !is_preview() {
        return None;
    }
    let window = web_sys::window()?;
    let own = window.location().origin().ok()?;
    let listener = gloo_events::EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        if event.origin() != own {
            return;
        }
        let data = event.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok()?.as_string();
        if field("source").as_deref() != Some("campaign-kit-preview")
            || field("type").as_deref() != Some("config")
        {
            return;
        }
        // Invalid configs never arrive (the preview page checks them), but a
        // frame must not fall over if one does: it keeps what it shows.
        if let Some(Ok(campaign)) = field("json").map(|json| campaign_core::parse_campaign(&json)) {
            on_config.emit(std::rc::Rc::new(campaign));
        }
    });
    notify("ready", Value::Null);
    Some(listener)
}

/// In a preview, what would have been sent (`what`: `submission` or `event`).
#[cfg(feature = "preview")]
pub fn show_unsent(what: &str, body: Value) {
    notify(
        "preview",
        crate::services::json::object([("what", what.into()), ("body", body)]),
    );
}

/// `https://host:port` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let scheme_end = url.find("://")? + 3;
    let end = url[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| scheme_end + at);
    Some(url[..end].to_owned())
}

fn is_origin(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|host| !host.is_empty() && !host.contains(['/', '?', '#', ' ']))
}

/// Keeps the host's frame as tall as the page, so it never scrolls inside.
fn watch_height() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(body) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    else {
        return;
    };
    // The body, not the root: the root is never shorter than the frame, so a
    // page that got shorter could never shrink its frame.
    let measured = body.clone();
    let report = Closure::<dyn FnMut()>::new(move || {
        notify(
            "resize",
            crate::services::json::object([("height", measured.scroll_height().into())]),
        );
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer calls it for the page's whole life.
    report.forget();
}
