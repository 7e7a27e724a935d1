//! `/api/v1`: where pages send their results.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use campaign_core::envelope::IDEMPOTENCY_KEY_HEADER;
use campaign_core::envelope::MAX_EVENTS_PER_BATCH;
use campaign_core::{Envelope, EventBatch};
use serde::Deserialize;
use serde_json::json;

use crate::csv::submissions_csv;
use crate::error::ApiError;
use crate::limits::ClientIp;
use crate::store::Stored;
use crate::{AppState, now_ms};

/// `POST /api/v1/submissions`: stores an envelope once per id.
///
/// Answers 201 for a new envelope and 200 for a replay of a stored one, so a
/// client that retries after a lost response sees success either way.
pub async fn create_submission(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let body = readable(body)?;
    let envelope: Envelope = serde_json::from_slice(&body).map_err(|err| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body is not a valid envelope: {err}"),
        )
    })?;
    if let Some(key) = headers.get(IDEMPOTENCY_KEY_HEADER) {
        if key.to_str().ok() != Some(envelope.id.as_str()) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_mismatch",
                format!("the {IDEMPOTENCY_KEY_HEADER} header must equal the envelope's `id`"),
            ));
        }
    }
    state.check_rate(None, Some(&envelope.visitor_id))?;
    envelope.check(&state.campaign).map_err(|err| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_envelope",
            err.to_string(),
        )
    })?;
    let id = envelope.id.clone();
    match state
        .store
        .insert_submission(envelope, now_ms())
        .await
        .map_err(ApiError::internal)?
    {
        Stored::New => Ok((
            StatusCode::CREATED,
            Json(json!({ "id": id, "status": "stored" })),
        )
            .into_response()),
        Stored::Duplicate => Ok((
            StatusCode::OK,
            Json(json!({ "id": id, "status": "duplicate" })),
        )
            .into_response()),
        Stored::Conflict => Err(ApiError::new(
            StatusCode::CONFLICT,
            "id_conflict",
            "another submission already uses this id; generate a new id for a new result",
        )),
    }
}

/// `POST /api/v1/events`: stores a batch of analytics events, once per event id.
/// Accepts `text/plain` bodies, which `sendBeacon` and preflight-free requests use.
pub async fn create_events(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    state.check_rate(ip, None)?;
    let body = readable(body)?;
    let batch: EventBatch = serde_json::from_slice(&body).map_err(|err| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body is not an event batch: {err}"),
        )
    })?;
    if batch.events.len() > MAX_EVENTS_PER_BATCH {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "batch_too_large",
            format!("send at most {MAX_EVENTS_PER_BATCH} events per batch"),
        ));
    }
    for (index, event) in batch.events.iter().enumerate() {
        event.check(&state.campaign).map_err(|err| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_event",
                format!("events[{index}]: {err}"),
            )
        })?;
    }
    let received = batch.events.len();
    let stored = state
        .store
        .insert_events(batch.events, now_ms())
        .await
        .map_err(ApiError::internal)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "received": received, "stored": stored })),
    )
        .into_response())
}

fn readable(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES),
            )
        } else {
            ApiError::new(rejection.status(), "unreadable_body", rejection.body_text())
        }
    })
}

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<String>,
}

/// `GET /api/v1/submissions?page=<id>`: for staff, with the admin token.
pub async fn list_submissions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    if let Some(page) = &query.page {
        if state.campaign.page(page).is_none() {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_page",
                format!("campaign has no page `{page}`"),
            ));
        }
    }
    let submissions = state
        .store
        .submissions(query.page)
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(json!({ "submissions": submissions })).into_response())
}

/// `GET /api/v1/export.csv`: every submission as a spreadsheet, for staff.
pub async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    state.require_admin(&headers)?;
    let submissions = state
        .store
        .submissions(None)
        .await
        .map_err(ApiError::internal)?;
    let filename = format!(
        "attachment; filename=\"{}-submissions.csv\"",
        state.campaign.id
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, filename),
        ],
        submissions_csv(&submissions),
    )
        .into_response())
}

/// `GET /healthz`
pub async fn health(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(json!({ "status": "ok", "campaign": state.campaign.id }))
}

/// Any other `/api/` path.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such API endpoint")
}
