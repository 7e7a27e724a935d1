//! WeChat: the silent sign-in of `wechat` campaigns (`/auth/wechat` and its
//! callback) and the JS-SDK signature for share cards
//! (`/api/v1/wechat/jssdk`).
//!
//! # The sign-in
//!
//! 1. `GET /auth/wechat?return=/p/<id>` sends the person to WeChat's authorize
//!    page with a random `state`, kept in an HttpOnly cookie with the return
//!    path: WeChat hands `state` back, and a callback whose `state` is not the
//!    browser's own (a link someone else started) is refused.
//! 2. `GET /auth/wechat/callback?code=..&state=..` trades the code for the
//!    openid (a code works once), sets the session cookie (signed, HttpOnly,
//!    SameSite=Lax, Secure on https) and sends the person back.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, SET_COOKIE, USER_AGENT,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use campaign_core::config::Identity;
use campaign_core::identity::{OpenInWechat, sign_in_failed};
use campaign_core::shell::escape_html;
use campaign_core::wire::{ErrorCode, JssdkSignature};
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::Client;
use crate::identity::{SESSION_COOKIE, SESSION_SECONDS, cookie, session_value, verify_session};
use crate::secret::constant_time_eq;
use crate::{AppState, WechatSite, random_hex};

/// The cookie that ties a sign-in's `state` to the browser that started it.
const STATE_COOKIE: &str = "ck_wx_state";
/// Where the sign-in routes live (the state cookie goes nowhere else).
pub const AUTH_PATH: &str = "/auth/wechat";
const CALLBACK_PATH: &str = "/auth/wechat/callback";

#[derive(Deserialize)]
pub struct StartQuery {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

/// `GET /auth/wechat?return=<path>`: off to WeChat's silent sign-in.
pub async fn start(State(state): State<AppState>, Query(query): Query<StartQuery>) -> Response {
    let Some(wechat) = state
        .wechat
        .as_deref()
        .filter(|_| state.campaign.identity == Identity::Wechat)
    else {
        return not_configured(&state);
    };
    let return_to = query
        .return_to
        .as_deref()
        .filter(|path| is_local_path(path))
        .unwrap_or("/");
    let Ok(nonce) = random_hex::<16>() else {
        return failed(&state, StatusCode::INTERNAL_SERVER_ERROR);
    };
    let location = wechat
        .client
        .authorize_url(&format!("{}{CALLBACK_PATH}", wechat.site), &nonce);
    let state_cookie = format!(
        "{STATE_COOKIE}={nonce}.{}; Path={AUTH_PATH}; Max-Age=600; HttpOnly; SameSite=Lax{}",
        URL_SAFE_NO_PAD.encode(return_to),
        secure(wechat)
    );
    redirect(&location, &[state_cookie])
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
}

/// `GET /auth/wechat/callback?code=..&state=..`: WeChat sends the person back.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let (Some(wechat), Some(keys)) = (state.wechat.as_deref(), state.identity_keys.as_deref())
    else {
        return not_configured(&state);
    };
    let started = cookie(&headers, STATE_COOKIE).and_then(|value| value.split_once('.'));
    let Some((nonce, return_to)) = started else {
        return failed(&state, StatusCode::BAD_REQUEST);
    };
    let given = query.state.unwrap_or_default();
    if nonce.is_empty() || !constant_time_eq(given.as_bytes(), nonce.as_bytes()) {
        tracing::warn!("wechat sign-in refused: its state is not this browser's");
        return failed(&state, StatusCode::BAD_REQUEST);
    }
    let return_to = URL_SAFE_NO_PAD
        .decode(return_to)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|path| is_local_path(path))
        .unwrap_or_else(|| "/".to_owned());
    let code = query.code.unwrap_or_default();
    if !(1..=256).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return failed(&state, StatusCode::BAD_REQUEST);
    }
    let openid = match wechat.client.openid_for_code(&code).await {
        Ok(openid) => openid,
        Err(err) => {
            tracing::warn!("wechat sign-in failed: {err}");
            return failed(&state, StatusCode::BAD_REQUEST);
        }
    };
    let session = format!(
        "{SESSION_COOKIE}={}; Path=/; Max-Age={SESSION_SECONDS}; HttpOnly; SameSite=Lax{}",
        session_value(keys, &state.campaign.id, &openid, state.now()),
        secure(wechat)
    );
    let spent = format!("{STATE_COOKIE}=; Path={AUTH_PATH}; Max-Age=0; HttpOnly; SameSite=Lax");
    redirect(&return_to, &[session, spent])
}

/// Whether `path` is one on this site: `/...`, never `//host` or `/\host`,
/// which browsers follow to another site.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 1024
        && path.bytes().all(|b| b.is_ascii_graphic())
}

fn secure(wechat: &WechatSite) -> &'static str {
    if wechat.site.starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

fn redirect(location: &str, cookies: &[String]) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(location) {
        headers.insert(LOCATION, location);
    }
    for cookie in cookies {
        if let Ok(cookie) = HeaderValue::from_str(cookie) {
            headers.append(SET_COOKIE, cookie);
        }
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (StatusCode::FOUND, headers).into_response()
}

/// A sign-in nobody should have been sent to: the campaign does not count
/// WeChat people, or the server has no WeChat account.
fn not_configured(state: &AppState) -> Response {
    tracing::warn!(
        "a WeChat sign-in was asked for, but the campaign's identity is `{}` or the server has no --wechat-appid",
        state.campaign.identity.as_str()
    );
    failed(state, StatusCode::NOT_FOUND)
}

fn failed(state: &AppState, status: StatusCode) -> Response {
    let text = sign_in_failed(state.campaign.locale);
    plain_page(
        status,
        state.campaign.locale.tag(),
        text,
        &format!("<p>{}</p>", escape_html(text)),
    )
}

/// A page of the server's own (no app): its text, its image, nothing to run.
pub(crate) fn plain_page(status: StatusCode, lang: &str, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>body{{font-family:system-ui,sans-serif;margin:0;padding:48px 24px;\
         text-align:center;color:#1f2329;background:#f7f8fa}}h1{{font-size:22px}}p{{line-height:1.6}}\
         img{{width:220px;height:220px;image-rendering:pixelated}}</style><body>{body}</body></html>",
        escape_html(title)
    );
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
        ),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What a `wechat` campaign's page answers a request without a sign-in:
/// inside WeChat, the silent sign-in (back to the same address after);
/// elsewhere, a page that says to open it in WeChat, with a QR code of it.
/// `None` when the request is signed in.
pub(crate) fn gate(
    state: &AppState,
    headers: &HeaderMap,
    path_and_query: &str,
) -> Option<Response> {
    let keys = state.identity_keys.as_deref()?;
    let signed_in = cookie(headers, SESSION_COOKIE)
        .is_some_and(|value| verify_session(keys, value, &state.campaign.id, state.now()).is_ok());
    if signed_in {
        return None;
    }
    let in_wechat = headers
        .get(USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
        .is_some_and(|agent| agent.contains("MicroMessenger"));
    if in_wechat {
        let location = format!(
            "{AUTH_PATH}?return={}",
            campaign_core::primitives::url::percent_encode(path_and_query)
        );
        return Some(redirect(&location, &[]));
    }
    let site = state
        .wechat
        .as_deref()
        .map_or("", |wechat| wechat.site.as_str());
    let address = format!("{site}{path_and_query}");
    let text = OpenInWechat::text(state.campaign.locale);
    let qr = qr_svg_data_url(&address)
        .map(|src| format!("<img src=\"{src}\" alt=\"{}\">", escape_html(&address)))
        .unwrap_or_default();
    let body = format!(
        "<h1>{}</h1>{qr}<p>{}</p><p><small>{}</small></p>",
        escape_html(text.title),
        escape_html(text.body),
        escape_html(&address)
    );
    let mut response = plain_page(
        StatusCode::OK,
        state.campaign.locale.tag(),
        text.title,
        &body,
    );
    response
        .headers_mut()
        .insert("vary", HeaderValue::from_static("User-Agent, Cookie"));
    Some(response)
}

/// A QR code of `text` as an SVG `data:` URL (an image, so it can be
/// long-pressed), drawn here so the page needs no script.
fn qr_svg_data_url(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let quiet = 2;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (index, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (index % width + quiet, index / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {size} {size}' shape-rendering='crispEdges'>\
         <rect width='{size}' height='{size}' fill='%23fff'/><path d='{path}' fill='%23000'/></svg>"
    );
    Some(format!("data:image/svg+xml;utf8,{svg}"))
}

#[derive(Deserialize)]
pub struct JssdkQuery {
    url: Option<String>,
}

/// `GET /api/v1/wechat/jssdk?url=<page address>`: the signature a page inside
/// WeChat configures the JS-SDK with, to set its share card.
pub async fn jssdk(
    State(state): State<AppState>,
    _: Client,
    Query(query): Query<JssdkQuery>,
) -> Result<Response, ApiError> {
    let Some(wechat) = state.wechat.as_deref() else {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "this server has no WeChat account (start it with --wechat-appid)",
        ));
    };
    if state.campaign.wechat.share.is_empty() {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "the campaign has no `wechat.share` cards",
        ));
    }
    let url = query.url.unwrap_or_default();
    // Only this site's pages: a signature is worth nothing elsewhere, and
    // the server never signs what it does not serve.
    let ours = url
        .strip_prefix(&wechat.site)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    if !ours || url.len() > 2048 || !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::unprocessable(
            ErrorCode::Refused,
            format!("`url` must be a page of {}", wechat.site),
        ));
    }
    let now = state.now();
    let ticket = wechat.client.jsapi_ticket(now).await.map_err(|err| {
        tracing::warn!("no JS-SDK ticket: {err}");
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            ErrorCode::Internal,
            "WeChat did not answer; it is safe to retry",
        )
    })?;
    let nonce = random_hex::<8>().map_err(ApiError::internal)?;
    let timestamp = now.div_euclid(1000);
    let answer = JssdkSignature {
        app_id: wechat.client.appid().to_owned(),
        timestamp,
        signature: crate::wechat::jssdk_signature(&ticket, &nonce, timestamp, &url),
        nonce_str: nonce,
    };
    Ok(([(CACHE_CONTROL, "no-store")], Json(answer)).into_response())
}
