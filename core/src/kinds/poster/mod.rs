//! Posters: a template in the config, drawn by the app on a canvas and saved or
//! shared as an image. One renderer serves every poster (the referral page's
//! invitation, the quiz's result), so the rules it needs live here as pure
//! functions: placeholders, line wrapping for Chinese and mixed text, the canvas
//! scale, and the checks a template must pass.
//!
//! Nothing here touches the browser: [`wrap_lines`] takes the canvas's
//! `measureText` as a closure, so the host tests run it with a fake one.

mod check;
mod model;
mod placeholders;
mod scale;
mod wrap;

use crate::primitives::Color;

pub use self::check::check_poster;
pub use self::model::{
    FontWeight, ImageLayer, Layer, PosterTemplate, QrLayer, TextAlign, TextLayer,
};
pub use self::placeholders::{fill_placeholders, placeholders_in};
pub use self::scale::{PosterTooLarge, canvas_size, render_scale};
pub use self::wrap::wrap_lines;

/// Shortest and longest side of a poster, in CSS pixels. At 2000 × 2000 the
/// canvas still fits the iOS limit at a scale of 2.
pub const POSTER_SIDES: std::ops::RangeInclusive<u32> = 100..=2000;
/// Smallest QR code, in CSS pixels (quiet zone included), that phones scan
/// reliably from a saved poster.
pub const MIN_QR_SIZE: u32 = 120;
/// Widest quiet zone, in modules.
pub const MAX_QUIET_ZONE: u8 = 8;
/// Font sizes a text layer may use, in CSS pixels.
pub const FONT_SIZES: std::ops::RangeInclusive<u32> = 12..=200;
/// Most lines a text layer may limit itself to.
pub const MAX_LINES: u32 = 20;
/// Most layers in one poster.
pub const MAX_LAYERS: usize = 32;
/// Largest canvas, in device pixels, that iOS Safari draws (4096 × 4096); a
/// larger one stays blank without any error.
pub const MAX_CANVAS_PIXELS: u64 = 16_777_216;
/// Appended to the last line when a text is cut at `max_lines`.
pub const ELLIPSIS: &str = "…";

/// The campaign's colours, as the posters Campaign Kit builds itself (the quiz
/// result's) need them. The campaign's theme provides them; a kind takes the
/// trait, so that it never depends on the campaign.
pub trait Palette {
    /// The main colour: buttons, links and highlights.
    fn primary(&self) -> &Color;
}
