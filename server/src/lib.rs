//! Campaign Kit's reference backend: serves the built pages of one campaign and
//! stores what they send in SQLite. Any backend that accepts the documented
//! envelope can replace it; this one is the demo's and the tests'.
//!
//! Layers, each using only those below it:
//! - [`routes`]: one module per resource of `/api/v1`, plus the site (shells,
//!   files). Handlers read their input through [`extract`] and answer with the
//!   wire types of [`campaign_core::wire`].
//! - [`store`]: SQLite, one module per table family, with numbered migrations.
//! - [`campaign_core`]: the rules.

mod csv;
mod error;
mod extract;
pub mod limits;
pub mod net;
mod routes;
pub mod store;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use campaign_core::{Campaign, Locale};

use crate::limits::{Rate, RateLimiter};
use crate::net::TrustedProxies;

pub use crate::csv::iso8601_utc;
pub use crate::error::ApiError;
pub use crate::routes::site::SiteOptions;
use crate::store::Store;

/// Largest request body accepted: an envelope with its largest payload, and room.
pub const MAX_BODY_BYTES: usize = campaign_core::envelope::MAX_PAYLOAD_BYTES + 8 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub campaign: Arc<Campaign>,
    pub store: Store,
    /// Staff token for listing and exporting results.
    pub admin_token: Arc<str>,
    shells: Arc<routes::site::Shells>,
    per_ip: Arc<RateLimiter>,
    per_visitor: Arc<RateLimiter>,
    /// Wrong admin tokens per address.
    admin_failures: Arc<RateLimiter>,
    /// Whose `X-Forwarded-For` is believed.
    trusted_proxies: Arc<TrustedProxies>,
    /// Milliseconds since the Unix epoch; replaceable so tests can move days on.
    /// Every handler takes the time from here, never from the system.
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

/// Default limits: generous for people (a phone makes a handful of requests a
/// minute), tight enough that one script cannot fill the database.
pub const DEFAULT_RATE_PER_IP: Rate = Rate { per_minute: 300 };
pub const DEFAULT_RATE_PER_VISITOR: Rate = Rate { per_minute: 60 };
/// Wrong admin tokens an address may send per minute before every attempt from
/// it is refused for a while: enough for a typo, far too few to guess.
pub const ADMIN_FAILURES: Rate = Rate { per_minute: 10 };

impl AppState {
    pub fn new(campaign: Campaign, store: Store, admin_token: &str, dist: &Path) -> AppState {
        AppState::with_site(campaign, store, admin_token, dist, &SiteOptions::default())
    }

    /// [`AppState::new`], with what the pages need to know of the server.
    pub fn with_site(
        campaign: Campaign,
        store: Store,
        admin_token: &str,
        dist: &Path,
        options: &SiteOptions,
    ) -> AppState {
        let shells = routes::site::Shells::build(dist, &campaign, options);
        AppState {
            campaign: Arc::new(campaign),
            store,
            admin_token: admin_token.into(),
            shells: Arc::new(shells),
            per_ip: Arc::new(RateLimiter::new(DEFAULT_RATE_PER_IP)),
            per_visitor: Arc::new(RateLimiter::new(DEFAULT_RATE_PER_VISITOR)),
            admin_failures: Arc::new(RateLimiter::new(ADMIN_FAILURES)),
            trusted_proxies: Arc::new(TrustedProxies::default()),
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

    /// Believes the forwarding headers of these proxies (see
    /// [`TrustedProxies::client`]).
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> AppState {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    /// Replaces the default rate limits.
    pub fn with_rate_limits(mut self, per_ip: Rate, per_visitor: Rate) -> AppState {
        self.per_ip = Arc::new(RateLimiter::new(per_ip));
        self.per_visitor = Arc::new(RateLimiter::new(per_visitor));
        self
    }
}

/// The whole site: `/api/v1`, the page shells, the preview and the built files.
pub fn router(state: AppState, dist: &Path) -> Router {
    routes::router(state, dist)
}

/// The system clock, in Unix milliseconds: [`AppState`]'s default clock.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A random token for staff endpoints, when none is configured.
pub fn random_token() -> anyhow::Result<String> {
    random_hex::<16>()
}

/// `N` random bytes from the operating system, as lowercase hex.
pub(crate) fn random_hex<const N: usize>() -> anyhow::Result<String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|err| anyhow::anyhow!("no random numbers from the OS: {err}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// WeCom group QR codes last 7 days; the CLI warns this long before one expires.
pub const EXPIRY_WARNING_MS: i64 = 48 * 3_600_000;

/// What a valid config may still get wrong in practice: QR codes about to
/// expire. In `locale`, for the marketer.
pub fn warnings(campaign: &Campaign, now_ms: i64, locale: Locale) -> Vec<String> {
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
            let (id, name) = (&group.id, &group.name);
            let path = format!("pages[{page_index}].groups[{index}].expires_at");
            let left = at - now_ms;
            let hours = (left + 3_599_999) / 3_600_000;
            warnings.push(match locale {
                Locale::ZhCn if left <= 0 => format!(
                    "{path}：`{id}`（{name}）的二维码已过期，成员会被分到同地区的下一个群"
                ),
                Locale::ZhCn => format!(
                    "{path}：`{id}`（{name}）的二维码将在 {hours} 小时后过期，请从企业微信上传新的二维码"
                ),
                Locale::En if left <= 0 => format!(
                    "{path}: the QR code of `{id}` ({name}) has expired; members are sent to the next group of its area"
                ),
                Locale::En => format!(
                    "{path}: the QR code of `{id}` ({name}) expires in {hours} hours; upload a fresh code from WeCom"
                ),
            });
        }
    }
    warnings
}
