//! `POST /api/v1/events`: analytics events, stored once per event id.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use campaign_core::EventBatch;
use campaign_core::envelope::MAX_EVENTS_PER_BATCH;
use campaign_core::wire::{ErrorCode, EventsReceipt};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Client, JsonBody};

/// Stores a batch of analytics events. Accepts `text/plain` bodies, which
/// `sendBeacon` and preflight-free requests use.
pub async fn create(
    State(state): State<AppState>,
    _: Client,
    JsonBody(batch): JsonBody<EventBatch>,
) -> Result<(StatusCode, Json<EventsReceipt>), ApiError> {
    if batch.events.len() > MAX_EVENTS_PER_BATCH {
        return Err(ApiError::unprocessable(
            ErrorCode::BatchTooLarge,
            format!("send at most {MAX_EVENTS_PER_BATCH} events per batch"),
        ));
    }
    for (index, event) in batch.events.iter().enumerate() {
        event.check(&state.campaign).map_err(|err| {
            ApiError::unprocessable(ErrorCode::InvalidEvent, format!("events[{index}]: {err}"))
        })?;
    }
    let received = batch.events.len();
    let stored = state
        .store
        .insert_events(batch.events, state.now())
        .await
        .map_err(ApiError::internal)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(EventsReceipt { received, stored }),
    ))
}
