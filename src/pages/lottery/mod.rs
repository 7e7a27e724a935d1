//! The prize draw. The server decides every draw: the page asks it, then
//! animates to the prize it returned (a wheel or a 3×3 grid) or lets the person
//! scratch it free (a scratch card), announces the
//! result to screen readers, and shows a winner their claim code. A tap while a
//! draw is in flight does nothing; the request's idempotency key is kept on the
//! device until an answer arrives, so a retry returns the same prize. Without a
//! backend the page runs in a demo mode that says its results are not real.

mod grid;
mod scratch;
mod wheel;

use crate::services::json::{object, value_of};
use campaign_core::Page;
use campaign_core::backend::OutgoingRequest;
use campaign_core::config::LotteryPage;
use campaign_core::envelope::IDEMPOTENCY_KEY_HEADER;
use campaign_core::lottery::{DrawLook, draw, initial_stock};
use campaign_core::wire::{Chances, DrawAnswer, DrawRequest, ShareAnswer, ShareRequest};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use self::grid::PrizeGrid;
use self::scratch::ScratchCard;
use self::wheel::PrizeWheel;
use crate::hooks::use_page_config;
use crate::i18n::strings;
use crate::services::http::{self, FetchFailure, fetch_text_within, to_json};
use crate::services::identity::{new_envelope_id, visitor_id};
use crate::services::platform::{can_share, in_wechat, share};
use crate::services::{events, storage};
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct LotteryViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn LotteryView(props: &LotteryViewProps) -> Html {
    let page = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::Lottery(page) => Some(page),
        _ => None,
    });
    match page {
        Some(page) => html! { <Lottery campaign={props.campaign.clone()} {page} /> },
        None => Html::default(),
    }
}

/// A prize the server awarded (or, in demo mode, the page drew for show).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Won {
    pub prize: String,
    pub name: String,
    pub blank: bool,
    #[serde(default)]
    pub claim_code: Option<String>,
    #[serde(default)]
    pub instructions: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Asking the backend how many draws are left.
    Checking,
    Ready,
    /// The request is out; the wheel waits for the server's answer.
    Asking,
    /// Animating to the awarded prize (or, on a scratch card, scratching it free).
    Spinning(Won),
    Done(Won),
    /// The backend said no, with its reason.
    Refused(String),
    /// No answer: the same key is sent again on the next tap.
    NoAnswer,
}

#[derive(Properties, PartialEq)]
struct LotteryProps {
    campaign: SharedCampaign,
    page: SharedPage<LotteryPage>,
}

#[function_component]
fn Lottery(props: &LotteryProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let text = &strings(campaign.locale).lottery;
    let draw_url = campaign.backend.api_url("draw");
    let pending_key = storage::keys::pending_draw(&campaign.id, &page.id);
    let prizes_key = storage::keys::won_prizes(&campaign.id, &page.id);
    let unrevealed_key = storage::keys::unrevealed_draw(&campaign.id, &page.id);
    let phase = use_state(|| Phase::Checking);
    let remaining = use_state(|| None::<u32>);
    let demo = use_state(|| false);
    let share_bonus = use_state(|| 0u32);
    // What this device has won here before, read after the first render
    // (which is the server's).
    let won = use_state(Vec::<Won>::new);
    {
        let won = won.clone();
        use_effect_with(prizes_key.clone(), move |key| {
            let kept = storage::get(key)
                .as_deref()
                .and_then(campaign_core::read_json::<Vec<Won>>);
            if let Some(kept) = kept {
                won.set(kept);
            }
        });
    }

    {
        let phase = phase.clone();
        let remaining = remaining.clone();
        let demo = demo.clone();
        let share_bonus = share_bonus.clone();
        let backend = campaign.backend.clone();
        let page_id = page.id.clone();
        let unrevealed_key = unrevealed_key.clone();
        use_effect_with((), move |()| {
            let url = backend.api_url(&format!("draw/{page_id}/chances?visitor={}", visitor_id()));
            // A result the server gave before a reload, not yet seen: shown
            // again (the card covered, the wheel turning) once the chances
            // are known.
            let unrevealed = storage::get(&unrevealed_key)
                .as_deref()
                .and_then(campaign_core::read_json::<Won>);
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_text_within(&url, 10_000).await {
                    Ok(body) => {
                        let chances = campaign_core::read_json::<Chances>(&body);
                        share_bonus.set(chances.as_ref().map_or(0, |c| c.share_bonus));
                        remaining.set(chances.map(|c| c.remaining));
                    }
                    // No draw API there: a static host, or a backend of the
                    // marketer's own without one.
                    Err(FetchFailure::Network | FetchFailure::Status(404 | 405 | 501)) => {
                        demo.set(true)
                    }
                    Err(FetchFailure::Status(_)) => {}
                }
                phase.set(match unrevealed {
                    Some(result) => Phase::Spinning(result),
                    None => Phase::Ready,
                });
            });
        });
    }

    let start_draw = {
        let phase = phase.clone();
        let remaining = remaining.clone();
        let unrevealed_key = unrevealed_key.clone();
        let page = page.clone();
        let campaign = campaign.clone();
        let demo = *demo;
        Callback::from(move |_| {
            // One draw at a time: taps during a draw or a spin do nothing.
            if matches!(*phase, Phase::Asking | Phase::Spinning(_) | Phase::Checking) {
                return;
            }
            if demo {
                phase.set(match demo_draw(&page) {
                    Some(result) => Phase::Spinning(result),
                    None => Phase::Ready,
                });
                return;
            }
            let key = storage::get(&pending_key).unwrap_or_else(|| {
                let key = new_envelope_id();
                storage::set(&pending_key, &key);
                key
            });
            phase.set(Phase::Asking);
            let request = draw_request(&draw_url, &campaign.id, &page.id, &key);
            let phase = phase.clone();
            let remaining = remaining.clone();
            let pending_key = pending_key.clone();
            let unrevealed_key = unrevealed_key.clone();
            let page = page.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = send_with_retries(&request).await;
                let next = match answer {
                    None => Phase::NoAnswer,
                    Some(answer) if (200..300).contains(&answer.status) => {
                        storage::remove(&pending_key);
                        match read_award(&answer.body, &page) {
                            Some((result, left)) => {
                                remaining.set(left);
                                events::track(
                                    "draw",
                                    Some(&page.id),
                                    object([("prize", value_of(&result.prize))]),
                                );
                                // A prize the page's config no longer has (it changed
                                // since the page loaded) is shown without a spin; a
                                // scratch card shows any prize by its name.
                                if page.look == DrawLook::Scratch
                                    || page.prize(&result.prize).is_some()
                                {
                                    if let Ok(text) = serde_json::to_string(&result) {
                                        storage::set(&unrevealed_key, &text);
                                    }
                                    Phase::Spinning(result)
                                } else {
                                    Phase::Done(result)
                                }
                            }
                            None => Phase::NoAnswer,
                        }
                    }
                    Some(answer) if (400..500).contains(&answer.status) && answer.status != 429 => {
                        // A refusal spends nothing: the next draw gets a new key.
                        storage::remove(&pending_key);
                        let error = http::error_of(&answer.body);
                        if error.code.draw_refusal().is_some() {
                            remaining.set(Some(0));
                        }
                        Phase::Refused(error.message)
                    }
                    Some(answer) => Phase::Refused(http::error_of(&answer.body).message),
                };
                phase.set(next);
            });
        })
    };
    let on_stopped = {
        let phase = phase.clone();
        let won = won.clone();
        let prizes_key = prizes_key.clone();
        let unrevealed_key = unrevealed_key.clone();
        let demo = *demo;
        let page_id = page.id.clone();
        Callback::from(move |result: Won| {
            storage::remove(&unrevealed_key);
            crate::services::frame::notify(
                "draw",
                object([
                    ("page", page_id.as_str().into()),
                    ("prize", value_of(&result.prize)),
                    ("name", result.name.as_str().into()),
                    ("blank", result.blank.into()),
                ]),
            );
            if !result.blank && !demo {
                let mut list = (*won).clone();
                list.insert(0, result.clone());
                if let Ok(text) = serde_json::to_string(&list) {
                    storage::set(&prizes_key, &text);
                }
                won.set(list);
            }
            phase.set(Phase::Done(result));
        })
    };

    // Sharing earns a draw only through the browser's own share sheet: inside
    // WeChat, rewarding shares ("诱导分享") is against the platform's rules.
    let share_offer = (*share_bonus > 0 && !*demo && can_share() && !in_wechat()).then(|| {
        let share_bonus = share_bonus.clone();
        let remaining = remaining.clone();
        let url = campaign.backend.api_url(&format!("draw/{}/share", page.id));
        let title = page.title.clone();
        Callback::from(move |_| {
            let share_bonus = share_bonus.clone();
            let remaining = remaining.clone();
            let url = url.clone();
            let title = title.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let link = web_sys::window().and_then(|window| window.location().href().ok());
                if !share(&title, link.as_deref(), None).await {
                    return;
                }
                let request = OutgoingRequest {
                    url,
                    method: "POST",
                    headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
                    body: to_json(&ShareRequest {
                        visitor_id: visitor_id(),
                    }),
                };
                let granted = http::send(&request, 10_000)
                    .await
                    .ok()
                    .filter(|answer| (200..300).contains(&answer.status))
                    .and_then(|answer| campaign_core::read_json::<ShareAnswer>(&answer.body));
                if let Some(granted) = granted {
                    remaining.set(Some(granted.remaining));
                    share_bonus.set(0);
                }
            });
        })
    });
    let target = match &*phase {
        Phase::Spinning(result) => page
            .prizes
            .iter()
            .position(|prize| prize.id == result.prize),
        _ => None,
    };
    let spinning = match &*phase {
        Phase::Spinning(result) => Some(result.clone()),
        _ => None,
    };
    let busy = matches!(*phase, Phase::Asking | Phase::Spinning(_) | Phase::Checking);
    let label = page
        .button_label
        .clone()
        .unwrap_or_else(|| text.draw.to_owned());
    let button_text = if busy { text.drawing.to_owned() } else { label };
    let board = match page.look {
        DrawLook::Wheel => html! {
            <PrizeWheel page={page.clone()} {target} result={spinning.clone()} on_stopped={on_stopped.clone()}
                button={button_text.clone()} {busy} on_draw={start_draw.clone()} />
        },
        DrawLook::Grid => html! {
            <PrizeGrid page={page.clone()} {target} result={spinning} on_stopped={on_stopped}
                button={button_text} {busy} on_draw={start_draw} />
        },
        DrawLook::Scratch => html! {
            <ScratchCard page={page.clone()} locale={campaign.locale} result={spinning}
                {on_stopped} button={button_text} {busy} on_draw={start_draw} />
        },
    };
    let announcement = match &*phase {
        Phase::Done(result) if result.blank => (text.blank)(&result.name),
        Phase::Done(result) => (text.won)(&result.name),
        Phase::Refused(message) => message.clone(),
        Phase::NoAnswer => text.network.to_owned(),
        _ => String::new(),
    };
    let chances_line = match (*demo, *remaining, &*phase) {
        (true, _, _) => None,
        (false, _, Phase::Checking) => Some(text.checking.to_owned()),
        (false, Some(0), _) => Some(text.no_chances.to_owned()),
        (false, Some(left), _) => Some((text.chances)(left)),
        (false, None, _) => None,
    };
    let latest_claim = match &*phase {
        Phase::Done(result) if !result.blank => Some(result.clone()),
        _ => None,
    };
    html! {
        <div class="ck-lottery" data-look={page.look.as_str()} data-phase={phase_name(&phase)}>
            if *demo {
                <p class="ck-demo-banner" role="note">{ text.demo_mode }</p>
            }
            if let Some(line) = chances_line {
                <p class="ck-chances" aria-live="polite">{ line }</p>
            }
            { board }
            if let Some(onclick) = share_offer {
                <button type="button" class="ck-button ck-button-quiet ck-share-bonus" {onclick}>
                    { (text.share_for_bonus)(*share_bonus) }
                </button>
            }
            <div class="ck-draw-result" role="status" aria-live="assertive" aria-atomic="true">
                if !announcement.is_empty() {
                    <p class="ck-draw-announcement">{ announcement }</p>
                }
            </div>
            if let Some(result) = latest_claim {
                <section class="ck-card ck-claim" aria-labelledby="ck-claim-title" data-prize={result.prize.clone()}>
                    <h2 class="ck-notice-title" id="ck-claim-title">{ &result.name }</h2>
                    if let Some(code) = &result.claim_code {
                        <p class="ck-muted">{ text.claim_code }</p>
                        <p class="ck-reward-code" data-claim-code={code.clone()}>{ code }</p>
                        // As a QR code too, for staff to scan at the branch.
                        <crate::components::QrImage text={code.clone()} size={160}
                            alt={format!("{} {code}", text.claim_code)} />
                        <p class="ck-muted">{ text.claim_hint }</p>
                    } else if *demo {
                        <p class="ck-muted">{ text.demo_prize }</p>
                    }
                    if let Some(instructions) = &result.instructions {
                        <p>{ instructions }</p>
                    }
                </section>
            }
            <section class="ck-card ck-prize-list" aria-labelledby="ck-prize-list-title">
                <h2 class="ck-section-title" id="ck-prize-list-title">{ text.prize_list }</h2>
                <ul>
                    { for page.prizes.iter().filter(|prize| !prize.blank).map(|prize| html! {
                        <li>{ &prize.name }</li>
                    }) }
                </ul>
            </section>
            if !won.is_empty() {
                <section class="ck-card ck-my-prizes" aria-labelledby="ck-my-prizes-title">
                    <h2 class="ck-section-title" id="ck-my-prizes-title">{ text.my_prizes }</h2>
                    <ul>
                        { for won.iter().map(|prize| html! {
                            <li>
                                <span>{ &prize.name }</span>
                                if let Some(code) = &prize.claim_code {
                                    <span class="ck-my-prize-code">{ code }</span>
                                }
                            </li>
                        }) }
                    </ul>
                </section>
            }
        </div>
    }
}

fn draw_request(url: &str, campaign_id: &str, page_id: &str, key: &str) -> OutgoingRequest {
    let body = DrawRequest {
        id: key.to_owned(),
        campaign_id: campaign_id.to_owned(),
        page_id: page_id.to_owned(),
        visitor_id: visitor_id(),
        channel: crate::services::channel::current(),
    };
    OutgoingRequest {
        url: url.to_owned(),
        method: "POST",
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            (IDEMPOTENCY_KEY_HEADER.to_owned(), key.to_owned()),
        ],
        body: to_json(&body),
    }
}

/// Sends the draw, trying twice more when no answer comes: the key makes a
/// repeat harmless, and a weak signal often needs it.
async fn send_with_retries(request: &OutgoingRequest) -> Option<http::Answer> {
    for attempt in 0..3u32 {
        if let Ok(answer) = http::send(request, 10_000).await {
            return Some(answer);
        }
        sleep(800 * (attempt as i32 + 1)).await;
    }
    None
}

async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .ok();
        }
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.ok();
}

/// The prize in the server's answer.
fn read_award(body: &str, page: &LotteryPage) -> Option<(Won, Option<u32>)> {
    let award = campaign_core::read_json::<DrawAnswer>(body)?;
    // What the server awarded, named as the page's config names it when it can.
    let known = page.prize(&award.prize.id);
    let claim = award.claim;
    Some((
        Won {
            prize: award.prize.id.clone(),
            name: known.map_or(award.prize.name, |prize| prize.name.clone()),
            blank: known.map_or(award.prize.blank, |prize| prize.blank),
            instructions: claim
                .as_ref()
                .and_then(|claim| claim.instructions.clone())
                .or_else(|| known.and_then(|prize| prize.claim.clone())),
            claim_code: claim.map(|claim| claim.code),
        },
        Some(award.remaining),
    ))
}

/// Demo mode's draw, by the config's weights: for previewing the look only.
fn demo_draw(page: &LotteryPage) -> Option<Won> {
    let roll = (js_sys::Math::random() * 18_446_744_073_709_551_615.0) as u64;
    let index = draw(&page.prizes, &initial_stock(&page.prizes), roll)?;
    let prize = page.prizes.get(index)?;
    Some(Won {
        prize: prize.id.clone(),
        name: prize.name.clone(),
        blank: prize.blank,
        claim_code: None,
        instructions: None,
    })
}

fn phase_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Checking => "checking",
        Phase::Ready => "ready",
        Phase::Asking => "asking",
        Phase::Spinning(_) => "spinning",
        Phase::Done(_) => "done",
        Phase::Refused(_) => "refused",
        Phase::NoAnswer => "no-answer",
    }
}

/// What the wheel and the grid share.
#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub page: SharedPage<LotteryPage>,
    /// The prize to stop on, once the server has said.
    pub target: Option<usize>,
    pub result: Option<Won>,
    pub on_stopped: Callback<Won>,
    pub button: String,
    pub busy: bool,
    pub on_draw: Callback<MouseEvent>,
}
