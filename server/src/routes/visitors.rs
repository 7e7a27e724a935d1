//! `/api/v1/visitors/{id}` (admin token): a person's data, handed over or
//! erased on their request.

use axum::Json;
use axum::extract::{Path, State};
use campaign_core::EnvelopeError;
use campaign_core::primitives::ids::is_visitor_id;
use campaign_core::wire::{ErrorCode, VisitorData, VisitorErased};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::Admin;

/// `GET`: every row that names the visitor.
pub async fn export(
    State(state): State<AppState>,
    _: Admin,
    Path(visitor_id): Path<String>,
) -> Result<Json<VisitorData>, ApiError> {
    check(&visitor_id)?;
    let tables = state
        .store
        .visitor_rows(visitor_id.clone())
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(VisitorData { visitor_id, tables }))
}

/// `DELETE`: erases every row that names the visitor, and says what went.
pub async fn erase(
    State(state): State<AppState>,
    _: Admin,
    Path(visitor_id): Path<String>,
) -> Result<Json<VisitorErased>, ApiError> {
    check(&visitor_id)?;
    let removed = state
        .store
        .erase_visitor(visitor_id.clone())
        .await
        .map_err(ApiError::internal)?;
    tracing::info!(
        "erased visitor {visitor_id}: {} rows",
        removed.values().sum::<usize>()
    );
    Ok(Json(VisitorErased {
        visitor_id,
        removed,
    }))
}

fn check(visitor_id: &str) -> Result<(), ApiError> {
    if is_visitor_id(visitor_id) {
        Ok(())
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::InvalidVisitor,
            EnvelopeError::BadVisitor.to_string(),
        ))
    }
}
