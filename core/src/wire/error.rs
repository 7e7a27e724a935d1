//! The one error body every refusal of the API carries, and its codes.

use serde::{Deserialize, Serialize};

use crate::identity::PersonRefusal;
use crate::kinds::lottery::DrawRefusal;

/// `{"error": {"code": "...", "message": "..."}}`: what every non-2xx answer of
/// the reference server carries, and what the pages read from any backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// What went wrong, for programs. A marketer's own backend may send none, or
    /// codes of its own ([`ErrorCode::Other`]).
    #[serde(default)]
    pub code: ErrorCode,
    /// A sentence for the person, in the campaign's language where the server
    /// knows it.
    #[serde(default)]
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
        }
    }
}

/// Every error code the reference server answers with. Each names one reason,
/// so a client can act on it without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // Requests the server could not read.
    /// The body is not the JSON the endpoint takes.
    InvalidJson,
    /// The body is over the endpoint's size limit.
    TooLarge,
    /// The body could not be read at all.
    UnreadableBody,
    /// The `Idempotency-Key` header differs from the body's `id`.
    IdempotencyKeyMismatch,
    /// The endpoint does not take that method.
    MethodNotAllowed,
    /// The body's media type is not one the endpoint takes.
    UnsupportedMediaType,
    /// No such API endpoint.
    NotFound,
    /// A list's `after` is not a cursor it answered with.
    InvalidCursor,
    /// Another refusal axum answered by itself.
    Refused,

    // Who may ask.
    /// The admin token is missing or wrong.
    Unauthorized,
    /// Too many requests from this address or visitor, or the campaign's
    /// per-minute ceiling reached: retry after `Retry-After`.
    RateLimited,
    /// The campaign counts verified people, and the request came with none:
    /// no visitor token (`signed`), no WeChat sign-in (`wechat`).
    LoginRequired,
    /// The visitor token (or WeChat sign-in) has expired.
    TokenExpired,
    /// The visitor token is not one the host signed for this campaign.
    TokenInvalid,
    /// The server failed; the request is safe to retry.
    Internal,

    // What was asked about.
    /// The request names another campaign than the one served.
    WrongCampaign,
    /// The campaign has no such page.
    UnknownPage,
    /// The visitor id is not one a page makes.
    InvalidVisitor,
    /// The page is not a group picker.
    NotAGroupPicker,
    /// The page is not a prize draw.
    NotALottery,
    /// The page is not a referral page.
    NotAReferralPage,

    // Results.
    /// The envelope breaks a rule of [`crate::Envelope::check`].
    InvalidEnvelope,
    /// Survey or quiz answers the page's rules refuse.
    InvalidAnswers,
    /// A group picker result naming a group the page does not offer.
    InvalidAssignment,
    /// The id is already used by a different result or draw.
    IdConflict,
    /// The page takes one submission per person, and this person sent one.
    AlreadySubmitted,
    /// An event batch with more events than one batch may hold.
    BatchTooLarge,
    /// An event that breaks a rule of [`crate::Event::check`].
    InvalidEvent,

    // Prize draws ([`DrawRefusal`]) and claims.
    /// A draw request that is not one (bad id, wrong page kind).
    InvalidDraw,
    DailyLimit,
    TotalLimit,
    NoChances,
    PrizesGone,
    /// The visitor's network address has won the prizes a `device` campaign
    /// allows it a day (`ceilings.prize_wins_per_address_per_day`).
    AddressLimit,
    /// No prize has this claim code.
    UnknownClaim,
    /// The claim code was redeemed before; the message says when.
    AlreadyRedeemed,

    // Posters.
    /// An uploaded poster that is not a PNG image a poster could be.
    NotAPng,
    /// No poster has this id.
    PosterNotFound,

    /// A code this version does not know: a newer server's, or a marketer's
    /// own backend's. Never sent by the reference server.
    #[default]
    #[serde(other)]
    Other,
}

impl ErrorCode {
    /// Whether a draw refusal: the visitor may not draw now, and the page says
    /// why instead of offering the button again.
    pub fn draw_refusal(self) -> Option<DrawRefusal> {
        match self {
            ErrorCode::DailyLimit => Some(DrawRefusal::DailyLimit),
            ErrorCode::TotalLimit => Some(DrawRefusal::TotalLimit),
            ErrorCode::NoChances => Some(DrawRefusal::NoChances),
            ErrorCode::PrizesGone => Some(DrawRefusal::PrizesGone),
            _ => None,
        }
    }
}

impl From<DrawRefusal> for ErrorCode {
    fn from(refusal: DrawRefusal) -> Self {
        match refusal {
            DrawRefusal::DailyLimit => ErrorCode::DailyLimit,
            DrawRefusal::TotalLimit => ErrorCode::TotalLimit,
            DrawRefusal::NoChances => ErrorCode::NoChances,
            DrawRefusal::PrizesGone => ErrorCode::PrizesGone,
        }
    }
}

impl From<PersonRefusal> for ErrorCode {
    fn from(refusal: PersonRefusal) -> Self {
        match refusal {
            PersonRefusal::LoginRequired => ErrorCode::LoginRequired,
            PersonRefusal::TokenExpired => ErrorCode::TokenExpired,
            PersonRefusal::TokenInvalid => ErrorCode::TokenInvalid,
        }
    }
}
