//! Prize draws and their claim codes: what the draw page sends and reads, and
//! what staff read when they redeem a code.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/draw`. `id` is the idempotency key (also sent as the
/// `Idempotency-Key` header): the same id again returns the same draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawRequest {
    pub id: String,
    pub campaign_id: String,
    pub page_id: String,
    pub visitor_id: String,
    /// The channel (渠道码) the visit came through (`?ch=`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// The answer to a draw: `201` for a new one, `200` for a replay of its key.
/// The page shows exactly this prize: the one the server recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawAnswer {
    pub draw_id: String,
    pub page_id: String,
    pub prize: DrawnPrize,
    /// How a winner claims the prize; `null` for a blank.
    pub claim: Option<ClaimTicket>,
    /// Draws the person has left after this one.
    pub remaining: u32,
}

/// A prize as drawn: its name then, so a claim still reads right after the
/// config renames or drops it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnPrize {
    pub id: String,
    pub name: String,
    pub blank: bool,
}

/// What a winner takes to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimTicket {
    /// Like `K7Q2-9XMA-3F`.
    pub code: String,
    /// The prize's `claim` text from the config.
    pub instructions: Option<String>,
}

/// `GET /api/v1/draw/<page>/chances?visitor=<id>`. `null`: no such limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chances {
    /// Draws the person may make now.
    pub remaining: u32,
    /// Of today's daily allowance.
    pub daily_left: Option<u32>,
    /// Bonus draws earned and not yet used.
    pub bonus_left: u32,
    /// Of the page's total limit.
    pub total_left: Option<u32>,
    /// Draws a share would add today (0 once used, or when the page gives none).
    pub share_bonus: u32,
}

/// `POST /api/v1/draw/<page>/share`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareRequest {
    pub visitor_id: String,
}

/// What a share added (0 when today's was already granted) and what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareAnswer {
    pub granted: u32,
    pub remaining: u32,
}

/// `GET /api/v1/claims/<code>` and `POST /api/v1/claims/<code>/redeem` (admin
/// token): what a claim code won, and when it was redeemed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub code: String,
    pub page_id: String,
    pub visitor_id: String,
    pub prize: DrawnPrize,
    /// RFC 3339, UTC.
    pub drawn_at: String,
    /// RFC 3339, UTC; `null` while the prize is unclaimed.
    pub redeemed_at: Option<String>,
    /// The staff credential that redeemed it (`admin`, or a staff token's
    /// name); `null` while unclaimed, and for redemptions before names were
    /// kept.
    #[serde(default)]
    pub redeemed_by: Option<String>,
}

/// `GET /api/v1/draws?page=<id>` (admin token): the newest draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawList {
    pub draws: Vec<DrawRow>,
    /// Ask for `?after=<next>` for the older ones; `null` on the last page.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRow {
    pub draw_id: String,
    pub page_id: String,
    pub visitor_id: String,
    /// What the draw spent: `daily` or `bonus`.
    pub source: ChanceSpent,
    pub prize: DrawnPrize,
    pub claim_code: Option<String>,
    /// RFC 3339, UTC.
    pub drawn_at: String,
    /// RFC 3339, UTC.
    pub redeemed_at: Option<String>,
    /// Who redeemed it, as in [`Claim::redeemed_by`].
    #[serde(default)]
    pub redeemed_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChanceSpent {
    Daily,
    Bonus,
}
