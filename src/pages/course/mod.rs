//! The course sign-up page: the advisor's persona, the course and its
//! schedule, past learners' words, a countdown to the real `closes_at`, and
//! the sign-up form (the survey's own question widgets and rules, on
//! `CoursePage::sign_up_survey`). The sign-up is a course envelope through
//! the outbox; the server places the person in a cohort and answers with it,
//! or refuses with a sentence the page shows. Seats left show only when the
//! server's standing (`GET /api/v1/courses/<page>`) gives a count.

mod state;
mod view;

use std::rc::Rc;

use campaign_core::course::CoursePage;
use campaign_core::survey::submitted_answers;
use campaign_core::wire::{CourseStanding, SignUp};
use campaign_core::{Envelope, Page, PageKind};
use serde_json::Value;
use yew::prelude::*;

use self::state::{Phase, Standing};
use crate::hooks::{use_clock, use_delivery, use_page_config};
use crate::i18n::{countdown, strings};
use crate::pages::survey::draft::use_kept_draft;
use crate::pages::survey::question::{QuestionField, control_id};
use crate::pages::survey::state::{Action, SurveyState};
use crate::services::http::fetch_text_within;
use crate::services::identity::{new_envelope_id, now_ms, visitor_id};
use crate::services::outbox::{self, Delivery};
use crate::services::{events, storage};
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct CourseViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn CourseView(props: &CourseViewProps) -> Html {
    let page = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::Course(course) => Some(course.as_ref()),
        _ => None,
    });
    let Some(page) = page else {
        return Html::default();
    };
    html! { <Course campaign={props.campaign.clone()} {page} /> }
}

#[derive(Properties, PartialEq)]
struct CourseProps {
    campaign: SharedCampaign,
    page: SharedPage<CoursePage>,
}

#[function_component]
fn Course(props: &CourseProps) -> Html {
    let campaign = &props.campaign;
    let page = &props.page;
    let locale = campaign.locale;
    let text = &strings(locale).course;
    // The countdown ticks only while sign-up is open.
    let now = use_clock(|now| page.is_open(now));
    let standing = use_state(|| Standing::Asking);
    // The sentence of the server's last refusal, kept while the person edits.
    let refusal = use_state(|| None::<String>);
    let form = use_reducer(|| SurveyState::new(Rc::new(page.sign_up_survey())));
    let draft_key = storage::keys::course_sign_up(&campaign.id, &page.id);

    // The form as the person left it, with a sign-up still in the outbox.
    use_kept_draft(&form, draft_key.clone());
    {
        // A sign-up not yet answered is (re)sent with its one envelope id: the
        // outbox and the server each take an id once.
        let pending = match (&form.draft.submission_id, &form.draft.receipt) {
            (Some(id), None) => Some(id.clone()),
            _ => None,
        };
        let campaign = campaign.clone();
        let survey = form.survey.clone();
        let answers = form.draft.answers.clone();
        use_effect_with(pending, move |pending| {
            if let Some(id) = pending {
                let payload = serde_json::to_value(SignUp {
                    answers: submitted_answers(&survey, &answers),
                })
                .unwrap_or(Value::Null);
                outbox::submit(Envelope {
                    id: id.clone(),
                    campaign_id: campaign.id.clone(),
                    page_id: survey.id.clone(),
                    page_kind: PageKind::Course,
                    visitor_id: visitor_id(),
                    subject: crate::services::person::subject(),
                    referral_code: None,
                    channel: None,
                    client_ts: now_ms() as i64,
                    payload,
                });
                events::track("course_signed_up", Some(&survey.id), Value::Null);
            }
        });
    }
    let delivery = use_delivery(form.draft.submission_id.clone());
    {
        let dispatcher = form.dispatcher();
        let refusal = refusal.clone();
        let recorded = form.draft.receipt.is_some();
        use_effect_with(delivery.clone(), move |delivery| match delivery {
            Some(Delivery::Sent(receipt)) if !recorded => {
                refusal.set(None);
                dispatcher.dispatch(Action::Delivered(receipt.clone()));
            }
            Some(Delivery::Rejected(reason)) => {
                // The answers stay: the person may fix them, or read why not.
                refusal.set(Some(reason.clone().unwrap_or_default()));
                dispatcher.dispatch(Action::Reopen);
            }
            _ => {}
        });
    }
    {
        // The server's seats and the person's place; asked again after a
        // sign-up is answered, either way.
        let standing = standing.clone();
        let backend = campaign.backend.clone();
        let page_id = page.id.clone();
        let answered = (form.draft.receipt.is_some(), (*refusal).clone());
        use_effect_with(answered, move |_| {
            let url = backend.api_url(&format!("courses/{page_id}?visitor={}", visitor_id()));
            wasm_bindgen_futures::spawn_local(async move {
                let answer = fetch_text_within(&url, 10_000)
                    .await
                    .ok()
                    .and_then(|body| campaign_core::read_json::<CourseStanding>(&body));
                standing.set(answer.map_or(Standing::Unknown, Standing::Known));
            });
        });
    }
    {
        // After a refused submit, move focus to the first problem.
        let first_problem = form
            .survey
            .sections
            .first()
            .and_then(|section| {
                section
                    .questions
                    .iter()
                    .find(|question| form.problems.contains_key(&question.id))
            })
            .map(|question| control_id(&question.id));
        use_effect_with(form.problems_version, move |version| {
            if *version > 0 {
                focus(first_problem.as_deref());
            }
        });
    }

    let placed = state::placed(form.draft.receipt.as_ref(), &standing);
    let phase = state::phase(page, now, &standing, placed.is_some());
    let remaining = state::remaining(phase, &standing);
    let checkin_page = campaign.checkin_of(&page.id).map(str::to_owned);

    let countdown_view = match page.closes_in_ms(now) {
        Some(left) if page.is_open(now) && phase != Phase::Closed && phase != Phase::Full => {
            html! {
                <p class="ck-course-countdown" role="timer">
                    { (text.closes_in)(&countdown(left, locale)) }
                </p>
            }
        }
        _ => Html::default(),
    };
    let refusal_view = match (&*refusal, phase) {
        (Some(sentence), phase) if phase != Phase::SignedUp => html! {
            <p class="ck-card ck-course-refusal" role="alert">
                { if sentence.is_empty() { text.rejected.to_owned() } else { sentence.clone() } }
            </p>
        },
        _ => Html::default(),
    };
    let action = match (phase, &placed) {
        (Phase::SignedUp, Some(receipt)) => {
            view::placed_card(page, receipt, checkin_page.as_deref(), locale)
        }
        (Phase::Closed, _) => view::no_seat_card(page, false, locale),
        (Phase::Full, _) => view::no_seat_card(page, true, locale),
        _ => sign_up_form(&form, delivery.as_ref(), locale),
    };

    let signed_up = phase == Phase::SignedUp;
    // The place just given moves to the top: bring it into view.
    use_effect_with(signed_up, |signed_up| {
        if *signed_up {
            let block = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id("ck-course-signup"));
            if let Some(block) = block {
                block.scroll_into_view();
            }
        }
    });
    let signup_block = html! {
        <div class="ck-course-signup" id="ck-course-signup">
            { countdown_view }
            if let Some(left) = remaining {
                <p class="ck-course-remaining" role="status">{ (text.remaining)(left) }</p>
            }
            { refusal_view }
            { action }
        </div>
    };
    html! {
        <div class="ck-course" data-phase={phase.as_str()}>
            // A learner's place comes first once they have one; before, the
            // persona and the course lead up to the form.
            if signed_up {
                { signup_block }
                { view::advisor_card(&page.advisor, locale) }
                { view::course_outline(&page.course, locale) }
            } else {
                { view::advisor_card(&page.advisor, locale) }
                { view::course_outline(&page.course, locale) }
                { view::feedback_list(&page.feedback, locale) }
                { signup_block }
            }
            { view::next_step_card(page, now, locale) }
        </div>
    }
}

/// The sign-up form, or where a sent sign-up stands.
fn sign_up_form(
    form: &UseReducerHandle<SurveyState>,
    delivery: Option<&Delivery>,
    locale: campaign_core::Locale,
) -> Html {
    let text = &strings(locale).course;
    let survey_text = &strings(locale).survey;
    if form.draft.submission_id.is_some() {
        // A backend that took the sign-up without naming a place (a
        // marketer's own, or a designer's preview) has it all the same.
        let message = match delivery {
            _ if form.draft.receipt.is_some() => text.submitted,
            Some(Delivery::Waiting) => text.waiting,
            Some(Delivery::Unsendable(_)) => text.unsendable,
            _ => text.sending,
        };
        return html! {
            <p class="ck-card ck-course-status" role="status" aria-live="polite">{ message }</p>
        };
    }
    let Some(section) = form.survey.sections.first() else {
        return Html::default();
    };
    let visible = campaign_core::survey::visible_questions(&form.survey, 0, &form.draft.answers);
    let problem_count = visible
        .iter()
        .filter(|question| form.problems.contains_key(&question.id))
        .count();
    let onsubmit = {
        let dispatcher = form.dispatcher();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            dispatcher.dispatch(Action::Submit(new_envelope_id()));
        })
    };
    let label = form
        .survey
        .submit_label
        .clone()
        .unwrap_or_else(|| text.sign_up.to_owned());
    html! {
        <form class="ck-survey ck-course-form" novalidate=true {onsubmit}>
            if let Some(title) = &section.title {
                <h2 class="ck-section-title">{ title }</h2>
            }
            if let Some(description) = &section.description {
                <p class="ck-muted">{ description }</p>
            }
            if form.restored {
                <p class="ck-notice-inline" role="status">{ survey_text.draft_restored }</p>
            }
            <div class="ck-error-summary" role="alert" aria-live="assertive">
                if problem_count > 0 {
                    { (survey_text.errors_summary)(problem_count) }
                }
            </div>
            { for visible.iter().map(|question| {
                let dispatcher = form.dispatcher();
                let id = question.id.clone();
                html! {
                    <QuestionField key={question.id.clone()}
                        question={(*question).clone()}
                        answer={form.draft.answers.get(&question.id).cloned()}
                        problem={form.problems.get(&question.id).map(|problem| problem.message(locale))}
                        {locale}
                        on_change={Callback::from(move |answer| dispatcher.dispatch(Action::Answer(id.clone(), answer)))} />
                }
            }) }
            <div class="ck-form-actions">
                <button type="submit" class="ck-button ck-course-submit">
                    { label }
                </button>
            </div>
        </form>
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
