//! The course page's parts, each a plain function of the config (and, after
//! sign-up, of the server's receipt). Every text from the config or a person
//! is rendered as text, never as HTML.

use campaign_core::Locale;
use campaign_core::course::{Advisor, Course, CoursePage, DEFAULT_CONTACT_PROMPT, Feedback};
use campaign_core::routes::Route;
use campaign_core::wire::SignUpReceipt;
use yew::prelude::*;

use crate::components::{Link, QrImage};
use crate::i18n::strings;

/// The advisor's persona: photo, name, title, years and credo.
pub fn advisor_card(advisor: &Advisor, locale: Locale) -> Html {
    let text = &strings(locale).course;
    html! {
        <section class="ck-card ck-advisor" aria-labelledby="ck-advisor-name">
            <p class="ck-course-heading">{ text.advisor_heading }</p>
            <div class="ck-advisor-head">
                <img class="ck-advisor-photo" src={advisor.photo.as_str().to_owned()}
                    alt={advisor.name.clone()} width="72" height="72" />
                <div class="ck-advisor-who">
                    <p class="ck-advisor-name" id="ck-advisor-name">{ &advisor.name }</p>
                    <p class="ck-advisor-title">{ &advisor.title }</p>
                    <p class="ck-advisor-years">{ (text.years)(advisor.years) }</p>
                </div>
            </div>
            <blockquote class="ck-advisor-credo">{ &advisor.credo }</blockquote>
        </section>
    }
}

/// The course: who it is for, what each learner gets, and the day-by-day
/// schedule.
pub fn course_outline(course: &Course, locale: Locale) -> Html {
    let text = &strings(locale).course;
    html! {
        <>
            <section class="ck-card ck-course-about">
                <h2 class="ck-course-name">{ &course.title }</h2>
                <p class="ck-course-heading">{ text.audience_heading }</p>
                <p class="ck-course-audience">{ &course.audience }</p>
                <p class="ck-course-heading">{ text.includes_heading }</p>
                <ul class="ck-course-includes">
                    { for course.includes.iter().map(|item| html! {
                        <li class="ck-course-include">
                            <span class="ck-course-include-title">{ &item.title }</span>
                            if let Some(detail) = &item.detail {
                                <span class="ck-course-include-detail">{ detail }</span>
                            }
                        </li>
                    }) }
                </ul>
            </section>
            <section class="ck-card ck-course-schedule" aria-labelledby="ck-course-schedule">
                <h2 class="ck-course-heading" id="ck-course-schedule">{ text.schedule_heading }</h2>
                <ol class="ck-schedule">
                    { for course.schedule.iter().map(|day| html! {
                        <li class="ck-schedule-day" data-day={day.day.to_string()}>
                            <span class="ck-schedule-mark">{ (text.day)(day.day) }</span>
                            <div class="ck-schedule-body">
                                <p class="ck-schedule-title">{ &day.title }</p>
                                <p class="ck-schedule-time">{ (text.lesson_at)(&day.time) }</p>
                                <p class="ck-schedule-summary">{ &day.summary }</p>
                            </div>
                        </li>
                    }) }
                </ol>
            </section>
        </>
    }
}

/// Past learners' words, as quotes.
pub fn feedback_list(feedback: &[Feedback], locale: Locale) -> Html {
    if feedback.is_empty() {
        return Html::default();
    }
    let text = &strings(locale).course;
    html! {
        <section class="ck-card ck-course-feedback" aria-labelledby="ck-course-feedback">
            <h2 class="ck-course-heading" id="ck-course-feedback">{ text.feedback_heading }</h2>
            { for feedback.iter().map(|quote| html! {
                <figure class="ck-quote">
                    <blockquote class="ck-quote-text">{ &quote.text }</blockquote>
                    if let Some(author) = &quote.author {
                        <figcaption class="ck-quote-author">{ author }</figcaption>
                    }
                </figure>
            }) }
        </section>
    }
}

/// The person's place after sign-up: cohort, start date, class group, the
/// advisor's WeCom QR code with its prompt, and the way to the check-ins.
pub fn placed_card(
    page: &CoursePage,
    receipt: &SignUpReceipt,
    checkin_page: Option<&str>,
    locale: Locale,
) -> Html {
    let text = &strings(locale).course;
    let contact = &page.advisor.contact;
    let prompt = contact
        .prompt
        .clone()
        .unwrap_or_else(|| DEFAULT_CONTACT_PROMPT.to_owned());
    let alt = (text.qr_alt)(&page.advisor.name);
    let qr = match (&contact.qr_url, &contact.qr_image) {
        (Some(url), _) => html! { <QrImage text={url.as_str().to_owned()} size={180} alt={alt} /> },
        (None, Some(image)) => html! {
            <img class="ck-qr" src={image.as_str().to_owned()} {alt} width="180" height="180" />
        },
        (None, None) => Html::default(),
    };
    let group_qr = page
        .cohort(&receipt.cohort)
        .and_then(|cohort| cohort.class_group.qr_image.as_ref());
    html! {
        <section class="ck-card ck-course-placed" role="status" data-cohort={receipt.cohort.clone()}>
            <h2 class="ck-notice-title">{ text.placed_title }</h2>
            if receipt.already_signed_up {
                <p class="ck-muted">{ text.already_signed_up }</p>
            }
            <dl class="ck-placed-facts">
                <dt>{ text.cohort }</dt>
                <dd class="ck-placed-cohort">{ &receipt.cohort_name }</dd>
                <dt>{ text.starts_on }</dt>
                <dd class="ck-placed-date">{ &receipt.starts_on }</dd>
                <dt>{ text.class_group }</dt>
                <dd class="ck-placed-group">{ &receipt.class_group }</dd>
            </dl>
            <div class="ck-advisor-contact">
                { qr }
                <p class="ck-advisor-prompt">{ prompt }</p>
            </div>
            if let Some(image) = group_qr {
                <img class="ck-group-qr" src={image.as_str().to_owned()}
                    alt={receipt.class_group.clone()} width="180" height="180" />
            }
            if let Some(id) = checkin_page {
                <Link to={Route::Page(id.to_owned())} class="ck-button">{ text.go_checkin }</Link>
            }
        </section>
    }
}

/// Sign-up closed or full: said plainly, with the next intake when there is one.
pub fn no_seat_card(page: &CoursePage, full: bool, locale: Locale) -> Html {
    let text = &strings(locale).course;
    html! {
        <section class="ck-card ck-course-ended" role="status">
            <p class="ck-notice-title">{ if full { text.full } else { text.closed } }</p>
            if let Some(next) = &page.next_intake {
                <p class="ck-course-next-intake">{ &next.message }</p>
                <a class="ck-button" href={next.link.href().map(str::to_owned)}>{ text.next_intake }</a>
            }
        </section>
    }
}

/// The card for after the course, while its real deadline has not passed.
pub fn next_step_card(page: &CoursePage, now_ms: i64, locale: Locale) -> Html {
    let Some(step) = page.next_step.as_ref().filter(|step| step.is_open(now_ms)) else {
        return Html::default();
    };
    let text = &strings(locale).course;
    html! {
        <section class="ck-card ck-next-step">
            <h2 class="ck-next-step-title">{ &step.title }</h2>
            <p>{ &step.body }</p>
            <a class="ck-button ck-button-quiet" href={step.link.href().map(str::to_owned)}>{ text.next_step_go }</a>
        </section>
    }
}
