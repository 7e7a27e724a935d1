//! The lowest layer: the values every other module builds on (ids, URLs,
//! colours, the locale, the clock, shared limits). Nothing here knows about
//! pages or campaigns, so anything may use it.

pub mod clock;
pub mod color;
pub mod ids;
pub mod limits;
pub mod locale;
pub mod url;

pub use color::Color;
pub use locale::Locale;
pub use url::Url;
