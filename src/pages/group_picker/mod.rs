//! The group picker: explain, ask for the location, and show the member's
//! community group with a QR code to join; when location fails or finds nothing
//! near, the member picks their area by hand. The assignment goes through the
//! outbox; the position itself stays on the phone unless the page says otherwise.

mod card;
mod picker;
mod state;

use std::rc::Rc;

use crate::services::json::object;
use campaign_core::config::GroupPickerPage;
use campaign_core::groups::{AskLocation, AssignMethod, Assignment, Fill};
use campaign_core::wire::GroupFill;
use campaign_core::{Envelope, Page, PageKind};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use self::card::GroupCard;
use self::picker::ManualPicker;
use self::state::{Action, PickerState, Reason, Step};
use crate::hooks::use_page_config;
use crate::i18n::strings;
use crate::services::geolocation::{LocateFailure, locate};
use crate::services::http::fetch_text_within;
use crate::services::identity::{now_ms, visitor_id};
use crate::services::{events, outbox, storage};
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct GroupPickerViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn GroupPickerView(props: &GroupPickerViewProps) -> Html {
    let page = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::GroupPicker(page) => Some(page),
        _ => None,
    });
    match page {
        Some(page) => html! { <GroupPicker campaign={props.campaign.clone()} {page} /> },
        None => Html::default(),
    }
}

#[derive(Properties, PartialEq)]
struct GroupPickerProps {
    campaign: SharedCampaign,
    page: SharedPage<GroupPickerPage>,
}

/// What this device remembers of its assignment, so a second visit shows the
/// same group instead of asking again.
#[derive(Serialize, Deserialize)]
struct Remembered {
    group: String,
    method: AssignMethod,
}

#[function_component]
fn GroupPicker(props: &GroupPickerProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let memory_key = storage::keys::chosen_group(&campaign.id, &page.id);
    let state = {
        let page = page.clone();
        use_reducer(move || PickerState::new(page.0))
    };
    {
        let dispatcher = state.dispatcher();
        let page = page.clone();
        use_effect_with(memory_key.clone(), move |key| {
            let remembered = storage::get(key)
                .as_deref()
                .and_then(campaign_core::read_json::<Remembered>)
                .and_then(|memory| {
                    let index = page.groups.iter().position(|g| g.id == memory.group)?;
                    // An expired code is never shown, even to a returning member.
                    (!page.groups[index].is_expired(now_ms() as i64))
                        .then_some((index, memory.method))
                });
            if let Some((index, method)) = remembered {
                dispatcher.dispatch(Action::Recall(index, method));
            }
        });
    }
    let fill_url = campaign.backend.api_url(&format!("pages/{}/fill", page.id));

    let start_locating = {
        let dispatcher = state.dispatcher();
        let fill_url = fill_url.clone();
        let page_id = page.id.clone();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::Locate);
            let dispatcher = dispatcher.clone();
            let fill_url = fill_url.clone();
            let page_id = page_id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let located = locate().await;
                // Fresh counts for the decision: groups fill while people read.
                let fill = match located {
                    Ok(_) => fetch_fill(&fill_url).await,
                    Err(_) => None,
                };
                events::track(
                    "location_answered",
                    Some(&page_id),
                    object([(
                        "outcome",
                        located.err().map_or("found", failure_name).into(),
                    )]),
                );
                dispatcher.dispatch(Action::Located(located, fill));
            });
        })
    };
    {
        let dispatcher = state.dispatcher();
        let start_locating = start_locating.clone();
        let ask_now = page.ask == AskLocation::OnLoad && state.step == Step::Intro;
        use_effect_with((), move |()| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(fill) = fetch_fill(&fill_url).await {
                    dispatcher.dispatch(Action::FillLoaded(fill));
                }
            });
            if ask_now {
                start_locating.emit(());
            }
        });
    }
    {
        // Each new assignment is recorded once, through the outbox.
        let card = match &state.step {
            Step::Card(card) => card.submission.clone().map(|id| (id, card.clone())),
            _ => None,
        };
        let campaign = campaign.clone();
        let page = page.clone();
        use_effect_with(card, move |card| {
            if let Some((id, card)) = card {
                if let Some(group) = page.groups.get(card.index) {
                    let assignment = Assignment {
                        group: group.id.clone(),
                        method: card.method,
                        position: card.position,
                    };
                    if let Ok(payload) = serde_json::to_value(&assignment) {
                        outbox::submit(Envelope {
                            id: id.clone(),
                            campaign_id: campaign.id.clone(),
                            page_id: page.id.clone(),
                            page_kind: PageKind::GroupPicker,
                            visitor_id: visitor_id(),
                            subject: crate::services::person::subject(),
                            referral_code: None,
                            channel: None,
                            client_ts: now_ms() as i64,
                            payload,
                        });
                    }
                    let memory = Remembered {
                        group: group.id.clone(),
                        method: card.method,
                    };
                    if let Ok(text) = serde_json::to_string(&memory) {
                        storage::set(&memory_key, &text);
                    }
                }
            }
        });
    }

    let text = &strings(campaign.locale).groups;
    let open_picker = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::OpenPicker))
    };
    let on_choose = {
        let dispatcher = state.dispatcher();
        Callback::from(move |index| dispatcher.dispatch(Action::Choose(index)))
    };
    let privacy = page.privacy.as_deref().unwrap_or(text.default_privacy);
    let locate_button = {
        let start_locating = start_locating.clone();
        html! {
            <button type="button" class="ck-button" onclick={Callback::from(move |_| start_locating.emit(()))}>
                { text.use_location }
            </button>
        }
    };
    let body = match &state.step {
        Step::Intro => html! {
            <div class="ck-card ck-locate">
                <p class="ck-privacy">{ privacy }</p>
                { locate_button }
                <button type="button" class="ck-button ck-button-quiet" onclick={open_picker}>{ text.choose_myself }</button>
            </div>
        },
        Step::Locating => html! {
            <div class="ck-card ck-locate" aria-busy="true">
                <p class="ck-privacy">{ privacy }</p>
                <p class="ck-locating" role="status"><span class="ck-spinner" aria-hidden="true"></span>{ text.locating }</p>
            </div>
        },
        Step::Card(card) => match page.groups.get(card.index) {
            Some(group) => html! {
                <GroupCard group={group.clone()} method={card.method} locale={campaign.locale}
                    on_change_area={open_picker} />
            },
            None => Html::default(),
        },
        Step::AreaFull {
            area, alternative, ..
        } => {
            let area_label = page
                .groups
                .get(*area)
                .map(|g| g.area_label())
                .unwrap_or_default();
            let offer = alternative.and_then(|index| Some((index, page.groups.get(index)?)));
            html! {
                <div class="ck-card ck-area-full" role="status" data-step="area-full">
                    <p class="ck-notice-title">{ (text.area_full)(&area_label) }</p>
                    if let Some((index, group)) = offer {
                        <button type="button" class="ck-button" onclick={{
                            let dispatcher = state.dispatcher();
                            Callback::from(move |_| dispatcher.dispatch(Action::Accept(index)))
                        }}>{ (text.join_instead)(&group.name) }</button>
                    } else {
                        <p>{ text.all_full }</p>
                    }
                    <button type="button" class="ck-button ck-button-quiet" onclick={open_picker}>{ text.choose_myself }</button>
                </div>
            }
        }
        Step::Picker { reason } => {
            let message = reason.map(|reason| reason_message(text, reason, page));
            let can_retry = matches!(
                reason,
                Some(Reason::Failed(
                    LocateFailure::Timeout | LocateFailure::Unavailable
                ))
            );
            html! {
                <>
                    if let Some(message) = message {
                        <div class="ck-card ck-locate-failed" role="alert" data-reason={reason.map(reason_name)}>
                            <p>{ message }</p>
                            if can_retry {
                                { locate_button }
                            }
                        </div>
                    }
                    <ManualPicker page={page.clone()} fill={Rc::new(state.fill.clone())}
                        locale={campaign.locale} {on_choose} />
                </>
            }
        }
    };
    html! { <div class="ck-groups" data-step={step_name(&state.step)}>{ body }</div> }
}

/// Members per group, as the backend counts them; `None` when it cannot say.
async fn fetch_fill(url: &str) -> Option<Fill> {
    let text = fetch_text_within(url, 8_000).await.ok()?;
    campaign_core::read_json::<GroupFill>(&text).map(|answer| answer.fill)
}

fn reason_message(
    text: &crate::i18n::GroupStrings,
    reason: Reason,
    page: &GroupPickerPage,
) -> String {
    match reason {
        Reason::Failed(LocateFailure::Denied) => text.denied.to_owned(),
        Reason::Failed(LocateFailure::Timeout) => text.timeout.to_owned(),
        Reason::Failed(LocateFailure::Unavailable) => text.unavailable.to_owned(),
        Reason::Failed(LocateFailure::Unsupported) => text.unsupported.to_owned(),
        Reason::Failed(LocateFailure::Insecure) => text.insecure.to_owned(),
        Reason::OutOfRange { nearest, km } => {
            let name = page
                .groups
                .get(nearest)
                .map(|group| group.area_label())
                .unwrap_or_default();
            (text.out_of_range)(page.max_distance_km.round() as u32, &name, km)
        }
    }
}

fn failure_name(failure: LocateFailure) -> &'static str {
    match failure {
        LocateFailure::Unsupported => "unsupported",
        LocateFailure::Insecure => "insecure",
        LocateFailure::Denied => "denied",
        LocateFailure::Unavailable => "unavailable",
        LocateFailure::Timeout => "timeout",
    }
}

fn reason_name(reason: Reason) -> &'static str {
    match reason {
        Reason::Failed(failure) => failure_name(failure),
        Reason::OutOfRange { .. } => "out-of-range",
    }
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::Intro => "intro",
        Step::Locating => "locating",
        Step::Card(_) => "card",
        Step::AreaFull { .. } => "area-full",
        Step::Picker { .. } => "picker",
    }
}
