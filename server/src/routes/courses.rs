//! Course pages: a sign-up arrives as an ordinary envelope at
//! `POST /api/v1/submissions` ([`sign_up`]), and
//! `GET /api/v1/courses/<page>` answers the person's place and the seats the
//! page may show ([`standing`]).
//!
//! The server decides the cohort: inside the transaction that stores the
//! sign-up it counts each cohort's sign-ups, and the page's verdict
//! ([`CoursePage::sign_up_verdict`], on the server's clock) names the first
//! cohort with a seat left, or refuses a late or full sign-up.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use campaign_core::course::{CoursePage, SignUpState};
use campaign_core::wire::{
    CourseStanding, ErrorCode, ReceiptStatus, Refusal, SignUp, SignUpReceipt, SubmissionReceipt,
};
use campaign_core::{Campaign, Envelope, Page};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Ceiling, Client, Person, QueryVisitor};
use crate::routes::answers::check_survey_answers;
use crate::routes::lookup::page_of_kind;
use crate::routes::referrals;
use crate::store::courses::{Seat, SignedUp};

/// Stores a sign-up envelope (already checked against the campaign and
/// counted as its person) once per person, in the cohort the server chooses.
pub(crate) async fn sign_up(
    state: &AppState,
    page: &CoursePage,
    envelope: Envelope,
    client: &Client,
) -> Result<Response, ApiError> {
    let locale = state.campaign.locale;
    check_survey_answers(&page.sign_up_survey(), &envelope.payload, locale)?;
    let answers = SignUp::deserialize(&envelope.payload)
        .map_err(|err| ApiError::unprocessable(ErrorCode::InvalidAnswers, err.to_string()))?
        .answers;
    state.pass_ceiling(Ceiling::Seats).await?;
    let name = page.learner_name(&answers);
    let id = envelope.id.clone();
    let referral = referrals::SubmissionTrace::of(&envelope);
    let now = state.now();
    let judged = page.clone();
    let outcome = state
        .store
        .sign_up(envelope, name, now, move |taken| {
            let index =
                judged.sign_up_verdict(now, |cohort| taken.get(cohort).copied().unwrap_or(0))?;
            Ok(judged.cohorts[index].id.clone())
        })
        .await
        .map_err(ApiError::internal)?;
    let (status, word, seat) = match outcome {
        SignedUp::New(seat) => (StatusCode::CREATED, ReceiptStatus::Stored, seat),
        SignedUp::Before(seat) => (StatusCode::OK, ReceiptStatus::Duplicate, seat),
        SignedUp::Refused(refusal) => {
            return Err(ApiError::refusal(
                StatusCode::CONFLICT,
                &Refusal::SignUp(refusal),
                locale,
            ));
        }
        SignedUp::Conflict => {
            return Err(ApiError::submission_id_taken());
        }
    };
    // A friend who came with a graduate's (or member's) code is credited.
    referrals::after_submission(state, referral, client.address_key()).await?;
    let receipt = SubmissionReceipt {
        sign_up: Some(receipt_of(page, &seat, seat.submission_id != id)?),
        ..SubmissionReceipt::new(id, word)
    };
    Ok((status, Json(receipt)).into_response())
}

/// What a stored seat tells the learner, from the served config.
pub(crate) fn receipt_of(
    page: &CoursePage,
    seat: &Seat,
    already_signed_up: bool,
) -> Result<SignUpReceipt, ApiError> {
    // A cohort removed from the config after people joined it is an
    // operator's mistake the learner cannot fix; say so in the log.
    let cohort = page.cohort(&seat.cohort_id).ok_or_else(|| {
        ApiError::internal(format!(
            "page `{}` no longer has cohort `{}`, which holds sign-ups",
            page.id, seat.cohort_id
        ))
    })?;
    Ok(SignUpReceipt {
        cohort: cohort.id.clone(),
        cohort_name: cohort.name.clone(),
        starts_on: cohort.starts_on.clone(),
        class_group: cohort.class_group.name.clone(),
        already_signed_up,
    })
}

/// `GET /api/v1/courses/<page>?visitor=<id>`: the person's place, if they
/// signed up, whether sign-up is open, the cohort a sign-up would join now,
/// and its seats left only where the page shows them.
pub async fn standing(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    Path(page_id): Path<String>,
    QueryVisitor(visitor): QueryVisitor,
) -> Result<Response, ApiError> {
    let page = course_page(&state.campaign, &page_id)?;
    let holder = state.admit_person(&person, &visitor, false).await?;
    let seat = if state.may_look_up(&person) {
        state
            .store
            .seat(page_id.clone(), holder)
            .await
            .map_err(ApiError::internal)?
    } else {
        None
    };
    let sign_up = seat.map(|seat| receipt_of(page, &seat, true)).transpose()?;
    let taken = state
        .store
        .cohort_fill(page_id.clone())
        .await
        .map_err(ApiError::internal)?;
    let (open, next_cohort, remaining) = match page.sign_up_state(state.now(), |cohort| {
        taken.get(cohort).copied().unwrap_or(0)
    }) {
        SignUpState::Open {
            cohort,
            remaining_shown,
        } => (true, Some(page.cohorts[cohort].id.clone()), remaining_shown),
        SignUpState::Full | SignUpState::Closed => (false, None, None),
    };
    let body = CourseStanding {
        page_id,
        sign_up,
        open,
        next_cohort,
        remaining,
    };
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

pub(crate) fn course_page<'a>(
    campaign: &'a Campaign,
    page_id: &str,
) -> Result<&'a CoursePage, ApiError> {
    page_of_kind(
        campaign,
        page_id,
        StatusCode::NOT_FOUND,
        (ErrorCode::NotACoursePage, "a course page"),
        |page| match page {
            Page::Course(page) => Some(page.as_ref()),
            _ => None,
        },
    )
}
