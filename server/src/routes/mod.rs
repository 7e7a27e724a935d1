//! The HTTP surface: one module per resource of `/api/v1`, and the site.

mod answers;
mod checkins;
mod claims;
mod console;
mod courses;
mod draws;
mod events;
mod groups;
pub(crate) mod headers;
mod lookup;
mod offers;
mod posters;
mod referrals;
pub(crate) mod site;
mod submissions;
mod visitors;
mod wechat;

use std::path::Path;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use campaign_core::wire::{ErrorCode, Health, HealthStatus};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::{AppState, MAX_BODY_BYTES};

pub fn router(state: AppState, dist: &Path) -> Router {
    let api = Router::new()
        .route(
            "/submissions",
            post(submissions::create).get(submissions::list),
        )
        .route("/export.csv", get(submissions::export_csv))
        .route("/events", post(events::create))
        .route("/pages/{page_id}/fill", get(groups::fill))
        .route("/draw", post(draws::create))
        .route("/draw/{page_id}/chances", get(draws::chances))
        .route("/draw/{page_id}/share", post(draws::share))
        .route("/draws", get(draws::list))
        .route("/claims/{code}", get(claims::get))
        .route("/claims/{code}/redeem", post(claims::redeem))
        .route("/offers/{page_id}", get(offers::standing))
        .route("/courses/{page_id}", get(courses::standing))
        .route("/checkins/{page_id}", get(checkins::standing))
        .route("/checkins/{page_id}/wall", get(checkins::wall))
        .route("/checkins/{page_id}/wall/hide", post(checkins::hide))
        .route(
            "/checkins/{page_id}/certificate",
            get(checkins::certificate),
        )
        .route("/invite-codes", post(referrals::issue_invite_code))
        .route("/referrals", get(referrals::list))
        .route("/referrals/visits", post(referrals::record_visit))
        .route("/referrals/review", post(console::review))
        .route("/admin/overview", get(console::overview))
        .route("/admin/pages/{page_id}", get(console::page_detail))
        .route("/admin/pages/{page_id}/texts", get(console::texts))
        .route("/referrals/{page_id}", get(referrals::standing))
        .route(
            "/posters",
            post(posters::upload).layer(DefaultBodyLimit::max(posters::MAX_POSTER_BYTES)),
        )
        .route("/posters/{file}", get(posters::get))
        .route(
            "/visitors/{visitor_id}",
            get(visitors::export).delete(visitors::erase),
        )
        .route("/wechat/jssdk", get(wechat::jssdk))
        .fallback(any(not_found))
        .layer(axum::middleware::map_response(json_errors))
        .layer(cors(&state.campaign.backend.allowed_origins));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(health))
        .route(
            "/admin/session",
            post(console::sign_in)
                .get(console::session)
                .delete(console::sign_out),
        )
        .route(wechat::AUTH_PATH, get(wechat::start))
        .route("/auth/wechat/callback", get(wechat::callback))
        .merge(site::router())
        .with_state(state)
        .fallback_service(site::files(dist))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(headers::secure))
        .layer(compression())
        .layer(TraceLayer::new_for_http())
}

/// Brotli or gzip, as the browser accepts, for every dynamic response: a
/// page's shell with its inlined config, a config too long to inline (hundreds
/// of KB for a large group picker) and the API's JSON. The built files already come with brotli and
/// gzip copies, served as they are: the layer passes on any response that has
/// a `Content-Encoding`, and images (compressed already) and tiny bodies.
fn compression() -> CompressionLayer {
    CompressionLayer::new().br(true).gzip(true)
}

/// CORS for the origins the campaign lists, so pages embedded on those sites can
/// post here; the pages' own origin needs no CORS.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            // Visitor tokens of `signed` campaigns.
            header::AUTHORIZATION,
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

/// `GET /healthz`
async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: HealthStatus::Ok,
        campaign: state.campaign.id.clone(),
    })
}

/// Any other `/api/` path.
async fn not_found() -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "no such API endpoint")
}

/// Gives the bodiless errors axum answers by itself (such as `405 Method Not
/// Allowed`) the same JSON body as every other rejection.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this endpoint does not take that method".to_owned(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::UnsupportedMediaType,
            "this endpoint does not take that media type".to_owned(),
        ),
        _ => (
            ErrorCode::Refused,
            status
                .canonical_reason()
                .unwrap_or("request refused")
                .to_lowercase(),
        ),
    };
    let mut json = ApiError::new(status, code, message).into_response();
    if let Some(allow) = response.headers().get(header::ALLOW) {
        json.headers_mut().insert(header::ALLOW, allow.clone());
    }
    json
}
