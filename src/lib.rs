//! Campaign Kit's Yew app: renders a campaign's pages from its config.
//!
//! Start-up order matters for phones on slow networks: the HTML shell paints a
//! loading state at once, [`run`] loads the config (inlined by the server, so
//! usually without a request), and only then mounts the app, whose first render
//! is a pure function of the loaded config and the URL.

pub mod app;
pub mod components;
#[cfg(feature = "console")]
pub mod console;
pub mod hooks;
pub mod i18n;
pub mod loader;
pub mod pages;
pub mod panic;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod router;
pub mod services;
pub mod shared;
pub mod theme;

use wasm_bindgen::prelude::*;

// SAFETY: a page's wasm runs on one thread (no shared memory, no workers).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// Id of the element the app mounts into.
pub const MOUNT_ID: &str = "app";

/// Entry point, called by the HTML shell once the wasm is loaded.
#[wasm_bindgen]
pub fn run() {
    panic::install_hook();
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id(MOUNT_ID) else {
        web_sys::console::error_1(
            &format!("Campaign Kit: no element with id `{MOUNT_ID}` to mount into").into(),
        );
        return;
    };
    let start = router::StartUrl::read();
    if let Some(config_url) = &start.config_url {
        services::storage::separate_config(config_url);
    }
    #[cfg(feature = "frame")]
    services::frame::start(start.host.as_deref(), start.preview);
    wasm_bindgen_futures::spawn_local(async move {
        let (loaded, rendered_from_it) = loader::load(start.config_url.as_deref()).await;
        // The visitor token leaves the address bar before anything renders,
        // and is sent with the first API call the pages make.
        if let loader::Loaded::Ready(campaign) = &loaded {
            services::person::start(campaign);
        }
        // The server's (or the static build's) first screen of this very
        // route is hydrated; anything else (a loading placeholder, another
        // config's preview) goes only once there is something to show.
        let rendered_at = match &loaded {
            loader::Loaded::Ready(_) if rendered_from_it => first_screen_time(&root, &start.route),
            _ => None,
        };
        if rendered_at.is_none() {
            root.set_inner_html("");
        }
        let props = app::AppProps {
            loaded: std::rc::Rc::new(loaded),
            start_route: start.route,
            link_query: start.link_query.into(),
            first_render_ms: rendered_at.unwrap_or_else(|| services::identity::now_ms() as i64),
        };
        services::tasks::next_task().await;
        let renderer = yew::Renderer::<app::App>::with_root_and_props(root, props);
        match rendered_at {
            Some(_) => {
                renderer.hydrate();
            }
            None => {
                renderer.render();
            }
        }
    });
}

/// When `root` holds the first screen the server rendered for `route`, the
/// moment it shows (see [`app::AppProps::first_render_ms`]).
fn first_screen_time(root: &web_sys::Element, route: &campaign_core::routes::Route) -> Option<i64> {
    let screen = root.first_element_child()?;
    if screen.get_attribute("data-route")? != route.path() {
        return None;
    }
    screen.get_attribute("data-rendered-at")?.parse().ok()
}

/// Checks a config as the pages do, for the preview page's editor: `{"ok": true}`
/// or `{"ok": false, "problems": [{"path", "message", "hint"}]}`, in the
/// language the config asks for.
#[cfg(feature = "preview")]
#[wasm_bindgen]
pub fn validate_config(json: &str) -> String {
    let locale = campaign_core::validate::declared_locale(json);
    let problems: Vec<serde_json::Value> = match campaign_core::parse_campaign(json) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .0
            .iter()
            .map(|problem| {
                serde_json::json!({
                    "path": problem.location(locale),
                    "message": problem.message(locale),
                    "hint": problem.hint(locale),
                })
            })
            .collect(),
    };
    serde_json::json!({ "ok": problems.is_empty(), "problems": problems }).to_string()
}
