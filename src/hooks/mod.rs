//! Custom hooks: how components read services without touching the browser.

mod first_render;
#[cfg(feature = "results")]
mod use_delivery;
#[cfg(any(feature = "results", feature = "referral", feature = "benefits"))]
mod use_page_config;
#[cfg(feature = "frame")]
mod use_person_notice;

pub use first_render::{FirstRender, use_clock, use_hydrated};
#[cfg(feature = "results")]
pub use use_delivery::use_delivery;
#[cfg(feature = "frame")]
pub use use_person_notice::use_person_notice;

/// The campaign home's bundle shows no page that needs the person.
#[cfg(not(feature = "frame"))]
#[yew::hook]
pub fn use_person_notice() -> Option<String> {
    None
}
#[cfg(any(feature = "results", feature = "referral", feature = "benefits"))]
pub use use_page_config::use_page_config;
