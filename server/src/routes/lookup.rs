//! Finding what a request names in the served campaign.

use axum::http::StatusCode;
use campaign_core::Campaign;
use campaign_core::wire::ErrorCode;

use crate::error::ApiError;

/// The page `page_id` of the campaign when it is of the kind `pick` takes:
/// `unknown_page` when there is none, `wrong_kind` (with `status`) when it is
/// another kind.
pub(crate) fn page_of_kind<'a, T>(
    campaign: &'a Campaign,
    page_id: &str,
    status: StatusCode,
    wrong_kind: (ErrorCode, &str),
    pick: impl FnOnce(&'a campaign_core::Page) -> Option<&'a T>,
) -> Result<&'a T, ApiError> {
    match campaign.page(page_id) {
        Some(page) => pick(page).ok_or_else(|| {
            ApiError::new(
                status,
                wrong_kind.0,
                format!("page `{page_id}` is not {}", wrong_kind.1),
            )
        }),
        None => Err(ApiError::new(
            status,
            ErrorCode::UnknownPage,
            campaign_core::EnvelopeError::UnknownPage(page_id.to_owned()).to_string(),
        )),
    }
}

/// Refuses a request for another campaign than the one served.
pub(crate) fn check_campaign(campaign: &Campaign, campaign_id: &str) -> Result<(), ApiError> {
    if campaign_id == campaign.id {
        return Ok(());
    }
    Err(ApiError::unprocessable(
        ErrorCode::WrongCampaign,
        campaign_core::EnvelopeError::WrongCampaign {
            got: campaign_id.to_owned(),
            expected: campaign.id.clone(),
        }
        .to_string(),
    ))
}
