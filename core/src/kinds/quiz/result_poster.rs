//! The share poster of a result, built rather than configured.

use super::ResultTier;
use crate::kinds::poster::{
    FontWeight, ImageLayer, Layer, Palette, PosterTemplate, QrLayer, TextAlign, TextLayer,
    wrap_lines,
};
use crate::primitives::{Color, Locale};

/// Placeholders of the quiz result poster: the quiz's share line, the result's
/// title and its description.
pub const RESULT_POSTER_PLACEHOLDERS: [&str; 3] = ["title", "result", "description"];

/// The share poster of a result, in the campaign's colours: the quiz's share
/// line, the result with its picture and description, and a QR code of the quiz
/// for friends to take it too. Built here rather than configured, so every quiz
/// gets a poster that fits without poster design work.
pub fn result_poster(tier: &ResultTier, theme: &impl Palette, locale: Locale) -> PosterTemplate {
    let text = |text: &str, y: u32, font_size: u32, color: &str, bold: bool, max_lines: u32| {
        Layer::Text(TextLayer {
            text: text.to_owned(),
            x: CENTRE,
            y,
            max_width: TEXT_WIDTH,
            font_size,
            weight: if bold {
                FontWeight::Bold
            } else {
                FontWeight::Normal
            },
            color: Color::new(color),
            align: TextAlign::Center,
            line_height: None,
            max_lines: Some(max_lines),
        })
    };
    let label = match locale {
        Locale::ZhCn => "我的测试结果",
        Locale::En => "My result",
    };
    // The body (label, result, picture, description) as a column, centred
    // between the share line at the top and the QR code at the bottom: a tier
    // without a picture, or with a short description, leaves no hole above the
    // code. Each text reserves the lines it is estimated to take.
    // Without a picture, the result's name takes its place, larger.
    let result_size = match tier.image {
        Some(_) => RESULT_SIZE,
        None => HERO_RESULT_SIZE,
    };
    let description_size = DESCRIPTION_SIZE;
    let result_lines = estimated_lines(&tier.title, result_size, RESULT_LINES);
    let description = tier.description.as_deref().filter(|d| !d.trim().is_empty());
    let description_lines = description.map_or(0, |d| {
        estimated_lines(d, description_size, DESCRIPTION_LINES)
    });
    let texts = line_height(LABEL_SIZE)
        + LABEL_GAP
        + result_lines * line_height(result_size)
        + description_lines * line_height(description_size);
    let room = BODY_BOTTOM - BODY_TOP;
    let (picture, body) = match &tier.image {
        // The picture gives way when long texts need the room.
        Some(image) => {
            let side = room
                .saturating_sub(texts + PICTURE_GAPS)
                .clamp(MIN_PICTURE, PICTURE);
            (Some((image, side)), texts + PICTURE_GAPS + side)
        }
        None if description.is_some() => (None, texts + RESULT_GAP),
        None => (None, texts),
    };
    let mut y = BODY_TOP + room.saturating_sub(body) / 2;
    let mut layers = vec![
        text("{title}", 110, 40, "#ffffff", true, 2),
        text(label, y, LABEL_SIZE, "#ffe7ba", false, 1),
    ];
    y += line_height(LABEL_SIZE) + LABEL_GAP;
    layers.push(text(
        "{result}",
        y,
        result_size,
        "#ffffff",
        true,
        result_lines,
    ));
    y += result_lines * line_height(result_size);
    if let Some((image, side)) = picture {
        y += PICTURE_GAPS / 2;
        layers.push(Layer::Image(ImageLayer {
            src: image.clone(),
            x: CENTRE - side / 2,
            y,
            width: side,
            height: side,
            round: false,
        }));
        y += side + PICTURE_GAPS / 2;
    } else {
        y += RESULT_GAP;
    }
    if description.is_some() {
        layers.push(text(
            "{description}",
            y,
            description_size,
            "#ffffff",
            false,
            description_lines,
        ));
    }
    layers.push(Layer::Qr(QrLayer {
        x: CENTRE - QR_SIZE / 2,
        y: QR_TOP,
        size: QR_SIZE,
        quiet_zone: 2,
        dark: Color::new("#1f2329"),
        light: Color::new("#ffffff"),
    }));
    let scan = match locale {
        Locale::ZhCn => "长按识别二维码，一起来测",
        Locale::En => "Scan the code to take the quiz",
    };
    layers.push(text(scan, 1280, 24, "#ffffff", false, 1));
    PosterTemplate {
        width: WIDTH,
        height: HEIGHT,
        background: Some(theme.primary().clone()),
        background_image: None,
        layers,
    }
}

const WIDTH: u32 = 750;
const HEIGHT: u32 = 1334;
const CENTRE: u32 = WIDTH / 2;
const TEXT_WIDTH: u32 = 640;
/// The body's room: below the share line's two lines of 40 px from y = 110,
/// and above the QR code, with a margin each side.
const BODY_TOP: u32 = 270;
const BODY_BOTTOM: u32 = QR_TOP - 56;
const QR_TOP: u32 = 1040;
const QR_SIZE: u32 = 220;
const LABEL_SIZE: u32 = 30;
const LABEL_GAP: u32 = 18;
const RESULT_SIZE: u32 = 64;
const RESULT_LINES: u32 = 2;
/// Between the result and the description when there is no picture.
const RESULT_GAP: u32 = 32;
const DESCRIPTION_SIZE: u32 = 30;
/// The result's size on a poster without a picture.
const HERO_RESULT_SIZE: u32 = 88;
const DESCRIPTION_LINES: u32 = 4;
/// The picture's side, and the space above and below it together.
const PICTURE: u32 = 300;
const MIN_PICTURE: u32 = 160;
const PICTURE_GAPS: u32 = 72;

/// A text layer's line height at `font_size` (as [`TextLayer::line_height_px`]).
fn line_height(font_size: u32) -> u32 {
    font_size * 7 / 5
}

/// How many lines `text` takes at `font_size` in the poster's text width, at
/// most `max_lines`, by widths on the generous side of what phones' fonts draw
/// (a Chinese character one em, a capital or digit 0.75, other Latin 0.6, a
/// space 0.3), in 94% of the width: the layer is cut at the same count, so
/// the real text, never wider than the estimate, fits the lines reserved for
/// it (a line that fits to the pixel by the estimate may not on a phone).
fn estimated_lines(text: &str, font_size: u32, max_lines: u32) -> u32 {
    let em = f64::from(font_size);
    let width = |line: &str| -> f64 {
        line.chars()
            .map(|c| match c {
                ' ' => 0.3,
                c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.75,
                c if c.is_ascii() => 0.6,
                _ => 1.0,
            })
            .sum::<f64>()
            * em
    };
    let room = f64::from(TEXT_WIDTH) * 0.94;
    let lines = wrap_lines(text, room, Some(max_lines), width).len();
    u32::try_from(lines)
        .unwrap_or(max_lines)
        .clamp(1, max_lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::Url;

    struct Red(Color);

    impl Palette for Red {
        fn primary(&self) -> &Color {
            &self.0
        }
    }

    fn tier(title: &str, description: Option<&str>, image: bool) -> ResultTier {
        ResultTier {
            id: "romantic".to_owned(),
            title: title.to_owned(),
            description: description.map(str::to_owned),
            image: image.then(|| Url::new("/images/romantic.png")),
            min: None,
            max: None,
            dimension: Some("romantic".to_owned()),
        }
    }

    /// Top and bottom of each layer (a text's bottom as if it takes all its
    /// lines), in drawing order.
    fn extents(poster: &PosterTemplate) -> Vec<(u32, u32)> {
        poster
            .layers
            .iter()
            .map(|layer| match layer {
                Layer::Text(text) => (
                    text.y,
                    text.y + text.max_lines.unwrap_or(1) * text.line_height_px(),
                ),
                Layer::Image(image) => (image.y, image.y + image.height),
                Layer::Qr(qr) => (qr.y, qr.y + qr.size),
            })
            .collect()
    }

    fn poster(tier: &ResultTier) -> PosterTemplate {
        result_poster(tier, &Red(Color::new("#c8102e")), Locale::ZhCn)
    }

    #[test]
    fn a_tier_without_a_picture_leaves_no_hole_above_the_qr_code() {
        // The demo's result: a one-line title and a one-line description.
        let poster = poster(&tier(
            "浪漫主义恋人",
            Some("你相信仪式感，愿意为爱人制造每一个惊喜。"),
            false,
        ));
        let found = extents(&poster);
        let [share_line, label, _result, description, qr, _scan] = found[..] else {
            panic!("six layers: {found:?}");
        };
        let above = label.0 - share_line.1;
        let below = qr.0 - description.1;
        // The body sits midway between the share line and the code.
        assert!(
            above.abs_diff(below) <= 42,
            "{above} px above, {below} below"
        );
    }

    #[test]
    fn a_tier_with_neither_picture_nor_description_is_centred_too() {
        let poster = poster(&tier("浪漫主义恋人", None, false));
        let found = extents(&poster);
        let [share_line, label, result, qr, _scan] = found[..] else {
            panic!("five layers: {found:?}");
        };
        let (above, below) = (label.0 - share_line.1, qr.0 - result.1);
        assert!(
            above.abs_diff(below) <= 42,
            "{above} px above, {below} below"
        );
    }

    #[test]
    fn long_texts_and_a_picture_never_run_into_each_other_or_the_code() {
        let long = "你相信仪式感，愿意为爱人制造每一个惊喜。".repeat(5);
        for (title, description, image) in [
            ("浪漫主义恋人", Some(long.as_str()), true),
            (
                "一个非常非常非常长的测试结果名称要两行",
                Some(long.as_str()),
                true,
            ),
            (
                "一个非常非常非常长的测试结果名称要两行",
                Some(long.as_str()),
                false,
            ),
            ("Steady", Some("You show love in the details."), true),
            ("浪漫主义恋人", None, true),
        ] {
            let poster = poster(&tier(title, description, image));
            let found = extents(&poster);
            for pair in found.windows(2) {
                assert!(pair[0].1 <= pair[1].0, "{title}: {found:?}");
            }
            assert!(found.iter().all(|(_, bottom)| *bottom <= poster.height));
            if let Some(Layer::Image(picture)) =
                poster.layers.iter().find(|l| matches!(l, Layer::Image(_)))
            {
                assert!(picture.width >= MIN_PICTURE, "{title}: {picture:?}");
            }
        }
    }

    #[test]
    fn each_text_reserves_the_lines_it_takes() {
        assert_eq!(estimated_lines("浪漫主义恋人", 64, 2), 1);
        // Nine characters of 64 px fit the 640 px; ten, exactly as wide, may
        // not on a phone, so they get two lines.
        assert_eq!(estimated_lines("一二三四五六七八九", 64, 2), 1);
        assert_eq!(estimated_lines("一二三四五六七八九十", 64, 2), 2);
        // The demo's description: twenty characters of 30 px.
        assert_eq!(
            estimated_lines("你相信仪式感，愿意为爱人制造每一个惊喜。", 30, 4),
            1
        );
        assert_eq!(estimated_lines(&"字".repeat(100), 30, 4), 4);
        assert_eq!(estimated_lines("", 30, 4), 1);
        assert_eq!(
            estimated_lines(
                "You show love in the details and keep every promise.",
                30,
                4
            ),
            2
        );
    }
}
