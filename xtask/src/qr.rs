//! Reading QR codes back out of PNGs, with a decoder independent of the encoder
//! the pages use: a poster's code is only right if a scanner reads it.

use std::path::Path;

use anyhow::Context;

/// The text of every QR code found in the PNG at `path`.
pub fn decode_file(path: &Path) -> anyhow::Result<Vec<String>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    decode_png(std::io::BufReader::new(file))
}

pub fn decode_png(reader: impl std::io::BufRead + std::io::Seek) -> anyhow::Result<Vec<String>> {
    let mut decoder = png::Decoder::new(reader);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().context("not a PNG")?;
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).context("unreadable PNG")?;
    let channels = frame.color_type.samples();
    let (width, height) = (frame.width as usize, frame.height as usize);
    let stride = frame.line_size;
    let pixel = |x: usize, y: usize| -> [u8; 3] {
        let at = y * stride + x * channels;
        match channels {
            1 | 2 => [pixels[at]; 3],
            _ => [pixels[at], pixels[at + 1], pixels[at + 2]],
        }
    };
    // Luma first, as a camera sees it. rqrr thresholds the whole image at once,
    // so a saturated poster background (the bank's red is dark in luma) can hide
    // the code's light quiet zone from it, where a phone's local threshold would
    // not: then the brightest channel, which keeps coloured areas light.
    let luma = |[r, g, b]: [u8; 3]| {
        ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
    };
    let brightest = |[r, g, b]: [u8; 3]| r.max(g).max(b);
    let mut last_error = anyhow::anyhow!("no QR code found in the image");
    for grey in [&luma as &dyn Fn([u8; 3]) -> u8, &brightest] {
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey(pixel(x, y)));
        let decoded: Result<Vec<String>, _> = image
            .detect_grids()
            .iter()
            .map(|grid| grid.decode().map(|(_, text)| text))
            .collect();
        match decoded {
            Ok(texts) if !texts.is_empty() => return Ok(texts),
            Ok(_) => {}
            Err(err) => {
                last_error = anyhow::anyhow!("a QR code was found but could not be read: {err:?}")
            }
        }
    }
    Err(last_error)
}
