//! The survey page: sections one at a time with a progress bar, a draft saved on
//! the device as the person types, the submission through the outbox, and the
//! reward once the backend has the answers.

use campaign_core::config::SurveyPage;
use campaign_core::survey::{Resubmit, submitted_answers};
use campaign_core::wire::{PoolStatus, SubmissionReceipt};
use campaign_core::{Envelope, Page, PageKind};
use serde_json::Value;

use crate::services::json::{object, value_of};
use yew::prelude::*;

use crate::shared::{SharedCampaign, SharedPage};

use super::draft::use_kept_draft;
use super::question::{QuestionField, control_id};
use super::state::{Action, SurveyState};
use crate::hooks::{use_delivery, use_page_config};
use crate::i18n::strings;
use crate::services::identity::{new_envelope_id, now_ms, visitor_id};
use crate::services::outbox::{self, Delivery};
use crate::services::{events, storage};

#[derive(Properties, PartialEq)]
pub struct SurveyViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn SurveyView(props: &SurveyViewProps) -> Html {
    let campaign = &props.campaign;
    let survey = use_page_config(campaign, &props.page_id, |page| match page {
        Page::Survey(survey) => Some(survey),
        _ => None,
    });
    let Some(survey) = survey else {
        return Html::default();
    };
    html! { <Survey campaign={campaign.clone()} {survey} /> }
}

#[derive(Properties, PartialEq)]
struct SurveyProps {
    campaign: SharedCampaign,
    survey: SharedPage<SurveyPage>,
}

#[function_component]
fn Survey(props: &SurveyProps) -> Html {
    let campaign = &props.campaign;
    let survey = &props.survey;
    let state = use_reducer(|| SurveyState::new(survey.0.clone()));
    let draft_key = storage::keys::survey_draft(&campaign.id, &survey.id);

    use_kept_draft(&state, draft_key.clone());
    {
        let pending = match (&state.draft.submission_id, &state.draft.receipt) {
            (Some(id), None) => Some(id.clone()),
            _ => None,
        };
        let campaign = campaign.clone();
        let survey = survey.clone();
        let answers = state.draft.answers.clone();
        use_effect_with(pending, move |pending| {
            if let Some(id) = pending {
                outbox::submit(Envelope {
                    id: id.clone(),
                    campaign_id: campaign.id.clone(),
                    page_id: survey.id.clone(),
                    page_kind: PageKind::Survey,
                    visitor_id: visitor_id(),
                    subject: crate::services::person::subject(),
                    referral_code: None,
                    channel: None,
                    client_ts: now_ms() as i64,
                    payload: object([("answers", value_of(&submitted_answers(&survey, &answers)))]),
                });
                events::track("survey_submitted", Some(&survey.id), Value::Null);
            }
        });
    }
    let delivery = use_delivery(state.draft.submission_id.clone());
    {
        let dispatcher = state.dispatcher();
        let recorded = state.draft.receipt.is_some();
        use_effect_with(delivery.clone(), move |delivery| {
            if let (Some(Delivery::Sent(receipt)), false) = (delivery, recorded) {
                dispatcher.dispatch(Action::Delivered(receipt.clone()));
            }
        });
    }
    {
        // After a failed "next" or "submit", move focus to the first problem.
        let first_problem = state
            .survey
            .sections
            .get(state.draft.section)
            .and_then(|section| {
                section
                    .questions
                    .iter()
                    .find(|q| state.problems.contains_key(&q.id))
            })
            .map(|question| control_id(&question.id));
        use_effect_with(state.problems_version, move |version| {
            if *version > 0 {
                focus(first_problem.as_deref());
            }
        });
    }

    let locale = campaign.locale;
    let text = &strings(locale).survey;
    if state.draft.receipt.is_some() {
        return done_view(props, &state);
    }
    if state.draft.submission_id.is_some() {
        let dispatcher = state.dispatcher();
        let (message, rejected) = match &delivery {
            Some(Delivery::Sending) | None => (text.sending.to_owned(), None),
            Some(Delivery::Waiting) => (text.waiting.to_owned(), None),
            Some(Delivery::Sent(_)) => (text.sent.to_owned(), None),
            Some(Delivery::Rejected(reason)) => (text.rejected.to_owned(), Some(reason.clone())),
            // The reason names a config setting: for the console, not the person.
            Some(Delivery::Unsendable(_)) => (text.unsendable.to_owned(), None),
        };
        return html! {
            <div class="ck-card ck-delivery" role="status" aria-live="polite"
                data-delivery={delivery_name(delivery.as_ref())}>
                <p class="ck-delivery-message">{ message }</p>
                if let Some(reason) = rejected {
                    if let Some(reason) = reason {
                        <p class="ck-field-error">{ reason }</p>
                    }
                    <button type="button" class="ck-button"
                        onclick={Callback::from(move |_| dispatcher.dispatch(Action::Reopen))}>
                        { text.edit_and_resubmit }
                    </button>
                } else if survey.reward.is_some() {
                    <p class="ck-muted">{ text.reward_after_sending }</p>
                }
            </div>
        };
    }

    let section_index = state.draft.section;
    let Some(section) = survey.sections.get(section_index) else {
        return Html::default();
    };
    let visible =
        campaign_core::survey::visible_questions(survey, section_index, &state.draft.answers);
    let (current, total) = campaign_core::survey::progress(survey, section_index);
    let last = state.is_last_section();
    let onsubmit = {
        let dispatcher = state.dispatcher();
        let survey_id = survey.id.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if last {
                dispatcher.dispatch(Action::Submit(new_envelope_id()));
            } else {
                events::track(
                    "survey_section_completed",
                    Some(&survey_id),
                    object([("section", section_index.into())]),
                );
                dispatcher.dispatch(Action::Next);
                scroll_to_top();
            }
        })
    };
    let on_back = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| {
            dispatcher.dispatch(Action::Back);
            scroll_to_top();
        })
    };
    let problem_count = visible
        .iter()
        .filter(|q| state.problems.contains_key(&q.id))
        .count();
    html! {
        <form class="ck-survey" novalidate=true {onsubmit}>
            <div class="ck-progress" role="progressbar" aria-valuemin="1" aria-valuemax={total.to_string()}
                aria-valuenow={current.to_string()} aria-label={(text.progress)(current, total)}>
                <span class="ck-progress-label">{ (text.progress)(current, total) }</span>
                <span class="ck-progress-track">
                    <span class="ck-progress-fill" style={format!("width:{}%", current * 100 / total.max(1))}></span>
                </span>
            </div>
            if state.restored {
                <p class="ck-notice-inline" role="status">{ text.draft_restored }</p>
            }
            if let Some(title) = &section.title {
                <h2 class="ck-section-title">{ title }</h2>
            }
            if let Some(description) = &section.description {
                <p class="ck-lead">{ description }</p>
            }
            <div class="ck-error-summary" role="alert" aria-live="assertive">
                if problem_count > 0 {
                    { (text.errors_summary)(problem_count) }
                }
            </div>
            { for visible.iter().map(|question| {
                let dispatcher = state.dispatcher();
                let id = question.id.clone();
                html! {
                    <QuestionField key={question.id.clone()}
                        question={(*question).clone()}
                        answer={state.draft.answers.get(&question.id).cloned()}
                        problem={state.problems.get(&question.id).map(|problem| problem.message(locale))}
                        {locale}
                        on_change={Callback::from(move |answer| dispatcher.dispatch(Action::Answer(id.clone(), answer)))} />
                }
            }) }
            <div class="ck-form-actions">
                if current > 1 {
                    <button type="button" class="ck-button ck-button-quiet" onclick={on_back}>{ text.back }</button>
                }
                <button type="submit" class="ck-button">
                    { if last { survey.submit_label.clone().unwrap_or_else(|| text.submit.to_owned()) } else { text.next.to_owned() } }
                </button>
            </div>
        </form>
    }
}

/// Thanks, and the reward the backend handed out.
fn done_view(props: &SurveyProps, state: &UseReducerHandle<SurveyState>) -> Html {
    let survey = &props.survey;
    let text = &strings(props.campaign.locale).survey;
    let reward = state
        .draft
        .receipt
        .as_ref()
        .and_then(campaign_core::read_value::<SubmissionReceipt>)
        .and_then(|receipt| receipt.reward);
    let reward = reward.unwrap_or_default();
    let exhausted = reward.status == Some(PoolStatus::Exhausted);
    let code = reward.code;
    let start_over = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::StartOver))
    };
    html! {
        <div class="ck-card ck-done" role="status" data-delivery="sent">
            <h2 class="ck-notice-title">{ text.thanks }</h2>
            <p>{ text.sent }</p>
            if let Some(reward) = &survey.reward {
                <p class="ck-reward-message">{ &reward.message }</p>
                if let Some(code) = code {
                    <p class="ck-muted">{ text.reward_code }</p>
                    <p class="ck-reward-code">{ code }</p>
                } else if exhausted {
                    <p class="ck-muted">{ text.reward_exhausted }</p>
                }
            }
            if survey.resubmit == Resubmit::Allowed {
                <button type="button" class="ck-button ck-button-quiet" onclick={start_over}>{ text.answer_again }</button>
            }
        </div>
    }
}

fn delivery_name(delivery: Option<&Delivery>) -> &'static str {
    match delivery {
        Some(Delivery::Sending) | None => "sending",
        Some(Delivery::Waiting) => "waiting",
        Some(Delivery::Sent(_)) => "sent",
        Some(Delivery::Rejected(_)) => "rejected",
        Some(Delivery::Unsendable(_)) => "unsendable",
    }
}

fn focus(element_id: Option<&str>) {
    use wasm_bindgen::JsCast;
    let element = element_id.and_then(|id| web_sys::window()?.document()?.get_element_by_id(id));
    if let Some(element) =
        element.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        element.focus().ok();
    }
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
