//! The compact QR encoder against a general one (the `qrcode` crate): for texts
//! that take every version from 1 to 40, and every mask, the modules must be
//! the same. Mask choice alone may differ (that crate scores penalties its own
//! way); any mask makes a valid code.

use campaign_core::primitives::qr::{encode, encode_with_mask};
use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version, ec};

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The reference's modules for `text` in byte mode at level M, in the first
/// version it fits, with `mask`.
fn reference(text: &str, mask: MaskPattern) -> (usize, Vec<bool>) {
    let (version, bits) = (1..=40)
        .find_map(|version| {
            let mut bits = Bits::new(Version::Normal(version));
            bits.push_byte_data(text.as_bytes()).ok()?;
            bits.push_terminator(EcLevel::M).ok()?;
            Some((Version::Normal(version), bits))
        })
        .expect("fits version 40");
    let (data, ec) =
        ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).expect("codewords");
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(mask);
    let width = version.width() as usize;
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|colour| colour == Color::Dark)
        .collect();
    (width, dark)
}

/// A text of `len` bytes, mixed like the links the pages encode, with a
/// multi-byte character so byte counts and character counts differ.
fn text_of(len: usize) -> String {
    let mut text = String::from("例");
    let alphabet = b"AbC9-x_Z0/q.~";
    let mut index = 0;
    while text.len() < len {
        text.push(char::from(alphabet[index % alphabet.len()]));
        index += 7;
    }
    text
}

#[test]
fn every_version_and_mask_matches_a_general_encoder() {
    // The most bytes each version holds at level M, and one byte more, so every
    // version's block layout and the step to the next are checked.
    let capacities: [usize; 40] = [
        14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624,
        666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809,
        1911, 1989, 2099, 2213, 2331,
    ];
    for (index, &capacity) in capacities.iter().enumerate() {
        let version = index + 1;
        for len in [capacity.saturating_sub(3), capacity] {
            let text = text_of(len);
            for (mask, pattern) in MASKS.into_iter().enumerate() {
                let ours = encode_with_mask(&text, Some(mask as u8)).expect("fits");
                let (width, dark) = reference(&text, pattern);
                assert_eq!(ours.width, 17 + 4 * version, "version of {len} bytes");
                assert_eq!(ours.width, width, "{len} bytes, mask {mask}");
                let ours: Vec<bool> = ours.rows().flatten().copied().collect();
                assert_eq!(ours, dark, "{len} bytes, mask {mask}");
            }
        }
        if capacity < 2331 {
            let next = encode(&text_of(capacity + 1)).expect("fits");
            assert_eq!(
                next.width,
                21 + 4 * version,
                "one byte past version {version}"
            );
        }
    }
}
