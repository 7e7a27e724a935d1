//! Invitations: invite codes, visits through a share link, a member's standing
//! on the reward ladder, poster uploads, and what staff read back.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/invite-codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteCodeRequest {
    pub campaign_id: String,
    pub page_id: String,
    pub visitor_id: String,
}

/// The member's invite code: `201` when made now, `200` when they had one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCode {
    /// 8 characters such as `K7Q29XMA`.
    pub code: String,
}

/// `POST /api/v1/referrals/visits`: sent once when a page opens with `?ref=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitReport {
    pub campaign_id: String,
    pub code: String,
    pub visitor_id: String,
    /// The page the friend landed on; `null` (or absent) for the campaign home.
    #[serde(default)]
    pub page_id: Option<String>,
}

/// The verdict on a visit: `{"status": "counted"}` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitVerdict {
    pub status: VisitStatus,
}

/// What became of a visit with an invite code, as answered to the page and
/// stored with the visit. Each (code, visitor) is judged once, on its first visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    /// A new friend who met the page's goal: the inviter's count went up.
    Counted,
    /// A new friend; counts once they complete the goal page.
    Pending,
    /// A new friend arriving in a burst: held for staff, not counted.
    Review,
    /// Held for review, and rejected by staff: kept, never counted.
    Rejected,
    /// The member opened their own link.
    SelfInvite,
    /// The server saw the visitor before the invitation.
    KnownVisitor,
    /// The visitor already counts for an invitation on this page.
    AlreadyAttributed,
    /// No member has this code.
    UnknownCode,
}

impl VisitStatus {
    /// Every status that is stored with a visit (unknown codes are not stored).
    pub const STORED: [VisitStatus; 7] = [
        VisitStatus::Counted,
        VisitStatus::Pending,
        VisitStatus::Review,
        VisitStatus::Rejected,
        VisitStatus::SelfInvite,
        VisitStatus::KnownVisitor,
        VisitStatus::AlreadyAttributed,
    ];

    /// The name on the wire and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitStatus::Counted => "counted",
            VisitStatus::Pending => "pending",
            VisitStatus::Review => "review",
            VisitStatus::Rejected => "rejected",
            VisitStatus::SelfInvite => "self_invite",
            VisitStatus::KnownVisitor => "known_visitor",
            VisitStatus::AlreadyAttributed => "already_attributed",
            VisitStatus::UnknownCode => "unknown_code",
        }
    }

    /// Whether the visit is the visitor's attribution on its page (counted,
    /// waiting for the goal, or held for review).
    pub fn is_attribution(self) -> bool {
        matches!(
            self,
            VisitStatus::Counted | VisitStatus::Pending | VisitStatus::Review
        )
    }
}

/// `GET /api/v1/referrals/<page>?visitor=<id>`: never cached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralStanding {
    /// The member's invite code, once they have one.
    pub code: Option<String>,
    /// Friends counted.
    pub invites: u32,
    /// Friends who have yet to complete the goal page.
    pub pending: u32,
    /// Friends held for staff review.
    pub review: u32,
    pub tiers: TierStanding,
}

/// Where the member stands on the page's reward ladder, by tier index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierStanding {
    /// Tiers whose `invites` the member has reached.
    pub unlocked: Vec<usize>,
    /// Tiers whose rewards the member gets.
    pub earned: Vec<usize>,
    /// The next tier and the invites it still needs; `null` once all are unlocked.
    pub next: Option<NextTier>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextTier {
    pub tier: usize,
    pub needed: u32,
}

impl From<crate::kinds::referral::LadderState> for TierStanding {
    fn from(ladder: crate::kinds::referral::LadderState) -> Self {
        TierStanding {
            unlocked: ladder.unlocked,
            earned: ladder.earned,
            next: ladder.next.map(|(tier, needed)| NextTier { tier, needed }),
        }
    }
}

/// `GET /api/v1/referrals?page=<id>` (admin token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralList {
    /// One page of visits, oldest first.
    pub visits: Vec<ReferralVisit>,
    /// Ask for `?after=<next>` for the following visits; `null` on the last.
    pub next: Option<String>,
    /// Every member with an invitation, on every page.
    pub members: Vec<ReferralMember>,
}

/// One judged visit, with what staff need to review it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralVisit {
    pub page_id: String,
    pub code: String,
    pub inviter_visitor_id: String,
    pub visitor_id: String,
    pub status: VisitStatus,
    pub landing_page_id: Option<String>,
    /// The address of the first visit.
    pub ip: Option<String>,
    /// Unix milliseconds.
    pub first_seen_at: i64,
    /// Unix milliseconds.
    pub last_seen_at: i64,
    pub visits: i64,
    /// When the friend met the page's goal, in Unix milliseconds.
    pub goal_met_at: Option<i64>,
    /// Who decided on the invitation held for review (`admin`, or a staff
    /// name), when (Unix milliseconds) and, for a rejection, why.
    #[serde(default)]
    pub decided_by: Option<String>,
    #[serde(default)]
    pub decided_at: Option<i64>,
    #[serde(default)]
    pub decision_reason: Option<String>,
}

/// A member with an invite code, their counts and the rewards they earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralMember {
    pub page_id: String,
    pub code: String,
    pub visitor_id: String,
    pub invites: u32,
    pub pending: u32,
    pub review: u32,
    /// The `reward` text of each earned tier.
    pub earned: Vec<String>,
}

/// `POST /api/v1/posters`: where the uploaded poster can be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosterUploaded {
    /// `/api/v1/posters/<id>.png`.
    pub url: String,
}
