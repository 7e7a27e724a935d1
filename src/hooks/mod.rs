//! Custom hooks: how components read services without touching the browser.

#[cfg(feature = "results")]
mod use_delivery;
#[cfg(any(feature = "results", feature = "referral"))]
mod use_page_config;

#[cfg(feature = "results")]
pub use use_delivery::use_delivery;
#[cfg(any(feature = "results", feature = "referral"))]
pub use use_page_config::use_page_config;
