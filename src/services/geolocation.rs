//! The member's position, asked of the browser once, with every way it can fail
//! told apart so the page can say what happened.

use campaign_core::groups::LatLng;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Why no position came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocateFailure {
    /// The browser has no geolocation API.
    Unsupported,
    /// The page is on plain http, where browsers refuse geolocation.
    Insecure,
    /// The member (or a browser setting) refused.
    Denied,
    /// The device could not work out where it is.
    Unavailable,
    /// No answer in time: a weak signal, or a prompt left unanswered.
    Timeout,
}

/// How long the device may look for a position once allowed.
const POSITION_TIMEOUT_MS: u32 = 10_000;
/// Some in-app browsers never answer when the prompt is ignored; give up after this.
const OVERALL_TIMEOUT_MS: i32 = 30_000;
/// A position up to ten minutes old is still the member's city.
const MAXIMUM_AGE_MS: u32 = 600_000;

/// Asks for the device's position (WGS-84).
pub async fn locate() -> Result<LatLng, LocateFailure> {
    let window = web_sys::window().ok_or(LocateFailure::Unsupported)?;
    let navigator = window.navigator();
    if field(&navigator, "geolocation").is_none() {
        return Err(LocateFailure::Unsupported);
    }
    if !window.is_secure_context() {
        return Err(LocateFailure::Insecure);
    }
    let geolocation = navigator
        .geolocation()
        .map_err(|_| LocateFailure::Unsupported)?;
    let options = web_sys::PositionOptions::new();
    // A city is all that is needed: the coarse fix is faster and kinder to batteries.
    options.set_enable_high_accuracy(false);
    options.set_timeout(POSITION_TIMEOUT_MS);
    options.set_maximum_age(MAXIMUM_AGE_MS);
    // The browser calls one of the promise's own functions: no closures to keep alive.
    let answer = js_sys::Promise::new(&mut |resolve, reject| {
        let asked = geolocation.get_current_position_with_error_callback_and_options(
            &resolve,
            Some(&reject),
            &options,
        );
        if asked.is_err() {
            reject.call0(&JsValue::NULL).ok();
        }
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&reject, OVERALL_TIMEOUT_MS)
            .ok();
    });
    match JsFuture::from(answer).await {
        Ok(position) => {
            // Read by name: web-sys types these objects only under unstable APIs.
            let coords = field(&position, "coords");
            let number = |name| coords.as_ref().and_then(|c| field(c, name)?.as_f64());
            match (number("latitude"), number("longitude")) {
                (Some(lat), Some(lng)) if LatLng::new(lat, lng).is_valid() => {
                    Ok(LatLng::new(lat, lng))
                }
                _ => Err(LocateFailure::Unavailable),
            }
        }
        // GeolocationPositionError codes; no code means our own overall timeout.
        Err(error) => Err(match field(&error, "code").and_then(|code| code.as_f64()) {
            Some(1.0) => LocateFailure::Denied,
            Some(2.0) => LocateFailure::Unavailable,
            _ => LocateFailure::Timeout,
        }),
    }
}

fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}
