//! The verified person of a `signed` campaign: the visitor token its host
//! links with (`/p/<id>#vt=<token>`), kept on the device for that campaign
//! and sent as `Authorization: Bearer <token>` with every API call (by
//! [`crate::services::http`], the one HTTP path); and the sentence a page
//! shows when the person cannot be counted, instead of falling back to the
//! device without a word.
//!
//! The campaign home's bundle only takes the token out of the address and
//! keeps it: it makes no call that needs it, and stays small.

#[cfg(feature = "frame")]
use std::cell::RefCell;

use campaign_core::Campaign;
use campaign_core::config::Identity;
use campaign_core::identity::token_in_fragment;
#[cfg(feature = "frame")]
use campaign_core::identity::{PersonRefusal, unverified_claims};
#[cfg(feature = "frame")]
use yew::Callback;

use crate::services::storage;

#[cfg(feature = "frame")]
#[derive(Default)]
struct Person {
    /// The campaign's token, when it is a `signed` one and the host sent one.
    token: Option<String>,
    /// Why the person cannot be counted, in the campaign's language.
    refusal: Option<String>,
    /// The notice on screen, told when `refusal` changes.
    listener: Option<Callback<Option<String>>>,
}

#[cfg(feature = "frame")]
thread_local! {
    static PERSON: RefCell<Person> = RefCell::default();
}

/// Takes a token out of the address bar, at once and whatever the campaign,
/// so the link a person shares or bookmarks never carries it; keeps it for a
/// `signed` campaign and reads the one kept from an earlier visit.
pub fn start(campaign: &Campaign) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let fragment = location.hash().unwrap_or_default();
    let signed = campaign.identity == Identity::Signed && !crate::services::frame::is_preview();
    if let Some((token, rest)) = token_in_fragment(&fragment) {
        let address = format!(
            "{}{}{}{rest}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default(),
            if rest.is_empty() { "" } else { "#" },
        );
        if let Ok(history) = window.history() {
            history
                .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address))
                .ok();
        }
        if signed {
            storage::set(&storage::keys::visitor_token(&campaign.id), &token);
        }
    }
    #[cfg(feature = "frame")]
    if signed {
        hold(campaign);
    }
}

/// Reads the campaign's token kept on the device, and what to say without a
/// usable one.
#[cfg(feature = "frame")]
fn hold(campaign: &Campaign) {
    let token = storage::get(&storage::keys::visitor_token(&campaign.id));
    // Said at once, before the person fills anything in; the server says the
    // same (and more: only it can check a signature) on the first call.
    let refusal = match token.as_deref().map(unverified_claims) {
        None => Some(PersonRefusal::LoginRequired),
        Some(None) => Some(PersonRefusal::TokenInvalid),
        Some(Some(claims)) if (claims.exp as f64) * 1000.0 < js_sys::Date::now() => {
            Some(PersonRefusal::TokenExpired)
        }
        Some(Some(_)) => None,
    };
    PERSON.with(|person| {
        let mut person = person.borrow_mut();
        person.token = token;
        person.refusal =
            refusal.map(|refusal| refusal.text(campaign.locale, campaign.identity).to_owned());
    });
}

/// The `Authorization` header value for API calls, when there is a token.
#[cfg(feature = "frame")]
pub fn authorization() -> Option<String> {
    PERSON.with(|person| {
        person
            .borrow()
            .token
            .as_ref()
            .map(|token| format!("Bearer {token}"))
    })
}

/// The token's subject, unverified, for the envelope's `subject`: what a
/// backend of the marketer's own may match against the token it also gets.
#[cfg(feature = "frame")]
pub fn subject() -> Option<String> {
    PERSON.with(|person| {
        let token = person.borrow().token.clone()?;
        unverified_claims(&token).map(|claims| claims.sub)
    })
}

/// Reads a `401` answer's body: when it says the person cannot be counted,
/// its sentence becomes the page's notice.
#[cfg(feature = "frame")]
pub fn refused(body: &str) {
    // The wire's typed error body (`wire::ErrorBody`), its code read by name.
    let error = crate::services::http::error_of(body);
    let message = error.message.as_str();
    let about_person = PersonRefusal::from_code(error.code.as_str()).is_some();
    if !about_person || message.is_empty() {
        return;
    }
    let listener = PERSON.with(|person| {
        let mut person = person.borrow_mut();
        person.refusal = Some(message.to_owned());
        person.listener.clone()
    });
    if let Some(listener) = listener {
        listener.emit(Some(message.to_owned()));
    }
}

/// The sentence to show now, and `listener` told of later ones (`None`
/// stops telling).
#[cfg(feature = "frame")]
pub fn listen(listener: Option<Callback<Option<String>>>) -> Option<String> {
    PERSON.with(|person| {
        let mut person = person.borrow_mut();
        person.listener = listener;
        person.refusal.clone()
    })
}

/// The campaign home's bundle calls nothing that needs the person.
#[cfg(not(feature = "frame"))]
pub fn authorization() -> Option<String> {
    None
}

#[cfg(not(feature = "frame"))]
pub fn refused(_body: &str) {}
