//! The share poster of a result, built rather than configured.

use super::ResultTier;
use crate::kinds::poster::{
    FontWeight, ImageLayer, Layer, Palette, PosterTemplate, QrLayer, TextAlign, TextLayer,
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
    const WIDTH: u32 = 750;
    const CENTRE: u32 = WIDTH / 2;
    let text = |text: &str, y: u32, font_size: u32, color: &str, bold: bool, max_lines: u32| {
        Layer::Text(TextLayer {
            text: text.to_owned(),
            x: CENTRE,
            y,
            max_width: 640,
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
    let mut layers = vec![
        text("{title}", 110, 40, "#ffffff", true, 2),
        text(
            match locale {
                Locale::ZhCn => "我的测试结果",
                Locale::En => "My result",
            },
            300,
            30,
            "#ffe7ba",
            false,
            1,
        ),
        text("{result}", 360, 64, "#ffffff", true, 2),
    ];
    let mut y = 560;
    if let Some(image) = &tier.image {
        layers.push(Layer::Image(ImageLayer {
            src: image.clone(),
            x: CENTRE - 150,
            y: 540,
            width: 300,
            height: 300,
            round: false,
        }));
        y = 880;
    }
    layers.push(text("{description}", y, 30, "#ffffff", false, 4));
    layers.push(Layer::Qr(QrLayer {
        x: CENTRE - 110,
        y: 1040,
        size: 220,
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
        height: 1334,
        background: Some(theme.primary().clone()),
        background_image: None,
        layers,
    }
}
