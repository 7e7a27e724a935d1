//! The app's one way to talk HTTP: `fetch`, with failures turned into values.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()
        .and_then(|value| value.dyn_into().ok())
        .ok_or(FetchFailure::Network)?;
    if !response.ok() {
        return Err(FetchFailure::Status(response.status()));
    }
    let text = response.text().map_err(|_| FetchFailure::Network)?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|value| value.as_string())
        .ok_or(FetchFailure::Network)
}
