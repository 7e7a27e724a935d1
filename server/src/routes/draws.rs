//! Prize draws, decided here and never in the page, and the quiz results that
//! unlock them: `/api/v1/draw`, `/api/v1/draw/{page}/chances`,
//! `/api/v1/draw/{page}/share` and, for staff, `/api/v1/draws`.
//!
//! The rules themselves (odds, chances, claim codes) live in
//! [`campaign_core::lottery`]; the one transaction a draw is lives in
//! [`crate::store::draws`].

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::Page;
use campaign_core::config::{Identity, Locale, LotteryPage, QuizPage};
use campaign_core::envelope::{EnvelopeError, is_envelope_id};
use campaign_core::identity::CeilingReached;
use campaign_core::lottery::{self, BonusSource, CLAIM_CODE_SYMBOLS};
use campaign_core::quiz::{self, QuizAnswers};
use campaign_core::wire::{
    BonusDraw, Chances, ClaimTicket, DrawAnswer, DrawList, DrawRequest, ErrorCode, QuizVerdict,
    Refusal, ShareAnswer, ShareRequest,
};
use serde::Deserialize;
use serde_json::Value;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{
    Admin, Ceiling, Client, JsonBody, PageFilter, Person, QueryVisitor, check_idempotency_key,
};
use crate::routes::lookup::page_of_kind;
use crate::store::draws::{
    AddressCap, BonusGrant, CLAIM_CODE_TRIES, DrawOutcome, DrawRecord, NewDraw, quiz_source,
    share_source,
};

/// `POST /api/v1/draw`: draws a prize for a visitor, or answers a retried
/// request with the draw it made the first time.
///
/// `201` for a new draw, `200` for a replay (same key, visitor and page), `409`
/// `id_conflict` when the key is another draw's, and `409` with `daily_limit`,
/// `total_limit`, `no_chances` or `prizes_gone` when the visitor may not draw:
/// a refusal is final for that request (not `429`, which clients retry).
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    person: Person,
    headers: HeaderMap,
    JsonBody(request): JsonBody<DrawRequest>,
) -> Result<Response, ApiError> {
    check_idempotency_key(&headers, &request.id, "request")?;
    let invalid =
        |err: EnvelopeError| ApiError::unprocessable(ErrorCode::InvalidDraw, err.to_string());
    if !is_envelope_id(&request.id) {
        return Err(invalid(EnvelopeError::BadId));
    }
    if request.campaign_id != state.campaign.id {
        return Err(invalid(EnvelopeError::WrongCampaign {
            got: request.campaign_id,
            expected: state.campaign.id.clone(),
        }));
    }
    let page = match state.campaign.page(&request.page_id) {
        Some(Page::Lottery(page)) => page,
        Some(other) => {
            return Err(invalid(EnvelopeError::KindMismatch {
                page: request.page_id,
                actual: other.kind().as_str(),
                claimed: "lottery",
            }));
        }
        None => return Err(invalid(EnvelopeError::UnknownPage(request.page_id))),
    };
    if request
        .channel
        .as_deref()
        .is_some_and(|code| !campaign_core::envelope::is_channel_code(code))
    {
        return Err(invalid(EnvelopeError::BadChannel));
    }
    let visitor_id = state
        .admit_person(&person, &request.visitor_id, true)
        .await?;
    state.pass_ceiling(Ceiling::Draws).await?;
    // Where nobody is verified, one network address wins so many prizes a
    // day at most: inventing visitor ids is free, addresses are not.
    let address_cap = match (state.campaign.identity, client.address_key()) {
        (Identity::Device, Some(address)) => Some(AddressCap {
            address,
            wins_per_day: state.campaign.ceilings.prize_wins_per_address_per_day,
        }),
        _ => None,
    };

    let mut roll = [0u8; 8];
    let mut claim_codes = [[0u8; CLAIM_CODE_SYMBOLS]; CLAIM_CODE_TRIES];
    getrandom::fill(&mut roll).map_err(ApiError::internal)?;
    for candidate in &mut claim_codes {
        getrandom::fill(candidate).map_err(ApiError::internal)?;
    }
    let outcome = state
        .store
        .draw(NewDraw {
            id: request.id,
            page: page.clone(),
            visitor_id,
            now: state.now(),
            roll: u64::from_le_bytes(roll),
            claim_codes,
            address_cap,
            channel: request.channel,
        })
        .await
        .map_err(ApiError::internal)?;
    match outcome {
        DrawOutcome::New { draw, remaining } => Ok((
            StatusCode::CREATED,
            Json(draw_answer(page, &draw, remaining)),
        )
            .into_response()),
        DrawOutcome::Replay { draw, remaining } => {
            Ok((StatusCode::OK, Json(draw_answer(page, &draw, remaining))).into_response())
        }
        DrawOutcome::IdConflict => Err(ApiError::conflict(
            ErrorCode::IdConflict,
            "another draw already uses this id; generate a new id for a new draw",
        )),
        DrawOutcome::Refused(refusal) => Err(ApiError::refusal(
            StatusCode::CONFLICT,
            &Refusal::Draw(refusal),
            state.campaign.locale,
        )),
        DrawOutcome::AddressCapped => Err(ApiError::conflict(
            ErrorCode::AddressLimit,
            CeilingReached::AddressWins.text(state.campaign.locale),
        )),
    }
}

/// The page shows exactly this: the prize the server recorded.
fn draw_answer(page: &LotteryPage, draw: &DrawRecord, remaining: u32) -> DrawAnswer {
    DrawAnswer {
        draw_id: draw.id.clone(),
        page_id: draw.page_id.clone(),
        prize: draw.prize(),
        claim: draw.claim_code.clone().map(|code| ClaimTicket {
            code,
            instructions: page
                .prize(&draw.prize_id)
                .and_then(|prize| prize.claim.clone()),
        }),
        remaining,
    }
}

/// `GET /api/v1/draw/{page_id}/chances?visitor=<visitor id>`: how many draws the
/// visitor has left, for the page's counter and button.
pub async fn chances(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    Path(page_id): Path<String>,
    QueryVisitor(visitor): QueryVisitor,
) -> Result<Response, ApiError> {
    let page = lottery_page(&state, &page_id)?;
    let visitor = state.admit_person(&person, &visitor, true).await?;
    let standing = state
        .store
        .draw_standing(page.id.clone(), visitor, state.now())
        .await
        .map_err(ApiError::internal)?;
    let limits = &page.limits;
    let usage = &standing.usage;
    let share_bonus = if standing.shared_today {
        0
    } else {
        limits.bonus_for(BonusSource::Share)
    };
    let chances = Chances {
        remaining: lottery::remaining_chances(limits, usage),
        daily_left: limits
            .per_day
            .map(|per_day| per_day.saturating_sub(usage.daily_draws_today)),
        bonus_left: usage.bonus_earned.saturating_sub(usage.bonus_draws),
        total_left: limits
            .total
            .map(|total| total.saturating_sub(usage.draws_total)),
        share_bonus,
    };
    Ok(([(CACHE_CONTROL, "no-store")], Json(chances)).into_response())
}

/// `POST /api/v1/draw/{page_id}/share`: the visitor shared the page; grants the
/// page's `share_bonus` draws once per China Standard Time day. Sharing cannot
/// be verified from a web page, so the once-a-day cap is what bounds it.
pub async fn share(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    Path(page_id): Path<String>,
    JsonBody(request): JsonBody<ShareRequest>,
) -> Result<Json<ShareAnswer>, ApiError> {
    let page = lottery_page(&state, &page_id)?;
    let visitor_id = state
        .admit_person(&person, &request.visitor_id, true)
        .await?;
    let now = state.now();
    let draws = page.limits.bonus_for(BonusSource::Share);
    let granted = state
        .store
        .grant_bonus(BonusGrant {
            page_id: page.id.clone(),
            limits: page.limits.clone(),
            visitor_id,
            source: share_source(lottery::draw_day(now)),
            draws,
            earned_by: None,
            now,
        })
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(ShareAnswer {
        granted: if granted.inserted { draws } else { 0 },
        remaining: granted.remaining,
    }))
}

/// `GET /api/v1/draws?page=<id>` (admin token): the newest draws.
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<PageFilter>,
) -> Result<Json<DrawList>, ApiError> {
    if let Some(page) = &query.page {
        lottery_page(&state, page)?;
    }
    let cursor = query.cursor()?;
    let limit = query.limit();
    let won_only = query.won_only()?;
    let draws = state
        .store
        .draws(query.page, cursor, limit, won_only)
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(DrawList {
        draws: draws.rows.iter().map(DrawRecord::row).collect(),
        next: draws.next.map(|next| next.to_string()),
    }))
}

fn lottery_page<'a>(state: &'a AppState, page_id: &str) -> Result<&'a LotteryPage, ApiError> {
    page_of_kind(
        &state.campaign,
        page_id,
        StatusCode::NOT_FOUND,
        (ErrorCode::NotALottery, "a prize draw"),
        |page| match page {
            Page::Lottery(page) => Some(page),
            _ => None,
        },
    )
}

/// A quiz submission scored on the server, with the draw it may unlock.
pub(crate) struct ScoredQuiz {
    quiz_id: String,
    pub(crate) result: QuizVerdict,
    unlocks_draw: Option<String>,
}

/// Scores a quiz payload, `{"answers": {"<question id>": "<option value>"}}`,
/// with the same rules the page used; incomplete or stale answers are refused.
pub(crate) fn score_quiz(
    quiz: &QuizPage,
    payload: &Value,
    locale: Locale,
) -> Result<ScoredQuiz, ApiError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct QuizPayload {
        answers: QuizAnswers,
    }
    let invalid = |message: String| ApiError::unprocessable(ErrorCode::InvalidAnswers, message);
    let parsed = QuizPayload::deserialize(payload).map_err(|err| {
        invalid(format!(
            "a quiz payload is `{{\"answers\": {{\"<question id>\": \"<option value>\"}}}}`: {err}"
        ))
    })?;
    let outcome = quiz::score(quiz, &parsed.answers)
        .map_err(|problem| invalid(problem.message(locale).to_owned()))?;
    Ok(ScoredQuiz {
        quiz_id: quiz.id.clone(),
        result: QuizVerdict {
            tier: outcome.tier.id.clone(),
            score: outcome.score,
        },
        unlocks_draw: quiz.unlocks_draw.clone(),
    })
}

/// When the quiz unlocks a draw, whether this submission earned its bonus draw
/// (granted once per visitor and quiz; a replay of the earning submission says
/// `true` again, any other submission `false`).
pub(crate) async fn grant_quiz_bonus(
    state: &AppState,
    scored: &ScoredQuiz,
    visitor_id: &str,
    submission_id: &str,
) -> Result<Option<BonusDraw>, ApiError> {
    let Some(page) = scored
        .unlocks_draw
        .as_deref()
        .and_then(|id| match state.campaign.page(id) {
            Some(Page::Lottery(page)) => Some(page),
            _ => None,
        })
    else {
        return Ok(None);
    };
    let granted = state
        .store
        .grant_bonus(BonusGrant {
            page_id: page.id.clone(),
            limits: page.limits.clone(),
            visitor_id: visitor_id.to_owned(),
            source: quiz_source(&scored.quiz_id),
            draws: page.limits.bonus_for(BonusSource::Quiz),
            earned_by: Some(submission_id.to_owned()),
            now: state.now(),
        })
        .await
        .map_err(ApiError::internal)?;
    Ok(Some(BonusDraw {
        page: page.id.clone(),
        granted: granted.earned_by.as_deref() == Some(submission_id),
    }))
}
