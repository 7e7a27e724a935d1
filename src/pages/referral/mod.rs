//! The invitation page: the member's own code from the backend, their poster
//! (with the QR code of their share link), how many friends their link has
//! brought, and what the next tier needs. Without a backend there is no code,
//! and the page says sharing is unavailable rather than inventing one.
//!
//! The poster is drawn when the member asks for it: drawing and encoding a
//! 1500x2668 PNG is the heaviest work any page does, and done on load it
//! became the page's largest paint, 1.8 s after the rest of the first screen.

use std::rc::Rc;

use campaign_core::Page;
use campaign_core::config::ReferralPage;
use campaign_core::referral::{
    DEFAULT_SHARE_URL, ladder, next_tier_message, poster_values, share_url, tier_line,
};
use campaign_core::wire::{InviteCode, InviteCodeRequest, ReferralStanding};
use yew::prelude::*;

use crate::components::PosterPanel;
use crate::hooks::use_page_config;
use crate::i18n::strings;
use crate::services::http::{self, fetch_text_within, to_json};
use crate::services::identity::visitor_id;
use crate::services::storage;
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct ReferralViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn ReferralView(props: &ReferralViewProps) -> Html {
    let page = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::Referral(page) => Some(page),
        _ => None,
    });
    match page {
        Some(page) => html! { <Referral campaign={props.campaign.clone()} {page} /> },
        None => Html::default(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum CodeState {
    Asking,
    Ready(String),
    /// No backend issued a code.
    Unavailable,
}

#[derive(Properties, PartialEq)]
struct ReferralProps {
    campaign: SharedCampaign,
    page: SharedPage<ReferralPage>,
}

#[function_component]
fn Referral(props: &ReferralProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let text = &strings(campaign.locale).referral;
    let backend = campaign.backend.clone();
    let code = use_state(|| CodeState::Asking);
    let standing = use_state(|| None::<ReferralStanding>);
    let attempt = use_state(|| 0u32);
    let nickname_key = storage::keys::nickname(&campaign.id);
    // Read after the first render, which is the server's.
    let nickname = use_state(String::new);
    {
        let nickname = nickname.clone();
        use_effect_with(nickname_key.clone(), move |key| {
            if let Some(kept) = storage::get(key) {
                nickname.set(kept);
            }
        });
    }
    {
        let code = code.clone();
        let standing = standing.clone();
        let campaign_id = campaign.id.clone();
        let page_id = page.id.clone();
        let backend = backend.clone();
        use_effect_with(*attempt, move |_| {
            code.set(CodeState::Asking);
            let standing_url =
                backend.api_url(&format!("referrals/{page_id}?visitor={}", visitor_id()));
            let codes_url = backend.api_url("invite-codes");
            {
                let standing = standing.clone();
                let url = standing_url.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // A preview reaches no backend: a sample code shows the poster.
                    let issued = match crate::services::frame::is_preview() {
                        true => Some(PREVIEW_CODE.to_owned()),
                        false => request_code(&codes_url, &campaign_id, &page_id).await,
                    };
                    code.set(match issued {
                        Some(issued) => CodeState::Ready(issued),
                        None => CodeState::Unavailable,
                    });
                    if let Ok(body) = fetch_text_within(&url, 10_000).await {
                        standing.set(campaign_core::read_json::<ReferralStanding>(&body));
                    }
                });
            }
            // Counts change while the member is away sharing: ask again on return.
            let refresh = web_sys::window()
                .and_then(|window| window.document())
                .map(|document| {
                    let url = standing_url;
                    gloo_events::EventListener::new(&document, "visibilitychange", move |_| {
                        let visible = web_sys::window()
                            .and_then(|window| window.document())
                            .is_some_and(|document| {
                                document.visibility_state() == web_sys::VisibilityState::Visible
                            });
                        if visible {
                            let standing = standing.clone();
                            let url = url.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                if let Ok(body) = fetch_text_within(&url, 10_000).await {
                                    standing
                                        .set(campaign_core::read_json::<ReferralStanding>(&body));
                                }
                            });
                        }
                    })
                });
            move || drop(refresh)
        });
    }

    let invites = standing.as_ref().map_or(0, |standing| standing.invites);
    let state = ladder(&page.tiers, page.tier_mode, invites);
    let next = next_tier_message(&page.tiers, &state, campaign.locale);
    let ladder_view = html! {
        <ol class="ck-ladder">
            { for page.tiers.iter().enumerate().map(|(index, tier)| {
                let unlocked = state.unlocked.contains(&index);
                let earned = state.earned.contains(&index);
                html! {
                    <li class={classes!("ck-tier", unlocked.then_some("ck-tier-unlocked"))}
                        data-unlocked={unlocked.to_string()}>
                        <span class="ck-tier-line">{ tier_line(tier, campaign.locale) }</span>
                        <span class="ck-tier-status">
                            { if earned { text.earned } else if unlocked { text.unlocked } else { text.locked } }
                        </span>
                    </li>
                }
            }) }
        </ol>
    };
    let on_nickname = {
        let nickname = nickname.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let value: String = input.value().trim().chars().take(16).collect();
            storage::set(&nickname_key, &value);
            nickname.set(value);
        })
    };
    let poster = match &*code {
        CodeState::Asking => {
            html! { <p class="ck-card ck-muted" role="status">{ text.getting_code }</p> }
        }
        CodeState::Unavailable => {
            let attempt = attempt.clone();
            html! {
                <div class="ck-card ck-share-unavailable" role="alert">
                    <p class="ck-notice-title">{ text.unavailable_title }</p>
                    <p>{ text.unavailable_body }</p>
                    <button type="button" class="ck-button ck-button-quiet"
                        onclick={Callback::from(move |_| attempt.set(*attempt + 1))}>{ text.retry }</button>
                </div>
            }
        }
        CodeState::Ready(code) => {
            let link = share_link(page, code);
            let name = if nickname.is_empty() {
                text.default_nickname
            } else {
                nickname.as_str()
            };
            let values: Vec<(String, String)> =
                poster_values(page, campaign.locale, name, code, &link, invites)
                    .into_iter()
                    .map(|(key, value)| (key.to_owned(), value))
                    .collect();
            html! {
                <>
                    <div class="ck-card ck-share">
                        <p class="ck-muted">{ text.your_code }</p>
                        <p class="ck-invite-code" data-code={code.clone()}>{ code }</p>
                        <label class="ck-nickname">
                            <span class="ck-nickname-label">{ text.nickname_label }</span>
                            <input class="ck-input" type="text" maxlength="16" value={(*nickname).clone()}
                                placeholder={text.default_nickname} onchange={on_nickname} />
                        </label>
                    </div>
                    <div data-share-url={link.clone()}>
                        <PosterPanel key={format!("{code}|{name}|{invites}")} campaign={campaign.clone()}
                            template={Rc::new(page.poster.clone())} values={Rc::new(values)}
                            share_url={link} file_name={format!("{}-{code}.png", page.id)} />
                    </div>
                </>
            }
        }
    };
    html! {
        <div class="ck-referral">
            <section class="ck-card ck-standing" aria-live="polite" data-invites={invites.to_string()}>
                <p class="ck-standing-count">{ (text.invited)(invites) }</p>
                if let Some(pending) = standing.as_ref().map(|s| s.pending).filter(|p| *p > 0) {
                    <p class="ck-muted">{ (text.pending)(pending) }</p>
                }
                if let Some(next) = next {
                    <p class="ck-next-tier">{ next }</p>
                } else {
                    <p class="ck-next-tier">{ text.all_unlocked }</p>
                }
                { ladder_view }
            </section>
            { poster }
            if let Some(rules) = &page.rules {
                <section class="ck-card ck-rules" aria-labelledby="ck-rules-title">
                    <h2 class="ck-section-title" id="ck-rules-title">{ text.rules }</h2>
                    { for rules.split('\n').filter(|line| !line.trim().is_empty()).map(|line| html! { <p>{ line }</p> }) }
                </section>
            }
        </div>
    }
}

/// The code shown in a designer's preview, where no backend issues one.
const PREVIEW_CODE: &str = "PREVIEW0";

/// The member's code from the backend: stable for this visitor.
async fn request_code(url: &str, campaign_id: &str, page_id: &str) -> Option<String> {
    let request = campaign_core::backend::OutgoingRequest {
        url: url.to_owned(),
        method: "POST",
        // text/plain: no CORS preflight for embedded pages.
        headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
        body: to_json(&InviteCodeRequest {
            campaign_id: campaign_id.to_owned(),
            page_id: page_id.to_owned(),
            visitor_id: visitor_id(),
        }),
    };
    let answer = http::send(&request, 10_000).await.ok()?;
    if !(200..300).contains(&answer.status) {
        return None;
    }
    campaign_core::read_json::<InviteCode>(&answer.body).map(|issued| issued.code)
}

/// The share link: the landing page (the campaign home by default), on this
/// site, with the member's code.
fn share_link(page: &ReferralPage, code: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let landing = match page.landing.as_ref().map(|url| url.as_str()) {
        Some(path) if path.starts_with('/') => format!("{origin}{path}"),
        Some(absolute) => absolute.to_owned(),
        None => format!("{origin}/"),
    };
    share_url(
        page.share_url.as_deref().unwrap_or(DEFAULT_SHARE_URL),
        &landing,
        code,
    )
}
