//! The app's doors to the browser: each service wraps one browser API so that
//! components and pages never touch it directly.

pub mod events;
pub mod http;
pub mod identity;
#[cfg(feature = "results")]
pub mod outbox;
pub mod storage;
