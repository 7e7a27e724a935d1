//! What every handler repeats, as axum extractors: the JSON body, the client and
//! its rate limit, a visitor named in the query, the verified person, and the
//! admin token.

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use campaign_core::config::Identity;
use campaign_core::envelope::{EnvelopeError, IDEMPOTENCY_KEY_HEADER};
use campaign_core::identity::{CeilingReached, PersonRefusal};
use campaign_core::primitives::ids::is_visitor_id;
use campaign_core::wire::{
    DrawRequest, ErrorCode, HideWallLine, InviteCodeRequest, ShareRequest, VisitReport,
};
use campaign_core::{Envelope, EventBatch};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::ApiError;
use crate::identity::{SESSION_COOKIE, Verified, cookie, verify_session, verify_token};
use crate::net::address_key;
use crate::session::{CONSOLE_COOKIE, Credential, same_origin};

/// A request body type, with the shape to name when a body is not one.
pub trait RequestBody: DeserializeOwned {
    const SHAPE: &'static str;
}

impl RequestBody for Envelope {
    const SHAPE: &'static str = "an envelope";
}
impl RequestBody for EventBatch {
    const SHAPE: &'static str = "an event batch";
}
impl RequestBody for DrawRequest {
    const SHAPE: &'static str = "`{\"id\", \"campaign_id\", \"page_id\", \"visitor_id\"}`";
}
impl RequestBody for ShareRequest {
    const SHAPE: &'static str = "`{\"visitor_id\": ...}`";
}
impl RequestBody for InviteCodeRequest {
    const SHAPE: &'static str = "`{\"campaign_id\", \"page_id\", \"visitor_id\"}`";
}
impl RequestBody for VisitReport {
    const SHAPE: &'static str = "`{\"campaign_id\", \"code\", \"visitor_id\", \"page_id\"}`";
}
impl RequestBody for campaign_core::wire::SignIn {
    const SHAPE: &'static str = "`{\"token\": \"<admin or staff token>\"}`";
}
impl RequestBody for campaign_core::wire::ReviewDecision {
    const SHAPE: &'static str =
        "`{\"page_id\", \"visitor_id\", \"approve\": true | false, \"reason\"}`";
}
impl RequestBody for HideWallLine {
    const SHAPE: &'static str = "`{\"id\": \"<the line's check-in id>\"}`";
}

/// A JSON body whatever its `Content-Type`: `text/plain` spares pages a CORS
/// preflight, and `sendBeacon` can send nothing else.
pub struct JsonBody<T>(pub T);

impl<T: RequestBody, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let body = readable_body(request, state).await?;
        serde_json::from_slice(&body).map(JsonBody).map_err(|err| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidJson,
                format!("the body must be {}: {err}", T::SHAPE),
            )
        })
    }
}

/// The raw body, with the size limit's refusal as the API's error body.
pub async fn readable_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::TooLarge,
                    format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES),
                )
            } else {
                ApiError::new(
                    rejection.status(),
                    ErrorCode::UnreadableBody,
                    rejection.body_text(),
                )
            }
        })
}

/// The client's address: the socket's peer, or behind trusted proxies the
/// address they forwarded (see [`crate::net::TrustedProxies`]). `None` when the
/// router is called without a socket (tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(ClientIp(peer.map(|peer| {
            state.trusted_proxies.client(peer, &parts.headers)
        })))
    }
}

/// A public caller, admitted by its address's rate limit (`429` with
/// `Retry-After` past it).
#[derive(Debug, Clone, Copy)]
pub struct Client {
    pub ip: Option<IpAddr>,
}

impl Client {
    /// The key this client's address is limited and judged by (IPv6 by /64).
    pub fn address_key(&self) -> Option<String> {
        self.ip.map(address_key)
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, state).await;
        let client = Client { ip };
        if let Some(key) = client.address_key() {
            state.per_ip.check(&key).map_err(rate_limited)?;
        }
        Ok(client)
    }
}

pub(crate) fn rate_limited(seconds: u64) -> ApiError {
    ApiError::too_many_requests(
        seconds,
        format!("too many requests; try again in {seconds} s"),
    )
}

impl AppState {
    /// Checks a visitor id a request names and takes one of its rate limit's
    /// tokens: every endpoint that acts for a visitor calls this first.
    pub async fn admit_visitor(&self, visitor_id: &str) -> Result<(), ApiError> {
        if !is_visitor_id(visitor_id) {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidVisitor,
                EnvelopeError::BadVisitor.to_string(),
            ));
        }
        self.limit_visitor(visitor_id).await
    }

    /// Takes one of a visitor's rate limit tokens, for a request whose own
    /// checks judge the visitor id (an envelope's). Where several servers
    /// share the store (PostgreSQL), the count is the database's, so the
    /// limit holds for the campaign, not per server.
    pub async fn limit_visitor(&self, visitor_id: &str) -> Result<(), ApiError> {
        if !self.shares_limits() {
            return self.per_visitor.check(visitor_id).map_err(rate_limited);
        }
        self.store
            .take_from_window(
                format!("visitor:{visitor_id}"),
                self.per_visitor.rate().per_minute,
                self.now(),
            )
            .await
            .map_err(ApiError::internal)?
            .map_err(rate_limited)
    }

    /// Whether the limits that matter across servers (each person's, the
    /// campaign's ceilings) are counted in the database: when it is one that
    /// several servers share.
    fn shares_limits(&self) -> bool {
        self.store.is_shared()
    }
}

/// `?visitor=<visitor id>`, checked and rate-limited like a body's.
pub struct QueryVisitor(pub String);

impl FromRequestParts<AppState> for QueryVisitor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct VisitorQuery {
            visitor: Option<String>,
        }
        let visitor = Query::<VisitorQuery>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Query(query)| query.visitor)
            .unwrap_or_default();
        if visitor.is_empty() {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidVisitor,
                format!("add `?visitor=<visitor id>`: {}", EnvelopeError::BadVisitor),
            ));
        }
        state.admit_visitor(&visitor).await?;
        Ok(QueryVisitor(visitor))
    }
}

/// `?page=<id>&after=<cursor>&limit=<n>` of the staff lists: one page's rows
/// or all, a page at a time.
#[derive(Deserialize)]
pub struct PageFilter {
    pub page: Option<String>,
    after: Option<String>,
    limit: Option<usize>,
    /// `GET /api/v1/referrals`: only visits of this status (`review`, ...).
    pub status: Option<String>,
    /// `GET /api/v1/draws`: `won=1` lists the winners only.
    pub won: Option<String>,
    /// `GET /api/v1/export.csv`: Beijing days `YYYY-MM-DD`, both included.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// `400` for a query parameter that cannot be read.
pub(crate) fn bad_query(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::Refused, message)
}

/// Rows a list answers with when the query names no `limit`, and at most.
pub const DEFAULT_LIST_LIMIT: usize = 500;
pub const MAX_LIST_LIMIT: usize = 1000;

impl PageFilter {
    /// The cursor a previous page answered with.
    pub fn cursor(&self) -> Result<Option<i64>, ApiError> {
        cursor_of(self.after.as_deref())
    }

    /// `won=1` (or `true`): only rows with a claim code.
    pub fn won_only(&self) -> Result<bool, ApiError> {
        match self.won.as_deref() {
            None | Some("0" | "false") => Ok(false),
            Some("1" | "true") => Ok(true),
            Some(other) => Err(bad_query(format!("`won={other}`: use `won=1`"))),
        }
    }

    /// `from` and `to` as Unix milliseconds: the first millisecond of the
    /// Beijing day `from`, and the first after the Beijing day `to`.
    pub fn received_between(&self) -> Result<(Option<i64>, Option<i64>), ApiError> {
        let day = |name: &str, value: &Option<String>| {
            value
                .as_deref()
                .map(|text| {
                    campaign_core::clock::Date::parse(text)
                        .map(|date| date.days())
                        .ok_or_else(|| {
                            bad_query(format!(
                                "`{name}={text}` is not a date; write it as YYYY-MM-DD"
                            ))
                        })
                })
                .transpose()
        };
        let from = day("from", &self.from)?;
        let to = day("to", &self.to)?;
        Ok((
            from.map(crate::store::console::beijing_day_start),
            to.map(|to| crate::store::console::beijing_day_start(to + 1)),
        ))
    }

    pub fn limit(&self) -> usize {
        limit_of(self.limit)
    }
}

/// A list's `after=<cursor>`: the `next` a previous page answered with.
pub(crate) fn cursor_of(after: Option<&str>) -> Result<Option<i64>, ApiError> {
    after
        .map(|after| {
            after.parse().map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidCursor,
                    format!(
                        "`after={after}` is not a cursor; pass the `next` of the previous page"
                    ),
                )
            })
        })
        .transpose()
}

/// A list's `limit=<n>`: the default when absent, and never past the most.
pub(crate) fn limit_of(limit: Option<usize>) -> usize {
    limit.unwrap_or(DEFAULT_LIST_LIMIT).clamp(1, MAX_LIST_LIMIT)
}

/// Staff with the server's admin token: results contain what visitors typed
/// (phone numbers among them). A staff token is refused here with `403`.
pub struct Admin;

/// Staff at a branch: the admin token, or a staff token, which may look up
/// and redeem claim codes only. `name` is what a redemption records.
pub struct Staff {
    pub name: String,
}

/// The credential the request presents: `Authorization: Bearer <token>`, or
/// the console's session cookie. Guessing tokens is refused after a few wrong
/// tries per address, right guesses included, so a script learns nothing from
/// trying. A request with the cookie that changes something must come from
/// this site (`Origin` equal to its `Host`): a cookie is sent with requests
/// other sites make too.
async fn credential(parts: &mut Parts, state: &AppState) -> Result<Credential, ApiError> {
    let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, state).await;
    let key = ip.map_or_else(|| "unknown".to_owned(), address_key);
    state.admin_failures.peek(&key).map_err(rate_limited)?;
    let presented = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if let Some(token) = presented {
        if let Some(credential) = state.credential_of(token) {
            return Ok(credential);
        }
    } else if let Some(value) = cookie(&parts.headers, CONSOLE_COOKIE) {
        let Some((credential, _)) = state.verify_session_value(value, state.now()) else {
            return Err(session_ended());
        };
        let changes = !matches!(parts.method, Method::GET | Method::HEAD);
        if changes && site_of(parts, state) != Some(true) {
            return Err(cross_site());
        }
        return Ok(credential);
    }
    state.admin_failures.check(&key).ok();
    Err(ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthorized,
        "send the server's admin token (or, to redeem claim codes, a staff token) as `Authorization: Bearer <token>`",
    ))
}

/// Whether the request's `Origin` is this site: `Some(true)` when it names
/// the `Host` (or the host a trusted proxy forwarded), `None` when the request
/// carries no `Origin` (a script, not a browser).
pub(crate) struct SameSite(pub Option<bool>);

fn site_of(parts: &Parts, state: &AppState) -> Option<bool> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let forwarded_host =
        peer.and_then(|peer| state.trusted_proxies.forwarded_host(peer, &parts.headers));
    same_origin(&parts.headers, forwarded_host)
}

impl FromRequestParts<AppState> for SameSite {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(SameSite(site_of(parts, state)))
    }
}

/// `401` for a console session cookie that is not (or no longer) valid.
pub(crate) fn session_ended() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthorized,
        "the console session has ended or is not valid; sign in again",
    )
}

/// `403` for a request with the session cookie from another site.
pub(crate) fn cross_site() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
        "cross-site request: the console's changes must come from this site",
    )
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match credential(parts, state).await? {
            Credential::Admin => Ok(Admin),
            Credential::Staff(name) => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                format!(
                    "`{name}` is a staff token: it looks up and redeems claim codes only; results need the admin token"
                ),
            )),
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Staff {
            name: credential(parts, state).await?.name().to_owned(),
        })
    }
}

/// Refuses a request whose `Idempotency-Key` header names another id than its
/// body: a client bug that would otherwise store one result under two keys.
pub fn check_idempotency_key(headers: &HeaderMap, id: &str, what: &str) -> Result<(), ApiError> {
    match headers.get(IDEMPOTENCY_KEY_HEADER) {
        Some(key) if key.to_str().ok() != Some(id) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::IdempotencyKeyMismatch,
            format!("the {IDEMPOTENCY_KEY_HEADER} header must equal the {what}'s `id`"),
        )),
        _ => Ok(()),
    }
}

/// The verified person a request comes from, in a campaign with `identity`:
/// the host's token (`Authorization: Bearer <token>`) in `signed` campaigns,
/// this server's WeChat session cookie in `wechat` ones. `None` in `device`
/// campaigns, and when the request carries no credential; a credential that
/// fails its check is refused at once (`401` with `token_expired` or
/// `token_invalid`), never read as nobody.
#[derive(Debug, Clone)]
pub struct Person(pub Option<Verified>);

impl FromRequestParts<AppState> for Person {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let campaign = &state.campaign;
        let Some(keys) = state.identity_keys.as_deref() else {
            return Ok(Person(None));
        };
        let now = state.now();
        let checked = match campaign.identity {
            Identity::Device => return Ok(Person(None)),
            Identity::Signed => {
                let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
                    return Ok(Person(None));
                };
                let token = value
                    .to_str()
                    .ok()
                    .and_then(|value| value.strip_prefix("Bearer "))
                    .map(str::trim)
                    .unwrap_or_default();
                verify_token(keys, token, &campaign.id, now)
            }
            Identity::Wechat => match cookie(&parts.headers, SESSION_COOKIE) {
                None => return Ok(Person(None)),
                Some(value) => verify_session(keys, value, &campaign.id, now),
            },
        };
        checked
            .map(|verified| Person(Some(verified)))
            .map_err(|refusal| state.person_refused(refusal))
    }
}

impl AppState {
    /// `401` with the refusal's code and its sentence in the campaign's language.
    pub(crate) fn person_refused(&self, refusal: PersonRefusal) -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            refusal.into(),
            refusal.text(self.campaign.locale, self.campaign.identity),
        )
    }

    /// Whether what `person` holds may be looked up by the id they are
    /// counted as. Where the campaign verifies people, a bare device id (which
    /// could be someone's person key, copied) is never looked up.
    pub fn may_look_up(&self, person: &Person) -> bool {
        person.0.is_some() || !self.campaign.identity.verifies_people()
    }

    /// Who a request that names `visitor_id` is counted as, rate-limited as
    /// that: the verified person's key when there is one; else, where the
    /// campaign verifies people and `valued` (the result is worth something),
    /// `401 login_required`; else the visitor id, checked as pages make them.
    pub async fn admit_person(
        &self,
        person: &Person,
        visitor_id: &str,
        valued: bool,
    ) -> Result<String, ApiError> {
        let counted = match &person.0 {
            Some(verified) => verified.key.clone(),
            None if valued && self.campaign.identity.verifies_people() => {
                return Err(self.person_refused(PersonRefusal::LoginRequired));
            }
            None => visitor_id.to_owned(),
        };
        if !is_visitor_id(visitor_id) {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidVisitor,
                EnvelopeError::BadVisitor.to_string(),
            ));
        }
        self.limit_visitor(&counted).await?;
        Ok(counted)
    }
}

/// The campaign's per-minute ceilings (`ceilings` in the config).
#[derive(Debug, Clone, Copy)]
pub enum Ceiling {
    Draws,
    RewardCodes,
    Seats,
}

impl AppState {
    /// Takes one from a ceiling of the whole campaign; past it, `429` with a
    /// sentence for the visitor and a warning in the log for the operator.
    pub(crate) async fn pass_ceiling(&self, ceiling: Ceiling) -> Result<(), ApiError> {
        let (limiter, name) = match ceiling {
            Ceiling::Draws => (&self.ceilings.draws, "draws_per_minute"),
            Ceiling::RewardCodes => (&self.ceilings.reward_codes, "reward_codes_per_minute"),
            Ceiling::Seats => (&self.ceilings.seats, "seats_per_minute"),
        };
        let passed = if self.shares_limits() {
            self.store
                .take_from_window(
                    format!("ceiling:{name}"),
                    limiter.rate().per_minute,
                    self.now(),
                )
                .await
                .map_err(ApiError::internal)?
        } else {
            limiter.check("campaign")
        };
        passed.map_err(|seconds| {
            if self.ceilings.should_warn(self.now()) {
                tracing::warn!(
                    "ceiling `{name}` reached: refusing with 429 (a script, or more people than \
                     expected: raise `ceilings.{name}` in the campaign if they are real)"
                );
            }
            ApiError::too_many_requests(
                seconds,
                CeilingReached::PerMinute.text(self.campaign.locale),
            )
        })
    }
}
