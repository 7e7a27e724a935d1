//! The console for campaign teams, at `/admin`: the campaign's numbers for
//! marketers, the review queue, and claim code redemption for branch staff
//! on a phone. Its own bundle (the `console` feature), which no visitor's
//! phone downloads; it signs in with an HttpOnly session cookie the server
//! sets, so no token sits in the page's storage or in a URL.

mod api;
mod chart;
mod detail;
mod overview;
mod redeem;
mod sign_in;
mod text;

use std::rc::Rc;

use campaign_core::config::Locale;
use campaign_core::wire::{ConsoleRole, ConsoleSession};
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

pub use api::ApiFailure;
use text::text;

/// The console's screens, by path.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Overview,
    Page(String),
    Redeem,
}

impl Screen {
    fn parse(path: &str) -> Screen {
        let path = path.trim_end_matches('/');
        match path.strip_prefix("/admin/p/") {
            Some(id) if !id.is_empty() && !id.contains('/') => Screen::Page(id.to_owned()),
            _ if path == "/admin/redeem" => Screen::Redeem,
            _ => Screen::Overview,
        }
    }

    fn path(&self) -> String {
        match self {
            Screen::Overview => "/admin".to_owned(),
            Screen::Page(id) => format!("/admin/p/{}", api::encode(id)),
            Screen::Redeem => "/admin/redeem".to_owned(),
        }
    }
}

/// What every screen gets: who is signed in, in which language, and how to
/// move to another screen or sign out.
#[derive(Clone, PartialEq)]
pub struct Console {
    pub session: Rc<ConsoleSession>,
    pub locale: Locale,
    pub go: Callback<Screen>,
    /// A call found the session gone: back to signing in.
    pub signed_out: Callback<()>,
}

impl Console {
    /// Handles a failure every screen handles alike; `Some` sentence to show
    /// for the others.
    pub fn explain(&self, failure: &ApiFailure) -> String {
        match failure {
            ApiFailure::SignedOut => {
                self.signed_out.emit(());
                String::new()
            }
            ApiFailure::Network => text(self.locale).offline.to_owned(),
            ApiFailure::Refused { message, .. } if !message.is_empty() => message.clone(),
            ApiFailure::Refused { status, .. } => format!("HTTP {status}"),
        }
    }
}

#[derive(Clone, PartialEq)]
enum SessionState {
    Checking,
    SignedOut,
    SignedIn(Rc<ConsoleSession>),
    Unreachable,
}

const LOCALE_KEY: &str = "ck.console.locale";

fn kept_locale() -> Option<Locale> {
    let kept = web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(LOCALE_KEY)
        .ok()??;
    Some(if kept == "en" {
        Locale::En
    } else {
        Locale::ZhCn
    })
}

fn keep_locale(locale: Locale) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        storage.set_item(LOCALE_KEY, locale.tag()).ok();
    }
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default()
}

#[function_component]
fn ConsoleApp() -> Html {
    let session = use_state(|| SessionState::Checking);
    let screen = use_state(|| Screen::parse(&current_path()));
    let chosen_locale = use_state(kept_locale);
    let check = {
        let session = session.clone();
        Callback::from(move |()| {
            let session = session.clone();
            session.set(SessionState::Checking);
            wasm_bindgen_futures::spawn_local(async move {
                session.set(match api::get::<ConsoleSession>("/admin/session").await {
                    Ok(found) => SessionState::SignedIn(Rc::new(found)),
                    Err(ApiFailure::Network) => SessionState::Unreachable,
                    Err(_) => SessionState::SignedOut,
                });
            });
        })
    };
    {
        let check = check.clone();
        use_effect_with((), move |()| check.emit(()));
    }
    {
        // The browser's back and forward buttons move between screens.
        let screen = screen.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "popstate", move |_| {
                    screen.set(Screen::parse(&current_path()));
                })
            });
            move || drop(listener)
        });
    }
    let go = {
        let screen = screen.clone();
        Callback::from(move |next: Screen| {
            if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
                history
                    .push_state_with_url(&JsValue::NULL, "", Some(&next.path()))
                    .ok();
            }
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
            screen.set(next);
        })
    };
    let locale = match (&*chosen_locale, &*session) {
        (Some(locale), _) => *locale,
        (None, SessionState::SignedIn(found)) => found.locale,
        (None, _) => Locale::ZhCn,
    };
    {
        let title = text(locale).console;
        use_effect_with((title, locale), |(title, locale)| {
            if let Some(document) = web_sys::window().and_then(|window| window.document()) {
                document.set_title(title);
                if let Some(root) = document.document_element() {
                    root.set_attribute("lang", locale.tag()).ok();
                }
            }
        });
    }
    let switch_locale = {
        let chosen_locale = chosen_locale.clone();
        Callback::from(move |_: MouseEvent| {
            let next = if locale == Locale::En {
                Locale::ZhCn
            } else {
                Locale::En
            };
            keep_locale(next);
            chosen_locale.set(Some(next));
        })
    };
    let words = text(locale);
    let language_button = html! {
        <button type="button" class="ck-console-lang" lang={words.other_language_tag}
            onclick={switch_locale}>{ words.other_language }</button>
    };
    match &*session {
        SessionState::Checking => html! {
            <main class="ck-console ck-console-center">
                <p role="status">{ words.loading }</p>
            </main>
        },
        SessionState::Unreachable => {
            let retry = check.reform(|_: MouseEvent| ());
            html! {
                <main class="ck-console ck-console-center">
                    <p role="alert">{ words.offline }</p>
                    <button type="button" class="ck-console-button" onclick={retry}>{ words.retry }</button>
                </main>
            }
        }
        SessionState::SignedOut => {
            let signed_in = {
                let session = session.clone();
                Callback::from(move |found: ConsoleSession| {
                    session.set(SessionState::SignedIn(Rc::new(found)));
                })
            };
            html! {
                <main class="ck-console ck-console-center">
                    <div class="ck-console-topbar-lang">{ language_button }</div>
                    <sign_in::SignIn {locale} {signed_in} />
                </main>
            }
        }
        SessionState::SignedIn(found) => {
            let signed_out = {
                let session = session.clone();
                Callback::from(move |()| session.set(SessionState::SignedOut))
            };
            let console = Console {
                session: found.clone(),
                locale,
                go: go.clone(),
                signed_out: signed_out.clone(),
            };
            let staff = found.role == ConsoleRole::Staff;
            // Staff redeem codes and nothing else.
            let shown = if staff {
                Screen::Redeem
            } else {
                (*screen).clone()
            };
            let sign_out = Callback::from(move |_: MouseEvent| {
                let signed_out = signed_out.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    api::delete("/admin/session").await.ok();
                    signed_out.emit(());
                });
            });
            let nav = |target: Screen, label: &'static str| {
                let current = std::mem::discriminant(&shown) == std::mem::discriminant(&target)
                    || (matches!(shown, Screen::Page(_)) && target == Screen::Overview);
                let href = target.path();
                let go = go.clone();
                let onclick = Callback::from(move |event: MouseEvent| {
                    event.prevent_default();
                    go.emit(target.clone());
                });
                html! {
                    <a {href} {onclick} aria-current={current.then_some("page")}>{ label }</a>
                }
            };
            let body = match &shown {
                Screen::Overview => {
                    html! { <overview::OverviewScreen console={console.clone()} /> }
                }
                Screen::Page(id) => {
                    html! { <detail::PageScreen console={console.clone()} page_id={id.clone()} /> }
                }
                Screen::Redeem => html! { <redeem::RedeemScreen console={console.clone()} /> },
            };
            html! {
                <div class="ck-console">
                    <header class="ck-console-topbar">
                        <p class="ck-console-brand">
                            <span class="ck-console-title">{ &found.campaign_title }</span>
                            <span class="ck-console-subtitle">{ words.console }</span>
                        </p>
                        <nav aria-label={words.console}>
                            if !staff {
                                { nav(Screen::Overview, words.overview) }
                            }
                            { nav(Screen::Redeem, words.redeem) }
                        </nav>
                        <div class="ck-console-who">
                            <span>{ words.signed_in_as }{ ": " }<strong>{ &found.name }</strong></span>
                            { language_button }
                            <button type="button" class="ck-console-link-button" onclick={sign_out}>{ words.sign_out }</button>
                        </div>
                    </header>
                    <main class="ck-console-main">{ body }</main>
                </div>
            }
        }
    }
}

/// Entry point of the console's bundle, called by `console.html`.
#[wasm_bindgen]
pub fn run_console() {
    crate::panic::install_hook();
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(crate::MOUNT_ID))
    else {
        return;
    };
    root.set_inner_html("");
    yew::Renderer::<ConsoleApp>::with_root(root).render();
}
