//! Every rejection is the wire's [`ErrorBody`], `{"error": {"code", "message"}}`,
//! with a fitting status, so any client (ours, or a marketer's script) can show
//! the message and act on the code.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use campaign_core::Locale;
use campaign_core::wire::{ErrorBody, ErrorCode, Refusal};

/// Seconds a client is asked to wait while the database is unreachable.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// A refusal a person reads, with its code, in the campaign's language.
    pub fn refusal(status: StatusCode, refusal: &Refusal, locale: Locale) -> Self {
        ApiError::new(status, refusal.code(), refusal.message(locale))
    }

    /// `422`: the request was read, and what it asks breaks a rule.
    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// `409`: the request conflicts with what is stored.
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    /// `409 id_conflict`: the envelope's id is stored with other content.
    pub fn submission_id_taken() -> Self {
        ApiError::conflict(
            ErrorCode::IdConflict,
            "another submission already uses this id; generate a new id for a new result",
        )
    }

    /// `404`.
    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn too_many_requests(seconds: u64, message: impl Into<String>) -> Self {
        ApiError {
            retry_after: Some(seconds),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                message,
            )
        }
    }

    /// `500`, or `503` with `Retry-After` when the cause is the database
    /// being unreachable ([`crate::store::Unavailable`]): the request is fine
    /// and will succeed once the database is back, so clients retry it.
    pub fn internal(err: impl std::fmt::Display + 'static) -> Self {
        let cause = &err as &dyn std::any::Any;
        let unavailable = cause.downcast_ref::<anyhow::Error>().is_some_and(|err| {
            err.chain()
                .any(|cause| cause.is::<crate::store::Unavailable>())
        });
        if unavailable {
            tracing::warn!("database unavailable: {err}");
            return ApiError {
                retry_after: Some(UNAVAILABLE_RETRY_AFTER_SECS),
                ..ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "the server cannot reach its database for a moment; retry shortly",
                )
            };
        }
        tracing::error!("internal error: {err}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "the server could not complete the request; it is safe to retry",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody::new(self.code, self.message);
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
