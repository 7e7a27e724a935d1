//! The graduation certificate poster, built rather than configured, and drawn
//! by the one poster renderer: the learner's name, the course, the cohort,
//! their days, the date, the advisor, and a QR code that invites a friend to
//! the next intake (the renderer encodes the link it is given:
//! `Campaign::certificate_invite_url`, with the graduate's referral code).

use crate::kinds::poster::{
    FontWeight, Layer, Palette, PosterTemplate, QrLayer, TextAlign, TextLayer,
};
use crate::primitives::{Color, Locale};

/// Placeholders of the certificate's text layers; the server's
/// `wire::Certificate` gives each its value.
pub const CERTIFICATE_PLACEHOLDERS: [&str; 6] =
    ["name", "course", "cohort", "days", "date", "advisor"];

const WIDTH: u32 = 750;
const HEIGHT: u32 = 1120;
const CENTRE: u32 = WIDTH / 2;
const TEXT_WIDTH: u32 = 620;
const QR_SIZE: u32 = 200;
const QR_TOP: u32 = 800;

/// The certificate poster: white paper with the campaign's primary colour for
/// the congratulation (`我毕业啦！` or the page's own), the facts as
/// placeholders in ink, and the invitation QR code at the bottom.
pub fn certificate_poster(
    congratulation: &str,
    theme: &impl Palette,
    locale: Locale,
) -> PosterTemplate {
    let zh = locale == Locale::ZhCn;
    let text = |text: &str, y: u32, font_size: u32, color: &Color, bold: bool, max_lines: u32| {
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
            color: color.clone(),
            align: TextAlign::Center,
            line_height: None,
            max_lines: Some(max_lines),
        })
    };
    let primary = theme.primary();
    let ink = Color::new("#1f2329");
    let grey = Color::new("#646a73");
    let (title, awarded, facts, signed, scan) = if zh {
        (
            "结业证书",
            "{name} 同学",
            "完成「{course}」{cohort}，打卡 {days} 天，准予结业。",
            "导师 {advisor} · {date}",
            "长按识别二维码，和我一起报名下一期",
        )
    } else {
        (
            "Certificate of completion",
            "{name}",
            "completed {course} ({cohort}), checking in on {days} days.",
            "Advisor {advisor} · {date}",
            "Scan the code to join the next intake with me",
        )
    };
    let layers = vec![
        text(congratulation, 90, 64, primary, true, 1),
        text(title, 250, 44, &ink, true, 1),
        text(awarded, 360, 48, &ink, true, 1),
        text(facts, 460, 32, &ink, false, 3),
        text(signed, 620, 28, &grey, false, 2),
        Layer::Qr(QrLayer {
            x: CENTRE - QR_SIZE / 2,
            y: QR_TOP,
            size: QR_SIZE,
            quiet_zone: 2,
            dark: ink.clone(),
            light: Color::new("#ffffff"),
        }),
        text(scan, QR_TOP + QR_SIZE + 24, 24, &grey, false, 1),
    ];
    PosterTemplate {
        width: WIDTH,
        height: HEIGHT,
        background: Some(Color::new("#ffffff")),
        background_image: None,
        layers,
    }
}
