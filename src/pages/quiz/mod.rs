//! The quiz: one question per screen with progress and a way back, then the
//! result tier, a share poster, and the draw chance a finished quiz unlocks. The
//! answers go through the outbox; the backend scores them again and its verdict
//! (and whether the chance was granted) is what the page shows once it arrives.

use std::rc::Rc;

use campaign_core::config::QuizPage;
use campaign_core::quiz::{QuizAnswers, score};
use campaign_core::routes::Route;
use campaign_core::wire::SubmissionReceipt;
use campaign_core::{Envelope, Page, PageKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::services::json::{object, value_of};
use yew::prelude::*;

use crate::components::{Link, PosterPanel};
use crate::hooks::use_delivery;
use crate::hooks::use_page_config;
use crate::i18n::strings;
use crate::services::identity::{new_envelope_id, now_ms, visitor_id};
use crate::services::outbox::{self, Delivery};
use crate::services::{events, storage};
use crate::shared::{SharedCampaign, SharedPage};

#[derive(Properties, PartialEq)]
pub struct QuizViewProps {
    pub campaign: SharedCampaign,
    pub page_id: String,
}

#[function_component]
pub fn QuizView(props: &QuizViewProps) -> Html {
    let quiz = use_page_config(&props.campaign, &props.page_id, |page| match page {
        Page::Quiz(quiz) => Some(quiz),
        _ => None,
    });
    match quiz {
        Some(quiz) => html! { <Quiz campaign={props.campaign.clone()} {quiz} /> },
        None => Html::default(),
    }
}

/// Kept on the device, so a reload mid-quiz or on the result loses nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    answers: QuizAnswers,
    /// The question on screen.
    index: usize,
    /// The envelope of the finished quiz, minted once.
    #[serde(default)]
    submission: Option<String>,
    /// The backend's answer: its scoring and the chance it granted.
    #[serde(default)]
    receipt: Option<Value>,
}

#[derive(Properties, PartialEq)]
struct QuizProps {
    campaign: SharedCampaign,
    quiz: SharedPage<QuizPage>,
}

#[function_component]
fn Quiz(props: &QuizProps) -> Html {
    let campaign = &props.campaign;
    let quiz = &props.quiz;
    let key = storage::keys::quiz_draft(&campaign.id, &quiz.id);
    // The answers so far, kept on the device: restored after the first render
    // (which is the server's), and saved only once restored, so the first
    // render's empty draft never overwrites what the person had answered.
    let draft = use_state(Draft::default);
    let restored = use_state(|| false);
    {
        let draft = draft.clone();
        let restored = restored.clone();
        let quiz = quiz.clone();
        use_effect_with(key.clone(), move |key| {
            let kept = storage::get(key)
                .as_deref()
                .and_then(campaign_core::read_json::<Draft>)
                // Answers to a quiz that has changed since cannot be scored:
                // start afresh rather than strand the person on a dead end.
                .filter(|kept| fits(&quiz, &kept.answers));
            if let Some(kept) = kept {
                draft.set(kept);
            }
            restored.set(true);
        });
    }
    {
        let key = key.clone();
        use_effect_with(((*draft).clone(), *restored), move |(draft, restored)| {
            if *restored {
                if let Ok(text) = serde_json::to_string(draft) {
                    storage::set(&key, &text);
                }
            }
        });
    }
    {
        // The finished quiz is sent once, through the outbox.
        let campaign = campaign.clone();
        let quiz = quiz.clone();
        let pending = match (&draft.submission, &draft.receipt) {
            (Some(id), None) => Some((id.clone(), draft.answers.clone())),
            _ => None,
        };
        use_effect_with(pending, move |pending| {
            if let Some((id, answers)) = pending {
                outbox::submit(Envelope {
                    id: id.clone(),
                    campaign_id: campaign.id.clone(),
                    page_id: quiz.id.clone(),
                    page_kind: PageKind::Quiz,
                    visitor_id: visitor_id(),
                    subject: crate::services::person::subject(),
                    referral_code: None,
                    channel: None,
                    client_ts: now_ms() as i64,
                    payload: object([("answers", value_of(&answers))]),
                });
            }
        });
    }
    let delivery = use_delivery(draft.submission.clone());
    {
        let draft = draft.clone();
        use_effect_with(delivery.clone(), move |delivery| {
            if let (Some(Delivery::Sent(receipt)), None) = (delivery, &draft.receipt) {
                draft.set(Draft {
                    receipt: Some(receipt.clone().unwrap_or(Value::Null)),
                    ..(*draft).clone()
                });
            }
        });
    }

    let text = &strings(campaign.locale).quiz;
    let total = quiz.questions.len();
    if draft.submission.is_some() {
        return result_view(props, &draft, delivery.as_ref());
    }
    let index = draft.index.min(total.saturating_sub(1));
    let Some(question) = quiz.questions.get(index) else {
        return Html::default();
    };
    let chosen = draft.answers.get(&question.id).cloned();
    let on_back = {
        let draft = draft.clone();
        Callback::from(move |_| {
            draft.set(Draft {
                index: draft.index.saturating_sub(1),
                ..(*draft).clone()
            })
        })
    };
    html! {
        <section class="ck-quiz" aria-labelledby="ck-quiz-question" data-question={question.id.clone()}>
            <div class="ck-progress" role="progressbar" aria-valuemin="1" aria-valuemax={total.to_string()}
                aria-valuenow={(index + 1).to_string()} aria-label={(text.progress)(index + 1, total)}>
                <span class="ck-progress-label">{ (text.progress)(index + 1, total) }</span>
                <span class="ck-progress-track">
                    <span class="ck-progress-fill" style={format!("width:{}%", (index + 1) * 100 / total.max(1))}></span>
                </span>
            </div>
            <h2 class="ck-quiz-question" id="ck-quiz-question">{ &question.label }</h2>
            <ul class="ck-quiz-options">
                { for question.options.iter().map(|option| {
                    let selected = chosen.as_deref() == Some(option.value.as_str());
                    let onclick = {
                        let draft = draft.clone();
                        let quiz = quiz.clone();
                        let question_id = question.id.clone();
                        let value = option.value.clone();
                        Callback::from(move |_| {
                            let mut next = (*draft).clone();
                            next.answers.insert(question_id.clone(), value.clone());
                            let unanswered = quiz
                                .questions
                                .iter()
                                .position(|q| !next.answers.contains_key(&q.id));
                            match unanswered {
                                _ if index + 1 < total => next.index = index + 1,
                                Some(first) => next.index = first,
                                None => {
                                    next.submission = Some(new_envelope_id());
                                    events::track("quiz_finished", Some(&quiz.id), Value::Null);
                                    scroll_to_top();
                                }
                            }
                            draft.set(next);
                        })
                    };
                    html! {
                        <li>
                            <button type="button" class={classes!("ck-quiz-option", selected.then_some("ck-quiz-option-chosen"))}
                                aria-pressed={selected.to_string()} {onclick}>
                                { &option.label }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if index > 0 {
                <button type="button" class="ck-button ck-button-quiet" onclick={on_back}>{ text.back }</button>
            }
        </section>
    }
}

/// The result: the backend's verdict once it has the answers (the page's own
/// scoring until then), the share poster, and the unlocked draw chance.
fn result_view(
    props: &QuizProps,
    draft: &UseStateHandle<Draft>,
    delivery: Option<&Delivery>,
) -> Html {
    let quiz = &props.quiz;
    let campaign = &props.campaign;
    let text = &strings(campaign.locale).quiz;
    // A backend of the marketer's own may answer anything: only the reference
    // server's receipt carries a verdict.
    let receipt = draft
        .receipt
        .as_ref()
        .and_then(campaign_core::read_value::<SubmissionReceipt>);
    let server_tier = receipt
        .as_ref()
        .and_then(|receipt| receipt.result.as_ref())
        .and_then(|result| quiz.tier(&result.tier));
    let local = score(quiz, &draft.answers).ok();
    let Some(tier) = server_tier.or(local.as_ref().map(|outcome| outcome.tier)) else {
        let again = {
            let draft = draft.clone();
            Callback::from(move |_| draft.set(Draft::default()))
        };
        return html! {
            <div class="ck-card" role="alert">
                <p>{ text.cannot_score }</p>
                <button type="button" class="ck-button" onclick={again}>{ text.again }</button>
            </div>
        };
    };
    let again = {
        let draft = draft.clone();
        Callback::from(move |_| draft.set(Draft::default()))
    };
    let chance = quiz.unlocks_draw.as_ref().map(|draw_page| {
        let granted = draft.receipt.as_ref().map(|_| {
            receipt
                .as_ref()
                .and_then(|receipt| receipt.bonus.as_ref())
                .is_some_and(|bonus| bonus.granted)
        });
        let status = match (granted, delivery) {
            (Some(true), _) => text.chance_granted,
            (Some(false), _) => text.chance_already_used,
            (None, Some(Delivery::Rejected(_) | Delivery::Unsendable(_))) => text.chance_refused,
            (None, Some(Delivery::Waiting)) => text.chance_waiting,
            (None, _) => text.chance_pending,
        };
        html! {
            <div class="ck-card ck-quiz-chance" role="status" aria-live="polite"
                data-chance={match granted { Some(true) => "granted", Some(false) => "used", None => "pending" }}>
                <p>{ status }</p>
                <Link to={Route::Page(draw_page.clone())} class="ck-button">{ text.go_draw }</Link>
            </div>
        }
    });
    let poster_values = Rc::new(vec![
        (
            "title".to_owned(),
            quiz.share_text
                .clone()
                .unwrap_or_else(|| quiz.title.clone()),
        ),
        ("result".to_owned(), tier.title.clone()),
        (
            "description".to_owned(),
            tier.description.clone().unwrap_or_default(),
        ),
    ]);
    html! {
        <div class="ck-quiz-result" data-tier={tier.id.clone()}>
            <section class="ck-card ck-result-card" aria-labelledby="ck-result-title">
                <p class="ck-result-kicker">{ text.your_result }</p>
                <h2 class="ck-result-title" id="ck-result-title">{ &tier.title }</h2>
                if let Some(image) = &tier.image {
                    <img class="ck-result-image" src={image.as_str().to_owned()} alt="" />
                }
                if let Some(description) = &tier.description {
                    <p class="ck-result-description">{ description }</p>
                }
            </section>
            { for chance }
            <PosterPanel campaign={campaign.clone()} template={Rc::new(campaign_core::quiz::result_poster(tier, &campaign.theme, campaign.locale))}
                values={poster_values}
                share_url={share_link(&quiz.id)} file_name={format!("{}-{}.png", quiz.id, tier.id)} />
            <button type="button" class="ck-button ck-button-quiet" onclick={again}>{ text.again }</button>
        </div>
    }
}

/// Whether every saved answer names a question and option the quiz still has.
fn fits(quiz: &QuizPage, answers: &QuizAnswers) -> bool {
    answers.iter().all(|(question, value)| {
        quiz.question(question)
            .is_some_and(|question| question.options.iter().any(|option| &option.value == value))
    })
}

/// The quiz's own address, for friends who scan the result poster.
fn share_link(page_id: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{}", Route::Page(page_id.to_owned()).path())
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
