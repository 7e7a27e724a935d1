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
mod hex;
pub mod identity;
pub mod limits;
pub mod links;
pub mod net;
mod routes;
mod secret;
mod session;
pub mod store;
pub mod wechat;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use campaign_core::{Campaign, Locale};

use crate::identity::IdentityKeys;
use crate::limits::{CampaignCeilings, Rate, RateLimiter};
use crate::net::TrustedProxies;
use crate::wechat::{Wechat, WechatConfig};

pub use crate::csv::iso8601_utc;
pub use crate::error::ApiError;
pub use crate::routes::site::SiteOptions;
pub use crate::session::{CONSOLE_COOKIE, CONSOLE_SESSION_SECONDS};
use crate::store::Store;

/// Largest request body accepted: an envelope with its largest payload, and room.
pub const MAX_BODY_BYTES: usize = campaign_core::envelope::MAX_PAYLOAD_BYTES + 8 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub campaign: Arc<Campaign>,
    pub store: Store,
    /// Staff token for listing and exporting results.
    pub admin_token: Arc<str>,
    /// Named staff tokens that look up and redeem claim codes, and nothing
    /// else (`--staff-token`, `--staff-tokens`).
    staff_tokens: Arc<[StaffToken]>,
    shells: Arc<routes::site::Shells>,
    per_ip: Arc<RateLimiter>,
    per_visitor: Arc<RateLimiter>,
    /// Wrong admin tokens per address.
    admin_failures: Arc<RateLimiter>,
    /// Whose `X-Forwarded-For` is believed.
    trusted_proxies: Arc<TrustedProxies>,
    /// Keys of the identity secret: visitor tokens and WeChat sessions.
    identity_keys: Option<Arc<IdentityKeys>>,
    /// The server's WeChat account, for sign-in and share cards.
    wechat: Option<Arc<WechatSite>>,
    /// Per-minute circuit breakers of the campaign (`ceilings`).
    ceilings: Arc<CampaignCeilings>,
    /// Milliseconds since the Unix epoch; replaceable so tests can move days on.
    /// Every handler takes the time from here, never from the system.
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

/// A staff credential: it looks up and redeems claim codes, and each
/// redemption records `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffToken {
    pub name: String,
    pub token: String,
}

impl StaffToken {
    /// `--staff-tokens FILE`: one `name token` a line; blank lines and lines
    /// starting with `#` are skipped. Problems name their line.
    pub fn parse_file(text: &str) -> Result<Vec<StaffToken>, String> {
        text.lines()
            .enumerate()
            .filter(|(_, line)| {
                let line = line.trim();
                !line.is_empty() && !line.starts_with('#')
            })
            .map(|(index, line)| {
                let mut parts = line.split_whitespace();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(name), Some(token), None) => Ok(StaffToken {
                        name: name.to_owned(),
                        token: token.to_owned(),
                    }),
                    _ => Err(format!(
                        "line {}: write `name token`, like `futian-branch 3f9c...`",
                        index + 1
                    )),
                }
            })
            .collect()
    }
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
        let ceilings = CampaignCeilings::new(&campaign.ceilings);
        AppState {
            campaign: Arc::new(campaign),
            store,
            admin_token: admin_token.into(),
            staff_tokens: Arc::new([]),
            shells: Arc::new(shells),
            per_ip: Arc::new(RateLimiter::new(DEFAULT_RATE_PER_IP)),
            per_visitor: Arc::new(RateLimiter::new(DEFAULT_RATE_PER_VISITOR)),
            admin_failures: Arc::new(RateLimiter::new(ADMIN_FAILURES)),
            trusted_proxies: Arc::new(TrustedProxies::default()),
            identity_keys: None,
            wechat: None,
            ceilings: Arc::new(ceilings),
            clock: Arc::new(now_ms),
        }
    }

    /// Verifies visitor tokens and WeChat sessions with keys derived from
    /// `secret` (`--identity-secret`); `Err` when it is too short.
    pub fn with_identity_secret(mut self, secret: &[u8]) -> Result<AppState, String> {
        self.identity_keys = Some(Arc::new(IdentityKeys::new(secret)?));
        Ok(self)
    }

    /// Signs people in with this WeChat account and signs share cards for
    /// pages of `site` (`https://host[:port]`, the address people open).
    pub fn with_wechat(mut self, config: WechatConfig, site: &str) -> AppState {
        self.wechat = Some(Arc::new(WechatSite {
            client: if self.store.is_shared() {
                Wechat::new(config).sharing_through(self.store.clone())
            } else {
                Wechat::new(config)
            },
            site: site.trim_end_matches('/').to_owned(),
        }));
        self
    }

    /// Replaces the system clock, for tests that cross days (draw limits count
    /// China Standard Time days).
    pub fn with_clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> AppState {
        self.clock = Arc::new(clock);
        self
    }

    /// Renders the home's and every page's first screen now, into the cache
    /// the page shells are served from (see `routes::site`): the server's
    /// start-up pays for them, not the first visitors.
    pub fn render_first_screens(&self) {
        let now = self.now();
        self.shells.first_screen(&self.campaign, None, now);
        for page in &self.campaign.pages {
            self.shells.first_screen(&self.campaign, Some(page), now);
        }
    }

    /// The current time by this state's clock, in Unix milliseconds.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    /// Believes the forwarding headers of these proxies (see
    /// [`TrustedProxies::client`]).
    /// The staff tokens, each with the name redemptions record. A token
    /// must be at least 16 characters and unlike every other one, the admin
    /// token's included; a name is what staff read ("由 福田支行 核销"): up to
    /// 40 characters, no spaces or control characters.
    pub fn with_staff_tokens(mut self, tokens: Vec<StaffToken>) -> Result<AppState, String> {
        for (index, staff) in tokens.iter().enumerate() {
            let name_chars = staff.name.chars().count();
            if name_chars == 0
                || name_chars > 40
                || staff
                    .name
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(format!(
                    "staff name `{}`: use 1 to 40 characters without spaces, like `futian-branch`",
                    staff.name
                ));
            }
            if staff.token.chars().count() < 16 {
                return Err(format!(
                    "the token of `{}` is shorter than 16 characters: use e.g. `openssl rand -hex 16`",
                    staff.name
                ));
            }
            if staff.token == *self.admin_token {
                return Err(format!("the token of `{}` is the admin token", staff.name));
            }
            if tokens[..index]
                .iter()
                .any(|other| other.token == staff.token)
            {
                return Err(format!(
                    "the token of `{}` is another staff member's",
                    staff.name
                ));
            }
            if tokens[..index].iter().any(|other| other.name == staff.name) {
                return Err(format!("staff name `{}` is used twice", staff.name));
            }
        }
        self.staff_tokens = tokens.into();
        Ok(self)
    }

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

/// A WeChat account and the site its pages are opened at.
pub(crate) struct WechatSite {
    pub(crate) client: Wechat,
    /// `https://host[:port]`: sign-in returns here, and only its pages get
    /// share card signatures.
    pub(crate) site: String,
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
    Ok(crate::hex::encode(&bytes))
}

/// WeCom group QR codes last 7 days; the CLI warns this long before one expires.
pub const EXPIRY_WARNING_MS: i64 = 48 * 3_600_000;

/// What a valid config may still get wrong in practice: QR codes about to
/// expire, and things to win counted per device. In `locale`, for the
/// marketer.
pub fn warnings(campaign: &Campaign, now_ms: i64, locale: Locale) -> Vec<String> {
    let mut warnings = device_identity_warnings(campaign, locale);
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

/// Pages with something to win in a campaign that counts devices: a script
/// that invents visitor ids wins every prize, takes every code, and invents
/// friends.
fn device_identity_warnings(campaign: &Campaign, locale: Locale) -> Vec<String> {
    use campaign_core::Page;
    if campaign.identity.verifies_people() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    for (index, page) in campaign.pages.iter().enumerate() {
        let what = match page {
            Page::Lottery(lottery) if lottery.prizes.iter().any(|prize| !prize.blank) => {
                ("有奖品", "has prizes")
            }
            Page::Survey(survey)
                if survey
                    .reward
                    .as_ref()
                    .is_some_and(|reward| reward.code_pool.is_some()) =>
            {
                ("发放奖励码", "hands out reward codes")
            }
            Page::Referral(referral) if !referral.tiers.is_empty() => {
                ("有邀请奖励", "has referral rewards")
            }
            Page::Offers(_) => ("发放优惠券", "hands out coupons"),
            Page::Course(_) => ("有报名名额", "has seats"),
            Page::Checkin(_) => ("发放结业证书", "hands out certificates"),
            _ => continue,
        };
        let id = page.id();
        warnings.push(match locale {
            Locale::ZhCn => format!(
                "pages[{index}]：`{id}` {}，但活动的 `identity` 是 `device`：脚本编造访客 id 就能全部领走；请设为 `\"identity\": \"signed\"` 或 `\"wechat\"`",
                what.0
            ),
            Locale::En => format!(
                "pages[{index}]: `{id}` {} but the campaign's `identity` is `device`: a script inventing visitor ids can take them all; set `\"identity\": \"signed\"` or `\"wechat\"`",
                what.1
            ),
        });
    }
    warnings
}
