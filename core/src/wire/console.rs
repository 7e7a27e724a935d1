//! The console's API (`/admin`, `/api/v1/admin/...`): signing in, the
//! campaign's numbers, and what staff decide. Admin only, except where a type
//! says staff may use it.

use serde::{Deserialize, Serialize};

use super::ReferralMember;
use crate::campaign::PageKind;
use crate::primitives::Locale;

/// `POST /admin/session`: a credential, exchanged for an HttpOnly session
/// cookie, so the token never sits in the page's storage or in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The server's admin token, or a staff token.
    pub token: String,
}

/// `GET /admin/session` and the answer to signing in: who the console acts as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSession {
    pub role: ConsoleRole,
    /// `admin`, or the staff token's name: what redemptions record.
    pub name: String,
    /// Unix milliseconds; signing in again after it.
    pub expires_at: i64,
    /// The campaign's language, which the console speaks first.
    pub locale: Locale,
    pub campaign_title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleRole {
    /// Everything: numbers, results, exports, reviews.
    Admin,
    /// Looks up and redeems claim codes, nothing else.
    Staff,
}

/// How many people got how far on a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    /// Page views (each opening of the page).
    pub views: u64,
    /// Distinct people who started: their first tap or answer on the page.
    pub starts: u64,
    /// Results stored: answers, draws, sign-ups, claims, check-ins, invite codes.
    pub results: u64,
}

/// `GET /api/v1/admin/overview?days=<n>`: every page's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub campaign_id: String,
    pub campaign_title: String,
    pub locale: Locale,
    /// `YYYY-MM-DD` in Beijing time: the day "today" counts.
    pub today: String,
    /// The channels the config names (code and name), then codes seen in
    /// links that it does not name, under their code.
    pub channels: Vec<ChannelName>,
    pub pages: Vec<PageOverview>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelName {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageOverview {
    pub page_id: String,
    pub kind: PageKind,
    pub title: String,
    pub today: Funnel,
    pub total: Funnel,
    /// The last `days` days, oldest first, every day present (zeros too).
    pub daily: Vec<DayFunnel>,
    /// The totals by where visits came from: each channel, invitations
    /// (`?ref=`), and straight visits.
    pub sources: Vec<SourceFunnel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFunnel {
    /// `YYYY-MM-DD`, Beijing time.
    pub day: String,
    #[serde(flatten)]
    pub funnel: Funnel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFunnel {
    pub source: Source,
    #[serde(flatten)]
    pub funnel: Funnel,
}

/// Where a visit came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "code")]
pub enum Source {
    /// A channel code (`?ch=`).
    Channel(String),
    /// A member's invitation (`?ref=`), without a channel.
    Referral,
    /// Neither.
    Direct,
}

/// `GET /api/v1/admin/pages/<id>`: what the console shows of one page, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PageDetail {
    Survey(SurveyStats),
    Draw(DrawStats),
    Groups(GroupStats),
    Referral(ReferralBoard),
    /// Kinds with nothing more than their funnel.
    Funnel {
        page_id: String,
    },
}

// A survey's tallies are made by its kind, which owns their shape.
pub use crate::kinds::survey::{ChoiceCount, QuestionStats, SurveyStats};

/// `GET /api/v1/admin/pages/<id>/texts?question=<id>&after=<cursor>`: free
/// text answers, newest first, a page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextAnswers {
    pub answers: Vec<TextAnswer>,
    /// Ask for `?after=<next>` for older ones; `null` on the last page.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub text: String,
    /// Unix milliseconds.
    pub received_at: i64,
}

/// A prize draw's stock, days and winners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawStats {
    pub page_id: String,
    pub prizes: Vec<PrizeStock>,
    /// The last 14 days, oldest first.
    pub daily: Vec<DayDraws>,
    /// Winners so far (claim codes), and how many are redeemed.
    pub winners: u64,
    pub redeemed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeStock {
    pub id: String,
    pub name: String,
    /// `null`: a blank ("thanks for playing"), which has no stock.
    pub inventory: Option<u32>,
    pub won: u64,
    pub left: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayDraws {
    /// `YYYY-MM-DD`, Beijing time.
    pub day: String,
    pub draws: u64,
    pub wins: u64,
}

/// A group picker's groups against their capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupStats {
    pub page_id: String,
    pub groups: Vec<GroupStat>,
    /// Areas (`province city`) whose every group is full.
    pub full_areas: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupStat {
    pub id: String,
    pub name: String,
    /// `province city`, with the district when the group names one.
    pub area: String,
    pub members: u32,
    pub capacity: u32,
    /// When its QR code stops working (RFC 3339), when the config says.
    pub expires_at: Option<String>,
    /// The QR code expires within 48 hours (or has).
    pub expiring: bool,
}

/// A referral page's leaderboard and how many invitations wait for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralBoard {
    pub page_id: String,
    /// Members by counted invitations, most first (the first 100).
    pub leaders: Vec<ReferralMember>,
    /// Invitations held for review; list them with
    /// `GET /api/v1/referrals?page=<id>&status=review`.
    pub held: u64,
}

/// `POST /api/v1/referrals/review` (admin): a decision on an invitation held
/// for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecision {
    pub page_id: String,
    /// The invitee: the visitor the invitation brought.
    pub visitor_id: String,
    pub approve: bool,
    /// Why, for a rejection (kept with it); up to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a review decided, and what the invitation is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewOutcome {
    pub status: super::VisitStatus,
    pub decided_by: String,
    /// Unix milliseconds.
    pub decided_at: i64,
}

/// Longest reason a rejection keeps.
pub const MAX_REVIEW_REASON_CHARS: usize = 200;
