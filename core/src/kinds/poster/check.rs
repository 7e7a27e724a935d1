//! The checks a poster template must pass.

use super::{
    FONT_SIZES, Layer, MAX_LAYERS, MAX_LINES, MAX_QUIET_ZONE, MIN_QR_SIZE, POSTER_SIDES,
    PosterTemplate, QrLayer, TextAlign, TextLayer, placeholders_in,
};
use crate::diagnostics::backticked;
use crate::diagnostics::issue::{PageIssue, bad_url, must_not_be_empty, not_a_colour};
use crate::primitives::text::{phrase, text};
use crate::primitives::{Color, Text, Url};

/// Everything wrong with a poster template, at paths under `path_prefix` (such as
/// `poster`, giving `poster.layers[2].max_width`). `placeholders` are the names
/// its text may use, which depend on the page kind.
///
/// Reports at most one QR layer being too many; a page whose poster needs its QR
/// code (the referral page) checks that there is one.
pub fn check_poster(
    template: &PosterTemplate,
    path_prefix: &str,
    placeholders: &[&str],
) -> Vec<PageIssue> {
    let at = |field: &str| {
        if path_prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{path_prefix}.{field}")
        }
    };
    let mut issues = Vec::new();
    for (name, side) in [("width", template.width), ("height", template.height)] {
        if !POSTER_SIDES.contains(&side) {
            issues.push(
                PageIssue::new(
                    at(name),
                    out_of_pixel_range(side, *POSTER_SIDES.start(), *POSTER_SIDES.end()),
                )
                .with_hint(phrase!(
                    "手机屏幕大小的海报是 750 × 1334",
                    "a phone-screen poster is 750 × 1334"
                )),
            );
        }
    }
    if let Some(color) = &template.background {
        check_color(color, at("background"), &mut issues);
    }
    if let Some(image) = &template.background_image {
        check_url(image, at("background_image"), &mut issues);
    }
    if template.layers.is_empty() {
        issues.push(
            PageIssue::new(
                at("layers"),
                phrase!("至少要有一个图层", "must list at least one layer"),
            )
            .with_hint(phrase!(
                "如 `{ \"type\": \"qr\", \"x\": 255, \"y\": 1000, \"size\": 240 }`",
                "e.g. `{ \"type\": \"qr\", \"x\": 255, \"y\": 1000, \"size\": 240 }`"
            )),
        );
    } else if template.layers.len() > MAX_LAYERS {
        issues.push(PageIssue::new(
            at("layers"),
            text!(
                "超过了 {MAX_LAYERS} 个图层",
                "has more than {MAX_LAYERS} layers"
            ),
        ));
    }
    let mut first_qr: Option<usize> = None;
    for (index, layer) in template.layers.iter().enumerate() {
        let layer_at = at(&format!("layers[{index}]"));
        let field = |name: &str| format!("{layer_at}.{name}");
        let bounds = Bounds {
            width: template.width,
            height: template.height,
        };
        match layer {
            Layer::Text(text) => check_text_layer(text, &field, bounds, placeholders, &mut issues),
            Layer::Image(image) => {
                check_url(&image.src, field("src"), &mut issues);
                check_box(
                    [("x", image.x), ("width", image.width)],
                    [("y", image.y), ("height", image.height)],
                    &field,
                    bounds,
                    &mut issues,
                );
            }
            Layer::Qr(qr) => {
                if let Some(first) = first_qr {
                    issues.push(
                        PageIssue::new(
                            layer_at.clone(),
                            text!(
                                "是第二个二维码；layers[{first}] 已经是二维码了",
                                "is a second QR code; layers[{first}] is one already"
                            ),
                        )
                        .with_hint(phrase!(
                            "一张海报只放一个二维码，即分享链接",
                            "a poster carries one QR code, the share link"
                        )),
                    );
                }
                first_qr.get_or_insert(index);
                check_qr_layer(qr, &field, bounds, &mut issues);
            }
        }
    }
    issues
}

#[derive(Clone, Copy)]
struct Bounds {
    width: u32,
    height: u32,
}

fn check_text_layer(
    layer: &TextLayer,
    field: &dyn Fn(&str) -> String,
    bounds: Bounds,
    placeholders: &[&str],
    issues: &mut Vec<PageIssue>,
) {
    if layer.text.trim().is_empty() {
        issues.push(PageIssue::new(field("text"), must_not_be_empty()));
    }
    for name in placeholders_in(&layer.text) {
        if !placeholders.contains(&name) {
            let hint = if placeholders.is_empty() {
                phrase!("这张海报没有占位符", "this poster has no placeholders").into()
            } else {
                text!(
                    "请用以下之一：{known}",
                    "use one of {known}";
                    known = backticked(placeholders.iter().map(|name| format!("{{{name}}}")))
                )
            };
            issues.push(
                PageIssue::new(
                    field("text"),
                    text!(
                        "`{{{name}}}` 不是占位符",
                        "`{{{name}}}` is not a placeholder"
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    let size = layer.font_size;
    if !FONT_SIZES.contains(&size) {
        issues.push(PageIssue::new(
            field("font_size"),
            out_of_pixel_range(size, *FONT_SIZES.start(), *FONT_SIZES.end()),
        ));
    }
    check_color(&layer.color, field("color"), issues);
    if let Some(line_height) = layer.line_height {
        if line_height < size {
            issues.push(PageIssue::new(
                field("line_height"),
                text!(
                    "{line_height} 小于字号 {size}，行与行会重叠",
                    "{line_height} is less than the font size {size}, so lines would overlap"
                ),
            ));
        }
    }
    if let Some(max_lines) = layer.max_lines {
        if !(1..=MAX_LINES).contains(&max_lines) {
            issues.push(PageIssue::new(
                field("max_lines"),
                text!(
                    "{max_lines} 超出范围；请用 1 到 {MAX_LINES}",
                    "{max_lines} is out of range; use 1 to {MAX_LINES}"
                ),
            ));
        }
    }
    if layer.max_width < size {
        issues.push(PageIssue::new(
            field("max_width"),
            text!(
                "{width} 比字号 {size} 的一个字还窄",
                "{width} is narrower than one character at font size {size}",
                width = layer.max_width
            ),
        ));
    }
    let (left, right) = (layer.left(), layer.left() + i64::from(layer.max_width));
    let anchor = match layer.align {
        TextAlign::Left => "x + max_width",
        TextAlign::Center => "x ± max_width / 2",
        TextAlign::Right => "x - max_width",
    };
    let width = bounds.width;
    let keep_within = || {
        text!(
            "请让 {anchor} 保持在 0 到 {width} 之间",
            "keep {anchor} within 0 to {width}"
        )
    };
    if left < 0 {
        issues.push(
            PageIssue::new(
                field("x"),
                text!(
                    "文字可能从 {left} 开始，超出了海报左边",
                    "the lines may start at {left}, left of the poster"
                ),
            )
            .with_hint(keep_within()),
        );
    } else if right > i64::from(width) {
        issues.push(
            PageIssue::new(
                field("max_width"),
                text!(
                    "文字可能延伸到 {right}，超出了海报宽度 {width}",
                    "the lines may reach {right}, past the poster's width {width}"
                ),
            )
            .with_hint(keep_within()),
        );
    }
    let first_bottom = u64::from(layer.y) + u64::from(size);
    let lines = u64::from(layer.max_lines.unwrap_or(1).clamp(1, MAX_LINES));
    let last_bottom = first_bottom + (lines - 1) * u64::from(layer.line_height_px());
    if first_bottom > u64::from(bounds.height) {
        issues.push(PageIssue::new(
            field("y"),
            text!(
                "第一行在 {first_bottom} 处结束，超出了海报高度 {height}",
                "the first line ends at {first_bottom}, below the poster's height {height}",
                height = bounds.height
            ),
        ));
    } else if last_bottom > u64::from(bounds.height) {
        issues.push(
            PageIssue::new(
                field("max_lines"),
                text!(
                    "第 {lines} 行会在 {last_bottom} 处结束，超出了海报高度 {height}",
                    "line {lines} would end at {last_bottom}, below the poster's height {height}",
                    height = bounds.height
                ),
            )
            .with_hint(phrase!(
                "请减少行数，或把文字往上移",
                "allow fewer lines, or move the text up"
            )),
        );
    }
}

fn check_qr_layer(
    layer: &QrLayer,
    field: &dyn Fn(&str) -> String,
    bounds: Bounds,
    issues: &mut Vec<PageIssue>,
) {
    if layer.size < MIN_QR_SIZE {
        issues.push(
            PageIssue::new(
                field("size"),
                text!(
                    "{size} 太小，难以可靠地扫描",
                    "{size} is too small to scan reliably",
                    size = layer.size
                ),
            )
            .with_hint(text!(
                "请至少用 {MIN_QR_SIZE} CSS 像素",
                "use at least {MIN_QR_SIZE} CSS pixels"
            )),
        );
    }
    check_box(
        [("x", layer.x), ("size", layer.size)],
        [("y", layer.y), ("size", layer.size)],
        field,
        bounds,
        issues,
    );
    if layer.quiet_zone > MAX_QUIET_ZONE {
        issues.push(PageIssue::new(
            field("quiet_zone"),
            text!(
                "{zone} 超出范围；请用 0 到 {MAX_QUIET_ZONE} 个模块",
                "{zone} is out of range; use 0 to {MAX_QUIET_ZONE} modules",
                zone = layer.quiet_zone
            ),
        ));
    }
    let dark_ok = check_color(&layer.dark, field("dark"), issues);
    let light_ok = check_color(&layer.light, field("light"), issues);
    let (Some(dark), Some(light)) = (rgba(&layer.dark), rgba(&layer.light)) else {
        return;
    };
    for (name, color, [.., alpha]) in [("dark", &layer.dark, dark), ("light", &layer.light, light)]
    {
        if alpha != 255 {
            issues.push(
                PageIssue::new(
                    field(name),
                    text!(
                        "`{color}` 是半透明的；二维码需要不透明的颜色",
                        "`{color}` is see-through; a QR code needs opaque colours",
                        color = color.as_str()
                    ),
                )
                .with_hint(phrase!(
                    "请去掉最后两位十六进制数字",
                    "drop the last two hex digits"
                )),
            );
        }
    }
    if dark_ok && light_ok && !is_readable_contrast(dark, light) {
        issues.push(
            PageIssue::new(
                field("dark"),
                text!(
                    "`{dark}` 没有明显比浅色 `{light}` 深：扫码需要浅色底上的深色码点",
                    "`{dark}` is not clearly darker than light `{light}`: scanners need dark modules on a light ground",
                    dark = layer.dark.as_str(),
                    light = layer.light.as_str()
                ),
            )
            .with_hint(phrase!("对比度至少要 3:1；白底黑码最容易扫", "use a contrast of at least 3:1; black on white scans best")),
        );
    }
}

/// Reports a box that leaves the poster: `horizontal` is (start, length) along x,
/// `vertical` along y, each with its field name.
fn check_box(
    horizontal: [(&str, u32); 2],
    vertical: [(&str, u32); 2],
    field: &dyn Fn(&str) -> String,
    bounds: Bounds,
    issues: &mut Vec<PageIssue>,
) {
    for ([(start_name, start), (length_name, length)], limit, side) in [
        (horizontal, bounds.width, phrase!("宽度", "width")),
        (vertical, bounds.height, phrase!("高度", "height")),
    ] {
        if length == 0 {
            issues.push(PageIssue::new(
                field(length_name),
                phrase!("必须大于 0", "must be above 0"),
            ));
        } else if start >= limit {
            issues.push(PageIssue::new(
                field(start_name),
                text!(
                    "{start} 超出了海报的{side} {limit}",
                    "{start} is outside the poster's {side} {limit}";
                    side = side
                ),
            ));
        } else if u64::from(start) + u64::from(length) > u64::from(limit) {
            issues.push(PageIssue::new(
                field(length_name),
                text!(
                    "{start_name} + {length_name} 是 {end}，超出了海报的{side} {limit}",
                    "{start_name} + {length_name} is {end}, past the poster's {side} {limit}",
                    end = u64::from(start) + u64::from(length);
                    side = side
                ),
            ));
        }
    }
}

/// Reports an invalid colour; true when it is valid.
fn check_color(color: &Color, path: String, issues: &mut Vec<PageIssue>) -> bool {
    let valid = color.is_valid();
    if !valid {
        let (message, hint) = not_a_colour(color);
        issues.push(PageIssue::new(path, message).with_hint(hint));
    }
    valid
}

fn check_url(url: &Url, path: String, issues: &mut Vec<PageIssue>) {
    if let Some(problem) = url.problem() {
        issues.push(
            PageIssue::new(path, bad_url(url, &problem)).with_hint(phrase!(
                "请用本站的路径，如 `/images/logo.png`",
                "use a path on the site that serves the pages, such as `/images/logo.png`"
            )),
        );
    }
}

/// A size outside what posters allow, in CSS pixels.
fn out_of_pixel_range(value: u32, lowest: u32, highest: u32) -> Text {
    text!(
        "{value} 超出范围；请用 {lowest} 到 {highest} CSS 像素",
        "{value} is out of range; use {lowest} to {highest} CSS pixels"
    )
}

/// Red, green, blue and alpha of a `#rgb`, `#rrggbb` or `#rrggbbaa` colour.
fn rgba(color: &Color) -> Option<[u8; 4]> {
    let hex = color.as_str().strip_prefix('#')?;
    let digit = |at: usize| {
        hex.as_bytes()
            .get(at)
            .and_then(|b| char::from(*b).to_digit(16))
            .and_then(|d| u8::try_from(d).ok())
    };
    let pair = |at: usize| Some(digit(at)? * 16 + digit(at + 1)?);
    match hex.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17, 255]),
        6 => Some([pair(0)?, pair(2)?, pair(4)?, 255]),
        8 => Some([pair(0)?, pair(2)?, pair(4)?, pair(6)?]),
        _ => None,
    }
}

/// Relative luminance (WCAG) scaled to 0..=650_250_000, in integers. The sRGB
/// curve is approximated by squaring (gamma 2 instead of about 2.2), close enough
/// for a threshold and free of floating-point powers, which are large in wasm.
fn luminance([red, green, blue, _]: [u8; 4]) -> u64 {
    let square = |channel: u8| u64::from(channel) * u64::from(channel);
    2126 * square(red) + 7152 * square(green) + 722 * square(blue)
}

/// Whether `dark` is darker than `light` with a contrast ratio of at least 3:1,
/// `(L_light + 0.05) / (L_dark + 0.05) >= 3`, in integers.
fn is_readable_contrast(dark: [u8; 4], light: [u8; 4]) -> bool {
    const OFFSET: u64 = 650_250_000 / 20;
    luminance(light) + OFFSET >= 3 * (luminance(dark) + OFFSET)
}
