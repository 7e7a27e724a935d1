//! Campaign Kit's core: the campaign config, its validation, and the logic of every
//! page kind, as plain Rust with no browser or server types. The Yew app and the
//! reference server both build on it, so both ends agree on every rule and on the
//! wire format.

pub mod backend;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod envelope;
pub mod groups;
pub mod issue;
pub mod lottery;
pub mod poster;
pub mod quiz;
pub mod referral;
pub mod routes;
#[cfg(feature = "schema")]
pub mod schema;
pub mod shell;
pub mod survey;
pub mod template;
pub mod validate;
pub mod wire;

pub use config::{Campaign, Locale, Page, PageKind};
pub use envelope::{Envelope, EnvelopeError, Event, EventBatch};
pub use validate::{ConfigErrors, Diagnostic, parse_campaign, read_json, read_value};
