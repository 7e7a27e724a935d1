//! Referral pages on the server: invite codes, the attribution of invited
//! friends, each member's standing on the reward ladder, and poster images for
//! browsers that cannot save a `data:` image.
//!
//! The rules themselves live in [`campaign_core::referral`]; this module stores
//! what they need and applies them in one transaction per visit, so two
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
//!   known only when older than [`ARRIVAL_GRACE_MS`]: a page sends its
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
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::config::{Locale, ReferralPage};
use campaign_core::referral::{
    Attribution, BurstPolicy, judge_attribution, ladder, normalise_invite_code,
};
use campaign_core::{Campaign, EnvelopeError, Page};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::{ListQuery, json_body};
use crate::error::ApiError;
use crate::limits::ClientIp;
use crate::store::Store;
use crate::{AppState, now_ms};

/// The tables of this module, appended to [`crate::store`]'s migrations.
///
/// - `invite_codes`: one code per member of a referral page. Codes are unique
///   across pages, so a code alone names its page and its owner.
/// - `referral_visits`: one row per (code, visitor): the verdict on the first
///   visit of that visitor with that code (`counted`, `pending`, `review`,
///   `self_invite`, `known_visitor`, `already_attributed`; unknown codes are not
///   stored). `counted`, `pending` and `review` rows are attributions: the
///   partial unique index allows one per visitor and page. `goal_met_at` is when
///   the friend met the page's goal (the visit, or the goal page's submission),
///   also for rows held for review. `ip` is the address of the first visit, for
///   burst detection and for staff.
/// - `posters`: uploaded poster images, by a random 128-bit id.
/// - Two indexes on earlier tables answer "was this visitor seen before?".
pub(crate) const MIGRATION: &str = "CREATE TABLE invite_codes (
        code TEXT PRIMARY KEY,
        page_id TEXT NOT NULL,
        visitor_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (page_id, visitor_id)
    ) STRICT;
    CREATE INDEX invite_codes_by_visitor ON invite_codes (visitor_id, created_at);
    CREATE TABLE referral_visits (
        code TEXT NOT NULL,
        visitor_id TEXT NOT NULL,
        page_id TEXT NOT NULL,
        inviter_visitor_id TEXT NOT NULL,
        status TEXT NOT NULL,
        landing_page_id TEXT,
        ip TEXT,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        visits INTEGER NOT NULL,
        goal_met_at INTEGER,
        PRIMARY KEY (code, visitor_id)
    ) STRICT;
    CREATE UNIQUE INDEX referral_visits_one_attribution ON referral_visits (page_id, visitor_id)
        WHERE status IN ('counted', 'pending', 'review');
    CREATE INDEX referral_visits_by_code ON referral_visits (code, status, first_seen_at);
    CREATE INDEX referral_visits_by_visitor ON referral_visits (visitor_id, first_seen_at);
    CREATE TABLE posters (
        id TEXT PRIMARY KEY,
        png BLOB NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        ip TEXT,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX posters_by_ip ON posters (ip, created_at);
    CREATE INDEX events_by_visitor ON events (visitor_id, received_at);
    CREATE INDEX submissions_by_visitor_time ON submissions (visitor_id, received_at);";

/// Events and invite codes this much older than an invitation make its visitor
/// known; younger ones belong to the visit that brought the invitation (see the
/// module documentation).
pub const ARRIVAL_GRACE_MS: i64 = 30 * 60_000;
/// Largest poster upload.
pub const MAX_POSTER_BYTES: usize = 2 * 1024 * 1024;
/// Longest side of an uploaded poster, in pixels.
const MAX_POSTER_SIDE: u32 = 8192;
/// Poster uploads one IP address may make per hour (repeats of an image already
/// uploaded from there are free).
const POSTERS_PER_IP_PER_HOUR: i64 = 20;
const HOUR_MS: i64 = 3_600_000;
/// Attempts at a fresh invite code before giving up (a collision needs a
/// campaign with a sizeable share of 2^40 members).
const CODE_ATTEMPTS: usize = 8;
const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// Statuses of rows that are attributions.
const ATTRIBUTED: &str = "('counted', 'pending', 'review')";

// ---------------------------------------------------------------------------
// Verdicts
// ---------------------------------------------------------------------------

/// What became of a visit with an invite code, as answered to the page and
/// stored in `referral_visits.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitStatus {
    /// A new friend who met the page's goal: the inviter's count went up.
    Counted,
    /// A new friend; counts once they complete the goal page.
    Pending,
    /// A new friend arriving in a burst: held for staff, not counted.
    Review,
    SelfInvite,
    KnownVisitor,
    AlreadyAttributed,
    UnknownCode,
}

impl VisitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VisitStatus::Counted => "counted",
            VisitStatus::Pending => "pending",
            VisitStatus::Review => "review",
            VisitStatus::SelfInvite => Attribution::SelfInvite.as_str(),
            VisitStatus::KnownVisitor => Attribution::KnownVisitor.as_str(),
            VisitStatus::AlreadyAttributed => Attribution::AlreadyAttributed.as_str(),
            VisitStatus::UnknownCode => Attribution::UnknownCode.as_str(),
        }
    }

    fn from_stored(status: &str) -> VisitStatus {
        [
            VisitStatus::Counted,
            VisitStatus::Pending,
            VisitStatus::Review,
            VisitStatus::SelfInvite,
            VisitStatus::KnownVisitor,
            VisitStatus::AlreadyAttributed,
        ]
        .into_iter()
        .find(|known| known.as_str() == status)
        .unwrap_or(VisitStatus::UnknownCode)
    }

    /// Whether the row is the visitor's attribution on its page.
    fn is_attribution(self) -> bool {
        matches!(
            self,
            VisitStatus::Counted | VisitStatus::Pending | VisitStatus::Review
        )
    }
}

/// One visit with an invite code, to judge and record.
struct Visit {
    /// In canonical form.
    code: String,
    visitor_id: String,
    landing_page_id: Option<String>,
    ip: Option<String>,
    at: i64,
    /// Recorded from a submission's `referral_code`: a repeat is not a visit.
    from_submission: bool,
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

// ---------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    campaign_id: String,
    page_id: String,
    visitor_id: String,
}

/// `POST /api/v1/invite-codes` `{campaign_id, page_id, visitor_id}`: the
/// visitor's invite code for a referral page, `{"code"}`: `201` when made now,
/// `200` when the visitor already had one.
pub async fn issue_invite_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let request: CodeRequest = json_body(body, "`{\"campaign_id\", \"page_id\", \"visitor_id\"}`")?;
    check_campaign(&state.campaign, &request.campaign_id)?;
    check_visitor(&request.visitor_id)?;
    state.check_rate(None, Some(&request.visitor_id))?;
    referral_page(
        &state.campaign,
        &request.page_id,
        StatusCode::UNPROCESSABLE_ENTITY,
    )?;
    let mut candidates = Vec::with_capacity(CODE_ATTEMPTS);
    for _ in 0..CODE_ATTEMPTS {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
        candidates.push(campaign_core::referral::invite_code(bytes));
    }
    let (code, new) = state
        .store
        .invite_code(request.page_id, request.visitor_id, candidates, now_ms())
        .await
        .map_err(ApiError::internal)?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!({ "code": code }))).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitRequest {
    campaign_id: String,
    code: String,
    visitor_id: String,
    /// The page the friend landed on; absent (or `null`) for the campaign home.
    #[serde(default)]
    page_id: Option<String>,
}

/// `POST /api/v1/referrals/visits` `{campaign_id, code, visitor_id, page_id?}`:
/// judges a visit with `?ref=CODE` and answers `{"status"}` (see
/// [`VisitStatus`]). An unknown code is a status, not an error: the friend's
/// page works the same either way.
pub async fn record_visit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let request: VisitRequest = json_body(
        body,
        "`{\"campaign_id\", \"code\", \"visitor_id\", \"page_id\"}`",
    )?;
    check_campaign(&state.campaign, &request.campaign_id)?;
    check_visitor(&request.visitor_id)?;
    state.check_rate(None, Some(&request.visitor_id))?;
    if let Some(page) = &request.page_id {
        if state.campaign.page(page).is_none() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_page",
                EnvelopeError::UnknownPage(page.clone()).to_string(),
            ));
        }
    }
    let status = match normalise_invite_code(&request.code) {
        None => VisitStatus::UnknownCode,
        Some(code) => {
            let visit = Visit {
                code,
                visitor_id: request.visitor_id,
                landing_page_id: request.page_id,
                ip: ip.map(|ip| ip.to_string()),
                at: now_ms(),
                from_submission: false,
            };
            store_visit(&state, visit).await?
        }
    };
    Ok(Json(json!({ "status": status.as_str() })).into_response())
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
    pub fn of(envelope: &campaign_core::Envelope) -> SubmissionTrace {
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
    ip: Option<std::net::IpAddr>,
) -> Result<(), ApiError> {
    let now = now_ms();
    let code = submission
        .referral_code
        .as_deref()
        .and_then(normalise_invite_code);
    if let Some(code) = code {
        let visit = Visit {
            code,
            visitor_id: submission.visitor_id.clone(),
            landing_page_id: Some(submission.page_id.clone()),
            ip: ip.map(|ip| ip.to_string()),
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

#[derive(Deserialize)]
pub struct StandingQuery {
    visitor: Option<String>,
}

/// `GET /api/v1/referrals/{page_id}?visitor=<id>`: a member's code, invitations
/// and place on the ladder.
pub async fn standing(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(page_id): Path<String>,
    Query(query): Query<StandingQuery>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let page = referral_page(&state.campaign, &page_id, StatusCode::NOT_FOUND)?;
    let visitor = query.visitor.unwrap_or_default();
    check_visitor(&visitor)?;
    let standing = state
        .store
        .referral_standing(page_id, visitor)
        .await
        .map_err(ApiError::internal)?;
    let state_of_ladder = ladder(&page.tiers, page.tier_mode, standing.invites);
    let body = json!({
        "code": standing.code,
        "invites": standing.invites,
        "pending": standing.pending,
        "review": standing.review,
        "tiers": {
            "unlocked": state_of_ladder.unlocked,
            "earned": state_of_ladder.earned,
            "next": state_of_ladder.next.map(|(tier, needed)| json!({ "tier": tier, "needed": needed })),
        },
    });
    // Counts change with every friend: never served from a cache.
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// `GET /api/v1/referrals?page=<id>`: for staff, every judged visit (review
/// ones included) and each member's count and earned rewards.
pub async fn list_referrals(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    if let Some(page) = &query.page {
        referral_page(&state.campaign, page, StatusCode::NOT_FOUND)?;
    }
    let (visits, mut members) = state
        .store
        .referral_rows(query.page)
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
    Ok(Json(json!({ "visits": visits, "members": members })).into_response())
}

/// `POST /api/v1/posters` with a PNG body: stores a rendered poster for
/// browsers that cannot long-press a `data:` image (some Android WeChat builds),
/// `{"url": "/api/v1/posters/<id>.png"}`: `201`, or `200` when the same image
/// was already uploaded from this address.
pub async fn upload_poster(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let locale = state.campaign.locale;
    let is_png = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("image/png"))
        });
    if !is_png {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            localized(
                locale,
                "海报须以 PNG 图片上传（Content-Type: image/png）。",
                "send the poster as a PNG image (Content-Type: image/png)",
            ),
        ));
    }
    let png = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                localized(
                    locale,
                    "海报图片超过 2 MB，无法上传。",
                    "the poster is larger than 2 MB",
                ),
            )
        } else {
            ApiError::new(rejection.status(), "unreadable_body", rejection.body_text())
        }
    })?;
    let (width, height) = png_size(&png).map_err(|problem| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_png",
            localized(
                locale,
                "上传的文件不是有效的 PNG 图片。",
                &format!("the body is not a PNG image the poster could be: {problem}"),
            ),
        )
    })?;
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(ApiError::internal)?;
    let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let stored = state
        .store
        .insert_poster(
            id,
            png.to_vec(),
            (width, height),
            ip.map(|ip| ip.to_string()),
            now_ms(),
        )
        .await
        .map_err(ApiError::internal)?;
    let (status, id) = match stored {
        PosterStored::New(id) => (StatusCode::CREATED, id),
        PosterStored::Existing(id) => (StatusCode::OK, id),
        PosterStored::OverQuota(retry_after) => {
            return Err(ApiError {
                retry_after: Some(retry_after),
                ..ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    localized(
                        locale,
                        "海报上传过于频繁，请稍后再试。",
                        "too many posters from this address; try again later",
                    ),
                )
            });
        }
    };
    Ok((
        status,
        Json(json!({ "url": format!("/api/v1/posters/{id}.png") })),
    )
        .into_response())
}

/// `GET /api/v1/posters/{id}.png`: an uploaded poster. Its id is random and its
/// content never changes, so caches may keep it for good.
pub async fn poster(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "poster_not_found",
            localized(
                state.campaign.locale,
                "海报不存在，请回到邀请页重新生成。",
                "no such poster; make it again on the invitation page",
            ),
        )
    };
    let id = file
        .strip_suffix(".png")
        .filter(|id| id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .ok_or_else(not_found)?;
    let png = state
        .store
        .poster(id.to_owned())
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(not_found)?;
    Ok((
        [
            (CONTENT_TYPE, "image/png"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        png,
    )
        .into_response())
}

// ---------------------------------------------------------------------------
// Request checks
// ---------------------------------------------------------------------------

fn check_campaign(campaign: &Campaign, campaign_id: &str) -> Result<(), ApiError> {
    if campaign_id == campaign.id {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "wrong_campaign",
        EnvelopeError::WrongCampaign {
            got: campaign_id.to_owned(),
            expected: campaign.id.clone(),
        }
        .to_string(),
    ))
}

/// Visitor ids as envelopes carry them: 8 to 64 letters, digits, `-` or `_`.
fn check_visitor(visitor_id: &str) -> Result<(), ApiError> {
    let ok = (8..=64).contains(&visitor_id.len())
        && visitor_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_visitor",
        EnvelopeError::BadVisitor.to_string(),
    ))
}

/// The referral page `page_id`, or an error with `status` when there is none.
fn referral_page<'a>(
    campaign: &'a Campaign,
    page_id: &str,
    status: StatusCode,
) -> Result<&'a ReferralPage, ApiError> {
    match campaign.page(page_id) {
        Some(Page::Referral(page)) => Ok(page),
        Some(_) => Err(ApiError::new(
            status,
            "not_a_referral_page",
            format!("page `{page_id}` is not a referral page"),
        )),
        None => Err(ApiError::new(
            status,
            "unknown_page",
            EnvelopeError::UnknownPage(page_id.to_owned()).to_string(),
        )),
    }
}

fn localized(locale: Locale, zh: &str, en: &str) -> String {
    match locale {
        Locale::ZhCn => zh.to_owned(),
        Locale::En => en.to_owned(),
    }
}

/// The width and height of a PNG, once its chunks are well formed: the
/// signature, `IHDR` first, at least one `IDAT`, and `IEND` closing the file
/// with nothing after it. CRCs are not checked: a browser's canvas made the
/// image, and a damaged one only harms its uploader.
pub fn png_size(png: &[u8]) -> Result<(u32, u32), &'static str> {
    let rest = png
        .strip_prefix(PNG_SIGNATURE)
        .ok_or("it does not start with the PNG signature")?;
    let mut offset = 0;
    let mut size = None;
    let mut has_data = false;
    loop {
        let header = rest
            .get(offset..offset + 8)
            .ok_or("it ends before its IEND chunk")?;
        let length = usize::try_from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]))
        .map_err(|_| "a chunk is too long")?;
        let kind = &header[4..8];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err("a chunk has no valid type");
        }
        let data = offset
            .checked_add(8 + length)
            .and_then(|end| rest.get(offset + 8..end))
            .ok_or("a chunk runs past the end of the file")?;
        let next = offset + 8 + length + 4;
        if next > rest.len() {
            return Err("a chunk runs past the end of the file");
        }
        match (kind, size) {
            (b"IHDR", None) if offset == 0 && length == 13 => {
                let width = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
                let height = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
                size = Some((width, height));
            }
            (_, None) => return Err("its first chunk is not a valid IHDR"),
            (b"IHDR", Some(_)) => return Err("it has a second IHDR chunk"),
            (b"IDAT", Some(_)) => has_data = true,
            (b"IEND", Some((width, height))) => {
                if next != rest.len() {
                    return Err("data follows its IEND chunk");
                }
                if !has_data {
                    return Err("it has no image data");
                }
                let fits = (1..=MAX_POSTER_SIDE).contains(&width)
                    && (1..=MAX_POSTER_SIDE).contains(&height)
                    && u64::from(width) * u64::from(height)
                        <= campaign_core::poster::MAX_CANVAS_PIXELS;
                if !fits {
                    return Err("its size is beyond any poster's");
                }
                return Ok((width, height));
            }
            _ => {}
        }
        offset = next;
    }
}

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

/// A member's invitations on one referral page.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    pub code: Option<String>,
    pub invites: u32,
    pub pending: u32,
    pub review: u32,
}

/// A judged visit, as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct VisitRow {
    pub page_id: String,
    pub code: String,
    pub inviter_visitor_id: String,
    pub visitor_id: String,
    pub status: String,
    pub landing_page_id: Option<String>,
    pub ip: Option<String>,
    pub first_seen_at: i64,
    pub last_seen_at: i64,
    pub visits: i64,
    pub goal_met_at: Option<i64>,
}

/// A member with at least one attribution, as staff see them.
#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    pub page_id: String,
    pub code: String,
    pub visitor_id: String,
    pub invites: u32,
    pub pending: u32,
    pub review: u32,
    /// Rewards earned, by their text in the config.
    pub earned: Vec<String>,
}

/// What became of a poster upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PosterStored {
    New(String),
    /// The same image was uploaded from this address before, under this id.
    Existing(String),
    /// The address used up its hourly uploads; seconds until one is free.
    OverQuota(u64),
}

impl Store {
    /// The visitor's code for `page_id`: theirs already, or the first of
    /// `candidates` not taken. `true` when made now.
    async fn invite_code(
        &self,
        page_id: String,
        visitor_id: String,
        candidates: Vec<String>,
        now: i64,
    ) -> anyhow::Result<(String, bool)> {
        let made = self
            .run(move |connection| {
                let transaction =
                    connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let existing: Option<String> = transaction
                    .query_row(
                        "SELECT code FROM invite_codes WHERE page_id = ?1 AND visitor_id = ?2",
                        params![page_id, visitor_id],
                        |row| row.get(0),
                    )
                    .optional()?;
                let made = match existing {
                    Some(code) => Some((code, false)),
                    None => {
                        let mut made = None;
                        for code in candidates {
                            let inserted = transaction.execute(
                                "INSERT INTO invite_codes (code, page_id, visitor_id, created_at)
                                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO NOTHING",
                                params![code, page_id, visitor_id, now],
                            )?;
                            if inserted == 1 {
                                made = Some((code, true));
                                break;
                            }
                        }
                        made
                    }
                };
                transaction.commit()?;
                Ok(made)
            })
            .await?;
        made.ok_or_else(|| anyhow::anyhow!("every fresh invite code collided with a taken one"))
    }

    /// Judges and records one visit with an invite code (see the module
    /// documentation). `goals`: the campaign's referral pages, and whether their
    /// goal is the visit.
    async fn record_referral_visit(
        &self,
        visit: Visit,
        goals: Vec<(String, bool)>,
        policy: BurstPolicy,
    ) -> anyhow::Result<VisitStatus> {
        self.run(move |connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let owner: Option<(String, String)> = transaction
                .query_row(
                    "SELECT page_id, visitor_id FROM invite_codes WHERE code = ?1",
                    params![visit.code],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            // A code of a page the config no longer has is unknown.
            let Some((page_id, inviter, met_on_visit)) = owner.and_then(|(page_id, inviter)| {
                let met_on_visit = goals.iter().find(|(id, _)| *id == page_id)?.1;
                Some((page_id, inviter, met_on_visit))
            }) else {
                return Ok(VisitStatus::UnknownCode);
            };

            let seen: Option<String> = transaction
                .query_row(
                    "SELECT status FROM referral_visits WHERE code = ?1 AND visitor_id = ?2",
                    params![visit.code, visit.visitor_id],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(status) = seen {
                if !visit.from_submission {
                    transaction.execute(
                        "UPDATE referral_visits SET visits = visits + 1, last_seen_at = MAX(last_seen_at, ?3)
                         WHERE code = ?1 AND visitor_id = ?2",
                        params![visit.code, visit.visitor_id, visit.at],
                    )?;
                }
                transaction.commit()?;
                let status = VisitStatus::from_stored(&status);
                return Ok(if status.is_attribution() {
                    VisitStatus::AlreadyAttributed
                } else {
                    status
                });
            }

            let invited_at = invitation_time(&transaction, &visit)?;
            let known: bool = transaction.query_row(
                "SELECT EXISTS (SELECT 1 FROM submissions WHERE visitor_id = ?1 AND received_at < ?2)
                     OR EXISTS (SELECT 1 FROM referral_visits WHERE visitor_id = ?1 AND first_seen_at < ?2)
                     OR EXISTS (SELECT 1 FROM events WHERE visitor_id = ?1 AND received_at < ?3)
                     OR EXISTS (SELECT 1 FROM invite_codes WHERE visitor_id = ?1 AND created_at < ?3)",
                params![visit.visitor_id, invited_at, invited_at - ARRIVAL_GRACE_MS],
                |row| row.get(0),
            )?;
            let attributed: bool = transaction.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM referral_visits
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status IN {ATTRIBUTED})"
                ),
                params![page_id, visit.visitor_id],
                |row| row.get(0),
            )?;
            let status = match judge_attribution(Some(&inviter), &visit.visitor_id, known, attributed)
            {
                Attribution::Counted if is_burst(&transaction, &visit, policy)? => VisitStatus::Review,
                Attribution::Counted if met_on_visit => VisitStatus::Counted,
                Attribution::Counted => VisitStatus::Pending,
                Attribution::SelfInvite => VisitStatus::SelfInvite,
                Attribution::KnownVisitor => VisitStatus::KnownVisitor,
                Attribution::AlreadyAttributed => VisitStatus::AlreadyAttributed,
                Attribution::UnknownCode => VisitStatus::UnknownCode,
            };
            let goal_met_at = (status.is_attribution() && met_on_visit).then_some(visit.at);
            transaction.execute(
                "INSERT INTO referral_visits
                 (code, visitor_id, page_id, inviter_visitor_id, status, landing_page_id, ip,
                  first_seen_at, last_seen_at, visits, goal_met_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
                params![
                    visit.code,
                    visit.visitor_id,
                    page_id,
                    inviter,
                    status.as_str(),
                    visit.landing_page_id,
                    visit.ip,
                    visit.at,
                    i64::from(!visit.from_submission),
                    goal_met_at,
                ],
            )?;
            transaction.commit()?;
            Ok(status)
        })
        .await
    }

    /// The visitor completed the goal page of `page_ids`: their pending
    /// attributions there count now; those held for review note the goal as met.
    async fn meet_invite_goal(
        &self,
        visitor_id: String,
        page_ids: Vec<String>,
        now: i64,
    ) -> anyhow::Result<()> {
        self.run(move |connection| {
            let transaction = connection.transaction()?;
            for page_id in &page_ids {
                transaction.execute(
                    "UPDATE referral_visits SET status = 'counted', goal_met_at = ?3
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status = 'pending'",
                    params![page_id, visitor_id, now],
                )?;
                transaction.execute(
                    "UPDATE referral_visits SET goal_met_at = ?3
                     WHERE page_id = ?1 AND visitor_id = ?2 AND status = 'review' AND goal_met_at IS NULL",
                    params![page_id, visitor_id, now],
                )?;
            }
            transaction.commit()
        })
        .await
    }

    async fn referral_standing(
        &self,
        page_id: String,
        visitor_id: String,
    ) -> anyhow::Result<Standing> {
        self.run(move |connection| {
            let code: Option<String> = connection
                .query_row(
                    "SELECT code FROM invite_codes WHERE page_id = ?1 AND visitor_id = ?2",
                    params![page_id, visitor_id],
                    |row| row.get(0),
                )
                .optional()?;
            let mut standing = Standing::default();
            if let Some(code) = &code {
                let mut statement = connection.prepare_cached(&format!(
                    "SELECT status, COUNT(*) FROM referral_visits
                     WHERE code = ?1 AND status IN {ATTRIBUTED} GROUP BY status"
                ))?;
                let counts = statement.query_map(params![code], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
                })?;
                for count in counts {
                    let (status, count) = count?;
                    match VisitStatus::from_stored(&status) {
                        VisitStatus::Counted => standing.invites = count,
                        VisitStatus::Pending => standing.pending = count,
                        VisitStatus::Review => standing.review = count,
                        _ => {}
                    }
                }
            }
            standing.code = code;
            Ok(standing)
        })
        .await
    }

    /// Judged visits, oldest first, and members with an attribution, optionally
    /// of one page. Members' `earned` is left for the caller, who has the tiers.
    async fn referral_rows(
        &self,
        page_id: Option<String>,
    ) -> anyhow::Result<(Vec<VisitRow>, Vec<MemberRow>)> {
        self.run(move |connection| {
            let mut statement = connection.prepare(
                "SELECT page_id, code, inviter_visitor_id, visitor_id, status, landing_page_id, ip,
                        first_seen_at, last_seen_at, visits, goal_met_at
                 FROM referral_visits WHERE ?1 IS NULL OR page_id = ?1
                 ORDER BY first_seen_at, rowid",
            )?;
            let visits = statement
                .query_map(params![page_id], |row| {
                    Ok(VisitRow {
                        page_id: row.get(0)?,
                        code: row.get(1)?,
                        inviter_visitor_id: row.get(2)?,
                        visitor_id: row.get(3)?,
                        status: row.get(4)?,
                        landing_page_id: row.get(5)?,
                        ip: row.get(6)?,
                        first_seen_at: row.get(7)?,
                        last_seen_at: row.get(8)?,
                        visits: row.get(9)?,
                        goal_met_at: row.get(10)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut statement = connection.prepare(&format!(
                "SELECT c.page_id, c.code, c.visitor_id,
                        SUM(v.status = 'counted'), SUM(v.status = 'pending'), SUM(v.status = 'review')
                 FROM invite_codes c JOIN referral_visits v ON v.code = c.code
                 WHERE (?1 IS NULL OR c.page_id = ?1) AND v.status IN {ATTRIBUTED}
                 GROUP BY c.code ORDER BY c.page_id, c.created_at, c.code"
            ))?;
            let members = statement
                .query_map(params![page_id], |row| {
                    Ok(MemberRow {
                        page_id: row.get(0)?,
                        code: row.get(1)?,
                        visitor_id: row.get(2)?,
                        invites: row.get(3)?,
                        pending: row.get(4)?,
                        review: row.get(5)?,
                        earned: Vec::new(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((visits, members))
        })
        .await
    }

    /// Stores a poster under `id`, unless the same image came from `ip` before
    /// or `ip` used up its hourly uploads.
    async fn insert_poster(
        &self,
        id: String,
        png: Vec<u8>,
        (width, height): (u32, u32),
        ip: Option<String>,
        now: i64,
    ) -> anyhow::Result<PosterStored> {
        self.run(move |connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing: Option<String> = transaction
                .query_row(
                    "SELECT id FROM posters WHERE ip IS ?1 AND length(png) = ?2 AND png = ?3",
                    params![ip, png.len(), png],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(existing) = existing {
                return Ok(PosterStored::Existing(existing));
            }
            if ip.is_some() {
                let recent: Vec<i64> = transaction
                    .prepare_cached(
                        "SELECT created_at FROM posters WHERE ip = ?1 AND created_at > ?2
                         ORDER BY created_at",
                    )?
                    .query_map(params![ip, now - HOUR_MS], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if recent.len() >= usize::try_from(POSTERS_PER_IP_PER_HOUR).unwrap_or(usize::MAX) {
                    let oldest = recent.first().copied().unwrap_or(now);
                    let wait_ms = (oldest + HOUR_MS - now).max(1000);
                    return Ok(PosterStored::OverQuota(
                        u64::try_from((wait_ms + 999) / 1000).unwrap_or(1),
                    ));
                }
            }
            transaction.execute(
                "INSERT INTO posters (id, png, width, height, ip, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, png, width, height, ip, now],
            )?;
            transaction.commit()?;
            Ok(PosterStored::New(id))
        })
        .await
    }

    async fn poster(&self, id: String) -> anyhow::Result<Option<Vec<u8>>> {
        self.run(move |connection| {
            connection
                .query_row(
                    "SELECT png FROM posters WHERE id = ?1",
                    params![id],
                    |row| row.get(0),
                )
                .optional()
        })
        .await
    }
}

/// When the invitation reached the server: this visit, or an earlier
/// submission of the visitor that carried the same code.
fn invitation_time(connection: &rusqlite::Connection, visit: &Visit) -> rusqlite::Result<i64> {
    let mut statement = connection.prepare_cached(
        "SELECT referral_code, received_at FROM submissions
         WHERE visitor_id = ?1 AND referral_code IS NOT NULL",
    )?;
    let carried = statement.query_map(params![visit.visitor_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    })?;
    let mut earliest = visit.at;
    for row in carried {
        let (code, received_at) = row?;
        if normalise_invite_code(&code).as_deref() == Some(visit.code.as_str()) {
            earliest = earliest.min(received_at);
        }
    }
    Ok(earliest)
}

/// Whether the visit comes in a burst of invitations for the same code from the
/// same IP address. Visits of unknown address are never a burst.
fn is_burst(
    connection: &rusqlite::Connection,
    visit: &Visit,
    policy: BurstPolicy,
) -> rusqlite::Result<bool> {
    let Some(ip) = &visit.ip else {
        return Ok(false);
    };
    let window_ms = i64::from(policy.window_secs) * 1000;
    let mut statement = connection.prepare_cached(&format!(
        "SELECT first_seen_at FROM referral_visits
         WHERE code = ?1 AND ip = ?2 AND status IN {ATTRIBUTED} AND first_seen_at > ?3"
    ))?;
    let earlier = statement
        .query_map(params![visit.code, ip, visit.at - window_ms], |row| {
            row.get::<_, i64>(0)
        })?
        .map(|at| at.map(|at| u64::try_from(at).unwrap_or(0)))
        .collect::<rusqlite::Result<Vec<u64>>>()?;
    Ok(policy.is_burst(&earlier, u64::try_from(visit.at).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0; 4]);
        out
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut out = PNG_SIGNATURE.to_vec();
        out.extend(chunk(b"IHDR", &ihdr));
        out.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
        out.extend(chunk(b"IEND", &[]));
        out
    }

    #[test]
    fn reads_the_size_of_a_well_formed_png() {
        assert_eq!(png_size(&png(750, 1334)), Ok((750, 1334)));
    }

    #[test]
    fn refuses_what_is_not_a_whole_png() {
        let good = png(2, 3);
        assert!(png_size(b"GIF89a").is_err());
        assert!(png_size(&good[..good.len() - 1]).is_err(), "truncated");
        let mut trailing = good.clone();
        trailing.extend_from_slice(b"<script>");
        assert!(png_size(&trailing).is_err(), "data after IEND");
        assert!(png_size(&png(0, 3)).is_err(), "empty");
        assert!(png_size(&png(5000, 5000)).is_err(), "beyond any canvas");
        let mut huge_chunk = good.clone();
        huge_chunk[33..37].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(png_size(&huge_chunk).is_err(), "chunk longer than the file");
    }

    #[test]
    fn stored_statuses_read_back() {
        for status in [
            VisitStatus::Counted,
            VisitStatus::Pending,
            VisitStatus::Review,
            VisitStatus::SelfInvite,
            VisitStatus::KnownVisitor,
            VisitStatus::AlreadyAttributed,
        ] {
            assert_eq!(VisitStatus::from_stored(status.as_str()), status);
        }
    }
}
