//! `GET /api/v1/pages/{page_id}/fill`: how full each group of a group picker is.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use campaign_core::Page;
use campaign_core::wire::{ErrorCode, GroupFill};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::Client;
use crate::routes::lookup::page_of_kind;

/// How many members each group of a group picker page has been sent, so pages
/// skip full groups.
pub async fn fill(
    State(state): State<AppState>,
    _: Client,
    Path(page_id): Path<String>,
) -> Result<Response, ApiError> {
    page_of_kind(
        &state.campaign,
        &page_id,
        StatusCode::NOT_FOUND,
        (ErrorCode::NotAGroupPicker, "a group picker"),
        |page| match page {
            Page::GroupPicker(picker) => Some(picker),
            _ => None,
        },
    )?;
    let fill = state
        .store
        .group_fill(&page_id)
        .await
        .map_err(ApiError::internal)?;
    // Counts change with every member: never served from a cache.
    Ok(([(CACHE_CONTROL, "no-store")], Json(GroupFill { fill })).into_response())
}
