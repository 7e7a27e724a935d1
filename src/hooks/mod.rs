//! Custom hooks: how components read services without touching the browser.

mod use_delivery;

pub use use_delivery::use_delivery;
