//! The lowest layer: the values every other module builds on (ids, URLs,
//! colours, the locale, the clock, shared limits, China's provinces, QR codes, and the bilingual [`Text`]
//! that config problems are told in). Nothing here knows about pages or
//! campaigns, so anything may use it.

pub mod clock;
pub mod color;
pub mod ids;
pub mod limits;
pub mod locale;
pub mod qr;
pub mod regions;
pub mod text;
pub mod url;

pub use color::Color;
pub use locale::Locale;
pub use text::{Phrase, Text};
pub use url::Url;
