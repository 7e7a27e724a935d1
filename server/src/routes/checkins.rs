//! Check-in pages: a check-in arrives as an ordinary envelope at
//! `POST /api/v1/submissions` ([`check_in`]); `GET /api/v1/checkins/<page>`
//! answers the learner's place and progress ([`standing`]), `/wall` where the
//! class comes from ([`wall`]), `/certificate` whether the learner graduates
//! ([`certificate`]), and staff hide a wall line at `/wall/hide` ([`hide`]).
//!
//! The learner's course days come from their sign-up on the course page the
//! check-in page names: the cohort's `starts_on` is day 1. Whether a check-in
//! counts is decided on the server's clock ([`checkin_verdict`]), against the
//! learner's stored check-ins read in the transaction that stores it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use campaign_core::checkin::{
    CheckinMark, CheckinPage, CourseTime, check_hometown, checkin_verdict, course_day, graduates,
    province_counts,
};
use campaign_core::clock::Date;
use campaign_core::course::CoursePage;
use campaign_core::wire::{
    Certificate, CertificateEligibility, CheckIn, CheckInAnswer, CheckinStanding, ErrorCode,
    HideWallLine, ProgressAnswer, ReceiptStatus, Refusal, SubmissionReceipt, WallAnswer,
};
use campaign_core::{Campaign, Envelope, Page};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Admin, Client, JsonBody, Person, QueryVisitor};
use crate::routes::courses::receipt_of;
use crate::routes::lookup::page_of_kind;
use crate::routes::referrals;
use crate::store::courses::{CheckedIn, NewCheckin, Seat};

/// Stores a check-in envelope (already checked against the campaign and
/// counted as its person) once per learner and day, when it counts.
pub(crate) async fn check_in(
    state: &AppState,
    page: &CheckinPage,
    envelope: Envelope,
) -> Result<Response, ApiError> {
    let locale = state.campaign.locale;
    let request = CheckIn::deserialize(&envelope.payload).map_err(|err| {
        ApiError::unprocessable(
            ErrorCode::InvalidEnvelope,
            format!("a check-in payload is `{{\"day\": 1, \"hometown\": {{...}}}}`: {err}"),
        )
    })?;
    let (course, seat) = learner(state, page, envelope.visitor_id.clone()).await?;
    let starts_on = starts_on(course, &seat)?;
    // Day one's hometown is read (and normalised) only on day one.
    let hometown = match (&request.hometown, request.day) {
        (Some(hometown), 1) => Some(check_hometown(hometown, page.line_max_chars()).map_err(
            |problem| {
                ApiError::refusal(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &Refusal::Hometown(problem),
                    locale,
                )
            },
        )?),
        _ => None,
    };
    let now = state.now();
    let id = envelope.id.clone();
    let judged = page.clone();
    let with_hometown = hometown.is_some();
    let checkin = NewCheckin {
        envelope,
        day: request.day,
        hometown,
        received_at: now,
    };
    let outcome = state
        .store
        .check_in(checkin, move |done| {
            checkin_verdict(&judged, starts_on, now, request.day, done, with_hometown)
        })
        .await
        .map_err(ApiError::internal)?;
    let (status, word, timing, marks) = match outcome {
        CheckedIn::New { timing, marks } => {
            (StatusCode::CREATED, ReceiptStatus::Stored, timing, marks)
        }
        CheckedIn::Replay { timing, marks } => {
            (StatusCode::OK, ReceiptStatus::Duplicate, timing, marks)
        }
        CheckedIn::Refused(refusal) => {
            return Err(ApiError::refusal(
                StatusCode::CONFLICT,
                &Refusal::Checkin(refusal),
                locale,
            ));
        }
        CheckedIn::Conflict => {
            return Err(ApiError::submission_id_taken());
        }
    };
    let receipt = SubmissionReceipt {
        checkin: Some(CheckInAnswer {
            day: request.day,
            timing,
            progress: progress_of(page, starts_on, now, &marks),
        }),
        ..SubmissionReceipt::new(id, word)
    };
    Ok((status, Json(receipt)).into_response())
}

/// `GET /api/v1/checkins/<page>?visitor=<id>`: the learner's sign-up, their
/// progress on the server's clock and their hometown; `sign_up: null` for
/// someone who has not signed up.
pub async fn standing(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    Path(page_id): Path<String>,
    QueryVisitor(visitor): QueryVisitor,
) -> Result<Response, ApiError> {
    let page = checkin_page(&state.campaign, &page_id)?;
    let holder = state.admit_person(&person, &visitor, false).await?;
    let mut body = CheckinStanding {
        page_id: page_id.clone(),
        sign_up: None,
        progress: None,
        hometown: None,
    };
    if state.may_look_up(&person) {
        if let Some((course, seat)) = seat_of(&state, page, holder.clone()).await? {
            let starts_on = starts_on(course, &seat)?;
            let (marks, hometown) = state
                .store
                .checkins_of(page_id, holder)
                .await
                .map_err(ApiError::internal)?;
            body.sign_up = Some(receipt_of(course, &seat, true)?);
            body.progress = Some(progress_of(page, starts_on, state.now(), &marks));
            body.hometown = hometown;
        }
    }
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// `GET /api/v1/checkins/<page>/wall`: every learner's province counted once,
/// most first, and the latest lines staff have not hidden.
pub async fn wall(
    State(state): State<AppState>,
    _: Client,
    Path(page_id): Path<String>,
) -> Result<Response, ApiError> {
    let page = checkin_page(&state.campaign, &page_id)?;
    let wall = state
        .store
        .wall(page_id.clone(), page.wall_lines())
        .await
        .map_err(ApiError::internal)?;
    let body = WallAnswer {
        page_id,
        total: u32::try_from(wall.provinces.len()).unwrap_or(u32::MAX),
        provinces: province_counts(wall.provinces.iter().map(String::as_str)),
        latest: wall.latest,
    };
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// `GET /api/v1/checkins/<page>/certificate?visitor=<id>`: whether the
/// learner graduates, by the server's count of their check-ins, and for a
/// graduate what the certificate shows, with their own invite code for its QR
/// code.
pub async fn certificate(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    Path(page_id): Path<String>,
    QueryVisitor(visitor): QueryVisitor,
) -> Result<Response, ApiError> {
    let page = checkin_page(&state.campaign, &page_id)?;
    let holder = state.admit_person(&person, &visitor, true).await?;
    let (course, seat) = learner(&state, page, holder.clone()).await?;
    let (marks, _) = state
        .store
        .checkins_of(page_id.clone(), holder.clone())
        .await
        .map_err(ApiError::internal)?;
    let days_checked_in = days_of(page, &marks);
    let days_needed = page.graduation.days_needed;
    let mut body = CertificateEligibility {
        eligible: graduates(page, &marks),
        days_checked_in,
        days_needed,
        certificate: None,
    };
    if body.eligible {
        let graduated_at = state
            .store
            .graduated_at(page_id.clone(), holder.clone(), days_needed)
            .await
            .map_err(ApiError::internal)?
            .unwrap_or_else(|| state.now());
        let (referral_code, _) = referrals::issue_code(&state, page_id, holder).await?;
        let cohort = receipt_of(course, &seat, true)?;
        body.certificate = Some(Certificate {
            name: seat.name,
            course: course.course.title.clone(),
            cohort_name: cohort.cohort_name,
            days_checked_in,
            date: page.utc_offset.local(graduated_at).date.to_string(),
            advisor: course.advisor.name.clone(),
            referral_code,
        });
    }
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// `POST /api/v1/checkins/<page>/wall/hide` `{"id"}` (admin): takes a line off
/// the wall; the check-in itself still counts. `204`, or `404` when the page
/// has no line with that id.
pub async fn hide(
    State(state): State<AppState>,
    _: Admin,
    Path(page_id): Path<String>,
    JsonBody(request): JsonBody<HideWallLine>,
) -> Result<StatusCode, ApiError> {
    checkin_page(&state.campaign, &page_id)?;
    let hidden = state
        .store
        .hide_wall_line(page_id.clone(), request.id.clone(), state.now())
        .await
        .map_err(ApiError::internal)?;
    if hidden {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(
            ErrorCode::NotFound,
            format!("page `{page_id}` has no wall line `{}`", request.id),
        ))
    }
}

/// The course a check-in page belongs to, and the learner's seat in it.
async fn seat_of<'a>(
    state: &'a AppState,
    page: &CheckinPage,
    holder: String,
) -> Result<Option<(&'a CoursePage, Seat)>, ApiError> {
    let course = state.campaign.course_of(page).ok_or_else(|| {
        ApiError::internal(format!(
            "check-in page `{}` names no course page (the config check requires one)",
            page.id
        ))
    })?;
    let seat = state
        .store
        .seat(course.id.clone(), holder)
        .await
        .map_err(ApiError::internal)?;
    Ok(seat.map(|seat| (course, seat)))
}

/// [`seat_of`], refusing someone who has not signed up.
async fn learner<'a>(
    state: &'a AppState,
    page: &CheckinPage,
    holder: String,
) -> Result<(&'a CoursePage, Seat), ApiError> {
    seat_of(state, page, holder).await?.ok_or_else(|| {
        ApiError::refusal(
            StatusCode::CONFLICT,
            &Refusal::NotSignedUp,
            state.campaign.locale,
        )
    })
}

/// Day 1 of the learner's cohort.
fn starts_on(course: &CoursePage, seat: &Seat) -> Result<Date, ApiError> {
    course
        .cohort(&seat.cohort_id)
        .and_then(|cohort| Date::parse(&cohort.starts_on))
        .ok_or_else(|| {
            ApiError::internal(format!(
                "cohort `{}` of page `{}` is gone or has no start date",
                seat.cohort_id, course.id
            ))
        })
}

/// The learner's progress at `now_ms`, numbering today as the strip does: 0
/// before day 1, past the length once the course is over.
fn progress_of(
    page: &CheckinPage,
    starts_on: Date,
    now_ms: i64,
    marks: &[CheckinMark],
) -> ProgressAnswer {
    let today = match course_day(starts_on, page.length(), &page.utc_offset, now_ms) {
        CourseTime::NotStarted { .. } => 0,
        CourseTime::Day(day) => day,
        CourseTime::Over { days } => page.length().saturating_add(days),
    };
    ProgressAnswer::of(page, today, marks)
}

/// Distinct days of the course checked in.
fn days_of(page: &CheckinPage, marks: &[CheckinMark]) -> u32 {
    let days = marks
        .iter()
        .filter(|mark| page.day(mark.day).is_some())
        .count();
    u32::try_from(days).unwrap_or(u32::MAX)
}

fn checkin_page<'a>(campaign: &'a Campaign, page_id: &str) -> Result<&'a CheckinPage, ApiError> {
    page_of_kind(
        campaign,
        page_id,
        StatusCode::NOT_FOUND,
        (ErrorCode::NotACheckinPage, "a check-in page"),
        |page| match page {
            Page::Checkin(page) => Some(page),
            _ => None,
        },
    )
}
