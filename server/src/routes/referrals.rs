//! Referral pages: invite codes, the attribution of invited friends, and each
//! member's standing on the reward ladder (`/api/v1/invite-codes`,
//! `/api/v1/referrals`).
//!
//! The rules themselves live in [`campaign_core::referral`];
//! [`crate::store::referrals`] applies them in one transaction per visit, so two
//! concurrent visits cannot both be counted.
//!
//! # How a visit with `?ref=CODE` is judged
//!
//! The page reports the visit once, when opened with a code
//! (`POST /api/v1/referrals/visits`), and may also carry the code in the
//! envelopes it sends (`referral_code`): the first of the two the server sees
//! records the visit. Each (code, visitor) pair is judged once, on its first
//! visit, and keeps that verdict; later visits only bump a counter.
//!
//! - **Unknown code**: no member of a referral page has it (answered, not stored).
//! - **Self invite**: the member opened their own link.
//! - **Already attributed**: the visitor already counts (or waits to count, or
//!   waits for review) for another code of the same page: the first invitation
//!   keeps the credit.
//! - **Known visitor**: the server saw the visitor before the invitation. The
//!   invitation's time is its first sign: this visit, or an earlier submission
//!   carrying the code. Before it, any submission or other referral visit makes
//!   the visitor known. Events and an invite code of their own make the visitor
//!   known only when older than [`ARRIVAL_GRACE_MS`](crate::store::referrals::ARRIVAL_GRACE_MS): a page sends its
//!   `page_view` event and may ask for the visitor's own code while the visit is
//!   still on its way, and that must not turn a new friend into a known one.
//! - Otherwise the friend is new. When the same inviter already has
//!   [`BurstPolicy::max`] invitations from the friend's IP address within the
//!   policy's window, the invitation is held for **review** (stored, shown to
//!   staff, not counted). Otherwise it is **counted** when the page's goal is
//!   `visit`, or **pending** until the friend completes the goal page, when
//!   [`after_submission`] counts it.
//!
//! Bursts are judged by IP address only. The other signal of one device, the
//! visitor id, cannot repeat within an inviter's invitations, since each visitor
//! is attributed once per page; a device that resets its visitor id shows up as
//! new visitors from one address, which is what the IP rule catches.

use axum::Json;
use axum::extract::Path;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use campaign_core::config::ReferralPage;
use campaign_core::referral::{BurstPolicy, ladder, normalise_invite_code};
use campaign_core::wire::{
    ErrorCode, InviteCode, InviteCodeRequest, ReferralList, ReferralStanding, VisitReport,
    VisitStatus, VisitVerdict,
};
use campaign_core::{Campaign, Envelope, EnvelopeError, Page};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Admin, Client, JsonBody, PageFilter, Person, QueryVisitor};
use crate::routes::lookup::{check_campaign, page_of_kind};
use crate::store::referrals::Visit;

/// Attempts at a fresh invite code before giving up (a collision needs a
/// campaign with a sizeable share of 2^40 members).
const CODE_ATTEMPTS: usize = 8;

/// The person's invite code on `page_id`: theirs already, or a fresh one
/// (`true`). Codes are unique across pages, so a code names its owner; a
/// course's graduates get theirs on the check-in page, for the certificate.
pub(crate) async fn issue_code(
    state: &AppState,
    page_id: String,
    visitor_id: String,
) -> Result<(String, bool), ApiError> {
    let mut candidates = Vec::with_capacity(CODE_ATTEMPTS);
    for _ in 0..CODE_ATTEMPTS {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
        candidates.push(campaign_core::referral::invite_code(bytes));
    }
    state
        .store
        .invite_code(page_id, visitor_id, candidates, state.now())
        .await
        .map_err(ApiError::internal)
}

/// `POST /api/v1/invite-codes` `{campaign_id, page_id, visitor_id}`: the
/// visitor's invite code for a referral page, `{"code"}`: `201` when made now,
/// `200` when the visitor already had one.
pub async fn issue_invite_code(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    JsonBody(request): JsonBody<InviteCodeRequest>,
) -> Result<Response, ApiError> {
    check_campaign(&state.campaign, &request.campaign_id)?;
    let visitor_id = state
        .admit_person(&person, &request.visitor_id, true)
        .await?;
    referral_page(
        &state.campaign,
        &request.page_id,
        StatusCode::UNPROCESSABLE_ENTITY,
    )?;
    let (code, new) = issue_code(&state, request.page_id, visitor_id).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(InviteCode { code })).into_response())
}

/// `POST /api/v1/referrals/visits` `{campaign_id, code, visitor_id, page_id?}`:
/// judges a visit with `?ref=CODE` and answers `{"status"}` (see
/// [`VisitStatus`]). An unknown code is a status, not an error: the friend's
/// page works the same either way.
pub async fn record_visit(
    State(state): State<AppState>,
    client: Client,
    person: Person,
    JsonBody(request): JsonBody<VisitReport>,
) -> Result<Json<VisitVerdict>, ApiError> {
    check_campaign(&state.campaign, &request.campaign_id)?;
    // A friend counts as a person too, or a script would invent friends.
    let visitor_id = state
        .admit_person(&person, &request.visitor_id, true)
        .await?;
    if let Some(page) = &request.page_id {
        if state.campaign.page(page).is_none() {
            return Err(ApiError::unprocessable(
                ErrorCode::UnknownPage,
                EnvelopeError::UnknownPage(page.clone()).to_string(),
            ));
        }
    }
    let status = match normalise_invite_code(&request.code) {
        None => VisitStatus::UnknownCode,
        Some(code) => {
            let visit = Visit {
                code,
                visitor_id,
                landing_page_id: request.page_id,
                ip: client.address_key(),
                at: state.now(),
                from_submission: false,
            };
            store_visit(&state, visit).await?
        }
    };
    Ok(Json(VisitVerdict { status }))
}

/// Referral pages of the campaign and whether their goal is met on the visit.
fn referral_goals(campaign: &Campaign) -> Vec<(String, bool)> {
    campaign
        .pages
        .iter()
        .filter_map(|page| match page {
            Page::Referral(referral) => Some((referral.id.clone(), referral.goal.met_on_visit())),
            _ => None,
        })
        .collect()
}

/// Judges and stores one visit through an invite link, by the campaign's goals.
async fn store_visit(state: &AppState, visit: Visit) -> Result<VisitStatus, ApiError> {
    state
        .store
        .record_referral_visit(
            visit,
            referral_goals(&state.campaign),
            BurstPolicy::default(),
        )
        .await
        .map_err(ApiError::internal)
}

/// What [`after_submission`] needs of a submission, taken before the envelope
/// moves into the store.
pub struct SubmissionTrace {
    page_id: String,
    visitor_id: String,
    referral_code: Option<String>,
}

impl SubmissionTrace {
    pub fn of(envelope: &Envelope) -> SubmissionTrace {
        SubmissionTrace {
            page_id: envelope.page_id.clone(),
            visitor_id: envelope.visitor_id.clone(),
            referral_code: envelope.referral_code.clone(),
        }
    }
}

/// Runs after a submission is stored (and again for its replays, so a retry
/// finishes what a failure left undone; both steps are idempotent):
///
/// 1. A submission carrying a `referral_code` records the visit, when the page
///    did not report it: some pages send the code with their results only.
/// 2. A submission of a referral page's goal page counts the visitor's pending
///    attribution on that page (an attribution held for review stays held, with
///    the goal noted as met).
pub async fn after_submission(
    state: &AppState,
    submission: SubmissionTrace,
    address_key: Option<String>,
) -> Result<(), ApiError> {
    let now = state.now();
    let code = submission
        .referral_code
        .as_deref()
        .and_then(normalise_invite_code);
    if let Some(code) = code {
        let visit = Visit {
            code,
            visitor_id: submission.visitor_id.clone(),
            landing_page_id: Some(submission.page_id.clone()),
            ip: address_key,
            at: now,
            from_submission: true,
        };
        store_visit(state, visit).await?;
    }
    let goal_of: Vec<String> = state
        .campaign
        .pages
        .iter()
        .filter_map(|page| match page {
            Page::Referral(referral) if referral.goal.met_by_page(&submission.page_id) => {
                Some(referral.id.clone())
            }
            _ => None,
        })
        .collect();
    if !goal_of.is_empty() {
        state
            .store
            .meet_invite_goal(submission.visitor_id, goal_of, now)
            .await
            .map_err(ApiError::internal)?;
    }
    Ok(())
}

/// `GET /api/v1/referrals/{page_id}?visitor=<id>`: the member's code, counts
/// and place on the reward ladder; never cached.
pub async fn standing(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    Path(page_id): Path<String>,
    QueryVisitor(visitor): QueryVisitor,
) -> Result<Response, ApiError> {
    let page = referral_page(&state.campaign, &page_id, StatusCode::NOT_FOUND)?;
    let visitor = state.admit_person(&person, &visitor, true).await?;
    let counts = state
        .store
        .referral_standing(page_id, visitor)
        .await
        .map_err(ApiError::internal)?;
    let body = ReferralStanding {
        tiers: ladder(&page.tiers, page.tier_mode, counts.invites).into(),
        code: counts.code,
        invites: counts.invites,
        pending: counts.pending,
        review: counts.review,
    };
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// `GET /api/v1/referrals?page=<id>` (admin token): every judged visit, and each
/// member's counts and earned rewards.
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<PageFilter>,
) -> Result<Json<ReferralList>, ApiError> {
    if let Some(page) = &query.page {
        referral_page(&state.campaign, page, StatusCode::NOT_FOUND)?;
    }
    let cursor = query.cursor()?;
    let limit = query.limit();
    let status = match query.status.as_deref() {
        None => None,
        Some(name) => Some(
            VisitStatus::STORED
                .into_iter()
                .find(|status| status.as_str() == name)
                .ok_or_else(|| {
                    let known: Vec<&str> = VisitStatus::STORED
                        .iter()
                        .map(|status| status.as_str())
                        .collect();
                    crate::extract::bad_query(format!(
                        "`status={name}` is not a visit status; use one of {}",
                        known.join(", ")
                    ))
                })?,
        ),
    };
    let (visits, mut members) = state
        .store
        .referral_rows(query.page, status, cursor, limit)
        .await
        .map_err(ApiError::internal)?;
    for member in &mut members {
        if let Some(Page::Referral(page)) = state.campaign.page(&member.page_id) {
            member.earned = ladder(&page.tiers, page.tier_mode, member.invites)
                .earned
                .into_iter()
                .filter_map(|index| page.tiers.get(index).map(|tier| tier.reward.clone()))
                .collect();
        }
    }
    Ok(Json(ReferralList {
        visits: visits.rows,
        next: visits.next.map(|next| next.to_string()),
        members,
    }))
}

pub(crate) fn referral_page<'a>(
    campaign: &'a Campaign,
    page_id: &str,
    status: StatusCode,
) -> Result<&'a ReferralPage, ApiError> {
    page_of_kind(
        campaign,
        page_id,
        status,
        (ErrorCode::NotAReferralPage, "a referral page"),
        |page| match page {
            Page::Referral(page) => Some(page),
            _ => None,
        },
    )
}
