//! The app's one way to talk HTTP: `fetch`, with failures turned into values.
//! Every API call carries the visitor token of a `signed` campaign, and every
//! `401` that says the person cannot be counted becomes the page's notice
//! (see [`crate::services::person`]).

use campaign_core::wire::{ErrorBody, ErrorCode, ErrorDetail};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::services::person;

#[derive(Debug, Clone, PartialEq)]
pub enum FetchFailure {
    /// No response: offline, blocked by CORS, or a bad address.
    Network,
    /// The server answered with this HTTP status.
    Status(u16),
}

/// GETs `url` and returns the body as text when the status is 2xx.
pub async fn fetch_text(url: &str) -> Result<String, FetchFailure> {
    let window = web_sys::window().ok_or(FetchFailure::Network)?;
    text_of(JsFuture::from(window.fetch_with_str(url)).await).await
}

/// [`fetch_text`], giving up after `timeout_ms`: for the calls a page makes
/// while the person waits (the config has the browser's own patience).
pub async fn fetch_text_within(url: &str, timeout_ms: u32) -> Result<String, FetchFailure> {
    if crate::services::frame::is_preview() {
        return Err(FetchFailure::Network);
    }
    let window = web_sys::window().ok_or(FetchFailure::Network)?;
    let init = web_sys::RequestInit::new();
    if let Some(authorization) = person::authorization() {
        let headers = web_sys::Headers::new().map_err(|_| FetchFailure::Network)?;
        headers
            .set("Authorization", &authorization)
            .map_err(|_| FetchFailure::Network)?;
        init.set_headers(&headers);
    }
    let _timeout = abort_after(&init, timeout_ms);
    text_of(JsFuture::from(window.fetch_with_str_and_init(url, &init)).await).await
}

async fn text_of(
    fetched: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>,
) -> Result<String, FetchFailure> {
    let response: web_sys::Response = fetched
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or(FetchFailure::Network)?;
    if !response.ok() {
        if response.status() == 401 {
            if let Some(body) = body_text(&response).await {
                person::refused(&body);
            }
        }
        return Err(FetchFailure::Status(response.status()));
    }
    body_text(&response).await.ok_or(FetchFailure::Network)
}

async fn body_text(response: &web_sys::Response) -> Option<String> {
    JsFuture::from(response.text().ok()?)
        .await
        .ok()
        .and_then(|value| value.as_string())
}

/// Aborts the request made with `init` after `timeout_ms`, unless the returned
/// timer is dropped first. Requests hang like this on a weak mobile signal.
pub(crate) fn abort_after(
    init: &web_sys::RequestInit,
    timeout_ms: u32,
) -> Option<gloo_timers::callback::Timeout> {
    let controller = web_sys::AbortController::new().ok()?;
    init.set_signal(Some(&controller.signal()));
    Some(gloo_timers::callback::Timeout::new(timeout_ms, move || {
        controller.abort()
    }))
}

/// What a backend answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// Why [`send`] has no answer to return.
#[derive(Debug, Clone, PartialEq)]
pub enum SendFailure {
    /// Offline, timed out, refused, or blocked by CORS (the browser does not say
    /// which): worth trying again.
    NoAnswer,
    /// The browser would not make this request at all, whatever the network
    /// does: the sentence says which setting it refuses.
    Unsendable(String),
}

/// Sends `request`, giving up after `timeout_ms`.
pub async fn send(
    request: &campaign_core::backend::OutgoingRequest,
    timeout_ms: u32,
) -> Result<Answer, SendFailure> {
    use SendFailure::NoAnswer;
    // A designer's preview reaches no backend; pages treat it as offline.
    if crate::services::frame::is_preview() {
        return Err(NoAnswer);
    }
    let window = web_sys::window().ok_or(NoAnswer)?;
    let init = web_sys::RequestInit::new();
    init.set_method(request.method);
    init.set_body(&wasm_bindgen::JsValue::from_str(&request.body));
    let headers = web_sys::Headers::new().map_err(|_| NoAnswer)?;
    for (name, value) in &request.headers {
        // Header values are Latin-1 bytes: the browser throws on `春节`.
        if headers.set(name, value).is_err() {
            return Err(SendFailure::Unsendable(format!(
                "the browser refuses the request header `{name}` of backend.submit.headers; \
                 use Latin-1 (ASCII) text there"
            )));
        }
    }
    // At send time, so a result queued before the person had a token goes
    // with the one they have now (and third-party backends can verify it).
    if let Some(authorization) = person::authorization() {
        headers
            .set("Authorization", &authorization)
            .map_err(|_| NoAnswer)?;
    }
    init.set_headers(&headers);
    let _timeout = abort_after(&init, timeout_ms);
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(&request.url, &init))
            .await
            .ok()
            .and_then(|value| value.dyn_into().ok())
            .ok_or(NoAnswer)?;
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let body = body_text(&response).await.unwrap_or_default();
    if response.status() == 401 {
        person::refused(&body);
    }
    Ok(Answer {
        status: response.status(),
        retry_after,
        body,
    })
}

/// The error a refusal's body carries: the wire's `{"error": {"code",
/// "message"}}`. A marketer's own backend may send codes of its own (read as
/// [`ErrorCode::Other`]), or another shape, or none: then the message is empty.
pub fn error_of(body: &str) -> ErrorDetail {
    campaign_core::read_json::<ErrorBody>(body).map_or(
        ErrorDetail {
            code: ErrorCode::Other,
            message: String::new(),
        },
        |body| body.error,
    )
}

/// A request body as JSON text. The wire's types are plain data, which always
/// serialize.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
