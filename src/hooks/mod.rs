//! Custom hooks: how components read services without touching the browser.

#[cfg(feature = "results")]
mod use_delivery;

#[cfg(feature = "results")]
pub use use_delivery::use_delivery;
