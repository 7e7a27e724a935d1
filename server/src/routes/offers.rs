//! Offers pages: a coupon claim arrives as an ordinary envelope at
//! `POST /api/v1/submissions` ([`claim_rules`], [`coupon_of`]), and
//! `GET /api/v1/offers/<page>` answers the person's coupon and each tier's
//! stock ([`standing`]).
//!
//! The codes are the survey reward pools' (`--reward-codes POOL=FILE`, the
//! `reward_codes` table): a tier names its pool, and a claim takes one code
//! from it in the transaction that stores the claim, once per person and page.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use campaign_core::config::Locale;
use campaign_core::offers::{OfferRefusal, OffersPage};
use campaign_core::wire::{
    CouponClaim, CouponIssued, ErrorCode, OfferStanding, Refusal, TierStock,
};
use campaign_core::{Campaign, Page};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Client, Person, QueryVisitor};
use crate::routes::lookup::page_of_kind;
use crate::store::SubmissionRules;

/// What a claim on `page` asks of the store, from its payload: once per
/// person, one code of the claimed tier's pool, and none after `ends_at` by
/// `now_ms` (the state's clock).
pub(crate) fn claim_rules(
    page: &OffersPage,
    payload: &serde_json::Value,
    now_ms: i64,
) -> Result<SubmissionRules, ApiError> {
    let claim = CouponClaim::deserialize(payload).map_err(|err| {
        ApiError::unprocessable(
            ErrorCode::UnknownTier,
            format!("an offers payload is `{{\"tier\": \"<tier id>\"}}`: {err}"),
        )
    })?;
    let tier = page.tier(&claim.tier).ok_or_else(|| {
        ApiError::unprocessable(
            ErrorCode::UnknownTier,
            format!("page `{}` has no tier `{}`", page.id, claim.tier),
        )
    })?;
    Ok(SubmissionRules {
        reward_pool: tier.pool.clone(),
        claim: true,
        closed: !page.is_open(now_ms),
        ..SubmissionRules::default()
    })
}

/// The coupon a stored claim holds: its tier (from the claim's payload) with
/// what the tier's coupon is worth in the served config, and its code.
pub(crate) fn coupon_of(
    page: &OffersPage,
    payload: &str,
    code: String,
    already_claimed: bool,
) -> CouponIssued {
    let tier = serde_json::from_str::<CouponClaim>(payload)
        .map(|claim| claim.tier)
        .unwrap_or_default();
    let coupon = page.tier(&tier).map_or(0, |tier| tier.coupon);
    CouponIssued {
        tier,
        code,
        coupon,
        already_claimed,
    }
}

/// A claim refused, in the campaign's language.
pub(crate) fn refused(refusal: OfferRefusal, locale: Locale) -> ApiError {
    ApiError::refusal(StatusCode::CONFLICT, &Refusal::Offer(refusal), locale)
}

/// `GET /api/v1/offers/<page>?visitor=<id>`: the person's coupon, if they
/// claimed one, and every tier's stock: `exhausted` always, the count left
/// only where the page shows it (at or under `show_remaining_at_most`).
pub async fn standing(
    State(state): State<AppState>,
    _: Client,
    person: Person,
    Path(page_id): Path<String>,
    QueryVisitor(visitor): QueryVisitor,
) -> Result<Response, ApiError> {
    let page = offers_page(&state.campaign, &page_id)?;
    // The stock is for anyone; the coupon only for whoever claimed it.
    let holder = state.admit_person(&person, &visitor, false).await?;
    let coupon = if state.may_look_up(&person) {
        state
            .store
            .claim_of(page_id.clone(), holder)
            .await
            .map_err(ApiError::internal)?
            .map(|(payload, code)| coupon_of(page, &payload, code, true))
    } else {
        None
    };
    let mut tiers = Vec::with_capacity(page.tiers.len());
    for tier in &page.tiers {
        let left = match &tier.pool {
            Some(pool) => state
                .store
                .reward_codes_left(pool.clone())
                .await
                .map_err(ApiError::internal)?,
            None => 0,
        };
        let left = u32::try_from(left.max(0)).unwrap_or(u32::MAX);
        tiers.push(TierStock {
            tier: tier.id.clone(),
            remaining: page.remaining_shown(left),
            exhausted: left == 0,
        });
    }
    let body = OfferStanding {
        page_id,
        coupon,
        tiers,
    };
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

fn offers_page<'a>(campaign: &'a Campaign, page_id: &str) -> Result<&'a OffersPage, ApiError> {
    page_of_kind(
        campaign,
        page_id,
        StatusCode::NOT_FOUND,
        (ErrorCode::NotAnOffersPage, "an offers page"),
        |page| match page {
            Page::Offers(page) => Some(page),
            _ => None,
        },
    )
}
