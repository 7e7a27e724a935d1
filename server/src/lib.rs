//! Campaign Kit's reference backend: serves the built pages of one campaign and
//! stores what they send in SQLite. Any backend that accepts the documented
//! envelope can replace it; this one is the demo's and the tests'.

mod api;
mod csv;
mod error;
mod games;
pub mod limits;
mod referrals;
mod site;
pub mod store;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::routing::{any, get, post};
use campaign_core::Campaign;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::limits::{Rate, RateLimiter};

pub use crate::csv::iso8601_utc;
pub use crate::error::ApiError;
use crate::store::Store;

/// Largest request body accepted: an envelope with its largest payload, and room.
pub const MAX_BODY_BYTES: usize = campaign_core::envelope::MAX_PAYLOAD_BYTES + 8 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub campaign: Arc<Campaign>,
    pub store: Store,
    /// Staff token for listing and exporting results.
    pub admin_token: Arc<str>,
    shells: Arc<site::Shells>,
    per_ip: Arc<RateLimiter>,
    per_visitor: Arc<RateLimiter>,
    /// Milliseconds since the Unix epoch; replaceable so tests can move days on.
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

/// Default limits: generous for people (a phone makes a handful of requests a
/// minute), tight enough that one script cannot fill the database.
pub const DEFAULT_RATE_PER_IP: Rate = Rate { per_minute: 300 };
pub const DEFAULT_RATE_PER_VISITOR: Rate = Rate { per_minute: 60 };

impl AppState {
    pub fn new(campaign: Campaign, store: Store, admin_token: &str, dist: &Path) -> AppState {
        let shells = site::Shells::build(dist, &campaign);
        AppState {
            campaign: Arc::new(campaign),
            store,
            admin_token: admin_token.into(),
            shells: Arc::new(shells),
            per_ip: Arc::new(RateLimiter::new(DEFAULT_RATE_PER_IP)),
            per_visitor: Arc::new(RateLimiter::new(DEFAULT_RATE_PER_VISITOR)),
            clock: Arc::new(now_ms),
        }
    }

    /// Replaces the system clock, for tests that cross days (draw limits count
    /// China Standard Time days).
    pub fn with_clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> AppState {
        self.clock = Arc::new(clock);
        self
    }

    /// The current time by this state's clock, in Unix milliseconds.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    /// Replaces the default rate limits.
    pub fn with_rate_limits(mut self, per_ip: Rate, per_visitor: Rate) -> AppState {
        self.per_ip = Arc::new(RateLimiter::new(per_ip));
        self.per_visitor = Arc::new(RateLimiter::new(per_visitor));
        self
    }

    /// Refuses the request with 429 when `ip` or `visitor` is over its limit.
    fn check_rate(
        &self,
        ip: Option<std::net::IpAddr>,
        visitor: Option<&str>,
    ) -> Result<(), ApiError> {
        let waits = [
            ip.map(|ip| self.per_ip.check(&ip.to_string())),
            visitor.map(|visitor| self.per_visitor.check(visitor)),
        ];
        match waits.into_iter().flatten().find_map(Result::err) {
            Some(seconds) => Err(ApiError::too_many_requests(seconds)),
            None => Ok(()),
        }
    }

    /// Results contain what visitors typed (phone numbers among them): only staff
    /// with the token may read them.
    fn require_admin(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        match presented {
            Some(token) if constant_time_eq(token.as_bytes(), self.admin_token.as_bytes()) => {
                Ok(())
            }
            _ => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "send the server's admin token as `Authorization: Bearer <token>`",
            )),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn router(state: AppState, dist: &Path) -> Router {
    let api = Router::new()
        .route(
            "/submissions",
            post(api::create_submission).get(api::list_submissions),
        )
        .route("/events", post(api::create_events))
        .route("/pages/{page_id}/fill", get(api::group_fill))
        .route("/export.csv", get(api::export_csv))
        .route("/draw", post(games::create_draw))
        .route("/draw/{page_id}/chances", get(games::chances))
        .route("/draw/{page_id}/share", post(games::share))
        .route("/draws", get(games::list_draws))
        .route("/claims/{code}", get(games::get_claim))
        .route("/claims/{code}/redeem", post(games::redeem_claim))
        .route("/invite-codes", post(referrals::issue_invite_code))
        .route("/referrals", get(referrals::list_referrals))
        .route("/referrals/visits", post(referrals::record_visit))
        .route("/referrals/{page_id}", get(referrals::standing))
        .route(
            "/posters",
            post(referrals::upload_poster)
                .layer(DefaultBodyLimit::max(referrals::MAX_POSTER_BYTES)),
        )
        .route("/posters/{file}", get(referrals::poster))
        .fallback(any(api::not_found))
        .layer(axum::middleware::map_response(api::json_errors))
        .layer(cors(&state.campaign.backend.allowed_origins));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(api::health))
        .route("/campaign.json", get(site::campaign_json))
        .route("/", get(site::shell))
        .route("/index.html", get(site::shell))
        .route("/p/{id}", get(site::shell))
        .route("/p/{id}/", get(site::shell))
        // The designer's preview of every page (see docs/marketer-guide.md).
        .route_service(
            "/preview",
            tower_http::services::ServeFile::new(dist.join("preview.html")),
        )
        .with_state(state)
        .fallback_service(site::files(dist))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
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
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

/// WeCom group QR codes last 7 days; the CLI warns this long before one expires.
pub const EXPIRY_WARNING_MS: i64 = 48 * 3_600_000;

/// What a valid config may still get wrong in practice: QR codes about to expire.
pub fn warnings(campaign: &Campaign, now_ms: i64) -> Vec<String> {
    let mut warnings = Vec::new();
    for (page_index, page) in campaign.pages.iter().enumerate() {
        let campaign_core::Page::GroupPicker(picker) = page else {
            continue;
        };
        for (group, at) in campaign_core::groups::expiring(picker, now_ms, EXPIRY_WARNING_MS) {
            let index = picker
                .groups
                .iter()
                .position(|g| g.id == group.id)
                .unwrap_or(0);
            let when = match at - now_ms {
                left if left <= 0 => {
                    "has expired; members are sent to the next group of its area".to_owned()
                }
                left => format!(
                    "expires in {} hours; upload a fresh code from WeCom",
                    (left + 3_599_999) / 3_600_000
                ),
            };
            warnings.push(format!(
                "pages[{page_index}].groups[{index}].expires_at: the QR code of `{}` ({}) {when}",
                group.id, group.name
            ));
        }
    }
    warnings
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A random token for staff endpoints, when none is configured.
pub fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|err| anyhow::anyhow!("no random numbers from the OS: {err}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
