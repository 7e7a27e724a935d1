//! The canvas scale: sharp on every phone, never past the largest canvas iOS draws.

use super::MAX_CANVAS_PIXELS;

/// A poster too large for any phone's canvas, even at one device pixel per CSS
/// pixel. [`check_poster`](super::check_poster) refuses such templates, so a valid config never
/// meets this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the poster is {width} × {height} CSS pixels, more than a phone's canvas holds; keep each side at most 2000"
)]
pub struct PosterTooLarge {
    pub width: u32,
    pub height: u32,
}

/// Device pixels per CSS pixel to draw a poster at: the screen's
/// `devicePixelRatio` rounded up into 2 to 3 (sharp on every phone, and the saved
/// image stays a sensible size), lowered when the canvas would pass
/// [`MAX_CANVAS_PIXELS`]. A lowered scale is a multiple of 1/1000, never below 1;
/// size the canvas with [`canvas_size`].
pub fn render_scale(
    width: u32,
    height: u32,
    device_pixel_ratio: f64,
) -> Result<f64, PosterTooLarge> {
    let area = u64::from(width) * u64::from(height);
    if area > MAX_CANVAS_PIXELS {
        return Err(PosterTooLarge { width, height });
    }
    // `>` rather than rounding: NaN or a missing ratio reads as 2.
    let preferred = if device_pixel_ratio > 2.0 { 3 } else { 2 };
    // In thousandths, checked in integers so that rounding can never pass the
    // limit: area × (milli / 1000)² <= limit.
    let fits = |milli: u64| area * milli * milli <= MAX_CANVAS_PIXELS * 1_000_000;
    if fits(preferred * 1000) {
        return Ok(preferred as f64);
    }
    let estimate = (MAX_CANVAS_PIXELS as f64 / area as f64).sqrt() * 1000.0;
    // `as` saturates and maps NaN to 0: never a panic.
    let mut milli = (estimate as u64).clamp(1000, preferred * 1000);
    while milli < preferred * 1000 && fits(milli + 1) {
        milli += 1;
    }
    while milli > 1000 && !fits(milli) {
        milli -= 1;
    }
    Ok(milli as f64 / 1000.0)
}

/// The canvas's size in device pixels for a poster drawn at a `scale` from
/// [`render_scale`], rounded down so that it never passes the limit.
pub fn canvas_size(width: u32, height: u32, scale: f64) -> (u32, u32) {
    // In thousandths, as `render_scale` gives them, so that 2000 × 2.048 is 4096
    // and not 4095.999...; `as` saturates and maps NaN to 0: never a panic.
    let milli = (scale * 1000.0).round() as u64;
    let side = |css: u32| u32::try_from(u64::from(css) * milli / 1000).unwrap_or(u32::MAX);
    (side(width), side(height))
}
