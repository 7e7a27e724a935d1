//! `/api/v1/submissions` and `/api/v1/export.csv`: where pages send their
//! results, and where staff read them back.

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::config::GroupPickerPage;
use campaign_core::groups::{Assignment, assignment_problem};
use campaign_core::identity::needs_person;
use campaign_core::offers::OfferRefusal;
use campaign_core::survey::Resubmit;
use campaign_core::wire::{
    ErrorCode, ReceiptStatus, Refusal, RewardOutcome, SubmissionList, SubmissionReceipt,
};
use campaign_core::{Envelope, Page};
use serde::Deserialize;

use crate::AppState;
use crate::csv::{csv_header, csv_rows};
use crate::error::ApiError;
use crate::extract::{Admin, Ceiling, Client, JsonBody, PageFilter, Person, check_idempotency_key};
use crate::routes::{answers, checkins, courses, draws, offers, referrals};
use crate::store::console::ExportFilter;
use crate::store::{Reward, Stored, SubmissionRules};

/// `POST /api/v1/submissions`: stores an envelope once per id.
///
/// Answers 201 for a new envelope and 200 for a replay of a stored one, so a
/// client that retries after a lost response sees success either way.
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    person: Person,
    headers: HeaderMap,
    JsonBody(mut envelope): JsonBody<Envelope>,
) -> Result<Response, ApiError> {
    check_idempotency_key(&headers, &envelope.id, "envelope")?;
    envelope
        .check(&state.campaign)
        .map_err(|err| ApiError::unprocessable(ErrorCode::InvalidEnvelope, err.to_string()))?;
    let page = state
        .campaign
        .page(&envelope.page_id)
        .ok_or_else(|| ApiError::internal("checked page vanished"))?;
    // Stored, counted and judged as the verified person where there is one
    // (the token's subject, never the envelope's own `subject`): two devices
    // of one person send one "once" survey, take one reward code, one seat.
    envelope.visitor_id = state
        .admit_person(&person, &envelope.visitor_id, needs_person(page))
        .await?;
    if state.campaign.identity.verifies_people() && person.0.is_none() {
        // Only a verified person is credited as an invited friend.
        envelope.referral_code = None;
    }
    let locale = state.campaign.locale;
    let mut rules = submission_rules(page);
    let mut quiz_verdict = None;
    match page {
        Page::Survey(survey) => answers::check_survey_answers(survey, &envelope.payload, locale)?,
        Page::GroupPicker(picker) => {
            rules.group = Some(check_assignment(picker, &envelope.payload)?);
        }
        Page::Quiz(quiz) => {
            quiz_verdict = Some(draws::score_quiz(quiz, &envelope.payload, locale)?);
        }
        Page::Offers(offer) => {
            rules = offers::claim_rules(offer, &envelope.payload, state.now())?;
        }
        // Their results reach the server by their own endpoints (a benefits
        // page shows and takes nothing); an envelope for them could only be
        // someone filling the database.
        Page::Lottery(_) | Page::Referral(_) | Page::Benefits(_) | Page::Unparsed(_) => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidEnvelope,
                format!(
                    "page `{}` ({}) takes no results; draws go to /api/v1/draw and invitations to /api/v1/referrals/visits",
                    page.id(),
                    page.kind().as_str()
                ),
            ));
        }
        // Seats and check-ins are decided in their own transactions.
        Page::Course(course) => return courses::sign_up(&state, course, envelope, &client).await,
        Page::Checkin(checkin) => return checkins::check_in(&state, checkin, envelope).await,
    }
    if rules.reward_pool.is_some() {
        state.pass_ceiling(Ceiling::RewardCodes).await?;
    }
    if rules.group.is_some() {
        state.pass_ceiling(Ceiling::Seats).await?;
    }
    let id = envelope.id.clone();
    let visitor_id = envelope.visitor_id.clone();
    let referral = referrals::SubmissionTrace::of(&envelope);
    let payload_text = envelope.payload.to_string();
    let stored = state
        .store
        .insert_submission(envelope, state.now(), rules)
        .await
        .map_err(ApiError::internal)?;
    let mut coupon = None;
    let (status, word, reward) = match stored {
        Stored::New(reward) => (StatusCode::CREATED, ReceiptStatus::Stored, reward),
        Stored::Duplicate(reward) => (StatusCode::OK, ReceiptStatus::Duplicate, reward),
        Stored::ClaimedBefore { payload, code } => {
            if let (Page::Offers(offer), Some(code)) = (page, code) {
                coupon = Some(offers::coupon_of(offer, &payload, code, true));
            }
            (StatusCode::OK, ReceiptStatus::Duplicate, None)
        }
        Stored::PoolExhausted => return Err(offers::refused(OfferRefusal::PoolExhausted, locale)),
        Stored::Closed => return Err(offers::refused(OfferRefusal::OfferEnded, locale)),
        Stored::Conflict => {
            return Err(ApiError::submission_id_taken());
        }
        Stored::AlreadySubmitted => {
            return Err(ApiError::refusal(
                StatusCode::CONFLICT,
                &Refusal::AlreadySubmitted,
                locale,
            ));
        }
    };
    // Invitations: a carried `referral_code` and a referral page's goal. Runs for
    // replays too, so a retry finishes what a failure left undone.
    referrals::after_submission(&state, referral, client.address_key()).await?;
    // A stored quiz result gets the server's verdict (and its bonus draw).
    let (result, bonus) = match &quiz_verdict {
        Some(verdict) => {
            let bonus = draws::grant_quiz_bonus(&state, verdict, &visitor_id, &id).await?;
            (Some(verdict.result.clone()), bonus)
        }
        None => (None, None),
    };
    // An offers claim's code is its coupon, not a survey's reward.
    let reward = match (page, reward) {
        (Page::Offers(offer), Some(Reward::Code(code))) => {
            let replay = word == ReceiptStatus::Duplicate;
            coupon = Some(offers::coupon_of(offer, &payload_text, code, replay));
            None
        }
        (_, reward) => reward,
    };
    let receipt = SubmissionReceipt {
        reward: reward.map(|reward| match reward {
            Reward::Code(code) => RewardOutcome::issued(code),
            Reward::Exhausted => RewardOutcome::exhausted(),
        }),
        result,
        bonus,
        coupon,
        ..SubmissionReceipt::new(id, word)
    };
    Ok((status, Json(receipt)).into_response())
}

/// What a page asks of its submissions.
fn submission_rules(page: &Page) -> SubmissionRules {
    match page {
        Page::Survey(survey) => SubmissionRules {
            once_per_visitor: survey.resubmit == Resubmit::Once,
            reward_pool: survey
                .reward
                .as_ref()
                .and_then(|reward| reward.code_pool.clone()),
            ..SubmissionRules::default()
        },
        _ => SubmissionRules::default(),
    }
}

/// The group an assignment names, once it is one this page offers.
fn check_assignment(
    picker: &GroupPickerPage,
    payload: &serde_json::Value,
) -> Result<String, ApiError> {
    let invalid = |message: String| ApiError::unprocessable(ErrorCode::InvalidAssignment, message);
    let assignment = Assignment::deserialize(payload).map_err(|err| {
        invalid(format!(
            "a group picker payload is `{{\"group\": ..., \"method\": \"location\" | \"manual\"}}`: {err}"
        ))
    })?;
    match assignment_problem(picker, &assignment) {
        Some(problem) => Err(invalid(problem)),
        None => Ok(assignment.group),
    }
}

/// `GET /api/v1/submissions?page=<id>`: for staff, with the admin token.
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<PageFilter>,
) -> Result<Json<SubmissionList>, ApiError> {
    if let Some(page) = &query.page {
        if state.campaign.page(page).is_none() {
            return Err(ApiError::not_found(
                ErrorCode::UnknownPage,
                format!("campaign has no page `{page}`"),
            ));
        }
    }
    let cursor = query.cursor()?;
    let limit = query.limit();
    let submissions = state
        .store
        .submissions(query.page, cursor, limit)
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(SubmissionList {
        submissions: submissions.rows,
        next: submissions.next.map(|next| next.to_string()),
    }))
}

/// `GET /api/v1/export.csv?page=<id>&from=<YYYY-MM-DD>&to=<YYYY-MM-DD>`: every
/// submission (received on those Beijing days) as a spreadsheet, for staff. Streamed a page at a time, so a large campaign's export neither
/// loads every row into memory nor holds the database while it is written.
pub async fn export_csv(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<PageFilter>,
) -> Result<Response, ApiError> {
    if let Some(page) = &query.page {
        if state.campaign.page(page).is_none() {
            return Err(ApiError::not_found(
                ErrorCode::UnknownPage,
                format!("campaign has no page `{page}`"),
            ));
        }
    }
    let filename = format!(
        "attachment; filename=\"{}-submissions.csv\"",
        state.campaign.id
    );
    let (from, to) = query.received_between()?;
    let store = state.store.clone();
    let filter = ExportFilter {
        page_id: query.page,
        from,
        to,
    };
    // `None`: the header is next; `Some(cursor)`: rows after it; the stream
    // ends after the last page.
    let chunks = futures_util::stream::unfold(Some(None), move |at: Option<Option<i64>>| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            let cursor = at?;
            let rows = match store.export_rows(filter, cursor, EXPORT_PAGE_ROWS).await {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::error!("export stopped: {err}");
                    return Some((Err(std::io::Error::other("export failed")), None));
                }
            };
            let mut text = if cursor.is_none() {
                csv_header()
            } else {
                String::new()
            };
            text.push_str(&csv_rows(&rows.rows));
            let next = rows.next.map(Some);
            Some((Ok::<_, std::io::Error>(text), next))
        }
    });
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, filename),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}

/// Rows read from the database per chunk of the export.
const EXPORT_PAGE_ROWS: usize = 500;
