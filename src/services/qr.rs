//! QR codes, encoded on the device and painted on a canvas with whole device
//! pixels per module so their edges stay sharp.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};
use web_sys::CanvasRenderingContext2d;

/// A code's modules, row by row.
pub struct Matrix {
    /// Modules per side, without a quiet zone.
    pub width: usize,
    dark: Vec<bool>,
}

/// Encodes `text` at level M, which survives a smudge or a chat app's
/// recompression, in the smallest version it fits; `None` when it is too long
/// for any QR code. Byte mode only: the links these pages encode are mixed-case
/// URLs, which the denser numeric and alphanumeric modes cannot hold, and the
/// encoder's mode optimiser was a third of the QR code's share of the wasm.
pub fn encode(text: &str) -> Option<Matrix> {
    let code = (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        QrCode::with_bits(bits, EcLevel::M).ok()
    })?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some(Matrix { width, dark })
}

impl Matrix {
    /// Paints the dark modules with the context's fill style: `module` pixels
    /// each, `quiet` empty modules in from (`left`, `top`). One rectangle per run
    /// of dark modules: far fewer calls than one per module.
    pub fn paint(
        &self,
        context: &CanvasRenderingContext2d,
        left: f64,
        top: f64,
        module: f64,
        quiet: usize,
    ) {
        for (y, row) in self.dark.chunks(self.width).enumerate() {
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
}
