//! Holiday mini-games on the server: quiz results scored again before they
//! unlock a draw, and prize draws decided here, never in the page.
//!
//! A draw is one immediate SQLite transaction: look the idempotency key up,
//! count the visitor's chances, draw among the prizes still in stock with a roll
//! from the operating system, take the prize out of stock, record the draw with
//! its claim code. Concurrent draws therefore queue on the database and can never
//! hand out more of a prize than there is. The rules themselves (odds, chances,
//! claim codes) live in [`campaign_core::lottery`]; this module only counts and
//! stores.
//!
//! Stock is seeded from the config the first time a page is drawn (`INSERT OR
//! IGNORE`), and a prize added to the config later gets its row on the next draw.
//! After that the stored count is the truth: changing a prize's `inventory` in
//! the config of a running campaign does not change what is left (edit
//! `prize_stock` to restock).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::Page;
use campaign_core::config::{Locale, LotteryPage, QuizPage};
use campaign_core::envelope::{EnvelopeError, IDEMPOTENCY_KEY_HEADER, is_envelope_id};
use campaign_core::lottery::{
    self, BonusSource, CLAIM_CODE_SYMBOLS, ChanceSource, DrawLimits, DrawRefusal, DrawUsage,
};
use campaign_core::quiz::{self, QuizAnswers};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{json_body, localized};
use crate::error::ApiError;
use crate::limits::ClientIp;
use crate::store::Store;
use crate::{AppState, iso8601_utc};

/// Claim codes tried before giving up; with 50 random bits a second is already
/// never needed, and if all collided the UNIQUE constraint would refuse the draw
/// (a `500` the client may retry) rather than share a code.
const CLAIM_CODE_TRIES: usize = 4;
/// Most draws `GET /api/v1/draws` lists.
const MAX_LISTED_DRAWS: u32 = 1000;

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

/// One recorded draw.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DrawRecord {
    id: String,
    page_id: String,
    visitor_id: String,
    /// `daily` or `bonus`: what the draw spent.
    source: String,
    prize_id: String,
    /// The prize's name when it was drawn, so claims still read right after the
    /// config renames or drops the prize.
    prize_name: String,
    blank: bool,
    claim_code: Option<String>,
    drawn_at: i64,
    redeemed_at: Option<i64>,
}

const DRAW_COLUMNS: &str = "id, page_id, visitor_id, source, prize_id, prize_name, blank, claim_code, drawn_at, redeemed_at";

impl DrawRecord {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<DrawRecord> {
        Ok(DrawRecord {
            id: row.get(0)?,
            page_id: row.get(1)?,
            visitor_id: row.get(2)?,
            source: row.get(3)?,
            prize_id: row.get(4)?,
            prize_name: row.get(5)?,
            blank: row.get(6)?,
            claim_code: row.get(7)?,
            drawn_at: row.get(8)?,
            redeemed_at: row.get(9)?,
        })
    }
}

/// What a draw request asks the store to do; the randomness comes with it, so
/// the transaction itself is deterministic.
struct DrawRequest {
    id: String,
    page: LotteryPage,
    visitor_id: String,
    now: i64,
    roll: u64,
    claim_codes: [[u8; CLAIM_CODE_SYMBOLS]; CLAIM_CODE_TRIES],
}

enum DrawOutcome {
    /// A new draw; `remaining` is the chances left after it.
    New {
        draw: DrawRecord,
        remaining: u32,
    },
    /// The key was used before by the same visitor on the same page: that draw,
    /// unchanged, and nothing spent.
    Replay {
        draw: DrawRecord,
        remaining: u32,
    },
    /// The key belongs to another visitor's or page's draw.
    IdConflict,
    Refused(DrawRefusal),
}

enum Redemption {
    Redeemed(DrawRecord),
    AlreadyRedeemed(DrawRecord),
    Unknown,
}

/// Bonus draws to grant, once per (page, visitor, source).
struct BonusGrant {
    page_id: String,
    limits: DrawLimits,
    visitor_id: String,
    /// `quiz:<quiz page id>` or `share:<China day>`.
    source: String,
    draws: u32,
    /// The submission that earned it (quizzes).
    earned_by: Option<String>,
    now: i64,
}

/// A bonus grant's result: whether this call added the row, and who earned it.
struct Granted {
    inserted: bool,
    earned_by: Option<String>,
    remaining: u32,
}

/// A visitor's standing on one lottery page.
struct Standing {
    usage: DrawUsage,
    shared_today: bool,
}

fn source_name(source: ChanceSource) -> &'static str {
    match source {
        ChanceSource::Daily => "daily",
        ChanceSource::Bonus => "bonus",
    }
}

fn share_source(day: i64) -> String {
    format!("share:{day}")
}

fn quiz_source(quiz_id: &str) -> String {
    format!("quiz:{quiz_id}")
}

impl Store {
    /// Draws for a visitor, or replays the draw stored under the request's key.
    async fn draw(&self, request: DrawRequest) -> anyhow::Result<DrawOutcome> {
        self.run(move |connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let outcome = draw_in(&transaction, &request)?;
            transaction.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn standing(
        &self,
        page_id: String,
        visitor_id: String,
        now: i64,
    ) -> anyhow::Result<Standing> {
        self.run(move |connection| {
            standing(connection, &page_id, &visitor_id, lottery::draw_day(now))
        })
        .await
    }

    /// Grants `draws` bonus draws from `source` once: a second grant from the same
    /// source changes nothing.
    async fn grant_bonus(&self, grant: BonusGrant) -> anyhow::Result<Granted> {
        self.run(move |connection| {
            let BonusGrant {
                page_id,
                limits,
                visitor_id,
                source,
                draws,
                earned_by,
                now,
            } = grant;
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let inserted = draws > 0
                && transaction.execute(
                    "INSERT OR IGNORE INTO draw_bonuses (page_id, visitor_id, source, draws, earned_by, granted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![page_id, visitor_id, source, draws, earned_by, now],
                )? == 1;
            let earned_by: Option<String> = transaction
                .query_row(
                    "SELECT earned_by FROM draw_bonuses WHERE page_id = ?1 AND visitor_id = ?2 AND source = ?3",
                    params![page_id, visitor_id, source],
                    |row| row.get(0),
                )
                .optional()?
                .flatten();
            let standing = standing(&transaction, &page_id, &visitor_id, lottery::draw_day(now))?;
            transaction.commit()?;
            Ok(Granted {
                inserted,
                earned_by,
                remaining: lottery::remaining_chances(&limits, &standing.usage),
            })
        })
        .await
    }

    /// Marks a claim code redeemed, once.
    async fn redeem_claim(&self, code: String, now: i64) -> anyhow::Result<Redemption> {
        self.run(move |connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let outcome = match draw_by_claim(&transaction, &code)? {
                None => Redemption::Unknown,
                Some(draw) if draw.redeemed_at.is_some() => Redemption::AlreadyRedeemed(draw),
                Some(mut draw) => {
                    transaction.execute(
                        "UPDATE draws SET redeemed_at = ?2 WHERE id = ?1 AND redeemed_at IS NULL",
                        params![draw.id, now],
                    )?;
                    draw.redeemed_at = Some(now);
                    Redemption::Redeemed(draw)
                }
            };
            transaction.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn claim(&self, code: String) -> anyhow::Result<Option<DrawRecord>> {
        self.run(move |connection| draw_by_claim(connection, &code))
            .await
    }

    /// Draws, newest first, optionally of one page.
    async fn draws(&self, page_id: Option<String>) -> anyhow::Result<Vec<DrawRecord>> {
        self.run(move |connection| {
            let mut statement = connection.prepare(&format!(
                "SELECT {DRAW_COLUMNS} FROM draws WHERE ?1 IS NULL OR page_id = ?1
                 ORDER BY drawn_at DESC, rowid DESC LIMIT {MAX_LISTED_DRAWS}"
            ))?;
            let rows = statement.query_map(params![page_id], DrawRecord::from_row)?;
            rows.collect()
        })
        .await
    }
}

fn draw_in(connection: &Connection, request: &DrawRequest) -> rusqlite::Result<DrawOutcome> {
    let page = &request.page;
    let day = lottery::draw_day(request.now);
    let existing = connection
        .query_row(
            &format!("SELECT {DRAW_COLUMNS} FROM draws WHERE id = ?1"),
            params![request.id],
            DrawRecord::from_row,
        )
        .optional()?;
    if let Some(draw) = existing {
        if draw.page_id != page.id || draw.visitor_id != request.visitor_id {
            return Ok(DrawOutcome::IdConflict);
        }
        let usage = standing(connection, &page.id, &request.visitor_id, day)?.usage;
        return Ok(DrawOutcome::Replay {
            draw,
            remaining: lottery::remaining_chances(&page.limits, &usage),
        });
    }
    let mut usage = standing(connection, &page.id, &request.visitor_id, day)?.usage;
    let source = match lottery::next_chance(&page.limits, &usage) {
        Ok(source) => source,
        Err(refusal) => return Ok(DrawOutcome::Refused(refusal)),
    };
    let stock = stock(connection, page)?;
    let Some((index, prize)) = lottery::draw(&page.prizes, &stock, request.roll)
        .and_then(|index| Some((index, page.prizes.get(index)?)))
    else {
        return Ok(DrawOutcome::Refused(DrawRefusal::PrizesGone));
    };
    if stock.get(index).copied().flatten().is_some() {
        let taken = connection.execute(
            "UPDATE prize_stock SET remaining = remaining - 1
             WHERE page_id = ?1 AND prize_id = ?2 AND remaining > 0",
            params![page.id, prize.id],
        )?;
        if taken != 1 {
            // Cannot happen inside the transaction that just read the stock.
            return Ok(DrawOutcome::Refused(DrawRefusal::PrizesGone));
        }
    }
    let claim_code = if prize.blank {
        None
    } else {
        Some(free_claim_code(connection, &request.claim_codes)?)
    };
    let draw = DrawRecord {
        id: request.id.clone(),
        page_id: page.id.clone(),
        visitor_id: request.visitor_id.clone(),
        source: source_name(source).to_owned(),
        prize_id: prize.id.clone(),
        prize_name: prize.name.clone(),
        blank: prize.blank,
        claim_code,
        drawn_at: request.now,
        redeemed_at: None,
    };
    connection.execute(
        "INSERT INTO draws (id, page_id, visitor_id, day, source, prize_id, prize_name, blank, claim_code, drawn_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            draw.id,
            draw.page_id,
            draw.visitor_id,
            day,
            draw.source,
            draw.prize_id,
            draw.prize_name,
            draw.blank,
            draw.claim_code,
            draw.drawn_at,
        ],
    )?;
    usage.draws_total += 1;
    match source {
        ChanceSource::Daily => usage.daily_draws_today += 1,
        ChanceSource::Bonus => usage.bonus_draws += 1,
    }
    Ok(DrawOutcome::New {
        draw,
        remaining: lottery::remaining_chances(&page.limits, &usage),
    })
}

/// What is left of each prize, in prize order as [`lottery::draw`] takes it,
/// seeding rows for prizes not yet stocked.
fn stock(connection: &Connection, page: &LotteryPage) -> rusqlite::Result<Vec<Option<u32>>> {
    let mut seed = connection.prepare_cached(
        "INSERT OR IGNORE INTO prize_stock (page_id, prize_id, remaining) VALUES (?1, ?2, ?3)",
    )?;
    let mut read = connection
        .prepare_cached("SELECT remaining FROM prize_stock WHERE page_id = ?1 AND prize_id = ?2")?;
    page.prizes
        .iter()
        .map(|prize| {
            seed.execute(params![page.id, prize.id, prize.inventory])?;
            read.query_row(params![page.id, prize.id], |row| row.get(0))
        })
        .collect()
}

fn free_claim_code(
    connection: &Connection,
    candidates: &[[u8; CLAIM_CODE_SYMBOLS]; CLAIM_CODE_TRIES],
) -> rusqlite::Result<String> {
    let mut code = String::new();
    for random in candidates {
        code = lottery::claim_code(*random);
        let taken: bool = connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM draws WHERE claim_code = ?1)",
            params![code],
            |row| row.get(0),
        )?;
        if !taken {
            break;
        }
    }
    Ok(code)
}

fn standing(
    connection: &Connection,
    page_id: &str,
    visitor_id: &str,
    day: i64,
) -> rusqlite::Result<Standing> {
    connection.query_row(
        "SELECT
            (SELECT COUNT(*) FROM draws WHERE page_id = ?1 AND visitor_id = ?2 AND source = 'daily' AND day = ?3),
            (SELECT COUNT(*) FROM draws WHERE page_id = ?1 AND visitor_id = ?2),
            (SELECT COALESCE(SUM(draws), 0) FROM draw_bonuses WHERE page_id = ?1 AND visitor_id = ?2),
            (SELECT COUNT(*) FROM draws WHERE page_id = ?1 AND visitor_id = ?2 AND source = 'bonus'),
            EXISTS (SELECT 1 FROM draw_bonuses WHERE page_id = ?1 AND visitor_id = ?2 AND source = ?4)",
        params![page_id, visitor_id, day, share_source(day)],
        |row| {
            Ok(Standing {
                usage: DrawUsage {
                    daily_draws_today: row.get(0)?,
                    draws_total: row.get(1)?,
                    bonus_earned: row.get(2)?,
                    bonus_draws: row.get(3)?,
                },
                shared_today: row.get(4)?,
            })
        },
    )
}

fn draw_by_claim(connection: &Connection, code: &str) -> rusqlite::Result<Option<DrawRecord>> {
    connection
        .query_row(
            &format!("SELECT {DRAW_COLUMNS} FROM draws WHERE claim_code = ?1"),
            params![code],
            DrawRecord::from_row,
        )
        .optional()
}

// ---------------------------------------------------------------------------
// Draw endpoints
// ---------------------------------------------------------------------------

/// Body of `POST /api/v1/draw`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawBody {
    /// UUID v4 made by the page for this press of the button; a retry sends
    /// the same one and gets the same prize.
    id: String,
    campaign_id: String,
    page_id: String,
    visitor_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareBody {
    visitor_id: String,
}

#[derive(Deserialize)]
pub struct ChancesQuery {
    visitor: Option<String>,
}

#[derive(Deserialize)]
pub struct DrawsQuery {
    page: Option<String>,
}

/// `POST /api/v1/draw`: draws a prize for a visitor, or answers a retried
/// request with the draw it made the first time.
///
/// `201` for a new draw, `200` for a replay (same key, visitor and page), `409`
/// `id_conflict` when the key is another draw's, and `409` with `daily_limit`,
/// `total_limit`, `no_chances` or `prizes_gone` when the visitor may not draw:
/// a refusal is final for that request (not `429`, which clients retry).
pub async fn create_draw(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let request: DrawBody = json_body(
        body,
        "`{\"id\", \"campaign_id\", \"page_id\", \"visitor_id\"}`",
    )?;
    if let Some(key) = headers.get(IDEMPOTENCY_KEY_HEADER) {
        if key.to_str().ok() != Some(request.id.as_str()) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_mismatch",
                format!("the {IDEMPOTENCY_KEY_HEADER} header must equal the request's `id`"),
            ));
        }
    }
    let invalid = |err: EnvelopeError| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_draw",
            err.to_string(),
        )
    };
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
    if !is_visitor_id(&request.visitor_id) {
        return Err(invalid(EnvelopeError::BadVisitor));
    }
    state.check_rate(None, Some(&request.visitor_id))?;

    let mut roll = [0u8; 8];
    let mut claim_codes = [[0u8; CLAIM_CODE_SYMBOLS]; CLAIM_CODE_TRIES];
    getrandom::fill(&mut roll).map_err(ApiError::internal)?;
    for candidate in &mut claim_codes {
        getrandom::fill(candidate).map_err(ApiError::internal)?;
    }
    let outcome = state
        .store
        .draw(DrawRequest {
            id: request.id,
            page: page.clone(),
            visitor_id: request.visitor_id,
            now: state.now(),
            roll: u64::from_le_bytes(roll),
            claim_codes,
        })
        .await
        .map_err(ApiError::internal)?;
    let locale = state.campaign.locale;
    match outcome {
        DrawOutcome::New { draw, remaining } => Ok((
            StatusCode::CREATED,
            Json(draw_answer(page, &draw, remaining)),
        )
            .into_response()),
        DrawOutcome::Replay { draw, remaining } => {
            Ok((StatusCode::OK, Json(draw_answer(page, &draw, remaining))).into_response())
        }
        DrawOutcome::IdConflict => Err(ApiError::new(
            StatusCode::CONFLICT,
            "id_conflict",
            "another draw already uses this id; generate a new id for a new draw",
        )),
        DrawOutcome::Refused(refusal) => Err(ApiError::new(
            StatusCode::CONFLICT,
            refusal_code(refusal),
            refusal.message(locale),
        )),
    }
}

fn refusal_code(refusal: DrawRefusal) -> &'static str {
    match refusal {
        DrawRefusal::DailyLimit => "daily_limit",
        DrawRefusal::TotalLimit => "total_limit",
        DrawRefusal::NoChances => "no_chances",
        DrawRefusal::PrizesGone => "prizes_gone",
    }
}

/// The page shows exactly this: the prize the server recorded.
fn draw_answer(page: &LotteryPage, draw: &DrawRecord, remaining: u32) -> Value {
    let claim = draw.claim_code.as_ref().map(|code| {
        json!({
            "code": code,
            "instructions": page.prize(&draw.prize_id).and_then(|prize| prize.claim.clone()),
        })
    });
    json!({
        "draw_id": draw.id,
        "page_id": draw.page_id,
        "prize": prize_json(draw),
        "claim": claim,
        "remaining": remaining,
    })
}

fn prize_json(draw: &DrawRecord) -> Value {
    json!({ "id": draw.prize_id, "name": draw.prize_name, "blank": draw.blank })
}

/// `GET /api/v1/draw/{page_id}/chances?visitor=<visitor id>`: how many draws the
/// visitor has left, for the page's counter and button.
pub async fn chances(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(page_id): Path<String>,
    Query(query): Query<ChancesQuery>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let page = lottery_page(&state, &page_id)?;
    let visitor = query
        .visitor
        .filter(|visitor| is_visitor_id(visitor))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_visitor",
                format!("add `?visitor=<visitor id>`: {}", EnvelopeError::BadVisitor),
            )
        })?;
    state.check_rate(None, Some(&visitor))?;
    let standing = state
        .store
        .standing(page.id.clone(), visitor, state.now())
        .await
        .map_err(ApiError::internal)?;
    let limits = &page.limits;
    let usage = &standing.usage;
    let share_bonus = if standing.shared_today {
        0
    } else {
        limits.bonus_for(BonusSource::Share)
    };
    Ok((
        [(CACHE_CONTROL, "no-store")],
        Json(json!({
            "remaining": lottery::remaining_chances(limits, usage),
            "daily_left": limits.per_day.map(|per_day| per_day.saturating_sub(usage.daily_draws_today)),
            "bonus_left": usage.bonus_earned.saturating_sub(usage.bonus_draws),
            "total_left": limits.total.map(|total| total.saturating_sub(usage.draws_total)),
            "share_bonus": share_bonus,
        })),
    )
        .into_response())
}

/// `POST /api/v1/draw/{page_id}/share`: the visitor shared the page; grants the
/// page's `share_bonus` draws once per China Standard Time day. Sharing cannot
/// be verified from a web page, so the once-a-day cap is what bounds it.
pub async fn share(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(page_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let page = lottery_page(&state, &page_id)?;
    let request: ShareBody = json_body(body, "`{\"visitor_id\": ...}`")?;
    if !is_visitor_id(&request.visitor_id) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_visitor",
            EnvelopeError::BadVisitor.to_string(),
        ));
    }
    state.check_rate(None, Some(&request.visitor_id))?;
    let now = state.now();
    let draws = page.limits.bonus_for(BonusSource::Share);
    let granted = state
        .store
        .grant_bonus(BonusGrant {
            page_id: page.id.clone(),
            limits: page.limits.clone(),
            visitor_id: request.visitor_id,
            source: share_source(lottery::draw_day(now)),
            draws,
            earned_by: None,
            now,
        })
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(json!({
        "granted": if granted.inserted { draws } else { 0 },
        "remaining": granted.remaining,
    }))
    .into_response())
}

fn lottery_page<'a>(state: &'a AppState, page_id: &str) -> Result<&'a LotteryPage, ApiError> {
    match state.campaign.page(page_id) {
        Some(Page::Lottery(page)) => Ok(page),
        Some(_) => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_a_lottery",
            format!("page `{page_id}` is not a prize draw"),
        )),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_page",
            format!("this campaign has no page `{page_id}`"),
        )),
    }
}

/// The rule [`campaign_core::Envelope::check`] applies to `visitor_id`.
fn is_visitor_id(visitor: &str) -> bool {
    (8..=64).contains(&visitor.len())
        && visitor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

// ---------------------------------------------------------------------------
// Claims, for staff
// ---------------------------------------------------------------------------

/// `POST /api/v1/claims/{code}/redeem` (admin token): marks a winner's claim
/// code as redeemed, once. The code may be typed loosely (`k7q2 9xma 3f`).
pub async fn redeem_claim(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    let code = claim_code_of(&code)?;
    let outcome = state
        .store
        .redeem_claim(code.clone(), state.now())
        .await
        .map_err(ApiError::internal)?;
    match outcome {
        Redemption::Redeemed(draw) => Ok(Json(claim_json(&draw)).into_response()),
        Redemption::AlreadyRedeemed(draw) => {
            let when = draw.redeemed_at.map(iso8601_utc).unwrap_or_default();
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "already_redeemed",
                match state.campaign.locale {
                    Locale::ZhCn => format!(
                        "兑奖码 {code}（{}）已于 {when} 核销，不能重复兑奖",
                        draw.prize_name
                    ),
                    Locale::En => format!(
                        "claim code {code} ({}) was redeemed at {when}; each code is redeemed once",
                        draw.prize_name
                    ),
                },
            ))
        }
        Redemption::Unknown => Err(unknown_claim(state.campaign.locale, &code)),
    }
}

/// `GET /api/v1/claims/{code}` (admin token): what a claim code won, and whether
/// it was redeemed.
pub async fn get_claim(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    let code = claim_code_of(&code)?;
    match state
        .store
        .claim(code.clone())
        .await
        .map_err(ApiError::internal)?
    {
        Some(draw) => Ok(Json(claim_json(&draw)).into_response()),
        None => Err(unknown_claim(state.campaign.locale, &code)),
    }
}

fn claim_code_of(typed: &str) -> Result<String, ApiError> {
    lottery::normalise_claim_code(typed).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_claim",
            format!(
                "`{typed}` is not a claim code: codes have 10 letters and digits, like K7Q2-9XMA-3F"
            ),
        )
    })
}

fn unknown_claim(locale: Locale, code: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_claim",
        localized(
            locale,
            &format!("没有找到兑奖码 {code}，请核对后重试"),
            &format!("no prize has the claim code {code}; check it and try again"),
        ),
    )
}

fn claim_json(draw: &DrawRecord) -> Value {
    json!({
        "code": draw.claim_code,
        "page_id": draw.page_id,
        "visitor_id": draw.visitor_id,
        "prize": prize_json(draw),
        "drawn_at": iso8601_utc(draw.drawn_at),
        "redeemed_at": draw.redeemed_at.map(iso8601_utc),
    })
}

/// `GET /api/v1/draws?page=<id>` (admin token): the newest 1000 draws.
pub async fn list_draws(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<DrawsQuery>,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    if let Some(page) = &query.page {
        lottery_page(&state, page)?;
    }
    let draws = state
        .store
        .draws(query.page)
        .await
        .map_err(ApiError::internal)?;
    let rows: Vec<Value> = draws
        .iter()
        .map(|draw| {
            json!({
                "draw_id": draw.id,
                "page_id": draw.page_id,
                "visitor_id": draw.visitor_id,
                "source": draw.source,
                "prize": prize_json(draw),
                "claim_code": draw.claim_code,
                "drawn_at": iso8601_utc(draw.drawn_at),
                "redeemed_at": draw.redeemed_at.map(iso8601_utc),
            })
        })
        .collect();
    Ok(Json(json!({ "draws": rows })).into_response())
}

// ---------------------------------------------------------------------------
// Quiz submissions
// ---------------------------------------------------------------------------

/// A quiz submission scored on the server.
pub(crate) struct QuizVerdict {
    quiz_id: String,
    tier: String,
    score: i32,
    unlocks_draw: Option<String>,
}

/// Scores a quiz payload, `{"answers": {"<question id>": "<option value>"}}`,
/// with the same rules the page used; incomplete or stale answers are refused.
pub(crate) fn score_quiz(
    quiz: &QuizPage,
    payload: &Value,
    locale: Locale,
) -> Result<QuizVerdict, ApiError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct QuizPayload {
        answers: QuizAnswers,
    }
    let invalid = |message: String| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_answers", message)
    };
    let parsed = QuizPayload::deserialize(payload).map_err(|err| {
        invalid(format!(
            "a quiz payload is `{{\"answers\": {{\"<question id>\": \"<option value>\"}}}}`: {err}"
        ))
    })?;
    let outcome = quiz::score(quiz, &parsed.answers)
        .map_err(|problem| invalid(problem.message(locale).to_owned()))?;
    Ok(QuizVerdict {
        quiz_id: quiz.id.clone(),
        tier: outcome.tier.id.clone(),
        score: outcome.score,
        unlocks_draw: quiz.unlocks_draw.clone(),
    })
}

/// What a stored quiz submission adds to its answer: the server's result and,
/// when the quiz unlocks a draw, whether this submission earned the bonus draw
/// (granted once per visitor and quiz; a replay of the earning submission says
/// `true` again, any other submission `false`).
pub(crate) async fn quiz_answer(
    state: &AppState,
    verdict: &QuizVerdict,
    visitor_id: &str,
    submission_id: &str,
) -> Result<Value, ApiError> {
    let mut answer = json!({ "result": { "tier": verdict.tier, "score": verdict.score } });
    let lottery = verdict
        .unlocks_draw
        .as_deref()
        .and_then(|id| match state.campaign.page(id) {
            Some(Page::Lottery(page)) => Some(page),
            _ => None,
        });
    if let Some(page) = lottery {
        let granted = state
            .store
            .grant_bonus(BonusGrant {
                page_id: page.id.clone(),
                limits: page.limits.clone(),
                visitor_id: visitor_id.to_owned(),
                source: quiz_source(&verdict.quiz_id),
                draws: page.limits.bonus_for(BonusSource::Quiz),
                earned_by: Some(submission_id.to_owned()),
                now: state.now(),
            })
            .await
            .map_err(ApiError::internal)?;
        answer["bonus"] = json!({
            "page": page.id,
            "granted": granted.earned_by.as_deref() == Some(submission_id),
        });
    }
    Ok(answer)
}
