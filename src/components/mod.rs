//! Widgets shared by the pages.

mod brand_header;
mod link;

pub use brand_header::BrandHeader;
pub use link::Link;
