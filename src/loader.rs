//! Finding and reading the campaign config.
//!
//! In order: the URL named by `?c=` (a marketer previewing another config, where
//! [`trusted_config_url`] allows it), the config the server inlined into the
//! HTML (no extra round trip on a slow network), the config file the page names
//! (a server's large config, on its way since the shell started the wasm), and
//! `/campaign.json` (static hosting, or a config file the server no longer has).

use campaign_core::config::Locale;
use campaign_core::shell::{CONFIG_ELEMENT_ID, INLINE_CONFIG_MAX_BYTES};
use campaign_core::validate::declared_locale;
use campaign_core::{
    Campaign, ConfigErrors, Diagnostic, parse_campaign, parse_document, read_campaign,
};
use std::rc::Rc;

pub use crate::services::http::FetchFailure;
use crate::services::http::fetch_text;
use crate::services::tasks::next_task;

/// Where a static deployment keeps its config.
pub const DEFAULT_CONFIG_URL: &str = "/campaign.json";

/// The outcome of loading a config: each case has a page of its own.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Ready(Rc<Campaign>),
    /// The config was read but is not valid: every problem, by path.
    Invalid {
        source: String,
        locale: Locale,
        problems: Vec<Diagnostic>,
    },
    /// The config could not be fetched at all.
    Unreachable {
        source: String,
        failure: FetchFailure,
    },
}

const INLINE_SOURCE: &str = "(inlined in the page)";

/// The config, and whether a first screen in the page was rendered from it
/// (see [`renders_first_screen`]).
pub async fn load(config_url: Option<&str>) -> (Loaded, bool) {
    let (source, text) = match config_url {
        Some(url) => (url.to_owned(), fetch_text(url).await),
        None => match inline_config() {
            Some(text) => (INLINE_SOURCE.to_owned(), Ok(text)),
            None => {
                let mut url = meta_content(campaign_core::shell::CONFIG_URL_META)
                    .unwrap_or_else(|| DEFAULT_CONFIG_URL.to_owned());
                loop {
                    let text = fetch_text(&url).await;
                    // Servers behind one address restart with a new campaign
                    // one after another: a page from one that ran the old
                    // campaign can ask one that no longer has its config
                    // file. The campaign that server runs now renders afresh.
                    if text == Err(FetchFailure::Status(404)) && url != DEFAULT_CONFIG_URL {
                        url = DEFAULT_CONFIG_URL.to_owned();
                        continue;
                    }
                    break (url, text);
                }
            }
        },
    };
    match text {
        Ok(text) => {
            let rendered_from_it = renders_first_screen(config_url, &source, &text);
            (interpret_in_turns(source, &text).await, rendered_from_it)
        }
        Err(failure) => (Loaded::Unreachable { source, failure }, false),
    }
}

/// Whether the page's first screen, if it has one, was rendered from this
/// config: the one the server inlined with it, or the one a static build
/// rendered from, by its digest. Another config (`?c=`, a `campaign.json`
/// edited since the build) renders afresh.
fn renders_first_screen(config_url: Option<&str>, source: &str, text: &str) -> bool {
    if config_url.is_some() {
        return false;
    }
    if source == INLINE_SOURCE {
        return true;
    }
    meta_content(campaign_core::shell::FIRST_SCREEN_CONFIG_META)
        .is_some_and(|digest| digest == campaign_core::shell::config_digest(text))
}

/// The `content` of the page's `<meta name=name>`, if it has one.
fn meta_content(name: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name={name}]"))
        .ok()??
        .get_attribute("content")
}

/// Turns config text into what the app shows.
pub fn interpret(source: String, text: &str) -> Loaded {
    outcome(source, text, parse_campaign(text))
}

/// [`interpret`], for start-up: a config too long to inline (a CMB-size
/// picker's 3,000 groups) is parsed in one task and read in the next, so the
/// two do not add up into one long task on a phone's main thread.
async fn interpret_in_turns(source: String, text: &str) -> Loaded {
    if text.len() <= INLINE_CONFIG_MAX_BYTES {
        return interpret(source, text);
    }
    let read = match parse_document(text) {
        Ok(document) => {
            next_task().await;
            read_campaign(document)
        }
        Err(errors) => Err(errors),
    };
    outcome(source, text, read)
}

fn outcome(source: String, text: &str, read: Result<Campaign, ConfigErrors>) -> Loaded {
    match read {
        Ok(campaign) => Loaded::Ready(Rc::new(campaign)),
        // The error page speaks the language the config asks for, as
        // `campaign-server check` does.
        Err(errors) => Loaded::Invalid {
            source,
            locale: declared_locale(text),
            problems: errors.0,
        },
    }
}

fn inline_config() -> Option<String> {
    web_sys::window()?
        .document()?
        .get_element_by_id(CONFIG_ELEMENT_ID)?
        .text_content()
}

pub use campaign_core::shell::PREVIEW_ORIGINS_META;

/// The `?c=` config this page may show, if any. A link to the real site that
/// carries a stranger's config would show the stranger's title and send the
/// visitor's answers to the stranger's backend, so `?c=` counts only inside the
/// site's own preview page (which sends nothing), or when it names an origin in
/// [`PREVIEW_ORIGINS_META`]. A `data:` URL has no origin, so it counts only in
/// the preview; a relative URL is this site's, which counts when listed.
/// Otherwise the served campaign is shown, and the console says why.
pub fn trusted_config_url(requested: Option<String>) -> Option<String> {
    let requested = requested?;
    if crate::services::frame::may_preview(&requested) {
        return Some(requested);
    }
    web_sys::console::warn_1(
        &"Campaign Kit: ?c= ignored; another config shows only in this site's /preview or from an origin in <meta name=campaign-kit-preview-origins>".into(),
    );
    None
}
