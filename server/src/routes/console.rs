//! The campaign console: signing in (`/admin/session`), the campaign's
//! numbers (`/api/v1/admin/overview`, `/api/v1/admin/pages/{id}`), free text
//! answers, and decisions on invitations held for review.

use std::collections::{BTreeMap, BTreeSet};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::Page;
use campaign_core::clock::Date;
use campaign_core::config::{GroupPickerPage, LotteryPage, ReferralPage, SurveyPage};
use campaign_core::referral::ladder;
use campaign_core::survey::{Answer, QuestionType, SurveyTally};
use campaign_core::wire::{
    ChannelName, ConsoleRole, ConsoleSession, DayDraws, DayFunnel, DrawStats, ErrorCode, Funnel,
    GroupStat, GroupStats, MAX_REVIEW_REASON_CHARS, Overview, PageDetail, PageOverview, PrizeStock,
    ReferralBoard, ReviewDecision, ReviewOutcome, SignIn, Source, SourceFunnel, TextAnswer,
    TextAnswers,
};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{
    Admin, ClientIp, JsonBody, SameSite, bad_query, cross_site, cursor_of, limit_of, rate_limited,
    session_ended,
};
use crate::identity::cookie;
use crate::net::address_key;
use crate::session::{CONSOLE_COOKIE, CONSOLE_SESSION_SECONDS, Credential, came_over_https};
use crate::store::console::{Counts, Review, ReviewWrite, Step, beijing_day};

/// Days the overview shows when the query names none, and at most.
pub const DEFAULT_OVERVIEW_DAYS: i64 = 14;
pub const MAX_OVERVIEW_DAYS: i64 = 90;
/// Days a lottery page's detail shows.
const DRAW_DAYS: i64 = 14;
/// Leaders a referral page's board shows.
const LEADERS: usize = 100;
/// Rows of a survey read at a time while tallying or finding texts.
const CHUNK_ROWS: usize = 500;
/// How soon a group's QR code expiring is worth the console's warning.
const EXPIRING_MS: i64 = crate::EXPIRY_WARNING_MS;

/// What the console knows of who signed in.
fn console_session(state: &AppState, credential: &Credential, expires_at: i64) -> ConsoleSession {
    ConsoleSession {
        role: match credential {
            Credential::Admin => ConsoleRole::Admin,
            Credential::Staff(_) => ConsoleRole::Staff,
        },
        name: credential.name().to_owned(),
        expires_at,
        locale: state.campaign.locale,
        campaign_title: state.campaign.title.clone(),
    }
}

/// The `Set-Cookie` of a session (`None`: one that ends it now).
fn session_cookie(value: Option<&str>, headers: &HeaderMap) -> HeaderValue {
    let secure = if came_over_https(headers) {
        "; Secure"
    } else {
        ""
    };
    let (value, max_age) = match value {
        Some(value) => (value, CONSOLE_SESSION_SECONDS),
        None => ("", 0),
    };
    HeaderValue::from_str(&format!(
        "{CONSOLE_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("ck_console=; Max-Age=0; Path=/"))
}

/// `POST /admin/session`: a token exchanged for a session cookie. Wrong
/// tokens count against the address's tries, as they do on every endpoint.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    SameSite(site): SameSite,
    headers: HeaderMap,
    JsonBody(sign_in): JsonBody<SignIn>,
) -> Result<Response, ApiError> {
    // A foreign page must not sign a person's browser in (login CSRF).
    if site == Some(false) {
        return Err(cross_site());
    }
    let key = ip.map_or_else(|| "unknown".to_owned(), address_key);
    state.admin_failures.peek(&key).map_err(rate_limited)?;
    let Some(credential) = state.credential_of(&sign_in.token) else {
        state.admin_failures.check(&key).ok();
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "that is neither the server's admin token nor a staff token",
        ));
    };
    let expires_at = state.now() + CONSOLE_SESSION_SECONDS * 1000;
    let value = state
        .session_value(&credential, expires_at)
        .ok_or_else(|| ApiError::internal("a credential just matched has no token"))?;
    Ok((
        [
            (SET_COOKIE, session_cookie(Some(&value), &headers)),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Json(console_session(&state, &credential, expires_at)),
    )
        .into_response())
}

/// `GET /admin/session`: who the session cookie signs in as.
pub async fn session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (credential, expires_at) = cookie(&headers, CONSOLE_COOKIE)
        .and_then(|value| state.verify_session_value(value, state.now()))
        .ok_or_else(session_ended)?;
    Ok((
        [(CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(console_session(&state, &credential, expires_at)),
    )
        .into_response())
}

/// `DELETE /admin/session`: signs out.
pub async fn sign_out(SameSite(site): SameSite, headers: HeaderMap) -> Result<Response, ApiError> {
    if site == Some(false) {
        return Err(cross_site());
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, session_cookie(None, &headers))],
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct OverviewQuery {
    days: Option<String>,
}

/// `GET /api/v1/admin/overview?days=<n>`.
pub async fn overview(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<OverviewQuery>,
) -> Result<Json<Overview>, ApiError> {
    let days = match query.days.as_deref() {
        None => DEFAULT_OVERVIEW_DAYS,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|days| (1..=MAX_OVERVIEW_DAYS).contains(days))
            .ok_or_else(|| {
                bad_query(format!(
                    "`days={text}`: ask for 1 to {MAX_OVERVIEW_DAYS} days"
                ))
            })?,
    };
    let today = beijing_day(state.now());
    let first_day = today - days + 1;
    let counts = state
        .store
        .funnel_counts(first_day)
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(build_overview(&state, &counts, today, first_day)))
}

/// The overview of `counts`: every page of the campaign, in its order.
fn build_overview(state: &AppState, counts: &Counts, today: i64, first_day: i64) -> Overview {
    let campaign = &state.campaign;
    let configured = &campaign.channels;
    let unnamed: BTreeSet<String> = counts
        .sources
        .iter()
        .filter_map(|(channel, _, _)| channel.clone())
        .filter(|code| !configured.contains_key(code))
        .collect();
    let mut channels: Vec<ChannelName> = configured
        .iter()
        .map(|(code, name)| ChannelName {
            code: code.clone(),
            name: name.clone(),
        })
        .collect();
    channels.extend(unnamed.iter().map(|code| ChannelName {
        code: code.clone(),
        name: code.clone(),
    }));
    let source_order: Vec<Source> = configured
        .keys()
        .chain(unnamed.iter())
        .map(|code| Source::Channel(code.clone()))
        .chain([Source::Referral, Source::Direct])
        .collect();

    let pages = campaign
        .pages
        .iter()
        .map(|page| {
            let id = page.id();
            let mut daily: BTreeMap<i64, Funnel> = (first_day..=today)
                .map(|day| (day, Funnel::default()))
                .collect();
            for (day, count) in counts.daily.iter().filter(|(_, count)| count.page_id == id) {
                if let Some(funnel) = daily.get_mut(day) {
                    add(funnel, count.step, count.count);
                }
            }
            let mut total = Funnel::default();
            for count in counts.total.iter().filter(|count| count.page_id == id) {
                add(&mut total, count.step, count.count);
            }
            let mut by_source: BTreeMap<Source, Funnel> = BTreeMap::new();
            for (channel, referred, count) in counts
                .sources
                .iter()
                .filter(|(_, _, count)| count.page_id == id)
            {
                let source = match (channel, referred) {
                    (Some(code), _) => Source::Channel(code.clone()),
                    (None, true) => Source::Referral,
                    (None, false) => Source::Direct,
                };
                add(
                    by_source.entry(source).or_default(),
                    count.step,
                    count.count,
                );
            }
            let sources = source_order
                .iter()
                .filter_map(|source| {
                    let funnel = by_source.get(source).copied().unwrap_or_default();
                    (*source == Source::Direct || funnel != Funnel::default()).then(|| {
                        SourceFunnel {
                            source: source.clone(),
                            funnel,
                        }
                    })
                })
                .collect();
            PageOverview {
                page_id: id.to_owned(),
                kind: page.kind(),
                title: page.title().to_owned(),
                today: daily.get(&today).copied().unwrap_or_default(),
                total,
                daily: daily
                    .into_iter()
                    .map(|(day, funnel)| DayFunnel {
                        day: Date::from_days(day).to_string(),
                        funnel,
                    })
                    .collect(),
                sources,
            }
        })
        .collect();
    Overview {
        campaign_id: campaign.id.clone(),
        campaign_title: campaign.title.clone(),
        locale: campaign.locale,
        today: Date::from_days(today).to_string(),
        channels,
        pages,
    }
}

fn add(funnel: &mut Funnel, step: Step, count: u64) {
    match step {
        Step::Views => funnel.views += count,
        Step::Starts => funnel.starts += count,
        Step::Results => funnel.results += count,
    }
}

fn unknown_page(page_id: &str) -> ApiError {
    ApiError::not_found(
        ErrorCode::UnknownPage,
        campaign_core::EnvelopeError::UnknownPage(page_id.to_owned()).to_string(),
    )
}

/// `GET /api/v1/admin/pages/{id}`: what the console shows of one page.
pub async fn page_detail(
    State(state): State<AppState>,
    _: Admin,
    Path(page_id): Path<String>,
) -> Result<Json<PageDetail>, ApiError> {
    let page = state
        .campaign
        .page(&page_id)
        .ok_or_else(|| unknown_page(&page_id))?;
    Ok(Json(match page {
        Page::Survey(survey) => PageDetail::Survey(survey_stats(&state, survey).await?),
        Page::Lottery(lottery) => PageDetail::Draw(draw_stats(&state, lottery).await?),
        Page::GroupPicker(picker) => PageDetail::Groups(group_stats(&state, picker).await?),
        Page::Referral(referral) => PageDetail::Referral(referral_board(&state, referral).await?),
        other => PageDetail::Funnel {
            page_id: other.id().to_owned(),
        },
    }))
}

/// A survey's results, tallied a chunk of rows at a time.
async fn survey_stats(
    state: &AppState,
    survey: &SurveyPage,
) -> Result<campaign_core::wire::SurveyStats, ApiError> {
    let mut tally = SurveyTally::new(survey);
    let mut after = 0;
    loop {
        let rows = state
            .store
            .payloads(survey.id.clone(), after, CHUNK_ROWS)
            .await
            .map_err(ApiError::internal)?;
        for (_, payload) in &rows {
            if let Ok(payload) = serde_json::from_str::<serde_json::Value>(payload) {
                tally.add(&payload);
            }
        }
        match rows.last() {
            Some((rowid, _)) if rows.len() == CHUNK_ROWS => after = *rowid,
            _ => break,
        }
    }
    Ok(tally.finish(&survey.id))
}

async fn draw_stats(state: &AppState, lottery: &LotteryPage) -> Result<DrawStats, ApiError> {
    let today = beijing_day(state.now());
    let first_day = today - DRAW_DAYS + 1;
    let counts = state
        .store
        .draw_stats(lottery.id.clone(), first_day)
        .await
        .map_err(ApiError::internal)?;
    let prizes = lottery
        .prizes
        .iter()
        .map(|prize| {
            let won = counts
                .won
                .iter()
                .find(|(id, _)| *id == prize.id)
                .map_or(0, |(_, won)| *won);
            let inventory = if prize.blank { None } else { prize.inventory };
            // The stored count is the truth once the page was drawn; before,
            // the config's inventory.
            let left = inventory.map(|inventory| {
                counts
                    .stock
                    .iter()
                    .find(|(id, _)| *id == prize.id)
                    .and_then(|(_, remaining)| *remaining)
                    .map_or(u64::from(inventory), u64::from)
            });
            PrizeStock {
                id: prize.id.clone(),
                name: prize.name.clone(),
                inventory,
                won,
                left,
            }
        })
        .collect();
    let daily = (first_day..=today)
        .map(|day| {
            let (draws, wins) = counts
                .daily
                .iter()
                .find(|(at, _, _)| *at == day)
                .map_or((0, 0), |(_, draws, wins)| (*draws, *wins));
            DayDraws {
                day: Date::from_days(day).to_string(),
                draws,
                wins,
            }
        })
        .collect();
    Ok(DrawStats {
        page_id: lottery.id.clone(),
        prizes,
        daily,
        winners: counts.winners,
        redeemed: counts.redeemed,
    })
}

async fn group_stats(state: &AppState, picker: &GroupPickerPage) -> Result<GroupStats, ApiError> {
    let fill = state
        .store
        .group_fill(&picker.id)
        .await
        .map_err(ApiError::internal)?;
    let now = state.now();
    let groups: Vec<GroupStat> = picker
        .groups
        .iter()
        .map(|group| {
            let mut area = format!("{} {}", group.province, group.city);
            if let Some(district) = &group.district {
                area.push(' ');
                area.push_str(district);
            }
            GroupStat {
                id: group.id.clone(),
                name: group.name.clone(),
                area,
                members: fill.get(&group.id).copied().unwrap_or(0),
                capacity: group.capacity,
                expires_at: group.expires_at.clone(),
                expiring: group
                    .expires_at_ms()
                    .is_some_and(|at| at - now <= EXPIRING_MS),
            }
        })
        .collect();
    // Areas by province and city, in the config's order.
    let mut areas: Vec<(String, bool)> = Vec::new();
    for (group, stat) in picker.groups.iter().zip(&groups) {
        let area = format!("{} {}", group.province, group.city);
        let full = stat.members >= stat.capacity;
        match areas.iter_mut().find(|(known, _)| *known == area) {
            Some((_, all_full)) => *all_full &= full,
            None => areas.push((area, full)),
        }
    }
    Ok(GroupStats {
        page_id: picker.id.clone(),
        groups,
        full_areas: areas
            .into_iter()
            .filter_map(|(area, full)| full.then_some(area))
            .collect(),
    })
}

async fn referral_board(
    state: &AppState,
    referral: &ReferralPage,
) -> Result<ReferralBoard, ApiError> {
    let (mut leaders, held) = state
        .store
        .referral_board(referral.id.clone(), LEADERS)
        .await
        .map_err(ApiError::internal)?;
    for leader in &mut leaders {
        leader.earned = ladder(&referral.tiers, referral.tier_mode, leader.invites)
            .earned
            .into_iter()
            .filter_map(|index| referral.tiers.get(index).map(|tier| tier.reward.clone()))
            .collect();
    }
    Ok(ReferralBoard {
        page_id: referral.id.clone(),
        leaders,
        held,
    })
}

#[derive(Deserialize)]
pub struct TextsQuery {
    question: Option<String>,
    after: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/v1/admin/pages/{id}/texts?question=<id>&after=<cursor>&limit=<n>`:
/// a text question's answers in words, newest first.
pub async fn texts(
    State(state): State<AppState>,
    _: Admin,
    Path(page_id): Path<String>,
    Query(query): Query<TextsQuery>,
) -> Result<Json<TextAnswers>, ApiError> {
    let page = state
        .campaign
        .page(&page_id)
        .ok_or_else(|| unknown_page(&page_id))?;
    let Page::Survey(survey) = page else {
        return Err(ApiError::unprocessable(
            ErrorCode::Refused,
            format!("page `{page_id}` is not a survey: only surveys have text answers"),
        ));
    };
    let question_id = query.question.as_deref().unwrap_or_default();
    let question = survey
        .questions()
        .find(|question| question.id == question_id)
        .filter(|question| matches!(question.kind, QuestionType::Text | QuestionType::LongText))
        .ok_or_else(|| {
            ApiError::unprocessable(
                ErrorCode::Refused,
                format!(
                    "`question={question_id}`: name a text or long text question of `{page_id}`"
                ),
            )
        })?;
    let before = cursor_of(query.after.as_deref())?.unwrap_or(i64::MAX);
    let limit = limit_of(query.limit);
    // One more than asked for tells whether another page follows.
    let mut found: Vec<(i64, TextAnswer)> = Vec::new();
    let mut cursor = before;
    'chunks: loop {
        let rows = state
            .store
            .payloads_before(page_id.clone(), cursor, CHUNK_ROWS)
            .await
            .map_err(ApiError::internal)?;
        for (rowid, payload, received_at) in &rows {
            if let Some(text) = text_answer(payload, &question.id) {
                found.push((
                    *rowid,
                    TextAnswer {
                        text,
                        received_at: *received_at,
                    },
                ));
                if found.len() > limit {
                    break 'chunks;
                }
            }
        }
        match rows.last() {
            Some((rowid, _, _)) if rows.len() == CHUNK_ROWS => cursor = *rowid,
            _ => break,
        }
    }
    let more = found.len() > limit;
    found.truncate(limit);
    let next = if more {
        found.last().map(|(rowid, _)| rowid.to_string())
    } else {
        None
    };
    Ok(Json(TextAnswers {
        answers: found.into_iter().map(|(_, answer)| answer).collect(),
        next,
    }))
}

/// The non-blank text a stored payload answers `question_id` with.
fn text_answer(payload: &str, question_id: &str) -> Option<String> {
    let payload: serde_json::Value = serde_json::from_str(payload).ok()?;
    let answer = payload.get("answers")?.get(question_id)?;
    match serde_json::from_value::<Answer>(answer.clone()).ok()? {
        Answer::Text(text) if !text.trim().is_empty() => Some(text),
        _ => None,
    }
}

/// `POST /api/v1/referrals/review` (admin): approves or rejects an
/// invitation held for review.
pub async fn review(
    State(state): State<AppState>,
    _: Admin,
    JsonBody(decision): JsonBody<ReviewDecision>,
) -> Result<Json<ReviewOutcome>, ApiError> {
    let page = crate::routes::referrals::referral_page(
        &state.campaign,
        &decision.page_id,
        StatusCode::NOT_FOUND,
    )?;
    let reason = decision
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
        .map(str::to_owned);
    if reason
        .as_ref()
        .is_some_and(|reason| reason.chars().count() > MAX_REVIEW_REASON_CHARS)
    {
        return Err(ApiError::unprocessable(
            ErrorCode::Refused,
            format!("the reason is longer than {MAX_REVIEW_REASON_CHARS} characters"),
        ));
    }
    let by = "admin".to_owned();
    let at = state.now();
    let outcome = state
        .store
        .review_visit(ReviewWrite {
            page_id: decision.page_id.clone(),
            visitor_id: decision.visitor_id.clone(),
            approve: decision.approve,
            reason: if decision.approve { None } else { reason },
            by: by.clone(),
            at,
            goal_on_visit: page.goal.met_on_visit(),
        })
        .await
        .map_err(ApiError::internal)?;
    match outcome {
        Review::Decided(status) => Ok(Json(ReviewOutcome {
            status,
            decided_by: by,
            decided_at: at,
        })),
        Review::NotHeld(status) => Err(ApiError::conflict(
            ErrorCode::Refused,
            format!(
                "the invitation of `{}` on `{}` is `{}`, not held for review: it was decided already",
                decision.visitor_id,
                decision.page_id,
                status.as_str()
            ),
        )),
        Review::NoSuchVisit => Err(ApiError::not_found(
            ErrorCode::NotFound,
            format!(
                "no invitation of `{}` on `{}`",
                decision.visitor_id, decision.page_id
            ),
        )),
    }
}
