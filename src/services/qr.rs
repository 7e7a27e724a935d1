//! QR codes painted on a canvas with whole device pixels per module so their
//! edges stay sharp. The encoding is core's ([`campaign_core::primitives::qr`]).

use campaign_core::primitives::qr::QrMatrix;
pub use campaign_core::primitives::qr::encode;
use web_sys::CanvasRenderingContext2d;

/// Paints the dark modules of `code` with the context's fill style: `module`
/// pixels each, `quiet` empty modules in from (`left`, `top`). One rectangle
/// per run of dark modules: far fewer calls than one per module.
pub fn paint(
    code: &QrMatrix,
    context: &CanvasRenderingContext2d,
    left: f64,
    top: f64,
    module: f64,
    quiet: usize,
) {
    for (y, row) in code.rows().enumerate() {
        let mut x = 0;
        while x < row.len() {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < row.len() && row[x] {
                x += 1;
            }
            context.fill_rect(
                left + (start + quiet) as f64 * module,
                top + (y + quiet) as f64 * module,
                (x - start) as f64 * module,
                module,
            );
        }
    }
}
