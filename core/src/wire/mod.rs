//! The API between the pages and a backend, as types: one serde type for every
//! request and answer of `/api/v1`.
//!
//! The reference server serializes exactly these types and the pages read
//! exactly these types, so a field renamed on one end breaks the build of the
//! other instead of a phone at run time. The README's API tables show one
//! example of each, and `core/tests/wire.rs` round-trips every one of them
//! through its type.
//!
//! The envelope and analytics events, which any backend receives, live in
//! [`crate::envelope`]; what they answer lives here, and what each refusal a
//! person meets says ([`Refusal`]).

mod console;
mod course;
mod draws;
mod error;
mod offers;
mod referrals;
mod refusal;
mod results;
mod wechat;

pub use console::{
    ChannelName, ChoiceCount, ConsoleRole, ConsoleSession, DayDraws, DayFunnel, DrawStats, Funnel,
    GroupStat, GroupStats, MAX_REVIEW_REASON_CHARS, Overview, PageDetail, PageOverview, PrizeStock,
    QuestionStats, ReferralBoard, ReviewDecision, ReviewOutcome, SignIn, Source, SourceFunnel,
    SurveyStats, TextAnswer, TextAnswers,
};
pub use course::{
    Certificate, CertificateEligibility, CheckIn, CheckInAnswer, CheckinStanding, CourseStanding,
    HideWallLine, ProgressAnswer, SignUp, SignUpReceipt, StripDay, WallAnswer, WallLine,
};
pub use draws::{
    ChanceSpent, Chances, Claim, ClaimTicket, DrawAnswer, DrawList, DrawRequest, DrawRow,
    DrawnPrize, ShareAnswer, ShareRequest,
};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use offers::{CouponClaim, CouponIssued, OfferStanding, TierStock};
pub use referrals::{
    InviteCode, InviteCodeRequest, NextTier, PosterUploaded, ReferralList, ReferralMember,
    ReferralStanding, ReferralVisit, TierStanding, VisitReport, VisitStatus, VisitVerdict,
};
pub use refusal::Refusal;
pub use results::{
    BonusDraw, EventsReceipt, GroupFill, Health, HealthStatus, PoolStatus, QuizVerdict,
    ReceiptStatus, RewardOutcome, StoredSubmission, SubmissionList, SubmissionReceipt, VisitorData,
    VisitorErased,
};
pub use wechat::JssdkSignature;
