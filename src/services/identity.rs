//! Random ids made on the device: the visitor id kept across visits, and fresh
//! envelope ids. `crypto.getRandomValues` works on plain http too (unlike
//! `crypto.randomUUID`), which matters for the LAN demo.

use campaign_core::envelope::uuid_v4;

use crate::services::storage::{self, keys::VISITOR as VISITOR_KEY};

/// The visitor id kept on this device, made on first use.
pub fn visitor_id() -> String {
    if let Some(id) = storage::get(VISITOR_KEY).filter(|id| id.len() >= 8) {
        return id;
    }
    let bytes: [u8; 8] = random_bytes();
    let id: String = std::iter::once("v-".to_owned())
        .chain(bytes.iter().map(|b| format!("{b:02x}")))
        .collect();
    storage::set(VISITOR_KEY, &id);
    id
}

/// A new envelope id (UUID v4).
pub fn new_envelope_id() -> String {
    uuid_v4(random_bytes())
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window().and_then(|window| window.crypto().ok());
    let filled =
        crypto.is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Very old browsers only: ids still differ, they are just less unpredictable.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// Milliseconds since the Unix epoch, by the device's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
