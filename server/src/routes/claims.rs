//! `/api/v1/claims/{code}`: staff check and redeem a winner's claim code.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use campaign_core::config::Locale;
use campaign_core::lottery;
use campaign_core::wire::{Claim, ErrorCode, Refusal};

use crate::error::ApiError;
use crate::extract::Staff;
use crate::store::draws::Redemption;
use crate::{AppState, iso8601_utc};

/// `POST /api/v1/claims/{code}/redeem` (admin or staff token): marks a
/// winner's claim code as redeemed, once, recording which credential did it.
/// The code may be typed loosely (`k7q2 9xma 3f`).
pub async fn redeem(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
) -> Result<Json<Claim>, ApiError> {
    let code = claim_code_of(&code)?;
    let outcome = state
        .store
        .redeem_claim(code.clone(), state.now(), staff.name)
        .await
        .map_err(ApiError::internal)?;
    match outcome {
        Redemption::Redeemed(draw) => Ok(Json(draw.claim())),
        Redemption::AlreadyRedeemed(draw) => {
            let refusal = Refusal::AlreadyRedeemed {
                code,
                prize: draw.prize_name.clone(),
                when: draw.redeemed_at.map(iso8601_utc).unwrap_or_default(),
                by: draw.redeemed_by.clone(),
            };
            Err(ApiError::refusal(
                StatusCode::CONFLICT,
                &refusal,
                state.campaign.locale,
            ))
        }
        Redemption::Unknown => Err(unknown_claim(state.campaign.locale, &code)),
    }
}

/// `GET /api/v1/claims/{code}` (admin or staff token): what a claim code
/// won, and whether (when, by whom) it was redeemed.
pub async fn get(
    State(state): State<AppState>,
    _: Staff,
    Path(code): Path<String>,
) -> Result<Json<Claim>, ApiError> {
    let code = claim_code_of(&code)?;
    match state
        .store
        .claim(code.clone())
        .await
        .map_err(ApiError::internal)?
    {
        Some(draw) => Ok(Json(draw.claim())),
        None => Err(unknown_claim(state.campaign.locale, &code)),
    }
}

fn claim_code_of(typed: &str) -> Result<String, ApiError> {
    lottery::normalise_claim_code(typed).ok_or_else(|| {
        ApiError::not_found(
            ErrorCode::UnknownClaim,
            format!(
                "`{typed}` is not a claim code: codes have 10 letters and digits, like K7Q2-9XMA-3F"
            ),
        )
    })
}

fn unknown_claim(locale: Locale, code: &str) -> ApiError {
    let code = code.to_owned();
    ApiError::refusal(
        StatusCode::NOT_FOUND,
        &Refusal::UnknownClaim { code },
        locale,
    )
}
