//! Campaign Kit's core: the campaign config, its validation, and the logic of every
//! page kind, as plain Rust with no browser or server types. The Yew app and the
//! reference server both build on it, so both ends agree on every rule and on the
//! wire format.
//!
//! Its modules depend one way, each on its own layer and the ones below it:
//!
//! 1. [`primitives`]: ids, URLs, colours, the locale, the clock, shared limits,
//!    and [`primitives::Text`], a config problem's words in each language;
//! 2. [`diagnostics`]: the path-tracking reader, [`Diagnostic`] and
//!    [`issue::PageIssue`];
//! 3. [`kinds`]: one folder per page kind (its page struct, config check and
//!    logic), plus the shared [`kinds::poster`]. A kind never uses the campaign,
//!    nor another kind other than the shared poster and survey modules (a
//!    course's sign-up form is made of survey questions);
//! 4. [`campaign`], which composes the kinds into a [`Campaign`] and validates
//!    it, and beside it [`backend`], [`template`], [`envelope`], [`delivery`],
//!    [`identity`], [`routes`] and [`shell`], which use it;
//! 5. [`wire`]: one type per request and answer of the API, and what each
//!    refusal a person meets says ([`wire::Refusal`]), last.
//!
//! `cargo xtask layers` fails on a use against this order, or on any import
//! circle. The modules below the layer list (`config`, `survey`, `groups`...)
//! are the paths the app, the server and the tests have always used.

pub mod primitives;

pub mod diagnostics;

pub mod kinds;

pub mod campaign;

pub mod backend;
pub mod delivery;
pub mod envelope;
pub mod identity;
pub mod routes;
#[cfg(feature = "schema")]
pub mod schema;
pub mod shell;
pub mod template;

pub mod wire;

// The paths from before the layers, for the app, the server and the tests.
pub use campaign as config;
pub use campaign::validate;
pub use diagnostics::issue;
pub use kinds::group_picker as groups;
pub use kinds::{benefits, checkin, course, lottery, offers, poster, quiz, referral, survey};
pub use primitives::clock;

pub use campaign::{Campaign, Locale, Page, PageKind};
pub use envelope::{Envelope, EnvelopeError, Event, EventBatch};
pub use validate::{
    ConfigErrors, Diagnostic, parse_campaign, parse_document, read_campaign, read_json, read_value,
};
