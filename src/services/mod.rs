//! The app's doors to the browser: each service wraps one browser API so that
//! components and pages never touch it directly.

#[cfg(feature = "lottery")]
pub mod animation;
pub mod channel;
pub mod events;
#[cfg(feature = "frame")]
pub mod frame;
#[cfg(not(feature = "frame"))]
pub mod frame {
    //! The campaign home's bundle is never embedded with events or previewed:
    //! these stand in for [the real module](../frame) at no cost.
    pub fn is_preview() -> bool {
        false
    }
    /// The reference server answers every `?c=` with the bundle of every
    /// kind, and a static host cannot list preview origins: the home's
    /// bundle shows only the served campaign.
    pub fn may_preview(_config_url: &str) -> bool {
        false
    }
    pub fn notify(_kind: &str, _detail: serde_json::Value) {}
}
#[cfg(feature = "group_picker")]
pub mod geolocation;
pub mod http;
pub mod identity;
pub mod json;
#[cfg(feature = "results")]
pub mod outbox;
pub mod person;
#[cfg(any(
    feature = "group_picker",
    feature = "poster",
    feature = "lottery",
    feature = "benefits"
))]
pub mod platform;
#[cfg(feature = "poster")]
pub mod poster;
#[cfg(feature = "qr")]
pub mod qr;
pub mod referral;
pub mod storage;
pub mod tasks;
