//! Coupon claims on an offers page: what the page sends through the outbox,
//! what the backend answers, and the page's standing on the ladder.
//!
//! A claim is a result like any other, so it leaves the page as an
//! [`crate::Envelope`] (`page_kind: "offers"`) through the outbox, and is
//! never lost on a bad network: the envelope's `id` is the idempotency key, its
//! `page_id` and `visitor_id` (or verified subject) say where and who, and its
//! payload is a [`CouponClaim`]. The backend answers `POST
//! /api/v1/submissions` with a [`crate::wire::SubmissionReceipt`] whose
//! `coupon` is a [`CouponIssued`], or refuses it with `409` and the code
//! `pool_exhausted` or `offer_ended` ([`crate::offers::OfferRefusal`]), or
//! `unknown_tier`.
//!
//! A person holds at most one coupon of a page: a second claim (of any tier,
//! in a new envelope) answers with the code of the first, `already_claimed`.

use serde::{Deserialize, Serialize};

/// The payload of an offers envelope: which tier's coupon is claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouponClaim {
    /// The tier's `id` in the config (stable when tiers are reordered).
    pub tier: String,
}

/// The coupon a person holds: in the receipt of a claim, and in the page's
/// standing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponIssued {
    /// The tier it was claimed for: the one asked for, or, when
    /// `already_claimed`, that of the person's first claim.
    pub tier: String,
    /// One code of the tier's pool, kept for this person.
    pub code: String,
    /// What the coupon is worth in 元, as the tier said when it was claimed.
    pub coupon: u64,
    /// The person had claimed before: this is the code they got then.
    pub already_claimed: bool,
}

/// `GET /api/v1/offers/<page>?visitor=<id>`: the person's coupon, if they
/// hold one, and each tier's coupons left where the page shows them. Never
/// cached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferStanding {
    pub page_id: String,
    /// `null` until the person claims.
    pub coupon: Option<CouponIssued>,
    /// Every tier, in config order.
    pub tiers: Vec<TierStock>,
}

/// One tier's stock as a page may show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierStock {
    pub tier: String,
    /// Codes left in the pool, as the server counts them, only where the page
    /// shows them ([`crate::offers::OffersPage::remaining_shown`]); else `null`.
    pub remaining: Option<u32>,
    /// The pool has no code left: the tier cannot be claimed.
    pub exhausted: bool,
}
