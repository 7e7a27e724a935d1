//! The console's calls: same-origin `fetch`, so the session cookie goes with
//! each, and answers read as the wire's types.

use campaign_core::wire::{ErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a call has no answer to show.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No session, or it ended: sign in again.
    SignedOut,
    /// The server refused, with its code and sentence.
    Refused {
        status: u16,
        code: ErrorCode,
        message: String,
    },
    /// No answer: offline, or the server is down.
    Network,
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    call("GET", path, None).await
}

pub async fn post<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, ApiFailure> {
    let body = serde_json::to_string(body).unwrap_or_default();
    call("POST", path, Some(body)).await
}

/// `DELETE`, for signing out: only whether it was answered matters.
pub async fn delete(path: &str) -> Result<(), ApiFailure> {
    raw("DELETE", path, None).await.map(|_| ())
}

async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiFailure> {
    let (status, text) = raw(method, path, body).await?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| ApiFailure::Refused {
            status,
            code: ErrorCode::Other,
            message: String::new(),
        });
    }
    if status == 401 {
        return Err(ApiFailure::SignedOut);
    }
    let (code, message) = campaign_core::read_json::<ErrorBody>(&text)
        .map_or((ErrorCode::Other, String::new()), |body| {
            (body.error.code, body.error.message)
        });
    Err(ApiFailure::Refused {
        status,
        code,
        message,
    })
}

async fn raw(method: &str, path: &str, body: Option<String>) -> Result<(u16, String), ApiFailure> {
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    if let Some(body) = body {
        let headers = web_sys::Headers::new().map_err(|_| ApiFailure::Network)?;
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| ApiFailure::Network)?;
        init.set_headers(&headers);
        init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or(ApiFailure::Network)?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((response.status(), text))
}

/// `value` as a URL query component.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}
