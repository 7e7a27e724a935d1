//! The one error body every refusal of the API carries, and its codes.

use serde::{Deserialize, Serialize};

use crate::identity::PersonRefusal;
use crate::kinds::checkin::CheckinRefusal;
use crate::kinds::course::SignUpRefusal;
use crate::kinds::lottery::DrawRefusal;
use crate::kinds::offers::OfferRefusal;

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
///
/// On the wire each is its `snake_case` name ([`ErrorCode::as_str`]). Serde's
/// derive is replaced by two plain matches: pages read this type, and the
/// derived visitor of 30-odd names costs kilobytes of wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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
    /// The credential is right but may not do this: a staff token, which
    /// looks up and redeems claim codes only.
    Forbidden,
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
    /// The server's database is briefly unreachable: retry after
    /// `Retry-After` (a page's outbox does).
    Unavailable,

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
    /// The page is not an offers page.
    NotAnOffersPage,

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

    // Coupon claims ([`OfferRefusal`]).
    /// A claim naming a tier the offers page does not have.
    UnknownTier,
    /// The tier's pool of coupon codes is empty.
    PoolExhausted,
    /// The offer's `ends_at` has passed.
    OfferEnded,

    // Courses and check-ins ([`SignUpRefusal`], [`CheckinRefusal`]).
    /// The page named is not a course page.
    NotACoursePage,
    /// The page named is not a check-in page.
    NotACheckinPage,
    /// The course's `closes_at` has passed.
    SignUpClosed,
    /// Every cohort of the course is full.
    CohortsFull,
    /// A check-in or certificate from a person the course has no sign-up of.
    NotSignedUp,
    /// A check-in for a day the course does not have.
    UnknownDay,
    /// A check-in before the learner's cohort starts.
    CourseNotStarted,
    /// A check-in for a day that has not come.
    DayNotYet,
    /// The day is checked in already.
    AlreadyCheckedIn,
    /// A missed day, on a page that takes no make-ups.
    NoMakeUps,
    /// Every make-up the page allows is used.
    MakeUpsUsed,
    /// A missed day further back than make-ups reach.
    MakeUpTooLate,
    /// The learner's course is over.
    CourseOver,
    /// Day one's check-in came without a hometown.
    HometownRequired,
    /// The hometown names no province, or no city, or its line is too long.
    InvalidHometown,
    /// A certificate asked for before enough days are checked in.
    NotGraduated,

    // Posters.
    /// An uploaded poster that is not a PNG image a poster could be.
    NotAPng,
    /// No poster has this id.
    PosterNotFound,

    /// A code this version does not know: a newer server's, or a marketer's
    /// own backend's. Never sent by the reference server.
    #[default]
    Other,
}

impl ErrorCode {
    /// Every code, for tests and tools.
    pub const ALL: [ErrorCode; 61] = [
        ErrorCode::InvalidJson,
        ErrorCode::TooLarge,
        ErrorCode::UnreadableBody,
        ErrorCode::IdempotencyKeyMismatch,
        ErrorCode::MethodNotAllowed,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::NotFound,
        ErrorCode::InvalidCursor,
        ErrorCode::Refused,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::RateLimited,
        ErrorCode::LoginRequired,
        ErrorCode::TokenExpired,
        ErrorCode::TokenInvalid,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
        ErrorCode::WrongCampaign,
        ErrorCode::UnknownPage,
        ErrorCode::InvalidVisitor,
        ErrorCode::NotAGroupPicker,
        ErrorCode::NotALottery,
        ErrorCode::NotAReferralPage,
        ErrorCode::NotAnOffersPage,
        ErrorCode::InvalidEnvelope,
        ErrorCode::InvalidAnswers,
        ErrorCode::InvalidAssignment,
        ErrorCode::IdConflict,
        ErrorCode::AlreadySubmitted,
        ErrorCode::BatchTooLarge,
        ErrorCode::InvalidEvent,
        ErrorCode::InvalidDraw,
        ErrorCode::DailyLimit,
        ErrorCode::TotalLimit,
        ErrorCode::NoChances,
        ErrorCode::PrizesGone,
        ErrorCode::AddressLimit,
        ErrorCode::UnknownClaim,
        ErrorCode::AlreadyRedeemed,
        ErrorCode::UnknownTier,
        ErrorCode::PoolExhausted,
        ErrorCode::OfferEnded,
        ErrorCode::NotACoursePage,
        ErrorCode::NotACheckinPage,
        ErrorCode::SignUpClosed,
        ErrorCode::CohortsFull,
        ErrorCode::NotSignedUp,
        ErrorCode::UnknownDay,
        ErrorCode::CourseNotStarted,
        ErrorCode::DayNotYet,
        ErrorCode::AlreadyCheckedIn,
        ErrorCode::NoMakeUps,
        ErrorCode::MakeUpsUsed,
        ErrorCode::MakeUpTooLate,
        ErrorCode::CourseOver,
        ErrorCode::HometownRequired,
        ErrorCode::InvalidHometown,
        ErrorCode::NotGraduated,
        ErrorCode::NotAPng,
        ErrorCode::PosterNotFound,
        ErrorCode::Other,
    ];

    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::UnreadableBody => "unreadable_body",
            ErrorCode::IdempotencyKeyMismatch => "idempotency_key_mismatch",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidCursor => "invalid_cursor",
            ErrorCode::Refused => "refused",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::LoginRequired => "login_required",
            ErrorCode::TokenExpired => "token_expired",
            ErrorCode::TokenInvalid => "token_invalid",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::WrongCampaign => "wrong_campaign",
            ErrorCode::UnknownPage => "unknown_page",
            ErrorCode::InvalidVisitor => "invalid_visitor",
            ErrorCode::NotAGroupPicker => "not_a_group_picker",
            ErrorCode::NotALottery => "not_a_lottery",
            ErrorCode::NotAReferralPage => "not_a_referral_page",
            ErrorCode::NotAnOffersPage => "not_an_offers_page",
            ErrorCode::InvalidEnvelope => "invalid_envelope",
            ErrorCode::InvalidAnswers => "invalid_answers",
            ErrorCode::InvalidAssignment => "invalid_assignment",
            ErrorCode::IdConflict => "id_conflict",
            ErrorCode::AlreadySubmitted => "already_submitted",
            ErrorCode::BatchTooLarge => "batch_too_large",
            ErrorCode::InvalidEvent => "invalid_event",
            ErrorCode::InvalidDraw => "invalid_draw",
            ErrorCode::DailyLimit => "daily_limit",
            ErrorCode::TotalLimit => "total_limit",
            ErrorCode::NoChances => "no_chances",
            ErrorCode::PrizesGone => "prizes_gone",
            ErrorCode::AddressLimit => "address_limit",
            ErrorCode::UnknownClaim => "unknown_claim",
            ErrorCode::AlreadyRedeemed => "already_redeemed",
            ErrorCode::UnknownTier => "unknown_tier",
            ErrorCode::PoolExhausted => "pool_exhausted",
            ErrorCode::OfferEnded => "offer_ended",
            ErrorCode::NotACoursePage => "not_a_course_page",
            ErrorCode::NotACheckinPage => "not_a_checkin_page",
            ErrorCode::SignUpClosed => "sign_up_closed",
            ErrorCode::CohortsFull => "cohorts_full",
            ErrorCode::NotSignedUp => "not_signed_up",
            ErrorCode::UnknownDay => "unknown_day",
            ErrorCode::CourseNotStarted => "course_not_started",
            ErrorCode::DayNotYet => "day_not_yet",
            ErrorCode::AlreadyCheckedIn => "already_checked_in",
            ErrorCode::NoMakeUps => "no_make_ups",
            ErrorCode::MakeUpsUsed => "make_ups_used",
            ErrorCode::MakeUpTooLate => "make_up_too_late",
            ErrorCode::CourseOver => "course_over",
            ErrorCode::HometownRequired => "hometown_required",
            ErrorCode::InvalidHometown => "invalid_hometown",
            ErrorCode::NotGraduated => "not_graduated",
            ErrorCode::NotAPng => "not_a_png",
            ErrorCode::PosterNotFound => "poster_not_found",
            ErrorCode::Other => "other",
        }
    }

    /// The code a name stands for; [`ErrorCode::Other`] for any name this
    /// version does not know.
    pub fn from_name(name: &str) -> ErrorCode {
        match name {
            "invalid_json" => ErrorCode::InvalidJson,
            "too_large" => ErrorCode::TooLarge,
            "unreadable_body" => ErrorCode::UnreadableBody,
            "idempotency_key_mismatch" => ErrorCode::IdempotencyKeyMismatch,
            "method_not_allowed" => ErrorCode::MethodNotAllowed,
            "unsupported_media_type" => ErrorCode::UnsupportedMediaType,
            "not_found" => ErrorCode::NotFound,
            "invalid_cursor" => ErrorCode::InvalidCursor,
            "refused" => ErrorCode::Refused,
            "unauthorized" => ErrorCode::Unauthorized,
            "forbidden" => ErrorCode::Forbidden,
            "rate_limited" => ErrorCode::RateLimited,
            "login_required" => ErrorCode::LoginRequired,
            "token_expired" => ErrorCode::TokenExpired,
            "token_invalid" => ErrorCode::TokenInvalid,
            "internal" => ErrorCode::Internal,
            "unavailable" => ErrorCode::Unavailable,
            "wrong_campaign" => ErrorCode::WrongCampaign,
            "unknown_page" => ErrorCode::UnknownPage,
            "invalid_visitor" => ErrorCode::InvalidVisitor,
            "not_a_group_picker" => ErrorCode::NotAGroupPicker,
            "not_a_lottery" => ErrorCode::NotALottery,
            "not_a_referral_page" => ErrorCode::NotAReferralPage,
            "not_an_offers_page" => ErrorCode::NotAnOffersPage,
            "invalid_envelope" => ErrorCode::InvalidEnvelope,
            "invalid_answers" => ErrorCode::InvalidAnswers,
            "invalid_assignment" => ErrorCode::InvalidAssignment,
            "id_conflict" => ErrorCode::IdConflict,
            "already_submitted" => ErrorCode::AlreadySubmitted,
            "batch_too_large" => ErrorCode::BatchTooLarge,
            "invalid_event" => ErrorCode::InvalidEvent,
            "invalid_draw" => ErrorCode::InvalidDraw,
            "daily_limit" => ErrorCode::DailyLimit,
            "total_limit" => ErrorCode::TotalLimit,
            "no_chances" => ErrorCode::NoChances,
            "prizes_gone" => ErrorCode::PrizesGone,
            "address_limit" => ErrorCode::AddressLimit,
            "unknown_claim" => ErrorCode::UnknownClaim,
            "already_redeemed" => ErrorCode::AlreadyRedeemed,
            "unknown_tier" => ErrorCode::UnknownTier,
            "pool_exhausted" => ErrorCode::PoolExhausted,
            "offer_ended" => ErrorCode::OfferEnded,
            "not_a_course_page" => ErrorCode::NotACoursePage,
            "not_a_checkin_page" => ErrorCode::NotACheckinPage,
            "sign_up_closed" => ErrorCode::SignUpClosed,
            "cohorts_full" => ErrorCode::CohortsFull,
            "not_signed_up" => ErrorCode::NotSignedUp,
            "unknown_day" => ErrorCode::UnknownDay,
            "course_not_started" => ErrorCode::CourseNotStarted,
            "day_not_yet" => ErrorCode::DayNotYet,
            "already_checked_in" => ErrorCode::AlreadyCheckedIn,
            "no_make_ups" => ErrorCode::NoMakeUps,
            "make_ups_used" => ErrorCode::MakeUpsUsed,
            "make_up_too_late" => ErrorCode::MakeUpTooLate,
            "course_over" => ErrorCode::CourseOver,
            "hometown_required" => ErrorCode::HometownRequired,
            "invalid_hometown" => ErrorCode::InvalidHometown,
            "not_graduated" => ErrorCode::NotGraduated,
            "not_a_png" => ErrorCode::NotAPng,
            "poster_not_found" => ErrorCode::PosterNotFound,
            _ => ErrorCode::Other,
        }
    }

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

impl ErrorCode {
    /// Whether a coupon claim refusal: the page says why instead of offering
    /// the claim again.
    pub fn offer_refusal(self) -> Option<OfferRefusal> {
        match self {
            ErrorCode::PoolExhausted => Some(OfferRefusal::PoolExhausted),
            ErrorCode::OfferEnded => Some(OfferRefusal::OfferEnded),
            _ => None,
        }
    }
}

impl ErrorCode {
    /// Whether a sign-up refusal: the page offers the next intake instead.
    pub fn sign_up_refusal(self) -> Option<SignUpRefusal> {
        match self {
            ErrorCode::SignUpClosed => Some(SignUpRefusal::Closed),
            ErrorCode::CohortsFull => Some(SignUpRefusal::Full),
            _ => None,
        }
    }

    /// Whether a check-in refusal: the page says why instead of offering the
    /// check-in again.
    pub fn checkin_refusal(self) -> Option<CheckinRefusal> {
        match self {
            ErrorCode::UnknownDay => Some(CheckinRefusal::UnknownDay),
            ErrorCode::CourseNotStarted => Some(CheckinRefusal::NotStarted),
            ErrorCode::DayNotYet => Some(CheckinRefusal::NotYet),
            ErrorCode::AlreadyCheckedIn => Some(CheckinRefusal::AlreadyCheckedIn),
            ErrorCode::NoMakeUps => Some(CheckinRefusal::NoMakeUps),
            ErrorCode::MakeUpsUsed => Some(CheckinRefusal::MakeUpsUsed),
            ErrorCode::MakeUpTooLate => Some(CheckinRefusal::MakeUpTooLate),
            ErrorCode::CourseOver => Some(CheckinRefusal::CourseOver),
            ErrorCode::HometownRequired => Some(CheckinRefusal::HometownRequired),
            _ => None,
        }
    }
}

impl From<SignUpRefusal> for ErrorCode {
    fn from(refusal: SignUpRefusal) -> Self {
        match refusal {
            SignUpRefusal::Closed => ErrorCode::SignUpClosed,
            SignUpRefusal::Full => ErrorCode::CohortsFull,
        }
    }
}

impl From<CheckinRefusal> for ErrorCode {
    fn from(refusal: CheckinRefusal) -> Self {
        match refusal {
            CheckinRefusal::UnknownDay => ErrorCode::UnknownDay,
            CheckinRefusal::NotStarted => ErrorCode::CourseNotStarted,
            CheckinRefusal::NotYet => ErrorCode::DayNotYet,
            CheckinRefusal::AlreadyCheckedIn => ErrorCode::AlreadyCheckedIn,
            CheckinRefusal::NoMakeUps => ErrorCode::NoMakeUps,
            CheckinRefusal::MakeUpsUsed => ErrorCode::MakeUpsUsed,
            CheckinRefusal::MakeUpTooLate => ErrorCode::MakeUpTooLate,
            CheckinRefusal::CourseOver => ErrorCode::CourseOver,
            CheckinRefusal::HometownRequired => ErrorCode::HometownRequired,
        }
    }
}

impl From<OfferRefusal> for ErrorCode {
    fn from(refusal: OfferRefusal) -> Self {
        match refusal {
            OfferRefusal::PoolExhausted => ErrorCode::PoolExhausted,
            OfferRefusal::OfferEnded => ErrorCode::OfferEnded,
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

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    /// Any name reads (unknown ones as [`ErrorCode::Other`]), and so does a
    /// number: some backends number their codes (`"code": 40001`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = ErrorCode;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an error code")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode::from_name(name))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Other)
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Other)
            }
        }
        deserializer.deserialize_any(Name)
    }
}
