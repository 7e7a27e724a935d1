//! Widgets shared by the pages.

mod brand_header;
mod link;
#[cfg(feature = "poster")]
mod poster_panel;
#[cfg(feature = "qr")]
mod qr;

pub use brand_header::BrandHeader;
pub use link::Link;
#[cfg(feature = "poster")]
pub use poster_panel::PosterPanel;
#[cfg(feature = "qr")]
pub use qr::QrImage;
