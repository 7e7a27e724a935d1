//! Invitations: a visit through a member's share link (`?ref=CODE`) is
//! reported to the backend once, and the code rides along on this visitor's
//! results, so the invitation counts even if that report was lost.

use crate::services::json::object;
use campaign_core::Campaign;

use crate::services::identity::visitor_id;
use crate::services::storage;

/// Reads `?ref=` from the address and reports the visit once per code.
pub fn capture(campaign: &Campaign, page_id: Option<&str>) {
    let Some(code) = ref_param().filter(|_| !crate::services::frame::is_preview()) else {
        return;
    };
    let key = storage::keys::referral_code(&campaign.id);
    if storage::get(&key).as_deref() == Some(code.as_str()) {
        return;
    }
    storage::set(&key, &code);
    let body = object([
        ("campaign_id", campaign.id.as_str().into()),
        ("code", code.as_str().into()),
        ("visitor_id", visitor_id().into()),
        ("page_id", page_id.into()),
    ]);
    let url = campaign.backend.api_url("referrals/visits");
    // With a visitor token the report must carry it, which a beacon cannot.
    if crate::services::person::authorization().is_some() {
        let request = campaign_core::backend::OutgoingRequest {
            url,
            method: "POST",
            headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
            body: body.to_string(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            // Best effort, like the beacon: the code also rides on results.
            crate::services::http::send(&request, 10_000).await.ok();
        });
        return;
    }
    // A beacon survives the person leaving at once, and its text/plain body
    // needs no CORS preflight.
    if let Some(window) = web_sys::window() {
        window
            .navigator()
            .send_beacon_with_opt_str(&url, Some(&body.to_string()))
            .ok();
    }
}

/// The invitation this visitor arrived through, if any.
#[cfg(feature = "results")]
pub fn code(campaign_id: &str) -> Option<String> {
    storage::get(&storage::keys::referral_code(campaign_id))
}

/// Whether this page was opened through a member's invitation link.
pub fn arrived_invited() -> bool {
    ref_param().is_some()
}

/// The `ref` parameter, as letters and digits only (as envelopes carry it).
fn ref_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let code: String = params
        .get("ref")?
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (1..=32).contains(&code.len()).then_some(code)
}
