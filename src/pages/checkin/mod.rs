//! The daily check-in page: the learner's standing from the server
//! (`GET /api/v1/checkins/<page>`), day one's hometown sign-in, today's task
//! with its check-in button, make-ups while the server allows them, the
//! progress strip, the hometown wall, and the certificate once the server
//! says the learner graduates. Each check-in is a check-in envelope through
//! the outbox; the server decides on its own clock whether it counts, and a
//! refusal's sentence is shown as it gives it.

mod certificate;
mod hometown;
mod state;
mod view;

use campaign_core::checkin::{CheckinPage, Hometown};
use campaign_core::routes::Route;
use campaign_core::wire::{CheckIn, CheckinStanding, SubmissionReceipt, WallAnswer};
use campaign_core::{Envelope, Page, PageKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::services::json::object;
use yew::prelude::*;

use self::certificate::CertificatePanel;
use self::hometown::HometownForm;
use self::state::{Phase, Standing};
use crate::components::Link;
use crate::hooks::{use_delivery, use_page_config};
use crate::i18n::strings;
use crate::services::http::fetch_text_within;
use crate::services::identity::{new_envelope_id, now_ms, visitor_id};
use crate::services::outbox::{self, Delivery};
use crate::services::{events, storage};
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct CheckinViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn CheckinView(props: &CheckinViewProps) -> Html {
    let page = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::Checkin(checkin) => Some(checkin),
        _ => None,
    });
    let Some(page) = page else {
        return Html::default();
    };
    html! { <Checkin campaign={props.campaign.clone()} {page} /> }
}

#[derive(Properties, PartialEq)]
struct CheckinProps {
    campaign: SharedCampaign,
    page: SharedPage<CheckinPage>,
}

#[function_component]
fn Checkin(props: &CheckinProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let locale = campaign.locale;
    let text = &strings(locale).checkin;
    let standing = use_state(|| Standing::Asking);
    let wall = use_state(|| None::<WallAnswer>);
    // Bumped to ask the server again: after a check-in is answered, or a retry.
    let version = use_state(|| 0u32);
    let refusal = use_state(|| None::<String>);
    // The check-in on its way, kept across reloads (read after the first
    // render, which is the config's and the URL's alone).
    let pending_key = storage::keys::pending_checkin(&campaign.id, &page.id);
    let pending = use_state(|| None::<PendingCheckin>);
    {
        // Handed to the outbox again with its one id: ignored there if it is
        // still queued, and taken once by the server if it had arrived.
        let pending = pending.clone();
        let (campaign, page) = (campaign.clone(), page.clone());
        use_effect_with(pending_key.clone(), move |key| {
            let stored = storage::get(key);
            let found = stored
                .as_deref()
                .and_then(campaign_core::read_json::<PendingCheckin>);
            if let (Some(text), None) = (&stored, &found) {
                storage::set(&storage::keys::set_aside(key), text);
                storage::remove(key);
            }
            if let Some(found) = found {
                outbox::submit(envelope(&campaign, &page, &found));
                pending.set(Some(found));
            }
        });
    }
    let delivery = use_delivery(pending.as_ref().map(|pending| pending.id.clone()));
    {
        let standing = standing.clone();
        let wall = wall.clone();
        let backend = campaign.backend.clone();
        let page_id = page.id.clone();
        let wall_url = campaign
            .backend
            .api_url(&format!("checkins/{}/wall", page.id));
        use_effect_with(*version, move |_| {
            // The device's visitor id is read in the effect: the first render
            // is the server's.
            let standing_url =
                backend.api_url(&format!("checkins/{page_id}?visitor={}", visitor_id()));
            wasm_bindgen_futures::spawn_local(async move {
                let answer = fetch_text_within(&standing_url, 10_000)
                    .await
                    .ok()
                    .and_then(|body| campaign_core::read_json::<CheckinStanding>(&body));
                // A retry after a failure keeps what was known rather than blank it.
                match answer {
                    Some(answer) => standing.set(Standing::Known(answer)),
                    None if *standing == Standing::Asking => standing.set(Standing::Unavailable),
                    None => {}
                }
                if let Ok(body) = fetch_text_within(&wall_url, 10_000).await {
                    if let Some(answer) = campaign_core::read_json::<WallAnswer>(&body) {
                        wall.set(Some(answer));
                    }
                }
            });
        });
    }
    {
        // The server's answer to the check-in on its way.
        let (standing, version, refusal, pending) = (
            standing.clone(),
            version.clone(),
            refusal.clone(),
            pending.clone(),
        );
        let key = pending_key.clone();
        let rejected = text.rejected;
        let waiting_for = pending.as_ref().map(|pending| pending.id.clone());
        use_effect_with((waiting_for, delivery.clone()), move |(id, delivery)| {
            if id.is_none() {
                return;
            }
            let settled = match delivery {
                Some(Delivery::Sent(receipt)) => {
                    let answer = receipt
                        .as_ref()
                        .and_then(campaign_core::read_value::<SubmissionReceipt>)
                        .and_then(|receipt| receipt.checkin);
                    if let (Some(answer), Standing::Known(known)) = (answer, &*standing) {
                        let mut next = known.clone();
                        next.progress = Some(answer.progress);
                        standing.set(Standing::Known(next));
                    }
                    refusal.set(None);
                    true
                }
                Some(Delivery::Rejected(reason)) => {
                    refusal.set(Some(reason.clone().unwrap_or_else(|| rejected.to_owned())));
                    true
                }
                _ => false,
            };
            if settled {
                storage::remove(&key);
                pending.set(None);
                version.set(version.wrapping_add(1));
            }
        });
    }

    // One check-in at a time: the next waits for the server's answer.
    let busy = pending.is_some();
    let check_in = {
        let campaign = campaign.clone();
        let page = page.clone();
        let pending = pending.clone();
        let refusal = refusal.clone();
        Callback::from(move |(day, hometown): (u32, Option<Hometown>)| {
            if pending.is_some() {
                return;
            }
            let checkin = PendingCheckin {
                id: new_envelope_id(),
                day,
                hometown,
            };
            // Kept on the device first, so a reload shows it on its way.
            if let Ok(text) = serde_json::to_string(&checkin) {
                storage::set(
                    &storage::keys::pending_checkin(&campaign.id, &page.id),
                    &text,
                );
            }
            outbox::submit(envelope(&campaign, &page, &checkin));
            events::track("checked_in", Some(&page.id), object([("day", day.into())]));
            refusal.set(None);
            pending.set(Some(checkin));
        })
    };

    let phase = state::phase(page, &standing);
    let today = standing
        .progress()
        .map(|progress| progress.today.to_string());
    let body = match (&*standing, phase) {
        (Standing::Asking, _) => html! {
            <p class="ck-card ck-muted" role="status">{ text.loading }</p>
        },
        (Standing::Unavailable, _) => {
            let version = version.clone();
            html! {
                <div class="ck-card ck-notice" role="alert">
                    <p>{ text.unavailable }</p>
                    <button type="button" class="ck-button ck-button-quiet"
                        onclick={Callback::from(move |_| version.set(version.wrapping_add(1)))}>
                        { text.retry }
                    </button>
                </div>
            }
        }
        (Standing::Known(_), Phase::NotSignedUp) => html! {
            <div class="ck-card ck-checkin-signup" role="status">
                <p>{ text.not_signed_up }</p>
                <Link to={Route::Page(page.course_page.clone())} class="ck-button">{ text.go_sign_up }</Link>
            </div>
        },
        (Standing::Known(known), _) => {
            learner_view(props, known, phase, busy, delivery.as_ref(), check_in)
        }
    };
    html! {
        <div class="ck-checkin" data-phase={phase.as_str()} data-today={today}>
            if let Some(sentence) = &*refusal {
                <p class="ck-card ck-checkin-refusal" role="alert">{ sentence }</p>
            }
            { body }
            if let Some(wall) = &*wall {
                { view::wall_view(wall, locale) }
            }
        </div>
    }
}

/// A check-in on its way, as kept on the device until the server answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PendingCheckin {
    id: String,
    day: u32,
    #[serde(default)]
    hometown: Option<Hometown>,
}

fn envelope(campaign: &SharedCampaign, page: &CheckinPage, checkin: &PendingCheckin) -> Envelope {
    let payload = serde_json::to_value(CheckIn {
        day: checkin.day,
        hometown: checkin.hometown.clone(),
    })
    .unwrap_or(Value::Null);
    Envelope {
        id: checkin.id.clone(),
        campaign_id: campaign.id.clone(),
        page_id: page.id.clone(),
        page_kind: PageKind::Checkin,
        visitor_id: visitor_id(),
        subject: crate::services::person::subject(),
        referral_code: None,
        channel: None,
        client_ts: now_ms() as i64,
        payload,
    }
}

/// A signed-up learner's day: the hometown sign-in, today's task, make-ups,
/// progress and, once they graduate, the certificate.
fn learner_view(
    props: &CheckinProps,
    standing: &CheckinStanding,
    phase: Phase,
    busy: bool,
    delivery: Option<&Delivery>,
    check_in: Callback<(u32, Option<Hometown>)>,
) -> Html {
    let page = &props.page;
    let locale = props.campaign.locale;
    let text = &strings(locale).checkin;
    let Some(progress) = &standing.progress else {
        return Html::default();
    };
    let status = match delivery {
        Some(Delivery::Sending) => Some(text.sending),
        Some(Delivery::Waiting | Delivery::Unsendable(_)) => Some(text.waiting),
        _ => None,
    };
    let today_task = page.day(progress.today);
    let today_open = state::today_offered(page, progress);
    let today_done = progress.strip.iter().any(|entry| {
        entry.day == progress.today
            && matches!(
                entry.state,
                campaign_core::checkin::DayState::Done | campaign_core::checkin::DayState::MadeUp
            )
    });
    let make_ups = state::make_up_days(progress);
    let hometown_form = state::hometown_offered(standing) && phase != Phase::Over;
    html! {
        <>
            if let Some(status) = status {
                <p class="ck-card ck-checkin-status" role="status" aria-live="polite">{ status }</p>
            }
            if phase == Phase::Over {
                <p class="ck-card ck-notice" role="status">{ text.over }</p>
            } else if progress.today == 0 {
                <p class="ck-card ck-notice" role="status">{ text.not_started }</p>
            }
            if let Some(hometown) = &standing.hometown {
                <p class="ck-checkin-from">{ (text.signed_in_from)(&hometown.province, &hometown.city) }</p>
            }
            if hometown_form {
                <HometownForm prompt={page.hometown.prompt.clone()}
                    task={page.day(1).map(|day| day.task.clone())}
                    line_placeholder={page.hometown.line_placeholder.clone()}
                    line_max_chars={page.line_max_chars()} {locale} {busy}
                    on_sign_in={check_in.reform(|hometown| (1, Some(hometown)))} />
            }
            // On day one the sign-in is the day's task: one card, not two.
            if let Some(task) = today_task.filter(|_| !(hometown_form && progress.today == 1)) {
                <section class="ck-card ck-checkin-today" data-day={task.day.to_string()}>
                    <h2 class="ck-checkin-heading">{ (text.today)(task.day) }</h2>
                    <p class="ck-checkin-task">{ &task.task }</p>
                    if today_open {
                        <button type="button" class="ck-button" disabled={busy}
                            onclick={check_in.reform({ let day = task.day; move |_| (day, None) })}>
                            { text.check_in }
                        </button>
                    } else if today_done {
                        <p class="ck-checkin-done">{ text.done_today }</p>
                    }
                </section>
            }
            if !make_ups.is_empty() && phase != Phase::Over {
                <section class="ck-card ck-makeup">
                    <p class="ck-muted">{ (text.make_ups_left)(progress.make_ups_left) }</p>
                    { for make_ups.iter().map(|&day| html! {
                        <button type="button" class="ck-button ck-button-quiet" data-day={day.to_string()}
                            disabled={busy} onclick={check_in.reform(move |_| (day, None))}>
                            { (text.make_up)(day) }
                        </button>
                    }) }
                </section>
            }
            { view::progress_view(progress, page.graduation.days_needed, locale) }
            if progress.graduated {
                <section class="ck-card ck-graduation" role="status">
                    <p class="ck-graduation-message">{ page.graduation_message() }</p>
                    <CertificatePanel campaign={props.campaign.clone()} page={page.clone()} />
                </section>
            }
        </>
    }
}
